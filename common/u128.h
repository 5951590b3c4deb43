/*
 * u128.h - unsigned 128-bit integers, for counts whose products must be exact
 * (pairs of responders and non-responders in the AUC and KS, sums of squares
 * in DeLong's variance, a decimal mantissa times a power of ten).
 */
#ifndef PM_U128_H
#define PM_U128_H

__extension__ typedef unsigned __int128 u128;

#endif
