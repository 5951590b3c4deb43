#!/bin/sh
# fit.sh - pm-fit against what users would pick instead, on 1,000,000 rows of
# pm-synth | pm-features output: scikit-learn the way a propensity model
# is usually fitted (pandas.read_csv, StandardScaler + OneHotEncoder(drop='first'),
# LogisticRegression(solver='lbfgs'), joblib.dump), and LIBLINEAR's
# liblinear-train -s 0 on the same design, written beforehand (not timed).
. "$(dirname "$0")/lib.sh"

X=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin
f=$(features 1000000)
svm=$DATA/design_1000000.svm
[ -s "$svm" ] || { echo "making $svm" >&2; "$PYTHON" "$BENCH_DIR/sklearn_model.py" svmlight "$f" "$svm.tmp"; mv "$svm.tmp" "$svm"; }
pm=$DATA/pm_model_1000000.json
sk=$DATA/sklearn_model_1000000.joblib
ll=$DATA/liblinear_1000000.model

# liblinear stops when |grad f(w)| <= e * min(pos, neg) / l * |grad f(0)|
# (default e = 0.01); pm-fit when |grad f(w)| <= 1e-8 |grad f(0)|.  The same
# C means the same objective (0.5 |w|^2 + C sum of log loss) in both and in
# scikit-learn; liblinear's -B 1 bias is penalized too, which moves nothing
# at a million rows.
set -- $("$PYTHON" "$BENCH_DIR/sklearn_model.py" positives "$f"); rows=$1 pos=$2
minority=$(( pos < rows - pos ? pos : rows - pos ))
tight=$(awk -v l="$rows" -v m="$minority" 'BEGIN { printf "%.3g", 1e-8 * l / m }')

# PM_FIT_BEFORE: an earlier pm-fit to time beside this one (same run, taking turns).
before=${PM_FIT_BEFORE:-$(command -v pm-fit)}
set -- $(measure_side "pm-fit -x $X $f" \
    "$before -x $X $f" \
    "$PYTHON $BENCH_DIR/sklearn_model.py fit $f $sk" \
    "liblinear-train -s 0 -c 1 -B 1 -e $tight -q $svm $ll.tight" \
    "liblinear-train -s 0 -c 1 -B 1 -q $svm $ll")
fit_t=$1 fit_m=$2 fit2_t=$3 sk_t=$5 sk_m=$6 llt_t=$7 llt_m=$8 ll_t=$9 ll_m=${10}

pm-fit -x "$X" -o "$pm" "$f"
# objective and largest coefficient difference from pm-fit's, for each fit
cmp=$DATA/.fit_compare
"$PYTHON" "$BENCH_DIR/sklearn_model.py" compare "$svm" "$pm" "$sk" "$ll" "$ll.tight" > "$cmp"
obj() { sed -n "$1p" "$cmp" | cut -d' ' -f2; }
diff_pm() { sed -n "$1p" "$cmp" | cut -d' ' -f3; }
sk_iter=$(sed -n 's/^sklearn_iterations //p' "$cmp")
terms=$(( $(pm-coef "$pm" | wc -l) - 1 ))
budget=$(awk -v n="$rows" -v p="$terms" 'BEGIN { printf "%.0f", (8 * n * p + 64 * 2^20) / 1024 }')

cat <<MD
## pm-fit: 1,000,000 rows, $terms terms ($(mb "$f") MB)

| program | median time | peak memory | pm-fit is faster by | objective 0.5 \|w\|² + C Σ log loss | max \|coefficient − pm-fit's\| |
| --- | --- | --- | --- | --- | --- |
| pm-fit (Newton, gradient norm < 1e-8 relative) | $fit_t s | $fit_m KB | 1.00 | $(obj 1) | 0 |
| earlier pm-fit (PM_FIT_BEFORE): ${PM_FIT_BEFORE_NAME:-this same build} | $fit2_t s | | $(ratio "$fit2_t" "$fit_t") | | |
| scikit-learn: read_csv + Pipeline + LogisticRegression(lbfgs), $sk_iter iterations | $sk_t s | $sk_m KB | $(ratio "$sk_t" "$fit_t") | $(obj 2) | $(diff_pm 2) |
| liblinear-train -s 0 -c 1 -B 1 (default -e 0.01) | $ll_t s | $ll_m KB | $(ratio "$ll_t" "$fit_t") | $(obj 3) | $(diff_pm 3) |
| liblinear-train -s 0 -c 1 -B 1 -e $tight (pm-fit's tolerance) | $llt_t s | $llt_m KB | $(ratio "$llt_t" "$fit_t") | $(obj 4) | $(diff_pm 4) |

Targets: pm-fit at least 15x faster than scikit-learn and 6x faster than liblinear-train (default -e);
peak memory at most 8 bytes per row per term plus 64 MB ($budget KB here).
liblinear reads its design from a file prepared beforehand (\`sklearn_model.py svmlight\`, not timed).
The objective is scikit-learn's (C = 1, intercept not penalized) evaluated on that design at each
program's coefficients: the lowest is the best fit.  The design is collinear (each flag is a union
of bins), so the penalty alone settles some directions, where the objective is flat: a solver
stopped early, or liblinear with its penalized bias, lands far away in the coefficients and
close in the objective.

MD
