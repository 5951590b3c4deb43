/* coef.c - a model's terms as a ranked table; see coef.h. */
#include "coef.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "xalloc.h"

struct term {
    char *name;
    const char *feature, *level;
    double coef, std_error, original;
};

static struct term *collect(const struct model *m, size_t *n)
{
    size_t cap = 0;
    *n = 0;
    struct term *t = NULL;
    for (size_t i = 0; i < m->nf; i++) {
        const struct model_feature *f = &m->f[i];
        size_t k = f->categorical ? f->nlevels : 1;
        t = xgrow(t, &cap, *n + k, sizeof *t);
        if (!f->categorical) {
            t[(*n)++] = (struct term){xstrdup(f->name), f->name,      "",
                                      f->coef,          f->std_error, f->coef / f->scale};
            continue;
        }
        for (size_t l = 0; l < f->nlevels; l++) {
            const struct model_level *lv = &f->levels[l];
            char *name;
            if (asprintf(&name, "%s=%s", f->name, lv->name) < 0)
                die("out of memory");
            t[(*n)++] = (struct term){name, f->name, lv->name, lv->coef, lv->std_error, lv->coef};
        }
    }
    return t;
}

static int by_size(const void *a, const void *b)
{
    const struct term *x = a, *y = b;
    double ax = fabs(x->coef), ay = fabs(y->coef);
    if (ax != ay)
        return ax < ay ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void put_number(double x, int digits, FILE *fp)
{
    char buf[NUM_BUFSZ];
    putc('\t', fp);
    fwrite(buf, 1, num_format(num_round(x, digits), buf), fp);
}

static void put_row(const struct term *t, int digits, FILE *fp)
{
    fprintf(fp, "%s\t%s\t%s", t->name, t->feature, t->level);
    put_number(t->coef, digits, fp);
    put_number(t->std_error, digits, fp);
    put_number(t->coef / t->std_error, digits, fp);
    put_number(t->original, digits, fp);
    putc('\n', fp);
}

void coef_table(const struct model *m, bool intercept, int digits, FILE *fp)
{
    fputs("term\tfeature\tlevel\tcoefficient\tstd_error\tz\toriginal\n", fp);
    if (intercept)
        put_row(&(struct term){"(intercept)", "", "", m->intercept, m->intercept_std_error,
                               m->intercept_original},
                digits, fp);
    size_t n;
    struct term *t = collect(m, &n);
    if (n > 1) /* qsort of NULL, even of nothing, is undefined */
        qsort(t, n, sizeof *t, by_size);
    for (size_t i = 0; i < n; i++) {
        put_row(&t[i], digits, fp);
        free(t[i].name);
    }
    free(t);
}

struct importance {
    const struct model_feature *f;
    double v[4]; /* total_gain, gain, cover, weight */
};

static int by_gain(const void *a, const void *b)
{
    const struct importance *x = a, *y = b;
    if (x->v[0] != y->v[0])
        return x->v[0] < y->v[0] ? 1 : -1;
    return strcmp(x->f->name, y->f->name);
}

void coef_importance(const struct model *m, int digits, FILE *fp)
{
    static const char *types[4] = {"total_gain", "gain", "cover", "weight"};
    char **names = xreallocarray(NULL, m->nf, sizeof *names);
    for (size_t j = 0; j < m->nf; j++)
        names[j] = m->f[j].name;
    struct importance *t = xcalloc(m->nf, sizeof *t);
    double *v = xreallocarray(NULL, m->nf, sizeof *v);
    for (int k = 0; k < 4; k++) {
        booster_importance(m->bst, names, m->nf, types[k], v);
        for (size_t j = 0; j < m->nf; j++)
            t[j].v[k] = v[j];
    }
    for (size_t j = 0; j < m->nf; j++)
        t[j].f = &m->f[j];
    qsort(t, m->nf, sizeof *t, by_gain);
    fputs("feature\ttype\ttotal_gain\tgain\tcover\tweight\n", fp);
    for (size_t j = 0; j < m->nf; j++) {
        fprintf(fp, "%s\t%s", t[j].f->name, t[j].f->categorical ? "categorical" : "numeric");
        for (int k = 0; k < 4; k++)
            put_number(t[j].v[k], digits, fp);
        putc('\n', fp);
    }
    free(v);
    free(t);
    free(names);
}
