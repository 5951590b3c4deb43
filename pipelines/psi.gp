# chart: score stability: each bin's share of reference and current rows, with the PSI
# input: pm-psi
# columns: variable bin reference_share current_share psi verdict
# numbers: reference_share current_share psi
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  The chart shows the first
# variable of pm-psi's table, the score: the share of the reference rows and
# of the current rows in each bin of the reference's quantiles, side by side,
# and the variable's PSI and verdict.  Text from the data reaches gnuplot
# only through variables.
set datafile separator "\t"
set datafile columnheaders

# The first variable (the score), how many bins it has, its PSI and verdict.
variable = ""
verdict = ""
psi = NaN
stats datafile using (variable eq "" ? (variable = strcol('variable'), verdict = strcol('verdict'), psi = column('psi'), 1) : (strcol('variable') eq variable ? 1 : 0)) nooutput
nbins = int(STATS_sum)

set title title noenhanced
set label 1 sprintf("%s: PSI %.4f, %s", variable, psi, verdict) at graph 0.02, graph 0.95 left noenhanced
set ylabel "share of rows"
set xlabel "bin (reference quantiles)"
set yrange [0:*]
set grid ytics
set key top center
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics noenhanced

plot datafile every ::0::(nbins - 1) using 'reference_share':xtic(strcol('bin')) title "reference" linecolor rgb "#4477aa", \
     '' every ::0::(nbins - 1) using 'current_share' title "current" linecolor rgb "#ee6677"
