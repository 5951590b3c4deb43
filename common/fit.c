/* fit.c - logistic regression by Newton's method; see fit.h. */
#include "fit.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

/* Rows per block: a block's values stay in cache between the steps of a pass. */
#define BLOCK_ROWS 1024
/* Halvings of a step before the line search gives up. */
#define MAX_HALVINGS 60

/* The objective, gradient and Hessian (full, symmetric) at one point. */
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

/*
 * The design seen as a dense part (the intercept and the numeric features:
 * nd columns) and the categorical features (nc of them).  The Hessian
 * C X'WX has four kinds of entry, each summed in its own way per block:
 *   dense x dense      dsyrk of the dense part, rows scaled by sqrt(w)
 *   level x dense      per level, the sum of w times the dense row
 *   level x own level  the same sums' intercept column (levels are exclusive)
 *   level x level      per pair of categorical features, a table of sums of w
 * so a row costs about nd^2/2 + nc nd + nc^2/2 operations however many
 * levels there are, where a dense one-hot block would cost (terms)^2 / 2.
 */
struct work {
    const struct design *d;
    size_t p;      /* terms, with the intercept */
    size_t nd, nc; /* dense columns (with the intercept), categorical features */
    size_t *dterm; /* term of each dense column */
    const struct design_feature **num, **cat;
    /* one block */
    const double **x;       /* numeric features' values (nd - 1) */
    const uint16_t **level; /* categorical features' levels (nc) */
    double *xbuf;           /* gathered values, for a strided sample */
    uint16_t *lbuf;         /* gathered levels */
    double *z, *r, *w, *r0; /* margins, residuals, weights, residuals at 0 */
    double *Xd;             /* the dense part, rows scaled by sqrt(w) */
    /* per level: coefficients, gradient sums (at the point and at 0) */
    double *tab, *acc, *acc0;
    size_t *off, nlev; /* offset of each categorical feature's levels */
    /* Hessian sums */
    double *Hd;  /* nd x nd */
    double *Hld; /* per level, nd sums */
    double *Hll; /* per pair of categorical features, levels x levels */
    size_t *pair_off, npair;
};

/* ---------- one block of rows ---------- */

/* Point the block at rows first, first + stride, ... (n of them). */
static void load_block(struct work *wk, size_t first, size_t stride, size_t n)
{
    for (size_t j = 0; j + 1 < wk->nd; j++) {
        const double *x = wk->num[j]->x;
        if (stride == 1) {
            wk->x[j] = x + first;
            continue;
        }
        double *out = wk->xbuf + j * BLOCK_ROWS;
        for (size_t i = 0; i < n; i++)
            out[i] = x[first + i * stride];
        wk->x[j] = out;
    }
    for (size_t j = 0; j < wk->nc; j++) {
        const uint16_t *level = wk->cat[j]->level;
        if (stride == 1) {
            wk->level[j] = level + first;
            continue;
        }
        uint16_t *out = wk->lbuf + j * BLOCK_ROWS;
        for (size_t i = 0; i < n; i++)
            out[i] = level[first + i * stride];
        wk->level[j] = out;
    }
}

/*
 * Per level, a table of the coefficients with entry 0 (the reference level)
 * standing for no term: rows index it without a test, where a branch on the
 * level would be mispredicted a third of the time.
 */
static void fill_tables(const struct work *wk, const double *theta)
{
    for (size_t j = 0; j < wk->nc; j++) {
        const struct design_feature *f = wk->cat[j];
        double *t = wk->tab + wk->off[j];
        t[0] = 0;
        for (size_t l = 1; l < f->nlevels; l++)
            t[l] = theta[f->term + l - 1];
    }
}

/* Margins b + w.x of the block. */
static void margins(const struct work *wk, size_t n, const double *theta)
{
    double *restrict z = wk->z;
    for (size_t i = 0; i < n; i++)
        z[i] = theta[0];
    for (size_t j = 0; j + 1 < wk->nd; j++) {
        const double *restrict x = wk->x[j];
        double b = theta[wk->dterm[j + 1]];
        for (size_t i = 0; i < n; i++)
            z[i] += b * x[i];
    }
    for (size_t j = 0; j < wk->nc; j++) {
        const uint16_t *level = wk->level[j];
        const double *t = wk->tab + wk->off[j];
        for (size_t i = 0; i < n; i++)
            z[i] += t[level[i]];
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

/* g += sum of r_i x_i over the block; the levels' sums go to acc (laid out
 * as the tables, entry 0 unused). */
static void add_gradient(const struct work *wk, const double *restrict r, size_t n, double *g,
                         double *acc)
{
    for (size_t i = 0; i < n; i++)
        g[0] += r[i];
    for (size_t j = 0; j + 1 < wk->nd; j++) {
        const double *restrict x = wk->x[j];
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += r[i] * x[i];
        g[wk->dterm[j + 1]] += s;
    }
    for (size_t j = 0; j < wk->nc; j++) {
        const uint16_t *level = wk->level[j];
        double *t = acc + wk->off[j];
        for (size_t i = 0; i < n; i++)
            t[level[i]] += r[i];
    }
}

/* The Hessian sums of the block (see struct work). */
static void add_hessian(const struct work *wk, size_t n)
{
    size_t nd = wk->nd;
    double *restrict Xd = wk->Xd, *restrict sw = wk->r0; /* r0 is free here */
    for (size_t i = 0; i < n; i++) {
        sw[i] = sqrt(wk->w[i]);
        Xd[i * nd] = sw[i];
    }
    for (size_t j = 0; j + 1 < nd; j++) {
        const double *x = wk->x[j];
        for (size_t i = 0; i < n; i++)
            Xd[i * nd + j + 1] = sw[i] * x[i];
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)nd, (int)n, 1, Xd, (int)nd, 1, wk->Hd,
                (int)nd);
    for (size_t j = 0; j < wk->nc; j++) {
        const uint16_t *level = wk->level[j];
        double *sums = wk->Hld + wk->off[j] * nd;
        for (size_t i = 0; i < n; i++) {
            double *restrict row = sums + level[i] * nd;
            const double *restrict xi = Xd + i * nd;
            for (size_t k = 0; k < nd; k++)
                row[k] += sw[i] * xi[k];
        }
    }
    const double *w = wk->w;
    for (size_t j = 0, pair = 0; j < wk->nc; j++)
        for (size_t h = j + 1; h < wk->nc; h++, pair++) {
            const uint16_t *a = wk->level[j], *b = wk->level[h];
            size_t width = wk->cat[h]->nlevels;
            double *t = wk->Hll + wk->pair_off[pair];
            for (size_t i = 0; i < n; i++)
                t[a[i] * width + b[i]] += w[i];
        }
}

/* ---------- a whole pass ---------- */

static void set_both(double *H, size_t p, size_t a, size_t b, double v)
{
    H[a * p + b] = v;
    H[b * p + a] = v;
}

/* H = C (the sums) + the penalty's identity (not on the intercept). */
static void assemble_hessian(const struct work *wk, double C, double *H)
{
    size_t p = wk->p, nd = wk->nd;
    memset(H, 0, p * p * sizeof *H);
    for (size_t a = 0; a < nd; a++)
        for (size_t b = a; b < nd; b++)
            set_both(H, p, wk->dterm[a], wk->dterm[b], C * wk->Hd[a * nd + b]);
    for (size_t j = 0; j < wk->nc; j++) {
        const struct design_feature *f = wk->cat[j];
        for (size_t l = 1; l < f->nlevels; l++) {
            const double *sums = wk->Hld + (wk->off[j] + l) * nd;
            size_t t = f->term + l - 1;
            for (size_t k = 0; k < nd; k++)
                set_both(H, p, t, wk->dterm[k], C * sums[k]);
            H[t * p + t] = C * sums[0];
        }
    }
    for (size_t j = 0, pair = 0; j < wk->nc; j++)
        for (size_t h = j + 1; h < wk->nc; h++, pair++) {
            const struct design_feature *f = wk->cat[j], *g = wk->cat[h];
            const double *t = wk->Hll + wk->pair_off[pair];
            for (size_t l = 1; l < f->nlevels; l++)
                for (size_t m = 1; m < g->nlevels; m++)
                    set_both(H, p, f->term + l - 1, g->term + m - 1, C * t[l * g->nlevels + m]);
        }
    for (size_t k = 1; k < p; k++)
        H[k * p + k] += 1;
}

/* The level sums of acc into the gradient's terms. */
static void add_level_sums(const struct work *wk, const double *acc, double *g)
{
    for (size_t j = 0; j < wk->nc; j++) {
        const struct design_feature *f = wk->cat[j];
        for (size_t l = 1; l < f->nlevels; l++)
            g[f->term + l - 1] += acc[wk->off[j] + l];
    }
}

static void clear_sums(struct work *wk, bool hessian, bool zero)
{
    memset(wk->acc, 0, wk->nlev * sizeof *wk->acc);
    if (zero)
        memset(wk->acc0, 0, wk->nlev * sizeof *wk->acc0);
    if (hessian) {
        memset(wk->Hd, 0, wk->nd * wk->nd * sizeof *wk->Hd);
        memset(wk->Hld, 0, wk->nlev * wk->nd * sizeof *wk->Hld);
        memset(wk->Hll, 0, wk->npair * sizeof *wk->Hll);
    }
}

/* Objective and gradient, and the Hessian if hessian, at pt->theta; and the
 * gradient at all coefficients 0 into g_zero unless it is NULL. */
static void evaluate(struct work *wk, const struct sample *sm, struct point *pt, bool hessian,
                     double *g_zero)
{
    const struct design *d = wk->d;
    size_t p = wk->p;
    memset(pt->g, 0, p * sizeof *pt->g);
    if (g_zero)
        memset(g_zero, 0, p * sizeof *g_zero);
    clear_sums(wk, hessian, g_zero != NULL);
    fill_tables(wk, pt->theta);
    double loss = 0, comp = 0;
    for (size_t k = 0; k < sm->n; k += BLOCK_ROWS) {
        size_t n = sm->n - k < BLOCK_ROWS ? sm->n - k : BLOCK_ROWS;
        size_t first = k * sm->stride;
        load_block(wk, first, sm->stride, n);
        margins(wk, n, pt->theta);
        /* Neumaier's sum over blocks: a million rows lose no digits. */
        double b = row_terms(wk, d->y + first, sm->stride, n), t = loss + b;
        comp += fabs(loss) >= fabs(b) ? (loss - t) + b : (b - t) + loss;
        loss = t;
        add_gradient(wk, wk->r, n, pt->g, wk->acc);
        if (g_zero) {
            for (size_t i = 0; i < n; i++)
                wk->r0[i] = 0.5 - d->y[first + i * sm->stride];
            add_gradient(wk, wk->r0, n, g_zero, wk->acc0);
        }
        if (hessian)
            add_hessian(wk, n);
    }
    add_level_sums(wk, wk->acc, pt->g);
    if (g_zero)
        add_level_sums(wk, wk->acc0, g_zero);
    if (hessian)
        assemble_hessian(wk, sm->C, pt->H);
    double penalty = 0;
    for (size_t k = 0; k < p; k++) {
        pt->g[k] *= sm->C;
        if (g_zero)
            g_zero[k] *= sm->C;
    }
    for (size_t k = 1; k < p; k++) {
        penalty += pt->theta[k] * pt->theta[k];
        pt->g[k] += pt->theta[k];
    }
    pt->f = sm->C * (loss + comp) + 0.5 * penalty;
    pt->gnorm = cblas_dnrm2((int)p, pt->g, 1);
}

/* The work space of a design. */
static void work_init(struct work *wk, const struct design *d)
{
    *wk = (struct work){.d = d, .p = d->nterms, .nd = 1};
    wk->num = xcalloc(d->nf, sizeof *wk->num);
    wk->cat = xcalloc(d->nf, sizeof *wk->cat);
    wk->dterm = xcalloc(d->nf + 1, sizeof *wk->dterm);
    wk->off = xcalloc(d->nf, sizeof *wk->off);
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC) {
            wk->num[wk->nd - 1] = f;
            wk->dterm[wk->nd++] = f->term;
        } else {
            wk->off[wk->nc] = wk->nlev;
            wk->nlev += f->nlevels;
            wk->cat[wk->nc++] = f;
        }
    }
    wk->pair_off = xcalloc(wk->nc * wk->nc + 1, sizeof *wk->pair_off);
    for (size_t j = 0, pair = 0; j < wk->nc; j++)
        for (size_t h = j + 1; h < wk->nc; h++, pair++) {
            wk->pair_off[pair] = wk->npair;
            wk->npair += wk->cat[j]->nlevels * wk->cat[h]->nlevels;
        }
    wk->x = xcalloc(wk->nd, sizeof *wk->x);
    wk->level = xcalloc(wk->nc + 1, sizeof *wk->level);
    wk->xbuf = xcalloc(wk->nd * BLOCK_ROWS, sizeof *wk->xbuf);
    wk->lbuf = xcalloc((wk->nc + 1) * BLOCK_ROWS, sizeof *wk->lbuf);
    wk->z = xcalloc(BLOCK_ROWS, sizeof *wk->z);
    wk->r = xcalloc(BLOCK_ROWS, sizeof *wk->r);
    wk->w = xcalloc(BLOCK_ROWS, sizeof *wk->w);
    wk->r0 = xcalloc(BLOCK_ROWS, sizeof *wk->r0);
    wk->Xd = xcalloc(wk->nd * BLOCK_ROWS, sizeof *wk->Xd);
    wk->tab = xcalloc(wk->nlev + 1, sizeof *wk->tab);
    wk->acc = xcalloc(wk->nlev + 1, sizeof *wk->acc);
    wk->acc0 = xcalloc(wk->nlev + 1, sizeof *wk->acc0);
    wk->Hd = xcalloc(wk->nd * wk->nd, sizeof *wk->Hd);
    wk->Hld = xcalloc(wk->nlev * wk->nd + 1, sizeof *wk->Hld);
    wk->Hll = xcalloc(wk->npair + 1, sizeof *wk->Hll);
}

static void work_free(struct work *wk)
{
    free(wk->num);
    free(wk->cat);
    free(wk->dterm);
    free(wk->off);
    free(wk->pair_off);
    free(wk->x);
    free(wk->level);
    free(wk->xbuf);
    free(wk->lbuf);
    free(wk->z);
    free(wk->r);
    free(wk->w);
    free(wk->r0);
    free(wk->Xd);
    free(wk->tab);
    free(wk->acc);
    free(wk->acc0);
    free(wk->Hd);
    free(wk->Hld);
    free(wk->Hll);
}

/* ---------- the Newton step ---------- */

/* Cholesky factor of H (upper) into A; a tiny ridge if rounding spoils it. */
static void factor(const double *H, double *A, size_t p)
{
    double maxdiag = 1;
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
static bool line_search(struct work *wk, const struct sample *sm, const struct point *cur,
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
static void newton(struct work *wk, const struct sample *sm, struct newton *nt, double target,
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

void fit_defaults(struct fit_options *o)
{
    *o = (struct fit_options){.C = 1, .max_iter = 100, .tol = 1e-8, .warm_rows = 50000};
}

/* OpenBLAS starts a thread per core; on dsyrk of a dozen columns they cost
 * more than they give (measured: bench/fit.sh).  A user's setting wins. */
static void blas_threads(void)
{
    if (!getenv("OPENBLAS_NUM_THREADS") && !getenv("OMP_NUM_THREADS"))
        openblas_set_num_threads(1);
}

void fit_logistic(const struct design *d, const struct fit_options *o, struct fit_result *res)
{
    size_t p = d->nterms;
    blas_threads();
    struct work wk;
    work_init(&wk, d);
    struct newton nt = {.cur = point_new(p), .next = point_new(p)};
    nt.A = xreallocarray(NULL, p * p, sizeof *nt.A);
    nt.step = xreallocarray(NULL, p, sizeof *nt.step);

    struct sample all = {.stride = 1, .n = d->rows, .C = o->C};
    double *g_zero = xreallocarray(NULL, p, sizeof *g_zero);
    res->warm_rows = 0;
    res->warm_iterations = 0;
    if (o->warm_rows && d->rows >= 2 * o->warm_rows) {
        /* Every stride-th row is a fair sample, with the loss weighted to
         * stand for all rows: its solution is close to the full one.  Copied
         * out, it stays in cache for the passes of its Newton steps. */
        size_t stride = d->rows / o->warm_rows;
        struct design *sub = design_subsample(d, stride);
        struct work ws;
        work_init(&ws, sub);
        struct sample warm = {.stride = 1, .n = sub->rows};
        warm.C = o->C * (double)d->rows / (double)sub->rows;
        evaluate(&ws, &warm, &nt.cur, true, NULL);
        newton(&ws, &warm, &nt, 1e-6 * nt.cur.gnorm, o);
        res->warm_rows = sub->rows;
        res->warm_iterations = nt.iterations;
        work_free(&ws);
        design_free(sub);
    }
    /* The convergence target is relative to the gradient at 0. */
    evaluate(&wk, &all, &nt.cur, true, g_zero);
    double target = o->tol * cblas_dnrm2((int)p, g_zero, 1);
    nt.iterations = 0;
    newton(&wk, &all, &nt, target, o);
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
    work_free(&wk);
}

void fit_result_free(struct fit_result *res)
{
    free(res->theta);
    free(res->cov);
}
