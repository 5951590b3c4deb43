/* pm-psi - population stability of a score (and of model inputs): table, PSI, verdict. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "drift.h"
#include "num.h"
#include "out.h"
#include "tsv.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-psi [OPTION]... REFERENCE CURRENT\n"
    "  or:  pm-psi --edges [OPTION]... REFERENCE > BINS\n"
    "  or:  pm-psi --reduce [OPTION]... BINS SHARD > PARTIAL\n"
    "  or:  pm-psi --merge [OPTION]... BINS PARTIAL...\n"
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
    "      --edges             write the reference's bins and counts (BINS) instead\n"
    "      --reduce            count a SHARD of the current rows in BINS' bins\n"
    "      --merge             add up the shards' PARTIALs: the report of all their rows\n"
    "      --json              write JSON instead of TSV\n"
    "      --digits N          round figures to N significant digits, for reading (0: exact)\n"
    "      --csv               read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES    the longest line read (64M; K, M and G as suffixes)\n"
    "      --na LIST           more spellings of a missing value (NA,NaN,null)\n"
    "  -o, --output FILE       write to FILE (complete or not at all)\n"
    "      --help              show this help and exit\n"
    "      --version           show the version and exit\n"
    "\n"
    "Bins: [lower, upper), outer edges open; a share of 0 counts as 0.0001;\n"
    "PSI = sum (current - reference) ln(current / reference).\n"
    "Exit status: 0 stable, 3 watch, 4 alert (the score's verdict); 1 error, 2 usage.\n"
    "See pm-psi(1).\n";

/* What a run does: compare two files, or one step of a comparison in shards. */
enum step { WHOLE, EDGES, REDUCE, MERGE };

struct options {
    struct drift_options drift;
    enum tsv_format format;
    size_t max_line;
    char **na; /* --na */
    size_t nna;
    enum { TABLE, SUMMARY, JSON } mode;
    int digits; /* --digits: 0 exact */
    enum step step;
    bool chose_inputs, chose_report; /* options of the reference's side, of the report's */
    const char *model;
    char **columns, **categorical;
    size_t ncolumns, ncategorical;
    const char *output;
    const char *ref, *cur;
    char **partials; /* --merge: the shards' partials */
    size_t npartials;
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

static const char *step_name[] = {"", "--edges", "--reduce", "--merge"};

static void set_step(struct options *o, enum step step)
{
    if (o->step != WHOLE && o->step != step)
        die_usage("%s and %s cannot go together", step_name[o->step], step_name[step]);
    o->step = step;
}

/* The reference's side (the variables and their bins) is chosen with
 * --edges; the report's (thresholds, form) with --merge. */
static void check_step_options(const struct options *o)
{
    if ((o->step == REDUCE || o->step == MERGE) && o->chose_inputs)
        die_usage("with %s the score, the bins and the inputs are BINS' own: give --score, "
                  "-q, -m, -c and --categorical to --edges",
                  step_name[o->step]);
    if ((o->step == EDGES || o->step == REDUCE) && o->chose_report)
        die_usage(
            "%s writes a partial: give --watch, --alert, --summary, --json and --digits to --merge",
            step_name[o->step]);
    if (o->step == MERGE && o->format == TSV_FORMAT_CSV)
        die_usage("--merge reads partials, not tables: --csv belongs with --reduce");
}

static void take_operands(struct options *o, int n, char **arg)
{
    int want = o->step == EDGES ? 1 : 2;
    const char *names[][2] = {
        {"REFERENCE", "CURRENT"}, {"REFERENCE", ""}, {"BINS", "SHARD"}, {"BINS", "PARTIAL"}};
    if (n < want)
        die_usage(n == 0 && want == 2 ? "missing %s and %s" : "missing %s%s",
                  n == 0 ? names[o->step][0] : names[o->step][1],
                  n == 0 && want == 2 ? names[o->step][1] : "");
    if (n > want && o->step != MERGE)
        die_usage("unexpected argument '%s'", arg[want]);
    o->ref = arg[0];
    o->cur = want == 2 ? arg[1] : NULL;
    o->partials = arg + 1;
    o->npartials = (size_t)n - 1;
    size_t stdin_uses = 0;
    for (int i = 0; i < n; i++)
        stdin_uses += strcmp(arg[i], "-") == 0;
    if (stdin_uses > 1)
        die_usage(o->step == WHOLE ? "REFERENCE and CURRENT cannot both be stdin"
                                   : "only one of the files can be standard input");
}

static struct options parse_options(int argc, char **argv)
{
    enum {
        ALERT = 256,
        CATEGORICAL,
        CSV,
        DIGITS,
        EDGES_OPT,
        JSON_OPT,
        MAX_LINE,
        MERGE_OPT,
        NA,
        REDUCE_OPT,
        SUMMARY_OPT,
        WATCH
    };
    static const struct option longopts[] = {
        {"alert", required_argument, NULL, ALERT},
        {"bins", required_argument, NULL, 'q'},
        {"categorical", required_argument, NULL, CATEGORICAL},
        {"columns", required_argument, NULL, 'c'},
        {"csv", no_argument, NULL, CSV},
        {"digits", required_argument, NULL, DIGITS},
        {"edges", no_argument, NULL, EDGES_OPT},
        {"help", no_argument, NULL, 'h'},
        {"json", no_argument, NULL, JSON_OPT},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"merge", no_argument, NULL, MERGE_OPT},
        {"model", required_argument, NULL, 'm'},
        {"na", required_argument, NULL, NA},
        {"output", required_argument, NULL, 'o'},
        {"reduce", no_argument, NULL, REDUCE_OPT},
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
            o.chose_report = true;
            break;
        case 'c':
            columns_list_set(&o.columns, &o.ncolumns, "-c", optarg);
            o.chose_inputs = true;
            break;
        case CATEGORICAL:
            columns_list_set(&o.categorical, &o.ncategorical, "--categorical", optarg);
            o.chose_inputs = true;
            break;
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case DIGITS:
            o.digits = num_digits_arg(optarg);
            o.chose_report = true;
            break;
        case EDGES_OPT:
            set_step(&o, EDGES);
            break;
        case 'h':
            cli_help(usage);
        case JSON_OPT:
            o.mode = JSON;
            o.chose_report = true;
            break;
        case 'm':
            o.model = optarg;
            o.chose_inputs = true;
            break;
        case MAX_LINE:
            o.max_line = tsv_max_line_arg(optarg);
            break;
        case MERGE_OPT:
            set_step(&o, MERGE);
            break;
        case NA:
            cli_list_set(&o.na, &o.nna, "--na", optarg);
            break;
        case 'o':
            o.output = optarg;
            break;
        case 'q':
            o.drift.bins = (size_t)cli_integer("-q", optarg, 1, 100000);
            o.chose_inputs = true;
            break;
        case REDUCE_OPT:
            set_step(&o, REDUCE);
            break;
        case 's':
            o.drift.score = optarg;
            o.chose_inputs = true;
            break;
        case SUMMARY_OPT:
            o.mode = SUMMARY;
            o.chose_report = true;
            break;
        case 'V':
            cli_version();
        case WATCH:
            o.drift.watch = cli_double("--watch", optarg);
            o.chose_report = true;
            break;
        default:
            cli_bad_option();
        }
    }
    if (o.drift.watch < 0 || o.drift.alert < o.drift.watch)
        die_usage("thresholds must satisfy 0 <= --watch <= --alert");
    check_step_options(&o);
    o.drift.json = o.mode == JSON;
    take_operands(&o, argc - optind, argv + optind);
    return o;
}

static void free_options(struct options *o)
{
    for (size_t i = 0; i < o->drift.ninputs; i++)
        free(o->drift.inputs[i].name);
    free(o->drift.inputs);
    cli_list_free(o->columns, o->ncolumns);
    cli_list_free(o->categorical, o->ncategorical);
    cli_list_free(o->na, o->nna);
}

static void write_report(const struct drift_report *rep, const struct options *o)
{
    struct out *out = out_open(o->output);
    if (o->mode == JSON)
        drift_write_json(rep, out_fp(out), o->digits);
    else if (o->mode == SUMMARY)
        drift_write_summary(rep, out_fp(out), o->digits);
    else
        drift_write_tsv(rep, out_fp(out), o->digits);
    out_close(out);
}

/* --edges: the reference's bins and counts, for the shards. */
static void write_edges(struct options *o, const struct tsv_options *topts)
{
    struct tsv_reader *ref = tsv_open(o->ref, topts);
    struct drift_report *rep = drift_reference(ref, &o->drift);
    struct out *out = out_open(o->output);
    drift_write_reference(rep, out_fp(out));
    out_close(out);
    drift_free(rep);
    tsv_close(ref);
}

/* --reduce: one shard's counts in the reference's bins. */
static void write_shard_counts(struct options *o, const struct tsv_options *topts)
{
    struct drift_report *rep = drift_load_reference(o->ref, &o->drift);
    struct tsv_reader *cur = tsv_open(o->cur, topts);
    drift_read_current(rep, cur);
    struct out *out = out_open(o->output);
    drift_write_current(rep, out_fp(out));
    out_close(out);
    drift_free(rep);
    tsv_close(cur);
}

/* --merge: the shards' counts added up, and the report. */
static int merge_partials(struct options *o)
{
    struct drift_report *rep = drift_load_reference(o->ref, &o->drift);
    for (size_t i = 0; i < o->npartials; i++)
        drift_add_current(rep, o->partials[i]);
    drift_merge_finish(rep, o->ref);
    write_report(rep, o);
    int status = psi_exit_status(drift_verdict(rep));
    drift_free(rep);
    return status;
}

static int compare_whole(struct options *o, const struct tsv_options *topts)
{
    struct tsv_reader *ref = tsv_open(o->ref, topts);
    struct tsv_reader *cur = tsv_open(o->cur, topts);
    struct drift_report *rep = drift_run(ref, cur, &o->drift);
    write_report(rep, o);
    int status = psi_exit_status(drift_verdict(rep));
    drift_free(rep);
    tsv_close(ref);
    tsv_close(cur);
    return status;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    if (o.model)
        drift_model_inputs(o.model, &o.drift.inputs, &o.drift.ninputs);
    inputs_from_lists(&o);
    struct tsv_options topts = {
        .format = o.format, .max_line = o.max_line, .na = o.na, .nna = o.nna};
    int status = 0;
    if (o.step == EDGES)
        write_edges(&o, &topts);
    else if (o.step == REDUCE)
        write_shard_counts(&o, &topts);
    else if (o.step == MERGE)
        status = merge_partials(&o);
    else
        status = compare_whole(&o, &topts);
    free_options(&o);
    return status;
}
