#!/usr/bin/env bats
# The tools that score and evaluate, under valgrind: see vg.bash.

load vg

@test "pm-predict" {
    ok pm-predict -m model.json -o predicted.tsv train.tsv
    ok pm-predict -m model.json -k account_id --impute-mean -o kept.tsv train.tsv
    echo '{"format": {' > broken.json
    fails pm-predict -m broken.json train.tsv
}

@test "pm-fit --trees, pm-predict and pm-coef on a tree model, reasons" {
    ok pm-fit --trees --rounds 10 --threads 1 --exclude account_id,campaign_wave -o trees.json train.tsv
    ok pm-fit --trees --rounds 8 --threads 1 --folds 3 --patience 2 --cv-report tcv.tsv \
        --exclude account_id,campaign_wave -o tcv.json train.tsv
    ok pm-fit --trees --rounds 20 --threads 1 --exclude account_id,campaign_wave --valid scored.tsv \
        --patience 3 -o stopped.json train.tsv
    fails pm-fit --trees --threads 1 --exclude account_id,campaign_wave --increasing region train.tsv
    ok pm-predict -m trees.json -n tscore -o trees_scored.tsv scored.tsv
    ok pm-predict -m trees.json --reasons 3 -k account_id -o trees_reasons.tsv scored.tsv
    ok pm-predict -m trees.json --reasons-text -k account_id -o trees_reasons.txt scored.tsv
    ok pm-predict -m model.json --reasons 3 --reasons-by abs -n lscore -o reasons.tsv scored.tsv
    ok pm-coef -o importance.tsv trees.json
    jset trees.json booster '"{}"' > damaged.json
    fails pm-predict -m damaged.json scored.tsv
}

@test "pm-metrics, pm-ks, pm-lift, pm-calib, pm-counts" {
    ok pm-metrics -o metrics.json scored.tsv
    ok pm-metrics --by region --tsv -o by.tsv scored.tsv
    ok pm-ks --table -o ks.tsv scored.tsv
    ok pm-lift --top 5,10 -o lift.tsv scored.tsv
    ok pm-calib --strategy quantile -o calib.tsv scored.tsv
    ok pm-counts -o counts.tsv scored.tsv
    ok pm-metrics --counts -o from-counts.json counts.tsv
    fails pm-metrics --score nosuch scored.tsv
    ok pm-metrics --ci 0.95 --by region -o ci.json scored.tsv
    ok pm-metrics --ci 0.9 --counts -o ci-counts.json counts.tsv
    ok pm-lift --ci 0.95 -g 4 -o lift-ci.tsv scored.tsv
    awk -F'\t' -v OFS='\t' '{ print $0, (NR == 1 ? "other" : 1 - $NF) }' scored.tsv > two.tsv
    ok pm-metrics --compare other --ci 0.95 -o compare.json two.tsv
    fails pm-metrics --compare nosuch scored.tsv
}

@test "pm-target" {
    ok pm-target --value 200 --cost 40 -o target.json scored.tsv
    ok pm-target --value 200 --cost 40 --budget 2000 --tsv -o target.tsv scored.tsv
    ok pm-target --value 200 --cost 40 --table --cuts -o curve.tsv scored.tsv
    ok pm-target --value 200 --cost 40 --mark contact -o marked.tsv scored.tsv
    ok pm-target --value 200 --cost 40 --counts -o target-counts.json counts.tsv
    cut -f20 scored.tsv > scores.tsv
    ok pm-target --value 200 --cost 40 -o alone.json scores.tsv
    fails pm-target --value 200 --cost 40 --mark score scored.tsv
    fails pm-target --value 200 --cost 40 -y nosuch scored.tsv
}

@test "pm-psi" {
    run vg pm-psi --model model.json -o psi.tsv scored.tsv drifted.tsv
    [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || [ "$status" -eq 4 ] || fail "status $status: $output"
    run vg pm-psi --json -c company_size --categorical region -o psi.json scored.tsv scored.tsv
    assert_success
    fails pm-psi scored.tsv nosuch.tsv
    ok pm-psi --edges -c company_size --categorical region -o bins.psi scored.tsv
    ok pm-psi --reduce -o part.psi bins.psi drifted.tsv
    run vg pm-psi --merge --json -o merged.json bins.psi part.psi part.psi
    [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || [ "$status" -eq 4 ] || fail "status $status: $output"
    head -n 5 part.psi > cut.psi
    fails pm-psi --merge bins.psi cut.psi
}

@test "the reader's limits: a line too long, a NUL byte mid-line, a CSV record too long" {
    fails pm-lift --max-line 100 scored.tsv
    { head -2 scored.tsv; head -c 300000 /dev/zero; } > nul.tsv
    fails pm-metrics nul.tsv
    printf 'a,b\n1,"2\n\n\n\n\n\n\n\n3"\n' > long.csv
    fails pm-split --mark p --max-line 8 long.csv
}

@test "a model that its readers would refuse is not written" {
    awk 'BEGIN { print "x\tresponse_flag"; for (i = 1; i <= 100; i++)
        print (i % 5 ? "1.7976931348623157e308" : "-1.7976931348623157e308") "\t" (i * 7 % 5 < 2) }' > edge.tsv
    fails pm-fit -o edge.json edge.tsv
}
