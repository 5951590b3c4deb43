#!/usr/bin/env bats
# The whole flow on a user's own table: a CSV made here from pm-synth's rows
# with other column names, a target spelled Yes/No, missing values spelled NA
# and empty text fields; make demo with TARGET, POSITIVE, EXCLUDE, NA and
# IMPUTE runs split, fit, evaluate, monitor, score and the summary on it.

load helper

unset MAKEFLAGS MFLAGS MAKELEVEL

# churn.csv: 3,000 accounts; customer_id, employees, tenure and churn (Yes/No)
# for account_id, company_size, tenure_months and response_flag; NA in every
# 17th employees and 23rd tenure, industry empty in every 29th row.
make_csv() {
    pm-synth -n 3000 -s 7 | awk -F'\t' -v OFS=',' '
        NR == 1 { $1 = "customer_id"; $4 = "employees"; $9 = "tenure"; $12 = "churn"; print; next }
        { $12 = $12 ? "Yes" : "No"
          if (NR % 17 == 0) $4 = "NA"
          if (NR % 23 == 0) $9 = "NA"
          if (NR % 29 == 0) $2 = ""
          print }' > churn.csv
}

demo() {
    make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" "$@" demo
}

@test "make demo on a CSV with a Yes/No target, other column names and missing values" {
    make_csv
    run demo DATA=churn.csv TARGET=churn POSITIVE=Yes EXCLUDE=customer_id,campaign_wave NA=NA IMPUTE=mean
    assert_success
    # the model: the user's target and label, their columns (no engineered ones),
    # an indicator for each column with missing values, the empty industry a level
    assert_equal "$(jget models/model.json target)" churn
    assert_equal "$(jget models/model.json positive)" Yes
    assert_equal "$(jq -r '[.features[].name] | join(",")' models/model.json)" \
        industry,region,employees,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure,support_tickets_90d,employees_missing,tenure_missing
    assert_equal "$(jq -r '.features[0].levels[0].level' models/model.json)" ""
    assert_equal "$(jq -c .training.options.na models/model.json)" '["NA"]'
    # every stage's output, and the figures the summary gives are the tools' own
    for f in data/train.tsv data/test.tsv models/trees.json reports/metrics.tsv reports/lift_by_decile.tsv \
        reports/psi.tsv reports/scored_output.tsv reports/summary.txt reports/index.html reports/eda_binning_tables.tsv; do
        [ -s "$f" ] || fail "$f missing or empty"
    done
    assert_equal "$(($(wc -l < data/train.tsv) + $(wc -l < data/test.tsv) - 2))" 3000
    positives=$(awk -F, 'NR > 1 && $12 == "Yes"' churn.csv | wc -l)
    c=$(head -1 data/test.tsv | tr '\t' '\n' | grep -nx churn | cut -d: -f1)
    assert_equal "$(pm-metrics -m models/model.json data/test_scored.tsv | jq .positives)" \
        "$(awk -F'\t' -v c="$c" 'NR > 1 && $c == "Yes"' data/test.tsv | wc -l)"
    grep -q "accounts      3000 (train 2400, test 600)" reports/summary.txt
    base=$(awk -v p="$positives" 'BEGIN { printf "%.1f%%", 100 * p / 3000 }')
    grep -q "base rate $base" reports/summary.txt || fail "summary: $(cat reports/summary.txt)"
    # the scored rows keep the user's columns, and every account is scored
    assert_equal "$(head -1 reports/scored_output.tsv | cut -f1,12,13)" "$(printf 'customer_id\tchurn\tscore')"
    assert_equal "$(($(wc -l < reports/scored_output.tsv) - 1))" 3000
}

@test "on the user's table, a missing spelling or a wrong label stops the flow with the tool's message" {
    make_csv
    run demo DATA=churn.csv TARGET=churn POSITIVE=Yes EXCLUDE=customer_id,campaign_wave IMPUTE=mean
    assert_failure
    assert_output --partial "train.tsv: column 'employees': numbers, and 'NA' in 138 rows; if that means a missing value, say so with --na NA"
    run demo DATA=churn.csv TARGET=churn POSITIVE=yes EXCLUDE=customer_id,campaign_wave NA=NA IMPUTE=mean
    assert_failure
    assert_output --partial "column 'churn' has no row with the positive value 'yes'; its values: 'No' ("
    [ ! -e models/model.json ]
}
