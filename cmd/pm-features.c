/* pm-features - append the engineered columns of the accounts schema. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "features.h"
#include "out.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-features [OPTION]... [FILE]\n"
    "Read accounts (TSV, or CSV) from FILE or stdin and write them with seven columns\n"
    "appended: renewal_window_flag high_engagement_flag large_account_flag\n"
    "revenue_per_employee company_size_bin website_visits_bin contract_remaining_bin.\n"
    "\n"
    "      --renewal-months N    renewal window: contract_remaining_months <= N (3)\n"
    "      --engaged-visits N    high engagement: website_visits_30d >= N (5)\n"
    "      --large-size N        large account: company_size >= N (800)\n"
    "      --size-edges LIST     company_size bin edges (50,200,800,2000)\n"
    "      --visits-edges LIST   website_visits_30d bin edges (1,3,5,10)\n"
    "      --remaining-edges LIST  contract_remaining_months bin edges (4,7,13,25)\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "A value v falls in the bin whose lower edge is the largest edge <= v.\n"
    "An empty input leaves what is derived from it empty. See pm-features(1).\n";

struct options {
    struct feature_rules rules;
    enum tsv_format format;
    size_t max_line;
    char **na; /* --na */
    size_t nna;
    const char *output;
    const char *input;
};

static void set_edges(struct binning *b, const char *opt, const char *arg)
{
    size_t n;
    double *edges = cli_increasing_list(opt, arg, &n);
    const char *problem = features_set_edges(b, edges, n);
    if (problem)
        die_usage("option '%s': %s", opt, problem);
    free(edges);
}

static struct options parse_options(int argc, char **argv)
{
    enum {
        CSV = 256,
        ENGAGED,
        LARGE,
        MAX_LINE,
        NA,
        REMAINING_EDGES,
        RENEWAL,
        SIZE_EDGES,
        VISITS_EDGES
    };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, CSV},
        {"engaged-visits", required_argument, NULL, ENGAGED},
        {"help", no_argument, NULL, 'h'},
        {"large-size", required_argument, NULL, LARGE},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"na", required_argument, NULL, NA},
        {"output", required_argument, NULL, 'o'},
        {"remaining-edges", required_argument, NULL, REMAINING_EDGES},
        {"renewal-months", required_argument, NULL, RENEWAL},
        {"size-edges", required_argument, NULL, SIZE_EDGES},
        {"version", no_argument, NULL, 'V'},
        {"visits-edges", required_argument, NULL, VISITS_EDGES},
        {NULL, 0, NULL, 0},
    };
    struct options o = {.format = TSV_FORMAT_AUTO};
    features_defaults(&o.rules);
    int c;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case ENGAGED:
            o.rules.engaged_visits = cli_double("--engaged-visits", optarg);
            break;
        case 'h':
            cli_help(usage);
        case LARGE:
            o.rules.large_size = cli_double("--large-size", optarg);
            break;
        case MAX_LINE:
            o.max_line = tsv_max_line_arg(optarg);
            break;
        case NA:
            cli_list_set(&o.na, &o.nna, "--na", optarg);
            break;
        case 'o':
            o.output = optarg;
            break;
        case REMAINING_EDGES:
            set_edges(&o.rules.remaining, "--remaining-edges", optarg);
            break;
        case RENEWAL:
            o.rules.renewal_months = cli_double("--renewal-months", optarg);
            break;
        case SIZE_EDGES:
            set_edges(&o.rules.size, "--size-edges", optarg);
            break;
        case 'V':
            cli_version();
        case VISITS_EDGES:
            set_edges(&o.rules.visits, "--visits-edges", optarg);
            break;
        default:
            cli_bad_option();
        }
    }
    o.input = cli_file_operand(argc, argv, optind);
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct tsv_reader *r = tsv_open(
        o.input, &(struct tsv_options){
                     .format = o.format, .max_line = o.max_line, .na = o.na, .nna = o.nna});
    struct out *out = out_open(o.output);
    struct feature_counts n = features_run(r, out_fp(out), &o.rules);
    out_close(out);
    if (n.missing)
        warn("%s: %llu of %llu rows %s an empty input; what derives from it is left empty",
             tsv_name(r), n.missing, n.rows, n.missing == 1 ? "has" : "have");
    if (n.zero_size)
        warn("%s: %llu %s company_size 0; %s revenue_per_employee is left empty", tsv_name(r),
             n.zero_size, n.zero_size == 1 ? "row has" : "rows have",
             n.zero_size == 1 ? "its" : "their");
    tsv_close(r);
    features_free(&o.rules);
    cli_list_free(o.na, o.nna);
    return 0;
}
