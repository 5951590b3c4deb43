#!/usr/bin/env bats
# The C unit tests of reading: number parsing and TSV field splitting, the two
# fast paths the evaluation tools lean on at 10M rows.

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
