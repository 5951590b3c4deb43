/*
 * qbin.h - quantile bins of a numeric column.
 *
 * Bin edges are the column's k-quantiles by the 'linear' definition (numpy's
 * default), repeated edges merged; bin 0 is (-inf, e0), bin i is [e(i-1), ei),
 * the last [e(last), inf): a value equal to an edge belongs to the bin above
 * it, as numpy.searchsorted(edges, x, side='right') places it.  pm-bin and
 * pm-psi bin this way.
 */
#ifndef PM_QBIN_H
#define PM_QBIN_H

#include <stddef.h>

#include "quantile.h"

/*
 * Sort v[0, n) and write the inner edges of its k quantile bins (k >= 1) into
 * edges (room for k - 1); returns how many.  No values (n == 0) give no
 * edges: a single bin.  With scratch (n doubles) the sort is faster; without
 * (NULL) it takes no extra memory.
 */
size_t qbin_edges(double *v, size_t n, size_t k, double *edges, double *scratch);

/* The same edges for the values that value[0, m) (increasing) and count[0, m)
 * (each > 0) describe, each value repeated its count times. */
size_t qbin_edges_counts(const double *value, const unsigned long long *count, size_t m, size_t k,
                         double *edges);

/* The bin of x, 0 to nedges: how many edges are <= x.  Inline, and without
 * branches for the usual few edges, because it runs once per value. */
static inline size_t qbin_find(const double *edges, size_t nedges, double x)
{
    if (nedges > 16)
        return quantile_bin(edges, nedges, x, 0);
    size_t k = 0;
    for (size_t i = 0; i < nedges; i++)
        k += edges[i] <= x;
    return k;
}

/* The lower and upper edge of bin i: -inf below the first edge, inf above
 * the last. */
double qbin_lower(const double *edges, size_t nedges, size_t i);
double qbin_upper(const double *edges, size_t nedges, size_t i);

#endif
