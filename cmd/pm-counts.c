/* pm-counts - reduce scored rows to a counts table (each distinct score with
 * its responders and non-responders), or merge counts tables. */
#include <getopt.h>
#include <stdio.h>

#include "counts.h"
#include "err.h"
#include "out.h"
#include "scored.h"
#include "scored_cli.h"

static const char usage[] =
    "Usage: pm-counts [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a score (TSV, or CSV) from FILE or stdin and write\n"
    "the counts table: each distinct score, highest first, with its responders and\n"
    "non_responders.  The evaluation tools read it with --counts and give the same\n"
    "output as on the rows; tables of shards concatenate (cat) and merge.\n"
    "\n"
    "      --counts              read counts tables (to merge them) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -m, --model MODEL         the target and positive label of MODEL (pm-fit)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
    "      --positive LABEL      a target equal to LABEL is a responder, any other value not\n"
    "      --score COLUMN        the score column (score)\n"
    "  -y, --target COLUMN       the target column, 0 or 1 (response_flag)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "See pm-counts(1).\n";

int main(int argc, char **argv)
{
    static const struct option longopts[] = {SCORED_LONGOPTS, {NULL, 0, NULL, 0}};
    struct scored_cli cli;
    scored_cli_init(&cli);
    int c;
    while ((c = getopt_long(argc, argv, "m:o:y:", longopts, NULL)) != -1)
        scored_cli_option(&cli, c, optarg, usage);
    scored_cli_operands(&cli, argc, argv, optind);
    if (cli.digits)
        die_usage("option '--digits': a counts table's scores stay exact, so that it merges");
    struct scored_set *set = scored_cli_read(&cli);
    struct out *out = out_open(cli.output);
    counts_write(&set->groups[0], cli.scored.score, out_fp(out));
    out_close(out);
    scored_free(set);
    scored_cli_free(&cli);
    return 0;
}
