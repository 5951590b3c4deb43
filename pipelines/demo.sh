#!/bin/sh
# demo.sh - the whole flow in the current folder, without make: synthetic
# data (unless ACCOUNTS exists), then train, evaluate, monitor, score and the
# summary.  For an installed pm, where the source tree's Makefile is not at
# hand:  PATH=$PREFIX/bin:$PATH $PREFIX/share/pm/pipelines/demo.sh
#
# Reads:   ACCOUNTS and NEW_WAVE if they exist (data/raw/accounts.tsv,
#          data/raw/new_wave.tsv); otherwise writes them with pm-synth
#          (DEMO_ROWS 20000 rows, seed 42; DEMO_WAVE_ROWS 5000, seed 43,
#          drift 1.5)
# Writes:  what train.sh, evaluate.sh, monitor.sh and score.sh write, then the
#          summary on stdout and in REPORTS_DIR/summary.txt, and the page of it
#          all, REPORTS_DIR/index.html (pm-report)
. "$(dirname "$0")/lib.sh"

no_operands "$@"
here=$(dirname "$0")
if [ ! -e "$ACCOUNTS" ]; then
    mkdir -p "$(dirname "$ACCOUNTS")"
    pm-synth -n "${DEMO_ROWS:-20000}" -s 42 -o "$ACCOUNTS"
fi
if [ ! -e "$NEW_WAVE" ]; then
    mkdir -p "$(dirname "$NEW_WAVE")"
    pm-synth -n "${DEMO_WAVE_ROWS:-5000}" -s 43 --drift 1.5 -o "$NEW_WAVE"
fi
"$here/train.sh"
"$here/evaluate.sh"
"$here/monitor.sh"
"$here/score.sh"
pm-report --data "$ACCOUNTS" -m "$MODEL_DIR" -r "$REPORTS_DIR"
start_work
"$here/summary.sh" > "$WORK/summary.txt"
publish summary.txt "$REPORTS_DIR/summary.txt"
echo
cat "$REPORTS_DIR/summary.txt"
