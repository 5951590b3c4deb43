#!/usr/bin/env bats
# pm-fit --reference first|frequent|COL=LEVEL: which level of a categorical
# column has no term; the model keeps it and pm-predict scores by it.

load helper

@test "--reference frequent: each column's most frequent level, the others' terms in byte order" {
    pm-fit -x industry,region,company_size --reference frequent -o m.json "$REF/train.tsv"
    for c in industry region; do
        most=$(col "$c" "$REF/train.tsv" | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 1 { print $2 }')
        assert_equal "$(jq -r --arg c "$c" '.features[] | select(.name == $c) | .reference' m.json)" "$most"
        assert_equal "$(jq -r --arg c "$c" '.features[] | select(.name == $c) | .levels[].level' m.json)" \
            "$(col "$c" "$REF/train.tsv" | sort -u | grep -vxF "$most")"
    done
    assert_equal "$(jget m.json training.options.reference)" frequent
}

@test "--reference COL=LEVEL names one column's, the rule the rest; the same scores where the penalty is negligible" {
    pm-fit -x industry,region --reference region=EMEA,frequent -C 1e6 -o named.json "$REF/train.tsv"
    assert_equal "$(jget named.json features.1.reference)" EMEA
    assert_equal "$(jget named.json features.0.reference)" Finance
    pm-fit -x industry,region -C 1e6 -o first.json "$REF/train.tsv"
    assert_equal "$(jget first.json features.1.reference)" AMER
    pm-predict -m first.json "$REF/test.tsv" > a.tsv
    pm-predict -m named.json "$REF/test.tsv" > b.tsv
    assert_columns_near a.tsv score b.tsv score 1e-7
}

@test "--reference can name the empty level, which no rule picks" {
    printf 'g\ty\n\t1\nb\t0\n\t0\nb\t1\n\t1\na\t0\n' > t.tsv
    pm-fit -y y --reference frequent -o f.json t.tsv
    assert_equal "$(jget f.json features.0.reference)" b
    pm-fit -y y --reference g= -o e.json t.tsv
    assert_equal "$(jget e.json features.0.reference)" ""
    assert_equal "$(jq -c '[.features[0].levels[].level]' e.json)" '["a","b"]'
}

@test "--reference: a level the column lacks, a column that is not categorical, a bad rule, trees" {
    run -1 --separate-stderr pm-fit -x industry --reference industry=Nope "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: --reference: column 'industry' has no level 'Nope' in $REF/train.tsv"
    run -1 --separate-stderr pm-fit -x industry,company_size --reference company_size=1 "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: --reference: 'company_size' is not a categorical feature"
    run -2 --separate-stderr pm-fit --reference bogus "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: option '--reference': 'bogus' is neither first, frequent nor COLUMN=LEVEL
Try 'pm-fit --help' for more information."
    run -2 --separate-stderr pm-fit --trees --reference frequent "$REF/train.tsv"
    assert_equal "$stderr" "pm-fit: option '--reference' is for the logistic model, not --trees
Try 'pm-fit --help' for more information."
}
