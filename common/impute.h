/*
 * impute.h - filling the missing numeric values of a design before the fit.
 *
 * As scikit-learn's SimpleImputer(strategy, add_indicator=True) followed by
 * StandardScaler: every numeric column gets a fill value, the mean or the
 * median (the middle value, or the mean of the two middle ones) of its
 * values that are not missing; its missing values (NaN, spec->impute) take
 * it; and each column that had a missing value gains a 0/1 feature
 * COLUMN_missing (1 where the value was missing), after all the table's
 * features, in their order, standardized like any other numeric feature.
 *
 * Dies when a numeric column has no value at all (nothing to fill from), or
 * when a feature of the table is already called COLUMN_missing.
 */
#ifndef PM_IMPUTE_H
#define PM_IMPUTE_H

#include "design.h"

enum impute_strategy { IMPUTE_NONE, IMPUTE_MEAN, IMPUTE_MEDIAN };

/* "mean" or "median" (the argument of --impute); dies (usage) otherwise. */
enum impute_strategy impute_arg(const char *arg);
/* "mean" or "median". */
const char *impute_name(enum impute_strategy s);

/* Die where impute_design would, on d (input names the table): before a
 * cross-validation that imputes each fold's training part, so that a fault
 * of the table is told as such, whatever the folds. */
void impute_check(const struct design *d, enum impute_strategy s, const char *input);
/* Fill d's numeric features (not yet standardized) and add the indicators;
 * input names the table for messages. */
void impute_design(struct design *d, enum impute_strategy s, const char *input);

#endif
