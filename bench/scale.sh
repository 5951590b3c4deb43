#!/bin/sh
# scale.sh - pm-fit beyond memory and across hosts, on $SCALE_ROWS rows of
# pm-synth | pm-features output (10,000,000 by default, about 1 GB):
# pm-fit --memory 64M beside the in-memory fit (time, peak memory, the
# models' largest relative difference), and pm-fit-cluster over three
# shards, per pass: the time of a pass, the time of the shards' own reading
# and sums (pm-fit --reduce, the slowest of the three), the overhead between
# them, and the partial sums' size.  The hosts are this machine (:) unless
# SCALE_HOSTS names three (comma-separated, as parallel's -S takes them,
# each with the shards at the same paths as here: a shared folder).
. "$(dirname "$0")/lib.sh"

rows=${SCALE_ROWS:-10000000}
f=$(features "$rows")
X=company_size,annual_revenue,website_visits_30d,email_opens_30d,contract_remaining_months,tenure_months,support_tickets_90d,renewal_window_flag,high_engagement_flag,large_account_flag,revenue_per_employee,industry,region,company_size_bin,website_visits_bin,contract_remaining_bin

set -- $(measure_side "pm-fit -x $X -o $DATA/scale_held.json $f" \
    "pm-fit --memory 64M -x $X -o $DATA/scale_streamed.json $f")
held_t=$1 held_m=$2 str_t=$3 str_m=$4
# the largest relative difference of any number in the two models
numbers() {
    jq -r 'del(.training.gradient_norm, .training.timestamp) | paths(numbers) as $p | getpath($p)' "$1"
}
maxrel() {
    paste "$1" "$2" | awk '{ d = $1 - $2; if (d < 0) d = -d; m = $2 < 0 ? -$2 : $2
        if (m > 0 && d / m > r) r = d / m } END { printf "%.2g", r }'
}
numbers "$DATA/scale_held.json" > "$DATA/.scale_a"
numbers "$DATA/scale_streamed.json" > "$DATA/.scale_b"
streamed_diff=$(maxrel "$DATA/.scale_a" "$DATA/.scale_b")

# three shards of the rows, and the list of hosts
third=$(( (rows + 2) / 3 ))
for i in 1 2 3; do
    s=$DATA/scale_shard$i.tsv
    [ -s "$s" ] || { head -n 1 "$f"; tail -n +2 "$f" | sed -n "$(( (i - 1) * third + 1 )),$(( i * third ))p"; } > "$s"
done
hosts=${SCALE_HOSTS:-:,:,:}
i=0
: > "$DATA/scale_shards"
for h in $(echo "$hosts" | tr ',' ' '); do
    i=$((i + 1))
    printf '%s\t%s\n' "$h" "$DATA/scale_shard$i.tsv" >> "$DATA/scale_shards"
done

# the hosts' pm-fit, timed: one line per shard and pass (seconds, bytes)
log=$DATA/.scale_log
wrapper=$DATA/scale_fit
cat > "$wrapper" <<SH
#!/bin/sh
out=\$(mktemp)
start=\$(date +%s.%N)
"$BIN/pm-fit" "\$@" > "\$out" || { rm -f "\$out"; exit 1; }
end=\$(date +%s.%N)
echo "\$start \$end \$(wc -c < "\$out")" >> "$log"
cat "\$out"
rm -f "\$out"
SH
chmod +x "$wrapper"
: > "$log"
start=$(date +%s.%N)
PM_FIT_REMOTE=$wrapper pm-fit-cluster -x "$X" -o "$DATA/scale_cluster.json" "$DATA/scale_shards"
end=$(date +%s.%N)
numbers "$DATA/scale_cluster.json" > "$DATA/.scale_c"
cluster_diff=$(maxrel "$DATA/.scale_a" "$DATA/.scale_c")
set -- $(awk -v start="$start" -v end="$end" '
    { n++; t = $2 - $1; pass = int((n - 1) / 3); if (t > slow[pass]) slow[pass] = t
      if (n > 3) { bytes += $3; sums++ } else stats += $3 }
    END { passes = n / 3; for (p in slow) reduce += slow[p]
          printf "%d %.2f %.2f %.2f %.0f %.0f\n", passes, (end - start) / passes, reduce / passes,
              (end - start - reduce) / passes, bytes / sums, stats / 3 }' "$log")
passes=$1 per_pass=$2 per_reduce=$3 per_overhead=$4 sums_bytes=$5 stats_bytes=$6

cat <<MD
## Beyond memory and across hosts: $rows rows ($(mb "$f") MB)

| fit | median time | peak memory | time / in-memory | max relative difference from the in-memory model |
| --- | --- | --- | --- | --- |
| pm-fit (in memory) | $held_t s | $held_m KB | 1.00 | 0 |
| pm-fit --memory 64M (a pass of the file per point) | $str_t s | $str_m KB | $(ratio "$str_t" "$held_t") | $streamed_diff |

Target: --memory 64M at most 3x the in-memory fit's time.

pm-fit-cluster over three shards on $hosts ($passes passes, one run; max relative difference
from the in-memory model $cluster_diff):

| per pass | seconds |
| --- | --- |
| the whole pass (request out, three shards, partials back, merge) | $per_pass |
| the slowest shard's own reading and sums (pm-fit --reduce) | $per_reduce |
| the cluster's overhead (ssh, parallel, the merge) | $per_overhead |

A sums partial is $sums_bytes bytes (the first pass's: $stats_bytes bytes), whatever the rows.

MD
