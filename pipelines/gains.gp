# chart: cumulative gains: share of responders reached against share of rows contacted
# input: pm-lift
# columns: cum_rows cum_responders cum_capture
# numbers: cum_rows cum_responders cum_capture
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  Random contact gains along
# the diagonal; a perfect ranking puts every responder first.
stats datafile using 'cum_rows' nooutput
rows = STATS_max
stats datafile using 'cum_responders' nooutput
base_rate = STATS_max / rows
# the curve starts at the origin: no rows, no responders
set table $gains
plot datafile using (column('cum_rows') / rows):'cum_capture' with table
unset table
set print $curve
print "share\tcapture"
print "0\t0"
print $gains
unset print
set title title noenhanced
set xlabel 'share of rows contacted (highest scores first)'
set ylabel 'share of responders reached'
set xrange [0:1]
set yrange [0:1]
set size ratio -1
set key bottom right
set grid
set samples 1001
plot $curve using 1:2 with linespoints pointtype 7 linewidth 2 linecolor 'dark-blue' \
         title 'model', \
     x with lines dashtype 2 linecolor 'gray40' title 'random', \
     (x < base_rate ? x / base_rate : 1) with lines dashtype 3 linecolor 'dark-green' \
         title 'perfect'
