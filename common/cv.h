/*
 * cv.h - cross-validation of the logistic fit over a grid of C.
 *
 * For each fold, the rows of the other folds are made a design of their
 * own (design_part: levels, reference levels, means and scales, and with
 * imputation fill values and indicators, from those rows alone, as a
 * pipeline refitted inside each split does), fitted at
 * every C of the grid, and the fold's rows scored: log loss and AUC by the
 * evaluation tools' definitions (rank.h).  The grid is walked from the
 * smallest C up, each fit starting from the solution at the C before it;
 * the figures come out in the grid's own order.  A level of a held-out row
 * that the other folds lack scores as an unseen level does at prediction
 * time (no term), and is counted.
 *
 * The chosen C has the lowest mean log loss, or with CV_AUC the highest
 * mean AUC; a tie goes to the first in the grid.  Means and standard
 * deviations are over the folds, each fold counting once (the standard
 * deviation with divisor K, as scikit-learn's GridSearchCV reports it).
 *
 * The folds run two at a time, on two threads.  Everything is
 * deterministic: the same design, folds and grid give the same figures to
 * the last bit on any machine and whichever thread fits which fold (fit.h).
 */
#ifndef PM_CV_H
#define PM_CV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "design.h"
#include "fit.h"
#include "impute.h"

enum cv_metric { CV_LOG_LOSS, CV_AUC };

struct cv_spec {
    const double *C; /* the grid, nC > 0 values, each > 0 */
    size_t nC;
    enum cv_metric metric;
    /* IMPUTE_NONE, or how each fold's training part fills its missing
     * numeric values (impute.h): from its own rows, as a pipeline with an
     * imputer refitted inside each split does; a held-out row takes them */
    enum impute_strategy impute;
    struct fit_options fit; /* the options of every fit (C and start are set here) */
};

struct cv_result {
    size_t nC, nfolds;
    double *C;                /* the grid, in its order */
    char **fold_names;        /* nfolds labels */
    size_t *rows, *positives; /* held out, per fold */
    size_t *unseen;           /* held-out values of a level the other folds lack */
    double *log_loss, *auc;   /* nC x nfolds: [c * nfolds + k] */
    double *mean_log_loss, *sd_log_loss, *mean_auc, *sd_auc; /* per C */
    size_t best;                                             /* the chosen C's index */
};

/* k stratified folds of d's rows into fold (d->rows entries, 0..k-1): each
 * class shuffled by a generator seeded with seed and dealt out in turn, the
 * responders carrying on where the non-responders stopped, so that every
 * fold's rows and responders are within one of an equal share. */
void cv_stratified(const struct design *d, size_t k, uint64_t seed, uint32_t *fold);

/* Cross-validate on d (not standardized; with spec->impute, not imputed:
 * its missing numeric values NaN) with each row i in fold[i] <
 * nfolds, the folds labelled by names (copied).  Dies naming the fold if
 * the rows outside it, or (with CV_AUC) in it, are all of one class. */
void cv_run(const struct design *d, const uint32_t *fold, char *const *names, size_t nfolds,
            const struct cv_spec *spec, struct cv_result *res);

/* The report as TSV: a header, a line per C and fold (C, fold, rows,
 * positives, unseen, log_loss, auc), then per C its mean and sd lines. */
void cv_write(const struct cv_result *res, FILE *fp);

void cv_result_free(struct cv_result *res);

/* Mean and standard deviation (divisor n) of n values, in index order. */
void cv_mean_sd(const double *v, size_t n, double *mean, double *sd);
/* v as num_format writes it (nothing for NaN or an infinity), then end. */
void cv_put_number(FILE *fp, double v, char end);
/* A report line's fold cells, each followed by a TAB: the fold's name (or
 * "mean", "sd"), its rows, responders and values of unseen levels. */
void cv_put_fold(FILE *fp, const char *name, size_t rows, size_t positives, size_t unseen);

#endif
