#!/usr/bin/env bats
# pm-predict reads a file of a megabyte or more in blocks on two threads
# (blocks.h): the same bytes out, in the input's order, the same counts of
# unseen levels, and for a bad row wherever it falls the same message, line
# number and output up to it, as when the same rows come through a pipe,
# which one thread reads.

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

# big.tsv: 40,000 rows of the B2B schema (about 3.9 MB: thirty blocks), and
# the models of the reference training set.
setup() {
    TMP="$BATS_TEST_TMPDIR"
    cd "$TMP" || return 1
    pm-synth -n 40000 -s 3 | pm-features -o big.tsv
    SOURCE_DATE_EPOCH=0 pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
}

trees() {
    SOURCE_DATE_EPOCH=0 pm-fit --trees --rounds 20 -x "$FEATURES" -o trees.json "$REF/train.tsv"
}

# same_as_pipe FILE ARGS...: pm-predict ARGS gives the same output, messages
# (naming stdin for FILE) and status from FILE, from FILE on stdin, and
# through a pipe.
same_as_pipe() {
    local f=$1
    shift
    run --separate-stderr pm-predict "$@" "$f"
    local status_file=$status out_file=$output err_file=${stderr//$f/stdin}
    run --separate-stderr pm-predict "$@" < "$f"
    assert_equal "$status:$output:$stderr" "$status_file:$out_file:$err_file"
    run --separate-stderr sh -c "cat '$f' | pm-predict $*"
    assert_equal "$status:$output:$stderr" "$status_file:$out_file:$err_file"
}

# same_error_as_pipe FILE ARGS...: the same message and status, for a tree
# model, whose rows go out in batches: what a failed run has written of
# them before its error depends on where the batches fell.
same_error_as_pipe() {
    local f=$1
    shift
    run --separate-stderr pm-predict "$@" "$f"
    local status_file=$status err_file=${stderr//$f/stdin}
    run --separate-stderr pm-predict "$@" < "$f"
    assert_equal "$status:$stderr" "$status_file:$err_file"
    run --separate-stderr sh -c "cat '$f' | pm-predict $*"
    assert_equal "$status:$stderr" "$status_file:$err_file"
}

# at LINE FILE SED: FILE with line LINE changed by the sed command SED.
at() {
    sed "$1$3" "$2" > bad.tsv
}

@test "a large file is scored as through a pipe, with and without reasons, --keep, text" {
    same_as_pipe big.tsv -m model.json
    assert_equal "$(pm-predict -m model.json big.tsv | wc -l)" 40001
    same_as_pipe big.tsv -m model.json --reasons 3
    same_as_pipe big.tsv -m model.json --keep account_id,region --reasons 2 --reasons-by abs
    same_as_pipe big.tsv -m model.json --reasons-text --keep account_id
    pm-predict -m model.json -o out.tsv big.tsv
    pm-predict -m model.json < big.tsv | cmp - out.tsv
}

@test "a tree model's large file is scored as through a pipe, with and without reasons" {
    trees
    same_as_pipe big.tsv -m trees.json
    same_as_pipe big.tsv -m trees.json --reasons 2
}

@test "CR LF, no LF at the end, a blank last line: the bytes of a pipe" {
    trees
    sed 's/$/\r/' big.tsv > crlf.tsv
    same_as_pipe crlf.tsv -m model.json
    same_as_pipe crlf.tsv -m trees.json
    head -c -1 big.tsv > nolf.tsv
    same_as_pipe nolf.tsv -m model.json
    same_as_pipe nolf.tsv -m trees.json
    { cat big.tsv; echo; } > blank.tsv
    same_as_pipe blank.tsv -m model.json
}

@test "a bad row in any block gets the message, line and output of a pipe" {
    trees
    local places=(2 9000 20001 33333 40001) k=0
    for edit in 's/\t[0-9][0-9]*\t/\tabc\t/' 's/\t[0-9][0-9]*\t/\t\t/' 's/\t[^\t]*$//' \
        's/$/\textra/' 's/.*//' 's/\t/\x00/'; do
        for line in ${places[k++ % 5]} ${places[k++ % 5]}; do
            at $line big.tsv "$edit"
            run -1 --separate-stderr pm-predict -m model.json bad.tsv
            [[ $stderr == "pm-predict: bad.tsv:$line: "* ]] || fail "$line $edit: $stderr"
            same_as_pipe bad.tsv -m model.json
            same_error_as_pipe bad.tsv -m trees.json
        done
    done
}

@test "a value too large to score in a late block: the same message as through a pipe" {
    trees
    at 31000 big.tsv 's/^\(\([^\t]*\t\)\{12\}\)[^\t]*/\11.7e308/'
    run -1 --separate-stderr pm-predict -m model.json bad.tsv
    assert_equal "$stderr" "pm-predict: bad.tsv:31000: column 'renewal_window_flag': '1.7e308' is too far from the training values to score (its term overflows)"
    same_as_pipe bad.tsv -m model.json
    at 31000 big.tsv 's/^\(\([^\t]*\t\)\{3\}\)[^\t]*/\11e39/'
    run -1 --separate-stderr pm-predict -m trees.json bad.tsv
    assert_equal "$stderr" "pm-predict: bad.tsv:31000: column 'company_size': '1e39' is beyond the range of float32, which the trees take"
    same_error_as_pipe bad.tsv -m trees.json
}

@test "unseen levels and imputed values in several blocks: the counts and first lines of a pipe" {
    trees
    at 25000 big.tsv 's/^\(\([^\t]*\t\)\{2\}\)[^\t]*/\1Mars/' && mv bad.tsv some.tsv
    at 38000 some.tsv 's/^\(\([^\t]*\t\)\{2\}\)[^\t]*/\1Venus/' && mv bad.tsv some.tsv
    at 12345 some.tsv 's/^\(\([^\t]*\t\)\{4\}\)[^\t]*/\1/'
    run --separate-stderr pm-predict -m model.json --impute-mean bad.tsv
    assert_success
    assert_equal "${stderr_lines[0]}" "pm-predict: bad.tsv: column 'annual_revenue': 1 missing value (first at line 12345) scored at the training mean"
    [[ ${stderr_lines[1]} == "pm-predict: bad.tsv: column 'region': "*" (first 'Mars', line 25000) scored as the reference level "* ]] ||
        fail "${stderr_lines[1]}"
    same_as_pipe bad.tsv -m model.json --impute-mean
    same_as_pipe bad.tsv -m trees.json
}

@test "a line longer than a block, in the middle: read by the calling thread, as through a pipe" {
    trees
    awk 'BEGIN { FS = OFS = "\t"; s = "x"; while (length(s) < 700000) s = s s } NR == 20000 { $1 = s } 1' \
        big.tsv > bad.tsv
    run pm-predict -m model.json bad.tsv
    assert_success
    same_as_pipe bad.tsv -m model.json
    same_as_pipe bad.tsv -m trees.json
    # a long line is still an error at --max-line
    same_as_pipe bad.tsv -m model.json --max-line 600K
    run -1 --separate-stderr pm-predict -m model.json --max-line 600K bad.tsv
    assert_equal "$stderr" "pm-predict: bad.tsv:20000: a line longer than 614400 bytes (--max-line raises the limit)"
}

@test "a file read in blocks takes constant memory" {
    for i in 1 2 3 4 5 6 7 8; do tail -n +2 big.tsv; done | cat <(head -1 big.tsv) - > bigger.tsv
    peakmem small.txt pm-predict -m model.json -o out.tsv big.tsv
    peakmem large.txt pm-predict -m model.json -o out.tsv bigger.tsv
    assert_equal "$(wc -l < out.tsv)" 320001
    # eight times the rows, not a megabyte more (the bound pm-predict(1) states)
    [ "$(cat large.txt)" -lt $(($(cat small.txt) + 1024)) ] || fail "$(cat small.txt) KB, then $(cat large.txt) KB"
}
