/* pm-target - whom to contact: the cut of scored rows that earns the most
 * expected profit within a budget or a capacity, its profit curve, and the
 * contact list. */
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "jw.h"
#include "out.h"
#include "reread.h"
#include "scored.h"
#include "scored_cli.h"
#include "table.h"
#include "target.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-target --value V --cost C [OPTION]... [FILE]\n"
    "Read scored rows (TSV, or CSV) from FILE or stdin and find the cut that maximises\n"
    "the expected profit V * (sum of the scores contacted) - C * contacts - F: contact\n"
    "every row scoring at least the threshold, tied scores all or none.  Write the\n"
    "threshold, contacts, expected responders and profit, ROI and the break-even score\n"
    "C / V as JSON; where the target column is there, the realised figures beside them.\n"
    "\n"
    "      --budget B            spend at most B: C * contacts + F <= B\n"
    "      --capacity N          contact at most N rows\n"
    "      --cost C              the cost of one contact, C >= 0 (needed)\n"
    "      --counts              read a counts table (pm-counts) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --cuts                with --table: a row for every cut, not every percent\n"
    "      --fixed-cost F        the campaign's fixed cost, F >= 0 (0)\n"
    "      --digits N            round numbers to N significant digits, for reading\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -m, --model MODEL         the target and positive label of MODEL (pm-fit)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
    "      --mark NAME           instead: every row with a column NAME, 1 for a row to\n"
    "                            contact and 0 for the others (the contact list)\n"
    "      --positive LABEL      a target equal to LABEL is a responder, any other value not\n"
    "      --score COLUMN        the score column (score)\n"
    "      --table               instead: the profit curve, the top 1%, 2%, ... 100%\n"
    "  -y, --target COLUMN       the target column, 0 or 1 (response_flag; optional)\n"
    "      --tsv                 write TSV: a header and one row\n"
    "      --value V             what one responder is worth, V > 0 (needed)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Expected figures take the scores as calibrated probabilities.  See pm-target(1).\n";

struct options {
    struct scored_cli cli;
    struct target_economics e;
    const char *value, *cost, *fixed, *budget; /* as given, for messages */
    const char *mark;                          /* NULL: no contact list */
    bool target_named, table, cuts, tsv;
};

/* An amount of money: a finite number, at least 0 (above 0 if positive). */
static double amount(const char *opt, const char *arg, bool positive)
{
    double x = cli_double(opt, arg);
    if (positive ? !(x > 0) : !(x >= 0))
        die_usage("option '%s': '%s' is not %s amount", opt, arg,
                  positive ? "a positive" : "a zero or positive");
    return x;
}

/* What the options say together. */
static void check_options(const struct options *o)
{
    if (!o->value || !o->cost)
        die_usage("--value and --cost are needed: what a responder is worth, what a contact costs");
    if (o->e.cost + o->e.fixed > o->e.budget)
        die_usage("option '--budget': '%s' does not pay for one contact (--cost %s%s%s)", o->budget,
                  o->cost, o->fixed ? ", --fixed-cost " : "", o->fixed ? o->fixed : "");
    if (o->cuts && !o->table)
        die_usage("--cuts is an option of --table");
    if (o->mark && o->table)
        die_usage("--mark and --table write different things: give one of them");
    if (o->mark && o->cli.scored.counts)
        die_usage("--mark writes the rows with their mark: it needs rows, not counts");
}

static struct options parse_options(int argc, char **argv)
{
    enum { BUDGET = 256, CAPACITY, COST, CUTS, FIXED, MARK, TABLE, TSV, VALUE };
    static const struct option longopts[] = {
        {"budget", required_argument, NULL, BUDGET},
        {"capacity", required_argument, NULL, CAPACITY},
        {"cost", required_argument, NULL, COST},
        {"cuts", no_argument, NULL, CUTS},
        {"fixed-cost", required_argument, NULL, FIXED},
        {"mark", required_argument, NULL, MARK},
        {"table", no_argument, NULL, TABLE},
        {"tsv", no_argument, NULL, TSV},
        {"value", required_argument, NULL, VALUE},
        SCORED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options o = {.e = {.budget = INFINITY, .capacity = UINT64_MAX}};
    scored_cli_init(&o.cli);
    int c;
    while ((c = getopt_long(argc, argv, "m:o:y:", longopts, NULL)) != -1) {
        switch (c) {
        case BUDGET:
            o.e.budget = amount("--budget", o.budget = optarg, false);
            break;
        case CAPACITY:
            o.e.capacity = (uint64_t)cli_integer("--capacity", optarg, 1, INT64_MAX);
            break;
        case COST:
            o.e.cost = amount("--cost", o.cost = optarg, false);
            break;
        case CUTS:
            o.cuts = true;
            break;
        case FIXED:
            o.e.fixed = amount("--fixed-cost", o.fixed = optarg, false);
            break;
        case MARK:
            o.mark = optarg;
            break;
        case TABLE:
            o.table = true;
            break;
        case TSV:
            o.tsv = true;
            break;
        case VALUE:
            o.e.value = amount("--value", o.value = optarg, true);
            break;
        case 'y':
            o.target_named = true;
        /* fall through */
        default:
            scored_cli_option(&o.cli, c, optarg, usage);
        }
    }
    scored_cli_operands(&o.cli, argc, argv, optind);
    check_options(&o);
    return o;
}

/* The scored rows; *with_target whether the target is known. */
/* The scored rows (with --mark read so that they can be read again). */
static struct scored_set *read_input(const struct options *o, struct reread *input,
                                     bool *with_target)
{
    if (o->cli.scored.counts) {
        *with_target = true;
        return scored_cli_read(&o->cli);
    }
    struct tsv_options topts = scored_cli_table(&o->cli);
    struct tsv_reader *r =
        o->mark ? reread_first(input, o->cli.input, &topts) : tsv_open(o->cli.input, &topts);
    if (o->target_named)
        tsv_column(r, o->cli.scored.target); /* named, so it must be there */
    struct scored_set *set = target_read(r, &o->cli.scored, with_target);
    tsv_close(r);
    scored_require_rows(set);
    return set;
}

/* Expected figures assume calibrated scores: say so when the responders
 * are more than three standard errors from what the scores expect. */
static void check_calibration(const struct scored_set *set)
{
    double z = target_calibration_z(&set->groups[0]);
    if (fabs(z) > 3)
        warn("%s: the responders are %.1f standard errors from what the scores expect: the "
             "expected figures assume calibrated scores",
             set->name, z);
}

/* The best cut's figures, in this order (the realised ones with a target). */
static const char *const best_names[] = {"rows",
                                         "threshold",
                                         "contacts",
                                         "share",
                                         "expected_responders",
                                         "expected_profit",
                                         "roi",
                                         "break_even_score",
                                         "responders",
                                         "realised_profit",
                                         "lift"};
/* The curve's. */
static const char *const curve_names[] = {
    "pct",        "contacts",        "threshold", "expected_responders", "expected_profit", "roi",
    "responders", "realised_profit", "lift"};

static void write_best(const struct options *o, const struct scored *s, bool with_target, FILE *fp)
{
    struct target_cut c;
    target_best(s, &o->e, &c);
    double v[] = {(double)scored_rows(s),
                  c.threshold,
                  (double)c.contacts,
                  c.share,
                  c.expected_responders,
                  c.expected_profit,
                  c.roi,
                  o->e.cost / o->e.value,
                  c.responders,
                  c.realised_profit,
                  c.lift};
    size_t n = with_target ? 11 : 8;
    if (o->tsv) {
        struct table t;
        table_begin(&t, fp, false, best_names, n);
        table_digits(&t, o->cli.digits);
        for (size_t i = 0; i < n; i++)
            table_number(&t, v[i]);
        table_end(&t);
        return;
    }
    struct jw w;
    jw_init(&w, fp, 2);
    w.digits = o->cli.digits;
    jw_object_begin(&w);
    for (size_t i = 0; i < n; i++) {
        jw_put_number(&w, best_names[i], v[i]);
    }
    jw_object_end(&w);
    jw_finish(&w);
}

struct curve {
    struct table t;
    size_t ncols;
};

static void write_point(void *ctx, const struct target_cut *c)
{
    struct curve *cv = ctx;
    double v[] = {c->pct,
                  (double)c->contacts,
                  c->threshold,
                  c->expected_responders,
                  c->expected_profit,
                  c->roi,
                  c->responders,
                  c->realised_profit,
                  c->lift};
    for (size_t i = 0; i < cv->ncols; i++)
        table_number(&cv->t, v[i]);
}

static void write_curve(const struct options *o, const struct scored *s, bool with_target, FILE *fp)
{
    struct curve cv = {.ncols = with_target ? 9 : 6};
    table_begin(&cv.t, fp, !o->tsv, curve_names, cv.ncols);
    table_digits(&cv.t, o->cli.digits);
    target_curve(s, &o->e, o->cuts, write_point, &cv);
    table_end(&cv.t);
}

static void write_marks(const struct options *o, const struct scored *s, struct reread *input,
                        FILE *fp)
{
    struct target_cut c;
    target_best(s, &o->e, &c);
    struct tsv_reader *r = reread_second(input);
    target_mark(r, o->cli.scored.score, c.threshold, o->mark, fp);
    tsv_close(r);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    bool with_target;
    struct reread input;
    struct scored_set *set = read_input(&o, &input, &with_target);
    const struct scored *s = &set->groups[0];
    scored_require_probabilities(set, s, "expected responders need probabilities");
    if (with_target)
        check_calibration(set);
    struct out *out = out_open(o.cli.output);
    if (o.mark)
        write_marks(&o, s, &input, out_fp(out));
    else if (o.table)
        write_curve(&o, s, with_target, out_fp(out));
    else
        write_best(&o, s, with_target, out_fp(out));
    out_close(out);
    scored_free(set);
    scored_cli_free(&o.cli);
    return 0;
}
