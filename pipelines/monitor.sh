#!/bin/sh
# monitor.sh - the monitoring stage: has the population drifted since training?
#
# Reads:   MODEL_DIR/model.json, DATA_DIR/train_scored.tsv (the reference),
#          DATA_DIR/test_scored.tsv, NEW_WAVE (raw accounts of a new campaign wave,
#          data/raw/new_wave.tsv); with MODEL=trees, MODEL_DIR/trees.json and the
#          _trees files of evaluate.sh instead, and writes DATA_DIR/new_wave_scored_trees.tsv,
#          REPORTS_DIR/psi_trees.tsv, psi_test_trees.tsv and psi_trees.png
# Writes:  DATA_DIR/new_wave_scored.tsv   the new wave, engineered and scored
#          REPORTS_DIR/psi.tsv            PSI of the score and of every model input,
#                                         train vs the new wave, by bin
#          REPORTS_DIR/psi_test.tsv       the same, train vs test (no drift expected)
#          REPORTS_DIR/psi.png            the score's bins, train vs the new wave
#          REPORTS_DIR/monitor_history.tsv  one row per wave: wave, date, rows,
#                                         score_psi, verdict, worst_input,
#                                         worst_input_psi; a wave monitored
#                                         again has its row replaced in place
#
# Prints the verdicts.  Exit status 0 whatever the verdict, unless -x: then
# pm-psi's own, 0 stable, 3 watch, 4 alert (for cron: act on an alert).
# Options: -n NEW_WAVE  -d DATA_DIR  -m MODEL_DIR  -r REPORTS_DIR  -x
#          -w WAVE (the wave's label in the history; WAVE, else NEW_WAVE's
#          file name without its extension).  The date is now, or
#          SOURCE_DATE_EPOCH's, in UTC.
#          MODEL (logistic or trees) from the environment: with trees, the files
#          above and the history take the suffix _trees.
. "$(dirname "$0")/lib.sh"

strict=
wave=${WAVE:-}
while getopts n:d:m:r:w:xh opt; do
    case $opt in
    n) NEW_WAVE=$OPTARG ;;
    w) wave=$OPTARG ;;
    d) DATA_DIR=$OPTARG ;;
    m) MODEL_DIR=$OPTARG ;;
    r) REPORTS_DIR=$OPTARG ;;
    x) strict=1 ;;
    h) show_help ;;
    *) usage_error "unknown option" ;;
    esac
done
shift $((OPTIND - 1))
no_operands "$@"
MODEL_FILE=$(model_file)
x=$(scored_suffix)
[ -n "$wave" ] || wave=$(basename "$NEW_WAVE" | sed 's/\.[^.]*$//')
# A label is one field of a TSV row.
[ -n "$wave" ] && [ "$(printf '%s' "$wave" | tr -d '\t\r\n')" = "$wave" ] ||
    usage_error "a wave label must be one line without TAB: '$wave'"
HISTORY=$REPORTS_DIR/monitor_history$x.tsv
HISTORY_HEADER=$(printf 'wave\tdate\trows\tscore_psi\tverdict\tworst_input\tworst_input_psi')
[ ! -e "$HISTORY" ] || [ "$(head -n 1 "$HISTORY")" = "$HISTORY_HEADER" ] ||
    die "'$HISTORY' is not a monitoring history (its header is not: $HISTORY_HEADER)"
need "$MODEL_FILE" "$DATA_DIR/train_scored$x.tsv" "$DATA_DIR/test_scored$x.tsv" "$NEW_WAVE"
start_work

features "$NEW_WAVE" | pm-predict -m "$MODEL_FILE" ${NA:+--na "$NA"} -o "$WORK/new_wave_scored.tsv"
pipe_ok

# psi RESULT CURRENT: pm-psi of the reference against CURRENT into RESULT;
# sets verdict_status to pm-psi's verdict (0, 3 or 4); any other status is a failure.
psi() {
    verdict_status=0
    pm-psi --model "$MODEL_FILE" ${NA:+--na "$NA"} -o "$WORK/$1" -- "$DATA_DIR/train_scored$x.tsv" "$2" || verdict_status=$?
    case $verdict_status in
    0 | 3 | 4) ;;
    *) die "pm-psi failed on '$2'" ;;
    esac
}
psi psi_test.tsv "$DATA_DIR/test_scored$x.tsv"
psi psi.tsv "$WORK/new_wave_scored.tsv"
new_wave_status=$verdict_status
pm-chart psi -t 'Score distribution: training vs new wave' -o "$WORK/psi.png" "$WORK/psi.tsv"

# This wave's row of the history: the score's PSI and verdict (the first
# variable of pm-psi's table) and the input with the largest PSI.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    now=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ) || die "bad SOURCE_DATE_EPOCH"
else
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
fi
rows=$(($(wc -l < "$WORK/new_wave_scored.tsv") - 1))
# The label reaches awk through the environment, where no backslash is an escape.
export PM_WAVE="$wave"
awk -F'\t' -v now="$now" -v rows="$rows" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    seen[$c["variable"]]++ { next }
    ++n == 1 { psi = $c["psi"]; verdict = $c["verdict"]; next }
    worst == "" || $c["psi"] + 0 > worst_psi + 0 { worst = $c["variable"]; worst_psi = $c["psi"] }
    END { printf "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", ENVIRON["PM_WAVE"], now, rows, psi, verdict, worst, worst_psi }' \
    "$WORK/psi.tsv" > "$WORK/history_row.tsv"
{
    printf '%s\n' "$HISTORY_HEADER"
    [ ! -e "$HISTORY" ] || awk -F'\t' -v row="$WORK/history_row.tsv" '
        NR == 1 { next }
        $1 == ENVIRON["PM_WAVE"] { if (!done) { getline line < row; print line }; done = 1; next }
        { print }
        END { if (!done) { getline line < row; print line } }' "$HISTORY"
    [ -e "$HISTORY" ] || cat "$WORK/history_row.tsv"
} > "$WORK/monitor_history.tsv"

publish new_wave_scored.tsv "$DATA_DIR/new_wave_scored$x.tsv"
publish psi.tsv "$REPORTS_DIR/psi$x.tsv"
publish psi_test.tsv "$REPORTS_DIR/psi_test$x.tsv"
publish psi.png "$REPORTS_DIR/psi$x.png"
publish monitor_history.tsv "$HISTORY"
publish_all

verdict() { awk -F'\t' 'NR == 2 { printf "PSI %.4f, %s", $10, $11 }' "$1"; }
test_verdict=$(verdict "$REPORTS_DIR/psi_test$x.tsv")
new_verdict=$(verdict "$REPORTS_DIR/psi$x.tsv")
printf 'score drift, train vs test:     %s\n' "$test_verdict"
printf 'score drift, train vs new wave: %s\n' "$new_verdict"
[ -z "$strict" ] || exit "$new_wave_status"
