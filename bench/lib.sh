# lib.sh - what the benchmark scripts share.  Source it: . "$(dirname "$0")/lib.sh"
#
# Every script prints a Markdown section to stdout (bench/run.sh gathers them
# into bench/RESULTS.md) and its progress to stderr.  Timings are whole
# processes, wall clock, median of $RUNS runs; peak memory is the largest
# maximum resident set size of those runs, from GNU time.

set -eu
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BIN=${PM_BIN:-$ROOT/build/release/bin}
DATA=${BENCH_DATA:-$BENCH_DIR/data}
RUNS=${RUNS:-5}
PYTHON=/usr/bin/python3 # Debian's, where python3-sklearn is installed
PATH="$BIN:$PATH"
mkdir -p "$DATA"

# The minimal C reader: memchr and strtod, no output.
READER=$DATA/reader
if [ ! -x "$READER" ] || [ "$BENCH_DIR/reader.c" -nt "$READER" ]; then
    cc -O2 -o "$READER" "$BENCH_DIR/reader.c"
fi

# features N: path of N rows of pm-synth | pm-features (seed 1), made once.
features() {
    f=$DATA/features_$1.tsv
    [ -s "$f" ] || { echo "making $f" >&2; pm-synth -n "$1" -s 1 | pm-features -o "$f"; }
    echo "$f"
}

# measure CMD...: run CMD $RUNS times (output to /dev/null); print
# "MEDIAN_SECONDS PEAK_KB" and log them to stderr.
measure() {
    times=
    peak=0
    timing=$(mktemp)
    errors=$(mktemp)
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %M' -o "$timing" "$@" > /dev/null 2> "$errors" \
            || { cat "$errors" >&2; echo "failed: $*" >&2; rm -f "$timing" "$errors"; exit 1; }
        read -r t m < "$timing"
        times="$times $t"
        [ "$m" -gt "$peak" ] && peak=$m
    done
    rm -f "$timing" "$errors"
    median=$(printf '%s\n' $times | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    echo "  $median s, $peak KB: $*" >&2
    echo "$median $peak"
}

# ratio A B: A / B to two decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# mb FILE: size in MB.
mb() {
    awk -v b="$(stat -L -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'
}
