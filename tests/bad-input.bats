#!/usr/bin/env bats
# The bad-input matrix: every tool that reads a table, on every kind of bad
# table, with the exact exit status and message, and -o leaving neither the
# file nor a temporary one beside it.  Each test is one kind of bad input run
# through every tool; a tool the case does not apply to is said so in the
# test.  The model file's cases are in the second half, the resources
# (sizes) in resources.bats, the numerical faults in numerical.bats.

load helper

# The tools that read a table, in the order of the flow.
TOOLS="pm-features pm-bin pm-split pm-fit pm-predict pm-metrics pm-ks pm-lift pm-calib pm-counts pm-target pm-psi pm-chart"
EVALUATION="pm-metrics pm-ks pm-lift pm-calib pm-counts"

setup_file() {
    FIX=$BATS_FILE_TMPDIR
    pm-synth -n 60 -s 3 > "$FIX/accounts.tsv"
    pm-features "$FIX/accounts.tsv" > "$FIX/features.tsv"
    SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id,campaign_wave -o "$FIX/model.json" "$FIX/features.tsv"
    pm-predict -m "$FIX/model.json" -k account_id,industry,response_flag "$FIX/features.tsv" > "$FIX/scored.tsv"
    pm-lift "$FIX/scored.tsv" > "$FIX/lift.tsv"
    export FIX
}

# base TOOL: the clean table TOOL reads here.
base() {
    case $1 in
    pm-features) echo "$FIX/accounts.tsv" ;;
    pm-bin | pm-split | pm-fit | pm-predict) echo "$FIX/features.tsv" ;;
    pm-chart) echo "$FIX/lift.tsv" ;;
    *) echo "$FIX/scored.tsv" ;;
    esac
}

# numeric TOOL: a column TOOL reads as numbers (pm-split reads none).
numeric() {
    case $1 in
    pm-features | pm-bin | pm-fit | pm-predict) echo company_size ;;
    pm-chart) echo lift ;;
    pm-split) ;;
    *) echo score ;;
    esac
}

# width TOOL: the number of columns of TOOL's table.
width() {
    head -1 "$(base "$1")" | awk -F'\t' '{ print NF }'
}

# tool TOOL FILE [OPTION]...: TOOL as the matrix runs it on FILE (for
# pm-psi, FILE is the current table; the reference is the clean one).
tool() {
    local t=$1 f=$2
    shift 2
    case $t in
    pm-split) pm-split --stratify response_flag --mark part "$@" "$f" ;;
    pm-fit) SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id,campaign_wave "$@" "$f" ;;
    pm-predict) pm-predict -m "$FIX/model.json" "$@" "$f" ;;
    pm-target) pm-target --value 10 --cost 1 "$@" "$f" ;;
    pm-psi) pm-psi --categorical industry "$@" "$FIX/scored.tsv" "$f" ;;
    pm-chart) pm-chart lift --format dumb --title t "$@" "$f" ;;
    *) "$t" "$@" "$f" ;;
    esac
}

# set_field FILE COLUMN LINE VALUEFILE: FILE with the field of COLUMN on
# LINE replaced by the bytes of VALUEFILE (any bytes, any length: not
# through awk, which is slow on a field of 10 MB).
set_field() {
    local k n row
    k=$(head -1 "$1" | tr '\t' '\n' | grep -nxF -- "$2" | cut -d: -f1)
    n=$(head -1 "$1" | awk -F'\t' '{ print NF }')
    row=$(sed -n "$3p" "$1")
    head -n $(($3 - 1)) "$1"
    [ "$k" -eq 1 ] || printf '%s\t' "$(cut -f1-$((k - 1)) <<<"$row")"
    cat "$4"
    [ "$k" -eq "$n" ] || printf '\t%s' "$(cut -f$((k + 1))- <<<"$row")"
    echo
    tail -n +$(($3 + 1)) "$1"
}

# with_value FILE COLUMN VALUE: FILE with COLUMN's field on line 3 set to a
# short VALUE.
with_value() {
    V=$3 awk -F'\t' -v OFS='\t' -v c="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i }
        NR == 3 { $k = ENVIRON["V"] } 1' "$1"
}

# no_output_file NAME: neither NAME nor a temporary file for it is left.
no_output_file() {
    [ ! -e "$1" ] || fail "$1 was left behind"
    local left
    left=$(ls -A | grep -E "^\.($1|pm-chart)\." || true)
    [ -z "$left" ] || fail "temporary files left behind: $left"
}

# fails TOOL FILE STATUS MESSAGE [OPTION]...: TOOL on FILE (with OPTIONs)
# exits with STATUS and exactly MESSAGE on stderr; again with -o, which
# leaves no file.
fails() {
    local t=$1 f=$2 st=$3 msg=$4
    shift 4
    run --separate-stderr tool "$t" "$f" "$@"
    [ "$status" -eq "$st" ] || fail "$t $f: status $status, expected $st: $stderr"
    assert_equal "$stderr" "$msg"
    run --separate-stderr tool "$t" "$f" "$@" -o out.txt
    [ "$status" -eq "$st" ] || fail "$t $f -o: status $status, expected $st: $stderr"
    assert_equal "$stderr" "$msg"
    assert_equal "$output" ""
    no_output_file out.txt
}

# succeeds TOOL FILE [STDERR]: TOOL on FILE exits 0, saying exactly STDERR
# (nothing by default); $output holds what it wrote.
succeeds() {
    local t=$1 f=$2 msg=${3:-}
    run --separate-stderr tool "$t" "$f"
    [ "$status" -eq 0 ] || fail "$t $f: status $status, expected 0: $stderr"
    assert_equal "$stderr" "$msg"
}

# to_file COMMAND...: COMMAND with its standard output in out.big (which
# bats need not take apart line by line).
to_file() {
    "$@" > out.big
}

# ---------- the table ----------

@test "empty input: every tool says so" {
    : > in.tsv
    for t in $TOOLS; do
        fails $t in.tsv 1 "$t: in.tsv: empty input: expected a header line"
    done
}

@test "header only: the streaming tools write a header, the others say there are no rows" {
    for t in $TOOLS; do
        head -1 "$(base $t)" > in.tsv
        case $t in
        pm-features | pm-predict | pm-split)
            succeeds $t in.tsv
            assert_equal "${#lines[@]}" 1
            ;;
        *) fails $t in.tsv 1 "$t: in.tsv: no data rows" ;;
        esac
    done
    head -1 "$FIX/accounts.tsv" > in.tsv
    succeeds pm-features in.tsv
    assert_output "$(head -1 "$FIX/features.tsv")"
    head -1 "$FIX/features.tsv" > in.tsv
    succeeds pm-predict in.tsv
    assert_output "$(printf '%s\tscore' "$(head -1 in.tsv)")"
    succeeds pm-split in.tsv
    assert_output "$(printf '%s\tpart' "$(head -1 in.tsv)")"
}

@test "a missing required column names the column and the file" {
    for t in $TOOLS; do
        case $t in
        pm-bin | pm-split | pm-fit) c=response_flag ;;
        pm-split) c=response_flag ;;
        *) c=$(numeric $t) ;;
        esac
        awk -F'\t' -v c="$c" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) $i = "other" } 1' \
            OFS='\t' "$(base $t)" > in.tsv
        case $t in
        pm-chart) msg="pm-chart: column 'lift' not found in header of in.tsv (the lift chart draws pm-lift output)" ;;
        pm-bin | pm-fit) msg="$t: column '$c' not found in header of in.tsv; name the target column with -y" ;;
        *) msg="$t: column '$c' not found in header of in.tsv" ;;
        esac
        fails $t in.tsv 1 "$msg"
    done
}

@test "a column name twice is an error on line 1" {
    for t in $TOOLS; do
        c=$(numeric $t)
        c=${c:-industry}
        # the first column takes the name of another
        awk -F'\t' -v OFS='\t' -v c="$c" 'NR == 1 { $1 = c } 1' "$(base $t)" > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:1: duplicate column name '$c'"
    done
}

@test "a row with a field too many, or one too few, is an error with its line" {
    for t in $TOOLS; do
        n=$(width $t)
        awk 'NR == 3 { $0 = $0 "\tx" } 1' "$(base $t)" > many.tsv
        fails $t many.tsv 1 "$t: many.tsv:3: expected $n fields, found $((n + 1))"
        awk -F'\t' -v OFS='\t' 'NR == 4 { NF-- } 1' "$(base $t)" > few.tsv
        fails $t few.tsv 1 "$t: few.tsv:4: expected $n fields, found $((n - 1))"
    done
}

@test "a value that is not a number in a numeric column: 'abc', NaN, Inf, hexadecimal, blanks" {
    for v in abc nan NaN inf Inf -inf 0x10 ' 1' '1,5'; do
        for t in $TOOLS; do
            c=$(numeric $t)
            [ -n "$c" ] || continue # pm-split reads no numbers
            with_value "$(base $t)" "$c" "$v" > in.tsv
            case $t/$v in
            pm-bin/nan | pm-bin/NaN | pm-fit/nan | pm-fit/NaN) # a spelling of a missing value
                fails $t in.tsv 1 "$t: in.tsv: column 'company_size': numbers, and '$v' in 1 row; if that means a missing value, say so with --na $v"
                ;;
            pm-bin/*) # numbers but for one text: binned by level, with a warning
                succeeds $t in.tsv "pm-bin: in.tsv: column 'company_size' is taken as categorical because of '$v' (line 3); fix the data if it is meant to be numeric"
                ;;
            pm-fit/*) # as categorical, 59 levels in 60 rows: no model can use that
                fails $t in.tsv 1 "pm-fit: in.tsv:3: column 'company_size': '$v' is not a number (and the column has too many distinct values to be categorical)"
                ;;
            *) fails $t in.tsv 1 "$t: in.tsv:3: column '$c': '$v' is not a number" ;;
            esac
        done
    done
}

@test "pm-split reads no numbers but the --time column's, against a number" {
    with_value "$FIX/features.tsv" company_size abc > in.tsv
    succeeds pm-split in.tsv
    assert_equal "$(col company_size <<<"$output" | grep -c abc)" 1
    for v in abc nan inf 0x10; do
        with_value "$FIX/features.tsv" campaign_wave "$v" > in.tsv
        run -1 --separate-stderr pm-split --time campaign_wave --cutoff 5 --train train.tsv --test test.tsv in.tsv
        assert_equal "$stderr" "pm-split: in.tsv:3: column 'campaign_wave': '$v' is not a number (the cut-off '5' is)"
        no_output_file train.tsv
        no_output_file test.tsv
    done
    with_value "$FIX/features.tsv" campaign_wave 1e400 > in.tsv
    run -1 --separate-stderr pm-split --time campaign_wave --cutoff 5 --train train.tsv --test test.tsv in.tsv
    assert_equal "$stderr" "pm-split: in.tsv:3: column 'campaign_wave': '1e400' is out of range"
    with_value "$FIX/features.tsv" campaign_wave '' > in.tsv
    run -1 --separate-stderr pm-split --time campaign_wave --cutoff 5 --train train.tsv --test test.tsv in.tsv
    assert_equal "$stderr" "pm-split: in.tsv:3: column 'campaign_wave': missing value"
}

@test "a number beyond the range of a double (1e400) is out of range" {
    for t in $TOOLS; do
        c=$(numeric $t)
        [ -n "$c" ] || continue
        with_value "$(base $t)" "$c" 1e400 > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:3: column '$c': '1e400' is out of range"
    done
}

@test "an empty field in a numeric column: a missing value, which each tool handles as it says" {
    for t in $TOOLS; do
        c=$(numeric $t)
        [ -n "$c" ] || continue
        with_value "$(base $t)" "$c" '' > in.tsv
        case $t in
        pm-features)
            succeeds $t in.tsv "pm-features: in.tsv: 1 of 60 rows has an empty input; what derives from it is left empty"
            # the flag, ratio and bin of company_size are left empty on line 3
            assert_equal "$(sed -n 3p <<<"$output" | cut -f15,16,17)" "$(printf '\t\t')"
            ;;
        pm-bin)
            succeeds $t in.tsv
            # a bin of its own, with no bounds, last among company_size's
            assert_equal "$(awk -F'\t' '$1 == "company_size"' <<<"$output" | tail -1 | cut -f2-5)" "$(printf '\t\t\t1')"
            ;;
        pm-predict) fails $t in.tsv 1 "pm-predict: in.tsv:3: column 'company_size': missing value (--impute-mean scores it at the training mean)" ;;
        pm-fit) fails $t in.tsv 1 "pm-fit: in.tsv:3: column 'company_size': missing value (1 row has one); fill with --impute mean or --impute median, or leave the column out with --exclude company_size" ;;
        *) fails $t in.tsv 1 "$t: in.tsv:3: column '$c': missing value" ;;
        esac
    done
}

@test "company_size negative is an error, zero leaves revenue_per_employee empty (pm-features)" {
    with_value "$FIX/accounts.tsv" company_size -5 > in.tsv
    fails pm-features in.tsv 1 "pm-features: in.tsv:3: column 'company_size': '-5' is negative"
    with_value "$FIX/accounts.tsv" company_size 0 > in.tsv
    succeeds pm-features in.tsv "pm-features: in.tsv: 1 row has company_size 0; its revenue_per_employee is left empty"
    assert_equal "$(sed -n 3p <<<"$output" | cut -f13-19)" "$(printf '0\t0\t0\t\t1-49\t%s\t%s' \
        "$(sed -n 3p "$FIX/features.tsv" | cut -f18)" "$(sed -n 3p "$FIX/features.tsv" | cut -f19)")"
    # to the other tools company_size is a number like any other
    with_value "$FIX/features.tsv" company_size -5 > in.tsv
    succeeds pm-fit in.tsv
    succeeds pm-predict in.tsv
    succeeds pm-bin in.tsv
}

@test "a target that is not 0 or 1" {
    for v in 2 yes 0.5; do
        for t in pm-bin pm-fit $EVALUATION; do
            with_value "$(base $t)" response_flag "$v" > in.tsv
            case $t in
            pm-bin) fails $t in.tsv 1 "pm-bin: in.tsv:3: column 'response_flag': '$v' is not 0 or 1 (name the positive value with --positive)" ;;
            *) fails $t in.tsv 1 "$t: in.tsv:3: column 'response_flag': '$v' is not 0 or 1 (name the positive value with --positive)" ;;
            esac
        done
    done
    # pm-split stratifies on any value; 1.0 is the number 1 wherever a target is read
    with_value "$FIX/features.tsv" response_flag yes > in.tsv
    succeeds pm-split in.tsv
    for t in pm-bin pm-fit $EVALUATION; do
        with_value "$(base $t)" response_flag 1.0 > in.tsv
        succeeds $t in.tsv
    done
}

@test "a target with a single class" {
    for t in pm-bin pm-fit $EVALUATION; do
        awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "response_flag") k = i; print; next }
            { $k = 0; print }' "$(base $t)" > in.tsv
        case $t in
        pm-bin)
            succeeds $t in.tsv "pm-bin: in.tsv: column 'response_flag' is 0 in every row; WoE and IV are left empty"
            assert_equal "$(cut -f9,11 <<<"${lines[1]}")" "$(printf '\t')"
            ;;
        pm-fit) fails $t in.tsv 1 "pm-fit: in.tsv: column 'response_flag' is 0 in every row; a model needs both classes" ;;
        pm-metrics)
            succeeds $t in.tsv "pm-metrics: in.tsv: no responders: auc and ks are null"
            assert_line '  "auc": null,'
            ;;
        pm-ks) fails $t in.tsv 1 "pm-ks: in.tsv: no responders: KS is undefined" ;;
        pm-lift) fails $t in.tsv 1 "pm-lift: in.tsv: no responders: lift is undefined" ;;
        pm-calib | pm-counts) succeeds $t in.tsv ;; # defined with one class
        esac
    done
}

@test "CR LF line ends and a UTF-8 byte order mark give the same output as the clean table" {
    for t in $TOOLS; do
        b=$(base $t)
        sed 's/$/\r/' "$b" > crlf.tsv
        { printf '\357\273\277'; cat "$b"; } > bom.tsv
        { printf '\357\273\277'; cat crlf.tsv; } > both.tsv
        tool $t - < "$b" > clean.out
        for v in crlf bom both; do
            run --separate-stderr tool $t - < $v.tsv
            [ "$status" -eq 0 ] || fail "$t $v: status $status: $stderr"
            if [ $t = pm-fit ]; then # the input's digest is of its bytes
                assert_equal "$(grep -v sha256 <<<"$output")" "$(grep -v sha256 clean.out)"
                assert_equal "$(grep -c sha256 <<<"$output")" 1
            else
                assert_equal "$output" "$(cat clean.out)"
            fi
        done
    done
}

@test "a NUL byte is an error with its line" {
    for t in $TOOLS; do
        { sed -n 1,2p "$(base $t)"; sed -n 3p "$(base $t)" | tr -d '\n'; printf 'x\000y\n'; tail -n +4 "$(base $t)"; } > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:3: NUL byte in input"
    done
}

@test "invalid UTF-8: an error where text goes into JSON, else the bytes pass through" {
    printf 'Ed\377u' > bad.txt
    for t in $TOOLS; do
        set_field "$(base $t)" industry 3 bad.txt > value.tsv 2> /dev/null || true
        awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "industry") $i = "ind\377x" } 1' \
            "$(base $t)" > name.tsv
        case $t in
        pm-fit) # the model is JSON
            fails $t value.tsv 1 "pm-fit: value.tsv:3: column 'industry': 'Ed\\xffu' is not valid UTF-8, which JSON output needs"
            fails $t name.tsv 1 "pm-fit: name.tsv:1: column name 'ind\\xffx' is not valid UTF-8, which JSON output needs"
            ;;
        pm-features | pm-split | pm-bin)
            succeeds $t value.tsv
            assert_equal "$(grep -c "$(printf 'Ed\377u')" <<<"$output")" 1
            succeeds $t name.tsv
            ;;
        pm-predict)
            succeeds $t value.tsv "pm-predict: value.tsv: column 'industry': 1 row with a level unseen in training (first 'Ed\\xffu', line 3) scored as the reference level '$(jget "$FIX/model.json" features.0.reference)'"
            assert_equal "$(sed -n 3p <<<"$output" | cut -f2)" "$(cat bad.txt)"
            fails $t name.tsv 1 "pm-predict: column 'industry' not found in header of name.tsv"
            ;;
        pm-psi)
            succeeds $t value.tsv
            assert_equal "$(grep -c "$(printf 'Ed\377u')" <<<"$output")" 1
            ;;
        pm-chart) ;; # reads no text column
        *)            # the evaluation tools do not read industry
            succeeds $t value.tsv
            succeeds $t name.tsv
            ;;
        esac
    done
    # the JSON outputs of pm-bin, pm-psi and pm-metrics --by
    set_field "$FIX/features.tsv" industry 3 bad.txt > value.tsv
    run -1 --separate-stderr pm-bin --json value.tsv
    assert_equal "$stderr" "pm-bin: value.tsv:3: column 'industry': 'Ed\\xffu' is not valid UTF-8, which JSON output needs"
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "industry") $i = "ind\377x" } 1' \
        "$FIX/features.tsv" > name.tsv
    run -1 --separate-stderr pm-bin --json name.tsv
    assert_equal "$stderr" "pm-bin: name.tsv:1: column name 'ind\\xffx' is not valid UTF-8, which JSON output needs"
    set_field "$FIX/scored.tsv" industry 3 bad.txt > value.tsv
    run -1 --separate-stderr pm-psi --json --categorical industry "$FIX/scored.tsv" value.tsv
    assert_equal "$stderr" "pm-psi: value.tsv:3: column 'industry': 'Ed\\xffu' is not valid UTF-8, which JSON output needs"
    run -1 --separate-stderr pm-metrics --by industry value.tsv
    assert_equal "$stderr" "pm-metrics: value.tsv:3: column 'industry': 'Ed\\xffu' is not valid UTF-8, which JSON output needs"
    run -0 --separate-stderr pm-metrics --tsv --by industry value.tsv
    assert_equal "$(cut -f1 <<<"$output" | grep -c "$(cat bad.txt)")" 1
    # a file name is no data: in the model's metadata its odd bytes become U+FFFD
    cp "$FIX/features.tsv" "$(printf 'f\377.tsv')"
    tool pm-fit "$(printf 'f\377.tsv')" > m.json
    assert_equal "$(jget m.json training.input.name)" "$(printf 'f\357\277\275.tsv')"
}

@test "a 10 MB field is read like any other; quoted in a message, a value is cut" {
    head -c 10000000 /dev/zero | tr '\0' x > long.txt
    long="'$(head -c 64 long.txt)...'"
    for t in $TOOLS; do
        b=$(base $t)
        if head -1 "$b" | grep -q industry; then
            set_field "$b" industry 3 long.txt > text.tsv
            run --separate-stderr to_file tool $t text.tsv
            [ "$status" -eq 0 ] || fail "$t text.tsv: status $status: $stderr"
            case $t in
            pm-predict) assert_equal "$stderr" "pm-predict: text.tsv: column 'industry': 1 row with a level unseen in training (first $long, line 3) scored as the reference level '$(jget "$FIX/model.json" features.0.reference)'" ;;
            *) assert_equal "$stderr" "" ;;
            esac
        fi
        c=$(numeric $t)
        [ -n "$c" ] || continue
        set_field "$b" "$c" 3 long.txt > number.tsv
        case $t in
        pm-bin)
            run --separate-stderr to_file tool $t number.tsv
            assert_equal "$stderr" "pm-bin: number.tsv: column 'company_size' is taken as categorical because of $long (line 3); fix the data if it is meant to be numeric"
            ;;
        pm-fit) fails $t number.tsv 1 "pm-fit: number.tsv:3: column 'company_size': $long is not a number (and the column has too many distinct values to be categorical)" ;;
        *) fails $t number.tsv 1 "$t: number.tsv:3: column '$c': $long is not a number" ;;
        esac
    done
    # the whole field reaches the output
    set_field "$FIX/accounts.tsv" industry 3 long.txt > text.tsv
    pm-features text.tsv | sed -n 3p | cut -f2 | cmp - <(cat long.txt; echo)
}

@test "CSV with a quote left open is an error naming the line it opens on" {
    for t in $TOOLS; do
        [ $t != pm-chart ] || continue # pm-chart reads pm's TSV only
        tr '\t' , < "$(base $t)" | awk 'NR == 3 { sub(/,/, ",\"") } 1' > in.csv
        fails $t in.csv 1 "$t: in.csv:3: quoted field not closed at end of input"
    done
}

@test "the first table of pm-psi is checked as the second is" {
    : > empty.tsv
    run -1 --separate-stderr pm-psi empty.tsv "$FIX/scored.tsv"
    assert_equal "$stderr" "pm-psi: empty.tsv: empty input: expected a header line"
    with_value "$FIX/scored.tsv" score abc > in.tsv
    run -1 --separate-stderr pm-psi in.tsv "$FIX/scored.tsv"
    assert_equal "$stderr" "pm-psi: in.tsv:3: column 'score': 'abc' is not a number"
    sed 's/$/\r/' "$FIX/scored.tsv" > crlf.tsv
    cmp <(pm-psi crlf.tsv "$FIX/scored.tsv") <(pm-psi "$FIX/scored.tsv" "$FIX/scored.tsv")
    mkdir dir.tsv
    run -1 --separate-stderr pm-psi dir.tsv "$FIX/scored.tsv"
    assert_equal "$stderr" "pm-psi: dir.tsv: Is a directory"
}

@test "a level unseen in training: pm-predict scores it as the reference, pm-psi gives it a bin" {
    with_value "$FIX/features.tsv" industry Aerospace > in.tsv
    succeeds pm-predict in.tsv "pm-predict: in.tsv: column 'industry': 1 row with a level unseen in training (first 'Aerospace', line 3) scored as the reference level '$(jget "$FIX/model.json" features.0.reference)'"
    ref=$(jget "$FIX/model.json" features.0.reference)
    with_value "$FIX/features.tsv" industry "$ref" > as_ref.tsv
    assert_equal "$(sed -n 3p <<<"$output" | cut -f20)" "$(pm-predict -m "$FIX/model.json" as_ref.tsv | sed -n 3p | cut -f20)"
    with_value "$FIX/scored.tsv" industry Aerospace > in.tsv
    run -0 --separate-stderr pm-psi --categorical industry "$FIX/scored.tsv" in.tsv
    assert_line --regexp "^industry	Aerospace			0	1	0.0001	0.016666666666666666	"
}

# to_full COMMAND...: COMMAND with its standard output on /dev/full.
to_full() {
    "$@" > /dev/full
}

@test "output to /dev/full is a write error, named, for every tool" {
    for t in $TOOLS; do
        run --separate-stderr tool $t "$(base $t)" -o /dev/full
        [ "$status" -eq 1 ] || fail "$t -o /dev/full: status $status"
        assert_equal "$stderr" "$t: write error on /dev/full: No space left on device"
        run --separate-stderr to_full tool $t "$(base $t)"
        [ "$status" -eq 1 ] || fail "$t > /dev/full: status $status"
        assert_equal "$stderr" "$t: write error on stdout: No space left on device"
    done
    for cmd in "pm-synth -n 10" "pm-coef $FIX/model.json" "pm-split --stratify response_flag --test /dev/null $FIX/features.tsv"; do
        run -1 --separate-stderr to_full $cmd
        assert_equal "$stderr" "${cmd%% *}: write error on stdout: No space left on device"
    done
    run -1 --separate-stderr pm-split --train /dev/full --test test.tsv "$FIX/features.tsv"
    assert_equal "$stderr" "pm-split: write error on /dev/full: No space left on device"
    no_output_file test.tsv
}

@test "an unreadable input: a folder, a missing file (root reads any file, so no chmod)" {
    mkdir dir.tsv
    for t in $TOOLS; do
        fails $t dir.tsv 1 "$t: dir.tsv: Is a directory"
        fails $t missing.tsv 1 "$t: missing.tsv: No such file or directory"
    done
    run -1 --separate-stderr pm-predict -m missing.json "$FIX/features.tsv"
    assert_equal "$stderr" "pm-predict: missing.json: No such file or directory"
    run -1 --separate-stderr pm-coef dir.tsv
    assert_equal "$stderr" "pm-coef: dir.tsv: Is a directory"
    run -1 --separate-stderr pm-psi -m dir.tsv "$FIX/scored.tsv" "$FIX/scored.tsv"
    assert_equal "$stderr" "pm-psi: dir.tsv: Is a directory"
}

@test "-o into a missing folder is an error before any work" {
    for t in $TOOLS; do
        run --separate-stderr tool $t "$(base $t)" -o nowhere/out.txt
        [ "$status" -eq 1 ] || fail "$t: status $status"
        case $t in
        pm-chart) assert_equal "$stderr" "pm-chart: nowhere/out.txt: cannot write in nowhere" ;;
        *) assert_equal "$stderr" "$t: cannot create a file beside 'nowhere/out.txt': No such file or directory" ;;
        esac
    done
    run -1 --separate-stderr pm-synth -o nowhere/out.tsv
    assert_equal "$stderr" "pm-synth: cannot create a file beside 'nowhere/out.tsv': No such file or directory"
}

@test "a failure at the end of the input leaves no part of pm-split's outputs" {
    { cat "$FIX/features.tsv"; printf 'x\n'; } > in.tsv
    run -1 --separate-stderr pm-split --stratify response_flag --train train.tsv --test test.tsv in.tsv
    assert_equal "$stderr" "pm-split: in.tsv:62: expected 19 fields, found 1"
    no_output_file train.tsv
    no_output_file test.tsv
}

# ---------- the model file (pm-predict, pm-coef, pm-psi --model) ----------

# model_fails FILE MESSAGE: every reader of models refuses FILE with MESSAGE.
model_fails() {
    run -1 --separate-stderr pm-predict -m "$1" "$FIX/features.tsv"
    assert_equal "$stderr" "pm-predict: $2"
    assert_output ""
    run -1 --separate-stderr pm-predict -m "$1" -o out.txt "$FIX/features.tsv"
    no_output_file out.txt
    run -1 --separate-stderr pm-coef -o out.txt "$1"
    assert_equal "$stderr" "pm-coef: $2"
    no_output_file out.txt
    run -1 --separate-stderr pm-psi -m "$1" "$FIX/scored.tsv" "$FIX/scored.tsv"
    assert_equal "$stderr" "pm-psi: $2"
}

@test "a model with CR LF line ends and a byte order mark reads as the clean one" {
    { printf '\357\273\277'; sed 's/$/\r/' "$FIX/model.json"; } > m.json
    assert_equal "$(pm-coef m.json)" "$(pm-coef "$FIX/model.json")"
    assert_equal "$(pm-predict -m m.json "$FIX/features.tsv")" "$(pm-predict -m "$FIX/model.json" "$FIX/features.tsv")"
}

@test "a model that is empty, truncated, or not JSON" {
    : > m.json
    model_fails m.json "m.json:1: not a pm model (not valid JSON: '[' or '{' expected near end of file)"
    sed '/"levels": \[/q' "$FIX/model.json" > m.json # cut after a line
    model_fails m.json "m.json:$(($(wc -l < m.json) + 1)): not a pm model (not valid JSON: ']' expected near end of file)"
    head -c -2 "$FIX/model.json" > m.json # the last brace gone
    model_fails m.json "m.json:$(wc -l < "$FIX/model.json"): not a pm model (not valid JSON: '}' expected near end of file)"
    printf 'name\tcoefficient\nx\t1\n' > m.json
    model_fails m.json "m.json:1: not a pm model (not valid JSON: '[' or '{' expected near 'name')"
    echo '[1, 2]' > m.json
    model_fails m.json "m.json: not a pm model (not a JSON object)"
    printf '{"format": "\377"}' > m.json
    model_fails m.json "m.json:1: not a pm model (not valid JSON: unable to decode byte 0xff near '\"')"
}

@test "a model of another format or version, or without a key" {
    jset "$FIX/model.json" format.version 2 > m.json
    model_fails m.json "m.json: model format version 2 is not supported (this pm reads version 1)"
    jset "$FIX/model.json" format.name '"sklearn"' > m.json
    model_fails m.json "m.json: not a pm model (format name is not 'pm-model')"
    jset "$FIX/model.json" format > m.json
    model_fails m.json "m.json: not a pm model (missing 'format')"
    jset "$FIX/model.json" intercept > m.json
    model_fails m.json "m.json: damaged model: intercept: missing"
    jset "$FIX/model.json" features.3.scale > m.json
    model_fails m.json "m.json: damaged model: features[3].scale: missing"
    jset "$FIX/model.json" features.0.levels.1.coefficient > m.json
    model_fails m.json "m.json: damaged model: features[0].levels[1].coefficient: missing"
    jset "$FIX/model.json" features.3.mean '"12"' > m.json
    model_fails m.json "m.json: damaged model: features[3].mean: expected a number"
    jset "$FIX/model.json" features.3.scale 0 > m.json
    model_fails m.json "m.json: damaged model: features[3].scale: expected a positive number"
}

@test "a model whose names could not be TSV columns or repeat is refused" {
    jset "$FIX/model.json" features.3.name '"a\tb"' > m.json
    model_fails m.json "m.json: damaged model: features[3].name: 'a\\x09b' holds a TAB or a line break"
    jset "$FIX/model.json" features.0.levels.0.level '"x\ny"' > m.json
    model_fails m.json "m.json: damaged model: features[0].levels[0].level: 'x\\x0ay' holds a TAB or a line break"
    name=$(jget "$FIX/model.json" features.3.name)
    jset "$FIX/model.json" features.4.name "\"$name\"" > m.json
    model_fails m.json "m.json: damaged model: features[4].name: feature '$name' appears twice"
}

# ---------- counts tables (--counts) ----------

@test "a counts table is read as strictly as rows, by every tool that takes one" {
    pm-counts "$FIX/scored.tsv" > counts.tsv
    for t in $EVALUATION; do
        : > in.tsv
        run -1 --separate-stderr $t --counts in.tsv
        assert_equal "$stderr" "$t: in.tsv: empty input: expected a header line"
        head -1 counts.tsv > in.tsv
        run -1 --separate-stderr $t --counts in.tsv
        assert_equal "$stderr" "$t: in.tsv: no data rows"
        with_value counts.tsv score nan > in.tsv
        run -1 --separate-stderr $t --counts in.tsv
        assert_equal "$stderr" "$t: in.tsv:3: column 'score': 'nan' is not a number"
        with_value counts.tsv responders -1 > in.tsv
        run -1 --separate-stderr $t --counts in.tsv
        assert_equal "$stderr" "$t: in.tsv:3: column 'responders': '-1' is not a count"
        with_value counts.tsv non_responders 1.5 > in.tsv
        run -1 --separate-stderr $t --counts in.tsv
        assert_equal "$stderr" "$t: in.tsv:3: column 'non_responders': '1.5' is not a count"
        awk -F'\t' -v OFS='\t' 'NR == 1 { $3 = "negatives" } 1' counts.tsv > in.tsv
        run -1 --separate-stderr $t --counts in.tsv
        assert_equal "$stderr" "$t: column 'non_responders' not found in header of in.tsv"
        sed 's/$/\r/' counts.tsv > crlf.tsv
        assert_equal "$($t --counts crlf.tsv)" "$($t "$FIX/scored.tsv")"
    done
}

@test "a --positive label that is empty, or not UTF-8 where it goes into the model, is a usage error" {
    run -2 --separate-stderr pm-fit --positive '' "$FIX/features.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--positive': the label must not be empty"
    run -2 --separate-stderr pm-fit --positive "$(printf 'y\377')" "$FIX/features.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--positive': 'y\\xff' is not valid UTF-8, which JSON output needs"
    run -2 --separate-stderr pm-metrics --positive '' "$FIX/scored.tsv"
    assert_equal "${stderr_lines[0]}" "pm-metrics: option '--positive': the label must not be empty"
}

@test "a closed stdin, stdout or stderr is never taken by a file the tool opens" {
    for t in $TOOLS; do
        # stdout closed: writing there is an error, not a write into another file
        run --separate-stderr eval 'tool $t "$(base $t)" >&-'
        [ "$status" -eq 1 ] || fail "$t >&-: status $status: $stderr"
        assert_equal "$stderr" "$t: write error on stdout: Bad file descriptor"
        # with -o, a closed stdout changes nothing
        tool $t "$(base $t)" -o expected.out 2> /dev/null
        run --separate-stderr eval 'tool $t "$(base $t)" -o out.txt >&-'
        [ "$status" -eq 0 ] || fail "$t -o out.txt >&-: status $status: $stderr"
        cmp out.txt expected.out || fail "$t: the output differs"
        # stdin closed: reading it is an error
        run --separate-stderr eval 'tool $t - <&-'
        [ "$status" -eq 1 ] || fail "$t <&-: status $status: $stderr"
        assert_equal "$stderr" "$t: stdin: Bad file descriptor"
        rm -f out.txt expected.out
    done
    # pm-split's test part goes to stdout: closed, it is an error, and no train file is left
    run -1 --separate-stderr eval 'pm-split --train train.tsv < "$FIX/features.tsv" >&-'
    assert_equal "$stderr" "pm-split: write error on stdout: Bad file descriptor"
    no_output_file train.tsv
    # stderr closed: the message is lost, the status is not, and no file holds it
    run -1 eval 'pm-lift -o out.txt missing.tsv 2>&-'
    no_output_file out.txt
}

@test "a NUL byte stops the reading at once, however long the line it is on" {
    for t in $TOOLS; do
        [ $t != pm-chart ] || continue # a shell script: its copy of the input is on disk
        run --separate-stderr eval 'head -c 100000000 /dev/zero | peakmem peak.txt bash -c "$(declare -f tool); tool $t -"'
        [ "$status" -eq 1 ] || fail "$t: status $status: $stderr"
        assert_equal "$stderr" "$t: stdin:1: NUL byte in input"
        [ "$(cat peak.txt)" -lt 40000 ] || fail "$t: $(cat peak.txt) KB for 100 MB of NUL bytes"
        { head -2 "$(base $t)"; head -c 1000000 /dev/zero; } > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:3: NUL byte in input"
    done
}

@test "a line longer than --max-line (64M) is an error that names it; --max-line raises the limit" {
    head -c 2000 /dev/zero | tr '\0' x > long.txt
    for t in $TOOLS; do
        [ $t != pm-chart ] || continue # its lines are pm's own, a few of them
        c=$(numeric $t)
        set_field "$(base $t)" "${c:-industry}" 3 long.txt > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:3: a line longer than 1000 bytes (--max-line raises the limit)" --max-line 1000
        run --separate-stderr tool $t in.tsv --max-line 1K
        assert_equal "$stderr" "$t: in.tsv:3: a line longer than 1024 bytes (--max-line raises the limit)"
        run --separate-stderr tool $t in.tsv --max-line 10k
        [ "$status" -eq 2 ] || fail "$t --max-line 10k: status $status"
        assert_equal "${stderr_lines[0]}" "$t: option '--max-line': '10k' is not a number of bytes (such as 1000000 or 256M)"
        run --separate-stderr tool $t "$(base $t)" --max-line 2K
        [ "$status" -eq 0 ] || fail "$t --max-line 2K: status $status: $stderr"
    done
    # the default: 64 MiB, the header's line too
    { head -c 67108865 /dev/zero | tr '\0' x; echo; } > huge.tsv
    run -1 --separate-stderr pm-lift huge.tsv
    assert_equal "$stderr" "pm-lift: huge.tsv:1: a line longer than 67108864 bytes (--max-line raises the limit)"
    # a CSV record counts the line breaks inside its quotes
    printf 'a,b\n1,"2\n\n\n\n\n\n\n\n\n\n3"\n' > in.csv
    run -1 --separate-stderr pm-split --mark p --max-line 10 in.csv
    assert_equal "$stderr" "pm-split: in.csv:2: a record longer than 10 bytes (--max-line raises the limit)"
}

@test "a file whose lines end in CR only is said to be one" {
    for t in $TOOLS; do
        tr '\n' '\r' < "$(base $t)" > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:1: lines end in CR only (convert them to LF, or CR LF)"
    done
}

@test "a SIGHUP the tool was started ignoring (nohup) leaves it running and its -o file whole" {
    for t in $TOOLS; do
        b=$(base $t)
        tool $t - -o expected.out < "$b" 2> /dev/null
        rm -f fifo out.txt && mkfifo fifo
        # a session of its own, so that the signal reaches the tool through
        # the bash that runs it; the rows come once the tool is under way
        setsid bash -c "trap '' HUP; $(declare -f tool); tool $t - -o out.txt < fifo" 2> err.txt &
        pid=$!
        exec 7> fifo
        head -n -1 "$b" >&7
        sleep 0.3
        kill -HUP -- -$pid
        tail -n 1 "$b" >&7
        exec 7>&-
        st=0 && wait $pid || st=$?
        [ "$st" -eq 0 ] || fail "$t: status $st after SIGHUP: $(cat err.txt)"
        cmp out.txt expected.out || fail "$t: the output differs"
    done
}

@test "past ulimit -f a write fails with a message and leaves no file" {
    for t in pm-features pm-split pm-predict; do
        run --separate-stderr bash -c "ulimit -f 4; $(declare -f tool); tool $t '$(base $t)' -o out.txt"
        [ "$status" -eq 1 ] || fail "$t: status $status: $stderr"
        assert_equal "$stderr" "$t: write error on out.txt: File too large"
        no_output_file out.txt
    done
    run -1 --separate-stderr bash -c 'ulimit -f 4; pm-synth -n 1000 > big.tsv'
    assert_equal "$stderr" "pm-synth: write error on stdout: File too large"
}

@test "a reader that goes away leaves no temporary file of pm-split's, and -o files are synced first" {
    pm-synth -n 50000 | pm-features > big.tsv
    run bash -c 'pm-split --train train.tsv big.tsv | head -c 10'
    assert_equal "$(ls -A)" "big.tsv"
    # fsync, then the rename: a crash leaves the old file or the whole new one
    # (LeakSanitizer cannot run under ptrace: no leak check here)
    ASAN_OPTIONS=detect_leaks=0 run -0 strace -e trace=fsync,rename pm-synth -n 10 -o s.tsv
    assert_equal "$(grep -oE '^(fsync|rename)' <<<"$output" | tr '\n' ' ')" "fsync rename "
}

@test "an -o file that replaces another keeps its mode; a new one follows the umask" {
    for t in $TOOLS pm-coef; do
        rm -f old.out new.out
        : > old.out && chmod 600 old.out
        case $t in
        pm-coef) pm-coef -o old.out "$FIX/model.json" && (umask 027 && pm-coef -o new.out "$FIX/model.json") ;;
        *) tool $t "$(base $t)" -o old.out 2> /dev/null && (umask 027 && tool $t "$(base $t)" -o new.out 2> /dev/null) ;;
        esac
        assert_equal "$(stat -c %a old.out new.out)" "$(printf '600\n640')"
    done
}

@test "-o with an empty file name is a usage error" {
    for t in $TOOLS; do
        run --separate-stderr tool $t "$(base $t)" -o ''
        [ "$status" -eq 2 ] || fail "$t -o '': status $status: $stderr"
        assert_equal "${stderr_lines[0]}" "$t: an empty output file name"
    done
    run -2 --separate-stderr pm-synth -n 10 -o ''
    assert_equal "${stderr_lines[0]}" "pm-synth: an empty output file name"
    run -2 --separate-stderr pm-coef -o '' "$FIX/model.json"
    assert_equal "${stderr_lines[0]}" "pm-coef: an empty output file name"
}

@test "a byte order mark inside a value is shown escaped in a message, as other invisible bytes are" {
    for t in $TOOLS; do
        c=$(numeric $t)
        [ -n "$c" ] || continue
        with_value "$(base $t)" "$c" "$(printf '\357\273\2775')" > in.tsv
        case $t in
        pm-bin) succeeds $t in.tsv "pm-bin: in.tsv: column '$c' is taken as categorical because of '\\xef\\xbb\\xbf5' (line 3); fix the data if it is meant to be numeric" ;;
        pm-fit) fails $t in.tsv 1 "pm-fit: in.tsv:3: column '$c': '\\xef\\xbb\\xbf5' is not a number (and the column has too many distinct values to be categorical)" ;;
        *) fails $t in.tsv 1 "$t: in.tsv:3: column '$c': '\\xef\\xbb\\xbf5' is not a number" ;;
        esac
    done
}
