#!/usr/bin/env bats
# The same bytes on every machine: models, scores and evaluation outputs do not
# depend on the CPU's features (glibc's FMA and AVX2 paths), on a BLAS library
# or its threads.  The fit sums in a fixed order (common/linalg.h) and every
# exp and log is pm's own (common/dmath.h); these tests pin the bytes made on
# the development machine (tests/golden/README.md) and run the same commands
# with the CPU features glibc may dispatch on turned off.

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin
NO_FMA=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F

# fit_reference [ENV...]: the reference model, with the version line left out
# (it changes with every release, the numbers must not).
fit_reference() {
    (cd "$REF" && env "$@" SOURCE_DATE_EPOCH=0 pm-fit -x "$FEATURES" train.tsv) | grep -v '"tool":'
}

# fit_synth [ENV...]: 120,000 synthetic rows: the warm start on a subsample and
# both halves of every pass.
fit_synth() {
    pm-synth -n 120000 -s 5 | pm-features |
        env "$@" SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id,campaign_wave | grep -v '"tool":'
}

@test "the reference model is the pinned bytes" {
    fit_reference > model.json
    diff -u "$PM_ROOT/tests/golden/reference-model.json" model.json
}

@test "the reference model is the pinned bytes with FMA and AVX2 off" {
    fit_reference GLIBC_TUNABLES=$NO_FMA > model.json
    diff -u "$PM_ROOT/tests/golden/reference-model.json" model.json
}

@test "the reference model is the pinned bytes with two BLAS threads asked for" {
    fit_reference OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 > model.json
    diff -u "$PM_ROOT/tests/golden/reference-model.json" model.json
}

@test "a warm-started fit of 120,000 rows is the pinned bytes, with and without FMA" {
    fit_synth > plain.json
    diff -u "$PM_ROOT/tests/golden/synth120k-model.json" plain.json
    fit_synth GLIBC_TUNABLES=$NO_FMA > nofma.json
    diff -u "$PM_ROOT/tests/golden/synth120k-model.json" nofma.json
}

@test "the scores of the pinned model are the pinned bytes, with and without FMA" {
    local golden=$PM_ROOT/tests/golden
    pm-predict -m "$golden/reference-model.json" -k account_id "$REF/test.tsv" > plain.tsv
    cmp "$golden/reference-scores.tsv" plain.tsv
    GLIBC_TUNABLES=$NO_FMA pm-predict -m "$golden/reference-model.json" -k account_id \
        "$REF/test.tsv" > nofma.tsv
    cmp "$golden/reference-scores.tsv" nofma.tsv
}

@test "the pinned model is scikit-learn's to 1e-6 and its scores the reference's to 1e-9" {
    local golden=$PM_ROOT/tests/golden
    assert_near "$(jget "$golden/reference-model.json" intercept.coefficient)" \
        "$(ref "fit.1\\.0.intercept")" 1e-6
    paste <(cut -f2 "$golden/reference-scores.tsv") <(cut -f"$(head -1 "$REF/test_scored.tsv" |
        tr '\t' '\n' | grep -nx score | cut -d: -f1)" "$REF/test_scored.tsv") | tail -n +2 |
        awk -F'\t' '{ d = $1 - $2; if (d < 0) d = -d; if (d > m) m = d }
                    END { if (m > 1e-9) { print "off by " m; exit 1 } }'
}

@test "evaluation and drift outputs do not change with FMA and AVX2 off" {
    local tool
    for tool in "pm-metrics $REF/test_scored.tsv" "pm-lift $REF/test_scored.tsv" \
        "pm-calib $REF/test_scored.tsv" "pm-ks $REF/test_scored.tsv" \
        "pm-psi $REF/train_scored.tsv $REF/drifted_scored.tsv" \
        "pm-bin -y response_flag -x $FEATURES $REF/train.tsv"; do
        $tool > plain.out || [ $? -gt 2 ]
        GLIBC_TUNABLES=$NO_FMA $tool > nofma.out || [ $? -gt 2 ]
        cmp plain.out nofma.out || fail "$tool gives other bytes with FMA off"
    done
}

# build DIR MAKE-ARGS...: pm-fit and pm-predict built apart, into DIR.
build() {
    local dir=$1
    shift
    env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$PM_ROOT" BUILD="$dir" SANITIZE= "$@" \
        "$dir/bin/pm-fit" "$dir/bin/pm-predict" > /dev/null
}

@test "built by clang, or by gcc for this CPU (-O3 -march=native: AVX-512, FMA), the bytes are the same" {
    local golden=$PM_ROOT/tests/golden variant
    build "$TMP/clang" CC=clang
    build "$TMP/native" CFLAGS="-O3 -march=native"
    for variant in clang native; do
        (cd "$REF" && SOURCE_DATE_EPOCH=0 "$TMP/$variant/bin/pm-fit" -x "$FEATURES" train.tsv) |
            grep -v '"tool":' > "$variant.json"
        diff -u "$golden/reference-model.json" "$variant.json"
        "$TMP/$variant/bin/pm-predict" -m "$golden/reference-model.json" -k account_id \
            "$REF/test.tsv" | cmp "$golden/reference-scores.tsv" -
    done
}
