#!/bin/sh
# features.sh - pm-features against the floor (the minimal C reader), and its
# peak memory from 1M to 10M rows (it streams, so it should not grow).
. "$(dirname "$0")/lib.sh"

raw() { # raw N: pm-synth output of N rows
    f=$DATA/raw_$1.tsv
    [ -s "$f" ] || { echo "making $f" >&2; pm-synth -n "$1" -s 1 -o "$f"; }
    echo "$f"
}

r1=$(raw 1000000)
set -- $(measure_side "$READER $r1" "pm-features $r1"); floor_t=$1 feat_t=$3 feat_m1=$4
size=$(mb "$r1")
r10=$(raw 10000000)
RUNS=1
set -- $(measure pm-features "$r10"); feat_m10=$2

cat <<MD
## pm-features: 1,000,000 rows of pm-synth output ($size MB)

| program | median time | throughput | vs floor |
| --- | --- | --- | --- |
| minimal C reader (memchr + strtod, no output) | $floor_t s | $(awk -v s="$size" -v t="$floor_t" 'BEGIN{printf "%.0f", s/t}') MB/s | 1.00 |
| pm-features | $feat_t s | $(awk -v s="$size" -v t="$feat_t" 'BEGIN{printf "%.0f", s/t}') MB/s | $(ratio "$floor_t" "$feat_t") |

Target: pm-features reaches at least half the floor's throughput (last column >= 0.50).

Peak memory of pm-features: $feat_m1 KB at 1M rows, $feat_m10 KB at 10M rows (constant: it streams).

MD
