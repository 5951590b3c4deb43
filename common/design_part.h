/*
 * design_part.h - designs made of some of a design's rows: a strided
 * subsample for a fit to start from, and the training part of a fold.
 */
#ifndef PM_DESIGN_PART_H
#define PM_DESIGN_PART_H

#include <stddef.h>
#include <stdint.h>

#include "design.h"

/* Every stride-th row of d from row first (first, first + stride, ...), as
 * a design of its own (for a fit to start from: it is small enough to stay
 * in cache); no rows if first is beyond the last. */
struct design *design_subsample(const struct design *d, size_t first, size_t stride);

/* A level of the whole design that a part of its rows does not have. */
#define DESIGN_ABSENT UINT16_MAX

/*
 * The rows i of d (not standardized) with fold[i] != held_out, as a design
 * of their own, as if only they had been read: each categorical feature's
 * levels are those these rows have (the first of them the reference), and
 * the terms are renumbered.  map[j] (for each categorical feature j; NULL
 * for a numeric one) gives each of d's level ids its id in the part, or
 * DESIGN_ABSENT; free the array and its entries.  NULL (and *map NULL) if
 * the part has rows of a single class, or none.
 */
struct design *design_part(const struct design *d, const uint32_t *fold, uint32_t held_out,
                           uint16_t ***map);

#endif
