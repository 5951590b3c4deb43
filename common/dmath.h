/*
 * dmath.h - elementary functions that give the same bits on every machine.
 *
 * libm's exp and log may differ in the last bit between C libraries,
 * versions and CPUs: glibc picks an FMA path at run time where the CPU has
 * one.  Every number pm writes that goes through e^x or ln x (synthetic
 * data, the fit's loss and weights, scores, log loss, PSI, WoE) goes through
 * these instead.  They use only IEEE addition, subtraction, multiplication,
 * division and exact bit operations, which every platform rounds alike (pm
 * builds with -ffp-contract=off, so no fused multiply-add changes a
 * rounding), in a fixed order.  They are accurate to about one unit in the
 * last place (tests/unit/test_dmath.c measures it against libm).
 */
#ifndef PM_DMATH_H
#define PM_DMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/*
 * dm_log: natural logarithm: -inf at 0, NaN below 0 and for NaN, +inf at +inf.
 * dm_log1p: ln(1 + x), accurate for x near 0: -inf at -1, NaN below -1.
 * dm_exp: e^x: 0 below -745.14, +inf above 709.78, NaN for NaN.
 * They are defined here, inline, so that a loop over a million rows (the
 * fit's loss and weights) runs them without a call: the same operations in
 * the same order, so the same bits, inline or not.
 */
/* ln 2 split so that k * DM_LN2_HI is exact for |k| < 2^20 (its last 21 bits
 * are zero). */
static const double DM_LN2_HI = 0x1.62e42feep-1;
static const double DM_LN2_LO = 0x1.a39ef35793c76p-33;

static inline double dm_from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline uint64_t dm_to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* 2^k for -1022 <= k <= 1023, exactly. */
static inline double dm_two_to(int k)
{
    return dm_from_bits((uint64_t)(k + 1023) << 52);
}

/* ---------- e^x ---------- */

/* 2^(j/32), j = 0..31, each the double nearest the exact value (dmath.c). */
extern const double dm_exp2_32[32];

/* The pieces of dm_exp that dmath_v2.h takes for two lanes too: k = 32 m
 * + j of x's reduction, x's remainder r after k ln2/32, and e^r - 1. */
static inline double dm_exp_k(double x)
{
    return floor(x * (32 / 0x1.62e42fefa39efp-1) + 0.5);
}
#define DM_EXP_R(x, kd) (((x) - (kd) * (DM_LN2_HI / 32)) - (kd) * (DM_LN2_LO / 32))
#define DM_EXP_SERIES(r)                                                                           \
    ((r) *                                                                                         \
     (1 + (r) * (1.0 / 2 + (r) * (1.0 / 6 + (r) * (1.0 / 24 + (r) * (1.0 / 120 + (r) / 720))))))

static inline double dm_exp(double x)
{
    if (!(x <= 709.782712893384)) /* also NaN */
        return x != x ? x : HUGE_VAL;
    if (x < -745.1332191019412)
        return 0;
    /* x = (32 m + j) ln2/32 + r with |r| <= ln2/64; e^x = 2^m 2^(j/32) e^r,
     * e^r - 1 by its Taylor series to r^6 (the rest is below 4e-18). */
    double kd = dm_exp_k(x);
    double r = DM_EXP_R(x, kd);
    int k = (int)kd;
    int j = k & 31, m = (k - j) / 32;
    double q = DM_EXP_SERIES(r);
    double t = dm_exp2_32[j];
    double y = t + t * q;
    if (m >= -1021)
        return m <= 1023 ? y * dm_two_to(m) : y * 2 * dm_two_to(m - 1);
    return y * dm_two_to(m + 60) * dm_two_to(-60); /* a subnormal: rounded once, at the end */
}

/* ---------- ln x ---------- */

/* ln(1 + f) - f, for sqrt(1/2) - 1 <= f <= sqrt(2) - 1: with s = f / (2 + f),
 * ln(1 + f) = 2 atanh s = 2s + s R, R = 2 s^2/3 + 2 s^4/5 + ..., and since
 * 2s = f - s f, ln(1 + f) = f - s (f - R).  Returned apart from f, the small
 * correction can take other small terms before f's rounding.  |s| <= 0.1716,
 * so ten terms of R leave less than 1e-18. */
/* The correction's arithmetic, written once for a double and for the two
 * lanes of dmath_v2.h (the same operators on either). */
#define DM_LOG1P_CORRECTION(T, f)                                                                  \
    T s = (f) / (2 + (f)), z = s * s;                                                              \
    T R = z *                                                                                      \
          (2.0 / 3 +                                                                               \
           z * (2.0 / 5 +                                                                          \
                z * (2.0 / 7 +                                                                     \
                     z * (2.0 / 9 +                                                                \
                          z * (2.0 / 11 +                                                          \
                               z * (2.0 / 13 +                                                     \
                                    z * (2.0 / 15 +                                                \
                                         z * (2.0 / 17 + z * (2.0 / 19 + z * (2.0 / 21))))))))));  \
    return -s * ((f)-R)

static inline double dm_log1p_correction(double f)
{
    DM_LOG1P_CORRECTION(double, f);
}

/* A normal x > 0 as 2^e (1 + f), 1 + f in [sqrt(1/2), sqrt 2): returns f
 * (exact) and adds the exponent to *e. */
static inline double dm_log_reduce(double x, int *e)
{
    uint64_t u = dm_to_bits(x);
    *e += (int)(u >> 52) - 1023;
    double m = dm_from_bits((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); /* [1, 2) */
    if (m > 0x1.6a09e667f3bcdp+0) { /* above sqrt 2: into [sqrt(1/2), 1) */
        m /= 2;
        ++*e;
    }
    return m - 1;
}

/* ln(2^e (1 + f)) from e, f and f's correction c. */
static inline double dm_log_join(int e, double f, double c)
{
    return e * DM_LN2_HI + (f + (c + e * DM_LN2_LO));
}

static inline double dm_log(double x)
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
    double f = dm_log_reduce(x, &e);
    return dm_log_join(e, f, dm_log1p_correction(f));
}

static inline double dm_log1p(double x)
{
    if (x > -0.2928932188134524 && x < 0.4142135623730950)
        return x + dm_log1p_correction(x);
    if (!(x > -1))
        return x == -1 ? -HUGE_VAL : (x - x) / 0.0;
    /* 1 + x loses the low bits of x; ln(1 + x) = ln w + (x - (w - 1)) / w
     * puts them back to first order. */
    double w = 1 + x;
    return dm_log(w) + (x - (w - 1)) / w;
}
/* x^y for x > 0, as dm_exp(y * dm_log(x)), and exactly x when y == 1. */
double dm_pow(double x, double y);

#endif
