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
