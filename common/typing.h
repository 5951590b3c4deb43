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

#endif
