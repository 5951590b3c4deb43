/* calib.c - the calibration table; see calib.h. */
#include "calib.h"

#include <math.h>
#include <stdlib.h>

#include "csum.h"
#include "quantile.h"
#include "rank.h"
#include "xalloc.h"

/*
 * The q-quantile (linear) of both arrays together, without merging them: the
 * two order statistics around h = (n - 1) q come from scored_kth, and
 * quantile_linear interpolates between them as numpy does (on the pair, h is
 * the fraction itself).
 */
static double union_quantile(const struct scored *s, double q)
{
    size_t n = scored_rows(s);
    double h = (double)(n - 1) * q;
    if (h >= (double)(n - 1))
        return scored_kth(s, n - 1);
    if (h <= 0)
        return scored_kth(s, 0);
    double below = floor(h);
    size_t i = (size_t)below;
    double pair[2] = {scored_kth(s, i), scored_kth(s, i + 1)};
    return quantile_linear(pair, 2, h - below);
}

/* Edges 0..nbins: linspace, or percentiles of the scores at linspace * 100
 * (numpy.percentile divides by 100 again, and so do we, to the same bits). */
static void edges(const struct scored *s, size_t nbins, bool quantile, double *e)
{
    for (size_t i = 0; i <= nbins; i++) {
        double q = quantile_grid(i, nbins);
        e[i] = quantile ? union_quantile(s, q * 100 / 100) + 0.0 : q;
    }
}

/* A bin's sums.  Scores are summed as differences from the bin's first
 * score, so that a bin of equal scores has exactly that mean, and the sum of
 * the (small) differences loses next to nothing. */
struct bin_sums {
    uint64_t rows, responders;
    double pivot;
    struct csum deviations;
};

static void bin_add(struct bin_sums *b, const struct scored_block *k)
{
    if (b->rows == 0)
        b->pivot = k->score;
    b->rows += k->pos + k->neg;
    b->responders += k->pos;
    csum_add(&b->deviations, (double)(k->pos + k->neg) * (k->score - b->pivot));
}

size_t calib_table(const struct scored *s, size_t nbins, bool quantile, struct calib_row *out)
{
    double *e = xmalloc((nbins + 1) * sizeof *e);
    edges(s, nbins, quantile, e);
    struct bin_sums *sums = xcalloc(nbins, sizeof *sums);
    struct scored_walk w;
    struct scored_block b;
    scored_walk_init(&w, s);
    while (scored_walk_next(&w, &b))
        bin_add(&sums[quantile_bin(e + 1, nbins - 1, b.score, 1)], &b);
    size_t n = 0;
    for (size_t i = 0; i < nbins; i++) {
        if (sums[i].rows == 0)
            continue;
        double rows = (double)sums[i].rows;
        out[n++] = (struct calib_row){.bin = i + 1,
                                      .lower = e[i],
                                      .upper = e[i + 1],
                                      .rows = sums[i].rows,
                                      .responders = sums[i].responders,
                                      .mean_predicted =
                                          sums[i].pivot + csum_value(&sums[i].deviations) / rows,
                                      .observed_rate = (double)sums[i].responders / rows};
    }
    free(sums);
    free(e);
    return n;
}
