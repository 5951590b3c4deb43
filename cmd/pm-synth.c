/* pm-synth - write a synthetic B2B accounts table with a known response model. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "out.h"
#include "synth.h"

static const char usage[] =
    "Usage: pm-synth [-n ROWS] [-s SEED] [--drift X] [-o FILE]\n"
    "Write ROWS synthetic B2B accounts as TSV: account_id industry region company_size\n"
    "annual_revenue website_visits_30d email_opens_30d contract_remaining_months\n"
    "tenure_months support_tickets_90d campaign_wave response_flag.\n"
    "\n"
    "  -n, --rows ROWS   number of accounts (default 10000)\n"
    "  -s, --seed SEED   seed of the random generator, 0 to 2^64-1 (default 42)\n"
    "      --drift X     shift the population by X >= 0 (default 0): larger companies,\n"
    "                    more website visits, renewals nearer; 1.5 is a strong drift\n"
    "  -o, --output FILE write to FILE (complete or not at all) instead of stdout\n"
    "      --help        show this help and exit\n"
    "      --version     show the version and exit\n"
    "\n"
    "The same seed and options give the same bytes on every machine.\n"
    "See pm-synth(1) for the generative model.\n";

struct options {
    long long rows;
    unsigned long long seed;
    double drift;
    const char *output;
};

static struct options parse_options(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"drift", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"output", required_argument, NULL, 'o'},
        {"rows", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct options o = {.rows = 10000, .seed = 42, .drift = 0, .output = NULL};
    int c;
    while ((c = getopt_long(argc, argv, "n:o:s:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o.drift = cli_double("--drift", optarg);
            if (o.drift < 0 || o.drift > 10)
                die_usage("option '--drift': '%s' is out of range (0 to 10)", optarg);
            break;
        case 'h':
            cli_help(usage);
        case 'n':
            o.rows = cli_integer("-n", optarg, 0, 1000000000000LL);
            break;
        case 'o':
            o.output = optarg;
            break;
        case 's':
            o.seed = cli_unsigned("--seed", optarg);
            break;
        case 'V':
            cli_version();
        default:
            cli_bad_option();
        }
    }
    if (optind < argc)
        die_usage("unexpected argument '%s'", argv[optind]);
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct out *out = out_open(o.output);
    FILE *fp = out_fp(out);
    struct synth s;
    synth_init(&s, o.seed, o.drift);
    synth_write_header(fp);
    for (long long i = 0; i < o.rows; i++) {
        struct account a;
        synth_draw(&s, &a);
        synth_write(&a, fp);
    }
    out_close(out);
    return 0;
}
