/*
 * columns.h - the columns a tool works on, as its command line names them.
 *
 * Every tool that takes a target, features (-x), --exclude, --categorical,
 * --keep or -c follows the same rules, with the same message and exit
 * status for the same mistake:
 *
 *   - a list that names a column twice is a usage error (exit 2), found
 *     while the options are read:
 *         pm-fit: option '-x': column 'region' is named twice
 *   - a command line that contradicts itself whatever the file is a usage
 *     error too: the target (or the fold column) among -x, --folds naming the
 *     target, --categorical (or another list of features) naming a column
 *     that is not a feature:
 *         pm-bin: option '-x': 'response_flag' is the target, not a feature
 *         pm-fit: option '--categorical': 'industry' is not a feature
 *   - a column the header does not have is a data error (exit 1), the same
 *     for every option, since the same command is right on another file:
 *         pm-fit: column 'nope' not found in header of train.tsv
 *   - a feature column with no name (R's row names): exit 1, naming
 *     --exclude '' (which an empty argument of a list option means)
 *   - no feature left, a categorical column that looks like an identifier,
 *     or a name or level that goes into JSON and is not UTF-8: exit 1.
 *
 * The features are -x's columns in that order less the excluded ones, or
 * else every column of the header but the target, the fold column, the id
 * column and the excluded ones, in header order.
 */
#ifndef PM_COLUMNS_H
#define PM_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "levels.h"
#include "tsv.h"

/* A list of columns an option names, all of which must be features. */
struct columns_names {
    const char *opt; /* "--increasing" */
    char **names;
    size_t n;
};

/* What the command line names.  Lists are borrowed; NULL or empty where not
 * given. */
struct columns_spec {
    const char *target; /* NULL: the tool has none */
    char **features;    /* -x; NULL: every column but those left out */
    size_t nfeatures;
    char **exclude;
    size_t nexclude;
    char **categorical; /* features whose values are levels, numbers or not */
    size_t ncategorical;
    const char *id;                      /* left out of the default features; may be NULL */
    bool id_required;                    /* the id was named, so the header must have it */
    const char *fold;                    /* a column that is neither the target nor a feature */
    const struct columns_names *subsets; /* more lists of features */
    size_t nsubsets;
    bool json; /* the names go into JSON: they must be UTF-8 */
};

/* The columns chosen. */
struct columns {
    size_t target;     /* with spec->target */
    long fold;         /* with spec->fold, else -1 */
    size_t *col;       /* the features' columns */
    bool *categorical; /* for each feature: named in --categorical */
    size_t n;
};

/* Choose the columns of r's header (read) that s names; dies on any mistake
 * columns.h lists.  Free with columns_free(). */
void columns_choose(const struct tsv_reader *r, const struct columns_spec *s, struct columns *c);
void columns_free(struct columns *c);

/* An option's list of columns, as cli_list_set() (the last given wins),
 * with a column named twice a usage error. */
void columns_list_set(char ***items, size_t *n, const char *opt, const char *arg);
/* The columns of r named by names[0, n), each of which the header must have;
 * free() it. */
size_t *columns_find(const struct tsv_reader *r, char *const *names, size_t n);

/* Whether a categorical column of levels distinct values in rows rows looks
 * like an identifier rather than a category: a level for nine rows in ten
 * or more, in 20 rows or more. */
bool columns_identifier_like(size_t levels, size_t rows);
/* Die, saying that column name of where (a file's name) looks like one and
 * how to leave it out. */
_Noreturn void columns_die_identifier(const char *where, const char *name, size_t levels,
                                      size_t rows);

/* Whether the numeric column x[0, n) counts the rows: 20 rows or more of
 * whole numbers, each greater than the one before (1..n, row numbers, or
 * increasing ids), which is an identifier, not a feature. */
bool columns_counts_rows(const double *x, size_t n);
/* Die, saying that numeric column name of where counts the rows, and how to
 * leave it out. */
_Noreturn void columns_die_counter(const char *where, const char *name);

/*
 * The index in lv of the current row's value of column col, added if new.
 * With json the level goes into JSON output, so a new one must be UTF-8:
 * dies naming the line otherwise (elsewhere bytes pass through).
 */
size_t columns_level(struct levels *lv, const struct tsv_reader *r, size_t col, bool json);

/*
 * A target read with a positive label: its values with their rows (values,
 * first counter), as a tool counted them.  Dies (exit 1) when the positive
 * label is not among them (pm-metrics --positive yes on Yes/No) or when
 * there are more than two, listing the values in byte order with their
 * rows, so that a wrong spelling is seen at once:
 *
 *   PROG: FILE: column 'churn' has no row with the positive value 'yes'; its
 *   values: 'No' (3000 rows), 'Yes' (1000 rows)
 *
 * A table of one value that is the positive label passes: whether one class
 * is enough is the tool's to say.
 */
void columns_check_labels(const char *where, const char *column, const char *positive,
                          const struct levels *values);

/* The target column of r; a name the header lacks is an error that says
 * to name the target with -y (and the nearest names, as tsv_column does). */
size_t columns_target(const struct tsv_reader *r, const char *name);

#endif
