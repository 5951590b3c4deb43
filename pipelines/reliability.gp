# chart: reliability diagram: observed response rate against mean predicted score, per bin
# input: pm-calib
# columns: mean_predicted observed_rate
# numbers: mean_predicted observed_rate
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  Points on the diagonal are
# perfectly calibrated: above it the model under-predicts, below it over-predicts.
set title title noenhanced
set xlabel 'mean predicted score'
set ylabel 'observed response rate'
set xrange [0:1]
set yrange [0:1]
set size ratio -1
set key top left
set grid
plot x with lines dashtype 2 linecolor 'gray40' title 'perfectly calibrated', \
     datafile using 'mean_predicted':'observed_rate' with linespoints pointtype 7 \
         linewidth 2 linecolor 'dark-blue' title 'model'
