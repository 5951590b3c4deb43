/* split.c - train/test partitions of a table's rows; see split.h. */
#include "split.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "levels.h"
#include "num.h"
#include "reread.h"
#include "rng.h"
#include "xalloc.h"

/* More distinct values than this cannot be strata. */
#define MAX_STRATA 100000

/* ---------- the decision for one row ---------- */

struct splitter {
    const struct split_spec *s;
    size_t col;
    struct rng g;
    /* random and stratified: per stratum, rows and test rows still to come */
    struct levels *strata;
    unsigned long long *rows, *left, *need;
    size_t nstrata, cap;
    /* time */
    bool numeric_cutoff;
    double cutoff;
};

static size_t stratum(struct splitter *sp, const struct tsv_reader *r, bool add)
{
    if (sp->s->method != SPLIT_STRATIFIED)
        return 0;
    const char *v = tsv_get(r, sp->col);
    size_t len = tsv_len(r, sp->col);
    if (!add) {
        long id = levels_index(sp->strata, v, len);
        if (id < 0)
            die("%s: the input changed between the two passes", tsv_name(r));
        return (size_t)id;
    }
    size_t id = levels_add(sp->strata, v, len);
    if (levels_size(sp->strata) > MAX_STRATA)
        die("%s: column '%s' has more than %d distinct values to stratify on", tsv_name(r),
            tsv_header(r, sp->col), MAX_STRATA);
    if (id == sp->nstrata) {
        sp->rows = xgrow(sp->rows, &sp->cap, id + 1, sizeof *sp->rows);
        sp->rows[id] = 0;
        sp->nstrata++;
    }
    return id;
}

/* A stratum's claim to one more test row: its remainder, larger first, and
 * on a tie its place in byte order, earlier first. */
struct claim {
    double rem;
    size_t place, stratum;
};

static int by_claim(const void *pa, const void *pb)
{
    const struct claim *a = pa, *b = pb;
    if (a->rem != b->rem)
        return a->rem > b->rem ? -1 : 1;
    return a->place < b->place ? -1 : a->place > b->place;
}

/* Test rows per stratum: floor(fraction * rows), and the rest of
 * ceil(fraction * all rows) to the largest remainders, one each (the
 * remainders are below 1 and sum to what is missing). */
static void plan(struct splitter *sp)
{
    size_t n = sp->nstrata;
    double f = sp->s->fraction;
    unsigned long long total = 0, given = 0;
    sp->need = xcalloc(n ? n : 1, sizeof *sp->need);
    sp->left = xcalloc(n ? n : 1, sizeof *sp->left);
    for (size_t i = 0; i < n; i++) {
        total += sp->rows[i];
        sp->need[i] = (unsigned long long)floor(f * (double)sp->rows[i]);
        sp->left[i] = sp->rows[i];
        given += sp->need[i];
    }
    unsigned long long want = (unsigned long long)ceil(f * (double)total);
    size_t *order = sp->strata ? levels_order(sp->strata) : NULL;
    struct claim *claims = xcalloc(n ? n : 1, sizeof *claims);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = order ? order[k] : k;
        if (sp->need[i] < sp->rows[i])
            claims[m++] = (struct claim){f * (double)sp->rows[i] - (double)sp->need[i], k, i};
    }
    qsort(claims, m, sizeof *claims, by_claim);
    for (size_t k = 0; k < m && given < want; k++, given++)
        sp->need[claims[k].stratum]++;
    free(claims);
    free(order);
}

static uint64_t id_hash(const char *s, size_t len, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    uint64_t z = h ^ seed; /* splitmix64's finalizer */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static bool before_cutoff(const struct splitter *sp, const struct tsv_reader *r)
{
    const char *v = tsv_get(r, sp->col);
    if (*v == '\0')
        tsv_die_col(r, sp->col, "missing value");
    if (!sp->numeric_cutoff)
        return strcmp(v, sp->s->cutoff) < 0;
    double x;
    char q[ERR_QUOTE_SIZE];
    enum num_status st = num_parse(v, &x);
    if (st == NUM_RANGE)
        tsv_die_col(r, sp->col, "'%s' %s", err_quote(q, v), num_status_text(st));
    if (st != NUM_OK)
        tsv_die_col(r, sp->col, "'%s' is not a number (the cut-off '%s' is)", err_quote(q, v),
                    sp->s->cutoff);
    return x < sp->cutoff;
}

static bool is_test(struct splitter *sp, const struct tsv_reader *r)
{
    switch (sp->s->method) {
    case SPLIT_HASH: {
        uint64_t h = id_hash(tsv_get(r, sp->col), tsv_len(r, sp->col), sp->s->seed);
        return (double)(h >> 11) * 0x1p-53 < sp->s->fraction;
    }
    case SPLIT_TIME:
        return !before_cutoff(sp, r);
    case SPLIT_RANDOM:
    case SPLIT_STRATIFIED:
        break;
    }
    size_t k = stratum(sp, r, false);
    if (sp->left[k] == 0)
        die("%s: the input changed between the two passes", tsv_name(r));
    bool test = rng_below(&sp->g, sp->left[k]) < sp->need[k];
    sp->left[k]--;
    sp->need[k] -= test;
    return test;
}

/* ---------- the run ---------- */

static void write_header(const struct tsv_reader *r, FILE *fp, const char *mark)
{
    tsv_write_header(r, fp);
    if (mark)
        fprintf(fp, "\t%s", mark);
    putc('\n', fp);
}

static void write_rows(struct splitter *sp, struct tsv_reader *r, const struct split_output *out)
{
    write_header(r, out->train, out->mark);
    if (!out->mark && out->test != out->train)
        write_header(r, out->test, NULL);
    while (tsv_next(r)) {
        bool test = is_test(sp, r);
        FILE *fp = test && !out->mark ? out->test : out->train;
        tsv_write_row(r, fp);
        if (out->mark)
            fputs(test ? "\ttest" : "\ttrain", fp);
        putc('\n', fp);
    }
    for (size_t k = 0; k < sp->nstrata && sp->left; k++)
        if (sp->left[k])
            die("%s: the input changed between the two passes", tsv_name(r));
}

static void count_rows(struct splitter *sp, struct tsv_reader *r)
{
    if (sp->s->method == SPLIT_RANDOM) {
        sp->rows = xcalloc(1, sizeof *sp->rows);
        sp->nstrata = 1;
    }
    while (tsv_next(r)) {
        size_t k = stratum(sp, r, true); /* may move sp->rows */
        sp->rows[k]++;
    }
    plan(sp);
}

static void find_columns(struct splitter *sp, const struct tsv_reader *r, const char *mark)
{
    if (mark && tsv_find(r, mark) >= 0)
        die("%s: already has a column '%s'; name the mark with --mark", tsv_name(r), mark);
    if (sp->s->method != SPLIT_RANDOM)
        sp->col = tsv_column(r, sp->s->column);
}

void split_run(const struct split_spec *s, const char *path, const struct tsv_options *table,
               const struct split_output *out)
{
    struct splitter sp = {.s = s};
    rng_seed(&sp.g, s->seed);
    if (s->method == SPLIT_TIME)
        sp.numeric_cutoff = num_parse(s->cutoff, &sp.cutoff) == NUM_OK;
    if (s->method == SPLIT_STRATIFIED)
        sp.strata = levels_new(0);
    bool two_passes = s->method == SPLIT_RANDOM || s->method == SPLIT_STRATIFIED;
    struct reread input;
    struct tsv_options opts = {
        .format = table->format, .max_line = table->max_line, .na = table->na, .nna = table->nna};
    struct tsv_reader *r = two_passes ? reread_first(&input, path, &opts) : tsv_open(path, &opts);
    find_columns(&sp, r, out->mark);
    if (two_passes) {
        count_rows(&sp, r);
        tsv_close(r);
        r = reread_second(&input);
        find_columns(&sp, r, out->mark);
    }
    write_rows(&sp, r, out);
    tsv_close(r);
    levels_free(sp.strata);
    free(sp.rows);
    free(sp.left);
    free(sp.need);
}
