/* fit_model.c - the model of a logistic fit; see fit_model.h. */
#include "fit_model.h"

#include <math.h>
#include <stdlib.h>

#include "xalloc.h"

static void from_numeric(struct model_feature *mf, const struct design_feature *f,
                         const struct fit_result *fr)
{
    size_t p = fr->nterms;
    mf->mean = f->mean;
    mf->scale = f->scale;
    mf->imputed = f->imputed;
    mf->fill = f->fill;
    mf->coef = fr->theta[f->term];
    mf->std_error = sqrt(fr->cov[f->term * p + f->term]);
}

static void from_categorical(struct model_feature *mf, const struct design_feature *f,
                             const struct fit_result *fr)
{
    size_t p = fr->nterms;
    mf->categorical = true;
    mf->reference = xstrdup(f->levels[0]);
    mf->nlevels = f->nlevels - 1;
    mf->levels = xcalloc(mf->nlevels, sizeof *mf->levels);
    for (size_t k = 0; k < mf->nlevels; k++) {
        size_t t = f->term + k;
        mf->levels[k] = (struct model_level){.name = xstrdup(f->levels[k + 1]),
                                             .coef = fr->theta[t],
                                             .std_error = sqrt(fr->cov[t * p + t])};
    }
}

/* The intercept per raw unit, b - sum(w m / s), and its standard error
 * a' cov a with a = (1, -m/s for each numeric term, 0 elsewhere). */
static void original_intercept(struct model *m, const struct design *d, const struct fit_result *fr)
{
    size_t p = fr->nterms;
    double *a = xcalloc(p, sizeof *a);
    a[0] = 1;
    m->intercept_original = fr->theta[0];
    for (size_t i = 0; i < d->nf; i++) {
        const struct design_feature *f = &d->f[i];
        if (f->type != DESIGN_NUMERIC)
            continue;
        a[f->term] = -f->mean / f->scale;
        m->intercept_original -= fr->theta[f->term] * f->mean / f->scale;
    }
    double var = 0;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            var += a[i] * fr->cov[i * p + j] * a[j];
    m->intercept_original_std_error = sqrt(fmax(var, 0));
    free(a);
}

struct model *fit_model(const struct design *d, const struct fit_result *fr, const char *target,
                        const char *positive)
{
    struct model *m = xcalloc(1, sizeof *m);
    m->target = xstrdup(target);
    m->positive = xstrdup(positive ? positive : "1");
    m->intercept = fr->theta[0];
    m->intercept_std_error = sqrt(fr->cov[0]);
    original_intercept(m, d, fr);
    m->nf = d->nf;
    m->f = xcalloc(d->nf, sizeof *m->f);
    for (size_t i = 0; i < d->nf; i++) {
        m->f[i].name = xstrdup(d->f[i].name);
        if (d->f[i].indicator)
            m->f[i].indicator = xstrdup(d->f[d->f[i].source].name);
        if (d->f[i].type == DESIGN_NUMERIC)
            from_numeric(&m->f[i], &d->f[i], fr);
        else
            from_categorical(&m->f[i], &d->f[i], fr);
    }
    return m;
}
