/* booster.c - gradient-boosted trees through libxgboost; see booster.h. */
#include "booster.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "err.h"
#include "num.h"
#include "xalloc.h"

/* XGBoost's message, less its "[time] file:line: " prefix and stack trace. */
static const char *last_error(void)
{
    static char msg[512];
    const char *e = XGBGetLastError();
    const char *p = e[0] == '[' ? strstr(e, "]") : NULL;
    if (p) {
        const char *colon = strstr(p, ": ");
        if (colon)
            e = colon + 2;
    }
    size_t n = strcspn(e, "\n");
    if (n >= sizeof msg)
        n = sizeof msg - 1;
    memcpy(msg, e, n);
    msg[n] = '\0';
    return msg;
}

static void check(int rc, const char *what)
{
    if (rc != 0)
        die("xgboost: %s: %s", what, last_error());
}

void booster_defaults(struct booster_params *p)
{
    *p = (struct booster_params){.rounds = 100,
                                 .eta = 0.1,
                                 .depth = 3,
                                 .min_child_weight = 1,
                                 .lambda = 1,
                                 .subsample = 1,
                                 .colsample = 1,
                                 .max_bin = 256,
                                 .metric = BOOSTER_LOGLOSS};
}

/* Names and types, on a matrix (dm) or on the booster (bst), which keeps them
 * in its JSON. */
static void describe(DMatrixHandle dm, BoosterHandle bst, const struct booster_columns *cols)
{
    const char **types = xreallocarray(NULL, cols->n, sizeof *types);
    for (size_t j = 0; j < cols->n; j++)
        types[j] = cols->categorical[j] ? "c" : "float";
    const char **names = (const char **)cols->names;
    if (dm) {
        check(XGDMatrixSetStrFeatureInfo(dm, "feature_name", names, cols->n), "naming features");
        check(XGDMatrixSetStrFeatureInfo(dm, "feature_type", types, cols->n), "typing features");
    } else {
        check(XGBoosterSetStrFeatureInfo(bst, "feature_name", names, cols->n), "naming features");
        check(XGBoosterSetStrFeatureInfo(bst, "feature_type", types, cols->n), "typing features");
    }
    free(types);
}

static DMatrixHandle matrix(const struct booster_data *d, const struct booster_columns *cols)
{
    DMatrixHandle h;
    check(XGDMatrixCreateFromMat(d->x, d->rows, d->cols, NAN, &h), "making the matrix");
    if (d->y)
        check(XGDMatrixSetFloatInfo(h, "label", d->y, d->rows), "setting the labels");
    describe(h, NULL, cols);
    return h;
}

/* Bytes of a batch of rows handed to XGBoost while it bins the training
 * rows: few batches, as each costs XGBoost several parallel loops (their
 * threads wait at each loop's end), yet a small part of the peak. */
#define FEED_BYTES (16 << 20)

/* XGBoost's iterator over the training rows, a batch at a time. */
struct feed {
    const struct booster_rows *rows;
    DMatrixHandle proxy;
    float *x;     /* batch x cols */
    size_t batch; /* rows per batch */
    size_t next;  /* the first row of the next batch */
};

static int feed_next(DataIterHandle it)
{
    struct feed *f = it;
    const struct booster_rows *r = f->rows;
    if (f->next >= r->rows)
        return 0;
    size_t n = r->rows - f->next < f->batch ? r->rows - f->next : f->batch;
    r->fill(r->ctx, f->next, n, f->x);
    char array[160];
    snprintf(array, sizeof array,
             "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", "
             "\"version\": 3}",
             (unsigned long long)(uintptr_t)f->x, n, r->cols);
    check(XGProxyDMatrixSetDataDense(f->proxy, array), "handing over rows");
    f->next += n;
    return 1;
}

static void feed_reset(DataIterHandle it)
{
    ((struct feed *)it)->next = 0;
}

/* The training rows binned into a QuantileDMatrix, with their labels. */
static DMatrixHandle binned(const struct booster_rows *r, const struct booster_columns *cols,
                            const struct booster_params *p)
{
    struct feed f = {.rows = r, .batch = FEED_BYTES / (r->cols * sizeof *f.x) + 1};
    f.x = xreallocarray(NULL, f.batch, r->cols * sizeof *f.x);
    check(XGProxyDMatrixCreate(&f.proxy), "making the matrix");
    /* the sketch reads which columns are categorical from the proxy */
    describe(f.proxy, NULL, cols);
    char config[96];
    snprintf(config, sizeof config, "{\"missing\": NaN, \"nthread\": %d, \"max_bin\": %d}",
             p->threads, p->max_bin);
    DMatrixHandle h;
    check(XGQuantileDMatrixCreateFromCallback(&f, f.proxy, NULL, feed_reset, feed_next, config, &h),
          "binning the rows");
    XGDMatrixFree(f.proxy);
    free(f.x);
    char labels[160];
    snprintf(labels, sizeof labels,
             "{\"data\": [%llu, true], \"shape\": [%zu], \"typestr\": \"|u1\", "
             "\"version\": 3}",
             (unsigned long long)(uintptr_t)r->y, r->rows);
    check(XGDMatrixSetInfoFromInterface(h, "label", labels), "setting the labels");
    describe(h, NULL, cols);
    return h;
}

static void set_number(BoosterHandle h, const char *name, double v)
{
    char buf[NUM_BUFSZ];
    num_format(v, buf);
    check(XGBoosterSetParam(h, name, buf), name);
}

/* "(0,1,-1)", or NULL when no column is constrained. */
static char *monotone_text(const struct booster_columns *cols)
{
    bool any = false;
    for (size_t j = 0; cols->monotone && j < cols->n; j++)
        any |= cols->monotone[j] != 0;
    if (!any)
        return NULL;
    char *s = xmalloc(3 * cols->n + 3), *p = s;
    *p++ = '(';
    for (size_t j = 0; j < cols->n; j++)
        p += sprintf(p, "%s%d", j ? "," : "", cols->monotone[j]);
    strcpy(p, ")");
    return s;
}

static void set_params(BoosterHandle h, const struct booster_params *p,
                       const struct booster_columns *cols)
{
    check(XGBoosterSetParam(h, "objective", "binary:logistic"), "objective");
    check(XGBoosterSetParam(h, "tree_method", "hist"), "tree_method");
    set_number(h, "max_depth", p->depth);
    set_number(h, "eta", p->eta);
    set_number(h, "min_child_weight", p->min_child_weight);
    set_number(h, "lambda", p->lambda);
    set_number(h, "max_bin", p->max_bin);
    set_number(h, "subsample", p->subsample);
    set_number(h, "colsample_bytree", p->colsample);
    set_number(h, "max_cat_to_onehot", 4);
    set_number(h, "seed", (double)p->seed);
    set_number(h, "nthread", p->threads);
    check(XGBoosterSetParam(h, "eval_metric", p->metric == BOOSTER_AUC ? "auc" : "logloss"),
          "eval_metric");
    char *mono = monotone_text(cols);
    if (mono)
        check(XGBoosterSetParam(h, "monotone_constraints", mono), "monotone_constraints");
    free(mono);
    check(XGBoosterSetParam(h, "validate_parameters", "1"), "validate_parameters");
}

/* The metric's value in XGBoost's "[3]\tvalid-logloss:0.4943" text. */
static double eval_value(const char *text)
{
    const char *colon = strrchr(text, ':');
    double v;
    if (!colon || num_parse(colon + 1, &v) != NUM_OK)
        die("xgboost: unexpected evaluation text '%s'", text);
    return v;
}

/* Python's EarlyStopping: true once patience rounds in a row have not
 * improved on the best. */
static bool stop_early(BoosterHandle h, DMatrixHandle dv, int round, const struct booster_params *p,
                       struct booster_fit *out, int *since)
{
    const char *text;
    const char *names[] = {"valid"};
    check(XGBoosterEvalOneIter(h, round, &dv, names, 1, &text), "evaluating");
    double v = eval_value(text);
    bool better = p->metric == BOOSTER_AUC ? v > out->best_score : v < out->best_score;
    if (round == 0 || better) {
        out->best_round = round;
        out->best_score = v;
        *since = 0;
        return false;
    }
    return ++*since >= p->patience;
}

static char *save_json(BoosterHandle h)
{
    bst_ulong len;
    const char *buf;
    check(XGBoosterSaveModelToBuffer(h, "{\"format\": \"json\"}", &len, &buf), "saving the model");
    return xstrndup(buf, len);
}

void booster_train(const struct booster_rows *train, const struct booster_data *valid,
                   const struct booster_columns *cols, const struct booster_params *p,
                   struct booster_fit *out)
{
    DMatrixHandle dm[2] = {binned(train, cols, p), valid ? matrix(valid, cols) : NULL};
    BoosterHandle h;
    check(XGBoosterCreate(dm, valid ? 2 : 1, &h), "creating the booster");
    describe(NULL, h, cols);
    set_params(h, p, cols);
    *out = (struct booster_fit){.best_round = -1};
    bool watch = valid && p->patience > 0;
    int since = 0, round = 0;
    for (; round < p->rounds; round++) {
        check(XGBoosterUpdateOneIter(h, round, dm[0]), "training");
        if (watch && stop_early(h, dm[1], round, p, out, &since)) {
            round++;
            break;
        }
    }
    out->rounds = round;
    if (watch && out->best_round + 1 < round) {
        BoosterHandle best;
        check(XGBoosterSlice(h, 0, out->best_round + 1, 1, &best), "keeping the best round");
        XGBoosterFree(h);
        h = best;
        out->rounds = out->best_round + 1;
    }
    out->json = save_json(h);
    XGBoosterFree(h);
    XGDMatrixFree(dm[0]);
    if (dm[1])
        XGDMatrixFree(dm[1]);
}

void booster_fit_free(struct booster_fit *f)
{
    free(f->json);
    f->json = NULL;
}

struct booster {
    BoosterHandle h;
    size_t cols;
    DMatrixHandle train; /* booster_start's, or NULL */
    int rounds;          /* trained so far by booster_round */
    /* XGBoost promises threads nothing when in-place prediction and a
     * matrix's are mixed: one prediction at a time */
    pthread_mutex_t predicting;
};

static struct booster *booster_new(void)
{
    struct booster *b = xcalloc(1, sizeof *b);
    pthread_mutex_init(&b->predicting, NULL);
    return b;
}

struct booster *booster_load(const char *json, size_t ncols, const char **why)
{
    BoosterHandle h;
    check(XGBoosterCreate(NULL, 0, &h), "creating the booster");
    if (XGBoosterLoadModelFromBuffer(h, json, strlen(json)) != 0) {
        *why = last_error();
        XGBoosterFree(h);
        return NULL;
    }
    bst_ulong n;
    if (XGBoosterGetNumFeature(h, &n) != 0 || n != ncols) {
        *why = "its number of features is not the model's";
        XGBoosterFree(h);
        return NULL;
    }
    struct booster *b = booster_new();
    b->h = h;
    b->cols = ncols;
    return b;
}

void booster_solo(struct booster *b)
{
    check(XGBoosterSetParam(b->h, "nthread", "1"), "nthread");
}

/* SHAP values: not in XGBoost's in-place prediction, so through a matrix. */
static const float *contributions(struct booster *b, const struct booster_data *d)
{
    DMatrixHandle dm;
    check(XGDMatrixCreateFromMat(d->x, d->rows, d->cols, NAN, &dm), "making the matrix");
    const bst_ulong *shape;
    bst_ulong dim;
    const float *res;
    check(XGBoosterPredictFromDMatrix(b->h, dm,
                                      "{\"type\": 2, \"training\": false, \"iteration_begin\": 0, "
                                      "\"iteration_end\": 0, \"strict_shape\": false}",
                                      &shape, &dim, &res),
          "explaining");
    XGDMatrixFree(dm);
    return res;
}

static const float *in_place(struct booster *b, const struct booster_data *d,
                             enum booster_output what)
{
    char array[160], config[160];
    snprintf(array, sizeof array,
             "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", "
             "\"version\": 3}",
             (unsigned long long)(uintptr_t)d->x, d->rows, d->cols);
    int type = what == BOOSTER_PROBABILITY ? 0 : 1;
    snprintf(config, sizeof config,
             "{\"type\": %d, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
             "\"strict_shape\": false, \"missing\": NaN, \"cache_id\": 0}",
             type);
    const bst_ulong *shape;
    bst_ulong dim;
    const float *res;
    check(XGBoosterPredictFromDense(b->h, array, config, NULL, &shape, &dim, &res), "predicting");
    return res;
}

const float *booster_predict(struct booster *b, const struct booster_data *d,
                             enum booster_output what)
{
    pthread_mutex_lock(&b->predicting);
    const float *res = what == BOOSTER_CONTRIBUTIONS ? contributions(b, d) : in_place(b, d, what);
    pthread_mutex_unlock(&b->predicting);
    return res;
}

void booster_importance(struct booster *b, char **names, size_t n, const char *type, double *out)
{
    char config[64];
    snprintf(config, sizeof config, "{\"importance_type\": \"%s\"}", type);
    bst_ulong nf, dim;
    const char **fnames;
    const bst_ulong *shape;
    const float *scores;
    check(XGBoosterFeatureScore(b->h, config, &nf, &fnames, &dim, &shape, &scores),
          "feature importance");
    for (size_t j = 0; j < n; j++) {
        out[j] = 0;
        for (bst_ulong k = 0; k < nf; k++)
            if (strcmp(fnames[k], names[j]) == 0)
                out[j] = scores[k];
    }
}

void booster_free(struct booster *b)
{
    if (!b)
        return;
    XGBoosterFree(b->h);
    pthread_mutex_destroy(&b->predicting);
    if (b->train)
        XGDMatrixFree(b->train);
    free(b);
}

struct booster *booster_start(const struct booster_rows *train, const struct booster_columns *cols,
                              const struct booster_params *p)
{
    struct booster *b = booster_new();
    b->train = binned(train, cols, p);
    b->cols = train->cols;
    check(XGBoosterCreate(&b->train, 1, &b->h), "creating the booster");
    describe(NULL, b->h, cols);
    set_params(b->h, p, cols);
    return b;
}

void booster_round(struct booster *b)
{
    check(XGBoosterUpdateOneIter(b->h, b->rounds, b->train), "training");
    b->rounds++;
}
