/*
 * test_sort - sort_doubles puts doubles in the order qsort gives them, -0
 * just before +0: on uniform, normal, tied, tiny, huge and infinite values,
 * of many sizes, so that every digit of the radix sort is exercised and
 * skipped.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rng.h"
#include "sort.h"
#include "xalloc.h"

/* The order sort.h promises: by value, -0 before +0. */
static int compare(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    if (a != b)
        return a < b ? -1 : 1;
    return signbit(b) - signbit(a);
}

static double draw(struct rng *g, int kind)
{
    switch (kind) {
    case 0:
        return rng_uniform(g); /* scores */
    case 1:
        return rng_normal(g) * 1e3; /* both signs */
    case 2:
        return (double)rng_below(g, 7) / 8; /* heavy ties */
    case 3:
        return rng_below(g, 2) ? 0.0 : -0.0;
    case 4: { /* any bit pattern but NaN: subnormals, infinities, extremes */
        uint64_t bits = rng_next(g);
        double x;
        memcpy(&x, &bits, sizeof x);
        return isnan(x) ? INFINITY : x;
    }
    default:
        return 0.5 + (double)rng_below(g, 1000) * 1e-17; /* equal top digits */
    }
}

int main(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 17, 1000, 65537, 300000};
    struct rng g;
    rng_seed(&g, 42);
    struct check_counts c = {0};
    for (int kind = 0; kind < 6; kind++) {
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            size_t n = sizes[s];
            double *v = xmalloc((n ? n : 1) * sizeof *v), *want = xmalloc((n ? n : 1) * sizeof *v);
            for (size_t i = 0; i < n; i++)
                want[i] = v[i] = draw(&g, kind);
            qsort(want, n, sizeof *want, compare);
            sort_doubles(v, n);
            CHECK(&c, n == 0 || memcmp(v, want, n * sizeof *v) == 0,
                  "kind %d, %zu values: sort_doubles and qsort differ", kind, n);
            free(v);
            free(want);
        }
    }
    return check_done(&c);
}
