/*
 * design.h - a training table read into the compact design pm-fit works on.
 *
 * One pass over the table keeps, per row, the target as a byte, each numeric
 * feature as a double and each categorical feature as a 16-bit level id: a
 * fraction of the dense one-hot matrix, which the fit never builds.
 *
 * Column typing: a feature whose every value is a number is numeric, any
 * other is categorical (as pandas would type it), unless it is named in
 * spec->categorical, which makes its values levels whatever they look like.
 * Until a column shows a value that is not a number, its values are kept as
 * doubles, which give back their text as long as it is written the way
 * num_format() writes numbers ("12", "0.5"); from the first other spelling
 * ("012", "1.50") the texts are kept too, up to max_levels of them, beyond
 * which the column could never be a usable categorical one.  So a column
 * such as website_visits_bin ("0", "1-2", ...) gets its levels as written.
 *
 * Levels are sorted in byte order, then the reference level (spec->reference,
 * below), which has no term of its own, is moved first: one-hot with that
 * level dropped, the others' terms in byte order.  Numeric
 * features are standardized in place by design_standardize() (design_scale.h): mean and
 * population standard deviation (ddof 0); a column whose variance is within
 * rounding of zero gets scale 1, by scikit-learn's test.
 *
 * An empty text field (in a categorical column) is a level of its own, "";
 * it is never the reference level: the reference is the first other level.
 *
 * Everything a user can get wrong is an error (die) naming the file, line
 * and column where there is one: a missing numeric value (unless
 * spec->impute, which keeps it as NaN, or spec->missing_ok, for the trees,
 * which take any missing value as it is: NaN, or DESIGN_MISSING_LEVEL) with
 * the number of rows that have one, a column of numbers but for spellings of
 * a missing value (typing_check_na), a target that is not 0/1
 * (or, with a positive label, has more than two values), a single class, a
 * level that is not UTF-8, a categorical column with more than max_levels
 * levels, or one that looks like an identifier (a level for nine rows in
 * ten or more, in 20 rows or more), with the option that leaves it out.
 */
#ifndef PM_DESIGN_H
#define PM_DESIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "tsv.h"

/* Which level of a categorical column is the reference (has no term). */
enum design_reference {
    DESIGN_REF_FIRST,    /* the first in byte order (scikit-learn's drop='first') */
    DESIGN_REF_FREQUENT, /* the level of the most rows (the first such in byte order) */
};

/* What to read.  Lists are borrowed; NULL or empty where not given. */
struct design_spec {
    const char *target;   /* the 0/1 column */
    const char *positive; /* NULL: the target holds 0 and 1 */
    char **features;      /* NULL: every column but the target and excluded */
    size_t nfeatures;
    char **exclude;
    size_t nexclude;
    char **categorical; /* values are levels even if they look like numbers */
    size_t ncategorical;
    size_t max_levels; /* at most 65535 */
    /* The reference level of each categorical column (the logistic model's;
     * the trees, and shards, whose merged levels partial.h orders by the
     * same rules, keep byte order): ref_levels[k] for the column
     * ref_columns[k], else by reference.  Neither rule picks the level "" (an
     * empty field) while there is another; naming it does. */
    enum design_reference reference;
    char **ref_columns, **ref_levels;
    size_t nref;
    bool missing_ok;  /* an empty field is a missing value (trees), not an error */
    bool impute;      /* a missing numeric value is kept as NaN, for impute.h to
                         fill; without it (or missing_ok) it is an error */
    const char *fold; /* NULL, or a column whose values name each row's fold */
    const struct columns_names *subsets; /* more lists that must name features */
    size_t nsubsets;
    bool shard;      /* the rows are a shard of a larger table: one class, a
                        level in nearly every row, or no row is no error here */
    size_t max_rows; /* 0, or the most rows to read (the reader is left at
                        the next: a table read a chunk at a time) */
    /* Called every 65536 rows (for progress reports); may be NULL. */
    void (*progress)(void *ctx, size_t rows);
    void *progress_ctx;
};

enum design_type { DESIGN_NUMERIC, DESIGN_CATEGORICAL };

/* With missing_ok, a missing value: NaN in x, this id in level. */
#define DESIGN_MISSING_LEVEL 0xFFFF

struct design_feature {
    char *name;
    enum design_type type;
    size_t term; /* its first term: 1 + index among the model's terms */
    /* numeric */
    double *x; /* rows values; standardized by design_standardize() */
    double mean, scale;
    size_t missing;             /* rows with a missing value (NaN until imputed) */
    unsigned long missing_line; /* the line of the first, if any */
    bool imputed;               /* missing values take fill (impute.h) */
    double fill;
    bool indicator; /* a 0/1 term: whether feature `source` was missing */
    size_t source;
    /* categorical */
    uint16_t *level; /* rows level ids: 0 is the reference level */
    char **levels;   /* nlevels names in byte order */
    size_t nlevels;
};

struct design {
    size_t rows, positives;
    uint8_t *y; /* rows targets, 0 or 1 */
    /* with spec->fold: each row's fold, an index into fold_names (the
     * column's distinct values in byte order) */
    uint32_t *fold;
    char **fold_names;
    size_t nfolds;
    struct design_feature *f;
    size_t nf;
    size_t nterms; /* 1 (the intercept) + numeric features + sum of (levels - 1) */
};

/* Read every row of r.  Dies on anything design.h lists. */
struct design *design_read(struct tsv_reader *r, const struct design_spec *spec);
void design_free(struct design *d);

/* The index of categorical feature f's reference level among its levels
 * (in byte order, rows[l] rows each), as spec says; "--reference: column
 * 'C' has no level 'L' in WHERE" for a level named that f lacks.  For a
 * design read here and for the merged levels of shards alike. */
size_t design_reference(const struct design_feature *f, const size_t *rows,
                        const struct design_spec *spec, const char *where);
/* Dies unless each column spec's --reference names is a categorical
 * feature of d. */
void design_check_references(const struct design_spec *spec, const struct design *d);

#endif
