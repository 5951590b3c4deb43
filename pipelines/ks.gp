# chart: KS curve: cumulative shares of responders and non-responders by depth, and the gap
# input: pm-ks --table
# columns: cum_rows min_score cum_responders_share cum_non_responders_share difference
# numbers: cum_rows min_score cum_responders_share cum_non_responders_share difference
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  The KS statistic is the
# largest gap between the two curves; pm-ks puts its cut in the table.
stats datafile using 'cum_rows' nooutput
rows = STATS_max
stats datafile using (abs(column('difference'))) nooutput
ks = STATS_max
at = STATS_index_max
stats datafile using (column('cum_rows') / rows) every ::at::at nooutput
ks_x = STATS_max
stats datafile using 'min_score' every ::at::at nooutput
ks_score = STATS_max
stats datafile using 'cum_responders_share' every ::at::at nooutput
ks_tpr = STATS_max
stats datafile using 'cum_non_responders_share' every ::at::at nooutput
ks_fpr = STATS_max
set table $shares
plot datafile using (column('cum_rows') / rows):'cum_responders_share':'cum_non_responders_share' \
    with table
unset table
set print $curve
print "depth\tresponders\tnon_responders"
print "0\t0\t0"
print $shares
unset print
set title title noenhanced
set xlabel 'share of rows (highest scores first)'
set ylabel 'cumulative share'
set xrange [0:1]
set yrange [0:1]
set key bottom right
set grid
set arrow 1 from ks_x, ks_fpr to ks_x, ks_tpr heads linecolor 'black' linewidth 2
plot $curve using 1:2 with lines linewidth 2 linecolor 'dark-blue' title 'responders', \
     '' using 1:3 with lines linewidth 2 linecolor 'dark-red' title 'non-responders', \
     NaN with lines linewidth 2 linecolor 'black' \
         title sprintf('KS %.3f at score >= %.4g', ks, ks_score)
