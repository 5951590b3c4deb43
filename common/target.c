/* target.c - the profit-maximising cut and the contact list; see target.h. */
#include "target.h"

#include <math.h>
#include <stdlib.h>

#include "csum.h"
#include "err.h"
#include "rank.h"
#include "sort.h"
#include "xalloc.h"

/* What contacting k rows whose scores sum to sum is expected to earn. */
static double expected_profit(const struct target_economics *e, double sum, uint64_t k)
{
    return e->value * sum - (e->cost * (double)k + e->fixed);
}

/* The figures of contacting `contacts` rows whose scores sum to sum and of
 * which responders respond; min the lowest score taken. */
static void fill(struct target_cut *c, const struct target_economics *e, const struct scored *s,
                 uint64_t contacts, double sum, double responders, double min)
{
    uint64_t n = scored_rows(s);
    double spend = e->cost * (double)contacts + e->fixed;
    c->pct = 100 * (double)contacts / (double)n;
    c->contacts = contacts;
    c->threshold = contacts ? min : NAN;
    c->share = (double)contacts / (double)n;
    c->expected_responders = sum;
    c->expected_profit = contacts ? expected_profit(e, sum, contacts) : 0;
    c->roi = contacts && spend > 0 ? c->expected_profit / spend : NAN;
    c->responders = responders;
    c->realised_profit = contacts ? e->value * responders - spend : 0;
    double base = (double)s->npos / (double)n;
    c->lift = contacts && s->npos ? responders / (double)contacts / base : NAN;
}

static bool affordable(const struct target_economics *e, uint64_t contacts)
{
    return contacts <= e->capacity && e->cost * (double)contacts + e->fixed <= e->budget;
}

void target_best(const struct scored *s, const struct target_economics *e, struct target_cut *out)
{
    fill(out, e, s, 0, 0, 0, NAN);
    struct csum sum = {0};
    uint64_t k = 0, pos = 0;
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b) && affordable(e, k + b.pos + b.neg)) {
        k += b.pos + b.neg;
        pos += b.pos;
        csum_add(&sum, b.score * (double)(b.pos + b.neg));
        if (expected_profit(e, csum_value(&sum), k) > out->expected_profit)
            fill(out, e, s, k, csum_value(&sum), (double)pos, b.score);
    }
}

/* ---------- the curve ---------- */

/* The cut of whole blocks after each block. */
static void curve_cuts(const struct scored *s, const struct target_economics *e, target_emit *emit,
                       void *ctx)
{
    struct csum sum = {0};
    uint64_t k = 0, pos = 0;
    struct scored_walk w;
    struct scored_block b;
    struct target_cut c;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        k += b.pos + b.neg;
        pos += b.pos;
        csum_add(&sum, b.score * (double)(b.pos + b.neg));
        fill(&c, e, s, k, csum_value(&sum), (double)pos, b.score);
        emit(ctx, &c);
    }
}

/* The top 1%, 2%, ... 100%, a block the cut falls in shared in proportion. */
static void curve_pct(const struct scored *s, const struct target_economics *e, target_emit *emit,
                      void *ctx)
{
    uint64_t n = scored_rows(s), k = 0, pos = 0; /* the whole blocks taken */
    struct csum sum = {0};
    double min = NAN;
    bool have = false; /* b is the next block, not yet taken */
    struct scored_walk w;
    struct scored_block b = {0};
    struct target_cut c;
    scored_walk_init(&w, s);
    for (int pct = 1; pct <= 100; pct++) {
        uint64_t want = rank_top_rows(pct, n);
        while ((have || (have = scored_walk_next(&w, &b))) && k + b.pos + b.neg <= want) {
            k += b.pos + b.neg;
            pos += b.pos;
            csum_add(&sum, b.score * (double)(b.pos + b.neg));
            min = b.score;
            have = false;
        }
        uint64_t m = want - k; /* rows of block b taken */
        double part_sum = 0, part_pos = 0;
        if (m) {
            part_sum = b.score * (double)m;
            part_pos = (double)b.pos * (double)m / (double)(b.pos + b.neg);
            min = b.score;
        }
        fill(&c, e, s, want, csum_value(&sum) + part_sum, (double)pos + part_pos, min);
        c.pct = pct;
        emit(ctx, &c);
    }
}

void target_curve(const struct scored *s, const struct target_economics *e, bool every_cut,
                  target_emit *emit, void *ctx)
{
    if (every_cut)
        curve_cuts(s, e, emit, ctx);
    else
        curve_pct(s, e, emit, ctx);
}

/* ---------- calibration in the large ---------- */

double target_calibration_z(const struct scored *s)
{
    struct csum sum = {0}, var = {0};
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        double c = (double)(b.pos + b.neg);
        csum_add(&sum, b.score * c);
        csum_add(&var, b.score * (1 - b.score) * c);
    }
    double v = csum_value(&var);
    return v > 0 ? ((double)s->npos - csum_value(&sum)) / sqrt(v) : NAN;
}

/* ---------- reading, with or without a target ---------- */

struct scored_set *target_read(struct tsv_reader *r, const struct scored_options *o,
                               bool *with_target)
{
    *with_target = tsv_find(r, o->target) >= 0;
    if (*with_target)
        return scored_read(r, o);
    size_t col = tsv_column(r, o->score);
    tsv_select(r, &col, 1);
    struct scored_set *set = xmalloc(sizeof *set);
    *set = (struct scored_set){.groups = xcalloc(1, sizeof *set->groups),
                               .ngroups = 1,
                               .name = xstrdup(tsv_name(r)),
                               .score_name = xstrdup(o->score)};
    struct scored *s = set->groups;
    while (tsv_next(r)) {
        double v = tsv_number_req(r, col);
        scored_note_outside(s, v, tsv_line(r), tsv_get(r, col));
        scored_add(s, false, v);
    }
    sort_doubles(s->neg, s->nneg);
    return set;
}

/* ---------- the contact list ---------- */

void target_mark(struct tsv_reader *r, const char *score, double threshold, const char *name,
                 FILE *fp)
{
    if (tsv_find(r, name) >= 0)
        die("%s: column '%s' is there already: name the mark another way", tsv_name(r), name);
    size_t col = tsv_column(r, score);
    tsv_write_header(r, fp);
    fprintf(fp, "\t%s\n", name);
    while (tsv_next(r)) {
        double v = tsv_number_req(r, col);
        tsv_write_row(r, fp);
        fputs(v >= threshold ? "\t1\n" : "\t0\n", fp);
    }
}
