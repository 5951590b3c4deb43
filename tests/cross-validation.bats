#!/usr/bin/env bats
# pm-fit -C LIST --folds: cross-validation that chooses C, against scikit-learn's
# GridSearchCV over StandardScaler + OneHotEncoder(drop='first') +
# LogisticRegression(newton-cholesky, tol 1e-12), PredefinedSplit with row i of
# train.tsv in fold i % 5 (tests/reference/beyond.json, "cv").

load helper

FEATURES=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin
GRID=0.001,0.01,0.1,1,10

beyond() {
    jget "$REF/beyond.json" "$@"
}

# train.tsv with a column 'fold': row i (0-based, file order) in fold i % 5.
with_folds() {
    awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "fold"; next } { print $0, (NR - 2) % 5 }' \
        "$REF/train.tsv" > train_folds.tsv
}

@test "every held-out log loss and AUC of the five C equals GridSearchCV's to 1e-9" {
    with_folds
    pm-fit -x "$FEATURES" -C "$GRID" --folds fold --cv-report report.tsv -o model.json \
        train_folds.tsv
    assert_equal "$(head -1 report.tsv)" "$(printf 'C\tfold\trows\tpositives\tunseen\tlog_loss\tauc')"
    local c k i=0
    for c in 0 1 2 3 4; do
        for k in 0 1 2 3 4; do
            line=$(awk -F'\t' -v c="$c" -v k="$k" '
                NR > 1 && $2 == k { if (n++ == c) { print; exit } }' report.tsv)
            assert_equal "$(cut -f3 <<<"$line")" 800
            assert_near "$(cut -f6 <<<"$line")" \
                "$(awk -v v="$(beyond "cv.neg_log_loss.per_fold.$c.$k")" 'BEGIN { printf "%.17g", -v }')" 1e-9
            assert_near "$(cut -f7 <<<"$line")" "$(beyond "cv.roc_auc.per_fold.$c.$k")" 1e-9
            i=$((i + 1))
        done
    done
    assert_equal "$i" 25
}

@test "the means and standard deviations per C equal GridSearchCV's to 1e-9" {
    with_folds
    pm-fit -x "$FEATURES" -C "$GRID" --folds fold --cv-report report.tsv -o model.json \
        train_folds.tsv
    local c
    for c in 0 1 2 3 4; do
        mean=$(awk -F'\t' -v c="$c" '$2 == "mean" { if (n++ == c) print }' report.tsv)
        sd=$(awk -F'\t' -v c="$c" '$2 == "sd" { if (n++ == c) print }' report.tsv)
        assert_near "$(cut -f6 <<<"$mean")" \
            "$(awk -v v="$(beyond "cv.neg_log_loss.mean.$c")" 'BEGIN { printf "%.17g", -v }')" 1e-9
        assert_near "$(cut -f7 <<<"$mean")" "$(beyond "cv.roc_auc.mean.$c")" 1e-9
        assert_near "$(cut -f6 <<<"$sd")" "$(beyond "cv.neg_log_loss.std.$c")" 1e-9
        assert_near "$(cut -f7 <<<"$sd")" "$(beyond "cv.roc_auc.std.$c")" 1e-9
    done
}

@test "log loss and AUC both choose C = 0.01; the refit model's intercept is scikit-learn's" {
    with_folds
    pm-fit -x "$FEATURES" -C "$GRID" --folds fold -o by_log_loss.json train_folds.tsv
    pm-fit -x "$FEATURES" -C "$GRID" --folds fold --cv-metric auc -o by_auc.json train_folds.tsv
    assert_equal "$(jget by_log_loss.json training.C)" "$(beyond cv.neg_log_loss.best_C)"
    assert_equal "$(jget by_auc.json training.C)" "$(beyond cv.roc_auc.best_C)"
    assert_equal "$(jget by_auc.json training.cross_validation.metric)" auc
    assert_near "$(jget by_log_loss.json intercept.coefficient)" \
        "$(beyond cv.neg_log_loss.refit_intercept)" 1e-6
    # the refit is the plain fit at the chosen C, to the last bit
    pm-fit -x "$FEATURES" -C 0.01 -o plain.json train_folds.tsv
    diff <(grep -v -e timestamp -e '"C"' plain.json | sed '/cross_validation/,/},/d') \
        <(grep -v -e timestamp -e '"C"' by_log_loss.json | sed '/cross_validation/,/},/d')
}

@test "the model keeps the grid, the metric, the folds and the means" {
    with_folds
    pm-fit -x "$FEATURES" -C "$GRID" --folds fold --cv-report report.tsv -o model.json \
        train_folds.tsv
    assert_equal "$(jget model.json training.cross_validation.C.4)" 10
    assert_equal "$(jget model.json training.cross_validation.folds)" 5
    assert_equal "$(jget model.json training.cross_validation.fold_column)" fold
    assert_equal "$(jget model.json training.cross_validation.mean_log_loss.1)" \
        "$(awk -F'\t' '$2 == "mean" && $1 == "0.01" { print $6 }' report.tsv)"
    # a fold column is not a feature
    run pm-coef model.json
    refute_output --partial fold
}

@test "--folds 5 twice with one seed: the same report; every fold's responders within one of exact" {
    pm-fit -x "$FEATURES" -C "$GRID" --folds 5 --seed 7 --cv-report a.tsv -o a.json "$REF/train.tsv"
    pm-fit -x "$FEATURES" -C "$GRID" --folds 5 --seed 7 --cv-report b.tsv -o b.json "$REF/train.tsv"
    cmp a.tsv b.tsv
    # 4000 rows, 812 responders: 800 rows a fold, 162 or 163 responders
    awk -F'\t' 'NR > 1 && $2 != "mean" && $2 != "sd" {
        if ($3 != 800 || $4 < 162 || $4 > 163) { print "fold " $2 ": " $3 " rows, " $4 " responders"; bad = 1 }
        n++ } END { exit bad || n != 25 }' a.tsv
    pm-fit -x "$FEATURES" -C "$GRID" --folds 5 --seed 8 --cv-report c.tsv -o c.json "$REF/train.tsv"
    ! cmp -s a.tsv c.tsv
}

@test "the rows in another order give the same report with a fold column (to 1e-12)" {
    with_folds
    pm-fit -x "$FEATURES" -C 0.01,1 --folds fold --cv-report a.tsv -o a.json train_folds.tsv
    { head -1 train_folds.tsv; tail -n +2 train_folds.tsv | sort -r; } > shuffled.tsv
    pm-fit -x "$FEATURES" -C 0.01,1 --folds fold --cv-report b.tsv -o b.json shuffled.tsv
    diff <(cut -f1-5 a.tsv) <(cut -f1-5 b.tsv)
    paste <(cut -f6,7 a.tsv) <(cut -f6,7 b.tsv) | tail -n +2 | awk -F'\t' '
        { for (i = 1; i <= 2; i++) { d = $i - $(i + 2); if (d < 0) d = -d; if (d > 1e-12) bad = 1 } }
        END { exit bad }'
}

@test "a level that only a held-out fold has scores as unseen, and is counted" {
    {
        printf 'y\tx\tg\tfold\n'
        for i in $(seq 1 60); do
            g=b; [ $((i % 3)) -eq 0 ] && g=a; [ "$i" -le 5 ] && g=rare
            printf '%d\t%d\t%s\t%d\n' $((i * 7 % 5 < 2)) $((i % 10)) "$g" $(( i <= 20 ? 1 : (i <= 40 ? 2 : 3) ))
        done
    } > t.tsv
    pm-fit -y y -C 1 --folds fold --cv-report r.tsv -o m.json t.tsv
    assert_equal "$(awk -F'\t' '$2 == "1" { print $5 }' r.tsv)" 5
    assert_equal "$(awk -F'\t' '$2 == "2" { print $5 }' r.tsv)" 0
    assert_equal "$(awk -F'\t' '$2 == "mean" { print $5 }' r.tsv)" 5
}

@test "cross-validation usage errors" {
    run -2 --separate-stderr pm-fit -C 0.1,1 "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-C': a list of values needs --folds to choose among them"
    run -2 --separate-stderr pm-fit -C 0.1,-1 --folds 5 "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-C': '-1' is not positive"
    run -2 --separate-stderr pm-fit -C 1,1 --folds 5 "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-C': 1 is given twice"
    run -2 --separate-stderr pm-fit --folds 1 "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--folds': '1' is out of range (2 to 1000000)"
    run -2 --separate-stderr pm-fit --cv-metric brier --folds 5 "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--cv-metric': 'brier' is neither log_loss nor auc"
    run -2 --separate-stderr pm-fit --cv-report r.tsv "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--cv-report' needs --folds"
    [ ! -e r.tsv ]
}

@test "cross-validation data errors: no such fold column, a fold column that is a feature, one fold" {
    run -1 --separate-stderr pm-fit --folds wave "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: column 'wave' not found in header of $REF/train.tsv"
    run -2 --separate-stderr pm-fit -x region,industry --folds region "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '-x': 'region' is the fold column (--folds), not a feature"
    run -2 --separate-stderr pm-fit --folds response_flag "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-fit: option '--folds': 'response_flag' is the target"
    awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "fold"; next } { print $0, "all" }' \
        "$REF/train.tsv" > one.tsv
    run -1 --separate-stderr pm-fit -x "$FEATURES" --folds fold --cv-report r.tsv -o m.json one.tsv
    assert_equal "$stderr" "pm-fit: --folds fold: a cross-validation needs two folds or more (the column has one value)"
    [ ! -e r.tsv ] && [ ! -e m.json ]
}

@test "--folds without a list of C cross-validates the one C given (or 1)" {
    pm-fit -x "$FEATURES" --folds 4 --cv-report r.tsv -o m.json "$REF/train.tsv"
    assert_equal "$(jget m.json training.C)" 1
    assert_equal "$(awk -F'\t' 'NR > 1 { print $1 }' r.tsv | sort -u)" 1
    assert_equal "$(grep -c $'^1\tmean\t4000\t812\t' r.tsv)" 1
    run -1 --separate-stderr pm-fit -x "$FEATURES" --folds 4001 "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: --folds 4001: the table has only 4000 rows"
}

# tree_fold_loss ROUNDS FOLD: the log loss on fold FOLD of train_folds.tsv of a
# model of ROUNDS rounds fitted by pm-fit --trees on the other folds, scored by
# pm-predict and measured by pm-metrics: what the cross-validation must report.
tree_fold_loss() {
    awk -F'\t' -v k="$2" 'NR == 1 || $NF != k' train_folds.tsv > part.tsv
    awk -F'\t' -v k="$2" 'NR == 1 || $NF == k' train_folds.tsv > held.tsv
    pm-fit --trees --threads 1 -x "$FEATURES" --rounds "$1" -o part.json part.tsv
    pm-predict -m part.json held.tsv | pm-metrics --tsv | awk -F'\t' '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["log_loss"] }'
}

@test "--trees: each fold's log loss after r rounds is that of r rounds fitted on the other folds" {
    with_folds
    pm-fit --trees -x "$FEATURES" --folds fold --cv-report report.tsv -o model.json train_folds.tsv
    assert_equal "$(head -1 report.tsv)" "$(printf 'rounds\tfold\trows\tpositives\tunseen\tlog_loss')"
    local r k
    for r in 1 7 30; do
        for k in 0 3; do
            assert_near "$(awk -F'\t' -v r="$r" -v k="$k" '$1 == r && $2 == k { print $6 }' report.tsv)" \
                "$(tree_fold_loss "$r" "$k")" 1e-12
        done
    done
}

@test "--trees: the rounds of the lowest mean log loss, measured 10 rounds past it, and the refit" {
    with_folds
    pm-fit --trees -x "$FEATURES" --folds fold --cv-report report.tsv -o model.json train_folds.tsv
    read -r best last <<<"$(awk -F'\t' '$2 == "mean" { if (n++ == 0 || $6 < low) { low = $6; best = $1 } last = $1 }
        END { print best, last }' report.tsv)"
    assert_equal "$(jget model.json training.rounds)" "$best"
    assert_equal "$last" "$((best + 10 < 100 ? best + 10 : 100))"
    assert_equal "$(jget model.json training.cross_validation.rounds)" "$last"
    assert_equal "$(jget model.json training.cross_validation.mean_log_loss.$((best - 1)))" \
        "$(awk -F'\t' -v r="$best" '$1 == r && $2 == "mean" { print $6 }' report.tsv)"
    # the model is the one of that many rounds on all rows
    pm-fit --trees -x "$FEATURES" --rounds "$best" -o plain.json train_folds.tsv
    assert_equal "$(jget model.json booster)" "$(jget plain.json booster)"
    # --patience 3 measures three rounds past the best
    pm-fit --trees -x "$FEATURES" --folds fold --patience 3 --rounds 40 --cv-report p3.tsv -o p3.json \
        train_folds.tsv
    assert_equal "$(tail -1 p3.tsv | cut -f1)" "$(($(jget p3.json training.rounds) + 3 < 40 ? $(jget p3.json training.rounds) + 3 : 40))"
}

@test "--trees --folds: the same report and model for 1 and 2 threads, and for the same seed" {
    SOURCE_DATE_EPOCH=0 pm-fit --trees --threads 1 -x "$FEATURES" --folds 4 --rounds 30 \
        --cv-report a.tsv -o a.json "$REF/train.tsv"
    SOURCE_DATE_EPOCH=0 pm-fit --trees --threads 2 -x "$FEATURES" --folds 4 --rounds 30 \
        --cv-report b.tsv -o b.json "$REF/train.tsv"
    cmp a.tsv b.tsv
    cmp a.json b.json
    SOURCE_DATE_EPOCH=0 pm-fit --trees --seed 1 -x "$FEATURES" --folds 4 --rounds 30 \
        --cv-report c.tsv -o c.json "$REF/train.tsv"
    ! cmp -s a.tsv c.tsv
}

@test "--trees --cv-metric auc: the rounds of the highest mean AUC" {
    with_folds
    pm-fit --trees -x "$FEATURES" --folds fold --cv-metric auc --rounds 40 --cv-report report.tsv \
        -o model.json train_folds.tsv
    assert_equal "$(head -1 report.tsv | cut -f6)" auc
    best=$(awk -F'\t' '$2 == "mean" { if (n++ == 0 || $6 > high) { high = $6; best = $1 } } END { print best }' report.tsv)
    assert_equal "$(jget model.json training.rounds)" "$best"
    assert_equal "$(jget model.json training.cross_validation.metric)" auc
}

@test "--trees: a level only a held-out fold has is a missing value there, and is counted" {
    {
        printf 'y\tx\tg\tfold\n'
        for i in $(seq 1 90); do
            g=b; [ $((i % 3)) -eq 0 ] && g=a; [ "$i" -le 6 ] && g=rare
            printf '%d\t%d\t%s\t%d\n' $((i * 7 % 5 < 2)) $((i % 10)) "$g" $(( i <= 30 ? 1 : (i <= 60 ? 2 : 3) ))
        done
    } > train_folds.tsv
    pm-fit --trees -y y -x x,g --folds fold --rounds 3 --patience 5 --cv-report r.tsv -o m.json train_folds.tsv
    assert_equal "$(awk -F'\t' '$1 == 1 && $2 == "1" { print $5 }' r.tsv)" 6
    assert_equal "$(awk -F'\t' '$1 == 1 && $2 == "2" { print $5 }' r.tsv)" 0
    # scored as pm-predict scores an unseen level: missing
    awk -F'\t' 'NR == 1 || $NF != 1' train_folds.tsv > part.tsv
    awk -F'\t' 'NR == 1 || $NF == 1' train_folds.tsv > held.tsv
    pm-fit --trees -y y -x x,g --rounds 3 -o part.json part.tsv
    loss=$(pm-predict -m part.json held.tsv 2>/dev/null | pm-metrics -y y --tsv | awk -F'\t' '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["log_loss"] }')
    assert_near "$(awk -F'\t' '$1 == 3 && $2 == "1" { print $6 }' r.tsv)" "$loss" 1e-12
}
