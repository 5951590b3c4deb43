/*
 * test_sort_in_place - sort_doubles_in_place() against qsort on many arrays.
 *
 * Sizes around the insertion-sort cut-off and up to 100,000; values drawn
 * from several shapes that stress a radix sort: uniform in [0, 1) (bytes
 * equal at the top), both signs with -0 and +0, many ties, huge and tiny
 * magnitudes, and already sorted or reversed runs.  The result must be the
 * same multiset in ascending order, bit for bit what qsort gives (with -0
 * before +0).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rng.h"
#include "sort.h"

/* Ascending, -0 before +0, as the radix sort orders them. */
static int compare(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    if (a != b)
        return a < b ? -1 : 1;
    return (signbit(b) != 0) - (signbit(a) != 0);
}

static double draw(struct rng *g, int shape, size_t i, size_t n)
{
    switch (shape) {
    case 0:
        return rng_uniform(g);
    case 1:
        return (rng_uniform(g) - 0.5) * 1e6 * (rng_below(g, 10) == 0 ? 0 : 1) *
               (rng_below(g, 2) ? -1.0 : 1.0);
    case 2:
        return (double)rng_below(g, 3);
    case 3:
        return rng_normal(g) * ((double)(1ULL << 60)) / (double)(1 + rng_below(g, 1000000));
    case 4:
        return (double)i;
    default:
        return (double)(n - i) * 0.25;
    }
}

int main(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 31, 32, 33, 100, 255, 256, 257, 1000, 100000};
    struct rng g;
    rng_seed(&g, 42);
    struct check_counts c = {0};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double *v = malloc((n ? n : 1) * sizeof *v), *want = malloc((n ? n : 1) * sizeof *want);
        for (int shape = 0; shape < 6; shape++) {
            for (size_t i = 0; i < n; i++)
                v[i] = draw(&g, shape, i, n);
            if (shape == 1 && n > 2)
                v[0] = -0.0, v[1] = 0.0;
            memcpy(want, v, n * sizeof *v);
            qsort(want, n, sizeof *want, compare);
            sort_doubles_in_place(v, n);
            size_t i = 0;
            while (i < n && memcmp(&v[i], &want[i], sizeof *v) == 0)
                i++;
            CHECK(&c, i == n, "n %zu shape %d: at %zu got %.17g, want %.17g", n, shape, i, v[i],
                  want[i]);
        }
        free(v);
        free(want);
    }
    return check_done(&c);
}
