# chart: lift by group: each group's lift as bars and the cumulative lift as a line
# input: pm-lift
# columns: group lift cum_lift
# numbers: group lift cum_lift
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  Group 1 holds the highest
# scores; a lift of 1 is what contacting rows at random gives.
stats datafile using 'group' nooutput
groups = STATS_max
set title title noenhanced
set xlabel 'group (highest scores first)'
set ylabel 'lift'
set xrange [0.5:groups + 0.5]
set yrange [0:*]
if (groups <= 20) { set xtics 1 }
set key top right
set grid ytics
set style fill solid 0.5 border
set boxwidth 0.7 relative
plot datafile using 'group':'lift' with boxes linecolor 'steelblue' title 'lift', \
     '' using 'group':'cum_lift' with linespoints pointtype 7 linewidth 2 \
         linecolor 'dark-red' title 'cumulative lift', \
     1 with lines dashtype 2 linecolor 'gray40' title 'random'
