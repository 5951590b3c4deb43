"""What pm-fit --trees and pm-predict on a tree model are compared with: Python's xgboost.

    xgb_model.py fit TSV MODEL       pandas.read_csv, categorical dtypes (levels in byte
                                     order), DMatrix(enable_categorical=True), xgb.train
                                     (hist, depth 6, 100 rounds, 2 threads), save_model
    xgb_model.py predict MODEL TSV   read_csv, predict, the rows with a score column
                                     written as TSV to stdout
    xgb_model.py contribs MODEL TSV  read_csv, predict(pred_contribs=True), nothing written
"""
import sys

import pandas as pd
import xgboost as xgb

NUMERIC = ["company_size", "annual_revenue", "website_visits_30d", "email_opens_30d",
           "contract_remaining_months", "tenure_months", "support_tickets_90d",
           "renewal_window_flag", "high_engagement_flag", "large_account_flag",
           "revenue_per_employee"]
CATEGORICAL = ["industry", "region", "company_size_bin", "website_visits_bin",
               "contract_remaining_bin"]
TARGET = "response_flag"
PARAMS = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1,
          "max_cat_to_onehot": 4, "nthread": 2, "seed": 0}


def design(df):
    x = df[NUMERIC + CATEGORICAL].copy()
    for c in CATEGORICAL:
        levels = sorted(set(x[c]), key=lambda s: s.encode())
        x[c] = pd.Categorical(x[c], categories=levels)
    return x


def read(path):
    return pd.read_csv(path, sep="\t", dtype={c: str for c in CATEGORICAL})


def main():
    cmd = sys.argv[1]
    if cmd == "fit":
        df = read(sys.argv[2])
        d = xgb.DMatrix(design(df), label=df[TARGET], enable_categorical=True)
        xgb.train(PARAMS, d, 100).save_model(sys.argv[3])
    else:
        booster = xgb.Booster(model_file=sys.argv[2])
        booster.set_param({"nthread": 2})
        df = read(sys.argv[3])
        d = xgb.DMatrix(design(df), enable_categorical=True)
        if cmd == "predict":
            df["score"] = booster.predict(d)
            df.to_csv(sys.stdout, sep="\t", index=False)
        else:
            booster.predict(d, pred_contribs=True)


if __name__ == "__main__":
    main()
