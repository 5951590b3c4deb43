#!/bin/sh
# summary.sh - the results of the flow at a glance.
#
# Reads:   REPORTS_DIR/metrics.tsv, REPORTS_DIR/psi.tsv, REPORTS_DIR/psi_test.tsv
#          (written by evaluate.sh and monitor.sh), and REPORTS_DIR/targeting.tsv
#          where score.sh wrote one
# Writes:  a short summary on stdout: rows, base rate, train and test AUC (a
#          large gap flagged) with the test AUC's interval, for each model
#          (logistic, trees), KS, Brier, the
#          top-20% response rate against the base rate and its lift, the drift
#          verdicts (of the model MODEL names: REPORTS_DIR/psi_trees.tsv with
#          MODEL=trees), whom the campaign contacts and what it is expected to
#          earn, where the charts are
#
# Options: -r REPORTS_DIR, or the environment.
. "$(dirname "$0")/lib.sh"

while getopts r:h opt; do
    case $opt in
    r) REPORTS_DIR=$OPTARG ;;
    h) show_help ;;
    *) usage_error "unknown option" ;;
    esac
done
shift $((OPTIND - 1))
no_operands "$@"
R=$REPORTS_DIR
x=$(scored_suffix)
need "$R/metrics.tsv" "$R/psi$x.tsv" "$R/psi_test$x.tsv"

# psi FILE: the score's PSI and verdict (the first row of pm-psi's table).
psi() { awk -F'\t' 'NR == 2 { printf "%.4f %s", $10, $11 }' "$1"; }

psi_test=$(psi "$R/psi_test$x.tsv")
psi_new=$(psi "$R/psi$x.tsv")
# campaign: the targeting line's figures (contacts, threshold, expected
# responders and profit, separated by ';'), or nothing.
campaign() {
    [ -f "$R/targeting.tsv" ] || return 0
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        NR == 2 { OFS = ";"; print $c["contacts"], $c["threshold"], $c["expected_responders"], $c["expected_profit"] }' \
        "$R/targeting.tsv"
}

campaign=$(campaign)
# metrics.tsv has a row per model and part (a table without a model column
# is the logistic model's); the figures below are the logistic model's, with
# a line for each model's AUC and lift.
awk -F'\t' -v psi_test="$psi_test" -v psi_new="$psi_new" -v dir="$R" -v campaign="$campaign" \
    -v model="$MODEL" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { part = $c["split"]; m = ("model" in c) ? $c["model"] : "logistic"
      for (k in c) { mm[m, part, k] = $c[k]; if (m == "logistic") v[part, k] = $c[k] } }
    function pct(x) { return sprintf("%.1f%%", 100 * x) }
    END {
        rows = v["train", "rows"] + v["test", "rows"]
        base = (v["train", "positives"] + v["test", "positives"]) / rows
        printf "pm: propensity model summary\n"
        printf "  accounts      %d (train %d, test %d), base rate %s\n", rows,
            v["train", "rows"], v["test", "rows"], pct(base)
        for (k = 1; k <= 2; k++) {
            m = k == 1 ? "logistic" : "trees"
            if (mm[m, "test", "auc"] == "") continue
            gap = mm[m, "train", "auc"] - mm[m, "test", "auc"]
            flag = gap > 0.05 ? sprintf(" (a gap of %.3f: overfitting?)", gap) : ""
            ci = mm[m, "test", "ci_level"] == "" ? "" : sprintf(" (%g%% CI %.3f to %.3f)",
                100 * mm[m, "test", "ci_level"], mm[m, "test", "auc_lower"], mm[m, "test", "auc_upper"])
            printf "  AUC %-9s train %.3f, test %.3f%s; top %s%% lift %.2fx%s\n", m,
                mm[m, "train", "auc"], mm[m, "test", "auc"], ci, mm[m, "test", "top_pct"],
                mm[m, "test", "top_lift"], flag
        }
        printf "  KS            %.3f   Brier %.4f   log loss %.4f   (logistic, test)\n",
            v["test", "ks"], v["test", "brier"], v["test", "log_loss"]
        printf "  top %s%%       %s respond against %s in all: lift %.2fx (logistic, test)\n",
            v["test", "top_pct"], pct(v["test", "top_response_rate"]), pct(v["test", "base_rate"]),
            v["test", "top_lift"]
        split(psi_test, t, " "); split(psi_new, w, " ")
        printf "  score drift   (%s) test: PSI %s %s; new wave: PSI %s %s%s\n", model, t[1], t[2], w[1], w[2],
            w[2] == "alert" ? " (recalibrate)" : ""
        if (split(campaign, g, ";") == 4) {
            if (g[1] == 0)
                printf "  campaign      contact nobody: no account is worth its cost\n"
            else
                printf "  campaign      contact %d accounts (score >= %.3f): expected profit %.0f, %.0f responders\n",
                    g[1], g[2], g[4], g[3]
        }
        printf "  charts        %s/: calibration_curve lift_by_decile gains roc ks psi (.png), *_trees.png\n", dir
    }' "$R/metrics.tsv"
