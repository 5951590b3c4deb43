#!/bin/sh
# train.sh - the training stage: engineer features, split, fit, explain.
#
# Reads:   ACCOUNTS                 raw accounts, TSV or CSV (data/raw/accounts.tsv)
# Writes:  DATA_DIR/features.tsv    the accounts with engineered columns (data/)
#          DATA_DIR/train.tsv, DATA_DIR/test.tsv   a stratified split (80/20)
#          MODEL_DIR/model.json     the logistic model and its training metadata (models/)
#          MODEL_DIR/trees.json     boosted trees on the same columns (pm-fit --trees)
#          REPORTS_DIR/model_coefficients.tsv   terms ranked by |coefficient| (reports/)
#          REPORTS_DIR/trees_importance.tsv     the trees' columns ranked by total gain
#          REPORTS_DIR/eda_binning_tables.tsv   response rate, WoE and IV by bin, train rows
#          REPORTS_DIR/cv_report.tsv   with FOLDS: held-out log loss and AUC of each C
#
# Options: -i ACCOUNTS  -d DATA_DIR  -m MODEL_DIR  -r REPORTS_DIR
#          -C VALUE (regularization, 1)  -s SEED (of the split, 42)
#          -f FRACTION (test share, 0.2)
#          -F FOLDS (choose C by cross-validation on the train rows: a number
#             of folds or a column, e.g. 5 or campaign_wave; none by default)
#          -c CS (the values of C to choose from, 0.001,0.01,0.1,1,10)
# or the same names in the environment (PM_C for -C, CS, FOLDS); TARGET, POSITIVE,
# EXCLUDE, NA, IMPUTE and FEATURES describe the user's own table (lib.sh).  Stops at the first failure; a
# failed run leaves none of its files behind.
. "$(dirname "$0")/lib.sh"

C=${PM_C:-1}
SEED=${PM_SEED:-42}
FRACTION=${TEST_FRACTION:-0.2}
FOLDS=${FOLDS:-}
CS=${CS:-0.001,0.01,0.1,1,10}
while getopts i:d:m:r:C:s:f:F:c:h opt; do
    case $opt in
    i) ACCOUNTS=$OPTARG ;;
    d) DATA_DIR=$OPTARG ;;
    m) MODEL_DIR=$OPTARG ;;
    r) REPORTS_DIR=$OPTARG ;;
    C) C=$OPTARG ;;
    s) SEED=$OPTARG ;;
    f) FRACTION=$OPTARG ;;
    F) FOLDS=$OPTARG ;;
    c) CS=$OPTARG ;;
    h) show_help ;;
    *) usage_error "unknown option" ;;
    esac
done
shift $((OPTIND - 1))
no_operands "$@"
need "$ACCOUNTS"
start_work

features "$ACCOUNTS" > "$WORK/features.tsv"
pipe_ok
pm-split --stratify "$TARGET" --seed "$SEED" --fraction "$FRACTION" \
    --train "$WORK/train.tsv" --test "$WORK/test.tsv" "$WORK/features.tsv"
# account_id names a row and campaign_wave is when it was contacted: neither
# is a property of the account that predicts its response.
if [ -n "$FOLDS" ]; then
    # campaign_wave may name the folds (leave one wave out); it is never a feature
    pm-fit -y "$TARGET" ${POSITIVE:+--positive "$POSITIVE"} ${EXCLUDE:+--exclude "$EXCLUDE"} \
        ${NA:+--na "$NA"} ${IMPUTE:+--impute "$IMPUTE"} -C "$CS" --folds "$FOLDS" \
        --seed "$SEED" --cv-report "$WORK/cv_report.tsv" -o "$WORK/model.json" "$WORK/train.tsv"
else
    pm-fit -y "$TARGET" ${POSITIVE:+--positive "$POSITIVE"} ${EXCLUDE:+--exclude "$EXCLUDE"} \
        ${NA:+--na "$NA"} ${IMPUTE:+--impute "$IMPUTE"} -C "$C" \
        -o "$WORK/model.json" "$WORK/train.tsv"
fi
pm-fit --trees -y "$TARGET" ${POSITIVE:+--positive "$POSITIVE"} ${EXCLUDE:+--exclude "$EXCLUDE"} \
    ${NA:+--na "$NA"} \
    -o "$WORK/trees.json" "$WORK/train.tsv"
pm-coef -o "$WORK/model_coefficients.tsv" "$WORK/model.json"
pm-coef -o "$WORK/trees_importance.tsv" "$WORK/trees.json"
pm-bin -m "$WORK/model.json" ${EXCLUDE:+--exclude "$EXCLUDE"} ${NA:+--na "$NA"} \
    -o "$WORK/eda_binning_tables.tsv" "$WORK/train.tsv"

publish features.tsv "$DATA_DIR/features.tsv"
publish train.tsv "$DATA_DIR/train.tsv"
publish test.tsv "$DATA_DIR/test.tsv"
publish model.json "$MODEL_DIR/model.json"
publish trees.json "$MODEL_DIR/trees.json"
publish model_coefficients.tsv "$REPORTS_DIR/model_coefficients.tsv"
publish trees_importance.tsv "$REPORTS_DIR/trees_importance.tsv"
publish eda_binning_tables.tsv "$REPORTS_DIR/eda_binning_tables.tsv"
[ -z "$FOLDS" ] || publish cv_report.tsv "$REPORTS_DIR/cv_report.tsv"
publish_all
