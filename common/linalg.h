/*
 * linalg.h - the dense linear algebra of the fit, in a fixed order.
 *
 * BLAS and LAPACK pick kernels by CPU (and split work over threads), so the
 * same Hessian gave other last bits on another machine and so other model
 * files.  These kernels fix the order of every sum in the source: each entry
 * of a rank-k update or of the Cholesky factor takes its terms one by one in
 * index order, and a dot product keeps four partial sums (lane i mod 4) that
 * are added in one stated order.  Vectors of two doubles (the compiler's
 * generic vector type) only do the same scalar operations side by side, so
 * every CPU, with or without AVX, AVX-512 or FMA, rounds them alike (pm
 * builds with -ffp-contract=off: no fused multiply-add).
 *
 * Matrices are row-major, n x n, with n the row stride.  A Cholesky factor
 * is upper: A = R'R, R in the upper triangle of A.
 */
#ifndef PM_LINALG_H
#define PM_LINALG_H

#include <stdbool.h>
#include <stddef.h>

/* sum of a[i] b[i]. */
double la_dot(size_t n, const double *a, const double *b);
/* The Euclidean norm of a (no scaling: for values far from overflow). */
double la_norm(size_t n, const double *a);
/* H += X'X on the upper triangle of H (n x n), X rows x n with row stride
 * ld; the lower triangle is not touched. */
void la_syrk_add(size_t n, size_t rows, const double *X, size_t ld, double *H);
/* A = R'R in place (upper triangle; the lower is not read).  Returns false,
 * A then undefined, when a pivot is not positive: A is not positive definite
 * in floating point. */
bool la_cholesky(double *A, size_t n);
/* x = A^-1 x, with R the factor of A. */
void la_cholesky_solve(const double *R, size_t n, double *x);
/* A^-1 into out (full, symmetric), with R the factor of A. */
void la_cholesky_inverse(const double *R, size_t n, double *out);

#endif
