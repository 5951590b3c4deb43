/*
 * eda.h - pm-bin's work: response rate, WoE and IV by feature bin.
 *
 * The rows are read once.  A feature is numeric when every value it has is a
 * number, and categorical otherwise (or when named so): its first value and
 * its text decide nothing on their own, so a column of labels such as
 * "0", "1-2", "3-4" is categorical.  Numeric features are binned at their
 * quantiles (qbin.h: linear quantiles, repeated edges merged, a value equal
 * to an edge in the bin above it), bins that hold no row left out;
 * categorical ones by level, in byte order.  Missing values (empty fields)
 * form a bin of their own, last.  Per bin: rows, responders, response rate,
 * lift over the base rate, WoE and IV share (woe.h).
 *
 * To tell a numeric feature from a categorical one without holding text,
 * a feature whose values have all been numbers so far keeps its distinct
 * values only while there are at most EDA_MAX_NUMERIC_LEVELS of them; a
 * feature with more whose values stop being numbers is an error that says to
 * name it in --categorical.
 *
 * Such a feature that stays numeric is binned from the counts of its values
 * (1 byte per row while reading, no sort); one with more values holds 8 bytes
 * per row and is sorted.  Memory: that, and 17 bytes per row more (the target,
 * and room to sort one feature at a time), plus the distinct levels of the
 * categorical features.  The target must be 0 or 1 on every row; errors
 * name the file, line and column.  A column of numbers but for one stray
 * text ("NA") is binned by level, with a warning (typing.h).  With json,
 * names and levels must be valid UTF-8 (an error naming the line);
 * otherwise bytes pass through.
 */
#ifndef PM_EDA_H
#define PM_EDA_H

#include <stdbool.h>
#include <stdio.h>

#include "tsv.h"

#define EDA_MAX_NUMERIC_LEVELS 64

struct eda_options {
    const char *target;
    const char *positive; /* the target's label of a responder; NULL: 0 and 1 */
    const char *id;       /* left out of the default features */
    bool id_required;     /* the id column must exist (it was named) */
    char **features;      /* NULL: every column but the target and the id */
    size_t nfeatures;
    char **exclude;
    size_t nexclude;
    char **categorical; /* binned by level even if they are numbers */
    size_t ncategorical;
    size_t bins; /* quantile bins asked for */
    bool json;   /* names and levels go into JSON: UTF-8 only */
};

/* What eda_run finds, for the writers below (its fields are the
 * module's own). */
struct eda_report;

/* Read every row of r and bin its features.  Dies on bad input, an unknown
 * column, or no rows. */
struct eda_report *eda_run(struct tsv_reader *r, const struct eda_options *o);
void eda_free(struct eda_report *rep);

/* The writers round figures to digits significant digits for a person
 * to read (0: exact); the edges of the bins stay exact. */
/* One row per bin (see pm-bin(1) OUTPUT). */
void eda_write_tsv(const struct eda_report *rep, FILE *fp, int digits);
/* One row per feature, highest IV first. */
void eda_write_summary(const struct eda_report *rep, FILE *fp, int digits);
void eda_write_json(const struct eda_report *rep, FILE *fp, int digits);

#endif
