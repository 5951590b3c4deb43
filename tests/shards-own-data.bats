#!/usr/bin/env bats
# The user's own data through the passes over chunks and shards: --impute
# mean, --reference and --na with --memory and with --reduce/--merge give
# the in-memory model (fill values, indicators, reference levels, and the
# numbers to the tolerance pm-fit(1) states); what cannot merge is refused.

load helper

setup() {
    TMP="$BATS_TEST_TMPDIR"
    cd "$TMP" || return 1
    export SOURCE_DATE_EPOCH=0
    # the reference table with about 5% of four numeric columns missing,
    # spelled NA, and region empty in every seventh row
    awk -F'\t' -v OFS='\t' 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "") $i = "NA"
        if (NR % 7 == 0) $3 = "" } { print }' "$REF/train_missing.tsv" >na.tsv
    # three shards of its rows, and a pass command that reads them here
    head -n 1 na.tsv | tee s1.tsv s2.tsv >s3.tsv
    awk 'NR > 1 && NR <= 1301' na.tsv >>s1.tsv
    awk 'NR > 1301 && NR <= 2801' na.tsv >>s2.tsv
    awk 'NR > 2801' na.tsv >>s3.tsv
    printf ':\t%s\n' "$TMP/s1.tsv" "$TMP/s2.tsv" "$TMP/s3.tsv" >shards.list
    cat >pass <<'SH'
#!/bin/sh
# pass SHARDS REQUEST FOLDER: each shard's partial, read on this machine
i=0
while IFS='	' read -r host path; do
    i=$((i + 1))
    pm-fit --reduce "$2" --shard "$i" "$path" >"$3/$i" || exit 1
done <"$1"
SH
    chmod +x pass
}

# numbers MODEL: every number in the model, by its path (but the gradient
# norm: the residual at the optimum, made of rounding).
numbers() {
    jq -r 'del(.training.gradient_norm) | paths(numbers) as $p | "\($p | tostring)\t\(getpath($p))"' "$1"
}

# assert_models_near A B: the same numbers at the same paths, within 1e-12
# relative, or 1e-14 absolute for a coefficient near 0 (pm-fit(1)); the
# same names, reference levels and indicators.
assert_models_near() {
    paste <(numbers "$1") <(numbers "$2") | awk -F'\t' '
        $1 != $3 { print "paths differ: " $1 " " $3; bad++; next }
        { n++; d = $2 - $4; if (d < 0) d = -d; m = $4 < 0 ? -$4 : $4
          if (d > 1e-12 * m && d > 1e-14) { print $1 ": " $2 " vs " $4; bad++ } }
        END { if (bad || n < 100) exit 1 }' || fail "the models differ"
    local shape='[.features[] | [.name, .reference, .indicator, (.fill != null)]]'
    assert_equal "$(jq -c "$shape" "$1")" "$(jq -c "$shape" "$2")"
    assert_equal "$(jq -c .training.options "$1")" "$(jq -c .training.options "$2")"
}

OWN=(--exclude account_id --na NA --impute mean)

@test "--memory with --impute mean, --na NA and --reference frequent: the in-memory model" {
    pm-fit "${OWN[@]}" --reference frequent -o held.json na.tsv
    pm-fit --memory 1M "${OWN[@]}" --reference frequent -o streamed.json na.tsv
    assert_models_near streamed.json held.json
    # scikit-learn's indicators, and the most frequent level
    assert_equal "$(jq -c '[.features[] | select(.indicator) | .indicator]' streamed.json)" \
        "$(jq -c '.impute.mean.indicator_columns' "$REF/beyond.json")"
    assert_equal "$(jq -r '.features[] | select(.name == "industry") | .reference' streamed.json)" \
        "$(tail -n +2 na.tsv | cut -f 2 | sort | uniq -c | sort -k1,1nr -k2 | awk '{ print $2; exit }')"
}

@test "--merge over three shards with --impute mean, --na NA and --reference frequent: the in-memory model" {
    pm-fit "${OWN[@]}" --reference frequent -o held.json na.tsv
    pm-fit "${OWN[@]}" --reference frequent --merge shards.list \
        --pass-command "$TMP/pass $TMP/shards.list" -o merged.json
    assert_models_near merged.json held.json
    [ "$(jq .training.rows merged.json)" = 4000 ]
}

@test "the shards and the chunks never take the empty level as the reference unless it is named" {
    pm-fit "${OWN[@]}" -o held.json na.tsv
    pm-fit "${OWN[@]}" --merge shards.list --pass-command "$TMP/pass $TMP/shards.list" -o merged.json
    pm-fit --memory 1M "${OWN[@]}" -o streamed.json na.tsv
    local region='.features[] | select(.name == "region") | .reference'
    # the first level in byte order after the empty one
    assert_equal "$(jq -r "$region" held.json)" "$(tail -n +2 na.tsv | cut -f 3 | grep -v '^$' | LC_ALL=C sort | head -n 1)"
    assert_models_near merged.json held.json
    assert_models_near streamed.json held.json
    pm-fit "${OWN[@]}" --reference region=,industry=Retail -o held.json na.tsv
    pm-fit "${OWN[@]}" --reference region=,industry=Retail --merge shards.list \
        --pass-command "$TMP/pass $TMP/shards.list" -o merged.json
    assert_equal "$(jq -r "$region" merged.json)" ""
    assert_models_near merged.json held.json
}

@test "--impute median does not merge: refused with --merge and --reduce, and with --memory on a large file" {
    local try="Try 'pm-fit --help' for more information."
    run -2 --separate-stderr pm-fit --impute median --merge shards.list --pass-command true
    assert_equal "$stderr" "pm-fit: option '--impute median' needs the whole table in memory: a median does not merge from the shards' partial sums, as a mean does (use --impute mean, or fit the table in one pm-fit)
$try"
    run -2 --separate-stderr pm-fit --impute median --reduce request --shard 1 na.tsv
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--impute median' needs the whole table in memory: a median does not merge from the shards' partial sums, as a mean does (use --impute mean, or fit the table in one pm-fit)"
    run -2 --separate-stderr pm-fit --impute median --memory 1M na.tsv
    assert_equal "$stderr" "pm-fit: option '--impute median' needs the table in memory, and na.tsv is larger than a quarter of --memory: a median does not merge from the chunks' partial sums, as a mean does (use --impute mean, or a larger --memory)
$try"
    # a file within the memory is fitted in memory, median and all
    pm-fit --memory 64M "${OWN[@]}" --impute median -o a.json na.tsv
    pm-fit "${OWN[@]}" --impute median -o b.json na.tsv
    cmp a.json b.json
}

@test "over shards: a reference level no shard has, a numeric column named, an indicator's name taken, a missing value without --impute" {
    run -1 --separate-stderr pm-fit "${OWN[@]}" --reference region=Mars --merge shards.list \
        --pass-command "$TMP/pass $TMP/shards.list"
    assert_equal "$stderr" "pm-fit: --reference: column 'region' has no level 'Mars' in any shard"
    run -1 --separate-stderr pm-fit --memory 1M "${OWN[@]}" --reference company_size=1 na.tsv
    assert_equal "$stderr" "pm-fit: --reference: 'company_size' is not a categorical feature"
    # a column already called as an indicator is: as in memory
    sed '1s/campaign_wave/company_size_missing/' na.tsv >named.tsv
    run -1 --separate-stderr pm-fit --memory 1M "${OWN[@]}" named.tsv
    assert_equal "$stderr" "pm-fit: named.tsv: column 'company_size_missing' is the name of the indicator of 'company_size''s missing values; rename it or leave it out with --exclude company_size_missing"
    run -1 --separate-stderr pm-fit "${OWN[@]}" named.tsv
    assert_equal "$stderr" "pm-fit: named.tsv: column 'company_size_missing' is the name of the indicator of 'company_size''s missing values; rename it or leave it out with --exclude company_size_missing"
    # the count over the whole table, as in memory, and the first one's line
    local n line
    n=$(awk -F'\t' '$4 == "NA"' na.tsv | wc -l)
    line=$(awk -F'\t' '$4 == "NA" { print NR; exit }' na.tsv)
    run -1 --separate-stderr pm-fit --memory 1M --exclude account_id --na NA -o model.json na.tsv
    assert_equal "$stderr" "pm-fit: na.tsv:$line: column 'company_size': missing value ($n rows have one); fill with --impute mean, or leave the column out with --exclude company_size"
    [ ! -e model.json ]
    n=$(awk -F'\t' '$5 == "NA"' na.tsv | wc -l)
    line=$(awk -F'\t' '$5 == "NA" { print NR; exit }' s1.tsv)
    run -1 --separate-stderr pm-fit --exclude account_id,company_size --na NA --merge shards.list \
        --pass-command "$TMP/pass $TMP/shards.list" -o model.json
    assert_equal "$stderr" "pm-fit: ::$TMP/s1.tsv:$line: column 'annual_revenue': missing value ($n rows have one); fill with --impute mean, or leave the column out with --exclude annual_revenue"
    [ ! -e model.json ]
}

@test "--trees over chunks or shards is refused: the passes fit the logistic model only" {
    local try="Try 'pm-fit --help' for more information."
    run -2 --separate-stderr pm-fit --trees --memory 1M --exclude account_id -o model.json na.tsv
    assert_equal "$stderr" "pm-fit: option '--trees' needs the table in memory, and na.tsv is larger than a quarter of --memory (the trees are fitted in memory only)
$try"
    [ ! -e model.json ]
    run -2 --separate-stderr pm-fit --trees --merge shards.list --pass-command true
    assert_equal "$stderr" "pm-fit: option '--trees' needs the table in memory, not --merge
$try"
    # a file within the memory: the trees, in memory
    pm-fit --trees --rounds 5 --threads 1 --memory 64M --exclude account_id --na NA -o trees.json na.tsv
    assert_equal "$(jq -r .kind trees.json)" trees
}
