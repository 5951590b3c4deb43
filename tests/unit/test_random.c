/* test_random.c - the generator's known answers and the reproducible exp and log. */
#include <float.h>
#include <math.h>

#include "check.h"
#include "dmath.h"
#include "rng.h"

/* First outputs of xoshiro256** seeded through splitmix64, from an
 * independent implementation (Python, arbitrary-precision integers). */
static void test_known_answers(struct check_counts *c)
{
    static const struct {
        uint64_t seed, out[4];
    } cases[] = {
        {0, {0x99ec5f36cb75f2b4, 0xbf6e1f784956452a, 0x1a5f849d4933e6e0, 0x6aa594f1262d2d2c}},
        {42, {0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1, 0xecb8ad4703b360a1}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        struct rng g;
        rng_seed(&g, cases[k].seed);
        for (int i = 0; i < 4; i++) {
            uint64_t v = rng_next(&g);
            CHECK(c, v == cases[k].out[i], "seed %llu draw %d: %llx",
                  (unsigned long long)cases[k].seed, i, (unsigned long long)v);
        }
    }
}

static void test_distributions(struct check_counts *c)
{
    struct rng g;
    rng_seed(&g, 9);
    const int n = 400000;
    double sum = 0, sum2 = 0, below = 0, pois = 0, geo = 0;
    for (int i = 0; i < n; i++) {
        double z = rng_normal(&g);
        sum += z;
        sum2 += z * z;
        below += rng_below(&g, 10) == 3;
        pois += (double)rng_poisson(&g, 47.5);
        geo += (double)rng_geometric(&g, 0.25);
        double u = rng_uniform(&g);
        if (u < 0 || u >= 1)
            CHECK(c, 0, "uniform out of [0, 1): %g", u);
    }
    /* tolerances: about five standard errors */
    CHECK(c, fabs(sum / n) < 0.008, "normal mean %g", sum / n);
    CHECK(c, fabs(sum2 / n - 1) < 0.012, "normal variance %g", sum2 / n);
    CHECK(c, fabs(below / n - 0.1) < 0.0025, "below(10) == 3: %g", below / n);
    CHECK(c, fabs(pois / n - 47.5) < 0.06, "poisson mean %g", pois / n);
    CHECK(c, fabs(geo / n - 3) < 0.04, "geometric mean %g (expected (1-p)/p = 3)", geo / n);
}

static double ulps(double a, double b)
{
    return fabs(a - b) / (nextafter(fabs(b), INFINITY) - fabs(b));
}

static void test_dmath(struct check_counts *c)
{
    double worst_log = 0, worst_exp = 0, worst_log1p = 0;
    for (double x = 1e-300; x < 1e300; x *= 1.0137) {
        double e = ulps(dm_log(x), log(x));
        worst_log = e > worst_log ? e : worst_log;
    }
    struct rng g;
    rng_seed(&g, 11);
    for (int i = 0; i < 200000; i++) {
        double near1 = 0.5 + 1.5 * rng_uniform(&g); /* the reduction's edges */
        double e = ulps(dm_log(near1), log(near1));
        worst_log = e > worst_log ? e : worst_log;
        double x = (rng_uniform(&g) - 0.5) * 1480;
        e = ulps(dm_exp(x), exp(x));
        worst_exp = e > worst_exp ? e : worst_exp;
        double u = ldexp(rng_uniform(&g), -(int)rng_below(&g, 60)) * (rng_below(&g, 2) ? 1 : -1);
        e = ulps(dm_log1p(u), log1p(u));
        worst_log1p = e > worst_log1p ? e : worst_log1p;
        double big = rng_uniform(&g) * 1e6;
        e = ulps(dm_log1p(big), log1p(big));
        worst_log1p = e > worst_log1p ? e : worst_log1p;
    }
    for (double x = -700; x < 700; x += 0.0173) {
        double e = ulps(dm_exp(x), exp(x));
        worst_exp = e > worst_exp ? e : worst_exp;
    }
    CHECK(c, worst_log <= 1, "dm_log within 1 ulp of libm: %g", worst_log);
    CHECK(c, worst_exp <= 1, "dm_exp within 1 ulp of libm: %g", worst_exp);
    CHECK(c, worst_log1p <= 1, "dm_log1p within 1 ulp of libm: %g", worst_log1p);
    CHECK(c, dm_exp(0) == 1 && dm_log(1) == 0 && dm_log1p(0) == 0, "exact at 0 and 1");
    CHECK(c, dm_exp(710) == HUGE_VAL && dm_exp(-746) == 0, "overflow and underflow");
    CHECK(c, ulps(dm_exp(-740), exp(-740)) <= 1 && dm_exp(-744) > 0, "subnormal results");
    CHECK(c, ulps(dm_log(5e-320), log(5e-320)) <= 1, "subnormal argument");
    CHECK(c,
          dm_log(0) == -HUGE_VAL && dm_log(HUGE_VAL) == HUGE_VAL && isnan(dm_log(-1)) &&
              isnan(dm_exp(NAN)) && dm_log1p(-1) == -HUGE_VAL && isnan(dm_log1p(-2)),
          "special values");
    CHECK(c, dm_pow(0.3, 1) == 0.3, "pow(x, 1) is x");
}

int main(void)
{
    struct check_counts c = {0};
    test_known_answers(&c);
    test_distributions(&c);
    test_dmath(&c);
    return check_done(&c);
}
