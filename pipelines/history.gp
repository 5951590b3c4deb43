# chart: monitoring history: the score's PSI of each wave against the 0.1 and 0.2 lines
# input: monitor.sh
# columns: wave score_psi
# numbers: score_psi
#
# Drawn by pm-chart(1), which sets the terminal and output and defines
# datafile, term (png, svg or dumb) and title.  One point per wave of
# reports/monitor_history.tsv, in the order the waves were first monitored;
# below 0.1 the score is stable, from 0.1 to 0.2 watch it, above 0.2
# recalibrate.  The wave labels reach gnuplot only as data.
stats datafile using 'score_psi' nooutput
waves = STATS_records
top = STATS_max > 0.25 ? STATS_max * 1.1 : 0.25
set title title noenhanced
set xlabel 'wave (in the order monitored)'
set ylabel 'PSI of the score'
set xrange [-0.5:waves - 0.5]
set yrange [0:top]
set xtics noenhanced
set key below center horizontal
set grid ytics
plot datafile using 0:'score_psi':xtic(strcol('wave')) with linespoints pointtype 7 \
         pointsize 1.2 linewidth 2 linecolor 'dark-blue' notitle, \
     0.1 with lines dashtype 2 linewidth 1.5 linecolor 'dark-orange' title 'watch (0.1)', \
     0.2 with lines dashtype 2 linewidth 1.5 linecolor 'dark-red' title 'alert (0.2)'
