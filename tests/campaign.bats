#!/usr/bin/env bats
# The flow's intervals and campaign: evaluate.sh writes DeLong's and Wilson's
# intervals; make demo VALUE=... COST=... BUDGET=... makes score.sh write
# whom to contact, and the summary say it.

load helper

unset MAKELEVEL MAKEFLAGS MFLAGS

demo() {
    make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" "$@" demo
}

stages() {
    make -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" -n "$@" demo | grep -o 'pipelines/[a-z]*\.sh' | sort -u | tr '\n' ' '
}

@test "evaluate: the metrics carry the intervals pm-metrics --ci gives on the test scores" {
    demo > /dev/null
    pm-metrics --ci 0.95 data/test_scored.tsv > test.json
    for k in auc auc_se auc_lower auc_upper base_rate_lower base_rate_upper top.response_rate_lower ci_level; do
        assert_equal "$(jget models/metrics.json test.$k)" "$(jget test.json $k)"
    done
    head -1 reports/metrics.tsv | tr '\t' '\n' | grep -qx auc_lower
    assert_equal "$(head -1 reports/lift_by_decile.tsv | cut -f13,14)" "$(printf 'response_rate_lower\tresponse_rate_upper')"
    # the summary gives the test AUC's interval, as pm-metrics wrote it
    want=$(awk -v lo="$(jget test.json auc_lower)" -v hi="$(jget test.json auc_upper)" 'BEGIN { printf "(95%% CI %.3f to %.3f)", lo, hi }')
    grep -F "  AUC " reports/summary.txt | grep -qF -- "$want"
}

@test "make demo without a campaign writes no targeting, and the summary has no campaign line" {
    demo > /dev/null
    [ ! -e reports/targeting.tsv ] && [ ! -e reports/contact_list.tsv ]
    ! grep -q campaign reports/summary.txt
}

@test "make demo VALUE=200 COST=40 BUDGET=50000: the cut, the contact list and the summary line" {
    run demo VALUE=200 COST=40 BUDGET=50000
    assert_success
    pm-target --value 200 --cost 40 --budget 50000 --tsv reports/scored_output.tsv > want.tsv
    cmp want.tsv reports/targeting.tsv
    n=$(col contacts want.tsv) t=$(col threshold want.tsv)
    [ "$n" -gt 0 ] && [ "$((40 * n))" -le 50000 ]
    # the contact list: the n highest scored accounts, in the order of scored_output
    assert_equal "$(head -1 reports/contact_list.tsv)" "$(head -1 reports/scored_output.tsv)"
    assert_equal "$(cat reports/contact_list.tsv)" "$(head -n $((n + 1)) reports/scored_output.tsv)"
    col score reports/contact_list.tsv | awk -v t="$t" '$1 < t { bad++ } END { exit bad > 0 }'
    line=$(awk -v n="$n" -v t="$t" -v p="$(col expected_profit want.tsv)" -v m="$(col expected_responders want.tsv)" \
        'BEGIN { printf "  campaign      contact %d accounts (score >= %.3f): expected profit %.0f, %.0f responders", n, t, p, m }')
    assert_equal "$(grep '^  campaign' reports/summary.txt)" "$line"
    assert_output --partial "$line"
}

@test "a new budget re-runs the score stage and the summary only; the same one nothing" {
    demo VALUE=200 COST=40 BUDGET=50000 > /dev/null
    assert_equal "$(stages VALUE=200 COST=40 BUDGET=50000)" ""
    assert_equal "$(stages VALUE=200 COST=40 BUDGET=20000)" "pipelines/score.sh pipelines/summary.sh "
    demo VALUE=200 COST=40 BUDGET=20000 > /dev/null
    assert_equal "$(col contacts reports/targeting.tsv)" 500
    # back to no campaign: the targeting files go
    demo > /dev/null
    [ ! -e reports/targeting.tsv ] && [ ! -e reports/contact_list.tsv ]
    ! grep -q campaign reports/summary.txt
}

@test "when no account is worth its cost the summary says to contact nobody" {
    demo VALUE=1 COST=2 > /dev/null
    assert_equal "$(col contacts reports/targeting.tsv)" 0
    assert_equal "$(wc -l < reports/contact_list.tsv)" 1
    assert_equal "$(grep '^  campaign' reports/summary.txt)" "  campaign      contact nobody: no account is worth its cost"
}

@test "score.sh: a value without a cost is a usage error; a bad budget stops the stage and leaves nothing" {
    demo > /dev/null
    run -2 env VALUE=200 "$PM_ROOT/pipelines/score.sh"
    assert_output --partial "score: a campaign needs both VALUE (-v) and COST (-c)"
    rm reports/scored_output.tsv
    run -2 "$PM_ROOT/pipelines/score.sh" -v 200 -c 40 -b 10
    assert_output --partial "pm-target: option '--budget': '10' does not pay for one contact (--cost 40)"
    [ ! -e reports/scored_output.tsv ] && [ ! -e reports/targeting.tsv ]
}
