/*
 * coef.h - a model's terms as a table, the one a person reads a model by:
 * both scales and standard errors.
 *
 * One row per term, ranked by the absolute value of the coefficient on the
 * standardized scale (ties in byte order of the term), as TSV:
 *
 *   term         "company_size", "industry=Finance", "(intercept)"
 *   feature      the input column ("" for the intercept)
 *   level        the level of a categorical term ("" otherwise)
 *   coefficient  on the standardized scale (scikit-learn's coef_)
 *   std_error    its standard error
 *   z            coefficient / std_error
 *   original     per unit of the raw column (coefficient / scale); a
 *                level's is its coefficient; the intercept's is the
 *                intercept of the raw columns
 *
 * The intercept comes first, outside the ranking, when asked for.
 *
 * A model of trees has no coefficients; coef_importance() writes instead one
 * row per column, ranked by total gain (ties in byte order of the column):
 *
 *   feature      the input column
 *   type         numeric or categorical
 *   total_gain   the sum of the loss reductions of the splits on it
 *   gain         their mean (total_gain / weight)
 *   cover        the mean hessian sum of the rows those splits divide
 *   weight       how many splits use it
 *
 * XGBoost's own importance types of those names; 0 for a column no split
 * uses.
 */
#ifndef PM_COEF_H
#define PM_COEF_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

/* Numbers rounded to digits significant digits for reading (0: exact); the
 * order is that of the exact values. */
void coef_table(const struct model *m, bool intercept, int digits, FILE *fp);
void coef_importance(const struct model *m, int digits, FILE *fp);

#endif
