/*
 * scored_tail.h - the second half of a large scored file, read on a thread.
 *
 * The evaluation tools spend most of their time reading: a 10M-row file is
 * a gigabyte of text for two columns.  When the input is a regular file,
 * scored_read (scored_read.h) splits it at a line near the middle (tsv_split),
 * reads the first half itself and hands the second to a thread, which takes
 * only rows on the plain path: the header's number of fields, a target of
 * exactly 0 or 1 (or the positive label), a score that is a number.  At
 * anything else (a bad row, a NUL byte, a blank line, a row longer than its
 * buffer, a read error) the thread gives up without a word and its rows are
 * dropped; the first half's reader then reads on into the second half
 * itself, so that a bad row gets the same message, with the same line
 * number, as without the split.
 */
#ifndef PM_SCORED_TAIL_H
#define PM_SCORED_TAIL_H

#include <pthread.h>
#include <stdbool.h>

#include "scored.h"
#include "tsv.h"

struct scored_tail {
    /* what to read */
    int fd;
    unsigned long long offset;
    size_t width, tcol, scol;
    const char *positive;
    /* what was read: the rows (outside_line counts from the offset's line,
     * which is 1), how many lines, whether every one was on the plain path */
    struct scored part;
    unsigned long lines;
    bool ok;
    pthread_t thread;
};

/*
 * Split r (after tsv_select) and start reading the second half; false, with
 * nothing started, when r is not a file large enough to split (then r reads
 * it all).  The columns are r's, positive as in scored_options.
 */
bool scored_tail_start(struct scored_tail *t, struct tsv_reader *r, size_t tcol, size_t scol,
                       const char *positive);

/*
 * Once r has read up to the split: wait for the thread and, if all its rows
 * were on the plain path, append them to s (the one group) and return true.
 * Else return false: the caller reads on with tsv_resume(r).  lines_before:
 * the lines r read, for the line numbers of the second half.
 */
bool scored_tail_finish(struct scored_tail *t, struct scored *s, unsigned long lines_before);

#endif
