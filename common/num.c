/* num.c - strict number parsing and shortest round-trip formatting; see num.h. */
#include "num.h"

#include "err.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "u128.h"

/* Powers of ten that are exact doubles. */
static const double exact_pow10[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const uint64_t POW10[20] = {
    1ULL,
    10ULL,
    100ULL,
    1000ULL,
    10000ULL,
    100000ULL,
    1000000ULL,
    10000000ULL,
    100000000ULL,
    1000000000ULL,
    10000000000ULL,
    100000000000ULL,
    1000000000000ULL,
    10000000000000ULL,
    100000000000000ULL,
    1000000000000000ULL,
    10000000000000000ULL,
    100000000000000000ULL,
    1000000000000000000ULL,
    10000000000000000000ULL,
};

/* 5^k for k <= 19: 10^k = 5^k 2^k, and dividing by the power of two is
 * only a change of exponent. */
static const uint64_t POW5[20] = {
    1ULL,
    5ULL,
    25ULL,
    125ULL,
    625ULL,
    3125ULL,
    15625ULL,
    78125ULL,
    390625ULL,
    1953125ULL,
    9765625ULL,
    48828125ULL,
    244140625ULL,
    1220703125ULL,
    6103515625ULL,
    30517578125ULL,
    152587890625ULL,
    762939453125ULL,
    3814697265625ULL,
    19073486328125ULL,
};

/* floor((2^128 - 1) / 5^k), high and low halves, for k = 1..19: the
 * reciprocals that turn a division by 5^k into a multiplication.  A wrong
 * entry would misround the decimals of its k, which test_num_parse compares
 * with strtod's by the million. */
static const uint64_t RECIP5[20][2] = {
    {0, 0},
    {0x3333333333333333ULL, 0x3333333333333333ULL},
    {0x0a3d70a3d70a3d70ULL, 0xa3d70a3d70a3d70aULL},
    {0x020c49ba5e353f7cULL, 0xed916872b020c49bULL},
    {0x0068db8bac710cb2ULL, 0x95e9e1b089a02752ULL},
    {0x0014f8b588e368f0ULL, 0x8461f9f01b866e43ULL},
    {0x000431bde82d7b63ULL, 0x4dad31fcd24e160dULL},
    {0x0000d6bf94d5e57aULL, 0x42bc3d3290760469ULL},
    {0x00002af31dc46118ULL, 0x73bf3f70834acdaeULL},
    {0x0000089705f4136bULL, 0x4a59731680a88f89ULL},
    {0x000001b7cdfd9d7bULL, 0xdbab7d6ae6881cb5ULL},
    {0x00000057f5ff85e5ULL, 0x92557f7bc7b4d28aULL},
    {0x000000119799812dULL, 0xea11197f27f0f6e8ULL},
    {0x0000000384b84d09ULL, 0x2ed0384ca19697c8ULL},
    {0x00000000b424dc35ULL, 0x095cd80f538484c1ULL},
    {0x0000000024075f3dULL, 0xceac2b3643e74dc0ULL},
    {0x000000000734aca5ULL, 0xf6226f0ada6175f3ULL},
    {0x000000000170ef54ULL, 0x646d496892137dfdULL},
    {0x000000000049c977ULL, 0x47490eae839d7f99ULL},
    {0x00000000000ec1e4ULL, 0xa7db69561a52b31eULL},
};

/* The high 128 bits of the 256-bit product a b. */
static u128 multiply_high(u128 a, u128 b)
{
    uint64_t a1 = (uint64_t)(a >> 64), a0 = (uint64_t)a, b1 = (uint64_t)(b >> 64), b0 = (uint64_t)b;
    u128 low = (u128)a0 * b0, mid1 = (u128)a1 * b0, mid2 = (u128)a0 * b1;
    u128 carry = ((low >> 64) + (uint64_t)mid1 + (uint64_t)mid2) >> 64;
    return (u128)a1 * b1 + (mid1 >> 64) + (mid2 >> 64) + carry;
}

/* n / 5^k, and whether it leaves a remainder: the product with the
 * reciprocal is the quotient or one less (the reciprocal is short of 2^128 /
 * 5^k by less than 1, and n < 2^128), and the remainder tells which. */
static u128 divide_by_pow5(u128 n, int k, bool *inexact)
{
    if (k == 0) {
        *inexact = false;
        return n;
    }
    u128 q = multiply_high(n, ((u128)RECIP5[k][0] << 64) | RECIP5[k][1]);
    u128 rem = n - q * POW5[k];
    if (rem >= POW5[k]) {
        q++;
        rem -= POW5[k];
    }
    *inexact = rem != 0;
    return q;
}

/*
 * m / 10^k for the digits of plain decimals of 16 to 19 digits
 * ("223946.0508815427", a ratio written in full), which no longer make an
 * exact double: rounded in integers as strtod rounds (to nearest, ties to
 * even).  With m < 2^64 and k <= 19, N = m 2^s in [2^127, 2^128), and
 * q = N / 5^k (5^19 < 2^45) has 83 bits or more; its low bits and the remainder decide the
 * rounding of the top 53, and the value is q 2^-(s + k).
 */
static double divide_wide(uint64_t m, int k)
{
    if (m == 0)
        return 0;
    int shift = 128 - (64 - __builtin_clzll(m));
    bool sticky;
    u128 q = divide_by_pow5((u128)m << shift, k, &sticky);
    uint64_t hi = (uint64_t)(q >> 64);
    int drop = 128 - __builtin_clzll(hi) - 53; /* q >= 2^82, so hi != 0 */
    uint64_t mant = (uint64_t)(q >> drop);
    u128 rem = q & (((u128)1 << drop) - 1), half = (u128)1 << (drop - 1);
    if (rem > half || (rem == half && (sticky || (mant & 1))))
        mant++;
    if (mant == 1ULL << 53) {
        mant >>= 1;
        drop++;
    }
    /* mant 2^e with mant in [2^52, 2^53): a normal double, as 1e-19 <=
     * m / 10^k < 2^64; its bits are put together directly. */
    int e = drop - shift - k;
    uint64_t bits = ((uint64_t)(e + 52 + 1023) << 52) | (mant & ((1ULL << 52) - 1));
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* True if the eight bytes at p are all decimal digits. */
static bool eight_digits(const char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return ((x & 0xF0F0F0F0F0F0F0F0ULL) |
            (((x + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) == 0x3333333333333333ULL;
}

/* The value of the eight digits at p, three multiplications instead of eight
 * (the method of simdjson and fast_float). */
static uint64_t eight_digits_value(const char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    x -= 0x3030303030303030ULL;
    x = x * 10 + (x >> 8);
    x = (((x & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
         (((x >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >>
        32;
    return x & 0xFFFFFFFF;
}
#endif

/*
 * Append the run of digits at p (before end) to *m; *ndigits counts the
 * significant ones (zeros before the first other digit are not).  Returns
 * the end of the run, or NULL past 19 significant digits (m would overflow).
 */
static inline const char *take_digits(const char *p, const char *end, uint64_t *m, int *ndigits)
{
    if (*m == 0)
        while (p < end && *p == '0')
            p++;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; end - p >= 8 && eight_digits(p); p += 8) {
        if ((*ndigits += 8) > 19)
            return NULL;
        *m = *m * 100000000 + eight_digits_value(p);
    }
#endif
    for (; p < end && is_digit(*p); p++) {
        if (*m != 0 || *p != '0')
            if (++*ndigits > 19)
                return NULL;
        *m = *m * 10 + (uint64_t)(*p - '0');
    }
    return p;
}

/*
 * The common case, plain decimals such as "201", "52622889.68" or
 * "0.28329914091988989", without strtod.  When the significant digits form an
 * integer m below 2^53 and there are at most 22 decimals, m and 10^k are exact
 * doubles and IEEE division rounds correctly, so m / 10^k is exactly what
 * strtod would return (Clinger's fast path); up to 19 significant digits,
 * divide_wide does the same in 128-bit integers.
 * Returns false for anything else, which then goes the slow way.
 */
static bool parse_simple(const char *s, size_t len, double *out)
{
    if (len == 1 && is_digit(*s)) { /* a flag, a count: the most common field */
        *out = *s - '0';
        return true;
    }
    const char *p = s, *end = s + len;
    bool neg = (*p == '-');
    if (*p == '-' || *p == '+')
        p++;
    uint64_t m = 0;
    int ndigits = 0; /* significant ones */
    const char *whole = p;
    if (!(p = take_digits(p, end, &m, &ndigits)))
        return false;
    size_t nwhole = (size_t)(p - whole), decimals = 0;
    if (p < end && *p == '.') {
        const char *fraction = ++p;
        if (!(p = take_digits(p, end, &m, &ndigits)))
            return false;
        decimals = (size_t)(p - fraction);
    }
    if (p != end || nwhole + decimals == 0)
        return false;
    double v;
    if (decimals == 0 && ndigits <= 15)
        v = (double)m; /* exact: no division to wait for */
    else if (ndigits <= 15 && decimals <= 22)
        v = (double)m / exact_pow10[decimals];
    else if (decimals <= 19)
        v = divide_wide(m, (int)decimals);
    else
        return false;
    *out = neg ? -v : v;
    return true;
}

/* strtod accepts more than a decimal number; allow only its decimal grammar. */
static bool decimal_syntax(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    int digits = 0;
    while (is_digit(*p))
        p++, digits++;
    if (*p == '.')
        for (p++; is_digit(*p); p++)
            digits++;
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!is_digit(*p))
            return false;
        while (is_digit(*p))
            p++;
    }
    return *p == '\0';
}

enum num_status num_parse(const char *s, double *out)
{
    return num_parse_n(s, strlen(s), out);
}

enum num_status num_parse_n(const char *s, size_t len, double *out)
{
    if (*s == '\0')
        return NUM_EMPTY;
    if (parse_simple(s, len, out))
        return NUM_OK;
    if (!decimal_syntax(s))
        return NUM_INVALID;
    errno = 0;
    double v = strtod(s, NULL);
    if (errno == ERANGE && isinf(v))
        return NUM_RANGE;
    *out = v;
    return NUM_OK;
}

const char *num_status_text(enum num_status st)
{
    switch (st) {
    case NUM_OK:
        return "is a number";
    case NUM_EMPTY:
        return "is missing";
    case NUM_RANGE:
        return "is out of range";
    case NUM_INVALID:
        break;
    }
    return "is not a number";
}

size_t num_format_int(long long v, char *buf)
{
    char tmp[24];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

/* Decimal digits d[0..n) with the point after d[0], times 10^exp10. */
struct decimal {
    char d[17];
    int n;
    int exp10;
};

/* Split printf's "%.*e" output ("-1.2345e-07") into digits and exponent. */
static void decimal_from_printf(double x, int ndigits, struct decimal *dec)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.*e", ndigits - 1, fabs(x));
    const char *p = tmp;
    dec->n = 0;
    for (; *p != 'e'; p++)
        if (is_digit(*p))
            dec->d[dec->n++] = *p;
    dec->exp10 = atoi(p + 1);
}

/*
 * Round the 17 digits of `all` to k digits in *dec.  Rounding an already
 * rounded string can differ from rounding x itself only when the dropped
 * digits are exactly a half ("5" or "50"); then ask printf.  Returns false in
 * that case so the caller can.
 */
static bool round_digits(const struct decimal *all, int k, struct decimal *dec)
{
    char first = all->d[k];
    bool rest_zero = true;
    for (int i = k + 1; i < all->n; i++)
        rest_zero &= (all->d[i] == '0');
    if (first == '5' && rest_zero)
        return false;
    *dec = *all;
    dec->n = k;
    if (first < '5')
        return true;
    int i = k - 1;
    while (i >= 0 && dec->d[i] == '9')
        dec->d[i--] = '0';
    if (i >= 0) {
        dec->d[i]++;
    } else {
        dec->d[0] = '1';
        dec->exp10++;
    }
    return true;
}

/* Python repr's layout: fixed notation for 1e-4 <= |x| < 1e16, else exponent. */
static size_t decimal_write(const struct decimal *dec, bool neg, char *buf)
{
    int n = dec->n;
    while (n > 1 && dec->d[n - 1] == '0')
        n--;
    int e = dec->exp10;
    size_t len = 0;
    if (neg)
        buf[len++] = '-';
    if (e < -4 || e >= 16) {
        buf[len++] = dec->d[0];
        if (n > 1) {
            buf[len++] = '.';
            for (int i = 1; i < n; i++)
                buf[len++] = dec->d[i];
        }
        len += (size_t)sprintf(buf + len, "e%c%02d", e < 0 ? '-' : '+', abs(e));
    } else if (e < 0) {
        memcpy(buf + len, "0.0000", (size_t)(1 - e));
        len += (size_t)(1 - e);
        memcpy(buf + len, dec->d, (size_t)n);
        len += (size_t)n;
    } else if (n <= e + 1) {
        memcpy(buf + len, dec->d, (size_t)n);
        memset(buf + len + n, '0', (size_t)(e + 1 - n));
        len += (size_t)e + 1;
    } else {
        memcpy(buf + len, dec->d, (size_t)e + 1);
        buf[len + (size_t)e + 1] = '.';
        memcpy(buf + len + e + 2, dec->d + e + 1, (size_t)(n - e - 1));
        len += (size_t)n + 1;
    }
    buf[len] = '\0';
    return len;
}

/* ---------- exact digits with 128-bit integers ----------
 *
 * For most doubles worth printing, x = m 2^-s with 1 <= s <= 70, and x 10^k
 * for the k that gives 15 to 17 digits has k <= 22.  Then m 10^k < 2^128,
 * so x 10^k can be rounded to an integer exactly, and whether that decimal
 * reads back to x can be decided exactly too: no printf, no strtod.  Other
 * doubles (tiny, huge, subnormal) take the printf path below. */

/* 10^k for k <= 22, from POW10: beyond 10^19 as a product, which is exact
 * in 128 bits. */
static u128 pow10_wide(int k)
{
    return k < 20 ? (u128)POW10[k] : (u128)POW10[19] * POW10[k - 19];
}

/* x = m 2^-s, m in [2^52, 2^53). */
struct binary {
    uint64_t m;
    int s;
};

/* Does c 10^-k read back as x, n being m 10^k?  |c 10^-k - x| must be
 * under half the gap to the neighbouring double (a quarter below a power of
 * two, where the gap below is half as wide); a tie goes to the even
 * mantissa, as strtod does. */
static bool reads_back(struct binary b, uint64_t c, u128 n, int k)
{
    u128 a = (u128)c << b.s, p10 = pow10_wide(k);
    u128 diff = a > n ? a - n : n - a;
    bool narrow_below = (b.m == (1ULL << 52)) && a < n;
    int shift = narrow_below ? 2 : 1;
    if (diff >> (127 - shift))
        return false;
    u128 scaled = diff << shift;
    return scaled < p10 || (scaled == p10 && (b.m % 2 == 0));
}

static const char PAIRS[] = "00010203040506070809101112131415161718192021222324252627282930"
                            "31323334353637383940414243444546474849505152535455565758596061"
                            "62636465666768697071727374757677787980818283848586878889909192"
                            "93949596979899";

/* The eight digits of v < 10^8, leading zeros included: four pairs worked
 * out side by side rather than one after another. */
static void eight_digits_put(uint32_t v, char *dst)
{
    uint32_t hi = v / 10000, lo = v % 10000;
    memcpy(dst, PAIRS + 2 * (hi / 100), 2);
    memcpy(dst + 2, PAIRS + 2 * (hi % 100), 2);
    memcpy(dst + 4, PAIRS + 2 * (lo / 100), 2);
    memcpy(dst + 6, PAIRS + 2 * (lo % 100), 2);
}

/* The n (at most 17) digits of d < 10^n into dec, the first at 10^exp10. */
static void decimal_set(uint64_t d, int n, int exp10, struct decimal *dec)
{
    char all[17];
    uint64_t hi = d / 100000000;
    all[0] = (char)('0' + hi / 100000000);
    eight_digits_put((uint32_t)(hi % 100000000), all + 1);
    eight_digits_put((uint32_t)(d % 100000000), all + 9);
    memcpy(dec->d, all + 17 - n, (size_t)n);
    dec->n = n;
    dec->exp10 = exp10;
}

/* x 10^k = q + r 2^-s rounded to 17 - drop digits (drop 0 to 2: t = 10^drop
 * is a constant where this is inlined), into dec if it reads back. */
static inline bool rounded_digits(struct binary b, u128 n, int k, uint64_t q, u128 r, int drop,
                                  uint64_t t, int e10, struct decimal *dec)
{
    uint64_t d = q / t;
    /* what is dropped, q's last digits and r, against half of t */
    u128 dropped = ((u128)(q - d * t) << b.s) | r, half = (u128)t << (b.s - 1);
    if (dropped > half || (dropped == half && (d & 1)))
        d++;
    if (!reads_back(b, d * t, n, k))
        return false;
    if (d == POW10[17 - drop]) /* rounded up to the next power of ten */
        decimal_set(1, 1, e10 + 1, dec);
    else
        decimal_set(d, 17 - drop, e10, dec);
    return true;
}

/*
 * The shortest digits of x = m 2^-s > 0, if 1 <= s <= 70 and x 10^k has
 * 17 digits before the point for some k in [0, 22]: then n = m 10^k <
 * 2^128 holds x 10^k exactly, with floor q = n >> s and the fraction's bits
 * r.  The correctly rounded 15, 16 and 17 digits of x are q's leading
 * digits rounded on q's others and r, each read back exactly against n; the
 * first that reads back is the answer (any shorter one shows as trailing
 * zeros of the 15 digits, every decimal of 15 digits or fewer surviving a
 * round trip).
 */
static bool fast_shortest(double x, struct decimal *dec)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7FF);
    struct binary b = {(bits & ((1ULL << 52) - 1)) | (1ULL << 52), 1075 - biased};
    if (biased == 0 || b.s < 1 || b.s > 70)
        return false;
    /* floor(log10 x) is floor((e2 - 1) log10 2) or one more, for x in
     * [2^(e2-1), 2^e2); the loop corrects the estimate. */
    int e10 = (int)floor((52 - b.s) * 0.30102999566398120);
    for (int tries = 0; tries < 3; tries++) {
        int k = 16 - e10;
        if (k < 0 || k > 22)
            return false;
        u128 n = (u128)b.m * pow10_wide(k);
        uint64_t q = (uint64_t)(n >> b.s);
        if (q >= POW10[17]) {
            e10++;
            continue;
        }
        if (q < POW10[16]) {
            e10--;
            continue;
        }
        u128 r = n & (((u128)1 << b.s) - 1);
        /* Half the gap between doubles is under 11.2 of q's units (q < 10^17,
         * m >= 2^52), so 15 digits cannot read back when q's last two are
         * 13 to 87: x is then 12 or more from any multiple of 100. */
        uint64_t last2 = q % 100, last = q % 10;
        bool fifteen = last2 < 13 || last2 > 87;
        /* and 16 cannot when x is as far from a multiple of 10 as the
         * whole of half the gap, which is under w + 1 */
        uint64_t w = (uint64_t)(pow10_wide(k) >> (b.s + 1));
        bool sixteen = (last < 9 - last ? last : 9 - last) < w + 1;
        return (fifteen && rounded_digits(b, n, k, q, r, 2, 100, e10, dec)) ||
               (sixteen && rounded_digits(b, n, k, q, r, 1, 10, e10, dec)) ||
               rounded_digits(b, n, k, q, r, 0, 1, e10, dec);
    }
    return false;
}

size_t num_format(double x, char *buf)
{
    if (isnan(x))
        return (size_t)sprintf(buf, "nan");
    if (isinf(x))
        return (size_t)sprintf(buf, x < 0 ? "-inf" : "inf");
    if (x == 0)
        return (size_t)sprintf(buf, signbit(x) ? "-0" : "0");
    if (fabs(x) < 1e15 && x == trunc(x))
        return num_format_int((long long)x, buf);

    /* 17 significant digits always read back; 15 or 16 often do too.  Any
     * shorter representation shows up as trailing zeros of the 15-digit one,
     * because every decimal of 15 digits or fewer survives a round trip. */
    struct decimal all, dec;
    if (fast_shortest(x, &dec))
        return decimal_write(&dec, x < 0, buf);
    decimal_from_printf(x, 17, &all);
    /* Subnormals carry fewer digits, so the 15-digit shortcut does not hold. */
    int shortest = fabs(x) < DBL_MIN ? 1 : 15;
    for (int k = shortest; k <= 16; k++) {
        if (!round_digits(&all, k, &dec))
            decimal_from_printf(x, k, &dec);
        size_t len = decimal_write(&dec, x < 0, buf);
        double back;
        if (!parse_simple(buf, len, &back)) /* as strtod reads it, faster */
            back = strtod(buf, NULL);
        if (back == x)
            return len;
    }
    return decimal_write(&all, x < 0, buf);
}

double num_round(double x, int digits)
{
    if (digits <= 0 || !isfinite(x) || x == 0)
        return x;
    char buf[40];
    snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    double v;
    return num_parse(buf, &v) == NUM_OK ? v : x;
}

int num_digits_arg(const char *arg)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (*arg < '0' || *arg > '9' || *end || errno || v > 17)
        die_usage("option '--digits': '%s' is not a number of digits from 0 (exact) to 17", arg);
    return (int)v;
}
