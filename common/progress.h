/*
 * progress.h - a one-line progress report on stderr for long runs.
 *
 * Shown only when stderr is a terminal and the run has lasted a second, so
 * short runs, pipelines and logs never see it.  Each report overwrites the
 * last ("\r" and erase to the end of line); progress_end() erases it.
 */
#ifndef PM_PROGRESS_H
#define PM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct progress {
    struct timespec start;
    bool tty, shown;
};

void progress_start(struct progress *p);
/* Callbacks: ctx is a struct progress. */
void progress_rows(void *ctx, size_t rows);
void progress_iteration(void *ctx, size_t rows, int iteration, double gradient_norm);
void progress_end(struct progress *p);

#endif
