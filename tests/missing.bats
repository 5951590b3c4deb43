#!/usr/bin/env bats
# Missing values: an empty field, and the spellings --na names.  pm-fit
# --impute mean|median against scikit-learn's SimpleImputer(add_indicator=True)
# + StandardScaler + OneHotEncoder + LogisticRegression (beyond.json
# "impute", on train_missing.tsv and test_missing.tsv); pm-predict applies
# the model's fill values; the errors that name the way out.

load helper

impute_features() {
    jget "$REF/beyond.json" impute.features | paste -sd, -
}

# check_impute MODEL STRATEGY: every fill value (1e-6 relative), the
# intercept and every coefficient, indicators included (1e-6), and the same
# set of terms as scikit-learn's.
check_impute() {
    local m=$1 s=$2 name fill
    for name in $(jget "$REF/beyond.json" "impute.$s.fill"); do
        fill=$(jq -r --arg n "$name" '.features[] | select(.name == $n) | .fill' "$m")
        assert_near "$fill" "$(jget "$REF/beyond.json" "impute.$s.fill.$name")" \
            "$(awk -v e="$(jget "$REF/beyond.json" "impute.$s.fill.$name")" 'BEGIN { printf "%.17g", (e < 0 ? -e : e) * 1e-6 }')"
    done
    assert_equal "$(jq -r '.features[] | select(.indicator) | .indicator' "$m" | sort)" \
        "$(jget "$REF/beyond.json" "impute.$s.indicator_columns" | sort)"
    assert_near "$(jget "$m" intercept.coefficient)" "$(jget "$REF/beyond.json" "impute.$s.intercept")" 1e-6
    # pm's terms by scikit-learn's names: num__COL, num__missingindicator_COL, cat__COL_LEVEL
    jq -r '.features[] | if .type == "categorical" then (.name as $f | .levels[] | "cat__\($f)_\(.level)\t\(.coefficient)")
        elif .indicator then "num__missingindicator_\(.indicator)\t\(.coefficient)"
        else "num__\(.name)\t\(.coefficient)" end' "$m" > terms.tsv
    diff <(cut -f1 terms.tsv | sort) <(jget "$REF/beyond.json" "impute.$s.coefficients" | sort)
    while IFS=$'\t' read -r term coef; do
        assert_near "$coef" "$(jget "$REF/beyond.json" "impute.$s.coefficients.$term")" 1e-6
    done < terms.tsv
}

# check_scores STRATEGY: pm-predict's first 20 scores of test_missing.tsv.
check_scores() {
    paste <(col score scored.tsv | head -20) <(jget "$REF/beyond.json" "impute.$1.first_test_scores") > pairs
    [ "$(wc -l < pairs)" -eq 20 ]
    while read -r got want; do
        assert_near "$got" "$want" 1e-9
    done < pairs
}

@test "pm-fit --impute mean: fill values, indicators, intercept, coefficients and scores equal scikit-learn's" {
    pm-fit -x "$(impute_features)" --impute mean -o model.json "$REF/train_missing.tsv"
    check_impute model.json mean
    assert_equal "$(jget model.json training.options.impute)" mean
    pm-predict -m model.json "$REF/test_missing.tsv" > scored.tsv
    check_scores mean
}

@test "pm-fit --impute median: the same against scikit-learn's median imputer" {
    pm-fit -x "$(impute_features)" --impute median -o model.json "$REF/train_missing.tsv"
    check_impute model.json median
    pm-predict -m model.json "$REF/test_missing.tsv" > scored.tsv
    check_scores median
}

@test "without --impute a missing numeric value is an error: its line, how many rows, the options" {
    run -1 --separate-stderr pm-fit -x "$(impute_features)" "$REF/train_missing.tsv"
    assert_equal "$stderr" "pm-fit: $REF/train_missing.tsv:15: column 'company_size': missing value (190 rows have one); fill with --impute mean or --impute median, or leave the column out with --exclude company_size"
}

@test "a numeric column with NA among its numbers is an error with the count; with --na NA the model of empty fields" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "") $i = "NA" } 1' \
        "$REF/train_missing.tsv" > na.tsv
    run -1 --separate-stderr pm-fit -x "$(impute_features)" --impute mean na.tsv
    assert_equal "$stderr" "pm-fit: na.tsv: column 'company_size': numbers, and 'NA' in 190 rows; if that means a missing value, say so with --na NA"
    pm-fit -x "$(impute_features)" --impute mean -o empty.json "$REF/train_missing.tsv"
    pm-fit -x "$(impute_features)" --impute mean --na NA -o na.json na.tsv
    diff <(jq '.intercept, .features' empty.json) <(jq '.intercept, .features' na.json)
    assert_equal "$(jq -c .training.options.na na.json)" '["NA"]'
    # pm-predict and pm-bin read the same spelling the same way
    awk -F'\t' -v OFS='\t' 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "") $i = "NA" } 1' \
        "$REF/test_missing.tsv" > test_na.tsv
    pm-predict -m empty.json "$REF/test_missing.tsv" | col score > a
    pm-predict -m na.json --na NA test_na.tsv | col score > b
    cmp a b
    run -1 --separate-stderr pm-bin -x company_size na.tsv
    assert_equal "$stderr" "pm-bin: na.tsv: column 'company_size': numbers, and 'NA' in 190 rows; if that means a missing value, say so with --na NA"
    pm-bin -x company_size --na NA na.tsv > na_bins.tsv
    pm-bin -x company_size "$REF/train_missing.tsv" > bins.tsv
    cmp bins.tsv na_bins.tsv
}

@test "several spellings are named together, each with its rows" {
    printf 'x\ty\n1\t0\n2\t1\nNA\t0\n?\t1\nNA\t1\n3\t0\n' > t.tsv
    run -1 --separate-stderr pm-fit -y y t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv: column 'x': numbers, and '?' in 1 row, 'NA' in 2 rows; if those mean missing values, say so with --na ?,NA"
}

@test "pm-predict passes a row's --na spelling on as written" {
    printf 'x\ty\n1\t0\n2\t1\n\t0\n4\t1\n3\t0\n' > t.tsv
    pm-fit -y y --impute mean -o m.json t.tsv
    printf 'x\ty\nNA\t0\n2\t1\n' > new.tsv
    pm-predict -m m.json --na NA new.tsv > out.tsv
    assert_equal "$(cut -f1 out.tsv | paste -sd, -)" "x,NA,2"
}

@test "an empty text field is a level of its own, never the reference; pm-predict scores it as that level" {
    printf 'g\ty\n\t1\nb\t0\na\t1\n\t0\nb\t1\na\t0\n\t1\n' > t.tsv
    pm-fit -y y -o m.json t.tsv
    assert_equal "$(jget m.json features.0.reference)" a
    assert_equal "$(jq -c '[.features[0].levels[].level]' m.json)" '["","b"]'
    pm-predict -m m.json t.tsv > scored.tsv
    # rows 1 and 4 are both the level "": the same score, and no unseen level
    assert_equal "$(sed -n 2p scored.tsv | cut -f3)" "$(sed -n 5p scored.tsv | cut -f3)"
}

# awk_mean FILE COLUMN: the mean of the column's non-empty values, by awk.
awk_mean() {
    awk -F'\t' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
        $c != "" { s += $c; n++ } END { printf "%.17g", s / n }' "$1"
}

@test "--impute with --folds: each fold's fill values come from its training rows alone" {
    local features name
    features=$(impute_features)
    # fold 0: the rows of 800 employees or more, whose company_size is known; the others in four folds
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (c = 1; c <= NF; c++) if ($c == "company_size") k = c; print $0, "fold"; next }
        { print $0, ($k != "" && $k >= 800) ? 0 : 1 + NR % 4 }' "$REF/train_missing.tsv" > folds.tsv
    pm-fit -x "$features" --impute mean -C 1 --folds fold --cv-report report.tsv -o cv.json folds.tsv
    # fold 0 by hand: its training rows fitted alone, with their own means ...
    awk -F'\t' 'NR == 1 || $NF != 0' folds.tsv > train0.tsv
    awk -F'\t' 'NR == 1 || $NF == 0' folds.tsv > held0.tsv
    pm-fit -x "$features" --impute mean -C 1 -o m0.json train0.tsv
    for name in $(jget "$REF/beyond.json" impute.mean.indicator_columns); do
        assert_near "$(jq -r --arg n "$name" '.features[] | select(.name == $n) | .fill' m0.json)" \
            "$(awk_mean train0.tsv "$name")" "$(awk -v m="$(awk_mean train0.tsv "$name")" 'BEGIN { printf "%.17g", m * 1e-12 }')"
    done
    # ... which are not the whole table's (the test would not tell otherwise)
    awk -v a="$(awk_mean folds.tsv company_size)" -v b="$(awk_mean train0.tsv company_size)" 'BEGIN { exit !(a - b > 0.1 * b) }'
    # ... and its held-out rows scored with that model: the report's log loss for fold 0
    pm-predict -m m0.json held0.tsv > scored0.tsv
    want=$(paste <(col response_flag scored0.tsv) <(col score scored0.tsv) |
        awk '{ l += $1 == 1 ? -log($2) : -log(1 - $2); n++ } END { printf "%.17g", l / n }')
    assert_equal "$(awk -F'\t' '$2 == "0" { print $3 }' report.tsv)" 530
    assert_near "$(awk -F'\t' '$2 == "0" { print $6 }' report.tsv)" "$want" 1e-9
}

@test "--impute with --folds: a column with no value outside a fold" {
    printf 'x\tz\ty\tfold\n1\t1\t0\ta\n2\t2\t1\ta\n\t3\t0\tb\n\t4\t1\tb\n5\t2\t1\ta\n\t1\t0\tb\n' > t.tsv
    run -1 --separate-stderr pm-fit -y y --impute mean --folds fold t.tsv
    assert_equal "$stderr" "pm-fit: cross-validation: column 'x' has no value outside fold 'a' to take its mean from (use fewer folds)"
}

@test "--impute is for the logistic model, and needs the table in memory" {
    local try="Try 'pm-fit --help' for more information."
    run -2 --separate-stderr pm-fit --trees --impute mean "$REF/train_missing.tsv"
    assert_equal "$stderr" "pm-fit: option '--impute' is for the logistic model, not --trees
$try"
    run -2 --separate-stderr pm-fit --impute median --memory 64M "$REF/train_missing.tsv"
    assert_equal "$stderr" "pm-fit: option '--impute' needs the table in memory, not --memory
$try"
    run -2 --separate-stderr pm-fit --impute mode "$REF/train_missing.tsv"
    assert_equal "$stderr" "pm-fit: option '--impute': 'mode' is neither mean nor median
$try"
}

@test "--impute: a column with no value, and a column already called COLUMN_missing" {
    printf 'x\tz\ty\n\t1\t0\n\t2\t1\n\t3\t0\n' > t.tsv
    run -1 --separate-stderr pm-fit -y y --impute mean t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv: column 'x' has no value to take its mean from; leave it out with --exclude x"
    printf 'x\tx_missing\ty\n1\t1\t0\n\t2\t1\n3\t3\t0\n' > t.tsv
    run -1 --separate-stderr pm-fit -y y --impute mean t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv: column 'x_missing' is the name of the indicator of 'x''s missing values; rename it or leave it out with --exclude x_missing"
}

@test "trees take a missing value as it is, and read --na spellings as missing" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "") $i = "NA" } 1' \
        "$REF/train_missing.tsv" > na.tsv
    SOURCE_DATE_EPOCH=0 pm-fit --trees --rounds 5 -x "$(impute_features)" -o empty.json "$REF/train_missing.tsv"
    SOURCE_DATE_EPOCH=0 pm-fit --trees --rounds 5 -x "$(impute_features)" --na NA -o na.json na.tsv
    assert_equal "$(jq -r .booster empty.json | sha256sum)" "$(jq -r .booster na.json | sha256sum)"
}

@test "the evaluation tools read --na spellings as missing: an error that says so" {
    printf 'response_flag\tscore\n1\t0.5\nNA\t0.2\n' > s.tsv
    run -1 --separate-stderr pm-metrics --na NA s.tsv
    assert_equal "$stderr" "pm-metrics: s.tsv:3: column 'response_flag': missing value"
}
