/* test_linalg.c - the fixed-order kernels: the same bits as the plain
 * algorithms they reorganize, and the right answers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg.h"
#include "rng.h"

/* A random symmetric positive definite n x n matrix: B'B + n I. */
static double *spd(struct rng *g, size_t n)
{
    double *B = malloc(n * n * sizeof *B), *A = calloc(n * n, sizeof *A);
    for (size_t k = 0; k < n * n; k++)
        B[k] = rng_uniform(g) - 0.5;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = i == j ? (double)n : 0;
            for (size_t k = 0; k < n; k++)
                s += B[k * n + i] * B[k * n + j];
            A[i * n + j] = s;
        }
    free(B);
    return A;
}

/* The textbook right-looking Cholesky, one pivot at a time. */
static void plain_cholesky(double *A, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double d = sqrt(A[k * n + k]);
        A[k * n + k] = d;
        for (size_t j = k + 1; j < n; j++)
            A[k * n + j] /= d;
        for (size_t i = k + 1; i < n; i++)
            for (size_t j = i; j < n; j++)
                A[i * n + j] -= A[k * n + i] * A[k * n + j];
    }
}

static void test_cholesky(struct check_counts *c, struct rng *g)
{
    for (size_t n = 1; n <= 70; n += 3) { /* across the panel width */
        double *A = spd(g, n), *R = malloc(n * n * sizeof *R), *P = malloc(n * n * sizeof *P);
        memcpy(R, A, n * n * sizeof *R);
        memcpy(P, A, n * n * sizeof *P);
        CHECK(c, la_cholesky(R, n), "n %zu: positive definite", n);
        plain_cholesky(P, n);
        int same = 1;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++)
                same &= memcmp(&R[i * n + j], &P[i * n + j], sizeof(double)) == 0;
        CHECK(c, same, "n %zu: the panels give the plain algorithm's bits", n);

        double *x = malloc(n * sizeof *x), *b = malloc(n * sizeof *b), worst = 0;
        for (size_t i = 0; i < n; i++)
            b[i] = x[i] = rng_uniform(g) - 0.5;
        la_cholesky_solve(R, n, x);
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += A[i * n + j] * x[j];
            worst = fmax(worst, fabs(s - b[i]));
        }
        CHECK(c, worst < 1e-12, "n %zu: A x = b, residual %g", n, worst);

        double *inv = malloc(n * n * sizeof *inv);
        la_cholesky_inverse(R, n, inv);
        worst = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double s = 0;
                for (size_t k = 0; k < n; k++)
                    s += A[i * n + k] * inv[k * n + j];
                worst = fmax(worst, fabs(s - (i == j)));
                CHECK(c, inv[i * n + j] == inv[j * n + i], "n %zu: the inverse is symmetric", n);
            }
        CHECK(c, worst < 1e-12, "n %zu: A A^-1 = I within %g", n, worst);
        free(A), free(R), free(P), free(x), free(b), free(inv);
    }
    double not_pd[4] = {1, 2, 2, 1};
    CHECK(c, !la_cholesky(not_pd, 2), "an indefinite matrix is refused");
    double nan_pd[1] = {NAN};
    CHECK(c, !la_cholesky(nan_pd, 1), "a NaN pivot is refused");
}

/* n of the syrk cases: every small one, and some across the tiles' edges. */
static const size_t SYRK_N[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 33, 70, 257, 300};

static void test_syrk_dot(struct check_counts *c, struct rng *g)
{
    for (size_t t = 0; t < sizeof SYRK_N / sizeof *SYRK_N; t++)
        for (size_t rows = 0; rows <= 11; rows += SYRK_N[t] > 13 ? 5 : 1) {
            size_t n = SYRK_N[t];
            size_t ld = n + 2;
            double *X = malloc((rows * ld + 1) * sizeof *X), *H = calloc(n * n, sizeof *H),
                   *P = calloc(n * n, sizeof *P);
            for (size_t k = 0; k < rows * ld; k++)
                X[k] = rng_uniform(g) - 0.5;
            for (size_t k = 0; k < n * n; k++)
                H[k] = P[k] = rng_uniform(g);
            la_syrk_add(n, rows, X, ld, H);
            for (size_t r = 0; r < rows; r++) /* one row at a time, in order */
                for (size_t a = 0; a < n; a++)
                    for (size_t b = a; b < n; b++)
                        P[a * n + b] += X[r * ld + a] * X[r * ld + b];
            CHECK(c, memcmp(H, P, n * n * sizeof *H) == 0, "syrk n %zu rows %zu: row order", n,
                  rows);
            free(X), free(H), free(P);
        }
    double a[11], b[11];
    for (int i = 0; i < 11; i++)
        a[i] = rng_uniform(g), b[i] = rng_uniform(g);
    double lanes = ((a[0] * b[0] + a[4] * b[4]) + (a[1] * b[1] + a[5] * b[5])) +
                   ((a[2] * b[2] + a[6] * b[6]) + (a[3] * b[3] + a[7] * b[7]));
    for (int i = 8; i < 11; i++)
        lanes += a[i] * b[i];
    CHECK(c, la_dot(11, a, b) == lanes, "dot: lanes i mod 4, added in the stated order");
    double v[2] = {3, 4};
    CHECK(c, la_norm(2, v) == 5 && la_dot(0, a, b) == 0, "norm and the empty sum");
}

int main(void)
{
    struct check_counts c = {0};
    struct rng g;
    rng_seed(&g, 17);
    test_cholesky(&c, &g);
    test_syrk_dot(&c, &g);
    return check_done(&c);
}
