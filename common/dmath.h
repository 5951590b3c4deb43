/*
 * dmath.h - elementary functions that give the same bits on every machine.
 *
 * libm's exp and log may differ in the last bit between C libraries, versions
 * and CPUs, and pm-synth promises the same bytes for the same seed anywhere.
 * These use only IEEE addition, multiplication and division, which every
 * platform rounds alike (pm builds with -ffp-contract=off, so no fused
 * multiply-add changes a rounding).  They are accurate to about one unit in
 * the last place, which is all a simulation needs; they are not for numerics
 * that must agree with other software (pm-fit and friends use libm).
 */
#ifndef PM_DMATH_H
#define PM_DMATH_H

/* Natural logarithm; x must be positive and finite. */
double dm_log(double x);
/* e^x; 0 below -745, +inf above 709.78. */
double dm_exp(double x);
/* x^y for x > 0, as dm_exp(y * dm_log(x)), and exactly x when y == 1. */
double dm_pow(double x, double y);

#endif
