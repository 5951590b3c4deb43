#!/usr/bin/env bats
# Guards for a user's own table: identifiers that look numeric, R's row
# names, CSV piped in as TSV, a column name mistyped, a target spelled
# another way; and the target and positive label read from the model (-m).

load helper

# yes_no: train_scored.tsv with the target renamed churn and spelled Yes/No.
yes_no() {
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "response_flag") c = i; $c = "churn"; print; next }
        { $c = $c ? "Yes" : "No"; print }' "$REF/train_scored.tsv"
}

@test "a numeric column that counts the rows is refused as an identifier, naming --exclude" {
    awk -F'\t' -v OFS='\t' 'NR == 1 { print "row", $0; next } { print NR - 1, $0 }' "$REF/train.tsv" > rows.tsv
    run -1 --separate-stderr pm-fit -x row,industry rows.tsv
    assert_equal "$stderr" "pm-fit: rows.tsv: column 'row' looks like an identifier (whole numbers counting up, one per row); leave it out with --exclude row"
    # strictly increasing, not 1..n: the same
    awk -F'\t' -v OFS='\t' 'NR == 1 { print "id", $0; next } { print 1000 + 3 * NR, $0 }' "$REF/train.tsv" > ids.tsv
    run -1 --separate-stderr pm-fit -x id,industry ids.tsv
    assert_equal "$stderr" "pm-fit: ids.tsv: column 'id' looks like an identifier (whole numbers counting up, one per row); leave it out with --exclude id"
    pm-fit -x row,industry --exclude row -o m.json rows.tsv
    assert_equal "$(jq -r '[.features[].name] | join(",")' m.json)" industry
    # pm-bin too, whether the column has few rows (kept as levels) or many
    run -1 --separate-stderr pm-bin --summary rows.tsv
    assert_equal "$stderr" "pm-bin: rows.tsv: column 'row' looks like an identifier (whole numbers counting up, one per row); leave it out with --exclude row"
    head -n 41 rows.tsv > few.tsv
    run -1 --separate-stderr pm-bin --summary few.tsv
    assert_equal "$stderr" "pm-bin: few.tsv: column 'row' looks like an identifier (whole numbers counting up, one per row); leave it out with --exclude row"
    diff <(pm-bin --summary --exclude row rows.tsv) <(pm-bin --summary "$REF/train.tsv")
}

@test "R's row names, a column with no name, are refused; --exclude '' leaves them out" {
    awk -F'\t' -v OFS='\t' 'NR == 1 { print "", $0; next } { print NR - 1, $0 }' "$REF/train.tsv" |
        cut -f1,3,13 > r.tsv
    run -1 --separate-stderr pm-fit r.tsv
    assert_equal "$stderr" "pm-fit: r.tsv: a column has no name (R's write.csv names its row names so); as a feature it would be the rows' numbers: leave it out with --exclude ''"
    pm-fit --exclude '' -o m.json r.tsv
    assert_equal "$(jq -r '[.features[].name] | join(",")' m.json)" industry
    run -1 --separate-stderr pm-bin r.tsv
    assert_equal "$stderr" "pm-bin: r.tsv: a column has no name (R's write.csv names its row names so); as a feature it would be the rows' numbers: leave it out with --exclude ''"
    pm-bin --exclude '' r.tsv > /dev/null
}

@test "CSV on stdin read as TSV: the header's commas, and the option to give" {
    tr '\t' ',' < "$REF/train.tsv" > t.csv
    run -1 --separate-stderr pm-fit < t.csv
    assert_equal "$stderr" "pm-fit: stdin:1: the header has commas and no TAB: if this is CSV, read it with --csv"
    run -1 --separate-stderr pm-metrics < t.csv
    assert_equal "$stderr" "pm-metrics: stdin:1: the header has commas and no TAB: if this is CSV, read it with --csv"
    pm-fit --csv -x industry -o m.json < t.csv
    assert_equal "$(jget m.json features.0.name)" industry
}

@test "an unknown column names the closest ones: case, then a few edits" {
    run -1 --separate-stderr pm-fit -x Industry "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: column 'Industry' not found in header of $REF/train.tsv (did you mean 'industry'?)"
    run -1 --separate-stderr pm-bin -x tenure_month "$REF/train.tsv"
    assert_equal "$stderr" "pm-bin: column 'tenure_month' not found in header of $REF/train.tsv (did you mean 'tenure_months'?)"
    run -1 --separate-stderr pm-fit -x nothing_like_it "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: column 'nothing_like_it' not found in header of $REF/train.tsv"
}

@test "a missing target column says to name it with -y" {
    yes_no > yn.tsv
    run -1 --separate-stderr pm-fit yn.tsv
    assert_equal "$stderr" "pm-fit: column 'response_flag' not found in header of yn.tsv; name the target column with -y"
    run -1 --separate-stderr pm-metrics yn.tsv
    assert_equal "$stderr" "pm-metrics: column 'response_flag' not found in header of yn.tsv; name the target column with -y"
}

@test "a positive label that never occurs, or a third value, lists the values with their rows" {
    yes_no > yn.tsv
    for t in pm-metrics pm-lift pm-ks pm-calib pm-bin pm-fit; do
        run -1 --separate-stderr $t -y churn --positive yes $([ $t != pm-fit ] || echo -x industry) yn.tsv
        assert_equal "$stderr" "$t: yn.tsv: column 'churn' has no row with the positive value 'yes'; its values: 'No' (3188 rows), 'Yes' (812 rows)"
    done
    awk -F'\t' -v OFS='\t' 'NR == 5 { $12 = "Maybe" } 1' yn.tsv > three.tsv
    run -1 --separate-stderr pm-metrics -y churn --positive Yes three.tsv
    assert_equal "$stderr" "pm-metrics: three.tsv: column 'churn' has 3 values, not two: 'Maybe' (1 row), 'No' (3187 rows), 'Yes' (812 rows)"
}

@test "-m MODEL: the evaluation tools, pm-bin and pm-target read the target and positive label from the model" {
    yes_no > yn.tsv
    pm-fit -y churn --positive Yes -x industry,region -o m.json yn.tsv
    pm-metrics -m m.json yn.tsv > by_model.json
    pm-metrics -y churn --positive Yes yn.tsv > by_hand.json
    cmp by_model.json by_hand.json
    assert_equal "$(jget by_model.json positives)" 812
    for t in pm-lift pm-ks pm-calib; do
        cmp <($t -m m.json yn.tsv) <($t -y churn --positive Yes yn.tsv)
    done
    cmp <(pm-bin -m m.json -x industry yn.tsv) <(pm-bin -y churn --positive Yes -x industry yn.tsv)
    cmp <(pm-target -m m.json --value 100 --cost 5 yn.tsv) <(pm-target -y churn --positive Yes --value 100 --cost 5 yn.tsv)
    # -y and --positive given win over the model's
    run -1 --separate-stderr pm-metrics -m m.json --positive yes yn.tsv
    assert_equal "$stderr" "pm-metrics: yn.tsv: column 'churn' has no row with the positive value 'yes'; its values: 'No' (3188 rows), 'Yes' (812 rows)"
}
