/* treerows.c - table rows as a tree model's inputs; see treerows.h. */
#include "treerows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "levels.h"
#include "xalloc.h"

struct column {
    const struct model_feature *f;
    size_t col;
    struct levels *levels; /* a categorical column's, by index */
    unsigned long long unseen;
    char *first_unseen;
    unsigned long first_line;
};

struct treerows {
    struct column *c;
    size_t n;
};

struct treerows *treerows_new(const struct model *m, const struct tsv_reader *r)
{
    struct treerows *t = xcalloc(1, sizeof *t);
    t->n = m->nf;
    t->c = xcalloc(m->nf, sizeof *t->c);
    for (size_t j = 0; j < m->nf; j++) {
        struct column *c = &t->c[j];
        c->f = &m->f[j];
        c->col = tsv_column(r, c->f->name);
        if (!c->f->categorical)
            continue;
        c->levels = levels_new(0);
        for (size_t k = 0; k < c->f->nlevels; k++)
            levels_add(c->levels, c->f->levels[k].name, strlen(c->f->levels[k].name));
    }
    return t;
}

static float number(const struct column *c, const struct tsv_reader *r)
{
    double x;
    if (!tsv_number(r, c->col, &x))
        return NAN;
    float v = (float)x;
    char q[ERR_QUOTE_SIZE];
    if (isinf(v))
        tsv_die_col(r, c->col, "'%s' is beyond the range of float32, which the trees take",
                    err_quote(q, tsv_get(r, c->col)));
    return v;
}

static float level(struct column *c, const struct tsv_reader *r)
{
    size_t len = tsv_len(r, c->col);
    if (len == 0)
        return NAN;
    long id = levels_index(c->levels, tsv_get(r, c->col), len);
    if (id >= 0)
        return (float)id;
    if (c->unseen++ == 0) {
        c->first_unseen = xstrdup(tsv_get(r, c->col));
        c->first_line = tsv_line(r);
    }
    return NAN;
}

void treerows_fill(struct treerows *t, const struct tsv_reader *r, float *dst)
{
    for (size_t j = 0; j < t->n; j++)
        dst[j] = t->c[j].levels ? level(&t->c[j], r) : number(&t->c[j], r);
}

size_t treerows_column(const struct treerows *t, size_t j)
{
    return t->c[j].col;
}

void treerows_report(const struct treerows *t, const char *input)
{
    for (size_t j = 0; j < t->n; j++) {
        const struct column *c = &t->c[j];
        char q[ERR_QUOTE_SIZE];
        if (c->unseen)
            warn("%s: column '%s': %llu %s with a level unseen in training (first '%s', "
                 "line %lu) scored as a missing value",
                 input, c->f->name, c->unseen, c->unseen == 1 ? "row" : "rows",
                 err_quote(q, c->first_unseen), c->first_line);
    }
}

void treerows_free(struct treerows *t)
{
    if (!t)
        return;
    for (size_t j = 0; j < t->n; j++) {
        levels_free(t->c[j].levels);
        free(t->c[j].first_unseen);
    }
    free(t->c);
    free(t);
}
