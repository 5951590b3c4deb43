/*
 * num.h - strict number parsing and exact number formatting.
 *
 * Parsing accepts what a person would call a decimal number: an optional sign,
 * digits with an optional decimal point, an optional exponent ("1e-3").  It
 * rejects an empty string, surrounding blanks, trailing garbage, hexadecimal,
 * "nan" and "inf", and values beyond the range of a double ("1e400").  A value
 * too small for a normal double is read as the nearest representable one.
 *
 * Formatting writes the shortest decimal string that reads back to the same
 * double (the same digits as Python's repr), so every number pm writes can be
 * read back exactly.  Integral values below 1e15 print without a decimal point.
 *
 * Neither depends on the user's locale: pm never calls setlocale(), so the C
 * locale's '.' is the decimal separator everywhere.
 */
#ifndef PM_NUM_H
#define PM_NUM_H

#include <stddef.h>

enum num_status {
    NUM_OK,
    NUM_EMPTY,   /* "" : a missing value */
    NUM_INVALID, /* not a decimal number */
    NUM_RANGE,   /* a number, but beyond the range of a double */
};

/* Parse the NUL-terminated string s into *out.  *out is set only on NUM_OK. */
enum num_status num_parse(const char *s, double *out);
/* The same for s of length len (s[len] is its NUL), which saves finding it. */
enum num_status num_parse_n(const char *s, size_t len, double *out);

/* A short phrase for a failed status, to follow the quoted value in a message:
 * "is not a number", "is out of range", "is missing". */
const char *num_status_text(enum num_status st);

/* Enough for any double written by num_format, with its NUL. */
#define NUM_BUFSZ 32

/* Write x into buf (NUL-terminated) and return the length.  NaN is written as
 * "nan" and infinities as "inf" and "-inf". */
size_t num_format(double x, char *buf);

/* Write the integer v into buf (NUL-terminated) and return the length. */
size_t num_format_int(long long v, char *buf);

/*
 * x rounded to digits significant digits (1 to 17), for a person to read
 * (--digits): the double nearest the decimal rounding, which num_format
 * then writes short ("0.1235").  digits 0 gives x as it is; so do NaN and
 * the infinities.
 */
double num_round(double x, int digits);
/* The argument of a --digits option: 0 to 17; dies (usage) otherwise. */
int num_digits_arg(const char *arg);

#endif
