/*
 * test_quantile_counts - quantile_linear_counts() against quantile_linear()
 * on the values written out.
 *
 * Random multisets of 1 to 64 distinct values (integers, and decimals that
 * interpolate inexactly), each repeated 1 to 50 times, at the probabilities
 * of numpy.linspace(0, 1, k + 1) for k = 1..12 and at random ones: the two
 * must give the same double, bit for bit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "quantile.h"
#include "rng.h"
#include "sort.h"

static void check(struct check_counts *c, const double *value, const unsigned long long *count,
                  size_t m, const double *all, size_t n, double q)
{
    double a = quantile_linear_counts(value, count, m, q), b = quantile_linear(all, n, q);
    CHECK(c, memcmp(&a, &b, sizeof a) == 0,
          "m %zu n %zu q %.17g: %.17g from counts, %.17g from the values", m, n, q, a, b);
}

int main(void)
{
    struct rng g;
    rng_seed(&g, 11);
    struct check_counts checks = {0};
    for (int trial = 0; trial < 2000; trial++) {
        size_t m = 1 + (size_t)rng_below(&g, 64), n = 0;
        double value[64], *all = malloc(64 * 50 * sizeof *all);
        unsigned long long count[64];
        for (size_t j = 0; j < m; j++)
            value[j] = trial % 2 ? (double)rng_below(&g, 1000) : rng_normal(&g) * 1e3;
        sort_doubles(value, m);
        size_t distinct = 0; /* drop repeats: the values must increase */
        for (size_t j = 0; j < m; j++)
            if (distinct == 0 || value[j] != value[distinct - 1])
                value[distinct++] = value[j];
        m = distinct;
        for (size_t j = 0; j < m; j++) {
            count[j] = 1 + rng_below(&g, 50);
            for (unsigned long long c = 0; c < count[j]; c++)
                all[n++] = value[j];
        }
        for (size_t k = 1; k <= 12; k++)
            for (size_t i = 0; i <= k; i++)
                check(&checks, value, count, m, all, n, quantile_grid(i, k));
        for (int i = 0; i < 20; i++)
            check(&checks, value, count, m, all, n, rng_uniform(&g));
        free(all);
    }
    return check_done(&checks);
}
