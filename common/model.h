/*
 * model.h - the model file: what pm-fit writes and pm-predict reads.
 *
 * A JSON object (written with jw.h, read with jansson):
 *
 *   format     {"name": "pm-model", "version": 1}; any other name or version
 *              is refused, so a newer file is never misread
 *   target     the column the model predicts; positive: its value that is 1
 *   intercept  {coefficient, std_error, original, original_std_error}
 *   features   in order, each {name, type, ...}:
 *                numeric:     mean, scale, coefficient, std_error, original,
 *                             and with --impute fill (what a missing value takes);
 *                             an indicator COLUMN_missing (1 where COLUMN is
 *                             missing) is numeric with "indicator": COLUMN
 *                categorical: reference (the dropped first level), levels:
 *                             [{level, coefficient, std_error}] in byte order
 *   training   rows, positives, C, iterations, converged, objective,
 *              gradient_norm, warm_start ({rows, iterations} or null),
 *              options, input {name, sha256}, tool, timestamp
 *
 * A model of boosted trees (pm-fit --trees) says so with "kind": "trees"
 * after format (a file without kind is the logistic model, whose bytes are
 * as they always were), and holds instead of intercept and coefficients:
 *
 *   features   in order, each {name, type}, a categorical one with levels:
 *              [level, ...], the training levels in byte order, whose index
 *              is the value XGBoost sees; monotone: 1 or -1 where constrained
 *   parameters XGBoost's parameters, as set (eta, max_depth, ...)
 *   training   rows, positives, rounds (the trees kept), best_round (the
 *              round early stopping chose, from 0, or null), options,
 *              input, tool, timestamp, as for the logistic model
 *   booster    XGBoost's own JSON of the trees, as one string: what
 *              `jq -r .booster` prints is a file xgboost.Booster.load_model
 *              reads
 *
 * coefficient is on the standardized scale (scikit-learn's coef_); original
 * is per unit of the raw column: coefficient / scale, and for the intercept
 * the intercept minus the sum of coefficient * mean / scale.  A level's
 * coefficient is the same on both scales.
 *
 * model_read() reads a file with CR LF line ends or a UTF-8 byte order mark
 * as the same file without.  It checks everything pm-predict relies on and
 * dies with the file name and what is wrong: not JSON, not a pm model,
 * another version, a missing or mistyped key ("features[2].scale: expected
 * a positive number"), a repeated name or level, a name or level with a TAB
 * or a line break (which no TSV column holds), more terms than pm-fit fits
 * (MODEL_MAX_TERMS), or a tree model's feature of more than MODEL_MAX_LEVELS
 * levels.
 *
 * So that a wrong file cannot exhaust memory (jansson takes 100 to 250 bytes
 * for each JSON value), a file over MODEL_MAX_BYTES, or one of more than
 * MODEL_MAX_VALUES values (counted in one pass over its bytes), is refused
 * before it is parsed: reading a model takes at most about 250 MB, and a
 * model of pm-fit's, under 10,000 terms, far less.
 */
#ifndef PM_MODEL_H
#define PM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "booster.h"

#define MODEL_FORMAT_NAME    "pm-model"
#define MODEL_FORMAT_VERSION 1
#define MODEL_MAX_BYTES      (64L << 20)
#define MODEL_MAX_VALUES     250000

/* The most terms of a logistic model (the intercept, numeric features,
 * levels but the first): pm-fit's Hessian of p terms takes 8 p^2 bytes. */
#define MODEL_MAX_TERMS 10000
/* The most levels of a tree model's feature: a level is a 16-bit id, one
 * value of which stands for a missing value. */
#define MODEL_MAX_LEVELS 65535

struct model_level {
    char *name;
    double coef, std_error;
};

struct model_feature {
    char *name;
    bool categorical;
    signed char monotone; /* trees: 1 increasing, -1 decreasing, 0 free */
    /* numeric */
    double mean, scale, coef, std_error;
    bool imputed; /* a missing value takes fill (pm-fit --impute) */
    double fill;
    char *indicator; /* NULL, or the column whose missing values this 0/1 term marks */
    /* categorical */
    char *reference;
    struct model_level *levels; /* the levels but the reference, in byte order
                                   (trees: every level, coefficients 0) */
    size_t nlevels;
};

enum model_kind { MODEL_LOGISTIC, MODEL_TREES };

struct model {
    enum model_kind kind;
    char *target, *positive;
    double intercept, intercept_std_error;
    double intercept_original, intercept_original_std_error;
    struct model_feature *f;
    size_t nf;
    /* trees */
    char *booster;                /* XGBoost's JSON */
    struct booster *bst;          /* it, loaded (model_read) */
    struct booster_params params; /* as trained (read back: rounds only) */
    int rounds, best_round;       /* best_round -1 when not stopped early */
    double best_score;
};

/* What pm-fit records about a run, for the "training" object. */
/* The cross-validation that chose C, for the model's record. */
struct model_cv {
    const double *grid; /* the values of C tried, in the order given; NULL for
                           trees, which tried 1 to ngrid rounds */
    size_t ngrid;
    const char *metric;   /* "log_loss" or "auc" */
    const char *fold_col; /* the column naming the folds, or NULL: stratified */
    size_t nfolds;
    unsigned long long seed;                /* of the stratified folds */
    const double *mean_log_loss, *mean_auc; /* per value of C or round; NULL: not measured */
};

struct model_training {
    size_t rows, positives;
    double C;
    int max_iter;
    size_t max_levels;
    int iterations;
    bool converged;
    double objective, gradient_norm;
    size_t warm_rows; /* the subsample that started the fit, or 0 */
    int warm_iterations;
    char **features; /* the options as given; NULL when not */
    size_t nfeatures;
    char **exclude;
    size_t nexclude;
    char **categorical;
    size_t ncategorical;
    const char *valid;     /* trees: the early-stopping file, or NULL */
    const char *impute;    /* "mean", "median", or NULL */
    const char *reference; /* --reference as given, or NULL */
    char **na;             /* --na's spellings */
    size_t nna;
    const char *input; /* "stdin" or the path */
    const char *sha256;
    long long timestamp;       /* seconds since the epoch, UTC */
    const struct model_cv *cv; /* NULL: C was given */
};

/* Write m and t as JSON (write errors are left to out_close). */
void model_write(const struct model *m, const struct model_training *t, FILE *fp);
/* Read and check a model file ("-": stdin); dies on any defect. */
struct model *model_read(const char *file);

/* What a model predicts: its target column and positive label (NULL when
 * the target holds 0 and 1), both newly allocated; the file is checked as a
 * pm model but its features are not read (-m of the evaluation tools). */
struct model_label {
    char *target, *positive;
};
struct model_label model_read_label(const char *file);
void model_free(struct model *m);

#endif
