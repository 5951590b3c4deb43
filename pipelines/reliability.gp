# chart: reliability diagram: observed response rate against mean predicted score, per bin
# input: pm-calib
# columns: mean_predicted observed_rate rows
# numbers: mean_predicted observed_rate rows
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  Points on the diagonal are
# perfectly calibrated: above it the model under-predicts, below it over-predicts.
# Both axes run from 0 to a little past the largest score or rate of a bin
# (scores of 0 to 0.15 fill the chart, not a corner of it), and each point
# is labelled with its bin's rows.
stats datafile using 'mean_predicted' nooutput
top = STATS_max
stats datafile using 'observed_rate' nooutput
top = STATS_max > top ? STATS_max : top
top = top <= 0 ? 1 : (top * 1.1 > 1 ? 1 : top * 1.1)
set title title noenhanced
set xlabel 'mean predicted score'
set ylabel 'observed response rate'
set xrange [0:top]
set yrange [0:top]
set size ratio -1
set key top left
set grid
plot x with lines dashtype 2 linecolor 'gray40' title 'perfectly calibrated', \
     datafile using 'mean_predicted':'observed_rate' with linespoints pointtype 7 \
         linewidth 2 linecolor 'dark-blue' title 'model', \
     datafile using 'mean_predicted':'observed_rate':(sprintf('%d', column('rows'))) \
         with labels offset char 0,1 notitle
