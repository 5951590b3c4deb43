#!/bin/sh
# pm-report - one self-contained HTML page of the flow's outputs, for the
# people who decide: the run, the headline figures, the six charts as inline
# SVG with their tables, the coefficients, the IV ranking, the drift of every
# input and the monitoring history.
#
# Reads what train.sh, evaluate.sh and monitor.sh leave in the models and
# reports folders, draws the charts with pm-chart (gnuplot's svg terminal),
# and writes the page to -o FILE (complete or not at all).  The page loads
# nothing from elsewhere and needs no JavaScript; every text that comes from
# the data (column names, levels, file names, wave labels) is HTML-escaped.
set -eu
# pm's files have a point as decimal separator whatever the user's locale.
LC_ALL=C
export LC_ALL

version=@PM_VERSION@ # pm's version, stamped from common/version.h at build time
prog=pm-report

usage="Usage: pm-report [OPTION]...
Write one self-contained HTML page of the flow's outputs: the run, the
headline figures, the charts with their tables, the coefficients, the IV
ranking, the drift table and the monitoring history.

  -d, --data NAME       the data file the model was trained on, as the page
                        names it (data/raw/accounts.tsv)
  -m, --models DIR      the folder of model.json (models)
  -o, --output FILE     write to FILE (complete or not at all;
                        default REPORTS/index.html)
  -r, --reports DIR     the folder of the stages' tables (reports)
  -t, --title TEXT      the page's title (Propensity model report)
      --help            show this help and exit
      --version         show the version and exit

Needs gnuplot (through pm-chart) and jq.  See pm-report(1)."

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 1
}

die_usage() {
    printf '%s: %s\n' "$prog" "$*" >&2
    printf "Try '%s --help' for more information.\n" "$prog" >&2
    exit 2
}

data=data/raw/accounts.tsv
models=models
reports=reports
output=
title='Propensity model report'
while [ $# -gt 0 ]; do
    opt=
    case $1 in
    -d | --data | -m | --models | -o | --output | -r | --reports | -t | --title)
        [ $# -ge 2 ] || die_usage "option '$1' requires an argument"
        opt=$1 arg=$2
        shift
        ;;
    --data=* | --models=* | --output=* | --reports=* | --title=*)
        opt=${1%%=*} arg=${1#*=}
        ;;
    -d?* | -m?* | -o?* | -r?* | -t?*)
        opt=$(printf '%s' "$1" | cut -c1-2) arg=${1#??}
        ;;
    --help)
        printf '%s\n' "$usage"
        exit 0
        ;;
    --version)
        printf '%s (pm) %s\n' "$prog" "$version"
        exit 0
        ;;
    --) shift && break ;;
    -?*) die_usage "unrecognized option '$1'" ;;
    *) die_usage "unexpected argument '$1'" ;;
    esac
    shift
    case $opt in
    -d | --data) data=$arg ;;
    -m | --models) models=$arg ;;
    -o | --output) output=$arg ;;
    -r | --reports) reports=$arg ;;
    -t | --title) title=$arg ;;
    esac
done
[ $# -eq 0 ] || die_usage "unexpected argument '$1'"
output=${output:-$reports/index.html}

command -v jq > /dev/null 2>&1 || die "jq not found (Debian: apt install jq)"
# The pm-chart beside this program, else the one on PATH.
chart_tool=$(dirname -- "$0")/pm-chart
[ -x "$chart_tool" ] || chart_tool=pm-chart

R=$reports
for f in "$models/model.json" "$R/metrics.tsv" "$R/lift_by_decile.tsv" "$R/calibration.tsv" \
    "$R/ks.tsv" "$R/roc_points.tsv" "$R/psi.tsv" "$R/model_coefficients.tsv" \
    "$R/eda_binning_tables.tsv"; do
    [ -f "$f" ] && [ -r "$f" ] || die "cannot read '$f' (the flow's stages write it: make demo)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pm-report.XXXXXX") || die "cannot make a temporary folder"
part=
trap 'rm -rf "$tmp"; [ -z "$part" ] || rm -f "$part"' EXIT
trap 'exit 1' HUP INT TERM

# ---------- awk helpers, shared by every piece of the page ----------

# esc(s): s as HTML text or attribute value.  num(v): a table's number,
# rounded for reading (integers and words as they are).  cols(): the header's
# column numbers in c[name].  mark(v): a verdict, marked when it is one.
AWKLIB='
function esc(s) {
    gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
    gsub(/"/, "\\&quot;", s); gsub(/\047/, "\\&#39;", s)
    return s
}
function isnum(v) { return v ~ /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
function num(v,   a) {
    if (!isnum(v) || v ~ /^[-+]?[0-9]+$/) return esc(v)
    a = v < 0 ? -v : v
    if (a >= 1000) return sprintf("%.0f", v)
    if (a >= 100) return sprintf("%.1f", v)
    return sprintf("%.4g", v)
}
function cols(  i) { for (i = 1; i <= NF; i++) c[$i] = i }
function mark(v) {
    if (v == "stable" || v == "watch" || v == "alert") return "<span class=\"verdict " v "\">" v "</span>"
    return esc(v)
}
function td(v) { return isnum(v) ? "<td class=\"n\">" (raw ? esc(v) : num(v)) "</td>" : "<td>" mark(v) "</td>" }
'

# table FILE [COLUMNS [KEY VALUE]]: FILE (TSV) as an HTML table: the named
# columns (all without COLUMNS), the rows whose column KEY is VALUE; numbers
# rounded for reading, or as they are while raw is set.
raw=
table() {
    awk -F'\t' -v raw="$raw" -v want="${2:-}" -v key="${3:-}" -v val="${4:-}" "$AWKLIB"'
    NR == 1 {
        cols()
        n = want == "" ? NF : split(want, w, " ")
        for (k = 1; k <= n; k++) at[k] = want == "" ? k : ((w[k] in c) ? c[w[k]] : 0)
        print "<div class=\"scroll\"><table><thead><tr>"
        for (k = 1; k <= n; k++) if (at[k]) printf "<th>%s</th>", esc($(at[k]))
        print "</tr></thead><tbody>"
        next
    }
    key != "" && (!(key in c) || $(c[key]) != val) { next }
    {
        printf "<tr>"
        for (k = 1; k <= n; k++) if (at[k]) printf "%s", td($(at[k]))
        print "</tr>"
    }
    END { print "</tbody></table></div>" }' "$1"
}

# chart ID CHART FILE TITLE CAPTION [NAME]: a figure with the chart that
# pm-chart draws from FILE (NAME in messages) as inline SVG, its element ids
# (and the references to them) made unique to the page by the prefix ID; the
# table follows (printed by the caller) inside the <details> left open here.
chart() {
    "$chart_tool" "$2" --title "$4" --size 560,420 -o "$tmp/$1.svg" "$3" ||
        die "the $2 chart could not be drawn from '${6:-$3}'"
    printf '<figure id="figure-%s">\n' "$1"
    sed -e '/^<?xml /d' -e '/^<title>Gnuplot<\/title>$/d' -e '/^<desc>Produced by GNUPLOT/d' \
        -e "s/^<svg *\$/<svg class=\"chart\" role=\"img\" aria-labelledby=\"$1-caption\"/" \
        -e "s/ id='/ id='$1-/g" -e "s/ id=\"/ id=\"$1-/g" -e "s/href='#/href='#$1-/g" \
        -e "s/href=\"#/href=\"#$1-/g" -e "s/url(#/url(#$1-/g" \
        "$tmp/$1.svg"
    printf '<figcaption id="%s-caption">%s</figcaption>\n' "$1" "$(printf '%s' "$5" | html)"
    printf '<details><summary>The table</summary>\n'
}
end_chart() { printf '</details>\n</figure>\n'; }

# html: stdin as HTML text.
html() { awk "$AWKLIB"'{ printf "%s%s", (NR > 1 ? "\n" : ""), esc($0) }'; }

# ---------- the figures ----------

# The rows of metrics.tsv for one model: the first of a model column where
# there is one (both models of the flow), else every row.
metric() {
    awk -F'\t' -v part="$1" -v name="$2" -v model="${3:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["split"] == part && (!("model" in c) || model == "" && !seen++ || $c["model"] == model) {
            if (name in c) print $c[name]; exit
        }' "$R/metrics.tsv"
}
for part in test train; do
    [ -n "$(metric "$part" auc)" ] ||
        die "$R/metrics.tsv: no '$part' row with an auc (evaluate.sh writes one for train and test)"
done

# psi FILE: the score's PSI and verdict, the first row of pm-psi's table.
psi_of() {
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        NR == 2 { printf "%.4f %s", $c["psi"], $c["verdict"] }' "$1"
}

# The interval of the AUC where the evaluation wrote one: columns auc_lower
# and auc_upper (or auc_ci_lower, auc_ci_upper), with ci_level.
auc_lo=$(metric test auc_lower)
auc_hi=$(metric test auc_upper)
[ -n "$auc_lo" ] || auc_lo=$(metric test auc_ci_lower)
[ -n "$auc_hi" ] || auc_hi=$(metric test auc_ci_upper)
ci_level=$(metric test ci_level)

headline() {
    awk -v auc="$(metric test auc)" -v auc_train="$(metric train auc)" \
        -v lo="$auc_lo" -v hi="$auc_hi" -v level="$ci_level" \
        -v ks="$(metric test ks)" -v brier="$(metric test brier)" -v ll="$(metric test log_loss)" \
        -v top="$(metric test top_pct)" -v rate="$(metric test top_response_rate)" \
        -v base="$(metric test base_rate)" -v lift="$(metric test top_lift)" \
        -v psi_new="$(psi_of "$R/psi.tsv")" -v psi_test="$(
            [ -f "$R/psi_test.tsv" ] && psi_of "$R/psi_test.tsv")" "$AWKLIB"'
    function pct(x) { return sprintf("%.1f%%", 100 * x) }
    function card(label, value, words) {
        printf "<div class=\"card\"><div class=\"label\">%s</div><div class=\"value\">%s</div><p>%s</p></div>\n", label, value, words
    }
    BEGIN {
        interval = ""
        if (isnum(lo) && isnum(hi))
            interval = sprintf(" (%s interval %.3f to %.3f)",
                isnum(level) ? sprintf("%g%%", level <= 1 ? 100 * level : level) : "confidence", lo, hi)
        gap = auc_train - auc
        flag = gap > 0.05 ? sprintf(" (a gap of %.3f: overfitting?)", gap) : ""
        print "<section id=\"headline\"><h2>The headline</h2><div class=\"cards\">"
        card("AUC (test)", sprintf("%.3f", auc),
            sprintf("AUC train %.3f, test %.3f%s%s", auc_train, auc, interval, flag))
        card("KS (test)", sprintf("%.3f", ks),
            sprintf("KS %.3f, Brier %.4f, log loss %.4f (test)", ks, brier, ll))
        top = esc(top)
        card(sprintf("Top %s%% (test)", top), pct(rate),
            sprintf("top %s%%: %s respond against %s in all: lift %.2fx (test)", top, pct(rate), pct(base), lift))
        split(psi_new, w, " "); split(psi_test, t, " ")
        words = sprintf("new wave: PSI %s %s%s", w[1], esc(w[2]), w[2] == "alert" ? " (recalibrate)" : "")
        if (psi_test != "") words = sprintf("test: PSI %s %s; ", t[1], esc(t[2])) words
        card("Score drift (new wave)", sprintf("%s %s", w[1], mark(w[2])), "score drift " words)
        print "</div>"
        printf "<p class=\"lead\">Contacting the %s%% of accounts the model ranks highest reaches %s responders instead of %s: %.2f times as many conversions for the same budget.", top, pct(rate), pct(base), lift
        if (w[2] == "alert") printf " The new wave has drifted from the training population: the model should be recalibrated."
        else if (w[2] == "watch") printf " The new wave has shifted somewhat from the training population: watch the next waves."
        print "</p>"
    }'
    printf '<details><summary>Every figure, in full</summary>\n'
    raw=1 && table "$R/metrics.tsv" && raw=
    printf '</details>\n'
    targeting_line
    echo '</section>'
}

# The targeting line, where the score stage wrote the chosen cut:
# REPORTS/targeting.tsv (contacts, threshold, expected_profit,
# expected_responders), or targeting.json, its nested keys joined by _
# ({"expected": {"profit": P}} is expected_profit).
targeting_line() {
    cut=$R/targeting.tsv
    if [ ! -f "$cut" ] && [ -f "$R/targeting.json" ]; then
        cut=$tmp/targeting.tsv
        jq -r '[paths(scalars) as $p | {key: ($p | map(tostring) | join("_")), value: getpath($p)}]
            | (map(.key), map(.value | tostring)) | @tsv' "$R/targeting.json" > "$cut" ||
            die "$R/targeting.json: not JSON that jq can read"
    fi
    [ -f "$cut" ] || return 0
    awk -F'\t' "$AWKLIB"'NR == 1 { cols(); next }
        NR == 2 && ("contacts" in c) && ("threshold" in c) && ("expected_profit" in c) {
            printf "<p class=\"lead\">Contact %s accounts (score &#8805; %s): expected profit %s", \
                esc($c["contacts"]), num($c["threshold"]), num($c["expected_profit"])
            if ("expected_responders" in c) printf ", %s responders", num($c["expected_responders"])
            print ".</p>"
        }' "$cut"
    printf '<details><summary>The targeting cut</summary>\n'
    table "$cut"
    printf '</details>\n'
}

# The run: from model.json's training metadata and metrics.tsv.
run_facts() {
    jq -r --arg data "$data" '
        def show: if type == "array" then map(tostring) | join(",") else tostring end;
        ["data file", $data],
        ["model", (.kind // "logistic regression")],
        ["options", ([((.training // {}) | to_entries[] | select(.key == "C")),
                      ((.training.options // {}) | to_entries[]),
                      ((.params // .training.params // {}) | to_entries[])]
                     | map(select(.value != null) | "\(.key) \(.value | show)") | join(", "))],
        ["training", ((.training // {}) | [
            (select(.iterations != null) | "\(.iterations) iterations"),
            (select(.converged != null) | if .converged then "converged" else "not converged" end),
            (select(.rounds != null) | "\(.rounds) rounds")] | join(", "))],
        ["input digest", (.training.input.sha256 // "" | if . == "" then "" else "SHA-256 \(.)" end)],
        ["pm version", (.training.tool // "")],
        ["trained", (.training.timestamp // "")]
        | select(.[1] != "") | @tsv' "$models/model.json" > "$tmp/run.tsv" ||
        die "$models/model.json: not a model that jq can read"
    awk -F'\t' -v rows_train="$(metric train rows)" -v rows_test="$(metric test rows)" \
        -v pos_train="$(metric train positives)" -v pos_test="$(metric test positives)" "$AWKLIB"'
    BEGIN { print "<section id=\"run\"><h2>The run</h2><dl class=\"facts\">" }
    NR == 1 {
        rows = rows_train + rows_test
        pos = pos_train + pos_test
        printf "<dt>%s</dt><dd>%s</dd>\n", "data file", esc($2)
        printf "<dt>rows</dt><dd>%d (train %d, test %d)</dd>\n", rows, rows_train, rows_test
        printf "<dt>base rate</dt><dd>%.1f%% (%d responders)</dd>\n", 100 * (pos / rows), pos
        next
    }
    { printf "<dt>%s</dt><dd>%s</dd>\n", esc($1), esc($2) }
    END { print "</dl></section>" }' "$tmp/run.tsv"
}

# Both models side by side, where metrics.tsv has a model column.
both_models() {
    head -n 1 "$R/metrics.tsv" | tr '\t' '\n' | grep -qx model || return 0
    echo '<section id="models"><h2>Both models</h2><p>The test figures of each model.</p>'
    table "$R/metrics.tsv" "model rows auc auc_lower auc_upper ks brier log_loss top_pct top_response_rate top_lift" split test
    echo '</section>'
}

# thin FILE N: FILE's header and at most about N of its rows, evenly spaced,
# the last always kept: a curve of a million cuts drawn from a thousand
# looks the same and keeps the page small.
thin() {
    awk -F'\t' -v n="$2" -v rows="$(($(wc -l < "$1") - 1))" '
        NR == 1 { step = rows > n ? int((rows + n - 1) / n) : 1; print; next }
        (NR - 2) % step == 0 || NR == rows + 1 { print }' "$1"
}

charts() {
    echo '<section id="charts"><h2>The charts</h2><div class="grid">'
    chart lift lift "$R/lift_by_decile.tsv" 'Lift by decile (test)' \
        'Lift by decile: each tenth of the test accounts, highest scores first, against the response rate of all (lift 1 is contacting at random).'
    table "$R/lift_by_decile.tsv" "group rows min_score max_score responders response_rate lift cum_lift"
    end_chart
    chart gains gains "$R/lift_by_decile.tsv" 'Cumulative gains (test)' \
        'Cumulative gains: the share of all responders reached by contacting the highest-scored share of accounts.'
    table "$R/lift_by_decile.tsv" "group cum_rows cum_responders cum_response_rate cum_lift cum_capture"
    end_chart
    chart calibration reliability "$R/calibration.tsv" 'Calibration (test)' \
        'Calibration: the observed response rate against the mean score in each score band; on the diagonal the scores are true probabilities.'
    table "$R/calibration.tsv"
    end_chart
    thin "$R/roc_points.tsv" 1000 > "$tmp/roc_points.tsv"
    chart roc roc "$tmp/roc_points.tsv" 'ROC curve (test)' \
        'ROC curve: the share of responders against the share of non-responders above each cut of the score; the area under it is the AUC.' \
        "$R/roc_points.tsv"
    table "$R/ks.tsv" "group min_score cum_rows cum_responders_share cum_non_responders_share"
    end_chart
    chart ks ks "$R/ks.tsv" 'KS curve (test)' \
        'KS: the cumulative shares of responders and non-responders by depth; the KS statistic is the largest gap.'
    table "$R/ks.tsv"
    end_chart
    chart psi psi "$R/psi.tsv" 'Score distribution: training vs new wave' \
        'Score stability: the share of training and new-wave accounts in each tenth of the training scores.'
    table "$R/psi.tsv" "bin lower upper reference_rows current_rows reference_share current_share contribution" variable score
    end_chart
    echo '</div></section>'
}

coefficients() {
    echo '<section id="coefficients"><h2>What the model uses</h2>'
    echo '<p>Every term of the model, strongest first (coefficients on the standardized scale; original: per unit of the raw column).</p>'
    table "$R/model_coefficients.tsv"
    echo '</section>'
}

# The IV of every column, highest first, with the usual reading of it.
iv_ranking() {
    echo '<section id="iv"><h2>Which columns carry information</h2>'
    echo '<p>Information value of each column on the training rows (below 0.02 not predictive, to 0.1 weak, to 0.3 medium, above strong).</p>'
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        !seen[$c["feature"]]++ { printf "%s\t%s\n", $c["iv"], $c["feature"] }' \
        "$R/eda_binning_tables.tsv" | sort -t "$(printf '\t')" -k1,1gr -k2,2 > "$tmp/iv.tsv"
    awk -F'\t' "$AWKLIB"'
    function strength(v) { return v < 0.02 ? "not predictive" : v < 0.1 ? "weak" : v < 0.3 ? "medium" : "strong" }
    NR == 1 { top = $1 > 0 ? $1 : 1; print "<div class=\"scroll\"><table><thead><tr><th>rank</th><th>column</th><th>IV</th><th>strength</th><th class=\"bar\">share of the top IV</th></tr></thead><tbody>" }
    { printf "<tr><td class=\"n\">%d</td><td>%s</td><td class=\"n\">%.4f</td><td>%s</td><td class=\"bar\"><span style=\"width:%.0f%%\"></span></td></tr>\n", NR, esc($2), $1, strength($1), 100 * $1 / top }
    END { print "</tbody></table></div>" }' "$tmp/iv.tsv"
    printf '<details><summary>Every bin</summary>\n'
    table "$R/eda_binning_tables.tsv"
    printf '</details></section>\n'
}

# The drift table: the PSI and verdict of the score and of every input,
# against the new wave and (where monitor.sh wrote it) against test.
drift() {
    echo '<section id="drift"><h2>Has the population drifted?</h2>'
    echo '<p>Population stability index of each column, training rows against the new wave (below 0.1 stable, 0.1 to 0.2 watch, above 0.2 alert: recalibrate).</p>'
    test_file=$R/psi_test.tsv
    [ -f "$test_file" ] || test_file=/dev/null
    awk -F'\t' "$AWKLIB"'
    FNR == 1 { delete c; cols(); next }
    FILENAME == test && !(($c["variable"]) in tp) { has_test = 1; tp[$c["variable"]] = $c["psi"]; tv[$c["variable"]] = $c["verdict"] }
    FILENAME != test && !(($c["variable"]) in np) { order[++n] = $c["variable"]; np[$c["variable"]] = $c["psi"]; nv[$c["variable"]] = $c["verdict"] }
    END {
        printf "<div class=\"scroll\"><table><thead><tr><th>column</th><th>new wave</th><th>PSI</th>"
        if (has_test) printf "<th>test</th><th>PSI</th>"
        print "</tr></thead><tbody>"
        for (k = 1; k <= n; k++) {
            v = order[k]
            printf "<tr class=\"%s\"><td>%s</td><td>%s</td><td class=\"n\">%.4f</td>", nv[v] == "alert" || nv[v] == "watch" ? nv[v] : "", esc(v), mark(nv[v]), np[v]
            if (has_test && (v in tp)) printf "<td>%s</td><td class=\"n\">%.4f</td>", mark(tv[v]), tp[v]
            else if (has_test) printf "<td></td><td></td>"
            print "</tr>"
        }
        print "</tbody></table></div>"
    }' test="$test_file" "$test_file" "$R/psi.tsv"
    printf '<details><summary>Every bin</summary>\n'
    table "$R/psi.tsv"
    printf '</details></section>\n'
}

history() {
    h=$R/monitor_history.tsv
    echo '<section id="history"><h2>Monitoring history</h2>'
    if [ ! -f "$h" ] || [ "$(wc -l < "$h")" -lt 2 ]; then
        echo '<p>No wave monitored yet (monitor.sh adds one row per wave to monitor_history.tsv).</p></section>'
        return 0
    fi
    echo '<p>The score&#39;s PSI of every wave monitored, each against the training rows.</p>'
    chart history history "$h" 'Score PSI by wave' \
        'Score PSI by wave, against the watch (0.1) and alert (0.2) lines.'
    table "$h"
    end_chart
    echo '</section>'
}

style() {
    cat << 'CSS'
<style>
:root { --ink: #1b1f24; --muted: #59636e; --line: #d0d7de; --card: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.6rem; margin: 0.2rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); }
p.sub, figcaption, dl.facts dt { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; }
.card .label { color: var(--muted); font-size: 0.9rem; }
.card .value { font-size: 1.8rem; font-weight: 600; }
.card p { margin: 0.25rem 0 0; font-size: 0.9rem; }
p.lead { font-size: 1.05rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; break-inside: avoid; }
svg.chart { display: block; width: 100%; height: auto; }
#figure-history svg.chart { max-width: 44rem; }
figcaption { font-size: 0.9rem; margin: 0.25rem 0; }
summary { cursor: pointer; color: #0550ae; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.bar { width: 30%; min-width: 6rem; }
td.bar span { display: block; height: 0.7rem; background: #4477aa; }
.verdict { padding: 0 0.4rem; border-radius: 3px; font-weight: 600; }
.verdict.stable { background: #dafbe1; color: #116329; }
.verdict.watch { background: #fff1c2; color: #7d4e00; }
.verdict.alert { background: #ffe2e0; color: #a40e26; }
tr.alert td:first-child { font-weight: 600; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 40rem) {
  body { padding: 0.5rem; font-size: 15px; }
  .grid { grid-template-columns: 1fr; }
  .card .value { font-size: 1.5rem; }
  table { font-size: 0.8rem; }
  th, td { padding: 0.15rem 0.3rem; }
  .bar { display: none; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  .grid { grid-template-columns: 1fr 1fr; gap: 0.5rem; }
  figure { margin-bottom: 1rem; }
  details > summary { display: none; }
  .scroll { overflow: visible; }
  .verdict { border: 1px solid currentColor; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
CSS
}

page() {
    printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    printf '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    printf '<meta http-equiv="Content-Security-Policy" content="default-src %s; style-src %s">\n' \
        "'none'" "'unsafe-inline'"
    printf '<title>%s</title>\n' "$(printf '%s' "$title" | html)"
    style
    printf '</head>\n<body>\n<header><h1>%s</h1>\n' "$(printf '%s' "$title" | html)"
    printf '<p class="sub">Which accounts to contact first, how well the ranking works, and whether new accounts still look like those the model learned from.</p></header>\n'
    headline
    run_facts
    both_models
    charts
    coefficients
    iv_ranking
    drift
    history
    printf '<footer>Written by %s (pm) %s from %s and %s.</footer>\n' "$prog" "$version" \
        "$(printf '%s' "$models/" | html)" "$(printf '%s' "$R/" | html)"
    printf '</body>\n</html>\n'
}

page > "$tmp/index.html"

# write_to NAME DEST: the page to DEST (a file, or stdout), as the C tools
# write: a write error is fatal, a reader that went away ends the run quietly.
write_to() {
    if [ "$2" = stdout ]; then
        err=$(cat -- "$tmp/index.html" 2>&1 >&3) 3>&1 && return 0
    else
        err=$(cat -- "$tmp/index.html" 2>&1 > "$2") && return 0
    fi
    case $err in '' | *'Broken pipe'*) exit 141 ;; esac
    die "write error on $1: ${err##*: }"
}

if [ "$output" = - ]; then
    write_to stdout stdout
elif [ -e "$output" ] && [ ! -f "$output" ]; then
    write_to "$output" "$output" # a device or a FIFO: written in place
else
    part=$(mktemp "$(dirname -- "$output")/.pm-report.XXXXXX" 2> /dev/null) ||
        die "$output: cannot write in $(dirname -- "$output")"
    write_to "$output" "$part"
    chmod 644 "$part"
    mv -f -- "$part" "$output" || die "$output: cannot put the page in place"
    part=
fi
