#!/bin/sh
# cv.sh - choosing C by cross-validation, 5 folds x 5 values of C, on 200,000
# rows of pm-synth | pm-features output: pm-fit -C LIST --folds 5 against
# scikit-learn's GridSearchCV over the same Pipeline (StandardScaler +
# OneHotEncoder(drop='first') + LogisticRegression(lbfgs), n_jobs=2, refit on
# all rows), and against one plain pm-fit of the same rows.
. "$(dirname "$0")/lib.sh"

X=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin
GRID=0.001,0.01,0.1,1,10
f=$(features 200000)
RUNS=${CV_RUNS:-3}

set -- $(measure_side "pm-fit -x $X -C $GRID --folds 5 $f" \
    "pm-fit -x $X $f" \
    "$PYTHON $BENCH_DIR/sklearn_model.py cv $f $GRID")
cv_t=$1 cv_m=$2 one_t=$3 one_m=$4 sk_t=$5 sk_m=$6

cat <<MD
## Cross-validation: 200,000 rows ($(mb "$f") MB), 5 folds x 5 values of C, then the refit

| program | median time | peak memory | pm-fit --folds is faster by |
| --- | --- | --- | --- |
| pm-fit -C $GRID --folds 5 (26 fits: 25 on four folds, the refit on all) | $cv_t s | $cv_m KB | 1.00 |
| pm-fit, one fit of all rows at C = 1 | $one_t s | $one_m KB | $(ratio "$one_t" "$cv_t") |
| scikit-learn GridSearchCV (lbfgs, StratifiedKFold(5), neg_log_loss, n_jobs=2, refit) | $sk_t s | $sk_m KB | $(ratio "$sk_t" "$cv_t") |

Targets: pm-fit --folds at least 20x faster than GridSearchCV, and at most 6x the time of one
pm-fit of the same rows (its "faster by" at least 0.17). Median of $RUNS runs, taking turns.

MD
