/*
 * fit.h - L2-regularized logistic regression by Newton's method.
 *
 * Minimizes  0.5 |w|^2 + C sum_i logloss(y_i, sigma(b + w . x_i))  over the
 * standardized, one-hot design of a struct design, the intercept b not
 * penalized: scikit-learn's LogisticRegression(penalty='l2', C=C).
 *
 * Each iteration makes one pass over the rows, a block of rows at a time
 * straight from the compact storage (so memory stays that of the design plus
 * one block, and the blocks' rows grouped by level, made on the first pass
 * and kept for the others: two bytes a row per categorical feature of few
 * levels), and accumulates the objective, the gradient and the Hessian
 * C X'DX + I, D = diag(p(1-p)): X'X of the block's numeric columns scaled
 * by sqrt(p(1-p)), and sums per level and per pair of levels for the one-hot
 * columns, which are never made dense (see fit.c).  The step solves the
 * Newton system by Cholesky (linalg.h) and is halved until the
 * objective decreases enough (Armijo); near the optimum, where the objective
 * no longer resolves the decrease, a step that lowers the gradient norm is
 * taken.  The penalty keeps the Hessian positive definite, so separable
 * data, constant columns and collinear columns all converge; a Hessian that
 * still fails Cholesky in floating point gets a tiny ridge.
 *
 * A pass sums the two halves of the rows on two threads (one if a thread
 * cannot be had) and adds the halves' sums in a fixed order: always two
 * halves, so the result, to the last bit, is the same on every machine.
 * Within a half every sum has the order the code gives it: blocks of
 * BLOCK_ROWS rows, the fixed-order kernels of linalg.h, and exp and log1p
 * from dmath.h, so neither the CPU's features nor a library's choice of
 * kernel can move a bit.
 *
 * Convergence: the gradient's Euclidean norm at most tol times its norm at
 * all coefficients 0.  On many rows, Newton starts from the solution on a
 * strided subsample (every k-th row, about warm_rows of them, the loss
 * weighted by k, copied out so that its passes run in cache, solved to a
 * hundredth of its gradient at 0, about its own sampling error): three
 * steps on all rows instead of six or seven, the first with the
 * subsample's Hessian, so that the first pass of all rows sums no Hessian.
 * The answer is the same, as the same convergence test ends it.  Standard errors are the square
 * roots of the diagonal of C H^-1 at the solution: the covariance of the Laplace approximation
 * under the L2 prior, which tends to the usual maximum likelihood standard errors as C grows.
 */
#ifndef PM_FIT_H
#define PM_FIT_H

#include <stdbool.h>

#include "design.h"

/* Called after each iteration (for progress reports) with the rows it took:
 * the warm start's subsample, then all; may be NULL. */
typedef void fit_progress(void *ctx, size_t rows, int iteration, double gradient_norm);

struct fit_result;

struct fit_options {
    double C;
    int max_iter;
    double tol;
    size_t warm_rows; /* 0, or the size of the subsample that starts a fit of
                         twice as many rows or more */
    bool keep_end;    /* keep the last point in fit_result.end */
    /* Leave the Hessian out of a pass whose point is expected to be the
     * last (fit.c): fewer full passes, the same convergence test, but the
     * end's Hessian may be the point before's and there is no covariance
     * (cov NULL).  For fits only scored, as cross-validation's. */
    bool lazy_hessian;
    /* Sum both halves of each pass on the calling thread (the same bits):
     * for fits that run side by side on threads of their own. */
    bool one_thread;
    /* NULL, or a fit of the same design at another C, with its end kept, to
     * start from: a fit along a path of C */
    const struct fit_result *from;
    fit_progress *progress;
    void *progress_ctx;
};

struct fit_result {
    size_t nterms;
    double *theta;  /* nterms: the intercept, then each term (design.h) */
    double *cov;    /* nterms x nterms, row-major: C H^-1 (NULL with lazy_hessian) */
    int iterations; /* on all rows */
    bool converged;
    size_t warm_rows; /* the subsample that gave the start, or 0 */
    int warm_iterations;
    double objective;
    double gradient_norm;
    bool separated;      /* every responder's margin above every non-responder's */
    struct fit_end *end; /* with keep_end, else NULL */
};

/* A fit's last point.  The loss is linear in C, so the objective, gradient
 * and Hessian at the same coefficients under another C follow from these
 * without a pass over the rows (a fit with `from` starts so). */
struct fit_end {
    double C;
    double *g, *H;    /* at the result's theta */
    double f, gap;    /* the objective; the margins' gap (fit.c) */
    double zero_norm; /* the gradient's norm at all coefficients 0 */
};

/* C 1, max_iter 100, tol 1e-8, warm_rows 50000; no progress callback. */
void fit_defaults(struct fit_options *o);
/* Fit d (standardized with design_standardize) into *res. */
void fit_logistic(const struct design *d, const struct fit_options *o, struct fit_result *res);
void fit_result_free(struct fit_result *res);

/*
 * The sums a Newton iteration needs from rows, at a point theta: what one
 * shard of a table gives, what shards merge by adding (pm(7), partial.h).
 * Nothing in them is weighted by C or penalized.
 */
struct fit_sums {
    double loss;              /* sum of the rows' log losses */
    double low_pos, high_neg; /* lowest responder's margin, highest non-responder's */
    double *g;                /* nterms: sum of (p_i - y_i) x_i */
    double *H;                /* nterms x nterms (full), sum of p_i (1 - p_i) x_i x_i', or NULL */
    double *g_zero;           /* NULL, or nterms: the gradient's sum at all coefficients 0 */
};

/* The sums of every row of d (standardized) at theta into *s, whose arrays
 * the caller owns. */
void fit_design_sums(const struct design *d, const double *theta, struct fit_sums *s);

/*
 * Rows a fit reads through a function rather than from memory: a table
 * streamed from disk, or shards on other machines.  sums() gives the sums
 * at theta of all rows (stride 0) or of every stride-th row from the first
 * (rows 0, stride, 2 stride, ...), with the Hessian's if s->H and the
 * gradient's at 0 if s->g_zero.
 */
struct fit_source {
    size_t nterms, rows;
    void (*sums)(void *ctx, size_t stride, const double *theta, struct fit_sums *s);
    void *ctx;
};

/* fit_logistic's Newton method on the rows of src. */
void fit_source_run(const struct fit_source *src, const struct fit_options *o,
                    struct fit_result *res);

#endif
