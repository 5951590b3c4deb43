#!/bin/sh
# run.sh [NAME...] - run the benchmarks and record their figures in
# bench/RESULTS.md.  Without NAMEs: every bench/*.sh but lib.sh and this one,
# and RESULTS.md is written afresh.  With NAMEs: only those, each replacing
# its own section of RESULTS.md (or added at the end), the others kept as
# they were; every section names the commit and the day it ran on.
# Needs ./bootstrap.sh --bench.  Slow: the data sets are up to 10M rows.
set -eu
cd "$(dirname "$0")"
all=$(ls ./*.sh | sed 's|^\./||; s/\.sh$//' | grep -v -e '^lib$' -e '^run$')
names=${*:-$all}
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

header() {
    echo "# Benchmark results"
    echo
    echo "Written by \`make bench\` (bench/run.sh); \`bench/run.sh NAME\` runs one section again."
    echo "Each section names the machine it ran on (\`bench/run.sh NAME\` may run one elsewhere)."
    echo "Times are whole processes, wall clock, median of ${RUNS:-5} runs unless a section says otherwise;"
    echo "the programs a table compares take turns, run by run, so that a slow spell of the machine"
    echo "falls on all of them alike;"
    echo "peak memory is the maximum resident set size (GNU time)."
    echo
}

machine() {
    echo "$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr)"
}

# section NAME: the benchmark's figures between markers that a later run
# finds again, with the day, the commit and the machine they were made on.
section() {
    echo "<!-- bench $1: begin -->"
    "./$1.sh"
    echo
    echo "_Run on $(date -u +%Y-%m-%d), commit $commit, on $(machine)._"
    echo "<!-- bench $1: end -->"
    echo
}

for n in $names; do
    [ -x "./$n.sh" ] || { echo "run.sh: no benchmark '$n'" >&2; exit 2; }
done
for n in $names; do
    echo "running $n" >&2
    section "$n" > "$tmp/$n.md"
done
if [ $# -eq 0 ] || [ ! -f RESULTS.md ]; then
    { header; for n in $names; do cat "$tmp/$n.md"; done; } > "$tmp/RESULTS.md"
else
    cp RESULTS.md "$tmp/RESULTS.md"
    for n in $names; do
        awk -v name="$n" -v file="$tmp/$n.md" '
            $0 == "<!-- bench " name ": begin -->" { while ((getline l < file) > 0) print l; skip = 1; done = 1; next }
            skip && $0 == "<!-- bench " name ": end -->" { skip = 0; if ((getline) > 0 && $0 != "") print; next }
            !skip { print }
            END { if (!done) while ((getline l < file) > 0) print l }' "$tmp/RESULTS.md" > "$tmp/next.md"
        mv "$tmp/next.md" "$tmp/RESULTS.md"
    done
fi
mv "$tmp/RESULTS.md" RESULTS.md
echo "wrote bench/RESULTS.md" >&2
