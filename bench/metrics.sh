#!/bin/sh
# metrics.sh - pm-metrics against what a user would write instead (pandas
# reads the two columns, scikit-learn and scipy compute; bench/metrics.py),
# on 10,000,000 scored rows; and the time and memory of the other evaluation
# tools on the same file.
#
# The scored file: pm-synth -n N -s 1 | pm-features (lib.sh's `features`),
# with a score column appended by bench/score.awk: the true response
# probability of pm-synth's model, written with 17 digits (lib.sh's
# scored_rows).  It is kept in $BENCH_DATA as scored_N.tsv.
. "$(dirname "$0")/lib.sh"

N=${METRICS_ROWS:-10000000}

f=$(scored_rows "$N")
size=$(mb "$f")
ncol=$(head -1 "$f" | awk -F'\t' '{ print NF }')
cat "$f" > /dev/null # both start from the page cache

set -- $(measure_side "pm-metrics $f" "$PYTHON $BENCH_DIR/metrics.py $f")
pm_t=$1 pm_m=$2 py_t=$3 py_m=$4

# The two agree: the largest difference between their figures.
pm-metrics "$f" > "$DATA/.pm.json"
"$PYTHON" "$BENCH_DIR/metrics.py" "$f" > "$DATA/.py.json"
diff=$("$PYTHON" -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
print("%.1e" % max(abs(a[k] - b[k]) for k in ("auc", "ks", "brier", "log_loss", "base_rate")))
' "$DATA/.pm.json" "$DATA/.py.json")

RUNS=${TOOL_RUNS:-3}
set -- $(measure pm-ks "$f"); ks_t=$1 ks_m=$2
set -- $(measure pm-lift "$f"); lift_t=$1 lift_m=$2
set -- $(measure pm-calib --strategy quantile "$f"); calib_t=$1 calib_m=$2
set -- $(measure pm-counts "$f"); counts_t=$1 counts_m=$2
pm-counts "$f" > "$DATA/.counts.tsv"
distinct=$(($(wc -l < "$DATA/.counts.tsv") - 1))
set -- $(measure pm-metrics --counts "$DATA/.counts.tsv"); mc_t=$1 mc_m=$2

rm -f "$DATA/.counts.tsv" "$DATA/.pm.json" "$DATA/.py.json"

per_row() { awk -v k="$1" -v n="$N" 'BEGIN { printf "%.1f", k * 1024 / n }'; }

cat <<MD
## pm-metrics: $N scored rows ($size MB, $ncol columns)

| program | median time | peak memory | bytes per row |
| --- | --- | --- | --- |
| Python: pandas.read_csv (2 columns) + roc_auc_score, ks_2samp, brier_score_loss, log_loss, top 20% | $py_t s | $py_m KB | $(per_row "$py_m") |
| pm-metrics | $pm_t s | $pm_m KB | $(per_row "$pm_m") |
| ratio (Python / pm-metrics) | $(ratio "$py_t" "$pm_t")x faster | $(ratio "$py_m" "$pm_m")x less | |

Targets: at least 10x faster, at most 1/3 of the memory (ratios >= 10 and >= 3).
The largest difference between the two programs' AUC, KS, Brier, log loss and
base rate: $diff.

The other evaluation tools on the same file (median of $RUNS):

| program | median time | peak memory |
| --- | --- | --- |
| pm-ks | $ks_t s | $ks_m KB |
| pm-lift | $lift_t s | $lift_m KB |
| pm-calib --strategy quantile | $calib_t s | $calib_m KB |
| pm-counts (a counts table of $distinct distinct scores) | $counts_t s | $counts_m KB |
| pm-metrics --counts on that table | $mc_t s | $mc_m KB |

The scores of this file are nearly all distinct, so counts save nothing here;
they pay where scores repeat, and where shards are counted apart and merged.

MD
