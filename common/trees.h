/*
 * trees.h - fitting a model of boosted trees (pm-fit --trees).
 *
 * The training table is read by design_read() with missing values allowed
 * (the same column choice and typing as the logistic model), handed to
 * XGBoost a batch of rows at a time as float32 inputs (numeric columns as
 * the nearest float32, a categorical column as its level's index in byte
 * order) and trained by booster.h.  A validation table for early stopping is read as pm-predict
 * reads rows (treerows.h): columns by name, unseen levels missing.
 *
 * Monotone constraints name numeric feature columns; a name that is not
 * one, or is in both lists, is an error.
 */
#ifndef PM_TREES_H
#define PM_TREES_H

#include <stdint.h>
#include <stdio.h>

#include "booster.h"
#include "design.h"
#include "model.h"
#include "tsv.h"

struct trees_options {
    struct booster_params params;
    const char *valid; /* early stopping's table, or NULL */
    enum tsv_format format;
    char **na; /* --na, for the validation table too */
    size_t nna;
    char **increasing, **decreasing;
    size_t nincreasing, ndecreasing;
};

/* The model of trees for d, predicting target == positive (NULL: 1). */
struct model *trees_fit(const struct design *d, const struct trees_options *o, const char *target,
                        const char *positive);

/*
 * Cross-validation of the number of rounds: for each fold, trees trained on
 * the other folds' rows (o's parameters, up to o->params.rounds rounds), all
 * folds side by side a round at a time, and after each round the fold's
 * rows scored and measured as pm-metrics measures them (log loss, or AUC
 * with metric BOOSTER_AUC) from XGBoost's probabilities, so that no figure
 * depends on XGBoost's thread count.  A held-out level that the other folds
 * lack is a missing value, as an unseen level is at prediction time.  The
 * rounds stop once o->params.patience rounds in a row have not bettered the
 * best mean over the folds (0: never); the chosen number of rounds is the
 * best round's.
 */
struct trees_cv {
    int rounds; /* the rounds measured */
    int best;   /* the chosen number of rounds, 1..rounds */
    size_t nfolds;
    char **fold_names;                 /* copied */
    size_t *rows, *positives, *unseen; /* held out, per fold */
    double *metric;                    /* rounds x nfolds: [r * nfolds + k] */
    double *mean, *sd;                 /* per round, over the folds (divisor K) */
    enum booster_metric which;
};

/* Dies naming the fold if the rows outside it, or in it, are of one class. */
void trees_cross_validate(const struct design *d, const uint32_t *fold, char *const *names,
                          size_t nfolds, const struct trees_options *o, enum booster_metric which,
                          struct trees_cv *res);
/* The table as TSV: rounds, fold, rows, positives, unseen, and log_loss or
 * auc; a line per round and fold, then the round's mean and sd lines. */
void trees_cv_write(const struct trees_cv *res, FILE *fp);
void trees_cv_free(struct trees_cv *res);

#endif
