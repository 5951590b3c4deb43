/* design_scale.c - the numeric features' means and scales; see design_scale.h. */
#include "design_scale.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>

#include "csum.h"

/*
 * Sums of a million values that lose no digits, fast: plain sums of blocks
 * of BLOCK values (four accumulators, which the compiler can keep in
 * registers), the block sums added with compensation (csum.h).  Each sum
 * below is that sum however the passes are shared out: the column's mean
 * comes in the pass that scales it, and the shifted values' sum and their
 * squares' in one pass, each with accumulators of its own.
 */
#define BLOCK 256

static double block_sum(const double *x, size_t n)
{
    double acc[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            acc[k] += x[i + k];
    for (; i < n; i++)
        acc[0] += x[i];
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

/* The block's sums of (x - shift) and of its squares. */
static void block_moments(const double *x, size_t n, double shift, double *sum, double *squares)
{
    double acc[4] = {0, 0, 0, 0}, sq[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++) {
            double e = x[i + k] - shift;
            acc[k] += e;
            sq[k] += e * e;
        }
    for (; i < n; i++) {
        double e = x[i] - shift;
        acc[0] += e;
        sq[0] += e * e;
    }
    *sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    *squares = (sq[0] + sq[1]) + (sq[2] + sq[3]);
}

static size_t block_len(size_t i, size_t n)
{
    return n - i < BLOCK ? n - i : BLOCK;
}

/* The sum of x, each value first multiplied by m (in place) unless m is 1. */
static double scaled_total(double *x, size_t n, double m)
{
    struct csum a = {0, 0};
    for (size_t i = 0; i < n; i += BLOCK) {
        size_t len = block_len(i, n);
        if (m != 1)
            for (size_t k = 0; k < len; k++)
                x[i + k] *= m;
        csum_add(&a, block_sum(x + i, len));
    }
    return csum_value(&a);
}

/* The sums of (x - shift) and of its squares. */
static void moments(const double *x, size_t n, double shift, double *sum, double *squares)
{
    struct csum a = {0, 0}, q = {0, 0};
    for (size_t i = 0; i < n; i += BLOCK) {
        double s, sq;
        block_moments(x + i, block_len(i, n), shift, &s, &sq);
        csum_add(&a, s);
        csum_add(&q, sq);
    }
    *sum = csum_value(&a);
    *squares = csum_value(&q);
}

/*
 * The spread is computed on the values brought near 1 by a power of two,
 * 2^-e for the largest |x| in [2^(e-1), 2^e): that scaling is exact, so the
 * standardized values are those of the unscaled sums wherever those neither
 * overflow (values of 1e300, whose squares would) nor underflow (values of
 * 1e-300, whose squares would be 0 and the column taken as constant); the
 * mean and scale are scaled back.
 */
static int magnitude_exponent(const double *x, size_t n)
{
    double most = 0;
    for (size_t i = 0; i < n; i++) { /* a comparison, not fmax: that is a call */
        double a = fabs(x[i]);
        most = a > most ? a : most;
    }
    int e = 0;
    if (most > 0)
        frexp(most, &e);
    return e;
}

/* The factor 2^-e, where a product with it rounds once as ldexp(x, -e)
 * does: wherever 2^-e and 2^e are normal doubles.  Else 0, and the values
 * are scaled by ldexp itself, a call per value. */
static double scale_factor(int e)
{
    return e < -1021 || e > 1021 ? 0 : ldexp(1, -e);
}

static void standardize(struct design_feature *f, size_t n)
{
    int e = magnitude_exponent(f->x, n);
    double m = scale_factor(e);
    if (m == 0) {
        for (size_t i = 0; i < n; i++)
            f->x[i] = ldexp(f->x[i], -e);
        m = 1;
    }
    double mean = scaled_total(f->x, n, m) / (double)n;
    /* Two passes, with the first-order correction of the shifted data. */
    double corr, squares;
    moments(f->x, n, mean, &corr, &squares);
    double var = (squares - corr * corr / (double)n) / (double)n;
    if (var < 0)
        var = 0;
    /* scikit-learn's _is_constant_feature: variance within rounding of 0. */
    double bound = (double)n * DBL_EPSILON * var +
                   (double)n * mean * DBL_EPSILON * ((double)n * mean * DBL_EPSILON);
    double scale = var <= bound ? 1 : sqrt(var);
    for (size_t i = 0; i < n; i++)
        f->x[i] = (f->x[i] - mean) / scale;
    f->mean = ldexp(mean, e);
    f->scale = var <= bound ? 1 : ldexp(scale, e);
}

/* Columns standardized by a thread: every other numeric one, from first. */
struct standardize_job {
    struct design *d;
    size_t first;
};

static void *standardize_columns(void *arg)
{
    struct standardize_job *job = arg;
    struct design *d = job->d;
    for (size_t i = 0, k = 0; i < d->nf; i++)
        if (d->f[i].type == DESIGN_NUMERIC && k++ % 2 == job->first)
            standardize(&d->f[i], d->rows);
    return NULL;
}

/* Each column is standardized alone, so two threads share them out with
 * no effect on a bit; a small design is not worth a thread. */
#define STANDARDIZE_THREAD_ROWS 65536

void design_standardize(struct design *d)
{
    struct standardize_job odd = {d, 1}, even = {d, 0};
    pthread_t helper;
    bool threaded = d->rows >= STANDARDIZE_THREAD_ROWS &&
                    pthread_create(&helper, NULL, standardize_columns, &odd) == 0;
    standardize_columns(&even);
    if (threaded)
        pthread_join(helper, NULL);
    else
        standardize_columns(&odd);
}
