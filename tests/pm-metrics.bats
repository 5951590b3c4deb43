#!/usr/bin/env bats
# pm-metrics: the figures scikit-learn and scipy give, overall and by group,
# and how one class, scores that are not probabilities and bad input are met.
# (Shuffled input, monotone transformations and the errors every evaluation
# tool shares are in evaluation.bats.)

load helper

# ties.tsv: the 12-row case of reference.json with tied scores.
ties() {
    { printf 'response_flag\tscore\n'; paste <(ref ties.y) <(ref ties.score); } > ties.tsv
}

# assert_metrics JSON PREFIX SET: the figures at PREFIX in JSON equal
# reference.json's metrics.SET (counts exactly, the rest to 1e-12).
assert_metrics() {
    assert_equal "$(jget "$1" "$2rows")" "$(ref metrics.$3.rows)"
    assert_equal "$(jget "$1" "$2positives")" "$(ref metrics.$3.positives)"
    for k in base_rate auc ks brier log_loss; do
        assert_near "$(jget "$1" "$2$k")" "$(ref metrics.$3.$k)" 1e-12
    done
    assert_equal "$(jget "$1" "$2top.rows")" "$(ref metrics.$3.top20.rows)"
    for k in response_rate lift; do
        assert_near "$(jget "$1" "$2top.$k")" "$(ref metrics.$3.top20.$k)" 1e-12
    done
}

# keys JSON: the keys of the top-level object, on one line.
keys() {
    grep -E '^  "' "$1" | cut -d'"' -f2 | tr '\n' ' '
}

# both.tsv: train and test scored rows with a column sample = train or test.
both() {
    { cat "$REF/train_scored.tsv"; tail -n +2 "$REF/test_scored.tsv"; } | awk -F'\t' -v OFS='\t' \
        'NR == 1 { print $0, "sample"; next } { print $0, (NR <= 4001 ? "train" : "test") }' > both.tsv
}

@test "test scores: rows, base rate, AUC, KS, Brier, log loss, top 20% equal scikit-learn's to 1e-12" {
    pm-metrics "$REF/test_scored.tsv" > m.json
    assert_metrics m.json "" test
}

@test "train scores, read from stdin: the same" {
    pm-metrics < "$REF/train_scored.tsv" > m.json
    assert_metrics m.json "" train
}

@test "--top X gives the figures of reference top_pct_test" {
    for i in 0 1 2 3 4; do
        pct=$(ref top_pct_test.$i.pct)
        pm-metrics --top "$pct" "$REF/test_scored.tsv" > m.json
        assert_equal "$(jget m.json top.pct)" "$pct"
        assert_equal "$(jget m.json top.rows)" "$(ref top_pct_test.$i.rows)"
        assert_near "$(jget m.json top.response_rate)" "$(ref top_pct_test.$i.response_rate)" 1e-12
        assert_near "$(jget m.json top.lift)" "$(ref top_pct_test.$i.lift)" 1e-12
    done
}

@test "tied scores: AUC and KS of the ties case; a cut through a tie block shares it in proportion" {
    ties
    pm-metrics ties.tsv > m.json
    assert_near "$(jget m.json auc)" "$(ref ties.auc)" 1e-12
    assert_near "$(jget m.json ks)" "$(ref ties.ks)" 1e-12
    # top 20%: ceil(2.4) = 3 rows, the block of three 0.9 scores, 2 responders
    assert_equal "$(jget m.json top.rows)" 3
    assert_equal "$(jget m.json top.responders)" 2
    # top 50%: the three 0.9, the two 0.7 (1 responder) and one of the four
    # 0.5 (1 responder among them): 2 + 1 + 1/4
    pm-metrics --top 50 ties.tsv > m.json
    assert_equal "$(jget m.json top.responders)" 3.25
}

@test "a small case worked by hand, to the byte" {
    printf 'response_flag\tscore\n1\t0.8\n0\t0.4\n1\t0.4\n0\t0.2\n' > in.tsv
    pm-metrics --top 50 in.tsv > m.json
    # AUC: of the 4 pairs, 0.8 beats 0.4 and 0.2, 0.4 beats 0.2, 0.4 ties 0.4: 3.5 / 4.
    # KS: the cut 0.8 holds 1/2 of the responders and none of the others.
    # Brier: (0.2^2 + 0.4^2 + 0.6^2 + 0.2^2) / 4 = 0.15.
    # Top 50%: 0.8 and one of the two 0.4 (one responder between them): 1.5.
    run grep -v log_loss m.json
    assert_output "$(cat <<'JSON'
{
  "rows": 4,
  "positives": 2,
  "base_rate": 0.5,
  "auc": 0.875,
  "ks": 0.5,
  "ks_score": 0.8,
  "brier": 0.15,
  "top": {
    "pct": 50,
    "rows": 2,
    "responders": 1.5,
    "response_rate": 0.75,
    "lift": 1.5
  }
}
JSON
)"
    assert_near "$(jget m.json log_loss)" \
        "$(awk 'BEGIN { printf "%.17g", -(log(0.8) + log(0.6) + log(0.4) + log(0.8)) / 4 }')" 1e-15
}

@test "--by: one object per value, each equal to the reference for its rows" {
    both
    pm-metrics --by sample both.tsv > m.json
    assert_equal "$(keys m.json)" "test train "
    assert_metrics m.json test. test
    assert_metrics m.json train. train
}

@test "--by --tsv: a row per value, the first column named after the --by column" {
    both
    pm-metrics --by sample --tsv both.tsv > m.tsv
    assert_equal "$(head -1 m.tsv)" "$(printf 'sample\trows\tpositives\tbase_rate\tauc\tks\tks_score\tbrier\tlog_loss\ttop_pct\ttop_rows\ttop_responders\ttop_response_rate\ttop_lift')"
    assert_equal "$(col sample m.tsv | tr '\n' ' ')" "test train "
    assert_near "$(col auc m.tsv | sed -n 1p)" "$(ref metrics.test.auc)" 1e-12
    assert_near "$(col auc m.tsv | sed -n 2p)" "$(ref metrics.train.auc)" 1e-12
    assert_near "$(col log_loss m.tsv | sed -n 2p)" "$(ref metrics.train.log_loss)" 1e-12
}

@test "--by orders numeric values as numbers, others by bytes" {
    printf 'response_flag\tscore\twave\tname\n' > in.tsv
    for w in 10 9 1 2; do printf '1\t0.9\t%s\tb%s\n0\t0.1\t%s\ta%s\n' $w $w $w $w; done >> in.tsv
    pm-metrics --by wave in.tsv > m.json
    assert_equal "$(keys m.json)" "1 2 9 10 "
    assert_equal "$(pm-metrics --by name --tsv in.tsv | col name | tr '\n' ' ')" "a1 a10 a2 a9 b1 b10 b2 b9 "
}

@test "--tsv without --by: the header and one row, the same figures as the JSON" {
    pm-metrics --tsv "$REF/test_scored.tsv" > m.tsv
    pm-metrics "$REF/test_scored.tsv" > m.json
    assert_equal "$(wc -l < m.tsv)" 2
    for k in rows positives base_rate auc ks ks_score brier log_loss; do
        assert_equal "$(col $k m.tsv)" "$(jget m.json $k)"
    done
    assert_equal "$(col top_lift m.tsv)" "$(jget m.json top.lift)"
}

@test "--positive LABEL: that label is a responder, anything else is not" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { $12 = ($12 == 1 ? "yes" : "no") } 1' "$REF/test_scored.tsv" > yn.tsv
    pm-metrics --positive yes yn.tsv > m.json
    assert_metrics m.json "" test
    pm-metrics --positive no yn.tsv > n.json
    assert_near "$(jget n.json auc)" "$(awk -v a="$(ref metrics.test.auc)" 'BEGIN { printf "%.17g", 1 - a }')" 1e-12
}

@test "--target and --score name other columns; CSV input gives the same figures" {
    sed '1s/response_flag/bought/; 1s/score$/p_buy/' "$REF/test_scored.tsv" > in.tsv
    pm-metrics --target bought --score p_buy in.tsv > m.json
    assert_metrics m.json "" test
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' "$REF/test_scored.tsv" > in.csv
    pm-metrics in.csv > c.json
    cmp c.json <(pm-metrics "$REF/test_scored.tsv")
    pm-metrics --csv < in.csv | cmp - c.json
}

@test "one class only: AUC and KS are null, with a warning; the rest is computed" {
    printf 'response_flag\tscore\n0\t0.2\n0\t0.4\n' > in.tsv
    run --separate-stderr pm-metrics in.tsv
    assert_success
    assert_equal "$stderr" "pm-metrics: in.tsv: no responders: auc and ks are null"
    echo "$output" > m.json
    assert_equal "$(jget m.json auc)" null
    assert_equal "$(jget m.json ks)" null
    assert_equal "$(jget m.json ks_score)" null
    assert_equal "$(jget m.json top.lift)" null
    assert_near "$(jget m.json brier)" 0.1 1e-16
    printf 'response_flag\tscore\n1\t0.2\n1\t0.4\n' > pos.tsv
    run --separate-stderr pm-metrics pos.tsv
    assert_equal "$stderr" "pm-metrics: pos.tsv: no non-responders: auc and ks are null"
    assert_equal "$(echo "$output" | jget /dev/stdin top.lift)" 1
}

@test "one class in one group of --by: that group's AUC is null, the others are computed" {
    printf 'response_flag\tscore\tg\n1\t0.9\ta\n0\t0.1\ta\n0\t0.5\tb\n' > in.tsv
    run --separate-stderr pm-metrics --by g in.tsv
    assert_success
    assert_equal "$stderr" "pm-metrics: in.tsv: g 'b': no responders: auc and ks are null"
    echo "$output" > m.json
    assert_equal "$(jget m.json a.auc)" 1
    assert_equal "$(jget m.json b.auc)" null
}

@test "a score outside [0, 1]: Brier and log loss are null, with the first such line; AUC stands" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { $20 = sprintf("%.17g", log($20 / (1 - $20))) } 1' "$REF/test_scored.tsv" > logit.tsv
    run --separate-stderr pm-metrics logit.tsv
    assert_success
    assert_equal "$stderr" "pm-metrics: logit.tsv:2: column 'score': '$(sed -n 2p logit.tsv | cut -f20)' is outside [0, 1]: brier and log_loss are null"
    echo "$output" > m.json
    assert_equal "$(jget m.json brier)" null
    assert_equal "$(jget m.json log_loss)" null
    assert_near "$(jget m.json auc)" "$(ref metrics.test.auc)" 1e-12
}

@test "bad options are usage errors" {
    run -2 --separate-stderr pm-metrics --top 0
    assert_equal "${stderr_lines[0]}" "pm-metrics: option '--top': '0' is not a percentage above 0 and at most 100"
    run -2 --separate-stderr pm-metrics --top 100.5
    assert_equal "${stderr_lines[0]}" "pm-metrics: option '--top': '100.5' is not a percentage above 0 and at most 100"
    run -2 --separate-stderr pm-metrics --top x
    assert_equal "${stderr_lines[0]}" "pm-metrics: option '--top': 'x' is not a number"
    run -2 --separate-stderr pm-metrics --positive ''
    assert_equal "${stderr_lines[0]}" "pm-metrics: option '--positive': the label must not be empty"
    run -2 --separate-stderr pm-metrics a.tsv b.tsv
    assert_equal "${stderr_lines[0]}" "pm-metrics: unexpected argument 'b.tsv'"
}

@test "a --by column that is missing is an error" {
    run -1 --separate-stderr pm-metrics --by wave "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-metrics: column 'wave' not found in header of $REF/test_scored.tsv"
}

@test "a --by value that is not UTF-8 is an error naming its line in JSON, and passes through --tsv" {
    printf 'response_flag\tscore\tg\n1\t0.9\ta\n0\t0.1\t\xff\n' > in.tsv
    run -1 --separate-stderr pm-metrics --by g in.tsv
    assert_equal "$stderr" "pm-metrics: in.tsv:3: column 'g': '\\xff' is not valid UTF-8, which JSON output needs"
    assert_output ""
    run -0 --separate-stderr pm-metrics --tsv --by g in.tsv
    assert_equal "$(cut -f1 <<<"${lines[2]}")" "$(printf '\xff')"
}

@test "--help, --version and a bad option" {
    run pm-metrics --help
    assert_success
    assert_line --index 0 "Usage: pm-metrics [OPTION]... [FILE]"
    run pm-metrics --version
    assert_output "pm-metrics (pm) 0.1.0"
    run -2 --separate-stderr pm-metrics --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-metrics --help' for more information."
}
