#!/bin/sh
# bin.sh - pm-bin on 1,000,000 rows of pm-features output, every feature
# (12 numeric, 5 categorical), against the floor (one pass of the minimal C
# reader) and against pandas/numpy doing the same binning.
. "$(dirname "$0")/lib.sh"

f1=$(features 1000000)
size=$(mb "$f1")

cat > "$DATA/bin.py" <<'PY'
# Response rate, WoE and IV by decile or level, with pandas and numpy, as a
# user would write it (the numbers of pm-bin, without its output formatting).
import sys
import numpy as np
import pandas as pd
df = pd.read_csv(sys.argv[1], sep="\t")
y = df.pop("response_flag").to_numpy()
df = df.drop(columns=["account_id"])
R, N = y.sum(), len(y) - y.sum()
rows = []
for name in df.columns:
    x = df[name]
    if pd.api.types.is_numeric_dtype(x):
        v = x.to_numpy(dtype=float)
        ok = ~np.isnan(v)
        edges = np.unique(np.quantile(v[ok], np.linspace(0, 1, 11)[1:-1]))
        b = np.searchsorted(edges, v[ok], side="right")
        n = np.bincount(b, minlength=len(edges) + 1)
        r = np.bincount(b, weights=y[ok], minlength=len(edges) + 1)
        keep = n > 0
        n, r = n[keep], r[keep]
    else:
        g = pd.DataFrame({"x": x.fillna(""), "y": y}).groupby("x")["y"].agg(["size", "sum"])
        n, r = g["size"].to_numpy(), g["sum"].to_numpy()
    m = n - r
    adj = (r == 0) | (m == 0)
    rr, mm = r + 0.5 * adj, m + 0.5 * adj
    woe = np.log((rr * N) / (mm * R))
    iv = (rr / R - mm / N) * woe
    rows.append((name, iv.sum()))
print(len(rows))
PY

set -- $(measure_side "$READER $f1" "pm-bin $f1" "pm-bin --summary $f1")
floor_t=$1 bin_t=$3 bin_m=$4 summary_t=$5
RUNS=1
set -- $(measure "$PYTHON" "$DATA/bin.py" "$f1"); py_t=$1 py_m=$2

cat <<MD
## pm-bin: 1,000,000 rows of pm-features output ($size MB), every feature

| program | median time | vs floor | peak memory |
| --- | --- | --- | --- |
| minimal C reader (memchr + strtod, no output) | $floor_t s | 1.00 | |
| pm-bin (17 features: 12 numeric in deciles, 5 categorical) | $bin_t s | $(ratio "$bin_t" "$floor_t") | $bin_m KB |
| pm-bin --summary | $summary_t s | $(ratio "$summary_t" "$floor_t") | |
| pandas read_csv + numpy (1 run) | $py_t s | $(ratio "$py_t" "$floor_t") | $py_m KB |

Target: pm-bin within 3x the floor (its "vs floor" at most 3.00).
Memory: 1 byte per row for each numeric feature with at most 64 distinct values (8 here), 8
for each with more (4 here), 16 to sort them and 1 for the target: 57 MB here.

MD
