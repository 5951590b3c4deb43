/*
 * rank.h - what follows from the ranking of scores: AUC, KS, Brier, log loss,
 * lift and gains, all from one walk down the sorted scores.
 *
 * A group's sorted scores (scored.h) are walked from the highest score down
 * as blocks: a distinct score with the number of responders and of
 * non-responders that have it.  Definitions:
 *
 *   AUC       the probability that a random responder scores above a random
 *             non-responder, ties counting one half: counted exactly in
 *             integers, divided once (roc_auc_score).
 *   KS        max over t of |F1(t) - F0(t)|, F the share of a class scoring
 *             at or below t (scipy's ks_2samp statistic).  It is reported with
 *             its cut: a score c such that the rows scoring c or more hold
 *             the share tpr of the responders and fpr of the non-responders
 *             with |tpr - fpr| = KS (the highest such c when several reach
 *             the maximum, compared exactly in integers).
 *   Brier     mean of (p - y)^2; log loss -mean(y ln p + (1 - y) ln(1 - p)),
 *             p clipped to [1e-15, 1 - 1e-15].  Summed in sorted order with
 *             compensation, so the sums do not depend on the order of rows.
 *   lift      rows ranked highest score first and cut into groups of
 *             numpy.array_split sizes (the first n % G groups one row
 *             larger); a block of tied scores that a boundary cuts is shared
 *             out in proportion (rows m of a block of c with p responders
 *             hold p m / c responders), so the table does not depend on
 *             the order of rows.  Top X%: the first ceil(X n / 100) rows.
 *
 * AUC and KS are NaN when a class is empty; lift is NaN without responders.
 */
#ifndef PM_RANK_H
#define PM_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scored.h"

/* The responders among the first k ranked rows of a group, ties shared. */
struct rank_top {
    double pct;    /* X of top X% */
    uint64_t rows; /* ceil(X n / 100) */
    double responders, response_rate, lift, capture;
};

/* Rows in top X%: ceil(X n / 100), X in (0, 100]. */
uint64_t rank_top_rows(double pct, uint64_t n);

/* KS and its cut (see above); NaN when a class is empty. */
struct rank_ks {
    double ks;
    double score;    /* the cut */
    uint64_t rows;   /* rows scoring at least the cut */
    double tpr, fpr; /* shares of the responders, non-responders among them */
};

void rank_ks(const struct scored *s, struct rank_ks *out);

struct rank_summary {
    uint64_t rows, positives;
    double base_rate;
    double auc;
    struct rank_ks ks;
    double brier, log_loss;
    struct rank_top top;
};

/* Everything above, and top pct%, from one walk. */
void rank_summarize(const struct scored *s, double top_pct, struct rank_summary *out);

/* One row of the lift and gains table. */
struct rank_lift_row {
    size_t group; /* from 1, the highest scores */
    uint64_t rows;
    double min_score, max_score;
    double responders, response_rate, lift;
    uint64_t cum_rows;
    double cum_responders, cum_response_rate, cum_lift, cum_capture;
};

/* The lift table in ngroups groups, 1 <= ngroups <= rows: emit is called
 * with each row in turn, group 1 first. */
typedef void rank_lift_emit(void *ctx, const struct rank_lift_row *row);
void rank_lift(const struct scored *s, size_t ngroups, rank_lift_emit *emit, void *ctx);
/* Top pct[i]% for each i, into out[i]; pct[i] in (0, 100]. */
void rank_tops(const struct scored *s, const double *pct, size_t n, struct rank_top *out);

/* One row of the KS table: a group of whole tie blocks. */
struct rank_ks_row {
    double min_score, max_score;
    uint64_t rows, responders, non_responders, cum_rows;
    double tpr, fpr;   /* cumulative shares of responders, non-responders */
    double difference; /* tpr - fpr */
};

/*
 * The KS table: ranked rows cut into about ngroups groups (0: one group per
 * distinct score), each ending with a whole block: the block that holds the
 * row boundary numpy.array_split would put there.  Several boundaries in one
 * block make one group.  The cut at which KS is reached always ends a group,
 * so the table reaches the statistic.  emit is called with each row in turn,
 * highest scores first; a class must not be empty.
 */
typedef void rank_ks_emit(void *ctx, const struct rank_ks_row *row);
void rank_ks_table(const struct scored *s, size_t ngroups, rank_ks_emit *emit, void *ctx);

#endif
