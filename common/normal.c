/* normal.c - the standard normal tail and quantile; see normal.h. */
#include "normal.h"

#include <math.h>

#include "dmath.h"

/* ---------- the tail: Cody (1969, 1993), as in R's pnorm ---------- */

/* 0.5 - P(0 < Z < y) for 0 <= y <= 0.67448975: a rational function of y^2. */
static double tail_centre(double y)
{
    static const double a[5] = {2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
                                18154.981253343561249, 0.065682337918207449113};
    static const double b[4] = {47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
                                45507.789335026729956};
    double ysq = y * y, num = a[4] * ysq, den = ysq;
    for (int i = 0; i < 3; i++) {
        num = (num + a[i]) * ysq;
        den = (den + b[i]) * ysq;
    }
    return 0.5 - y * (num + a[3]) / (den + b[3]);
}

/* e^(-y^2 / 2) * r, y^2 split at a multiple of 1/16 so that the large part
 * of the exponent is exact and the rounding of y * y does not grow. */
static double gauss_times(double y, double r)
{
    double ysq = (double)(long long)(y * 16) / 16, del = (y - ysq) * (y + ysq);
    return dm_exp(-ysq * ysq * 0.5) * dm_exp(-del * 0.5) * r;
}

/* P(Z > y) for 0.67448975 < y <= sqrt(32). */
static double tail_middle(double y)
{
    static const double c[9] = {
        0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226,  2494.5375852903726711, 6848.1904505362823326,
        11602.651437647350124,  9842.7148383839780218, 1.0765576773720192317e-8};
    static const double d[8] = {22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
                                6485.558298266760755,  18615.571640885098091, 34900.952721145977266,
                                38912.003286093271411, 19685.429676859990727};
    double num = c[8] * y, den = y;
    for (int i = 0; i < 7; i++) {
        num = (num + c[i]) * y;
        den = (den + d[i]) * y;
    }
    return gauss_times(y, (num + c[7]) / (den + d[7]));
}

/* P(Z > y) for y > sqrt(32): an asymptotic series in 1 / y^2. */
static double tail_far(double y)
{
    static const double p[6] = {0.21589853405795699,   0.1274011611602473639,
                                0.022235277870649807,  0.001421619193227893466,
                                2.9112874951168792e-5, 0.02307344176494017303};
    static const double q[5] = {1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
                                0.00378239633202758244, 7.29751555083966205e-5};
    const double one_over_sqrt_2pi = 0.398942280401432677939946059934;
    double xsq = 1 / (y * y), num = p[5] * xsq, den = xsq;
    for (int i = 0; i < 4; i++) {
        num = (num + p[i]) * xsq;
        den = (den + q[i]) * xsq;
    }
    double r = xsq * (num + p[4]) / (den + q[4]);
    return gauss_times(y, (one_over_sqrt_2pi - r) / y);
}

double normal_upper(double z)
{
    if (isnan(z))
        return z;
    double y = fabs(z), t;
    if (y <= 0.67448975)
        t = tail_centre(y);
    else if (y <= 5.656854249492380195206754896838)
        t = tail_middle(y);
    else if (y < 38.5)
        t = tail_far(y);
    else
        t = 0;
    return z >= 0 ? t : 1 - t;
}

/* ---------- the quantile: Wichura (1988), AS 241 ---------- */

/* A ratio of two polynomials of degree 7 in r, the denominator's constant 1. */
static double ratio7(const double *num, const double *den, double r)
{
    double n = num[7], d = den[6];
    for (int i = 6; i >= 0; i--)
        n = n * r + num[i];
    for (int i = 5; i >= 0; i--)
        d = d * r + den[i];
    return n / (d * r + 1);
}

double normal_quantile(double p)
{
    static const double a[8] = {3.387132872796366608,  133.14166789178437745, 1971.5909503065514427,
                                13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
                                33430.575583588128105, 2509.0809287301226727};
    static const double b[7] = {42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
                                21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
                                5226.495278852854561};
    static const double c[8] = {1.42343711074968357734,   4.6303378461565452959,
                                5.7694972214606914055,    3.64784832476320460504,
                                1.27045825245236838258,   0.24178072517745061177,
                                0.0227238449892691845833, 7.7454501427834140764e-4};
    static const double d[7] = {2.05319162663775882187,   1.6763848301838038494,
                                0.68976733498510000455,   0.14810397642748007459,
                                0.0151986665636164571966, 5.475938084995344946e-4,
                                1.05075007164441684324e-9};
    static const double e[8] = {6.6579046435011037772,     5.4637849111641143699,
                                1.7848265399172913358,     0.29656057182850489123,
                                0.026532189526576123093,   0.0012426609473880784386,
                                2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double f[7] = {0.59983220655588793769,    0.13692988092273580531,
                                0.0148753612908506148525,  7.868691311456132591e-4,
                                1.8463183175100546818e-5,  1.4215117583164458887e-7,
                                2.04426310338993978564e-15};
    if (!(p > 0 && p < 1))
        return NAN;
    double q = p - 0.5;
    if (fabs(q) <= 0.425)
        return q * ratio7(a, b, 0.180625 - q * q);
    double r = sqrt(-dm_log(q < 0 ? p : 1 - p));
    double v = r <= 5 ? ratio7(c, d, r - 1.6) : ratio7(e, f, r - 5);
    return q < 0 ? -v : v;
}
