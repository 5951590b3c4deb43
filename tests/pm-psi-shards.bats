#!/usr/bin/env bats
# pm-psi in steps, for current rows in shards: --edges reads the reference
# once, --reduce counts each shard in its bins, --merge adds the counts up to
# the report one process gives for all the rows; and the damaged, mixed-up
# and misplaced inputs each get their error.

load helper

train=$REF/train_scored.tsv
drifted=$REF/drifted_scored.tsv
inputs=(-c company_size,website_visits_30d,annual_revenue --categorical industry,region)

# shard FILE N: FILE's data rows dealt round-robin into N files
# shard1.tsv..shardN.tsv, each with the header.
shard() {
    awk -F'\t' -v n="$2" 'NR == 1 { for (i = 1; i <= n; i++) print > ("shard" i ".tsv"); next }
                          { print > ("shard" ((NR - 2) % n + 1) ".tsv") }' "$1"
}

# Current rows with what one file does not show alone: missing values, and
# a level the reference never had, in the last shard only.
make_current() {
    awk -F'\t' 'BEGIN { OFS = "\t" }
        NR > 1 && NR % 7 == 0 { $4 = "" }
        NR > 1 && NR % 11 == 0 { $2 = "" }
        NR > 1400 { $3 = "Antarctica" }
        { print }' "$drifted" > current.tsv
}

@test "three shards merged give one process's table, summary and JSON, byte for byte" {
    make_current
    shard current.tsv 3
    pm-psi --edges "${inputs[@]}" -o bins.psi "$train"
    for i in 1 2 3; do pm-psi --reduce -o part$i.psi bins.psi shard$i.tsv; done
    for form in "" --summary --json; do
        run pm-psi $form "${inputs[@]}" -o whole "$train" current.tsv
        assert_equal "$status" 4
        run pm-psi $form --merge -o merged bins.psi part1.psi part2.psi part3.psi
        assert_equal "$status" 4
        cmp whole merged
    done
    # the missing values and the new level are in the table
    run pm-psi --merge -o table.tsv bins.psi part1.psi part2.psi part3.psi
    grep -q $'^region\tAntarctica\t' table.tsv
    awk -F'\t' '$1 == "company_size" && $2 == "" { n = $6 } END { exit !(n > 0) }' table.tsv
}

@test "the shards' order, and how the rows are dealt, change nothing" {
    shard "$drifted" 4
    pm-psi --edges -o bins.psi "$train"
    for i in 1 2 3 4; do pm-psi --reduce -o part$i.psi bins.psi shard$i.tsv; done
    pm-psi --merge -o a.tsv bins.psi part1.psi part2.psi part3.psi part4.psi || true
    pm-psi --merge -o b.tsv bins.psi part4.psi part2.psi part1.psi part3.psi || true
    cmp a.tsv b.tsv
    # two shards cut at another place
    (head -n 1 "$drifted"; sed -n '2,101p' "$drifted") > x.tsv
    (head -n 1 "$drifted"; sed -n '102,$p' "$drifted") > y.tsv
    pm-psi --reduce bins.psi x.tsv > x.psi
    pm-psi --reduce bins.psi - < y.tsv > y.psi
    pm-psi --merge -o c.tsv bins.psi x.psi y.psi || true
    cmp a.tsv c.tsv
}

@test "merged shards reproduce psi_train_vs_drifted of reference.json to 1e-12" {
    shard "$drifted" 3
    pm-psi --edges -o bins.psi "$train"
    for i in 1 2 3; do pm-psi --reduce -o part$i.psi bins.psi shard$i.tsv; done
    run pm-psi --json --merge -o merged.json bins.psi part1.psi part2.psi part3.psi
    assert_equal "$status" 4
    assert_near "$(jget merged.json score.psi)" "$(ref psi_train_vs_drifted.psi)" 1e-12
    assert_equal "$(jget merged.json verdict)" alert
    assert_equal "$(jget merged.json current_rows)" 1500
}

@test "an empty shard counts nothing; no rows in any shard is an error" {
    pm-psi --edges -o bins.psi "$train"
    head -n 1 "$drifted" > empty.tsv
    pm-psi --reduce -o empty.psi bins.psi empty.tsv
    pm-psi --reduce -o all.psi bins.psi "$drifted"
    pm-psi --merge -o a.tsv bins.psi all.psi empty.psi || true
    pm-psi -o b.tsv "$train" "$drifted" || true
    cmp a.tsv b.tsv
    run -1 --separate-stderr pm-psi --merge -o c.tsv bins.psi empty.psi
    assert_equal "$stderr" "pm-psi: bins.psi: no current rows in any partial"
    [ ! -e c.tsv ]
}

@test "a partial made from another reference is refused, naming the file and line" {
    pm-psi --edges -o bins.psi "$train"
    pm-psi --edges -o other.psi "$REF/test_scored.tsv"
    pm-psi --reduce -o part.psi bins.psi "$drifted"
    run -1 --separate-stderr pm-psi --merge -o out.tsv other.psi part.psi
    assert_equal "$stderr" \
        "pm-psi: part.psi:4: these bins are not the reference's (a partial made from another reference?)"
    pm-psi --edges -c company_size -o more.psi "$train"
    run -1 --separate-stderr pm-psi --merge -o out.tsv more.psi part.psi
    assert_equal "$stderr" \
        "pm-psi: part.psi:7: not the reference's variables (a partial made from another reference?)"
    [ ! -e out.tsv ]
}

@test "a truncated or damaged partial is an error, and no report is written" {
    pm-psi --edges -o bins.psi "$train"
    pm-psi --reduce -o part.psi bins.psi "$drifted"
    head -n 4 part.psi > cut.psi
    run -1 --separate-stderr pm-psi --merge -o out.tsv bins.psi cut.psi
    assert_equal "$stderr" "pm-psi: cut.psi:5: truncated (no end line)"
    sed '5s/\t1[0-9]*/\t99999/' part.psi > bad.psi
    run -1 --separate-stderr pm-psi --merge -o out.tsv bins.psi bad.psi
    assert_equal "$stderr" "pm-psi: bad.psi:6: the counts do not add up to the rows (a damaged file?)"
    run -1 --separate-stderr pm-psi --merge -o out.tsv bins.psi "$drifted"
    assert_equal "$stderr" "pm-psi: $drifted:1: not a pm partial file"
    # the reference's partial where a shard's belongs, and the other way round
    run -1 --separate-stderr pm-psi --merge -o out.tsv bins.psi bins.psi
    assert_equal "$stderr" \
        "pm-psi: bins.psi:1: a 'psi-reference' file of version 1 where a 'psi-current' of version 1 was expected"
    run -1 --separate-stderr pm-psi --reduce -o out.tsv part.psi "$drifted"
    assert_equal "$stderr" \
        "pm-psi: part.psi:1: a 'psi-current' file of version 1 where a 'psi-reference' of version 1 was expected"
    [ ! -e out.tsv ]
}

@test "a shard without a column of the reference's is an error naming it" {
    pm-psi --edges --categorical region -o bins.psi "$train"
    cut -f 1,2,4- "$drifted" > noregion.tsv
    run -1 --separate-stderr pm-psi --reduce -o part.psi bins.psi noregion.tsv
    assert_equal "$stderr" "pm-psi: column 'region' not found in header of noregion.tsv"
    [ ! -e part.psi ]
}

@test "options of the other steps are usage errors" {
    run -2 --separate-stderr pm-psi --reduce -q 5 bins.psi x.tsv
    assert_equal "${stderr_lines[0]}" \
        "pm-psi: with --reduce the score, the bins and the inputs are BINS' own: give --score, -q, -m, -c and --categorical to --edges"
    run -2 --separate-stderr pm-psi --edges --json x.tsv
    assert_equal "${stderr_lines[0]}" \
        "pm-psi: --edges writes a partial: give --watch, --alert, --summary, --json and --digits to --merge"
    run -2 --separate-stderr pm-psi --edges --merge x.tsv
    assert_equal "${stderr_lines[0]}" "pm-psi: --edges and --merge cannot go together"
    run -2 --separate-stderr pm-psi --edges x.tsv y.tsv
    assert_equal "${stderr_lines[0]}" "pm-psi: unexpected argument 'y.tsv'"
    run -2 --separate-stderr pm-psi --merge bins.psi
    assert_equal "${stderr_lines[0]}" "pm-psi: missing PARTIAL"
    run -2 --separate-stderr pm-psi --reduce
    assert_equal "${stderr_lines[0]}" "pm-psi: missing BINS and SHARD"
    run -2 --separate-stderr pm-psi --merge bins.psi - -
    assert_equal "${stderr_lines[0]}" "pm-psi: only one of the files can be standard input"
}
