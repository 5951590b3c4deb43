#!/usr/bin/env bats
# pm-fit reads a file of a megabyte or more in two halves at once (design.c:
# the second on a thread): the same model bytes, the same warnings, and for
# a bad row in either half the same message and line number, as when the
# same rows come through a pipe, which is read in one part.

load helper

# big.tsv: 30,000 pm-synth rows (about 1.7 MB).
setup() {
    TMP="$BATS_TEST_TMPDIR"
    cd "$TMP" || return 1
    pm-synth -n 30000 -s 3 > big.tsv
}

# same_as_pipe FILE ARGS...: pm-fit ARGS gives the same status, messages
# (naming stdin for FILE) and model (but for the input's name) from FILE,
# from FILE on stdin, and through a pipe.
same_as_pipe() {
    local f=$1
    shift
    rm -f file.json stdin.json pipe.json
    run --separate-stderr env SOURCE_DATE_EPOCH=0 pm-fit "$@" -o file.json "$f"
    local status_file=$status err_file=${stderr//$f/stdin}
    run --separate-stderr env SOURCE_DATE_EPOCH=0 pm-fit "$@" -o stdin.json < "$f"
    assert_equal "$status:$stderr" "$status_file:$err_file"
    run --separate-stderr sh -c "cat '$f' | SOURCE_DATE_EPOCH=0 pm-fit $* -o pipe.json"
    assert_equal "$status:$stderr" "$status_file:$err_file"
    if [ "$status" = 0 ]; then
        diff <(jq 'del(.training.input.name)' file.json) <(jq 'del(.training.input.name)' pipe.json)
        diff <(jq 'del(.training.input.name)' stdin.json) <(jq 'del(.training.input.name)' pipe.json)
    else
        [ ! -e file.json ] && [ ! -e pipe.json ]
    fi
}

# at LINE FILE SED: FILE with line LINE changed by the sed command SED.
at() {
    sed "$1$3" "$2" > bad.tsv
}

# with_column NAME AWK-EXPR FILE: FILE with a column NAME appended, whose
# value on data row i (from 1) is AWK-EXPR.
with_column() {
    awk -F'\t' -v OFS='\t' -v name="$1" "NR == 1 { print \$0, name; next } { i = NR - 1; print \$0, ($2) }" "$3"
}

@test "a large file fits to the bytes of a pipe: logistic, trees, folds, a positive label" {
    same_as_pipe big.tsv --exclude account_id
    [ "$(jq .training.rows file.json)" = 30000 ]
    same_as_pipe big.tsv --exclude account_id --categorical campaign_wave
    same_as_pipe big.tsv --exclude account_id --trees --rounds 5
    same_as_pipe big.tsv --exclude account_id --folds 3
    awk -F'\t' -v OFS='\t' 'NR > 1 { $12 = $12 == 1 ? "yes" : "no" } 1' big.tsv > yes.tsv
    same_as_pipe yes.tsv --exclude account_id --positive yes
    with_column fold '"f" (i * 7 % 5)' big.tsv > folds.tsv
    same_as_pipe folds.tsv --exclude account_id --folds fold
}

@test "a column categorical in the first half and numbers in the second: its levels as through a pipe" {
    with_column tier 'i < 50 ? "gold" : i % 4' big.tsv > tier.tsv
    same_as_pipe tier.tsv --exclude account_id
    [ "$(jq -c '.features[] | select(.name == "tier") | [.reference, [.levels[].level]]' file.json)" = '["0",["1","2","3","gold"]]' ]
    # the numbers written otherwise in the second half: their texts
    with_column tier 'i < 50 ? "gold" : (i > 20000 ? "0" i % 4 : i % 4)' big.tsv > tier.tsv
    same_as_pipe tier.tsv --exclude account_id
}

@test "a column of numbers with words in the second half: the warning or error of a pipe" {
    # a few words: categorical, with the warning that names the first
    with_column size 'i % 3 == 0 && i > 25000 ? "unknown" : i % 6' big.tsv > words.tsv
    same_as_pipe words.tsv --exclude account_id
    assert_equal "$stderr" "pm-fit: stdin: column 'size' is taken as categorical because of 'unknown' (line 25003); fix the data if it is meant to be numeric"
    # words among too many numbers to be levels: an error at the first word
    with_column size 'i == 25000 ? "unknown" : i' big.tsv > words.tsv
    same_as_pipe words.tsv --exclude account_id
    assert_equal "$stderr" "pm-fit: stdin:25001: column 'size': 'unknown' is not a number (and the column has too many distinct values to be categorical)"
    # a spelling of a missing value in the second half: counted over both
    with_column size 'i % 3 == 0 && i > 25000 ? "n/a" : i % 6' big.tsv > words.tsv
    same_as_pipe words.tsv --exclude account_id
    assert_equal "$stderr" "pm-fit: stdin: column 'size': numbers, and 'n/a' in 1667 rows; if that means a missing value, say so with --na n/a"
}

@test "a bad row in the second half gets the message and line number of a pipe" {
    for edit in 's/\t[01]$/\t2/' 's/\t[01]$/\t/' 's/\t[0-9][0-9]*\t/\t\t/' 's/\t[0-9][0-9]*\t/\t1e400\t/' \
        's/$/\textra/' 's/\t[^\t]*$//' 's/.*//' 's/\t/\x00/' 's/\t[A-Za-z]*\t/\t\xff\t/'; do
        at 25001 big.tsv "$edit"
        run -1 --separate-stderr pm-fit --exclude account_id -o m.json bad.tsv
        [[ $stderr == "pm-fit: bad.tsv:25001: "* ]] || fail "$edit: $stderr"
        same_as_pipe bad.tsv --exclude account_id
    done
    # a missing value the trees take
    at 25001 big.tsv 's/\t[0-9][0-9]*\t/\t\t/'
    same_as_pipe bad.tsv --exclude account_id --trees --rounds 3
}

@test "a third target value, or a level past --max-levels, in the second half: the error of a pipe" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { $12 = $12 == 1 ? "yes" : "no" } NR == 28000 { $12 = "maybe" } 1' big.tsv > yes.tsv
    same_as_pipe yes.tsv --exclude account_id --positive yes
    assert_equal "$stderr" "pm-fit: stdin: column 'response_flag' has 3 values, not two: 'maybe' (1 row), 'no' (23985 rows), 'yes' (6014 rows)"
    at 27000 big.tsv 's/^\([^\t]*\t\)[^\t]*/\1Mining/'
    same_as_pipe bad.tsv --exclude account_id --max-levels 8
    assert_equal "$stderr" "pm-fit: stdin: column 'industry' has more than 8 levels; leave it out with --exclude industry or allow more with --max-levels"
    same_as_pipe bad.tsv --exclude account_id --max-levels 9
    [ "$(jq -c '[.features[] | select(.name == "industry") | .levels[].level] | index("Mining")' file.json)" != null ]
}

@test "missing values in both halves: with --impute or --na the model of a pipe; without, the error of a pipe" {
    # company_size (column 4) empty in every 97th line, in both halves
    awk -F'\t' -v OFS='\t' 'NR > 1 && NR % 97 == 0 { $4 = "" } 1' big.tsv > holes.tsv
    same_as_pipe holes.tsv --exclude account_id --impute mean
    same_as_pipe holes.tsv --exclude account_id --impute median
    same_as_pipe holes.tsv --exclude account_id
    assert_equal "$stderr" "pm-fit: stdin:97: column 'company_size': missing value ($(awk 'NR > 1 && NR % 97 == 0 { n++ } END { print n }' holes.tsv) rows have one); fill with --impute mean or --impute median, or leave the column out with --exclude company_size"
    # the first of them in the second half: its line
    awk -F'\t' -v OFS='\t' 'NR > 25000 && NR % 97 == 0 { $4 = "" } 1' big.tsv > late.tsv
    same_as_pipe late.tsv --exclude account_id
    [[ $stderr == "pm-fit: stdin:25026: column 'company_size': missing value ("* ]] || fail "$stderr"
    # spelled NA, with --na NA: the model of empty fields
    awk -F'\t' -v OFS='\t' 'NR > 1 && NR % 97 == 0 { $4 = "NA" } 1' big.tsv > na.tsv
    same_as_pipe na.tsv --exclude account_id --impute mean --na NA
    SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id --impute mean -o empty.json holes.tsv
    diff <(jq 'del(.training.input) | del(.training.options.na)' empty.json) \
        <(jq 'del(.training.input) | del(.training.options.na)' file.json)
    # without --na: the spelling counted over both halves
    same_as_pipe na.tsv --exclude account_id --impute mean
    assert_equal "$stderr" "pm-fit: stdin: column 'company_size': numbers, and 'NA' in $(grep -c $'\tNA\t' na.tsv) rows; if that means a missing value, say so with --na NA"
}

@test "a labelled target in both halves: the model of a pipe, with missing values too; too many values: the error of a pipe" {
    awk -F'\t' -v OFS='\t' 'NR > 1 { $12 = $12 == 1 ? "Yes" : "No"; if (NR % 89 == 0) $5 = "" } 1' big.tsv > yes.tsv
    same_as_pipe yes.tsv --exclude account_id --positive Yes --impute mean
    [ "$(jq .training.rows file.json)" = 30000 ]
    # a thousand other values in the second half
    awk -F'\t' -v OFS='\t' 'NR > 1 { $12 = $12 == 1 ? "Yes" : "No" } NR > 26000 && NR <= 27100 { $12 = "v" NR } 1' big.tsv > many.tsv
    same_as_pipe many.tsv --exclude account_id --positive Yes
    [[ $stderr == "pm-fit: stdin: column 'response_flag' has 1001 values, not two: "* ]] || fail "$stderr"
}
