/* counts.c - the counts table; see counts.h. */
#include "counts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "table.h"
#include "xalloc.h"

static uint64_t read_count(const struct tsv_reader *r, size_t col)
{
    double v = tsv_number_req(r, col);
    char q[ERR_QUOTE_SIZE];
    /* From 2^53 on a double no longer holds every whole number: 2^53 + 1
     * reads as 2^53, so no count there can be taken as written. */
    if (v >= 9007199254740992.0 && v == floor(v))
        tsv_die_col(r, col, "'%s' is too large a count (2^53 or more is not read exactly)",
                    err_quote(q, tsv_get(r, col)));
    if (!(v >= 0 && v < 9007199254740992.0 && v == floor(v)))
        tsv_die_col(r, col, "'%s' is not a count", err_quote(q, tsv_get(r, col)));
    return (uint64_t)v;
}

/* Counts tables of shards are concatenated with cat: a row that repeats the
 * header (a score can never read "score") is the start of the next table. */
static bool repeats_header(const struct tsv_reader *r, const size_t *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tsv_get(r, cols[i]), tsv_header(r, cols[i])) != 0)
            return false;
    return true;
}

struct scored_set *counts_read(struct tsv_reader *r, const char *score_col)
{
    size_t cols[] = {tsv_column(r, score_col), tsv_column(r, "responders"),
                     tsv_column(r, "non_responders")};
    tsv_select(r, cols, 3);
    struct scored *s = xcalloc(1, sizeof *s);
    while (tsv_next(r)) {
        if (repeats_header(r, cols, 3))
            continue;
        double v = tsv_number_req(r, cols[0]);
        uint64_t pos = read_count(r, cols[1]), neg = read_count(r, cols[2]);
        scored_note_outside(s, v, tsv_line(r), tsv_get(r, cols[0]));
        scored_add_block(s, v, pos, neg);
    }
    scored_merge_blocks(s);
    struct scored_set *set = xmalloc(sizeof *set);
    *set = (struct scored_set){
        .groups = s, .ngroups = 1, .name = xstrdup(tsv_name(r)), .score_name = xstrdup(score_col)};
    return set;
}

void counts_write(const struct scored *s, const char *score_col, FILE *fp)
{
    const char *const names[] = {score_col, "responders", "non_responders"};
    struct table t;
    table_begin(&t, fp, false, names, 3);
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        table_number(&t, b.score);
        table_integer(&t, (long long)b.pos);
        table_integer(&t, (long long)b.neg);
    }
    table_end(&t);
}
