/* utf8.h - UTF-8 validation, for text that must go into JSON. */
#ifndef PM_UTF8_H
#define PM_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0, len) is well-formed UTF-8 (no overlongs, no surrogates, at
 * most U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* The length (1 to 4) of the well-formed character that starts s[0, len),
 * or 0 if none does (len is 0, or the bytes are not well-formed UTF-8). */
size_t utf8_char_len(const char *s, size_t len);

#endif
