# lib.sh - what the stage scripts share; sourced, not run.
#
# A stage writes everything into a temporary folder and moves its files into
# place, all of them at once, only when the whole stage has succeeded
# (publish, publish_all), so a failed run leaves no artifact that looks
# complete.  Tools are taken from PATH.

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
# The user's own table: the target's value of a responder (empty: the target
# holds 0 and 1), the columns that are not features (pm-synth's id and wave
# by default; empty for none), more spellings of a missing value, how pm-fit
# fills missing numbers (mean or median; empty: a missing number is an
# error), and whether pm-features engineers columns: pm always, none never,
# auto (the default) when the table has pm-synth's columns.
POSITIVE=${POSITIVE:-}
EXCLUDE=${EXCLUDE-account_id,campaign_wave}
NA=${NA:-}
IMPUTE=${IMPUTE:-}
FEATURES=${FEATURES:-auto}
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

# engineered FILE: whether FILE gets pm-features' columns (FEATURES).
engineered() {
    case $FEATURES in
    pm) return 0 ;;
    none) return 1 ;;
    auto) ;;
    *) usage_error "FEATURES is '$FEATURES': expected auto, pm or none" ;;
    esac
    # the header's names, split at TABs or (CSV) commas, quotes dropped
    names=$(head -n 1 -- "$1" | tr ',\t' '\n\n' | tr -d '"\r')
    for c in company_size annual_revenue website_visits_30d contract_remaining_months; do
        printf '%s\n' "$names" | grep -qxF "$c" || return 1
    done
}

# features FILE: FILE as TSV on stdout, with pm-features' columns when
# engineered (a CSV file is read as CSV either way).
features() {
    if engineered "$1"; then
        checked pm-features ${NA:+--na "$NA"} -- "$1"
    else
        checked pm-split ${NA:+--na "$NA"} --mark pm_part -o - -- "$1" |
            awk '{ sub(/\t[^\t]*$/, ""); print }'
    fi
}

# need FILE...: every input must be readable before any work starts.
need() {
    for f in "$@"; do
        [ -r "$f" ] && [ -f "$f" ] || die "cannot read '$f'"
    done
}

# The temporary folder of this run, removed on any exit with whatever was
# staged for publishing and not yet put in place.
WORK=
start_work() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/pm-$STAGE.XXXXXX") || die "cannot make a temporary folder"
    trap 'unstage $?; rm -rf "$WORK"' EXIT
    trap 'exit 1' HUP INT TERM
}

# checked COMMAND...: COMMAND as the writer of a pipe, whose status sh drops
# (no pipefail in POSIX sh): a failure is noted for pipe_ok, and pm's tools
# have said why on stderr already.
checked() {
    "$@" || { printf '%s\n' "$1" >> "$WORK/failed"; return 1; }
}

# pipe_ok: die if a command run through checked has failed, so that a
# reader of a truncated pipe cannot pass its output off as complete.
pipe_ok() {
    [ ! -s "$WORK/failed" ] || die "'$(head -n 1 "$WORK/failed")' failed"
}

# A stage publishes all of its files or none.  publish NAME DEST copies
# $WORK/NAME beside DEST under a temporary name of mktemp's (never a
# predictable one, which a planted symlink could redirect), with DEST's mode
# if DEST exists and the umask's if not; publish_all renames them all into
# place once every copy has been made.  Renames within a folder do not fail
# halfway, so a failure leaves the old files, all of them.
NSTAGED=0
publish() {
    pub_dir=$(dirname -- "$2")
    pub_tmp=
    if mkdir -p -- "$pub_dir" && [ ! -d "$2" ] &&
        pub_tmp=$(mktemp -- "$pub_dir/.$(basename -- "$2").XXXXXX"); then
        NSTAGED=$((NSTAGED + 1))
        eval "STAGED_$NSTAGED=\$pub_tmp DEST_$NSTAGED=\$2"
        cp -- "$WORK/$1" "$pub_tmp" && keep_mode "$2" "$pub_tmp" && return 0
    fi
    die "cannot write '$2'"
}

# keep_mode DEST TMP: TMP (mktemp's 0600) gets DEST's mode, or the mode a new
# file gets under the umask.
keep_mode() {
    if [ -e "$1" ]; then
        chmod --reference="$1" -- "$2"
    else
        chmod "$(printf '%o' $((0666 & ~$(umask))))" -- "$2"
    fi
}

publish_all() {
    i=1
    while [ "$i" -le "$NSTAGED" ]; do
        eval "pub_tmp=\$STAGED_$i pub_dest=\$DEST_$i"
        mv -f -- "$pub_tmp" "$pub_dest" || die "cannot write '$pub_dest'"
        eval "STAGED_$i="
        i=$((i + 1))
    done
    NSTAGED=0
}

# unstage STATUS: on exit, remove what was staged and not put in place; a
# stage that would succeed with a file staged but never published (a publish
# after publish_all) fails instead of losing it in silence.
unstage() {
    i=1
    while [ "$i" -le "$NSTAGED" ]; do
        eval "pub_tmp=\$STAGED_$i pub_dest=\$DEST_$i"
        [ -z "$pub_tmp" ] || rm -f -- "$pub_tmp"
        i=$((i + 1))
    done
    if [ "$1" -eq 0 ] && [ "$NSTAGED" -gt 0 ]; then
        printf "%s: '%s' was staged but not published (publish_all missing)\n" "$STAGE" "$pub_dest" >&2
        exit 1
    fi
}
