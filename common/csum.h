/*
 * csum.h - compensated summation (Neumaier's variant of Kahan's).
 *
 * Sums of millions of terms (Brier, log loss, the mean score of a bin, the
 * loss of a fit, the mean of a column) keep
 * their accuracy: the rounding error of each addition is carried separately
 * and added back at the end, so the result is as good as summing in twice the
 * precision.  Start from a zeroed struct csum.
 */
#ifndef PM_CSUM_H
#define PM_CSUM_H

struct csum {
    double sum, carry;
};

void csum_add(struct csum *k, double x);
double csum_value(const struct csum *k);
/* Add the sum other holds to k (a part's sum into the whole's), carries
 * and all: the same as adding its terms, to within the carry's rounding. */
void csum_merge(struct csum *k, const struct csum *other);

#endif
