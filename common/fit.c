/* fit.c - logistic regression by Newton's method; see fit.h. */
#include "fit.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

/* Rows per block: the dense block (rows x terms doubles) stays in cache. */
#define BLOCK_ROWS 1024
/* Halvings of a step before the line search gives up. */
#define MAX_HALVINGS 60

/* The objective, gradient and Hessian (upper triangle) at one point. */
struct point {
    double *theta, *g, *H;
    double f, gnorm;
};

/* The rows a pass visits: every stride-th, n of them, their loss weighted
 * by C (times stride for a subsample, so it stands for all rows). */
struct sample {
    size_t stride, n;
    double C;
};

struct work {
    const struct design *d;
    size_t p;                 /* terms, with the intercept */
    double *X, *z, *r, *w;    /* one block: weighted design, margins, residuals, weights */
    double *r0;               /* one block: residuals at all coefficients 0 */
    uint16_t *ls;             /* one block of one categorical feature */
    double *tab, *acc, *acc0; /* per level of each categorical feature (level_table) */
    size_t *tab_off, ntab;
    double *xs; /* one block of one numeric feature */
};

/* ---------- one pass over the rows ---------- */

/* Gather rows first, first + stride, ... of a numeric feature into out. */
static const double *gather(const double *x, size_t first, size_t stride, size_t n, double *out)
{
    if (stride == 1)
        return x + first;
    for (size_t i = 0; i < n; i++)
        out[i] = x[first + i * stride];
    return out;
}

static const uint16_t *gather_levels(const uint16_t *level, size_t first, size_t stride, size_t n,
                                     uint16_t *out)
{
    if (stride == 1)
        return level + first;
    for (size_t i = 0; i < n; i++)
        out[i] = level[first + i * stride];
    return out;
}

/*
 * A categorical feature's terms as a table indexed by level, entry 0 (the
 * reference level) standing for no term: rows then index it without a test,
 * where a branch on the level would be mispredicted a third of the time.
 */
static double *level_table(const struct work *wk, size_t j)
{
    return wk->tab + wk->tab_off[j];
}

/* Margins b + w.x of n rows from row first, every stride-th; the tables
 * hold the coefficients of the levels. */
static void margins(const struct work *wk, size_t first, size_t stride, size_t n,
                    const double *theta)
{
    const struct design *d = wk->d;
    double *restrict z = wk->z;
    for (size_t i = 0; i < n; i++)
        z[i] = theta[0];
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC) {
            const double *restrict x = gather(f->x, first, stride, n, wk->xs);
            double b = theta[f->term];
            for (size_t i = 0; i < n; i++)
                z[i] += b * x[i];
        } else {
            const uint16_t *level = gather_levels(f->level, first, stride, n, wk->ls);
            const double *t = level_table(wk, j);
            for (size_t i = 0; i < n; i++)
                z[i] += t[level[i]];
        }
    }
}

/* Loss, residual p - y and weight p (1 - p) of each row, from the margins;
 * returns the block's summed loss.  One exp, one log1p and one division. */
static double row_terms(const struct work *wk, const uint8_t *y, size_t stride, size_t n)
{
    double loss = 0;
    for (size_t i = 0; i < n; i++) {
        double z = wk->z[i];
        uint8_t yi = y[i * stride];
        double e = exp(-fabs(z));
        double q = 1 / (1 + e);
        double prob = z >= 0 ? q : e * q;
        loss += log1p(e) + fmax(yi ? -z : z, 0);
        wk->r[i] = prob - yi;
        wk->w[i] = prob * (1 - prob);
    }
    return loss;
}

/* g += sum of r_i x_i, reading the compact design (no dense block); the
 * levels' sums go to acc, laid out as the tables (entry 0 unused). */
static void add_gradient(const struct work *wk, const double *restrict r, size_t first,
                         size_t stride, size_t n, double *g, double *acc)
{
    const struct design *d = wk->d;
    for (size_t i = 0; i < n; i++)
        g[0] += r[i];
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC) {
            const double *restrict x = gather(f->x, first, stride, n, wk->xs);
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += r[i] * x[i];
            g[f->term] += s;
        } else {
            const uint16_t *level = gather_levels(f->level, first, stride, n, wk->ls);
            double *t = acc + wk->tab_off[j];
            for (size_t i = 0; i < n; i++)
                t[level[i]] += r[i];
        }
    }
}

/* The level sums of acc into the gradient's terms. */
static void add_level_sums(const struct work *wk, const double *acc, double *g)
{
    const struct design *d = wk->d;
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_CATEGORICAL)
            for (size_t l = 1; l < f->nlevels; l++)
                g[f->term + l - 1] += acc[wk->tab_off[j] + l];
    }
}

/* The coefficients of the levels into their tables. */
static void fill_tables(const struct work *wk, const double *theta)
{
    const struct design *d = wk->d;
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type != DESIGN_CATEGORICAL)
            continue;
        double *t = level_table(wk, j);
        t[0] = 0;
        for (size_t l = 1; l < f->nlevels; l++)
            t[l] = theta[f->term + l - 1];
    }
}

/* The dense block of the rows, each scaled by sqrt(w_i), for dsyrk. */
static void weighted_block(const struct work *wk, size_t first, size_t stride, size_t n)
{
    const struct design *d = wk->d;
    size_t p = wk->p;
    double *X = wk->X, *w = wk->w;
    memset(X, 0, n * p * sizeof *X);
    for (size_t i = 0; i < n; i++) {
        w[i] = sqrt(w[i]);
        X[i * p] = w[i];
    }
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        size_t t = f->term;
        if (f->type == DESIGN_NUMERIC) {
            const double *x = gather(f->x, first, stride, n, wk->xs);
            for (size_t i = 0; i < n; i++)
                X[i * p + t] = w[i] * x[i];
        } else {
            /* The reference level writes its 0 over the first level's 0. */
            const uint16_t *level = gather_levels(f->level, first, stride, n, wk->ls);
            for (size_t i = 0; i < n; i++) {
                uint16_t l = level[i];
                X[i * p + t + (l ? l - 1 : 0)] = l ? w[i] : 0;
            }
        }
    }
}

/* Objective and gradient, and the Hessian if hessian, at pt->theta; and the
 * gradient at all coefficients 0 into g_zero unless it is NULL. */
static void evaluate(const struct work *wk, const struct sample *sm, struct point *pt, bool hessian,
                     double *g_zero)
{
    const struct design *d = wk->d;
    size_t p = wk->p;
    memset(pt->g, 0, p * sizeof *pt->g);
    memset(wk->acc, 0, wk->ntab * sizeof *wk->acc);
    if (g_zero) {
        memset(g_zero, 0, p * sizeof *g_zero);
        memset(wk->acc0, 0, wk->ntab * sizeof *wk->acc0);
    }
    fill_tables(wk, pt->theta);
    if (hessian)
        memset(pt->H, 0, p * p * sizeof *pt->H);
    double loss = 0, comp = 0;
    for (size_t k = 0; k < sm->n; k += BLOCK_ROWS) {
        size_t n = sm->n - k < BLOCK_ROWS ? sm->n - k : BLOCK_ROWS;
        size_t first = k * sm->stride;
        margins(wk, first, sm->stride, n, pt->theta);
        /* Neumaier's sum over blocks: a million rows lose no digits. */
        double b = row_terms(wk, d->y + first, sm->stride, n), t = loss + b;
        comp += fabs(loss) >= fabs(b) ? (loss - t) + b : (b - t) + loss;
        loss = t;
        add_gradient(wk, wk->r, first, sm->stride, n, pt->g, wk->acc);
        if (g_zero) {
            for (size_t i = 0; i < n; i++)
                wk->r0[i] = 0.5 - d->y[first + i * sm->stride];
            add_gradient(wk, wk->r0, first, sm->stride, n, g_zero, wk->acc0);
        }
        if (hessian) {
            weighted_block(wk, first, sm->stride, n);
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)n, sm->C, wk->X, (int)p,
                        1, pt->H, (int)p);
        }
    }
    add_level_sums(wk, wk->acc, pt->g);
    if (g_zero)
        add_level_sums(wk, wk->acc0, g_zero);
    double penalty = 0;
    for (size_t k = 0; k < p; k++) {
        pt->g[k] *= sm->C;
        if (g_zero)
            g_zero[k] *= sm->C;
    }
    for (size_t k = 1; k < p; k++) {
        penalty += pt->theta[k] * pt->theta[k];
        pt->g[k] += pt->theta[k];
        if (hessian)
            pt->H[k * p + k] += 1;
    }
    pt->f = sm->C * (loss + comp) + 0.5 * penalty;
    pt->gnorm = cblas_dnrm2((int)p, pt->g, 1);
}

/* ---------- the Newton step ---------- */

/* Cholesky factor of H (upper) into A; a tiny ridge if rounding spoils it. */
static void factor(const double *H, double *A, size_t p)
{
    double maxdiag = 0;
    for (size_t k = 0; k < p; k++)
        maxdiag = fmax(maxdiag, H[k * p + k]);
    for (double ridge = 0;; ridge = ridge ? ridge * 100 : 1e-14 * maxdiag) {
        memcpy(A, H, p * p * sizeof *A);
        for (size_t k = 0; k < p; k++)
            A[k * p + k] += ridge;
        if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (int)p, A, (int)p) == 0)
            return;
        if (ridge > maxdiag)
            die("the Hessian is not positive definite (non-finite data?)");
    }
}

/* step = -H^-1 g, H's factor in A. */
static void solve(const struct point *pt, const double *A, double *step, size_t p)
{
    for (size_t k = 0; k < p; k++)
        step[k] = -pt->g[k];
    if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', (int)p, 1, A, (int)p, step, 1) != 0)
        die("the Newton system could not be solved");
}

/* step = -H^-1 g at pt; A is work space. */
static void newton_step(const struct point *pt, double *A, double *step, size_t p)
{
    factor(pt->H, A, p);
    solve(pt, A, step, p);
}

static struct point point_new(size_t p)
{
    return (struct point){.theta = xcalloc(p, sizeof(double)),
                          .g = xcalloc(p, sizeof(double)),
                          .H = xcalloc(p * p, sizeof(double))};
}

static void point_free(struct point *pt)
{
    free(pt->theta);
    free(pt->g);
    free(pt->H);
}

static void swap_points(struct point *a, struct point *b)
{
    struct point t = *a;
    *a = *b;
    *b = t;
}

/*
 * Try cur + t step for t = 1, 1/2, ... into next until the objective falls
 * by the Armijo rule, or, once the decrease is below what the objective can
 * resolve, until the gradient shrinks.  Returns false if no step helps.
 */
static bool line_search(const struct work *wk, const struct sample *sm, const struct point *cur,
                        struct point *next, const double *step, bool hessian)
{
    size_t p = wk->p;
    double slope = cblas_ddot((int)p, cur->g, 1, step, 1);
    double noise = 1e-12 * fabs(cur->f);
    double t = 1;
    for (int h = 0; h < MAX_HALVINGS; h++, t /= 2) {
        for (size_t k = 0; k < p; k++)
            next->theta[k] = cur->theta[k] + t * step[k];
        evaluate(wk, sm, next, hessian, NULL);
        if (next->f <= cur->f + 1e-4 * t * slope)
            return true;
        if (next->f <= cur->f + noise && next->gnorm < cur->gnorm)
            return true;
    }
    return false;
}

/* C H^-1 from the Cholesky factor of H at the solution. */
static void covariance(const struct point *pt, double C, double *cov, size_t p)
{
    factor(pt->H, cov, p);
    if (LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', (int)p, cov, (int)p) != 0)
        die("the Hessian could not be inverted");
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            cov[i * p + j] *= C;
            cov[j * p + i] = cov[i * p + j];
        }
}

struct newton {
    struct point cur, next;
    double *A, *step;
    int iterations;
    bool converged;
};

/* Newton's method on the sample from cur (evaluated with its Hessian) until
 * the gradient norm is at most target, counting on from nt->iterations; cur
 * ends at the last point, evaluated with its Hessian. */
static void newton(const struct work *wk, const struct sample *sm, struct newton *nt, double target,
                   const struct fit_options *o)
{
    nt->converged = nt->cur.gnorm <= target;
    while (!nt->converged && nt->iterations < o->max_iter) {
        newton_step(&nt->cur, nt->A, nt->step, wk->p);
        if (!line_search(wk, sm, &nt->cur, &nt->next, nt->step, true))
            break;
        swap_points(&nt->cur, &nt->next);
        nt->iterations++;
        nt->converged = nt->cur.gnorm <= target;
        if (o->progress)
            o->progress(o->progress_ctx, nt->iterations, nt->cur.gnorm);
    }
}

/*
 * From cur (evaluated), steps with a fixed Hessian whose factor is in nt->A,
 * each costing a pass without the Hessian (a third of the work), for as long
 * as each shrinks the gradient fourfold or more.  Returns whether the
 * gradient reached target; if not, Newton's method takes over from cur.
 */
static bool chord(const struct work *wk, const struct sample *sm, struct newton *nt, double target,
                  const struct fit_options *o)
{
    while (nt->cur.gnorm > target && nt->iterations < o->max_iter) {
        solve(&nt->cur, nt->A, nt->step, wk->p);
        if (!line_search(wk, sm, &nt->cur, &nt->next, nt->step, false))
            return false;
        bool fast = nt->next.gnorm <= nt->cur.gnorm / 4;
        swap_points(&nt->cur, &nt->next);
        nt->iterations++;
        if (o->progress)
            o->progress(o->progress_ctx, nt->iterations, nt->cur.gnorm);
        if (!fast)
            return false;
    }
    return nt->cur.gnorm <= target;
}

void fit_defaults(struct fit_options *o)
{
    *o = (struct fit_options){.C = 1, .max_iter = 100, .tol = 1e-8, .warm_rows = 50000};
}

void fit_logistic(const struct design *d, const struct fit_options *o, struct fit_result *res)
{
    size_t p = d->nterms;
    struct work wk = {.d = d, .p = p};
    wk.X = xreallocarray(NULL, (size_t)BLOCK_ROWS * p, sizeof *wk.X);
    wk.z = xreallocarray(NULL, BLOCK_ROWS, sizeof *wk.z);
    wk.r = xreallocarray(NULL, BLOCK_ROWS, sizeof *wk.r);
    wk.w = xreallocarray(NULL, BLOCK_ROWS, sizeof *wk.w);
    wk.xs = xreallocarray(NULL, BLOCK_ROWS, sizeof *wk.xs);
    wk.r0 = xreallocarray(NULL, BLOCK_ROWS, sizeof *wk.r0);
    wk.ls = xreallocarray(NULL, BLOCK_ROWS, sizeof *wk.ls);
    wk.tab_off = xcalloc(d->nf, sizeof *wk.tab_off);
    for (size_t j = 0; j < d->nf; j++)
        if (d->f[j].type == DESIGN_CATEGORICAL) {
            wk.tab_off[j] = wk.ntab;
            wk.ntab += d->f[j].nlevels;
        }
    wk.tab = xcalloc(wk.ntab, sizeof *wk.tab);
    wk.acc = xcalloc(wk.ntab, sizeof *wk.acc);
    wk.acc0 = xcalloc(wk.ntab, sizeof *wk.acc0);
    struct newton nt = {.cur = point_new(p), .next = point_new(p)};
    nt.A = xreallocarray(NULL, p * p, sizeof *nt.A);
    nt.step = xreallocarray(NULL, p, sizeof *nt.step);

    struct sample all = {.stride = 1, .n = d->rows, .C = o->C};
    double *g_zero = xreallocarray(NULL, p, sizeof *g_zero);
    res->warm_rows = 0;
    res->warm_iterations = 0;
    if (o->warm_rows && d->rows >= 2 * o->warm_rows) {
        /* Every stride-th row is a fair sample, with the loss weighted to
         * stand for all rows: its solution is close to the full one. */
        struct sample warm = {.stride = d->rows / o->warm_rows};
        warm.n = (d->rows + warm.stride - 1) / warm.stride;
        warm.C = o->C * (double)d->rows / (double)warm.n;
        evaluate(&wk, &warm, &nt.cur, true, NULL);
        newton(&wk, &warm, &nt, 1e-6 * nt.cur.gnorm, o);
        res->warm_rows = warm.n;
        res->warm_iterations = nt.iterations;
    }
    /* The convergence target is relative to the gradient at 0. */
    evaluate(&wk, &all, &nt.cur, true, g_zero);
    double target = o->tol * cblas_dnrm2((int)p, g_zero, 1);
    nt.iterations = 0;
    nt.converged = nt.cur.gnorm <= target;
    if (!nt.converged && res->warm_rows) {
        /* Near the solution the Hessian changes little: steps with this one
         * cost a pass without the Hessian each. */
        factor(nt.cur.H, nt.A, p);
        nt.converged = chord(&wk, &all, &nt, target, o);
        if (nt.converged) /* the Hessian at the solution, for the covariance */
            evaluate(&wk, &all, &nt.cur, true, NULL);
    }
    if (!nt.converged) {
        if (nt.iterations > 0) /* chord steps: cur has no Hessian */
            evaluate(&wk, &all, &nt.cur, true, NULL);
        newton(&wk, &all, &nt, target, o);
    }
    free(g_zero);

    res->nterms = p;
    res->theta = nt.cur.theta;
    nt.cur.theta = NULL;
    res->cov = nt.A;
    covariance(&nt.cur, o->C, res->cov, p);
    res->iterations = nt.iterations;
    res->converged = nt.converged;
    res->objective = nt.cur.f;
    res->gradient_norm = nt.cur.gnorm;
    point_free(&nt.cur);
    point_free(&nt.next);
    free(nt.step);
    free(wk.X);
    free(wk.z);
    free(wk.r);
    free(wk.w);
    free(wk.xs);
    free(wk.r0);
    free(wk.ls);
    free(wk.tab_off);
    free(wk.tab);
    free(wk.acc);
    free(wk.acc0);
}

void fit_result_free(struct fit_result *res)
{
    free(res->theta);
    free(res->cov);
}
