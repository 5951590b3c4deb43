# vg.bash - what the valgrind suites share: the tool under memcheck, its
# verdicts, and the small inputs every test reads (made once per file).
#
# Every C tool runs under valgrind (memcheck) on a small input, on its
# success paths and on an error path (libgomp's thread pool, which XGBoost
# leaves to the process's exit, suppressed): no invalid read or write, no
# use of uninitialised memory, and no leak (definite, indirect or possible;
# memory still reachable when die() exits is not a leak).  Run by `make
# valgrind` on the release build, not by `make check`: valgrind cannot run
# the sanitizer build, and it is slow, so the tools are in two files, run at
# once.  pm-chart is a shell script and is not run here.

load ../helper

# vg TOOL ARGS...: run under valgrind; its own errors exit 99.
vg() {
    valgrind -q --error-exitcode=99 --suppressions="$PM_ROOT/tests/valgrind/libgomp.supp" --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes "$@"
}

# ok|fails TOOL ARGS...: the tool succeeds (or fails cleanly, status 1) and
# valgrind reports nothing.
ok() {
    run vg "$@"
    [ "$status" -eq 0 ] || fail "$1: status $status: $output"
}
fails() {
    run vg "$@"
    [ "$status" -eq 1 ] || fail "$1: status $status (expected 1): $output"
}

setup_file() {
    cd "$BATS_FILE_TMPDIR"
    head -401 "$REF/train.tsv" > train.tsv
    head -201 "$REF/test_scored.tsv" > scored.tsv
    head -201 "$REF/drifted_scored.tsv" > drifted.tsv
    pm-fit --exclude account_id,campaign_wave -o model.json train.tsv
}

setup() {
    cd "$BATS_FILE_TMPDIR"
}

