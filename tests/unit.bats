#!/usr/bin/env bats
# The C unit tests of common/ (tests/unit/test_*.c, on check.h): each prints
# "N checks, M failed", a failed check's place and values on stderr, and
# exits 1 if any failed.  N is fixed (the random cases are seeded), so a
# test that stopped checking would fail here too.

load helper

# unit N PROGRAM [ARG]...: PROGRAM passes N checks and fails none.
unit() {
    local n=$1
    shift
    run --separate-stderr "$@"
    assert_success
    assert_output "$n checks, 0 failed"
    assert_equal "$stderr" ""
}

# ---------- base and io ----------

@test "num: strict parsing, shortest round-trip formatting" {
    unit 799676 test_num
}

@test "num_format writes what printf and strtod say, byte for byte, on random and edge doubles" {
    unit 79689 test_num_format
}

@test "num_parse reads decimals of every length exactly as strtod does" {
    unit 3000010 test_num_parse
}

@test "siphash: the published SipHash-2-4 vectors; keys matter" {
    unit 19 test_siphash
}

@test "the level table counts and orders levels as a plain list does" {
    unit 19227 test_levels
}

@test "tabs_find counts and finds TABs as a byte-by-byte walk does" {
    unit 60000 test_tabs
}

@test "TSV rows are split at their TABs, every field or only the selected ones" {
    unit 1721400 test_tsv_split "$TMP"
}

# ---------- numerics ----------

@test "csum: compensated sums keep what a plain sum loses; parts merge" {
    unit 7 test_csum
}

@test "sort and quantile: radix sort equals qsort; numpy's linear quantiles" {
    unit 66 test_stats
}

@test "sort_doubles orders doubles as qsort does, -0 before +0" {
    unit 48 test_sort
}

@test "the in-place sort that holds pm-psi's reference agrees with qsort" {
    unit 78 test_sort_in_place
}

@test "sort_keys_with_index: keys in qsort's order, each index moved with its key, stably" {
    unit 28 test_sort_keyed
}

@test "quantiles from the counts of values equal quantiles of the values written out" {
    unit 220000 test_quantile_counts
}

@test "rng and dmath: known answers, distributions, exp, log and log1p within 1 ulp of libm" {
    unit 22 test_random
}

@test "linalg: the fixed-order kernels give the plain algorithms' bits and right answers" {
    unit 40864 test_linalg
}

@test "normal: the tail and quantile of our own against libm's erfc; Wilson's interval" {
    unit 2132 test_normal
}

# ---------- modeling and evaluation ----------

@test "fit: a tiny logistic fit is the optimum, its gradient zero in every term" {
    unit 18 test_fit
}

@test "rank: AUC, KS, Brier, log loss and the top X% of seven rows, from scores and from counts" {
    unit 36 test_rank
}

@test "psi and woe: the index of a few bins, its verdict, numpy's sum; a bin's WoE and IV" {
    unit 169 test_psi
}

@test "a large scored file is read in two halves, every row once; a bad row sends the rest back to one reader" {
    unit 8 test_scored_tail "$TMP"
}

@test "dmath_v2: two lanes of exp and log1p, each lane the scalar function's bits" {
    unit 8000968 test_dmath_v2
}

@test "every unit test of tests/unit/ is run by this file, on check.h" {
    for source in "$PM_ROOT"/tests/unit/test_*.c; do
        name=$(basename "$source" .c)
        grep -q "^    unit [0-9]* $name\b" "$BATS_TEST_FILENAME" || fail "$name is not run here"
        grep -q '#include "check.h"' "$source" || fail "$name does not use check.h"
    done
}
