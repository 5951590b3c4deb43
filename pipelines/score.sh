#!/bin/sh
# score.sh - the scoring stage: rank accounts by their probability of responding.
#
# Reads:   MODEL_DIR/model.json (MODEL=trees: MODEL_DIR/trees.json), ACCOUNTS
#          (raw accounts, TSV or CSV; data/raw/accounts.tsv)
# Writes:  OUTPUT (REPORTS_DIR/scored_output.tsv): every account with its
#          engineered columns, a score and the three terms that raise it most
#          (reason_1, reason_1_logit, ... reason_3_logit), highest score first
#          (ties in input order), so that `head` gives the accounts to contact
#          first and why
#          With a campaign's economics (VALUE of a responder and COST of a
#          contact, and optionally a BUDGET, a CAPACITY in contacts, a
#          FIXED_COST), the cut with the most expected profit (pm-target):
#          REPORTS_DIR/targeting.tsv   its threshold, contacts, expected
#                                      responders and profit
#          REPORTS_DIR/contact_list.tsv   the accounts to contact, highest
#                                      score first, as in OUTPUT
#          Without them, those two files of an earlier run are removed.
#
# Options: -i ACCOUNTS  -o OUTPUT  -m MODEL_DIR  -r REPORTS_DIR
#          -v VALUE  -c COST  -b BUDGET  -n CAPACITY  -f FIXED_COST, or the environment
#          (and MODEL, logistic or trees: MODEL_DIR/trees.json).
. "$(dirname "$0")/lib.sh"

OUTPUT=
VALUE=${VALUE:-} COST=${COST:-} BUDGET=${BUDGET:-} CAPACITY=${CAPACITY:-} FIXED_COST=${FIXED_COST:-}
while getopts i:o:m:r:v:c:b:n:f:h opt; do
    case $opt in
    v) VALUE=$OPTARG ;;
    c) COST=$OPTARG ;;
    b) BUDGET=$OPTARG ;;
    n) CAPACITY=$OPTARG ;;
    f) FIXED_COST=$OPTARG ;;
    i) ACCOUNTS=$OPTARG ;;
    o) OUTPUT=$OPTARG ;;
    m) MODEL_DIR=$OPTARG ;;
    r) REPORTS_DIR=$OPTARG ;;
    h) show_help ;;
    *) usage_error "unknown option" ;;
    esac
done
shift $((OPTIND - 1))
no_operands "$@"
OUTPUT=${OUTPUT:-$REPORTS_DIR/scored_output.tsv}
MODEL_FILE=$(model_file)
if [ -n "$VALUE$COST$BUDGET$CAPACITY$FIXED_COST" ] && { [ -z "$VALUE" ] || [ -z "$COST" ]; }; then
    usage_error "a campaign needs both VALUE (-v) and COST (-c)"
fi
need "$MODEL_FILE" "$ACCOUNTS"
start_work

features "$ACCOUNTS" | pm-predict -m "$MODEL_FILE" ${NA:+--na "$NA"} --reasons 3 -o "$WORK/scored.tsv"
pipe_ok
# The score comes before the reasons; sort keeps the header first and is stable.
n=$(head -n 1 "$WORK/scored.tsv" | tr '\t' '\n' | grep -n -x score | cut -d: -f1)
{
    head -n 1 "$WORK/scored.tsv"
    checked tail -n +2 "$WORK/scored.tsv" | LC_ALL=C sort -t "$(printf '\t')" -s -k "$n,$n"gr
} > "$WORK/scored_output.tsv"
pipe_ok

if [ -n "$VALUE" ]; then
    set -- --value "$VALUE" --cost "$COST"
    [ -z "$BUDGET" ] || set -- "$@" --budget "$BUDGET"
    [ -z "$CAPACITY" ] || set -- "$@" --capacity "$CAPACITY"
    [ -z "$FIXED_COST" ] || set -- "$@" --fixed-cost "$FIXED_COST"
    # Realised figures beside the expected ones where the accounts' outcome is known.
    ! head -n 1 "$WORK/scored_output.tsv" | tr '\t' '\n' | grep -qxF -- "$TARGET" ||
        set -- "$@" -m "$MODEL_FILE"
    pm-target "$@" --tsv -o "$WORK/targeting.tsv" "$WORK/scored_output.tsv"
    # The marked rows, without the mark: the accounts to contact, in order.
    checked pm-target "$@" --mark contact "$WORK/scored_output.tsv" |
        awk -F'\t' 'NR == 1 || $NF == 1 { sub(/\t[^\t]*$/, ""); print }' > "$WORK/contact_list.tsv"
    pipe_ok
fi

publish scored_output.tsv "$OUTPUT"
if [ -n "$VALUE" ]; then
    publish targeting.tsv "$REPORTS_DIR/targeting.tsv"
    publish contact_list.tsv "$REPORTS_DIR/contact_list.tsv"
else
    rm -f "$REPORTS_DIR/targeting.tsv" "$REPORTS_DIR/contact_list.tsv"
fi
publish_all
