/*
 * typing.h - what pm-fit and pm-bin share in telling a numeric column from a
 * categorical one.
 *
 * Both take a column whose every value is a number as numeric, and any other
 * as categorical.  A column of numbers with one stray text ("NA", "n/a",
 * "abc") is most likely numeric data with a code or a typo in it; it is
 * still binned or fitted by level, but the user is told, with the first
 * stray value and its line.
 */
#ifndef PM_TYPING_H
#define PM_TYPING_H

#include <stdbool.h>

#include "levels.h"

/*
 * The column `column` of `file` was taken as categorical because of `text`
 * at line `line`, after numbers.  If every level of lv but one is a number,
 * and there are three or more of them, warn:
 *
 *   PROG: FILE: column 'C': taken as categorical because of 'TEXT' (line N);
 *   fix the data if it is meant to be numeric
 */
void typing_warn_stray(const char *file, const char *column, const struct levels *lv,
                       const char *text, unsigned long line);

/*
 * A column of numbers but for spellings of a missing value ("NA", "NaN",
 * "null", "None", "?", "-" and the like) is numeric data whose missing
 * values the reader was not told about: taking it as categorical would be a
 * silent change of its type.  If every level of lv is a number or such a
 * token, with at least one of each, die (exit 1) with each token and the
 * rows that hold it (count(ctx, i): the rows of level i), and the option:
 *
 *   PROG: FILE: column 'C': numbers, and 'NA' in 381 rows; if 'NA' means a
 *   missing value, say so with --na NA
 */
void typing_check_na(const char *file, const char *column, const struct levels *lv,
                     unsigned long long (*count)(const void *ctx, size_t i), const void *ctx);

/* Whether s is one of those spellings of a missing value. */
bool typing_na_token(const char *s);
/* The same error for a column of numbers that met the tokens of `tokens`
 * (a levels table whose first counter is each token's rows). */
_Noreturn void typing_die_na(const char *file, const char *column, const struct levels *tokens);

#endif
