# psi.gp - reference vs current score distribution by bin, from pm-psi's table.
#
#   gnuplot -e "datafile='psi.tsv'; term='png'; outfile='psi.png'; title='Score stability'" psi.gp
#
# datafile: the TSV of pm-psi (its default output).  The chart shows the
# first variable in it, the score: each bin's share of the reference rows and
# of the current rows side by side, with the PSI and its verdict.  term is
# png, svg or dumb (text; outfile '' or '-' writes it to stdout).  Every text
# taken from the data goes through variables, never into a command.

if (!exists("datafile")) { print "psi.gp: set datafile"; exit status 2 }
if (!exists("term")) { term = "png" }
if (!exists("outfile")) { outfile = "" }
if (!exists("title")) { title = "Score distribution: reference vs current" }

if (term eq "png") {
    set terminal pngcairo size 900,540 noenhanced font "sans,10"
} else {
    if (term eq "svg") {
        set terminal svg size 900,540 noenhanced font "sans,10"
    } else {
        if (term eq "dumb") {
            set terminal dumb size 100,32 noenhanced
        } else {
            print sprintf("psi.gp: term '%s' is not png, svg or dumb", term)
            exit status 2
        }
    }
}
if (outfile eq "" || outfile eq "-") { set output } else { set output outfile }

set datafile separator "\t"
set datafile columnheaders

# The first variable (the score), how many bins it has, its PSI and verdict.
variable = ""
verdict = ""
psi = NaN
stats datafile using (variable eq "" ? (variable = strcol(1), verdict = strcol(11), psi = column(10), 1) : (strcol(1) eq variable ? 1 : 0)) nooutput
nbins = int(STATS_sum)

set title title noenhanced
set label 1 sprintf("%s: PSI %.4f, %s", variable, psi, verdict) at graph 0.02, graph 0.95 left noenhanced
set ylabel "share of rows"
set xlabel "bin (reference quantiles)"
set yrange [0:*]
set grid ytics
set key top right
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics noenhanced

plot datafile every ::0::(nbins - 1) using 7:xtic(2) title "reference" linecolor rgb "#4477aa", \
     '' every ::0::(nbins - 1) using 8 title "current" linecolor rgb "#ee6677"
