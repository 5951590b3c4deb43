"""What pm-fit and pm-predict are compared with: the usual scikit-learn code path.

    sklearn_model.py fit TSV MODEL       pandas.read_csv, the usual Pipeline
                                         (StandardScaler + OneHotEncoder(drop='first')),
                                         LogisticRegression(solver='lbfgs'), joblib.dump
    sklearn_model.py predict MODEL TSV   joblib.load, read_csv, predict_proba, and the rows
                                         with a score column written as TSV to stdout
    sklearn_model.py score MODEL TSV     the same without writing the rows (predict_proba only)
    sklearn_model.py svmlight TSV OUT    the same design for liblinear-train (1-based indexes)
    sklearn_model.py compare SVM PM SK LL...  for pm-fit's model PM, scikit-learn's (joblib
                                         SK) and liblinear's (model files LL...): the
                                         objective 0.5 |w|^2 + C sum of log loss (C = 1) on
                                         the design SVM, and the largest coefficient
                                         difference from pm-fit's, one line each
    sklearn_model.py positives TSV       rows and positives, for liblinear's tolerance
    sklearn_model.py cv TSV C,C,...      GridSearchCV over the Pipeline (lbfgs), 5 stratified
                                         folds, neg_log_loss, n_jobs=2, refit on all rows
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
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif cmd == "cv":
        from sklearn.model_selection import GridSearchCV, StratifiedKFold
        df = read(sys.argv[2])
        grid = [float(c) for c in sys.argv[3].split(",")]
        pipe = Pipeline([("prep", prep()), ("lr", LogisticRegression(solver="lbfgs"))])
        search = GridSearchCV(pipe, {"lr__C": grid}, scoring="neg_log_loss", n_jobs=2,
                              cv=StratifiedKFold(5, shuffle=True, random_state=0), refit=True)
        search.fit(df[NUMERIC + CATEGORICAL], df[TARGET])
        print("best C", search.best_params_["lr__C"], file=sys.stderr)
    elif cmd == "positives":
        y = pd.read_csv(sys.argv[2], sep="\t", usecols=[TARGET])[TARGET]
        print(len(y), int(y.sum()))


def pm_coefficients(path):
    """Intercept and coefficients of a pm model, in the order of NUMERIC + one-hot."""
    import json
    with open(path) as f:
        m = json.load(f)
    by_name = {f["name"]: f for f in m["features"]}
    coef = [m["intercept"]["coefficient"]] + [by_name[c]["coefficient"] for c in NUMERIC]
    for c in CATEGORICAL:
        coef += [lv["coefficient"] for lv in by_name[c]["levels"]]
    return coef


def liblinear_coefficients(path):
    """liblinear's w for label 1 (it lists labels in order of appearance), bias first."""
    with open(path) as f:
        lines = f.read().split("\n")
    labels = next(l for l in lines if l.startswith("label")).split()[1:]
    w = [float(x) for x in lines[lines.index("w") + 1:] if x.strip()]
    sign = 1 if labels[0] == "1" else -1
    return [sign * w[-1]] + [sign * x for x in w[:-1]]


def objective(X, y, coef):
    """0.5 |w|^2 + sum of log loss, w without the intercept (C = 1)."""
    import numpy as np
    z = X @ np.asarray(coef[1:]) + coef[0]
    s = np.where(y == 1, -z, z)
    return 0.5 * float(np.dot(coef[1:], coef[1:])) + float(np.logaddexp(0, s).sum())


def compare(svm, pm, sk, lls):
    from sklearn.datasets import load_svmlight_file
    X, y = load_svmlight_file(svm, zero_based=False)
    ours = pm_coefficients(pm)
    lr = joblib.load(sk).named_steps["lr"]
    rows = [("pm", ours), ("sklearn", [lr.intercept_[0]] + list(lr.coef_[0]))]
    rows += [("liblinear", liblinear_coefficients(ll)) for ll in lls]
    for name, coef in rows:
        print(name, "%.17g" % objective(X, y, coef),
              "%.2g" % max(abs(a - b) for a, b in zip(ours, coef)))
    print("sklearn_iterations", lr.n_iter_[0])


if __name__ == "__main__":
    main()
