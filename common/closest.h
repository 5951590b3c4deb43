/*
 * closest.h - the names nearest to a mistyped one, for "did you mean".
 *
 * A name equal but for case is nearest; else the names within a small edit
 * distance (insertions, deletions and substitutions of single bytes, case
 * ignored): at most a quarter of the name's length, and at least one edit.
 */
#ifndef PM_CLOSEST_H
#define PM_CLOSEST_H

#include <stddef.h>

/*
 * The nearest of names[0, n) to want, at most three, quoted and joined for
 * a message ("'Contract'", "'tenure' or 'tenure_m'"), newly allocated; NULL
 * when none is near.
 */
char *closest_names(char *const *names, size_t n, const char *want);

#endif
