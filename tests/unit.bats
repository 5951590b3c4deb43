#!/usr/bin/env bats
# The C unit tests of common/ (tests/unit/test_*.c), one bats test each.

load helper

@test "num: strict parsing, shortest round-trip formatting" {
    run test_num
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}

@test "sort and quantile: radix sort equals qsort; numpy's linear quantiles" {
    run test_stats
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}

@test "sort_keys_with_index: keys in qsort's order, each index moved with its key, stably" {
    run test_sort_keyed
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}

@test "rng and dmath: known answers, distributions, exp, log and log1p within 1 ulp of libm" {
    run test_random
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}

@test "siphash: the published SipHash-2-4 vectors; keys matter" {
    run test_siphash
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}

@test "linalg: the fixed-order kernels give the plain algorithms' bits and right answers" {
    run test_linalg
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}

@test "normal: the tail and quantile of our own against libm's erfc; Wilson's interval" {
    run test_normal
    assert_success
    assert_output --regexp '^[0-9]+ checks, 0 failed$'
}
