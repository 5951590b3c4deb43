/* scored_read.c - a table's target and score columns read as sorted scores; see scored_read.h. */
#include "scored_read.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
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
    struct levels *labels; /* with a positive label: the target's values, counted */
};

/* The rows r has left, each into its group. */
static void read_rows(struct tsv_reader *r, const struct scored_options *o,
                      const struct row_columns *c, struct group_table *g)
{
    while (tsv_next(r)) {
        struct scored *s = c->all ? c->all : group_of(g, r, c->by, o->json);
        bool responder = scored_target(r, c->target, o->positive);
        if (c->labels)
            levels_get(c->labels, tsv_get(r, c->target), tsv_len(r, c->target))[0]++;
        double v = tsv_number_req(r, c->score);
        scored_note_outside(s, v, tsv_line(r), tsv_get(r, c->score));
        scored_add(s, responder, v);
    }
}

struct scored_set *scored_read(struct tsv_reader *r, const struct scored_options *o)
{
    struct row_columns c = {.target = columns_target(r, o->target),
                            .score = tsv_column(r, o->score)};
    c.by = o->by ? tsv_column(r, o->by) : 0;
    size_t cols[] = {c.target, c.score, c.by};
    tsv_select(r, cols, o->by ? 3 : 2);
    struct group_table g = {.index = levels_new(0)};
    c.all = o->by ? NULL : new_group(&g, "", 0);
    /* A large file without groups: the second half on a thread (a labelled
     * target is read here alone, its values counted). */
    struct scored_tail tail;
    c.labels = o->positive ? levels_new(1) : NULL;
    bool split = c.all && !c.labels && scored_tail_start(&tail, r, c.target, c.score, o->positive);
    read_rows(r, o, &c, &g);
    if (split && !scored_tail_finish(&tail, c.all, tsv_lines_read(r))) {
        tsv_resume(r);
        read_rows(r, o, &c, &g);
    }
    levels_free(g.index);
    if (c.labels && levels_size(c.labels) > 0)
        columns_check_labels(tsv_name(r), o->target, o->positive, c.labels);
    levels_free(c.labels);
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
