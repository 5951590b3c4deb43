/* dmath.c - reproducible exp and log; see dmath.h. */
#include "dmath.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* ln 2 split so that k * LN2_HI is exact for |k| < 2^20 (its last 21 bits
 * are zero). */
static const double LN2_HI = 0x1.62e42feep-1;
static const double LN2_LO = 0x1.a39ef35793c76p-33;

static double from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static uint64_t to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* 2^k for -1022 <= k <= 1023, exactly. */
static double two_to(int k)
{
    return from_bits((uint64_t)(k + 1023) << 52);
}

/* ---------- e^x ---------- */

/* 2^(j/32), j = 0..31, each the double nearest the exact value. */
static const double EXP2_32[32] = {
    0x1.0000000000000p+0, 0x1.059b0d3158574p+0, 0x1.0b5586cf9890fp+0, 0x1.11301d0125b51p+0,
    0x1.172b83c7d517bp+0, 0x1.1d4873168b9aap+0, 0x1.2387a6e756238p+0, 0x1.29e9df51fdee1p+0,
    0x1.306fe0a31b715p+0, 0x1.371a7373aa9cbp+0, 0x1.3dea64c123422p+0, 0x1.44e086061892dp+0,
    0x1.4bfdad5362a27p+0, 0x1.5342b569d4f82p+0, 0x1.5ab07dd485429p+0, 0x1.6247eb03a5585p+0,
    0x1.6a09e667f3bcdp+0, 0x1.71f75e8ec5f74p+0, 0x1.7a11473eb0187p+0, 0x1.82589994cce13p+0,
    0x1.8ace5422aa0dbp+0, 0x1.93737b0cdc5e5p+0, 0x1.9c49182a3f090p+0, 0x1.a5503b23e255dp+0,
    0x1.ae89f995ad3adp+0, 0x1.b7f76f2fb5e47p+0, 0x1.c199bdd85529cp+0, 0x1.cb720dcef9069p+0,
    0x1.d5818dcfba487p+0, 0x1.dfc97337b9b5fp+0, 0x1.ea4afa2a490dap+0, 0x1.f50765b6e4540p+0,
};

double dm_exp(double x)
{
    if (!(x <= 709.782712893384)) /* also NaN */
        return x != x ? x : HUGE_VAL;
    if (x < -745.1332191019412)
        return 0;
    /* x = (32 m + j) ln2/32 + r with |r| <= ln2/64; e^x = 2^m 2^(j/32) e^r,
     * e^r - 1 by its Taylor series to r^6 (the rest is below 4e-18). */
    double kd = floor(x * (32 / 0x1.62e42fefa39efp-1) + 0.5);
    double r = (x - kd * (LN2_HI / 32)) - kd * (LN2_LO / 32);
    int k = (int)kd;
    int j = k & 31, m = (k - j) / 32;
    double q = r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r / 720)))));
    double t = EXP2_32[j];
    double y = t + t * q;
    if (m >= -1021)
        return m <= 1023 ? y * two_to(m) : y * 2 * two_to(m - 1);
    return y * two_to(m + 60) * two_to(-60); /* a subnormal: rounded once, at the end */
}

/* ---------- ln x ---------- */

/* ln(1 + f) - f, for sqrt(1/2) - 1 <= f <= sqrt(2) - 1: with s = f / (2 + f),
 * ln(1 + f) = 2 atanh s = 2s + s R, R = 2 s^2/3 + 2 s^4/5 + ..., and since
 * 2s = f - s f, ln(1 + f) = f - s (f - R).  Returned apart from f, the small
 * correction can take other small terms before f's rounding.  |s| <= 0.1716,
 * so ten terms of R leave less than 1e-18. */
static double log1p_correction(double f)
{
    double s = f / (2 + f), z = s * s;
    double R =
        z * (2.0 / 3 +
             z * (2.0 / 5 +
                  z * (2.0 / 7 +
                       z * (2.0 / 9 +
                            z * (2.0 / 11 +
                                 z * (2.0 / 13 +
                                      z * (2.0 / 15 +
                                           z * (2.0 / 17 + z * (2.0 / 19 + z * (2.0 / 21))))))))));
    return -s * (f - R);
}

double dm_log(double x)
{
    if (!(x > 0)) /* 0, negative, NaN */
        return x == 0 ? -HUGE_VAL : (x - x) / 0.0;
    if (x == HUGE_VAL)
        return x;
    int e = 0;
    if (x < 0x1p-1022) { /* subnormal: make it normal */
        x *= 0x1p54;
        e = -54;
    }
    uint64_t u = to_bits(x);
    e += (int)(u >> 52) - 1023;
    double m = from_bits((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); /* [1, 2) */
    if (m > 0x1.6a09e667f3bcdp+0) { /* above sqrt 2: into [sqrt(1/2), 1) */
        m /= 2;
        e++;
    }
    double f = m - 1; /* exact */
    return e * LN2_HI + (f + (log1p_correction(f) + e * LN2_LO));
}

double dm_log1p(double x)
{
    if (x > -0.2928932188134524 && x < 0.4142135623730950)
        return x + log1p_correction(x);
    if (!(x > -1))
        return x == -1 ? -HUGE_VAL : (x - x) / 0.0;
    /* 1 + x loses the low bits of x; ln(1 + x) = ln w + (x - (w - 1)) / w
     * puts them back to first order. */
    double w = 1 + x;
    return dm_log(w) + (x - (w - 1)) / w;
}

double dm_pow(double x, double y)
{
    return y == 1 ? x : dm_exp(y * dm_log(x));
}
