/*
 * treebatch.h - rows of a table waiting for a tree model's scores.
 *
 * XGBoost scores a batch of rows at a time (its per-call cost is large, its
 * per-row cost small).  A row's inputs go into the batch's float32 matrix
 * (treerows.h); what the caller writes into treebatch_text() for it (its
 * output up to the score), and, when contributions are asked for, the row's
 * texts of the model's columns, are kept until the batch is scored.  Then
 * emit is called for each row in order, with that text, its score and (or
 * NULL) its values and contributions to the logit (XGBoost's SHAP values,
 * one per feature, the bias left out).  Memory is that of TREEBATCH_ROWS
 * rows, whatever the number of rows.
 */
#ifndef PM_TREEBATCH_H
#define PM_TREEBATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"
#include "tsv.h"

#define TREEBATCH_ROWS 4096

typedef void treebatch_emit(void *ctx, const char *text, size_t len, double score,
                            const char *const *values, const double *contrib);

struct treebatch;

/* Dies if a column of m is not in r's header.  solo: predict with a
 * booster of the batch's own on the calling thread alone (booster_solo),
 * for a batch that one of several threads fills; else with m's. */
struct treebatch *treebatch_new(const struct model *m, const struct tsv_reader *r,
                                bool contributions, bool solo);
/* Where the current row's text goes, before treebatch_add(). */
FILE *treebatch_text(struct treebatch *b);
/* Take r's current row; a full batch is scored and emitted. */
void treebatch_add(struct treebatch *b, const struct tsv_reader *r, treebatch_emit *emit,
                   void *ctx);
/* The same for a row read on another thread: false, with the row not
 * taken, where treebatch_add would die (the batch is then of no use). */
bool treebatch_try_add(struct treebatch *b, const struct tsv_reader *r, treebatch_emit *emit,
                       void *ctx);
/* Add from's counts of unseen levels to into's (treerows_merge). */
void treebatch_merge(struct treebatch *into, struct treebatch *from, unsigned long lines_before);
/* Score and emit the rows left. */
void treebatch_flush(struct treebatch *b, treebatch_emit *emit, void *ctx);
/* Warn about unseen levels (treerows_report). */
void treebatch_report(const struct treebatch *b, const char *input);
void treebatch_free(struct treebatch *b);

#endif
