/* qbin.c - quantile bins of a numeric column; see qbin.h. */
#include "qbin.h"

#include <math.h>

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

double qbin_lower(const double *edges, size_t nedges, size_t i)
{
    (void)nedges;
    return i == 0 ? -INFINITY : edges[i - 1];
}

double qbin_upper(const double *edges, size_t nedges, size_t i)
{
    return i >= nedges ? INFINITY : edges[i];
}
