/* trees.c - fitting boosted trees; see trees.h. */
#include "trees.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "treerows.h"
#include "xalloc.h"

/* -1, 0 or 1 for each feature of d, or NULL when none is constrained. */
static signed char *monotone(const struct design *d, const struct trees_options *o)
{
    if (o->nincreasing + o->ndecreasing == 0)
        return NULL;
    signed char *m = xcalloc(d->nf, sizeof *m);
    char **lists[2] = {o->increasing, o->decreasing};
    size_t sizes[2] = {o->nincreasing, o->ndecreasing};
    const char *opts[2] = {"--increasing", "--decreasing"};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sizes[k]; i++) {
            size_t j = 0;
            while (j < d->nf && strcmp(d->f[j].name, lists[k][i]) != 0)
                j++;
            if (j == d->nf)
                die("%s: '%s' is not a feature", opts[k], lists[k][i]);
            if (d->f[j].type != DESIGN_NUMERIC)
                die("%s: '%s' is categorical; a constraint needs a numeric column", opts[k],
                    lists[k][i]);
            if (m[j])
                die("%s: '%s' is constrained twice", opts[k], lists[k][i]);
            m[j] = k == 0 ? 1 : -1;
        }
    return m;
}

/* The design as XGBoost's row-major float32 matrix and labels. */
static float *matrix(const struct design *d, float **labels)
{
    float *x = xreallocarray(NULL, d->rows, d->nf * sizeof *x);
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        for (size_t i = 0; i < d->rows; i++) {
            float v;
            if (f->type == DESIGN_NUMERIC)
                v = (float)f->x[i];
            else
                v = f->level[i] == DESIGN_MISSING_LEVEL ? NAN : (float)f->level[i];
            if (isinf(v))
                die("column '%s': %g is beyond the range of float32, which the trees take", f->name,
                    f->x[i]);
            x[i * d->nf + j] = v;
        }
    }
    *labels = xreallocarray(NULL, d->rows, sizeof **labels);
    for (size_t i = 0; i < d->rows; i++)
        (*labels)[i] = d->y[i];
    return x;
}

struct table {
    float *x, *y;
    size_t rows, cap;
};

/* The validation table, its rows as pm-predict would see them. */
static void read_valid(const struct trees_options *o, const struct model *m, struct table *t)
{
    struct tsv_reader *r = tsv_open(o->valid, &(struct tsv_options){.format = o->format});
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
    struct model *m = model_for_trees(d, &o->params, mono, target, positive);
    struct table valid = {0};
    if (o->valid)
        read_valid(o, m, &valid);
    float *y;
    float *x = matrix(d, &y);
    char **names = xreallocarray(NULL, d->nf, sizeof *names);
    bool *categorical = xreallocarray(NULL, d->nf, sizeof *categorical);
    for (size_t j = 0; j < d->nf; j++) {
        names[j] = d->f[j].name;
        categorical[j] = d->f[j].type == DESIGN_CATEGORICAL;
    }
    struct booster_columns cols = {names, categorical, mono, d->nf};
    struct booster_data train = {x, y, d->rows, d->nf};
    struct booster_data v = {valid.x, valid.y, valid.rows, d->nf};
    struct booster_fit bf;
    booster_train(&train, o->valid ? &v : NULL, &cols, &o->params, &bf);
    m->booster = bf.json;
    m->rounds = bf.rounds;
    m->best_round = bf.best_round;
    m->best_score = bf.best_score;
    free(names);
    free(categorical);
    free(x);
    free(y);
    free(valid.x);
    free(valid.y);
    free(mono);
    return m;
}
