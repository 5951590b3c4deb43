/*
 * trees.h - fitting a model of boosted trees (pm-fit --trees).
 *
 * The training table is read by design_read() with missing values allowed
 * (the same column choice and typing as the logistic model), turned into
 * XGBoost's float32 matrix (numeric columns as the nearest float32, a
 * categorical column as its level's index in byte order) and trained by
 * booster.h.  A validation table for early stopping is read as pm-predict
 * reads rows (treerows.h): columns by name, unseen levels missing.
 *
 * Monotone constraints name numeric feature columns; a name that is not
 * one, or is in both lists, is an error.
 */
#ifndef PM_TREES_H
#define PM_TREES_H

#include "booster.h"
#include "design.h"
#include "model.h"
#include "tsv.h"

struct trees_options {
    struct booster_params params;
    const char *valid; /* early stopping's table, or NULL */
    enum tsv_format format;
    char **increasing, **decreasing;
    size_t nincreasing, ndecreasing;
};

/* The model of trees for d, predicting target == positive (NULL: 1). */
struct model *trees_fit(const struct design *d, const struct trees_options *o, const char *target,
                        const char *positive);

#endif
