#!/usr/bin/env bats
# The C unit tests of the fast paths the evaluation tools lean on at 10M rows:
# number parsing, TSV field splitting, sorting doubles.

load helper

@test "num_parse reads decimals of every length exactly as strtod does" {
    run test_num_parse
    assert_success
    assert_output "3000010 decimals parsed as strtod parses them"
}

@test "TSV rows are split at their TABs, every field or only the selected ones" {
    run test_tsv_split "$TMP"
    assert_success
    assert_output "1720800 fields read as written"
}

@test "sort_doubles orders doubles as qsort does, -0 before +0" {
    run test_sort
    assert_success
    assert_output "2199360 doubles sorted as qsort sorts them"
}

@test "tabs_find counts and finds TABs as a byte-by-byte walk does" {
    run test_tabs
    assert_success
    assert_output "20000 lines walked as byte by byte"
}

@test "a large scored file is read in two halves, every row once; a bad row sends the rest back to one reader" {
    run test_scored_tail "$TMP"
    assert_success
    assert_output "8 checks, 0 failed"
}
