#!/usr/bin/env bats
# pm-features: the engineered columns of pm-features(1), and how bad input is met.

load helper

raw() { cut -f1-12 "$REF/$1.tsv"; }

@test "reproduces the engineered columns of reference/train.tsv byte for byte" {
    raw train | pm-features > out.tsv
    # flags and labels are strings; revenue_per_employee is written in the
    # shortest form that reads back exactly, which is also Python's repr
    run cmp out.tsv "$REF/train.tsv"
    assert_success
}

@test "reproduces test.tsv and drifted.tsv too" {
    raw test | pm-features | cmp - "$REF/test.tsv"
    raw drifted | pm-features | cmp - "$REF/drifted.tsv"
}

@test "revenue_per_employee equals the reference as a double" {
    raw train | pm-features > out.tsv
    assert_columns_near out.tsv revenue_per_employee "$REF/train.tsv" revenue_per_employee 0
}

@test "CSV input with quoted fields gives the same output as TSV" {
    raw train | awk -F'\t' -v OFS=, '{ for (i = 1; i <= NF; i++) $i = "\"" $i "\""; print }' > in.csv
    pm-features in.csv > out.tsv
    cmp out.tsv "$REF/train.tsv"
    pm-features --csv < in.csv | cmp - "$REF/train.tsv"
}

@test "columns in another order: the same engineered values" {
    raw train | awk -F'\t' -v OFS='\t' '{ print $12, $8, $6, $5, $4, $3, $2, $1, $7, $9, $10, $11 }' \
        | pm-features > out.tsv
    for c in renewal_window_flag high_engagement_flag large_account_flag revenue_per_employee \
             company_size_bin website_visits_bin contract_remaining_bin; do
        diff <(col $c out.tsv) <(col $c "$REF/train.tsv")
    done
}

@test "appends the seven columns in the documented order" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n' > in.tsv
    printf '800\t1000\t5\t3\n49\t98\t4\t4\n50\t100\t0\t36\n2000\t3000\t10\t25\n' >> in.tsv
    run pm-features in.tsv
    assert_success
    assert_output "$(printf '%s\n' \
'company_size	annual_revenue	website_visits_30d	contract_remaining_months	renewal_window_flag	high_engagement_flag	large_account_flag	revenue_per_employee	company_size_bin	website_visits_bin	contract_remaining_bin' \
'800	1000	5	3	1	1	1	1.25	800-1999	5-9	0-3' \
'49	98	4	4	0	0	0	2	1-49	3-4	4-6' \
'50	100	0	36	0	0	0	2	50-199	0	25+' \
'2000	3000	10	25	0	1	1	1.5	2000+	10+	25+')"
}

@test "thresholds and bin edges can be changed, and labels follow the edges" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n' > in.tsv
    printf '100\t1000\t2\t6\n10\t1000\t7\t7\n' >> in.tsv
    run pm-features --renewal-months 6 --engaged-visits 2 --large-size 100 \
        --size-edges 10,100 --visits-edges 2,7 --remaining-edges 6 in.tsv
    assert_success
    assert_line --index 1 "$(printf '100\t1000\t2\t6\t1\t1\t1\t10\t100+\t2-6\t6+')"
    assert_line --index 2 "$(printf '10\t1000\t7\t7\t0\t1\t0\t100\t10-99\t7+\t6+')"
}

@test "a value below every edge falls in the first bin" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n1\t5\t0\t0\n' > in.tsv
    run pm-features --size-edges 2 in.tsv
    assert_line --index 1 "$(printf '1\t5\t0\t0\t1\t0\t0\t5\t1\t0\t0-3')"
}

@test "bad edges are a usage error" {
    run -2 --separate-stderr pm-features --size-edges 50,20
    assert_equal "$stderr" "$(printf "pm-features: option '--size-edges': '50,20' is not strictly increasing\nTry 'pm-features --help' for more information.")"
    run -2 --separate-stderr pm-features --visits-edges 1.5
    assert_equal "${stderr_lines[0]}" "pm-features: option '--visits-edges': edges must be whole numbers"
    run -2 --separate-stderr pm-features --size-edges 1
    assert_equal "${stderr_lines[0]}" "pm-features: option '--size-edges': edges must be above 1"
    run -2 --separate-stderr pm-features --renewal-months x
    assert_equal "${stderr_lines[0]}" "pm-features: option '--renewal-months': 'x' is not a number"
}

@test "an empty input leaves what derives from it empty, and says how many rows" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n' > in.tsv
    printf '\t1000\t2\t6\n100\t\t\t\n100\t1000\t2\t6\n' >> in.tsv
    run --separate-stderr pm-features in.tsv
    assert_success
    assert_equal "${lines[1]}" "$(printf '\t1000\t2\t6\t0\t0\t\t\t\t1-2\t4-6')"
    assert_equal "${lines[2]}" "$(printf '100\t\t\t\t\t\t0\t\t50-199\t\t')"
    assert_equal "${lines[3]}" "$(printf '100\t1000\t2\t6\t0\t0\t0\t10\t50-199\t1-2\t4-6')"
    assert_equal "$stderr" "pm-features: in.tsv: 2 of 3 rows have an empty input; what derives from it is left empty"
}

@test "company_size 0: revenue_per_employee left empty, with a warning" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n0\t5\t1\t1\n' > in.tsv
    run --separate-stderr pm-features in.tsv
    assert_success
    assert_equal "${lines[1]}" "$(printf '0\t5\t1\t1\t1\t0\t0\t\t1-49\t1-2\t0-3')"
    assert_equal "$stderr" "pm-features: in.tsv: 1 row has company_size 0; its revenue_per_employee is left empty"
}

@test "a negative count or a non-number is an error naming file, line and column" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n' > in.tsv
    printf '10\t5\t1\t1\n-3\t5\t1\t1\n' >> in.tsv
    run -1 --separate-stderr pm-features in.tsv
    assert_equal "$stderr" "pm-features: in.tsv:3: column 'company_size': '-3' is negative"
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n10\tabc\t1\t1\n' \
        | { run -1 --separate-stderr pm-features; assert_equal "$stderr" "pm-features: stdin:2: column 'annual_revenue': 'abc' is not a number"; }
    printf 'company_size\tannual_revenue\twebsite_visits_30d\tcontract_remaining_months\n10\t1e400\t1\t1\n' > big.tsv
    run -1 --separate-stderr pm-features big.tsv
    assert_equal "$stderr" "pm-features: big.tsv:2: column 'annual_revenue': '1e400' is out of range"
}

@test "a missing input column or an already engineered file is refused" {
    printf 'company_size\tannual_revenue\twebsite_visits_30d\n1\t2\t3\n' > in.tsv
    run -1 --separate-stderr pm-features in.tsv
    assert_equal "$stderr" "pm-features: column 'contract_remaining_months' not found in header of in.tsv"
    run -1 --separate-stderr pm-features "$REF/train.tsv"
    assert_equal "$stderr" "pm-features: $REF/train.tsv: already has a column 'renewal_window_flag' (has pm-features run on it?)"
}

@test "a header-only input gives the header with the new columns" {
    head -1 "$REF/test.tsv" | cut -f1-12 | pm-features > out.tsv
    diff out.tsv <(head -1 "$REF/test.tsv")
}

@test "-o writes the whole file, and a failed run leaves no file behind" {
    raw test | pm-features -o out.tsv
    cmp out.tsv "$REF/test.tsv"
    { raw test; printf 'ACC9\tRetail\tAMER\tx\t1\t1\t1\t1\t1\t1\t1\t0\n'; } > bad.tsv
    run -1 --separate-stderr pm-features -o new.tsv bad.tsv
    assert_equal "$stderr" "pm-features: bad.tsv:1502: column 'company_size': 'x' is not a number"
    assert [ ! -e new.tsv ]
    assert_equal "$(ls -A | grep -c new.tsv)" 0
}

@test "a full disk is an error; a closed pipe ends quietly" {
    raw test > in.tsv
    run -1 --separate-stderr pm-features in.tsv -o /dev/full
    assert_equal "$stderr" "pm-features: write error on /dev/full: No space left on device"
    run -1 --separate-stderr sh -c 'pm-features in.tsv > /dev/full'
    assert_equal "$stderr" "pm-features: write error on stdout: No space left on device"
    run --separate-stderr sh -c 'pm-features in.tsv | head -1'
    assert_success
    assert_equal "$stderr" ""
}

@test "--help, --version and a bad option" {
    run pm-features --help
    assert_success
    assert_line --index 0 "Usage: pm-features [OPTION]... [FILE]"
    run pm-features --version
    assert_output --regexp '^pm-features \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
    run -2 --separate-stderr pm-features --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-features --help' for more information."
    run -2 --separate-stderr pm-features a b
    assert_equal "${stderr_lines[0]}" "pm-features: unexpected argument 'b'"
}

@test "a bad value leaves no half row: every line written ends in LF" {
    raw train | awk -F'\t' -v OFS='\t' 'NR == 51 { $4 = "many" } { print }' > bad.tsv
    run -1 --separate-stderr pm-features bad.tsv
    assert_equal "$stderr" "pm-features: bad.tsv:51: column 'company_size': 'many' is not a number"
    pm-features bad.tsv > out.tsv || true
    assert_equal "$(tail -c 1 out.tsv | od -An -c | tr -d ' ')" '\n'
    cmp out.tsv <(head -n 50 "$REF/train.tsv")
}

# A file of a megabyte or more is read in blocks on two threads (blocks.h):
# the same bytes, warnings and, for a bad row wherever it falls, the same
# message and rows before it as through a pipe, which one thread reads.
same_as_pipe() {
    local f=$1
    shift
    run --separate-stderr pm-features "$@" "$f"
    local status_file=$status out_file=$output err_file=${stderr//$f/stdin}
    run --separate-stderr sh -c "cat '$f' | pm-features $*"
    assert_equal "$status:$output:$stderr" "$status_file:$out_file:$err_file"
}

@test "a large file gives the bytes, warnings and errors of a pipe, wherever a bad row falls" {
    pm-synth -n 30000 -s 5 |
        awk -F'\t' -v OFS='\t' 'NR % 997 == 0 { $5 = "" } NR % 1499 == 0 { $4 = 0 } { print }' > big.tsv
    [ "$(stat -c %s big.tsv)" -gt 1500000 ]
    same_as_pipe big.tsv
    assert_equal "${#stderr_lines[@]}" 2
    assert_equal "${stderr_lines[0]}" "pm-features: stdin: 30 of 30000 rows have an empty input; what derives from it is left empty"
    sed 's/\t\t/\tNA\t/' big.tsv > na.tsv
    same_as_pipe na.tsv --na NA
    assert_equal "${stderr_lines[0]}" "pm-features: stdin: 30 of 30000 rows have an empty input; what derives from it is left empty"
    for at in 2 14000 30001; do
        awk -F'\t' -v OFS='\t' -v at="$at" 'NR == at { $6 = "-2" } { print }' big.tsv > bad.tsv
        same_as_pipe bad.tsv
        assert_equal "$status:$stderr" "1:pm-features: stdin:$at: column 'website_visits_30d': '-2' is negative"
    done
}
