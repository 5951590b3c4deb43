/*
 * bintable.h - what the reports of pm-bin and pm-psi share: a bin's label and
 * edges, and fields of their TSV and JSON output.
 *
 * Numbers go out in the shortest form that reads back exactly (num_format);
 * NaN, which stands for a value that does not exist (the WoE of a bin when
 * nothing responded), goes out as an empty field, TSV's missing value, and as
 * null in JSON.  Infinite edges go out as "inf" and "-inf" (null in JSON).
 *
 * A bin is labelled by its number (1 for the lowest shown) when it is a
 * numeric interval, by its level when categorical, and not at all (an empty
 * field, a JSON null) when it holds the missing values.
 */
#ifndef PM_BINTABLE_H
#define PM_BINTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jw.h"
#include "levels.h"

struct bintable_bin {
    const char *level;   /* a categorical level; NULL otherwise */
    bool missing;        /* the bin of missing values */
    double lower, upper; /* a numeric bin's edges; NaN otherwise */
};

/* A numeric bin [lower, upper). */
struct bintable_bin bintable_interval(double lower, double upper);
/* A level's bin. */
struct bintable_bin bintable_level(const char *level);
/* The bin of missing values. */
struct bintable_bin bintable_missing(void);

/* A bin of a categorical column and the first two counters of its level. */
typedef void bintable_add_fn(void *ctx, struct bintable_bin is, const unsigned long long *counts);
/* Call add with each level of lv, in byte order (so that a table does not
 * depend on the order of the rows). */
void bintable_levels(const struct levels *lv, bintable_add_fn *add, void *ctx);

/* The label of b, the k-th bin shown (from 0); buf has room for NUM_BUFSZ.
 * NULL for the missing values. */
const char *bintable_label(const struct bintable_bin *b, size_t k, char *buf);

/* The first columns of a bin's row: "NAME TAB LABEL TAB LOWER TAB UPPER". */
void bintable_bin_columns(FILE *fp, const char *name, const struct bintable_bin *b, size_t k);
/* The JSON keys of a bin: "bin", and "lower" and "upper" for an interval
 * (exact whatever w's digits). */
void bintable_bin_keys(struct jw *w, const struct bintable_bin *b, size_t k);
/* A JSON array of edges on one line, exact whatever w's digits. */
void bintable_json_numbers(struct jw *w, const double *x, size_t n);

/* A TAB, then the number (nothing for NaN). */
void bintable_number(FILE *fp, double x);
/* A TAB, then the count. */
void bintable_count(FILE *fp, unsigned long long n);
/* A TAB, then s (NULL: nothing). */
void bintable_text(FILE *fp, const char *s);

#endif
