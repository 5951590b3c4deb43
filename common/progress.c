/* progress.c - progress reports on a terminal; see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#include "err.h"

void progress_start(struct progress *p)
{
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->tty = isatty(STDERR_FILENO);
    p->shown = false;
}

static bool due(struct progress *p)
{
    if (!p->tty)
        return false;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed =
        (double)(now.tv_sec - p->start.tv_sec) + 1e-9 * (double)(now.tv_nsec - p->start.tv_nsec);
    return elapsed >= 1;
}

void progress_rows(void *ctx, size_t rows)
{
    struct progress *p = ctx;
    if (!due(p))
        return;
    fprintf(stderr, "\r%s: %zu rows read\033[K", err_progname(), rows);
    p->shown = true;
}

void progress_iteration(void *ctx, size_t rows, int iteration, double gradient_norm)
{
    struct progress *p = ctx;
    if (!due(p))
        return;
    fprintf(stderr, "\r%s: iteration %d on %zu rows, gradient norm %.3g\033[K", err_progname(),
            iteration, rows, gradient_norm);
    p->shown = true;
}

void progress_end(struct progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}
