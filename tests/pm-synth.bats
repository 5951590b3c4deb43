#!/usr/bin/env bats
# pm-synth: the columns of pm-synth(1) OUTPUT, reproducible bytes, the base rate, --drift.

load helper

HEADER='account_id	industry	region	company_size	annual_revenue	website_visits_30d	email_opens_30d	contract_remaining_months	tenure_months	support_tickets_90d	campaign_wave	response_flag'

@test "the header is the columns of pm-synth(1) OUTPUT, in order" {
    run pm-synth -n 0
    assert_success
    assert_output "$HEADER"
}

@test "the same seed gives the same bytes; another seed differs" {
    pm-synth -n 5000 -s 11 > a.tsv
    pm-synth -n 5000 -s 11 > b.tsv
    pm-synth -n 5000 -s 12 > c.tsv
    cmp a.tsv b.tsv
    run cmp -s a.tsv c.tsv
    assert_failure
}

@test "the bytes are those pinned in tests/golden (same on every machine)" {
    pm-synth -n 20 -s 42 | cmp - "$PM_ROOT/tests/golden/synth-n20-s42.tsv"
    pm-synth -n 20 -s 7 --drift 1.5 | cmp - "$PM_ROOT/tests/golden/synth-n20-s7-drift1.5.tsv"
}

@test "a longer run starts with the rows of a shorter one" {
    pm-synth -n 300 -s 5 > long.tsv
    pm-synth -n 100 -s 5 | cmp - <(head -101 long.tsv)
}

@test "every value is in its documented domain" {
    pm-synth -n 20000 -s 3 | awk -F'\t' '
        NR == 1 { next }
        NF != 12 { bad = "fields " NF }
        $1 != sprintf("ACC%07d", NR - 1) { bad = "id " $1 }
        $2 !~ /^(Software|Manufacturing|Healthcare|Finance|Retail|Education|Logistics|Energy)$/ { bad = "industry " $2 }
        $3 !~ /^(AMER|EMEA|APAC|LATAM)$/ { bad = "region " $3 }
        $4 !~ /^[0-9]+$/ || $4 < 5 || $4 > 50000 { bad = "size " $4 }
        $5 !~ /^[0-9]+\.[0-9][0-9]$/ { bad = "revenue " $5 }
        $6 !~ /^[0-9]+$/ || $7 !~ /^[0-9]+$/ || $10 !~ /^[0-9]+$/ { bad = "counts" }
        $8 !~ /^[0-9]+$/ || $8 > 36 { bad = "remaining " $8 }
        $9 !~ /^[0-9]+$/ || $9 < 1 || $9 > 120 { bad = "tenure " $9 }
        $11 !~ /^[1-8]$/ { bad = "wave " $11 }
        $12 !~ /^[01]$/ { bad = "response " $12 }
        bad { print "line " NR ": " bad; exit 1 }'
}

@test "the base rate of 100,000 rows is 19.6% +- 1 point" {
    rate=$(pm-synth -n 100000 | awk -F'\t' 'NR > 1 { n++; y += $12 } END { print y / n }')
    assert_near "$rate" 0.196 0.01
}

@test "the region mix is 45/30/15/10 and industries are uniform (within 1 point)" {
    pm-synth -n 100000 -s 8 | awk -F'\t' 'NR > 1 { n++; r[$3]++; i[$2]++ }
        END { want["AMER"] = .45; want["EMEA"] = .30; want["APAC"] = .15; want["LATAM"] = .10
              for (k in want) if ((d = r[k] / n - want[k]) > .01 || d < -.01) { print k, r[k] / n; exit 1 }
              for (k in i) if ((d = i[k] / n - .125) > .01 || d < -.01) { print k, i[k] / n; exit 1 } }'
}

# mean COLUMN FILE / median COLUMN FILE
mean() { awk -F'\t' -v c="$1" 'NR > 1 { s += $c; n++ } END { print s / n }' "$2"; }
median() { awk -F'\t' -v c="$1" 'NR > 1 { print $c }' "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int(NR / 2)] }'; }

@test "--drift moves size, visits and renewal timing the documented way" {
    pm-synth -n 50000 -s 4 > base.tsv
    pm-synth -n 50000 -s 4 --drift 1 > drift.tsv
    # company_size: median exp(5.3) = 200 -> exp(6.3) = 545
    assert_near "$(median 4 base.tsv)" 200 12
    assert_near "$(median 4 drift.tsv)" 545 30
    # website_visits_30d: mean 3 (1 + X) = 3 -> 6
    assert_near "$(mean 6 base.tsv)" 3 0.1
    assert_near "$(mean 6 drift.tsv)" 6 0.2
    # contract_remaining_months: floor(37 U^(1+X)); means 18 -> 37/3 - 1/2 = 11.83
    assert_near "$(mean 8 base.tsv)" 18 0.2
    assert_near "$(mean 8 drift.tsv)" 11.83 0.2
    # untouched: tenure uniform on 1..120, mean 60.5
    assert_near "$(mean 9 drift.tsv)" 60.5 0.6
}

@test "bad options are usage errors" {
    run -2 --separate-stderr pm-synth -n ten
    assert_equal "${stderr_lines[0]}" "pm-synth: option '-n': 'ten' is not a whole number"
    run -2 --separate-stderr pm-synth -n -1
    assert_equal "${stderr_lines[0]}" "pm-synth: option '-n': '-1' is out of range (0 to 1000000000000)"
    run -2 --separate-stderr pm-synth --seed 1.5
    assert_equal "${stderr_lines[0]}" "pm-synth: option '--seed': '1.5' is not a whole number"
    run -2 --separate-stderr pm-synth --drift -1
    assert_equal "${stderr_lines[0]}" "pm-synth: option '--drift': '-1' is out of range (0 to 10)"
    run -2 --separate-stderr pm-synth extra
    assert_equal "${stderr_lines[0]}" "pm-synth: unexpected argument 'extra'"
    assert_equal "${stderr_lines[1]}" "Try 'pm-synth --help' for more information."
}

@test "-o writes the file whole; a write error is reported" {
    pm-synth -n 100 -s 2 -o out.tsv
    pm-synth -n 100 -s 2 | cmp - out.tsv
    run -1 --separate-stderr pm-synth -n 100000 -o /dev/full
    assert_equal "$stderr" "pm-synth: write error on /dev/full: No space left on device"
}
