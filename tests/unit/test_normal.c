/* test_normal.c - the normal tail and quantile of normal.c against libm's
 * erfc (here only, as a yardstick) and known values. */
#include <math.h>

#include "check.h"
#include "interval.h"
#include "normal.h"

/* Relative difference of a from b. */
static double rel(double a, double b)
{
    return b == 0 ? fabs(a) : fabs(a - b) / fabs(b);
}

/* P(Z > z) = erfc(z / sqrt 2) / 2; the rounding of z / sqrt 2 moves the
 * tail by about z^2 units in the last place, hence the tolerance. */
static void test_tail(struct check_counts *c)
{
    for (double z = -8; z <= 37; z += 0.0625) { /* beyond 37 the tail is subnormal */
        double want = 0.5 * erfc(z / sqrt(2)), got = normal_upper(z);
        CHECK(c, rel(got, want) <= 4e-16 * (8 + z * z), "z %.17g: %.17g against %.17g", z, got,
              want);
    }
    CHECK(c, normal_upper(0) == 0.5, "%.17g", normal_upper(0));
    CHECK(c, normal_upper(40) == 0 && normal_upper(-40) == 1, "the far tails");
    CHECK(c, isnan(normal_upper(NAN)), "NaN");
}

/* The quantile inverts the tail: P(Z <= q(p)) = p, to the rounding of q
 * (dp / p is about |q| dq). */
static void test_quantile(struct check_counts *c)
{
    for (double p = 1e-300; p < 0.5; p *= 1.7) {
        double q = normal_quantile(p), back = normal_upper(-q);
        CHECK(c, rel(back, p) <= 1e-15 * (8 + q * q), "p %.17g: q %.17g gives %.17g", p, q, back);
    }
    for (double p = 0.01; p < 1; p += 0.01) {
        double q = normal_quantile(p), back = 1 - normal_upper(q);
        CHECK(c, fabs(back - p) <= 4e-16, "p %.17g: q %.17g gives %.17g", p, q, back);
    }
    /* Known quantiles, to the digits of published tables (the doubles
     * nearest 0.975 and 0.995 are below them by up to 2e-17, which moves
     * the quantile by a few units in the last place). */
    CHECK(c, fabs(normal_quantile(0.975) - 1.959963984540054) <= 1e-15, "%.17g",
          normal_quantile(0.975));
    CHECK(c, fabs(normal_quantile(0.95) - 1.6448536269514722) <= 1e-15, "%.17g",
          normal_quantile(0.95));
    CHECK(c, fabs(normal_quantile(0.995) - 2.5758293035489004) <= 2e-15, "%.17g",
          normal_quantile(0.995));
    CHECK(c, normal_quantile(0.5) == 0, "%.17g", normal_quantile(0.5));
    CHECK(c, isnan(normal_quantile(0)) && isnan(normal_quantile(1)), "outside (0, 1)");
}

/* Wilson's interval: symmetric in successes and failures, inside [0, 1],
 * and the known 95% interval of 300 of 1500. */
static void test_wilson(struct check_counts *c)
{
    struct interval a = interval_wilson(300, 1500, 0.95), b = interval_wilson(1200, 1500, 0.95);
    CHECK(c, fabs(a.lower - (1 - b.upper)) <= 1e-15 && fabs(a.upper - (1 - b.lower)) <= 1e-15,
          "not symmetric: %.17g %.17g", a.lower, b.upper);
    CHECK(c, fabs(a.lower - 0.18053525965222722) <= 1e-15, "%.17g", a.lower);
    struct interval z = interval_wilson(0, 10, 0.95);
    CHECK(c, fabs(z.lower) <= 1e-16 && z.upper > 0 && z.upper < 1, "%.17g %.17g", z.lower, z.upper);
}

int main(void)
{
    struct check_counts c = {0};
    test_tail(&c);
    test_quantile(&c);
    test_wilson(&c);
    return check_done(&c);
}
