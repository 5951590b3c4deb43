/*
 * split.h - train/test partitions of a table's rows (pm-split).
 *
 * Four ways to choose the test rows; rows keep their input order in each part:
 *
 *   random      exactly ceil(fraction * rows) test rows, every such subset
 *               equally likely (selection sampling, seeded xoshiro256**)
 *   stratified  the same within each value of a column (the target): each
 *               value's test count is fraction * its rows rounded down, and
 *               the rows still missing from ceil(fraction * rows) go to the
 *               values with the largest remainders (ties to the first in byte
 *               order); so each part's share of every value is within one
 *               row of exact
 *   hash        a row is test when the hash of its id column, as a fraction
 *               of 2^64, is below fraction: an id lands in the same part
 *               whatever the other rows, so a refreshed table keeps its split.
 *               The hash is 64-bit FNV-1a of the id's bytes, then the
 *               splitmix64 finalizer of that xor the seed
 *   time        rows whose column is below a cut-off are training rows, the
 *               others test ("campaign wave validation").  If the cut-off is a
 *               number, values compare as numbers (each must be one);
 *               otherwise by byte order, which orders ISO 8601 dates
 *
 * Random and stratified splits need the counts before the first row can be
 * placed, so they read the input twice: a file by name, stdin by seeking back
 * to where it started; a pipe (stdin or a named one) is copied to an unnamed
 * temporary file in $TMPDIR as the first pass reads it, and the second reads
 * the copy.  Memory stays constant: a count per distinct value.
 */
#ifndef PM_SPLIT_H
#define PM_SPLIT_H

#include <stdint.h>
#include <stdio.h>

#include "tsv.h"

enum split_method { SPLIT_RANDOM, SPLIT_STRATIFIED, SPLIT_HASH, SPLIT_TIME };

struct split_spec {
    enum split_method method;
    double fraction; /* of rows in the test part, in (0, 1) */
    uint64_t seed;
    const char *column; /* stratified, hash, time */
    const char *cutoff; /* time */
};

/* Where the rows go: train and test streams (they may be the same), or, if
 * mark is set, every row to train with a column mark of "train" or "test". */
struct split_output {
    FILE *train, *test;
    const char *mark;
};

/* Split the table at path ("-" or NULL: stdin). */
void split_run(const struct split_spec *s, const char *path, const struct tsv_options *table,
               const struct split_output *out);

#endif
