#!/usr/bin/env bats
# pm-chart: every chart renders as PNG, SVG and text; no title, column or
# file name can make gnuplot run a command.

load helper

# The tables the charts draw, from the test scores.
tables() {
    pm-calib "$REF/test_scored.tsv" > calib.tsv
    pm-lift "$REF/test_scored.tsv" > lift.tsv
    pm-ks --table -g 0 "$REF/test_scored.tsv" > ks.tsv
    pm-target --value 200 --cost 40 --table --tsv "$REF/test_scored.tsv" > profit.tsv
}

CHARTS="reliability:calib lift:lift gains:lift roc:ks ks:ks profit:profit"

# is_png FILE / is_svg FILE: the signature, and more than a blank image's size.
is_png() {
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1: not a PNG"
    [ "$(stat -c %s "$1")" -gt 10000 ] || fail "$1: too small for a chart"
}
is_svg() {
    head -c 300 "$1" | grep -q '<svg' || fail "$1: not an SVG"
    grep -q '</svg>' "$1" || fail "$1: SVG not complete"
    [ "$(grep -c '<path' "$1")" -gt 10 ] || fail "$1: too few paths for a chart"
}

@test "every chart renders to a valid PNG and SVG, the format taken from the name" {
    tables
    for c in $CHARTS; do
        pm-chart "${c%%:*}" -o "${c%%:*}.png" "${c##*:}.tsv"
        is_png "${c%%:*}.png"
        pm-chart "${c%%:*}" -o "${c%%:*}.svg" < "${c##*:}.tsv"
        is_svg "${c%%:*}.svg"
    done
}

@test "--format overrides the name, and PNG can go to stdout" {
    tables
    pm-chart --format svg -o chart.img lift lift.tsv
    is_svg chart.img
    pm-chart -f png roc ks.tsv > roc.bin
    is_png roc.bin
}

@test "every chart renders as text in the dumb terminal, 79 by 24 unless told" {
    tables
    for c in $CHARTS; do
        pm-chart "${c%%:*}" "${c##*:}.tsv" > chart.txt
        assert_equal "$(wc -l < chart.txt)" 24
        assert_equal "$(awk 'length > 79' chart.txt)" ""
        assert_equal "$(grep -c "$(printf '\f')" chart.txt)" 0
    done
    pm-chart lift lift.tsv --size 50,12 > small.txt
    assert_equal "$(wc -l < small.txt)" 12
    assert_equal "$(awk 'length > 50' small.txt)" ""
}

@test "the text shows the title, the axes and the legend" {
    tables
    run pm-chart gains --title 'Gains, wave 3' lift.tsv
    assert_success
    assert_output --partial 'Gains, wave 3'
    assert_output --partial 'share of rows contacted'
    assert_output --partial 'random'
    assert_output --partial 'perfect'
    run pm-chart ks ks.tsv
    assert_output --partial "KS 0.162 at score >= 0.2203"
    run pm-chart reliability calib.tsv
    assert_output --partial 'reliability diagram (calib.tsv)'
}

@test "a hostile title, file name or column name is drawn, never run" {
    tables
    evil='"; system("touch /tmp/pwned") #'
    local_evil="'; system('touch $TMP/pwned2'); x='\`touch $TMP/pwned3\`'
set print '$TMP/pwned4'
print 1"
    [ ! -e /tmp/pwned ] || skip "/tmp/pwned exists already"
    # the score column itself named so, all the way through
    awk -F'\t' -v OFS='\t' -v e="$evil" 'NR == 1 { $NF = e } 1' "$REF/test_scored.tsv" > scored.tsv
    pm-lift --score "$evil" scored.tsv > lift2.tsv
    pm-chart lift --title "$evil" lift2.tsv > out.txt
    grep -qF 'system("touch /tmp/pwned") #' out.txt
    pm-calib --score "$evil" scored.tsv | pm-chart reliability -o r.png --title "$local_evil"
    is_png r.png
    # a file name and a column of the table with such names
    evil_file="x'; system('touch pwned6') #\"; system(\"touch pwned7\") #.tsv"
    cp ks.tsv "$evil_file"
    pm-chart roc -o roc.svg "$evil_file"
    grep -qF "system('touch pwned6')" roc.svg
    paste lift.tsv <(printf '%s\n' "$local_evil" | head -1; col group lift.tsv) > wide.tsv
    pm-chart gains -o g.svg wide.tsv --title "@evil \`touch $TMP/pwned5\`"
    for f in /tmp/pwned "$TMP/pwned2" "$TMP/pwned3" "$TMP/pwned4" "$TMP/pwned5" pwned6 pwned7; do
        assert [ ! -e "$f" ]
    done
}

@test "a table without the columns a chart needs, or without rows, is an error" {
    tables
    run -1 --separate-stderr pm-chart roc lift.tsv
    assert_equal "$stderr" "pm-chart: column 'cum_responders_share' not found in header of lift.tsv (the roc chart draws pm-ks --table output)"
    head -1 lift.tsv > empty.tsv
    run -1 --separate-stderr pm-chart lift empty.tsv
    assert_equal "$stderr" "pm-chart: empty.tsv: no data rows"
    run -1 --separate-stderr pm-chart lift < /dev/null
    assert_equal "$stderr" "pm-chart: stdin: empty input: expected a header line"
    run -1 --separate-stderr pm-chart lift missing.tsv
    assert_equal "$stderr" "pm-chart: missing.tsv: No such file or directory"
}

@test "a failed chart leaves no file behind; -o into a missing folder is an error" {
    tables
    printf 'group\tlift\tcum_lift\nx\ty\tz\n' > junk.tsv
    run -1 --separate-stderr pm-chart lift -o out.png junk.tsv
    assert_equal "$stderr" "pm-chart: junk.tsv:2: column 'group': 'x' is not a number"
    assert [ ! -e out.png ]
    # a chart script that gnuplot cannot run
    mkdir charts
    printf '# chart: broken\n# columns: group\nplot datafile using 1:(\n' > charts/broken.gp
    PM_PIPELINES=$TMP/charts run -1 --separate-stderr pm-chart broken -o out.png lift.tsv
    assert_equal "${stderr_lines[-1]}" "pm-chart: lift.tsv: the broken chart could not be drawn"
    assert [ ! -e out.png ]
    assert_equal "$(ls -A | grep -c pm-chart)" 0
    run -1 --separate-stderr pm-chart lift -o nowhere/out.png lift.tsv
    assert_equal "$stderr" "pm-chart: nowhere/out.png: cannot write in nowhere"
}

@test "a full disk is an error; a closed pipe ends quietly, as SIGPIPE ends the C tools" {
    tables
    run -1 --separate-stderr sh -c 'pm-chart lift lift.tsv > /dev/full'
    assert_equal "$stderr" "pm-chart: write error on stdout: No space left on device"
    # a chart larger than a pipe holds, and a reader that takes one byte
    mkdir tmp
    run --separate-stderr env TMPDIR="$TMP/tmp" bash -c 'pm-chart lift -f png --size 3000,3000 lift.tsv | head -c 1 > /dev/null; echo "${PIPESTATUS[0]}"'
    assert_equal "$stderr" ""
    assert_equal "$output" 141
    assert_equal "$(ls -A tmp)" "" # its temporary folder removed
}

@test "usage errors: no chart, an unknown chart or format, a bad size, an unknown option" {
    run -2 --separate-stderr pm-chart
    assert_equal "${stderr_lines[0]}" "pm-chart: no chart named (pm-chart --list shows them)"
    run -2 --separate-stderr pm-chart pie
    assert_equal "${stderr_lines[0]}" "pm-chart: no chart 'pie' (pm-chart --list shows them)"
    run -2 --separate-stderr pm-chart ../pipelines/lift
    assert_equal "${stderr_lines[0]}" "pm-chart: no chart '../pipelines/lift' (pm-chart --list shows them)"
    run -2 --separate-stderr pm-chart lift -o chart.pdf
    assert_equal "${stderr_lines[0]}" "pm-chart: cannot tell the format from 'chart.pdf': use --format png, svg or dumb"
    run -2 --separate-stderr pm-chart lift --format jpeg
    assert_equal "${stderr_lines[0]}" "pm-chart: option '--format': 'jpeg' is not png, svg or dumb"
    run -2 --separate-stderr pm-chart lift --size 80x24
    assert_equal "${stderr_lines[0]}" "pm-chart: option '--size': '80x24' is not W,H"
    run -2 --separate-stderr pm-chart lift --bogus
    assert_equal "${stderr_lines[0]}" "pm-chart: unrecognized option '--bogus'"
    assert_equal "${stderr_lines[1]}" "Try 'pm-chart --help' for more information."
    run -2 --separate-stderr pm-chart lift a.tsv b.tsv
    assert_equal "${stderr_lines[0]}" "pm-chart: unexpected argument 'b.tsv'"
}

@test "--list shows every chart script with the table it draws" {
    run pm-chart --list
    assert_success
    assert_equal "$(echo "$output" | awk '{ print $1 }' | tr '\n' ' ')" "gains history ks lift profit psi reliability roc "
    assert_line --regexp '^roc +pm-ks --table +ROC curve: '
    assert_line --regexp '^history +monitor.sh +monitoring history: '
    assert_line --regexp '^profit +pm-target --table +profit curve: '
}

@test "profit: the realised curve where pm-target had the target, the expected alone without" {
    tables
    pm-chart profit --size 70,20 profit.tsv > with.txt
    grep -q 'realised' with.txt
    grep -q 'expected' with.txt
    cut -f20 "$REF/test_scored.tsv" | pm-target --value 200 --cost 40 --table --tsv > alone.tsv
    run -0 --separate-stderr pm-chart profit --size 70,20 alone.tsv
    assert_equal "$stderr" ""
    refute_output --partial 'realised'
    assert_output --partial 'expected'
}

@test "a chart is a gnuplot script: PM_PIPELINES finds a new one by its name" {
    tables
    mkdir charts
    cat > charts/rate.gp <<'GP'
# chart: response rate by group
# input: pm-lift
# columns: group response_rate
set title title noenhanced
plot datafile using 'group':'response_rate' with boxes title term
GP
    PM_PIPELINES=$TMP/charts run pm-chart rate --title 'my rate' lift.tsv
    assert_success
    assert_output --partial 'my rate'
    assert_output --partial 'dumb'
    PM_PIPELINES=$TMP/charts run -2 pm-chart lift lift.tsv
}

@test "--help and --version, the version of pm" {
    run pm-chart --help
    assert_success
    assert_line --index 0 "Usage: pm-chart [OPTION]... CHART [FILE]"
    run pm-chart --version
    assert_output "pm-chart (pm) $(pm-metrics --version | sed 's/.* //')"
}
