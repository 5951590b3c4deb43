/*
 * xalloc.h - allocation that never returns NULL.
 *
 * On exhaustion these print "PROG: out of memory" and exit 1, so callers need
 * no checks.  Sizes are checked for overflow (n * size).  Free with free().
 */
#ifndef PM_XALLOC_H
#define PM_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* realloc(p, n * size), overflow-checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * Grow an array so that it holds at least `need` elements of `size` bytes;
 * *cap is updated.  Growth is geometric, so appending one at a time is cheap.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

#endif
