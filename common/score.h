/*
 * score.h - a model applied to the rows of a table (pm-predict).
 *
 * The model's columns are found by name in the table's header, in any order;
 * other columns are ignored.  The score of a row is sigma(z), with
 * z = intercept + sum of coefficient * (x - mean) / scale over the numeric
 * features + the coefficient of each categorical feature's level: the
 * arithmetic of scikit-learn's predict_proba on the standardized, one-hot
 * design.  A level the model does not know (an empty one included) adds
 * nothing, which is scoring it as the reference level; such rows are counted
 * for scorer_report().  A missing numeric value is an error naming the line
 * and column, unless impute_mean asks for the training mean (a standardized
 * 0), which is counted too.  A value that is not a number is always an error,
 * and so is one so far from the training mean that its term overflows a
 * double (its coefficient being other than 0): so a score is never NaN, and
 * always in [0, 1].
 */
#ifndef PM_SCORE_H
#define PM_SCORE_H

#include <stdbool.h>

#include "model.h"
#include "tsv.h"

struct scorer;

/* Dies if a column of the model is not in r's header. */
struct scorer *scorer_new(const struct model *m, const struct tsv_reader *r, bool impute_mean);
/* The score of r's current row. */
double scorer_score(struct scorer *s, const struct tsv_reader *r);
/* The same, and each feature's term of z into terms[m->nf] (its
 * contribution to the logit: coefficient x standardized value, or the
 * level's coefficient, 0 for the reference level or an unseen one). */
double scorer_explain(struct scorer *s, const struct tsv_reader *r, double *terms);
/* The same as scorer_explain, for a row read on another thread: false
 * where scorer_explain would die (its counts are then of no use). */
bool scorer_try(struct scorer *s, const struct tsv_reader *r, double *terms, double *score);
/* Add from's counts of unseen levels and imputed values to into's, from's
 * line numbers counting from line lines_before + 1, and clear from's.
 * Both of the same model and header. */
void scorer_merge(struct scorer *into, struct scorer *from, unsigned long lines_before);
/* The input column of feature i. */
size_t scorer_column(const struct scorer *s, size_t i);
/* Warn (stderr) about unseen levels and imputed values, one line per column. */
void scorer_report(const struct scorer *s, const char *input);
void scorer_free(struct scorer *s);

#endif
