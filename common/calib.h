/*
 * calib.h - the calibration (reliability) table, as scikit-learn's
 * calibration_curve defines it.
 *
 * Scores must be probabilities (in [0, 1]).  nbins bins, numbered 1 to nbins:
 *   uniform   edges numpy.linspace(0, 1, nbins + 1);
 *   quantile  edges numpy.percentile(scores, linspace(0, 1, nbins + 1) * 100),
 *             linear quantiles (quantile.h); repeated edges leave bins empty.
 * A score goes to the first bin whose upper edge is at least the score
 * (numpy.searchsorted(edges[1:-1], p, side='left')): a score equal to an inner
 * edge falls in the bin below it; the outer edges are not looked at.  Empty
 * bins are left out.  Per bin: rows, responders, the mean score (summed in
 * sorted order with compensation) and the observed response rate.
 */
#ifndef PM_CALIB_H
#define PM_CALIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scored.h"

struct calib_row {
    size_t bin; /* 1 to nbins */
    double lower, upper;
    uint64_t rows, responders;
    double mean_predicted, observed_rate;
};

/* The non-empty bins into out (room for nbins >= 1); returns how many.  The
 * group must have rows. */
size_t calib_table(const struct scored *s, size_t nbins, bool quantile, struct calib_row *out);

#endif
