/* drift.c - population stability of a score and of input columns; see drift.h. */
#include "drift.h"

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
#include "recfile.h"
#include "utf8.h"
#include "xalloc.h"

struct drift_bin {
    struct bintable_bin is; /* the interval, level or missing values it holds */
    unsigned long long ref, cur;
    double e, a, contrib;
};

struct drift_var {
    char *name;
    bool categorical;
    size_t ref_col, cur_col;
    double *values; /* numeric: the reference's values, while reading it */
    size_t nvalues, values_cap;
    struct levels *levels; /* categorical: counters reference, current */
    unsigned long long ref_missing, cur_missing;
    double *edges;
    size_t nedges;
    unsigned long long *ref_count, *cur_count; /* numeric: per bin, nedges + 1 */

    struct drift_bin *bins;
    size_t nbins, bins_cap;
    double psi;
    enum psi_verdict verdict;
};

struct drift_report {
    size_t bins_asked;
    bool json;
    double watch, alert;
    unsigned long long nref, ncur;
    struct drift_var *vars; /* vars[0] is the score, then the inputs */
    size_t nvars;
};

/* ---------- the variables ---------- */

/* A variable of the report, its column looked up in ref and in cur (either
 * may be NULL: a partial has no header). */
static void add_var(struct drift_report *rep, const char *name, bool categorical,
                    const struct tsv_reader *ref, const struct tsv_reader *cur)
{
    for (size_t i = 0; i < rep->nvars; i++)
        if (strcmp(rep->vars[i].name, name) == 0)
            die("column '%s' is compared twice (the score, the model's inputs, -c and "
                "--categorical "
                "name each once)",
                name);
    rep->vars = xreallocarray(rep->vars, rep->nvars + 1, sizeof *rep->vars);
    struct drift_var *v = &rep->vars[rep->nvars++];
    memset(v, 0, sizeof *v);
    v->name = xstrdup(name);
    v->categorical = categorical;
    if (ref) {
        v->ref_col = tsv_column(ref, name);
        if (rep->json)
            tsv_require_utf8_name(ref, v->ref_col);
    }
    if (cur)
        v->cur_col = tsv_column(cur, name);
    if (categorical)
        v->levels = levels_new(2);
}

/* ---------- reading ---------- */

static void push_value(struct drift_var *v, double x)
{
    v->values = xgrow(v->values, &v->values_cap, v->nvalues + 1, sizeof *v->values);
    v->values[v->nvalues++] = x;
}

/* Count the current row's level of v in counter k; a new level is checked
 * when it is to go into JSON. */
static void count_level(const struct drift_report *rep, struct drift_var *v,
                        const struct tsv_reader *r, size_t col, int k)
{
    levels_counts(v->levels, columns_level(v->levels, r, col, rep->json))[k]++;
}

static void read_reference_row(struct drift_report *rep, const struct tsv_reader *r)
{
    push_value(&rep->vars[0], tsv_number_req(r, rep->vars[0].ref_col));
    for (size_t i = 1; i < rep->nvars; i++) {
        struct drift_var *v = &rep->vars[i];
        double x;
        if (tsv_len(r, v->ref_col) == 0)
            v->ref_missing++;
        else if (v->categorical)
            count_level(rep, v, r, v->ref_col, 0);
        else if (tsv_number(r, v->ref_col, &x))
            push_value(v, x);
    }
}

static void read_current_row(struct drift_report *rep, const struct tsv_reader *r)
{
    struct drift_var *s = &rep->vars[0];
    s->cur_count[qbin_find(s->edges, s->nedges, tsv_number_req(r, s->cur_col))]++;
    for (size_t i = 1; i < rep->nvars; i++) {
        struct drift_var *v = &rep->vars[i];
        double x;
        if (tsv_len(r, v->cur_col) == 0)
            v->cur_missing++;
        else if (v->categorical)
            count_level(rep, v, r, v->cur_col, 1);
        else if (tsv_number(r, v->cur_col, &x))
            v->cur_count[qbin_find(v->edges, v->nedges, x)]++;
    }
}

/* The reference's values of a numeric variable, sorted in place, give the
 * edges and the reference's count per bin. */
static void set_edges(struct drift_var *v, size_t bins)
{
    v->edges = xmalloc((bins > 1 ? bins - 1 : 1) * sizeof *v->edges);
    v->nedges = qbin_edges(v->values, v->nvalues, bins, v->edges, NULL);
    v->ref_count = xcalloc(v->nedges + 1, sizeof *v->ref_count);
    v->cur_count = xcalloc(v->nedges + 1, sizeof *v->cur_count);
    for (size_t i = 0; i < v->nvalues; i++)
        v->ref_count[qbin_find(v->edges, v->nedges, v->values[i])]++;
}

/* ---------- the bins and their PSI ---------- */

static void add_bin(struct drift_var *v, struct bintable_bin is, unsigned long long ref,
                    unsigned long long cur)
{
    v->bins = xgrow(v->bins, &v->bins_cap, v->nbins + 1, sizeof *v->bins);
    v->bins[v->nbins++] = (struct drift_bin){.is = is, .ref = ref, .cur = cur};
}

/* A level's bin: its counters are the reference's rows and the current's. */
static void add_level_bin(void *ctx, struct bintable_bin is, const unsigned long long *c)
{
    add_bin(ctx, is, c[0], c[1]);
}

static void make_bins(struct drift_var *v)
{
    if (v->categorical) {
        bintable_levels(v->levels, add_level_bin, v);
    } else {
        for (size_t k = 0; k <= v->nedges; k++)
            add_bin(v,
                    bintable_interval(qbin_lower(v->edges, v->nedges, k),
                                      qbin_upper(v->edges, v->nedges, k)),
                    v->ref_count[k], v->cur_count[k]);
    }
    if (v->ref_missing || v->cur_missing)
        add_bin(v, bintable_missing(), v->ref_missing, v->cur_missing);
}

static void compute_psi(struct drift_var *v, const struct drift_report *rep)
{
    unsigned long long *ref = xmalloc(2 * v->nbins * sizeof *ref), *cur = ref + v->nbins;
    double *share = xmalloc(3 * v->nbins * sizeof *share);
    double *e = share, *a = share + v->nbins, *contrib = share + 2 * v->nbins;
    for (size_t k = 0; k < v->nbins; k++) {
        ref[k] = v->bins[k].ref;
        cur[k] = v->bins[k].cur;
    }
    v->psi = psi_compute(ref, rep->nref, cur, rep->ncur, v->nbins, e, a, contrib);
    v->verdict = psi_judge(v->psi, rep->watch, rep->alert);
    for (size_t k = 0; k < v->nbins; k++) {
        v->bins[k].e = e[k];
        v->bins[k].a = a[k];
        v->bins[k].contrib = contrib[k];
    }
    free(ref);
    free(share);
}

/* ---------- the run ---------- */

/* Split the rows of r only around the columns of the variables: the score
 * and the inputs, which are few of a wide scored table's columns. */
static void select_columns(const struct drift_report *rep, struct tsv_reader *r, bool reference)
{
    size_t *cols = xmalloc(rep->nvars * sizeof *cols);
    for (size_t i = 0; i < rep->nvars; i++)
        cols[i] = reference ? rep->vars[i].ref_col : rep->vars[i].cur_col;
    tsv_select(r, cols, rep->nvars);
    free(cols);
}

static void warn_constant_score(const struct drift_var *s, const char *name)
{
    if (s->nvalues == 0 || s->values[0] != s->values[s->nvalues - 1])
        return;
    char buf[NUM_BUFSZ];
    num_format(s->values[0], buf);
    warn("%s: every reference score is %s: the bins are (-inf, %s) and [%s, inf)", name, buf, buf,
         buf);
}

static struct drift_report *drift_new(const struct drift_options *o)
{
    struct drift_report *rep = xcalloc(1, sizeof *rep);
    rep->bins_asked = o->bins;
    rep->watch = o->watch;
    rep->alert = o->alert;
    rep->json = o->json;
    return rep;
}

static void add_vars(struct drift_report *rep, const struct drift_options *o,
                     struct tsv_reader *ref, struct tsv_reader *cur)
{
    add_var(rep, o->score, false, ref, cur);
    for (size_t i = 0; i < o->ninputs; i++)
        add_var(rep, o->inputs[i].name, o->inputs[i].categorical, ref, cur);
    if (ref)
        select_columns(rep, ref, true);
    if (cur)
        select_columns(rep, cur, false);
}

static void read_reference(struct drift_report *rep, struct tsv_reader *ref)
{
    while (tsv_next(ref)) {
        read_reference_row(rep, ref);
        rep->nref++;
    }
    if (rep->nref == 0)
        die("%s: no data rows", tsv_name(ref));
    for (size_t i = 0; i < rep->nvars; i++) {
        struct drift_var *v = &rep->vars[i];
        if (v->categorical)
            continue;
        set_edges(v, rep->bins_asked);
        if (i == 0)
            warn_constant_score(v, tsv_name(ref));
        free(v->values);
        v->values = NULL;
    }
}

void drift_read_current(struct drift_report *rep, struct tsv_reader *cur)
{
    for (size_t i = 0; i < rep->nvars; i++)
        rep->vars[i].cur_col = tsv_column(cur, rep->vars[i].name);
    select_columns(rep, cur, false);
    while (tsv_next(cur)) {
        read_current_row(rep, cur);
        rep->ncur++;
    }
}

static void drift_finish(struct drift_report *rep)
{
    for (size_t i = 0; i < rep->nvars; i++) {
        make_bins(&rep->vars[i]);
        compute_psi(&rep->vars[i], rep);
    }
}

struct drift_report *drift_reference(struct tsv_reader *ref, const struct drift_options *o)
{
    struct drift_report *rep = drift_new(o);
    add_vars(rep, o, ref, NULL);
    read_reference(rep, ref);
    return rep;
}

struct drift_report *drift_run(struct tsv_reader *ref, struct tsv_reader *cur,
                               const struct drift_options *o)
{
    struct drift_report *rep = drift_new(o);
    add_vars(rep, o, ref, cur);
    read_reference(rep, ref);
    while (tsv_next(cur)) {
        read_current_row(rep, cur);
        rep->ncur++;
    }
    if (rep->ncur == 0)
        die("%s: no data rows", tsv_name(cur));
    drift_finish(rep);
    return rep;
}

void drift_free(struct drift_report *rep)
{
    for (size_t i = 0; i < rep->nvars; i++) {
        struct drift_var *v = &rep->vars[i];
        free(v->name);
        free(v->values);
        levels_free(v->levels);
        free(v->edges);
        free(v->ref_count);
        free(v->cur_count);
        free(v->bins);
    }
    free(rep->vars);
    free(rep);
}

enum psi_verdict drift_verdict(const struct drift_report *rep)
{
    return rep->vars[0].verdict;
}

/* ---------- output ---------- */

static const char *type_name(const struct drift_var *v)
{
    return v->categorical ? "categorical" : "numeric";
}

void drift_write_tsv(const struct drift_report *rep, FILE *fp, int digits)
{
    fputs("variable\tbin\tlower\tupper\treference_rows\tcurrent_rows\treference_share\t"
          "current_share\tcontribution\tpsi\tverdict\n",
          fp);
    for (size_t i = 0; i < rep->nvars; i++) {
        const struct drift_var *v = &rep->vars[i];
        for (size_t k = 0; k < v->nbins; k++) {
            const struct drift_bin *b = &v->bins[k];
            bintable_bin_columns(fp, v->name, &b->is, k);
            bintable_count(fp, b->ref);
            bintable_count(fp, b->cur);
            bintable_number(fp, num_round(b->e, digits));
            bintable_number(fp, num_round(b->a, digits));
            bintable_number(fp, num_round(b->contrib, digits));
            bintable_number(fp, num_round(v->psi, digits));
            bintable_text(fp, psi_verdict_name(v->verdict));
            putc('\n', fp);
        }
    }
}

void drift_write_summary(const struct drift_report *rep, FILE *fp, int digits)
{
    fputs("variable\ttype\tbins\tpsi\tverdict\n", fp);
    for (size_t i = 0; i < rep->nvars; i++) {
        const struct drift_var *v = &rep->vars[i];
        fputs(v->name, fp);
        bintable_text(fp, type_name(v));
        bintable_count(fp, v->nbins);
        bintable_number(fp, num_round(v->psi, digits));
        bintable_text(fp, psi_verdict_name(v->verdict));
        putc('\n', fp);
    }
}

static void json_bin(struct jw *w, const struct drift_var *v, size_t k)
{
    const struct drift_bin *b = &v->bins[k];
    jw_object_begin(w);
    bintable_bin_keys(w, &b->is, k);
    jw_put_integer(w, "reference_rows", (long long)b->ref);
    jw_put_integer(w, "current_rows", (long long)b->cur);
    jw_put_number(w, "reference_share", b->e);
    jw_put_number(w, "current_share", b->a);
    jw_put_number(w, "contribution", b->contrib);
    jw_object_end(w);
}

static void json_var(struct jw *w, const struct drift_var *v)
{
    jw_object_begin(w);
    jw_put_string(w, "variable", v->name);
    jw_put_string(w, "type", type_name(v));
    if (!v->categorical) {
        jw_key(w, "edges");
        bintable_json_numbers(w, v->edges, v->nedges);
    }
    jw_put_number(w, "psi", v->psi);
    jw_put_string(w, "verdict", psi_verdict_name(v->verdict));
    jw_key(w, "bins");
    jw_array_begin(w);
    for (size_t k = 0; k < v->nbins; k++)
        json_bin(w, v, k);
    jw_array_end(w);
    jw_object_end(w);
}

void drift_write_json(const struct drift_report *rep, FILE *fp, int digits)
{
    struct jw w;
    jw_init(&w, fp, 2);
    w.digits = digits;
    jw_object_begin(&w);
    jw_put_string(&w, "quantiles", "linear");
    jw_put_integer(&w, "bins", (long long)rep->bins_asked);
    jw_put_number(&w, "epsilon", PSI_EPSILON);
    jw_put_number(&w, "watch", rep->watch);
    jw_put_number(&w, "alert", rep->alert);
    jw_put_integer(&w, "reference_rows", (long long)rep->nref);
    jw_put_integer(&w, "current_rows", (long long)rep->ncur);
    jw_put_string(&w, "verdict", psi_verdict_name(drift_verdict(rep)));
    jw_key(&w, "score");
    json_var(&w, &rep->vars[0]);
    jw_key(&w, "inputs");
    jw_array_begin(&w);
    for (size_t i = 1; i < rep->nvars; i++)
        json_var(&w, &rep->vars[i]);
    jw_array_end(&w);
    jw_object_end(&w);
    jw_finish(&w);
}

/* ---------- partials: the reference's bins, a shard's counts ---------- */

#define KIND_REFERENCE "psi-reference"
#define KIND_CURRENT   "psi-current"

/* A variable's records: its name and type, its edges, and the counts of
 * side k (0 the reference, 1 the current rows) by bin or by level. */
static void write_var(struct rec_writer *w, const struct drift_var *v, int k)
{
    rec_key(w, "variable");
    rec_str(w, v->name);
    rec_str(w, type_name(v));
    rec_end_line(w);
    if (v->categorical) {
        size_t *order = levels_order(v->levels);
        for (size_t i = 0; i < levels_size(v->levels); i++) {
            const unsigned long long *c = levels_counts(v->levels, order[i]);
            if (!c[k])
                continue;
            rec_key(w, "level");
            rec_str(w, levels_name(v->levels, order[i]));
            rec_size(w, (size_t)c[k]);
            rec_end_line(w);
        }
        free(order);
    } else {
        rec_key(w, "edges");
        for (size_t e = 0; e < v->nedges; e++)
            rec_num(w, v->edges[e]);
        rec_end_line(w);
        const unsigned long long *count = k ? v->cur_count : v->ref_count;
        rec_key(w, "counts");
        for (size_t b = 0; b <= v->nedges; b++)
            rec_size(w, (size_t)count[b]);
        rec_end_line(w);
    }
    rec_key(w, "missing");
    rec_size(w, (size_t)(k ? v->cur_missing : v->ref_missing));
    rec_end_line(w);
}

static void write_count(struct rec_writer *w, const char *key, size_t n)
{
    rec_key(w, key);
    rec_size(w, n);
    rec_end_line(w);
}

void drift_write_reference(const struct drift_report *rep, FILE *fp)
{
    struct rec_writer w;
    rec_start(&w, fp, KIND_REFERENCE);
    write_count(&w, "bins", rep->bins_asked);
    write_count(&w, "reference_rows", (size_t)rep->nref);
    for (size_t i = 0; i < rep->nvars; i++)
        write_var(&w, &rep->vars[i], 0);
    rec_finish(&w);
}

void drift_write_current(const struct drift_report *rep, FILE *fp)
{
    struct rec_writer w;
    rec_start(&w, fp, KIND_CURRENT);
    write_count(&w, "current_rows", (size_t)rep->ncur);
    for (size_t i = 0; i < rep->nvars; i++)
        write_var(&w, &rep->vars[i], 1);
    rec_finish(&w);
}

/* The next record, which must be key with n fields (0: any number). */
static void expect(struct rec_reader *r, const char *key, size_t n)
{
    if (!rec_next(r) || !rec_is(r, key, n))
        rec_die(r, n ? "a record missing or of the wrong length (a damaged file?)"
                     : "a record missing (a damaged file?)");
}

/* The edges of numeric variable v: set from the reference's partial, or
 * checked to be the reference's in a shard's. */
static void read_edges(struct rec_reader *r, struct drift_var *v, bool reference)
{
    expect(r, "edges", 0);
    size_t n = r->nfield - 1;
    if (reference) {
        v->nedges = n;
        v->edges = xmalloc((n ? n : 1) * sizeof *v->edges);
        for (size_t e = 0; e < n; e++)
            v->edges[e] = rec_num_at(r, e + 1);
        v->ref_count = xcalloc(n + 1, sizeof *v->ref_count);
        v->cur_count = xcalloc(n + 1, sizeof *v->cur_count);
        return;
    }
    bool same = n == v->nedges;
    for (size_t e = 0; same && e < n; e++)
        same = rec_num_at(r, e + 1) == v->edges[e];
    if (!same)
        rec_die(r, "these bins are not the reference's (a partial made from another reference?)");
}

/* Add variable v's counts of side k (0 reference, 1 current), through its
 * missing record; returns their total. */
static unsigned long long read_counts(struct rec_reader *r, struct drift_var *v, int k)
{
    unsigned long long total = 0;
    if (!v->categorical) {
        expect(r, "counts", v->nedges + 2);
        unsigned long long *count = k ? v->cur_count : v->ref_count;
        for (size_t b = 0; b <= v->nedges; b++) {
            size_t c = rec_size_at(r, b + 1);
            count[b] += c;
            total += c;
        }
    }
    for (;;) {
        if (!rec_next(r))
            rec_die(r, "a record missing (a damaged file?)");
        if (rec_is(r, "missing", 2))
            break;
        if (!v->categorical || !rec_is(r, "level", 3))
            rec_die(r, "an unexpected record (a damaged file?)");
        size_t c = rec_size_at(r, 2);
        levels_get(v->levels, r->field[1], strlen(r->field[1]))[k] += c;
        total += c;
    }
    size_t missing = rec_size_at(r, 1);
    if (k)
        v->cur_missing += missing;
    else
        v->ref_missing += missing;
    return total + missing;
}

/* The variable record just read: in the reference's partial it adds
 * variable number i; in a shard's it must be the reference's variable i. */
static struct drift_var *var_of_record(struct rec_reader *r, struct drift_report *rep, size_t i,
                                       bool reference)
{
    if (!rec_is(r, "variable", 3))
        rec_die(r, "an unexpected record (a damaged file?)");
    bool categorical = strcmp(r->field[2], "categorical") == 0;
    if (!categorical && strcmp(r->field[2], "numeric") != 0)
        rec_die(r, "a variable of an unknown type (a damaged file?)");
    if (reference) {
        add_var(rep, r->field[1], categorical, NULL, NULL);
        return &rep->vars[i];
    }
    if (i >= rep->nvars || strcmp(rep->vars[i].name, r->field[1]) != 0 ||
        rep->vars[i].categorical != categorical)
        rec_die(r, "not the reference's variables (a partial made from another reference?)");
    return &rep->vars[i];
}

/* The variables of a partial of side k, each counting rows in all. */
static void read_vars(struct rec_reader *r, struct drift_report *rep, int k,
                      unsigned long long rows)
{
    size_t i = 0;
    for (; rec_next(r); i++) {
        struct drift_var *v = var_of_record(r, rep, i, k == 0);
        if (!v->categorical)
            read_edges(r, v, k == 0);
        unsigned long long total = read_counts(r, v, k);
        if (total != rows || (i == 0 && v->categorical) ||
            (i == 0 && (k ? v->cur_missing : v->ref_missing)))
            rec_die(r, "the counts do not add up to the rows (a damaged file?)");
    }
    if (i == 0 || i != rep->nvars)
        rec_die(r, "not the reference's variables (a partial made from another reference?)");
}

static FILE *open_partial(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *fp = fopen(path, "r");
    if (!fp)
        die_errno("cannot open %s", path);
    return fp;
}

/* Names and levels go into JSON only as UTF-8. */
static void require_utf8(const struct drift_report *rep, const char *path)
{
    for (size_t i = 0; i < rep->nvars; i++) {
        const struct drift_var *v = &rep->vars[i];
        if (!utf8_valid(v->name, strlen(v->name)))
            die("%s: column '%s' is not valid UTF-8, which JSON needs", path, v->name);
        for (size_t l = 0; v->categorical && l < levels_size(v->levels); l++) {
            const char *s = levels_name(v->levels, l);
            if (!utf8_valid(s, strlen(s)))
                die("%s: column '%s': a level is not valid UTF-8, which JSON needs", path, v->name);
        }
    }
}

struct drift_report *drift_load_reference(const char *path, const struct drift_options *o)
{
    struct drift_report *rep = drift_new(o);
    struct rec_reader r;
    rec_open(&r, open_partial(path), path, KIND_REFERENCE);
    expect(&r, "bins", 2);
    rep->bins_asked = rec_size_at(&r, 1);
    expect(&r, "reference_rows", 2);
    rep->nref = rec_size_at(&r, 1);
    if (rep->nref == 0)
        rec_die(&r, "no reference rows (a damaged file?)");
    read_vars(&r, rep, 0, rep->nref);
    rec_close(&r);
    return rep;
}

void drift_add_current(struct drift_report *rep, const char *path)
{
    struct rec_reader r;
    rec_open(&r, open_partial(path), path, KIND_CURRENT);
    expect(&r, "current_rows", 2);
    unsigned long long rows = rec_size_at(&r, 1);
    read_vars(&r, rep, 1, rows);
    rep->ncur += rows;
    rec_close(&r);
}

void drift_merge_finish(struct drift_report *rep, const char *label)
{
    if (rep->ncur == 0)
        die("%s: no current rows in any partial", label);
    if (rep->json)
        require_utf8(rep, label);
    drift_finish(rep);
}
