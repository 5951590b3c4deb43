/* test_fit.c - a tiny logistic fit, checked by what makes it the optimum:
 * at the coefficients found, the gradient of C * (sum of log losses) +
 * |w|^2 / 2 is zero in every term, the intercept's without a penalty.
 * Twelve rows, a numeric feature and a categorical one of three levels,
 * the classes overlapping; libm's exp is the yardstick here only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "design.h"
#include "design_scale.h"
#include "fit.h"
#include "xalloc.h"

#define ROWS 12

static const double xs[ROWS] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
static const uint16_t lvl[ROWS] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
static const uint8_t ys[ROWS] = {0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1};

static struct design *tiny(void)
{
    struct design *d = xcalloc(1, sizeof *d);
    d->rows = ROWS;
    d->y = xmalloc(ROWS);
    memcpy(d->y, ys, ROWS);
    for (int i = 0; i < ROWS; i++)
        d->positives += ys[i];
    d->nf = 2;
    d->f = xcalloc(2, sizeof *d->f);
    d->f[0] = (struct design_feature){.name = xstrdup("x"), .type = DESIGN_NUMERIC, .term = 1};
    d->f[0].x = xmalloc(ROWS * sizeof(double));
    memcpy(d->f[0].x, xs, sizeof xs);
    d->f[1] = (struct design_feature){.name = xstrdup("g"), .type = DESIGN_CATEGORICAL, .term = 2};
    d->f[1].level = xmalloc(ROWS * sizeof(uint16_t));
    memcpy(d->f[1].level, lvl, sizeof lvl);
    d->f[1].nlevels = 3;
    d->f[1].levels = xcalloc(3, sizeof(char *));
    for (int k = 0; k < 3; k++)
        d->f[1].levels[k] = xstrdup((const char *[]){"a", "b", "c"}[k]);
    d->nterms = 4; /* the intercept, x, and g's levels b and c */
    return d;
}

int main(void)
{
    struct check_counts c = {0};
    struct design *d = tiny();
    design_standardize(d);
    const struct design_feature *x = &d->f[0];
    CHECK(&c, x->mean == 6.5, "mean %.17g", x->mean);
    CHECK(&c, fabs(x->scale - sqrt(143.0 / 12)) <= 1e-15 * x->scale, "scale %.17g", x->scale);

    struct fit_options o;
    fit_defaults(&o);
    o.C = 2;
    o.tol = 1e-12; /* Newton from 1e-8 to here is a step or two */
    struct fit_result r = {0};
    fit_logistic(d, &o, &r);
    CHECK(&c, r.converged && r.nterms == 4, "converged in %d iterations", r.iterations);

    double g[4] = {0, 0, 0, 0}; /* sum of (p - y) times each term's value */
    for (size_t i = 0; i < ROWS; i++) {
        double z = r.theta[0] + r.theta[1] * x->x[i];
        if (lvl[i] > 0)
            z += r.theta[1 + lvl[i]];
        double p = 1 / (1 + exp(-z)), e = p - ys[i];
        g[0] += e;
        g[1] += e * x->x[i];
        if (lvl[i] > 0)
            g[1 + lvl[i]] += e;
    }
    CHECK(&c, fabs(o.C * g[0]) <= 1e-9, "the intercept's gradient %.3g", o.C * g[0]);
    for (int k = 1; k < 4; k++)
        CHECK(&c, fabs(o.C * g[k] + r.theta[k]) <= 1e-9, "term %d's gradient %.3g", k,
              o.C * g[k] + r.theta[k]);
    /* the responders lean to high x and to level c: so do the coefficients */
    CHECK(&c, r.theta[1] > 0 && r.theta[3] > r.theta[2], "coefficients %g %g %g", r.theta[1],
          r.theta[2], r.theta[3]);
    /* the covariance is C H^-1: symmetric, with a positive diagonal */
    for (int i = 0; i < 4; i++) {
        CHECK(&c, r.cov[i * 4 + i] > 0, "variance %d", i);
        for (int j = 0; j < i; j++)
            CHECK(&c, r.cov[i * 4 + j] == r.cov[j * 4 + i], "covariance %d %d", i, j);
    }
    fit_result_free(&r);
    design_free(d);
    return check_done(&c);
}
