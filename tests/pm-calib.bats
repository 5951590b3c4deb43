#!/usr/bin/env bats
# pm-calib: scikit-learn's calibration_curve, uniform and quantile bins.

load helper

# assert_curve TSV REFNAME: mean_predicted and observed_rate of TSV equal the
# reference's calibration arrays to 1e-12, bin for bin.
assert_curve() {
    assert_equal "$(col mean_predicted "$1" | wc -l)" "$(ref "$2.mean_predicted" | wc -l)"
    paste <(col mean_predicted "$1") <(ref "$2.mean_predicted") \
        <(col observed_rate "$1") <(ref "$2.observed_rate") > both.tsv
    while IFS="$(printf '\t')" read -r got want got_rate want_rate; do
        assert_near "$got" "$want" 1e-12
        assert_near "$got_rate" "$want_rate" 1e-12
    done < both.tsv
}

@test "uniform bins equal calibration_test_uniform_10 to 1e-12, empty bins left out" {
    pm-calib "$REF/test_scored.tsv" > c.tsv
    assert_equal "$(head -1 c.tsv)" "$(printf 'bin\tlower\tupper\trows\tresponders\tmean_predicted\tobserved_rate')"
    assert_curve c.tsv calibration_test_uniform_10
    # no test score reaches 0.7: bins 8 to 10 are empty
    assert_equal "$(col bin c.tsv | tr '\n' ' ')" "1 2 3 4 5 6 7 "
    assert_equal "$(col lower c.tsv | sed -n 4p)" 0.30000000000000004
}

@test "quantile bins equal calibration_test_quantile_10 to 1e-12" {
    pm-calib --strategy quantile "$REF/test_scored.tsv" > c.tsv
    assert_curve c.tsv calibration_test_quantile_10
    assert_equal "$(col rows c.tsv | sort -u)" 150
    # the inner edges are the linear deciles of the scores
    assert_near "$(col upper c.tsv | sed -n 1p)" "$(ref quantiles_test_score.0\\.1)" 1e-15
    assert_near "$(col upper c.tsv | sed -n 9p)" "$(ref quantiles_test_score.0\\.9)" 1e-15
}

@test "rows and responders add up; the observed rate is responders over rows" {
    pm-calib -b 7 "$REF/train_scored.tsv" > c.tsv
    assert_equal "$(col rows c.tsv | awk "{ s += \$1 } END { print s }")" 4000
    assert_equal "$(col responders c.tsv | awk "{ s += \$1 } END { print s }")" 812
    assert_equal "$(awk -F'\t' 'NR > 1 && $7 != $5 / $4' c.tsv)" ""
}

@test "a score on an inner edge falls in the bin below it; 0 and 1 are in the outer bins" {
    printf 'response_flag\tscore\n1\t0.5\n0\t0.5\n1\t1\n0\t0\n0\t0.25\n' > in.tsv
    run pm-calib -b 2 in.tsv
    assert_output "$(printf '%s\n' 'bin	lower	upper	rows	responders	mean_predicted	observed_rate' \
        '1	0	0.5	4	1	0.3125	0.25' '2	0.5	1	1	1	1	1')"
}

@test "quantile bins with repeated edges leave bins empty, as scikit-learn does" {
    printf 'response_flag\tscore\n' > in.tsv
    for i in 1 2 3 4 5 6; do printf '0\t0.2\n'; done >> in.tsv
    printf '1\t0.9\n1\t0.8\n' >> in.tsv
    # percentiles 0 25 50 75 100 of 0.2 x6, 0.8, 0.9: 0.2 0.2 0.2 0.35 0.9, the
    # 0.35 as numpy writes it (0.2 + 0.6 * 0.25); bins 2 and 3 are empty.  The
    # mean of six 0.2 is 0.2 (scikit-learn's running sum makes it
    # 0.19999999999999998); that of 0.8 and 0.9 is a tie between two doubles.
    run pm-calib --strategy quantile -b 4 in.tsv
    assert_output "$(printf '%s\n' 'bin	lower	upper	rows	responders	mean_predicted	observed_rate' \
        '1	0.2	0.2	6	0	0.2	0' '4	0.35000000000000003	0.9	2	2	0.8500000000000001	1')"
}

@test "--json writes the table as an array of objects" {
    pm-calib --json -b 5 "$REF/test_scored.tsv" > c.json
    pm-calib -b 5 "$REF/test_scored.tsv" > c.tsv
    assert_equal "$(jget c.json 2.mean_predicted)" "$(col mean_predicted c.tsv | sed -n 3p)"
    assert_equal "$(jget c.json 0.bin)" 1
}

@test "a score outside [0, 1] is an error naming its line" {
    printf 'response_flag\tscore\n1\t0.5\n0\t1.5\n0\t-2\n' > in.tsv
    run -1 --separate-stderr pm-calib in.tsv
    assert_equal "$stderr" "pm-calib: in.tsv:3: column 'score': '1.5' is outside [0, 1]: calibration needs probabilities"
}

@test "one class only is fine: the observed rates are 0" {
    printf 'response_flag\tscore\n0\t0.15\n0\t0.25\n' > in.tsv
    run pm-calib -b 2 in.tsv
    assert_output "$(printf 'bin\tlower\tupper\trows\tresponders\tmean_predicted\tobserved_rate\n1\t0\t0.5\t2\t0\t0.2\t0')"
}

@test "bad options are usage errors" {
    run -2 --separate-stderr pm-calib --strategy median
    assert_equal "${stderr_lines[0]}" "pm-calib: option '--strategy': 'median' is neither 'uniform' nor 'quantile'"
    run -2 --separate-stderr pm-calib -b 0
    assert_equal "${stderr_lines[0]}" "pm-calib: option '-b': '0' is out of range (1 to 1000000)"
}

@test "--help, --version and a bad option" {
    run pm-calib --help
    assert_success
    assert_line --index 0 "Usage: pm-calib [OPTION]... [FILE]"
    run pm-calib --version
    assert_output "pm-calib (pm) 0.1.0"
    run -2 --separate-stderr pm-calib --bogus
    assert_equal "${stderr_lines[1]}" "Try 'pm-calib --help' for more information."
}
