/* treerows.c - table rows as a tree model's inputs; see treerows.h. */
#include "treerows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "levels.h"
#include "num.h"
#include "tally.h"
#include "xalloc.h"

struct column {
    const struct model_feature *f;
    size_t col;
    struct levels *levels; /* a categorical column's, by index */
    struct tally unseen;   /* levels unseen in training, the first kept */
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

/* A numeric column's value into *v; where it cannot be taken, false if
 * soft, else dies naming the line and column. */
static bool number(const struct column *c, const struct tsv_reader *r, bool soft, float *v)
{
    double x;
    if (soft) {
        enum num_status st = num_parse_n(tsv_get(r, c->col), tsv_len(r, c->col), &x);
        if (st == NUM_EMPTY) {
            *v = NAN;
            return true;
        }
        if (st != NUM_OK)
            return false;
    } else if (!tsv_number(r, c->col, &x)) {
        *v = NAN;
        return true;
    }
    *v = (float)x;
    if (!isinf(*v))
        return true;
    if (soft)
        return false;
    char q[ERR_QUOTE_SIZE];
    tsv_die_col(r, c->col, "'%s' is beyond the range of float32, which the trees take",
                err_quote(q, tsv_get(r, c->col)));
}

static float level(struct column *c, const struct tsv_reader *r)
{
    size_t len = tsv_len(r, c->col);
    if (len == 0)
        return NAN;
    long id = levels_index(c->levels, tsv_get(r, c->col), len);
    if (id >= 0)
        return (float)id;
    tally_note(&c->unseen, tsv_get(r, c->col), tsv_line(r));
    return NAN;
}

static bool fill(struct treerows *t, const struct tsv_reader *r, bool soft, float *dst)
{
    for (size_t j = 0; j < t->n; j++) {
        if (t->c[j].levels)
            dst[j] = level(&t->c[j], r);
        else if (!number(&t->c[j], r, soft, &dst[j]))
            return false;
    }
    return true;
}

void treerows_fill(struct treerows *t, const struct tsv_reader *r, float *dst)
{
    fill(t, r, false, dst);
}

bool treerows_try_fill(struct treerows *t, const struct tsv_reader *r, float *dst)
{
    return fill(t, r, true, dst);
}

void treerows_merge(struct treerows *into, struct treerows *from, unsigned long lines_before)
{
    for (size_t j = 0; j < into->n; j++)
        tally_join(&into->c[j].unseen, &from->c[j].unseen, lines_before);
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
        if (c->unseen.n)
            warn("%s: column '%s': %llu %s with a level unseen in training (first '%s', "
                 "line %lu) scored as a missing value",
                 input, c->f->name, c->unseen.n, c->unseen.n == 1 ? "row" : "rows",
                 err_quote(q, c->unseen.first), c->unseen.line);
    }
}

void treerows_free(struct treerows *t)
{
    if (!t)
        return;
    for (size_t j = 0; j < t->n; j++) {
        levels_free(t->c[j].levels);
        tally_free(&t->c[j].unseen);
    }
    free(t->c);
    free(t);
}
