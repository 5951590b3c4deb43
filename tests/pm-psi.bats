#!/usr/bin/env bats
# pm-psi: the population stability index, its verdict and exit
# status, the stability of input columns, and how bad input is met.

load helper

train=$REF/train_scored.tsv
test_=$REF/test_scored.tsv
drifted=$REF/drifted_scored.tsv

# lists_near A B TOL: two files of one number a line agree line by line.
lists_near() {
    paste "$1" "$2" | awk -F'\t' -v t="$3" '
        { n++; d = $1 - $2; if (d < 0) d = -d
          if ($1 == "" || $2 == "" || d > t) { printf "line %d: %s vs %s\n", n, $1, $2; bad++ } }
        END { if (bad || n == 0) exit 1 }' || fail "lists differ by more than $3"
    assert_equal "$(wc -l < "$1")" "$(wc -l < "$2")"
}

# reproduce CASE CURRENT: pm-psi's table and JSON against reference.json's CASE.
reproduce() {
    run pm-psi -o out.tsv "$train" "$2"
    pm-psi --json -o out.json "$train" "$2" || true
    jget out.json score.edges > edges
    ref "$1.edges" > want_edges
    lists_near edges want_edges 1e-12
    for pair in reference_share:expected current_share:actual contribution:contributions; do
        col "${pair%%:*}" out.tsv > got
        ref "$1.${pair#*:}" > want
        lists_near got want 1e-12
    done
    # the bins' edges are the same edges, outer ones open
    diff <(col lower out.tsv) <(echo -inf; col upper out.tsv | head -n -1)
    assert_equal "$(col upper out.tsv | tail -1)" inf
    assert_near "$(jget out.json score.psi)" "$(ref "$1.psi")" 1e-12
    assert_equal "$(col psi out.tsv | sort -u)" "$(jget out.json score.psi)"
}

@test "train vs test reproduces psi_train_vs_test: stable, exit 0" {
    reproduce psi_train_vs_test "$test_"
    assert_equal "$status" 0
    assert_equal "$(col verdict out.tsv | sort -u)" stable
    assert_equal "$(jget out.json verdict)" stable
}

@test "train vs drifted reproduces psi_train_vs_drifted: alert, exit 4" {
    reproduce psi_train_vs_drifted "$drifted"
    assert_equal "$status" 4
    assert_equal "$(col verdict out.tsv | sort -u)" alert
    assert_equal "$(jget out.json verdict)" alert
}

@test "reference rows per bin are a tenth of the reference when scores are distinct" {
    run -0 pm-psi "$train" "$test_"
    assert_equal "$(col reference_rows <(echo "$output") | sort -u)" 400
    # and the current rows are an independent count over the reference's edges
    ref psi_train_vs_test.edges > edges
    col score "$test_" | awk 'NR == FNR { e[++m] = $1; next }
        { b = 1; while (b <= m && $1 >= e[b]) b++; n[b]++ }
        END { for (b = 1; b <= m + 1; b++) print n[b] + 0 }' edges - > want
    diff want <(col current_rows <(echo "$output"))
}

@test "the same file as reference and current: PSI 0, every contribution 0, stable" {
    run -0 pm-psi "$test_" "$test_"
    assert_equal "$(col contribution <(echo "$output") | sort -u)" 0
    assert_equal "$(col psi <(echo "$output") | sort -u)" 0
    assert_equal "$(col verdict <(echo "$output") | sort -u)" stable
}

@test "thresholds by option: from --watch is watch (exit 3), above --alert is alert" {
    psi=$(ref psi_train_vs_test.psi)
    run -3 pm-psi --summary --watch "$psi" "$train" "$test_"
    assert_line --index 1 --regexp $'\twatch$'
    run -3 pm-psi --summary --watch 0.001 --alert "$psi" "$train" "$test_"
    assert_line --index 1 --regexp $'\twatch$'
    run -4 pm-psi --summary --watch 0.001 --alert 0.009 "$train" "$test_"
    assert_line --index 1 --regexp $'\talert$'
    run -0 pm-psi --summary --watch 0.5 --alert 0.6 "$train" "$drifted"
    assert_line --index 1 --regexp $'\tstable$'
}

@test "--summary: one row per variable with its PSI and verdict" {
    run -4 pm-psi --summary "$train" "$drifted"
    assert_equal "${lines[0]}" "$(printf 'variable\ttype\tbins\tpsi\tverdict')"
    assert_equal "${#lines[@]}" 2
    assert_near "$(cut -f4 <<<"${lines[1]}")" "$(ref psi_train_vs_drifted.psi)" 1e-12
    assert_equal "$(cut -f1-3,5 <<<"${lines[1]}")" "$(printf 'score\tnumeric\t10\talert')"
}

@test "a score equal to an edge belongs to the bin above it" {
    printf 'score\n0\n1\n2\n3\n4\n' > ref.tsv # quartiles of 0..4 are exactly 1, 2, 3
    printf 'score\n0.999\n1\n2.999\n3\n' > cur.tsv
    # shares: reference .2 .2 .2 .4, current .25 each: PSI 0.104, watch
    run -3 pm-psi -q 4 ref.tsv cur.tsv
    diff <(col lower <(echo "$output")) <(printf '%s\n' -inf 1 2 3)
    diff <(col reference_rows <(echo "$output")) <(printf '%s\n' 1 1 1 2)
    diff <(col current_rows <(echo "$output")) <(printf '%s\n' 1 1 1 1)
}

@test "repeated edges are merged; an empty bin's share counts as 0.0001" {
    printf 'score\n0\n0\n0\n0\n0\n4\n8\n12\n16\n' > ref.tsv
    printf 'score\n0\n16\n' > cur.tsv
    # quartiles of the reference: 0, 0, 8 (h = 2, 4, 6), merged to 0 and 8
    run -3 --separate-stderr pm-psi -q 4 ref.tsv cur.tsv
    diff <(col upper <(echo "$output")) <(printf '%s\n' 0 8 inf)
    diff <(col reference_rows <(echo "$output")) <(printf '%s\n' 0 6 3)
    diff <(col current_share <(echo "$output")) <(printf '%s\n' 0.0001 0.5 0.5)
    want=$(awk 'BEGIN { e[1] = 0.0001; e[2] = 6 / 9; e[3] = 3 / 9; a[1] = 0.0001; a[2] = 0.5; a[3] = 0.5
                        for (i = 1; i <= 3; i++) s += (a[i] - e[i]) * log(a[i] / e[i]); printf "%.17g", s }')
    assert_near "$(col psi <(echo "$output") | head -1)" "$want" 1e-15
}

@test "-q sets the number of quantile bins" {
    run -0 pm-psi -q 4 --json "$train" "$test_"
    echo "$output" > out.json
    col score "$train" | sort -g | awk '{ v[NR] = $1 } END {
        for (i = 1; i < 4; i++) { h = (NR - 1) * (i * (1 / 4)); f = int(h); t = h - f
            d = v[f + 2] - v[f + 1]; printf "%.17g\n", (t >= 0.5 ? v[f + 2] - d * (1 - t) : v[f + 1] + d * t) } }' > want
    jget out.json score.edges > got
    lists_near got want 0
}

@test "input columns: numeric at the reference's quantiles, categorical by level, missing last" {
    printf 'score\tx\tc\n0.5\t0\ta\n0.5\t1\ta\n0.5\t2\tb\n0.5\t3\tb\n0.5\t4\tb\n' > ref.tsv
    printf 'score\tx\tc\n0.5\t0\ta\n0.5\t\tz\n0.5\t4\t\n0.5\t1\tb\n' > cur.tsv
    # x: quartiles 1, 2, 3 of the reference; 'z' was never in the reference; empty fields are missing
    run -0 --separate-stderr pm-psi -q 4 --summary --columns x --categorical c ref.tsv cur.tsv
    assert_equal "$(cut -f1-3 <<<"$output")" "$(printf '%s\n' 'variable	type	bins' \
        'score	numeric	2' 'x	numeric	5' 'c	categorical	4')"
    pm-psi -q 4 -c x --categorical c ref.tsv cur.tsv > out.tsv 2> /dev/null || true
    awk -F'\t' '$1 == "x"' out.tsv | cut -f2-6 > got
    diff got <(printf '1\t-inf\t1\t1\t1\n2\t1\t2\t1\t1\n3\t2\t3\t1\t0\n4\t3\tinf\t2\t1\n\t\t\t0\t1\n')
    awk -F'\t' '$1 == "c"' out.tsv | cut -f2-8 > got
    diff got <(printf 'a\t\t\t2\t1\t0.4\t0.25\nb\t\t\t3\t1\t0.6\t0.25\nz\t\t\t0\t1\t0.0001\t0.25\n\t\t\t0\t1\t0.0001\t0.25\n')
}

@test "--columns and --categorical: a column in both is binned by level, in --columns order" {
    run -0 pm-psi --summary -c region,company_size --categorical industry,region "$train" "$test_"
    assert_equal "$(cut -f1,2 <<<"$output" | tail -n +2)" "$(printf '%s\n' 'score	numeric' \
        'region	categorical' 'company_size	numeric' 'industry	categorical')"
}

@test "input PSI: an input whose distribution moved is flagged, the others are not" {
    run -4 pm-psi --summary -c company_size,tenure_months --categorical region "$train" "$drifted"
    assert_line --index 2 --regexp '^company_size	numeric	10	.*	alert$'
    assert_line --index 3 --regexp '^tenure_months	numeric	10	.*	stable$'
    assert_line --index 4 --regexp '^region	categorical	4	.*	stable$'
}

@test "--model: every input of the model, in its order, typed as the model says" {
    pm-fit -x company_size,region,tenure_months -o model.json "$REF/train.tsv"
    run -4 pm-psi --summary --model model.json "$train" "$drifted"
    assert_equal "$(cut -f1,2 <<<"$output" | tail -n +2)" "$(printf '%s\n' 'score	numeric' \
        'company_size	numeric' 'region	categorical' 'tenure_months	numeric')"
    # the same as naming the columns
    run -4 pm-psi -c company_size,region,tenure_months --categorical region "$train" "$drifted"
    expected=$output
    run -4 pm-psi --model model.json "$train" "$drifted"
    assert_output "$expected"
}

@test "--model: a file that is not a pm model is refused, saying why, as pm-predict does" {
    echo '{"format": "something else"}' > bad.json
    run -1 --separate-stderr pm-psi --model bad.json "$train" "$drifted"
    assert_equal "$stderr" "pm-psi: bad.json: not a pm model (format name is not 'pm-model')"
    echo '{"features": []}' > bad.json
    run -1 --separate-stderr pm-psi --model bad.json "$train" "$drifted"
    assert_equal "$stderr" "pm-psi: bad.json: not a pm model (missing 'format')"
    echo '{"format": {"name": "pm-model", "version": 2}, "features": []}' > bad.json
    run -1 --separate-stderr pm-psi --model bad.json "$train" "$drifted"
    assert_equal "$stderr" "pm-psi: bad.json: model format version 2 is not supported (this pm reads version 1)"
    pm-fit -x company_size -o model.json "$REF/train.tsv"
    sed 's/"type": "numeric"/"type": "text"/' model.json > bad.json
    run -1 --separate-stderr pm-psi --model bad.json "$train" "$drifted"
    assert_regex "$stderr" "^pm-psi: bad.json: damaged model: features\[0\]\.type: .*"
    run -1 --separate-stderr pm-psi --model nothere.json "$train" "$drifted"
    assert_equal "$stderr" "pm-psi: nothere.json: No such file or directory"
    echo '{"format": [' > broken.json
    run -1 --separate-stderr pm-psi --model broken.json "$train" "$drifted"
    assert_regex "$stderr" "^pm-psi: broken.json:2: not a pm model \(not valid JSON: .*\)$"
}

@test "shuffled reference and current give byte-identical output" {
    cols=(-c company_size,annual_revenue,revenue_per_employee --categorical industry,website_visits_bin)
    pm-psi --json "${cols[@]}" "$train" "$drifted" > a.json || true
    pm-psi "${cols[@]}" "$train" "$drifted" > a.tsv || true
    for f in train drifted; do
        { head -1 "$REF/${f}_scored.tsv"; tail -n +2 "$REF/${f}_scored.tsv" | shuf --random-source=<(yes); } > "$f.tsv"
    done
    ! cmp -s train.tsv "$train"
    pm-psi --json "${cols[@]}" train.tsv drifted.tsv > b.json || true
    pm-psi "${cols[@]}" train.tsv drifted.tsv > b.tsv || true
    cmp a.json b.json
    cmp a.tsv b.tsv
}

@test "either file may be stdin, and CSV reads as TSV" {
    run -0 pm-psi "$train" "$test_"
    expected=$output
    run -0 pm-psi - "$test_" < "$train"
    assert_output "$expected"
    run -0 pm-psi "$train" - < "$test_"
    assert_output "$expected"
    tr '\t' , < "$test_" > test.csv
    run -0 pm-psi "$train" test.csv
    assert_output "$expected"
    run -2 --separate-stderr pm-psi - -
    assert_equal "${stderr_lines[0]}" "pm-psi: REFERENCE and CURRENT cannot both be stdin"
}

@test "a reference with a single distinct score: two bins, a warning, PSI as defined" {
    printf 'score\n0.5\n0.5\n0.5\n0.5\n' > ref.tsv
    printf 'score\n0.4\n0.5\n0.6\n0.5\n' > cur.tsv
    run -4 --separate-stderr pm-psi ref.tsv cur.tsv
    assert_equal "$stderr" "pm-psi: ref.tsv: every reference score is 0.5: the bins are (-inf, 0.5) and [0.5, inf)"
    diff <(col reference_share <(echo "$output")) <(printf '%s\n' 0.0001 1)
    diff <(col current_share <(echo "$output")) <(printf '%s\n' 0.25 0.75)
    want=$(awk 'BEGIN { printf "%.17g", (0.25 - 0.0001) * log(0.25 / 0.0001) + (0.75 - 1) * log(0.75) }')
    assert_near "$(col psi <(echo "$output") | head -1)" "$want" 1e-15
    run -0 --separate-stderr pm-psi ref.tsv ref.tsv
    assert_equal "$(col psi <(echo "$output") | sort -u)" 0
}

@test "an empty current file, or one with a header only, is an error" {
    : > empty.tsv
    run -1 --separate-stderr pm-psi "$train" empty.tsv
    assert_equal "$stderr" "pm-psi: empty.tsv: empty input: expected a header line"
    head -1 "$test_" > header.tsv
    run -1 --separate-stderr pm-psi "$train" header.tsv
    assert_equal "$stderr" "pm-psi: header.tsv: no data rows"
    run -1 --separate-stderr pm-psi header.tsv "$test_"
    assert_equal "$stderr" "pm-psi: header.tsv: no data rows"
}

@test "a missing column is an error naming it and the file" {
    cut -f1-19 "$test_" > noscore.tsv
    run -1 --separate-stderr pm-psi "$train" noscore.tsv
    assert_equal "$stderr" "pm-psi: column 'score' not found in header of noscore.tsv"
    run -1 --separate-stderr pm-psi --score prob "$train" "$test_"
    assert_equal "$stderr" "pm-psi: column 'prob' not found in header of $train"
    run -1 --separate-stderr pm-psi -c nosuch "$train" "$test_"
    assert_equal "$stderr" "pm-psi: column 'nosuch' not found in header of $train"
}

@test "a column named twice: in one list a usage error, by the model and -c a data error" {
    run -2 --separate-stderr pm-psi -c region,region "$train" "$test_"
    assert_equal "${stderr_lines[0]}" "pm-psi: option '-c': column 'region' is named twice"
    run -2 --separate-stderr pm-psi --categorical region,region "$train" "$test_"
    assert_equal "${stderr_lines[0]}" "pm-psi: option '--categorical': column 'region' is named twice"
    pm-fit -x company_size,region -o model.json "$REF/train.tsv"
    run -1 --separate-stderr pm-psi -m model.json -c region "$train" "$test_"
    assert_equal "$stderr" "pm-psi: column 'region' is compared twice (the score, the model's inputs, -c and --categorical name each once)"
}

@test "a score that is not a number, or missing, is an error naming file, line and column" {
    printf 'score\n0.1\nabc\n' > cur.tsv
    run -1 --separate-stderr pm-psi "$train" cur.tsv
    assert_equal "$stderr" "pm-psi: cur.tsv:3: column 'score': 'abc' is not a number"
    printf 'score\n0.1\n\n' > cur.tsv
    run -1 --separate-stderr pm-psi "$train" cur.tsv
    assert_equal "$stderr" "pm-psi: cur.tsv:3: column 'score': missing value"
    printf 'score\nnan\n' > ref.tsv
    run -1 --separate-stderr pm-psi ref.tsv "$test_"
    assert_equal "$stderr" "pm-psi: ref.tsv:2: column 'score': 'nan' is not a number"
    printf 'score\tx\n0.1\t1\n0.2\tlow\n' > ref.tsv
    run -1 --separate-stderr pm-psi -c x ref.tsv ref.tsv
    assert_equal "$stderr" "pm-psi: ref.tsv:3: column 'x': 'low' is not a number"
}

@test "-o writes the whole file, and a failed run leaves no file behind" {
    run -0 pm-psi -o out.tsv "$train" "$test_"
    assert_output ""
    cmp out.tsv <(pm-psi "$train" "$test_")
    printf 'score\n0.1\nabc\n' > cur.tsv
    run -1 pm-psi -o new.tsv "$train" cur.tsv
    assert [ ! -e new.tsv ]
    assert_equal "$(ls -A | grep -c new.tsv)" 0
}

@test "a full disk is an error; a closed pipe ends quietly" {
    run -1 --separate-stderr pm-psi -o /dev/full "$train" "$test_"
    assert_equal "$stderr" "pm-psi: write error on /dev/full: No space left on device"
    run --separate-stderr sh -c "pm-psi '$train' '$test_' | head -1"
    assert_success
    assert_equal "$stderr" ""
}

@test "usage errors: arguments, thresholds, bins" {
    run -2 --separate-stderr pm-psi "$train"
    assert_equal "${stderr_lines[0]}" "pm-psi: missing CURRENT"
    assert_equal "${stderr_lines[1]}" "Try 'pm-psi --help' for more information."
    run -2 --separate-stderr pm-psi
    assert_equal "${stderr_lines[0]}" "pm-psi: missing REFERENCE and CURRENT"
    run -2 --separate-stderr pm-psi a b c
    assert_equal "${stderr_lines[0]}" "pm-psi: unexpected argument 'c'"
    run -2 --separate-stderr pm-psi --watch 0.3 --alert 0.2 "$train" "$test_"
    assert_equal "${stderr_lines[0]}" "pm-psi: thresholds must satisfy 0 <= --watch <= --alert"
    run -2 --separate-stderr pm-psi -q 0 "$train" "$test_"
    assert_equal "${stderr_lines[0]}" "pm-psi: option '-q': '0' is out of range (1 to 100000)"
    run -2 --separate-stderr pm-psi --alert x "$train" "$test_"
    assert_equal "${stderr_lines[0]}" "pm-psi: option '--alert': 'x' is not a number"
}

@test "--help, --version and a bad option" {
    run -0 pm-psi --help
    assert_line --index 0 "Usage: pm-psi [OPTION]... REFERENCE CURRENT"
    run -0 pm-psi --version
    assert_output --regexp '^pm-psi \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
    run -2 --separate-stderr pm-psi --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-psi --help' for more information."
}

@test "the psi chart draws reference vs current shares by bin as PNG, SVG and text" {
    run -4 pm-psi -o psi.tsv "$train" "$drifted"
    pm-chart psi -t 'Train vs drifted' -o psi.png psi.tsv
    assert_equal "$(head -c 8 psi.png | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
    assert [ "$(stat -c %s psi.png)" -gt 10000 ]
    pm-chart psi -t 'Train vs drifted' -o psi.svg psi.tsv
    grep -q '<svg' psi.svg
    grep -q 'Train vs drifted' psi.svg
    run -0 pm-chart psi --size 100,32 -t 'Train vs drifted' psi.tsv
    assert_output --partial 'Train vs drifted'
    assert_output --partial 'score: PSI 0.4140, alert'
    assert_output --partial 'reference'
    # the ten bins are labelled 1 to 10 on the x axis
    assert_output --regexp '[[:space:]]1 +2 +3 +4 +5 +6 +7 +8 +9 +10[[:space:]]'
}

@test "the psi chart: text from the data or the title is never run as a command" {
    printf 'score\n0.1\n0.2\n0.3\n' > ref.tsv
    pm-psi ref.tsv ref.tsv | sed 's/\tscore\t/\t"; system("touch pwned") ; "\t/; s/^score/"; system("touch pwned") ; "/' > psi.tsv
    run -0 pm-chart psi -t '"; system("touch pwned2"); "'"'"' . system("touch pwned3") . '"'"'' psi.tsv
    assert [ ! -e pwned ]
    assert [ ! -e pwned2 ]
    assert [ ! -e pwned3 ]
}

@test "JSON: settings, the score and each input with its edges, bins, PSI and verdict" {
    printf 'score\tx\tc\n0.1\t1\ta\n0.2\t2\tb\n0.3\t\ta\n0.4\t4\tb\n' > ref.tsv
    printf 'score\tx\tc\n0.1\t1\tz\n0.35\t3\ta\n' > cur.tsv
    # the score's shares are .5 and .5 in both: stable, exit 0
    run -0 pm-psi -q 2 --json -c x --categorical c ref.tsv cur.tsv
    echo "$output" > out.json
    # the top-level keys, in order (indented by two spaces)
    assert_equal "$(grep -o '^  "[a-z_]*"' out.json | tr -d ' "' | tr '\n' ' ')" \
        "quantiles bins epsilon watch alert reference_rows current_rows verdict score inputs "
    assert_equal "$(jget out.json quantiles bins epsilon watch alert reference_rows current_rows | tr '\n' ' ')" \
        "linear 2 0.0001 0.1 0.2 4 2 "
    assert_equal "$(jget out.json score.edges)" 0.25
    assert_equal "$(jget out.json score.bins.0.lower score.bins.0.upper score.bins.1.current_rows | tr '\n' ' ')" "null 0.25 1 "
    assert_equal "$(jget out.json inputs.0.variable inputs.0.type inputs.0.edges | tr '\n' ' ')" "x numeric 2 "
    assert_equal "$(jget out.json inputs.0.bins.2.bin inputs.0.bins.2.reference_rows | tr '\n' ' ')" "null 1 "
    assert_equal "$(jget out.json inputs.1.type inputs.1.bins.2.bin inputs.1.bins.2.reference_share | tr '\n' ' ')" "categorical z 0.0001 "
    run jget out.json inputs.1.edges
    assert_failure
    # c: shares a .5 .5, b .5 .0001, z .0001 .5: PSI 2 (.4999) ln 5000
    assert_equal "$(jget out.json inputs.1.verdict)" alert
    assert_near "$(jget out.json inputs.1.psi)" "$(awk 'BEGIN { printf "%.17g", 2 * 0.4999 * log(5000) }')" 1e-14
}
