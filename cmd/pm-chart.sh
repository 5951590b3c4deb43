#!/bin/sh
# pm-chart - draw a chart of a pm table with gnuplot: PNG, SVG, or text for
# the terminal.
#
# Reads the TSV that the chart draws (pm-calib, pm-lift or pm-ks --table
# output) from FILE or stdin, runs the gnuplot script pipelines/CHART.gp on a
# copy of it, and writes the chart to -o FILE (complete or not at all) or to
# stdout.  No text from the data or the options reaches gnuplot as a
# command: the title is passed as a quoted string, the data and output files
# have names of our own, and every text is drawn with enhanced mode off.
set -eu
# The table's numbers have a point as decimal separator whatever the user's
# locale; awk would read 1.5 as 1 where the separator is a comma.
LC_ALL=C
export LC_ALL

version=@PM_VERSION@ # pm's version, stamped from common/version.h at build time
prog=pm-chart

usage="Usage: pm-chart [OPTION]... CHART [FILE]
Draw CHART from the table in FILE (TSV; stdin when FILE is absent or -) with
gnuplot, as PNG, SVG, or text for the terminal.

  -f, --format FORMAT   png, svg or dumb (text); the default follows the name
                        of -o (.png, .svg, .txt), or is dumb without -o
  -l, --list            list the charts and the tables they draw
  -o, --output FILE     write to FILE (complete or not at all)
      --size W,H        pixels for png and svg (800,600), characters for
                        dumb (79,24)
  -t, --title TEXT      the title (default: the chart's name and FILE)
      --variable NAME   psi: the variable to draw (the table's first, the score)
      --help            show this help and exit
      --version         show the version and exit

Charts: reliability (pm-calib), lift and gains (pm-lift), roc and ks
(pm-ks --table), psi (pm-psi), profit (pm-target --table), history (monitor.sh's
monitor_history.tsv).  The scripts are found in \$PM_PIPELINES, else in
../share/pm/pipelines beside this program.  See pm-chart(1)."

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 1
}

die_usage() {
    printf '%s: %s\n' "$prog" "$*" >&2
    printf "Try '%s --help' for more information.\n" "$prog" >&2
    exit 2
}

# The folder of the chart scripts: $PM_PIPELINES, the installed share
# folder, or the source tree seen from build/<kind>/bin.
pipelines() {
    if [ -n "${PM_PIPELINES:-}" ]; then
        printf '%s\n' "$PM_PIPELINES"
        return
    fi
    here=$(dirname -- "$0")
    for d in "$here/../share/pm/pipelines" "$here/../../../pipelines"; do
        if [ -d "$d" ]; then
            printf '%s\n' "$d"
            return
        fi
    done
    die "no chart scripts found (set PM_PIPELINES to the folder of the .gp files)"
}

# header_field SCRIPT KEY: the text after "# KEY: " in a chart script.
header_field() {
    sed -n "s/^# $2: //p" "$1" | head -n 1
}

list_charts() {
    dir=$(pipelines)
    for f in "$dir"/*.gp; do
        [ -e "$f" ] || continue
        name=$(basename -- "$f" .gp)
        printf '%-12s %-28s %s\n' "$name" "$(header_field "$f" input)" "$(header_field "$f" chart)"
    done
}

# gp_string TEXT: TEXT as a gnuplot string expression.  Control characters
# become spaces (a line break would end the command); the rest is put in
# single quotes, in which gnuplot expands nothing, and each quote in TEXT
# becomes "'" joined on with the . operator (gnuplot reads a doubled quote
# at the start of a string as an empty string).
gp_string() {
    printf "'%s'" "$(printf '%s' "$1" | tr '\001-\037\177' ' ' | sed "s/'/' . \"'\" . '/g")"
}

format=
output=
size=
title=
variable=
chart=
input=
# Options may come before or after the CHART and FILE operands.
while [ $# -gt 0 ]; do
    opt=
    case $1 in
    -f | --format | -o | --output | --size | -t | --title | --variable)
        [ $# -ge 2 ] || die_usage "option '$1' requires an argument"
        opt=$1 arg=$2
        shift
        ;;
    --format=* | --output=* | --size=* | --title=* | --variable=*)
        opt=${1%%=*} arg=${1#*=}
        ;;
    -f?* | -o?* | -t?*)
        opt=$(printf '%s' "$1" | cut -c1-2) arg=${1#??}
        ;;
    -l | --list)
        list_charts
        exit 0
        ;;
    --help)
        printf '%s\n' "$usage"
        exit 0
        ;;
    --version)
        printf '%s (pm) %s\n' "$prog" "$version"
        exit 0
        ;;
    --)
        shift
        break
        ;;
    -?*) die_usage "unrecognized option '$1'" ;;
    *)
        if [ -z "$chart" ]; then
            chart=$1
        elif [ -z "$input" ]; then
            input=$1
        else
            die_usage "unexpected argument '$1'"
        fi
        ;;
    esac
    shift
    case $opt in
    -f | --format) format=$arg ;;
    -o | --output)
        [ -n "$arg" ] || die_usage "an empty output file name"
        output=$arg
        ;;
    --size) size=$arg ;;
    -t | --title) title=$arg ;;
    --variable)
        [ -n "$arg" ] || die_usage "option '--variable': an empty name"
        variable=$arg
        ;;
    esac
done
for operand in "$@"; do
    if [ -z "$chart" ]; then
        chart=$operand
    elif [ -z "$input" ]; then
        input=$operand
    else
        die_usage "unexpected argument '$operand'"
    fi
done
[ -n "$chart" ] || die_usage "no chart named (pm-chart --list shows them)"
input=${input:--}

case $chart in
*[!a-z0-9_-]* | '') die_usage "no chart '$chart' (pm-chart --list shows them)" ;;
esac
script=$(pipelines)/$chart.gp
[ -f "$script" ] || die_usage "no chart '$chart' (pm-chart --list shows them)"
[ -z "$variable" ] || [ "$chart" = psi ] || die_usage "option '--variable' is for the psi chart"

if [ -z "$format" ]; then
    case $output in
    '' | -) format=dumb ;;
    *.png | *.PNG) format=png ;;
    *.svg | *.SVG) format=svg ;;
    *.txt | *.TXT) format=dumb ;;
    *) die_usage "cannot tell the format from '$output': use --format png, svg or dumb" ;;
    esac
fi
case $format in
png | svg) size=${size:-800,600} ;;
dumb) size=${size:-79,24} ;;
*) die_usage "option '--format': '$format' is not png, svg or dumb" ;;
esac
case $size in
*[!0-9,]* | *,*,* | ,* | *, | [!0-9]*) die_usage "option '--size': '$size' is not W,H" ;;
*,*) ;;
*) die_usage "option '--size': '$size' is not W,H" ;;
esac
# Sizes gnuplot draws a readable chart in (it makes a speck of 1,1 and fails
# on 0,0): pixels for png and svg, characters for dumb.
if [ "$format" = dumb ]; then least=20,10 most=1000 unit=characters; else least=100,100 most=10000 unit=pixels; fi
w=$(printf '%s' "${size%,*}" | sed 's/^0*//') h=$(printf '%s' "${size#*,}" | sed 's/^0*//')
if [ "${#w}" -gt 5 ] || [ "${#h}" -gt 5 ] || [ "${w:-0}" -lt "${least%,*}" ] ||
    [ "${h:-0}" -lt "${least#*,}" ] || [ "$w" -gt "$most" ] || [ "$h" -gt "$most" ]; then
    die_usage "option '--size': '$size' is out of range for $format (${least%,*} to $most by ${least#*,} to $most $unit)"
fi

command -v gnuplot > /dev/null 2>&1 || die "gnuplot not found (Debian: apt install gnuplot-nox)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pm-chart.XXXXXX") || die "cannot make a temporary folder"
# The one copy of the input is unlinked as soon as it is made: read through
# descriptor 4 (/dev/fd/4), it is gone with the last reader, even after a
# SIGKILL, which no trap sees.
: > "$tmp/data.tsv" && exec 4< "$tmp/data.tsv" 5> "$tmp/data.tsv" && rm -f -- "$tmp/data.tsv" ||
    die "cannot make a temporary file in ${TMPDIR:-/tmp}"
data=/dev/fd/4
part=
trap 'rm -rf "$tmp"; [ -z "$part" ] || rm -f "$part"' EXIT
trap 'exit 1' HUP INT TERM

# check_table: the table as pm's reader takes it (a NUL byte, a repeated
# column name, a row with more or fewer fields than the header are errors)
# and, in the columns the chart script names on its "# numbers:" line, a
# number on every row, read as strictly as pm reads numbers.
check_table() {
    awk -F'\t' -v name="$name" -v numbers="$(header_field "$script" numbers)" '
    function quote(s) {
        s = length(s) > 64 ? substr(s, 1, 64) "..." : s
        gsub(/\357\273\277/, "\\xef\\xbb\\xbf", s) # an invisible byte order mark
        return s
    }
    function fail(msg) { print name ":" NR ": " msg; exit 1 }
    NR == 1 {
        if (index($0, "\r")) fail("lines end in CR only (convert them to LF, or CR LF)")
        width = NF
        for (i = 1; i <= NF; i++) {
            if ($i in at) fail("duplicate column name \047" quote($i) "\047")
            at[$i] = i
        }
        n = split(numbers, num, " ")
        for (k = 1; k <= n; k++) col[k] = (num[k] in at) ? at[num[k]] : 0
        next
    }
    (NF ? NF : 1) != width { fail("expected " width " fields, found " (NF ? NF : 1)) }
    {
        for (k = 1; k <= n; k++) {
            if (!col[k]) continue
            v = $(col[k]); x = v + 0; msg = ""
            if (v == "") msg = "missing value"
            else if (v !~ /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/)
                msg = "\047" quote(v) "\047 is not a number"
            else if (x == x * 2 && x != 0) msg = "\047" quote(v) "\047 is out of range"
            if (msg != "") fail("column \047" num[k] "\047: " msg)
        }
    }' "$data"
}

# write_to NAME [FILE]: the chart to FILE (or to NAME, or to stdout if NAME is
# stdout), as the C tools write: a write error is fatal ("write error on
# NAME: REASON"), a reader that went away (| head) ends the run quietly.
write_to() {
    dest=${2:-$1}
    if [ "$dest" = stdout ]; then
        # a closed stdout is an error, as in the C tools
        { true 9>&1; } 2> /dev/null || die "write error on stdout: Bad file descriptor"
        err=$(cat -- "$tmp/chart" 2>&1 >&3) 3>&1 && return 0
    else
        err=$(cat -- "$tmp/chart" 2>&1 > "$dest") && return 0
    fi
    case $err in '' | *'Broken pipe'*) broken_pipe ;; esac # cat ended by SIGPIPE, or EPIPE
    die "write error on $1: ${err##*: }"
}

# A reader that went away: clean up and end as SIGPIPE ends the C tools.
broken_pipe() {
    rm -rf "$tmp"
    trap - EXIT
    kill -s PIPE $$
    exit 141 # SIGPIPE is ignored
}

# The data, under a name of our own, without a UTF-8 byte order mark or the
# CR of a CR LF, which pm's reader also drops (sed keeps the lines, and
# their NUL bytes, as they are).
clean() { sed -e '1s/^\xef\xbb\xbf//' -e 's/\r$//' >&5; }
if [ "$input" = - ]; then
    name=stdin
    err=$(clean 2>&1) || die "stdin: ${err##*: }"
else
    name=$input
    [ -r "$input" ] && [ ! -d "$input" ] || die "$input: $(LC_ALL=C cat -- "$input" 2>&1 > /dev/null | sed 's/.*: //')"
    err=$(clean < "$input" 2>&1) || die "$input: ${err##*: }"
fi
exec 5>&-
if ! differ=$(tr '\000' '\001' < "$data" | LC_ALL=C cmp -- "$data" -); then
    die "$name:${differ##* }: NUL byte in input"
fi
header=$(head -n 1 "$data")
[ -s "$data" ] || die "$name: empty input: expected a header line"
problem=$(check_table) || die "$problem"
for column in $(header_field "$script" columns); do
    printf '%s\n' "$header" | tr '\t' '\n' | grep -qxF -- "$column" ||
        die "column '$column' not found in header of $name (the $chart chart draws $(header_field "$script" input) output)"
done
[ "$(sed -n '2p' "$data")" != "" ] || die "$name: no data rows"

# psi --variable: only that variable's rows, which psi.gp then draws.
if [ -n "$variable" ]; then
    awk -F'\t' -v want="$variable" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "variable") c = i; print; next }
        $c == want' "$data" > "$tmp/variable.tsv"
    if [ "$(wc -l < "$tmp/variable.tsv")" -lt 2 ]; then
        known=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "variable") c = i; next }
            !($c in seen) { seen[$c]; printf "%s%s", n++ ? ", " : "", $c }' "$data")
        die "$name: no variable '$variable' (the table has: $known)"
    fi
    data=$tmp/variable.tsv
fi

if [ -z "$title" ]; then
    title=$(header_field "$script" chart | sed 's/:.*//')
    [ -z "$variable" ] || title="$title: $variable"
    [ "$name" = stdin ] || title="$title ($name)"
fi

case $format in
png)
    terminal="if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
    set terminal pngcairo size $size noenhanced font 'sans,10'
} else {
    set terminal png size $size noenhanced
}"
    ;;
svg) terminal="set terminal svg size $size noenhanced font 'sans,10' background '#ffffff'" ;;
dumb) terminal="set terminal dumb size $size noenhanced" ;;
esac

cat > "$tmp/prologue.gp" << GP
datafile = $(gp_string "$data")
header = $(gp_string "$header")
outfile = $(gp_string "$tmp/chart")
term = '$format'
title = $(gp_string "$title")
$terminal
set output outfile
set datafile separator tab
set datafile columnheaders
GP

if ! gnuplot "$tmp/prologue.gp" "$script" 2> "$tmp/errors"; then
    sed "s/^/$prog: gnuplot: /" "$tmp/errors" >&2
    die "$name: the $chart chart could not be drawn"
fi
[ ! -s "$tmp/errors" ] || sed "s/^/$prog: gnuplot: /" "$tmp/errors" >&2

if [ "$format" = dumb ]; then
    # gnuplot starts the page with a form feed and pads every line
    sed -e '1s/^\f//' -e 's/ *$//' "$tmp/chart" > "$tmp/text"
    mv "$tmp/text" "$tmp/chart"
fi
if [ -z "$output" ] || [ "$output" = - ]; then
    write_to stdout
elif [ -e "$output" ] && [ ! -f "$output" ]; then
    write_to "$output" # a device or a FIFO: written in place, as the C tools do
else
    part=$(mktemp "$(dirname -- "$output")/.pm-chart.XXXXXX" 2> /dev/null) ||
        die "$output: cannot write in $(dirname -- "$output")"
    write_to "$output" "$part"
    # mktemp's 0600 becomes the mode of the file replaced, or the umask's
    if [ -e "$output" ]; then
        chmod --reference="$output" -- "$part"
    else
        chmod "$(printf '%o' $((0666 & ~$(umask))))" -- "$part"
    fi
    mv -f -- "$part" "$output" || die "$output: cannot put the chart in place"
    part=
fi
