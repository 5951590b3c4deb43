#!/usr/bin/env bats
# pm-counts and --counts: rows reduced to counts by distinct score, counted
# in shards and merged, give every evaluation tool the same bytes as the rows.

load helper

# Every mode of every tool that reads counts (all but --by).
MODES="pm-metrics
pm-metrics --tsv --top 7.5
pm-ks
pm-ks --json
pm-ks --table
pm-ks --table -g 0
pm-lift
pm-lift -g 7 --json
pm-lift --top 1,5,12.5,20,100
pm-calib
pm-calib --strategy quantile -b 13"

# shards: train and test scores in three shards, rows dealt round robin;
# with rounded scores too, so that tie blocks span shards.
shards() {
    { cat "$REF/train_scored.tsv"; tail -n +2 "$REF/test_scored.tsv"; } > all.tsv
    awk -F'\t' -v OFS='\t' 'NR > 1 { $20 = int($20 * 50) / 50 } 1' all.tsv > rounded.tsv
    for f in all rounded; do
        for k in 0 1 2; do
            awk -v k=$k 'NR == 1 || NR % 3 == k' $f.tsv | pm-counts > $f.$k.counts
        done
        { cat $f.2.counts; tail -n +2 $f.0.counts; tail -n +2 $f.1.counts; } > $f.cat.counts
    done
}

@test "the counts of the ties case: one row per distinct score, highest first" {
    { printf 'response_flag\tscore\n'; paste <(ref ties.y) <(ref ties.score); } > ties.tsv
    run pm-counts ties.tsv
    assert_output "$(printf '%s\n' 'score	responders	non_responders' '0.9	2	1' '0.7	1	1' \
        '0.5	1	3' '0.2	1	1' '0.1	0	1')"
}

@test "every tool reads the concatenated counts of shards and writes the bytes it writes on the rows" {
    shards
    for f in all rounded; do
        while read -r cmd; do
            cmp <($cmd $f.tsv) <($cmd --counts $f.cat.counts) || fail "$cmd on $f: counts differ from rows"
        done <<< "$MODES"
    done
}

@test "merging counts is exact and independent of order: the counts of all the rows" {
    shards
    for f in all rounded; do
        pm-counts --counts $f.cat.counts > merged.tsv
        pm-counts $f.tsv | cmp - merged.tsv
        { head -1 $f.cat.counts; tail -n +2 $f.cat.counts | shuf --random-source=<(yes); } > shuffled.tsv
        pm-counts --counts shuffled.tsv | cmp - merged.tsv
    done
    # rounded scores: 4 + 1 header lines, however many rows
    assert_equal "$(pm-counts rounded.tsv | wc -l)" "$(($(col score rounded.tsv | sort -u | wc -l) + 1))"
}

@test "reference values from counts: AUC, KS, the lift table" {
    pm-counts "$REF/test_scored.tsv" > counts.tsv
    pm-metrics --counts counts.tsv > m.json
    assert_near "$(jget m.json auc)" "$(ref metrics.test.auc)" 1e-12
    assert_near "$(jget m.json ks)" "$(ref metrics.test.ks)" 1e-12
    assert_near "$(jget m.json log_loss)" "$(ref metrics.test.log_loss)" 1e-12
    pm-lift --counts counts.tsv > lift.tsv
    assert_near "$(col cum_lift lift.tsv | sed -n 2p)" "$(ref lift_test_10.1.cum_lift)" 1e-12
}

@test "the score column takes the --score name both ways; rows of zero counts add nothing" {
    sed '1s/score$/p/' "$REF/test_scored.tsv" > p.tsv
    pm-counts --score p p.tsv > counts.tsv
    assert_equal "$(head -1 counts.tsv)" "$(printf 'p\tresponders\tnon_responders')"
    printf '0.5\t0\t0\n' >> counts.tsv
    pm-metrics --counts --score p counts.tsv | cmp - <(pm-metrics "$REF/test_scored.tsv")
}

@test "a count that is not a whole number from 0 to 2^53 is an error naming file, line and column" {
    for v in -1 1.5 x; do
        printf 'score\tresponders\tnon_responders\n0.5\t1\t2\n0.25\t%s\t1\n' "$v" > c.tsv
        why="is not a count"
        [ "$v" = x ] && why="is not a number"
        run -1 --separate-stderr pm-metrics --counts c.tsv
        assert_equal "$stderr" "pm-metrics: c.tsv:3: column 'responders': '$v' $why"
    done
    printf 'score\tresponders\n0.5\t1\n' > c.tsv
    run -1 --separate-stderr pm-counts --counts c.tsv
    assert_equal "$stderr" "pm-counts: column 'non_responders' not found in header of c.tsv"
    printf 'score\tresponders\tnon_responders\n0.5\t0\t0\n' > zero.tsv
    run -1 --separate-stderr pm-lift --counts zero.tsv
    assert_equal "$stderr" "pm-lift: zero.tsv: no data rows"
}

@test "a count of 2^53 or more is refused: a double would round it" {
    for v in 9007199254740992 9007199254740993 1e16; do
        printf 'score\tresponders\tnon_responders\n0.5\t1\t2\n0.25\t1\t%s\n' "$v" > c.tsv
        run -1 --separate-stderr pm-counts --counts c.tsv
        assert_equal "$stderr" "pm-counts: c.tsv:3: column 'non_responders': '$v' is too large a count (2^53 or more is not read exactly)"
    done
    printf 'score\tresponders\tnon_responders\n0.5\t1\t9007199254740991\n' > c.tsv
    run -0 pm-counts --counts c.tsv
    assert_line --index 1 "$(printf '0.5\t1\t9007199254740991')"
}

@test "--by does not go with --counts" {
    run -2 --separate-stderr pm-metrics --counts --by wave x.tsv
    assert_equal "${stderr_lines[0]}" "pm-metrics: a counts table has no column to group by: --by and --counts do not mix"
}

@test "--help, --version and a bad option" {
    run pm-counts --help
    assert_success
    assert_line --index 0 "Usage: pm-counts [OPTION]... [FILE]"
    run pm-counts --version
    assert_output "pm-counts (pm) 0.1.0"
    run -2 --separate-stderr pm-counts -g 3
    assert_equal "${stderr_lines[1]}" "Try 'pm-counts --help' for more information."
}

@test "counts tables of shards concatenated with cat merge: repeated headers are skipped" {
    head -1 "$REF/test_scored.tsv" > s1.tsv; sed -n '2,700p' "$REF/test_scored.tsv" >> s1.tsv
    head -1 "$REF/test_scored.tsv" > s2.tsv; sed -n '701,$p' "$REF/test_scored.tsv" >> s2.tsv
    pm-counts s1.tsv > c1.tsv
    pm-counts s2.tsv > c2.tsv
    cat c2.tsv c1.tsv | pm-counts --counts > merged.tsv
    pm-counts "$REF/test_scored.tsv" | cmp - merged.tsv
    pm-metrics --counts merged.tsv | cmp - <(pm-metrics "$REF/test_scored.tsv")
}
