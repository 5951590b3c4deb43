#!/usr/bin/env bats
# The modules of common/ include one another one way only (x.c and x.h are
# module x): a cycle is a knot in the layers that the code map describes.

load helper

@test "no module of common/ includes another in a cycle" {
    run "$PM_ROOT/tests/include-cycles.sh" "$PM_ROOT/common"
    assert_success
    assert_output ""
}

@test "the check names the modules of a cycle, through a header or a source file" {
    mkdir tree && cd tree
    printf '#include "b.h"\n' > a.c
    printf '#include <stdio.h>\n#include "c.h"\n' > b.h
    printf '#include "a.h" /* back to a */\n' > c.c
    printf '#include "d.h"\n' > a.h
    : > c.h
    : > d.h
    run -1 "$PM_ROOT/tests/include-cycles.sh" .
    assert_line --index 0 "include cycle among the modules of .:"
    assert_line --index 1 "  a -> b -> c"
    assert_equal "${#lines[@]}" 2
    # a module including its own header, and a chain without a loop, pass
    printf '#include "a.h"\n#include "b.h"\n' > a.c
    : > b.h
    run -0 "$PM_ROOT/tests/include-cycles.sh" .
    assert_output ""
}

@test "every module of common/ is in a layer of common/README.md and includes none below it" {
    run "$PM_ROOT/tests/include-layers.sh" "$PM_ROOT/common"
    assert_success
    assert_output ""
}

@test "the layer check names a module out of the table and an include that points down" {
    mkdir tree && cd tree
    printf '# map\n\n## Layers\n\n| layer | modules |\n| --- | --- |\n| base | a, gone |\n| top | b |\n\n## Else\n| x | c |\n' > README.md
    printf '#include "b.h"\n' > a.c
    : > a.h
    printf '#include "a.h"\n' > b.c
    : > c.h
    run -1 "$PM_ROOT/tests/include-layers.sh" .
    assert_line "a (base) includes b (top), a layer below it"
    assert_line "module c is in no layer of README.md"
    assert_line "README.md names module gone, which is not here"
    assert_equal "${#lines[@]}" 3
}

@test "common/README.md names the modules each tool includes, no more and no fewer" {
    awk '/^## / { inside = ($0 == "## Which modules each tool uses") }
         inside && /^\| pm-[a-z-]+ \|/ { print }' "$PM_ROOT/common/README.md" > table
    [ -s table ] || fail "no table of tools in common/README.md"
    for source in "$PM_ROOT"/cmd/pm-*.c; do
        tool=$(basename "$source" .c)
        listed=$(awk -F' [|] ' -v t="| $tool" '$1 == t { gsub(/ [|]$/, "", $2); print $2 }' table |
            tr -d ' ' | tr ',' '\n' | sort | tr '\n' ' ')
        included=$(sed -n 's/^#include "\(.*\)\.h".*/\1/p' "$source" | grep -vx version | sort |
            tr '\n' ' ')
        assert_equal "$tool: $listed" "$tool: $included"
    done
}
