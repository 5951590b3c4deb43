/* impute.c - missing numeric values filled, with indicator features; see impute.h. */
#include "impute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "err.h"
#include "sort.h"
#include "xalloc.h"

enum impute_strategy impute_arg(const char *arg)
{
    if (strcmp(arg, "mean") == 0)
        return IMPUTE_MEAN;
    if (strcmp(arg, "median") == 0)
        return IMPUTE_MEDIAN;
    char q[ERR_QUOTE_SIZE];
    die_usage("option '--impute': '%s' is neither mean nor median", err_quote(q, arg));
}

const char *impute_name(enum impute_strategy s)
{
    return s == IMPUTE_MEDIAN ? "median" : "mean";
}

/* The values of x[0, n) that are not NaN, copied; *m of them. */
static double *present(const double *x, size_t n, size_t *m)
{
    double *v = xreallocarray(NULL, n ? n : 1, sizeof *v);
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            v[(*m)++] = x[i];
    return v;
}

/* The mean of v[0, m), summed with Neumaier's compensation, or the median. */
static double fill_value(double *v, size_t m, enum impute_strategy s)
{
    if (s == IMPUTE_MEDIAN) {
        sort_doubles(v, m);
        return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    }
    struct csum sum = {0};
    for (size_t i = 0; i < m; i++)
        csum_add(&sum, v[i]);
    return csum_value(&sum) / (double)m;
}

/* The rows of x[0, n) that are missing (NaN). */
static size_t missing_rows(const double *x, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += isnan(x[i]);
    return m;
}

/* Die if a feature of d already has the name of feature j's indicator. */
static void check_indicator_name(const struct design *d, size_t j, const char *input)
{
    const char *base = d->f[j].name;
    size_t len = strlen(base);
    for (size_t k = 0; k < d->nf; k++) {
        const char *other = d->f[k].name;
        if (strncmp(other, base, len) == 0 && strcmp(other + len, "_missing") == 0)
            die("%s: column '%s' is the name of the indicator of '%s''s missing values; "
                "rename it or leave it out with --exclude %s",
                input, other, base, other);
    }
}

void impute_check(const struct design *d, enum impute_strategy s, const char *input)
{
    for (size_t j = 0; j < d->nf; j++) {
        if (d->f[j].type != DESIGN_NUMERIC)
            continue;
        size_t m = missing_rows(d->f[j].x, d->rows);
        if (m == d->rows)
            die("%s: column '%s' has no value to take its %s from; leave it out with --exclude %s",
                input, d->f[j].name, impute_name(s), d->f[j].name);
        if (m)
            check_indicator_name(d, j, input);
    }
}

/* A new numeric feature: 1 where feature j of d was missing. */
static void add_indicator(struct design *d, size_t j)
{
    const char *base = d->f[j].name;
    char *name;
    if (asprintf(&name, "%s_missing", base) < 0)
        die("out of memory");
    d->f = xreallocarray(d->f, d->nf + 1, sizeof *d->f);
    struct design_feature *g = &d->f[d->nf++];
    const struct design_feature *f = &d->f[j];
    *g = (struct design_feature){
        .name = name, .type = DESIGN_NUMERIC, .term = d->nterms++, .indicator = true, .source = j};
    g->x = xreallocarray(NULL, d->rows ? d->rows : 1, sizeof *g->x);
    for (size_t i = 0; i < d->rows; i++)
        g->x[i] = isnan(f->x[i]) ? 1 : 0;
}

void impute_design(struct design *d, enum impute_strategy s, const char *input)
{
    impute_check(d, s, input);
    size_t nf = d->nf;
    for (size_t j = 0; j < nf; j++) {
        if (d->f[j].type != DESIGN_NUMERIC)
            continue;
        size_t m;
        double *v = present(d->f[j].x, d->rows, &m);
        d->f[j].fill = fill_value(v, m, s);
        d->f[j].imputed = true;
        free(v);
        if (m == d->rows)
            continue;
        add_indicator(d, j);
        struct design_feature *f = &d->f[j];
        for (size_t i = 0; i < d->rows; i++)
            if (isnan(f->x[i]))
                f->x[i] = f->fill;
    }
}
