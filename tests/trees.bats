#!/usr/bin/env bats
# pm-fit --trees, and pm-predict and pm-coef on a tree model: Python's
# xgboost 1.7.4 on the same data and parameters (tests/reference/make_beyond.py,
# beyond.json "trees"), each to the tolerance its test states.

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

# beyond PATH...: values from tests/reference/beyond.json.
beyond() {
    jget "$REF/beyond.json" "$@"
}

# fit_trees [OPTION]...: the reference model (beyond.json trees.params are
# pm-fit's defaults), written to model.json.
fit_trees() {
    SOURCE_DATE_EPOCH=0 pm-fit --trees -x "$FEATURES" "$@" -o model.json "$REF/train.tsv"
}

@test "the parameters of the reference are pm-fit's defaults" {
    fit_trees
    for p in objective tree_method eta max_depth min_child_weight lambda max_bin subsample \
        colsample_bytree max_cat_to_onehot seed eval_metric; do
        assert_equal "$(jget model.json parameters.$p)" "$(beyond trees.params.$p)"
    done
    assert_equal "$(jget model.json parameters.num_boost_round)" "$(beyond trees.rounds)"
    assert_equal "$(jget model.json training.rounds)" 100
    assert_equal "$(jget model.json kind)" trees
}

@test "scores on test.tsv equal xgboost's to 1e-7" {
    fit_trees
    pm-predict -m model.json "$REF/test.tsv" > scored.tsv
    assert_columns_near scored.tsv score "$REF/test_scored_trees.tsv" score 1e-7
    assert_equal "$(wc -l < scored.tsv)" 1501
}

@test "the logit of the first 20 scores equals xgboost's margins to 1e-6" {
    fit_trees
    pm-predict -m model.json "$REF/test.tsv" | col score | head -20 |
        awk '{ printf "%.17g\n", log($1 / (1 - $1)) }' > logit.txt
    paste logit.txt <(beyond trees.first_margins) > pairs.txt
    assert_equal "$(wc -l < pairs.txt)" 20
    while read -r a e; do assert_near "$a" "$e" 1e-6; done < pairs.txt
}

@test "the model's categorical levels are the training levels in byte order" {
    fit_trees
    for i in 11 12 13 14 15; do
        name=$(jget model.json features.$i.name)
        assert_equal "$(jget model.json features.$i.type)" categorical
        assert_equal "$(jget model.json features.$i.levels)" "$(beyond trees.levels.$name)"
    done
    assert_equal "$(jget model.json features.0.type)" numeric
}

@test "pm-coef: total gain by column equals xgboost's to 1e-6 relative; unused columns 0" {
    fit_trees
    pm-coef model.json > imp.tsv
    assert_equal "$(head -1 imp.tsv)" "$(printf 'feature\ttype\ttotal_gain\tgain\tcover\tweight')"
    assert_equal "$(wc -l < imp.tsv)" 17
    while IFS=$'\t' read -r name type total gain cover weight; do
        if e=$(beyond trees.importance_gain.$name); then
            assert_near "$total" "$e" "$(awk -v e="$e" 'BEGIN { printf "%.17g", 1e-6 * e }')"
            # the mean gain is the total over the splits
            assert_near "$gain" "$(awk -v t="$total" -v w="$weight" 'BEGIN { printf "%.17g", t / w }')" 1e-3
        else
            assert_equal "$total $gain $cover $weight" "0 0 0 0"
        fi
    done < <(tail -n +2 imp.tsv)
    # ranked by total gain
    assert_equal "$(tail -n +2 imp.tsv | cut -f3 | sort -g -r -c && echo sorted)" sorted
}

@test "pm-coef --intercept on a tree model is a usage error" {
    fit_trees
    run -2 --separate-stderr pm-coef --intercept model.json
    assert_equal "$stderr" "pm-coef: option '--intercept': model.json is a model of trees, which has no intercept
Try 'pm-coef --help' for more information."
}

@test "--valid test.tsv --patience 10: the best round is xgboost's, and the model keeps it" {
    fit_trees --valid "$REF/test.tsv" --patience 10
    assert_equal "$(jget model.json training.early_stopping.best_round)" "$(beyond trees.early_stopping.best_iteration)"
    assert_near "$(jget model.json training.early_stopping.best_score)" "$(beyond trees.early_stopping.best_score)" 1e-9
    assert_equal "$(jget model.json training.rounds)" $(($(beyond trees.early_stopping.best_iteration) + 1))
    # the same trees as a fit of that many rounds
    mv model.json stopped.json
    fit_trees --rounds $(($(beyond trees.early_stopping.best_iteration) + 1))
    cmp <(jget stopped.json booster) <(jget model.json booster)
}

@test "--valid-metric auc stops on the validation AUC" {
    fit_trees --valid "$REF/test.tsv" --valid-metric auc --patience 5
    assert_equal "$(jget model.json parameters.eval_metric)" auc
    best=$(jget model.json training.early_stopping.best_round)
    assert_equal "$(jget model.json training.rounds)" $((best + 1))
}

@test "--threads 1 and --threads 2 give the same model bytes" {
    fit_trees --threads 1
    mv model.json one.json
    fit_trees --threads 2
    cmp one.json model.json
}

@test "training rows in another order give the same scores" {
    fit_trees
    pm-predict -m model.json "$REF/test.tsv" > a.tsv
    { head -1 "$REF/train.tsv"; tail -n +2 "$REF/train.tsv" | sort -t$'\t' -k5,5 -k1,1; } > shuffled.tsv
    SOURCE_DATE_EPOCH=0 pm-fit --trees -x "$FEATURES" -o shuffled.json shuffled.tsv
    pm-predict -m shuffled.json "$REF/test.tsv" | cmp - a.tsv
}

@test "columns of the input in any order: the same scores" {
    fit_trees
    pm-predict -m model.json -k account_id "$REF/test.tsv" > a.tsv
    awk -F'\t' -v OFS='\t' '{ for (i = NF; i > 1; i--) printf "%s\t", $i; print $1 }' \
        "$REF/test.tsv" > reversed.tsv
    pm-predict -m model.json -k account_id reversed.tsv | cmp - a.tsv
}

@test "an unseen level scores as a missing value, counted on stderr; a missing number too" {
    fit_trees
    head -4 "$REF/test.tsv" > three.tsv
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "region") k = i }
        NR > 1 { $k = "" } 1' three.tsv > empty.tsv
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "region") k = i }
        NR == 3 { $k = "Mars" } NR > 1 && NR != 3 { $k = "" } 1' three.tsv > unseen.tsv
    pm-predict -m model.json -k account_id empty.tsv > empty.out
    run --separate-stderr pm-predict -m model.json -k account_id unseen.tsv
    assert_success
    assert_equal "$stderr" "pm-predict: unseen.tsv: column 'region': 1 row with a level unseen in training (first 'Mars', line 3) scored as a missing value"
    assert_equal "$output" "$(cat empty.out)"
    # and the missing value goes its own way: some row's score changes
    pm-predict -m model.json -k account_id three.tsv > full.out
    ! cmp -s full.out empty.out
    # a missing number is NaN to XGBoost, with no option needed
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tenure_months") k = i }
        NR == 2 { $k = "" } 1' three.tsv > nonum.tsv
    run --separate-stderr pm-predict -m model.json nonum.tsv
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${#lines[@]}" 4
}

@test "pm-fit --trees takes missing values in training: numbers and levels" {
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "tenure_months") a = i; if ($i == "region") b = i } }
        NR > 1 && NR % 7 == 0 { $a = "" } NR > 1 && NR % 11 == 0 { $b = "" } 1' "$REF/train.tsv" > holes.tsv
    run --separate-stderr pm-fit --trees -x "$FEATURES" -o model.json holes.tsv
    assert_success
    assert_equal "$stderr" ""
    # region keeps its four levels: an empty field is no level
    assert_equal "$(jget model.json features.12.levels | tr '\n' ' ')" "AMER APAC EMEA LATAM "
    assert_equal "$(jget model.json features.5.type)" numeric
}

@test "the booster inside is XGBoost's own JSON" {
    fit_trees
    jget model.json booster > booster.json
    assert_equal "$(jq -r '.learner.objective.name' booster.json)" binary:logistic
    assert_equal "$(jq -r '.learner.gradient_booster.model.gbtree_model_param.num_trees' booster.json)" 100
    assert_equal "$(jq -r '.learner.feature_names | join(",")' booster.json)" "$FEATURES"
}

@test "monotone constraints: the score never falls as an --increasing column rises" {
    fit_trees --increasing tenure_months --decreasing support_tickets_90d
    assert_equal "$(jget model.json features.5.monotone)" 1
    assert_equal "$(jget model.json features.6.monotone)" -1
    # one account, tenure 0..200 months: scores never fall
    head -2 "$REF/test.tsv" > one.tsv
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tenure_months") k = i; print; next }
        { for (t = 0; t <= 200; t += 5) { $k = t; print } }' one.tsv > grid.tsv
    pm-predict -m model.json grid.tsv | col score > s.txt
    assert_equal "$(sort -g -c s.txt && echo rising)" rising
    assert_equal "$(sort -u s.txt | wc -l | awk '$1 > 1 { print "varies" }')" varies
}

@test "usage errors: an option of the other model, bad values, --patience without --valid" {
    run -2 --separate-stderr pm-fit --rounds 10 "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '--rounds' needs --trees"
    run -2 --separate-stderr pm-fit --trees -C 2 "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '-C' is for the logistic model, not --trees"
    run -2 --separate-stderr pm-fit --trees --patience 5 "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '--patience' needs --valid FILE or --folds"
    run -2 --separate-stderr pm-fit --trees --eta 0 "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '--eta': '0' is not positive"
    run -2 --separate-stderr pm-fit --trees --subsample 1.5 "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '--subsample': '1.5' is more than 1"
    run -2 --separate-stderr pm-fit --trees --valid-metric error --valid "$REF/test.tsv" "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '--valid-metric': 'error' is neither 'logloss' nor 'auc'"
    run -2 --separate-stderr pm-fit --trees --folds 5 --valid "$REF/test.tsv" "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: options '--valid' and '--folds' both choose the rounds: give one"
    run -2 --separate-stderr pm-fit --trees --depth 0 "$REF/train.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-fit: option '--depth': '0' is out of range (1 to 30)"
}

@test "monotone constraints on a categorical or unknown column are refused" {
    run -1 --separate-stderr pm-fit --trees -x "$FEATURES" --increasing region "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: --increasing: 'region' is categorical; a constraint needs a numeric column"
    run -1 --separate-stderr pm-fit --trees -x "$FEATURES" --decreasing nothing "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: column 'nothing' not found in header of $REF/train.tsv"
    run -2 --separate-stderr pm-fit --trees -x "$FEATURES" --decreasing account_id "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--decreasing': 'account_id' is not a feature"
    run -1 --separate-stderr pm-fit --trees -x "$FEATURES" --increasing tenure_months --decreasing tenure_months "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: --increasing, --decreasing: 'tenure_months' is constrained twice"
}

@test "pm-predict --impute-mean with a tree model is a usage error" {
    fit_trees
    run -2 --separate-stderr pm-predict -m model.json --impute-mean "$REF/test.tsv"
    assert_equal "${stderr%%$'\n'*}" "pm-predict: option '--impute-mean' is for a logistic model; trees take a missing value as it is"
    assert_equal "$output" ""
}

@test "with glibc's FMA and AVX2 paths off, the same model bytes and scores (as observed; see pm-fit(1))" {
    fit_trees --threads 2
    pm-predict -m model.json "$REF/test.tsv" > scored.tsv
    mv model.json plain.json
    GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F fit_trees --threads 2
    cmp plain.json model.json
    GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F pm-predict -m model.json "$REF/test.tsv" | cmp - scored.tsv
}

@test "batches: 9,000 rows score as the same rows in files of 1,000, reasons too" {
    fit_trees
    pm-synth -n 9000 -s 11 | pm-features > many.tsv
    pm-predict -m model.json --reasons 2 -k account_id many.tsv > whole.tsv
    assert_equal "$(wc -l < whole.tsv)" 9001
    head -1 whole.tsv > parts.tsv
    for i in 0 1 2 3 4 5 6 7 8; do
        { head -1 many.tsv; tail -n +$((2 + 1000 * i)) many.tsv | head -1000; } |
            pm-predict -m model.json --reasons 2 -k account_id | tail -n +2 >> parts.tsv
    done
    cmp whole.tsv parts.tsv
}

@test "300,000 rows go to XGBoost a batch at a time: under 64 MB, no float32 matrix of them all" {
    # The rows in memory take about 30 MB; a float32 matrix of them and
    # XGBoost's DMatrix of it took 40 MB more (89 MB in all when measured).
    # A sanitized build (its folder says so) gets four times as much.
    case $PM_BIN in
    */sanitize/*) san=4 ;;
    *) san=1 ;;
    esac
    pm-synth -n 300000 -s 5 > big.tsv
    SOURCE_DATE_EPOCH=0 peakmem peak.txt pm-fit --trees --rounds 2 --threads 2 --exclude account_id \
        -o two.json big.tsv
    [ "$(cat peak.txt)" -lt $((64 * 1024 * san)) ] || fail "peak $(cat peak.txt) kB"
    SOURCE_DATE_EPOCH=0 pm-fit --trees --rounds 2 --threads 1 --exclude account_id -o one.json big.tsv
    cmp one.json two.json
}
