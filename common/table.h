/*
 * table.h - writing a table of numbers as TSV or as JSON, cell by cell.
 *
 * The evaluation tools print tables (lift, KS, calibration, metrics by
 * group) that a user may want as TSV for the shell and gnuplot, or as JSON
 * for a program.  A table has fixed column names; cells are given in order,
 * row after row, and a row ends by itself after its last column.
 *
 * TSV: a header line of the names, then one line per row; numbers in the
 * shortest form that reads back exactly (num_format), a null as an empty
 * field (a missing value).  JSON: an array of objects keyed by the column
 * names, one object per line, numbers as jw.h writes them.  Strings must be
 * valid UTF-8 for JSON and must not hold TAB or LF for TSV (the caller
 * checks).  Write errors are left to out_close().
 */
#ifndef PM_TABLE_H
#define PM_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jw.h"

struct table {
    FILE *fp;
    bool json;
    const char *const *names; /* borrowed; must outlive the table */
    size_t ncols, col;
    bool any_row;
    int digits; /* 0: exact; else num_round's (set with table_digits) */
    struct jw jw;
};

void table_begin(struct table *t, FILE *fp, bool json, const char *const *names, size_t ncols);
/* Round numbers to digits significant digits from now on (0: exact). */
void table_digits(struct table *t, int digits);
void table_number(struct table *t, double x);
void table_integer(struct table *t, long long v);
void table_string(struct table *t, const char *s);
void table_null(struct table *t);
/* End the table; the last row must be complete. */
void table_end(struct table *t);

#endif
