/* pm-psi - population stability of a score (and of model inputs): table, PSI, verdict. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "drift.h"
#include "out.h"
#include "tsv.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-psi [OPTION]... REFERENCE CURRENT\n"
    "Compare the score distribution of CURRENT rows with that of REFERENCE rows (TSV, or\n"
    "CSV; either may be - for stdin) by the population stability index (PSI), bin by\n"
    "bin, and give a verdict: stable, watch or alert.\n"
    "\n"
    "      --score COL         the score column (score)\n"
    "  -q, --bins N            quantile bins of the reference (10); quantiles are\n"
    "                          'linear' (numpy's default), repeated edges merged\n"
    "      --watch X           'watch' from a PSI of X (0.1)\n"
    "      --alert X           'alert' above a PSI of X (0.2)\n"
    "  -m, --model FILE        also compare every input of this pm-fit model\n"
    "  -c, --columns LIST      also compare these columns (binned at quantiles)\n"
    "      --categorical LIST  ... and these, binned by level\n"
    "      --summary           one row per variable instead: type, bins, PSI, verdict\n"
    "      --json              write JSON instead of TSV\n"
    "      --csv               read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES    the longest line read (64M; K, M and G as suffixes)\n"
    "  -o, --output FILE       write to FILE (complete or not at all)\n"
    "      --help              show this help and exit\n"
    "      --version           show the version and exit\n"
    "\n"
    "Bins: [lower, upper), outer edges open; a share of 0 counts as 0.0001;\n"
    "PSI = sum (current - reference) ln(current / reference).\n"
    "Exit status: 0 stable, 3 watch, 4 alert (the score's verdict); 1 error, 2 usage.\n"
    "See pm-psi(1).\n";

struct options {
    struct drift_options drift;
    enum tsv_format format;
    size_t max_line;
    enum { TABLE, SUMMARY, JSON } mode;
    const char *model;
    char **columns, **categorical;
    size_t ncolumns, ncategorical;
    const char *output;
    const char *ref, *cur;
};

static void add_input(struct drift_options *d, const char *name, bool categorical)
{
    d->inputs = xreallocarray(d->inputs, d->ninputs + 1, sizeof *d->inputs);
    d->inputs[d->ninputs++] = (struct drift_input){xstrdup(name), categorical};
}

/* --columns in their order, those also in --categorical binned by level;
 * then the rest of --categorical. */
static void inputs_from_lists(struct options *o)
{
    for (size_t i = 0; i < o->ncolumns; i++)
        add_input(&o->drift, o->columns[i],
                  cli_list_has(o->categorical, o->ncategorical, o->columns[i]));
    for (size_t i = 0; i < o->ncategorical; i++)
        if (!cli_list_has(o->columns, o->ncolumns, o->categorical[i]))
            add_input(&o->drift, o->categorical[i], true);
}

static struct options parse_options(int argc, char **argv)
{
    enum { ALERT = 256, CATEGORICAL, CSV, JSON_OPT, MAX_LINE, SUMMARY_OPT, WATCH };
    static const struct option longopts[] = {
        {"alert", required_argument, NULL, ALERT},
        {"bins", required_argument, NULL, 'q'},
        {"categorical", required_argument, NULL, CATEGORICAL},
        {"columns", required_argument, NULL, 'c'},
        {"csv", no_argument, NULL, CSV},
        {"help", no_argument, NULL, 'h'},
        {"json", no_argument, NULL, JSON_OPT},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"model", required_argument, NULL, 'm'},
        {"output", required_argument, NULL, 'o'},
        {"score", required_argument, NULL, 's'},
        {"summary", no_argument, NULL, SUMMARY_OPT},
        {"version", no_argument, NULL, 'V'},
        {"watch", required_argument, NULL, WATCH},
        {NULL, 0, NULL, 0},
    };
    struct options o = {
        .drift = {.score = "score",
                  .bins = 10,
                  .watch = PSI_WATCH_DEFAULT,
                  .alert = PSI_ALERT_DEFAULT},
        .format = TSV_FORMAT_AUTO,
        .mode = TABLE,
    };
    int c;
    while ((c = getopt_long(argc, argv, "c:m:o:q:", longopts, NULL)) != -1) {
        switch (c) {
        case ALERT:
            o.drift.alert = cli_double("--alert", optarg);
            break;
        case 'c':
            columns_list_set(&o.columns, &o.ncolumns, "-c", optarg);
            break;
        case CATEGORICAL:
            columns_list_set(&o.categorical, &o.ncategorical, "--categorical", optarg);
            break;
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case 'h':
            cli_help(usage);
        case JSON_OPT:
            o.mode = JSON;
            break;
        case 'm':
            o.model = optarg;
            break;
        case MAX_LINE:
            o.max_line = tsv_max_line_arg(optarg);
            break;
        case 'o':
            o.output = optarg;
            break;
        case 'q':
            o.drift.bins = (size_t)cli_integer("-q", optarg, 1, 100000);
            break;
        case 's':
            o.drift.score = optarg;
            break;
        case SUMMARY_OPT:
            o.mode = SUMMARY;
            break;
        case 'V':
            cli_version();
        case WATCH:
            o.drift.watch = cli_double("--watch", optarg);
            break;
        default:
            cli_bad_option();
        }
    }
    if (o.drift.watch < 0 || o.drift.alert < o.drift.watch)
        die_usage("thresholds must satisfy 0 <= --watch <= --alert");
    if (argc - optind < 2)
        die_usage(argc == optind ? "missing REFERENCE and CURRENT" : "missing CURRENT");
    if (argc - optind > 2)
        die_usage("unexpected argument '%s'", argv[optind + 2]);
    o.drift.json = o.mode == JSON;
    o.ref = argv[optind];
    o.cur = argv[optind + 1];
    if (strcmp(o.ref, "-") == 0 && strcmp(o.cur, "-") == 0)
        die_usage("REFERENCE and CURRENT cannot both be stdin");
    return o;
}

static void free_options(struct options *o)
{
    for (size_t i = 0; i < o->drift.ninputs; i++)
        free(o->drift.inputs[i].name);
    free(o->drift.inputs);
    cli_list_free(o->columns, o->ncolumns);
    cli_list_free(o->categorical, o->ncategorical);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    if (o.model)
        drift_model_inputs(o.model, &o.drift.inputs, &o.drift.ninputs);
    inputs_from_lists(&o);
    struct tsv_options topts = {.format = o.format, .max_line = o.max_line};
    struct tsv_reader *ref = tsv_open(o.ref, &topts);
    struct tsv_reader *cur = tsv_open(o.cur, &topts);
    struct drift_report *rep = drift_run(ref, cur, &o.drift);
    struct out *out = out_open(o.output);
    if (o.mode == JSON)
        drift_write_json(rep, out_fp(out));
    else if (o.mode == SUMMARY)
        drift_write_summary(rep, out_fp(out));
    else
        drift_write_tsv(rep, out_fp(out));
    out_close(out);
    int status = psi_exit_status(drift_verdict(rep));
    drift_free(rep);
    tsv_close(ref);
    tsv_close(cur);
    free_options(&o);
    return status;
}
