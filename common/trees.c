/* trees.c - fitting boosted trees; see trees.h. */
#include "trees.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cv.h"
#include "err.h"
#include "num.h"
#include "rank.h"
#include "scored.h"
#include "sort.h"
#include "treerows.h"
#include "xalloc.h"

/* The feature of d a constraint names: a numeric one, named once in both
 * lists together. */
static size_t constrained(const struct design *d, const struct trees_options *o, const char *opt,
                          const char *name)
{
    size_t j = 0;
    while (j < d->nf && strcmp(d->f[j].name, name) != 0)
        j++;
    if (j == d->nf)
        die("%s: '%s' is not a feature", opt, name);
    if (d->f[j].type != DESIGN_NUMERIC)
        die("%s: '%s' is categorical; a constraint needs a numeric column", opt, name);
    size_t seen = 0;
    for (size_t i = 0; i < o->nincreasing; i++)
        seen += strcmp(o->increasing[i], name) == 0;
    for (size_t i = 0; i < o->ndecreasing; i++)
        seen += strcmp(o->decreasing[i], name) == 0;
    if (seen > 1)
        die("--increasing, --decreasing: '%s' is constrained twice", name);
    return j;
}

/* -1, 0 or 1 for each feature of d, or NULL when none is constrained; every
 * name is checked before the array is made. */
static signed char *monotone(const struct design *d, const struct trees_options *o)
{
    if (o->nincreasing + o->ndecreasing == 0)
        return NULL;
    for (size_t i = 0; i < o->nincreasing; i++)
        constrained(d, o, "--increasing", o->increasing[i]);
    for (size_t i = 0; i < o->ndecreasing; i++)
        constrained(d, o, "--decreasing", o->decreasing[i]);
    signed char *m = xcalloc(d->nf, sizeof *m);
    for (size_t i = 0; i < o->nincreasing; i++)
        m[constrained(d, o, "--increasing", o->increasing[i])] = 1;
    for (size_t i = 0; i < o->ndecreasing; i++)
        m[constrained(d, o, "--decreasing", o->decreasing[i])] = -1;
    return m;
}

/* A model of trees for the columns of d, its booster not yet trained:
 * booster NULL, bst NULL. */
static struct model *trees_model(const struct design *d, const struct booster_params *p,
                                 const signed char *monotone, const char *target,
                                 const char *positive)
{
    struct model *m = xcalloc(1, sizeof *m);
    m->kind = MODEL_TREES;
    m->target = xstrdup(target);
    m->positive = xstrdup(positive ? positive : "1");
    m->nf = d->nf;
    m->f = xcalloc(d->nf, sizeof *m->f);
    for (size_t i = 0; i < d->nf; i++) {
        const struct design_feature *f = &d->f[i];
        struct model_feature *mf = &m->f[i];
        mf->name = xstrdup(f->name);
        mf->monotone = monotone ? monotone[i] : 0;
        if (f->type != DESIGN_CATEGORICAL)
            continue;
        mf->categorical = true;
        mf->nlevels = f->nlevels;
        mf->levels = xcalloc(f->nlevels, sizeof *mf->levels);
        for (size_t k = 0; k < f->nlevels; k++)
            mf->levels[k].name = xstrdup(f->levels[k]);
    }
    m->params = *p;
    m->best_round = -1;
    return m;
}

/* Every numeric value within float32's range, checked before anything is
 * allocated for the matrix. */
static void check_range(const struct design *d)
{
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        for (size_t i = 0; f->type == DESIGN_NUMERIC && i < d->rows; i++)
            if (isinf((float)f->x[i]))
                die("column '%s': %g is beyond the range of float32, which the trees take", f->name,
                    f->x[i]);
    }
}

/* Row i of d as XGBoost's float32 inputs, dst[d->nf]. */
static void put_row(const struct design *d, size_t i, float *dst)
{
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC)
            dst[j] = (float)f->x[i];
        else
            dst[j] = f->level[i] == DESIGN_MISSING_LEVEL ? NAN : (float)f->level[i];
    }
}

/* The rows of d, or with fold the rows outside fold k, for booster_rows. */
struct part {
    const struct design *d;
    const uint32_t *fold; /* NULL: every row */
    uint32_t k;
    size_t at; /* the row of d after the last one given */
};

static void fill_part(void *ctx, size_t first, size_t n, float *dst)
{
    struct part *p = ctx;
    if (first == 0)
        p->at = 0;
    else if (!p->fold)
        p->at = first;
    for (size_t m = 0; m < n; m++, p->at++) {
        while (p->fold && p->fold[p->at] == p->k)
            p->at++;
        put_row(p->d, p->at, dst + m * p->d->nf);
    }
}

struct table {
    float *x, *y;
    size_t rows, cap;
};

/* The validation table, its rows as pm-predict would see them. */
static void read_valid(const struct trees_options *o, const struct model *m, struct table *t)
{
    struct tsv_reader *r =
        tsv_open(o->valid, &(struct tsv_options){.format = o->format, .na = o->na, .nna = o->nna});
    struct treerows *tr = treerows_new(m, r);
    size_t target = tsv_column(r, m->target);
    bool labelled = strcmp(m->positive, "1") != 0;
    while (tsv_next(r)) {
        if (t->rows == t->cap) {
            size_t cap = t->cap;
            t->y = xgrow(t->y, &cap, t->rows + 1, sizeof *t->y);
            t->x = xreallocarray(t->x, cap, m->nf * sizeof *t->x);
            t->cap = cap;
        }
        if (labelled && tsv_len(r, target) == 0)
            tsv_die_col(r, target, "missing value");
        t->y[t->rows] = labelled
                            ? strcmp(tsv_get(r, target), m->positive) == 0
                            : tsv_zero_one(r, target, "name the positive value with --positive");
        treerows_fill(tr, r, t->x + t->rows * m->nf);
        t->rows++;
    }
    if (t->rows == 0)
        die("%s: no data rows", tsv_name(r));
    treerows_report(tr, tsv_name(r));
    treerows_free(tr);
    tsv_close(r);
}

struct model *trees_fit(const struct design *d, const struct trees_options *o, const char *target,
                        const char *positive)
{
    signed char *mono = monotone(d, o);
    struct model *m = trees_model(d, &o->params, mono, target, positive);
    struct table valid = {0};
    if (o->valid)
        read_valid(o, m, &valid);
    check_range(d);
    char **names = xreallocarray(NULL, d->nf, sizeof *names);
    bool *categorical = xreallocarray(NULL, d->nf, sizeof *categorical);
    for (size_t j = 0; j < d->nf; j++) {
        names[j] = d->f[j].name;
        categorical[j] = d->f[j].type == DESIGN_CATEGORICAL;
    }
    struct booster_columns cols = {names, categorical, mono, d->nf};
    struct part all = {.d = d};
    struct booster_rows train = {d->rows, d->nf, d->y, fill_part, &all};
    struct booster_data v = {valid.x, valid.y, valid.rows, d->nf};
    struct booster_fit bf;
    booster_train(&train, o->valid ? &v : NULL, &cols, &o->params, &bf);
    m->booster = bf.json;
    m->rounds = bf.rounds;
    m->best_round = bf.best_round;
    m->best_score = bf.best_score;
    free(names);
    free(categorical);
    free(valid.x);
    free(valid.y);
    free(mono);
    return m;
}

/* ---------- cross-validation of the rounds ---------- */

/* One fold: its boosters' training rows and its own rows as XGBoost takes them. */
struct cv_fold {
    struct booster *b;
    float *x;    /* the fold's rows, levels the others lack missing */
    size_t rows; /* how many */
};

/* Which levels of categorical feature f the rows outside fold k have. */
static bool *seen_levels(const struct design *d, const struct design_feature *f,
                         const uint32_t *fold, uint32_t k)
{
    bool *seen = xcalloc(f->nlevels + 1, sizeof *seen);
    for (size_t i = 0; i < d->rows; i++)
        if (fold[i] != k && f->level[i] != DESIGN_MISSING_LEVEL)
            seen[f->level[i]] = true;
    return seen;
}

/* The rows of fold k as a matrix of their own (*n rows), each level the
 * other folds do not have a missing value; *unseen counts those. */
static float *held_out(const struct design *d, const uint32_t *fold, uint32_t k, size_t *n,
                       size_t *unseen)
{
    size_t nf = d->nf, m = 0;
    float *out = xreallocarray(NULL, d->rows ? d->rows : 1, nf * sizeof *out);
    for (size_t i = 0; i < d->rows; i++)
        if (fold[i] == k)
            put_row(d, i, out + m++ * nf);
    *n = m;
    *unseen = 0;
    for (size_t j = 0; j < nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type != DESIGN_CATEGORICAL)
            continue;
        bool *seen = seen_levels(d, f, fold, k);
        for (size_t i = 0; i < m; i++) {
            float v = out[i * nf + j];
            if (!isnan(v) && !seen[(size_t)v]) {
                out[i * nf + j] = NAN;
                ++*unseen;
            }
        }
        free(seen);
    }
    return xreallocarray(out, m ? m : 1, nf * sizeof *out);
}

/* Log loss or AUC of the fold's rows under the booster's rounds so far. */
static double measure(struct booster *b, const struct design *d, const float *x,
                      const uint32_t *fold, uint32_t k, size_t n, enum booster_metric which)
{
    struct booster_data data = {x, NULL, n, d->nf};
    const float *p = booster_predict(b, &data, BOOSTER_PROBABILITY);
    struct scored s = {0};
    for (size_t i = 0, m = 0; i < d->rows; i++)
        if (fold[i] == k)
            scored_add(&s, d->y[i], p[m++]);
    sort_doubles(s.pos, s.npos);
    sort_doubles(s.neg, s.nneg);
    struct rank_summary sum;
    rank_summarize(&s, 20, &sum);
    free(s.pos);
    free(s.neg);
    return which == BOOSTER_AUC ? sum.auc : sum.log_loss;
}

/* The folds' held-out rows, and their boosters started on the other rows. */
static struct cv_fold *start_folds(const struct design *d, const uint32_t *fold,
                                   const struct trees_options *o,
                                   const struct booster_columns *cols, struct trees_cv *res)
{
    struct cv_fold *f = xcalloc(res->nfolds, sizeof *f);
    for (uint32_t k = 0; k < res->nfolds; k++) {
        size_t ntrain = d->rows - res->rows[k], npos = d->positives - res->positives[k];
        if (npos == 0 || npos == ntrain)
            die("cross-validation: the rows outside fold '%s' are all of one class; a model "
                "needs both (use fewer folds)",
                res->fold_names[k]);
        f[k].x = held_out(d, fold, k, &f[k].rows, &res->unseen[k]);
        uint8_t *y = xreallocarray(NULL, ntrain, sizeof *y);
        for (size_t i = 0, m = 0; i < d->rows; i++)
            if (fold[i] != k)
                y[m++] = d->y[i];
        struct part part = {.d = d, .fold = fold, .k = k};
        struct booster_rows train = {ntrain, d->nf, y, fill_part, &part};
        f[k].b = booster_start(&train, cols, &o->params);
        free(y);
    }
    return f;
}

/* Count each fold's rows; die if one has a single class (no AUC, and a
 * log loss of one class says little). */
static void count_folds(const struct design *d, const uint32_t *fold, struct trees_cv *res)
{
    for (size_t i = 0; i < d->rows; i++) {
        res->rows[fold[i]]++;
        res->positives[fold[i]] += d->y[i];
    }
    for (size_t k = 0; k < res->nfolds; k++)
        if (res->positives[k] == 0 || res->positives[k] == res->rows[k])
            die("cross-validation: fold '%s' has %s", res->fold_names[k],
                res->rows[k] ? "rows of one class only" : "no rows");
}

void trees_cross_validate(const struct design *d, const uint32_t *fold, char *const *names,
                          size_t nfolds, const struct trees_options *o, enum booster_metric which,
                          struct trees_cv *res)
{
    int most = o->params.rounds;
    *res = (struct trees_cv){.nfolds = nfolds, .which = which};
    res->fold_names = xreallocarray(NULL, nfolds, sizeof *res->fold_names);
    for (size_t k = 0; k < nfolds; k++)
        res->fold_names[k] = xstrdup(names[k]);
    res->rows = xcalloc(nfolds, sizeof *res->rows);
    res->positives = xcalloc(nfolds, sizeof *res->positives);
    res->unseen = xcalloc(nfolds, sizeof *res->unseen);
    count_folds(d, fold, res);
    res->metric = xreallocarray(NULL, (size_t)most * nfolds, sizeof *res->metric);
    res->mean = xreallocarray(NULL, (size_t)most, sizeof *res->mean);
    res->sd = xreallocarray(NULL, (size_t)most, sizeof *res->sd);

    signed char *mono = monotone(d, o);
    check_range(d);
    char **cnames = xreallocarray(NULL, d->nf, sizeof *cnames);
    bool *categorical = xreallocarray(NULL, d->nf, sizeof *categorical);
    for (size_t j = 0; j < d->nf; j++) {
        cnames[j] = d->f[j].name;
        categorical[j] = d->f[j].type == DESIGN_CATEGORICAL;
    }
    struct booster_columns cols = {cnames, categorical, mono, d->nf};
    struct cv_fold *f = start_folds(d, fold, o, &cols, res);
    int since = 0;
    res->best = 1;
    for (int r = 0; r < most; r++) {
        double *row = res->metric + (size_t)r * nfolds;
        for (uint32_t k = 0; k < nfolds; k++) {
            booster_round(f[k].b);
            row[k] = measure(f[k].b, d, f[k].x, fold, k, f[k].rows, which);
        }
        cv_mean_sd(row, nfolds, &res->mean[r], &res->sd[r]);
        res->rounds = r + 1;
        double best = res->mean[res->best - 1];
        bool better = which == BOOSTER_AUC ? res->mean[r] > best : res->mean[r] < best;
        if (r == 0 || better) {
            res->best = r + 1;
            since = 0;
        } else if (o->params.patience > 0 && ++since >= o->params.patience) {
            break;
        }
    }
    for (size_t k = 0; k < nfolds; k++) {
        booster_free(f[k].b);
        free(f[k].x);
    }
    free(f);
    free(cnames);
    free(categorical);
    free(mono);
}

void trees_cv_write(const struct trees_cv *res, FILE *fp)
{
    fprintf(fp, "rounds\tfold\trows\tpositives\tunseen\t%s\n",
            res->which == BOOSTER_AUC ? "auc" : "log_loss");
    size_t rows = 0, positives = 0, unseen = 0;
    for (size_t k = 0; k < res->nfolds; k++) {
        rows += res->rows[k];
        positives += res->positives[k];
        unseen += res->unseen[k];
    }
    for (int r = 0; r < res->rounds; r++) {
        for (size_t k = 0; k < res->nfolds; k++) {
            fprintf(fp, "%d\t", r + 1);
            cv_put_fold(fp, res->fold_names[k], res->rows[k], res->positives[k], res->unseen[k]);
            cv_put_number(fp, res->metric[(size_t)r * res->nfolds + k], '\n');
        }
        fprintf(fp, "%d\t", r + 1);
        cv_put_fold(fp, "mean", rows, positives, unseen);
        cv_put_number(fp, res->mean[r], '\n');
        fprintf(fp, "%d\t", r + 1);
        cv_put_fold(fp, "sd", rows, positives, unseen);
        cv_put_number(fp, res->sd[r], '\n');
    }
}

void trees_cv_free(struct trees_cv *res)
{
    for (size_t k = 0; k < res->nfolds; k++)
        free(res->fold_names[k]);
    free(res->fold_names);
    free(res->rows);
    free(res->positives);
    free(res->unseen);
    free(res->metric);
    free(res->mean);
    free(res->sd);
}
