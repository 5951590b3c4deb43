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
#
# Options: -i ACCOUNTS  -o OUTPUT  -m MODEL_DIR  -r REPORTS_DIR, or the environment
# (and MODEL, logistic or trees).
. "$(dirname "$0")/lib.sh"

OUTPUT=
while getopts i:o:m:r:h opt; do
    case $opt in
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
need "$MODEL_FILE" "$ACCOUNTS"
start_work

pm-features "$ACCOUNTS" | pm-predict -m "$MODEL_FILE" --reasons 3 -o "$WORK/scored.tsv"
# The score comes before the reasons; sort keeps the header first and is stable.
n=$(head -n 1 "$WORK/scored.tsv" | tr '\t' '\n' | grep -n -x score | cut -d: -f1)
{
    head -n 1 "$WORK/scored.tsv"
    tail -n +2 "$WORK/scored.tsv" | LC_ALL=C sort -t "$(printf '\t')" -s -k "$n,$n"gr
} > "$WORK/scored_output.tsv"
publish scored_output.tsv "$OUTPUT"
