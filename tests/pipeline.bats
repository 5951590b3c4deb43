#!/usr/bin/env bats
# The whole flow: make demo from an empty folder, its artifacts and figures,
# make's file dependencies, failed stages, and an installed pm.

load helper

# These tests run make; the make running them (make check) must not leak its
# level and flags into it ("make[1]: ...").
unset MAKELEVEL MAKEFLAGS MFLAGS

# demo [VAR=VALUE...]: make demo in the current folder with the tools under test.
demo() {
    make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" "$@" demo
}

# assert_table FILE: a header, at least one row, every row as wide as the header.
assert_table() {
    [ -s "$1" ] || fail "$1: missing or empty"
    awk -F'\t' 'NR == 1 { n = NF; next } NF != n { print FILENAME ":" NR ": " NF " fields, header has " n; bad = 1; exit }
                END { if (NR < 2) { print FILENAME ": no rows"; exit 1 } exit bad }' "$1" \
        || fail "$1 is not a well-formed table"
}

assert_png() {
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1: not a PNG"
    [ "$(stat -c %s "$1")" -gt 5000 ] || fail "$1: too small for a chart"
}

# figure PART COLUMN [MODEL]: a value of reports/metrics.tsv (MODEL: logistic).
figure() {
    awk -F'\t' -v part="$1" -v name="$2" -v model="${3:-logistic}" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["split"] == part && $c["model"] == model { print $c[name] }' reports/metrics.tsv
}

verdict() { awk -F'\t' 'NR == 2 { print $11 }' "$1"; }

@test "make demo from an empty folder: every artifact, well formed, with figures in range" {
    run demo
    assert_success
    assert_output --partial "pm: propensity model summary"
    # the summary at the end is the one kept in reports/
    assert_equal "$(cat reports/summary.txt)" "$(echo "$output" | sed -n '/^pm: propensity/,$p')"
    for f in data/raw/accounts.tsv data/raw/new_wave.tsv data/features.tsv data/train.tsv \
        data/test.tsv data/train_scored.tsv data/test_scored.tsv data/new_wave_scored.tsv \
        reports/model_coefficients.tsv reports/eda_binning_tables.tsv reports/metrics.tsv \
        reports/lift_by_decile.tsv reports/calibration.tsv reports/ks.tsv reports/psi.tsv \
        reports/psi_test.tsv reports/scored_output.tsv reports/roc_points.tsv \
        reports/monitor_history.tsv; do
        assert_table "$f"
    done
    for f in calibration_curve lift_by_decile gains roc ks psi lift_by_decile_trees gains_trees; do
        assert_png "reports/$f.png"
    done
    for f in data/train_scored_trees.tsv data/test_scored_trees.tsv reports/trees_importance.tsv \
        reports/lift_by_decile_trees.tsv; do
        assert_table "$f"
    done
    # the summary has a line for each model
    assert_equal "$(grep -c '^  AUC logistic  train 0\.[0-9]*, test 0\.[0-9]* .*; top 20% lift' reports/summary.txt)" 1
    assert_equal "$(grep -c '^  AUC trees     train 0\.[0-9]*, test 0\.[0-9]* .*; top 20% lift' reports/summary.txt)" 1
    grep -q '^<!DOCTYPE html>$' reports/index.html || fail "reports/index.html: not the page"
    # JSON that parses, with the keys the flow promises
    assert_equal "$(jget models/model.json format.name training.rows)" "$(printf 'pm-model\n16000')"
    run jget models/metrics.json test.auc train.auc test.top.lift
    assert_success
    run jget models/metrics_trees.json test.auc train.auc test.top.lift
    assert_success
    assert_equal "$(jget models/trees.json kind training.rows)" "$(printf 'trees\n16000')"
    assert_equal "$(jget models/metrics.json test.auc)" "$(figure test auc)"
    assert_equal "$(jget models/metrics_trees.json test.auc)" "$(figure test auc trees)"
    # the rows: 20,000 accounts, split 80/20, every one scored once
    assert_equal "$(wc -l < data/raw/accounts.tsv)" 20001
    assert_equal "$(($(wc -l < data/train.tsv) + $(wc -l < data/test.tsv)))" 20002
    assert_equal "$(wc -l < reports/scored_output.tsv)" 20001
    # scored_output is ranked, highest score first
    col score reports/scored_output.tsv | sort -c -g -r
    # the figures
    awk -v auc="$(figure test auc)" 'BEGIN { exit !(auc > 0.6) }' || fail "test AUC $(figure test auc)"
    awk -v lift="$(figure test top_lift)" 'BEGIN { exit !(lift > 1.2) }' || fail "lift $(figure test top_lift)"
    assert_equal "$(verdict reports/psi.tsv)" alert
    assert_equal "$(verdict reports/psi_test.tsv)" stable
}

@test "MODEL=trees: score and monitor use the trees; back to logistic re-scores only" {
    demo > /dev/null
    run demo MODEL=trees
    assert_success
    assert_output --partial "score drift   (trees) test: PSI"
    # the ranked list is the trees' scores of every account
    pm-features data/raw/accounts.tsv | pm-predict -m models/trees.json -k account_id |
        col score | sort -g -r > expected.txt
    col score reports/scored_output.tsv | cmp - expected.txt
    for f in reports/psi_trees.tsv reports/psi_test_trees.tsv data/new_wave_scored_trees.tsv; do
        assert_table "$f"
    done
    assert_png reports/psi_trees.png
    run demo MODEL=trees
    assert_output ""
    demo > /dev/null
    pm-features data/raw/accounts.tsv | pm-predict -m models/model.json -k account_id |
        col score | sort -g -r > expected.txt
    col score reports/scored_output.tsv | cmp - expected.txt
}

@test "a second make demo runs nothing; touching an input re-runs only what follows it" {
    demo > /dev/null
    run make -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" -q demo
    assert_success
    run make -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" -n demo
    assert_output "make: Nothing to be done for 'demo'."
    stages() { make -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" -n demo | grep -o 'pipelines/[a-z]*\.sh' | sort -u | tr '\n' ' '; }
    touch data/raw/new_wave.tsv
    assert_equal "$(stages)" "pipelines/monitor.sh pipelines/summary.sh "
    demo > /dev/null
    touch data/raw/accounts.tsv
    assert_equal "$(stages)" "pipelines/evaluate.sh pipelines/monitor.sh pipelines/score.sh pipelines/summary.sh pipelines/train.sh "
}

@test "another EXCLUDE, POSITIVE or CS re-runs from the train stage, another NEW_WAVE the monitor stage; the same ones nothing" {
    demo > /dev/null
    stages() { make -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" "$@" -n demo | grep -o 'pipelines/[a-z]*\.sh' | sort -u | tr '\n' ' '; }
    assert_equal "$(stages)" ""
    for v in EXCLUDE=account_id,campaign_wave,region POSITIVE=1 CS=0.1,1 FOLDS=3 IMPUTE=mean NA=NA FEATURES=pm; do
        [[ "$(stages "$v")" == *pipelines/train.sh* ]] || fail "$v: $(stages "$v")"
    done
    # run, it re-runs every stage after the train stage, and then nothing
    run demo EXCLUDE=account_id,campaign_wave,region
    assert_success
    assert_equal "$(grep -o 'pipelines/[a-z]*\.sh' <<< "$output" | sort -u | tr '\n' ' ')" \
        "pipelines/evaluate.sh pipelines/monitor.sh pipelines/score.sh pipelines/train.sh "
    assert_equal "$(stages EXCLUDE=account_id,campaign_wave,region)" ""
    assert_equal "$(jq '[.features[].name] | index("region")' models/model.json)" null
    # a new wave older than the reports is still a new wave
    cp data/raw/new_wave.tsv older_wave.tsv
    touch -d '2001-01-01' older_wave.tsv
    assert_equal "$(stages EXCLUDE=account_id,campaign_wave,region NEW_WAVE=older_wave.tsv)" \
        "pipelines/monitor.sh pipelines/summary.sh "
}

@test "a failing stage exits non-zero and leaves no artifact of that stage" {
    pm-synth -n 3000 -s 5 > accounts.tsv
    # a bad value in the middle: pm-features stops there, after writing some rows
    awk -F'\t' -v OFS='\t' 'NR == 1500 { $4 = "many" } { print }' accounts.tsv > broken.tsv
    run demo DATA=broken.tsv
    assert_failure
    assert_output --partial "broken.tsv:1500: column 'company_size': 'many' is not a number"
    for f in data/features.tsv data/train.tsv data/test.tsv models/model.json \
        reports/model_coefficients.tsv reports/eda_binning_tables.tsv; do
        assert [ ! -e "$f" ]
    done
    # an input that cannot be read
    mkdir folder.tsv
    run demo DATA=folder.tsv
    assert_failure
    assert_output --partial "train: cannot read 'folder.tsv'"
    assert [ ! -e models/model.json ]
    # a later stage: a damaged model stops evaluate, which leaves nothing
    demo DATA=accounts.tsv > /dev/null
    rm -rf reports data/*_scored.tsv models/metrics.json
    printf '{"format": ' > models/model.json
    run make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" DATA=accounts.tsv evaluate
    assert_failure
    for f in data/train_scored.tsv data/test_scored.tsv models/metrics.json reports/metrics.tsv \
        reports/lift_by_decile.png; do
        assert [ ! -e "$f" ]
    done
}

@test "make demo DATA=... runs the same flow on your own accounts, CSV too" {
    pm-synth -n 4000 -s 9 | awk -F'\t' -v OFS=, '{ $1 = $1; print }' > mine.csv
    run demo DATA=mine.csv
    assert_success
    assert_output --partial "accounts      4000 (train 3200, test 800)"
    assert_table reports/scored_output.tsv
    assert_equal "$(wc -l < reports/scored_output.tsv)" 4001
    # without NEW_WAVE, the accounts themselves are the population monitored
    assert_equal "$(verdict reports/psi.tsv)" stable
}

@test "make install to a temporary prefix: tools, man pages and the flow work from there" {
    make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" install PREFIX="$TMP/prefix" > /dev/null
    run "$TMP/prefix/bin/pm-fit" --help
    assert_success
    assert_line --index 0 --partial "Usage: pm-fit"
    run man -M "$TMP/prefix/share/man" -P cat pm-fit
    assert_success
    assert_output --partial "fit an L2-regularized logistic regression"
    run man -M "$TMP/prefix/share/man" -P cat 7 pm
    assert_output --partial "THE MODEL FILE"
    mkdir run && cd run
    PATH="$TMP/prefix/bin:/usr/bin:/bin" DEMO_ROWS=5000 run "$TMP/prefix/share/pm/pipelines/demo.sh"
    assert_success
    assert_output --partial "pm: propensity model summary"
    assert_png reports/lift_by_decile.png
    assert_table reports/scored_output.tsv
    # the page, its charts drawn by the installed pm-chart and chart scripts
    assert_equal "$(grep -c '^<svg class="chart"' reports/index.html)" 7
    make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" uninstall PREFIX="$TMP/prefix"
    assert [ ! -e "$TMP/prefix/bin/pm-fit" ]
}

@test "each stage script says what it reads and writes (-h) and refuses a bad option or an operand" {
    for s in train evaluate monitor score summary; do
        run "$PM_ROOT/pipelines/$s.sh" -h
        assert_success
        assert_output --partial "Reads:"
        assert_output --partial "Writes:"
        run -2 "$PM_ROOT/pipelines/$s.sh" -Q
        run -2 --separate-stderr "$PM_ROOT/pipelines/$s.sh" extra
        assert_equal "${stderr_lines[0]}" "$s: unexpected argument 'extra'"
    done
}

# trained: a model of 3,000 accounts in models/, for the later stages.
trained() {
    pm-synth -n 3000 -s 42 -o acc.tsv
    "$PM_ROOT/pipelines/train.sh" -i acc.tsv -d data -m models -r reports
}

@test "a stage fails when a command inside a pipe fails, and publishes nothing" {
    trained
    # line 2001 one field short: pm-features stops there, after 1,999 rows
    awk -F'\t' -v OFS='\t' 'NR == 2001 { NF = 11 } { print }' acc.tsv > bad.tsv
    run -1 --separate-stderr "$PM_ROOT/pipelines/score.sh" -i bad.tsv -m models -r reports
    assert_equal "$stderr" "$(printf "pm-features: bad.tsv:2001: expected 12 fields, found 11\nscore: 'pm-features' failed")"
    assert [ ! -e reports/scored_output.tsv ]
    cp -r data d2
    pm-features acc.tsv | pm-predict -m models/model.json -o d2/train_scored.tsv
    cp d2/train_scored.tsv d2/test_scored.tsv
    run -1 --separate-stderr "$PM_ROOT/pipelines/monitor.sh" -n bad.tsv -d d2 -m models -r r2
    assert_equal "$stderr" "$(printf "pm-features: bad.tsv:2001: expected 12 fields, found 11\nmonitor: 'pm-features' failed")"
    assert [ ! -e d2/new_wave_scored.tsv ]
    assert [ ! -e r2 ]
}

@test "a stage that fails to put one file in place puts none there" {
    pm-synth -n 3000 -s 42 -o acc.tsv
    : > models # a plain file where the model folder should be
    run -1 --separate-stderr "$PM_ROOT/pipelines/train.sh" -i acc.tsv -d data -m models -r reports
    assert_equal "$stderr" "$(printf "mkdir: cannot create directory 'models': File exists\ntrain: cannot write 'models/model.json'")"
    assert_equal "$(ls -A data)" ""
    assert [ ! -e reports ]
    # a file that replaces another keeps its mode; a new one follows the umask
    rm models
    mkdir -p data && : > data/train.tsv && chmod 600 data/train.tsv
    (umask 027 && "$PM_ROOT/pipelines/train.sh" -i acc.tsv -d data -m models -r reports)
    assert_equal "$(stat -c %a data/train.tsv data/test.tsv)" "$(printf '600\n640')"
}

@test "publish writes through no symlink planted where its temporary file would go" {
    trained
    mkdir out
    echo precious > victim
    # the names the next 300 processes would use, planted by one process
    perl -e 'symlink($ARGV[0], "out/s.tsv.tmp." . ($ARGV[1] + $_)) for 1 .. 300' "$TMP/victim" "$BASHPID"
    "$PM_ROOT/pipelines/score.sh" -i acc.tsv -m models -o out/s.tsv
    assert_equal "$(cat victim)" precious
    assert_equal "$(wc -l < out/s.tsv)" 3001
    assert_equal "$(ls -A out | grep -vc '^s\.tsv\.tmp\.')" 1
}

@test "the stages take file names that look like options" {
    trained
    cp acc.tsv ./-x.tsv
    "$PM_ROOT/pipelines/score.sh" -i -x.tsv -m models -o s.tsv
    assert_equal "$(wc -l < s.tsv)" 3001
    "$PM_ROOT/pipelines/train.sh" -i -x.tsv -d -d -m models -r reports
    assert_equal "$(wc -l < ./-d/train.tsv)" 2401
}

@test "make demo FOLDS=... CS=... chooses C by cross-validation: the model's C is the report's best" {
    pm-synth -n 4000 -s 9 -o accounts.tsv
    demo DATA=accounts.tsv FOLDS=campaign_wave CS=0.01,0.1,1 > /dev/null
    assert_table reports/cv_report.tsv
    # 8 waves, 3 values of C: 24 fold lines, 3 mean and 3 sd lines
    assert_equal "$(($(wc -l < reports/cv_report.tsv) - 1))" 30
    best=$(awk -F'\t' '$2 == "mean" && (best == "" || $6 < low) { best = $1; low = $6 } END { print best }' \
        reports/cv_report.tsv)
    assert_equal "$(jget models/model.json training.C)" "$best"
    assert_equal "$(jget models/model.json training.cross_validation.fold_column)" campaign_wave
}
