/*
 * scored.h - the target and score columns of a table, held as sorted scores.
 *
 * Every evaluation tool reads the same two columns: a target (1 for a
 * responder, 0 for a non-responder; or, with a positive label, that label
 * for a responder and any other value for a non-responder) and a score (any
 * finite number; a probability for Brier, log loss and calibration).  Rows
 * are held as two arrays of doubles, the scores of the responders and those
 * of the non-responders, each sorted ascending once everything is read: 8
 * bytes a row, and nothing else of the row is kept.  Because only sorted
 * scores are kept, nothing that follows can depend on the order of the rows.
 * (A counts table, counts.h, is held as its distinct scores with counts.)
 *
 * With a `by` column the rows are split by the value of that column into
 * groups, each with its own arrays.  Groups come out ordered by their value:
 * numerically if every value is a number, else in byte order.
 *
 * Bad input is fatal and names the file, line and column: a missing target
 * or score, a target that is neither 0 nor 1 (without a positive label), a
 * score that is not a finite number ("nan" and "inf" are not numbers), a
 * group value that is not valid UTF-8 when they go into JSON (json).  A score outside [0, 1] is not
 * an error here; the first one is remembered, for the tools that need probabilities.
 */
#ifndef PM_SCORED_H
#define PM_SCORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tsv.h"

struct scored_options {
    const char *target;   /* column name; "response_flag" by default */
    const char *score;    /* column name; "score" by default */
    const char *positive; /* label of a responder, or NULL for 0/1 */
    const char *by;       /* column to group by, or NULL */
    bool json;            /* the groups' values go into JSON: UTF-8 only */
    bool counts;          /* the input is a counts table (counts.h) */
};

/* A distinct score and how many responders and non-responders have it. */
struct block {
    double score;
    uint64_t pos, neg;
};

/*
 * The scores of one group (of all rows without `by`): either every row's
 * score in pos and neg, or, read from a counts table (counts.h), the
 * distinct scores with their counts in blocks (then pos and neg are NULL).
 */
struct scored {
    double *pos, *neg; /* responders' and non-responders' scores, ascending */
    size_t npos, nneg; /* responders, non-responders (either way) */
    size_t pos_cap, neg_cap;
    struct block *blocks; /* distinct scores, ascending, counts > 0 */
    size_t nblocks, blocks_cap;
    char *key; /* the group's value; NULL without `by` */
    /* The first row whose score is outside [0, 1]: its line (0 if none)
     * and the field as written. */
    unsigned long outside_line;
    char *outside_text;
};

struct scored_set {
    struct scored *groups; /* ordered as described above */
    size_t ngroups;
    char *name;       /* the input's name, for messages */
    char *score_name; /* the score column's name, for messages */
};

/* The defaults: response_flag, score, no positive label, no groups. */
void scored_defaults(struct scored_options *o);

/*
 * The command line every evaluation tool shares: --counts, --csv, --digits N, --max-line BYTES,
 * -m/--model MODEL,
 * --na LIST, --positive LABEL,
 * --score COLUMN, -y/--target COLUMN, -o/--output FILE, --help, --version, and
 * one FILE operand (stdin without it).  A tool lists SCORED_LONGOPTS after
 * its own long options and hands every option it does not know itself to
 * scored_cli_option.
 */
struct scored_cli {
    struct scored_options scored;
    enum tsv_format format;
    size_t max_line; /* 0: the reader's default */
    int digits;      /* --digits: 0 exact, else significant digits */
    char **na;       /* --na's spellings of a missing value; scored_cli_free */
    size_t nna;
    const char *output; /* NULL: stdout */
    const char *input;  /* NULL: stdin */
    const char *model;  /* -m: the target and positive label from this model */
    bool chose_target, chose_positive;
    char *model_target, *model_positive; /* owned: what -m gave */
};

enum {
    SCORED_OPT_COUNTS = 0x1000,
    SCORED_OPT_CSV,
    SCORED_OPT_DIGITS,
    SCORED_OPT_MAX_LINE,
    SCORED_OPT_NA,
    SCORED_OPT_POSITIVE,
    SCORED_OPT_SCORE,
    SCORED_OPT_TARGET
};

#define SCORED_LONGOPTS                                                                            \
    {"counts", no_argument, NULL, SCORED_OPT_COUNTS}, {"csv", no_argument, NULL, SCORED_OPT_CSV},  \
        {"digits", required_argument, NULL, SCORED_OPT_DIGITS}, {"help", no_argument, NULL, 'h'},  \
        {"max-line", required_argument, NULL, SCORED_OPT_MAX_LINE},                                \
        {"model", required_argument, NULL, 'm'}, {"na", required_argument, NULL, SCORED_OPT_NA},   \
        {"output", required_argument, NULL, 'o'},                                                  \
        {"positive", required_argument, NULL, SCORED_OPT_POSITIVE},                                \
        {"score", required_argument, NULL, SCORED_OPT_SCORE},                                      \
        {"target", required_argument, NULL, 'y'},                                                  \
    {                                                                                              \
        "version", no_argument, NULL, 'V'                                                          \
    }

/* The defaults (scored_defaults, TSV unless FILE ends in .csv, stdout). */
void scored_cli_init(struct scored_cli *c);
/* Apply option opt (getopt_long's return) with argument arg: a shared
 * option, --help (printing usage), or else a usage error. */
void scored_cli_option(struct scored_cli *c, int opt, const char *arg, const char *usage);
/* The operands left after the options (from argv[first]): at most one FILE.
 * Then -m MODEL gives the target and positive label that -y and --positive
 * did not. */
void scored_cli_operands(struct scored_cli *c, int argc, char **argv, int first);
/* The reader's options: --csv, --max-line, --na. */
struct tsv_options scored_cli_table(const struct scored_cli *c);
/* Free what the options hold. */
void scored_cli_free(struct scored_cli *c);
/* Read the input as scored_read (or counts_read) does; die unless it has rows. */
struct scored_set *scored_cli_read(const struct scored_cli *c);

/* Read every row of r.  Dies on bad input (above) and on a missing column. */
struct scored_set *scored_read(struct tsv_reader *r, const struct scored_options *o);
void scored_free(struct scored_set *set);
/* Whether the current row of r is a responder by its target in column col:
 * 0 or 1, or equal to positive when that is not NULL.  Dies on a missing
 * value, and on anything but 0 or 1 without positive. */
bool scored_target(const struct tsv_reader *r, size_t col, const char *positive);
/* Add a row's score to a group (to pos for a responder, else to neg). */
void scored_add(struct scored *s, bool responder, double v);
/* Remember score v, written text on line, if it is the group's first
 * outside [0, 1]. */
void scored_note_outside(struct scored *s, double v, unsigned long line, const char *text);

/* Rows of a group. */
size_t scored_rows(const struct scored *s);
/* The k-th smallest score of a group, 0 <= k < rows (both arrays together;
 * for a counts table, a walk through the blocks). */
double scored_kth(const struct scored *s, size_t k);

/* Die with "PROG: NAME: MESSAGE" unless the set has at least one row. */
void scored_require_rows(const struct scored_set *set);
/* Die unless the group has both classes; what needs them ("KS"). */
void scored_require_classes(const struct scored_set *set, const struct scored *s, const char *what);
/* Die naming the first score outside [0, 1], if there is one; what is the
 * reason a probability is needed ("calibration needs probabilities"). */
void scored_require_probabilities(const struct scored_set *set, const struct scored *s,
                                  const char *what);

#endif
