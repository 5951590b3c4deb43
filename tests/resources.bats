#!/usr/bin/env bats
# Resources: inputs too big to be honest are refused at once with
# a clear message, and those that are merely big are handled within the
# memory the man pages state, measured here (tests/tools/peakmem.c: the
# peak resident set size of the command).  AddressSanitizer's shadow memory
# and redzones take more: under `make check SANITIZE=1` the bounds are
# multiplied by SAN.

load helper

# The stated bounds hold for the release build; a sanitized one, found by
# its folder, gets SAN times as much.
case $PM_BIN in
*/sanitize/*) SAN=3 ;;
*) SAN=1 ;;
esac

# below_mb MB COMMAND...: COMMAND succeeds or fails as it would (status and
# output in run's variables), and its peak memory is below MB megabytes.
below_mb() {
    local mb=$1
    shift
    run --separate-stderr peakmem peak.txt "$@"
    local kb
    kb=$(cat peak.txt)
    [ "$kb" -lt $((mb * 1024 * SAN)) ] || fail "$1: peak ${kb} KB, over $((mb * SAN)) MB"
}

# levels N FILE: N rows, each with a level of its own in column lvl, a 0/1
# target and a score.
levels() {
    awk -v n="$1" 'BEGIN { OFS = "\t"; print "lvl", "response_flag", "score"
        for (i = 0; i < n; i++) print "L" i, i % 2, (i % 1000) / 1000 }' > "$2"
}

# ---------- model files ----------

@test "a model of 1 GB is refused before it is read, from a file or a pipe" {
    truncate -s 1G big.json
    below_mb 10 pm-predict -m big.json /dev/null
    assert_failure 1
    assert_equal "$stderr" "pm-predict: big.json: too large for a model (over 64 MiB)"
    below_mb 10 pm-coef big.json
    assert_equal "$stderr" "pm-coef: big.json: too large for a model (over 64 MiB)"
    below_mb 10 pm-psi -m big.json /dev/null /dev/null
    assert_equal "$stderr" "pm-psi: big.json: too large for a model (over 64 MiB)"
    # a pipe is read up to the limit only
    run --separate-stderr bash -c 'head -c 200000000 /dev/zero | peakmem peak.txt pm-coef'
    assert_failure 1
    assert_equal "$stderr" "pm-coef: stdin: too large for a model (over 64 MiB)"
    [ "$(cat peak.txt)" -lt $((150 * 1024 * SAN)) ] || fail "peak $(cat peak.txt) KB"
}

@test "a model of a million features is refused before it is parsed" {
    # three bytes a feature: far below 64 MiB, but a million values for jansson
    awk 'BEGIN { printf "{\"format\": {\"name\": \"pm-model\", \"version\": 1}, \"features\": ["
        for (i = 0; i < 1000000; i++) printf "{},"; print "{}]}" }' > wide.json
    below_mb 20 pm-coef wide.json
    assert_failure 1
    assert_equal "$stderr" "pm-coef: wide.json: too large for a model (over 250000 JSON values)"
    below_mb 20 pm-predict -m wide.json /dev/null
    assert_equal "$stderr" "pm-predict: wide.json: too large for a model (over 250000 JSON values)"
}

# model_of K: a valid model with one categorical feature g of K levels
# besides the reference "a": level "bI" has coefficient I / 1000.
model_of() {
    awk -v k="$1" 'BEGIN {
        print "{\"format\": {\"name\": \"pm-model\", \"version\": 1}, \"target\": \"response_flag\","
        print "\"positive\": \"1\", \"intercept\": {\"coefficient\": 0, \"std_error\": 0, \"original\": 0, \"original_std_error\": 0},"
        printf "\"features\": [{\"name\": \"g\", \"type\": \"categorical\", \"reference\": \"a\", \"levels\": ["
        for (i = 1; i <= k; i++) {
            # byte order: b00001 ... b99999
            printf "%s{\"level\": \"b%05d\", \"coefficient\": %g, \"std_error\": 0}", (i > 1 ? "," : ""), i, i / 1000
        }
        print "]}]}" }'
}

@test "a model of more terms than pm-fit fits (10,000) is refused; one of 10,000 scores" {
    model_of 10000 > over.json
    run -1 --separate-stderr pm-coef over.json
    assert_equal "$stderr" "pm-coef: over.json: damaged model: features: more than 10000 terms, which pm-fit never fits"
    # the intercept and 9999 levels: 10000 terms
    model_of 9999 > full.json
    printf 'g\na\nb00001\nb09999\nzz\n' > in.tsv
    below_mb 30 pm-predict -m full.json in.tsv
    assert_success
    assert_equal "$stderr" "pm-predict: in.tsv: column 'g': 1 row with a level unseen in training (first 'zz', line 5) scored as the reference level 'a'"
    # sigma(0), sigma(0.001), sigma(9.999), the reference's sigma(0)
    assert_equal "$(col score <<<"$output" | head -2 | tr '\n' ' ')" "0.5 0.5002499999791666 "
    assert_near "$(col score <<<"$output" | sed -n 3p)" "$(awk 'BEGIN { printf "%.17g", 1 / (1 + exp(-9.999)) }')" 1e-15
    assert_equal "$(col score <<<"$output" | sed -n 4p)" 0.5
}

@test "a model of nearly 64 MiB (one long level) is read within 250 MB" {
    awk 'BEGIN { s = "x"; while (length(s) < 60000000) s = s s
        printf "{\"format\": {\"name\": \"pm-model\", \"version\": 1}, \"target\": \"%s\"}\n", substr(s, 1, 60000000) }' > long.json
    below_mb 250 pm-coef long.json
    assert_failure 1
    assert_equal "$stderr" "pm-coef: long.json: damaged model: positive: missing"
}

@test "pm-fit refuses to write a model over 64 MiB, which no reader would take" {
    # two levels of 34,000,000 bytes each: the model names both
    head -c 34000000 /dev/zero | tr '\0' a > a.txt
    head -c 34000000 /dev/zero | tr '\0' b > b.txt
    { printf 'lvl\tresponse_flag\n'; cat a.txt; printf '\t0\n'; cat b.txt; printf '\t1\n'; cat a.txt; printf '\t1\n'; } > big.tsv
    run -1 --separate-stderr pm-fit -o model.json big.tsv
    assert_equal "$stderr" "pm-fit: the model would be over 64 MiB, which no reader of models takes (long level names?)"
    assert [ ! -e model.json ]
}

# ---------- a million distinct levels ----------

@test "pm-fit refuses a column of a million levels as soon as it has too many" {
    levels 1000000 in.tsv
    below_mb 40 pm-fit -x lvl in.tsv
    assert_failure 1
    assert_equal "$stderr" "pm-fit: in.tsv: column 'lvl' looks like an identifier (1001 distinct values in 1001 rows); leave it out with --exclude lvl"
    below_mb 60 pm-fit -x lvl --max-levels 65535 in.tsv
    assert_equal "$stderr" "pm-fit: in.tsv: column 'lvl' looks like an identifier (65536 distinct values in 65536 rows); leave it out with --exclude lvl"
}

@test "pm-fit refuses 10,000 feature columns before it holds a row; pm-bin bins 100,000 at once" {
    awk 'BEGIN { for (r = 0; r < 3; r++) { printf "%s", r ? r % 2 : "response_flag"
        for (i = 1; i <= 100000; i++) printf "\t%s", r ? i % 7 : "c" i; print "" } }' > wide.tsv
    below_mb 60 pm-fit wide.tsv
    assert_failure 1
    assert_equal "$stderr" "pm-fit: wide.tsv: 100000 feature columns are too many (a model has at most 10000 terms); choose some with -x"
    below_mb 300 pm-bin --summary -o out.tsv wide.tsv
    assert_success
    assert_equal "$(wc -l < out.tsv)" 100001
}

@test "pm-bin bins a million levels within 300 MB" {
    levels 1000000 in.tsv
    below_mb 300 pm-bin --summary -x lvl in.tsv
    assert_success
    assert_equal "$(cut -f1-3 <<<"${lines[1]}")" "$(printf 'lvl\tcategorical\t1000000')"
}

@test "pm-psi compares a million levels within 300 MB" {
    levels 1000000 in.tsv
    below_mb 300 pm-psi --summary --categorical lvl in.tsv in.tsv
    assert_success
    assert_equal "${lines[2]}" "$(printf 'lvl\tcategorical\t1000000\t0\tstable')"
}

@test "pm-metrics --by a million groups within 400 MB, with ten warnings and a count" {
    levels 1000000 in.tsv
    below_mb 400 pm-metrics --tsv --by lvl -o out.tsv in.tsv
    assert_success
    assert_equal "$(wc -l < out.tsv)" 1000001
    assert_equal "$(wc -l <<<"$stderr")" 11
    assert_equal "${stderr_lines[0]}" "pm-metrics: in.tsv: lvl 'L0': no responders: auc and ks are null"
    assert_equal "${stderr_lines[10]}" "pm-metrics: in.tsv: 999990 more values of lvl with one class only: their auc and ks are null"
}

@test "pm-predict scores a million unseen levels in constant memory" {
    awk 'BEGIN { print "x\tg\tresponse_flag"; for (i = 1; i <= 40; i++) print (i * 13) % 40 "\t" (i % 3 ? "a" : "b") "\t" (i * 7 % 5 < 2) }' > train.tsv
    pm-fit -o model.json train.tsv
    awk 'BEGIN { print "x\tg"; for (i = 0; i < 1000000; i++) print i % 40 "\tL" i }' > in.tsv
    # through a pipe, one thread: a few MB
    below_mb 16 sh -c 'cat in.tsv | pm-predict -m model.json -o piped.tsv'
    assert_success
    # a file, on two threads: their blocks and buffers besides (pm-predict(1))
    below_mb 32 pm-predict -m model.json -o out.tsv in.tsv
    assert_success
    assert_equal "$stderr" "pm-predict: in.tsv: column 'g': 1000000 rows with a level unseen in training (first 'L0', line 2) scored as the reference level 'a'"
    assert_equal "$(wc -l < out.tsv)" 1000001
    cmp out.tsv piped.tsv
    local one
    one=$(cat peak.txt)
    # four times the rows: the same memory, to a megabyte
    { cat in.tsv; for i in 1 2 3; do tail -n +2 in.tsv; done; } > in4.tsv
    below_mb 32 pm-predict -m model.json -o out4.tsv in4.tsv
    assert_success
    [ $(($(cat peak.txt) - one)) -lt 1024 ] || fail "peak $(cat peak.txt) KB at 4M rows, $one KB at 1M"
}

@test "pm-split refuses to stratify on more than 100,000 values, and splits 100,000 at once" {
    levels 1000000 in.tsv
    run -1 --separate-stderr pm-split --stratify lvl --test test.tsv --train train.tsv in.tsv
    assert_equal "$stderr" "pm-split: in.tsv: column 'lvl' has more than 100000 distinct values to stratify on"
    [ ! -e test.tsv ] && [ ! -e train.tsv ]
    head -100001 in.tsv > some.tsv
    below_mb 100 pm-split --stratify lvl --test test.tsv --train train.tsv some.tsv
    assert_success
    # ceil(0.2 * 100000) test rows, each stratum of one row in one part
    assert_equal "$(wc -l < test.tsv)" 20001
    assert_equal "$(wc -l < train.tsv)" 80001
}

# seconds COMMAND...: COMMAND's wall time in seconds, its output dropped.
seconds() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))e-3
}

@test "levels built to collide in an unkeyed hash cost no more than random ones" {
    # 65,536 levels alike in the low 32 bits of FNV-1a, and as many random
    # ones; either file, each level on a row with a 0/1 target and a score
    for kind in flood random; do
        fnvflood 16 $kind | awk 'BEGIN { print "cat\tresponse_flag\tscore" }
            { print $0 "\t" NR % 2 "\t0." NR % 7 + 1 }' > $kind.tsv
    done
    for cmd in "pm-bin -x cat --summary" "pm-metrics --by cat" "pm-psi --categorical cat random.tsv"; do
        slow=$(seconds $cmd flood.tsv)
        fast=$(seconds $cmd random.tsv)
        # a generous bound: quadratic probing takes a hundred times as long
        awk -v s="$slow" -v f="$fast" 'BEGIN { exit !(s < 3 * f + 0.3) }' ||
            fail "$cmd: ${slow}s on colliding levels, ${fast}s on random ones"
    done
}

@test "the evaluation tools hold about 16 bytes a row at their peak, as their pages say" {
    awk 'BEGIN { print "score\tresponse_flag"; for (i = 0; i < 2000000; i++) printf "0.%06d\t%d\n", (i * 7919) % 1000000, i % 5 == 0 }' > big.tsv
    for t in pm-metrics pm-ks pm-lift pm-calib; do
        below_mb 40 $t big.tsv # 32 MB and the program
        assert_success
    done
}

@test "pm-bin on one row of 200,000 columns takes about 600 bytes a column, as its page says" {
    awk 'BEGIN { n = 200000; for (i = 1; i <= n; i++) printf "c%d\t", i; print "response_flag"
        for (i = 1; i <= n; i++) printf "%d\t", i % 7; print 1 }' > wide.tsv
    # AddressSanitizer pads each of the columns' small allocations: 2 kB more a column
    local mb=150
    [ "$SAN" = 1 ] || mb=200
    below_mb $mb pm-bin --summary -o out.tsv wide.tsv
    assert_success
    assert_equal "$(wc -l < out.tsv)" 200001
}
