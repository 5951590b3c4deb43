#!/usr/bin/env bats
# Numerical faults: data on which a logistic fit can go wrong.
# pm-fit converges on each, or says why not, and the scores pm-predict gives
# stay finite and within [0, 1].  Where the answer is known without a
# reference (symmetry, an exact rescaling, a column that carries nothing),
# it is checked to the last digits.

load helper

SEPARATED="pm-fit: the features separate the classes perfectly: the coefficients are bounded only by the penalty (-C); does a column leak the target?"

# fit FILE [OPTION]...: the model of FILE in FILE.json; converged or fail.
# Nothing on stderr, or the warning of separable classes when $separable.
fit() {
    local f=$1
    shift
    run --separate-stderr pm-fit "$@" -o "$f.json" "$f"
    [ "$status" -eq 0 ] || fail "pm-fit $f: status $status: $stderr"
    assert_equal "$stderr" "${separable:+$SEPARATED}"
    assert_equal "$(jget "$f.json" training.converged)" true
}

# scores MODEL FILE: the scores of FILE's rows, one per line; each must be a
# finite number in [0, 1].
scores() {
    pm-predict -m "$1" "$2" | col score | awk '
        { if ($1 !~ /^[0-9.e+-]+$/ || $1 < 0 || $1 > 1) { print "bad score " $1 > "/dev/stderr"; exit 1 } print }'
}

# coef MODEL I: the coefficient of the I-th feature (from 0).
coef() {
    jget "$1" features."$2".coefficient
}

@test "perfectly separable data: the L2 penalty keeps the optimum finite; scores symmetric, in [0, 1]" {
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 20; i++) print i / 4 "\t" (i > 10) }' > sep.tsv
    local separable=1
    for C in 1 1e6 1e12; do
        fit sep.tsv -C $C
        # x is symmetric about 10.5 / 4 and so are the classes: the intercept is 0
        assert_near "$(jget sep.tsv.json intercept.coefficient)" 0 1e-9
        scores sep.tsv.json sep.tsv > s.txt
        # score(x) + score(21 / 4 - x) = 1, and the ranking is perfect
        paste s.txt <(tac s.txt) | awk '{ d = $1 + $2 - 1; if (d < -1e-12 || d > 1e-12) exit 1 }' ||
            fail "C=$C: scores not symmetric"
        sort -g -c s.txt || fail "C=$C: scores do not rise with x"
    done
    # the larger C, the larger the coefficient (towards the unbounded optimum)
    fit sep.tsv -C 1
    w1=$(coef sep.tsv.json 0)
    fit sep.tsv -C 1e6
    w2=$(coef sep.tsv.json 0)
    awk -v a="$w1" -v b="$w2" 'BEGIN { exit !(b > 10 * a && a > 0) }'
}

@test "a constant column gets scale 1 and coefficient 0, and changes nothing else" {
    awk 'BEGIN { print "x\tc\tresponse_flag"; for (i = 1; i <= 40; i++) print i / 4 "\t7\t" (i * 7 % 5 < 2) }' > const.tsv
    cut -f1,3 const.tsv > plain.tsv
    fit const.tsv
    fit plain.tsv
    assert_equal "$(jget const.tsv.json features.1.scale)" 1
    assert_equal "$(jget const.tsv.json features.1.mean)" 7
    assert_equal "$(coef const.tsv.json 1)" 0
    assert_near "$(coef const.tsv.json 0)" "$(coef plain.tsv.json 0)" 1e-12
    assert_near "$(jget const.tsv.json intercept.coefficient)" "$(jget plain.tsv.json intercept.coefficient)" 1e-12
    # at prediction, a constant column's value does not matter, however large
    awk -F'\t' -v OFS='\t' 'NR > 1 { $2 = (NR % 2 ? "1.7e308" : "-1.7e308") } 1' const.tsv > wild.tsv
    paste <(scores const.tsv.json wild.tsv) <(scores plain.tsv.json plain.tsv) |
        awk '{ d = $1 - $2; if (d < -1e-15 || d > 1e-15) exit 1 }' || fail "scores differ"
}

@test "a column of huge values (1e300) is standardized exactly: the fit equals that of the column scaled down" {
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 40; i++) print (i * 3 % 17) "\t" (i * 7 % 5 < 2) }' > small.tsv
    awk -F'\t' -v OFS='\t' 'NR > 1 && $1 != 0 { $1 = $1 "e300" } 1' small.tsv > huge.tsv
    fit small.tsv
    fit huge.tsv
    assert_near "$(coef huge.tsv.json 0)" "$(coef small.tsv.json 0)" 1e-12
    assert_near "$(jget huge.tsv.json intercept.coefficient)" "$(jget small.tsv.json intercept.coefficient)" 1e-12
    awk -v a="$(jget huge.tsv.json features.0.mean)" -v b="$(jget small.tsv.json features.0.mean)" \
        'BEGIN { r = a / b / 1e300; exit !(r > 1 - 1e-14 && r < 1 + 1e-14) }' || fail "mean not scaled"
    awk -v a="$(jget huge.tsv.json features.0.scale)" -v b="$(jget small.tsv.json features.0.scale)" \
        'BEGIN { r = a / b / 1e300; exit !(r > 1 - 1e-14 && r < 1 + 1e-14) }' || fail "scale not scaled"
    paste <(scores huge.tsv.json huge.tsv) <(scores small.tsv.json small.tsv) |
        awk '{ d = $1 - $2; if (d < -1e-14 || d > 1e-14) exit 1 }' || fail "scores differ"
    # values at the edge of the doubles, of both signs
    awk -F'\t' -v OFS='\t' 'NR > 1 { $1 = ($1 % 2 ? "1.7e308" : "-1.7e308") } 1' small.tsv > edge.tsv
    fit edge.tsv
    scores edge.tsv.json edge.tsv > /dev/null
}

@test "a column of tiny values (1e-300) is standardized exactly too: its spread does not underflow to 0" {
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 40; i++) print (i * 3 % 17) "\t" (i * 7 % 5 < 2) }' > small.tsv
    awk -F'\t' -v OFS='\t' 'NR > 1 && $1 != 0 { $1 = $1 "e-300" } 1' small.tsv > tiny.tsv
    fit small.tsv
    fit tiny.tsv
    assert_near "$(coef tiny.tsv.json 0)" "$(coef small.tsv.json 0)" 1e-12
    awk -v a="$(jget tiny.tsv.json features.0.scale)" -v b="$(jget small.tsv.json features.0.scale)" \
        'BEGIN { r = a / b * 1e300; exit !(r > 1 - 1e-14 && r < 1 + 1e-14) }' || fail "scale not scaled"
    paste <(scores tiny.tsv.json tiny.tsv) <(scores small.tsv.json small.tsv) |
        awk '{ d = $1 - $2; if (d < -1e-14 || d > 1e-14) exit 1 }' || fail "scores differ"
    # a tiny column that separates the classes is not taken for a constant
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 40; i++) print (i % 2 ? "1e-300" : "3e-300") "\t" (i % 2) }' > sep.tsv
    run -0 --separate-stderr pm-fit -o sep.tsv.json sep.tsv
    assert_equal "$stderr" "pm-fit: the features separate the classes perfectly: the coefficients are bounded only by the penalty (-C); does a column leak the target?"
    [ "$(jget sep.tsv.json features.0.scale)" != 1 ] || fail "scale 1: taken as constant"
    run -0 pm-metrics <(pm-predict -m sep.tsv.json -k response_flag sep.tsv)
    assert_line '  "auc": 1,'
}

@test "a model with a number that is not finite is not written: its readers would refuse it" {
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 100; i++)
        print (i % 5 ? "1.7976931348623157e308" : "-1.7976931348623157e308") "\t" (i * 7 % 5 < 2) }' > edge.tsv
    run -1 --separate-stderr pm-fit -o m.json edge.tsv
    assert_equal "$stderr" "pm-fit: the model's intercept per raw unit is not a finite number, which a model file cannot hold (values near the largest double? scale them down)"
    assert [ ! -e m.json ]
}

@test "at prediction, a value whose term overflows is an error, never a NaN score" {
    # a scale of about 0.005: (x - mean) / scale overflows from x = 1e306 on
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 40; i++) print (i * 3 % 17) / 1000 "\t" (i * 7 % 5 < 2) }' > small.tsv
    fit small.tsv
    printf 'x\n1e300\n-1e300\n1.7e308\n' > far.tsv
    run -1 --separate-stderr pm-predict -m small.tsv.json far.tsv
    assert_equal "$stderr" "pm-predict: far.tsv:4: column 'x': '1.7e308' is too far from the training values to score (its term overflows)"
    # 1e300 saturates the score at 0 or 1, which is what it is
    assert_equal "$(col score <<<"$output" | sort -u | tr '\n' ' ')" "0 1 "
}

@test "collinear columns share the weight equally, and the fit converges" {
    awk 'BEGIN { print "x\tx2\tx3\tresponse_flag"; for (i = 1; i <= 40; i++) print i / 4 "\t" i / 2 "\t" 5 - 3 * i / 4 "\t" (i * 7 % 5 < 2) }' > coll.tsv
    fit coll.tsv
    # standardized, x and 2x are the same column, 5 - 3x its negative
    assert_near "$(coef coll.tsv.json 1)" "$(coef coll.tsv.json 0)" 1e-12
    assert_near "$(coef coll.tsv.json 2)" "-$(coef coll.tsv.json 0)" 1e-12
    # three copies of a column under the L2 penalty: each gets w / 3 of the
    # coefficient w that one copy gets with C tripled... and the same scores
    cut -f1,4 coll.tsv > one.tsv
    fit one.tsv -C 3
    assert_near "$(coef coll.tsv.json 0)" "$(awk -v w="$(coef one.tsv.json 0)" 'BEGIN { printf "%.17g", w / 3 }')" 1e-10
    paste <(scores coll.tsv.json coll.tsv) <(scores one.tsv.json one.tsv) |
        awk '{ d = $1 - $2; if (d < -1e-12 || d > 1e-12) exit 1 }' || fail "scores differ"
}

@test "a category with one row gets a finite coefficient and standard error" {
    awk 'BEGIN { print "x\tg\tresponse_flag"; for (i = 1; i <= 40; i++) print i / 4 "\t" (i == 5 ? "lonely" : (i % 2 ? "a" : "b")) "\t" (i * 7 % 5 < 2) }' > one.tsv
    for C in 1 1e6; do
        fit one.tsv -C $C
        assert_equal "$(jget one.tsv.json features.1.levels.1.level)" lonely
        awk -v w="$(jget one.tsv.json features.1.levels.1.coefficient)" -v s="$(jget one.tsv.json features.1.levels.1.std_error)" \
            'BEGIN { exit !(w == w + 0 && s > 0 && s < 1e300) }' || fail "C=$C: coefficient or standard error not finite"
        scores one.tsv.json one.tsv > /dev/null
    done
    # the lonely row responds (i = 5: 35 % 5 = 0 < 2): its level pulls up
    awk -v w="$(jget one.tsv.json features.1.levels.1.coefficient)" 'BEGIN { exit !(w > 0) }'
}

@test "two rows in all: a symmetric answer; one row, or one class, is refused" {
    printf 'x\tresponse_flag\n1\t0\n2\t1\n' > two.tsv
    separable=1 fit two.tsv
    assert_near "$(jget two.tsv.json intercept.coefficient)" 0 1e-12
    run scores two.tsv.json two.tsv
    assert_success
    assert_near "$(awk 'NR == 1 { a = $1 } NR == 2 { print a + $1 }' <<<"$output")" 1 1e-15
    # the same x for both: nothing to learn, a score of one half
    printf 'x\tresponse_flag\n3\t0\n3\t1\n' > same.tsv
    fit same.tsv
    assert_equal "$(scores same.tsv.json same.tsv | sort -u)" 0.5
    printf 'x\tresponse_flag\n1\t1\n' > one.tsv
    run -1 --separate-stderr pm-fit one.tsv
    assert_equal "$stderr" "pm-fit: one.tsv: column 'response_flag' is 1 in every row; a model needs both classes"
}

@test "no convergence is said, with the reason, and the model is still written" {
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 20; i++) print i / 4 "\t" (i > 10) }' > sep.tsv
    run --separate-stderr pm-fit -C 1e12 --max-iter 2 -o m.json sep.tsv
    assert_success
    [[ $stderr =~ ^"pm-fit: not converged in 2 iterations (gradient norm "[0-9.e+-]+"); see --max-iter"$'\n'"$SEPARATED"$ ]] ||
        fail "unexpected: $stderr"
    assert_equal "$(jget m.json training.converged)" false
    scores m.json sep.tsv > /dev/null
}

@test "a column that leaks the target is flagged as perfect separation; real data is not" {
    run --separate-stderr pm-fit --exclude account_id,campaign_wave -o m.json "$REF/train.tsv"
    assert_success
    assert_equal "$stderr" ""
    # days_to_reply: known only for the accounts that replied, 0 for the rest
    awk -F'\t' -v OFS='\t' '{ print $0, NR == 1 ? "days_to_reply" : $12 * (3 + NR % 5) }' "$REF/train.tsv" > leak.tsv
    run --separate-stderr pm-fit --exclude account_id,campaign_wave -o m.json leak.tsv
    assert_success
    assert_equal "$stderr" "$SEPARATED"
    assert_equal "$(jget m.json training.converged)" true
}
