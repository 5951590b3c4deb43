/*
 * drift_model.c - the inputs of a pm-fit model, for pm-psi; see drift.h.
 *
 * The model is read and checked by model_read() (model.h), as pm-predict
 * reads it; pm-psi takes each feature's name and type, in the model's order
 * (an indicator of missing values is no column of the table: it is left out).
 */
#include "drift.h"
#include "model.h"
#include "xalloc.h"

void drift_model_inputs(const char *path, struct drift_input **inputs, size_t *n)
{
    struct model *m = model_read(path);
    *inputs = xreallocarray(*inputs, *n + m->nf, sizeof **inputs);
    for (size_t i = 0; i < m->nf; i++)
        if (!m->f[i].indicator)
            (*inputs)[(*n)++] = (struct drift_input){xstrdup(m->f[i].name), m->f[i].categorical};
    model_free(m);
}
