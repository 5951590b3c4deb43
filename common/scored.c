/* scored.c - target and score columns as sorted scores; see scored.h. */
#include "scored.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "counts.h"
#include "err.h"
#include "levels.h"
#include "num.h"
#include "scored_tail.h"
#include "sort.h"
#include "xalloc.h"

void scored_defaults(struct scored_options *o)
{
    *o = (struct scored_options){.target = "response_flag", .score = "score"};
}

void scored_cli_init(struct scored_cli *c)
{
    *c = (struct scored_cli){.format = TSV_FORMAT_AUTO};
    scored_defaults(&c->scored);
}

void scored_cli_option(struct scored_cli *c, int opt, const char *arg, const char *usage)
{
    switch (opt) {
    case SCORED_OPT_COUNTS:
        c->scored.counts = true;
        break;
    case SCORED_OPT_CSV:
        c->format = TSV_FORMAT_CSV;
        break;
    case 'h':
        cli_help(usage);
    case SCORED_OPT_MAX_LINE:
        c->max_line = tsv_max_line_arg(arg);
        break;
    case 'o':
        c->output = arg;
        break;
    case SCORED_OPT_POSITIVE:
        if (*arg == '\0')
            die_usage("option '--positive': the label must not be empty");
        c->scored.positive = arg;
        break;
    case SCORED_OPT_SCORE:
        c->scored.score = arg;
        break;
    case SCORED_OPT_TARGET:
    case 'y':
        c->scored.target = arg;
        break;
    case 'V':
        cli_version();
    default:
        cli_bad_option();
    }
}

void scored_cli_operands(struct scored_cli *c, int argc, char **argv, int first)
{
    c->input = cli_file_operand(argc, argv, first);
}

struct scored_set *scored_cli_read(const struct scored_cli *c)
{
    if (c->scored.counts && c->scored.by)
        die_usage("a counts table has no column to group by: --by and --counts do not mix");
    struct tsv_reader *r =
        tsv_open(c->input, &(struct tsv_options){.format = c->format, .max_line = c->max_line});
    struct scored_set *set =
        c->scored.counts ? counts_read(r, c->scored.score) : scored_read(r, &c->scored);
    tsv_close(r);
    scored_require_rows(set);
    return set;
}

/* ---------- groups by value ---------- */

struct group_table {
    struct scored *groups;
    size_t n, cap;
    struct levels *index; /* the values, numbered as groups is */
};

static struct scored *new_group(struct group_table *g, const char *key, size_t len)
{
    g->groups = xgrow(g->groups, &g->cap, g->n + 1, sizeof *g->groups);
    struct scored *s = &g->groups[g->n++];
    *s = (struct scored){.key = xstrndup(key, len)};
    return s;
}

/* The group of the current row's value in column col, made if new (and
 * checked, if it goes into JSON). */
static struct scored *group_of(struct group_table *g, const struct tsv_reader *r, size_t col,
                               bool json)
{
    size_t k = columns_level(g->index, r, col, json);
    if (k < g->n)
        return &g->groups[k];
    return new_group(g, tsv_get(r, col), tsv_len(r, col));
}

/* ---------- one row ---------- */

bool scored_target(const struct tsv_reader *r, size_t col, const char *positive)
{
    const char *t = tsv_get(r, col);
    if (!positive)
        return tsv_zero_one(r, col, "name the positive value with --positive");
    if (t[0] == '\0')
        tsv_die_col(r, col, "missing value");
    return strcmp(t, positive) == 0;
}

void scored_note_outside(struct scored *s, double v, unsigned long line, const char *text)
{
    if (!(v >= 0 && v <= 1) && !s->outside_line) {
        s->outside_line = line;
        s->outside_text = xstrdup(text);
    }
}

void scored_add(struct scored *s, bool responder, double v)
{
    if (responder) {
        if (s->npos == s->pos_cap)
            s->pos = xgrow(s->pos, &s->pos_cap, s->npos + 1, sizeof *s->pos);
        s->pos[s->npos++] = v;
    } else {
        if (s->nneg == s->neg_cap)
            s->neg = xgrow(s->neg, &s->neg_cap, s->nneg + 1, sizeof *s->neg);
        s->neg[s->nneg++] = v;
    }
}

/* ---------- the whole input ---------- */

static bool all_numeric(const struct scored *groups, size_t n)
{
    double v;
    for (size_t i = 0; i < n; i++)
        if (num_parse(groups[i].key, &v) != NUM_OK)
            return false;
    return true;
}

static int compare_bytes(const void *a, const void *b)
{
    return strcmp(((const struct scored *)a)->key, ((const struct scored *)b)->key);
}

static int compare_numbers(const void *a, const void *b)
{
    double x, y;
    num_parse(((const struct scored *)a)->key, &x);
    num_parse(((const struct scored *)b)->key, &y);
    return x < y ? -1 : x > y ? 1 : compare_bytes(a, b);
}

/* Sort every group's scores (with one scratch array) and order the groups. */
static void finish(struct scored_set *set)
{
    size_t most = 1;
    for (size_t i = 0; i < set->ngroups; i++) {
        struct scored *s = &set->groups[i];
        most = s->npos > most ? s->npos : most;
        most = s->nneg > most ? s->nneg : most;
    }
    double *scratch = xmalloc(most * sizeof *scratch);
    for (size_t i = 0; i < set->ngroups; i++) {
        sort_doubles_with(set->groups[i].pos, scratch, set->groups[i].npos);
        sort_doubles_with(set->groups[i].neg, scratch, set->groups[i].nneg);
    }
    free(scratch);
    if (set->ngroups > 1)
        qsort(set->groups, set->ngroups, sizeof *set->groups,
              all_numeric(set->groups, set->ngroups) ? compare_numbers : compare_bytes);
}

/* The columns of the rows, and the one group when there are no others. */
struct row_columns {
    size_t target, score, by;
    struct scored *all;
};

/* The rows r has left, each into its group. */
static void read_rows(struct tsv_reader *r, const struct scored_options *o,
                      const struct row_columns *c, struct group_table *g)
{
    while (tsv_next(r)) {
        struct scored *s = c->all ? c->all : group_of(g, r, c->by, o->json);
        bool responder = scored_target(r, c->target, o->positive);
        double v = tsv_number_req(r, c->score);
        scored_note_outside(s, v, tsv_line(r), tsv_get(r, c->score));
        scored_add(s, responder, v);
    }
}

struct scored_set *scored_read(struct tsv_reader *r, const struct scored_options *o)
{
    struct row_columns c = {.target = tsv_column(r, o->target), .score = tsv_column(r, o->score)};
    c.by = o->by ? tsv_column(r, o->by) : 0;
    size_t cols[] = {c.target, c.score, c.by};
    tsv_select(r, cols, o->by ? 3 : 2);
    struct group_table g = {.index = levels_new(0)};
    c.all = o->by ? NULL : new_group(&g, "", 0);
    /* A large file without groups: the second half on a thread. */
    struct scored_tail tail;
    bool split = c.all && scored_tail_start(&tail, r, c.target, c.score, o->positive);
    read_rows(r, o, &c, &g);
    if (split && !scored_tail_finish(&tail, c.all, tsv_lines_read(r))) {
        tsv_resume(r);
        read_rows(r, o, &c, &g);
    }
    levels_free(g.index);
    if (c.all) {
        free(c.all->key);
        c.all->key = NULL;
    }
    struct scored_set *set = xmalloc(sizeof *set);
    *set = (struct scored_set){.groups = g.groups,
                               .ngroups = g.n,
                               .name = xstrdup(tsv_name(r)),
                               .score_name = xstrdup(o->score)};
    finish(set);
    return set;
}

void scored_free(struct scored_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->ngroups; i++) {
        free(set->groups[i].pos);
        free(set->groups[i].neg);
        free(set->groups[i].blocks);
        free(set->groups[i].key);
        free(set->groups[i].outside_text);
    }
    free(set->groups);
    free(set->name);
    free(set->score_name);
    free(set);
}

size_t scored_rows(const struct scored *s)
{
    return s->npos + s->nneg;
}

/*
 * The k + 1 smallest scores are the first i of pos and the first j = k + 1 - i
 * of neg for the least i with pos[i] >= neg[j - 1]; binary search for it
 * (the test grows with i, as pos rises and neg[k - i] falls).
 */
double scored_kth(const struct scored *s, size_t k)
{
    if (s->blocks) { /* the first block with more than k rows up to it */
        size_t i = 0;
        for (uint64_t rows = 0; (rows += s->blocks[i].pos + s->blocks[i].neg) <= k; i++)
            ;
        return s->blocks[i].score;
    }
    const double *a = s->pos, *b = s->neg;
    size_t m = k + 1;
    size_t lo = m > s->nneg ? m - s->nneg : 0, hi = m < s->npos ? m : s->npos;
    while (lo < hi) {
        size_t i = lo + (hi - lo) / 2;
        if (a[i] < b[m - i - 1])
            lo = i + 1;
        else
            hi = i;
    }
    size_t i = lo, j = m - lo;
    if (i == 0)
        return b[j - 1];
    if (j == 0)
        return a[i - 1];
    return a[i - 1] > b[j - 1] ? a[i - 1] : b[j - 1];
}

void scored_require_rows(const struct scored_set *set)
{
    for (size_t i = 0; i < set->ngroups; i++)
        if (scored_rows(&set->groups[i]) > 0)
            return;
    die("%s: no data rows", set->name);
}

void scored_require_classes(const struct scored_set *set, const struct scored *s, const char *what)
{
    if (s->npos == 0 || s->nneg == 0)
        die("%s: no %s: %s is undefined", set->name, s->npos == 0 ? "responders" : "non-responders",
            what);
}

void scored_require_probabilities(const struct scored_set *set, const struct scored *s,
                                  const char *what)
{
    char q[ERR_QUOTE_SIZE];
    if (s->outside_line)
        die("%s:%lu: column '%s': '%s' is outside [0, 1]: %s", set->name, s->outside_line,
            set->score_name, err_quote(q, s->outside_text), what);
}
