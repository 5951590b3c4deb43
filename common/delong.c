/* delong.c - DeLong's variance of the AUC and the paired test; see delong.h. */
#include "delong.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "normal.h"
#include "rank.h"
#include "scored_read.h"
#include "sort.h"
#include "u128.h"
#include "xalloc.h"

__extension__ typedef __int128 i128;

#define MAX_ROWS ((uint64_t)1 << 32)

static void require_rows(uint64_t n)
{
    if (n > MAX_ROWS)
        die("DeLong's variance is computed exactly for at most 2^32 rows; there are %llu",
            (unsigned long long)n);
}

/* Sums of components scaled to whole numbers (by 2N or 2P): their count
 * (weight), sum and sum of squares. */
struct moments {
    uint64_t n;
    i128 sum;
    u128 squares;
};

static void moments_add(struct moments *m, uint64_t weight, int64_t x)
{
    u128 ax = (u128)(x < 0 ? -x : x);
    m->n += weight;
    m->sum += (i128)weight * x;
    m->squares += (u128)weight * ax * ax;
}

/* The sample variance (n - 1 in the denominator) of the components, the
 * scale divided out: n squares - sum^2 is exact, and divided once. */
static double moments_variance(const struct moments *m, uint64_t scale)
{
    if (m->n < 2)
        return NAN;
    u128 s = (u128)(m->sum < 0 ? -m->sum : m->sum);
    u128 num = (u128)m->n * m->squares - s * s;
    double n = (double)m->n, sc = (double)scale;
    return (double)num / (n * (n - 1) * sc * sc);
}

static double quotient(i128 num, uint64_t den)
{
    u128 a = (u128)(num < 0 ? -num : num);
    double q = (double)(a / den) + (double)(a % den) / (double)den;
    return num < 0 ? -q : q;
}

/* ---------- one score: from the sorted blocks ---------- */

void delong_auc(const struct scored *s, struct delong *out)
{
    uint64_t P = s->npos, N = s->nneg;
    require_rows(P + N);
    struct moments v10 = {0}, v01 = {0};
    uint64_t pos_above = 0, neg_above = 0;
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        uint64_t neg_below = N - neg_above - b.neg;
        moments_add(&v10, b.pos, (int64_t)(2 * neg_below + b.neg));
        moments_add(&v01, b.neg, (int64_t)(2 * pos_above + b.pos));
        pos_above += b.pos;
        neg_above += b.neg;
    }
    out->auc = P && N ? quotient(v10.sum, 2 * P * N) : NAN;
    double var10 = moments_variance(&v10, 2 * N), var01 = moments_variance(&v01, 2 * P);
    out->variance = var10 / (double)P + var01 / (double)N;
    out->se = sqrt(out->variance);
}

struct interval delong_interval(const struct delong *d, double level)
{
    double z = interval_z(level), lo = d->auc - z * d->se, hi = d->auc + z * d->se;
    return (struct interval){.lower = lo < 0 ? 0 : lo, .upper = hi > 1 ? 1 : hi};
}

/* ---------- two scores of the same rows ---------- */

/* An integer with the order of the doubles, -0 and +0 made one. */
static uint64_t score_key(double v)
{
    if (v == 0)
        v = 0; /* -0 compares equal to +0 */
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return (b & 0x8000000000000000ULL) ? ~b : b | 0x8000000000000000ULL;
}

/* The keys of v[0, n), sorted. */
static uint64_t *sorted_keys(const double *v, size_t n)
{
    double *c = xmalloc((n ? n : 1) * sizeof *c);
    for (size_t i = 0; i < n; i++)
        c[i] = v[i];
    sort_doubles(c, n);
    uint64_t *k = (uint64_t *)(void *)c;
    for (size_t i = 0; i < n; i++)
        k[i] = score_key(c[i]);
    return k;
}

/* The rows of one class in the order of a score: its keys, sorted, and
 * each one's row. */
struct ranked {
    uint64_t *key;
    uint32_t *row;
};

static struct ranked ranked_of(const double *v, size_t n)
{
    struct ranked r = {xmalloc((n ? n : 1) * sizeof *r.key), xmalloc((n ? n : 1) * sizeof *r.row)};
    for (size_t i = 0; i < n; i++) {
        r.key[i] = score_key(v[i]);
        r.row[i] = (uint32_t)i;
    }
    sort_keys_with_index(r.key, r.row, n);
    return r;
}

static void ranked_free(struct ranked *r)
{
    free(r->key);
    free(r->row);
}

/*
 * A row's component is how it fares against every row of the other class,
 * times twice their number: outscored ones count 2, ties 1.  The rows are
 * taken in the order of the score, so the other class's sorted scores are
 * walked once, as in a merge, instead of searched once per row (a binary
 * search of millions of scores misses the cache at most of its steps).
 */
struct walk {
    const uint64_t *other; /* the other class's keys, sorted */
    size_t m;
    size_t below, upto; /* how many are below the last key, and at most it */
    int above;          /* the row wins by scoring higher (a responder) */
};

/* The component of the next row, whose key is at least the last one's. */
static int64_t walk_next(struct walk *w, uint64_t k)
{
    while (w->below < w->m && w->other[w->below] < k)
        w->below++;
    if (w->upto < w->below)
        w->upto = w->below;
    while (w->upto < w->m && w->other[w->upto] <= k)
        w->upto++;
    return w->above ? (int64_t)(w->below + w->upto) : (int64_t)(2 * w->m - w->below - w->upto);
}

/* Components of the rows of class c under scores a and b against the
 * other class's sorted keys oa and ob (m of each): their sums for each AUC
 * and the moments of their differences, row by row. */
static void class_moments(const struct delong_class *c, const uint64_t *oa, const uint64_t *ob,
                          size_t m, int above, i128 *sum_a, i128 *sum_b, struct moments *diff)
{
    int64_t *xa = xmalloc((c->n ? c->n : 1) * sizeof *xa);
    struct ranked r = ranked_of(c->a, c->n);
    struct walk w = {oa, m, 0, 0, above};
    for (size_t i = 0; i < c->n; i++)
        xa[r.row[i]] = walk_next(&w, r.key[i]);
    ranked_free(&r);
    r = ranked_of(c->b, c->n);
    w = (struct walk){ob, m, 0, 0, above};
    for (size_t i = 0; i < c->n; i++) {
        int64_t xb = walk_next(&w, r.key[i]), x = xa[r.row[i]];
        *sum_a += x;
        *sum_b += xb;
        moments_add(diff, 1, x - xb);
    }
    ranked_free(&r);
    free(xa);
}

void delong_pair(const struct delong_rows *r, struct delong_paired *out)
{
    uint64_t P = r->pos.n, N = r->neg.n;
    require_rows(P + N);
    if (!P || !N) {
        *out = (struct delong_paired){NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        return;
    }
    i128 sa = 0, sb = 0, ua = 0, ub = 0;
    struct moments d10 = {0}, d01 = {0};
    uint64_t *na = sorted_keys(r->neg.a, N), *nb = sorted_keys(r->neg.b, N);
    class_moments(&r->pos, na, nb, N, 1, &sa, &sb, &d10);
    free(na);
    free(nb);
    uint64_t *pa = sorted_keys(r->pos.a, P), *pb = sorted_keys(r->pos.b, P);
    class_moments(&r->neg, pa, pb, P, 0, &ua, &ub, &d01);
    free(pa);
    free(pb);
    out->auc_a = quotient(sa, 2 * P * N);
    out->auc_b = quotient(sb, 2 * P * N);
    out->difference = quotient(sa - sb, 2 * P * N);
    out->variance =
        moments_variance(&d10, 2 * N) / (double)P + moments_variance(&d01, 2 * P) / (double)N;
    out->se = sqrt(out->variance);
    out->z = out->variance > 0 ? out->difference / out->se : NAN;
    out->p = isnan(out->z) ? NAN : 2 * normal_upper(fabs(out->z));
}

/* ---------- reading two scores of the same rows ---------- */

static void class_add(struct delong_class *c, double a, double b)
{
    if (c->n == c->cap) {
        size_t cap = c->cap;
        c->a = xgrow(c->a, &cap, c->n + 1, sizeof *c->a);
        c->b = xgrow(c->b, &c->cap, c->n + 1, sizeof *c->b);
    }
    c->a[c->n] = a;
    c->b[c->n++] = b;
}

void delong_rows_read(struct tsv_reader *r, struct delong_rows *out, const char *target,
                      const char *positive, const char *a, const char *b)
{
    size_t cols[] = {tsv_column(r, target), tsv_column(r, a), tsv_column(r, b)};
    tsv_select(r, cols, 3);
    *out = (struct delong_rows){0};
    while (tsv_next(r)) {
        bool responder = scored_target(r, cols[0], positive);
        double va = tsv_number_req(r, cols[1]), vb = tsv_number_req(r, cols[2]);
        class_add(responder ? &out->pos : &out->neg, va + 0.0, vb + 0.0);
    }
}

void delong_rows_free(struct delong_rows *rows)
{
    free(rows->pos.a);
    free(rows->pos.b);
    free(rows->neg.a);
    free(rows->neg.b);
}
