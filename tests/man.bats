#!/usr/bin/env bats
# The man pages: lint-clean, one per tool, and their EXAMPLES run as written.

load helper

# Files the examples may use, made afresh for each page.
make_fixtures() {
    pm-synth -n 2000 -s 1 > accounts.tsv
    pm-synth -n 2000 -s 2 --drift 1.5 > drifted.tsv
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' accounts.tsv > accounts.csv
}

@test "every tool has a man page and every page lints clean" {
    for tool in "$PM_BIN"/pm-*; do
        name=$(basename "$tool")
        [ -f "$PM_ROOT/man/$name.1" ] || fail "no man page for $name"
    done
    # the lint is the Makefile's, run here rather than written twice
    run make -s --no-print-directory -f "$PM_ROOT/Makefile" lint-man
    assert_success
    assert_output "man pages: $(ls "$PM_ROOT"/man/*.[17] | wc -l) lint-clean"
}

@test "every man page's EXAMPLES run and print what the page shows" {
    for page in "$PM_ROOT"/man/*.[17]; do
        mkdir "$TMP/$(basename "$page")" && cd "$TMP/$(basename "$page")"
        make_fixtures
        run "$PM_ROOT/tests/examples.sh" "$page"
        assert_success
    done
}
