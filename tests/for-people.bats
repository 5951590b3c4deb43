#!/usr/bin/env bats
# Output for a person to read: --digits N on the tools that write tables and
# JSON, the reliability chart's axes and bin rows, pm-chart psi --variable.

load helper

# sig N X: X to N significant digits, as a number (awk's %.*g is C's).
sig() {
    awk -v n="$1" -v x="$2" 'BEGIN { printf "%.*g\n", n, x }'
}

@test "pm-metrics --digits 4: each figure is scikit-learn's rounded to four digits" {
    pm-metrics --digits 4 "$REF/test_scored.tsv" > m.json
    for k in auc brier log_loss; do
        assert_equal "$(jget m.json $k)" "$(sig 4 "$(ref metrics.test.$k)")"
    done
    assert_equal "$(jget m.json rows)" 1500
}

@test "pm-lift --digits 3, TSV and JSON: the exact table's numbers rounded to three digits" {
    pm-lift "$REF/test_scored.tsv" > exact.tsv
    pm-lift --digits 3 "$REF/test_scored.tsv" > short.tsv
    paste exact.tsv short.tsv | awk -F'\t' 'NR > 1 {
        n = NF / 2
        for (i = 1; i <= n; i++) if (sprintf("%.3g", $i) + 0 != $(i + n) + 0) { print NR, i, $i, $(i + n); bad++ }
    } END { exit bad > 0 }'
    pm-lift --digits 3 --json "$REF/test_scored.tsv" > short.json
    assert_equal "$(jq -r '.[0].cum_lift' short.json)" "$(awk -F'\t' 'NR == 2 { print $11 }' short.tsv)"
    # the default stays exact: the rows read back as the same doubles
    assert_equal "$(pm-lift --digits 0 "$REF/test_scored.tsv" | sha256sum)" "$(sha256sum < exact.tsv)"
}

@test "pm-psi --digits 3: psi_train_vs_drifted's figures rounded to three digits, the bins' edges exact" {
    run pm-psi --json --digits 3 "$REF/train_scored.tsv" "$REF/drifted_scored.tsv"
    echo "$output" > short.json
    assert_equal "$(jget short.json score.psi)" "$(sig 3 "$(ref psi_train_vs_drifted.psi)")"
    diff <(jq -c '.score.edges' short.json) \
        <(pm-psi --json "$REF/train_scored.tsv" "$REF/drifted_scored.tsv" | jq -c '.score.edges')
    pm-psi -o exact.tsv "$REF/train_scored.tsv" "$REF/drifted_scored.tsv" || true
    pm-psi --digits 3 -o short.tsv "$REF/train_scored.tsv" "$REF/drifted_scored.tsv" || true
    # columns 3-6 (edges, rows) as they were; 7-10 (shares, contribution, PSI) rounded
    paste exact.tsv short.tsv | awk -F'\t' 'NR > 1 {
        for (i = 3; i <= 6; i++) if ($i != $(i + 11)) bad++
        for (i = 7; i <= 10; i++) if (sprintf("%.3g", $i) + 0 != $(i + 11) + 0) bad++
    } END { exit bad > 0 }'
    assert_equal "$(pm-psi --digits 0 "$REF/train_scored.tsv" "$REF/drifted_scored.tsv" | sha256sum)" "$(sha256sum < exact.tsv)"
    run -2 --separate-stderr pm-psi --edges --digits 3 "$REF/train_scored.tsv"
    assert_equal "${stderr_lines[0]}" \
        "pm-psi: --edges writes a partial: give --watch, --alert, --summary, --json and --digits to --merge"
}

@test "pm-bin --digits 2: rate, lift, WoE and IV rounded to two digits, the edges and counts exact" {
    pm-bin -o exact.tsv "$REF/train.tsv"
    pm-bin --digits 2 -o short.tsv "$REF/train.tsv"
    assert_equal "$(head -n 1 exact.tsv)" "$(head -n 1 short.tsv)"
    n=$(head -n 1 exact.tsv | awk -F'\t' '{ print NF }')
    paste exact.tsv short.tsv | awk -F'\t' -v n="$n" 'NR > 1 {
        for (i = 1; i <= n; i++) {
            if ($i == $(i + n)) continue
            if ($i == "" || sprintf("%.2g", $i) + 0 != $(i + n) + 0) { print NR, i, $i, $(i + n); bad++ }
            else rounded++
        }
    } END { exit bad > 0 || rounded == 0 }'
    pm-bin --json --digits 2 -o short.json "$REF/train.tsv"
    assert_equal "$(jq '.features[0].iv' short.json)" "$(sig 2 "$(pm-bin --json "$REF/train.tsv" | jq '.features[0].iv')")"
}

@test "pm-coef --digits 3: the coefficients rounded to three digits, in the exact table's order" {
    pm-fit --exclude account_id,campaign_wave -o model.json "$REF/train.tsv"
    pm-coef --intercept model.json > exact.tsv
    pm-coef --intercept --digits 3 model.json > short.tsv
    diff <(cut -f1-3 exact.tsv) <(cut -f1-3 short.tsv)
    assert_equal "$(awk -F'\t' 'NR == 2 { print $4 }' short.tsv)" "$(sig 3 "$(ref fit.1\\.0.intercept)")"
    paste exact.tsv short.tsv | awk -F'\t' 'NR > 1 {
        for (i = 4; i <= 7; i++) if (sprintf("%.3g", $i) + 0 != $(i + 7) + 0) { print NR, i, $i, $(i + 7); bad++ }
    } END { exit bad > 0 }'
}

@test "pm-predict --digits 4: scores and contributions rounded to four digits, a file as a pipe" {
    pm-fit --exclude account_id,campaign_wave -o model.json "$REF/train.tsv"
    pm-predict -m model.json -k account_id --reasons 2 "$REF/test.tsv" > exact.tsv
    pm-predict -m model.json -k account_id --reasons 2 --digits 4 "$REF/test.tsv" > short.tsv
    diff <(cut -f1,3,5 exact.tsv) <(cut -f1,3,5 short.tsv)
    paste exact.tsv short.tsv | awk -F'\t' 'NR > 1 {
        for (i = 2; i <= 6; i += 2) if (sprintf("%.4g", $i) + 0 != $(i + 6) + 0) { print NR, i, $i, $(i + 6); bad++ }
    } END { exit bad > 0 }'
    # a file of a megabyte or more is read on two threads: the same bytes
    for i in $(seq 12); do tail -n +2 "$REF/test.tsv"; done | cat <(head -n 1 "$REF/test.tsv") - > big.tsv
    pm-predict -m model.json --digits 4 -o file.tsv big.tsv
    cat big.tsv | pm-predict -m model.json --digits 4 > pipe.tsv
    cmp file.tsv pipe.tsv
    run -2 --separate-stderr pm-predict -m model.json --reasons-text --digits 4 "$REF/test.tsv"
    assert_equal "${stderr_lines[0]}" "pm-predict: --reasons-text writes scores with 3 decimals: --digits is for the TSV"
}

@test "--digits: a number of digits from 0 to 17; pm-counts keeps its scores exact" {
    run -2 --separate-stderr pm-ks --digits 18 "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-ks: option '--digits': '18' is not a number of digits from 0 (exact) to 17
Try 'pm-ks --help' for more information."
    run -2 --separate-stderr pm-counts --digits 3 "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-counts: option '--digits': a counts table's scores stay exact, so that it merges
Try 'pm-counts --help' for more information."
}

@test "the reliability chart's axes fit the scores, and each bin shows its rows" {
    printf 'bin\tlower\tupper\trows\tresponders\tmean_predicted\tobserved_rate\n1\t0\t0.05\t400\t12\t0.03\t0.03\n2\t0.05\t0.1\t250\t18\t0.07\t0.072\n3\t0.1\t0.15\t80\t10\t0.12\t0.125\n' > c.tsv
    pm-chart reliability c.tsv > chart.txt
    # the x axis ends a little past the largest score (0.125 * 1.1), not at 1
    last=$(grep -E '^ +0 +[0-9.]+( +[0-9.]+)+$' chart.txt | tail -1 | awk '{ print $NF }')
    awk -v t="$last" 'BEGIN { exit !(t >= 0.12 && t <= 0.14) }' || fail "x axis ends at $last"
    for n in 400 250 80; do grep -q "$n" chart.txt || fail "no label $n"; done
}

@test "pm-chart psi --variable NAME draws that variable, named in the title" {
    pm-psi -c company_size --categorical industry "$REF/train_scored.tsv" "$REF/drifted_scored.tsv" > psi.tsv || [ $? -le 4 ]
    pm-chart psi --variable industry psi.tsv > chart.txt
    grep -q "score stability: industry (psi.tsv)" chart.txt
    grep -q "industry: PSI" chart.txt
    ! grep -q "company_size: PSI" chart.txt
    run -1 --separate-stderr pm-chart psi --variable nope psi.tsv
    assert_equal "$stderr" "pm-chart: psi.tsv: no variable 'nope' (the table has: $(cut -f1 psi.tsv | awk 'NR > 1 && !s[$1]++' | paste -sd, - | sed 's/,/, /g'))"
    run -2 --separate-stderr pm-chart lift --variable industry psi.tsv
    assert_equal "$stderr" "pm-chart: option '--variable' is for the psi chart
Try 'pm-chart --help' for more information."
}
