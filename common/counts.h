/*
 * counts.h - the counts table: each distinct score with its responders and
 * non-responders.
 *
 * Everything the evaluation tools compute (AUC, KS, lift, calibration,
 * Brier, log loss) follows from these counts, so a large scored table can be
 * reduced where it lies, shard by shard, and the small tables brought
 * together: tables concatenate (cat them: a row repeating the header is
 * skipped) and merge exactly, whatever the
 * order of their rows, and a tool reading the merged table writes the same
 * bytes as on all the rows.
 *
 * The table is TSV with the columns score, responders and non_responders
 * (the score column may have another name), highest score first as
 * counts_write writes it; read in any order, a score may come more than once
 * (its counts add up).  A count is a whole number from 0 to 2^53.  Bad input
 * is fatal and names the file, line and column.
 */
#ifndef PM_COUNTS_H
#define PM_COUNTS_H

#include <stdio.h>

#include "scored.h"
#include "tsv.h"

/* Read a counts table from r, its scores in column score_col, as a set of
 * one group whose blocks hold the merged counts. */
struct scored_set *counts_read(struct tsv_reader *r, const char *score_col);

/* Write the counts of a group (read either way) as a counts table whose
 * score column is named score_col. */
void counts_write(const struct scored *s, const char *score_col, FILE *fp);

#endif
