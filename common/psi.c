/* psi.c - population stability index; see psi.h. */
#include "psi.h"

#include <math.h>

#include "dmath.h"

double psi_share(unsigned long long count, unsigned long long total)
{
    return count && total ? (double)count / (double)total : PSI_EPSILON;
}

/* numpy's pairwise summation (pairwise_sum in loops_utils.h): below 8
 * elements a plain loop; up to 128, eight running sums combined as a tree,
 * then the rest; above, the two halves (cut at a multiple of 8) summed apart. */
double psi_sum(const double *x, size_t n)
{
    if (n < 8) {
        double s = 0.;
        for (size_t i = 0; i < n; i++)
            s += x[i];
        return s;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++)
            r[j] = x[j];
        size_t i;
        for (i = 8; i < n - n % 8; i += 8)
            for (int j = 0; j < 8; j++)
                r[j] += x[i + j];
        double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++)
            s += x[i];
        return s;
    }
    size_t half = n / 2;
    half -= half % 8;
    return psi_sum(x, half) + psi_sum(x + half, n - half);
}

double psi_compute(const unsigned long long *ref, unsigned long long nref,
                   const unsigned long long *cur, unsigned long long ncur, size_t nbins, double *e,
                   double *a, double *contrib)
{
    for (size_t i = 0; i < nbins; i++) {
        e[i] = psi_share(ref[i], nref);
        a[i] = psi_share(cur[i], ncur);
        contrib[i] = (a[i] - e[i]) * dm_log(a[i] / e[i]);
    }
    return psi_sum(contrib, nbins);
}

enum psi_verdict psi_judge(double psi, double watch, double alert)
{
    if (psi > alert)
        return PSI_ALERT;
    if (psi >= watch)
        return PSI_WATCH;
    return PSI_STABLE;
}

const char *psi_verdict_name(enum psi_verdict v)
{
    switch (v) {
    case PSI_STABLE:
        return "stable";
    case PSI_WATCH:
        return "watch";
    case PSI_ALERT:
        break;
    }
    return "alert";
}

int psi_exit_status(enum psi_verdict v)
{
    switch (v) {
    case PSI_STABLE:
        return 0;
    case PSI_WATCH:
        return 3;
    case PSI_ALERT:
        break;
    }
    return 4;
}
