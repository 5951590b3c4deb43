/* pm-predict - score each row of a table with a model from pm-fit. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model.h"
#include "num.h"
#include "out.h"
#include "score.h"
#include "treerows.h"
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
    "      --csv              read CSV (the default for a FILE ending in .csv)\n"
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
    enum tsv_format format;
    const char *output;
    const char *input;
};

static struct options parse_options(int argc, char **argv)
{
    enum { CSV = 256, IMPUTE_MEAN };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, CSV},
        {"help", no_argument, NULL, 'h'},
        {"impute-mean", no_argument, NULL, IMPUTE_MEAN},
        {"keep", required_argument, NULL, 'k'},
        {"model", required_argument, NULL, 'm'},
        {"name", required_argument, NULL, 'n'},
        {"output", required_argument, NULL, 'o'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct options o = {.name = "score", .format = TSV_FORMAT_AUTO};
    int c;
    while ((c = getopt_long(argc, argv, "k:m:n:o:", longopts, NULL)) != -1) {
        switch (c) {
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case 'h':
            cli_help(usage);
        case IMPUTE_MEAN:
            o.impute_mean = true;
            break;
        case 'k':
            cli_list_free(o.keep, o.nkeep);
            o.keep = cli_list("--keep", optarg, &o.nkeep);
            break;
        case 'm':
            o.model = optarg;
            break;
        case 'n':
            if (!*optarg || strpbrk(optarg, "\t\n\r"))
                die_usage("option '--name': '%s' cannot be a column name", optarg);
            o.name = optarg;
            break;
        case 'o':
            o.output = optarg;
            break;
        case 'V':
            cli_version();
        default:
            cli_bad_option();
        }
    }
    if (!o.model)
        die_usage("no model: give one with -m MODEL");
    o.input = cli_file_operand(argc, argv, optind);
    return o;
}

/* The score's name must not be one of the output's columns. */
static bool clashes(const struct options *o, const struct tsv_reader *r)
{
    if (!o->keep)
        return tsv_find(r, o->name) >= 0;
    for (size_t i = 0; i < o->nkeep; i++)
        if (strcmp(o->keep[i], o->name) == 0)
            return true;
    return false;
}

/* The input columns to write: --keep's, or all (NULL). */
static size_t *kept_columns(const struct options *o, const struct tsv_reader *r)
{
    if (clashes(o, r))
        die("%s: already has a column '%s'; name the score with --name", tsv_name(r), o->name);
    if (!o->keep)
        return NULL;
    size_t *cols = xreallocarray(NULL, o->nkeep, sizeof *cols);
    for (size_t i = 0; i < o->nkeep; i++) {
        cols[i] = tsv_column(r, o->keep[i]);
        for (size_t j = 0; j < i; j++)
            if (cols[j] == cols[i])
                die_usage("option '--keep': column '%s' is named twice", o->keep[i]);
    }
    return cols;
}

static void write_kept(const struct tsv_reader *r, const size_t *cols, size_t n, FILE *fp,
                       bool header)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = header ? tsv_header(r, cols[i]) : tsv_get(r, cols[i]);
        fwrite_unlocked(s, 1, header ? strlen(s) : tsv_len(r, cols[i]), fp);
        putc_unlocked('\t', fp);
    }
}

/* The input columns of the current row (or the header), then a TAB. */
static void write_input(const struct options *o, struct tsv_reader *r, const size_t *cols, FILE *fp,
                        bool header)
{
    if (cols) {
        write_kept(r, cols, o->nkeep, fp, header);
    } else {
        if (header)
            tsv_write_header(r, fp);
        else
            tsv_write_row(r, fp);
        putc_unlocked('\t', fp);
    }
}

static void write_score(double score, FILE *fp)
{
    char buf[NUM_BUFSZ];
    size_t len = num_format(score, buf);
    buf[len] = '\n';
    fwrite_unlocked(buf, 1, len + 1, fp);
}

static void predict_logistic(const struct options *o, const struct model *m, struct tsv_reader *r,
                             const size_t *cols, FILE *fp)
{
    struct scorer *s = scorer_new(m, r, o->impute_mean);
    while (tsv_next(r)) {
        double score = scorer_score(s, r);
        write_input(o, r, cols, fp, false);
        write_score(score, fp);
    }
    scorer_report(s, tsv_name(r));
    scorer_free(s);
}

/* Rows waiting for their scores: XGBoost scores a batch at a time. */
#define BATCH 4096

struct batch {
    float *x;
    size_t n;
    FILE *text; /* the rows' input columns, as they will be written */
    char *buf;
    size_t size;
    long ends[BATCH];
};

static void flush_batch(struct batch *b, const struct model *m, FILE *fp)
{
    if (b->n == 0)
        return;
    const float *p =
        booster_predict(m->bst, &(struct booster_data){.x = b->x, .rows = b->n, .cols = m->nf},
                        BOOSTER_PROBABILITY);
    if (fflush(b->text) != 0)
        die("out of memory");
    for (size_t i = 0; i < b->n; i++) {
        long start = i ? b->ends[i - 1] : 0;
        fwrite_unlocked(b->buf + start, 1, (size_t)(b->ends[i] - start), fp);
        write_score(p[i], fp);
    }
    rewind(b->text);
    b->n = 0;
}

static void predict_trees(const struct options *o, const struct model *m, struct tsv_reader *r,
                          const size_t *cols, FILE *fp)
{
    struct treerows *t = treerows_new(m, r);
    struct batch b = {.x = xreallocarray(NULL, BATCH, m->nf * sizeof *b.x)};
    b.text = open_memstream(&b.buf, &b.size);
    if (!b.text)
        die_errno("open_memstream");
    while (tsv_next(r)) {
        treerows_fill(t, r, b.x + b.n * m->nf);
        write_input(o, r, cols, b.text, false);
        b.ends[b.n++] = ftell(b.text);
        if (b.n == BATCH)
            flush_batch(&b, m, fp);
    }
    flush_batch(&b, m, fp);
    treerows_report(t, tsv_name(r));
    fclose(b.text);
    free(b.buf);
    free(b.x);
    treerows_free(t);
}

static void predict(const struct options *o, const struct model *m, struct tsv_reader *r, FILE *fp)
{
    if (m->kind == MODEL_TREES && o->impute_mean)
        die_usage("option '--impute-mean' is for a logistic model; trees take a missing value "
                  "as it is");
    size_t *cols = kept_columns(o, r);
    write_input(o, r, cols, fp, true);
    fprintf(fp, "%s\n", o->name);
    if (m->kind == MODEL_TREES)
        predict_trees(o, m, r, cols, fp);
    else
        predict_logistic(o, m, r, cols, fp);
    free(cols);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct model *m = model_read(o.model);
    struct tsv_reader *r = tsv_open(o.input, &(struct tsv_options){.format = o.format});
    struct out *out = out_open(o.output);
    predict(&o, m, r, out_fp(out));
    out_close(out);
    tsv_close(r);
    model_free(m);
    cli_list_free(o.keep, o.nkeep);
    return 0;
}
