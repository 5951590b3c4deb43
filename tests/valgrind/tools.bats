#!/usr/bin/env bats
# Every C tool under valgrind (memcheck) on a small input, on its success path
# and on an error path (libgomp's thread pool, which XGBoost leaves to the
# process's exit, suppressed): no invalid read or write, no use of uninitialised
# memory, and no leak (definite, indirect or possible; memory still reachable
# when die() exits is not a leak).  Run by `make valgrind` on the release
# build, not by `make check`: valgrind cannot run the sanitizer build, and it
# is slow.  pm-chart is a shell script and is not run here.

load ../helper

# vg TOOL ARGS...: run under valgrind; its own errors exit 99.
vg() {
    valgrind -q --error-exitcode=99 --suppressions="$PM_ROOT/tests/valgrind/libgomp.supp" --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes "$@"
}

# ok|fails TOOL ARGS...: the tool succeeds (or fails cleanly, status 1) and
# valgrind reports nothing.
ok() {
    run vg "$@"
    [ "$status" -eq 0 ] || fail "$1: status $status: $output"
}
fails() {
    run vg "$@"
    [ "$status" -eq 1 ] || fail "$1: status $status (expected 1): $output"
}

setup_file() {
    cd "$BATS_FILE_TMPDIR"
    head -401 "$REF/train.tsv" > train.tsv
    head -201 "$REF/test_scored.tsv" > scored.tsv
    head -201 "$REF/drifted_scored.tsv" > drifted.tsv
    pm-fit --exclude account_id,campaign_wave -o model.json train.tsv
}

setup() {
    cd "$BATS_FILE_TMPDIR"
}

@test "pm-synth" {
    ok pm-synth -n 300 -s 3 --drift 1 -o synth.tsv
    fails pm-synth -n 300 -o /dev/full
}

@test "pm-features" {
    ok pm-features -o features.tsv synth.tsv
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' synth.tsv > synth.csv
    ok pm-features -o features-csv.tsv synth.csv
    fails pm-features train.tsv
}

@test "pm-bin" {
    ok pm-bin -o bins.tsv train.tsv
    ok pm-bin --summary --json -o bins.json train.tsv
    fails pm-bin -y nosuch train.tsv
}

@test "pm-split" {
    ok pm-split --stratify response_flag --train a.tsv --test b.tsv train.tsv
    # from a pipe: the second pass reads a spooled copy
    run vg pm-split --hash account_id --mark part -o marked.tsv < <(cat train.tsv)
    assert_success
    fails pm-split --time campaign_wave --cutoff x --train a.tsv nosuch.tsv
}

@test "pm-fit" {
    ok pm-fit -x company_size,industry,region -C 0.5 -o small.json train.tsv
    ok pm-fit -x company_size,industry,region -C 0.1,1 --folds 3 --cv-report cv.tsv -o cv.json \
        train.tsv
    ok pm-fit -x company_size,industry -C 0.1,1 --folds region -o cvr.json train.tsv
    fails pm-fit -x company_size --folds 500 train.tsv
    fails pm-fit -x account_id train.tsv
}

@test "pm-fit --memory, --merge and --reduce" {
    ok pm-fit --memory 1M -x company_size,industry,region -o streamed.json "$REF/train.tsv"
    fails pm-fit --memory 1M -x company_size,nothing "$REF/train.tsv"
    head -n 201 train.tsv > s1.tsv
    { head -n 1 train.tsv; tail -n +202 train.tsv; } > s2.tsv
    printf ':\t%s\n' "$PWD/s1.tsv" "$PWD/s2.tsv" > shards
    # a pass command that runs each shard's pm-fit --reduce under valgrind too
    cat > pass.sh <<'SH'
i=0
while IFS=$(printf '\t') read -r host path; do
    i=$((i + 1))
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        pm-fit --reduce "$1" --shard "$i" "$path" > "$2/$i" || exit 1
done < shards
SH
    ok pm-fit -x company_size,industry,region --merge shards --pass-command 'sh pass.sh' -o merged.json
    printf ':\t%s\n' "$PWD/missing.tsv" > bad-shards
    sed 's/shards$/bad-shards/' pass.sh > bad-pass.sh
    fails pm-fit -x company_size --merge bad-shards --pass-command 'sh bad-pass.sh'
    # own data: missing values spelled NA, imputed, the most frequent references
    sed 's/\t\t/\tNA\t/g' "$REF/train_missing.tsv" > na.tsv
    local own=(-x company_size,annual_revenue,industry,region --na NA --impute mean --reference frequent)
    ok pm-fit --memory 1M "${own[@]}" -o own.json na.tsv
    head -n 201 na.tsv > s1.tsv
    { head -n 1 na.tsv; tail -n +202 na.tsv; } > s2.tsv
    ok pm-fit "${own[@]}" --merge shards --pass-command 'sh pass.sh' -o own-merged.json
}

@test "pm-coef" {
    ok pm-coef --intercept -o coef.tsv model.json
    echo '{"format": {' > broken.json
    fails pm-coef broken.json
}

@test "pm-predict" {
    ok pm-predict -m model.json -o predicted.tsv train.tsv
    ok pm-predict -m model.json -k account_id --impute-mean -o kept.tsv train.tsv
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
