#!/usr/bin/env bats
# pm-fit --memory: a table larger than the memory given is read a chunk at a
# time, one pass of the file per step, and gives the in-memory model.

load helper

# The bound holds for the release build.  Under AddressSanitizer the freed
# chunks wait in its quarantine (256 MB), so a sanitized build, found by its
# folder, gets four times as much.
case $PM_BIN in
*/sanitize/*) SAN=4 ;;
*) SAN=1 ;;
esac

# numbers MODEL: every number in the model, by its path (but the gradient
# norm: the residual at the optimum, made of rounding).
numbers() {
    jq -r 'del(.training.gradient_norm) | paths(numbers) as $p | "\($p | tostring)\t\(getpath($p))"' "$1"
}

# assert_models_near A B TOL: the same numbers at the same paths, within TOL
# relative.
assert_models_near() {
    paste <(numbers "$1") <(numbers "$2") | awk -F'\t' -v t="$3" '
        $1 != $3 { print "paths differ: " $1 " " $3; bad++; next }
        { n++; d = $2 - $4; if (d < 0) d = -d; m = $4 < 0 ? -$4 : $4
          if (d > t * m) { print $1 ": " $2 " vs " $4; bad++ } }
        END { if (bad || n < 40) exit 1 }' || fail "the models differ"
}

@test "--memory 64M fits 2M rows in under 96 MB, the in-memory model to 1e-12" {
    pm-synth -n 2000000 -s 5 > big.tsv
    SOURCE_DATE_EPOCH=0 peakmem peak.txt pm-fit --memory 64M --exclude account_id -o streamed.json big.tsv
    [ "$(cat peak.txt)" -lt $((96 * 1024 * SAN)) ] || fail "peak $(cat peak.txt) kB"
    SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id -o held.json big.tsv
    assert_models_near streamed.json held.json 1e-12
    [ "$(jq -c .training.input streamed.json)" = "$(jq -c .training.input held.json)" ]
    # both start from the same subsample of 50,000 rows, in as many steps
    [ "$(jq -c .training.warm_start streamed.json)" = "$(jq -c .training.warm_start held.json)" ]
    [ "$(jq .training.warm_start.rows streamed.json)" = 50000 ]
}

@test "--memory in chunks of a few thousand rows gives the reference table's in-memory model" {
    pm-fit --memory 1M --exclude account_id -o streamed.json "$REF/train.tsv"
    pm-fit --exclude account_id -o held.json "$REF/train.tsv"
    assert_models_near streamed.json held.json 1e-12
}

@test "--memory keeps a file smaller than a quarter of SIZE in memory: the same bytes" {
    SOURCE_DATE_EPOCH=0 pm-fit --memory 64M --exclude account_id -o a.json "$REF/train.tsv"
    SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id -o b.json "$REF/train.tsv"
    cmp a.json b.json
}

@test "--memory names the line of a bad value in a later chunk, as the in-memory fit does" {
    awk -F'\t' -v OFS='\t' 'NR == 3500 { $12 = "2" } { print }' "$REF/train.tsv" > bad.tsv
    mkdir tmp
    TMPDIR=$TMP/tmp run -1 --separate-stderr pm-fit --memory 1M -x company_size,region -o model.json bad.tsv
    assert_equal "$stderr" "pm-fit: bad.tsv:3500: column 'response_flag': '2' is not 0 or 1 (name the positive value with --positive)"
    [ ! -e model.json ]
    [ -z "$(ls -A tmp)" ] # the chunks' partials were held in memory
}

@test "--memory: a column that turns from numbers to words in a later chunk must be named categorical" {
    awk -F'\t' -v OFS='\t' 'NR == 3500 { $4 = "abc" } { print }' "$REF/train.tsv" > bad.tsv
    run -1 --separate-stderr pm-fit --memory 1M -x company_size,region -o model.json bad.tsv
    assert_equal "${stderr_lines[1]}" "pm-fit: column 'company_size' is numeric in bad.tsv (rows 1 to 1560) but not in bad.tsv (rows 3121 to 4000); name it with --categorical"
    [ ! -e model.json ]
}

@test "--memory refuses standard input: each pass reads the file again" {
    run -1 --separate-stderr pm-fit --memory 64M < "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: --memory: the table must be a file that can be read again, not standard input"
}

@test "--memory takes sizes of 1M or more" {
    run -2 --separate-stderr pm-fit --memory 64X "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--memory': '64X' is not a size of 1M or more (such as 64M or 2G)"
}

# big: the reference table's rows three times over (12,000 rows, over a
# megabyte: a first pass in two halves).
big() {
    { cat "$REF/train.tsv"; tail -n +2 "$REF/train.tsv"; tail -n +2 "$REF/train.tsv"; } > big.tsv
}

@test "--memory reads a TSV file in two halves at once: the bytes of one reader (CSV)" {
    # a CSV file's chunks are read by one reader, in turn
    big
    tr '\t' ',' < big.tsv > big.csv
    SOURCE_DATE_EPOCH=0 pm-fit --memory 1M --exclude account_id -o tsv.json big.tsv
    SOURCE_DATE_EPOCH=0 pm-fit --memory 1M --exclude account_id -o csv.json big.csv
    [ "$(jq .training.rows tsv.json)" = 12000 ]
    diff <(jq 'del(.training.input)' tsv.json) <(jq 'del(.training.input)' csv.json)
}

@test "--memory: a bad value in the second half gets its line, and one in the first half comes first" {
    big
    awk -F'\t' -v OFS='\t' 'NR == 10000 { $12 = "2" } { print }' big.tsv > bad.tsv
    run -1 --separate-stderr pm-fit --memory 1M -x company_size,region -o model.json bad.tsv
    assert_equal "$stderr" "pm-fit: bad.tsv:10000: column 'response_flag': '2' is not 0 or 1 (name the positive value with --positive)"
    [ ! -e model.json ]
    awk -F'\t' -v OFS='\t' 'NR == 3500 { $12 = "3" } { print }' bad.tsv > worse.tsv
    run -1 --separate-stderr pm-fit --memory 1M -x company_size,region -o model.json worse.tsv
    assert_equal "$stderr" "pm-fit: worse.tsv:3500: column 'response_flag': '3' is not 0 or 1 (name the positive value with --positive)"
}
