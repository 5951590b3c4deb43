#!/bin/sh
# include-cycles.sh [DIR]: exit 1, naming the modules, if the modules of DIR
# (common/ by default; x.c and x.h make module x) include one another in a
# cycle; exit 0 if every #include "..." points one way.
set -eu
dir=${1:-$(dirname "$0")/../common}
cd "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in *.c *.h; do
    m=${f%.*}
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f" |
        while read -r d; do
            [ "$d" = "$m" ] || echo "$m $d"
        done
done | sort -u > "$tmp/edges"
if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/loops"; then
    echo "include cycle among the modules of $dir:"
    # tsort names each loop it breaks, a module a line after a header line
    awk '/input contains a loop/ { if (loop) print "  " loop; loop = ""; next }
         { sub(/^tsort: /, ""); loop = loop ? loop " -> " $0 : $0 }
         END { if (loop) print "  " loop }' "$tmp/loops"
    exit 1
fi
