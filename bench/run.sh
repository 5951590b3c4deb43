#!/bin/sh
# run.sh [NAME...] - run the benchmarks (all bench/*.sh but lib.sh and this
# one, or the NAMEs given) and write their figures to bench/RESULTS.md.
# Needs ./bootstrap.sh --bench.  Slow: the data sets are up to 10M rows.
set -eu
cd "$(dirname "$0")"
names=${*:-$(ls *.sh | grep -v -e '^lib.sh$' -e '^run.sh$' | sed 's/\.sh$//')}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
    echo "# Benchmark results"
    echo
    echo "Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
    echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr)."
    echo "Times are whole processes, wall clock, median of 5 runs unless a section says otherwise;"
    echo "the programs a table compares take turns, run by run, so that a slow spell of the machine"
    echo "falls on all of them alike;"
    echo "peak memory is the maximum resident set size (GNU time)."
    echo
    for n in $names; do
        echo "running $n" >&2
        "./$n.sh"
    done
} > "$tmp"
mv "$tmp" RESULTS.md
echo "wrote bench/RESULTS.md" >&2
