/* pm-lift - the lift and gains table of a score by groups of ranked rows, or
 * the response rate and lift of the top X%. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "out.h"
#include "rank.h"
#include "scored.h"
#include "table.h"
#include "tsv.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-lift [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a score (TSV, or CSV) from FILE or stdin, rank them\n"
    "by score, highest first, and write the lift and gains table: for each of N groups\n"
    "of equal rows, its responders, response rate and lift, and the same cumulated.\n"
    "\n"
    "      --counts              read a counts table (pm-counts) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -g, --groups N            N groups (10); the first rows % N one row larger\n"
    "      --json                write JSON instead of TSV\n"
    "      --positive LABEL      a target equal to LABEL is a responder, any other value not\n"
    "      --score COLUMN        the score column (score)\n"
    "  -y, --target COLUMN       the target column, 0 or 1 (response_flag)\n"
    "      --top LIST            instead: the top X% of rows for each X of LIST (5,10,20)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Tied scores that a group boundary cuts share their responders out in proportion.\n"
    "See pm-lift(1).\n";

struct options {
    struct scored_cli cli;
    size_t groups;
    double *top; /* NULL: the table */
    size_t ntop;
    bool json;
};

static double *percent_list(const char *opt, const char *arg, size_t *n)
{
    char **items = cli_list(opt, arg, n);
    double *pct = xmalloc(*n * sizeof *pct);
    for (size_t i = 0; i < *n; i++)
        pct[i] = rank_pct_arg(opt, items[i]);
    cli_list_free(items, *n);
    return pct;
}

static struct options parse_options(int argc, char **argv)
{
    enum { JSON = 256, TOP };
    static const struct option longopts[] = {
        {"groups", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, JSON},
        {"top", required_argument, NULL, TOP},
        SCORED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options o = {.groups = 10};
    scored_cli_init(&o.cli);
    int c;
    while ((c = getopt_long(argc, argv, "g:o:y:", longopts, NULL)) != -1) {
        switch (c) {
        case 'g':
            o.groups = (size_t)cli_integer("-g", optarg, 1, 1000000000);
            break;
        case JSON:
            o.json = true;
            break;
        case TOP:
            free(o.top);
            o.top = percent_list("--top", optarg, &o.ntop);
            break;
        default:
            scored_cli_option(&o.cli, c, optarg, usage);
        }
    }
    scored_cli_operands(&o.cli, argc, argv, optind);
    return o;
}

static void write_lift_row(void *ctx, const struct lift_row *r)
{
    struct table *t = ctx;
    table_integer(t, (long long)r->group);
    table_integer(t, (long long)r->rows);
    table_number(t, r->min_score);
    table_number(t, r->max_score);
    table_number(t, r->responders);
    table_number(t, r->response_rate);
    table_number(t, r->lift);
    table_integer(t, (long long)r->cum_rows);
    table_number(t, r->cum_responders);
    table_number(t, r->cum_response_rate);
    table_number(t, r->cum_lift);
    table_number(t, r->cum_capture);
}

static void write_lift(const struct scored *s, size_t groups, bool json, FILE *fp)
{
    static const char *const names[] = {
        "group", "rows",     "min_score",      "max_score",         "responders", "response_rate",
        "lift",  "cum_rows", "cum_responders", "cum_response_rate", "cum_lift",   "cum_capture"};
    struct table t;
    table_begin(&t, fp, json, names, sizeof names / sizeof *names);
    rank_lift(s, groups, write_lift_row, &t);
    table_end(&t);
}

static void write_tops(const struct scored *s, const double *pct, size_t n, bool json, FILE *fp)
{
    static const char *const names[] = {"pct",           "rows", "responders",
                                        "response_rate", "lift", "capture"};
    struct rank_top *tops = xmalloc(n * sizeof *tops);
    rank_tops(s, pct, n, tops);
    struct table t;
    table_begin(&t, fp, json, names, sizeof names / sizeof *names);
    for (size_t i = 0; i < n; i++) {
        table_number(&t, tops[i].pct);
        table_integer(&t, (long long)tops[i].rows);
        table_number(&t, tops[i].responders);
        table_number(&t, tops[i].response_rate);
        table_number(&t, tops[i].lift);
        table_number(&t, tops[i].capture);
    }
    table_end(&t);
    free(tops);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct scored_set *set = scored_cli_read(&o.cli);
    const struct scored *s = &set->groups[0];
    if (s->npos == 0)
        die("%s: no responders: lift is undefined", set->name);
    if (!o.top && scored_rows(s) < o.groups)
        die("%s: %zu rows cannot make %zu groups", set->name, scored_rows(s), o.groups);
    struct out *out = out_open(o.cli.output);
    if (o.top)
        write_tops(s, o.top, o.ntop, o.json, out_fp(out));
    else
        write_lift(s, o.groups, o.json, out_fp(out));
    out_close(out);
    scored_free(set);
    free(o.top);
    return 0;
}
