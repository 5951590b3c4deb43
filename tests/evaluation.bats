#!/usr/bin/env bats
# What every evaluation tool (pm-metrics, pm-ks, pm-lift, pm-calib) promises
# alike: output independent of the order of rows, AUC and KS independent of
# any strictly increasing transformation of the score, and the same exact
# errors for bad input.

load helper

TOOLS="pm-metrics pm-ks pm-lift pm-calib"

# Every output mode of every tool, one command line per line.
MODES="pm-metrics
pm-metrics --tsv --top 7.5
pm-metrics --by campaign_wave
pm-metrics --by region --tsv
pm-ks
pm-ks --json
pm-ks --table
pm-ks --table -g 0
pm-ks --table -g 33
pm-lift
pm-lift -g 7 --json
pm-lift -g 1000
pm-lift --top 1,5,12.5,20,100
pm-calib
pm-calib --strategy quantile -b 13
pm-calib -b 100 --json"

# shuffle FILE SEED: the header, then the rows in a random order.
shuffle() {
    head -1 "$1"
    tail -n +2 "$1" | shuf --random-source=<(yes "$2")
}

@test "shuffled or reversed rows give byte-identical output, for every tool and mode" {
    cat "$REF/train_scored.tsv" > in.tsv
    tail -n +2 "$REF/test_scored.tsv" >> in.tsv # 5500 rows, many near-ties
    shuffle in.tsv a > shuffled.tsv
    { head -1 in.tsv; tail -n +2 in.tsv | tac; } > reversed.tsv
    run cmp -s in.tsv shuffled.tsv
    assert_failure # the order did change
    while read -r cmd; do
        $cmd in.tsv > want.out
        $cmd shuffled.tsv > got.out || fail "$cmd failed"
        cmp want.out got.out || fail "$cmd: shuffled input changed the output"
        $cmd reversed.tsv | cmp want.out - || fail "$cmd: reversed input changed the output"
    done <<< "$MODES"
}

@test "shuffling a table with heavy ties changes nothing either" {
    # scores with 7 distinct values: every group and bin boundary cuts a tie block
    awk -F'\t' -v OFS='\t' 'NR > 1 { $20 = int($20 * 20) / 20 } 1' "$REF/train_scored.tsv" > in.tsv
    for seed in a b c; do
        shuffle in.tsv $seed > shuffled.tsv
        while read -r cmd; do
            cmp <($cmd in.tsv) <($cmd shuffled.tsv) || fail "$cmd: shuffled ties changed the output"
        done <<< "$MODES"
    done
}

@test "AUC and KS do not change under strictly increasing transformations of the score" {
    f="$REF/test_scored.tsv"
    # p^3 and the log-odds ln(p / (1 - p)), written with 17 digits
    awk -F'\t' -v OFS='\t' 'NR > 1 { $20 = sprintf("%.17g", $20 * $20 * $20) } 1' "$f" > cube.tsv
    awk -F'\t' -v OFS='\t' 'NR > 1 { $20 = sprintf("%.17g", log($20 / (1 - $20))) } 1' "$f" > logit.tsv
    distinct=$(col score "$f" | sort -u | wc -l)
    pm-metrics "$f" > want.json
    for t in cube logit; do
        assert_equal "$(col score $t.tsv | sort -u | wc -l)" "$distinct" # still strictly increasing
        pm-metrics $t.tsv > got.json 2> /dev/null
        for k in auc ks top.responders top.lift; do
            assert_equal "$(jget got.json $k)" "$(jget want.json $k)"
        done
        cmp <(pm-ks $f | cut -f1,3-) <(pm-ks $t.tsv | cut -f1,3-)
        cmp <(pm-ks -t $f | cut -f1,4-) <(pm-ks -t $t.tsv | cut -f1,4-)
        cmp <(pm-lift $f | cut -f1,2,5-) <(pm-lift $t.tsv | cut -f1,2,5-)
    done
}

@test "a target that is not 0 or 1 is an error naming file, line and column" {
    for v in 2 yes -1 0.5; do
        printf 'response_flag\tscore\n1\t0.5\n%s\t0.25\n' "$v" > in.tsv
        for tool in $TOOLS; do
            run -1 --separate-stderr $tool in.tsv
            assert_equal "$stderr" "$tool: in.tsv:3: column 'response_flag': '$v' is not 0 or 1 (name the positive value with --positive)"
            assert_output ""
        done
    done
    printf 'response_flag\tscore\n1.0\t0.5\n0.0\t0.25\n' > ok.tsv
    run pm-metrics ok.tsv
    assert_success
}

@test "a score that is not a number, NaN, infinite or too large is an error naming file, line and column" {
    for v in abc nan NaN inf -inf 0x1p-2 '0.5 ' 1e999; do
        printf 'response_flag\tscore\n1\t0.5\n0\t%s\n' "$v" > in.tsv
        why="is not a number"
        [ "$v" = 1e999 ] && why="is out of range"
        for tool in $TOOLS; do
            run -1 --separate-stderr $tool in.tsv
            assert_equal "$stderr" "$tool: in.tsv:3: column 'score': '$v' $why"
        done
    done
}

@test "an empty target or score is an error" {
    printf 'response_flag\tscore\n1\t0.5\n\t0.25\n' > t.tsv
    printf 'response_flag\tscore\n1\t0.5\n0\t\n' > s.tsv
    for tool in $TOOLS; do
        run -1 --separate-stderr $tool t.tsv
        assert_equal "$stderr" "$tool: t.tsv:3: column 'response_flag': missing value"
        run -1 --separate-stderr $tool s.tsv
        assert_equal "$stderr" "$tool: s.tsv:3: column 'score': missing value"
    done
}

@test "an empty input, a header without rows, a missing column, a ragged row" {
    printf 'response_flag\tscore\n' > header.tsv
    printf 'response_flag\tprob\n1\t0.5\n' > other.tsv
    printf 'response_flag\tscore\n1\t0.5\n0\t0.2\t7\n' > ragged.tsv
    for tool in $TOOLS; do
        run -1 --separate-stderr $tool < /dev/null
        assert_equal "$stderr" "$tool: stdin: empty input: expected a header line"
        run -1 --separate-stderr $tool header.tsv
        assert_equal "$stderr" "$tool: header.tsv: no data rows"
        run -1 --separate-stderr $tool other.tsv
        assert_equal "$stderr" "$tool: column 'score' not found in header of other.tsv"
        run -1 --separate-stderr $tool ragged.tsv
        assert_equal "$stderr" "$tool: ragged.tsv:3: expected 2 fields, found 3"
    done
}

@test "a ragged row is caught however the columns lie, beyond the two read" {
    printf 'a\tresponse_flag\tb\tscore\tc\n' > in.tsv
    printf 'x\t1\ty\t0.5\tz\n' >> in.tsv
    printf 'x\t0\ty\t0.2\tz\textra\n' >> in.tsv
    for tool in $TOOLS; do
        run -1 --separate-stderr $tool in.tsv
        assert_equal "$stderr" "$tool: in.tsv:3: expected 5 fields, found 6"
    done
}

@test "-o writes the file only when the run succeeds; a full disk is an error; a closed pipe is quiet" {
    printf 'response_flag\tscore\n1\t0.5\n0\tx\n' > bad.tsv
    for tool in $TOOLS; do
        $tool -o out.tsv "$REF/test_scored.tsv"
        cmp out.tsv <($tool "$REF/test_scored.tsv")
        rm out.tsv
        run -1 --separate-stderr $tool -o new.tsv bad.tsv
        assert [ ! -e new.tsv ]
        assert_equal "$(ls -A | grep -c new.tsv)" 0
        run -1 --separate-stderr $tool -o /dev/full "$REF/test_scored.tsv"
        assert_equal "$stderr" "$tool: write error on /dev/full: No space left on device"
    done
    run --separate-stderr sh -c 'pm-ks -t -g 0 "$REF/train_scored.tsv" | head -1'
    assert_success
    assert_equal "$stderr" ""
}
