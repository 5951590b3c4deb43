#!/usr/bin/env bats
# pm-predict: the scores of scikit-learn's predict_proba, streamed; unseen
# levels, missing values and bad models.

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

setup() {
    TMP="$BATS_TEST_TMPDIR"
    cd "$TMP" || return 1
    SOURCE_DATE_EPOCH=0 pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
}

@test "scores equal scikit-learn's on test, train and drifted to 1e-9" {
    for set in test train drifted; do
        pm-predict -m model.json "$REF/$set.tsv" > scored.tsv
        assert_columns_near scored.tsv score "$REF/${set}_scored.tsv" score 1e-9
    done
}

@test "each input row comes out unchanged, with the score appended" {
    pm-predict -m model.json "$REF/test.tsv" > scored.tsv
    cut -f1-19 scored.tsv | cmp - "$REF/test.tsv"
    assert_equal "$(head -1 scored.tsv)" "$(head -1 "$REF/test_scored.tsv")"
    assert_equal "$(awk -F'\t' '{ print NF }' scored.tsv | sort -u)" 20
}

@test "columns in another order: identical scores" {
    awk -F'\t' -v OFS='\t' '{ print $19, $12, $5, $1, $17, $2, $3, $4, $6, $7, $8, $9, $10, $11, $13, $14, $15, $16, $18 }' \
        "$REF/test.tsv" > shuffled.tsv
    diff <(pm-predict -m model.json "$REF/test.tsv" | col score) <(pm-predict -m model.json shuffled.tsv | col score)
}

@test "columns the model does not use may be absent" {
    cut -f2-10,13-19 "$REF/test.tsv" > features.tsv
    diff <(pm-predict -m model.json "$REF/test.tsv" | col score) <(pm-predict -m model.json features.tsv | col score)
}

@test "scores are written in the shortest form that reads back exactly" {
    pm-predict -m model.json "$REF/test.tsv" | col score > scores.txt
    # every score has at most 17 significant digits and none ends in 0
    run grep -c -E '^0\.[0-9]*[1-9]$|^[0-9]\.[0-9]*[1-9]e-[0-9]+$' scores.txt
    assert_output 1500
}

@test "--keep writes only the columns asked for, --name names the score" {
    pm-predict -m model.json --keep account_id,response_flag --name p "$REF/test.tsv" > out.tsv
    assert_equal "$(head -1 out.tsv)" "$(printf 'account_id\tresponse_flag\tp')"
    diff <(cut -f1,2 out.tsv | tail -n +2) <(cut -f1,12 "$REF/test.tsv" | tail -n +2)
    assert_columns_near out.tsv p "$REF/test_scored.tsv" score 1e-9
}

@test "an input that already has the score's name is refused" {
    run -1 --separate-stderr pm-predict -m model.json "$REF/test_scored.tsv"
    assert_equal "$stderr" "pm-predict: $REF/test_scored.tsv: already has a column 'score'; name the score with --name"
    run pm-predict -m model.json --name score2 "$REF/test_scored.tsv"
    assert_success
    run pm-predict -m model.json --keep account_id "$REF/test_scored.tsv"
    assert_success
}

@test "a level unseen in training scores as the reference level, and is counted" {
    head -4 "$REF/test.tsv" > in.tsv
    # rows 2 and 3 with an unknown industry; the same rows with the reference
    awk -F'\t' -v OFS='\t' 'NR == 2 || NR == 3 { $2 = "Aerospace" } { print }' in.tsv > unseen.tsv
    awk -F'\t' -v OFS='\t' 'NR == 2 || NR == 3 { $2 = "Education" } { print }' in.tsv > reference.tsv
    run --separate-stderr pm-predict -m model.json unseen.tsv
    assert_success
    assert_equal "$stderr" "pm-predict: unseen.tsv: column 'industry': 2 rows with a level unseen in training (first 'Aerospace', line 2) scored as the reference level 'Education'"
    diff <(col score <<< "$output") <(pm-predict -m model.json reference.tsv | col score)
}

@test "a missing numeric value is an error naming line and column" {
    head -4 "$REF/test.tsv" | awk -F'\t' -v OFS='\t' 'NR == 3 { $4 = "" } { print }' > missing.tsv
    run -1 --separate-stderr pm-predict -m model.json missing.tsv
    assert_equal "$stderr" "pm-predict: missing.tsv:3: column 'company_size': missing value (--impute-mean scores it at the training mean)"
}

@test "--impute-mean scores a missing value at the training mean, and counts it" {
    head -4 "$REF/test.tsv" | awk -F'\t' -v OFS='\t' 'NR == 3 { $4 = "" } { print }' > missing.tsv
    mean=$(jget model.json features.0.mean)
    head -4 "$REF/test.tsv" | awk -F'\t' -v OFS='\t' -v m="$mean" 'NR == 3 { $4 = m } { print }' > mean.tsv
    run --separate-stderr pm-predict -m model.json --impute-mean missing.tsv
    assert_success
    assert_equal "$stderr" "pm-predict: missing.tsv: column 'company_size': 1 missing value (first at line 3) scored at the training mean"
    diff <(col score <<< "$output") <(pm-predict -m model.json mean.tsv | col score)
}

@test "a value that is not a number is an error, with or without --impute-mean" {
    head -4 "$REF/test.tsv" | awk -F'\t' -v OFS='\t' 'NR == 4 { $5 = "lots" } { print }' > bad.tsv
    run -1 --separate-stderr pm-predict -m model.json --impute-mean bad.tsv
    assert_equal "$stderr" "pm-predict: bad.tsv:4: column 'annual_revenue': 'lots' is not a number"
}

@test "a column of the model missing from the input is an error" {
    cut -f1-3 "$REF/test.tsv" > few.tsv
    run -1 --separate-stderr pm-predict -m model.json few.tsv
    assert_equal "$stderr" "pm-predict: column 'company_size' not found in header of few.tsv"
}

@test "a model of another format version is refused" {
    sed 's/"version": 1/"version": 2/' model.json > v2.json
    run -1 --separate-stderr pm-predict -m v2.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: v2.json: model format version 2 is not supported (this pm reads version 1)"
}

@test "a file that is not a pm model is refused" {
    echo '{"hello": 1}' > other.json
    run -1 --separate-stderr pm-predict -m other.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: other.json: not a pm model (missing 'format')"
    echo '{"format": {"name": "sklearn", "version": 1}}' > other.json
    run -1 --separate-stderr pm-predict -m other.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: other.json: not a pm model (format name is not 'pm-model')"
    run -1 --separate-stderr pm-predict -m "$REF/test.tsv" "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: $REF/test.tsv:1: not a pm model (not valid JSON: '[' or '{' expected near 'account')"
    run -1 --separate-stderr pm-predict -m nothere.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: nothere.json: No such file or directory"
}

@test "a damaged model is refused with what is wrong where" {
    head -c 2000 model.json > cut.json
    run -1 --separate-stderr pm-predict -m cut.json "$REF/test.tsv"
    assert_output ""
    [[ $stderr == "pm-predict: cut.json:"*": not a pm model (not valid JSON: "* ]]
    sed '0,/"scale": [0-9.e+-]*/s//"scale": 0/' model.json > zero.json
    run -1 --separate-stderr pm-predict -m zero.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: zero.json: damaged model: features[0].scale: expected a positive number"
    sed '0,/"coefficient": [0-9.e+-]*/s//"coefficient": "big"/' model.json > str.json
    run -1 --separate-stderr pm-predict -m str.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: str.json: damaged model: intercept.coefficient: expected a number"
    sed '/"reference": "Education"/d' model.json > noref.json
    run -1 --separate-stderr pm-predict -m noref.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: noref.json: damaged model: features[11].reference: missing"
    sed 's/"level": "Finance"/"level": "Energy"/' model.json > twice.json
    run -1 --separate-stderr pm-predict -m twice.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: twice.json: damaged model: features[11].levels[1]: levels are not in byte order without repeats"
}

@test "a huge file is refused before it is parsed" {
    truncate -s 65M huge.json
    run -1 --separate-stderr pm-predict -m huge.json "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: huge.json: too large for a model (over 64 MiB)"
}

@test "the model can come from a pipe" {
    run pm-predict -m <(cat model.json) "$REF/test.tsv"
    assert_success
}

@test "a header-only input gives the header with the score" {
    head -1 "$REF/test.tsv" | pm-predict -m model.json > out.tsv
    diff out.tsv <(head -1 "$REF/test_scored.tsv")
}

@test "CSV input gives the same scores" {
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' "$REF/test.tsv" > test.csv
    diff <(pm-predict -m model.json test.csv) <(pm-predict -m model.json "$REF/test.tsv")
}

@test "-o writes the whole file; a full disk is an error; a closed pipe ends quietly" {
    pm-predict -m model.json -o out.tsv "$REF/test.tsv"
    diff out.tsv <(pm-predict -m model.json "$REF/test.tsv")
    run -1 --separate-stderr pm-predict -m model.json -o /dev/full "$REF/test.tsv"
    assert_equal "$stderr" "pm-predict: write error on /dev/full: No space left on device"
    run --separate-stderr sh -c "pm-predict -m model.json '$REF/test.tsv' | head -1"
    assert_success
    assert_equal "$stderr" ""
}

@test "--help, --version and usage errors" {
    run pm-predict --help
    assert_success
    assert_line --index 0 "Usage: pm-predict -m MODEL [OPTION]... [FILE]"
    run pm-predict --version
    assert_output --regexp '^pm-predict \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
    run -2 --separate-stderr pm-predict "$REF/test.tsv"
    assert_equal "${stderr_lines[0]}" "pm-predict: no model: give one with -m MODEL"
    run -2 --separate-stderr pm-predict -m model.json --keep account_id,account_id "$REF/test.tsv"
    assert_equal "${stderr_lines[0]}" "pm-predict: option '--keep': column 'account_id' is named twice"
    run -2 --separate-stderr pm-predict --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-predict --help' for more information."
}

@test "--keep naming the score's own column is a usage error, before any reading" {
    run -2 --separate-stderr pm-predict -m model.json -k account_id,score missing.tsv
    assert_equal "${stderr_lines[0]}" "pm-predict: --keep names 'score', the score's own column: name the score with --name"
    run -0 pm-predict -m model.json -k account_id,score -n p "$REF/test_scored.tsv"
    assert_line --index 0 "$(printf 'account_id\tscore\tp')"
}
