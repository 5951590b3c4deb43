/*
 * test_num_parse - num_parse agrees with strtod to the bit on decimals of
 * every length, and above all on those of 16 to 19 significant digits that
 * are rounded in 128-bit integers, including decimals within a hair of the
 * midpoint between two doubles (where a rounding could go wrong).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "num.h"
#include "rng.h"

static void check(struct check_counts *c, const char *s)
{
    double got = NAN, want = strtod(s, NULL);
    CHECK(c, num_parse(s, &got) == NUM_OK && memcmp(&got, &want, sizeof got) == 0,
          "num_parse(\"%s\") = %.17g, strtod says %.17g", s, got, want);
}

/* A random decimal: ndigits digits, a point after `point` of them. */
static void random_decimal(struct rng *g, char *buf)
{
    int ndigits = 1 + (int)rng_below(g, 21), point = (int)rng_below(g, (uint64_t)ndigits + 1);
    char *p = buf;
    if (rng_below(g, 4) == 0)
        *p++ = '-';
    for (int i = 0; i < ndigits; i++) {
        if (i == point && i > 0)
            *p++ = '.';
        *p++ = (char)('0' + rng_below(g, 10));
    }
    *p = '\0';
}

/* Decimals near the midpoint between a double and the next: the midpoint
 * itself (exact in extended precision) printed to 16 to 20 digits. */
static void near_midpoints(struct check_counts *c, struct rng *g, int n)
{
    char buf[64];
    for (int i = 0; i < n; i++) {
        double d = rng_uniform(g) * (rng_below(g, 2) ? 1 : 1e-3);
        if (d == 0)
            continue;
        long double mid = ((long double)d + (long double)nextafter(d, 1)) / 2;
        for (int digits = 16; digits <= 20; digits++) {
            snprintf(buf, sizeof buf, "%.*Lf", digits + (d < 1e-3 ? 3 : 0), mid);
            check(c, buf);
        }
    }
}

int main(void)
{
    struct check_counts c = {0};
    struct rng g;
    rng_seed(&g, 20261125);
    char buf[64];
    for (int i = 0; i < 2000000; i++) {
        random_decimal(&g, buf);
        check(&c, buf);
    }
    near_midpoints(&c, &g, 200000);
    static const char *const fixed[] = {
        "0.28329914091988989",
        "0.044085640172047934",
        "9999999999999999999",
        "1000000000000000000",
        "0.0000000000000000000000000001234567890123456789",
        "12345678901234567.5",
        "0.30000000000000004",
        "1.7976931348623157",
        "0.1000000000000000055511151231257827",
        "9007199254740993",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        check(&c, fixed[i]);
    return check_done(&c);
}
