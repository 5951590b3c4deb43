# helper.bash - loaded first by every .bats file: `load helper`.
#
# Puts the freshly built tools first on PATH (make check exports PM_BIN and
# PM_TESTS; run by hand they default to the release build), runs everything
# in the C locale, and gives each test a scratch folder in $TMP.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

export LC_ALL=C
# A sanitizer's report must not pass for a tool's ordinary exit status 1.
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=87:print_stacktrace=1}
PM_ROOT=${PM_ROOT:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)}
PM_BIN=${PM_BIN:-$PM_ROOT/build/release/bin}
PM_TESTS=${PM_TESTS:-$PM_ROOT/build/release/tests}
PATH="$PM_BIN:$PM_TESTS:$PATH"
REF="$PM_ROOT/tests/reference"
export PM_ROOT PM_BIN PM_TESTS PATH REF

setup() {
    TMP="$BATS_TEST_TMPDIR"
    cd "$TMP" || return 1
}

# ref PATH...: values from tests/reference/reference.json (see tests/tools/jget.c).
ref() {
    jget "$REF/reference.json" "$@"
}

# assert_near ACTUAL EXPECTED TOL: |ACTUAL - EXPECTED| <= TOL.
assert_near() {
    awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN {
        d = a - e; if (d < 0) d = -d
        if (a == "" || e == "" || d > t) {
            printf "expected %s within %s of %s (off by %.3g)\n", a, t, e, d; exit 1
        }
    }' || fail "assert_near failed"
}

# col NAME [FILE]: the values of the column called NAME, one per line.
col() {
    awk -F'\t' -v name="$1" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i
                  if (!c) { print "no column " name > "/dev/stderr"; exit 2 }; next }
        { print $c }' "${2:--}"
}

# assert_columns_near FILE1 COL1 FILE2 COL2 TOL: the two columns agree row by
# row within TOL (absolute), and have the same number of rows.
assert_columns_near() {
    paste <(col "$2" "$1") <(col "$4" "$3") | awk -F'\t' -v t="$5" '
        { n++; if ($1 == "" || $2 == "") { bad++; next }
          d = $1 - $2; if (d < 0) d = -d; if (d > max) max = d; if (d > t) bad++ }
        END { if (bad || n == 0) { printf "%d of %d rows differ by more than %s (max %.3g)\n", bad, n, t, max; exit 1 } }' \
        || fail "columns differ"
}
