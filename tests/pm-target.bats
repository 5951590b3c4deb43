#!/usr/bin/env bats
# pm-target: the cut with the most expected profit (targeting_test of
# beyond.json), within a budget or a capacity, tie blocks whole; the profit
# curve; the contact list; usage errors.

load helper

beyond() {
    jget "$REF/beyond.json" "$@"
}

shuffled() {
    { head -1 "$1"; tail -n +2 "$1" | awk 'BEGIN { srand(11) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-; }
}

# Five rows with a block of three tied scores; dyadic scores, so that every
# figure below is exact: value 8, cost 1.
ties() {
    printf 'response_flag\tscore\n1\t0.75\n0\t0.5\n1\t0.5\n0\t0.5\n0\t0.125\n' > ties.tsv
}

@test "--value 200 --cost 40: the best cut of targeting_test.best_expected" {
    pm-target --value 200 --cost 40 "$REF/test_scored.tsv" > t.json
    assert_equal "$(jget t.json contacts)" "$(beyond targeting_test.best_expected.contacts)"
    assert_equal "$(jget t.json responders)" "$(beyond targeting_test.best_expected.responders)"
    assert_near "$(jget t.json threshold)" "$(beyond targeting_test.best_expected.threshold)" 1e-9
    assert_near "$(jget t.json expected_profit)" "$(beyond targeting_test.best_expected.expected_profit)" 1e-9
    assert_near "$(jget t.json realised_profit)" "$(beyond targeting_test.best_expected.realised_profit)" 1e-9
    assert_equal "$(jget t.json break_even_score)" "$(beyond targeting_test.break_even_score)"
    assert_equal "$(jget t.json rows)" 1500
}

@test "the other figures of the best cut follow from it: share, expected responders, ROI, lift" {
    pm-target --value 200 --cost 40 "$REF/test_scored.tsv" > t.json
    p=$(beyond targeting_test.best_expected.expected_profit)
    assert_near "$(jget t.json share)" "$(awk 'BEGIN { printf "%.17g", 616 / 1500 }')" 1e-15
    assert_near "$(jget t.json expected_responders)" "$(awk -v p="$p" 'BEGIN { printf "%.17g", (p + 40 * 616) / 200 }')" 1e-9
    assert_near "$(jget t.json roi)" "$(awk -v p="$p" 'BEGIN { printf "%.17g", p / (40 * 616) }')" 1e-12
    assert_near "$(jget t.json lift)" "$(awk 'BEGIN { printf "%.17g", 159 / 616 / 0.2 }')" 1e-12
}

@test "--budget 12000: the cut of targeting_test.budget_cut" {
    pm-target --value 200 --cost 40 --budget 12000 "$REF/test_scored.tsv" > t.json
    assert_equal "$(jget t.json contacts)" "$(beyond targeting_test.budget_cut.contacts)"
    assert_equal "$(jget t.json responders)" "$(beyond targeting_test.budget_cut.responders)"
    assert_near "$(jget t.json threshold)" "$(beyond targeting_test.budget_cut.threshold)" 1e-9
    assert_near "$(jget t.json expected_profit)" "$(beyond targeting_test.budget_cut.expected_profit)" 1e-9
}

@test "--capacity 100: the 100 best rows, their profit as awk sums it" {
    pm-target --value 200 --cost 40 --capacity 100 "$REF/test_scored.tsv" > t.json
    assert_equal "$(jget t.json contacts)" 100
    want=$(col score "$REF/test_scored.tsv" | sort -g -r | head -100 | awk '{ s += $1 } END { printf "%.17g", 200 * s - 4000 }')
    assert_near "$(jget t.json expected_profit)" "$want" 1e-9
}

@test "--fixed-cost: the same cut, the profit lower by the fixed cost, counted in the budget" {
    pm-target --value 200 --cost 40 "$REF/test_scored.tsv" > a.json
    pm-target --value 200 --cost 40 --fixed-cost 1000 "$REF/test_scored.tsv" > b.json
    assert_equal "$(jget b.json contacts)" "$(jget a.json contacts)"
    assert_near "$(jget b.json expected_profit)" "$(awk -v p="$(jget a.json expected_profit)" 'BEGIN { printf "%.17g", p - 1000 }')" 1e-9
    pm-target --value 200 --cost 40 --fixed-cost 1000 --budget 13000 "$REF/test_scored.tsv" > c.json
    assert_equal "$(jget c.json contacts)" 300
}

@test "a block of tied scores is contacted whole or not at all" {
    ties
    pm-target --value 8 --cost 1 --tsv ties.tsv > t.tsv
    # contacting 4 (the 0.75 and the three 0.5) and 5 both earn 14: the fewer
    assert_equal "$(cat t.tsv)" "$(printf 'rows\tthreshold\tcontacts\tshare\texpected_responders\texpected_profit\troi\tbreak_even_score\tresponders\trealised_profit\tlift\n5\t0.5\t4\t0.8\t2.25\t14\t3.5\t0.125\t2\t12\t1.25')"
    # a budget of 3 cannot take the block of three after the first row
    pm-target --value 8 --cost 1 --budget 3 --tsv ties.tsv > b.tsv
    assert_equal "$(tail -1 b.tsv)" "$(printf '5\t0.75\t1\t0.2\t0.75\t5\t5\t0.125\t1\t7\t2.5')"
    pm-target --value 8 --cost 1 --capacity 3 --tsv ties.tsv > c.tsv
    cmp b.tsv c.tsv
}

@test "when no cut pays, nobody is contacted" {
    printf 'response_flag\tscore\n1\t0.125\n0\t0.125\n0\t0.0625\n' > low.tsv
    pm-target --value 8 --cost 2 low.tsv > t.json
    assert_equal "$(jget t.json contacts)" 0
    assert_equal "$(jget t.json threshold)" null
    assert_equal "$(jget t.json expected_profit)" 0
    assert_equal "$(jget t.json roi)" null
    pm-target --value 8 --cost 2 --mark contact low.tsv > m.tsv
    assert_equal "$(col contact m.tsv | tr '\n' ' ')" "0 0 0 "
}

@test "rows in another order: the same bytes, for the cut, the curve and the contact list" {
    shuffled "$REF/test_scored.tsv" > shuffled.tsv
    ! cmp -s "$REF/test_scored.tsv" shuffled.tsv
    pm-target --value 200 --cost 40 "$REF/test_scored.tsv" > a.json
    pm-target --value 200 --cost 40 shuffled.tsv > b.json
    cmp a.json b.json
    pm-target --value 200 --cost 40 --table --cuts "$REF/test_scored.tsv" > a.tsv
    pm-target --value 200 --cost 40 --table --cuts shuffled.tsv > b.tsv
    cmp a.tsv b.tsv
    pm-target --value 200 --cost 40 --mark contact "$REF/test_scored.tsv" | sort > a.marks
    pm-target --value 200 --cost 40 --mark contact shuffled.tsv | sort > b.marks
    cmp a.marks b.marks
}

@test "a counts table gives the bytes of the rows" {
    pm-counts "$REF/test_scored.tsv" > counts.tsv
    pm-target --value 200 --cost 40 --budget 12000 "$REF/test_scored.tsv" > a.json
    pm-target --value 200 --cost 40 --budget 12000 --counts counts.tsv > b.json
    cmp a.json b.json
}

@test "without the target: the expected figures alone, the same as with it" {
    pm-target --value 200 --cost 40 --tsv "$REF/test_scored.tsv" > with.tsv
    cut -f20 "$REF/test_scored.tsv" | pm-target --value 200 --cost 40 --tsv > without.tsv
    assert_equal "$(cat without.tsv)" "$(cut -f1-8 with.tsv)"
}

@test "a target named with -y must be there" {
    run -1 --separate-stderr pm-target --value 200 --cost 40 -y bought "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-target: column 'bought' not found in header of $REF/test_scored.tsv"
}

@test "--mark: every row as it was, with 1 for the rows scoring at least the threshold" {
    pm-target --value 200 --cost 40 --mark contact "$REF/test_scored.tsv" > m.tsv
    assert_equal "$(head -1 m.tsv)" "$(head -1 "$REF/test_scored.tsv")$(printf '\tcontact')"
    assert_equal "$(cut -f1-20 m.tsv)" "$(cat "$REF/test_scored.tsv")"
    assert_equal "$(col contact m.tsv | grep -c 1)" "$(beyond targeting_test.best_expected.contacts)"
    t=$(beyond targeting_test.best_expected.threshold)
    awk -F'\t' -v t="$t" 'NR > 1 && ($20 >= t) != $21 { bad++ } END { exit bad > 0 }' m.tsv
    assert_equal "$(awk -F'\t' '$21 == 1 { s += $12 } END { print s }' m.tsv)" "$(beyond targeting_test.best_expected.responders)"
}

@test "--mark with a budget marks the budget's cut" {
    pm-target --value 200 --cost 40 --budget 12000 --mark contact -o m.tsv "$REF/test_scored.tsv"
    assert_equal "$(col contact m.tsv | grep -c 1)" "$(beyond targeting_test.budget_cut.contacts)"
}

@test "--table: the profit curve by percent; 20% is the top 300 rows of the budget cut" {
    pm-target --value 200 --cost 40 --table --tsv "$REF/test_scored.tsv" > curve.tsv
    assert_equal "$(head -1 curve.tsv)" "$(printf 'pct\tcontacts\tthreshold\texpected_responders\texpected_profit\troi\tresponders\trealised_profit\tlift')"
    assert_equal "$(wc -l < curve.tsv)" 101
    assert_equal "$(col pct curve.tsv | sed -n '1p;20p;100p' | tr '\n' ' ')" "1 20 100 "
    row=$(awk -F'\t' '$1 == 20' curve.tsv)
    assert_equal "$(echo "$row" | cut -f2)" 300
    assert_equal "$(echo "$row" | cut -f7)" "$(beyond wilson_top20_test.k)"
    assert_near "$(echo "$row" | cut -f5)" "$(beyond targeting_test.budget_cut.expected_profit)" 1e-9
    assert_equal "$(tail -1 curve.tsv | cut -f2,7)" "$(printf '1500\t300')"
}

@test "--table --cuts: every cut; its best expected and best realised profits are the reference's" {
    pm-target --value 200 --cost 40 --table --cuts --tsv "$REF/test_scored.tsv" > cuts.tsv
    assert_equal "$(($(wc -l < cuts.tsv) - 1))" "$(col score "$REF/test_scored.tsv" | sort -u | wc -l)"
    best=$(tail -n +2 cuts.tsv | sort -t$'\t' -k5,5gr | head -1)
    assert_equal "$(echo "$best" | cut -f2)" "$(beyond targeting_test.best_expected.contacts)"
    real=$(tail -n +2 cuts.tsv | sort -t$'\t' -k8,8gr -k2,2n | head -1)
    assert_equal "$(echo "$real" | cut -f2)" "$(beyond targeting_test.best_realised.contacts)"
    assert_near "$(echo "$real" | cut -f8)" "$(beyond targeting_test.best_realised.realised_profit)" 1e-9
}

@test "--table shares a tie block that the cut falls in, as the lift table does" {
    ties
    pm-target --value 8 --cost 1 --table --tsv ties.tsv > curve.tsv
    # 40% is 2 rows: the 0.75 and one of the three 0.5 (1/3 of a responder)
    assert_equal "$(awk -F'\t' '$1 == 40' curve.tsv | cut -f2-5)" "$(printf '2\t0.5\t1.25\t8')"
    assert_near "$(awk -F'\t' '$1 == 40' curve.tsv | cut -f7)" "$(awk 'BEGIN { printf "%.17g", 1 + 1 / 3 }')" 1e-15
}

@test "no calibration warning on the reference; a warning when the target is far from the scores" {
    run -0 --separate-stderr pm-target --value 200 --cost 40 "$REF/test_scored.tsv"
    assert_equal "$stderr" ""
    { printf 'response_flag\tscore\n'; for i in $(seq 20); do printf '0\t0.9\n'; done; } > cal.tsv
    run -0 --separate-stderr pm-target --value 200 --cost 40 cal.tsv
    assert_equal "$stderr" "pm-target: cal.tsv: the responders are -13.4 standard errors from what the scores expect: the expected figures assume calibrated scores"
}

@test "usage errors: a budget below one contact, a negative value or cost, no value" {
    check() {
        local want=$1; shift
        run -2 --separate-stderr pm-target "$@" "$REF/test_scored.tsv"
        assert_equal "$stderr" "$(printf 'pm-target: %s\nTry '"'"'pm-target --help'"'"' for more information.' "$want")"
        assert_output ''
    }
    check "option '--budget': '30' does not pay for one contact (--cost 40)" --value 200 --cost 40 --budget 30
    check "option '--budget': '1000' does not pay for one contact (--cost 40, --fixed-cost 999)" --value 200 --cost 40 --fixed-cost 999 --budget 1000
    check "option '--value': '-5' is not a positive amount" --value -5 --cost 40
    check "option '--value': '0' is not a positive amount" --value 0 --cost 40
    check "option '--cost': '-1' is not a zero or positive amount" --value 200 --cost -1
    check "option '--fixed-cost': '-1' is not a zero or positive amount" --value 200 --cost 1 --fixed-cost -1
    check "option '--capacity': '0' is out of range (1 to 9223372036854775807)" --value 200 --cost 1 --capacity 0
    check "--value and --cost are needed: what a responder is worth, what a contact costs" --cost 40
    check "--cuts is an option of --table" --value 200 --cost 40 --cuts
    check "--mark and --table write different things: give one of them" --value 200 --cost 40 --mark c --table
}

@test "--mark reads stdin too, a pipe or a file, with the bytes it writes for the file; counts are a usage error" {
    pm-target --value 200 --cost 40 --mark contact "$REF/test_scored.tsv" > file.tsv
    pm-target --value 200 --cost 40 --mark contact < "$REF/test_scored.tsv" > seekable.tsv
    cat "$REF/test_scored.tsv" | pm-target --value 200 --cost 40 --mark contact > pipe.tsv
    cat "$REF/test_scored.tsv" | pm-target --value 200 --cost 40 --mark contact - > dash.tsv
    cmp file.tsv seekable.tsv
    cmp file.tsv pipe.tsv
    cmp file.tsv dash.tsv
    # CSV through a pipe, the copy read as CSV again
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' "$REF/test_scored.tsv" > scored.csv
    cat scored.csv | pm-target --csv --value 200 --cost 40 --mark contact > csvpipe.csv
    pm-target --value 200 --cost 40 --mark contact scored.csv > csvfile.csv
    cmp csvfile.csv csvpipe.csv
    # the copy goes to TMPDIR; one that cannot be made is an error
    run -1 --separate-stderr env TMPDIR=/nonexistent sh -c \
        "cat '$REF/test_scored.tsv' | pm-target --value 200 --cost 40 --mark contact -o m.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-target: cannot make a temporary file in /nonexistent: No such file or directory"
    [ ! -e m.tsv ]
    run -2 --separate-stderr pm-target --value 200 --cost 40 --mark contact --counts x.tsv
    assert_equal "${stderr%%$'\n'*}" "pm-target: --mark writes the rows with their mark: it needs rows, not counts"
}

@test "--mark with the name of a column of the file is an error, and leaves no file" {
    run -1 --separate-stderr pm-target --value 200 --cost 40 --mark score -o m.tsv "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-target: $REF/test_scored.tsv: column 'score' is there already: name the mark another way"
    [ ! -e m.tsv ]
}

@test "scores must be probabilities" {
    printf 'response_flag\tscore\n1\t0.5\n0\t1.5\n' > bad.tsv
    run -1 --separate-stderr pm-target --value 200 --cost 40 bad.tsv
    assert_equal "$stderr" "pm-target: bad.tsv:3: column 'score': '1.5' is outside [0, 1]: expected responders need probabilities"
}
