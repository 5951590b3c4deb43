/* pm-metrics - how well a score ranks and predicts a 0/1 target: AUC, KS,
 * Brier, log loss and the top X%, as JSON (or TSV), overall or by group. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "delong.h"
#include "interval.h"
#include "jw.h"
#include "out.h"
#include "rank.h"
#include "scored.h"
#include "scored_cli.h"
#include "table.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-metrics [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a score (TSV, or CSV) from FILE or stdin and write\n"
    "rows, positives, base_rate, auc, ks (and the score of its cut), brier, log_loss and\n"
    "the response rate and lift of the top X% of rows by score, as JSON.\n"
    "\n"
    "      --by COLUMN           the same for each value of COLUMN: a JSON object by value\n"
    "      --ci LEVEL            add intervals at LEVEL, 0 < LEVEL < 1 (0.95): DeLong's\n"
    "                            for the AUC (with its standard error), Wilson's for the\n"
    "                            base rate and the top X% response rate\n"
    "      --compare COLUMN      instead: the paired DeLong test of the AUC of the score\n"
    "                            against that of the score in COLUMN, on the same rows\n"
    "      --counts              read a counts table (pm-counts) instead of rows\n"
    "      --csv                 read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "      --positive LABEL      a target equal to LABEL is a responder, any other value not\n"
    "      --score COLUMN        the score column (score)\n"
    "  -y, --target COLUMN       the target column, 0 or 1 (response_flag)\n"
    "      --top X               the top X% of rows, 0 < X <= 100 (20)\n"
    "      --tsv                 write TSV: a header and one row (one per value with --by)\n"
    "  -o, --output FILE         write to FILE (complete or not at all)\n"
    "      --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "AUC and KS are null when one class is missing; brier and log_loss are null when a\n"
    "score is outside [0, 1]; a warning says so.  See pm-metrics(1).\n";

struct options {
    struct scored_cli cli;
    double top;
    double level;        /* 0: no intervals */
    const char *compare; /* NULL: the metrics */
    bool tsv;
};

static struct options parse_options(int argc, char **argv)
{
    enum { BY = 256, CI, COMPARE, TOP, TSV };
    static const struct option longopts[] = {
        {"by", required_argument, NULL, BY},
        {"ci", required_argument, NULL, CI},
        {"compare", required_argument, NULL, COMPARE},
        {"top", required_argument, NULL, TOP},
        {"tsv", no_argument, NULL, TSV},
        SCORED_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options o = {.top = 20};
    scored_cli_init(&o.cli);
    int c;
    while ((c = getopt_long(argc, argv, "o:y:", longopts, NULL)) != -1) {
        switch (c) {
        case BY:
            o.cli.scored.by = optarg;
            break;
        case CI:
            o.level = interval_level_arg("--ci", optarg);
            break;
        case COMPARE:
            o.compare = optarg;
            break;
        case TOP:
            o.top = scored_cli_pct("--top", optarg);
            break;
        case TSV:
            o.tsv = true;
            break;
        default:
            scored_cli_option(&o.cli, c, optarg, usage);
        }
    }
    scored_cli_operands(&o.cli, argc, argv, optind);
    o.cli.scored.json = !o.tsv;
    if (o.compare && (o.cli.scored.by || o.cli.scored.counts))
        die_usage("--compare needs the rows themselves: it does not mix with --by or --counts");
    if (o.compare && strcmp(o.compare, o.cli.scored.score) == 0)
        die_usage("--compare names the score column '%s' itself", o.compare);
    return o;
}

/* With --by, the groups whose figures were null so far: warnings about the
 * first MAX_GROUP_WARNINGS of each kind, then a count, so that a million
 * groups do not make a million lines. */
#define MAX_GROUP_WARNINGS 10
struct nulls {
    size_t one_class, outside, single;
};

/* Say on stderr what is null, and why. */
static void warn_nulls(const struct scored_set *set, const char *by, const struct scored *s,
                       bool ci, struct nulls *n)
{
    char q[ERR_QUOTE_SIZE], v[ERR_QUOTE_SIZE];
    if (ci && (s->npos == 1 || s->nneg == 1) && n->single++ < MAX_GROUP_WARNINGS) {
        const char *one = s->npos == 1 ? "responder" : "non-responder";
        if (by)
            warn("%s: %s '%s': one %s only: the auc's standard error and interval are null",
                 set->name, by, err_quote(q, s->key), one);
        else
            warn("%s: one %s only: the auc's standard error and interval are null", set->name, one);
    }
    if ((s->npos == 0 || s->nneg == 0) && n->one_class++ < MAX_GROUP_WARNINGS) {
        const char *missing = s->npos == 0 ? "responders" : "non-responders";
        if (by)
            warn("%s: %s '%s': no %s: auc and ks are null", set->name, by, err_quote(q, s->key),
                 missing);
        else
            warn("%s: no %s: auc and ks are null", set->name, missing);
    }
    if (s->outside_line && n->outside++ < MAX_GROUP_WARNINGS)
        warn("%s:%lu: column '%s': '%s' is outside [0, 1]: brier and log_loss are null", set->name,
             s->outside_line, set->score_name, err_quote(v, s->outside_text));
}

static void warn_more_nulls(const struct scored_set *set, const char *by, const struct nulls *n)
{
    if (n->one_class > MAX_GROUP_WARNINGS)
        warn("%s: %zu more values of %s with one class only: their auc and ks are null", set->name,
             n->one_class - MAX_GROUP_WARNINGS, by);
    if (n->outside > MAX_GROUP_WARNINGS)
        warn("%s: %zu more values of %s with a score outside [0, 1]: their brier and log_loss "
             "are null",
             set->name, n->outside - MAX_GROUP_WARNINGS, by);
    if (n->single > MAX_GROUP_WARNINGS)
        warn("%s: %zu more values of %s with one row of a class: their auc intervals are null",
             set->name, n->single - MAX_GROUP_WARNINGS, by);
}

/* The intervals of a group's figures at a level (with --ci). */
struct intervals {
    double level;
    struct delong auc;
    struct interval auc_ci, base_rate, top;
};

static void find_intervals(const struct scored *s, const struct rank_summary *m, double level,
                           struct intervals *ci)
{
    ci->level = level;
    delong_auc(s, &ci->auc);
    ci->auc_ci = delong_interval(&ci->auc, level);
    ci->base_rate = interval_wilson((double)m->positives, (double)m->rows, level);
    ci->top = interval_wilson(m->top.responders, (double)m->top.rows, level);
}

static void json_number(struct jw *w, const char *key, double v)
{
    jw_key(w, key);
    jw_number(w, v);
}

static void write_json(struct jw *w, const struct rank_summary *m, const struct intervals *ci)
{
    jw_object_begin(w);
    jw_key(w, "rows");
    jw_integer(w, (long long)m->rows);
    jw_key(w, "positives");
    jw_integer(w, (long long)m->positives);
    json_number(w, "base_rate", m->base_rate);
    if (ci) {
        json_number(w, "base_rate_lower", ci->base_rate.lower);
        json_number(w, "base_rate_upper", ci->base_rate.upper);
    }
    json_number(w, "auc", m->auc);
    if (ci) {
        json_number(w, "auc_se", ci->auc.se);
        json_number(w, "auc_lower", ci->auc_ci.lower);
        json_number(w, "auc_upper", ci->auc_ci.upper);
    }
    json_number(w, "ks", m->ks.ks);
    json_number(w, "ks_score", m->ks.score);
    json_number(w, "brier", m->brier);
    json_number(w, "log_loss", m->log_loss);
    jw_key(w, "top");
    jw_object_begin(w);
    json_number(w, "pct", m->top.pct);
    jw_key(w, "rows");
    jw_integer(w, (long long)m->top.rows);
    json_number(w, "responders", m->top.responders);
    json_number(w, "response_rate", m->top.response_rate);
    if (ci) {
        json_number(w, "response_rate_lower", ci->top.lower);
        json_number(w, "response_rate_upper", ci->top.upper);
    }
    json_number(w, "lift", m->top.lift);
    jw_object_end(w);
    if (ci)
        json_number(w, "ci_level", ci->level);
    jw_object_end(w);
}

static void write_row(struct table *t, const char *key, const struct rank_summary *m,
                      const struct intervals *ci)
{
    if (key)
        table_string(t, key);
    table_integer(t, (long long)m->rows);
    table_integer(t, (long long)m->positives);
    table_number(t, m->base_rate);
    table_number(t, m->auc);
    table_number(t, m->ks.ks);
    table_number(t, m->ks.score);
    table_number(t, m->brier);
    table_number(t, m->log_loss);
    table_number(t, m->top.pct);
    table_integer(t, (long long)m->top.rows);
    table_number(t, m->top.responders);
    table_number(t, m->top.response_rate);
    table_number(t, m->top.lift);
    if (!ci)
        return;
    table_number(t, ci->level);
    table_number(t, ci->base_rate.lower);
    table_number(t, ci->base_rate.upper);
    table_number(t, ci->auc.se);
    table_number(t, ci->auc_ci.lower);
    table_number(t, ci->auc_ci.upper);
    table_number(t, ci->top.lower);
    table_number(t, ci->top.upper);
}

static void report(const struct scored_set *set, const struct options *o, FILE *fp)
{
    const char *names[] = {o->cli.scored.by,
                           "rows",
                           "positives",
                           "base_rate",
                           "auc",
                           "ks",
                           "ks_score",
                           "brier",
                           "log_loss",
                           "top_pct",
                           "top_rows",
                           "top_responders",
                           "top_response_rate",
                           "top_lift",
                           "ci_level",
                           "base_rate_lower",
                           "base_rate_upper",
                           "auc_se",
                           "auc_lower",
                           "auc_upper",
                           "top_response_rate_lower",
                           "top_response_rate_upper"};
    bool by = o->cli.scored.by != NULL;
    size_t ncols = sizeof names / sizeof *names - (o->level ? 0 : 8);
    struct table t;
    struct jw w;
    if (o->tsv)
        table_begin(&t, fp, false, names + !by, ncols - !by);
    jw_init(&w, fp, 2);
    if (!o->tsv && by)
        jw_object_begin(&w);
    struct nulls nulls = {0};
    for (size_t i = 0; i < set->ngroups; i++) {
        const struct scored *s = &set->groups[i];
        struct rank_summary m;
        struct intervals ci, *cip = o->level ? &ci : NULL;
        rank_summarize(s, o->top, &m);
        if (cip)
            find_intervals(s, &m, o->level, cip);
        warn_nulls(set, o->cli.scored.by, s, cip != NULL, &nulls);
        if (o->tsv) {
            write_row(&t, s->key, &m, cip);
            continue;
        }
        if (by)
            jw_key(&w, s->key);
        write_json(&w, &m, cip);
    }
    warn_more_nulls(set, o->cli.scored.by, &nulls);
    if (o->tsv) {
        table_end(&t);
        return;
    }
    if (by)
        jw_object_end(&w);
    jw_finish(&w);
}

/* --compare: the paired test of the score against another of the same rows. */
static void compare(const struct options *o, FILE *fp)
{
    const struct scored_options *so = &o->cli.scored;
    struct tsv_reader *r = tsv_open(o->cli.input, &(struct tsv_options){.format = o->cli.format});
    struct delong_rows rows;
    delong_rows_read(r, &rows, so->target, so->positive, so->score, o->compare);
    if (rows.pos.n + rows.neg.n == 0)
        die("%s: no data rows", tsv_name(r));
    if (rows.pos.n < 2 || rows.neg.n < 2)
        warn("%s: fewer than two %s: the test is null", tsv_name(r),
             rows.pos.n < 2 ? "responders" : "non-responders");
    struct delong_paired d;
    delong_pair(&rows, &d);
    struct interval ci = {d.difference - interval_z(o->level) * d.se,
                          d.difference + interval_z(o->level) * d.se};
    static const char *const names[] = {"score",       "compare",    "rows", "positives", "auc",
                                        "compare_auc", "difference", "se",   "z",         "p",
                                        "ci_level",    "lower",      "upper"};
    double v[] = {d.auc_a, d.auc_b, d.difference, d.se, d.z, d.p, o->level, ci.lower, ci.upper};
    size_t nv = sizeof v / sizeof *v - (o->level ? 0 : 3);
    struct table t;
    struct jw w;
    if (o->tsv) {
        table_begin(&t, fp, false, names, nv + 4);
        table_string(&t, so->score);
        table_string(&t, o->compare);
        table_integer(&t, (long long)(rows.pos.n + rows.neg.n));
        table_integer(&t, (long long)rows.pos.n);
        for (size_t i = 0; i < nv; i++)
            table_number(&t, v[i]);
        table_end(&t);
    } else {
        jw_init(&w, fp, 2);
        jw_object_begin(&w);
        jw_key(&w, "score");
        jw_string(&w, so->score);
        jw_key(&w, "compare");
        jw_string(&w, o->compare);
        jw_key(&w, "rows");
        jw_integer(&w, (long long)(rows.pos.n + rows.neg.n));
        jw_key(&w, "positives");
        jw_integer(&w, (long long)rows.pos.n);
        for (size_t i = 0; i < nv; i++)
            json_number(&w, names[i + 4], v[i]);
        jw_object_end(&w);
        jw_finish(&w);
    }
    delong_rows_free(&rows);
    tsv_close(r);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    if (o.compare) {
        struct out *out = out_open(o.cli.output);
        compare(&o, out_fp(out));
        out_close(out);
        return 0;
    }
    struct scored_set *set = scored_cli_read(&o.cli);
    struct out *out = out_open(o.cli.output);
    report(set, &o, out_fp(out));
    out_close(out);
    scored_free(set);
    return 0;
}
