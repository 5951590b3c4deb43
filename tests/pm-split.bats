#!/usr/bin/env bats
# pm-split: random, stratified, hash and time splits, both parts from one run.

load helper

rows() { tail -n +2 "$1"; }

@test "the same seed gives the same partitions; another seed other ones" {
    pm-split --seed 7 --train a1.tsv --test b1.tsv "$REF/train.tsv"
    pm-split --seed 7 --train a2.tsv --test b2.tsv "$REF/train.tsv"
    cmp a1.tsv a2.tsv
    cmp b1.tsv b2.tsv
    pm-split --seed 8 --train a3.tsv --test b3.tsv "$REF/train.tsv"
    run cmp -s b1.tsv b3.tsv
    assert_failure
}

@test "the parts hold every row once, in input order, each with the header" {
    pm-split --train a.tsv --test b.tsv "$REF/train.tsv"
    assert_equal "$(head -1 a.tsv)" "$(head -1 "$REF/train.tsv")"
    assert_equal "$(head -1 b.tsv)" "$(head -1 "$REF/train.tsv")"
    diff <(cat <(rows a.tsv) <(rows b.tsv) | sort) <(rows "$REF/train.tsv" | sort)
    diff <(rows a.tsv) <(rows "$REF/train.tsv" | grep -F -x -f <(rows a.tsv))
    diff <(rows b.tsv) <(rows "$REF/train.tsv" | grep -F -x -f <(rows b.tsv))
}

@test "a random split has exactly ceil(F * rows) test rows" {
    pm-split --test b.tsv "$REF/train.tsv" > a.tsv
    assert_equal "$(rows b.tsv | wc -l)" 800
    pm-split -f 0.33 --test b.tsv "$REF/train.tsv" > a.tsv
    assert_equal "$(rows b.tsv | wc -l)" 1320
    head -11 "$REF/train.tsv" | pm-split -f 0.25 --test b.tsv > a.tsv
    assert_equal "$(rows b.tsv | wc -l)" 3
}

@test "stratified: each part's base rate within one row of exact" {
    for f in 0.2 0.3 0.37; do
        pm-split -f "$f" --stratify response_flag --train a.tsv --test b.tsv "$REF/train.tsv"
        base=$(rows "$REF/train.tsv" | awk -F'\t' '{ n++; s += $12 } END { printf "%.17g", s / n }')
        for part in a.tsv b.tsv; do
            rows "$part" | awk -F'\t' -v b="$base" '{ n++; s += $12 }
                END { d = s - b * n; if (d < 0) d = -d; if (d >= 1) { print n, s, b * n; exit 1 } }'
        done
        assert_equal "$(rows b.tsv | wc -l)" "$(awk -v f="$f" 'BEGIN { x = f * 4000; print (x == int(x)) ? x : int(x) + 1 }')"
    done
}

@test "stratified on a column of many values keeps each value's share" {
    pm-split --stratify industry --train a.tsv --test b.tsv "$REF/train.tsv"
    for v in $(rows "$REF/train.tsv" | cut -f2 | sort -u); do
        n=$(rows "$REF/train.tsv" | cut -f2 | grep -c -x "$v")
        t=$(rows b.tsv | cut -f2 | grep -c -x "$v")
        awk -v n="$n" -v t="$t" 'BEGIN { d = t - 0.2 * n; if (d < 0) d = -d; exit !(d < 1) }'
    done
}

@test "hash: an id lands in the same part whatever the other rows" {
    pm-split --hash account_id --mark part "$REF/train.tsv" | cut -f1,20 | tail -n +2 | sort > all.txt
    # every third row, and the rows of another file as company
    { head -1 "$REF/train.tsv"; rows "$REF/train.tsv" | awk 'NR % 3 == 0'; rows "$REF/test.tsv" | sed 's/^ACC/OTHER/'; } > some.tsv
    pm-split --hash account_id --mark part some.tsv | cut -f1,20 | tail -n +2 | grep -v '^OTHER' | sort > some.txt
    assert_equal "$(wc -l < some.txt)" 1333
    assert_equal "$(join -t $'\t' some.txt all.txt | awk -F'\t' '$2 != $3' | wc -l)" 0
    # about the fraction asked for
    n=$(grep -c 'test$' all.txt)
    awk -v n="$n" 'BEGIN { exit !(n > 700 && n < 900) }'
}

@test "hash: the seed salts it" {
    diff <(pm-split --hash account_id --mark p "$REF/train.tsv") <(pm-split --hash account_id --mark p "$REF/train.tsv")
    run cmp -s <(pm-split --hash account_id --mark p "$REF/train.tsv") <(pm-split -s 2 --hash account_id --mark p "$REF/train.tsv")
    assert_failure
}

@test "time: rows before the cut-off train, the rest test" {
    pm-split --time campaign_wave --cutoff 7 --train a.tsv --test b.tsv "$REF/train.tsv"
    assert_equal "$(rows a.tsv | cut -f11 | sort -u | paste -sd,)" 1,2,3,4,5,6
    assert_equal "$(rows b.tsv | cut -f11 | sort -u | paste -sd,)" 7,8
    assert_equal "$(( $(rows a.tsv | wc -l) + $(rows b.tsv | wc -l) ))" 4000
}

@test "time: a cut-off that is not a number compares in byte order, as ISO dates do" {
    printf 'id\tday\n1\t2024-03-01\n2\t2023-12-31\n3\t2024-02-29\n4\t2024-03-02\n' > days.tsv
    pm-split --time day --cutoff 2024-03-01 --test late.tsv days.tsv > early.tsv
    assert_equal "$(rows early.tsv | cut -f1 | paste -sd,)" 2,3
    assert_equal "$(rows late.tsv | cut -f1 | paste -sd,)" 1,4
}

@test "time: with a numeric cut-off every value must be a number" {
    printf 'id\twave\n1\t3\n2\tsoon\n' > w.tsv
    run -1 --separate-stderr pm-split --time wave --cutoff 2 --test t.tsv w.tsv
    assert_equal "$stderr" "pm-split: w.tsv:3: column 'wave': 'soon' is not a number (the cut-off '2' is)"
    printf 'id\twave\n1\t3\n2\t\n' > w.tsv
    run -1 --separate-stderr pm-split --time wave --cutoff 2 --test t.tsv w.tsv
    assert_equal "$stderr" "pm-split: w.tsv:3: column 'wave': missing value"
}

@test "--mark writes every row once with its part" {
    pm-split --stratify response_flag --mark part "$REF/train.tsv" > marked.tsv
    pm-split --stratify response_flag --train a.tsv --test b.tsv "$REF/train.tsv"
    assert_equal "$(head -1 marked.tsv)" "$(head -1 "$REF/train.tsv")$(printf '\tpart')"
    diff <(awk -F'\t' -v OFS='\t' '$NF == "test" { NF--; print }' marked.tsv) <(rows b.tsv)
    diff <(awk -F'\t' -v OFS='\t' '$NF == "train" { NF--; print }' marked.tsv) <(rows a.tsv)
}

@test "from a pipe: the same split as from the file" {
    pm-split --stratify response_flag --train a1.tsv --test b1.tsv "$REF/train.tsv"
    cat "$REF/train.tsv" | pm-split --stratify response_flag --test b2.tsv > a2.tsv
    cmp a1.tsv a2.tsv
    cmp b1.tsv b2.tsv
    pm-split --test b3.tsv < "$REF/train.tsv" > a3.tsv
    pm-split --test b4.tsv "$REF/train.tsv" > a4.tsv
    cmp b3.tsv b4.tsv
    # a named pipe is read once too
    pm-split --stratify response_flag --test b5.tsv <(cat "$REF/train.tsv") > a5.tsv
    cmp a1.tsv a5.tsv
    cmp b1.tsv b5.tsv
}

@test "stdin that does not start at the beginning of its file is read from where it starts" {
    { echo "a line before the table"; cat "$REF/train.tsv"; } > late.tsv
    # bash's read leaves the offset just after the first line
    { IFS= read -r _; pm-split --test b.tsv > a.tsv; } < late.tsv
    pm-split --test d.tsv "$REF/train.tsv" > c.tsv
    cmp a.tsv c.tsv
    cmp b.tsv d.tsv
}

@test "CSV input is split as TSV" {
    awk -F'\t' -v OFS=, '{ $1 = $1; print }' "$REF/train.tsv" > train.csv
    pm-split --test b.tsv train.csv > a.tsv
    pm-split --test d.tsv "$REF/train.tsv" > c.tsv
    cmp a.tsv c.tsv
    cmp b.tsv d.tsv
}

@test "a failed run leaves neither part behind" {
    printf 'id\twave\n1\t3\n2\tsoon\n' > w.tsv
    run -1 --separate-stderr pm-split --time wave --cutoff 2 --train a.tsv --test b.tsv w.tsv
    assert [ ! -e a.tsv ]
    assert [ ! -e b.tsv ]
}

@test "errors: columns, marks and usage" {
    run -1 --separate-stderr pm-split --stratify nope --test b.tsv "$REF/train.tsv"
    assert_equal "$stderr" "pm-split: column 'nope' not found in header of $REF/train.tsv"
    run -1 --separate-stderr pm-split --mark region "$REF/train.tsv"
    assert_equal "$stderr" "pm-split: $REF/train.tsv: already has a column 'region'; name the mark with --mark"
    run -2 --separate-stderr pm-split "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-split: give --train FILE or --test FILE (the other part goes to stdout), or --mark NAME"
    run -2 --separate-stderr pm-split --train a --test a "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-split: --train and --test name the same file 'a'"
    run -2 --separate-stderr pm-split --mark p --test b "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-split: --mark writes one table: give it without --train and --test"
    run -2 --separate-stderr pm-split --hash account_id --stratify response_flag --test b
    assert_equal "${stderr_lines[0]}" "pm-split: option '--stratify': choose one of --stratify, --hash and --time"
    run -2 --separate-stderr pm-split --time campaign_wave --test b
    assert_equal "${stderr_lines[0]}" "pm-split: --time needs --cutoff VALUE"
    run -2 --separate-stderr pm-split --cutoff 3 --test b
    assert_equal "${stderr_lines[0]}" "pm-split: --cutoff goes with --time COL"
    run -2 --separate-stderr pm-split --time campaign_wave --cutoff 3 -s 2 --test b
    assert_equal "${stderr_lines[0]}" "pm-split: --time splits by the cut-off alone; drop --fraction and --seed"
    run -2 --separate-stderr pm-split -f 1 --test b
    assert_equal "${stderr_lines[0]}" "pm-split: option '--fraction': '1' is not between 0 and 1"
    run -2 --separate-stderr pm-split -o x --test b
    assert_equal "${stderr_lines[0]}" "pm-split: -o goes with --mark; give --train FILE and --test FILE instead"
}

@test "--help and --version" {
    run pm-split --help
    assert_success
    assert_line --index 0 "Usage: pm-split [OPTION]... --train FILE|--test FILE|--mark NAME [FILE]"
    run pm-split --version
    assert_output --regexp '^pm-split \(pm\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "--train and --test naming one file however spelled is refused, and no part is lost" {
    mkdir sub
    for test in ./t.tsv "$TMP/t.tsv" sub/../t.tsv; do
        run -2 --separate-stderr pm-split --train t.tsv --test "$test" "$REF/train.tsv"
        assert_equal "${stderr_lines[0]}" "pm-split: --train and --test name the same file 't.tsv'"
        assert [ ! -e t.tsv ]
    done
    # an existing file by another name (a hard link) is the same file too
    : > t.tsv && ln t.tsv u.tsv
    run -2 --separate-stderr pm-split --train t.tsv --test u.tsv "$REF/train.tsv"
    assert_equal "${stderr_lines[0]}" "pm-split: --train and --test name the same file 't.tsv'"
    run -0 pm-split --train t.tsv --test sub/t.tsv "$REF/train.tsv"
}
