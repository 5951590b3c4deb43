/* score.c - a model applied to the rows of a table; see score.h. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmath.h"
#include "err.h"
#include "levels.h"
#include "num.h"
#include "xalloc.h"

struct input {
    const struct model_feature *f;
    size_t col;
    struct levels *levels;  /* a categorical feature's levels, by id: */
    double *coef;           /* their coefficients (the reference's is 0) */
    unsigned long long odd; /* unseen levels, or imputed values */
    char *first_odd;        /* the first unseen level */
    unsigned long first_line;
};

struct scorer {
    const struct model *m;
    struct input *in;
    bool impute_mean;
};

/* A hash table of the levels, the reference first: one lookup a value. */
static void index_levels(struct input *in)
{
    const struct model_feature *f = in->f;
    in->levels = levels_new(0);
    in->coef = xreallocarray(NULL, f->nlevels + 1, sizeof *in->coef);
    in->coef[levels_add(in->levels, f->reference, strlen(f->reference))] = 0;
    for (size_t k = 0; k < f->nlevels; k++)
        in->coef[levels_add(in->levels, f->levels[k].name, strlen(f->levels[k].name))] =
            f->levels[k].coef;
}

struct scorer *scorer_new(const struct model *m, const struct tsv_reader *r, bool impute_mean)
{
    struct scorer *s = xcalloc(1, sizeof *s);
    s->m = m;
    s->impute_mean = impute_mean;
    s->in = xcalloc(m->nf, sizeof *s->in);
    for (size_t i = 0; i < m->nf; i++) {
        struct input *in = &s->in[i];
        in->f = &m->f[i];
        in->col = tsv_column(r, m->f[i].indicator ? m->f[i].indicator : m->f[i].name);
        if (in->f->categorical)
            index_levels(in);
    }
    return s;
}

/* A missing value in a model without fill values: --impute-mean's 0 term. */
static double missing_term(struct input *in, const struct tsv_reader *r, bool impute_mean)
{
    if (!impute_mean)
        tsv_die_col(r, in->col, "missing value (--impute-mean scores it at the training mean)");
    if (in->odd++ == 0)
        in->first_line = tsv_line(r);
    return 0;
}

static double numeric_term(struct input *in, const struct tsv_reader *r, bool impute_mean)
{
    const struct model_feature *f = in->f;
    double x;
    bool present = tsv_number(r, in->col, &x);
    if (f->indicator)
        x = present ? 0 : 1;
    else if (!present && f->imputed)
        x = f->fill; /* the model's own rule, pm-fit --impute */
    else if (!present)
        return missing_term(in, r, impute_mean);
    double term = f->coef * ((x - f->mean) / f->scale);
    if (isfinite(term) || f->coef == 0) /* a feature with no weight adds 0, whatever x */
        return isfinite(term) ? term : 0;
    char q[ERR_QUOTE_SIZE];
    tsv_die_col(r, in->col,
                "'%s' is too far from the training values to score (its term overflows)",
                err_quote(q, tsv_get(r, in->col)));
}

static double level_term(struct input *in, const struct tsv_reader *r)
{
    const char *level = tsv_get(r, in->col);
    long id = levels_index(in->levels, level, tsv_len(r, in->col));
    if (id >= 0)
        return in->coef[id];
    if (in->odd++ == 0) {
        in->first_odd = xstrdup(level);
        in->first_line = tsv_line(r);
    }
    return 0;
}

double scorer_score(struct scorer *s, const struct tsv_reader *r)
{
    return scorer_explain(s, r, NULL);
}

double scorer_explain(struct scorer *s, const struct tsv_reader *r, double *terms)
{
    double z = s->m->intercept;
    for (size_t i = 0; i < s->m->nf; i++) {
        struct input *in = &s->in[i];
        double t = in->f->categorical ? level_term(in, r) : numeric_term(in, r, s->impute_mean);
        if (terms)
            terms[i] = t;
        z += t;
    }
    return 1 / (1 + dm_exp(-z));
}

size_t scorer_column(const struct scorer *s, size_t i)
{
    return s->in[i].col;
}

void scorer_report(const struct scorer *s, const char *input)
{
    for (size_t i = 0; i < s->m->nf; i++) {
        const struct input *in = &s->in[i];
        char q[ERR_QUOTE_SIZE];
        if (!in->odd)
            continue;
        if (in->f->categorical)
            warn("%s: column '%s': %llu %s with a level unseen in training (first '%s', "
                 "line %lu) scored as the reference level '%s'",
                 input, in->f->name, in->odd, in->odd == 1 ? "row" : "rows",
                 err_quote(q, in->first_odd), in->first_line, in->f->reference);
        else
            warn("%s: column '%s': %llu missing %s (first at line %lu) scored at the "
                 "training mean",
                 input, in->f->name, in->odd, in->odd == 1 ? "value" : "values", in->first_line);
    }
}

void scorer_free(struct scorer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->m->nf; i++) {
        free(s->in[i].first_odd);
        levels_free(s->in[i].levels);
        free(s->in[i].coef);
    }
    free(s->in);
    free(s);
}
