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

set -- $(measure_side "$READER $f" "pm-predict -m $pm $f" \
    "$PYTHON $BENCH_DIR/sklearn_model.py predict $sk $f" \
    "$PYTHON $BENCH_DIR/sklearn_model.py score $sk $f")
floor_t=$1 pred_t=$3 pred_m1=$4 sk_t=$5 sk_m=$6 sks_t=$7
size=$(mb "$f")
f10=$(features 10000000)
RUNS=1
set -- $(measure pm-predict -m "$pm" "$f10"); pred_t10=$1 pred_m10=$2

cat <<MD
## pm-predict: 1,000,000 rows ($size MB), the model of bench/fit.sh

| program | median time | throughput | time / floor | pm-predict is faster by |
| --- | --- | --- | --- | --- |
| minimal C reader (memchr + strtod, no output) | $floor_t s | $(awk -v s="$size" -v t="$floor_t" 'BEGIN{printf "%.0f", s/t}') MB/s | 1.00 | |
| pm-predict (every row with its score) | $pred_t s | $(awk -v s="$size" -v t="$pred_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$pred_t" "$floor_t") | 1.00 |
| scikit-learn: read_csv + predict_proba + to_csv | $sk_t s | $(awk -v s="$size" -v t="$sk_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$sk_t" "$floor_t") | $(ratio "$sk_t" "$pred_t") |
| scikit-learn: read_csv + predict_proba, nothing written | $sks_t s | $(awk -v s="$size" -v t="$sks_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$sks_t" "$floor_t") | $(ratio "$sks_t" "$pred_t") |

Targets: pm-predict within 1.5x of the floor (time / floor <= 1.50) and at least 10x faster
than scikit-learn.

Peak memory of pm-predict: $pred_m1 KB at 1M rows, $pred_m10 KB at 10M rows ($pred_t10 s; constant: it streams).
scikit-learn's peak at 1M rows: $sk_m KB.

MD
