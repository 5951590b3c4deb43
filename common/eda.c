/* eda.c - response rate, WoE and IV by feature bin; see eda.h. */
#include "eda.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bintable.h"
#include "columns.h"
#include "err.h"
#include "jw.h"
#include "levels.h"
#include "num.h"
#include "qbin.h"
#include "typing.h"
#include "woe.h"
#include "xalloc.h"

#define EDA_NO_LEVEL 255 /* the id of a missing value while a feature may be numeric */

struct eda_bin {
    struct bintable_bin is; /* the interval, level or missing values it holds */
    unsigned long long rows, responders;
    double rate, lift;
    struct woe w;
};

enum eda_kind { EDA_UNDECIDED, EDA_NUMERIC, EDA_CATEGORICAL };

struct eda_feature {
    char *name;
    size_t col;
    enum eda_kind kind;
    bool forced_categorical;
    /* While it may be numeric: with few distinct values, each row's level
     * (EDA_NO_LEVEL if missing); with more, each row's value (NaN if
     * missing). */
    unsigned char *ids;
    size_t ids_cap;
    double *values;
    size_t values_cap;
    struct levels *levels; /* counters: rows, responders */
    /* The first value that was not a number, after numbers, and its line. */
    char *first_text;
    unsigned long first_text_line;
    bool numbers_first;
    unsigned long long missing_rows, missing_responders;

    double *edges; /* numeric: the quantile edges */
    size_t nedges;
    struct eda_bin *bins;
    size_t nbins, bins_cap;
    double iv;
};

struct eda_report {
    const char *target;
    size_t bins_asked;
    unsigned long long rows, responders;
    double base_rate;
    struct eda_feature *features;
    size_t nfeatures;
};

/* ---------- choosing the features ---------- */

static void add_feature(struct eda_feature *f, const struct tsv_reader *r, size_t col,
                        bool categorical)
{
    memset(f, 0, sizeof *f);
    f->name = xstrdup(tsv_header(r, col));
    f->col = col;
    f->forced_categorical = categorical;
    f->kind = categorical ? EDA_CATEGORICAL : EDA_UNDECIDED;
    f->levels = levels_new(2);
}

/* The features the options name, and the target's column. */
static size_t choose_features(struct eda_report *rep, const struct tsv_reader *r,
                              const struct eda_options *o)
{
    struct columns_spec cs = {
        .target = o->target,
        .features = o->features,
        .nfeatures = o->nfeatures,
        .exclude = o->exclude,
        .nexclude = o->nexclude,
        .categorical = o->categorical,
        .ncategorical = o->ncategorical,
        .id = o->id,
        .id_required = o->id_required,
        .json = o->json,
    };
    struct columns c;
    columns_choose(r, &cs, &c);
    rep->features = xcalloc(c.n, sizeof *rep->features);
    rep->nfeatures = c.n;
    for (size_t j = 0; j < c.n; j++)
        add_feature(&rep->features[j], r, c.col[j], c.categorical[j]);
    size_t target = c.target;
    columns_free(&c);
    return target;
}

/* ---------- reading ---------- */

/* The level of the current row's value, counted; a new one is checked when
 * it is to go into JSON. */
static void count_level(struct eda_feature *f, const struct tsv_reader *r, bool json, int y)
{
    unsigned long long *c = levels_counts(f->levels, columns_level(f->levels, r, f->col, json));
    c[0]++;
    c[1] += (unsigned long long)y;
}

/* A value that is not a number, in a feature whose values have all been
 * numbers: it turns out to be categorical, if its levels were kept. */
static void become_categorical(struct eda_feature *f, const struct tsv_reader *r, size_t row)
{
    char q[ERR_QUOTE_SIZE];
    if (!f->levels)
        tsv_die_col(r, f->col,
                    "'%s' is not a number, but more than %d distinct values before it were; "
                    "name the column in --categorical to bin it by level",
                    err_quote(q, tsv_get(r, f->col)), EDA_MAX_NUMERIC_LEVELS);
    f->kind = EDA_CATEGORICAL;
    f->first_text = xstrdup(tsv_get(r, f->col));
    f->first_text_line = tsv_line(r);
    f->numbers_first = row > f->missing_rows;
    free(f->ids);
    f->ids = NULL;
}

static void set_id(struct eda_feature *f, size_t row, unsigned char id)
{
    f->ids = xgrow(f->ids, &f->ids_cap, row + 1, 1);
    f->ids[row] = id;
}

static void set_value(struct eda_feature *f, size_t row, double v)
{
    f->values = xgrow(f->values, &f->values_cap, row + 1, sizeof *f->values);
    f->values[row] = v;
}

/* The feature has more distinct values than levels are kept for: hold each
 * row's value from now on, those of the rows before from their levels. */
static void keep_values(struct eda_feature *f, size_t rows)
{
    double value[EDA_MAX_NUMERIC_LEVELS];
    for (size_t k = 0; k < levels_size(f->levels); k++)
        num_parse(levels_name(f->levels, k), &value[k]);
    f->values_cap = rows ? rows : 1;
    f->values = xmalloc(f->values_cap * sizeof *f->values);
    for (size_t i = 0; i < rows; i++)
        f->values[i] = f->ids[i] == EDA_NO_LEVEL ? NAN : value[f->ids[i]];
    free(f->ids);
    f->ids = NULL;
    levels_free(f->levels);
    f->levels = NULL;
}

/* Whether numeric feature f counts the rows (1..n, row numbers, increasing
 * ids): an identifier, not a feature.  Its values in row order. */
static bool counts_rows(const struct eda_feature *f, size_t rows)
{
    if (!f->levels)
        return columns_counts_rows(f->values, rows);
    if (levels_size(f->levels) != rows) /* each row its own value, or no counter */
        return false;
    double value[EDA_MAX_NUMERIC_LEVELS], x[EDA_MAX_NUMERIC_LEVELS];
    for (size_t k = 0; k < rows; k++)
        num_parse(levels_name(f->levels, k), &value[k]);
    for (size_t i = 0; i < rows; i++)
        x[i] = f->ids[i] == EDA_NO_LEVEL ? NAN : value[f->ids[i]];
    return columns_counts_rows(x, rows);
}

static void read_undecided(struct eda_feature *f, const struct tsv_reader *r, size_t row, int y,
                           bool json)
{
    const char *s = tsv_get(r, f->col);
    size_t len = tsv_len(r, f->col);
    double v;
    enum num_status st = num_parse(s, &v);
    char q[ERR_QUOTE_SIZE];
    if (st == NUM_RANGE)
        tsv_die_col(r, f->col, "'%s' %s", err_quote(q, s), num_status_text(st));
    if (st == NUM_INVALID) {
        become_categorical(f, r, row);
        count_level(f, r, json, y);
        return;
    }
    if (st == NUM_EMPTY) {
        f->missing_rows++;
        f->missing_responders += (unsigned long long)y;
        if (f->levels)
            set_id(f, row, EDA_NO_LEVEL);
        else
            set_value(f, row, NAN);
        return;
    }
    if (f->levels) {
        long k = levels_index(f->levels, s, len);
        if (k >= 0 || levels_size(f->levels) < EDA_MAX_NUMERIC_LEVELS) {
            size_t id = k >= 0 ? (size_t)k : levels_add(f->levels, s, len);
            unsigned long long *c = levels_counts(f->levels, id);
            c[0]++;
            c[1] += (unsigned long long)y;
            set_id(f, row, (unsigned char)id);
            return;
        }
        keep_values(f, row);
    }
    set_value(f, row, v);
}

static void read_value(struct eda_feature *f, const struct tsv_reader *r, size_t row, int y,
                       bool json)
{
    if (f->kind == EDA_UNDECIDED) {
        read_undecided(f, r, row, y, json);
    } else if (tsv_len(r, f->col) == 0) {
        f->missing_rows++;
        f->missing_responders += (unsigned long long)y;
    } else {
        count_level(f, r, json, y);
    }
}

/* ---------- binning ---------- */

static void add_bin(struct eda_feature *f, struct bintable_bin is, unsigned long long rows,
                    unsigned long long responders)
{
    f->bins = xgrow(f->bins, &f->bins_cap, f->nbins + 1, sizeof *f->bins);
    f->bins[f->nbins++] = (struct eda_bin){.is = is, .rows = rows, .responders = responders};
}

/* The bins of a numeric feature that hold rows, from the rows and responders
 * per bin (count[2k], count[2k + 1]). */
static void add_intervals(struct eda_feature *f, const unsigned long long *count)
{
    for (size_t k = 0; k <= f->nedges; k++)
        if (count[2 * k])
            add_bin(f,
                    bintable_interval(qbin_lower(f->edges, f->nedges, k),
                                      qbin_upper(f->edges, f->nedges, k)),
                    count[2 * k], count[2 * k + 1]);
}

struct run {
    double value;
    unsigned long long rows, responders;
};

/* Increasing, -0 before +0 (as the sort of all values would put them). */
static int compare_runs(const void *pa, const void *pb)
{
    double a = ((const struct run *)pa)->value, b = ((const struct run *)pb)->value;
    if (a != b)
        return a < b ? -1 : 1;
    return (signbit(b) != 0) - (signbit(a) != 0);
}

/* A numeric feature with few distinct values, binned from the count of each:
 * the same edges and counts as bin_numeric gives, without a sort or another
 * pass over the rows.  Texts that are the same number ("1", "1.0") are one
 * value. */
static void bin_numeric_levels(struct eda_feature *f, size_t nbins)
{
    size_t m = levels_size(f->levels), n = 0;
    struct run run[EDA_MAX_NUMERIC_LEVELS];
    for (size_t k = 0; k < m; k++) {
        const unsigned long long *c = levels_counts(f->levels, k);
        num_parse(levels_name(f->levels, k), &run[k].value);
        run[k].rows = c[0];
        run[k].responders = c[1];
    }
    qsort(run, m, sizeof *run, compare_runs);
    double value[EDA_MAX_NUMERIC_LEVELS];
    unsigned long long count[EDA_MAX_NUMERIC_LEVELS];
    for (size_t k = 0; k < m; k++) {
        if (n > 0 && memcmp(&value[n - 1], &run[k].value, sizeof(double)) == 0) {
            count[n - 1] += run[k].rows;
            continue;
        }
        value[n] = run[k].value;
        count[n++] = run[k].rows;
    }
    f->edges = xmalloc((nbins > 1 ? nbins - 1 : 1) * sizeof *f->edges);
    f->nedges = qbin_edges_counts(value, count, n, nbins, f->edges);
    unsigned long long *bin = xcalloc(2 * (f->nedges + 1), sizeof *bin);
    for (size_t k = 0; k < m; k++) {
        size_t b = qbin_find(f->edges, f->nedges, run[k].value);
        bin[2 * b] += run[k].rows;
        bin[2 * b + 1] += run[k].responders;
    }
    add_intervals(f, bin);
    free(bin);
    free(f->ids);
    f->ids = NULL;
    levels_free(f->levels);
    f->levels = NULL;
}

static void bin_numeric(struct eda_feature *f, const unsigned char *y, size_t rows, size_t nbins,
                        double *scratch)
{
    size_t n = 0;
    for (size_t i = 0; i < rows; i++)
        if (!isnan(f->values[i]))
            scratch[n++] = f->values[i];
    f->edges = xmalloc((nbins > 1 ? nbins - 1 : 1) * sizeof *f->edges);
    f->nedges = qbin_edges(scratch, n, nbins, f->edges, scratch + rows);
    unsigned long long *count = xcalloc(2 * (f->nedges + 1), sizeof *count);
    for (size_t i = 0; i < rows; i++) {
        if (isnan(f->values[i]))
            continue;
        size_t k = qbin_find(f->edges, f->nedges, f->values[i]);
        count[2 * k]++;
        count[2 * k + 1] += y[i];
    }
    add_intervals(f, count);
    free(count);
    free(f->values);
    f->values = NULL;
}

/* The rows of level i (for typing_check_na). */
static unsigned long long level_rows(const void *levels, size_t i)
{
    return levels_counts(levels, i)[0];
}

/* A level's bin: its counters are rows and responders. */
static void add_level_bin(void *ctx, struct bintable_bin is, const unsigned long long *c)
{
    add_bin(ctx, is, c[0], c[1]);
}

static void bin_categorical(struct eda_feature *f, const char *file)
{
    if (!f->forced_categorical)
        typing_check_na(file, f->name, f->levels, level_rows, f->levels);
    if (f->numbers_first)
        typing_warn_stray(file, f->name, f->levels, f->first_text, f->first_text_line);
    bintable_levels(f->levels, add_level_bin, f);
}

static void finish_feature(struct eda_feature *f, const struct eda_report *rep)
{
    if (f->missing_rows)
        add_bin(f, bintable_missing(), f->missing_rows, f->missing_responders);
    unsigned long long R = rep->responders, N = rep->rows - rep->responders;
    double *iv = xmalloc(f->nbins * sizeof *iv);
    for (size_t i = 0; i < f->nbins; i++) {
        struct eda_bin *b = &f->bins[i];
        b->rate = (double)b->responders / (double)b->rows;
        b->lift = b->rate / rep->base_rate;
        b->w = woe_of(b->responders, b->rows - b->responders, R, N);
        iv[i] = b->w.iv;
    }
    f->iv = 0;
    for (size_t i = 0; i < f->nbins; i++) /* in bin order, which is fixed */
        f->iv += iv[i];
    free(iv);
    /* Room for 16 bins from the first one is 1.3 kB a feature: too much for
     * a table of a million columns of few bins each. */
    f->bins_cap = f->nbins ? f->nbins : 1;
    f->bins = xreallocarray(f->bins, f->bins_cap, sizeof *f->bins);
}

/* The current row's target: 0/1, or with a positive label whether it is
 * that label (each value counted, for columns_check_labels). */
static unsigned char read_target(const struct tsv_reader *r, size_t col, const char *positive,
                                 struct levels *labels)
{
    if (!positive)
        return (unsigned char)tsv_zero_one(r, col, "name the positive value with --positive");
    if (tsv_len(r, col) == 0)
        tsv_die_col(r, col, "missing value");
    levels_get(labels, tsv_get(r, col), tsv_len(r, col))[0]++;
    return strcmp(tsv_get(r, col), positive) == 0;
}

struct eda_report *eda_run(struct tsv_reader *r, const struct eda_options *o)
{
    struct eda_report *rep = xcalloc(1, sizeof *rep);
    rep->target = o->target;
    rep->bins_asked = o->bins;
    size_t target = choose_features(rep, r, o);

    unsigned char *y = NULL;
    size_t ycap = 0, rows = 0;
    struct levels *labels = o->positive ? levels_new(1) : NULL;
    while (tsv_next(r)) {
        y = xgrow(y, &ycap, rows + 1, 1);
        y[rows] = read_target(r, target, o->positive, labels);
        for (size_t i = 0; i < rep->nfeatures; i++)
            read_value(&rep->features[i], r, rows, y[rows], o->json);
        rep->responders += y[rows];
        rows++;
    }
    if (rows == 0)
        die("%s: no data rows", tsv_name(r));
    if (labels)
        columns_check_labels(tsv_name(r), o->target, o->positive, labels);
    levels_free(labels);
    rep->rows = rows;
    rep->base_rate = (double)rep->responders / (double)rows;
    if (rep->responders == 0 || rep->responders == rows)
        warn("%s: column '%s' is %d in every row; WoE and IV are left empty", tsv_name(r),
             o->target, rep->responders != 0);

    double *scratch = NULL;
    for (size_t i = 0; i < rep->nfeatures; i++) {
        struct eda_feature *f = &rep->features[i];
        if (f->kind == EDA_UNDECIDED && counts_rows(f, rows))
            columns_die_counter(tsv_name(r), f->name);
        if (f->kind == EDA_UNDECIDED && f->levels) {
            f->kind = EDA_NUMERIC;
            bin_numeric_levels(f, o->bins);
        } else if (f->kind == EDA_UNDECIDED) {
            f->kind = EDA_NUMERIC;
            if (!scratch)
                scratch = xmalloc(2 * rows * sizeof *scratch);
            bin_numeric(f, y, rows, o->bins, scratch);
        } else {
            bin_categorical(f, tsv_name(r));
        }
        finish_feature(f, rep);
    }
    free(scratch);
    free(y);
    return rep;
}

void eda_free(struct eda_report *rep)
{
    for (size_t i = 0; i < rep->nfeatures; i++) {
        struct eda_feature *f = &rep->features[i];
        free(f->name);
        free(f->first_text);
        free(f->ids);
        free(f->values);
        levels_free(f->levels);
        free(f->edges);
        free(f->bins);
    }
    free(rep->features);
    free(rep);
}

/* ---------- output ---------- */

static const char *kind_name(const struct eda_feature *f)
{
    return f->kind == EDA_NUMERIC ? "numeric" : "categorical";
}

void eda_write_tsv(const struct eda_report *rep, FILE *fp, int digits)
{
    fputs("feature\tbin\tlower\tupper\trows\tresponders\tresponse_rate\tlift\twoe\tiv_share\tiv\n",
          fp);
    for (size_t i = 0; i < rep->nfeatures; i++) {
        const struct eda_feature *f = &rep->features[i];
        for (size_t k = 0; k < f->nbins; k++) {
            const struct eda_bin *b = &f->bins[k];
            bintable_bin_columns(fp, f->name, &b->is, k);
            bintable_count(fp, b->rows);
            bintable_count(fp, b->responders);
            bintable_number(fp, num_round(b->rate, digits));
            bintable_number(fp, num_round(b->lift, digits));
            bintable_number(fp, num_round(b->w.woe, digits));
            bintable_number(fp, num_round(b->w.iv, digits));
            bintable_number(fp, num_round(f->iv, digits));
            putc('\n', fp);
        }
    }
}

/* Highest IV first, NaN last, then by name. */
static int compare_iv(const void *pa, const void *pb)
{
    const struct eda_feature *a = *(const struct eda_feature *const *)pa;
    const struct eda_feature *b = *(const struct eda_feature *const *)pb;
    bool na = isnan(a->iv), nb = isnan(b->iv);
    if (na != nb)
        return na ? 1 : -1;
    if (!na && a->iv != b->iv)
        return a->iv > b->iv ? -1 : 1;
    return strcmp(a->name, b->name);
}

void eda_write_summary(const struct eda_report *rep, FILE *fp, int digits)
{
    const struct eda_feature **order = xmalloc(rep->nfeatures * sizeof *order);
    for (size_t i = 0; i < rep->nfeatures; i++)
        order[i] = &rep->features[i];
    qsort(order, rep->nfeatures, sizeof *order, compare_iv);
    fputs("feature\ttype\tbins\tiv\n", fp);
    for (size_t i = 0; i < rep->nfeatures; i++) {
        fputs(order[i]->name, fp);
        bintable_text(fp, kind_name(order[i]));
        bintable_count(fp, order[i]->nbins);
        bintable_number(fp, num_round(order[i]->iv, digits));
        putc('\n', fp);
    }
    free(order);
}

static void json_bin(struct jw *w, const struct eda_feature *f, size_t k)
{
    const struct eda_bin *b = &f->bins[k];
    jw_object_begin(w);
    bintable_bin_keys(w, &b->is, k);
    jw_put_integer(w, "rows", (long long)b->rows);
    jw_put_integer(w, "responders", (long long)b->responders);
    jw_put_number(w, "response_rate", b->rate);
    jw_put_number(w, "lift", b->lift);
    jw_put_number(w, "woe", b->w.woe);
    jw_put_number(w, "iv_share", b->w.iv);
    jw_object_end(w);
}

static void json_feature(struct jw *w, const struct eda_feature *f)
{
    jw_object_begin(w);
    jw_put_string(w, "feature", f->name);
    jw_put_string(w, "type", kind_name(f));
    if (f->kind == EDA_NUMERIC) {
        jw_key(w, "edges");
        bintable_json_numbers(w, f->edges, f->nedges);
    }
    jw_put_number(w, "iv", f->iv);
    jw_key(w, "bins");
    jw_array_begin(w);
    for (size_t k = 0; k < f->nbins; k++)
        json_bin(w, f, k);
    jw_array_end(w);
    jw_object_end(w);
}

void eda_write_json(const struct eda_report *rep, FILE *fp, int digits)
{
    struct jw w;
    jw_init(&w, fp, 2);
    w.digits = digits;
    jw_object_begin(&w);
    jw_put_string(&w, "target", rep->target);
    jw_put_integer(&w, "rows", (long long)rep->rows);
    jw_put_integer(&w, "responders", (long long)rep->responders);
    jw_put_number(&w, "base_rate", rep->base_rate);
    jw_put_string(&w, "quantiles", "linear");
    jw_put_integer(&w, "bins", (long long)rep->bins_asked);
    jw_key(&w, "features");
    jw_array_begin(&w);
    for (size_t i = 0; i < rep->nfeatures; i++)
        json_feature(&w, &rep->features[i]);
    jw_array_end(&w);
    jw_object_end(&w);
    jw_finish(&w);
}
