/* pm-calib - the calibration (reliability) table of a score: in bins of
 * scores, the mean score against the observed response rate. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib.h"
#include "cli.h"
#include "out.h"
#include "scored.h"
#include "scored_cli.h"
#include "table.h"
#include "tsv.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-calib [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a probability score (TSV, or CSV) from FILE or\n"
    "stdin and write the calibration table: for each non-empty bin of scores, its rows,\n"
    "mean predicted score and observed response rate (scikit-learn's calibration_curve).\n"
    "\n"
    "  -b, --bins N              N bins (10)\n"
    "      --counts              read a counts table (pm-counts) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --digits N            round numbers to N significant digits, for reading\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -m, --model MODEL         the target and positive label of MODEL (pm-fit)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
    "      --json                write JSON instead of TSV\n"
    "      --positive LABEL      a target equal to LABEL is a responder, any other value not\n"
    "      --score COLUMN        the score column, in [0, 1] (score)\n"
    "      --strategy STRATEGY   uniform: bins of equal width over [0, 1] (the default);\n"
    "                            quantile: edges at linear quantiles of the scores\n"
    "  -y, --target COLUMN       the target column, 0 or 1 (response_flag)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "A score equal to an inner edge falls in the bin below it.  See pm-calib(1).\n";

struct options {
    struct scored_cli cli;
    size_t bins;
    bool quantile, json;
};

static bool parse_strategy(const char *arg)
{
    if (strcmp(arg, "uniform") == 0)
        return false;
    if (strcmp(arg, "quantile") == 0)
        return true;
    die_usage("option '--strategy': '%s' is neither 'uniform' nor 'quantile'", arg);
}

static struct options parse_options(int argc, char **argv)
{
    enum { JSON = 256, STRATEGY };
    static const struct option longopts[] = {
        {"bins", required_argument, NULL, 'b'},
        {"json", no_argument, NULL, JSON},
        {"strategy", required_argument, NULL, STRATEGY},
        SCORED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options o = {.bins = 10};
    scored_cli_init(&o.cli);
    int c;
    while ((c = getopt_long(argc, argv, "b:m:o:y:", longopts, NULL)) != -1) {
        switch (c) {
        case 'b':
            o.bins = (size_t)cli_integer("-b", optarg, 1, 1000000);
            break;
        case JSON:
            o.json = true;
            break;
        case STRATEGY:
            o.quantile = parse_strategy(optarg);
            break;
        default:
            scored_cli_option(&o.cli, c, optarg, usage);
        }
    }
    scored_cli_operands(&o.cli, argc, argv, optind);
    return o;
}

static void write_calib(const struct scored *s, const struct options *o, FILE *fp)
{
    static const char *const names[] = {"bin",        "lower",          "upper",        "rows",
                                        "responders", "mean_predicted", "observed_rate"};
    struct calib_row *rows = xmalloc(o->bins * sizeof *rows);
    size_t n = calib_table(s, o->bins, o->quantile, rows);
    struct table t;
    table_begin(&t, fp, o->json, names, sizeof names / sizeof *names);
    table_digits(&t, o->cli.digits);
    for (size_t i = 0; i < n; i++) {
        table_integer(&t, (long long)rows[i].bin);
        table_number(&t, rows[i].lower);
        table_number(&t, rows[i].upper);
        table_integer(&t, (long long)rows[i].rows);
        table_integer(&t, (long long)rows[i].responders);
        table_number(&t, rows[i].mean_predicted);
        table_number(&t, rows[i].observed_rate);
    }
    table_end(&t);
    free(rows);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct scored_set *set = scored_cli_read(&o.cli);
    scored_require_probabilities(set, &set->groups[0], "calibration needs probabilities");
    struct out *out = out_open(o.cli.output);
    write_calib(&set->groups[0], &o, out_fp(out));
    out_close(out);
    scored_free(set);
    scored_cli_free(&o.cli);
    return 0;
}
