/*
 * test_num_format - num_format writes, byte for byte, what printf and strtod
 * say it should: the fewest significant digits p (1 to 17) whose correct
 * rounding, printf's "%.*e" with p - 1 decimals, reads back through strtod
 * as the same double, laid out as Python's repr lays it out (fixed notation
 * for 1e-4 <= |x| < 1e16, trailing zeros dropped; an integral value below
 * 1e15 as an integer).  Random doubles of every kind, scores in [0, 1),
 * short decimals, and the edges: powers of two and of ten, their
 * neighbours, the bounds of each layout, subnormals.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "num.h"
#include "rng.h"

/* What num_format should write for a finite x other than 0, from printf. */
static void expected(double x, char *out)
{
    if (fabs(x) < 1e15 && x == trunc(x)) {
        sprintf(out, "%.0f", x);
        return;
    }
    char e[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(e, sizeof e, "%.*e", p - 1, x);
        if (strtod(e, NULL) == x)
            break;
    }
    /* e is "-d.ddde-07": its digits, less trailing zeros, and exponent */
    char digits[20];
    int n = 0;
    const char *s = e;
    bool neg = *s == '-';
    for (s += neg; *s != 'e'; s++)
        if (*s != '.')
            digits[n++] = *s;
    int exp10 = atoi(s + 1);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    char *o = out;
    if (neg)
        *o++ = '-';
    if (exp10 < -4 || exp10 >= 16) {
        *o++ = digits[0];
        if (n > 1)
            *o++ = '.';
        memcpy(o, digits + 1, (size_t)n - 1);
        sprintf(o + n - 1, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    } else if (exp10 < 0) {
        o += sprintf(o, "0.%.*s", -exp10 - 1, "0000");
        sprintf(o, "%.*s", n, digits);
    } else if (n <= exp10 + 1) {
        sprintf(o, "%.*s%.*s", n, digits, exp10 + 1 - n, "0000000000000000");
    } else {
        sprintf(o, "%.*s.%.*s", exp10 + 1, digits, n - exp10 - 1, digits + exp10 + 1);
    }
}

static void check(struct check_counts *c, double x)
{
    if (!isfinite(x) || x == 0)
        return;
    char got[NUM_BUFSZ], want[64];
    size_t n = num_format(x, got);
    expected(x, want);
    CHECK(c, n == strlen(got) && strcmp(got, want) == 0, "%a (%.17g): '%s', expected '%s'", x, x,
          got, want);
}

/* x and its neighbours on both sides. */
static void around(struct check_counts *c, double x)
{
    double lo = x, hi = x;
    for (int i = 0; i < 2; i++) {
        check(c, lo);
        check(c, hi);
        check(c, -hi);
        lo = nextafter(lo, 0);
        hi = nextafter(hi, INFINITY);
    }
}

static void edges(struct check_counts *c)
{
    for (int e = -1074; e <= 1023; e++)
        around(c, ldexp(1, e));
    for (int e = -323; e <= 308; e++) {
        around(c, pow(10, e));
        char s[16];
        snprintf(s, sizeof s, "1e%d", e);
        around(c, strtod(s, NULL));
        snprintf(s, sizeof s, "5e%d", e);
        around(c, strtod(s, NULL));
        snprintf(s, sizeof s, "9.5e%d", e);
        around(c, strtod(s, NULL));
    }
    around(c, DBL_MIN);
    around(c, DBL_MAX);
    around(c, DBL_TRUE_MIN);
    around(c, 1e15);
    around(c, 1e16);
    around(c, 0.0001);
    around(c, 9007199254740992.0);
    around(c, 0.3);
    around(c, 2.0 / 3);
}

/* Decimals of 1 to 17 digits with the point anywhere: the doubles nearest
 * them, most of which have a short form. */
static void short_decimals(struct check_counts *c, struct rng *g, int count)
{
    char s[48];
    for (int i = 0; i < count; i++) {
        int ndig = 1 + (int)rng_below(g, 17);
        int exp10 = (int)rng_below(g, 60) - 30;
        size_t n = 0;
        for (int d = 0; d < ndig; d++)
            s[n++] = (char)('0' + rng_below(g, 10));
        sprintf(s + n, "e%d", exp10);
        check(c, strtod(s, NULL));
    }
}

int main(void)
{
    struct check_counts c = {0};
    struct rng g;
    rng_seed(&g, 20261202);
    edges(&c);
    for (int i = 0; i < 8000; i++) {
        uint64_t bits = rng_next(&g);
        double x;
        memcpy(&x, &bits, sizeof x);
        check(&c, x);                                               /* any double */
        check(&c, ldexp((double)(bits >> 11), -53));                /* a score in [0, 1) */
        check(&c, ldexp((double)(bits >> 11), -40));                /* [0, 8192) */
        check(&c, ldexp((double)(bits >> 11), -(int)(bits & 127))); /* scales */
    }
    short_decimals(&c, &g, 20000);
    return check_done(&c);
}
