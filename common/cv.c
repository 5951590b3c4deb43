/* cv.c - cross-validation over a grid of C; see cv.h. */
#include "cv.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "design_part.h"
#include "design_scale.h"
#include "dmath.h"
#include "err.h"
#include "impute.h"
#include "num.h"
#include "rank.h"
#include "rng.h"
#include "scored.h"
#include "sort.h"
#include "xalloc.h"

/* ---------- folds ---------- */

static void shuffle(struct rng *g, size_t *v, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rng_below(g, i);
        size_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

void cv_stratified(const struct design *d, size_t k, uint64_t seed, uint32_t *fold)
{
    struct rng g;
    rng_seed(&g, seed);
    size_t *rows = xreallocarray(NULL, d->rows, sizeof *rows), next = 0;
    for (int cls = 0; cls <= 1; cls++) {
        size_t n = 0;
        for (size_t i = 0; i < d->rows; i++)
            if (d->y[i] == cls)
                rows[n++] = i;
        shuffle(&g, rows, n);
        for (size_t i = 0; i < n; i++, next++)
            fold[rows[i]] = (uint32_t)(next % k);
    }
    free(rows);
}

/* ---------- one fold ---------- */

/* Held-out row i's value of the part's numeric feature g: d's own, or with
 * the part's imputation (impute.h) its fill where d's is missing, and for an
 * indicator whether its source is missing. */
static double held_out_value(const struct design *d, const struct design_feature *g, size_t j,
                             size_t i)
{
    if (g->indicator)
        return isnan(d->f[g->source].x[i]) ? 1 : 0;
    double v = d->f[j].x[i];
    return g->imputed && isnan(v) ? g->fill : v;
}

/*
 * A fold's held-out rows as the part's fits see them, made once for all
 * values of C: each numeric feature standardized by the part's mean and
 * scale, each categorical one as the part's level id (DESIGN_ABSENT for a
 * level the part lacks, which adds nothing and is counted).  A row's
 * values and levels are those of its features, each kind in the part's
 * order.
 */
struct held_out {
    size_t n, nnum, ncat;
    uint8_t *y;
    double *x;       /* n x nnum: the numeric features' values */
    uint16_t *level; /* n x ncat: the categorical features' levels */
    size_t unseen;
};

static void held_out_init(struct held_out *h, const struct design *d, const uint32_t *fold,
                          uint32_t k, const struct design *part, uint16_t **map)
{
    *h = (struct held_out){0};
    for (size_t i = 0; i < d->rows; i++)
        h->n += fold[i] == k;
    for (size_t j = 0; j < part->nf; j++) {
        if (part->f[j].type == DESIGN_NUMERIC)
            h->nnum++;
        else
            h->ncat++;
    }
    h->y = xreallocarray(NULL, h->n + 1, sizeof *h->y);
    h->x = xreallocarray(NULL, h->n * h->nnum + 1, sizeof *h->x);
    h->level = xreallocarray(NULL, h->n * h->ncat + 1, sizeof *h->level);
    double *x = h->x;
    uint16_t *level = h->level;
    for (size_t i = 0, r = 0; i < d->rows; i++) {
        if (fold[i] != k)
            continue;
        h->y[r++] = d->y[i];
        for (size_t j = 0; j < part->nf; j++) {
            const struct design_feature *g = &part->f[j];
            if (g->type == DESIGN_NUMERIC) {
                *x++ = (held_out_value(d, g, j, i) - g->mean) / g->scale;
                continue;
            }
            uint16_t l = map[j][d->f[j].level[i]];
            *level++ = l;
            h->unseen += l == DESIGN_ABSENT;
        }
    }
}

static void held_out_free(struct held_out *h)
{
    free(h->y);
    free(h->x);
    free(h->level);
}

/* The logit of held-out row r under theta, fitted on part: its features'
 * terms in the part's order. */
static double held_out_logit(const struct held_out *h, const struct design *part,
                             const double *theta, size_t r)
{
    double z = theta[0];
    const double *x = h->x + r * h->nnum;
    const uint16_t *level = h->level + r * h->ncat;
    for (size_t j = 0; j < part->nf; j++) {
        const struct design_feature *g = &part->f[j];
        if (g->type == DESIGN_NUMERIC) {
            z += theta[g->term] * *x++;
            continue;
        }
        uint16_t l = *level++;
        if (l != DESIGN_ABSENT && l > 0)
            z += theta[g->term + l - 1];
    }
    return z;
}

/* Log loss and AUC of the fold's rows under theta, as pm-metrics gives them. */
static void score_fold(const struct held_out *h, const struct design *part, const double *theta,
                       double *log_loss, double *auc)
{
    struct scored s = {0};
    for (size_t r = 0; r < h->n; r++)
        scored_add(&s, h->y[r], 1 / (1 + dm_exp(-held_out_logit(h, part, theta, r))));
    sort_doubles(s.pos, s.npos);
    sort_doubles(s.neg, s.nneg);
    struct rank_summary sum;
    rank_summarize(&s, 20, &sum);
    *log_loss = sum.log_loss;
    *auc = sum.auc;
    free(s.pos);
    free(s.neg);
}

/* The grid's indexes from the smallest C up (equal values in grid order):
 * an insertion sort, stable, for a grid is short. */
static size_t *path_order(const struct cv_spec *spec)
{
    size_t *order = xreallocarray(NULL, spec->nC, sizeof *order);
    for (size_t i = 0; i < spec->nC; i++) {
        size_t j = i;
        for (; j > 0 && spec->C[order[j - 1]] > spec->C[i]; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    return order;
}

static void free_map(uint16_t **map, size_t nf)
{
    for (size_t j = 0; j < nf; j++)
        free(map[j]);
    free(map);
}

/* What each fold needs, checked before the folds start on their threads
 * (so that no error ends the run from a thread): rows, both classes in the
 * other folds, and with CV_AUC in the fold too. */
static void check_fold(const struct design *d, uint32_t k, const struct cv_spec *spec,
                       const struct cv_result *res)
{
    size_t rows = d->rows - res->rows[k], positives = d->positives - res->positives[k];
    if (res->rows[k] == 0)
        die("cross-validation: fold '%s' has no rows", res->fold_names[k]);
    if (positives == 0 || positives == rows)
        die("cross-validation: the rows outside fold '%s' are all of one class; a model needs "
            "both (use fewer folds)",
            res->fold_names[k]);
    if (spec->metric == CV_AUC && (res->positives[k] == 0 || res->positives[k] == res->rows[k]))
        die("cross-validation: fold '%s' has rows of one class only, so no AUC",
            res->fold_names[k]);
}

/* With imputation, each numeric column must have a value outside each fold
 * to take the fold's fill from. */
static void check_fill(const struct design *d, const uint32_t *fold, const struct cv_spec *spec,
                       const struct cv_result *res)
{
    size_t *present = xcalloc(res->nfolds, sizeof *present);
    for (size_t j = 0; spec->impute && j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type != DESIGN_NUMERIC)
            continue;
        size_t all = 0;
        memset(present, 0, res->nfolds * sizeof *present);
        for (size_t i = 0; i < d->rows; i++)
            if (!isnan(f->x[i]))
                present[fold[i]]++, all++;
        size_t k = 0;
        while (k < res->nfolds && all != present[k])
            k++;
        if (k == res->nfolds)
            continue;
        free(present); /* nothing left allocated at the error */
        die("cross-validation: column '%s' has no value outside fold '%s' to take its %s from "
            "(use fewer folds)",
            f->name, res->fold_names[k], impute_name(spec->impute));
    }
    free(present);
}

/* Every C of the grid on fold k: fit on the other folds, score fold k;
 * the fits' passes on this thread alone if one_thread. */
static void run_fold(const struct design *d, const uint32_t *fold, uint32_t k,
                     const struct cv_spec *spec, const size_t *order, bool one_thread,
                     struct cv_result *res)
{
    uint16_t **map;
    struct design *part = design_part(d, fold, k, &map);
    if (spec->impute) /* cv_run has made sure it cannot fail */
        impute_design(part, spec->impute, "cross-validation");
    design_standardize(part);
    struct held_out h;
    held_out_init(&h, d, fold, k, part, map);
    res->unseen[k] = h.unseen;
    struct fit_result last = {0};
    for (size_t step = 0; step < spec->nC; step++) {
        size_t c = order[step];
        struct fit_options o = spec->fit;
        o.C = spec->C[c];
        o.keep_end = true;
        o.lazy_hessian = true;
        o.one_thread = one_thread;
        o.from = step ? &last : NULL;
        o.progress = NULL;
        struct fit_result fr;
        fit_logistic(part, &o, &fr);
        score_fold(&h, part, fr.theta, &res->log_loss[c * res->nfolds + k],
                   &res->auc[c * res->nfolds + k]);
        if (step)
            fit_result_free(&last);
        last = fr;
    }
    fit_result_free(&last);
    held_out_free(&h);
    free_map(map, d->nf);
    design_free(part);
}

/* The folds, taken in turn by two threads, each fold's fits on its taker's
 * thread alone but the last's (the other thread is then done or nearly).
 * Each fold writes only its own figures, and a fit's bits do not depend on
 * its threads (fit.h): the report is the same whichever thread runs what. */
struct folds_job {
    const struct design *d;
    const uint32_t *fold;
    const struct cv_spec *spec;
    size_t *order;
    struct cv_result *res;
    atomic_uint next; /* the next fold to take */
};

static void *run_folds(void *arg)
{
    struct folds_job *job = arg;
    size_t n = job->res->nfolds;
    for (unsigned k; (k = atomic_fetch_add(&job->next, 1)) < n;)
        run_fold(job->d, job->fold, k, job->spec, job->order, k + 1 < n, job->res);
    return NULL;
}

/* ---------- the whole search ---------- */

void cv_mean_sd(const double *v, size_t n, double *mean, double *sd)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    double m = s / (double)n, q = 0;
    for (size_t i = 0; i < n; i++)
        q += (v[i] - m) * (v[i] - m);
    *mean = m;
    *sd = sqrt(q / (double)n);
}

static void summarize(struct cv_result *res, enum cv_metric metric)
{
    res->best = 0;
    for (size_t c = 0; c < res->nC; c++) {
        cv_mean_sd(res->log_loss + c * res->nfolds, res->nfolds, &res->mean_log_loss[c],
                   &res->sd_log_loss[c]);
        cv_mean_sd(res->auc + c * res->nfolds, res->nfolds, &res->mean_auc[c], &res->sd_auc[c]);
        bool better = metric == CV_AUC ? res->mean_auc[c] > res->mean_auc[res->best]
                                       : res->mean_log_loss[c] < res->mean_log_loss[res->best];
        if (better)
            res->best = c;
    }
}

void cv_run(const struct design *d, const uint32_t *fold, char *const *names, size_t nfolds,
            const struct cv_spec *spec, struct cv_result *res)
{
    size_t nC = spec->nC;
    *res = (struct cv_result){.nC = nC, .nfolds = nfolds};
    res->C = xreallocarray(NULL, nC, sizeof *res->C);
    memcpy(res->C, spec->C, nC * sizeof *res->C);
    res->fold_names = xreallocarray(NULL, nfolds, sizeof *res->fold_names);
    for (size_t k = 0; k < nfolds; k++)
        res->fold_names[k] = xstrdup(names[k]);
    res->rows = xcalloc(nfolds, sizeof *res->rows);
    res->positives = xcalloc(nfolds, sizeof *res->positives);
    res->unseen = xcalloc(nfolds, sizeof *res->unseen);
    for (size_t i = 0; i < d->rows; i++) {
        res->rows[fold[i]]++;
        res->positives[fold[i]] += d->y[i];
    }
    res->log_loss = xreallocarray(NULL, nC * nfolds, sizeof *res->log_loss);
    res->auc = xreallocarray(NULL, nC * nfolds, sizeof *res->auc);
    res->mean_log_loss = xreallocarray(NULL, nC, sizeof(double));
    res->sd_log_loss = xreallocarray(NULL, nC, sizeof(double));
    res->mean_auc = xreallocarray(NULL, nC, sizeof(double));
    res->sd_auc = xreallocarray(NULL, nC, sizeof(double));
    for (uint32_t k = 0; k < nfolds; k++)
        check_fold(d, k, spec, res);
    check_fill(d, fold, spec, res);
    struct folds_job job = {
        .d = d, .fold = fold, .spec = spec, .order = path_order(spec), .res = res};
    pthread_t helper;
    bool threaded = pthread_create(&helper, NULL, run_folds, &job) == 0;
    run_folds(&job);
    if (threaded)
        pthread_join(helper, NULL);
    free(job.order);
    summarize(res, spec->metric);
}

/* ---------- the report ---------- */

void cv_put_fold(FILE *fp, const char *name, size_t rows, size_t positives, size_t unseen)
{
    fprintf(fp, "%s\t%zu\t%zu\t%zu\t", name, rows, positives, unseen);
}

void cv_put_number(FILE *fp, double v, char end)
{
    char buf[NUM_BUFSZ];
    if (isfinite(v))
        fwrite(buf, 1, num_format(v, buf), fp);
    fputc(end, fp);
}

void cv_write(const struct cv_result *res, FILE *fp)
{
    fputs("C\tfold\trows\tpositives\tunseen\tlog_loss\tauc\n", fp);
    size_t rows = 0, positives = 0, unseen = 0;
    for (size_t k = 0; k < res->nfolds; k++) {
        rows += res->rows[k];
        positives += res->positives[k];
        unseen += res->unseen[k];
    }
    for (size_t c = 0; c < res->nC; c++) {
        for (size_t k = 0; k < res->nfolds; k++) {
            cv_put_number(fp, res->C[c], '\t');
            cv_put_fold(fp, res->fold_names[k], res->rows[k], res->positives[k], res->unseen[k]);
            cv_put_number(fp, res->log_loss[c * res->nfolds + k], '\t');
            cv_put_number(fp, res->auc[c * res->nfolds + k], '\n');
        }
        cv_put_number(fp, res->C[c], '\t');
        cv_put_fold(fp, "mean", rows, positives, unseen);
        cv_put_number(fp, res->mean_log_loss[c], '\t');
        cv_put_number(fp, res->mean_auc[c], '\n');
        cv_put_number(fp, res->C[c], '\t');
        cv_put_fold(fp, "sd", rows, positives, unseen);
        cv_put_number(fp, res->sd_log_loss[c], '\t');
        cv_put_number(fp, res->sd_auc[c], '\n');
    }
}

void cv_result_free(struct cv_result *res)
{
    for (size_t k = 0; k < res->nfolds; k++)
        free(res->fold_names[k]);
    free(res->fold_names);
    free(res->C);
    free(res->rows);
    free(res->positives);
    free(res->unseen);
    free(res->log_loss);
    free(res->auc);
    free(res->mean_log_loss);
    free(res->sd_log_loss);
    free(res->mean_auc);
    free(res->sd_auc);
}
