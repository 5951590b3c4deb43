/* reasons.c - reason codes; see reasons.h. */
#include "reasons.h"

#include <math.h>
#include <stdlib.h>

#include "num.h"
#include "xalloc.h"

void reasons_init(struct reasons *r, const struct model *m, size_t k, enum reasons_order by)
{
    r->m = m;
    r->k = k < m->nf ? k : m->nf;
    r->by = by;
    r->top = xreallocarray(NULL, r->k ? r->k : 1, sizeof *r->top);
    r->ntop = 0;
    r->digits = 0;
}

void reasons_free(struct reasons *r)
{
    free(r->top);
    r->top = NULL;
}

void reasons_header(const struct reasons *r, FILE *fp)
{
    for (size_t i = 1; i <= r->k; i++)
        fprintf(fp, "\treason_%zu\treason_%zu_logit", i, i);
}

static double key(const struct reasons *r, double c)
{
    return r->by == REASONS_BY_ABS ? fabs(c) : c;
}

/* Insertion into the k best so far: a term goes before the first it beats
 * strictly, so that ties keep the features' order. */
void reasons_rank(struct reasons *r, const double *contrib)
{
    r->ntop = 0;
    for (size_t j = 0; j < r->m->nf; j++) {
        if (contrib[j] == 0)
            continue;
        double v = key(r, contrib[j]);
        size_t at = r->ntop;
        while (at > 0 && v > key(r, contrib[r->top[at - 1]]))
            at--;
        if (at >= r->k)
            continue;
        size_t last = r->ntop < r->k ? r->ntop : r->k - 1;
        for (size_t i = last; i > at; i--)
            r->top[i] = r->top[i - 1];
        r->top[at] = j;
        if (r->ntop < r->k)
            r->ntop++;
    }
}

/* "column", or "column=level" for a categorical feature with a value. */
static void put_name(const struct model_feature *f, const char *value, bool with_value, FILE *fp)
{
    fputs(f->name, fp);
    if ((f->categorical || with_value) && *value) {
        putc('=', fp);
        fputs(value, fp);
    }
}

void reasons_write_tsv(const struct reasons *r, const char *const *values, const double *contrib,
                       FILE *fp)
{
    char buf[NUM_BUFSZ];
    for (size_t i = 0; i < r->k; i++) {
        putc('\t', fp);
        if (i >= r->ntop) {
            putc('\t', fp);
            continue;
        }
        size_t j = r->top[i];
        put_name(&r->m->f[j], values[j], false, fp);
        putc('\t', fp);
        fwrite(buf, 1, num_format(num_round(contrib[j], r->digits), buf), fp);
    }
}

void reasons_write_text(const struct reasons *r, const char *const *values, const double *contrib,
                        FILE *fp)
{
    for (size_t i = 0; i < r->ntop; i++) {
        size_t j = r->top[i];
        if (i)
            fputs(", ", fp);
        put_name(&r->m->f[j], values[j], true, fp);
        fprintf(fp, " (%+.2f)", contrib[j]);
    }
}
