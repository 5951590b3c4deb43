#!/usr/bin/env bats
# pm-lift: the lift and gains table and the top X% of reference.json, tie
# blocks shared out in proportion, numpy.array_split group sizes.

load helper

LIFT_COLUMNS="group rows min_score max_score responders response_rate lift cum_rows cum_responders cum_response_rate cum_lift cum_capture"

ties() {
    { printf 'response_flag\tscore\n'; paste <(ref ties.y) <(ref ties.score); } > ties.tsv
}

# assert_table TSV REFPATH: every row and column of TSV equals the array of
# objects REFPATH of reference.json, to 1e-12, with as many rows.
assert_table() {
    local n i c
    n=$(($(wc -l < "$1") - 1))
    assert_equal "$(head -1 "$1")" "$(echo $LIFT_COLUMNS | tr ' ' '\t')"
    run ref "$2.$n"
    assert_failure # no more rows in the reference
    for ((i = 0; i < n; i++)); do
        for c in $LIFT_COLUMNS; do
            assert_near "$(col $c "$1" | sed -n "$((i + 1))p")" "$(ref "$2.$i.$c")" 1e-12
        done
    done
}

@test "the 10-group table of the test scores equals lift_test_10 to 1e-12" {
    pm-lift "$REF/test_scored.tsv" > lift.tsv
    assert_table lift.tsv lift_test_10
}

@test "ties: the 4-group table shares tie blocks across boundaries as the reference does" {
    ties
    pm-lift -g 4 ties.tsv > lift.tsv
    assert_table lift.tsv ties.lift_4
    # group 2 takes the two 0.7 rows (1 responder) and one of the four 0.5
    # rows (1 responder among them): 1.25
    assert_equal "$(col responders lift.tsv | sed -n 2p)" 1.25
}

@test "--top 5,10,20,30,50 equals top_pct_test to 1e-12" {
    pm-lift --top 5,10,20,30,50 "$REF/test_scored.tsv" > top.tsv
    assert_equal "$(head -1 top.tsv)" "$(printf 'pct\trows\tresponders\tresponse_rate\tlift\tcapture')"
    for i in 0 1 2 3 4; do
        row=$(sed -n "$((i + 2))p" top.tsv)
        assert_equal "$(echo "$row" | cut -f1)" "$(ref top_pct_test.$i.pct)"
        assert_equal "$(echo "$row" | cut -f2)" "$(ref top_pct_test.$i.rows)"
        assert_near "$(echo "$row" | cut -f4)" "$(ref top_pct_test.$i.response_rate)" 1e-12
        assert_near "$(echo "$row" | cut -f5)" "$(ref top_pct_test.$i.lift)" 1e-12
    done
}

@test "--top keeps the order asked, and agrees with the table where they meet" {
    pm-lift --top 30,10 "$REF/test_scored.tsv" > top.tsv
    assert_equal "$(col pct top.tsv | tr '\n' ' ')" "30 10 "
    pm-lift "$REF/test_scored.tsv" > lift.tsv
    assert_equal "$(col responders top.tsv | sed -n 2p)" "$(col cum_responders lift.tsv | sed -n 1p)"
    assert_equal "$(col capture top.tsv | sed -n 1p)" "$(col cum_capture lift.tsv | sed -n 3p)"
}

@test "group sizes are numpy.array_split's: 12 rows in 5 groups are 3 3 2 2 2" {
    ties
    pm-lift -g 5 ties.tsv > lift.tsv
    assert_equal "$(col rows lift.tsv | tr '\n' ' ')" "3 3 2 2 2 "
    assert_equal "$(col cum_rows lift.tsv | tr '\n' ' ')" "3 6 8 10 12 "
    pm-lift -g 12 ties.tsv > one.tsv
    assert_equal "$(col rows one.tsv | sort -u)" 1
}

@test "the last row adds up: all rows, all responders, cumulative lift 1, capture 1" {
    pm-lift -g 7 "$REF/train_scored.tsv" > lift.tsv
    last=$(tail -1 lift.tsv)
    assert_equal "$(echo "$last" | cut -f8)" 4000
    assert_equal "$(echo "$last" | cut -f9)" "$(ref metrics.train.positives)"
    assert_equal "$(echo "$last" | cut -f11,12)" "$(printf '1\t1')"
    assert_near "$(col responders lift.tsv | awk '{ s += $1 } END { printf "%.17g", s }')" 812 1e-9
}

@test "--json writes the same table as an array of objects" {
    pm-lift --json "$REF/test_scored.tsv" > lift.json
    pm-lift "$REF/test_scored.tsv" > lift.tsv
    assert_equal "$(jget lift.json 0 | tr '\n' ' ')" "$(echo $LIFT_COLUMNS) "
    for c in min_score responders lift cum_capture; do
        assert_equal "$(jget lift.json 9.$c)" "$(col $c lift.tsv | sed -n 10p)"
    done
    run jget lift.json 10
    assert_failure
}

@test "fewer rows than groups, or no responders, is an error" {
    ties
    run -1 --separate-stderr pm-lift -g 13 ties.tsv
    assert_equal "$stderr" "pm-lift: ties.tsv: 12 rows cannot make 13 groups"
    printf 'response_flag\tscore\n0\t0.3\n0\t0.2\n' > none.tsv
    run -1 --separate-stderr pm-lift none.tsv
    assert_equal "$stderr" "pm-lift: none.tsv: no responders: lift is undefined"
}

@test "bad options are usage errors" {
    run -2 --separate-stderr pm-lift -g 0
    assert_equal "${stderr_lines[0]}" "pm-lift: option '-g': '0' is out of range (1 to 1000000000)"
    run -2 --separate-stderr pm-lift --top 5,,10
    assert_equal "${stderr_lines[0]}" "pm-lift: option '--top': empty item in list '5,,10'"
    run -2 --separate-stderr pm-lift --top 5,200
    assert_equal "${stderr_lines[0]}" "pm-lift: option '--top': '200' is not a percentage above 0 and at most 100"
}

@test "--help, --version and a bad option" {
    run pm-lift --help
    assert_success
    assert_line --index 0 "Usage: pm-lift [OPTION]... [FILE]"
    run pm-lift --version
    assert_output "pm-lift (pm) 0.1.0"
    run -2 --separate-stderr pm-lift --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-lift --help' for more information."
}
