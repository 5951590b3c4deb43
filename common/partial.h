/*
 * partial.h - a fit's passes over shards: requests, partial sums, merging.
 *
 * A table split into shards (on one machine or many) is fitted as one: a
 * first pass gives each shard's counts, levels and moments, which merge into
 * the design's header (its features, levels, means and scales; a struct
 * design without rows); then each Newton evaluation asks every shard for
 * its sums (fit.h) at a point, and the sums add up.  The driver writes a
 * request, each shard answers with a partial, and the partials are merged
 * in the order of the shard list, so the result does not depend on which
 * machine did which shard.
 *
 * The files are text, one record a line, fields separated by TAB, the
 * strings escaped (\t, \n, \r, \\), the numbers as num_format() writes them
 * (shortest round trip; "inf", "-inf"), and they end with a line
 * "end<TAB>N" counting the lines before it, so a truncated file is told
 * from a whole one.  pm(7) documents the records.  Every reader dies with
 * the file's label and line on anything malformed.
 */
#ifndef PM_PARTIAL_H
#define PM_PARTIAL_H

#include <stdbool.h>
#include <stdio.h>

#include "design.h"
#include "fit.h"
#include "tsv.h"

/* What a pass asks of every shard. */
struct partial_request {
    struct design_spec spec; /* what to read (the lists owned by the request
                                when it was read from a file) */
    enum tsv_format format;
    char **na; /* --na's spellings of a missing value (nna of them) */
    size_t nna;
    const struct design *header; /* NULL: the first pass; else the merged design */
    size_t nshards;
    size_t *offsets;    /* nshards: each shard's first row in the whole table */
    size_t stride;      /* 0: every row; else the rows whose place in the whole
                           table is a multiple of it */
    double *theta;      /* header->nterms */
    bool hessian, zero; /* the Hessian's sums too; the gradient's at 0 too */
};

void partial_write_request(const struct partial_request *q, FILE *fp);
/* Read a request from path; free with partial_request_free. */
struct partial_request *partial_read_request(const char *path);
void partial_request_free(struct partial_request *q);

/* Answer request q for shard number shard (1 to q->nshards) from its
 * rows, r (at most q->spec.max_rows of them if that is not 0), writing the
 * partial to fp; returns the rows read.  No rows is an error unless
 * max_rows is set. */
size_t partial_reduce(const struct partial_request *q, size_t shard, struct tsv_reader *r,
                      FILE *fp);

/* Shards 1 to n read in turn from r (q->spec.max_rows rows each), in the
 * merged design's terms and standardized, every q->stride-th row of the
 * whole table if q->stride: one design (free with design_free). */
struct design *partial_read_rows(const struct partial_request *q, size_t n, struct tsv_reader *r);
/* One of them, shard number shard, from r at its first row. */
struct design *partial_read_shard(const struct partial_request *q, size_t shard,
                                  struct tsv_reader *r);
/* The rows of b after a's (the same features and terms). */
void partial_append_rows(struct design *a, const struct design *b);

/* Merge the first pass's partials, files[i] named labels[i] in messages,
 * in that order (and close them), into the header of the whole table (free with
 * design_free); offsets (n) gets each shard's first row.  file: NULL, or
 * the file whose chunks the shards are, whose lines the messages name. */
struct design *partial_merge_stats(FILE **files, char **labels, size_t n, const char *file,
                                   const struct design_spec *spec, size_t *offsets);
/* Add up the sums partials into *s (arrays of nterms, owned by the caller;
 * the Hessian's too if s->H, the gradient's at 0 if s->g_zero). */
void partial_merge_sums(FILE **files, char **labels, size_t n, size_t nterms, struct fit_sums *s);

#endif
