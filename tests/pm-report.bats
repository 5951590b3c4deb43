#!/usr/bin/env bats
# pm-report: the page of the flow, made by make demo; what it shows, that it
# loads nothing from elsewhere and renders in a browser without a console
# message, that text from the data is escaped, and the monitoring history.

load helper

unset MAKELEVEL MAKEFLAGS MFLAGS

# One demo run for the whole file, copied into each test's folder.
setup_file() {
    DEMO="$BATS_FILE_TMPDIR/demo"
    mkdir -p "$DEMO" && cd "$DEMO" || return 1
    SOURCE_DATE_EPOCH=1700000000 make -s -f "$PM_ROOT/Makefile" BUILD="$(dirname "$PM_BIN")" \
        DEMO_ROWS=4000 DEMO_WAVE_ROWS=2000 demo > demo.out 2>&1 || { cat demo.out; return 1; }
    export DEMO
}

demo_copy() {
    cp -R "$DEMO/data" "$DEMO/models" "$DEMO/reports" .
}

# stage NAME ARG...: a stage script with the tools under test.
stage() {
    PM_PIPELINES="$PM_ROOT/pipelines" "$PM_ROOT/pipelines/$1.sh" "${@:2}"
}

# section ID FILE: the HTML of one <section> of the page.
section() {
    awk -v id="$1" 'index($0, "<section id=\"" id "\"") { on = 1 } on { print } on && /<\/section>/ { exit }' "$2"
}

# render PAGE PNG: headless Chromium draws PAGE into PNG; its log, with every
# console message, goes to render.log.
render() {
    local profile
    profile=$(mktemp -d)
    timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --window-size=1200,3000 --screenshot="$2" "file://$1" > render.out 2> render.log
    local status=$?
    rm -rf "$profile"
    return $status
}

@test "make demo writes reports/index.html with the six charts and the history as inline SVG" {
    page=$DEMO/reports/index.html
    [ -s "$page" ] || fail "no $page"
    assert_equal "$(grep -c '^<svg class="chart"' "$page")" 7
    for id in lift gains calibration roc ks psi; do
        section charts "$page" | grep -q "<figure id=\"figure-$id\">" || fail "no figure $id"
    done
    section history "$page" | grep -q '<figure id="figure-history">' 
    # no XML prolog inside the page, ids unique across the inline SVGs
    run grep -c '<?xml' "$page"
    assert_output 0
    assert_equal "$(grep -o ' id=.[^"'"'"']*' "$page" | sort | uniq -d)" ""
    grep -q '^<!DOCTYPE html>$' "$page"
    # the make output names the page, before the summary
    grep -qx 'pm-report -o reports/index.html' "$DEMO/demo.out"
}

@test "the page refers to nothing outside itself and has no script" {
    page=$DEMO/reports/index.html
    # every src= and href= is a fragment of the page itself
    run grep -oiE '(src|href)[[:space:]]*=[[:space:]]*["'"'"']?[^"'"'"' >]*' "$page"
    refs=$(printf '%s\n' "$output" | sed -E 's/^[^=]*=[[:space:]]*["'"'"']?//' | grep -v '^#' || true)
    assert_equal "$refs" ""
    [ "$(printf '%s\n' "$output" | wc -l)" -gt 20 ] || fail "expected the SVGs' point references"
    run grep -ciE '<script|@import|url\([^#]|<link|<iframe|<object|<embed' "$page"
    assert_output 0
    grep -qF "content=\"default-src 'none'; style-src 'unsafe-inline'\"" "$page"
}

@test "headless Chromium renders the page to a PNG without a console message" {
    render "$DEMO/reports/index.html" page.png || { cat render.log; fail "chromium failed"; }
    assert_equal "$(head -c 8 page.png | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
    [ "$(stat -c %s page.png)" -gt 100000 ] || fail "page.png: too small for the page"
    run grep -F ':CONSOLE' render.log
    assert_output ""
    # and prints it (the page's @media print) to a PDF, quietly too
    profile=$(mktemp -d)
    timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --no-pdf-header-footer --print-to-pdf=page.pdf "file://$DEMO/reports/index.html" 2> print.log
    rm -rf "$profile"
    assert_equal "$(head -c 5 page.pdf)" "%PDF-"
    run grep -F ':CONSOLE' print.log
    assert_output ""
    grep -q '^@media print {$' "$DEMO/reports/index.html"
}

@test "the console check sees a request to another host and a script's message" {
    sed 's|<footer>|<img src="http://example.com/x.png" alt=""><footer>|' "$DEMO/reports/index.html" > elsewhere.html
    render "$TMP/elsewhere.html" elsewhere.png
    run grep -F ':CONSOLE' render.log
    assert_output --partial "Loading the image 'http://example.com/x.png' violates the following Content Security Policy"
    printf '<!DOCTYPE html><title>t</title><script>console.error("boom")</script>\n' > boom.html
    render "$TMP/boom.html" boom.png
    run grep -F ':CONSOLE' render.log
    assert_output --partial '"boom"'
}

@test "the headline and the full figures are those of models/metrics.json" {
    page=$DEMO/reports/index.html
    m=$DEMO/models/metrics.json
    head=$(section headline "$page")
    f() { awk -v fmt="$1" -v x="$2" 'BEGIN { printf fmt, x }'; }
    assert_equal "$(jget "$m" test.top.pct)" 20
    echo "$head" | grep -qF "AUC train $(f %.3f "$(jget "$m" train.auc)"), test $(f %.3f "$(jget "$m" test.auc)")" ||
        fail "AUC not in the headline"
    echo "$head" | grep -qF "<div class=\"value\">$(f %.3f "$(jget "$m" test.auc)")</div>"
    echo "$head" | grep -qF "KS $(f %.3f "$(jget "$m" test.ks)"), Brier $(f %.4f "$(jget "$m" test.brier)"), log loss $(f %.4f "$(jget "$m" test.log_loss)") (test)"
    echo "$head" | grep -qF "top 20%: $(f %.1f%% "$(jget "$m" test.top.response_rate | awk '{ print 100 * $1 }')") respond against $(f %.1f%% "$(jget "$m" test.base_rate | awk '{ print 100 * $1 }')") in all: lift $(f %.2f "$(jget "$m" test.top.lift)")x (test)"
    # every figure of metrics.json, exactly, in the full table
    for part in train test; do
        for k in rows positives base_rate auc ks ks_score brier log_loss top.rows top.responders \
            top.response_rate top.lift; do
            v=$(jget "$m" "$part.$k")
            echo "$head" | grep -qF "<td class=\"n\">$v</td>" || fail "$part.$k $v not in the full table"
        done
    done
    # the run's rows and base rate
    rows=$(($(jget "$m" train.rows) + $(jget "$m" test.rows)))
    section run "$page" | grep -qF "<dt>rows</dt><dd>$rows (train $(jget "$m" train.rows), test $(jget "$m" test.rows))</dd>"
    # the evaluate stage writes DeLong's interval: the headline gives it
    echo "$head" | grep -qF "test $(f %.3f "$(jget "$m" test.auc)") ($(jget "$m" test.ci_level | awk '{ print 100 * $1 }')% interval $(f %.3f "$(jget "$m" test.auc_lower)") to $(f %.3f "$(jget "$m" test.auc_upper)"))" ||
        fail "the AUC's interval not in the headline"
    # the flow fits both models: the page compares them; no targeting line
    # without its inputs
    run grep -c 'id="models"' "$page"
    assert_output 1
    run grep -cE 'Contact [0-9]' "$page"
    assert_output 0
}

@test "the run: the model's options, the digest of its training rows, its version and time" {
    run_=$(section run "$DEMO/reports/index.html")
    m=$DEMO/models/model.json
    echo "$run_" | grep -qxF '<dt>data file</dt><dd>data/raw/accounts.tsv</dd>'
    echo "$run_" | grep -qxF '<dt>model</dt><dd>logistic regression</dd>'
    echo "$run_" | grep -qxF "<dt>options</dt><dd>C 1, exclude account_id,campaign_wave, max_iter $(jget "$m" training.options.max_iter), max_levels $(jget "$m" training.options.max_levels)</dd>"
    echo "$run_" | grep -qxF "<dt>input digest</dt><dd>SHA-256 $(sha256sum < "$DEMO/data/train.tsv" | cut -d' ' -f1)</dd>"
    echo "$run_" | grep -qxF '<dt>pm version</dt><dd>pm-fit (pm) 0.1.0</dd>'
    echo "$run_" | grep -qxF '<dt>trained</dt><dd>2023-11-14T22:13:20Z</dd>'
}

@test "the drift table gives each column's PSI and verdict of reports/psi.tsv" {
    page=$DEMO/reports/index.html
    drift=$(section drift "$page")
    expect() {
        awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            !seen[$c["variable"]]++ { printf "%s\t%.4f\t%s\n", $c["variable"], $c["psi"], $c["verdict"] }' "$1"
    }
    n=0
    while IFS=$'\t' read -r var psi verdict; do
        row="<td>$var</td><td><span class=\"verdict $verdict\">$verdict</span></td><td class=\"n\">$psi</td>"
        echo "$drift" | grep -qF "$row" || fail "no row $row"
        n=$((n + 1))
    done < <(expect "$DEMO/reports/psi.tsv")
    [ "$n" -gt 10 ] || fail "only $n columns"
    # the score's PSI in the headline, as the summary words it
    score=$(expect "$DEMO/reports/psi.tsv" | awk -F'\t' 'NR == 1 { print "PSI " $2 " " $3 }')
    section headline "$page" | grep -qF "new wave: $score" || fail "no '$score' in the headline"
    grep -qF "new wave: $score" "$DEMO/reports/summary.txt"
    # the test column, from psi_test.tsv
    while IFS=$'\t' read -r var psi verdict; do
        echo "$drift" | grep -F "<td>$var</td>" | grep -qF "<td><span class=\"verdict $verdict\">$verdict</span></td><td class=\"n\">$psi</td></tr>" ||
            fail "no test PSI for $var"
    done < <(expect "$DEMO/reports/psi_test.tsv")
}

@test "the coefficient table and the IV ranking are those of the train stage" {
    page=$DEMO/reports/index.html
    coef=$(section coefficients "$page")
    assert_equal "$(echo "$coef" | grep -c '^<tr>')" "$(($(wc -l < "$DEMO/reports/model_coefficients.tsv") - 1))"
    first=$(awk -F'\t' 'NR == 2 { printf "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%.4g</td>", $1, $2, $3, $4 }' "$DEMO/reports/model_coefficients.tsv")
    echo "$coef" | grep -qF "$first" || fail "no row $first"
    # the ranking: one row per column, highest IV first
    want=$(awk -F'\t' 'NR > 1 && !seen[$1]++ { printf "%.4f\t%s\n", $11, $1 }' "$DEMO/reports/eda_binning_tables.tsv" |
        sort -t $'\t' -k1,1gr -k2,2 | awk -F'\t' '{ printf "%d %s %s\n", NR, $2, $1 }')
    got=$(section iv "$page" | sed -n 's|^<tr><td class="n">\([0-9]*\)</td><td>\([^<]*\)</td><td class="n">\([^<]*\)</td>.*|\1 \2 \3|p')
    assert_equal "$got" "$want"
}

@test "a level and a column name from the data are HTML-escaped wherever they appear" {
    pm-synth -n 3000 -s 7 | awk -F'\t' -v OFS='\t' '
        NR == 1 { $3 = "a&b\"c" } NR > 1 && $2 == "Retail" { $2 = "<img src=x onerror=alert(1)>" } { print }' > accounts.tsv
    pm-synth -n 1000 -s 8 --drift 1 | awk -F'\t' -v OFS='\t' '
        NR == 1 { $3 = "a&b\"c" } NR > 1 && $2 == "Retail" { $2 = "<img src=x onerror=alert(1)>" } { print }' > wave.tsv
    stage train -i accounts.tsv > /dev/null
    stage evaluate > /dev/null
    stage monitor -n wave.tsv -w '<b>wave&1</b>' > /dev/null
    run pm-report --data 'x<y>&"z.tsv' --title 'Wave <1> & "2"'
    assert_success
    page=reports/index.html
    run grep -c '<img\|<b>wave\|a&b"c\|x<y>' "$page"
    assert_output 0
    grep -qF '&lt;img src=x onerror=alert(1)&gt;' "$page"
    # the level (the reference level, first in byte order) in the bins and the
    # drift bins; the column in the coefficients too
    for id in iv drift; do
        section "$id" "$page" | grep -qF '<td>&lt;img src=x onerror=alert(1)&gt;</td>' || fail "level not in $id"
    done
    for id in coefficients iv drift; do
        section "$id" "$page" | grep -qF '<td>a&amp;b&quot;c</td>' || fail "column not in $id"
    done
    section run "$page" | grep -qF '<dd>x&lt;y&gt;&amp;&quot;z.tsv</dd>'
    grep -qxF '<title>Wave &lt;1&gt; &amp; &quot;2&quot;</title>' "$page"
    section history "$page" | grep -qF '<td>&lt;b&gt;wave&amp;1&lt;/b&gt;</td>'
    # gnuplot escapes the wave label it draws
    section history "$page" | grep -qF '<text>&lt;b>wave&amp;1&lt;/b></text>'
    render "$TMP/$page" page.png
    run grep -F ':CONSOLE' render.log
    assert_output ""
}

@test "two monitor runs of a wave leave one history row; three waves give three points" {
    demo_copy
    pm-synth -n 1500 -s 51 > w1.tsv
    pm-synth -n 1500 -s 52 --drift 0.5 > w2.tsv
    pm-synth -n 1500 -s 53 --drift 1.5 > w3.tsv
    rm reports/monitor_history.tsv
    for w in 1 2 2 3; do
        SOURCE_DATE_EPOCH=1700000000 stage monitor -n "w$w.tsv" -w "$w" > /dev/null
    done
    # wave 2 again, from other rows: its row is replaced in place
    SOURCE_DATE_EPOCH=1700086400 stage monitor -n w3.tsv -w 2 > /dev/null
    h=reports/monitor_history.tsv
    assert_equal "$(head -n 1 "$h")" "$(printf 'wave\tdate\trows\tscore_psi\tverdict\tworst_input\tworst_input_psi')"
    assert_equal "$(cut -f1-3 "$h" | tail -n +2)" "$(printf '1\t2023-11-14T22:13:20Z\t1500\n2\t2023-11-15T22:13:20Z\t1500\n3\t2023-11-14T22:13:20Z\t1500')"
    # the last run's psi.tsv (w3) gives wave 2's figures, and the worst input is the largest PSI
    want=$(awk -F'\t' 'NR > 1 && !seen[$1]++ { if (++n == 1) printf "%s\t%s", $10, $11; else print $1 "\t" $10 > "inputs" }' reports/psi.tsv
        printf '\t%s\n' "$(sort -t $'\t' -k2,2gr inputs | head -n 1)")
    assert_equal "$(awk -F'\t' '$1 == 2 { print $4 "\t" $5 "\t" $6 "\t" $7 }' "$h")" "$want"
    assert_equal "$(awk -F'\t' '$1 == 3 { print $4 "\t" $5 "\t" $6 "\t" $7 }' "$h")" "$want"
    assert_equal "$(cut -f5 "$h" | tail -n +2 | tr '\n' ' ')" "stable alert alert "
    run pm-report
    assert_success
    hist=$(section history reports/index.html)
    assert_equal "$(echo "$hist" | grep -o "<use xlink:href='#history-gpPt[0-9]*' transform='translate" | wc -l)" 3
    assert_equal "$(echo "$hist" | grep -c '^<tr><td class="n">[123]</td>')" 3
}

@test "monitor.sh names a wave by its file without a label and refuses a label with a TAB" {
    demo_copy
    assert_equal "$(cut -f1 reports/monitor_history.tsv | tail -n +2)" new_wave
    # a backslash in a label is a backslash, and the label is one field
    for i in 1 2; do stage monitor -n data/raw/new_wave.tsv -w 'w\t1' > /dev/null; done
    assert_equal "$(cut -f1 reports/monitor_history.tsv | tail -n +2)" "$(printf 'new_wave\nw\\t1')"
    assert_equal "$(awk -F'\t' '{ print NF }' reports/monitor_history.tsv | sort -u)" 7
    run -2 --separate-stderr stage monitor -n data/raw/new_wave.tsv -w "$(printf 'a\tb')"
    assert_equal "${stderr_lines[0]}" "monitor: a wave label must be one line without TAB: '$(printf 'a\tb')'"
    printf 'wave\tscore\n' > reports/monitor_history.tsv
    run -1 --separate-stderr stage monitor -n data/raw/new_wave.tsv
    assert_equal "$stderr" "monitor: 'reports/monitor_history.tsv' is not a monitoring history (its header is not: $(printf 'wave\tdate\trows\tscore_psi\tverdict\tworst_input\tworst_input_psi'))"
}

@test "the interval, both models and the targeting line appear when their inputs exist" {
    demo_copy
    # the demo's logistic rows (its table has both models already), made into two models
    awk -F'\t' '$1 != "trees"' "$DEMO/reports/metrics.tsv" | cut -f2- |
        awk -F'\t' -v OFS='\t' 'NR == 1 { print "model", $0, "auc_lower", "auc_upper", "ci_level"; next }
            { print "logistic", $0, 0.6125, 0.6625, 0.95; print "trees", $0, 0.6, 0.7, 0.95 }' > reports/metrics.tsv
    printf 'threshold\tcontacts\texpected_responders\texpected_profit\n0.25\t812\t230.5\t13900\n' > reports/targeting.tsv
    run pm-report
    assert_success
    head=$(section headline reports/index.html)
    echo "$head" | grep -qF "(95% interval 0.613 to 0.662)" || fail "no interval"
    echo "$head" | grep -qF "<p class=\"lead\">Contact 812 accounts (score &#8805; 0.25): expected profit 13900, 230.5 responders.</p>"
    models=$(section models reports/index.html)
    assert_equal "$(echo "$models" | grep -c '^<tr><td>\(logistic\|trees\)</td>')" 2
}

@test "the targeting line from pm-target's JSON, its nested keys joined" {
    demo_copy
    printf '{"threshold": 0.25, "contacts": 812, "expected": {"responders": 230.5, "profit": 13900}, "roi": 0.43}\n' > reports/targeting.json
    run pm-report
    assert_success
    section headline reports/index.html | grep -qxF "<p class=\"lead\">Contact 812 accounts (score &#8805; 0.25): expected profit 13900, 230.5 responders.</p>"
    section headline reports/index.html | grep -qF '<th>roi</th>'
}

@test "a ROC curve of 40,000 cuts is drawn from about 1000 of them" {
    demo_copy
    awk 'BEGIN { OFS = "\t"; print "group", "cum_responders_share", "cum_non_responders_share"
        for (i = 1; i <= 40000; i++) print i, sqrt(i / 40000), i / 40000 }' > reports/roc_points.tsv
    pm-report -o big.html
    roc=$(awk '/<figure id="figure-roc">/ { on = 1 } on { print } on && /<\/figure>/ { exit }' big.html | wc -c)
    full=$(PM_PIPELINES="$PM_ROOT/pipelines" pm-chart roc -f svg --size 560,420 reports/roc_points.tsv | wc -c)
    [ "$roc" -lt 120000 ] || fail "the ROC figure takes $roc bytes"
    [ "$full" -gt 500000 ] || fail "the whole curve takes only $full bytes"
}

@test "the same inputs give the same page, byte for byte" {
    demo_copy
    pm-report -o again.html
    cmp again.html "$DEMO/reports/index.html"
}

@test "a missing input is an error naming it, and no page is left" {
    demo_copy
    rm reports/index.html reports/ks.tsv
    run -1 --separate-stderr pm-report
    assert_equal "$stderr" "pm-report: cannot read 'reports/ks.tsv' (the flow's stages write it: make demo)"
    [ ! -e reports/index.html ]
    cp "$DEMO/reports/ks.tsv" reports/ && printf 'group\tmin_score\n1\tx\n' > reports/calibration.tsv
    run -1 --separate-stderr pm-report
    assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "pm-report: the reliability chart could not be drawn from 'reports/calibration.tsv'"
    [ ! -e reports/index.html ]
    [ -z "$(ls -A reports | grep '^\.pm-report')" ]
}

@test "-o - writes the page to stdout; a full disk is an error" {
    demo_copy
    pm-report -o - > out.html
    cmp out.html "$DEMO/reports/index.html"
    run -1 --separate-stderr pm-report -o /dev/full
    assert_equal "$stderr" "pm-report: write error on /dev/full: No space left on device"
    run -1 --separate-stderr sh -c 'pm-report -o - > /dev/full'
    assert_equal "$stderr" "pm-report: write error on stdout: No space left on device"
    run -1 --separate-stderr pm-report -o nowhere/page.html
    assert_equal "$stderr" "pm-report: nowhere/page.html: cannot write in nowhere"
}

@test "usage: --help, --version, unknown options and operands" {
    run pm-report --help
    assert_success
    assert_line --index 0 'Usage: pm-report [OPTION]...'
    run pm-report --version
    assert_output 'pm-report (pm) 0.1.0'
    run -2 --separate-stderr pm-report --bogus
    assert_equal "${stderr_lines[0]}" "pm-report: unrecognized option '--bogus'"
    assert_equal "${stderr_lines[1]}" "Try 'pm-report --help' for more information."
    run -2 --separate-stderr pm-report extra
    assert_equal "${stderr_lines[0]}" "pm-report: unexpected argument 'extra'"
    run -2 --separate-stderr pm-report -o
    assert_equal "${stderr_lines[0]}" "pm-report: option '-o' requires an argument"
}
