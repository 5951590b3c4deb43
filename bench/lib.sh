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
case $DATA$BENCH_DIR in
*[[:space:]]*) echo "bench: $DATA or $BENCH_DIR has a blank; measure_side needs paths without" >&2; exit 2 ;;
esac

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

# scored_rows N: path of N scored rows, made once: features N with a score
# column appended by bench/score.awk (the true response probability of
# pm-synth's model, with 17 digits), kept in $DATA as scored_N.tsv.
scored_rows() {
    f=$DATA/scored_$1.tsv
    if [ ! -s "$f" ]; then
        src=$(features "$1")
        echo "making $f" >&2
        awk -f "$BENCH_DIR/score.awk" "$src" > "$f.tmp" && mv "$f.tmp" "$f"
    fi
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

# measure_side CMDLINE...: run the command lines (each split at blanks: the
# paths here have none) $RUNS times, taking turns, so that a slow spell of
# this shared machine falls on all of them alike rather than on one; print
# "MEDIAN_SECONDS PEAK_KB" for each, in order, and log them to stderr.
measure_side() {
    dir=$(mktemp -d)
    for _ in $(seq "$RUNS"); do
        i=0
        for cmd in "$@"; do
            i=$((i + 1))
            # shellcheck disable=SC2086 # a command line, split at blanks
            /usr/bin/time -f '%e %M' -a -o "$dir/$i" $cmd > /dev/null 2> "$dir/errors" \
                || { cat "$dir/errors" >&2; echo "failed: $cmd" >&2; rm -rf "$dir"; exit 1; }
        done
    done
    i=0
    for cmd in "$@"; do
        i=$((i + 1))
        sort -g "$dir/$i" | awk -v cmd="$cmd" '
            { t[NR] = $1; if ($2 > peak) peak = $2 }
            END { m = t[int((NR + 1) / 2)]; printf "  %s s, %d KB: %s\n", m, peak, cmd > "/dev/stderr"; print m, peak }'
    done
    rm -rf "$dir"
}

# ratio A B: A / B to two decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# mb FILE: size in MB.
mb() {
    awk -v b="$(stat -L -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'
}
