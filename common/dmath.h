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

/* Natural logarithm: -inf at 0, NaN below 0 and for NaN, +inf at +inf. */
double dm_log(double x);
/* ln(1 + x), accurate for x near 0: -inf at -1, NaN below -1. */
double dm_log1p(double x);
/* e^x: 0 below -745.14, +inf above 709.78, NaN for NaN. */
double dm_exp(double x);
/* x^y for x > 0, as dm_exp(y * dm_log(x)), and exactly x when y == 1. */
double dm_pow(double x, double y);

#endif
