# lib.sh - what the stage scripts share; sourced, not run.
#
# A stage writes everything into a temporary folder and moves each file into
# place only when the whole stage has succeeded (publish), so a failed run
# leaves no artifact that looks complete.  Tools are taken from PATH.

set -eu

# awk and sort -g read and write numbers in the user's locale: where the
# decimal separator is a comma, mawk reads pm's 0.62 as 0.  pm's files always
# use a point, so the stages read them in the C locale.
LC_ALL=C
export LC_ALL

# Defaults of the demo; options and the environment override them.
ACCOUNTS=${ACCOUNTS:-data/raw/accounts.tsv}
NEW_WAVE=${NEW_WAVE:-data/raw/new_wave.tsv}
DATA_DIR=${DATA_DIR:-data}
MODEL_DIR=${MODEL_DIR:-models}
REPORTS_DIR=${REPORTS_DIR:-reports}
TARGET=${TARGET:-response_flag}
# Which model the score and monitor stages use: logistic (models/model.json)
# or trees (models/trees.json); train and evaluate make both.
MODEL=${MODEL:-logistic}

STAGE=$(basename "$0" .sh)

die() {
    printf '%s: %s\n' "$STAGE" "$*" >&2
    exit 1
}

usage_error() {
    printf '%s: %s\n' "$STAGE" "$*" >&2
    printf "Try '%s -h' for more information.\n" "$0" >&2
    exit 2
}

# show_help: the comment at the top of the stage script, for -h.
show_help() {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
    exit 0
}

# no_operands ARG...: a stage takes options only (call with what getopts left).
no_operands() {
    [ $# -eq 0 ] || usage_error "unexpected argument '$1'"
}

# model_file: the file of the model MODEL names, in MODEL_DIR.
model_file() {
    case $MODEL in
    logistic) echo "$MODEL_DIR/model.json" ;;
    trees) echo "$MODEL_DIR/trees.json" ;;
    *) usage_error "MODEL is '$MODEL': expected logistic or trees" ;;
    esac
}

# scored_suffix: what the files scored by that model add to their name.
scored_suffix() {
    [ "$MODEL" = logistic ] || echo "_$MODEL"
}

# need FILE...: every input must be readable before any work starts.
need() {
    for f in "$@"; do
        [ -r "$f" ] && [ -f "$f" ] || die "cannot read '$f'"
    done
}

# The temporary folder of this run, removed on any exit.
WORK=
start_work() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/pm-$STAGE.XXXXXX") || die "cannot make a temporary folder"
    trap 'rm -rf "$WORK"' EXIT
    trap 'exit 1' HUP INT TERM
}

# publish NAME DEST: move $WORK/NAME to DEST once the stage has succeeded.
# The move is a rename within DEST's folder, so DEST is never half written.
publish() {
    mkdir -p "$(dirname "$2")"
    cp "$WORK/$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2" || { rm -f "$2.tmp.$$"; die "cannot write '$2'"; }
}
