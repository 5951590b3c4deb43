#!/usr/bin/env bats
# README.md: every command of its console blocks runs as written and prints
# what the README shows (tests/examples.sh), in an empty folder.

load helper

@test "the README's examples run and print what the README shows" {
    command -v parallel > /dev/null || fail "GNU parallel is needed (./bootstrap.sh installs it)"
    run "$PM_ROOT/tests/examples.sh" "$PM_ROOT/README.md"
    assert_success
    assert_output --regexp 'README.md: [0-9]+ examples ran as documented$'
}

@test "the README's two commands for a fresh machine are the ones CI and make know" {
    grep -qx '    ./bootstrap.sh && make demo' "$PM_ROOT/README.md"
    grep -qx '    make check' "$PM_ROOT/README.md"
    grep -qx 'make check' "$PM_ROOT/.ci/run"
    grep -qx '\./bootstrap.sh' "$PM_ROOT/.ci/run"
}
