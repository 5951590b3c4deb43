/*
 * reread.h - an input that a tool reads twice (a first pass to count or
 * choose, a second to write): a regular file is opened again, a standard
 * input that can seek goes back to where it started, and anything else (a
 * pipe, a FIFO) is copied, as the first pass reads it, to an unnamed
 * temporary file in $TMPDIR (or /tmp) that the second pass reads.
 */
#ifndef PM_REREAD_H
#define PM_REREAD_H

#include <stdbool.h>
#include <sys/types.h>

#include "tsv.h"

struct reread {
    const char *path; /* NULL or "-": standard input */
    struct tsv_options opts;
    int copy;    /* the temporary copy's descriptor, or -1 */
    off_t start; /* where a seekable standard input started */
};

/* Open path (NULL or "-" for stdin) for the first pass, with opts (no
 * observer of its own). */
struct tsv_reader *reread_first(struct reread *rr, const char *path,
                                const struct tsv_options *opts);
/* Open it again from its start for the second pass (the first closed);
 * dies if the copy cannot be made or read. */
struct tsv_reader *reread_second(struct reread *rr);

#endif
