/*
 * conform.h - a shard's rows read straight into the terms of a known design.
 *
 * After the first pass over a table's shards, the merged header (a design
 * without rows, partial.h) knows every feature: its column, whether it is
 * numeric (with its mean, scale and, imputed, its fill value) or
 * categorical (with its levels, the reference first), and which features
 * are indicators of another's missing values.  The passes after it need no
 * typing and no level tables of their own: each field is parsed once into
 * its standardized value or its level's id in the header.
 *
 * A value that does not fit the header means the shard changed since the
 * first pass: a word in a numeric column, a level the first pass did not
 * see, a missing numeric value with no fill value.  Each is an error naming
 * the file, line and column.
 */
#ifndef PM_CONFORM_H
#define PM_CONFORM_H

#include <stddef.h>

#include "design.h"
#include "tsv.h"

struct conform;

/* The reading of r's rows (its header already read) in h's terms, the
 * target as spec names it.  Dies if a column of h is not in r's header. */
struct conform *conform_new(const struct design *h, const struct design_spec *spec,
                            const struct tsv_reader *r);
void conform_free(struct conform *c);

/* The next rows of r, max_rows at most (0: to the end), as a design in the
 * header's terms; with stride, only the rows whose place in the whole table
 * (first for r's next row, first + 1 for the one after, ...) is a multiple
 * of stride, the others skipped.  *read gets the rows read, kept or not. */
struct design *conform_read(const struct conform *c, struct tsv_reader *r, size_t max_rows,
                            size_t first, size_t stride, size_t *read);

#endif
