#!/bin/sh
# include-layers.sh [DIR]: exit 1, saying why, unless every module of DIR
# (common/ by default; x.c and x.h make module x) is in one layer of the
# table under "## Layers" in DIR/README.md, and includes only modules of its
# own layer or of the layers above it (and the table names no other).
set -eu
dir=${1:-$(dirname "$0")/../common}
cd "$dir"
for f in *.c *.h; do
    m=${f%.*}
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f" |
        while read -r d; do
            [ "$d" = "$m" ] || echo "include $m $d"
        done
    echo "module $m"
done | sort -u | awk '
    FNR == NR {
        if (/^## /) inside = ($0 == "## Layers")
        else if (inside && /^\| [a-z]/ && !/^\| layer /) {
            split($0, cell, "|")
            gsub(/ /, "", cell[2]); n = split(cell[3], mods, ",")
            layers++
            for (i = 1; i <= n; i++) {
                gsub(/ /, "", mods[i])
                if (mods[i] in layer) { print "module " mods[i] " is in two layers"; bad = 1 }
                layer[mods[i]] = layers; name[mods[i]] = cell[2]
            }
        }
        next
    }
    $1 == "module" { seen[$2] = 1 }
    $1 == "module" && !($2 in layer) { print "module " $2 " is in no layer of README.md"; bad = 1 }
    $1 == "include" && ($2 in layer) && ($3 in layer) && layer[$3] > layer[$2] {
        print $2 " (" name[$2] ") includes " $3 " (" name[$3] "), a layer below it"; bad = 1
    }
    END {
        for (m in layer)
            if (!(m in seen)) { print "README.md names module " m ", which is not here"; bad = 1 }
        exit bad
    }' README.md -
