#!/usr/bin/env bats
# pm-predict --reasons: each row's contributions to the logit, for the
# logistic model (coefficient x standardized value, recomputed here from
# reference.json's means and scales) and for trees (XGBoost's SHAP values,
# beyond.json trees.first_contributions).

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

# numeric_terms MODEL: "name mean scale coefficient" of each numeric
# feature: mean and scale from reference.json, the coefficient the model's.
numeric_terms() {
    local i name
    for i in $(seq 0 15); do
        [ "$(jget "$1" features.$i.type)" = numeric ] || continue
        name=$(jget "$1" features.$i.name)
        echo "$name $(ref "fit.1\\.0.mean.$name") $(ref "fit.1\\.0.scale.$name") $(jget "$1" features.$i.coefficient)"
    done
}

# level_terms MODEL: "name=level coefficient" of every level but the reference.
level_terms() {
    local i k name
    for i in $(seq 0 15); do
        [ "$(jget "$1" features.$i.type)" = categorical ] || continue
        name=$(jget "$1" features.$i.name)
        k=0
        while lv=$(jget "$1" features.$i.levels.$k.level 2> /dev/null); do
            echo "$name=$lv $(jget "$1" features.$i.levels.$k.coefficient)"
            k=$((k + 1))
        done
    done
}

@test "logistic: every contribution is coefficient x standardized value, and they add up to the logit, to 1e-9" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    numeric_terms model.json > numeric.txt
    level_terms model.json > levels.txt
    assert_equal "$(wc -l < numeric.txt) $(wc -l < levels.txt)" "11 22"
    pm-predict -m model.json --reasons 16 "$REF/test.tsv" > reasons.tsv
    assert_equal "$(wc -l < reasons.tsv)" 1501
    awk -F'\t' -v icpt="$(jget model.json intercept.coefficient)" '
        FILENAME == "numeric.txt" { split($0, a, " "); mean[a[1]] = a[2]; scale[a[1]] = a[3]; coef[a[1]] = a[4]; next }
        FILENAME == "levels.txt" { split($0, a, " "); lev[a[1]] = a[2]; next }
        FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; first = c["reason_1"]; next }
        {
            sum = icpt; n = 0
            for (i = first; i < NF; i += 2) {
                if ($i == "") continue
                n++
                if ($i in lev) e = lev[$i]
                else if ($i in coef) e = coef[$i] * ($c[$i] - mean[$i]) / scale[$i]
                else { print "line " FNR ": unknown term " $i; bad = 1; continue }
                d = $(i + 1) - e; if (d < 0) d = -d
                if (d > 1e-9) { print "line " FNR ": " $i " " $(i + 1) " expected " e; bad = 1 }
                sum += $(i + 1)
            }
            # every non-zero term is listed: the 11 numeric ones (none is at
            # its mean here) and the 5 levels but the reference ones
            expected_n = 11
            for (k in lev) { split(k, kv, "="); if ($c[kv[1]] == kv[2]) expected_n++ }
            if (n != expected_n) { print "line " FNR ": " n " terms, expected " expected_n; bad = 1 }
            p = $c["score"]; logit = log(p / (1 - p))
            d = sum - logit; if (d < 0) d = -d
            if (d > 1e-9) { print "line " FNR ": sum " sum " logit " logit; bad = 1 }
            rows++
        }
        END { if (rows != 1500) bad = 1; exit bad }' numeric.txt levels.txt reasons.tsv
}

@test "logistic: ranked by value, largest first; --reasons-by abs by |value|" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    for by in value abs; do
        pm-predict -m model.json --reasons 16 --reasons-by $by -k account_id "$REF/test.tsv" |
            awk -F'\t' -v by=$by 'NR > 1 { prev = ""
                for (i = 4; i <= NF; i += 2) { if ($i == "") continue
                    v = $i + 0; if (by == "abs" && v < 0) v = -v
                    if (prev != "" && v > prev) { print "line " NR " not ranked"; bad = 1 }
                    prev = v } }
                END { exit bad }'
    done
}

@test "trees: the first five rows' contributions equal xgboost's pred_contribs to 1e-5, and add up to the margin" {
    SOURCE_DATE_EPOCH=0 pm-fit --trees -x "$FEATURES" -o trees.json "$REF/train.tsv"
    pm-predict -m trees.json --reasons 16 -k account_id "$REF/test.tsv" | head -6 > reasons.tsv
    for row in 0 1 2 3 4; do
        line=$(sed -n "$((row + 2))p" reasons.tsv)
        sum=$(jget "$REF/beyond.json" "trees.first_contributions.$row.(bias)")
        for name in ${FEATURES//,/ }; do
            e=$(jget "$REF/beyond.json" "trees.first_contributions.$row.$name")
            # the term of this column: "name" or "name=level"
            a=$(awk -F'\t' -v n="$name" '{ for (i = 3; i < NF; i += 2) { split($i, kv, "="); if (kv[1] == n) print $(i + 1) } }' <<<"$line")
            if [ "$e" = 0 ]; then
                assert_equal "$a" "" # a term of 0 is left out
            else
                assert_near "$a" "$e" 1e-5
                sum=$(awk -v s="$sum" -v a="$a" 'BEGIN { printf "%.17g", s + a }')
            fi
        done
        assert_near "$sum" "$(jget "$REF/beyond.json" "trees.first_margins.$row")" 1e-5
    done
}

@test "trees: a categorical term is named by the row's level" {
    SOURCE_DATE_EPOCH=0 pm-fit --trees -x "$FEATURES" -o trees.json "$REF/train.tsv"
    pm-predict -m trees.json --reasons 16 "$REF/test.tsv" | head -2 > reasons.tsv
    region=$(col region reasons.tsv)
    assert_equal "$(sed -n 2p reasons.tsv | tr '\t' '\n' | grep -c "^region=$region\$")" 1
    assert_equal "$(sed -n 2p reasons.tsv | tr '\t' '\n' | grep -c '^tenure_months$')" 1
}

@test "columns of the input in another order give the same reasons, for both models" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    SOURCE_DATE_EPOCH=0 pm-fit --trees -x "$FEATURES" -o trees.json "$REF/train.tsv"
    awk -F'\t' -v OFS='\t' '{ for (i = NF; i > 1; i--) printf "%s\t", $i; print $1 }' "$REF/test.tsv" > reversed.tsv
    for m in model trees; do
        pm-predict -m $m.json --reasons 3 -k account_id "$REF/test.tsv" > a.tsv
        pm-predict -m $m.json --reasons 3 -k account_id reversed.tsv | cmp - a.tsv
    done
}

@test "K beyond the number of terms gives them all; rows with fewer leave the rest empty" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    pm-predict -m model.json --reasons 100 -k account_id "$REF/test.tsv" > r.tsv
    assert_equal "$(head -1 r.tsv | awk -F'\t' '{ print NF }')" $((2 + 2 * 16))
    assert_equal "$(head -1 r.tsv | cut -f33,34)" "$(printf 'reason_16\treason_16_logit')"
    # a row with a level at its reference has fewer terms: its last pairs are
    # empty, and only the last
    awk -F'\t' 'NR > 1 { empty = 0
            for (i = 3; i < NF; i += 2) { if ($i == "") { empty++; if ($(i + 1) != "") bad = 1 } else if (empty) bad = 1 }
            if (empty) short++ }
        END { exit bad || short == 0 }' r.tsv
}

@test "--reasons-text: the kept columns, the score to 3 decimals, the reasons with the row's values" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    pm-predict -m model.json --reasons 3 "$REF/test.tsv" | head -6 > r.tsv
    pm-predict -m model.json --reasons-text -k account_id "$REF/test.tsv" | head -5 > text.txt
    # the same line, made here from the TSV output
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { line = sprintf("%s  %.3f", $c["account_id"], $c["score"])
          for (k = 1; k <= 3; k++) { name = $c["reason_" k]; if (name == "") continue
              shown = index(name, "=") ? name : name "=" $c[name]
              line = line (k == 1 ? "  " : ", ") sprintf("%s (%+.2f)", shown, $c["reason_" k "_logit"]) }
          print line }' r.tsv > expected.txt
    diff -u expected.txt text.txt
}

@test "--keep composes with --reasons; -o writes the same" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    pm-predict -m model.json --reasons 2 -k account_id,response_flag -o out.tsv "$REF/test.tsv"
    assert_equal "$(head -1 out.tsv)" "$(printf 'account_id\tresponse_flag\tscore\treason_1\treason_1_logit\treason_2\treason_2_logit')"
    pm-predict -m model.json --reasons 2 "$REF/test.tsv" | cut -f1,12,20- | cmp - out.tsv
}

@test "--reasons 0, a negative or non-numeric K, or a bad --reasons-by is a usage error" {
    pm-fit -x "$FEATURES" -o model.json "$REF/train.tsv"
    for k in 0 -1; do
        run -2 --separate-stderr pm-predict -m model.json --reasons $k "$REF/test.tsv"
        assert_equal "${stderr%%$'\n'*}" "pm-predict: option '--reasons': '$k' is out of range (1 to 100000)"
    done
    run -2 --separate-stderr pm-predict -m model.json --reasons three "$REF/test.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-predict: option '--reasons': 'three' is not a whole number"
    run -2 --separate-stderr pm-predict -m model.json --reasons 3 --reasons-by size "$REF/test.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-predict: option '--reasons-by': 'size' is neither 'value' nor 'abs'"
    run -2 --separate-stderr pm-predict -m model.json --reasons-by abs "$REF/test.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-predict: option '--reasons-by' needs --reasons K"
}
