/*
 * jw.h - a small streaming JSON writer.
 *
 * jansson reads pm's JSON; writing goes through this instead because jansson
 * prints reals with %.17g (0.1 becomes 0.10000000000000001), and a model or a
 * metrics file should be read by people too.  Numbers here use num_format(),
 * the shortest form that reads back exactly; NaN and infinities become null.
 * Keys and values come out in the order written, so output is deterministic.
 *
 * Strings should be valid UTF-8 (check input with utf8_valid() and say what
 * is wrong); a byte that is not part of well-formed UTF-8 is written as
 * U+FFFD, so the output is always JSON.  Control characters are escaped.  Nesting beyond
 * JW_MAX_DEPTH is a programming error and aborts.  Write errors are left to out_close().
 */
#ifndef PM_JW_H
#define PM_JW_H

#include <stdbool.h>
#include <stdio.h>

#define JW_MAX_DEPTH 32

struct jw {
    FILE *fp;
    int indent; /* spaces per level; 0 writes everything on one line */
    int depth;
    bool first[JW_MAX_DEPTH]; /* no element written yet at this level */
    bool flat[JW_MAX_DEPTH];  /* this array stays on one line */
    bool after_key;
    int digits; /* 0: numbers exact; else rounded to so many digits (num_round) */
};

void jw_init(struct jw *w, FILE *fp, int indent);
void jw_object_begin(struct jw *w);
void jw_object_end(struct jw *w);
void jw_array_begin(struct jw *w);
/* An array whose elements stay on one line, for short lists of numbers. */
void jw_array_begin_flat(struct jw *w);
void jw_array_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_string(struct jw *w, const char *s);
void jw_number(struct jw *w, double x);
void jw_integer(struct jw *w, long long v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* A key and its value: jw_key() then jw_number() (and so on), as one call. */
void jw_put_number(struct jw *w, const char *key, double x);
void jw_put_integer(struct jw *w, const char *key, long long v);
void jw_put_string(struct jw *w, const char *key, const char *s);
void jw_put_bool(struct jw *w, const char *key, bool v);
/* End the document with a newline. */
void jw_finish(struct jw *w);

#endif
