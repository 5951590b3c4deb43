#!/usr/bin/env bats
# pm-bin: response rate, WoE and IV by quantile bin or level, checked against
# independent counts, and how bad input is met.

load helper

train=$REF/train.tsv
numeric=(company_size annual_revenue website_visits_30d email_opens_30d contract_remaining_months
    tenure_months support_tickets_90d campaign_wave renewal_window_flag high_engagement_flag
    large_account_flag revenue_per_employee)
categorical=(industry region company_size_bin website_visits_bin contract_remaining_bin)

# awk_bins FILE FEATURE K: the non-empty bins of a numeric feature, computed
# apart from pm-bin: the K-quantiles of the sorted column by numpy's linear
# formula (h = (n - 1) q, q = i (1/K), interpolated from the nearer end when
# the fraction is 0.5 or more), repeated edges merged, x in [lower, upper).
# Prints "lower upper rows responders", the outer edges as -inf and inf.
awk_bins() {
    paste <(col "$2" "$1") <(col response_flag "$1") | awk -F'\t' '$1 != ""' | sort -t$'\t' -k1,1g |
        awk -F'\t' -v k="$3" '
        { x[NR] = $1 + 0; y[NR] = $2 }
        END {
            n = NR
            for (i = 1; i < k; i++) {
                h = (n - 1) * (i * (1 / k))
                if (h >= n - 1) e = x[n]
                else if (h <= 0) e = x[1]
                else { f = int(h); t = h - f; a = x[f + 1]; d = x[f + 2] - a
                       e = (t >= 0.5 ? x[f + 2] - d * (1 - t) : a + d * t) }
                if (m == 0 || e != edge[m]) edge[++m] = e
            }
            for (j = 1; j <= n; j++) {
                b = 1; while (b <= m && x[j] >= edge[b]) b++
                rows[b]++; resp[b] += y[j]
            }
            for (b = 1; b <= m + 1; b++) if (rows[b]) {
                lo = b == 1 ? "-inf" : sprintf("%.17g", edge[b - 1])
                hi = b == m + 1 ? "inf" : sprintf("%.17g", edge[b])
                printf "%s\t%s\t%d\t%d\n", lo, hi, rows[b], resp[b]
            }
        }'
}

# same_bins GOT WANT: the rows of lower, upper, rows, responders agree, edges
# as numbers (exactly), counts as text.
same_bins() {
    paste "$1" "$2" | awk -F'\t' '
        { n++; for (i = 1; i <= 4; i++) if (i <= 2 && $i !~ /inf/ ? $i + 0 != $(i + 4) + 0 : $i != $(i + 4)) {
              printf "bin %d: got %s %s %s %s, want %s %s %s %s\n", n, $1, $2, $3, $4, $5, $6, $7, $8; bad++; break } }
        END { if (bad || n == 0) exit 1 }' || fail "bins differ"
    assert_equal "$(wc -l < "$1")" "$(wc -l < "$2")"
}

@test "numeric features: edges are numpy's linear quantiles, rows and responders an independent count" {
    pm-bin "$train" > out.tsv
    for f in "${numeric[@]}"; do
        awk -F'\t' -v f="$f" '$1 == f' out.tsv | cut -f3-6 > got
        awk_bins "$train" "$f" 10 > want
        same_bins got want
    done
}

@test "-q sets the number of quantile bins" {
    pm-bin -q 4 -x company_size,revenue_per_employee,tenure_months "$train" > out.tsv
    for f in company_size revenue_per_employee tenure_months; do
        awk -F'\t' -v f="$f" '$1 == f' out.tsv | cut -f3-6 > got
        awk_bins "$train" "$f" 4 > want
        same_bins got want
        assert_equal "$(wc -l < got)" 4
    done
}

@test "JSON edges are the same linear quantiles" {
    pm-bin --json -x revenue_per_employee "$train" > out.json
    assert_equal "$(jget out.json features.0.feature)" revenue_per_employee
    jget out.json features.0.edges > got
    awk_bins "$train" revenue_per_employee 10 | cut -f2 | head -n -1 > want
    paste got want | awk -F'\t' '$1 + 0 != $2 + 0 { bad++ } END { exit bad || NR != 9 }'
}

@test "flag columns give exactly two bins, [0, 1) and [1, inf)" {
    pm-bin -x renewal_window_flag,high_engagement_flag,large_account_flag "$train" > out.tsv
    for f in renewal_window_flag high_engagement_flag large_account_flag; do
        awk -F'\t' -v f="$f" '$1 == f' out.tsv | cut -f2-6 > got
        col "$f" "$train" | paste - <(col response_flag "$train") | awk -F'\t' '
            { n[$1]++; r[$1] += $2 }
            END { printf "1\t0\t1\t%d\t%d\n2\t1\tinf\t%d\t%d\n", n[0], r[0], n[1], r[1] }' > want
        diff got want
    done
}

@test "categorical features: one bin per level in byte order, counted as awk counts" {
    pm-bin "$train" > out.tsv
    for f in "${categorical[@]}"; do
        awk -F'\t' -v f="$f" '$1 == f' out.tsv | cut -f2-6 > got
        col "$f" "$train" | paste - <(col response_flag "$train") | awk -F'\t' '
            { n[$1]++; r[$1] += $2 } END { for (l in n) printf "%s\t\t\t%d\t%d\n", l, n[l], r[l] }' |
            LC_ALL=C sort > want
        diff got want
    done
}

@test "a column of labels whose first value is a number is categorical" {
    assert_equal "$(col website_visits_bin "$train" | head -1)" 0
    run -0 pm-bin --summary -x website_visits_bin "$train"
    assert_line --index 1 --regexp '^website_visits_bin	categorical	5	'
}

@test "--categorical bins a numeric column by level" {
    run -0 pm-bin --categorical campaign_wave -x campaign_wave "$train"
    assert_equal "$(cut -f2-4 <<<"$output" | tail -n +2 | tr '\t\n' '|;')" "1||;2||;3||;4||;5||;6||;7||;8||;"
}

@test "a value equal to an edge falls in the bin above it" {
    printf 'x\tresponse_flag\n0\t0\n1\t1\n2\t0\n3\t1\n4\t0\n' > in.tsv # quartiles: exactly 1, 2, 3
    run -0 pm-bin -q 4 in.tsv
    assert_equal "$(cut -f2-6 <<<"$output" | tail -n +2)" "$(printf '%s\n' \
        '1	-inf	1	1	0' '2	1	2	1	1' '3	2	3	1	0' '4	3	inf	2	1')"
}

@test "IV is 0 for a feature independent of the target" {
    # four values, ten rows each, two responders each; two levels, four responders each
    for v in 1 2 3 4; do
        for i in $(seq 10); do printf '%d\t%s\t%d\n' "$v" "$([ $((v % 2)) = 0 ] && echo p || echo q)" "$([ "$i" -le 2 ] && echo 1 || echo 0)"; done
    done | { printf 'u\tv\tresponse_flag\n'; cat; } > in.tsv
    run -0 pm-bin -q 4 in.tsv
    assert_equal "$(cut -f9 <<<"$output" | tail -n +2 | sort -u)" 0 # WoE
    assert_equal "$(cut -f10 <<<"$output" | tail -n +2 | sort -u)" 0 # IV share
    assert_equal "$(cut -f11 <<<"$output" | tail -n +2 | sort -u)" 0 # IV
    assert_equal "$(cut -f1 <<<"$output" | tail -n +2 | uniq -c | awk '{ print $1 }' | tr '\n' ' ')" "4 2 "
}

@test "WoE = ln(share of responders / share of non-responders), positive above the base rate" {
    printf 'g\tresponse_flag\nA\t1\nA\t1\nA\t1\nA\t0\nB\t1\nB\t0\nB\t0\nB\t0\n' > in.tsv
    run -0 pm-bin in.tsv
    ln3=$(awk 'BEGIN { printf "%.17g", log(3) }')
    assert_equal "$(cut -f1-8 <<<"${lines[1]}")" "$(printf 'g\tA\t\t\t4\t3\t0.75\t1.5')"
    assert_near "$(cut -f9 <<<"${lines[1]}")" "$ln3" 1e-15
    assert_near "$(cut -f9 <<<"${lines[2]}")" "-$ln3" 1e-15
    assert_near "$(cut -f10 <<<"${lines[1]}")" "$(awk -v l="$ln3" 'BEGIN { printf "%.17g", l / 2 }')" 1e-15
    assert_near "$(cut -f11 <<<"${lines[2]}")" "$ln3" 1e-15
}

@test "a bin with no responders or no non-responders: 0.5 added to both its counts" {
    printf 'g\tresponse_flag\nA\t1\nA\t1\nB\t0\nB\t0\nC\t1\nC\t1\nC\t0\nC\t0\n' > in.tsv
    run -0 pm-bin in.tsv
    ln5=$(awk 'BEGIN { printf "%.17g", log(5) }')
    assert_near "$(cut -f9 <<<"${lines[1]}")" "$ln5" 1e-15
    assert_near "$(cut -f9 <<<"${lines[2]}")" "-$ln5" 1e-15
    assert_equal "$(cut -f9,10 <<<"${lines[3]}")" "$(printf '0\t0')"
    # IV share of A: (2.5/4 - 0.5/4) ln 5
    assert_near "$(cut -f10 <<<"${lines[1]}")" "$(awk -v l="$ln5" 'BEGIN { printf "%.17g", 0.5 * l }')" 1e-15
}

@test "missing values form a bin of their own, last, with an empty label" {
    printf 'x\tc\tresponse_flag\n1\ta\t1\n\t\t1\n2\tb\t0\n\t\t0\n\tb\t1\n3\ta\t0\n' > in.tsv
    run -0 pm-bin -q 2 in.tsv
    # x: median of 1, 2, 3 is 2
    assert_equal "$(cut -f1-7 <<<"$output" | tail -n +2)" "$(printf '%s\n' \
        'x	1	-inf	2	1	1	1' 'x	2	2	inf	2	0	0' 'x				3	2	0.6666666666666666' \
        'c	a			2	1	0.5' 'c	b			2	1	0.5' 'c				2	1	0.5')"
}

@test "the features: every column but the target and account_id; -x and --exclude choose" {
    run -0 pm-bin --summary "$train"
    assert_equal "$(cut -f1 <<<"$output" | tail -n +2 | sort | tr '\n' ' ')" \
        "$(printf '%s\n' "${numeric[@]}" "${categorical[@]}" | sort | tr '\n' ' ')"
    run -0 pm-bin --summary --exclude campaign_wave,industry "$train"
    assert_equal "$(( ${#lines[@]} - 1 ))" 15
    refute_output --partial campaign_wave
    run -0 pm-bin -x region,tenure_months "$train"
    assert_equal "$(cut -f1 <<<"$output" | uniq | tr '\n' ' ')" "feature region tenure_months "
    sed '1s/account_id/id/' "$train" > in.tsv
    run -0 pm-bin --summary --id id -y response_flag in.tsv
    assert_equal "$(( ${#lines[@]} - 1 ))" 17
}

@test "--summary ranks the features by IV, highest first, with the table's IV" {
    pm-bin "$train" > table.tsv
    pm-bin --summary "$train" > summary.tsv
    assert_equal "$(head -1 summary.tsv)" "$(printf 'feature\ttype\tbins\tiv')"
    tail -n +2 summary.tsv | cut -f4 | sort -g -r -c
    diff <(tail -n +2 summary.tsv | cut -f1,4 | sort) <(tail -n +2 table.tsv | cut -f1,11 | sort -u)
    diff <(tail -n +2 summary.tsv | cut -f1,3 | sort) <(tail -n +2 table.tsv | cut -f1 | sort | uniq -c | awk '{ print $2 "\t" $1 }')
}

@test "shuffled input gives byte-identical output" {
    { head -1 "$train"; tail -n +2 "$train" | shuf --random-source=<(yes); } > shuffled.tsv
    ! cmp -s shuffled.tsv "$train"
    for opt in --summary --json -q7; do
        cmp <(pm-bin $opt "$train") <(pm-bin $opt shuffled.tsv)
    done
    cmp <(pm-bin "$train") <(pm-bin shuffled.tsv)
}

@test "CSV reads as TSV" {
    tr '\t' , < "$train" > train.csv
    cmp <(pm-bin train.csv) <(pm-bin "$train")
}

@test "a target with one class: WoE and IV are left empty, with a warning" {
    printf 'x\tresponse_flag\n1\t0\n2\t0\n' > in.tsv
    run -0 --separate-stderr pm-bin in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv: column 'response_flag' is 0 in every row; WoE and IV are left empty"
    # the deciles of 1 and 2 are 1.1, 1.2, ..., 1.9: two bins of a row each
    assert_equal "${lines[1]}" "$(printf 'x\t1\t-inf\t1.1\t1\t0\t0\t\t\t\t')"
    assert_equal "${lines[2]}" "$(printf 'x\t2\t1.9\tinf\t1\t0\t0\t\t\t\t')"
}

@test "a target that is not 0 or 1, or is missing, is an error naming file, line and column" {
    printf 'x\tresponse_flag\n1\t0\n2\t2\n' > in.tsv
    run -1 --separate-stderr pm-bin in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv:3: column 'response_flag': '2' is not 0 or 1 (name the positive value with --positive)"
    printf 'x\tresponse_flag\n1\t\n' > in.tsv
    run -1 --separate-stderr pm-bin in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv:2: column 'response_flag': missing value"
    printf 'x\tresponse_flag\n1\tyes\n' | { run -1 --separate-stderr pm-bin; assert_equal "$stderr" "pm-bin: stdin:2: column 'response_flag': 'yes' is not 0 or 1 (name the positive value with --positive)"; }
}

@test "a numeric column that stops being numeric after many values is an error" {
    { printf 'x\tresponse_flag\n'; seq 100 | awk '{ print $1 "\t" $1 % 2 }'; printf 'abc\t1\n'; } > in.tsv
    run -1 --separate-stderr pm-bin in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv:102: column 'x': 'abc' is not a number, but more than 64 distinct values before it were; name the column in --categorical to bin it by level"
    run -0 pm-bin --categorical x in.tsv
    assert_equal "${#lines[@]}" 102
    printf 'x\tresponse_flag\n1\t0\n1e999\t1\n' > in.tsv
    run -1 --separate-stderr pm-bin in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv:3: column 'x': '1e999' is out of range"
}

@test "unknown columns and impossible choices are errors" {
    run -1 --separate-stderr pm-bin -y target "$train"
    assert_equal "$stderr" "pm-bin: column 'target' not found in header of $train; name the target column with -y"
    run -1 --separate-stderr pm-bin -x region,nosuch "$train"
    assert_equal "$stderr" "pm-bin: column 'nosuch' not found in header of $train"
    run -2 --separate-stderr pm-bin -x region,response_flag "$train"
    assert_equal "${stderr_lines[0]}" "pm-bin: option '-x': 'response_flag' is the target, not a feature"
    run -2 --separate-stderr pm-bin -x region,region "$train"
    assert_equal "${stderr_lines[0]}" "pm-bin: option '-x': column 'region' is named twice"
    run -2 --separate-stderr pm-bin --categorical response_flag "$train"
    assert_equal "${stderr_lines[0]}" "pm-bin: option '--categorical': 'response_flag' is not a feature"
    run -2 --separate-stderr pm-bin --categorical account_id "$train"
    assert_equal "${stderr_lines[0]}" "pm-bin: option '--categorical': 'account_id' is not a feature"
    run -1 --separate-stderr pm-bin --exclude nosuch "$train"
    assert_equal "$stderr" "pm-bin: column 'nosuch' not found in header of $train"
    run -1 --separate-stderr pm-bin --id customer "$train"
    assert_equal "$stderr" "pm-bin: column 'customer' not found in header of $train"
    printf 'account_id\tresponse_flag\nA\t1\n' > in.tsv
    run -1 --separate-stderr pm-bin in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv: no feature columns (all are the target or excluded)"
}

@test "an input with a header only, or nothing, is an error" {
    head -1 "$train" > header.tsv
    run -1 --separate-stderr pm-bin header.tsv
    assert_equal "$stderr" "pm-bin: header.tsv: no data rows"
    : > empty.tsv
    run -1 --separate-stderr pm-bin empty.tsv
    assert_equal "$stderr" "pm-bin: empty.tsv: empty input: expected a header line"
}

@test "-o writes the whole file, and a failed run leaves no file behind" {
    run -0 pm-bin -o out.tsv "$train"
    assert_output ""
    cmp out.tsv <(pm-bin "$train")
    { cat "$train"; printf 'ACC9\tRetail\tAMER\t1\t1\t1\t1\t1\t1\t1\t1\t7\t0\t0\t0\t1\t1-49\t1-2\t0-3\n'; } > bad.tsv
    run -1 --separate-stderr pm-bin -o new.tsv bad.tsv
    assert_equal "$stderr" "pm-bin: bad.tsv:4002: column 'response_flag': '7' is not 0 or 1 (name the positive value with --positive)"
    assert [ ! -e new.tsv ]
    assert_equal "$(ls -A | grep -c new.tsv)" 0
}

@test "a full disk is an error; a closed pipe ends quietly" {
    run -1 --separate-stderr pm-bin -o /dev/full "$train"
    assert_equal "$stderr" "pm-bin: write error on /dev/full: No space left on device"
    run --separate-stderr sh -c "pm-bin '$train' | head -1"
    assert_success
    assert_equal "$stderr" ""
}

@test "--help, --version, usage errors" {
    run -0 pm-bin --help
    assert_line --index 0 "Usage: pm-bin [OPTION]... [FILE]"
    run -0 pm-bin --version
    assert_output --regexp '^pm-bin \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
    run -2 --separate-stderr pm-bin --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-bin --help' for more information."
    run -2 --separate-stderr pm-bin a b
    assert_equal "${stderr_lines[0]}" "pm-bin: unexpected argument 'b'"
    run -2 --separate-stderr pm-bin -q 0 "$train"
    assert_equal "${stderr_lines[0]}" "pm-bin: option '-q': '0' is out of range (1 to 100000)"
    run -2 --separate-stderr pm-bin -x a,,b "$train"
    assert_equal "${stderr_lines[0]}" "pm-bin: option '-x': empty item in list 'a,,b'"
}

@test "a constant feature gives one bin and an IV of 0" {
    printf 'k\tresponse_flag\n5\t1\n5\t0\n5\t0\n' > in.tsv
    run -0 pm-bin in.tsv
    assert_equal "${#lines[@]}" 2
    assert_equal "${lines[1]}" "$(printf 'k\t1\t5\tinf\t3\t1\t0.3333333333333333\t1\t0\t0\t0')"
}

@test "JSON needs UTF-8: a level that is not is an error there, and passes through TSV" {
    printf 'c\tresponse_flag\n\xff\t1\nb\t0\n' > in.tsv
    run -1 --separate-stderr pm-bin --json in.tsv
    assert_equal "$stderr" "pm-bin: in.tsv:2: column 'c': '\xff' is not valid UTF-8, which JSON output needs"
    run -0 pm-bin in.tsv
    assert_equal "$(cut -f2 <<<"${lines[2]}")" "$(printf '\xff')"
}

@test "JSON: the target's counts, and per feature its type, edges, IV and bins" {
    printf 'x\tc\tresponse_flag\n1\ta\t1\n2\t\t0\n3\tb\t0\n4\tb\t0\n' > in.tsv
    pm-bin -q 2 --json in.tsv > out.json
    assert_equal "$(grep -o '^  "[a-z_]*"' out.json | tr -d ' "' | tr '\n' ' ')" \
        "target rows responders base_rate quantiles bins features "
    assert_equal "$(jget out.json target rows responders base_rate quantiles bins | tr '\n' ' ')" \
        "response_flag 4 1 0.25 linear 2 "
    assert_equal "$(jget out.json features.0.feature features.0.type features.0.edges | tr '\n' ' ')" "x numeric 2.5 "
    assert_equal "$(jget out.json features.0.bins.0.lower features.0.bins.0.upper features.0.bins.0.rows | tr '\n' ' ')" "null 2.5 2 "
    assert_equal "$(jget out.json features.1.type features.1.bins.0.bin features.1.bins.2.bin features.1.bins.2.rows | tr '\n' ' ')" "categorical a null 1 "
    run jget out.json features.1.bins.0.lower
    assert_failure
    # the IV in JSON is the IV of the table
    assert_equal "$(jget out.json features.1.iv)" "$(pm-bin -q 2 --summary in.tsv | awk -F'\t' '$1 == "c" { print $4 }')"
}

@test "texts that are the same number are one value of a numeric feature" {
    printf 'x\ty\tresponse_flag\n1\t1\t1\n1.0\t1\t0\n2\t2\t0\n2.00\t2\t1\n2e0\t2\t0\n' > in.tsv
    run -0 pm-bin -q 2 in.tsv
    assert_equal "$(grep '^x' <<<"$output" | cut -f2-)" "$(grep '^y' <<<"$output" | cut -f2-)"
    assert_equal "$(grep -c '^x' <<<"$output")" 2
}

