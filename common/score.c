/* score.c - a model applied to the rows of a table; see score.h. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmath.h"
#include "err.h"
#include "levels.h"
#include "num.h"
#include "tally.h"
#include "xalloc.h"

struct input {
    const struct model_feature *f;
    size_t col;
    struct levels *levels; /* a categorical feature's levels, by id: */
    double *coef;          /* their coefficients (the reference's is 0) */
    struct tally odd;      /* unseen levels (the first kept), or imputed values */
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

/* A field's text: through tsv_fields where it applies, else tsv_get. */
struct row {
    const struct tsv_reader *r;
    char *const *field;
    const size_t *len;
};

static struct row row_of(const struct tsv_reader *r)
{
    struct row w = {.r = r};
    if (!tsv_fields(r, &w.field, &w.len))
        w.field = NULL;
    return w;
}

static const char *text(const struct row *w, size_t col, size_t *len)
{
    if (w->field) {
        *len = w->len[col];
        return w->field[col];
    }
    *len = tsv_len(w->r, col);
    return tsv_get(w->r, col);
}

/* A numeric feature's term into *term; where the value cannot be scored,
 * false if soft, else dies naming the line and column. */
static bool numeric_term(struct input *in, const struct row *w, bool impute_mean, bool soft,
                         double *term)
{
    const struct model_feature *f = in->f;
    const struct tsv_reader *r = w->r;
    double x;
    bool have;
    if (soft) {
        size_t len;
        const char *t = text(w, in->col, &len);
        enum num_status st = num_parse_n(t, len, &x);
        if (st != NUM_OK && st != NUM_EMPTY)
            return false;
        have = st == NUM_OK;
    } else {
        have = tsv_number(r, in->col, &x);
    }
    if (f->indicator) {
        x = have ? 0 : 1;
        have = true;
    } else if (!have && f->imputed) {
        x = f->fill; /* the model's own rule, pm-fit --impute */
        have = true;
    }
    if (!have) {
        if (!impute_mean) {
            if (soft)
                return false;
            tsv_die_col(r, in->col, "missing value (--impute-mean scores it at the training mean)");
        }
        tally_note(&in->odd, NULL, tsv_line(r));
        *term = 0;
        return true;
    }
    double t = f->coef * ((x - f->mean) / f->scale);
    if (isfinite(t) || f->coef == 0) { /* a feature with no weight adds 0, whatever x */
        *term = isfinite(t) ? t : 0;
        return true;
    }
    if (soft)
        return false;
    char q[ERR_QUOTE_SIZE];
    tsv_die_col(r, in->col,
                "'%s' is too far from the training values to score (its term overflows)",
                err_quote(q, tsv_get(r, in->col)));
}

static double level_term(struct input *in, const struct row *w)
{
    size_t len;
    const char *level = text(w, in->col, &len);
    long id = levels_index(in->levels, level, len);
    if (id >= 0)
        return in->coef[id];
    tally_note(&in->odd, level, tsv_line(w->r));
    return 0;
}

static bool explain(struct scorer *s, const struct tsv_reader *r, double *terms, bool soft,
                    double *score)
{
    struct row w = row_of(r);
    double z = s->m->intercept;
    for (size_t i = 0; i < s->m->nf; i++) {
        struct input *in = &s->in[i];
        double t;
        if (in->f->categorical)
            t = level_term(in, &w);
        else if (!numeric_term(in, &w, s->impute_mean, soft, &t))
            return false;
        if (terms)
            terms[i] = t;
        z += t;
    }
    *score = 1 / (1 + dm_exp(-z));
    return true;
}

double scorer_score(struct scorer *s, const struct tsv_reader *r)
{
    return scorer_explain(s, r, NULL);
}

double scorer_explain(struct scorer *s, const struct tsv_reader *r, double *terms)
{
    double score;
    explain(s, r, terms, false, &score);
    return score;
}

bool scorer_try(struct scorer *s, const struct tsv_reader *r, double *terms, double *score)
{
    return explain(s, r, terms, true, score);
}

void scorer_merge(struct scorer *into, struct scorer *from, unsigned long lines_before)
{
    for (size_t i = 0; i < into->m->nf; i++)
        tally_join(&into->in[i].odd, &from->in[i].odd, lines_before);
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
        if (!in->odd.n)
            continue;
        if (in->f->categorical)
            warn("%s: column '%s': %llu %s with a level unseen in training (first '%s', "
                 "line %lu) scored as the reference level '%s'",
                 input, in->f->name, in->odd.n, in->odd.n == 1 ? "row" : "rows",
                 err_quote(q, in->odd.first), in->odd.line, in->f->reference);
        else
            warn("%s: column '%s': %llu missing %s (first at line %lu) scored at the "
                 "training mean",
                 input, in->f->name, in->odd.n, in->odd.n == 1 ? "value" : "values", in->odd.line);
    }
}

void scorer_free(struct scorer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->m->nf; i++) {
        tally_free(&s->in[i].odd);
        levels_free(s->in[i].levels);
        free(s->in[i].coef);
    }
    free(s->in);
    free(s);
}
