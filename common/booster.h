/*
 * booster.h - gradient-boosted trees through libxgboost's C API.
 *
 * The only file that talks to XGBoost.  Data goes in as a dense row-major
 * float32 matrix (rows x cols), NaN for a missing value; a categorical
 * column holds the level's index (a whole number) and is declared to
 * XGBoost as a native categorical feature.  Training rows are handed over
 * a batch at a time (struct booster_rows) and binned by XGBoost's
 * QuantileDMatrix, which keeps only each value's bin: no float matrix of
 * all the rows is ever made, by pm or by XGBoost.  Its cuts are the ones a
 * DMatrix of the same rows gets (the same sketch, fed the rows in the same
 * order), so the trees are too.  Training is
 * binary:logistic with tree_method hist, the parameters of struct
 * booster_params set as Python's xgboost.train sets them, so that the same
 * data give the same trees.
 *
 * Early stopping (a validation matrix and patience > 0) follows Python's
 * xgboost.callback.EarlyStopping: the metric of each round is read from
 * XGBoost's evaluation text; a round improves on the best if its log loss is
 * lower (its AUC higher); training stops once patience rounds in a row have
 * not improved, and the booster kept is cut to the best round's trees.
 *
 * Any failure inside XGBoost dies with the first line of its message.
 * The threads parameter changes only the time: XGBoost's hist method sums
 * in an order that does not depend on the thread count.
 */
#ifndef PM_BOOSTER_H
#define PM_BOOSTER_H

#include <stdbool.h>
#include <stddef.h>

enum booster_metric { BOOSTER_LOGLOSS, BOOSTER_AUC };

struct booster_params {
    int rounds; /* the most rounds */
    double eta, min_child_weight, lambda, subsample, colsample;
    int depth, max_bin;
    unsigned long seed;
    int threads; /* 0: all cores */
    int patience;
    enum booster_metric metric;
};

/* A matrix for XGBoost; everything is borrowed. */
struct booster_data {
    const float *x; /* rows x cols, row-major; NaN is missing */
    const float *y; /* rows labels, 0 or 1; NULL to predict */
    size_t rows, cols;
};

/* Training rows, made on demand: fill(ctx, first, n, dst) writes rows
 * first .. first + n - 1 into dst (n x cols, row-major, NaN missing).
 * XGBoost passes over the rows several times, each time in order from row
 * 0, so a fill may keep a cursor.  Labels are 0 or 1, rows of them. */
struct booster_rows {
    size_t rows, cols;
    const unsigned char *y;
    void (*fill)(void *ctx, size_t first, size_t n, float *dst);
    void *ctx;
};

/* The columns: names, which are categorical, monotone constraints
 * (-1, 0, 1 each; NULL for none).  Borrowed. */
struct booster_columns {
    char **names;
    const bool *categorical;
    const signed char *monotone;
    size_t n;
};

struct booster_fit {
    char *json;     /* XGBoost's own JSON of the model (malloc'd) */
    int rounds;     /* the rounds the model holds */
    int best_round; /* with early stopping: the best round, from 0; else -1 */
    double best_score;
};

/* rounds 100, eta 0.1, depth 3, min_child_weight 1, lambda 1, subsample 1,
 * colsample 1, max_bin 256, seed 0, all threads, no early stopping. */
void booster_defaults(struct booster_params *p);
/* Train on train (valid: NULL, or the matrix early stopping watches). */
void booster_train(const struct booster_rows *train, const struct booster_data *valid,
                   const struct booster_columns *cols, const struct booster_params *p,
                   struct booster_fit *out);
void booster_fit_free(struct booster_fit *f);

struct booster;

/* A booster from its JSON text; NULL (with a message in *why, static) if
 * XGBoost refuses it or it does not take ncols features. */
struct booster *booster_load(const char *json, size_t ncols, const char **why);
/* Have b predict on its caller's thread alone (XGBoost's nthread 1), for a
 * tool that runs threads of its own, each with a booster of its own loaded
 * from the same JSON: side by side, where sharing one would take turns and
 * start XGBoost's threads for every batch.  A row's score is its own sum
 * over the trees in their order, whichever thread computes it, so the bits
 * do not change. */
void booster_solo(struct booster *b);
enum booster_output { BOOSTER_PROBABILITY, BOOSTER_MARGIN, BOOSTER_CONTRIBUTIONS };
/* Predict the rows of d; the result (rows values, or rows x (cols + 1)
 * contributions, the bias last) belongs to the booster until its next call
 * on the same thread.  Threads may share a booster to predict. */
const float *booster_predict(struct booster *b, const struct booster_data *d,
                             enum booster_output what);
/* The importance of each of the n columns (XGBoost's importance_type:
 * "gain", "total_gain", "cover", "total_cover", "weight") into out[n];
 * 0 for a column no split uses. */
void booster_importance(struct booster *b, char **names, size_t n, const char *type, double *out);
void booster_free(struct booster *b);

/* A booster to train a round at a time on train (cross-validation trains
 * its folds side by side and measures each after every round); the rows
 * are binned at once, train may go. */
struct booster *booster_start(const struct booster_rows *train, const struct booster_columns *cols,
                              const struct booster_params *p);
/* One more round of training; booster_predict then uses every round so far. */
void booster_round(struct booster *b);

#endif
