/*
 * table.h - fields of the report tables that pm-bin and pm-psi write.
 *
 * Numbers go out in the shortest form that reads back exactly (num_format);
 * NaN, which stands for a value that does not exist (the WoE of a bin when
 * nothing responded), goes out as an empty field, TSV's missing value.
 * Infinite edges go out as "inf" and "-inf".
 */
#ifndef PM_TABLE_H
#define PM_TABLE_H

#include <stdio.h>

/* A TAB, then the number (nothing for NaN). */
void table_number(FILE *fp, double x);
/* A TAB, then the count. */
void table_count(FILE *fp, unsigned long long n);
/* A TAB, then s (NULL: nothing). */
void table_text(FILE *fp, const char *s);

#endif
