/*
 * target.h - whom to contact: the cut of ranked rows that earns the most,
 * within a budget or a capacity.
 *
 * A campaign contacts the rows with the highest scores.  With a value V for
 * each responder, a cost C for each contact and a fixed cost F, contacting
 * the k best rows is expected to earn V * (the sum of their scores) - C * k
 * - F: the scores are taken as probabilities of response, so the figures
 * hold only as far as the scores are calibrated.  Where the target is
 * known, the realised profit V * responders - C * k - F stands beside it.
 *
 * A cut takes every row scoring at least a threshold t, t one of the scores:
 * a block of tied scores is taken whole or not at all, so the answer does
 * not depend on the order of rows.  The best cut is the one with the highest
 * expected profit (the fewest contacts among equals) whose spending C * k + F
 * is within the budget and whose k is within the capacity, where they are
 * given; when no cut earns more than nothing, the answer is to contact
 * nobody (0 contacts, no threshold, profit 0).
 *
 * All figures come from a walk of the sorted blocks (rank.h), rows or counts
 * alike.  The scores must be probabilities (in [0, 1]).
 */
#ifndef PM_TARGET_H
#define PM_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "scored_read.h"
#include "tsv.h"

struct target_economics {
    double value, cost, fixed; /* V > 0, C >= 0, F >= 0 */
    double budget;             /* the most to spend; +inf for none */
    uint64_t capacity;         /* the most contacts; UINT64_MAX for none */
};

/* Contacting the rows scoring at least threshold. */
struct target_cut {
    double pct; /* in a curve: the top pct% (by percent) or 100 * share (by cut) */
    uint64_t contacts;
    double threshold; /* NaN when nobody is contacted */
    double share;     /* contacts / rows */
    double expected_responders, expected_profit;
    double roi;        /* expected profit / spending; NaN when nothing is spent */
    double responders; /* realised, where the target is known (shared in a curve) */
    double realised_profit, lift;
};

/* The best cut (above) of a group with rows. */
void target_best(const struct scored *s, const struct target_economics *e, struct target_cut *out);

/*
 * The profit curve: emit is called with the figures of contacting the top
 * pct% of rows for pct = 1, 2, ..., 100 (ceil(pct n / 100) rows; a tied block
 * that the cut falls in is shared out in proportion, as in the lift table,
 * and the threshold is the lowest score taken), or, with every_cut, with
 * each cut of whole blocks in turn, highest threshold first.
 */
typedef void target_emit(void *ctx, const struct target_cut *cut);
void target_curve(const struct scored *s, const struct target_economics *e, bool every_cut,
                  target_emit *emit, void *ctx);

/*
 * How far the mean score is from the observed rate, in standard errors of
 * the number of responders if the scores were calibrated:
 * (responders - sum of scores) / sqrt(sum of s (1 - s)).  NaN when every
 * score is 0 or 1.
 */
double target_calibration_z(const struct scored *s);

/*
 * Read the score column of r, and the target column if r has it (then
 * *with_target is set): as scored_read does with o, but without a target
 * every row counts as a non-responder.  The set has one group.
 */
struct scored_set *target_read(struct tsv_reader *r, const struct scored_options *o,
                               bool *with_target);

/*
 * Write every row of r with one more column, name: 1 for a row scoring at
 * least threshold, else 0 (all 0 when threshold is NaN).  The header gains
 * name; a column of that name already in r is an error.
 */
void target_mark(struct tsv_reader *r, const char *score, double threshold, const char *name,
                 FILE *fp);

#endif
