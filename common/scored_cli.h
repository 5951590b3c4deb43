/*
 * scored_cli.h - the command line the evaluation tools share.
 *
 * pm-metrics, pm-lift, pm-calib, pm-ks, pm-counts and pm-target read the
 * same input the same way: these are its options, parsed once.
 */
#ifndef PM_SCORED_CLI_H
#define PM_SCORED_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "scored_read.h"
#include "tsv.h"

/*
 * The command line every evaluation tool shares: --counts, --csv, --digits N,
 * --max-line BYTES, -m/--model MODEL, --na LIST, --positive LABEL,
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

/* X of a top X% option: a number in (0, 100]; dies (usage) otherwise. */
double scored_cli_pct(const char *opt, const char *arg);

#endif
