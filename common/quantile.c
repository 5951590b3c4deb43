/* quantile.c - linear quantiles and bin search; see quantile.h. */
#include "quantile.h"

#include <math.h>

/* numpy's _lerp: a + (b - a) t, or b - (b - a)(1 - t) from t = 0.5 on, which
 * keeps the result within [a, b] and exact at both ends.  Where b - a
 * overflows (a = -1e308, b = 1e308), numpy's answer is infinite; halving
 * both ends first (exact) keeps it within [a, b]. */
static double lerp(double a, double b, double t)
{
    double diff = b - a;
    if (!isfinite(diff))
        return 2 * lerp(a / 2, b / 2, t);
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

double quantile_linear(const double *sorted, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    if (h >= (double)(n - 1))
        return sorted[n - 1];
    if (h <= 0)
        return sorted[0];
    double below = floor(h);
    size_t i = (size_t)below;
    return lerp(sorted[i], sorted[i + 1], h - below);
}

/* The i-th of the n values that value[] and count[] describe. */
static double nth_value(const double *value, const unsigned long long *count, size_t m,
                        unsigned long long i)
{
    size_t j = 0;
    while (j + 1 < m && i >= count[j])
        i -= count[j++];
    return value[j];
}

double quantile_linear_counts(const double *value, const unsigned long long *count, size_t m,
                              double q)
{
    unsigned long long n = 0;
    for (size_t j = 0; j < m; j++)
        n += count[j];
    double h = (double)(n - 1) * q;
    if (h >= (double)(n - 1))
        return value[m - 1];
    if (h <= 0)
        return value[0];
    double below = floor(h);
    unsigned long long i = (unsigned long long)below;
    return lerp(nth_value(value, count, m, i), nth_value(value, count, m, i + 1), h - below);
}

double quantile_grid(size_t i, size_t k)
{
    return i == k ? 1.0 : (double)i * (1.0 / (double)k);
}

size_t quantile_inner_edges(const double *sorted, size_t n, size_t k, double *edges)
{
    size_t m = 0;
    for (size_t i = 1; i < k; i++) {
        double e = quantile_linear(sorted, n, quantile_grid(i, k));
        if (m == 0 || e != edges[m - 1])
            edges[m++] = e;
    }
    return m;
}

size_t quantile_bin(const double *edges, size_t nedges, double x, int upper_closed)
{
    size_t lo = 0, hi = nedges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (upper_closed ? edges[mid] < x : edges[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
