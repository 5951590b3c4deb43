#!/bin/sh
# psi.sh - pm-psi on a 10,000,000-row reference and current: time against
# numpy/pandas doing the same PSI, and peak memory against the bound of its
# design (8 bytes per reference row, for the sorted scores, plus a constant).
#
# The score files do not need pm-predict: they are pm-synth | pm-features
# output (reference: seed 1; current: seed 2 with --drift 0.3) with a score
# column appended by awk from a fixed logistic formula,
#     score = 1 / (1 + exp(-(-1.72 + 0.9 renewal_window_flag + 0.5 high_engagement_flag
#                            + 0.3 large_account_flag + 0.04 email_opens_30d
#                            - 0.05 support_tickets_90d)))
# written with 17 significant digits.
. "$(dirname "$0")/lib.sh"

# scored N SEED DRIFT: path of N scored rows, made once.
scored() {
    f=$DATA/psi_scored_$1_s$2_d$3.tsv
    [ -s "$f" ] || {
        echo "making $f" >&2
        pm-synth -n "$1" -s "$2" --drift "$3" | pm-features | awk -F'\t' -v OFS='\t' '
            NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print $0, "score"; next }
            { z = -1.72 + 0.9 * $c["renewal_window_flag"] + 0.5 * $c["high_engagement_flag"] \
                  + 0.3 * $c["large_account_flag"] + 0.04 * $c["email_opens_30d"] \
                  - 0.05 * $c["support_tickets_90d"]
              printf "%s\t%.17g\n", $0, 1 / (1 + exp(-z)) }' > "$f.tmp"
        mv "$f.tmp" "$f"
    }
    echo "$f"
}

ref10=$(scored 10000000 1 0)
cur10=$(scored 10000000 2 0.3)
ref1=$(scored 1000000 1 0)
size=$(mb "$ref10")

cat > "$DATA/psi.py" <<'PY'
# The same PSI with pandas and numpy, as a user would write it.
import sys
import numpy as np
import pandas as pd
ref = pd.read_csv(sys.argv[1], sep="\t", usecols=["score"])["score"].to_numpy()
cur = pd.read_csv(sys.argv[2], sep="\t", usecols=["score"])["score"].to_numpy()
edges = np.unique(np.quantile(ref, np.linspace(0, 1, 11)[1:-1]))
e = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1) / len(ref)
a = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=len(edges) + 1) / len(cur)
e, a = np.where(e == 0, 1e-4, e), np.where(a == 0, 1e-4, a)
print(float(((a - e) * np.log(a / e)).sum()))
PY

# pm-psi exits 3 or 4 on a drifted population, which measure would take for
# a failure: run it through sh, failing only on 1 and 2.
PSI='pm-psi "$@"; s=$?; [ $s -ne 1 ] && [ $s -ne 2 ]'
INPUTS="-c company_size,annual_revenue,email_opens_30d,tenure_months --categorical industry,region"

set -- $(measure "$READER" "$cur10"); floor_t=$1
set -- $(measure sh -c "$PSI" sh "$ref10" "$cur10"); psi_t=$1 psi_m=$2
set -- $(measure sh -c "$PSI" sh "$ref1" "$cur10"); psi1_m=$2
# shellcheck disable=SC2086 # INPUTS is a list of options
set -- $(measure sh -c "$PSI" sh $INPUTS "$ref10" "$cur10"); inputs_t=$1 inputs_m=$2
# In steps, as for shards: the reference's bins once, the current rows
# counted in them (here as one shard), the partials merged.
pm-psi --edges $INPUTS -o "$DATA/psi_bins.psi" "$ref10"
pm-psi --reduce -o "$DATA/psi_part.psi" "$DATA/psi_bins.psi" "$cur10"
# shellcheck disable=SC2086 # INPUTS is a list of options
set -- $(measure pm-psi --edges $INPUTS "$ref10"); edges_t=$1 edges_m=$2
set -- $(measure pm-psi --reduce "$DATA/psi_bins.psi" "$cur10"); reduce_t=$1 reduce_m=$2
set -- $(measure sh -c "$PSI" sh --merge "$DATA/psi_bins.psi" "$DATA/psi_part.psi" "$DATA/psi_part.psi"); merge_t=$1 merge_m=$2
bins_b=$(stat -c %s "$DATA/psi_bins.psi")
part_b=$(stat -c %s "$DATA/psi_part.psi")
RUNS=1
set -- $(measure "$PYTHON" "$DATA/psi.py" "$ref10" "$cur10"); py_t=$1 py_m=$2

# Bytes per reference row beyond the constant: the slope from 1M to 10M rows.
slope=$(awk -v a="$psi1_m" -v b="$psi_m" 'BEGIN { printf "%.2f", (b - a) * 1024 / 9e6 }')

cat <<MD
## pm-psi: 10,000,000-row reference and current ($size MB each)

| program | median time | vs pm-psi | peak memory |
| --- | --- | --- | --- |
| minimal C reader, one pass over the current file (no output) | $floor_t s | | |
| pm-psi (score) | $psi_t s | 1.00 | $psi_m KB |
| pm-psi (score + 4 numeric and 2 categorical inputs) | $inputs_t s | $(ratio "$inputs_t" "$psi_t") | $inputs_m KB |
| pandas read_csv + numpy (1 run) | $py_t s | $(ratio "$py_t" "$psi_t") | $py_m KB |

Peak memory of pm-psi with a 1,000,000-row reference: $psi1_m KB; the growth to 10,000,000
rows is $slope bytes per reference row (the design's bound: 8, the reference scores sorted in
place, plus a constant; the current file is streamed).
With 4 numeric inputs the reference holds 5 values per row: 40 bytes per row.

The same comparison in steps, as for current rows in shards (score + the same inputs):

| step | median time | peak memory | file written |
| --- | --- | --- | --- |
| pm-psi --edges: the reference's bins, once | $edges_t s | $edges_m KB | $bins_b bytes |
| pm-psi --reduce: the current rows counted in them (one shard of 10M rows) | $reduce_t s | $reduce_m KB | $part_b bytes |
| pm-psi --merge of two such partials | $merge_t s | $merge_m KB | the report |

A shard's count holds no rows: its memory does not grow with them, and its partial is the
same few lines whatever the shard's size.

MD
