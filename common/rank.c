/* rank.c - AUC, KS, Brier, log loss, lift and gains from sorted scores; see rank.h. */
#include "rank.h"

#include <math.h>
#include <stdlib.h>

#include "csum.h"
#include "dmath.h"
#include "u128.h"
#include "xalloc.h"

/* ---------- KS: the best cut so far ---------- */

struct ks_best {
    bool any;
    u128 gap; /* |tpr - fpr| * P * N, exactly */
    double score;
    uint64_t pos, neg; /* responders, non-responders at or above the cut */
};

/* Consider the cut at a block's score; pos and neg count the rows scoring at
 * least that much.  A strictly larger gap wins, so ties keep the highest cut. */
static void ks_consider(struct ks_best *k, double score, uint64_t pos, uint64_t neg, uint64_t P,
                        uint64_t N)
{
    u128 a = (u128)pos * N, b = (u128)neg * P;
    u128 gap = a > b ? a - b : b - a;
    if (!k->any || gap > k->gap)
        *k = (struct ks_best){.any = true, .gap = gap, .score = score, .pos = pos, .neg = neg};
}

/* The statistic as scipy computes it, from the CDFs below the cut. */
static void ks_result(const struct ks_best *k, uint64_t P, uint64_t N, struct rank_ks *out)
{
    if (P == 0 || N == 0) {
        *out = (struct rank_ks){.ks = NAN, .score = NAN, .tpr = NAN, .fpr = NAN};
        return;
    }
    out->ks = fabs((double)(P - k->pos) / (double)P - (double)(N - k->neg) / (double)N);
    out->score = k->score;
    out->rows = k->pos + k->neg;
    out->tpr = (double)k->pos / (double)P;
    out->fpr = (double)k->neg / (double)N;
}

void rank_ks(const struct scored *s, struct rank_ks *out)
{
    struct ks_best ks = {0};
    uint64_t pos = 0, neg = 0;
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        pos += b.pos;
        neg += b.neg;
        ks_consider(&ks, b.score, pos, neg, s->npos, s->nneg);
    }
    ks_result(&ks, s->npos, s->nneg, out);
}

/* ---------- sharing ranked rows out, tie blocks in proportion ---------- */

/* Takes ranked rows in runs, from the top; see share_take. */
struct share_walk {
    struct scored_walk w;
    struct scored_block b; /* the block being taken */
    uint64_t rem;          /* its rows not yet taken */
    uint64_t done_pos;     /* responders of the blocks taken to the end */
};

struct share {
    double responders;     /* in the run */
    double cum_responders; /* in every run so far */
    double min_score, max_score;
};

static void share_init(struct share_walk *sw, const struct scored *s)
{
    *sw = (struct share_walk){0};
    scored_walk_init(&sw->w, s);
}

/* Take the next m >= 1 ranked rows (there must be as many left). */
static void share_take(struct share_walk *sw, uint64_t m, struct share *out)
{
    uint64_t whole = 0;
    double part = 0;
    bool first = true;
    while (m > 0) {
        if (sw->rem == 0 && scored_walk_next(&sw->w, &sw->b))
            sw->rem = sw->b.pos + sw->b.neg;
        if (sw->rem == 0)
            abort(); /* a programming error: more rows asked for than there are */
        uint64_t c = sw->b.pos + sw->b.neg, take = sw->rem < m ? sw->rem : m;
        if (first)
            out->max_score = sw->b.score;
        first = false;
        out->min_score = sw->b.score;
        if (take == c)
            whole += sw->b.pos;
        else
            part += (double)sw->b.pos * (double)take / (double)c;
        sw->rem -= take;
        m -= take;
        if (sw->rem == 0)
            sw->done_pos += sw->b.pos;
    }
    out->responders = (double)whole + part;
    uint64_t c = sw->b.pos + sw->b.neg;
    out->cum_responders = (double)sw->done_pos;
    if (sw->rem > 0)
        out->cum_responders += (double)sw->b.pos * (double)(c - sw->rem) / (double)c;
}

/* ---------- top X% ---------- */

uint64_t rank_top_rows(double pct, uint64_t n)
{
    double k = ceil(pct * (double)n / 100);
    return k < 1 ? 1 : k > (double)n ? n : (uint64_t)k;
}

static void top_fill(struct rank_top *t, double pct, uint64_t rows, double responders, uint64_t P,
                     double base_rate)
{
    t->pct = pct;
    t->rows = rows;
    t->responders = responders;
    t->response_rate = responders / (double)rows;
    t->lift = P ? t->response_rate / base_rate : NAN;
    t->capture = P ? responders / (double)P : NAN;
}

void rank_tops(const struct scored *s, const double *pct, size_t n, struct rank_top *out)
{
    uint64_t rows = scored_rows(s), P = s->npos;
    double base_rate = (double)P / (double)rows;
    size_t *order = xmalloc((n ? n : 1) * sizeof *order);
    /* Insertion sort of the (few) requests by rows, to take them in one walk. */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        uint64_t k = rank_top_rows(pct[i], rows);
        for (; j > 0 && rank_top_rows(pct[order[j - 1]], rows) > k; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    struct share_walk sw;
    share_init(&sw, s);
    uint64_t taken = 0;
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = rank_top_rows(pct[order[i]], rows);
        if (k > taken) {
            struct share sh;
            share_take(&sw, k - taken, &sh);
            cum = sh.cum_responders;
            taken = k;
        }
        top_fill(&out[order[i]], pct[order[i]], k, cum, P, base_rate);
    }
    free(order);
}

/* ---------- the lift table ---------- */

void rank_lift(const struct scored *s, size_t ngroups, rank_lift_emit *emit, void *ctx)
{
    uint64_t rows = scored_rows(s), P = s->npos;
    double base_rate = (double)P / (double)rows;
    struct share_walk sw;
    share_init(&sw, s);
    uint64_t cum_rows = 0;
    for (size_t g = 0; g < ngroups; g++) {
        /* numpy.array_split: the first rows % ngroups groups one row larger */
        uint64_t size = rows / ngroups + (g < rows % ngroups);
        struct share sh;
        share_take(&sw, size, &sh);
        cum_rows += size;
        struct rank_lift_row row, *r = &row;
        r->group = g + 1;
        r->rows = size;
        r->min_score = sh.min_score;
        r->max_score = sh.max_score;
        r->responders = sh.responders;
        r->response_rate = sh.responders / (double)size;
        r->lift = P ? r->response_rate / base_rate : NAN;
        r->cum_rows = cum_rows;
        r->cum_responders = sh.cum_responders;
        r->cum_response_rate = sh.cum_responders / (double)cum_rows;
        r->cum_lift = P ? r->cum_response_rate / base_rate : NAN;
        r->cum_capture = P ? sh.cum_responders / (double)P : NAN;
        emit(ctx, r);
    }
}

/* ---------- the summary: one walk ---------- */

/* -ln p and -ln(1 - p) with p clipped as scikit-learn's log_loss clips it. */
static double log_loss_terms(double p, uint64_t pos, uint64_t neg)
{
    const double eps = 1e-15;
    p = p < eps ? eps : p > 1 - eps ? 1 - eps : p;
    double t = 0;
    if (pos)
        t -= (double)pos * dm_log(p);
    if (neg)
        t -= (double)neg * dm_log(1 - p);
    return t;
}

void rank_summarize(const struct scored *s, double top_pct, struct rank_summary *out)
{
    uint64_t P = s->npos, N = s->nneg, n = P + N;
    uint64_t k = rank_top_rows(top_pct, n);
    bool probabilities = s->outside_line == 0;
    u128 u2 = 0; /* twice the Mann-Whitney U: pairs won count 2, ties 1 */
    uint64_t above_pos = 0, above_neg = 0, top_whole = 0;
    double top_part = 0;
    struct ks_best ks = {0};
    struct csum brier = {0}, log_loss = {0};
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        uint64_t c = b.pos + b.neg, above = above_pos + above_neg;
        uint64_t neg_below = N - above_neg - b.neg;
        u2 += 2 * (u128)b.pos * neg_below + (u128)b.pos * b.neg;
        if (above < k) {
            if (above + c <= k)
                top_whole += b.pos;
            else
                top_part = (double)b.pos * (double)(k - above) / (double)c;
        }
        above_pos += b.pos;
        above_neg += b.neg;
        ks_consider(&ks, b.score, above_pos, above_neg, P, N);
        if (probabilities) {
            double miss = 1 - b.score;
            csum_add(&brier, (double)b.pos * miss * miss + (double)b.neg * b.score * b.score);
            csum_add(&log_loss, log_loss_terms(b.score, b.pos, b.neg));
        }
    }
    out->rows = n;
    out->positives = P;
    out->base_rate = (double)P / (double)n;
    if (P && N) {
        u128 d = 2 * (u128)P * N;
        out->auc = (double)(u2 / d) + (double)(u2 % d) / (double)d;
    } else {
        out->auc = NAN;
    }
    ks_result(&ks, P, N, &out->ks);
    out->brier = probabilities ? csum_value(&brier) / (double)n : NAN;
    out->log_loss = probabilities ? csum_value(&log_loss) / (double)n : NAN;
    top_fill(&out->top, top_pct, k, (double)top_whole + top_part, P, out->base_rate);
}

/* ---------- the KS table ---------- */

void rank_ks_table(const struct scored *s, size_t ngroups, rank_ks_emit *emit, void *ctx)
{
    uint64_t P = s->npos, N = s->nneg, n = P + N;
    struct rank_ks ks;
    rank_ks(s, &ks);
    uint64_t cut = ks.rows;
    size_t g = 0; /* groups whose boundary has been placed */
    uint64_t target = ngroups ? n / ngroups + (0 < n % ngroups) : 0; /* group g's */
    struct rank_ks_row row = {0};
    uint64_t cum_pos = 0, cum_neg = 0;
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        if (row.rows == 0)
            row.max_score = b.score;
        row.min_score = b.score;
        row.rows += b.pos + b.neg;
        row.responders += b.pos;
        row.non_responders += b.neg;
        cum_pos += b.pos;
        cum_neg += b.neg;
        uint64_t cum = cum_pos + cum_neg;
        bool boundary = ngroups == 0 || cum == cut || cum == n;
        /* every array_split boundary in this block ends the group here */
        while (g < ngroups && target <= cum) {
            boundary = true;
            if (++g < ngroups)
                target += n / ngroups + (g < n % ngroups);
        }
        if (!boundary)
            continue;
        row.cum_rows = cum;
        row.tpr = (double)cum_pos / (double)P;
        row.fpr = (double)cum_neg / (double)N;
        row.difference = row.tpr - row.fpr;
        emit(ctx, &row);
        row = (struct rank_ks_row){0};
    }
}
