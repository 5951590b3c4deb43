/* test_psi.c - the population stability index of a few bins, its verdict
 * and exit status, numpy's pairwise sum; the weight of evidence and
 * information value of a bin.  libm's log is the yardstick here only. */
#include <math.h>
#include <stdbool.h>

#include "check.h"
#include "psi.h"
#include "woe.h"

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(1, fabs(b));
}

static void test_index(struct check_counts *c)
{
    /* shares 1/2, 1/2 against 1/4, 3/4: (a - e) ln(a / e) summed is
     * 1/4 ln 2 + 1/4 ln(3/2) = ln(3) / 4 */
    unsigned long long ref[] = {50, 50}, cur[] = {25, 75};
    double e[2], a[2], contrib[2];
    double psi = psi_compute(ref, 100, cur, 100, 2, e, a, contrib);
    CHECK(c, e[0] == 0.5 && e[1] == 0.5 && a[0] == 0.25 && a[1] == 0.75, "shares");
    CHECK(c, near(contrib[0], 0.25 * log(2), 1e-15), "contribution %.17g", contrib[0]);
    CHECK(c, near(psi, log(3) / 4, 1e-15), "PSI %.17g, want %.17g", psi, log(3) / 4);
    CHECK(c, psi == contrib[0] + contrib[1], "the sum of two contributions");

    /* an empty bin counts as a share of PSI_EPSILON, not 0 */
    unsigned long long ref2[] = {10, 0}, cur2[] = {5, 5};
    psi = psi_compute(ref2, 10, cur2, 10, 2, e, a, contrib);
    CHECK(c, e[1] == PSI_EPSILON, "empty share %.17g", e[1]);
    double want = (0.5 - 1) * log(0.5) + (0.5 - PSI_EPSILON) * log(0.5 / PSI_EPSILON);
    CHECK(c, near(psi, want, 1e-14), "PSI %.17g, want %.17g", psi, want);
    CHECK(c, psi_share(0, 0) == PSI_EPSILON && psi_share(3, 4) == 0.75, "psi_share");

    /* the same populations: 0 */
    psi = psi_compute(ref, 100, ref, 100, 2, e, a, contrib);
    CHECK(c, psi == 0, "the same counts: %.17g", psi);
}

static void test_verdict(struct check_counts *c)
{
    CHECK(c, psi_judge(0.0999, 0.1, 0.2) == PSI_STABLE, "below watch");
    CHECK(c, psi_judge(0.1, 0.1, 0.2) == PSI_WATCH, "watch from the threshold");
    CHECK(c, psi_judge(0.2, 0.1, 0.2) == PSI_WATCH, "watch up to and with alert");
    CHECK(c, psi_judge(nextafter(0.2, 1), 0.1, 0.2) == PSI_ALERT, "alert above it");
    CHECK(c,
          psi_exit_status(PSI_STABLE) == 0 && psi_exit_status(PSI_WATCH) == 3 &&
              psi_exit_status(PSI_ALERT) == 4,
          "exit statuses");
}

/* numpy's pairwise sum: exact on integers at every length, and below 8
 * terms the plain sum from the left, bit for bit. */
static void test_sum(struct check_counts *c)
{
    double x[1000];
    for (int i = 0; i < 1000; i++)
        x[i] = i + 1;
    for (size_t n = 0; n <= 1000; n += n < 140 ? 1 : 97)
        CHECK(c, psi_sum(x, n) == (double)n * (double)(n + 1) / 2, "1 to %zu", n);
    double y[] = {0.1, 0.2, 0.3, 1e-17, 0.7, 1e16, -1e16};
    double left = 0;
    for (int i = 0; i < 7; i++)
        left += y[i];
    CHECK(c, psi_sum(y, 7) == left, "%.17g, plainly %.17g", psi_sum(y, 7), left);
}

static void test_woe(struct check_counts *c)
{
    struct woe w = woe_of(30, 70, 100, 400);
    double want = log((30.0 * 400) / (70.0 * 100));
    CHECK(c, near(w.woe, want, 1e-15), "WoE %.17g, want %.17g", w.woe, want);
    CHECK(c, near(w.iv, (0.3 - 0.175) * want, 1e-15), "IV %.17g", w.iv);
    w = woe_of(25, 100, 100, 400); /* the base rate exactly */
    CHECK(c, w.woe == 0 && w.iv == 0, "at the base rate: %.17g %.17g", w.woe, w.iv);
    w = woe_of(0, 50, 100, 400); /* 0.5 added to both counts */
    want = log((0.5 * 400) / (50.5 * 100));
    CHECK(c, near(w.woe, want, 1e-15) && w.woe < 0, "no responders: %.17g", w.woe);
    CHECK(c, w.iv >= 0, "an IV share is never negative: %.17g", w.iv);
    w = woe_of(5, 5, 0, 10);
    CHECK(c, isnan(w.woe) && isnan(w.iv), "no responders at all");
}

int main(void)
{
    struct check_counts c = {0};
    test_index(&c);
    test_verdict(&c);
    test_sum(&c);
    test_woe(&c);
    return check_done(&c);
}
