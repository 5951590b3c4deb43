#!/usr/bin/env bats
# The TSV and CSV reader of common/tsv.c, seen through tests/tools/tsvcat.c:
# `tsvcat --fields` prints "LINE: [field] [field] ..." for every row.

load helper

@test "TSV: fields, empty fields, and line numbers" {
    printf 'a\tb\tc\n1\t\t3\n\t\t\n' > in.tsv
    run tsvcat --fields in.tsv
    assert_success
    assert_output "$(printf '2: [1] [] [3]\n3: [] [] []')"
}

@test "TSV: a CR before the LF is dropped, in the header too" {
    printf 'a\tb\r\n1\t2\r\n3\t4\r\n' > in.tsv
    run tsvcat in.tsv
    assert_output "$(printf 'a\tb\n1\t2\n3\t4')"
    run tsvcat --fields in.tsv
    assert_output "$(printf '2: [1] [2]\n3: [3] [4]')"
}

@test "a UTF-8 byte order mark before the header is dropped" {
    printf '\xef\xbb\xbfa\tb\n1\t2\n' > in.tsv
    run tsvcat in.tsv
    assert_output "$(printf 'a\tb\n1\t2')"
    printf '\xef\xbb\xbfa,b\n1,2\n' > in.csv
    run tsvcat in.csv
    assert_output "$(printf 'a\tb\n1\t2')"
}

@test "the last line needs no newline" {
    printf 'a\tb\n1\t2\n3\t4' > in.tsv
    run tsvcat --fields in.tsv
    assert_output "$(printf '2: [1] [2]\n3: [3] [4]')"
}

@test "a row with too many or too few fields is an error with its line number" {
    printf 'a\tb\n1\t2\n1\t2\t3\n' > many.tsv
    run -1 --separate-stderr tsvcat many.tsv
    assert_equal "$stderr" "tsvcat: many.tsv:3: expected 2 fields, found 3"
    printf 'a\tb\tc\n1\t2\t3\n4\t5\t6\n7\t8\n' | { run -1 --separate-stderr tsvcat; \
        assert_equal "$stderr" "tsvcat: stdin:4: expected 3 fields, found 2"; }
}

@test "a blank line in TSV is a row with too few fields" {
    printf 'a\tb\n1\t2\n\n3\t4\n' > in.tsv
    run -1 --separate-stderr tsvcat in.tsv
    assert_equal "$stderr" "tsvcat: in.tsv:3: expected 2 fields, found 1"
}

@test "a header-only input is valid and has no rows; an empty input is an error" {
    printf 'a\tb\n' > head.tsv
    run tsvcat head.tsv
    assert_success
    assert_output "$(printf 'a\tb')"
    : > empty.tsv
    run -1 --separate-stderr tsvcat empty.tsv
    assert_equal "$stderr" "tsvcat: empty.tsv: empty input: expected a header line"
}

@test "a duplicate column name is refused" {
    printf 'a\tb\ta\n1\t2\t3\n' > in.tsv
    run -1 --separate-stderr tsvcat in.tsv
    assert_equal "$stderr" "tsvcat: in.tsv:1: duplicate column name 'a'"
}

@test "a NUL byte is an error with its line number" {
    printf 'a\tb\n1\t2\n3\t\0004\n' > in.tsv
    run -1 --separate-stderr tsvcat in.tsv
    assert_equal "$stderr" "tsvcat: in.tsv:3: NUL byte in input"
}

@test "an unreadable or missing file is an error naming it" {
    run -1 --separate-stderr tsvcat nosuch.tsv
    assert_equal "$stderr" "tsvcat: nosuch.tsv: No such file or directory"
    mkdir dir.tsv
    run -1 --separate-stderr tsvcat dir.tsv
    assert_equal "$stderr" "tsvcat: dir.tsv: Is a directory"
}

@test "lines of any length: a 10 MB field" {
    { printf 'a\tb\n1\t'; head -c 10000000 /dev/zero | tr '\0' x; printf '\n2\t3\n'; } > long.tsv
    run tsvcat long.tsv
    assert_success
    assert_equal "${#lines[1]}" 10000002
    assert_equal "${lines[2]}" "$(printf '2\t3')"
}

@test "CSV: quoted commas, doubled quotes, tabs and line breaks become the documented TSV" {
    printf 'id,text,n\n1,"a, b",2\n2,"say ""hi""",3\n3,"tab\there",4\n4,"two\nlines",5\n5,"crlf\r\nbreak",6\n6,plain,7\n' > in.csv
    run tsvcat in.csv
    assert_success
    # TAB, LF, CR LF inside a field: one space each; quotes undone
    assert_output "$(printf '%s\n' 'id	text	n' '1	a, b	2' '2	say "hi"	3' '3	tab here	4' \
        '4	two lines	5' '5	crlf break	6' '6	plain	7')"
}

@test "CSV: line numbers are those of each record's first line" {
    printf 'a,b\n1,"x\ny"\n2,z\n3,w,extra\n' > in.csv
    run -1 --separate-stderr tsvcat --fields in.csv
    assert_equal "${lines[0]}" "2: [1] [x y]"
    assert_equal "${lines[1]}" "4: [2] [z]"
    assert_equal "$stderr" "tsvcat: in.csv:5: expected 2 fields, found 3"
}

@test "CSV: spaces are kept, empty fields are missing, CR LF ends records, blank lines are skipped" {
    printf 'a,b,c\r\n x ,,""\r\n\r\n1,2,3\r\n' > in.csv
    run tsvcat --fields in.csv
    assert_success
    assert_output "$(printf '2: [ x ] [] []\n4: [1] [2] [3]')"
}

@test "CSV: a quote left open or a stray quote is an error" {
    printf 'a,b\n1,"open\n2,3\n' > open.csv
    run -1 --separate-stderr tsvcat open.csv
    assert_equal "$stderr" "tsvcat: open.csv:2: quoted field not closed at end of input"
    printf 'a,b\n1,x"y\n' > stray.csv
    run -1 --separate-stderr tsvcat stray.csv
    assert_equal "$stderr" "tsvcat: stray.csv:2: malformed CSV: a quote inside an unquoted field or after a closing quote"
}

@test "CSV from stdin with --csv; the same table as TSV and as CSV reads the same" {
    printf 'a\tb\n1\t\n3\t4\n' > in.tsv
    printf 'a,b\n1,\n"3",4\n' | tsvcat --csv > from-csv.tsv
    tsvcat in.tsv > from-tsv.tsv
    cmp from-csv.tsv from-tsv.tsv
}
