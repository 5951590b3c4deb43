/*
 * levels.h - the distinct values of a categorical column, each with counters.
 *
 * A hash table from byte strings to a fixed number of unsigned counters (rows,
 * responders, or rows in two files), for binning a column by level.  Levels
 * are copied in; the table grows as needed and never fails (allocation dies
 * on exhaustion).  levels_order() lists them in byte order, so output built
 * from it does not depend on the order in which the rows came.
 */
#ifndef PM_LEVELS_H
#define PM_LEVELS_H

#include <stddef.h>

struct levels;

/* A table whose levels carry ncounts counters each, starting at zero. */
struct levels *levels_new(size_t ncounts);
void levels_free(struct levels *t);

/* The index of the level s[0, len), or -1 if it is not in the table. */
long levels_index(const struct levels *t, const char *s, size_t len);
/* The index of the level s[0, len), added (with zero counters) if new: the
 * levels are numbered 0, 1, ... in the order they were first added. */
size_t levels_add(struct levels *t, const char *s, size_t len);

/* The counters of the level s[0, len), or NULL if it is not in the table. */
unsigned long long *levels_find(const struct levels *t, const char *s, size_t len);
/* The counters of the level s[0, len), added (with zero counters) if new.
 * The pointer is valid until the next level is added. */
unsigned long long *levels_get(struct levels *t, const char *s, size_t len);

/* Number of levels. */
size_t levels_size(const struct levels *t);
/* Level i (0 <= i < levels_size), NUL-terminated, and its counters. */
const char *levels_name(const struct levels *t, size_t i);
unsigned long long *levels_counts(const struct levels *t, size_t i);
/* The level indexes in byte order of their names (strcmp); free() it. */
size_t *levels_order(const struct levels *t);

#endif
