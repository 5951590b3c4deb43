/* features.c - flags, ratio and bins of pm-features; see features.h. */
#include "features.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "err.h"
#include "num.h"
#include "xalloc.h"

static const char *const OUTPUT_COLUMNS[] = {
    "renewal_window_flag", "high_engagement_flag", "large_account_flag",     "revenue_per_employee",
    "company_size_bin",    "website_visits_bin",   "contract_remaining_bin",
};
#define N_OUTPUT (sizeof OUTPUT_COLUMNS / sizeof *OUTPUT_COLUMNS)

static char *range_label(long long lo, long long hi)
{
    char *s;
    int n = lo == hi ? asprintf(&s, "%lld", lo) : asprintf(&s, "%lld-%lld", lo, hi);
    if (n < 0)
        die("out of memory");
    return s;
}

static void free_labels(struct binning *b)
{
    if (b->labels)
        for (size_t i = 0; i <= b->nedges; i++)
            free(b->labels[i]);
    free(b->labels);
    free(b->edges);
}

const char *features_set_edges(struct binning *b, const double *edges, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (edges[i] != floor(edges[i]) || fabs(edges[i]) > 1e15)
            return "edges must be whole numbers";
        if (edges[i] <= (double)b->least)
            return b->least == 0 ? "edges must be above 0" : "edges must be above 1";
        if (i > 0 && edges[i] <= edges[i - 1])
            return "edges must increase";
    }
    free_labels(b);
    b->nedges = n;
    b->edges = xmalloc((n ? n : 1) * sizeof *b->edges);
    memcpy(b->edges, edges, n * sizeof *edges);
    b->labels = xmalloc((n + 1) * sizeof *b->labels);
    long long lo = b->least;
    for (size_t i = 0; i < n; i++) {
        long long edge = (long long)edges[i];
        b->labels[i] = range_label(lo, edge - 1);
        lo = edge;
    }
    if (asprintf(&b->labels[n], "%lld+", lo) < 0)
        die("out of memory");
    return NULL;
}

static void set_binning(struct binning *b, long long least, const double *edges, size_t n)
{
    *b = (struct binning){.least = least};
    features_set_edges(b, edges, n);
}

void features_defaults(struct feature_rules *rules)
{
    static const double size_edges[] = {50, 200, 800, 2000};
    static const double visits_edges[] = {1, 3, 5, 10};
    static const double remaining_edges[] = {4, 7, 13, 25};
    rules->renewal_months = 3;
    rules->engaged_visits = 5;
    rules->large_size = 800;
    set_binning(&rules->size, 1, size_edges, 4);
    set_binning(&rules->visits, 0, visits_edges, 4);
    set_binning(&rules->remaining, 0, remaining_edges, 4);
}

void features_free(struct feature_rules *rules)
{
    free_labels(&rules->size);
    free_labels(&rules->visits);
    free_labels(&rules->remaining);
}

/* The label of the bin v falls in: the last edge <= v, by binary search. */
static const char *bin_label(const struct binning *b, double v)
{
    size_t lo = 0, hi = b->nedges; /* answer: number of edges <= v */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->edges[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return b->labels[lo];
}

struct columns {
    size_t size, revenue, visits, remaining;
};

static struct columns find_columns(const struct tsv_reader *r)
{
    for (size_t i = 0; i < N_OUTPUT; i++)
        if (tsv_find(r, OUTPUT_COLUMNS[i]) >= 0)
            die("%s: already has a column '%s' (has pm-features run on it?)", tsv_name(r),
                OUTPUT_COLUMNS[i]);
    return (struct columns){
        .size = tsv_column(r, "company_size"),
        .revenue = tsv_column(r, "annual_revenue"),
        .visits = tsv_column(r, "website_visits_30d"),
        .remaining = tsv_column(r, "contract_remaining_months"),
    };
}

/* A value of column col as read_inputs takes it: 1 for a number (not
 * negative for a count), 0 for a missing value, -1 for anything else. */
static int try_value(const struct tsv_reader *r, size_t col, bool count, double *v)
{
    enum num_status st = num_parse_n(tsv_get(r, col), tsv_len(r, col), v);
    if (st == NUM_EMPTY)
        return 0;
    return st == NUM_OK && !(count && *v < 0) ? 1 : -1;
}

/* The same, dying with the file, line and column at a value it refuses. */
static bool need_value(const struct tsv_reader *r, size_t col, bool count, double *v)
{
    int k = try_value(r, col, count, v);
    if (k >= 0)
        return k;
    if (!tsv_number(r, col, v))
        return false;
    char q[ERR_QUOTE_SIZE];
    tsv_die_col(r, col, "'%s' is negative", err_quote(q, tsv_get(r, col)));
}

static void put_flag(FILE *out, bool known, bool flag)
{
    putc_unlocked('\t', out);
    if (known)
        putc_unlocked(flag ? '1' : '0', out);
}

static void put_label(FILE *out, bool known, const struct binning *b, double v)
{
    putc_unlocked('\t', out);
    if (known)
        fputs_unlocked(bin_label(b, v), out);
}

/* The inputs of the derived columns, read (and checked) before any byte of
 * the row is written, so that a bad value leaves no half row behind. */
struct inputs {
    double size, revenue, visits, remaining;
    bool has_size, has_revenue, has_visits, has_remaining;
};

/* The inputs of a row; false at a value the row cannot have (only where
 * strict is false: else it dies there, naming it). */
static bool read_inputs(const struct tsv_reader *r, const struct columns *c, bool strict,
                        struct inputs *in, struct feature_counts *counts)
{
    const size_t col[] = {c->size, c->revenue, c->visits, c->remaining};
    const bool count[] = {true, false, true, true};
    double *v[] = {&in->size, &in->revenue, &in->visits, &in->remaining};
    bool *has[] = {&in->has_size, &in->has_revenue, &in->has_visits, &in->has_remaining};
    bool all = true;
    for (size_t i = 0; i < 4; i++) {
        int k =
            strict ? need_value(r, col[i], count[i], v[i]) : try_value(r, col[i], count[i], v[i]);
        if (k < 0)
            return false;
        *has[i] = k;
        all = all && k;
    }
    if (!all)
        counts->missing++;
    return true;
}

static void write_derived(const struct inputs *in, const struct feature_rules *rules, FILE *out,
                          struct feature_counts *counts)
{
    put_flag(out, in->has_remaining, in->remaining <= rules->renewal_months);
    put_flag(out, in->has_visits, in->visits >= rules->engaged_visits);
    put_flag(out, in->has_size, in->size >= rules->large_size);
    putc_unlocked('\t', out);
    if (in->has_size && in->size == 0)
        counts->zero_size++;
    else if (in->has_size && in->has_revenue) {
        char buf[NUM_BUFSZ];
        fwrite_unlocked(buf, 1, num_format(in->revenue / in->size, buf), out);
    }
    put_label(out, in->has_size, &rules->size, in->size);
    put_label(out, in->has_visits, &rules->visits, in->visits);
    put_label(out, in->has_remaining, &rules->remaining, in->remaining);
}

/* One row, its inputs read, with the engineered columns and a line end. */
static void write_row(struct tsv_reader *r, const struct inputs *in,
                      const struct feature_rules *rules, FILE *out, struct feature_counts *counts)
{
    tsv_write_row(r, out);
    write_derived(in, rules, out, counts);
    putc_unlocked('\n', out);
}

/* A slot of the two-thread read (blocks.h): a block's rows, written into
 * memory, and what they counted. */
struct lane {
    FILE *out;
    char *buf;
    size_t size;
    struct feature_counts counts;
};

struct lanes {
    const struct columns *c;
    const struct feature_rules *rules;
    FILE *out;
    struct feature_counts *counts;
    struct lane lane[BLOCKS_SLOTS];
};

static bool lane_block(void *ctx, size_t slot, struct tsv_reader *r)
{
    struct lanes *ls = ctx;
    struct lane *l = &ls->lane[slot];
    rewind(l->out);
    l->counts = (struct feature_counts){0};
    enum tsv_block_status st;
    while ((st = tsv_block_next(r)) == TSV_ROW) {
        struct inputs in;
        if (!read_inputs(r, ls->c, false, &in, &l->counts))
            return false;
        l->counts.rows++;
        write_row(r, &in, ls->rules, l->out, &l->counts);
    }
    return st == TSV_END;
}

static void lane_take(void *ctx, size_t slot, unsigned long lines_before)
{
    (void)lines_before;
    struct lanes *ls = ctx;
    struct lane *l = &ls->lane[slot];
    if (fflush(l->out) != 0)
        die("out of memory");
    fwrite_unlocked(l->buf, 1, (size_t)ftell(l->out), ls->out);
    ls->counts->rows += l->counts.rows;
    ls->counts->missing += l->counts.missing;
    ls->counts->zero_size += l->counts.zero_size;
}

/* The rows of a large file on two threads; r is left where the calling
 * thread reads on (at the end, or at a row the lanes gave up). */
static void run_blocks(struct tsv_reader *r, const struct columns *c,
                       const struct feature_rules *rules, FILE *out, struct feature_counts *counts)
{
    if (!blocks_worth(r))
        return;
    struct lanes ls = {.c = c, .rules = rules, .out = out, .counts = counts};
    for (size_t i = 0; i < BLOCKS_SLOTS; i++) {
        struct lane *l = &ls.lane[i];
        l->out = open_memstream(&l->buf, &l->size);
        if (!l->out)
            die_errno("open_memstream");
    }
    blocks_run(r, &(struct blocks_work){.process = lane_block, .take = lane_take, .ctx = &ls});
    for (size_t i = 0; i < BLOCKS_SLOTS; i++) {
        fclose(ls.lane[i].out);
        free(ls.lane[i].buf);
    }
}

struct feature_counts features_run(struct tsv_reader *r, FILE *out,
                                   const struct feature_rules *rules)
{
    struct columns c = find_columns(r);
    struct feature_counts counts = {0};
    tsv_write_header(r, out);
    for (size_t i = 0; i < N_OUTPUT; i++) {
        putc_unlocked('\t', out);
        fputs_unlocked(OUTPUT_COLUMNS[i], out);
    }
    putc_unlocked('\n', out);
    run_blocks(r, &c, rules, out, &counts);
    while (tsv_next(r)) {
        counts.rows++;
        struct inputs in;
        read_inputs(r, &c, true, &in, &counts);
        write_row(r, &in, rules, out, &counts);
    }
    return counts;
}
