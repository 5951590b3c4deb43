/* pm-lift - the lift and gains table of a score by groups of ranked rows, or
 * the response rate and lift of the top X%. */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "interval.h"
#include "out.h"
#include "rank.h"
#include "scored.h"
#include "scored_cli.h"
#include "table.h"
#include "tsv.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-lift [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a score (TSV, or CSV) from FILE or stdin, rank them\n"
    "by score, highest first, and write the lift and gains table: for each of N groups\n"
    "of equal rows, its responders, response rate and lift, and the same cumulated.\n"
    "\n"
    "      --ci LEVEL            add Wilson's interval of each response rate at LEVEL,\n"
    "                            0 < LEVEL < 1 (0.95)\n"
    "      --counts              read a counts table (pm-counts) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --digits N            round numbers to N significant digits, for reading\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -m, --model MODEL         the target and positive label of MODEL (pm-fit)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
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
    double level; /* 0: no intervals */
    bool json;
};

static double *percent_list(const char *opt, const char *arg, size_t *n)
{
    char **items = cli_list(opt, arg, n);
    double *pct = xmalloc(*n * sizeof *pct);
    for (size_t i = 0; i < *n; i++)
        pct[i] = scored_cli_pct(opt, items[i]);
    cli_list_free(items, *n);
    return pct;
}

static struct options parse_options(int argc, char **argv)
{
    enum { CI = 256, JSON, TOP };
    static const struct option longopts[] = {
        {"ci", required_argument, NULL, CI},
        {"groups", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, JSON},
        {"top", required_argument, NULL, TOP},
        SCORED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options o = {.groups = 10};
    scored_cli_init(&o.cli);
    int c;
    while ((c = getopt_long(argc, argv, "g:m:o:y:", longopts, NULL)) != -1) {
        switch (c) {
        case 'g':
            o.groups = (size_t)cli_integer("-g", optarg, 1, 1000000000);
            break;
        case CI:
            o.level = interval_level_arg("--ci", optarg);
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

/* A table being written, and the level of its intervals (0: none). */
struct lift_out {
    struct table t;
    double level;
};

/* The interval columns after the others. */
static void write_wilson(struct lift_out *lo, double responders, uint64_t rows)
{
    if (!lo->level)
        return;
    struct interval ci = interval_wilson(responders, (double)rows, lo->level);
    table_number(&lo->t, ci.lower);
    table_number(&lo->t, ci.upper);
}

static void write_lift_row(void *ctx, const struct rank_lift_row *r)
{
    struct lift_out *lo = ctx;
    struct table *t = &lo->t;
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
    write_wilson(lo, r->responders, r->rows);
}

static void write_lift(const struct scored *s, const struct options *o, FILE *fp)
{
    static const char *const names[] = {"group",
                                        "rows",
                                        "min_score",
                                        "max_score",
                                        "responders",
                                        "response_rate",
                                        "lift",
                                        "cum_rows",
                                        "cum_responders",
                                        "cum_response_rate",
                                        "cum_lift",
                                        "cum_capture",
                                        "response_rate_lower",
                                        "response_rate_upper"};
    struct lift_out lo = {.level = o->level};
    table_begin(&lo.t, fp, o->json, names, sizeof names / sizeof *names - (o->level ? 0 : 2));
    table_digits(&lo.t, o->cli.digits);
    rank_lift(s, o->groups, write_lift_row, &lo);
    table_end(&lo.t);
}

static void write_tops(const struct scored *s, const struct options *o, FILE *fp)
{
    static const char *const names[] = {
        "pct",  "rows",    "responders",          "response_rate",
        "lift", "capture", "response_rate_lower", "response_rate_upper"};
    struct rank_top *tops = xmalloc(o->ntop * sizeof *tops);
    rank_tops(s, o->top, o->ntop, tops);
    struct lift_out lo = {.level = o->level};
    table_begin(&lo.t, fp, o->json, names, sizeof names / sizeof *names - (o->level ? 0 : 2));
    table_digits(&lo.t, o->cli.digits);
    for (size_t i = 0; i < o->ntop; i++) {
        table_number(&lo.t, tops[i].pct);
        table_integer(&lo.t, (long long)tops[i].rows);
        table_number(&lo.t, tops[i].responders);
        table_number(&lo.t, tops[i].response_rate);
        table_number(&lo.t, tops[i].lift);
        table_number(&lo.t, tops[i].capture);
        write_wilson(&lo, tops[i].responders, tops[i].rows);
    }
    table_end(&lo.t);
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
        write_tops(s, &o, out_fp(out));
    else
        write_lift(s, &o, out_fp(out));
    out_close(out);
    scored_free(set);
    free(o.top);
    scored_cli_free(&o.cli);
    return 0;
}
