/* qbin.c - quantile bins of a numeric column; see qbin.h. */
#include "qbin.h"

#include <math.h>

#include "quantile.h"
#include "sort.h"

size_t qbin_edges(double *v, size_t n, size_t k, double *edges, double *scratch)
{
    if (n == 0)
        return 0;
    if (scratch)
        sort_doubles_with(v, scratch, n);
    else
        sort_doubles_in_place(v, n);
    return quantile_inner_edges(v, n, k, edges);
}

size_t qbin_edges_counts(const double *value, const unsigned long long *count, size_t m, size_t k,
                         double *edges)
{
    size_t nedges = 0;
    for (size_t i = 1; m > 0 && i < k; i++) {
        double e = quantile_linear_counts(value, count, m, quantile_grid(i, k));
        if (nedges == 0 || e != edges[nedges - 1])
            edges[nedges++] = e;
    }
    return nedges;
}

double qbin_lower(const double *edges, size_t nedges, size_t i)
{
    (void)nedges;
    return i == 0 ? -INFINITY : edges[i - 1];
}

double qbin_upper(const double *edges, size_t nedges, size_t i)
{
    return i >= nedges ? INFINITY : edges[i];
}
