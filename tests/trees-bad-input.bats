#!/usr/bin/env bats
# The bad-input matrix (bad-input.bats) with a model of trees: pm-fit --trees
# and pm-predict on a tree model meet each bad table with the same clean error
# as for the logistic model, or handle it as trees do (a missing value), and
# a damaged tree model or one of an unknown kind is refused.

load helper

TOOLS="pm-fit pm-predict"

setup_file() {
    FIX=$BATS_FILE_TMPDIR
    pm-synth -n 60 -s 3 | pm-features > "$FIX/features.tsv"
    SOURCE_DATE_EPOCH=0 pm-fit --trees --rounds 5 --exclude account_id,campaign_wave \
        -o "$FIX/trees.json" "$FIX/features.tsv"
    export FIX
}

# tool TOOL FILE [OPTION]...: TOOL with a tree model on FILE.
tool() {
    local t=$1 f=$2
    shift 2
    case $t in
    pm-fit) SOURCE_DATE_EPOCH=0 pm-fit --trees --rounds 5 --exclude account_id,campaign_wave "$@" "$f" ;;
    pm-predict) pm-predict -m "$FIX/trees.json" "$@" "$f" ;;
    esac
}

# with_value FILE COLUMN VALUE: FILE with COLUMN's field on line 3 set to VALUE.
with_value() {
    V=$3 awk -F'\t' -v OFS='\t' -v c="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i }
        NR == 3 { $k = ENVIRON["V"] } 1' "$1"
}

# fails TOOL FILE STATUS MESSAGE: exactly MESSAGE; with -o, no file is left.
fails() {
    local t=$1 f=$2 st=$3 msg=$4
    run --separate-stderr tool "$t" "$f"
    [ "$status" -eq "$st" ] || fail "$t $f: status $status, expected $st: $stderr"
    assert_equal "$stderr" "$msg"
    run --separate-stderr tool "$t" "$f" -o out.txt
    [ "$status" -eq "$st" ] || fail "$t $f -o: status $status, expected $st: $stderr"
    assert_equal "$stderr" "$msg"
    [ ! -e out.txt ] || fail "out.txt was left behind"
    assert_equal "$(ls -A | grep -c '^\.out\.txt' || true)" 0
}

# succeeds TOOL FILE [STDERR]
succeeds() {
    run --separate-stderr tool "$1" "$2"
    [ "$status" -eq 0 ] || fail "$1 $2: status $status: $stderr"
    assert_equal "$stderr" "${3:-}"
}

@test "trees: empty input, header only" {
    : > in.tsv
    for t in $TOOLS; do
        fails $t in.tsv 1 "$t: in.tsv: empty input: expected a header line"
    done
    head -1 "$FIX/features.tsv" > in.tsv
    fails pm-fit in.tsv 1 "pm-fit: in.tsv: no data rows"
    succeeds pm-predict in.tsv
    assert_output "$(printf '%s\tscore' "$(head -1 in.tsv)")"
}

@test "trees: a missing column, a column named twice, a field too many or too few" {
    for t in $TOOLS; do
        c=$([ $t = pm-fit ] && echo response_flag || echo company_size)
        awk -F'\t' -v OFS='\t' -v c="$c" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) $i = "other" } 1' \
            "$FIX/features.tsv" > in.tsv
        hint=; [ $t != pm-fit ] || hint="; name the target column with -y"
        fails $t in.tsv 1 "$t: column '$c' not found in header of in.tsv$hint"
        awk -F'\t' -v OFS='\t' 'NR == 1 { $1 = "company_size" } 1' "$FIX/features.tsv" > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:1: duplicate column name 'company_size'"
        n=$(head -1 "$FIX/features.tsv" | awk -F'\t' '{ print NF }')
        awk 'NR == 3 { $0 = $0 "\tx" } 1' "$FIX/features.tsv" > many.tsv
        fails $t many.tsv 1 "$t: many.tsv:3: expected $n fields, found $((n + 1))"
    done
}

@test "trees: a value that is not a number, out of range, or beyond float32" {
    for v in abc NaN inf 0x10 ' 1'; do
        with_value "$FIX/features.tsv" company_size "$v" > in.tsv
        if [ "$v" = NaN ]; then # a spelling of a missing value
            fails pm-fit in.tsv 1 "pm-fit: in.tsv: column 'company_size': numbers, and 'NaN' in 1 row; if that means a missing value, say so with --na NaN"
        else
            fails pm-fit in.tsv 1 "pm-fit: in.tsv:3: column 'company_size': '$v' is not a number (and the column has too many distinct values to be categorical)"
        fi
        fails pm-predict in.tsv 1 "pm-predict: in.tsv:3: column 'company_size': '$v' is not a number"
    done
    with_value "$FIX/features.tsv" company_size 1e400 > in.tsv
    for t in $TOOLS; do
        fails $t in.tsv 1 "$t: in.tsv:3: column 'company_size': '1e400' is out of range"
    done
    with_value "$FIX/features.tsv" company_size 1e39 > in.tsv
    fails pm-fit in.tsv 1 "pm-fit: column 'company_size': 1e+39 is beyond the range of float32, which the trees take"
    fails pm-predict in.tsv 1 "pm-predict: in.tsv:3: column 'company_size': '1e39' is beyond the range of float32, which the trees take"
}

@test "trees: an empty field is a missing value, which both take" {
    for t in $TOOLS; do
        with_value "$FIX/features.tsv" company_size '' > in.tsv
        succeeds $t in.tsv
        with_value "$FIX/features.tsv" industry '' > in.tsv
        succeeds $t in.tsv
    done
}

@test "trees: a target that is not 0 or 1, a single class, a missing target" {
    for v in 2 yes; do
        with_value "$FIX/features.tsv" response_flag "$v" > in.tsv
        fails pm-fit in.tsv 1 "pm-fit: in.tsv:3: column 'response_flag': '$v' is not 0 or 1 (name the positive value with --positive)"
    done
    with_value "$FIX/features.tsv" response_flag '' > in.tsv
    fails pm-fit in.tsv 1 "pm-fit: in.tsv:3: column 'response_flag': missing value"
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "response_flag") k = i; print; next }
        { $k = 0; print }' "$FIX/features.tsv" > in.tsv
    fails pm-fit in.tsv 1 "pm-fit: in.tsv: column 'response_flag' is 0 in every row; a model needs both classes"
}

@test "trees: CR LF and a byte order mark read as the clean table; a NUL byte is an error" {
    for t in $TOOLS; do
        sed 's/$/\r/' "$FIX/features.tsv" > crlf.tsv
        { printf '\357\273\277'; cat "$FIX/features.tsv"; } > bom.tsv
        tool $t - < "$FIX/features.tsv" | grep -v sha256 > clean.out
        for v in crlf bom; do
            cmp <(tool $t - < $v.tsv | grep -v sha256) clean.out
        done
        { sed -n 1,2p "$FIX/features.tsv"; sed -n 3p "$FIX/features.tsv" | tr -d '\n'; printf 'x\000y\n'; tail -n +4 "$FIX/features.tsv"; } > in.tsv
        fails $t in.tsv 1 "$t: in.tsv:3: NUL byte in input"
    done
}

@test "trees: invalid UTF-8 in a level: pm-fit refuses it for JSON, pm-predict scores it as missing" {
    printf 'Ed\377u' > bad.txt
    awk -F'\t' -v OFS='\t' -v v="$(cat bad.txt)" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "industry") k = i }
        NR == 3 { $k = v } 1' "$FIX/features.tsv" > value.tsv
    fails pm-fit value.tsv 1 "pm-fit: value.tsv:3: column 'industry': 'Ed\\xffu' is not valid UTF-8, which JSON output needs"
    succeeds pm-predict value.tsv "pm-predict: value.tsv: column 'industry': 1 row with a level unseen in training (first 'Ed\\xffu', line 3) scored as a missing value"
}

@test "trees: CSV with a quote left open; output to /dev/full" {
    for t in $TOOLS; do
        tr '\t' , < "$FIX/features.tsv" | awk 'NR == 3 { sub(/,/, ",\"") } 1' > in.csv
        fails $t in.csv 1 "$t: in.csv:3: quoted field not closed at end of input"
        run --separate-stderr tool $t "$FIX/features.tsv" -o /dev/full
        assert_equal "$status" 1
        assert_equal "$stderr" "$t: write error on /dev/full: No space left on device"
    done
}

@test "trees: a bad --valid table is an error naming it, and leaves no model" {
    with_value "$FIX/features.tsv" company_size abc > valid.tsv
    run -1 --separate-stderr tool pm-fit "$FIX/features.tsv" --valid valid.tsv -o m.json
    assert_equal "$stderr" "pm-fit: valid.tsv:3: column 'company_size': 'abc' is not a number"
    [ ! -e m.json ]
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "response_flag") $i = "y" } 1' \
        "$FIX/features.tsv" > valid.tsv
    run -1 --separate-stderr tool pm-fit "$FIX/features.tsv" --valid valid.tsv
    assert_equal "$stderr" "pm-fit: column 'response_flag' not found in header of valid.tsv"
    with_value "$FIX/features.tsv" response_flag 7 > valid.tsv
    run -1 --separate-stderr tool pm-fit "$FIX/features.tsv" --valid valid.tsv
    assert_equal "$stderr" "pm-fit: valid.tsv:3: column 'response_flag': '7' is not 0 or 1 (name the positive value with --positive)"
}

# reads TOOL MODEL: TOOL reading MODEL (pm-predict on the fixture's rows).
reads() {
    case $1 in
    pm-predict) pm-predict -m "$2" "$FIX/features.tsv" ;;
    *) "$1" "$2" ;;
    esac
}

@test "a damaged booster, a wrong kind, a wrong feature count: refused with the file's name" {
    for t in pm-predict pm-coef; do
        for b in '"{\"learner\": 1}"' '"not json"'; do
            jset "$FIX/trees.json" booster "$b" > m.json
            run -1 --separate-stderr reads $t m.json
            assert_equal "${stderr%% (*}" "$t: m.json: damaged model: booster: XGBoost cannot read it"
        done
        jset "$FIX/trees.json" booster 5 > m.json
        run -1 --separate-stderr reads $t m.json
        assert_equal "$stderr" "$t: m.json: damaged model: booster: expected a string"
        jset "$FIX/trees.json" kind '"forest"' > m.json
        run -1 --separate-stderr reads $t m.json
        assert_equal "$stderr" "$t: m.json: model kind 'forest' is not supported (this pm reads logistic and trees models)"
    done
    # a feature left out of the list: the booster takes one more than the model names
    jq 'del(.features[0])' "$FIX/trees.json" > m.json
    run -1 --separate-stderr reads pm-predict m.json
    assert_equal "$stderr" "pm-predict: m.json: damaged model: booster: XGBoost cannot read it (its number of features is not the model's)"
    # a tree model's key missing, or a level out of order
    jq 'del(.training.rounds)' "$FIX/trees.json" > m.json
    run -1 --separate-stderr reads pm-predict m.json
    assert_equal "$stderr" "pm-predict: m.json: damaged model: training.rounds: missing"
    jq '(.features[] | select(.name == "region") | .levels) |= reverse' "$FIX/trees.json" > m.json
    run -1 --separate-stderr reads pm-predict m.json
    assert_equal "$stderr" "pm-predict: m.json: damaged model: features[1].levels[1]: levels are not in byte order without repeats"
}
