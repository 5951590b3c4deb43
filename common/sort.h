/*
 * sort.h - sorting doubles fast: a radix sort on their bit patterns.
 *
 * Evaluation tools sort millions of scores; a radix sort does it in a few
 * linear passes where qsort would make n log n indirect comparisons: one
 * pass spreads the keys into buckets by their highest differing bits, and
 * each bucket, small enough for the cache, is sorted by the bits below.  NaN must not be present
 * (tools reject it on input).  -0 sorts just before +0; they compare equal.
 */
#ifndef PM_SORT_H
#define PM_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort v[0, n) ascending.  Allocates n doubles of scratch space. */
void sort_doubles(double *v, size_t n);
/* Sort v[0, n) ascending using scratch[0, n) as work space. */
void sort_doubles_with(double *v, double *scratch, size_t n);
/* Sort v[0, n) ascending in place, allocating nothing (an MSD radix sort,
 * "American flag sort"): for tools whose memory is bounded by the values they
 * hold, at the cost of about twice the time of sort_doubles. */
void sort_doubles_in_place(double *v, size_t n);

/* Sort key[0, n) ascending, index[0, n) moved along with it (stably:
 * equal keys keep their order).  Allocates 12 bytes a key of scratch. */
void sort_keys_with_index(uint64_t *key, uint32_t *index, size_t n);

#endif
