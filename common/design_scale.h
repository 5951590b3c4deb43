/*
 * design_scale.h - standardizing a design's numeric features in place.
 *
 * Each numeric feature's mean and scale (its population standard deviation,
 * or 1 for a constant column, as scikit-learn's StandardScaler has them),
 * computed from sums that lose no digits, in an order the source fixes:
 * the same bits on every machine and for either number of threads.
 */
#ifndef PM_DESIGN_SCALE_H
#define PM_DESIGN_SCALE_H

#include "design.h"

/* Compute means and scales and standardize the numeric features in place. */
void design_standardize(struct design *d);

#endif
