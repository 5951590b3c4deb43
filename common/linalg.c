/* linalg.c - fixed-order dense linear algebra; see linalg.h. */
#include "linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "v2.h"
#include "xalloc.h"

double la_dot(size_t n, const double *a, const double *b)
{
    v2 lo = splat(0), hi = splat(0); /* lanes i mod 4 = 0, 1 and 2, 3 */
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        lo += load2(a + i) * load2(b + i);
        hi += load2(a + i + 2) * load2(b + i + 2);
    }
    double t = (lo[0] + lo[1]) + (hi[0] + hi[1]);
    for (; i < n; i++)
        t += a[i] * b[i];
    return t;
}

double la_norm(size_t n, const double *a)
{
    return sqrt(la_dot(n, a, a));
}

/* y[j] -= a x[j], j < n. */
static void sub_scaled(double *y, double a, const double *x, size_t n)
{
    v2 av = splat(a);
    size_t j = 0;
    for (; j + 2 <= n; j += 2)
        store2(y + j, load2(y + j) - av * load2(x + j));
    for (; j < n; j++)
        y[j] -= a * x[j];
}

/* H's rows a0..a1 and columns b0..b1 (those on or above the diagonal) take
 * the products of X's rows four at a time: each entry is loaded once per
 * four rows and takes their products in row order, as one row at a time
 * would. */
static void syrk_tile(size_t n, size_t rows, const double *X, size_t ld, double *H, size_t a0,
                      size_t a1, size_t b0, size_t b1)
{
    size_t r = 0;
    for (; r + 4 <= rows; r += 4) {
        const double *x0 = X + r * ld, *x1 = x0 + ld, *x2 = x1 + ld, *x3 = x2 + ld;
        for (size_t a = a0; a < a1; a++) {
            double *h = H + a * n;
            v2 c0 = splat(x0[a]), c1 = splat(x1[a]), c2 = splat(x2[a]), c3 = splat(x3[a]);
            size_t b = a > b0 ? a : b0;
            for (; b + 2 <= b1; b += 2) {
                v2 s = load2(h + b);
                s += c0 * load2(x0 + b);
                s += c1 * load2(x1 + b);
                s += c2 * load2(x2 + b);
                s += c3 * load2(x3 + b);
                store2(h + b, s);
            }
            for (; b < b1; b++)
                h[b] = (((h[b] + x0[a] * x0[b]) + x1[a] * x1[b]) + x2[a] * x2[b]) + x3[a] * x3[b];
        }
    }
    for (; r < rows; r++) {
        const double *x = X + r * ld;
        for (size_t a = a0; a < a1; a++) {
            size_t b = a > b0 ? a : b0;
            if (b < b1)
                sub_scaled(H + a * n + b, -x[a], x + b, b1 - b);
        }
    }
}

/* Tiles of H small enough to stay in cache while every row passes over
 * them: the order of each entry's terms is the rows', whatever the tiles. */
#define TILE_ROWS 32
#define TILE_COLS 256

void la_syrk_add(size_t n, size_t rows, const double *X, size_t ld, double *H)
{
    for (size_t a0 = 0; a0 < n; a0 += TILE_ROWS) {
        size_t a1 = a0 + TILE_ROWS < n ? a0 + TILE_ROWS : n;
        for (size_t b0 = a0 / TILE_COLS * TILE_COLS; b0 < n; b0 += TILE_COLS)
            syrk_tile(n, rows, X, ld, H, a0, a1, b0, b0 + TILE_COLS < n ? b0 + TILE_COLS : n);
    }
}

/* Rows of the factor a panel at a time: a panel's rows are finished among
 * themselves, then the rows below take the panel's updates entry by entry,
 * in k order, so every entry sees the same sequence of subtractions as in
 * the plain right-looking algorithm; only the memory traffic differs. */
#define PANEL 16

/* Finish rows k0..k1-1 of R: each pivot, its row divided by it, and its
 * update of the panel's later rows.  False if a pivot is not positive. */
static bool factor_panel(double *A, size_t n, size_t k0, size_t k1)
{
    for (size_t k = k0; k < k1; k++) {
        double *rk = A + k * n;
        if (!(rk[k] > 0) || !isfinite(rk[k]))
            return false;
        double d = sqrt(rk[k]);
        rk[k] = d;
        for (size_t j = k + 1; j < n; j++)
            rk[j] /= d;
        for (size_t i = k + 1; i < k1; i++)
            sub_scaled(A + i * n + i, rk[i], rk + i, n - i);
    }
    return true;
}

/* Rows k1.. take the updates of the panel rows k0..k1-1. */
static void update_below(double *A, size_t n, size_t k0, size_t k1)
{
    for (size_t i = k1; i < n; i++) {
        double *ri = A + i * n;
        size_t j = i;
        for (; j + 2 <= n; j += 2) {
            v2 s = load2(ri + j);
            for (size_t k = k0; k < k1; k++)
                s -= splat(A[k * n + i]) * load2(A + k * n + j);
            store2(ri + j, s);
        }
        for (; j < n; j++) {
            double s = ri[j];
            for (size_t k = k0; k < k1; k++)
                s -= A[k * n + i] * A[k * n + j];
            ri[j] = s;
        }
    }
}

bool la_cholesky(double *A, size_t n)
{
    for (size_t k0 = 0; k0 < n; k0 += PANEL) {
        size_t k1 = k0 + PANEL < n ? k0 + PANEL : n;
        if (!factor_panel(A, n, k0, k1))
            return false;
        update_below(A, n, k0, k1);
    }
    return true;
}

void la_cholesky_solve(const double *R, size_t n, double *x)
{
    /* R'y = x, forward, a row of R at a time */
    for (size_t k = 0; k < n; k++) {
        x[k] /= R[k * n + k];
        sub_scaled(x + k + 1, x[k], R + k * n + k + 1, n - k - 1);
    }
    /* R x = y, backward */
    for (size_t i = n; i-- > 0;)
        x[i] = (x[i] - la_dot(n - i - 1, R + i * n + i + 1, x + i + 1)) / R[i * n + i];
}

/* U = R^-1 (upper) into U, a row at a time from the last: row i of U is
 * -(1 / R_ii) times the sum over k > i of R_ik U_k, plus 1 / R_ii on the
 * diagonal. */
static void invert_factor(const double *R, size_t n, double *U)
{
    memset(U, 0, n * n * sizeof *U);
    for (size_t i = n; i-- > 0;) {
        double *ui = U + i * n;
        for (size_t k = i + 1; k < n; k++)
            sub_scaled(ui + k, R[i * n + k], U + k * n + k, n - k);
        double d = R[i * n + i];
        for (size_t j = i + 1; j < n; j++)
            ui[j] /= d;
        ui[i] = 1 / d;
    }
}

/* A^-1 = U U', U = R^-1: entry (i, j), j >= i, is the dot product of rows i
 * and j of U from column j on. */
void la_cholesky_inverse(const double *R, size_t n, double *out)
{
    double *U = xreallocarray(NULL, n * n, sizeof *U);
    invert_factor(R, n, U);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double v = la_dot(n - j, U + i * n + j, U + j * n + j);
            out[i * n + j] = v;
            out[j * n + i] = v;
        }
    free(U);
}
