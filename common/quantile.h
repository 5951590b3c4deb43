/*
 * quantile.h - quantiles by the 'linear' definition, as numpy computes them.
 *
 * The 'linear' method (Hyndman and Fan's type 7, numpy's default, R's default):
 * for a probability q and n sorted values x[0..n-1], h = (n - 1) q, and the
 * quantile lies between x[floor h] and the next value, a fraction h - floor h
 * of the way.  The interpolation is written the way numpy writes it (from the
 * nearer end when the fraction is 0.5 or more), so results agree with numpy
 * to the last bit.  Other tools (Miller, xsv) use other definitions; pm names
 * 'linear' in its help and JSON outputs.
 */
#ifndef PM_QUANTILE_H
#define PM_QUANTILE_H

#include <stddef.h>

/* The q-quantile, 0 <= q <= 1, of sorted[0, n), n >= 1. */
double quantile_linear(const double *sorted, size_t n, double q);

/*
 * The q-quantile of the sorted values that value[0, m) and count[0, m)
 * describe: value[j], increasing, repeated count[j] (> 0) times, n = the sum
 * of the counts >= 1.  The same double as quantile_linear over the n values
 * written out, found without writing them out.
 */
double quantile_linear_counts(const double *value, const unsigned long long *count, size_t m,
                              double q);

/* The i-th of k + 1 evenly spaced probabilities from 0 to 1, as
 * numpy.linspace(0, 1, k + 1)[i] computes it: i * (1 / k), and 1 at i == k. */
double quantile_grid(size_t i, size_t k);

/*
 * Bin edges at the k-quantiles of sorted[0, n) (the k - 1 inner ones, at
 * quantile_grid(1..k-1, k)), repeated edges merged, as numpy.unique(
 * numpy.quantile(x, numpy.linspace(0, 1, k + 1)[1:-1])) gives them.  Writes at
 * most k - 1 edges into edges and returns how many.
 */
size_t quantile_inner_edges(const double *sorted, size_t n, size_t k, double *edges);

/*
 * The bin of x among nedges increasing edges, 0 to nedges:
 * with upper_closed false, intervals are [lo, hi): x equal to an edge goes to
 * the bin above it (numpy.searchsorted side='right'); with upper_closed true,
 * (lo, hi]: x equal to an edge goes to the bin below (side='left', as
 * scikit-learn's calibration_curve bins).
 */
size_t quantile_bin(const double *edges, size_t nedges, double x, int upper_closed);

#endif
