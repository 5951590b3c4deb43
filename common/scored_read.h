/*
 * scored_read.h - a table's target and score columns read as sorted scores
 * (scored.h).
 *
 * Every evaluation tool reads the same two columns: a target (1 for a
 * responder, 0 for a non-responder; or, with a positive label, that label
 * for a responder and any other value for a non-responder) and a score (any
 * finite number; a probability for Brier, log loss and calibration).  A
 * large file without groups is read in two halves, the second on a thread
 * (scored_tail.h), with the same result as one reader.
 *
 * With a `by` column the rows are split by the value of that column into
 * groups, each with its own arrays.  Groups come out ordered by their value:
 * numerically if every value is a number, else in byte order.
 *
 * Bad input is fatal and names the file, line and column: a missing target
 * or score, a target that is neither 0 nor 1 (without a positive label), a
 * score that is not a finite number ("nan" and "inf" are not numbers), a
 * group value that is not valid UTF-8 when they go into JSON (json).  A
 * score outside [0, 1] is not an error here; the first one is remembered,
 * for the tools that need probabilities.
 */
#ifndef PM_SCORED_READ_H
#define PM_SCORED_READ_H

#include <stdbool.h>

#include "scored.h"
#include "tsv.h"

struct scored_options {
    const char *target;   /* column name; "response_flag" by default */
    const char *score;    /* column name; "score" by default */
    const char *positive; /* label of a responder, or NULL for 0/1 */
    const char *by;       /* column to group by, or NULL */
    bool json;            /* the groups' values go into JSON: UTF-8 only */
    bool counts;          /* the input is a counts table (counts.h) */
};

/* The defaults: response_flag, score, no positive label, no groups. */
void scored_defaults(struct scored_options *o);

/* Read every row of r.  Dies on bad input (above) and on a missing column. */
struct scored_set *scored_read(struct tsv_reader *r, const struct scored_options *o);
/* Whether the current row of r is a responder by its target in column col:
 * 0 or 1, or equal to positive when that is not NULL.  Dies on a missing
 * value, and on anything but 0 or 1 without positive. */
bool scored_target(const struct tsv_reader *r, size_t col, const char *positive);

#endif
