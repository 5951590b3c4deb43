/*
 * dmath_v2.h - dmath's exp and log1p two lanes at a time.
 *
 * Each lane gets exactly the bits of the scalar function (dmath.h): the
 * same operations on the same values, in the same order, the lanes side by
 * side (v2.h); what depends on a lane alone (the table's entry, the power
 * of two, the branch of log1p) is taken lane by lane.  A lane outside the
 * common range (a result that overflows or is subnormal, a NaN) sends both
 * to the scalar function.  The fit's passes take one exp and one log1p a
 * row; two at once, their divisions and polynomials cost half.
 */
#ifndef PM_DMATH_V2_H
#define PM_DMATH_V2_H

#include <stdbool.h>

#include "dmath.h"
#include "v2.h"

/* e^x, as dm_exp gives each lane. */
static inline v2 dm_exp_v2(v2 x)
{
    double kd[2], scale[2], t[2];
    for (int h = 0; h < 2; h++) {
        if (!(x[h] <= 709.782712893384) || x[h] < -745.1332191019412)
            return (v2){dm_exp(x[0]), dm_exp(x[1])};
        kd[h] = dm_exp_k(x[h]);
        int k = (int)kd[h];
        int j = k & 31, m = (k - j) / 32;
        if (m < -1021 || m > 1023)
            return (v2){dm_exp(x[0]), dm_exp(x[1])};
        scale[h] = dm_two_to(m);
        t[h] = dm_exp2_32[j];
    }
    v2 k = {kd[0], kd[1]}, tv = {t[0], t[1]};
    v2 r = DM_EXP_R(x, k);
    v2 q = DM_EXP_SERIES(r);
    v2 y = tv + tv * q;
    return y * (v2){scale[0], scale[1]};
}

/* dm_log1p_correction in each lane. */
static inline v2 dm_log1p_correction_v2(v2 f)
{
    DM_LOG1P_CORRECTION(v2, f);
}

/* ln(1 + x) for x in [0, 1] (each lane; else the scalar function), as
 * dm_log1p gives it: below sqrt 2 - 1 the series of x itself, above it
 * dm_log of w = 1 + x (dm_log_reduce and dm_log_join), plus x's lost low
 * bits. */
static inline v2 dm_log1p_v2(v2 x)
{
    double f[2], w[2];
    int e[2];
    bool near[2];
    for (int h = 0; h < 2; h++) {
        if (!(x[h] >= 0 && x[h] <= 1))
            return (v2){dm_log1p(x[0]), dm_log1p(x[1])};
        near[h] = x[h] < 0.4142135623730950;
        if (near[h]) {
            f[h] = x[h];
            continue;
        }
        w[h] = 1 + x[h];
        e[h] = 0;
        f[h] = dm_log_reduce(w[h], &e[h]);
    }
    v2 c = dm_log1p_correction_v2((v2){f[0], f[1]});
    double out[2];
    for (int h = 0; h < 2; h++)
        out[h] = near[h] ? x[h] + c[h] : dm_log_join(e[h], f[h], c[h]) + (x[h] - (w[h] - 1)) / w[h];
    return (v2){out[0], out[1]};
}

#endif
