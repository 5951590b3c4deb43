/*
 * dict.h - byte strings to dense ids (0, 1, 2, ... in order of first sight).
 *
 * The levels of a categorical column: pm-fit interns every value of a column
 * and stores the small id per row; pm-predict looks a value up among a
 * model's levels.  Strings are copied in (they may hold any byte but NUL);
 * the table grows as needed and allocation dies on exhaustion.  Lookups hash
 * the bytes (FNV-1a) into an open-addressing table kept at most half full.
 */
#ifndef PM_DICT_H
#define PM_DICT_H

#include <stddef.h>
#include <stdint.h>

struct dict;

struct dict *dict_new(void);
void dict_free(struct dict *d);

/* The id of s[0, len), added if new. */
uint32_t dict_intern(struct dict *d, const char *s, size_t len);
/* The id of s[0, len), or -1 if it is not in the table. */
long dict_find(const struct dict *d, const char *s, size_t len);

/* Number of strings. */
size_t dict_size(const struct dict *d);
/* String id, NUL-terminated; valid until the next string is added. */
const char *dict_name(const struct dict *d, uint32_t id);
size_t dict_len(const struct dict *d, uint32_t id);

/* The ids in byte order of their strings (memcmp, a prefix first);
 * free() it. */
uint32_t *dict_sorted(const struct dict *d);

#endif
