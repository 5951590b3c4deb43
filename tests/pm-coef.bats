#!/usr/bin/env bats
# pm-coef: the model's terms ranked by |coefficient|, with both scales.

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

setup() {
    TMP="$BATS_TEST_TMPDIR"
    cd "$TMP" || return 1
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
}

@test "one row per term of the reference model, with its coefficient to 1e-6" {
    pm-coef model.json > coef.tsv
    assert_equal "$(head -1 coef.tsv)" "$(printf 'term\tfeature\tlevel\tcoefficient\tstd_error\tz\toriginal')"
    diff <(ref fit.1\\.0.coefficients | sort) <(col term coef.tsv | sort)
    while read -r term coef; do
        assert_near "$coef" "$(ref "fit.1\\.0.coefficients.$term")" 1e-6
    done < <(tail -n +2 coef.tsv | cut -f1,4)
}

@test "ranked by the absolute value of the coefficient, largest first" {
    pm-coef model.json | col coefficient | tr -d - > abs.txt
    sort -g -r abs.txt | cmp - abs.txt
    assert_equal "$(pm-coef model.json | sed -n 2p | cut -f1)" industry=Software
}

@test "feature and level split the term; z is coefficient / std_error" {
    pm-coef model.json > coef.tsv
    awk -F'\t' 'NR > 1 { t = ($3 == "" ? $2 : $2 "=" $3); if (t != $1) exit 1 }' coef.tsv
    awk -F'\t' 'NR > 1 { d = $6 - $4 / $5; if (d < 0) d = -d; if (d > 1e-12 * ($6 < 0 ? -$6 : $6)) exit 1 }' coef.tsv
    assert_equal "$(awk -F'\t' '$1 == "region=APAC" { print $2 "/" $3 }' coef.tsv)" region/APAC
}

@test "original: per unit of the raw column for numeric terms, the same for levels" {
    pm-coef model.json > coef.tsv
    scale=$(ref fit.1\\.0.scale.company_size)
    want=$(awk -v c="$(ref fit.1\\.0.coefficients.company_size)" -v s="$scale" 'BEGIN { printf "%.17g", c / s }')
    assert_near "$(awk -F'\t' '$1 == "company_size" { print $7 }' coef.tsv)" "$want" 1e-9
    assert_equal "$(awk -F'\t' '$1 == "industry=Finance" { print ($4 == $7) }' coef.tsv)" 1
}

@test "the original scale gives the same scores as the standardized one" {
    pm-coef --intercept model.json > coef.tsv
    # z = intercept + sum original * x + level terms, for the first test row
    row=$(sed -n 2p "$REF/test.tsv")
    z=$(awk -F'\t' -v row="$row" -v hdr="$(head -1 "$REF/test.tsv")" '
        BEGIN { n = split(hdr, h, "\t"); split(row, v, "\t"); for (i = 1; i <= n; i++) x[h[i]] = v[i] }
        NR == 1 { next }
        $1 == "(intercept)" { z += $7; next }
        $3 == "" { z += $7 * x[$2]; next }
        x[$2] == $3 { z += $7 }
        END { printf "%.17g", 1 / (1 + exp(-z)) }' coef.tsv)
    assert_near "$z" "$(sed -n 2p "$REF/test_scored.tsv" | cut -f20)" 1e-12
}

@test "--intercept puts the intercept first, outside the ranking" {
    pm-coef --intercept model.json > coef.tsv
    assert_equal "$(sed -n 2p coef.tsv | cut -f1-3)" "$(printf '(intercept)\t\t')"
    assert_near "$(sed -n 2p coef.tsv | cut -f4)" "$(ref fit.1\\.0.intercept)" 1e-6
    assert_equal "$(sed -n 2p coef.tsv | cut -f7)" "$(jget model.json intercept.original)"
}

@test "reads the model from stdin, so it follows pm-fit in a pipe" {
    diff <(pm-fit -x "$FEATURES" "$REF/train.tsv" | pm-coef) <(pm-coef model.json)
}

@test "a bad model is refused; write errors are errors" {
    echo '[]' > bad.json
    run -1 --separate-stderr pm-coef bad.json
    assert_equal "$stderr" "pm-coef: bad.json: not a pm model (not a JSON object)"
    run -1 --separate-stderr pm-coef -o /dev/full model.json
    assert_equal "$stderr" "pm-coef: write error on /dev/full: No space left on device"
}

@test "--help, --version and usage errors" {
    run pm-coef --help
    assert_success
    assert_line --index 0 "Usage: pm-coef [OPTION]... [MODEL]"
    run pm-coef --version
    assert_output --regexp '^pm-coef \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
    run -2 --separate-stderr pm-coef a b
    assert_equal "${stderr_lines[0]}" "pm-coef: unexpected argument 'b'"
}

@test "a model without features has a table of its header alone (and no undefined qsort of nothing)" {
    pm-fit -o m.json "$REF/train.tsv" --features company_size 2> /dev/null
    jset m.json features '[]' > empty.json
    run -0 --separate-stderr pm-coef empty.json
    assert_equal "$output" "term	feature	level	coefficient	std_error	z	original"
    assert_equal "$stderr" ""
}
