/* test_num.c - strict number parsing and shortest round-trip formatting. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "num.h"
#include "rng.h"

static void parses(struct check_counts *c, const char *s, double want)
{
    double v = -12345;
    enum num_status st = num_parse(s, &v);
    CHECK(c, st == NUM_OK && v == want && signbit(v) == signbit(want), "'%s' -> %d %.17g", s, st,
          v);
}

static void refuses(struct check_counts *c, const char *s, enum num_status want)
{
    double v = 0;
    enum num_status st = num_parse(s, &v);
    CHECK(c, st == want, "'%s' -> status %d, expected %d", s, st, want);
}

static void test_parse(struct check_counts *c)
{
    parses(c, "0", 0);
    parses(c, "-0", -0.0);
    parses(c, "+1", 1);
    parses(c, "1.5", 1.5);
    parses(c, ".5", 0.5);
    parses(c, "5.", 5);
    parses(c, "1e3", 1000);
    parses(c, "1E-3", 0.001);
    parses(c, "52622889.68", 52622889.68);
    parses(c, "223946.0508815427", 223946.0508815427);
    parses(c, "9007199254740993", 9007199254740992.0); /* a tie: to even */
    parses(c, "9007199254740995", 9007199254740996.0);
    parses(c, "18446744073709551615", 18446744073709551615.0);
    parses(c, "0.0000000000000000001", 1e-19);
    parses(c, "-0.000000000000000000", -0.0);
    parses(c, "12345678901234567890", 12345678901234567890.0);
    parses(c, "0.1000000000000000055511151231257827", 0.1);
    parses(c, "1e-400", 0);
    parses(c, "4.9e-324", 4.9e-324);
    refuses(c, "", NUM_EMPTY);
    refuses(c, " 1", NUM_INVALID);
    refuses(c, "1 ", NUM_INVALID);
    refuses(c, "abc", NUM_INVALID);
    refuses(c, "nan", NUM_INVALID);
    refuses(c, "inf", NUM_INVALID);
    refuses(c, "-Infinity", NUM_INVALID);
    refuses(c, "0x10", NUM_INVALID);
    refuses(c, "1.2.3", NUM_INVALID);
    refuses(c, "--1", NUM_INVALID);
    refuses(c, "1e", NUM_INVALID);
    refuses(c, "1e+", NUM_INVALID);
    refuses(c, ".", NUM_INVALID);
    refuses(c, "-", NUM_INVALID);
    refuses(c, "1,5", NUM_INVALID);
    refuses(c, "1e400", NUM_RANGE);
    refuses(c, "-1e400", NUM_RANGE);
}

/* The fast path for plain decimals must give strtod's exact result. */
static void test_parse_matches_strtod(struct check_counts *c)
{
    struct rng g;
    rng_seed(&g, 1);
    char s[40];
    for (int i = 0; i < 200000; i++) {
        int ndig = 1 + (int)rng_below(&g, 19), point = (int)rng_below(&g, (uint64_t)ndig + 1);
        size_t n = 0;
        if (rng_below(&g, 2))
            s[n++] = '-';
        for (int d = 0; d < ndig; d++) {
            if (d == point && d > 0)
                s[n++] = '.';
            s[n++] = (char)('0' + rng_below(&g, 10));
        }
        s[n] = '\0';
        double v;
        CHECK(c, num_parse(s, &v) == NUM_OK && v == strtod(s, NULL), "'%s'", s);
    }
}

static void formats(struct check_counts *c, double x, const char *want)
{
    char buf[NUM_BUFSZ];
    size_t n = num_format(x, buf);
    CHECK(c, strcmp(buf, want) == 0 && n == strlen(want), "%.17g -> '%s', expected '%s'", x, buf,
          want);
}

static void test_format(struct check_counts *c)
{
    formats(c, 0, "0");
    formats(c, -0.0, "-0");
    formats(c, 100, "100");
    formats(c, -2.5, "-2.5");
    formats(c, 0.1, "0.1");
    formats(c, 0.1 + 0.2, "0.30000000000000004");
    formats(c, 1.0 / 3, "0.3333333333333333");
    formats(c, 2.0 / 3, "0.6666666666666666");
    formats(c, 0.0001, "0.0001");
    formats(c, 0.00001, "1e-05");
    formats(c, 1e15, "1000000000000000");
    formats(c, 1e16, "1e+16");
    formats(c, 123456789012345678.0, "1.2345678901234568e+17");
    formats(c, 261805.42129353233, "261805.42129353233");
    formats(c, 5e-324, "5e-324");
    formats(c, DBL_MAX, "1.7976931348623157e+308");
    formats(c, NAN, "nan");
    formats(c, -INFINITY, "-inf");
    char buf[NUM_BUFSZ];
    num_format_int(-9223372036854775807LL - 1, buf);
    CHECK(c, strcmp(buf, "-9223372036854775808") == 0, "LLONG_MIN -> %s", buf);
}

/* Significant digits of a formatted number: leading and trailing zeros of
 * the mantissa do not count ("3350192816299500" has 15). */
static int significant_digits(const char *s)
{
    int n = 0, last_nonzero = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9' || (n == 0 && *s == '0'))
            continue;
        n++;
        if (*s != '0')
            last_nonzero = n;
    }
    return last_nonzero;
}

/* Every double reads back exactly, and one digit fewer would not do. */
static void test_round_trip(struct check_counts *c)
{
    struct rng g;
    rng_seed(&g, 2);
    char buf[NUM_BUFSZ], shorter[40];
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = rng_next(&g);
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        if (i % 2)
            x = ldexp((double)(bits >> 11), -53); /* scores in [0, 1) */
        num_format(x, buf);
        CHECK(c, strtod(buf, NULL) == x, "%a -> '%s' reads back as %a", x, buf, strtod(buf, NULL));
        int k = significant_digits(buf);
        if (k > 1 && fabs(x) >= DBL_MIN) {
            snprintf(shorter, sizeof shorter, "%.*e", k - 2, x);
            CHECK(c, strtod(shorter, NULL) != x, "%a -> '%s', but '%s' reads back too", x, buf,
                  shorter);
        }
    }
}

int main(void)
{
    struct check_counts c = {0};
    test_parse(&c);
    test_parse_matches_strtod(&c);
    test_format(&c);
    test_round_trip(&c);
    return check_done(&c);
}
