#!/usr/bin/env bats
# The user's locale changes nothing: in a locale whose decimal separator is a
# comma (de_DE.UTF-8, compiled here from Debian's locales package), every tool
# reads and writes the same bytes as in the C locale, and the scripts (the
# stage summary, pm-chart) read pm's numbers right.

load helper

setup_file() {
    export LOCPATH="$BATS_FILE_TMPDIR/locales"
    mkdir -p "$LOCPATH"
    localedef -i de_DE -f UTF-8 "$LOCPATH/de_DE.UTF-8"
}

# german CMD...: CMD in the German locale.
german() {
    LC_ALL=de_DE.UTF-8 "$@"
}

@test "the German locale is in effect: awk prints a decimal comma" {
    run german awk 'BEGIN { printf "%.1f\n", 1.5 }'
    assert_output "1,5"
}

# flow: the tools from pm-synth to pm-psi, each output kept in folder $1.
flow() {
    mkdir "$1" && cd "$1"
    pm-synth -n 3000 --seed 11 | pm-features > features.tsv
    pm-synth -n 3000 --seed 12 --drift 1 | pm-features > drifted.tsv
    SOURCE_DATE_EPOCH=0 pm-fit --exclude account_id -o model.json features.tsv
    pm-coef model.json > coef.tsv
    pm-predict -m model.json features.tsv > scored.tsv
    pm-predict -m model.json drifted.tsv > drifted_scored.tsv
    pm-metrics scored.tsv > metrics.json
    pm-ks --table scored.tsv > ks.tsv
    pm-lift scored.tsv > lift.tsv
    pm-lift --top 5,20 scored.tsv > top.tsv
    pm-calib -b 5 scored.tsv > calib.tsv
    pm-bin -q 4 features.tsv > bins.tsv
    pm-psi --model model.json scored.tsv drifted_scored.tsv > psi.tsv || [ $? -eq 4 ]
    pm-chart lift lift.tsv > lift.txt
    cd ..
}

@test "every tool writes the same bytes in a comma-decimal locale" {
    flow c
    german flow de
    for f in c/*; do
        cmp "$f" "de/${f#c/}" || fail "${f#c/} differs in the German locale"
    done
    [ "$(ls c | wc -l)" -eq 14 ]
}

@test "the stage summary reads pm's numbers in a comma-decimal locale" {
    mkdir reports
    { sed -n 1p "$REF/train_scored.tsv" | sed 's/$/\tsplit/'
      tail -n +2 "$REF/train_scored.tsv" | sed 's/$/\ttrain/'
      tail -n +2 "$REF/test_scored.tsv" | sed 's/$/\ttest/'; } > both.tsv
    pm-metrics --by split --tsv -o reports/metrics.tsv both.tsv
    pm-psi -o reports/psi_test.tsv "$REF/train_scored.tsv" "$REF/test_scored.tsv"
    run pm-psi -o reports/psi.tsv "$REF/train_scored.tsv" "$REF/drifted_scored.tsv"
    assert_failure 4
    sh "$PM_ROOT/pipelines/summary.sh" -r reports > c.txt
    german sh "$PM_ROOT/pipelines/summary.sh" -r reports > de.txt
    cmp c.txt de.txt || fail "$(diff c.txt de.txt)"
    auc=$(printf '%.3f' "$(ref metrics.test.auc)")
    run grep -F "test $auc" de.txt
    assert_success
}

@test "pm-chart checks numbers the same way in a comma-decimal locale" {
    printf 'group\tlift\tcum_lift\n1\t1.5e400\t1\n' > big.tsv
    run -1 german pm-chart lift big.tsv
    assert_output "pm-chart: big.tsv:2: column 'lift': '1.5e400' is out of range"
}

@test "pm-report writes the same page in a comma-decimal locale" {
    pm-synth -n 2000 -s 21 > accounts.tsv
    pm-synth -n 1000 -s 22 --drift 1 > wave.tsv
    export PM_PIPELINES="$PM_ROOT/pipelines"
    "$PM_ROOT/pipelines/train.sh" -i accounts.tsv
    "$PM_ROOT/pipelines/evaluate.sh"
    SOURCE_DATE_EPOCH=0 "$PM_ROOT/pipelines/monitor.sh" -n wave.tsv > /dev/null
    pm-report -o c.html
    german pm-report -o de.html
    cmp c.html de.html || fail "$(diff c.html de.html | head)"
    auc=$(printf '%.3f' "$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } $c["split"] == "test" && (!("model" in c) || $c["model"] == "logistic") { print $c["auc"] }' reports/metrics.tsv)")
    grep -qF "<div class=\"value\">$auc</div>" de.html
}
