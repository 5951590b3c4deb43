#!/bin/sh
# trees.sh - boosted trees on 1,000,000 rows of pm-synth | pm-features output,
# 100 rounds, depth 6, 2 threads: pm-fit --trees against Python's xgboost 1.7
# (pandas.read_csv, categorical dtypes, DMatrix, xgb.train), pm-predict on the
# tree model against xgboost's read + predict + write; the reason codes of
# pm-predict --reasons 3 against plain pm-predict (logistic) and against
# xgboost's pred_contribs (trees); pm-predict's memory at 1M and 10M rows.
. "$(dirname "$0")/lib.sh"

f=$(features 1000000)
f10=$(features 10000000)
RUNS=${TREES_RUNS:-3}
trees=$DATA/pm_trees_1000000.json
logistic=$DATA/pm_model_1000000.json
pyx=$DATA/xgb_model_1000000.json
T="--trees --rounds 100 --depth 6 --threads 2 --exclude account_id,campaign_wave"
pm-fit $T -o "$trees" "$f"
[ -s "$logistic" ] || pm-fit --exclude account_id,campaign_wave -o "$logistic" "$f"
"$PYTHON" "$BENCH_DIR/xgb_model.py" fit "$f" "$pyx"

T1="--trees --rounds 1 --depth 6 --threads 2 --exclude account_id,campaign_wave"
set -- $(measure_side "pm-fit $T $f" "$PYTHON $BENCH_DIR/xgb_model.py fit $f $DATA/xgb_model_again.json" \
    "pm-fit $T1 $f")
fit_t=$1 fit_m=$2 py_t=$3 py_m=$4 one_t=$5
# XGBoost's own training, about: the fit less one of a single round (reading, the matrix)
own=$(awk -v a="$fit_t" -v b="$one_t" 'BEGIN { printf "%.2f", a - b }')

set -- $(measure_side "pm-predict -m $trees -o $DATA/.trees_scored.tsv $f" \
    "$PYTHON $BENCH_DIR/xgb_model.py predict $pyx $f")
pr_t=$1 pr_m=$2 pyp_t=$3 pyp_m=$4
set -- $(measure pm-predict -m "$trees" -o "$DATA/.trees_scored10.tsv" "$f10")
pr10_m=$2

# SHAP values of 100 trees of depth 6 take minutes for a million rows, in
# XGBoost as in pm (which calls it): the trees' reasons on 100,000 rows, once.
set -- $(measure_side "pm-predict -m $logistic -o $DATA/.lr_scored.tsv $f" \
    "pm-predict -m $logistic --reasons 3 -o $DATA/.lr_reasons.tsv $f")
lr_t=$1 lrr_t=$3
f100=$(features 100000)
RUNS=1
set -- $(measure_side "pm-predict -m $trees --reasons 3 -o $DATA/.trees_reasons.tsv $f100" \
    "$PYTHON $BENCH_DIR/xgb_model.py contribs $pyx $f100")
trr_t=$1 pyc_t=$3
rm -f "$DATA"/.trees_scored.tsv "$DATA"/.trees_scored10.tsv "$DATA"/.lr_scored.tsv \
    "$DATA"/.lr_reasons.tsv "$DATA"/.trees_reasons.tsv "$DATA/xgb_model_again.json"

cat <<MD
## Boosted trees: 1,000,000 rows ($(mb "$f") MB), 100 rounds, depth 6, 2 threads

| program | median time | peak memory | pm is faster by | pm's memory share |
| --- | --- | --- | --- | --- |
| pm-fit --trees | $fit_t s | $fit_m KB | 1.00 | |
| Python xgboost: read_csv + DMatrix + xgb.train | $py_t s | $py_m KB | $(ratio "$py_t" "$fit_t") | $(ratio "$fit_m" "$py_m") |
| pm-predict on the tree model, -o | $pr_t s | $pr_m KB | 1.00 | |
| Python xgboost: read_csv + predict + to_csv | $pyp_t s | $pyp_m KB | $(ratio "$pyp_t" "$pr_t") | $(ratio "$pr_m" "$pyp_m") |

Targets: pm-fit --trees at least 1.25x faster than Python's xgboost with at most a third of its
peak memory ("memory share" at most 0.33); pm-predict on a tree model at least 5x faster than
Python's read + predict + write. Peak memory of pm-predict on the tree model: $pr_m KB at 1M
rows, $pr10_m KB at 10M rows. Of pm-fit --trees' $fit_t s, a fit of one round (reading, the
float32 matrix, one round) takes $one_t s: XGBoost's own 99 further rounds are about $own s.
Median of ${TREES_RUNS:-3} runs, taking turns.

## Reason codes: pm-predict --reasons 3

| program | rows | median time | vs the base |
| --- | --- | --- | --- |
| pm-predict, logistic model (the base) | 1,000,000 | $lr_t s | 1.00 |
| pm-predict --reasons 3, logistic model | 1,000,000 | $lrr_t s | $(ratio "$lrr_t" "$lr_t") |
| Python xgboost: read_csv + predict(pred_contribs=True) (the trees' base) | 100,000 | $pyc_t s | 1.00 |
| pm-predict --reasons 3, tree model (SHAP through XGBoost) | 100,000 | $trr_t s | $(ratio "$trr_t" "$pyc_t") |

Targets: --reasons 3 at most 2x plain pm-predict's time for the logistic model; for the tree
model at most XGBoost's own pred_contribs time plus 20% (here Python's whole read + contribs,
which includes its reading: a generous base). The trees' two rows are one run each.

MD
