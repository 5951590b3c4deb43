/* design_scale.c - the numeric features' means and scales; see design_scale.h. */
#include "design_scale.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>

#include "csum.h"

/*
 * Sums of a million values that lose no digits, fast: plain sums of blocks
 * of 256 (four accumulators, which the compiler can keep in registers), the
 * block sums added with compensation (csum.h).
 */
static double block_sum(const double *x, size_t n, double shift, bool square)
{
    double acc[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++) {
            double e = x[i + k] - shift;
            acc[k] += square ? e * e : e;
        }
    for (; i < n; i++) {
        double e = x[i] - shift;
        acc[0] += square ? e * e : e;
    }
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

/* The sum of (x - shift), or of its squares. */
static double total(const double *x, size_t n, double shift, bool square)
{
    struct csum a = {0, 0};
    for (size_t i = 0; i < n; i += 256)
        csum_add(&a, block_sum(x + i, n - i < 256 ? n - i : 256, shift, square));
    return csum_value(&a);
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

/* x[i] 2^-e for each i, as ldexp gives it: a product with 2^-e, which rounds
 * once as ldexp does, wherever 2^-e and 2^e are normal doubles (a call per
 * value otherwise). */
static void scale_down(double *x, size_t n, int e)
{
    if (e < -1021 || e > 1021) {
        for (size_t i = 0; i < n; i++)
            x[i] = ldexp(x[i], -e);
        return;
    }
    double m = ldexp(1, -e);
    for (size_t i = 0; i < n; i++)
        x[i] *= m;
}

static void standardize(struct design_feature *f, size_t n)
{
    int e = magnitude_exponent(f->x, n);
    if (e)
        scale_down(f->x, n, e);
    double mean = total(f->x, n, 0, false) / (double)n;
    /* Two passes, with the first-order correction of the shifted data. */
    double corr = total(f->x, n, mean, false);
    double var = (total(f->x, n, mean, true) - corr * corr / (double)n) / (double)n;
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
