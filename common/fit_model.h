/*
 * fit_model.h - the model (model.h) of a logistic fit (fit.h) of a design
 * (design.h): the conversion lives on the fitting side, so that the model
 * file knows nothing of how a model is trained.
 */
#ifndef PM_FIT_MODEL_H
#define PM_FIT_MODEL_H

#include "design.h"
#include "fit.h"
#include "model.h"

/* The model of a fit of d (standardized), predicting target == positive. */
struct model *fit_model(const struct design *d, const struct fit_result *fr, const char *target,
                        const char *positive);

#endif
