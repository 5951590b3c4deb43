/*
 * normal.h - the standard normal distribution: its upper tail and its
 * quantile, from IEEE arithmetic only.
 *
 * An interval or a p-value must come out with the same bits on every
 * machine, so neither calls libm's erf, erfc, exp or log: the tail is
 * W. J. Cody's rational Chebyshev approximation (the one R's pnorm uses)
 * with dmath.h's dm_exp, the quantile Wichura's algorithm AS 241 (R's qnorm)
 * with dm_log.  Both are accurate to a few units in the last place over the
 * ranges pm uses (levels up to 1 - 1e-15, |z| up to 38).
 */
#ifndef PM_NORMAL_H
#define PM_NORMAL_H

/* P(Z > z) for a standard normal Z; 0 for z above 38.5, 1 below -38.5. */
double normal_upper(double z);
/* The z with P(Z <= z) = p, 0 < p < 1 (NaN outside). */
double normal_quantile(double p);

#endif
