# chart: ROC curve: share of responders against share of non-responders above each cut
# input: pm-ks --table
# columns: cum_responders_share cum_non_responders_share
# numbers: cum_responders_share cum_non_responders_share
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  The diagonal is a score that
# ranks at random.  pm-ks --table -g 0 gives every distinct score: the whole
# curve.
set table $roc
plot datafile using 'cum_non_responders_share':'cum_responders_share' with table
unset table
set print $curve
print "fpr\ttpr"
print "0\t0"
print $roc
unset print
set title title noenhanced
set xlabel 'share of non-responders above the cut (false positive rate)'
set ylabel 'share of responders above the cut (true positive rate)'
set xrange [0:1]
set yrange [0:1]
set size ratio -1
set key bottom right
set grid
plot $curve using 1:2 with lines linewidth 2 linecolor 'dark-blue' title 'model', \
     x with lines dashtype 2 linecolor 'gray40' title 'random'
