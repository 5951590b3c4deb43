/*
 * delong.h - DeLong's standard error of the AUC, and the paired test of two
 * AUCs measured on the same rows (DeLong, DeLong and Clarke-Pearson, 1988).
 *
 * Each responder i has the component V10(i), the share of non-responders
 * it outscores, and each non-responder j the component V01(j), the share of
 * responders that outscore it, ties counting one half.  The AUC is the mean
 * of either; its variance is var(V10) / P + var(V01) / N, the variances
 * with P - 1 and N - 1 in the denominator.  The paired test takes the
 * components of two scores of the same rows: the variance of the
 * difference of the AUCs is that of the differences of the components,
 * z = difference / se, and p = 2 P(Z > |z|).
 *
 * The components times 2N (or 2P) are whole numbers, so every sum is kept
 * exactly in 128-bit integers and divided once at the end: the figures do
 * not depend on the order of rows or of summation.  That is exact for up
 * to 2^32 rows; more is an error.  Figures are NaN where a class has fewer
 * than two rows (a variance needs two) or, for z and p, the difference has
 * no variance.
 */
#ifndef PM_DELONG_H
#define PM_DELONG_H

#include <stddef.h>

#include "interval.h"
#include "scored.h"
#include "tsv.h"

struct delong {
    double auc, variance, se;
};

/* DeLong's figures for a group's scores, rows or counts alike, from one
 * walk of the sorted blocks (rank.h).  Dies beyond 2^32 rows. */
void delong_auc(const struct scored *s, struct delong *out);
/* auc -+ z se, clipped to [0, 1]. */
struct interval delong_interval(const struct delong *d, double level);

/* Two scores of the same rows of one class: a[i] and b[i] are row i's. */
struct delong_class {
    double *a, *b;
    size_t n, cap;
};

/* The responders' rows and the non-responders'. */
struct delong_rows {
    struct delong_class pos, neg;
};

/*
 * Read the target and the score columns a and b of every row of r (target
 * as scored_target reads it, scores as tsv_number_req: a missing or bad
 * value is fatal).  Free with delong_rows_free.
 */
void delong_rows_read(struct tsv_reader *r, struct delong_rows *out, const char *target,
                      const char *positive, const char *a, const char *b);
void delong_rows_free(struct delong_rows *rows);

struct delong_paired {
    double auc_a, auc_b;
    double difference; /* auc_a - auc_b */
    double variance, se, z, p;
};

/* The paired test of score a against score b.  rows is left as it was. */
void delong_pair(const struct delong_rows *rows, struct delong_paired *out);

#endif
