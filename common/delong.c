/* delong.c - DeLong's variance of the AUC and the paired test; see delong.h. */
#include "delong.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "err.h"
#include "normal.h"
#include "rank.h"
#include "sort.h"
#include "xalloc.h"

__extension__ typedef unsigned __int128 u128;
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
    struct rank_walk w;
    struct block b;
    rank_walk_init(&w, s);
    while (rank_walk_next(&w, &b)) {
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

/* How many of sorted[0, n) are below v (*below) and at most v (*upto). */
static void count_around(const double *sorted, size_t n, double v, size_t *below, size_t *upto)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (sorted[m] < v)
            lo = m + 1;
        else
            hi = m;
    }
    *below = lo;
    for (hi = n; lo < hi;) {
        size_t m = lo + (hi - lo) / 2;
        if (sorted[m] <= v)
            lo = m + 1;
        else
            hi = m;
    }
    *upto = lo;
}

/* The sorted copy of v[0, n). */
static double *sorted_copy(const double *v, size_t n)
{
    double *c = xmalloc((n ? n : 1) * sizeof *c);
    for (size_t i = 0; i < n; i++)
        c[i] = v[i];
    sort_doubles(c, n);
    return c;
}

/* Component of row v of one class against the other class's sorted scores,
 * times twice their number: outscored ones count 2, ties 1.  above: the
 * row wins by scoring higher (a responder), else by scoring lower. */
static int64_t component(const double *other, size_t n, double v, int above)
{
    size_t below, upto;
    count_around(other, n, v, &below, &upto);
    return above ? (int64_t)(below + upto) : (int64_t)(2 * n - below - upto);
}

/* Components of the rows of class c under scores a and b against the
 * other class's sorted scores oa and ob (n of each): their sums for each AUC
 * and the moments of their differences. */
static void class_moments(const struct delong_class *c, const double *oa, const double *ob,
                          size_t n, int above, i128 *sum_a, i128 *sum_b, struct moments *diff)
{
    for (size_t i = 0; i < c->n; i++) {
        int64_t xa = component(oa, n, c->a[i], above);
        int64_t xb = component(ob, n, c->b[i], above);
        *sum_a += xa;
        *sum_b += xb;
        moments_add(diff, 1, xa - xb);
    }
}

void delong_pair(const struct delong_rows *r, struct delong_paired *out)
{
    uint64_t P = r->pos.n, N = r->neg.n;
    require_rows(P + N);
    double *pa = sorted_copy(r->pos.a, P), *pb = sorted_copy(r->pos.b, P);
    double *na = sorted_copy(r->neg.a, N), *nb = sorted_copy(r->neg.b, N);
    i128 sa = 0, sb = 0, ua = 0, ub = 0;
    struct moments d10 = {0}, d01 = {0};
    class_moments(&r->pos, na, nb, N, 1, &sa, &sb, &d10);
    class_moments(&r->neg, pa, pb, P, 0, &ua, &ub, &d01);
    free(pa);
    free(pb);
    free(na);
    free(nb);
    if (!P || !N) {
        *out = (struct delong_paired){NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        return;
    }
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
