#!/bin/sh
# intervals.sh - what the intervals and the targeting cost: pm-metrics --ci
# against pm-metrics, pm-metrics --compare, and pm-target against pm-lift,
# on the 10,000,000 scored rows of metrics.sh (lib.sh's scored_rows).
# Targets: pm-metrics --ci 0.95 at most 1.5x pm-metrics' time, pm-target
# at most 1.5x pm-lift's.
. "$(dirname "$0")/lib.sh"

N=${INTERVAL_ROWS:-10000000}
f=$(scored_rows "$N")
size=$(mb "$f")
cat "$f" > /dev/null # every program starts from the page cache

set -- $(measure_side "pm-metrics $f" "pm-metrics --ci 0.95 $f")
m_t=$1 m_m=$2 ci_t=$3 ci_m=$4
set -- $(measure_side "pm-lift $f" "pm-target --value 200 --cost 40 $f" \
    "pm-target --value 200 --cost 40 --budget 1000000 $f")
l_t=$1 l_m=$2 t_t=$3 t_m=$4 b_t=$5 b_m=$6

# A second score of the same rows for the paired test: the first with noise.
two=$DATA/.two_$N.tsv
awk -F'\t' -v OFS='\t' 'BEGIN { srand(1) } NR == 1 { print $NF, "response_flag", "other"; next }
    { print $NF, $12, $NF + 0.1 * rand() }' "$f" > "$two"
RUNS=${TOOL_RUNS:-3}
set -- $(measure pm-metrics "$two"); two_t=$1 two_m=$2
set -- $(measure pm-metrics --compare other "$two"); cmp_t=$1 cmp_m=$2
rm -f "$two"

cat <<MD
## Intervals and targeting: $N scored rows ($size MB)

| program | median time | peak memory | against |
| --- | --- | --- | --- |
| pm-metrics | $m_t s | $m_m KB | |
| pm-metrics --ci 0.95 | $ci_t s | $ci_m KB | $(ratio "$ci_t" "$m_t")x pm-metrics' time |
| pm-lift | $l_t s | $l_m KB | |
| pm-target --value 200 --cost 40 | $t_t s | $t_m KB | $(ratio "$t_t" "$l_t")x pm-lift's time |
| pm-target --value 200 --cost 40 --budget 1000000 | $b_t s | $b_m KB | $(ratio "$b_t" "$l_t")x pm-lift's time |

Targets: pm-metrics --ci 0.95 and pm-target at most 1.5x the tool beside
them.  DeLong's variance is one more walk of the sorted scores, with sums
kept in 128-bit integers; pm-target reads as pm-lift does and walks once.

The paired DeLong test on a file of three columns (score, target and a
second score), median of $RUNS:

| program | median time | peak memory |
| --- | --- | --- |
| pm-metrics (the first score alone) | $two_t s | $two_m KB |
| pm-metrics --compare other | $cmp_t s | $cmp_m KB |

--compare keeps both scores of every row (16 bytes a row) and, while it
counts, each class's rows sorted by each score with their places (32 bytes a
row of one class, 16 of the other): each row's components come from a walk
beside the other class's sorted scores, as in a merge, after radix sorts.
At commit 3bbe3a7, with a binary search per row, it took 10.04 s.

MD
