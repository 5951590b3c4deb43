/* pm-metrics - how well a score ranks and predicts a 0/1 target: AUC, KS,
 * Brier, log loss and the top X%, as JSON (or TSV), overall or by group. */
#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
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
    "      --digits N            round numbers to N significant digits, for reading\n"
    "      --max-line BYTES      the longest line read (64M; K, M and G as suffixes)\n"
    "  -m, --model MODEL         the target and positive label of MODEL (pm-fit)\n"
    "      --na LIST             more spellings of a missing value (NA,NaN,null)\n"
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
    while ((c = getopt_long(argc, argv, "m:o:y:", longopts, NULL)) != -1) {
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

/*
 * The figures of a group, each listed once: its TSV column, and its JSON key
 * (the column's name without "top_" inside the "top" object).  JSON takes
 * them in this order, each interval beside its figure; TSV takes the
 * figures, then ci_level and the intervals (with --ci).
 */
enum field_type { FIELD_COUNT, FIELD_NUMBER };

struct field {
    const char *column;
    bool top;      /* in the top X% object */
    bool interval; /* with --ci only: in struct intervals */
    enum field_type type;
    size_t offset; /* in struct rank_summary, or struct intervals */
};

#define FIGURE(column, top, type, member)                                                          \
    {                                                                                              \
        column, top, false, type, offsetof(struct rank_summary, member)                            \
    }
#define BOUND(column, top, member)                                                                 \
    {                                                                                              \
        column, top, true, FIELD_NUMBER, offsetof(struct intervals, member)                        \
    }

static const struct field fields[] = {
    FIGURE("rows", false, FIELD_COUNT, rows),
    FIGURE("positives", false, FIELD_COUNT, positives),
    FIGURE("base_rate", false, FIELD_NUMBER, base_rate),
    BOUND("base_rate_lower", false, base_rate.lower),
    BOUND("base_rate_upper", false, base_rate.upper),
    FIGURE("auc", false, FIELD_NUMBER, auc),
    BOUND("auc_se", false, auc.se),
    BOUND("auc_lower", false, auc_ci.lower),
    BOUND("auc_upper", false, auc_ci.upper),
    FIGURE("ks", false, FIELD_NUMBER, ks.ks),
    FIGURE("ks_score", false, FIELD_NUMBER, ks.score),
    FIGURE("brier", false, FIELD_NUMBER, brier),
    FIGURE("log_loss", false, FIELD_NUMBER, log_loss),
    FIGURE("top_pct", true, FIELD_NUMBER, top.pct),
    FIGURE("top_rows", true, FIELD_COUNT, top.rows),
    FIGURE("top_responders", true, FIELD_NUMBER, top.responders),
    FIGURE("top_response_rate", true, FIELD_NUMBER, top.response_rate),
    BOUND("top_response_rate_lower", true, top.lower),
    BOUND("top_response_rate_upper", true, top.upper),
    FIGURE("top_lift", true, FIELD_NUMBER, top.lift),
};
#define NFIELDS (sizeof fields / sizeof *fields)

static const void *field_at(const struct field *f, const struct rank_summary *m,
                            const struct intervals *ci)
{
    return (const char *)(f->interval ? (const void *)ci : (const void *)m) + f->offset;
}

static void json_field(struct jw *w, const struct field *f, const struct rank_summary *m,
                       const struct intervals *ci)
{
    const char *key = f->top ? f->column + strlen("top_") : f->column;
    const void *v = field_at(f, m, ci);
    if (f->type == FIELD_COUNT)
        jw_put_integer(w, key, (long long)*(const uint64_t *)v);
    else
        jw_put_number(w, key, *(const double *)v);
}

static void write_json(struct jw *w, const struct rank_summary *m, const struct intervals *ci)
{
    jw_object_begin(w);
    bool in_top = false;
    for (size_t i = 0; i < NFIELDS; i++) {
        const struct field *f = &fields[i];
        if (f->interval && !ci)
            continue;
        if (f->top && !in_top) {
            jw_key(w, "top");
            jw_object_begin(w);
            in_top = true;
        }
        json_field(w, f, m, ci);
    }
    jw_object_end(w);
    if (ci)
        jw_put_number(w, "ci_level", ci->level);
    jw_object_end(w);
}

static void table_field(struct table *t, const struct field *f, const struct rank_summary *m,
                        const struct intervals *ci)
{
    const void *v = field_at(f, m, ci);
    if (f->type == FIELD_COUNT)
        table_integer(t, (long long)*(const uint64_t *)v);
    else
        table_number(t, *(const double *)v);
}

static void write_row(struct table *t, const char *key, const struct rank_summary *m,
                      const struct intervals *ci)
{
    if (key)
        table_string(t, key);
    for (size_t i = 0; i < NFIELDS; i++)
        if (!fields[i].interval)
            table_field(t, &fields[i], m, ci);
    if (!ci)
        return;
    table_number(t, ci->level);
    for (size_t i = 0; i < NFIELDS; i++)
        if (fields[i].interval)
            table_field(t, &fields[i], m, ci);
}

/* The TSV header: the group column (by), the figures, ci_level and the
 * intervals (ci); n set. */
static void column_names(const char *by, bool ci, const char **names, size_t *n)
{
    *n = 0;
    if (by)
        names[(*n)++] = by;
    for (size_t i = 0; i < NFIELDS; i++)
        if (!fields[i].interval)
            names[(*n)++] = fields[i].column;
    if (!ci)
        return;
    names[(*n)++] = "ci_level";
    for (size_t i = 0; i < NFIELDS; i++)
        if (fields[i].interval)
            names[(*n)++] = fields[i].column;
}

static void report(const struct scored_set *set, const struct options *o, FILE *fp)
{
    const char *names[NFIELDS + 2];
    size_t ncols;
    column_names(o->cli.scored.by, o->level != 0, names, &ncols);
    bool by = o->cli.scored.by != NULL;
    struct table t;
    struct jw w;
    if (o->tsv)
        table_begin(&t, fp, false, names, ncols);
    table_digits(&t, o->cli.digits);
    jw_init(&w, fp, 2);
    w.digits = o->cli.digits;
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
    struct tsv_reader *r = tsv_open(
        o->cli.input,
        &(struct tsv_options){.format = o->cli.format, .na = o->cli.na, .nna = o->cli.nna});
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
        table_digits(&t, o->cli.digits);
        table_string(&t, so->score);
        table_string(&t, o->compare);
        table_integer(&t, (long long)(rows.pos.n + rows.neg.n));
        table_integer(&t, (long long)rows.pos.n);
        for (size_t i = 0; i < nv; i++)
            table_number(&t, v[i]);
        table_end(&t);
    } else {
        jw_init(&w, fp, 2);
        w.digits = o->cli.digits;
        jw_object_begin(&w);
        jw_put_string(&w, "score", so->score);
        jw_put_string(&w, "compare", o->compare);
        jw_put_integer(&w, "rows", (long long)(rows.pos.n + rows.neg.n));
        jw_put_integer(&w, "positives", (long long)rows.pos.n);
        for (size_t i = 0; i < nv; i++)
            jw_put_number(&w, names[i + 4], v[i]);
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
        scored_cli_free(&o.cli);
        return 0;
    }
    struct scored_set *set = scored_cli_read(&o.cli);
    struct out *out = out_open(o.cli.output);
    report(set, &o, out_fp(out));
    out_close(out);
    scored_free(set);
    scored_cli_free(&o.cli);
    return 0;
}
