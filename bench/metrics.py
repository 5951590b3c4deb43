"""metrics.py FILE - what a user would write instead of pm-metrics: pandas reads
the two columns, scikit-learn and scipy compute the figures.  For bench/metrics.sh."""
import json
import sys

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

df = pd.read_csv(sys.argv[1], sep="\t", usecols=["response_flag", "score"])
y, p = df["response_flag"].to_numpy(), df["score"].to_numpy()
top = np.argsort(-p, kind="stable")[: int(np.ceil(0.2 * len(p)))]
rate = float(y[top].mean())
print(json.dumps({
    "rows": len(y), "positives": int(y.sum()), "base_rate": float(y.mean()),
    "auc": roc_auc_score(y, p), "ks": float(ks_2samp(p[y == 1], p[y == 0]).statistic),
    "brier": brier_score_loss(y, p), "log_loss": log_loss(y, p),
    "top": {"pct": 20, "rows": len(top), "response_rate": rate, "lift": rate / y.mean()}}, indent=2))
