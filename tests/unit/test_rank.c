/* test_rank.c - AUC, KS, Brier, log loss and the top X% of seven rows worked
 * by hand, the same from their counts (blocks) as from their scores, and
 * the walk down a group's scores.  libm's log is the yardstick here only. */
#include <math.h>
#include <stdbool.h>

#include "check.h"
#include "rank.h"
#include "scored.h"

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(1, fabs(b));
}

/*
 * Responders score 0.9, 0.8, 0.4; non-responders 0.7, 0.4, 0.2, 0.1.
 * AUC: of 12 pairs the responders win 4 + 4 + 2 and tie 1: 10.5 / 12.
 * KS: the cut 0.8 holds 2/3 of the responders and none of the others.
 */
static const double pos[] = {0.4, 0.8, 0.9}, neg[] = {0.1, 0.2, 0.4, 0.7};

static void rows_group(struct scored *s)
{
    *s = (struct scored){0};
    for (int i = 0; i < 3; i++)
        scored_add(s, true, pos[i]);
    for (int i = 0; i < 4; i++)
        scored_add(s, false, neg[i]);
}

static void blocks_group(struct scored *s)
{
    *s = (struct scored){0};
    scored_add_block(s, 0.9, 1, 0); /* in any order: merged and sorted */
    scored_add_block(s, 0.1, 0, 1);
    scored_add_block(s, 0.4, 1, 0);
    scored_add_block(s, 0.7, 0, 1);
    scored_add_block(s, 0.4, 0, 1);
    scored_add_block(s, 0.2, 0, 1);
    scored_add_block(s, 0.8, 1, 0);
    scored_add_block(s, 0.5, 0, 0); /* adds nothing */
    scored_merge_blocks(s);
}

static void test_walk(struct check_counts *c, const struct scored *s)
{
    static const struct scored_block want[] = {{0.9, 1, 0}, {0.8, 1, 0}, {0.7, 0, 1},
                                               {0.4, 1, 1}, {0.2, 0, 1}, {0.1, 0, 1}};
    struct scored_walk w;
    struct scored_block b;
    size_t k = 0;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b)) {
        CHECK(c, k < 6 && b.score == want[k].score && b.pos == want[k].pos && b.neg == want[k].neg,
              "block %zu: %g %llu %llu", k, b.score, (unsigned long long)b.pos,
              (unsigned long long)b.neg);
        k++;
    }
    CHECK(c, k == 6, "%zu blocks", k);
    CHECK(c,
          scored_rows(s) == 7 && scored_kth(s, 0) == 0.1 && scored_kth(s, 2) == 0.4 &&
              scored_kth(s, 3) == 0.4 && scored_kth(s, 4) == 0.7 && scored_kth(s, 6) == 0.9,
          "rows and k-th scores");
}

static void test_summary(struct check_counts *c, const struct scored *s, const char *how)
{
    struct rank_summary m;
    rank_summarize(s, 20, &m);
    CHECK(c, m.rows == 7 && m.positives == 3, "%s: rows", how);
    CHECK(c, m.auc == 10.5 / 12, "%s: AUC %.17g", how, m.auc);
    CHECK(c, near(m.ks.ks, 2.0 / 3, 1e-15) && m.ks.score == 0.8 && m.ks.rows == 2,
          "%s: KS %.17g at %g", how, m.ks.ks, m.ks.score);
    CHECK(c, m.ks.tpr == 2.0 / 3 && m.ks.fpr == 0, "%s: KS shares", how);
    double brier = (0.01 + 0.04 + 0.36 + 0.49 + 0.16 + 0.04 + 0.01) / 7;
    CHECK(c, near(m.brier, brier, 1e-15), "%s: Brier %.17g, want %.17g", how, m.brier, brier);
    double ll = -(log(0.9) + log(0.8) + log(0.4) + log(0.3) + log(0.6) + log(0.8) + log(0.9)) / 7;
    CHECK(c, near(m.log_loss, ll, 1e-15), "%s: log loss %.17g, want %.17g", how, m.log_loss, ll);
    /* top 20%: ceil(1.4) = 2 rows, both responders */
    CHECK(c, m.top.rows == 2 && m.top.responders == 2 && m.top.response_rate == 1, "%s: top 20%%",
          how);
    CHECK(c, near(m.top.lift, 7.0 / 3, 1e-15), "%s: lift %.17g", how, m.top.lift);
    /* top 50%: 4 rows, the last one of the tied block at 0.4, which holds a
     * responder in 2 rows: half of it */
    double pct = 50;
    struct rank_top t;
    rank_tops(s, &pct, 1, &t);
    CHECK(c, t.rows == 4 && t.responders == 2.5, "%s: top 50%%: %g", how, t.responders);
}

/* One class only: AUC and KS are NaN, the rest is defined. */
static void test_one_class(struct check_counts *c)
{
    struct scored s = {0};
    scored_add(&s, false, 0.2);
    scored_add(&s, false, 0.6);
    struct rank_summary m;
    rank_summarize(&s, 20, &m);
    CHECK(c, isnan(m.auc) && isnan(m.ks.ks), "AUC %g, KS %g", m.auc, m.ks.ks);
    CHECK(c, near(m.brier, (0.04 + 0.36) / 2, 1e-15), "Brier %.17g", m.brier);
    scored_clear(&s);
}

int main(void)
{
    struct check_counts c = {0};
    struct scored rows, blocks;
    rows_group(&rows);
    blocks_group(&blocks);
    test_walk(&c, &rows);
    test_walk(&c, &blocks);
    test_summary(&c, &rows, "rows");
    test_summary(&c, &blocks, "blocks");
    test_one_class(&c);
    scored_clear(&rows);
    scored_clear(&blocks);
    return check_done(&c);
}
