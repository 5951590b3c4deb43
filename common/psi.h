/*
 * psi.h - the population stability index of binned counts, and its verdict.
 *
 * Each bin's share of the reference rows (e) and of the current rows (a), a
 * share of 0 replaced by PSI_EPSILON, and PSI = sum over bins of
 * (a - e) ln(a / e).  The sum is taken in bin order the
 * way numpy sums an array (pairwise, eight running sums), so the total agrees
 * with numpy's to the last bit when the terms do.
 *
 * The verdict: stable below the watch threshold (0.1), watch from it up to
 * and including the alert threshold (0.2), alert above it.  pm-psi returns it
 * as its exit status: 0 stable, 3 watch, 4 alert (1 and 2 being an error and a
 * usage error, as for every pm tool).
 */
#ifndef PM_PSI_H
#define PM_PSI_H

#include <stddef.h>

#define PSI_EPSILON       1e-4
#define PSI_WATCH_DEFAULT 0.1
#define PSI_ALERT_DEFAULT 0.2

enum psi_verdict { PSI_STABLE, PSI_WATCH, PSI_ALERT };

/* count / total; PSI_EPSILON when count is 0 (or total is). */
double psi_share(unsigned long long count, unsigned long long total);

/*
 * Shares and contributions of nbins bins from the counts of the reference
 * (ref[], nref rows in all) and the current rows (cur[], ncur rows): fills
 * e[], a[] and contrib[] (nbins each) and returns the PSI.
 */
double psi_compute(const unsigned long long *ref, unsigned long long nref,
                   const unsigned long long *cur, unsigned long long ncur, size_t nbins, double *e,
                   double *a, double *contrib);

/* The verdict on psi with the given thresholds (watch <= alert). */
enum psi_verdict psi_judge(double psi, double watch, double alert);
/* "stable", "watch", "alert". */
const char *psi_verdict_name(enum psi_verdict v);
/* 0, 3, 4. */
int psi_exit_status(enum psi_verdict v);

/* x[0] + ... + x[n-1] summed as numpy sums a float64 array. */
double psi_sum(const double *x, size_t n);

#endif
