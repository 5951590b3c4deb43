#!/bin/sh
# predict.sh - pm-predict against the floor (the minimal C reader) and
# scikit-learn's predict_proba run the way a propensity model is usually scored
# (joblib.load, pandas.read_csv, predict_proba, the rows with their score
# written out), on 1,000,000 rows; and pm-predict's peak memory from 1M to
# 10M rows (it streams, so it should not grow).
. "$(dirname "$0")/lib.sh"

X=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin
f=$(features 1000000)
pm=$DATA/pm_model_1000000.json
sk=$DATA/sklearn_model_1000000.joblib
[ -s "$pm" ] || pm-fit -x "$X" -o "$pm" "$f"
[ -s "$sk" ] || "$PYTHON" "$BENCH_DIR/sklearn_model.py" fit "$f" "$sk"
# liblinear-predict -b 1 on the design and model of bench/fit.sh (the design
# converted beforehand, not timed)
svm=$DATA/design_1000000.svm
ll=$DATA/liblinear_1000000.model
[ -s "$svm" ] || { echo "making $svm" >&2; "$PYTHON" "$BENCH_DIR/sklearn_model.py" svmlight "$f" "$svm.tmp"; mv "$svm.tmp" "$svm"; }
[ -s "$ll" ] || liblinear-train -s 0 -c 1 -B 1 -q "$svm" "$ll"

set -- $(measure_side "$READER $f" "cat $f" "pm-predict -m $pm -o $DATA/.pm_predicted.tsv $f" \
    "$PYTHON $BENCH_DIR/sklearn_model.py predict $sk $f" \
    "$PYTHON $BENCH_DIR/sklearn_model.py score $sk $f" \
    "liblinear-predict -b 1 $svm $ll $DATA/.ll_predicted")
floor_t=$1 cat_t=$3 pred_t=$5 pred_m1=$6 sk_t=$7 sk_m=$8 sks_t=$9 ll_t=${11}
size=$(mb "$f")
f10=$(features 10000000)
RUNS=1
set -- $(measure pm-predict -m "$pm" "$f10"); pred_t10=$1 pred_m10=$2

cat <<MD
## pm-predict: 1,000,000 rows ($size MB), the model of bench/fit.sh

| program | median time | throughput | time / floor | pm-predict is faster by |
| --- | --- | --- | --- | --- |
| minimal C reader (memchr + strtod, no output) | $floor_t s | $(awk -v s="$size" -v t="$floor_t" 'BEGIN{printf "%.0f", s/t}') MB/s | 1.00 | |
| cat (to /dev/null) | $cat_t s | $(awk -v s="$size" -v t="$cat_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$cat_t" "$floor_t") | |
| pm-predict -o FILE (every row with its score) | $pred_t s | $(awk -v s="$size" -v t="$pred_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$pred_t" "$floor_t") | 1.00 |
| scikit-learn: read_csv + predict_proba + to_csv | $sk_t s | $(awk -v s="$size" -v t="$sk_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$sk_t" "$floor_t") | $(ratio "$sk_t" "$pred_t") |
| scikit-learn: read_csv + predict_proba, nothing written | $sks_t s | $(awk -v s="$size" -v t="$sks_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$sks_t" "$floor_t") | $(ratio "$sks_t" "$pred_t") |
| liblinear-predict -b 1 (its own design file, $(mb "$svm") MB) | $ll_t s | $(awk -v s="$(mb "$svm")" -v t="$ll_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$ll_t" "$floor_t") | $(ratio "$ll_t" "$pred_t") |

Targets: pm-predict within 1.5x of the floor (time / floor <= 1.50), at least 18x faster
than scikit-learn's read + predict_proba + write and 8x faster than liblinear-predict -b 1.

Peak memory of pm-predict: $pred_m1 KB at 1M rows, $pred_m10 KB at 10M rows ($pred_t10 s; constant: it streams).
scikit-learn's peak at 1M rows: $sk_m KB.

MD
