/*
 * v2.h - two doubles side by side, what every x86-64 and aarch64 CPU has.
 *
 * Each lane is the scalar operation, rounded as it would be alone (no
 * fused multiply-add: pm builds with -ffp-contract=off), so code that sums
 * two columns in two lanes gives the bits of two scalar sums.
 */
#ifndef PM_V2_H
#define PM_V2_H

#include <string.h>

typedef double v2 __attribute__((vector_size(16)));

static inline v2 load2(const double *p)
{
    v2 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store2(double *p, v2 v)
{
    memcpy(p, &v, sizeof v);
}

static inline v2 splat(double a)
{
    return (v2){a, a};
}

#endif
