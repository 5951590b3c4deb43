#!/usr/bin/env bats
# pm-ks: scipy's KS statistic, the cut where it is reached, and the table
# behind it, checked against reference.json and against a count in awk.

load helper

ties() {
    { printf 'response_flag\tscore\n'; paste <(ref ties.y) <(ref ties.score); } > ties.tsv
}

# by_awk FILE: "KS CUT TPR FPR" counted in awk over the distinct scores, highest
# first, the gap compared exactly as |pos N - neg P| (highest cut on ties).
by_awk() {
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                { print $c["score"] "\t" $c["response_flag"] }' "$1" | sort -t"$(printf '\t')" -k1,1gr | awk -F'\t' '
        { s[NR] = $1; y[NR] = $2; P += $2; N += 1 - $2 }
        END {
            best = -1
            for (i = 1; i <= NR; i++) {
                pos += y[i]; neg += 1 - y[i]
                if (i < NR && s[i + 1] == s[i]) continue
                gap = pos * N - neg * P; if (gap < 0) gap = -gap
                if (gap > best) { best = gap; cut = s[i]; bp = pos; bn = neg }
            }
            printf "%.17g %s %.17g %.17g\n", best / (P * N), cut, bp / P, bn / N
        }'
}

@test "the statistic equals scipy's ks_2samp on the test, train and ties scores to 1e-12" {
    ties
    for set in test train; do
        pm-ks "$REF/${set}_scored.tsv" > ks.tsv
        assert_near "$(col ks ks.tsv)" "$(ref metrics.$set.ks)" 1e-12
    done
    pm-ks ties.tsv > ks.tsv
    assert_near "$(col ks ks.tsv)" "$(ref ties.ks)" 1e-12
}

@test "the cut and the shares above it are what a count over every cut finds" {
    ties
    for f in "$REF/test_scored.tsv" "$REF/train_scored.tsv" ties.tsv; do
        pm-ks "$f" > ks.tsv
        read -r ks cut tpr fpr <<< "$(by_awk "$f")"
        assert_equal "$(col score ks.tsv)" "$cut"
        assert_near "$(col ks ks.tsv)" "$ks" 1e-15
        assert_near "$(col responders_share ks.tsv)" "$tpr" 1e-15
        assert_near "$(col non_responders_share ks.tsv)" "$fpr" 1e-15
        assert_equal "$(col rows ks.tsv)" "$(awk -F'\t' -v c="$cut" 'NR > 1 && $NF >= c' "$f" | wc -l)"
    done
}

@test "ties: the cut is the 0.7 block, above which 3 of 5 responders and 2 of 7 others score" {
    ties
    run pm-ks ties.tsv
    assert_output "$(printf 'ks\tscore\trows\tresponders_share\tnon_responders_share\n0.3142857142857143\t0.7\t5\t0.6\t0.2857142857142857')"
}

@test "--json writes the statistic as an object" {
    pm-ks --json "$REF/test_scored.tsv" > ks.json
    pm-ks "$REF/test_scored.tsv" > ks.tsv
    for k in ks score rows responders_share non_responders_share; do
        assert_equal "$(jget ks.json $k)" "$(col $k ks.tsv)"
    done
}

@test "the table: whole tie blocks, the cut among its boundaries, shares ending at 1" {
    pm-ks --table "$REF/test_scored.tsv" > t.tsv
    assert_equal "$(head -1 t.tsv)" "$(printf 'group\tmin_score\tmax_score\trows\tresponders\tnon_responders\tcum_rows\tcum_responders_share\tcum_non_responders_share\tdifference')"
    # 10 groups of 150 rows, and the KS cut (511 rows) splits the fourth
    assert_equal "$(col cum_rows t.tsv | tr '\n' ' ')" "150 300 450 511 600 750 900 1050 1200 1350 1500 "
    assert_equal "$(tail -1 t.tsv | cut -f8-10)" "$(printf '1\t1\t0')"
    # its largest gap is the statistic, at the cut
    max=$(col difference t.tsv | awk '{ v = $1 < 0 ? -$1 : $1; if (v > m) m = v } END { printf "%.17g", m }')
    assert_near "$max" "$(ref metrics.test.ks)" 1e-12
    pm-ks "$REF/test_scored.tsv" > ks.tsv
    assert_equal "$(awk -F'\t' '$7 == 511 { print $2 }' t.tsv)" "$(col score ks.tsv)"
    # responders and non-responders add up to the rows
    assert_equal "$(awk -F'\t' 'NR > 1 && $4 != $5 + $6' t.tsv)" ""
}

@test "groups never split a tie block: rows 4 groups ask for become whole blocks" {
    ties
    run pm-ks -t -g 4 ties.tsv
    # array_split boundaries 3 6 9 12: 6 falls in the 0.5 block (rows 6-9),
    # so the second group ends with it at 9; the cut after 0.7 (5) is added
    assert_equal "$(echo "$output" | col cum_rows | tr '\n' ' ')" "3 5 9 12 "
    assert_equal "$(echo "$output" | col min_score | tr '\n' ' ')" "0.9 0.7 0.5 0.1 "
}

@test "-g 0: one group per distinct score, the whole curve" {
    pm-ks -t -g 0 "$REF/train_scored.tsv" > t.tsv
    distinct=$(col score "$REF/train_scored.tsv" | sort -u | wc -l)
    assert_equal "$(($(wc -l < t.tsv) - 1))" "$distinct"
    assert_equal "$(awk -F'\t' 'NR > 1 && $2 != $3' t.tsv)" ""
}

@test "one class only: KS is undefined, an error" {
    printf 'response_flag\tscore\n1\t0.3\n1\t0.2\n' > in.tsv
    run -1 --separate-stderr pm-ks in.tsv
    assert_equal "$stderr" "pm-ks: in.tsv: no non-responders: KS is undefined"
    printf 'response_flag\tscore\n0\t0.3\n' | { run -1 --separate-stderr pm-ks -t; assert_equal "$stderr" "pm-ks: stdin: no responders: KS is undefined"; }
}

@test "bad options are usage errors" {
    run -2 --separate-stderr pm-ks -g -1
    assert_equal "${stderr_lines[0]}" "pm-ks: option '-g': '-1' is out of range (0 to 1000000000)"
    run -2 --separate-stderr pm-ks -g x
    assert_equal "${stderr_lines[0]}" "pm-ks: option '-g': 'x' is not a whole number"
}

@test "--help, --version and a bad option" {
    run pm-ks --help
    assert_success
    assert_line --index 0 "Usage: pm-ks [OPTION]... [FILE]"
    run pm-ks --version
    assert_output "pm-ks (pm) 0.1.0"
    run -2 --separate-stderr pm-ks --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-ks --help' for more information."
}
