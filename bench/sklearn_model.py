"""What pm-fit and pm-predict are compared with: the original project's code path.

    sklearn_model.py fit TSV MODEL       pandas.read_csv, the Pipeline of design.md
                                         (StandardScaler + OneHotEncoder(drop='first')),
                                         LogisticRegression(solver='lbfgs'), joblib.dump
    sklearn_model.py predict MODEL TSV   joblib.load, read_csv, predict_proba, and the rows
                                         with a score column written as TSV to stdout
    sklearn_model.py score MODEL TSV     the same without writing the rows (predict_proba only)
    sklearn_model.py svmlight TSV OUT    the same design for liblinear-train (1-based indexes)
    sklearn_model.py coef MODEL          intercept and coefficients, one per line
"""
import sys

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["company_size", "annual_revenue", "website_visits_30d", "email_opens_30d",
           "contract_remaining_months", "tenure_months", "support_tickets_90d",
           "renewal_window_flag", "high_engagement_flag", "large_account_flag",
           "revenue_per_employee"]
CATEGORICAL = ["industry", "region", "company_size_bin", "website_visits_bin",
               "contract_remaining_bin"]
TARGET = "response_flag"


def prep():
    return ColumnTransformer([("num", StandardScaler(), NUMERIC),
                              ("cat", OneHotEncoder(drop="first"), CATEGORICAL)])


def read(path):
    # Levels such as "0" must stay strings, as pm reads them.
    return pd.read_csv(path, sep="\t", dtype={c: str for c in CATEGORICAL})


def main():
    cmd = sys.argv[1]
    if cmd == "fit":
        df = read(sys.argv[2])
        model = Pipeline([("prep", prep()), ("lr", LogisticRegression(C=1.0, solver="lbfgs"))])
        model.fit(df[NUMERIC + CATEGORICAL], df[TARGET])
        joblib.dump(model, sys.argv[3])
    elif cmd in ("predict", "score"):
        model = joblib.load(sys.argv[2])
        df = read(sys.argv[3])
        p = model.predict_proba(df[NUMERIC + CATEGORICAL])[:, 1]
        if cmd == "predict":
            df["score"] = p
            df.to_csv(sys.stdout, sep="\t", index=False)
    elif cmd == "svmlight":
        from sklearn.datasets import dump_svmlight_file
        df = read(sys.argv[2])
        X = prep().fit_transform(df[NUMERIC + CATEGORICAL])
        dump_svmlight_file(X, df[TARGET], sys.argv[3], zero_based=False)
    elif cmd == "coef":
        lr = joblib.load(sys.argv[2]).named_steps["lr"]
        print(lr.intercept_[0], *lr.coef_[0], sep="\n")
        print("iterations", lr.n_iter_[0], file=sys.stderr)


if __name__ == "__main__":
    main()
