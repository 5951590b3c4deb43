/* trees.c - fitting boosted trees; see trees.h. */
#include "trees.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
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

/* The design as XGBoost's row-major float32 matrix and labels. */
static float *matrix(const struct design *d, float **labels)
{
    check_range(d);
    float *x = xreallocarray(NULL, d->rows, d->nf * sizeof *x);
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        for (size_t i = 0; i < d->rows; i++) {
            if (f->type == DESIGN_NUMERIC)
                x[i * d->nf + j] = (float)f->x[i];
            else
                x[i * d->nf + j] = f->level[i] == DESIGN_MISSING_LEVEL ? NAN : (float)f->level[i];
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
