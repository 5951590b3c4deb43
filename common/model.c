/* model.c - writing and reading the model file; see model.h. */
#include "model.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "err.h"
#include "jw.h"
#include "levels.h"
#include "version.h"
#include "xalloc.h"

/* ---------- writing ---------- */

static void write_list(struct jw *w, const char *key, char **items, size_t n)
{
    jw_key(w, key);
    if (!items) {
        jw_null(w);
        return;
    }
    jw_array_begin_flat(w);
    for (size_t i = 0; i < n; i++)
        jw_string(w, items[i]);
    jw_array_end(w);
}

/*
 * What model_read refuses, pm-fit must not write: a number that is not
 * finite (JSON has none; it would be null), a file over MODEL_MAX_BYTES or
 * of more than MODEL_MAX_VALUES values.
 */
static void require_finite(const char *column, const char *what, double v)
{
    if (isfinite(v))
        return;
    static const char hint[] = " (values near the largest double? scale them down)";
    char q[ERR_QUOTE_SIZE];
    if (!column)
        die("the model's %s is not a finite number, which a model file cannot hold%s", what, hint);
    die("column '%s': its %s is not a finite number, which a model file cannot hold%s",
        err_quote(q, column), what, hint);
}

static void check_feature(const struct model_feature *f)
{
    if (!f->categorical) {
        require_finite(f->name, "mean", f->mean);
        require_finite(f->name, "scale", f->scale);
        require_finite(f->name, "coefficient", f->coef);
        require_finite(f->name, "standard error", f->std_error);
        require_finite(f->name, "coefficient per raw unit", f->coef / f->scale);
        return;
    }
    for (size_t k = 0; k < f->nlevels; k++) {
        require_finite(f->name, "coefficient", f->levels[k].coef);
        require_finite(f->name, "standard error", f->levels[k].std_error);
    }
}

static size_t count_values(const char *s, size_t len);

static void write_feature(struct jw *w, const struct model_feature *f)
{
    jw_object_begin(w);
    jw_put_string(w, "name", f->name);
    jw_put_string(w, "type", f->categorical ? "categorical" : "numeric");
    if (f->indicator)
        jw_put_string(w, "indicator", f->indicator);
    if (!f->categorical) {
        jw_put_number(w, "mean", f->mean);
        jw_put_number(w, "scale", f->scale);
        jw_put_number(w, "coefficient", f->coef);
        jw_put_number(w, "std_error", f->std_error);
        jw_put_number(w, "original", f->coef / f->scale);
        if (f->imputed)
            jw_put_number(w, "fill", f->fill);
    } else {
        jw_put_string(w, "reference", f->reference);
        jw_key(w, "levels");
        jw_array_begin(w);
        for (size_t k = 0; k < f->nlevels; k++) {
            jw_object_begin(w);
            jw_put_string(w, "level", f->levels[k].name);
            jw_put_number(w, "coefficient", f->levels[k].coef);
            jw_put_number(w, "std_error", f->levels[k].std_error);
            jw_object_end(w);
        }
        jw_array_end(w);
    }
    jw_object_end(w);
}

/* The options that chose the columns. */
static void write_selection(struct jw *w, const struct model_training *t)
{
    write_list(w, "features", t->features, t->nfeatures);
    write_list(w, "exclude", t->exclude, t->nexclude);
    write_list(w, "categorical", t->categorical, t->ncategorical);
    /* Written only when given, so that a model made without them keeps its bytes. */
    if (t->nna)
        write_list(w, "na", t->na, t->nna);
    if (t->impute)
        jw_put_string(w, "impute", t->impute);
    if (t->reference)
        jw_put_string(w, "reference", t->reference);
}

/* Where the model came from: input, tool, timestamp. */
static void write_origin(struct jw *w, const struct model_training *t)
{
    jw_key(w, "input");
    jw_object_begin(w);
    jw_put_string(w, "name", t->input);
    jw_put_string(w, "sha256", t->sha256);
    jw_object_end(w);
    jw_put_string(w, "tool", "pm-fit (pm) " PM_VERSION);
    char stamp[32];
    time_t secs = (time_t)t->timestamp;
    struct tm tm;
    if (!gmtime_r(&secs, &tm) || !strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm))
        die("timestamp %lld is out of range", t->timestamp);
    jw_put_string(w, "timestamp", stamp);
}

static void write_numbers(struct jw *w, const char *key, const double *v, size_t n)
{
    jw_key(w, key);
    jw_array_begin_flat(w);
    for (size_t i = 0; i < n; i++)
        jw_number(w, v[i]);
    jw_array_end(w);
}

static void write_cv(struct jw *w, const struct model_cv *cv)
{
    jw_key(w, "cross_validation");
    jw_object_begin(w);
    if (cv->grid)
        write_numbers(w, "C", cv->grid, cv->ngrid);
    else
        jw_put_integer(w, "rounds", (long long)cv->ngrid);
    jw_put_string(w, "metric", cv->metric);
    jw_put_integer(w, "folds", (long long)cv->nfolds);
    jw_key(w, "fold_column");
    if (cv->fold_col)
        jw_string(w, cv->fold_col);
    else
        jw_null(w);
    jw_key(w, "seed");
    if (cv->fold_col)
        jw_null(w);
    else
        jw_integer(w, (long long)cv->seed);
    if (cv->mean_log_loss)
        write_numbers(w, "mean_log_loss", cv->mean_log_loss, cv->ngrid);
    if (cv->mean_auc)
        write_numbers(w, "mean_auc", cv->mean_auc, cv->ngrid);
    jw_object_end(w);
}

static void write_training(struct jw *w, const struct model_training *t)
{
    jw_key(w, "training");
    jw_object_begin(w);
    jw_put_integer(w, "rows", (long long)t->rows);
    jw_put_integer(w, "positives", (long long)t->positives);
    jw_put_number(w, "C", t->C);
    jw_put_integer(w, "iterations", t->iterations);
    jw_put_bool(w, "converged", t->converged);
    jw_put_number(w, "objective", t->objective);
    jw_put_number(w, "gradient_norm", t->gradient_norm);
    jw_key(w, "warm_start");
    if (t->warm_rows) {
        jw_object_begin(w);
        jw_put_integer(w, "rows", (long long)t->warm_rows);
        jw_put_integer(w, "iterations", t->warm_iterations);
        jw_object_end(w);
    } else {
        jw_null(w);
    }
    if (t->cv)
        write_cv(w, t->cv);
    jw_key(w, "options");
    jw_object_begin(w);
    write_selection(w, t);
    jw_put_integer(w, "max_iter", t->max_iter);
    jw_put_integer(w, "max_levels", (long long)t->max_levels);
    jw_object_end(w);
    write_origin(w, t);
    jw_object_end(w);
}

static void write_logistic(struct jw *w, const struct model *m, const struct model_training *t)
{
    jw_key(w, "intercept");
    jw_object_begin(w);
    jw_put_number(w, "coefficient", m->intercept);
    jw_put_number(w, "std_error", m->intercept_std_error);
    jw_put_number(w, "original", m->intercept_original);
    jw_put_number(w, "original_std_error", m->intercept_original_std_error);
    jw_object_end(w);
    jw_key(w, "features");
    jw_array_begin(w);
    for (size_t i = 0; i < m->nf; i++)
        write_feature(w, &m->f[i]);
    jw_array_end(w);
    write_training(w, t);
}

static void write_tree_feature(struct jw *w, const struct model_feature *f)
{
    jw_object_begin(w);
    jw_put_string(w, "name", f->name);
    jw_put_string(w, "type", f->categorical ? "categorical" : "numeric");
    if (f->categorical) {
        jw_key(w, "levels");
        jw_array_begin_flat(w);
        for (size_t k = 0; k < f->nlevels; k++)
            jw_string(w, f->levels[k].name);
        jw_array_end(w);
    }
    if (f->monotone)
        jw_put_integer(w, "monotone", f->monotone);
    jw_object_end(w);
}

/* XGBoost's parameters, by XGBoost's names; the thread count is left out,
 * as it changes nothing but the time. */
static void write_params(struct jw *w, const struct booster_params *p)
{
    jw_key(w, "parameters");
    jw_object_begin(w);
    jw_put_string(w, "objective", "binary:logistic");
    jw_put_string(w, "tree_method", "hist");
    jw_put_integer(w, "num_boost_round", p->rounds);
    jw_put_number(w, "eta", p->eta);
    jw_put_integer(w, "max_depth", p->depth);
    jw_put_number(w, "min_child_weight", p->min_child_weight);
    jw_put_number(w, "lambda", p->lambda);
    jw_put_number(w, "subsample", p->subsample);
    jw_put_number(w, "colsample_bytree", p->colsample);
    jw_put_integer(w, "max_bin", p->max_bin);
    jw_put_integer(w, "max_cat_to_onehot", 4);
    jw_put_integer(w, "seed", (long long)p->seed);
    jw_put_string(w, "eval_metric", p->metric == BOOSTER_AUC ? "auc" : "logloss");
    jw_object_end(w);
}

static void write_trees(struct jw *w, const struct model *m, const struct model_training *t)
{
    jw_key(w, "features");
    jw_array_begin(w);
    for (size_t i = 0; i < m->nf; i++)
        write_tree_feature(w, &m->f[i]);
    jw_array_end(w);
    write_params(w, &m->params);
    jw_key(w, "training");
    jw_object_begin(w);
    jw_put_integer(w, "rows", (long long)t->rows);
    jw_put_integer(w, "positives", (long long)t->positives);
    jw_put_integer(w, "rounds", m->rounds);
    jw_key(w, "early_stopping");
    if (t->valid) {
        jw_object_begin(w);
        jw_put_string(w, "valid", t->valid);
        jw_put_integer(w, "patience", m->params.patience);
        jw_put_integer(w, "best_round", m->best_round);
        jw_put_number(w, "best_score", m->best_score);
        jw_object_end(w);
    } else {
        jw_null(w);
    }
    if (t->cv)
        write_cv(w, t->cv);
    jw_key(w, "options");
    jw_object_begin(w);
    write_selection(w, t);
    jw_put_integer(w, "max_levels", (long long)t->max_levels);
    jw_object_end(w);
    write_origin(w, t);
    jw_object_end(w);
    jw_put_string(w, "booster", m->booster);
}

/* Each kind's name (none for the logistic model, whose files predate kinds)
 * and what follows target and positive in its file. */
static const struct {
    const char *name;
    void (*write)(struct jw *w, const struct model *m, const struct model_training *t);
} kinds[] = {
    [MODEL_LOGISTIC] = {NULL, write_logistic},
    [MODEL_TREES] = {"trees", write_trees},
};

/* Every number the file holds is finite: checked before anything is written
 * (a run that stops leaves no stream half written behind it). */
static void check_numbers(const struct model *m)
{
    require_finite(NULL, "intercept", m->intercept);
    require_finite(NULL, "intercept's standard error", m->intercept_std_error);
    require_finite(NULL, "intercept per raw unit", m->intercept_original);
    require_finite(NULL, "intercept's standard error per raw unit",
                   m->intercept_original_std_error);
    if (m->kind == MODEL_LOGISTIC)
        for (size_t i = 0; i < m->nf; i++)
            check_feature(&m->f[i]);
}

static void write_json(const struct model *m, const struct model_training *t, FILE *fp)
{
    struct jw w;
    jw_init(&w, fp, 2);
    jw_object_begin(&w);
    jw_key(&w, "format");
    jw_object_begin(&w);
    jw_put_string(&w, "name", MODEL_FORMAT_NAME);
    jw_put_integer(&w, "version", MODEL_FORMAT_VERSION);
    jw_object_end(&w);
    if (kinds[m->kind].name)
        jw_put_string(&w, "kind", kinds[m->kind].name);
    jw_put_string(&w, "target", m->target);
    jw_put_string(&w, "positive", m->positive);
    kinds[m->kind].write(&w, m, t);
    jw_object_end(&w);
    jw_finish(&w);
}

/* The model in memory first, to be measured as model_read measures it. */
void model_write(const struct model *m, const struct model_training *t, FILE *fp)
{
    char *buf;
    size_t len;
    check_numbers(m);
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        die("out of memory");
    write_json(m, t, mem);
    if (fclose(mem) != 0)
        die("out of memory");
    if (len > (size_t)MODEL_MAX_BYTES)
        die("the model would be over %ld MiB, which no reader of models takes (long level "
            "names?)",
            MODEL_MAX_BYTES >> 20);
    if (count_values(buf, len) > MODEL_MAX_VALUES)
        die("the model would be of more than %d JSON values, which no reader of models takes",
            MODEL_MAX_VALUES);
    fwrite(buf, 1, len, fp);
    free(buf);
}

/* ---------- reading ---------- */

/* Where in the file a value is, for messages: "features[2].scale". */
struct ctx {
    const char *file;
    char where[128];
};

static _Noreturn PM_PRINTF(2, 3) void damaged(const struct ctx *c, const char *fmt, ...)
{
    char *msg;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        die("out of memory");
    va_end(ap);
    die("%s: damaged model: %s%s%s", c->file, c->where, *c->where ? ": " : "", msg);
}

static json_t *member(struct ctx *c, json_t *obj, const char *key, const char *prefix)
{
    snprintf(c->where, sizeof c->where, "%s%s%s", prefix, *prefix ? "." : "", key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        damaged(c, "missing");
    return v;
}

static double get_number(struct ctx *c, json_t *obj, const char *key, const char *prefix)
{
    json_t *v = member(c, obj, key, prefix);
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        damaged(c, "expected a number");
    return json_number_value(v);
}

static char *get_string(struct ctx *c, json_t *obj, const char *key, const char *prefix)
{
    json_t *v = member(c, obj, key, prefix);
    if (!json_is_string(v))
        damaged(c, "expected a string");
    return xstrdup(json_string_value(v));
}

/* A column name or a level: a string that a TSV field can hold. */
static char *get_name(struct ctx *c, json_t *obj, const char *key, const char *prefix)
{
    char *s = get_string(c, obj, key, prefix);
    char q[ERR_QUOTE_SIZE];
    if (strpbrk(s, "\t\n\r")) {
        err_quote(q, s);
        free(s); /* nothing left allocated at the error */
        damaged(c, "'%s' holds a TAB or a line break", q);
    }
    return s;
}

static json_t *get_array(struct ctx *c, json_t *obj, const char *key, const char *prefix)
{
    json_t *v = member(c, obj, key, prefix);
    if (!json_is_array(v))
        damaged(c, "expected an array");
    return v;
}

static _Noreturn void too_large(const char *path)
{
    die("%s: too large for a model (over %ld MiB)", path, MODEL_MAX_BYTES >> 20);
}

/* The whole file ("-": stdin), refusing one larger than MODEL_MAX_BYTES:
 * a regular file before it is read, a pipe once that much has come. */
static char *slurp(const char *file, const char *path, size_t *len)
{
    bool is_stdin = strcmp(file, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(file, "rb");
    if (!fp)
        die_errno("%s", path);
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > MODEL_MAX_BYTES)
        too_large(path);
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n == cap)
            buf = xgrow(buf, &cap, n + 1, 1);
        size_t got = fread(buf + n, 1, cap - n, fp);
        if (got == 0)
            break;
        n += got;
        if (n > (size_t)MODEL_MAX_BYTES)
            too_large(path);
    }
    if (ferror(fp))
        die_errno("%s", path);
    if (!is_stdin)
        fclose(fp);
    *len = n;
    return buf;
}

/*
 * At most how many values the JSON text holds: every value but the first is
 * an element of an array or object, and a container of k elements has k - 1
 * commas, so 1 + commas + containers bounds the count.  Commas and brackets
 * inside strings do not count.
 */
static size_t count_values(const char *s, size_t len)
{
    size_t n = 1;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == ',' || ch == '[' || ch == '{') {
            n++;
        }
    }
    return n;
}

static json_t *load(const char *file, const char *path)
{
    size_t len;
    char *buf = slurp(file, path, &len);
    if (count_values(buf, len) > MODEL_MAX_VALUES)
        die("%s: too large for a model (over %d JSON values)", path, MODEL_MAX_VALUES);
    /* A byte order mark, as an editor may put, is no part of the JSON. */
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    json_error_t err;
    json_t *root = json_loadb(buf + skip, len - skip, JSON_REJECT_DUPLICATES, &err);
    free(buf);
    if (!root)
        die("%s:%d: not a pm model (not valid JSON: %s)", path, err.line, err.text);
    if (!json_is_object(root))
        die("%s: not a pm model (not a JSON object)", path);
    return root;
}

static void check_format(const char *path, json_t *root)
{
    json_t *format = json_object_get(root, "format");
    if (!format)
        die("%s: not a pm model (missing 'format')", path);
    json_t *name = json_object_get(format, "name");
    json_t *version = json_object_get(format, "version");
    if (!json_is_string(name) || strcmp(json_string_value(name), MODEL_FORMAT_NAME) != 0)
        die("%s: not a pm model (format name is not '%s')", path, MODEL_FORMAT_NAME);
    if (!json_is_integer(version))
        die("%s: damaged model: format.version: expected a whole number", path);
    if (json_integer_value(version) != MODEL_FORMAT_VERSION)
        die("%s: model format version %lld is not supported (this pm reads version %d)", path,
            (long long)json_integer_value(version), MODEL_FORMAT_VERSION);
}

static void read_levels(struct ctx *c, json_t *obj, const char *prefix, struct model_feature *f)
{
    json_t *levels = get_array(c, obj, "levels", prefix);
    f->nlevels = json_array_size(levels);
    f->levels = xcalloc(f->nlevels, sizeof *f->levels);
    for (size_t k = 0; k < f->nlevels; k++) {
        char at[96];
        snprintf(at, sizeof at, "%s.levels[%zu]", prefix, k);
        json_t *lv = json_array_get(levels, k);
        if (!json_is_object(lv)) {
            snprintf(c->where, sizeof c->where, "%s", at);
            damaged(c, "expected an object");
        }
        struct model_level *l = &f->levels[k];
        l->name = get_name(c, lv, "level", at);
        l->coef = get_number(c, lv, "coefficient", at);
        l->std_error = get_number(c, lv, "std_error", at);
        /* Byte order, no repeats, and not the reference: what lookups rely on. */
        snprintf(c->where, sizeof c->where, "%s", at);
        char q[ERR_QUOTE_SIZE];
        if (strcmp(l->name, f->reference) == 0)
            damaged(c, "'%s' is the reference level", err_quote(q, l->name));
        if (k > 0 && strcmp(f->levels[k - 1].name, l->name) >= 0)
            damaged(c, "levels are not in byte order without repeats");
    }
}

/* What follows a feature's name and type: a logistic or a tree model's. */
typedef void feature_body(struct ctx *c, json_t *obj, const char *at, struct model_feature *f);

static void logistic_feature(struct ctx *c, json_t *obj, const char *at, struct model_feature *f)
{
    if (f->categorical) {
        f->reference = get_name(c, obj, "reference", at);
        read_levels(c, obj, at, f);
        return;
    }
    f->mean = get_number(c, obj, "mean", at);
    f->scale = get_number(c, obj, "scale", at);
    if (!(f->scale > 0))
        damaged(c, "expected a positive number");
    f->coef = get_number(c, obj, "coefficient", at);
    f->std_error = get_number(c, obj, "std_error", at);
    f->imputed = json_object_get(obj, "fill") != NULL;
    if (f->imputed)
        f->fill = get_number(c, obj, "fill", at);
    if (json_object_get(obj, "indicator"))
        f->indicator = get_name(c, obj, "indicator", at);
}

/* Feature i: an object with a name and a type, numeric or categorical. */
static void read_feature(struct ctx *c, json_t *obj, size_t i, struct model_feature *f,
                         feature_body *body)
{
    char at[64];
    snprintf(at, sizeof at, "features[%zu]", i);
    if (!json_is_object(obj)) {
        snprintf(c->where, sizeof c->where, "%s", at);
        damaged(c, "expected an object");
    }
    f->name = get_name(c, obj, "name", at);
    char *type = get_string(c, obj, "type", at);
    char q[ERR_QUOTE_SIZE];
    f->categorical = strcmp(type, "categorical") == 0;
    bool known = f->categorical || strcmp(type, "numeric") == 0;
    err_quote(q, type);
    free(type); /* nothing left allocated at the error */
    if (!known)
        damaged(c, "'%s' is neither 'numeric' nor 'categorical'", q);
    body(c, obj, at, f);
}

/* The features, each named once; a logistic model of at most MODEL_MAX_TERMS terms. */
static void read_features(struct ctx *c, json_t *root, struct model *m, feature_body *body)
{
    json_t *features = get_array(c, root, "features", "");
    m->nf = json_array_size(features);
    m->f = xcalloc(m->nf, sizeof *m->f);
    struct levels *names = levels_new(0);
    size_t terms = 1;
    char q[ERR_QUOTE_SIZE];
    for (size_t i = 0; i < m->nf; i++) {
        struct model_feature *f = &m->f[i];
        read_feature(c, json_array_get(features, i), i, f, body);
        snprintf(c->where, sizeof c->where, "features[%zu].name", i);
        if ((size_t)levels_add(names, f->name, strlen(f->name)) != i)
            damaged(c, "feature '%s' appears twice", err_quote(q, f->name));
        terms += f->categorical ? f->nlevels : 1;
        if (m->kind == MODEL_LOGISTIC && terms > MODEL_MAX_TERMS) {
            snprintf(c->where, sizeof c->where, "features");
            damaged(c, "more than %d terms, which pm-fit never fits", MODEL_MAX_TERMS);
        }
    }
    levels_free(names);
}

static void read_logistic(struct ctx *c, json_t *root, struct model *m)
{
    json_t *icpt = member(c, root, "intercept", "");
    if (!json_is_object(icpt))
        damaged(c, "expected an object");
    m->intercept = get_number(c, icpt, "coefficient", "intercept");
    m->intercept_std_error = get_number(c, icpt, "std_error", "intercept");
    m->intercept_original = get_number(c, icpt, "original", "intercept");
    m->intercept_original_std_error = get_number(c, icpt, "original_std_error", "intercept");
    read_features(c, root, m, logistic_feature);
}

/* ---------- reading a model of trees ---------- */

static json_t *get_object(struct ctx *c, json_t *obj, const char *key, const char *prefix)
{
    json_t *v = member(c, obj, key, prefix);
    if (!json_is_object(v))
        damaged(c, "expected an object");
    return v;
}

static long long get_integer(struct ctx *c, json_t *obj, const char *key, const char *prefix,
                             long long lo, long long hi)
{
    json_t *v = member(c, obj, key, prefix);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        damaged(c, "expected a whole number from %lld to %lld", lo, hi);
    return json_integer_value(v);
}

/* A categorical column's levels: strings a TSV field can hold, in byte
 * order without repeats (their index is what the trees see). */
static void read_tree_levels(struct ctx *c, json_t *obj, const char *at, struct model_feature *f)
{
    json_t *levels = get_array(c, obj, "levels", at);
    f->nlevels = json_array_size(levels);
    if (f->nlevels == 0 || f->nlevels > MODEL_MAX_LEVELS)
        damaged(c, "expected 1 to %d levels", MODEL_MAX_LEVELS);
    f->levels = xcalloc(f->nlevels, sizeof *f->levels);
    char q[ERR_QUOTE_SIZE];
    for (size_t k = 0; k < f->nlevels; k++) {
        snprintf(c->where, sizeof c->where, "%s.levels[%zu]", at, k);
        json_t *lv = json_array_get(levels, k);
        if (!json_is_string(lv))
            damaged(c, "expected a string");
        f->levels[k].name = xstrdup(json_string_value(lv));
        if (strpbrk(f->levels[k].name, "\t\n\r"))
            damaged(c, "'%s' holds a TAB or a line break", err_quote(q, f->levels[k].name));
        if (k > 0 && strcmp(f->levels[k - 1].name, f->levels[k].name) >= 0)
            damaged(c, "levels are not in byte order without repeats");
    }
}

static void tree_feature(struct ctx *c, json_t *obj, const char *at, struct model_feature *f)
{
    if (f->categorical)
        read_tree_levels(c, obj, at, f);
    if (json_object_get(obj, "monotone"))
        f->monotone = (signed char)get_integer(c, obj, "monotone", at, -1, 1);
}

static void read_trees(struct ctx *c, json_t *root, struct model *m)
{
    read_features(c, root, m, tree_feature);
    if (m->nf == 0) {
        snprintf(c->where, sizeof c->where, "features");
        damaged(c, "no features");
    }
    json_t *t = get_object(c, root, "training", "");
    m->rounds = (int)get_integer(c, t, "rounds", "training", 1, 1000000);
    m->params.rounds = m->rounds;
    m->best_round = -1;
    json_t *es = member(c, t, "early_stopping", "training");
    if (!json_is_null(es)) {
        if (!json_is_object(es))
            damaged(c, "expected an object or null");
        m->best_round =
            (int)get_integer(c, es, "best_round", "training.early_stopping", 0, m->rounds - 1);
        m->best_score = get_number(c, es, "best_score", "training.early_stopping");
    }
    m->booster = get_string(c, root, "booster", "");
    const char *why;
    m->bst = booster_load(m->booster, m->nf, &why);
    if (!m->bst)
        damaged(c, "XGBoost cannot read it (%s)", why);
}

static enum model_kind read_kind(struct ctx *c, json_t *root)
{
    json_t *kind = json_object_get(root, "kind");
    if (!kind)
        return MODEL_LOGISTIC; /* files from before kinds */
    snprintf(c->where, sizeof c->where, "kind");
    if (!json_is_string(kind))
        damaged(c, "expected a string");
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (kinds[k].name && strcmp(kinds[k].name, json_string_value(kind)) == 0)
            return (enum model_kind)k;
    char q[ERR_QUOTE_SIZE];
    die("%s: model kind '%s' is not supported (this pm reads logistic and trees models)", c->file,
        err_quote(q, json_string_value(kind)));
}

struct model *model_read(const char *file)
{
    const char *path = strcmp(file, "-") == 0 ? "stdin" : file;
    json_t *root = load(file, path);
    check_format(path, root);
    struct ctx c = {.file = path};
    enum model_kind kind = read_kind(&c, root);
    struct model *m = xcalloc(1, sizeof *m);
    m->kind = kind;
    m->target = get_name(&c, root, "target", "");
    m->positive = get_string(&c, root, "positive", "");
    if (m->kind == MODEL_TREES)
        read_trees(&c, root, m);
    else
        read_logistic(&c, root, m);
    json_decref(root);
    return m;
}

struct model_label model_read_label(const char *file)
{
    const char *path = strcmp(file, "-") == 0 ? "stdin" : file;
    json_t *root = load(file, path);
    check_format(path, root);
    struct ctx c = {.file = path};
    struct model_label l = {.target = get_name(&c, root, "target", "")};
    char *positive = get_string(&c, root, "positive", "");
    if (strcmp(positive, "1") == 0)
        free(positive);
    else
        l.positive = positive;
    json_decref(root);
    return l;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nf; i++) {
        struct model_feature *f = &m->f[i];
        free(f->name);
        free(f->indicator);
        free(f->reference);
        for (size_t k = 0; k < f->nlevels; k++)
            free(f->levels[k].name);
        free(f->levels);
    }
    free(m->f);
    free(m->booster);
    booster_free(m->bst);
    free(m->target);
    free(m->positive);
    free(m);
}
