/*
 * reasons.h - reason codes: the terms that made a row's score what it is.
 *
 * A model gives each row one contribution to the logit per feature: for the
 * logistic model coefficient x standardized value, or a level's coefficient
 * (score.h: scorer_explain); for trees XGBoost's SHAP value of the column
 * (booster.h).  reasons_rank() keeps the k largest (by value: the terms that
 * raise the score most first; or by absolute value), leaving out terms that
 * are exactly 0, ties in the model's order of the features.
 *
 * A term is named by its column, and for a categorical column by
 * "column=level" with the row's level.  As TSV, each ranked term is two
 * fields, reason_i and reason_i_logit (the number written so that it reads
 * back exactly), and a row with fewer non-zero terms than k leaves the rest
 * empty.  As text, for a person: "column=value (+0.91), ..." with the row's
 * own value of each column and the contribution to two decimals.
 */
#ifndef PM_REASONS_H
#define PM_REASONS_H

#include <stddef.h>
#include <stdio.h>

#include "model.h"

enum reasons_order { REASONS_BY_VALUE, REASONS_BY_ABS };

struct reasons {
    const struct model *m;
    size_t k; /* the most terms a row gets: min(asked, features) */
    enum reasons_order by;
    size_t *top;     /* k indexes, the ranked terms of the last row */
    double *top_key; /* their keys (contribution, or its absolute value) */
    size_t ntop;
    int digits;                  /* the TSV's contributions rounded to so many digits (0: exact) */
    struct reasons_texts *texts; /* contributions lately written, kept as text */
};

void reasons_init(struct reasons *r, const struct model *m, size_t k, enum reasons_order by);
void reasons_free(struct reasons *r);
/* "\treason_1\treason_1_logit..." for the header. */
void reasons_header(const struct reasons *r, FILE *fp);
/* Rank the row's contributions contrib[m->nf]. */
void reasons_rank(struct reasons *r, const double *contrib);
/* The ranked terms as TAB-led fields; values[j] is the row's text of
 * feature j (for its level). */
void reasons_write_tsv(struct reasons *r, const char *const *values, const double *contrib,
                       FILE *fp);
/* The ranked terms as text: "a=1 (+0.91), b=x (-0.20)". */
void reasons_write_text(const struct reasons *r, const char *const *values, const double *contrib,
                        FILE *fp);

#endif
