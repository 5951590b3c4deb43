/* fit.c - logistic regression by Newton's method; see fit.h. */
#include "fit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "design_part.h"
#include "dmath.h"
#include "dmath_v2.h"
#include "err.h"
#include "linalg.h"
#include "model.h"
#include "v2.h"
#include "xalloc.h"

/* Rows per block: a block's values stay in cache between the steps of a pass. */
#define BLOCK_ROWS 1024
/* A categorical feature of at most this many levels has its block's rows
 * grouped by level (see group_rows); one of more levels, whose rows seldom
 * share a level in a block, adds each row where it falls. */
#define GROUP_LEVELS 64
/* Halvings of a step before the line search gives up. */
#define MAX_HALVINGS 60
/* Terms at most: the Hessian and its factors, p^2 doubles each, must fit. */
/* A pass sums two halves of the rows, each on its own thread when it can.
 * Always two, so that the sums, and the model's bytes, are the same on any
 * machine. */
#define LANES 2

/* The objective, gradient and Hessian (full, symmetric) at one point. */
struct point {
    double *theta, *g, *H;
    double f, gnorm;
    double gap; /* lowest responder's margin less highest non-responder's */
};

/* The rows a pass visits (all: stride 0, or every stride-th), how many,
 * and the weight C of their loss (times the rows each stands for). */
struct sample {
    size_t stride, n;
    double C;
};

/*
 * The design seen as a dense part (the intercept and the numeric features:
 * nd columns) and the categorical features (nc of them).  The Hessian
 * C X'WX has four kinds of entry, each summed in its own way per block:
 *   dense x dense      X'X of the dense part, rows scaled by sqrt(w)
 *   level x dense      per level, the sum of w times the dense row
 *   level x own level  the same sums' intercept column (levels are exclusive)
 *   level x level      per pair of categorical features, a table of sums of w
 * so a row costs about nd^2/2 + nc nd + nc^2/2 operations however many
 * levels there are, where a dense one-hot block would cost (terms)^2 / 2.
 */
struct layout {
    const struct design *d;
    size_t p;      /* terms, with the intercept */
    size_t nd, nc; /* dense columns (with the intercept), categorical features */
    size_t *dterm; /* term of each dense column */
    const struct design_feature **num, **cat;
    size_t *off, nlev;       /* offset of each categorical feature's levels */
    size_t *pair_off, npair; /* offset of each pair's table */
    size_t *slot, ngrouped;  /* grouped features: each one's place among them */
    double *tab;             /* per level: its coefficient (0 for the reference) */
    double *coef;            /* per dense column: its coefficient */
};

/* A share of the rows of a pass, with its own block and its own sums. */
struct lane {
    const struct layout *lo;
    size_t first, n; /* its rows */
    const double *theta;
    bool hessian, zero; /* sum the Hessian; the gradient at 0 */
    /* one block */
    const double **x;       /* numeric features' values (nd - 1) */
    const uint16_t **level; /* categorical features' levels (nc) */
    double *z, *r, *w, *sw; /* margins, residuals, weights, their roots */
    double *Xd;             /* the dense part, rows scaled by sqrt(w) */
    /* sums: loss (compensated: a million rows lose no digits), gradient
     * and its level sums, at the point and at 0, and the Hessian's */
    struct csum loss;
    double low_pos, high_neg; /* extreme margins of each class */
    double *g, *acc, *gz, *acc0;
    double *Hd, *Hld, *Hll; /* nd x nd; per level, nd; per pair, levels x levels */
    /* the block's rows grouped by level, per categorical feature of at most
     * GROUP_LEVELS levels (its slot s among them): level l's rows are
     * order[s BLOCK_ROWS + end[s (GROUP_LEVELS + 1) + l-1] .. end[..l]-1]
     * (end[-1] taken as 0), in row order.  They point into the groupings of
     * every block of the lane, made on the first pass and kept for the
     * others (the rows do not change), or of one block, made each time. */
    uint16_t *order;
    uint32_t *end;
    uint16_t *orders;
    uint32_t *ends;
    size_t kept_blocks; /* 0 if one block's grouping is made each time */
    size_t ready;       /* blocks grouped so far, when kept */
};

struct work {
    struct layout lo;
    struct lane lane[LANES];
    bool one_thread; /* both lanes on the calling thread */
};

/* ---------- one block of rows ---------- */

static void load_block(struct lane *ln, size_t first)
{
    const struct layout *lo = ln->lo;
    for (size_t j = 0; j + 1 < lo->nd; j++)
        ln->x[j] = lo->num[j]->x + first;
    for (size_t j = 0; j < lo->nc; j++)
        ln->level[j] = lo->cat[j]->level + first;
}

/* Margins b + w.x of the block, eight rows at a time in four pairs held in
 * registers, each row's sum in one order: the intercept, each numeric
 * column's term, each level's coefficient.  The levels index their
 * coefficients' table without a test, where a branch on the reference level
 * would be mispredicted a third of the time. */
static void margins(const struct lane *ln, size_t n)
{
    const struct layout *lo = ln->lo;
    const double *coef = lo->coef;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        v2 s[4];
        for (int h = 0; h < 4; h++)
            s[h] = splat(coef[0]);
        for (size_t j = 0; j + 1 < lo->nd; j++) {
            const double *x = ln->x[j] + i;
            v2 b = splat(coef[j + 1]);
            for (int h = 0; h < 4; h++)
                s[h] += b * load2(x + 2 * h);
        }
        for (size_t j = 0; j < lo->nc; j++) {
            const uint16_t *level = ln->level[j] + i;
            const double *t = lo->tab + lo->off[j];
            for (int h = 0; h < 4; h++)
                s[h] += (v2){t[level[2 * h]], t[level[2 * h + 1]]};
        }
        for (int h = 0; h < 4; h++)
            store2(ln->z + i + 2 * h, s[h]);
    }
    for (; i < n; i++) {
        double z = coef[0];
        for (size_t j = 0; j + 1 < lo->nd; j++)
            z += coef[j + 1] * ln->x[j][i];
        for (size_t j = 0; j < lo->nc; j++)
            z += lo->tab[lo->off[j] + ln->level[j][i]];
        ln->z[i] = z;
    }
}

/* Row i's residual p - y and weight p (1 - p), and its term of the loss,
 * from its margin z, e = exp(-|z|), q = 1 / (1 + e) and l = log1p(e); its
 * class's extreme margin is kept.  Comparisons, not fmin and fmax: those
 * are calls into libm here. */
static inline double row_term(struct lane *ln, uint8_t y, size_t i, double z, double e, double q,
                              double l)
{
    if (y && z < ln->low_pos)
        ln->low_pos = z;
    if (!y && z > ln->high_neg)
        ln->high_neg = z;
    double prob = z >= 0 ? q : e * q;
    double against = y ? -z : z; /* the margin against the row's class */
    ln->r[i] = prob - y;
    ln->w[i] = prob * (1 - prob);
    return l + (against > 0 ? against : 0);
}

/* Loss, residual and weight of each row, from the margins; returns the
 * block's summed loss, in row order.  One exp, one log1p and one division
 * a row, for two rows at once (dmath_v2.h: each row's bits as alone).
 * Keeps each class's extreme margin too: a fit that ranks every responder
 * above every non-responder means the data are separable. */
static double row_terms(struct lane *ln, const uint8_t *y, size_t n)
{
    double loss = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        v2 z = load2(ln->z + i);
        v2 e = dm_exp_v2((v2){-fabs(z[0]), -fabs(z[1])});
        v2 q = 1 / (1 + e);
        v2 l = dm_log1p_v2(e);
        loss += row_term(ln, y[i], i, z[0], e[0], q[0], l[0]);
        loss += row_term(ln, y[i + 1], i + 1, z[1], e[1], q[1], l[1]);
    }
    for (; i < n; i++) {
        double z = ln->z[i], e = dm_exp(-fabs(z));
        loss += row_term(ln, y[i], i, z, e, 1 / (1 + e), dm_log1p(e));
    }
    return loss;
}

static bool grouped(const struct layout *lo, size_t j)
{
    return lo->cat[j]->nlevels <= GROUP_LEVELS;
}

/* Group the block's n rows by the level of each categorical feature that
 * grouped() says, stably (a counting sort).  A sum per level then runs over
 * its rows in a register, in row order as before (so to the same bits),
 * where adding each row into memory waits, when the level repeats, on the
 * store of the row before. */
static void group_rows(struct lane *ln, size_t n)
{
    const struct layout *lo = ln->lo;
    for (size_t j = 0; j < lo->nc; j++) {
        if (!grouped(lo, j))
            continue;
        const uint16_t *level = ln->level[j];
        size_t nl = lo->cat[j]->nlevels;
        uint32_t *end = ln->end + lo->slot[j] * (GROUP_LEVELS + 1), *at = end + 1;
        uint16_t *order = ln->order + lo->slot[j] * BLOCK_ROWS;
        memset(end, 0, (nl + 1) * sizeof *end);
        for (size_t i = 0; i < n; i++)
            at[level[i]]++;
        for (size_t l = 1; l < nl; l++)
            at[l] += at[l - 1];
        /* at[l - 1] is where level l's rows begin: end[l] moves to their end */
        for (size_t i = 0; i < n; i++)
            order[end[level[i]]++] = (uint16_t)i;
    }
}

/* t[l] += the sum of v over the rows of level l of grouped feature j, for each l. */
static void add_grouped(const struct lane *ln, size_t j, const double *v, double *t)
{
    size_t nl = ln->lo->cat[j]->nlevels;
    const uint32_t *end = ln->end + ln->lo->slot[j] * (GROUP_LEVELS + 1);
    const uint16_t *order = ln->order + ln->lo->slot[j] * BLOCK_ROWS;
    for (size_t l = 0, q = 0; l < nl; l++) {
        if (q == end[l])
            continue;
        double s = t[l];
        for (; q < end[l]; q++)
            s += v[order[q]];
        t[l] = s;
    }
}

/* s[h] = the sum of r_i x[h]_i over the block's n rows, for h = 0 .. 3:
 * four sums side by side, each in row order (one alone waits on each add). */
static void dot4(const double *restrict r, const double *const *x, size_t n, double *s)
{
    const double *restrict x0 = x[0], *restrict x1 = x[1], *restrict x2 = x[2], *restrict x3 = x[3];
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i < n; i++) {
        double ri = r[i];
        s0 += ri * x0[i];
        s1 += ri * x1[i];
        s2 += ri * x2[i];
        s3 += ri * x3[i];
    }
    s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
}

/* g += sum of r_i x_i over the block; the levels' sums go to acc (laid out
 * as the tables, entry 0 unused). */
static void add_gradient(const struct lane *ln, const double *restrict r, size_t n, double *g,
                         double *acc)
{
    const struct layout *lo = ln->lo;
    double s0 = g[0];
    for (size_t i = 0; i < n; i++)
        s0 += r[i];
    g[0] = s0;
    size_t j = 0;
    for (; j + 4 < lo->nd; j += 4) {
        double s[4];
        dot4(r, ln->x + j, n, s);
        for (size_t h = 0; h < 4; h++)
            g[lo->dterm[j + h + 1]] += s[h];
    }
    for (; j + 1 < lo->nd; j++) {
        const double *restrict x = ln->x[j];
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += r[i] * x[i];
        g[lo->dterm[j + 1]] += s;
    }
    for (size_t j = 0; j < lo->nc; j++) {
        double *t = acc + lo->off[j];
        if (grouped(lo, j)) {
            add_grouped(ln, j, r, t);
            continue;
        }
        const uint16_t *level = ln->level[j];
        for (size_t i = 0; i < n; i++)
            t[level[i]] += r[i];
    }
}

/* Dense columns that one visit of a level's rows sums: eight pairs of
 * lanes, each pair a register. */
#define LEVEL_COLS 16

/* row[k] += sw_i Xd_i[k] for k < width (at most LEVEL_COLS) over the rows
 * i = order[q .. e-1] (Xd offset to the first column): each a sum in row
 * order, as one column at a time would give, up to sixteen columns in one
 * visit of the rows, pairs lanes wide (a constant, for the compiler to keep
 * every sum in a register).  A row's read runs to an even number of values
 * (into the next row, or the padding after the block); a lane past width is
 * not kept. */
static inline __attribute__((always_inline)) void
add_rows_of(double *restrict row, const double *restrict Xd, size_t nd, const double *restrict sw,
            const uint16_t *order, size_t q, size_t e, size_t width, int pairs)
{
    double start[LEVEL_COLS] = {0};
    memcpy(start, row, width * sizeof *row);
    v2 a[LEVEL_COLS / 2];
    for (int h = 0; h < pairs; h++)
        a[h] = load2(start + 2 * h);
    for (; q < e; q++) {
        size_t i = order[q];
        const double *x = Xd + i * nd;
        v2 s = splat(sw[i]);
        for (int h = 0; h < pairs; h++)
            a[h] += s * load2(x + 2 * h);
    }
    for (int h = 0; h < pairs; h++)
        store2(start + 2 * h, a[h]);
    memcpy(row, start, width * sizeof *row);
}

static void add_rows(double *restrict row, const double *restrict Xd, size_t nd,
                     const double *restrict sw, const uint16_t *order, size_t q, size_t e,
                     size_t width)
{
    if (width <= 4)
        add_rows_of(row, Xd, nd, sw, order, q, e, width, 2);
    else if (width <= 8)
        add_rows_of(row, Xd, nd, sw, order, q, e, width, 4);
    else if (width <= 12)
        add_rows_of(row, Xd, nd, sw, order, q, e, width, 6);
    else
        add_rows_of(row, Xd, nd, sw, order, q, e, width, 8);
}

/* Per level l of grouped feature j, sums[l nd + k] += the sum of sw_i Xd_ik
 * over its rows i, for each dense column k. */
static void add_level_rows(const struct lane *ln, size_t j, double *sums)
{
    size_t nd = ln->lo->nd, nl = ln->lo->cat[j]->nlevels;
    const uint32_t *end = ln->end + ln->lo->slot[j] * (GROUP_LEVELS + 1);
    const uint16_t *order = ln->order + ln->lo->slot[j] * BLOCK_ROWS;
    for (size_t l = 0, q = 0; l < nl; q = end[l++]) {
        if (q == end[l])
            continue;
        double *row = sums + l * nd;
        for (size_t k = 0; k < nd; k += LEVEL_COLS)
            add_rows(row + k, ln->Xd + k, nd, ln->sw, order, q, end[l],
                     nd - k < LEVEL_COLS ? nd - k : LEVEL_COLS);
    }
}

/* The Hessian sums of the block (see struct layout). */
static void add_hessian(const struct lane *ln, size_t n)
{
    const struct layout *lo = ln->lo;
    size_t nd = lo->nd;
    double *restrict Xd = ln->Xd, *restrict sw = ln->sw;
    for (size_t i = 0; i < n; i++) {
        double s = sqrt(ln->w[i]);
        double *restrict row = Xd + i * nd;
        sw[i] = s;
        row[0] = s;
        for (size_t j = 0; j + 1 < nd; j++)
            row[j + 1] = s * ln->x[j][i];
    }
    la_syrk_add(nd, n, Xd, nd, ln->Hd);
    for (size_t j = 0; j < lo->nc; j++) {
        double *sums = ln->Hld + lo->off[j] * nd;
        if (grouped(lo, j)) {
            add_level_rows(ln, j, sums);
            continue;
        }
        const uint16_t *level = ln->level[j];
        for (size_t i = 0; i < n; i++) {
            double *restrict row = sums + level[i] * nd;
            const double *restrict xi = Xd + i * nd;
            for (size_t k = 0; k < nd; k++)
                row[k] += sw[i] * xi[k];
        }
    }
    for (size_t j = 0, pair = 0; j < lo->nc; j++)
        for (size_t h = j + 1; h < lo->nc; h++, pair++) {
            const uint16_t *a = ln->level[j], *b = ln->level[h];
            size_t width = lo->cat[h]->nlevels;
            double *t = ln->Hll + lo->pair_off[pair];
            for (size_t i = 0; i < n; i++)
                t[a[i] * width + b[i]] += ln->w[i];
        }
}

/* ---------- a lane's share of a pass ---------- */

static void clear_sums(struct lane *ln)
{
    const struct layout *lo = ln->lo;
    ln->loss = (struct csum){0, 0};
    ln->low_pos = INFINITY;
    ln->high_neg = -INFINITY;
    memset(ln->g, 0, lo->p * sizeof *ln->g);
    memset(ln->acc, 0, lo->nlev * sizeof *ln->acc);
    if (ln->zero) {
        memset(ln->gz, 0, lo->p * sizeof *ln->gz);
        memset(ln->acc0, 0, lo->nlev * sizeof *ln->acc0);
    }
    if (ln->hessian) {
        memset(ln->Hd, 0, lo->nd * lo->nd * sizeof *ln->Hd);
        memset(ln->Hld, 0, lo->nlev * lo->nd * sizeof *ln->Hld);
        memset(ln->Hll, 0, lo->npair * sizeof *ln->Hll);
    }
}

/* A thread's body: the sums of the lane's rows. */
static void *run_lane(void *arg)
{
    struct lane *ln = arg;
    const struct design *d = ln->lo->d;
    clear_sums(ln);
    for (size_t k = 0; k < ln->n; k += BLOCK_ROWS) {
        size_t n = ln->n - k < BLOCK_ROWS ? ln->n - k : BLOCK_ROWS;
        size_t first = ln->first + k;
        load_block(ln, first);
        size_t b = ln->kept_blocks ? k / BLOCK_ROWS : 0;
        ln->order = ln->orders + b * ln->lo->ngrouped * BLOCK_ROWS;
        ln->end = ln->ends + b * ln->lo->ngrouped * (GROUP_LEVELS + 1);
        if (!ln->kept_blocks || b >= ln->ready) {
            group_rows(ln, n);
            ln->ready = b + 1;
        }
        margins(ln, n);
        csum_add(&ln->loss, row_terms(ln, d->y + first, n));
        add_gradient(ln, ln->r, n, ln->g, ln->acc);
        if (ln->zero) {
            for (size_t i = 0; i < n; i++)
                ln->sw[i] = 0.5 - d->y[first + i]; /* the residual at 0 */
            add_gradient(ln, ln->sw, n, ln->gz, ln->acc0);
        }
        if (ln->hessian)
            add_hessian(ln, n);
    }
    return NULL;
}

/* The lanes' shares of the rows, on threads when there are any to have
 * and one_thread does not say otherwise. */
static void run_lanes(struct work *wk, bool one_thread)
{
    pthread_t helper;
    bool threaded = !one_thread && pthread_create(&helper, NULL, run_lane, &wk->lane[1]) == 0;
    run_lane(&wk->lane[0]);
    if (threaded)
        pthread_join(helper, NULL);
    else
        run_lane(&wk->lane[1]);
}

/* ---------- a whole pass ---------- */

static void fill_tables(const struct layout *lo, const double *theta)
{
    for (size_t k = 0; k < lo->nd; k++)
        lo->coef[k] = theta[lo->dterm[k]];
    for (size_t j = 0; j < lo->nc; j++) {
        const struct design_feature *f = lo->cat[j];
        double *t = lo->tab + lo->off[j];
        t[0] = 0;
        for (size_t l = 1; l < f->nlevels; l++)
            t[l] = theta[f->term + l - 1];
    }
}

/* The second lane's sums into the first's, in that order. */
static void merge_lanes(struct work *wk)
{
    const struct layout *lo = &wk->lo;
    struct lane *a = &wk->lane[0], *b = &wk->lane[1];
    csum_merge(&a->loss, &b->loss);
    a->low_pos = fmin(a->low_pos, b->low_pos);
    a->high_neg = fmax(a->high_neg, b->high_neg);
    for (size_t k = 0; k < lo->p; k++) {
        a->g[k] += b->g[k];
        if (a->zero)
            a->gz[k] += b->gz[k];
    }
    for (size_t k = 0; k < lo->nlev; k++) {
        a->acc[k] += b->acc[k];
        if (a->zero)
            a->acc0[k] += b->acc0[k];
    }
    if (!a->hessian)
        return;
    for (size_t k = 0; k < lo->nd * lo->nd; k++)
        a->Hd[k] += b->Hd[k];
    for (size_t k = 0; k < lo->nlev * lo->nd; k++)
        a->Hld[k] += b->Hld[k];
    for (size_t k = 0; k < lo->npair; k++)
        a->Hll[k] += b->Hll[k];
}

static void set_both(double *H, size_t p, size_t a, size_t b, double v)
{
    H[a * p + b] = v;
    H[b * p + a] = v;
}

/* H = the Hessian's sums by term (full, symmetric). */
static void assemble_hessian(const struct layout *lo, const struct lane *ln, double *H)
{
    size_t p = lo->p, nd = lo->nd;
    memset(H, 0, p * p * sizeof *H);
    for (size_t a = 0; a < nd; a++)
        for (size_t b = a; b < nd; b++)
            set_both(H, p, lo->dterm[a], lo->dterm[b], ln->Hd[a * nd + b]);
    for (size_t j = 0; j < lo->nc; j++) {
        const struct design_feature *f = lo->cat[j];
        for (size_t l = 1; l < f->nlevels; l++) {
            const double *sums = ln->Hld + (lo->off[j] + l) * nd;
            size_t t = f->term + l - 1;
            for (size_t k = 0; k < nd; k++)
                set_both(H, p, t, lo->dterm[k], sums[k]);
            H[t * p + t] = sums[0];
        }
    }
    for (size_t j = 0, pair = 0; j < lo->nc; j++)
        for (size_t h = j + 1; h < lo->nc; h++, pair++) {
            const struct design_feature *f = lo->cat[j], *g = lo->cat[h];
            const double *t = ln->Hll + lo->pair_off[pair];
            for (size_t l = 1; l < f->nlevels; l++)
                for (size_t m = 1; m < g->nlevels; m++)
                    set_both(H, p, f->term + l - 1, g->term + m - 1, t[l * g->nlevels + m]);
        }
}

/* The gradient's sums by term from the lane's: g (dense terms) and acc (levels). */
static void gradient(const struct layout *lo, const double *g, const double *acc, double *out)
{
    memcpy(out, g, lo->p * sizeof *out);
    for (size_t j = 0; j < lo->nc; j++) {
        const struct design_feature *f = lo->cat[j];
        for (size_t l = 1; l < f->nlevels; l++)
            out[f->term + l - 1] = acc[lo->off[j] + l];
    }
}

/* The sums of the design's rows at theta into *s (the Hessian's if s->H),
 * and the gradient's at all coefficients 0 into g_zero unless it is NULL. */
static void design_sums(struct work *wk, const double *theta, struct fit_sums *s, double *g_zero)
{
    const struct layout *lo = &wk->lo;
    fill_tables(lo, theta);
    for (int i = 0; i < LANES; i++) {
        wk->lane[i].theta = theta;
        wk->lane[i].hessian = s->H != NULL;
        wk->lane[i].zero = g_zero != NULL;
    }
    run_lanes(wk, wk->one_thread);
    merge_lanes(wk);
    const struct lane *ln = &wk->lane[0];
    gradient(lo, ln->g, ln->acc, s->g);
    if (g_zero)
        gradient(lo, ln->gz, ln->acc0, g_zero);
    if (s->H)
        assemble_hessian(lo, ln, s->H);
    s->loss = csum_value(&ln->loss);
    s->low_pos = ln->low_pos;
    s->high_neg = ln->high_neg;
}

/* Objective and gradient, and the Hessian if hessian, at pt->theta; and the
 * gradient at all coefficients 0 into g_zero unless it is NULL.  The loss
 * weighs C, the penalty 0.5 |w|^2 (not on the intercept). */
static void evaluate(const struct fit_source *src, const struct sample *sm, struct point *pt,
                     bool hessian, double *g_zero)
{
    size_t p = src->nterms;
    struct fit_sums s = {.g = pt->g, .H = hessian ? pt->H : NULL, .g_zero = g_zero};
    src->sums(src->ctx, sm->stride, pt->theta, &s);
    for (size_t k = 0; k < p; k++)
        pt->g[k] *= sm->C;
    if (g_zero)
        for (size_t k = 0; k < p; k++)
            g_zero[k] *= sm->C;
    if (hessian) {
        for (size_t k = 0; k < p * p; k++)
            pt->H[k] *= sm->C;
        for (size_t k = 1; k < p; k++)
            pt->H[k * p + k] += 1;
    }
    double penalty = 0;
    for (size_t k = 1; k < p; k++) {
        penalty += pt->theta[k] * pt->theta[k];
        pt->g[k] += pt->theta[k];
    }
    pt->f = sm->C * s.loss + 0.5 * penalty;
    pt->gnorm = la_norm(p, pt->g);
    pt->gap = s.low_pos - s.high_neg;
}

/* ---------- the work space ---------- */

static void layout_init(struct layout *lo, const struct design *d)
{
    *lo = (struct layout){.d = d, .p = d->nterms, .nd = 1};
    lo->num = xcalloc(d->nf, sizeof *lo->num);
    lo->cat = xcalloc(d->nf, sizeof *lo->cat);
    lo->dterm = xcalloc(d->nf + 1, sizeof *lo->dterm);
    lo->off = xcalloc(d->nf, sizeof *lo->off);
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC) {
            lo->num[lo->nd - 1] = f;
            lo->dterm[lo->nd++] = f->term;
        } else {
            lo->off[lo->nc] = lo->nlev;
            lo->nlev += f->nlevels;
            lo->cat[lo->nc++] = f;
        }
    }
    lo->slot = xcalloc(lo->nc + 1, sizeof *lo->slot);
    for (size_t j = 0; j < lo->nc; j++)
        if (grouped(lo, j))
            lo->slot[j] = lo->ngrouped++;
    lo->pair_off = xcalloc(lo->nc * lo->nc + 1, sizeof *lo->pair_off);
    for (size_t j = 0, pair = 0; j < lo->nc; j++)
        for (size_t h = j + 1; h < lo->nc; h++, pair++) {
            lo->pair_off[pair] = lo->npair;
            lo->npair += lo->cat[j]->nlevels * lo->cat[h]->nlevels;
        }
    lo->tab = xcalloc(lo->nlev + 1, sizeof *lo->tab);
    lo->coef = xcalloc(lo->nd, sizeof *lo->coef);
}

/* Lane `which` of a work space over rows rows: the first half, whole blocks,
 * or the rest.  With keep_groups, room for every block's grouping. */
static void lane_init(struct lane *ln, const struct layout *lo, size_t rows, int which,
                      bool keep_groups)
{
    size_t half = (rows / 2 + BLOCK_ROWS - 1) / BLOCK_ROWS * BLOCK_ROWS;
    if (half > rows)
        half = rows;
    *ln = (struct lane){.lo = lo, .first = which ? half : 0, .n = which ? rows - half : half};
    size_t blocks = keep_groups ? (ln->n + BLOCK_ROWS - 1) / BLOCK_ROWS : 0;
    ln->kept_blocks = blocks;
    if (!blocks)
        blocks = 1;
    ln->x = xcalloc(lo->nd, sizeof *ln->x);
    ln->level = xcalloc(lo->nc + 1, sizeof *ln->level);
    ln->z = xcalloc(BLOCK_ROWS, sizeof *ln->z);
    ln->r = xcalloc(BLOCK_ROWS, sizeof *ln->r);
    ln->w = xcalloc(BLOCK_ROWS, sizeof *ln->w);
    ln->sw = xcalloc(BLOCK_ROWS, sizeof *ln->sw);
    ln->Xd = xcalloc(lo->nd * BLOCK_ROWS + LEVEL_COLS, sizeof *ln->Xd); /* add_rows reads on */
    ln->g = xcalloc(lo->p, sizeof *ln->g);
    ln->gz = xcalloc(lo->p, sizeof *ln->gz);
    ln->acc = xcalloc(lo->nlev + 1, sizeof *ln->acc);
    ln->acc0 = xcalloc(lo->nlev + 1, sizeof *ln->acc0);
    ln->Hd = xcalloc(lo->nd * lo->nd, sizeof *ln->Hd);
    ln->Hld = xcalloc(lo->nlev * lo->nd + 1, sizeof *ln->Hld);
    ln->Hll = xcalloc(lo->npair + 1, sizeof *ln->Hll);
    ln->orders = xcalloc(blocks * lo->ngrouped * BLOCK_ROWS + 1, sizeof *ln->orders);
    ln->ends = xcalloc(blocks * lo->ngrouped * (GROUP_LEVELS + 1) + 1, sizeof *ln->ends);
}

/* A work space for passes over d's rows; keep_groups for more than one
 * pass (the blocks' groupings are kept, 2 bytes a row per grouped feature). */
static void work_init(struct work *wk, const struct design *d, bool one_thread, bool keep_groups)
{
    wk->one_thread = one_thread;
    layout_init(&wk->lo, d);
    for (int i = 0; i < LANES; i++)
        lane_init(&wk->lane[i], &wk->lo, d->rows, i, keep_groups);
}

static void work_free(struct work *wk)
{
    struct layout *lo = &wk->lo;
    free(lo->num);
    free(lo->cat);
    free(lo->dterm);
    free(lo->off);
    free(lo->pair_off);
    free(lo->slot);
    free(lo->tab);
    free(lo->coef);
    for (int i = 0; i < LANES; i++) {
        struct lane *ln = &wk->lane[i];
        free(ln->x);
        free(ln->level);
        free(ln->z);
        free(ln->r);
        free(ln->w);
        free(ln->sw);
        free(ln->Xd);
        free(ln->g);
        free(ln->gz);
        free(ln->acc);
        free(ln->acc0);
        free(ln->Hd);
        free(ln->Hld);
        free(ln->Hll);
        free(ln->orders);
        free(ln->ends);
    }
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
        if (la_cholesky(A, p))
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
    la_cholesky_solve(A, p, step);
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
static bool line_search(const struct fit_source *src, const struct sample *sm,
                        const struct point *cur, struct point *next, const double *step,
                        bool hessian)
{
    size_t p = src->nterms;
    double slope = la_dot(p, cur->g, step);
    double noise = 1e-12 * fabs(cur->f);
    double t = 1;
    for (int h = 0; h < MAX_HALVINGS; h++, t /= 2) {
        for (size_t k = 0; k < p; k++)
            next->theta[k] = cur->theta[k] + t * step[k];
        evaluate(src, sm, next, hessian, NULL);
        if (next->f <= cur->f + 1e-4 * t * slope)
            return true;
        if (next->f <= cur->f + noise && next->gnorm < cur->gnorm)
            return true;
    }
    return false;
}

/* C H^-1 at the solution, through the Cholesky factor of H (A: work space). */
static void covariance(const struct point *pt, double C, double *A, double *cov, size_t p)
{
    factor(pt->H, A, p);
    la_cholesky_inverse(A, p, cov);
    for (size_t k = 0; k < p * p; k++)
        cov[k] *= C;
}

struct newton {
    struct point cur, next;
    double *A, *step;
    int iterations;
    bool converged;
    int stale; /* lazy_hessian: steps since the point whose Hessian cur.H is */
};

/*
 * With lazy_hessian, whether the point the next step reaches is evaluated
 * with its Hessian (most of a pass's cost).  prev is the gradient norm of
 * the point before cur (0 if none), ratio cur's to it.  Near the optimum
 * Newton's gradient norms fall quadratically: the next point's is about
 * |g| ratio^2, and a step from there with cur's Hessian (a chord step)
 * brings it to about |g| ratio^4.  So when that is within the target, the
 * next point goes without its Hessian, and so does the one after the chord
 * step if its own |g| ratio (the chord's linear rate) is within the target;
 * otherwise, and after that, every point gets its own.
 */
static bool needs_hessian(const struct fit_options *o, const struct newton *nt, double prev,
                          double target)
{
    if (!o->lazy_hessian || !(prev > 0))
        return true;
    double g = nt->cur.gnorm, ratio = g / prev;
    if (nt->stale == 0)
        return !(g * ratio * ratio * ratio * ratio <= target);
    if (nt->stale == 1)
        return !(g * ratio <= target);
    return true;
}

/* Newton's method on the sample from cur (evaluated with its Hessian) until
 * the gradient norm is at most target, counting on from nt->iterations; cur
 * ends at the last point, evaluated with its Hessian. */
static void newton(const struct fit_source *src, const struct sample *sm, struct newton *nt,
                   double target, const struct fit_options *o)
{
    size_t p = src->nterms;
    double prev = 0;
    nt->converged = nt->cur.gnorm <= target;
    while (!nt->converged && nt->iterations < o->max_iter) {
        newton_step(&nt->cur, nt->A, nt->step, p);
        bool hessian = needs_hessian(o, nt, prev, target);
        if (!line_search(src, sm, &nt->cur, &nt->next, nt->step, hessian))
            break;
        if (!hessian)
            memcpy(nt->next.H, nt->cur.H, p * p * sizeof *nt->next.H);
        nt->stale = hessian ? 0 : nt->stale + 1;
        prev = nt->cur.gnorm;
        swap_points(&nt->cur, &nt->next);
        nt->iterations++;
        nt->converged = nt->cur.gnorm <= target;
        if (o->progress)
            o->progress(o->progress_ctx, sm->n, nt->iterations, nt->cur.gnorm);
    }
}

void fit_defaults(struct fit_options *o)
{
    *o = (struct fit_options){.C = 1, .max_iter = 100, .tol = 1e-8, .warm_rows = 50000};
}

/* The warm start's target, relative to its gradient at 0: the subsample's
 * solution differs from all rows' by its sampling error, about 1/sqrt(n)
 * of that gradient, so solving it closer than a hundredth gains nothing. */
#define WARM_TOL 1e-2

/* Start nt from the solution on every stride-th row, if there are enough
 * rows for a subsample to save passes; true if it did.  Every stride-th row
 * is a fair sample, with the loss weighted to stand for all rows: its
 * solution is close to the full one, and so is its Hessian there, which
 * the first step on all rows takes (a pass of all rows without the Hessian
 * costs half of one with it).  Copied out, the subsample stays in cache for
 * the passes of its Newton steps. */
static bool warm_start(const struct fit_source *src, const struct fit_options *o, struct newton *nt,
                       struct fit_result *res)
{
    if (!o->warm_rows || src->rows < 2 * o->warm_rows)
        return false;
    size_t stride = src->rows / o->warm_rows;
    struct sample warm = {.stride = stride, .n = (src->rows + stride - 1) / stride};
    warm.C = o->C * (double)src->rows / (double)warm.n;
    evaluate(src, &warm, &nt->cur, true, NULL);
    newton(src, &warm, nt, WARM_TOL * nt->cur.gnorm, o);
    res->warm_rows = warm.n;
    res->warm_iterations = nt->iterations;
    return true;
}

/*
 * The point of a fit at C' that ended (at C) where `from` did: with r =
 * C'/C and w the coefficients but the intercept, the loss's part of each
 * figure scales by r and the penalty's does not:
 *     f' = r (f - |w|^2/2) + |w|^2/2,  g' = r (g - w) + w,  H' = r (H - I) + I.
 * Returns the norm of the gradient at 0 under C' (r times C's).
 */
static double start_from(const struct fit_result *from, double C, struct point *pt, size_t p)
{
    const struct fit_end *e = from->end;
    double r = C / e->C, half_w2 = 0;
    memcpy(pt->theta, from->theta, p * sizeof *pt->theta);
    for (size_t k = 0; k < p; k++) {
        double w = k ? pt->theta[k] : 0;
        half_w2 += 0.5 * w * w;
        pt->g[k] = r * (e->g[k] - w) + w;
        for (size_t j = 0; j < p; j++) {
            double eye = j == k && k ? 1 : 0;
            pt->H[k * p + j] = r * (e->H[k * p + j] - eye) + eye;
        }
    }
    pt->f = r * (e->f - half_w2) + half_w2;
    pt->gnorm = la_norm(p, pt->g);
    pt->gap = e->gap;
    return r * e->zero_norm;
}

/* The last point into res->end, if the options ask for it. */
static void keep_end(const struct fit_options *o, struct newton *nt, double zero_norm,
                     struct fit_result *res)
{
    res->end = NULL;
    if (!o->keep_end)
        return;
    struct fit_end *e = xmalloc(sizeof *e);
    *e = (struct fit_end){.C = o->C,
                          .g = nt->cur.g,
                          .H = nt->cur.H,
                          .f = nt->cur.f,
                          .gap = nt->cur.gap,
                          .zero_norm = zero_norm};
    nt->cur.g = nt->cur.H = NULL;
    res->end = e;
}

void fit_source_run(const struct fit_source *src, const struct fit_options *o,
                    struct fit_result *res)
{
    size_t p = src->nterms;
    if (p > MODEL_MAX_TERMS)
        die("%zu model terms are too many (at most %d: the Hessian alone would take %.1f GB); "
            "exclude columns or lower --max-levels",
            p, MODEL_MAX_TERMS, (double)p * (double)p * 8 / 1e9);
    struct newton nt = {.cur = point_new(p), .next = point_new(p)};
    nt.A = xreallocarray(NULL, p * p, sizeof *nt.A);
    nt.step = xreallocarray(NULL, p, sizeof *nt.step);

    struct sample all = {.n = src->rows, .C = o->C};
    double *g_zero = xreallocarray(NULL, p, sizeof *g_zero);
    res->warm_rows = 0;
    res->warm_iterations = 0;
    /* The convergence target is relative to the gradient at 0. */
    double zero_norm;
    if (o->from) {
        zero_norm = start_from(o->from, o->C, &nt.cur, p);
    } else {
        bool warm = warm_start(src, o, &nt, res);
        evaluate(src, &all, &nt.cur, !warm, g_zero);
        zero_norm = la_norm(p, g_zero);
        /* A point that ends the fit has its own Hessian (the covariance's) */
        if (warm && (nt.cur.gnorm <= o->tol * zero_norm || o->max_iter <= 0))
            evaluate(src, &all, &nt.cur, true, NULL);
    }
    nt.iterations = 0;
    nt.stale = 0; /* cur's Hessian is its own, start_from's or the subsample's */
    newton(src, &all, &nt, o->tol * zero_norm, o);
    free(g_zero);

    res->nterms = p;
    res->theta = nt.cur.theta;
    nt.cur.theta = NULL;
    res->cov = NULL;
    if (!o->lazy_hessian) {
        res->cov = xreallocarray(NULL, p * p, sizeof *res->cov);
        covariance(&nt.cur, o->C, nt.A, res->cov, p);
    }
    res->iterations = nt.iterations;
    res->converged = nt.converged;
    res->objective = nt.cur.f;
    res->gradient_norm = nt.cur.gnorm;
    res->separated = nt.cur.gap > 0;
    keep_end(o, &nt, zero_norm, res);
    point_free(&nt.cur);
    point_free(&nt.next);
    free(nt.A);
    free(nt.step);
}

/* A design in memory as a fit_source: its rows, and the strided subsample
 * copied out on first use, so that its passes run in cache. */
struct held {
    const struct design *d;
    struct work all;
    struct design *sub;
    struct work part;
    bool one_thread;
};

static void held_sums(void *ctx, size_t stride, const double *theta, struct fit_sums *s)
{
    struct held *h = ctx;
    if (!stride) {
        design_sums(&h->all, theta, s, s->g_zero);
        return;
    }
    if (!h->sub) {
        h->sub = design_subsample(h->d, 0, stride);
        work_init(&h->part, h->sub, h->one_thread, true);
    }
    design_sums(&h->part, theta, s, s->g_zero);
}

void fit_logistic(const struct design *d, const struct fit_options *o, struct fit_result *res)
{
    struct held h = {.d = d, .one_thread = o->one_thread};
    struct fit_source src = {.nterms = d->nterms, .rows = d->rows, .sums = held_sums, .ctx = &h};
    if (d->nterms <= MODEL_MAX_TERMS)
        work_init(&h.all, d, o->one_thread, true);
    fit_source_run(&src, o, res);
    work_free(&h.all);
    if (h.sub) {
        work_free(&h.part);
        design_free(h.sub);
    }
}

void fit_design_sums(const struct design *d, const double *theta, struct fit_sums *s)
{
    struct work wk;
    work_init(&wk, d, false, false);
    design_sums(&wk, theta, s, s->g_zero);
    work_free(&wk);
}

void fit_result_free(struct fit_result *res)
{
    free(res->theta);
    free(res->cov);
    if (res->end) {
        free(res->end->g);
        free(res->end->H);
        free(res->end);
    }
}
