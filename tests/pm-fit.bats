#!/usr/bin/env bats
# pm-fit: scikit-learn's LogisticRegression(C) on the standardized, one-hot
# design, to many digits; and how bad input is met.

load helper

# The features of the reference model (tests/reference/README.md).
FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

# assert_rel ACTUAL EXPECTED RTOL: |ACTUAL - EXPECTED| <= RTOL |EXPECTED|.
assert_rel() {
    assert_near "$1" "$2" "$(awk -v e="$2" -v r="$3" 'BEGIN { if (e < 0) e = -e; printf "%.17g", r * e }')"
}

# check_coefficients MODEL C: intercept and every coefficient equal fit[C] of
# reference.json to 1e-6, with the same set of terms.
check_coefficients() {
    pm-coef --intercept "$1" > coef.tsv
    diff <(ref "fit.$2.coefficients" | sort) <(tail -n +3 coef.tsv | cut -f1 | sort)
    assert_equal "$(sed -n 2p coef.tsv | cut -f1)" "(intercept)"
    assert_near "$(sed -n 2p coef.tsv | cut -f4)" "$(ref "fit.$2.intercept")" 1e-6
    while read -r term coef; do
        assert_near "$coef" "$(ref "fit.$2.coefficients.$term")" 1e-6
    done < <(tail -n +3 coef.tsv | cut -f1,4)
}

# check_standardization MODEL C: means and scales to 1e-9 relative, and the
# reference level of each categorical column.
check_standardization() {
    local n=0 i name
    for i in $(seq 0 15); do
        name=$(jget "$1" "features.$i.name")
        if [ "$(jget "$1" "features.$i.type")" = numeric ]; then
            assert_rel "$(jget "$1" "features.$i.mean")" "$(ref "fit.$2.mean.$name")" 1e-9
            assert_rel "$(jget "$1" "features.$i.scale")" "$(ref "fit.$2.scale.$name")" 1e-9
        else
            assert_equal "$(jget "$1" "features.$i.reference")" "$(ref "fit.$2.reference_levels.$name")"
        fi
        n=$((n + 1))
    done
    assert_equal "$n" 16
    run jget "$1" features.16
    assert_failure
}

@test "C = 1: intercept and coefficients equal scikit-learn's to 1e-6" {
    pm-fit -x "$FEATURES" "$REF/train.tsv" > model.json
    check_coefficients model.json 1\\.0
}

@test "C = 0.01: intercept and coefficients equal scikit-learn's to 1e-6" {
    pm-fit -C 0.01 -x "$FEATURES" -o model.json "$REF/train.tsv"
    check_coefficients model.json 0\\.01
}

@test "means and scales to 1e-9 relative, and the same reference levels" {
    pm-fit -x "$FEATURES" "$REF/train.tsv" > model.json
    check_standardization model.json 1\\.0
    pm-fit -C 0.01 -x "$FEATURES" "$REF/train.tsv" > model.json
    check_standardization model.json 0\\.01
}

@test "--exclude of the id and the wave gives the same model as -x" {
    SOURCE_DATE_EPOCH=0 pm-fit -x "$FEATURES" "$REF/train.tsv" | pm-coef > a.tsv
    SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id,campaign_wave "$REF/train.tsv" | pm-coef > b.tsv
    assert_columns_near a.tsv coefficient b.tsv coefficient 1e-12
    diff <(col term a.tsv | sort) <(col term b.tsv | sort)
}

@test "twice on the same input with SOURCE_DATE_EPOCH: identical bytes" {
    SOURCE_DATE_EPOCH=1700000000 pm-fit -x "$FEATURES" "$REF/train.tsv" > a.json
    SOURCE_DATE_EPOCH=1700000000 pm-fit -x "$FEATURES" "$REF/train.tsv" > b.json
    cmp a.json b.json
    assert_equal "$(jget a.json training.timestamp)" "2023-11-14T22:13:20Z"
}

@test "columns of the input in another order: the same coefficients" {
    awk -F'\t' -v OFS='\t' '{ print $19, $12, $5, $1, $17, $2, $3, $4, $6, $7, $8, $9, $10, $11, $13, $14, $15, $16, $18 }' \
        "$REF/train.tsv" > shuffled.tsv
    pm-fit -x "$FEATURES" "$REF/train.tsv" | pm-coef > a.tsv
    pm-fit -x "$FEATURES" shuffled.tsv | pm-coef > b.tsv
    diff <(col term a.tsv) <(col term b.tsv)
    assert_columns_near a.tsv coefficient b.tsv coefficient 1e-12
}

@test "rows in another order: the same coefficients" {
    { head -1 "$REF/train.tsv"; tail -n +2 "$REF/train.tsv" | sort; } > sorted.tsv
    pm-fit -x "$FEATURES" "$REF/train.tsv" | pm-coef > a.tsv
    pm-fit -x "$FEATURES" sorted.tsv | pm-coef > b.tsv
    assert_columns_near a.tsv coefficient b.tsv coefficient 1e-12
}

@test "the training metadata: rows, positives, convergence, options, digest, tool" {
    SOURCE_DATE_EPOCH=0 pm-fit -x "$FEATURES" -C 0.5 "$REF/train.tsv" > model.json
    assert_equal "$(jget model.json training.rows)" 4000
    assert_equal "$(jget model.json training.positives)" "$(tail -n +2 "$REF/train.tsv" | cut -f12 | grep -c 1)"
    assert_equal "$(jget model.json training.C)" 0.5
    assert_equal "$(jget model.json training.converged)" true
    assert_equal "$(jget model.json training.warm_start)" null
    assert_equal "$(jget model.json training.options.exclude)" null
    assert_equal "$(jget model.json training.options.features | paste -sd,)" "$FEATURES"
    assert_equal "$(jget model.json training.input.name)" "$REF/train.tsv"
    assert_equal "$(jget model.json training.input.sha256)" "$(sha256sum < "$REF/train.tsv" | cut -d' ' -f1)"
    assert_equal "$(jget model.json training.tool)" "pm-fit (pm) $(pm-fit --version | cut -d' ' -f3)"
    assert_equal "$(jget model.json training.timestamp)" "1970-01-01T00:00:00Z"
    assert_equal "$(jget model.json format.name)" pm-model
    assert_equal "$(jget model.json format.version)" 1
    # converged: the gradient norm is below 1e-8 of its norm at 0
    awk -v g="$(jget model.json training.gradient_norm)" 'BEGIN { exit !(g < 1e-6) }'
}

@test "the objective is scikit-learn's, evaluated at its coefficients" {
    pm-fit -x "$FEATURES" "$REF/train.tsv" > model.json
    pm-predict -m model.json --keep response_flag "$REF/train.tsv" > scored.tsv
    # 0.5 |w|^2 + C sum of log loss, C = 1
    want=$(paste <(tail -n +2 scored.tsv) | awk -F'\t' -v w2="$(ref fit.1\\.0.coefficients | while read -r t; do ref "fit.1\\.0.coefficients.$t"; done | awk '{ s += $1 * $1 } END { printf "%.17g", s }')" '
        { p = $2; s += ($1 == 1) ? -log(p) : -log(1 - p) } END { printf "%.17g", s + 0.5 * w2 }')
    assert_near "$(jget model.json training.objective)" "$want" 1e-6
}

@test "a logistic model with a known answer: coefficients within 3 standard errors" {
    logitgen 100000 7 > known.tsv
    pm-fit -y y -C 1e6 known.tsv > model.json
    pm-coef --intercept model.json > coef.tsv
    scale=$(jget model.json features.0.scale)
    scale2=$(jget model.json features.1.scale)
    # term, true coefficient on the standardized scale
    { echo "x1 $(awk -v s="$scale" 'BEGIN { printf "%.17g", 0.5 * s }')"
      echo "x2 $(awk -v s="$scale2" 'BEGIN { printf "%.17g", -0.2 * s }')"
      echo "grp=b 0.8"
      echo "grp=c -0.6"; } > truth.txt
    while read -r term want; do
        row=$(awk -F'\t' -v t="$term" '$1 == t' coef.tsv)
        coef=$(cut -f4 <<< "$row") se=$(cut -f5 <<< "$row")
        awk -v c="$coef" -v w="$want" -v se="$se" 'BEGIN {
            d = c - w; if (d < 0) d = -d
            if (se <= 0 || se > 0.03 || d > 3 * se) { printf "%s %s: off by %g, se %g\n", "'"$term"'", c, d, se; exit 1 } }'
    done < truth.txt
    # the intercept on the raw scale, with its own standard error
    awk -v c="$(jget model.json intercept.original)" -v se="$(jget model.json intercept.original_std_error)" 'BEGIN {
        d = c + 1; if (d < 0) d = -d; if (se <= 0 || se > 0.05 || d > 3 * se) exit 1 }'
}

@test "the warm start on a subsample gives the same coefficients" {
    logitgen 250000 3 > big.tsv
    pm-fit -y y big.tsv > model.json
    assert_equal "$(jget model.json training.warm_start.rows)" 50000
    assert_equal "$(jget model.json training.converged)" true
    # every row twice and C halved is the same problem, started from
    # another subsample
    { cat big.tsv; tail -n +2 big.tsv; } > twice.tsv
    pm-fit -y y -C 0.5 twice.tsv > twice.json
    pm-coef model.json > a.tsv
    pm-coef twice.json > b.tsv
    # both converged to 1e-8 of the gradient at 0: far closer than 1e-6
    assert_columns_near a.tsv coefficient b.tsv coefficient 1e-6
}

@test "separable data converges, and ranks the classes apart" {
    { printf 'x\ty\n'; for i in $(seq 1 50); do printf '%s\t0\n%s\t1\n' "-$i" "$i"; done; } > sep.tsv
    pm-fit -y y -C 100 sep.tsv > model.json
    assert_equal "$(jget model.json training.converged)" true
    pm-predict -m model.json sep.tsv | awk -F'\t' 'NR > 1 && ($2 == 1) != ($3 > 0.5) { exit 1 }'
}

@test "a constant column gets scale 1 and no weight; the rest is unchanged" {
    logitgen 2000 5 | awk -F'\t' -v OFS='\t' '{ print $0, (NR == 1 ? "k" : 3) }' > const.tsv
    pm-fit -y y const.tsv > with.json
    pm-fit -y y --exclude k const.tsv > without.json
    assert_equal "$(jget with.json features.3.name)" k
    assert_equal "$(jget with.json features.3.scale)" 1
    awk -v c="$(jget with.json features.3.coefficient)" 'BEGIN { exit !(c < 1e-12 && c > -1e-12) }'
    pm-coef with.json | grep -v '^k' > a.tsv
    pm-coef without.json > b.tsv
    assert_columns_near a.tsv coefficient b.tsv coefficient 1e-9
}

@test "collinear columns converge and share the weight equally" {
    logitgen 2000 6 | awk -F'\t' -v OFS='\t' '{ print $0, (NR == 1 ? "x1copy" : $1) }' > coll.tsv
    pm-fit -y y coll.tsv > model.json
    assert_equal "$(jget model.json training.converged)" true
    assert_near "$(jget model.json features.0.coefficient)" "$(jget model.json features.3.coefficient)" 1e-9
}

@test "a fit cut short by --max-iter is written, with converged false and a warning" {
    run --separate-stderr pm-fit -x "$FEATURES" --max-iter 1 -o model.json "$REF/train.tsv"
    assert_success
    assert_equal "$(jget model.json training.converged)" false
    assert_equal "$(jget model.json training.iterations)" 1
    [[ $stderr == "pm-fit: not converged in 1 iteration (gradient norm "*"); see --max-iter" ]]
}

@test "--categorical makes numeric codes levels" {
    pm-fit -x "$FEATURES,campaign_wave" --categorical campaign_wave "$REF/train.tsv" > model.json
    assert_equal "$(jget model.json features.16.type)" categorical
    assert_equal "$(jget model.json features.16.reference)" 1
    assert_equal "$(pm-coef model.json | grep -c '^campaign_wave=')" 7
}

@test "--positive names the target's positive value" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { $12 = ($12 == 1 ? "yes" : "no") } { print }' "$REF/train.tsv" > yesno.tsv
    pm-fit -x "$FEATURES" --positive yes yesno.tsv > model.json
    check_coefficients model.json 1\\.0
    assert_equal "$(jget model.json positive)" yes
    pm-fit -x "$FEATURES" --positive no yesno.tsv | pm-coef --intercept > neg.tsv
    assert_near "$(sed -n 2p neg.tsv | cut -f4)" "$(ref fit.1\\.0.intercept | awk '{ print -$1 }')" 1e-6
}

@test "CSV input gives the same model" {
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' "$REF/train.tsv" > train.csv
    pm-fit -x "$FEATURES" train.csv | pm-coef > a.tsv
    pm-fit -x "$FEATURES" "$REF/train.tsv" | pm-coef > b.tsv
    cmp a.tsv b.tsv
}

@test "stdin is read as well as a file, and named stdin" {
    pm-fit -x "$FEATURES" < "$REF/train.tsv" > model.json
    assert_equal "$(jget model.json training.input.name)" stdin
    check_coefficients model.json 1\\.0
}

@test "an identifier column is refused, with the option that leaves it out" {
    run -1 --separate-stderr pm-fit "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: $REF/train.tsv: column 'account_id' looks like an identifier (1001 distinct values in 1001 rows); leave it out with --exclude account_id"
    head -101 "$REF/train.tsv" > small.tsv
    run -1 --separate-stderr pm-fit --exclude campaign_wave small.tsv
    assert_equal "$stderr" "pm-fit: small.tsv: column 'account_id' looks like an identifier (100 distinct values in 100 rows); leave it out with --exclude account_id"
}

@test "too many levels is an error naming the column and the option" {
    run -1 --separate-stderr pm-fit -x "$FEATURES" --categorical tenure_months --max-levels 50 "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: $REF/train.tsv: column 'tenure_months' has more than 50 levels; leave it out with --exclude tenure_months or allow more with --max-levels"
}

@test "more terms than the Hessian can hold is an error saying what to do" {
    awk 'BEGIN { print "a\tb\ty"; for (i = 0; i < 24000; i++) printf "A%d\tB%d\t%d\n", i % 6000, (i * 7) % 6001, i % 3 == 0 }' > wide.tsv
    run -1 --separate-stderr pm-fit -y y --max-levels 10000 wide.tsv
    assert_equal "$stderr" "pm-fit: 12000 model terms are too many (at most 10000: the Hessian alone would take 1.2 GB); exclude columns or lower --max-levels"
}

@test "a word in a numeric column with many values is an error at its line" {
    awk -F'\t' -v OFS='\t' 'NR == 1043 { $4 = "abc" } { print }' "$REF/train.tsv" > bad.tsv
    run -1 --separate-stderr pm-fit -x "$FEATURES" bad.tsv
    assert_equal "$stderr" "pm-fit: bad.tsv:1043: column 'company_size': 'abc' is not a number (and the column has too many distinct values to be categorical)"
}

@test "a column of numbers but for one word is categorical, with a warning" {
    awk -F'\t' -v OFS='\t' 'NR == 57 { $8 = "unknown" } { print }' "$REF/train.tsv" > word.tsv
    run --separate-stderr pm-fit -x "$FEATURES" word.tsv
    assert_success
    assert_equal "$stderr" "pm-fit: word.tsv: column 'contract_remaining_months' is taken as categorical because of 'unknown' (line 57); fix the data if it is meant to be numeric"
}

@test "levels that look like numbers keep their text (\"0\", \"007\", \"1.50\")" {
    printf 'code\ty\n0\t0\n007\t1\n1.50\t0\n0\t1\nx\t0\n007\t0\n1.50\t1\nx\t1\n' > codes.tsv
    pm-fit -y y codes.tsv > model.json
    assert_equal "$(jget model.json features.0.reference)" 0
    assert_equal "$(jget model.json features.0.levels.0.level)" 007
    assert_equal "$(jget model.json features.0.levels.1.level)" 1.50
    assert_equal "$(jget model.json features.0.levels.2.level)" x
}

@test "bad targets are errors naming line and column" {
    printf 'x\tresponse_flag\n1\t0\n2\t2\n' > t.tsv
    run -1 --separate-stderr pm-fit t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv:3: column 'response_flag': '2' is not 0 or 1 (name the positive value with --positive)"
    printf 'x\tresponse_flag\n1\tyes\n2\tno\n3\tmaybe\n' > t.tsv
    run -1 --separate-stderr pm-fit --positive yes t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv: column 'response_flag' has 3 values, not two: 'maybe' (1 row), 'no' (1 row), 'yes' (1 row)"
    printf 'x\tresponse_flag\n1\t0\n2\t\n' > t.tsv
    run -1 --separate-stderr pm-fit t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv:3: column 'response_flag': missing value"
    printf 'x\tresponse_flag\n1\t0\n2\t0\n' > t.tsv
    run -1 --separate-stderr pm-fit t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv: column 'response_flag' is 0 in every row; a model needs both classes"
    printf 'x\tresponse_flag\n1\tno\n2\tno\n' > t.tsv
    run -1 --separate-stderr pm-fit --positive yes t.tsv
    assert_equal "$stderr" "pm-fit: t.tsv: column 'response_flag' has no row with the positive value 'yes'; its values: 'no' (2 rows)"
}

@test "a missing numeric value is an error naming line, column, rows and the option" {
    printf 'x\tg\tresponse_flag\n1\ta\t0\n\tb\t1\n3\ta\t1\n\tb\t0\n' > m.tsv
    run -1 --separate-stderr pm-fit m.tsv
    assert_equal "$stderr" "pm-fit: m.tsv:3: column 'x': missing value (2 rows have one); fill with --impute mean or --impute median, or leave the column out with --exclude x"
}

@test "columns named in options must exist; the target is not a feature" {
    # a column the file lacks is a data error, whichever option names it
    for opt in -x -y --exclude --categorical; do
        run -1 --separate-stderr pm-fit $opt nope "$REF/train.tsv"
        hint=; [ $opt != -y ] || hint="; name the target column with -y"
        assert_equal "$stderr" "pm-fit: column 'nope' not found in header of $REF/train.tsv$hint"
    done
    # a command line that contradicts itself is a usage error
    run -2 --separate-stderr pm-fit -x region,response_flag "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-x': 'response_flag' is the target, not a feature"
    run -2 --separate-stderr pm-fit -x region --categorical industry "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--categorical': 'industry' is not a feature"
    run -2 --separate-stderr pm-fit --exclude region --categorical region "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--categorical': 'region' is not a feature"
    for opt in -x --exclude --categorical; do
        run -2 --separate-stderr pm-fit $opt region,region "$REF/train.tsv"
        assert_equal "${stderr_lines[0]}" "pm-fit: option '$opt': column 'region' is named twice"
    done
    printf 'response_flag\n1\n0\n' > only.tsv
    run -1 --separate-stderr pm-fit only.tsv
    assert_equal "$stderr" "pm-fit: only.tsv: no feature columns (all are the target or excluded)"
    head -1 "$REF/train.tsv" > empty.tsv
    run -1 --separate-stderr pm-fit -x "$FEATURES" empty.tsv
    assert_equal "$stderr" "pm-fit: empty.tsv: no data rows"
}

@test "-o writes the whole file, and a failed run leaves no file behind" {
    printf 'x\tresponse_flag\n1\t0\n2\t7\n' > bad.tsv
    run -1 --separate-stderr pm-fit -o model.json bad.tsv
    assert [ ! -e model.json ]
    assert_equal "$(ls -A | grep -c model.json)" 0
    run -1 --separate-stderr pm-fit -x "$FEATURES" -o /dev/full "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: write error on /dev/full: No space left on device"
}

@test "no progress or other chatter on stderr when it is not a terminal" {
    run --separate-stderr pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" ""
}

@test "on a terminal, a fit that lasts a second shows its progress on one line, erased at the end" {
    pm-synth -n 140000 --seed 5 | pm-features > big.tsv
    # The rows after the first thousand arrive a second late, so the read is
    # still going when the second has passed.
    slow="{ head -n 1000 big.tsv; sleep 1.2; tail -n +1001 big.tsv; }"
    fit="pm-fit --exclude account_id,campaign_wave"
    export SOURCE_DATE_EPOCH=0
    script -qec "sh -c '$slow | $fit -o tty.json'" /dev/null > tty.txt
    sh -c "$slow | $fit -o pipe.json" 2> pipe.err
    cmp tty.json pipe.json
    assert_equal "$(cat pipe.err)" ""
    # each report returns to the start of the line and erases its rest
    cr=$'\r' el=$'\033[K'
    tty=$(cat tty.txt)
    [[ $tty == *"${cr}pm-fit: 65536 rows read$el${cr}pm-fit: 131072 rows read$el${cr}pm-fit: iteration 1 on 70000 rows, gradient norm "*"${cr}pm-fit: iteration 1 on 140000 rows, gradient norm "* ]] ||
        fail "no progress in: $(od -c tty.txt | head)"
    [[ $tty == *"$cr$el" ]] || fail "the last report is not erased: $(od -c tty.txt | tail -3)"
    assert_equal "$(tr -cd '\n' < tty.txt | wc -c)" 0
}

@test "the input's sha256 is sha256sum's, from a file, from stdin part way into a file, from a pipe" {
    # larger than the reader's first block, so that a file's rest is hashed apart
    pm-synth -n 15000 --seed 3 | pm-features > big.tsv
    fit="pm-fit --exclude account_id,campaign_wave"
    want=$(sha256sum < big.tsv | cut -d' ' -f1)
    $fit -o a.json big.tsv
    assert_equal "$(jget a.json training.input.sha256)" "$want"
    $fit -o b.json < big.tsv
    assert_equal "$(jget b.json training.input.sha256)" "$want"
    cat big.tsv | $fit -o c.json
    assert_equal "$(jget c.json training.input.sha256)" "$want"
    # stdin left after a first line by the shell: the bytes pm-fit read
    { echo "# exported 2026-11-25"; cat big.tsv; } > noted.tsv
    { IFS= read -r note; $fit -o d.json; } < noted.tsv
    assert_equal "$note" "# exported 2026-11-25"
    assert_equal "$(jget d.json training.input.sha256)" "$want"
    assert_equal "$(jget d.json training.rows)" 15000
}

@test "SOURCE_DATE_EPOCH must be a number of seconds" {
    SOURCE_DATE_EPOCH=yesterday run -1 --separate-stderr pm-fit -x "$FEATURES" "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds"
}

@test "--help, --version and usage errors" {
    run pm-fit --help
    assert_success
    assert_line --index 0 "Usage: pm-fit [-y TARGET] [-x COL,...] [--exclude COL,...] [--categorical COL,...]"
    run pm-fit --version
    assert_output --regexp '^pm-fit \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
    run -2 --separate-stderr pm-fit -C 0
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-C': '0' is not positive"
    run -2 --separate-stderr pm-fit -C abc
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-C': 'abc' is not a number"
    run -2 --separate-stderr pm-fit --max-levels 1
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--max-levels': '1' is out of range (2 to 65535)"
    run -2 --separate-stderr pm-fit --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-fit --help' for more information."
    run -2 --separate-stderr pm-fit a b
    assert_equal "${stderr_lines[0]}" "pm-fit: unexpected argument 'b'"
}
