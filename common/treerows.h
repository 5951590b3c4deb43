/*
 * treerows.h - the rows of a table as the float32 inputs of a tree model.
 *
 * The model's columns are found by name in the table's header, in any
 * order.  A numeric column's value goes in as the nearest float32; an empty
 * field is NaN, XGBoost's missing value.  A categorical column's value is
 * its level's index among the model's levels (byte order of the training
 * levels); an empty field is missing, and so is a level the model does not
 * know, which is counted for treerows_report().  Not a number, or beyond
 * float32's range, in a numeric column is an error naming line and column.
 */
#ifndef PM_TREEROWS_H
#define PM_TREEROWS_H

#include "model.h"
#include "tsv.h"

struct treerows;

/* Dies if a column of m is not in r's header. */
struct treerows *treerows_new(const struct model *m, const struct tsv_reader *r);
/* The current row of r into dst[m->nf]. */
void treerows_fill(struct treerows *t, const struct tsv_reader *r, float *dst);
/* The same for a row read on another thread: false where treerows_fill
 * would die (its counts are then of no use). */
bool treerows_try_fill(struct treerows *t, const struct tsv_reader *r, float *dst);
/* Add from's counts of unseen levels to into's, from's line numbers
 * counting from line lines_before + 1, and clear from's. */
void treerows_merge(struct treerows *into, struct treerows *from, unsigned long lines_before);
/* The input column of feature j. */
size_t treerows_column(const struct treerows *t, size_t j);
/* Warn (stderr) about unseen levels, one line per column. */
void treerows_report(const struct treerows *t, const char *input);
void treerows_free(struct treerows *t);

#endif
