/* pm-predict - score each row of a table with a model from pm-fit, with its reasons if asked. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "cli.h"
#include "columns.h"
#include "err.h"
#include "model.h"
#include "num.h"
#include "out.h"
#include "reasons.h"
#include "score.h"
#include "treebatch.h"
#include "tsv.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-predict -m MODEL [OPTION]... [FILE]\n"
    "Read rows (TSV, or CSV) from FILE or stdin and write each with a column\n"
    "appended: its score, the model's probability that the target is positive.\n"
    "\n"
    "  -m, --model FILE       the model, from pm-fit (required)\n"
    "  -k, --keep LIST        write only these input columns before the score\n"
    "  -n, --name NAME        name of the score column (score)\n"
    "      --impute-mean      score a missing numeric value at the training mean\n"
    "      --reasons K        append the K terms that raise the score most:\n"
    "                         reason_1 reason_1_logit ... (contributions to the logit)\n"
    "      --reasons-by HOW   value (largest first, the default) or abs (|contribution|)\n"
    "      --reasons-text     write a line per row for a person instead of TSV:\n"
    "                         the --keep columns, the score, the reasons (3 by default)\n"
    "      --digits N         round the scores and contributions to N significant\n"
    "                         digits, for reading (0: exact, the default)\n"
    "      --csv              read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES   the longest line read (64M; K, M and G as suffixes)\n"
    "      --na LIST          more spellings of a missing value (NA,NaN,null)\n"
    "  -o, --output FILE      write to FILE (complete or not at all)\n"
    "      --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "A level unseen in training scores as the reference level (a tree model: as a\n"
    "missing value); such rows are counted on stderr. See pm-predict(1).\n";

struct options {
    const char *model;
    char **keep;
    size_t nkeep;
    const char *name;
    bool impute_mean;
    long long reasons; /* 0: none */
    enum reasons_order reasons_by;
    bool text;
    int digits; /* --digits: 0 exact */
    enum tsv_format format;
    size_t max_line;
    char **na; /* --na */
    size_t nna;
    const char *output;
    const char *input;
};

static struct options parse_options(int argc, char **argv)
{
    enum { CSV = 256, DIGITS, IMPUTE_MEAN, MAX_LINE, NA, REASONS, REASONS_BY, REASONS_TEXT };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, CSV},
        {"digits", required_argument, NULL, DIGITS},
        {"help", no_argument, NULL, 'h'},
        {"impute-mean", no_argument, NULL, IMPUTE_MEAN},
        {"keep", required_argument, NULL, 'k'},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"na", required_argument, NULL, NA},
        {"model", required_argument, NULL, 'm'},
        {"name", required_argument, NULL, 'n'},
        {"output", required_argument, NULL, 'o'},
        {"reasons", required_argument, NULL, REASONS},
        {"reasons-by", required_argument, NULL, REASONS_BY},
        {"reasons-text", no_argument, NULL, REASONS_TEXT},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct options o = {.name = "score", .format = TSV_FORMAT_AUTO};
    bool by_given = false;
    int c;
    while ((c = getopt_long(argc, argv, "k:m:n:o:", longopts, NULL)) != -1) {
        switch (c) {
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case DIGITS:
            o.digits = num_digits_arg(optarg);
            break;
        case 'h':
            cli_help(usage);
        case IMPUTE_MEAN:
            o.impute_mean = true;
            break;
        case 'k':
            columns_list_set(&o.keep, &o.nkeep, "--keep", optarg);
            break;
        case 'm':
            o.model = optarg;
            break;
        case 'n':
            if (!*optarg || strpbrk(optarg, "\t\n\r"))
                die_usage("option '--name': '%s' cannot be a column name", optarg);
            o.name = optarg;
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
        case REASONS:
            o.reasons = cli_integer("--reasons", optarg, 1, 100000);
            break;
        case REASONS_BY:
            if (strcmp(optarg, "value") != 0 && strcmp(optarg, "abs") != 0)
                die_usage("option '--reasons-by': '%s' is neither 'value' nor 'abs'", optarg);
            o.reasons_by = strcmp(optarg, "abs") == 0 ? REASONS_BY_ABS : REASONS_BY_VALUE;
            by_given = true;
            break;
        case REASONS_TEXT:
            o.text = true;
            break;
        case 'V':
            cli_version();
        default:
            cli_bad_option();
        }
    }
    if (!o.model)
        die_usage("no model: give one with -m MODEL");
    if (cli_list_has(o.keep, o.nkeep, o.name))
        die_usage("--keep names '%s', the score's own column: name the score with --name", o.name);
    if (o.text && o.digits)
        die_usage("--reasons-text writes scores with 3 decimals: --digits is for the TSV");
    if (o.text && !o.reasons)
        o.reasons = 3;
    if (by_given && !o.reasons)
        die_usage("option '--reasons-by' needs --reasons K");
    o.input = cli_file_operand(argc, argv, optind);
    return o;
}

/* The score's name must not be one of the output's columns (--keep's are
 * checked with the options). */
static bool clashes(const struct options *o, const struct tsv_reader *r)
{
    return !o->keep && tsv_find(r, o->name) >= 0;
}

/* The input columns to write: --keep's, or all (NULL). */
static size_t *kept_columns(const struct options *o, const struct tsv_reader *r)
{
    if (!o->text && clashes(o, r))
        die("%s: already has a column '%s'; name the score with --name", tsv_name(r), o->name);
    if (!o->keep)
        return NULL;
    return columns_find(r, o->keep, o->nkeep);
}

/* The kept fields, each followed by sep. */
static void write_kept(const struct tsv_reader *r, const size_t *cols, size_t n, FILE *fp,
                       bool header, const char *sep)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = header ? tsv_header(r, cols[i]) : tsv_get(r, cols[i]);
        fwrite_unlocked(s, 1, header ? strlen(s) : tsv_len(r, cols[i]), fp);
        fputs(sep, fp);
    }
}

/* The input columns of the current row (or the header), then a TAB; in
 * text, the --keep columns, each followed by two spaces. */
static void write_input(const struct options *o, struct tsv_reader *r, const size_t *cols, FILE *fp,
                        bool header)
{
    if (o->text) {
        write_kept(r, cols, cols ? o->nkeep : 0, fp, header, "  ");
    } else if (cols) {
        write_kept(r, cols, o->nkeep, fp, header, "\t");
    } else {
        if (header)
            tsv_write_header(r, fp);
        else
            tsv_write_row(r, fp);
        putc_unlocked('\t', fp);
    }
}

/* The score, the reasons (when asked) and the line end. */
static void write_end(const struct options *o, struct reasons *rs, double score,
                      const char *const *values, const double *contrib, FILE *fp)
{
    char buf[NUM_BUFSZ];
    if (o->text)
        fprintf(fp, "%.3f", score);
    else
        fwrite_unlocked(buf, 1, num_format(num_round(score, o->digits), buf), fp);
    if (o->reasons) {
        reasons_rank(rs, contrib);
        if (o->text) {
            if (rs->ntop)
                fputs("  ", fp);
            reasons_write_text(rs, values, contrib, fp);
        } else {
            reasons_write_tsv(rs, values, contrib, fp);
        }
    }
    putc_unlocked('\n', fp);
}

/* The row's text of each of the model's features, for its reasons. */
static void row_values(const struct scorer *s, const struct model *m, const struct tsv_reader *r,
                       const char **values)
{
    char *const *field;
    const size_t *len;
    bool direct = tsv_fields(r, &field, &len);
    for (size_t j = 0; j < m->nf; j++)
        values[j] = direct ? field[scorer_column(s, j)] : tsv_get(r, scorer_column(s, j));
}

/* What a thread needs to score a block of rows (blocks.h) into a slot. */
struct lane {
    struct scorer *s;    /* a logistic model's, */
    struct treebatch *b; /* or a tree model's */
    struct reasons rs;
    double *terms;
    const char **values;
    FILE *out; /* a memory stream, rewound for each block */
    char *out_buf;
    size_t out_size;
};

struct lanes {
    const struct options *o;
    const struct model *m;
    const size_t *cols;
    struct scorer *s; /* the calling thread's, which the lanes' counts join */
    struct treebatch *b;
    struct out *out;
    FILE *fp;
    struct lane lane[BLOCKS_SLOTS];
};

struct emit_ctx {
    const struct options *o;
    struct reasons *rs;
    FILE *fp;
};

/* A scored row of a batch: its text, then the score and reasons. */
static void emit_row(void *ctx, const char *text, size_t len, double score,
                     const char *const *values, const double *contrib)
{
    struct emit_ctx *e = ctx;
    fwrite_unlocked(text, 1, len, e->fp);
    write_end(e->o, e->rs, score, values, contrib, e->fp);
}

/* A logistic model's row, on the thread of lane l; false off the plain path. */
static bool lane_logistic(const struct lanes *ls, struct lane *l, struct tsv_reader *r)
{
    const struct options *o = ls->o;
    double score;
    if (!scorer_try(l->s, r, o->reasons ? l->terms : NULL, &score))
        return false;
    if (o->reasons)
        row_values(l->s, ls->m, r, l->values);
    write_input(o, r, ls->cols, l->out, false);
    write_end(o, &l->rs, score, l->values, l->terms, l->out);
    return true;
}

static bool lane_block(void *ctx, size_t slot, struct tsv_reader *r)
{
    struct lanes *ls = ctx;
    struct lane *l = &ls->lane[slot];
    struct emit_ctx e = {ls->o, &l->rs, l->out};
    rewind(l->out);
    enum tsv_block_status st;
    while ((st = tsv_block_next(r)) == TSV_ROW) {
        if (l->s && !lane_logistic(ls, l, r))
            return false;
        if (l->b) {
            write_input(ls->o, r, ls->cols, treebatch_text(l->b), false);
            if (!treebatch_try_add(l->b, r, emit_row, &e))
                return false;
        }
    }
    if (l->b)
        treebatch_flush(l->b, emit_row, &e);
    return st == TSV_END;
}

static void lane_take(void *ctx, size_t slot, unsigned long lines_before)
{
    struct lanes *ls = ctx;
    struct lane *l = &ls->lane[slot];
    if (fflush(l->out) != 0)
        die("out of memory");
    fwrite_unlocked(l->out_buf, 1, (size_t)ftell(l->out), ls->fp);
    out_writeback(ls->out);
    if (l->s)
        scorer_merge(ls->s, l->s, lines_before);
    else
        treebatch_merge(ls->b, l->b, lines_before);
}

static void lane_init(struct lanes *ls, struct lane *l, const struct tsv_reader *r)
{
    const struct options *o = ls->o;
    const struct model *m = ls->m;
    if (ls->s)
        l->s = scorer_new(m, r, o->impute_mean);
    else
        l->b = treebatch_new(m, r, o->reasons > 0, true);
    reasons_init(&l->rs, m, (size_t)o->reasons, o->reasons_by);
    l->rs.digits = o->digits;
    l->terms = xreallocarray(NULL, m->nf ? m->nf : 1, sizeof *l->terms);
    l->values = xreallocarray(NULL, m->nf ? m->nf : 1, sizeof *l->values);
    l->out = open_memstream(&l->out_buf, &l->out_size);
    if (!l->out)
        die_errno("open_memstream");
}

static void lane_free(struct lane *l)
{
    scorer_free(l->s);
    treebatch_free(l->b);
    reasons_free(&l->rs);
    free(l->terms);
    free(l->values);
    fclose(l->out);
    free(l->out_buf);
}

/* The rows of a large file, scored on two threads (blocks.h); r is left
 * where the calling thread reads on. */
static void predict_blocks(const struct options *o, const struct model *m, struct tsv_reader *r,
                           const size_t *cols, struct scorer *s, struct treebatch *b,
                           struct out *out)
{
    struct lanes ls = {.o = o, .m = m, .cols = cols, .s = s, .b = b, .out = out, .fp = out_fp(out)};
    struct blocks_work w = {.process = lane_block, .take = lane_take, .ctx = &ls};
    if (!blocks_worth(r))
        return;
    for (size_t i = 0; i < BLOCKS_SLOTS; i++)
        lane_init(&ls, &ls.lane[i], r);
    blocks_run(r, &w);
    for (size_t i = 0; i < BLOCKS_SLOTS; i++)
        lane_free(&ls.lane[i]);
}

static void predict_logistic(const struct options *o, const struct model *m, struct tsv_reader *r,
                             const size_t *cols, struct reasons *rs, struct out *out)
{
    FILE *fp = out_fp(out);
    struct scorer *s = scorer_new(m, r, o->impute_mean);
    double *terms = xreallocarray(NULL, m->nf ? m->nf : 1, sizeof *terms);
    const char **values = xreallocarray(NULL, m->nf ? m->nf : 1, sizeof *values);
    predict_blocks(o, m, r, cols, s, NULL, out);
    while (tsv_next(r)) {
        double score = scorer_explain(s, r, o->reasons ? terms : NULL);
        if (o->reasons)
            row_values(s, m, r, values);
        write_input(o, r, cols, fp, false);
        write_end(o, rs, score, values, terms, fp);
    }
    scorer_report(s, tsv_name(r));
    scorer_free(s);
    free(terms);
    free(values);
}

static void predict_trees(const struct options *o, const struct model *m, struct tsv_reader *r,
                          const size_t *cols, struct reasons *rs, struct out *out)
{
    FILE *fp = out_fp(out);
    struct treebatch *b = treebatch_new(m, r, o->reasons > 0, false);
    struct emit_ctx e = {o, rs, fp};
    predict_blocks(o, m, r, cols, NULL, b, out);
    while (tsv_next(r)) {
        write_input(o, r, cols, treebatch_text(b), false);
        treebatch_add(b, r, emit_row, &e);
    }
    treebatch_flush(b, emit_row, &e);
    treebatch_report(b, tsv_name(r));
    treebatch_free(b);
}

static void predict(const struct options *o, const struct model *m, struct tsv_reader *r,
                    struct out *out)
{
    FILE *fp = out_fp(out);
    if (m->kind == MODEL_TREES && o->impute_mean)
        die_usage("option '--impute-mean' is for a logistic model; trees take a missing value "
                  "as it is");
    size_t *cols = kept_columns(o, r);
    struct reasons rs;
    reasons_init(&rs, m, (size_t)o->reasons, o->reasons_by);
    rs.digits = o->digits;
    if (!o->text) {
        write_input(o, r, cols, fp, true);
        fputs(o->name, fp);
        if (o->reasons)
            reasons_header(&rs, fp);
        putc('\n', fp);
    }
    if (m->kind == MODEL_TREES)
        predict_trees(o, m, r, cols, &rs, out);
    else
        predict_logistic(o, m, r, cols, &rs, out);
    reasons_free(&rs);
    free(cols);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct model *m = model_read(o.model);
    struct tsv_reader *r = tsv_open(
        o.input, &(struct tsv_options){
                     .format = o.format, .max_line = o.max_line, .na = o.na, .nna = o.nna});
    struct out *out = out_open(o.output);
    /* Kept in memory, not only in a register the error path may reuse, so
     * that a leak checker sees them still reachable when a bad input stops
     * the run from inside predict. */
    struct model *volatile held_model = m;
    struct tsv_reader *volatile held_reader = r;
    predict(&o, m, r, out);
    (void)held_model;
    (void)held_reader;
    out_close(out);
    tsv_close(r);
    model_free(m);
    cli_list_free(o.keep, o.nkeep);
    cli_list_free(o.na, o.nna);
    return 0;
}
