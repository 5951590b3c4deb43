/* dmath.c - reproducible exp and log; see dmath.h. */
#include "dmath.h"

#include <math.h>

/* ln 2 split so that k * LN2_HI is exact for |k| < 2^11 (fdlibm's values). */
static const double LN2_HI = 6.93147180369123816490e-01;
static const double LN2_LO = 1.90821492927058770002e-10;
static const double SQRT_HALF = 0.70710678118654752440;

double dm_log(double x)
{
    int e;
    double m = frexp(x, &e); /* x = m * 2^e, m in [0.5, 1) */
    if (m < SQRT_HALF) {
        m *= 2;
        e--;
    }
    /* log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), |s| <= 0.1716, so
     * s^2 <= 0.0295 and twelve terms reach double precision. */
    double s = (m - 1) / (m + 1);
    double z = s * s;
    double sum = 0;
    for (int k = 23; k >= 3; k -= 2)
        sum = (sum + 1.0 / k) * z;
    double log_m = 2 * s + 2 * s * sum;
    return e * LN2_HI + (log_m + e * LN2_LO);
}

double dm_exp(double x)
{
    if (x > 709.78)
        return HUGE_VAL;
    if (x < -745.2)
        return 0;
    /* x = k ln2 + r with |r| <= ln2 / 2; e^r by its Taylor series, where
     * twenty terms are far below double precision for |r| < 0.35. */
    double k = floor(x / (LN2_HI + LN2_LO) + 0.5);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    double sum = 1;
    for (int i = 20; i >= 1; i--)
        sum = 1 + sum * r / i;
    return ldexp(sum, (int)k);
}

double dm_pow(double x, double y)
{
    return y == 1 ? x : dm_exp(y * dm_log(x));
}
