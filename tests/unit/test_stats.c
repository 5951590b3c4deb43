/* test_stats.c - radix sort and numpy's linear quantiles, on cases worked by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "quantile.h"
#include "rng.h"
#include "sort.h"

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_sort(struct check_counts *c)
{
    struct rng g;
    rng_seed(&g, 3);
    for (int round = 0; round < 50; round++) {
        size_t n = (size_t)rng_below(&g, 5000);
        double *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
        for (size_t i = 0; i < n; i++) {
            switch (rng_below(&g, 6)) {
            case 0:
                a[i] = (double)rng_below(&g, 5) - 2; /* many ties, -2..2 */
                break;
            case 1:
                a[i] = rng_below(&g, 2) ? 0.0 : -0.0;
                break;
            case 2:
                a[i] = rng_below(&g, 2) ? INFINITY : -INFINITY;
                break;
            case 3:
                a[i] = ldexp(rng_uniform(&g), -1060); /* subnormal */
                break;
            default:
                a[i] = (rng_uniform(&g) - 0.5) * ldexp(1, (int)rng_below(&g, 200) - 100);
            }
        }
        memcpy(b, a, n * sizeof *a);
        sort_doubles(a, n);
        qsort(b, n, sizeof *b, compare);
        int same = 1;
        for (size_t i = 0; i < n; i++)
            same &= (a[i] == b[i]);
        for (size_t i = 1; i < n; i++)
            same &= (a[i - 1] <= a[i]);
        CHECK(c, same, "round %d: radix sort differs from qsort (n = %zu)", round, n);
        free(a);
        free(b);
    }
}

static void test_quantiles(struct check_counts *c)
{
    const double x[] = {1, 2, 3, 4};
    /* h = (n - 1) q; between x[floor h] and the next, numpy's way */
    CHECK(c, quantile_linear(x, 4, 0) == 1, "q 0");
    CHECK(c, quantile_linear(x, 4, 1) == 4, "q 1");
    CHECK(c, quantile_linear(x, 4, 0.5) == 2.5, "q 0.5");
    CHECK(c, quantile_linear(x, 4, 0.1) == 1.3, "q 0.1: %.17g", quantile_linear(x, 4, 0.1));
    CHECK(c, quantile_linear(x, 4, 0.9) == 4 - 0.30000000000000004, "q 0.9 from the upper end");
    const double one[] = {7};
    CHECK(c, quantile_linear(one, 1, 0.3) == 7, "a single value");
    CHECK(c, quantile_grid(3, 10) == 0.30000000000000004, "linspace(0, 1, 11)[3]");
    CHECK(c, quantile_grid(10, 10) == 1, "linspace ends at 1");
    /* b - a overflows: numpy's answer would be inf; the halves give it exactly */
    const double wide[] = {-1e308, 1e308};
    CHECK(c, quantile_linear(wide, 2, 0.5) == 0, "q 0.5 of -1e308 and 1e308: %.17g",
          quantile_linear(wide, 2, 0.5));
    CHECK(c, quantile_linear(wide, 2, 0.25) == -5e307, "q 0.25 of -1e308 and 1e308: %.17g",
          quantile_linear(wide, 2, 0.25));
    CHECK(c, fabs(quantile_linear(wide, 2, 0.9) - 8e307) <= 8e307 * 1e-15,
          "q 0.9 of -1e308 and 1e308: %.17g", quantile_linear(wide, 2, 0.9));

    const double flags[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    double edges[9];
    size_t m = quantile_inner_edges(flags, 10, 10, edges);
    /* h = 9 q: the deciles up to h = 4.5 are 0, the one at q = 0.6 falls
     * between x[5] = 0 and x[6] = 1, and the rest are 1.  q = 6 * 0.1 is
     * 0.6000000000000001 in doubles, as in numpy.linspace, so the middle edge
     * is that h minus 5, not 0.4. */
    double h = 9 * (6 * (1.0 / 10));
    CHECK(c, m == 3 && edges[0] == 0 && edges[1] == h - 5 && edges[2] == 1,
          "a flag's decile edges merge: %zu edges, middle %.17g", m, edges[1]);

    const double e[] = {1, 2, 3};
    CHECK(c, quantile_bin(e, 3, 0.5, 0) == 0, "below every edge");
    CHECK(c, quantile_bin(e, 3, 2, 0) == 2, "[lo, hi): an edge goes up");
    CHECK(c, quantile_bin(e, 3, 2, 1) == 1, "(lo, hi]: an edge goes down");
    CHECK(c, quantile_bin(e, 3, 9, 1) == 3, "above every edge");
}

int main(void)
{
    struct check_counts c = {0};
    test_sort(&c);
    test_quantiles(&c);
    return check_done(&c);
}
