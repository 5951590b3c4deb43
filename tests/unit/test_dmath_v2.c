/* test_dmath_v2.c - the two-lane exp and log1p give each lane the scalar
 * functions' bits, on random and edge-case inputs, in either lane. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "dmath_v2.h"
#include "rng.h"

static bool same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

static void pair(struct check_counts *c, double a, double b)
{
    v2 e = dm_exp_v2((v2){a, b});
    CHECK(c, same(e[0], dm_exp(a)) && same(e[1], dm_exp(b)), "exp %a %a", a, b);
    v2 l = dm_log1p_v2((v2){a, b});
    CHECK(c, same(l[0], dm_log1p(a)) && same(l[1], dm_log1p(b)), "log1p %a %a", a, b);
}

int main(void)
{
    struct check_counts c = {0};
    static const double edges[] = {0,
                                   -0.0,
                                   1,
                                   -1,
                                   0.4142135623730950,
                                   0.41421356237309503,
                                   0.4142135623730949,
                                   0x1.6a09e667f3bcdp-1,
                                   0x1p-1074,
                                   1e-300,
                                   709.782712893384,
                                   709.79,
                                   -745.1332191019412,
                                   -745.14,
                                   -707.7,
                                   -708.5,
                                   -708.4,
                                   30,
                                   -30,
                                   INFINITY,
                                   -INFINITY,
                                   NAN};
    size_t ne = sizeof edges / sizeof *edges;
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < ne; j++)
            pair(&c, edges[i], edges[j]);
    struct rng g;
    rng_seed(&g, 7);
    for (int i = 0; i < 1000000; i++) {
        /* margins as the fit sees them, exp's results as log1p sees them */
        double a = -40 * rng_uniform(&g), b = -40 * rng_uniform(&g);
        pair(&c, a, b);
        pair(&c, dm_exp(a), dm_exp(b));
        pair(&c, rng_uniform(&g), 1 - rng_uniform(&g));
        pair(&c, 1400 * rng_uniform(&g) - 745, -760 * rng_uniform(&g));
    }
    return check_done(&c);
}
