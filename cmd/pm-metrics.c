/* pm-metrics - how well a score ranks and predicts a 0/1 target: AUC, KS,
 * Brier, log loss and the top X%, as JSON (or TSV), overall or by group. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "jw.h"
#include "out.h"
#include "rank.h"
#include "scored.h"
#include "table.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-metrics [OPTION]... [FILE]\n"
    "Read rows with a 0/1 target and a score (TSV, or CSV) from FILE or stdin and write\n"
    "rows, positives, base_rate, auc, ks (and the score of its cut), brier, log_loss and\n"
    "the response rate and lift of the top X% of rows by score, as JSON.\n"
    "\n"
    "      --by COLUMN           the same for each value of COLUMN: a JSON object by value\n"
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
    bool tsv;
};

static struct options parse_options(int argc, char **argv)
{
    enum { BY = 256, TOP, TSV };
    static const struct option longopts[] = {
        {"by", required_argument, NULL, BY},
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
        case TOP:
            o.top = rank_pct_arg("--top", optarg);
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
    return o;
}

/* With --by, the groups whose figures were null so far: warnings about the
 * first MAX_GROUP_WARNINGS of each kind, then a count, so that a million
 * groups do not make a million lines. */
#define MAX_GROUP_WARNINGS 10
struct nulls {
    size_t one_class, outside;
};

/* Say on stderr what is null, and why. */
static void warn_nulls(const struct scored_set *set, const char *by, const struct scored *s,
                       struct nulls *n)
{
    char q[ERR_QUOTE_SIZE], v[ERR_QUOTE_SIZE];
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
}

static void write_json(struct jw *w, const struct rank_summary *m)
{
    jw_object_begin(w);
    jw_key(w, "rows");
    jw_integer(w, (long long)m->rows);
    jw_key(w, "positives");
    jw_integer(w, (long long)m->positives);
    jw_key(w, "base_rate");
    jw_number(w, m->base_rate);
    jw_key(w, "auc");
    jw_number(w, m->auc);
    jw_key(w, "ks");
    jw_number(w, m->ks.ks);
    jw_key(w, "ks_score");
    jw_number(w, m->ks.score);
    jw_key(w, "brier");
    jw_number(w, m->brier);
    jw_key(w, "log_loss");
    jw_number(w, m->log_loss);
    jw_key(w, "top");
    jw_object_begin(w);
    jw_key(w, "pct");
    jw_number(w, m->top.pct);
    jw_key(w, "rows");
    jw_integer(w, (long long)m->top.rows);
    jw_key(w, "responders");
    jw_number(w, m->top.responders);
    jw_key(w, "response_rate");
    jw_number(w, m->top.response_rate);
    jw_key(w, "lift");
    jw_number(w, m->top.lift);
    jw_object_end(w);
    jw_object_end(w);
}

static void write_row(struct table *t, const char *key, const struct rank_summary *m)
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
}

static void report(const struct scored_set *set, const struct options *o, FILE *fp)
{
    const char *names[] = {
        o->cli.scored.by,    "rows",    "positives", "base_rate", "auc",      "ks",
        "ks_score",          "brier",   "log_loss",  "top_pct",   "top_rows", "top_responders",
        "top_response_rate", "top_lift"};
    bool by = o->cli.scored.by != NULL;
    struct table t;
    struct jw w;
    if (o->tsv)
        table_begin(&t, fp, false, names + !by, sizeof names / sizeof *names - !by);
    jw_init(&w, fp, 2);
    if (!o->tsv && by)
        jw_object_begin(&w);
    struct nulls nulls = {0};
    for (size_t i = 0; i < set->ngroups; i++) {
        const struct scored *s = &set->groups[i];
        struct rank_summary m;
        rank_summarize(s, o->top, &m);
        warn_nulls(set, o->cli.scored.by, s, &nulls);
        if (o->tsv) {
            write_row(&t, s->key, &m);
            continue;
        }
        if (by)
            jw_key(&w, s->key);
        write_json(&w, &m);
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

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct scored_set *set = scored_cli_read(&o.cli);
    struct out *out = out_open(o.cli.output);
    report(set, &o, out_fp(out));
    out_close(out);
    scored_free(set);
    return 0;
}
