/* pm-bin - response rate, weight of evidence and information value by feature bin. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "columns.h"
#include "eda.h"
#include "num.h"
#include "out.h"
#include "model.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-bin [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target (TSV, or CSV) from FILE or stdin and write, for every\n"
    "feature, one row per bin: rows, responders, response rate, lift over the base rate,\n"
    "weight of evidence (WoE) and information value (IV).\n"
    "\n"
    "  -y, --target COL        the 0/1 target column (response_flag)\n"
    "      --positive LABEL    the target's value that counts as 1; the other is 0\n"
    "  -m, --model MODEL       the target and positive label of MODEL (pm-fit)\n"
    "  -x, --features LIST     the features to bin, comma-separated (default: every\n"
    "                          column but the target and the id column)\n"
    "      --exclude LIST      leave these columns out\n"
    "      --id COL            the id column, left out by default (account_id)\n"
    "      --categorical LIST  bin these by level even if their values are numbers\n"
    "  -q, --bins N            quantile bins of a numeric feature (10); quantiles are\n"
    "                          'linear' (numpy's default), repeated edges merged\n"
    "      --summary           one row per feature instead: type, bins, IV, highest IV first\n"
    "      --json              write JSON instead of TSV\n"
    "      --digits N          round figures to N significant digits, for reading (0: exact)\n"
    "      --csv               read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES    the longest line read (64M; K, M and G as suffixes)\n"
    "      --na LIST           more spellings of a missing value (NA,NaN,null)\n"
    "  -o, --output FILE       write to FILE (complete or not at all)\n"
    "      --help              show this help and exit\n"
    "      --version           show the version and exit\n"
    "\n"
    "A feature is numeric if all its values are numbers, else categorical (one bin per\n"
    "level).  A value equal to a bin edge falls in the bin above it: bins are [lower, upper).\n"
    "Bins with no rows are left out; missing values form a bin of their own.\n"
    "WoE = ln(share of responders / share of non-responders): positive where the bin\n"
    "responds above the base rate; a bin with an empty class gets 0.5 added to both counts.\n"
    "See pm-bin(1).\n";

struct options {
    struct eda_options eda;
    enum tsv_format format;
    size_t max_line;
    char **na;         /* --na */
    const char *model; /* -m */
    struct model_label label;
    bool chose_target, chose_positive;
    size_t nna;
    enum { TABLE, SUMMARY, JSON } mode;
    int digits; /* --digits: 0 exact */
    const char *output;
    const char *input;
};

static struct options parse_options(int argc, char **argv)
{
    enum {
        CATEGORICAL = 256,
        CSV,
        DIGITS,
        EXCLUDE,
        ID,
        JSON_OPT,
        MAX_LINE,
        NA,
        POSITIVE,
        SUMMARY_OPT
    };
    static const struct option longopts[] = {
        {"bins", required_argument, NULL, 'q'},
        {"categorical", required_argument, NULL, CATEGORICAL},
        {"csv", no_argument, NULL, CSV},
        {"digits", required_argument, NULL, DIGITS},
        {"exclude", required_argument, NULL, EXCLUDE},
        {"features", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {"id", required_argument, NULL, ID},
        {"json", no_argument, NULL, JSON_OPT},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"model", required_argument, NULL, 'm'},
        {"na", required_argument, NULL, NA},
        {"positive", required_argument, NULL, POSITIVE},
        {"output", required_argument, NULL, 'o'},
        {"summary", no_argument, NULL, SUMMARY_OPT},
        {"target", required_argument, NULL, 'y'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct options o = {
        .eda = {.target = "response_flag", .id = "account_id", .bins = 10},
        .format = TSV_FORMAT_AUTO,
        .mode = TABLE,
    };
    int c;
    while ((c = getopt_long(argc, argv, "m:o:q:x:y:", longopts, NULL)) != -1) {
        switch (c) {
        case CATEGORICAL:
            columns_list_set(&o.eda.categorical, &o.eda.ncategorical, "--categorical", optarg);
            break;
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case EXCLUDE:
            columns_list_set(&o.eda.exclude, &o.eda.nexclude, "--exclude", optarg);
            break;
        case 'h':
            cli_help(usage);
        case DIGITS:
            o.digits = num_digits_arg(optarg);
            break;
        case ID:
            o.eda.id = optarg;
            o.eda.id_required = true;
            break;
        case JSON_OPT:
            o.mode = JSON;
            break;
        case MAX_LINE:
            o.max_line = tsv_max_line_arg(optarg);
            break;
        case NA:
            cli_list_set(&o.na, &o.nna, "--na", optarg);
            break;
        case 'm':
            o.model = optarg;
            break;
        case 'o':
            o.output = optarg;
            break;
        case POSITIVE:
            if (*optarg == '\0')
                die_usage("option '--positive': the label must not be empty");
            o.eda.positive = optarg;
            o.chose_positive = true;
            break;
        case 'q':
            o.eda.bins = (size_t)cli_integer("-q", optarg, 1, 100000);
            break;
        case SUMMARY_OPT:
            o.mode = SUMMARY;
            break;
        case 'V':
            cli_version();
        case 'x':
            columns_list_set(&o.eda.features, &o.eda.nfeatures, "-x", optarg);
            break;
        case 'y':
            o.eda.target = optarg;
            o.chose_target = true;
            break;
        default:
            cli_bad_option();
        }
    }
    o.input = cli_file_operand(argc, argv, optind);
    o.eda.json = o.mode == JSON;
    if (o.model) { /* what -y and --positive did not say */
        o.label = model_read_label(o.model);
        if (!o.chose_target)
            o.eda.target = o.label.target;
        if (!o.chose_positive && o.label.positive)
            o.eda.positive = o.label.positive;
    }
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct tsv_reader *r = tsv_open(
        o.input, &(struct tsv_options){
                     .format = o.format, .max_line = o.max_line, .na = o.na, .nna = o.nna});
    struct eda_report *rep = eda_run(r, &o.eda);
    struct out *out = out_open(o.output);
    if (o.mode == JSON)
        eda_write_json(rep, out_fp(out), o.digits);
    else if (o.mode == SUMMARY)
        eda_write_summary(rep, out_fp(out), o.digits);
    else
        eda_write_tsv(rep, out_fp(out), o.digits);
    out_close(out);
    eda_free(rep);
    tsv_close(r);
    cli_list_free(o.eda.features, o.eda.nfeatures);
    cli_list_free(o.eda.exclude, o.eda.nexclude);
    cli_list_free(o.eda.categorical, o.eda.ncategorical);
    cli_list_free(o.na, o.nna);
    free(o.label.target);
    free(o.label.positive);
    return 0;
}
