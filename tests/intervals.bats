#!/usr/bin/env bats
# Intervals: pm-metrics --ci (DeLong's interval of the AUC, Wilson's for the
# base rate and the top X%), pm-metrics --compare (the paired DeLong test)
# and pm-lift --ci, against beyond.json (numpy and scipy) and
# delong_proc.json (R's pROC 1.18).

load helper

# beyond PATH: a value of tests/reference/beyond.json; proc KEY: of delong_proc.json.
beyond() {
    jget "$REF/beyond.json" "$@"
}
proc() {
    jget "$REF/delong_proc.json" "$@"
}

# The test scores of the logistic model with the trees' score beside them as
# 'trees' (the same rows, in the same order, in both files).
both() {
    paste "$REF/test_scored.tsv" <(cut -f20 "$REF/test_scored_trees.tsv" | sed 1s/score/trees/) > both.tsv
    [ "$(head -1 "$REF/test_scored_trees.tsv" | cut -f20)" = score ]
}

# shuffled FILE: its rows in another (fixed) order, the header first.
shuffled() {
    { head -1 "$1"; tail -n +2 "$1" | awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-; }
}

@test "--ci 0.95: DeLong's interval and standard error of the AUC equal delong_test to 1e-12" {
    pm-metrics --ci 0.95 "$REF/test_scored.tsv" > m.json
    assert_near "$(jget m.json auc)" "$(beyond delong_test.auc)" 1e-12
    assert_near "$(jget m.json auc_se)" "$(beyond delong_test.se)" 1e-12
    assert_near "$(jget m.json auc_lower)" "$(beyond delong_test.lower)" 1e-12
    assert_near "$(jget m.json auc_upper)" "$(beyond delong_test.upper)" 1e-12
    assert_equal "$(jget m.json ci_level)" 0.95
}

@test "--ci 0.90: the interval equals delong_test_90 to 1e-12, the same standard error" {
    pm-metrics --ci 0.90 "$REF/test_scored.tsv" > m.json
    assert_near "$(jget m.json auc_se)" "$(beyond delong_test_90.se)" 1e-12
    assert_near "$(jget m.json auc_lower)" "$(beyond delong_test_90.lower)" 1e-12
    assert_near "$(jget m.json auc_upper)" "$(beyond delong_test_90.upper)" 1e-12
}

@test "the intervals agree with R's pROC (delong_proc.json) to 1e-12" {
    pm-metrics --ci 0.95 "$REF/test_scored.tsv" > m95.json
    pm-metrics --ci 0.9 "$REF/test_scored.tsv" > m90.json
    assert_near "$(jget m95.json auc_se)" "$(awk -v v="$(proc variance)" 'BEGIN { printf "%.17g", sqrt(v) }')" 1e-12
    assert_near "$(jget m95.json auc_lower)" "$(proc ci95.0)" 1e-12
    assert_near "$(jget m95.json auc_upper)" "$(proc ci95.1)" 1e-12
    assert_near "$(jget m90.json auc_lower)" "$(proc ci90.0)" 1e-12
    assert_near "$(jget m90.json auc_upper)" "$(proc ci90.1)" 1e-12
}

@test "--ci: Wilson's intervals of the base rate and the top 20% equal the reference to 1e-12" {
    pm-metrics --ci 0.95 "$REF/test_scored.tsv" > m.json
    assert_equal "$(jget m.json positives)" "$(beyond wilson_base_rate_test.k)"
    assert_near "$(jget m.json base_rate_lower)" "$(beyond wilson_base_rate_test.lower)" 1e-12
    assert_near "$(jget m.json base_rate_upper)" "$(beyond wilson_base_rate_test.upper)" 1e-12
    assert_equal "$(jget m.json top.rows)" "$(beyond wilson_top20_test.n)"
    assert_equal "$(jget m.json top.responders)" "$(beyond wilson_top20_test.k)"
    assert_near "$(jget m.json top.response_rate_lower)" "$(beyond wilson_top20_test.lower)" 1e-12
    assert_near "$(jget m.json top.response_rate_upper)" "$(beyond wilson_top20_test.upper)" 1e-12
}

@test "--ci from a counts table: the same bytes as from the rows, JSON and TSV" {
    pm-counts "$REF/test_scored.tsv" > counts.tsv
    pm-metrics --ci 0.95 "$REF/test_scored.tsv" > rows.json
    pm-metrics --ci 0.95 --counts counts.tsv > counts.json
    cmp rows.json counts.json
    pm-metrics --ci 0.9 --tsv "$REF/test_scored.tsv" > rows.tsv
    pm-metrics --ci 0.9 --tsv --counts counts.tsv > counts.tsv.out
    cmp rows.tsv counts.tsv.out
}

@test "--ci merges across shards: two counts tables catted give the bytes of all rows" {
    head -751 "$REF/test_scored.tsv" | pm-counts > a.tsv
    { head -1 "$REF/test_scored.tsv"; tail -n +752 "$REF/test_scored.tsv"; } | pm-counts > b.tsv
    cat a.tsv b.tsv | pm-metrics --counts --ci 0.95 > merged.json
    pm-metrics --ci 0.95 "$REF/test_scored.tsv" > rows.json
    cmp rows.json merged.json
}

@test "--ci --tsv: the interval columns follow the others" {
    pm-metrics --ci 0.95 --tsv "$REF/test_scored.tsv" > m.tsv
    assert_equal "$(head -1 m.tsv | cut -f14-)" "$(printf 'ci_level\tbase_rate_lower\tbase_rate_upper\tauc_se\tauc_lower\tauc_upper\ttop_response_rate_lower\ttop_response_rate_upper')"
    assert_near "$(col auc_lower m.tsv)" "$(beyond delong_test.lower)" 1e-12
    assert_near "$(col top_response_rate_upper m.tsv)" "$(beyond wilson_top20_test.upper)" 1e-12
}

@test "rows in another order give the same bytes, with --ci and with --compare" {
    pm-metrics --ci 0.95 "$REF/test_scored.tsv" > a.json
    shuffled "$REF/test_scored.tsv" > shuffled.tsv
    ! cmp -s "$REF/test_scored.tsv" shuffled.tsv
    pm-metrics --ci 0.95 shuffled.tsv > b.json
    cmp a.json b.json
    both
    pm-metrics --compare trees both.tsv > a.json
    shuffled both.tsv > shuffled.tsv
    pm-metrics --compare trees shuffled.tsv > b.json
    cmp a.json b.json
}

@test "--ci with --by: an interval for each group" {
    pm-metrics --ci 0.95 --by region --tsv "$REF/test_scored.tsv" > by.tsv
    awk -F'\t' 'NR == 1 || $3 == "AMER"' "$REF/test_scored.tsv" > amer.tsv
    pm-metrics --ci 0.95 --tsv amer.tsv > amer.out
    assert_equal "$(grep -P '^AMER\t' by.tsv | cut -f2-)" "$(tail -1 amer.out)"
}

@test "--compare trees: the paired DeLong test equals delong_lr_vs_trees (z, p to 1e-9)" {
    both
    pm-metrics --compare trees both.tsv > c.json
    assert_near "$(jget c.json auc)" "$(beyond delong_lr_vs_trees.auc_a)" 1e-12
    assert_near "$(jget c.json compare_auc)" "$(beyond delong_lr_vs_trees.auc_b)" 1e-12
    assert_near "$(jget c.json difference)" "$(beyond delong_lr_vs_trees.difference)" 1e-12
    assert_near "$(jget c.json z)" "$(beyond delong_lr_vs_trees.z)" 1e-9
    assert_near "$(jget c.json p)" "$(beyond delong_lr_vs_trees.p_two_sided)" 1e-9
    assert_near "$(jget c.json se)" "$(awk -v v="$(beyond delong_lr_vs_trees.variance)" 'BEGIN { printf "%.17g", sqrt(v) }')" 1e-12
}

@test "--compare trees agrees with R's pROC roc.test (z, p to 1e-9)" {
    both
    pm-metrics --compare trees both.tsv > c.json
    assert_near "$(jget c.json z)" "$(proc paired_z)" 1e-9
    assert_near "$(jget c.json p)" "$(proc paired_p)" 1e-9
}

@test "--compare the other way round: the difference and z change sign, p stays" {
    both
    pm-metrics --compare trees both.tsv > ab.json
    pm-metrics --score trees --compare score both.tsv > ba.json
    assert_equal "$(jget ba.json difference)" "-$(jget ab.json difference)"
    assert_equal "$(jget ba.json z)" "-$(jget ab.json z)"
    assert_equal "$(jget ba.json p)" "$(jget ab.json p)"
}

@test "--compare --tsv --ci: one row, the interval of the difference" {
    both
    pm-metrics --compare trees --ci 0.95 --tsv both.tsv > c.tsv
    assert_equal "$(head -1 c.tsv)" "$(printf 'score\tcompare\trows\tpositives\tauc\tcompare_auc\tdifference\tse\tz\tp\tci_level\tlower\tupper')"
    assert_equal "$(sed -n 2p c.tsv | cut -f1-4)" "$(printf 'score\ttrees\t1500\t300')"
    d=$(beyond delong_lr_vs_trees.difference) v=$(beyond delong_lr_vs_trees.variance)
    assert_near "$(col lower c.tsv)" "$(awk -v d="$d" -v v="$v" 'BEGIN { printf "%.17g", d - 1.959963984540054 * sqrt(v) }')" 1e-12
    assert_near "$(col upper c.tsv)" "$(awk -v d="$d" -v v="$v" 'BEGIN { printf "%.17g", d + 1.959963984540054 * sqrt(v) }')" 1e-12
}

@test "a score compared with itself: no difference, z and p are null" {
    both
    cut -f1-20 both.tsv | awk -F'\t' -v OFS='\t' '{ print $0, (NR == 1 ? "same" : $20) }' > same.tsv
    pm-metrics --compare same same.tsv > c.json
    assert_equal "$(jget c.json difference)" 0
    assert_equal "$(jget c.json z)" null
    assert_equal "$(jget c.json p)" null
}

@test "pm-lift --ci: Wilson's interval per group; group 1 of 5 is the top 20% of the reference" {
    pm-lift --ci 0.95 -g 5 "$REF/test_scored.tsv" > lift.tsv
    assert_equal "$(head -1 lift.tsv | cut -f13-)" "$(printf 'response_rate_lower\tresponse_rate_upper')"
    assert_equal "$(col responders lift.tsv | head -1)" "$(beyond wilson_top20_test.k)"
    assert_near "$(col response_rate_lower lift.tsv | head -1)" "$(beyond wilson_top20_test.lower)" 1e-12
    assert_near "$(col response_rate_upper lift.tsv | head -1)" "$(beyond wilson_top20_test.upper)" 1e-12
    pm-lift -g 5 "$REF/test_scored.tsv" > plain.tsv
    assert_equal "$(cut -f1-12 lift.tsv)" "$(cat plain.tsv)"
}

@test "pm-lift --ci --top 20 and -g 1: the top 20% and the base rate of the reference" {
    pm-lift --ci 0.95 --top 20 "$REF/test_scored.tsv" > top.tsv
    assert_near "$(col response_rate_lower top.tsv)" "$(beyond wilson_top20_test.lower)" 1e-12
    assert_near "$(col response_rate_upper top.tsv)" "$(beyond wilson_top20_test.upper)" 1e-12
    pm-lift --ci 0.95 -g 1 --json "$REF/test_scored.tsv" > all.json
    assert_near "$(jget all.json 0.response_rate_lower)" "$(beyond wilson_base_rate_test.lower)" 1e-12
    assert_near "$(jget all.json 0.response_rate_upper)" "$(beyond wilson_base_rate_test.upper)" 1e-12
}

@test "a level outside (0, 1) is a usage error, for pm-metrics and pm-lift" {
    for level in 0 1 1.5 -0.5 abc; do
        run -2 --separate-stderr pm-metrics --ci "$level" "$REF/test_scored.tsv"
        if [ "$level" = abc ]; then
            assert_equal "$stderr" "$(printf "pm-metrics: option '--ci': 'abc' is not a number\nTry 'pm-metrics --help' for more information.")"
        else
            assert_equal "$stderr" "$(printf "pm-metrics: option '--ci': '%s' is not a level between 0 and 1 (such as 0.95)\nTry 'pm-metrics --help' for more information." "$level")"
        fi
        assert_output ''
    done
    run -2 --separate-stderr pm-lift --ci 1 "$REF/test_scored.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-lift: option '--ci': '1' is not a level between 0 and 1 (such as 0.95)"
}

@test "--compare: with --counts or --by, or naming the score itself, is a usage error" {
    run -2 --separate-stderr pm-metrics --compare trees --counts x.tsv
    assert_equal "${stderr%%$'\n'*}" "pm-metrics: --compare needs the rows themselves: it does not mix with --by or --counts"
    run -2 --separate-stderr pm-metrics --compare trees --by region x.tsv
    assert_equal "${stderr%%$'\n'*}" "pm-metrics: --compare needs the rows themselves: it does not mix with --by or --counts"
    run -2 --separate-stderr pm-metrics --compare score "$REF/test_scored.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-metrics: --compare names the score column 'score' itself"
}

@test "--compare: a missing column, a bad value and one class are clear errors or nulls" {
    run -1 --separate-stderr pm-metrics --compare trees "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-metrics: column 'trees' not found in header of $REF/test_scored.tsv"
    both
    awk -F'\t' -v OFS='\t' 'NR == 5 { $21 = "x" } { print }' both.tsv > bad.tsv
    run -1 --separate-stderr pm-metrics --compare trees bad.tsv
    assert_equal "$stderr" "pm-metrics: bad.tsv:5: column 'trees': 'x' is not a number"
    awk -F'\t' 'NR == 1 || $12 == 0' both.tsv > neg.tsv
    run -0 --separate-stderr pm-metrics --compare trees neg.tsv
    assert_equal "$stderr" "pm-metrics: neg.tsv: fewer than two responders: the test is null"
    assert_equal "$(jget <(echo "$output") z)" null
}

@test "--ci with one responder: the AUC stands, its standard error and interval are null, and said" {
    printf 'response_flag\tscore\n1\t0.9\n0\t0.5\n0\t0.25\n' > one.tsv
    run -0 --separate-stderr pm-metrics --ci 0.95 one.tsv
    assert_equal "$stderr" "pm-metrics: one.tsv: one responder only: the auc's standard error and interval are null"
    echo "$output" > m.json
    assert_equal "$(jget m.json auc)" 1
    assert_equal "$(jget m.json auc_se auc_lower auc_upper | tr '\n' ' ')" "null null null "
    # Wilson's intervals need no second row
    assert_near "$(jget m.json base_rate_lower)" "$(awk 'BEGIN { z = 1.959963984540054; n = 3; p = 1 / 3
        printf "%.17g", (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) }')" 1e-15
}
