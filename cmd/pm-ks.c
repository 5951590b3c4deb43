/* pm-ks - the Kolmogorov-Smirnov statistic of a score, where it is reached,
 * and the table of cumulative shares behind it. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "jw.h"
#include "out.h"
#include "rank.h"
#include "scored.h"
#include "scored_cli.h"
#include "table.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-ks [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a score (TSV, or CSV) from FILE or stdin and write\n"
    "the KS statistic, the largest gap between the score distributions of responders\n"
    "and non-responders, with its cut: the rows scoring at least `score` hold the\n"
    "shares responders_share and non_responders_share of each class.\n"
    "\n"
    "      --counts              read a counts table (pm-counts) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --digits N            round numbers to N significant digits, for reading\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -m, --model MODEL         the target and positive label of MODEL (pm-fit)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
    "  -g, --groups N            with --table: about N groups of rows (10); 0: one\n"
    "                            group per distinct score\n"
    "      --json                write JSON instead of TSV\n"
    "      --positive LABEL      a target equal to LABEL is a responder, any other value not\n"
    "      --score COLUMN        the score column (score)\n"
    "  -t, --table               write the table: groups of whole tie blocks, highest\n"
    "                            scores first, with cumulative shares of each class\n"
    "  -y, --target COLUMN       the target column, 0 or 1 (response_flag)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Both classes must be present.  See pm-ks(1).\n";

struct options {
    struct scored_cli cli;
    size_t groups;
    bool table, json;
};

static struct options parse_options(int argc, char **argv)
{
    enum { JSON = 256 };
    static const struct option longopts[] = {
        {"groups", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, JSON},
        {"table", no_argument, NULL, 't'},
        SCORED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options o = {.groups = 10};
    scored_cli_init(&o.cli);
    int c;
    while ((c = getopt_long(argc, argv, "g:m:o:ty:", longopts, NULL)) != -1) {
        switch (c) {
        case 'g':
            o.groups = (size_t)cli_integer("-g", optarg, 0, 1000000000);
            break;
        case JSON:
            o.json = true;
            break;
        case 't':
            o.table = true;
            break;
        default:
            scored_cli_option(&o.cli, c, optarg, usage);
        }
    }
    scored_cli_operands(&o.cli, argc, argv, optind);
    return o;
}

static void write_summary(const struct rank_ks *m, bool json, int digits, FILE *fp)
{
    static const char *const names[] = {"ks", "score", "rows", "responders_share",
                                        "non_responders_share"};
    if (json) {
        struct jw w;
        jw_init(&w, fp, 2);
        w.digits = digits;
        jw_object_begin(&w);
        jw_put_number(&w, names[0], m->ks);
        jw_put_number(&w, names[1], m->score);
        jw_put_integer(&w, names[2], (long long)m->rows);
        jw_put_number(&w, names[3], m->tpr);
        jw_put_number(&w, names[4], m->fpr);
        jw_object_end(&w);
        jw_finish(&w);
        return;
    }
    struct table t;
    table_begin(&t, fp, false, names, sizeof names / sizeof *names);
    table_digits(&t, digits);
    table_number(&t, m->ks);
    table_number(&t, m->score);
    table_integer(&t, (long long)m->rows);
    table_number(&t, m->tpr);
    table_number(&t, m->fpr);
    table_end(&t);
}

struct table_ctx {
    struct table t;
    long long group;
};

static void write_table_row(void *ctx, const struct rank_ks_row *r)
{
    struct table_ctx *c = ctx;
    table_integer(&c->t, ++c->group);
    table_number(&c->t, r->min_score);
    table_number(&c->t, r->max_score);
    table_integer(&c->t, (long long)r->rows);
    table_integer(&c->t, (long long)r->responders);
    table_integer(&c->t, (long long)r->non_responders);
    table_integer(&c->t, (long long)r->cum_rows);
    table_number(&c->t, r->tpr);
    table_number(&c->t, r->fpr);
    table_number(&c->t, r->difference);
}

static void write_table(const struct scored *s, size_t groups, bool json, int digits, FILE *fp)
{
    static const char *const names[] = {"group",
                                        "min_score",
                                        "max_score",
                                        "rows",
                                        "responders",
                                        "non_responders",
                                        "cum_rows",
                                        "cum_responders_share",
                                        "cum_non_responders_share",
                                        "difference"};
    struct table_ctx c = {.group = 0};
    table_begin(&c.t, fp, json, names, sizeof names / sizeof *names);
    table_digits(&c.t, digits);
    rank_ks_table(s, groups, write_table_row, &c);
    table_end(&c.t);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct scored_set *set = scored_cli_read(&o.cli);
    scored_require_classes(set, &set->groups[0], "KS");
    struct out *out = out_open(o.cli.output);
    if (o.table) {
        write_table(&set->groups[0], o.groups, o.json, o.cli.digits, out_fp(out));
    } else {
        struct rank_ks m;
        rank_ks(&set->groups[0], &m);
        write_summary(&m, o.json, o.cli.digits, out_fp(out));
    }
    out_close(out);
    scored_free(set);
    scored_cli_free(&o.cli);
    return 0;
}
