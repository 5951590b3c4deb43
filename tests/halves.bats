#!/usr/bin/env bats
# A scored file of a megabyte or more is read in two halves at once
# (scored_tail.h): the evaluation tools give the same bytes, and a bad row
# the same message with the same line number, as when the same rows come
# through a pipe, which is read in one part.

load helper

TOOLS="pm-metrics:pm-ks --table:pm-lift --top 5,20:pm-calib --strategy quantile:pm-counts"

# big.tsv: 20,000 scored rows (about 2.4 MB), a score column last, with
# scores of every length and ties.
big() {
    awk 'BEGIN {
        OFS = "\t"; print "account_id", "region", "response_flag", "note", "score"
        for (i = 1; i <= 20000; i++) {
            s = (i * 7919 % 10007) / 10007
            if (i % 97 == 0) s = 0.5
            print "ACC" i, (i % 3 ? "EMEA" : "AMER"), (i * 31 % 7 < 2), "some text to pad the row out " i, s
        }
    }' > big.tsv
}

# same_as_pipe FILE: every tool gives the same output, messages (naming
# stdin for FILE) and status from FILE, from FILE on stdin, and through a pipe.
same_as_pipe() {
    local tool
    IFS=: read -ra tools <<<"$TOOLS"
    for tool in "${tools[@]}"; do
        run --separate-stderr $tool "$1"
        local status_file=$status out_file=$output err_file=${stderr//$1/stdin}
        run --separate-stderr $tool < "$1"
        assert_equal "$status:$output:$stderr" "$status_file:$out_file:$err_file"
        run --separate-stderr sh -c "cat '$1' | $tool"
        assert_equal "$status:$output:$stderr" "$status_file:$out_file:$err_file"
    done
}

# at LINE FILE SED: FILE with line LINE changed by the sed command SED.
at() {
    sed "$1$3" "$2" > bad.tsv
}

@test "a large file gives every tool's bytes of a pipe: LF, CR LF, no LF at the end" {
    big
    same_as_pipe big.tsv
    run pm-metrics big.tsv
    assert_success
    assert_equal "$(jget <(echo "$output") rows)" 20000
    sed 's/$/\r/' big.tsv > crlf.tsv
    same_as_pipe crlf.tsv
    head -c -1 big.tsv > nolf.tsv
    same_as_pipe nolf.tsv
}

@test "a bad row in the second half gets the message and line number it gets through a pipe" {
    big
    for edit in 's/\t[^\t]*$/\tabc/' 's/\t[^\t]*$/\tnan/' 's/\t[^\t]*$/\t/' \
        's/\t[01]\t/\t2\t/' 's/\t[01]\t/\t\t/' 's/\t[^\t]*$//' 's/$/\textra/' 's/.*//' \
        's/some/so\x00me/'; do
        at 15001 big.tsv "$edit"
        run -1 --separate-stderr pm-metrics bad.tsv
        [[ $stderr == "pm-metrics: bad.tsv:15001: "* ]] || fail "$edit: $stderr"
        same_as_pipe bad.tsv
    done
}

@test "an unusual row the fast half does not take (a target of 1.0) is read by the careful reader" {
    big
    at 18000 big.tsv 's/\t[01]\t/\t1.0\t/'
    run pm-metrics bad.tsv
    assert_success
    same_as_pipe bad.tsv
    # the same figures as the file with a plain 1 there
    at 18000 big.tsv 's/\t[01]\t/\t1\t/'
    run pm-metrics bad.tsv
    assert_equal "$(pm-metrics bad.tsv)" "$output"
}

@test "the first score outside [0, 1] is named by its line in either half" {
    big
    at 16000 big.tsv 's/\t[^\t]*$/\t1.5/' && mv bad.tsv out.tsv
    at 17000 out.tsv 's/\t[^\t]*$/\t-2/'
    run -1 --separate-stderr pm-calib bad.tsv
    assert_equal "$stderr" "pm-calib: bad.tsv:16000: column 'score': '1.5' is outside [0, 1]: calibration needs probabilities"
    same_as_pipe bad.tsv
    mv bad.tsv two.tsv
    at 3000 two.tsv 's/\t[^\t]*$/\t7/' && mv bad.tsv out.tsv
    run -1 --separate-stderr pm-calib out.tsv
    assert_equal "$stderr" "pm-calib: out.tsv:3000: column 'score': '7' is outside [0, 1]: calibration needs probabilities"
}

@test "a positive label and other column orders read the same in halves" {
    big
    awk -F'\t' -v OFS='\t' '{ if (NR > 1) $3 = ($3 == 1 ? "yes" : "no"); print $5, $2, $3, $1, $4 }' big.tsv > yes.tsv
    TOOLS="pm-metrics --positive yes:pm-lift --positive yes" same_as_pipe yes.tsv
    assert_equal "$(pm-metrics --positive yes yes.tsv)" "$(pm-metrics big.tsv)"
    # a row whose target is empty is an error, as it is through a pipe
    at 19000 yes.tsv 's/\t\(yes\|no\)\t/\t\t/'
    run -1 --separate-stderr pm-metrics --positive yes bad.tsv
    assert_equal "$stderr" "pm-metrics: bad.tsv:19000: column 'response_flag': missing value"
    TOOLS="pm-metrics --positive yes" same_as_pipe bad.tsv
}
