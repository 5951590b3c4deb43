/* conform.c - a shard's rows in a known design's terms; see conform.h. */
#include "conform.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design_part.h"
#include "err.h"
#include "levels.h"
#include "num.h"
#include "xalloc.h"

/* What a header feature takes from each row. */
struct slot {
    size_t col; /* its column (an indicator's: its source's) */
    const struct design_feature *f;
    struct levels *ids; /* categorical: the header's levels, numbered as there */
    double one, zero;   /* an indicator's two values, standardized */
};

struct conform {
    const struct design *h;
    const char *positive;
    size_t target;
    struct slot *s;
};

struct conform *conform_new(const struct design *h, const struct design_spec *spec,
                            const struct tsv_reader *r)
{
    struct conform *c = xcalloc(1, sizeof *c);
    c->h = h;
    c->positive = spec->positive;
    c->target = tsv_column(r, spec->target);
    c->s = xcalloc(h->nf + 1, sizeof *c->s);
    for (size_t j = 0; j < h->nf; j++) {
        const struct design_feature *f = &h->f[j];
        struct slot *s = &c->s[j];
        s->f = f;
        if (f->indicator) {
            s->col = c->s[f->source].col;
            s->one = (1 - f->mean) / f->scale;
            s->zero = (0 - f->mean) / f->scale;
            continue;
        }
        s->col = tsv_column(r, f->name);
        if (f->type != DESIGN_CATEGORICAL)
            continue;
        s->ids = levels_new(0);
        for (size_t l = 0; l < f->nlevels; l++)
            levels_add(s->ids, f->levels[l], strlen(f->levels[l]));
    }
    return c;
}

void conform_free(struct conform *c)
{
    if (!c)
        return;
    for (size_t j = 0; j < c->h->nf; j++)
        levels_free(c->s[j].ids);
    free(c->s);
    free(c);
}

/* The rows' arrays of d, made room for n rows. */
static void reserve(struct design *d, size_t n)
{
    d->y = xreallocarray(d->y, n, sizeof *d->y);
    for (size_t j = 0; j < d->nf; j++) {
        struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC)
            f->x = xreallocarray(f->x, n, sizeof *f->x);
        else
            f->level = xreallocarray(f->level, n, sizeof *f->level);
    }
}

static uint8_t read_target(const struct conform *c, const struct tsv_reader *r)
{
    if (!c->positive)
        return tsv_zero_one(r, c->target, "name the positive value with --positive");
    if (tsv_len(r, c->target) == 0)
        tsv_die_col(r, c->target, "missing value");
    return strcmp(tsv_get(r, c->target), c->positive) == 0;
}

/* A numeric field, text[0, len) of column s->col of r's row, standardized
 * (its fill value if missing); *missing says whether it was. */
static double read_number(const struct slot *s, const struct tsv_reader *r, const char *text,
                          size_t len, bool *missing)
{
    const struct design_feature *f = s->f;
    double v;
    *missing = len == 0;
    if (*missing && !f->imputed)
        tsv_die_col(r, s->col,
                    "missing value, where the first pass had none (did the shard "
                    "change?)");
    if (*missing) {
        v = f->fill;
    } else {
        enum num_status st = num_parse_n(text, len, &v);
        char q[ERR_QUOTE_SIZE];
        if (st != NUM_OK)
            tsv_die_col(r, s->col,
                        "'%s' %s, where the first pass found numbers (did the shard "
                        "change?)",
                        err_quote(q, text), num_status_text(st));
    }
    return (v - f->mean) / f->scale;
}

static uint16_t read_level(const struct slot *s, const struct tsv_reader *r, const char *text,
                           size_t len)
{
    long id = levels_index(s->ids, text, len);
    char q[ERR_QUOTE_SIZE];
    if (id < 0)
        tsv_die_col(r, s->col, "level '%s' is not among the merged levels (did the shard change?)",
                    err_quote(q, text));
    return (uint16_t)id;
}

/* r's current row into row i of d: its fields straight from the reader's
 * arrays where it has them (no --na spellings), else one call a field. */
static void read_row(const struct conform *c, const struct tsv_reader *r, struct design *d,
                     size_t i, bool *missing)
{
    d->y[i] = read_target(c, r);
    d->positives += d->y[i];
    char *const *field;
    const size_t *flen;
    bool direct = tsv_fields(r, &field, &flen);
    for (size_t j = 0; j < d->nf; j++) {
        const struct slot *s = &c->s[j];
        struct design_feature *g = &d->f[j];
        if (s->f->indicator) {
            g->x[i] = missing[s->f->source] ? s->one : s->zero;
            continue;
        }
        const char *text = direct ? field[s->col] : tsv_get(r, s->col);
        size_t len = direct ? flen[s->col] : tsv_len(r, s->col);
        if (g->type == DESIGN_NUMERIC)
            g->x[i] = read_number(s, r, text, len, &missing[j]);
        else
            g->level[i] = read_level(s, r, text, len);
    }
}

struct design *conform_read(const struct conform *c, struct tsv_reader *r, size_t max_rows,
                            size_t first, size_t stride, size_t *read)
{
    /* h's features, with none of its rows: a subsample from past its last */
    struct design *d = design_subsample(c->h, c->h->rows, 1);
    bool *missing = xcalloc(d->nf + 1, sizeof *missing);
    size_t cap = 0, n = 0;
    for (; (!max_rows || n < max_rows) && tsv_next(r); n++) {
        if (stride && (first + n) % stride != 0)
            continue;
        if (d->rows == cap) {
            cap = cap ? 2 * cap : max_rows && !stride ? max_rows : 4096;
            reserve(d, cap);
        }
        read_row(c, r, d, d->rows++, missing);
    }
    if (cap == 0)
        reserve(d, 1);
    free(missing);
    *read = n;
    return d;
}
