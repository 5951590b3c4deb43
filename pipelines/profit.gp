# chart: profit curve: expected (and realised) profit against share of rows contacted
# input: pm-target --table
# columns: pct expected_profit
# numbers: pct expected_profit
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, header (the table's column names, separated by spaces), term (png, svg or dumb) and
# title.  The realised profit is drawn where the table has it (pm-target
# read the target); the best cut is the top of the expected curve.
realised = strstrt(" " . header . " ", " realised_profit ") > 0
set title title noenhanced
set xlabel 'share of rows contacted, % (highest scores first)'
set ylabel 'profit'
set xrange [0:100]
set key top right
set grid
set xzeroaxis linetype -1
if (realised) {
    plot datafile using 'pct':'expected_profit' with lines linewidth 2 linecolor 'dark-blue' \
             title 'expected', \
         datafile using 'pct':'realised_profit' with lines linewidth 1 linecolor 'dark-green' \
             title 'realised'
} else {
    plot datafile using 'pct':'expected_profit' with lines linewidth 2 linecolor 'dark-blue' \
             title 'expected'
}
