#!/usr/bin/env bats
# The tools that read, split and fit, under valgrind: see vg.bash.

load vg

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
