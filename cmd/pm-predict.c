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
    "      --max-line BYTES   the longest line read (64M; K, M and G as suffixes)\n"
    "  -o, --output FILE      write to FILE (complete or not at all)\n"
    "      --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "A level unseen in training scores as the reference level; such rows are\n"
    "counted on stderr. See pm-predict(1).\n";

struct options {
    const char *model;
    char **keep;
    size_t nkeep;
    const char *name;
    bool impute_mean;
    enum tsv_format format;
    size_t max_line;
    const char *output;
    const char *input;
};

static struct options parse_options(int argc, char **argv)
{
    enum { CSV = 256, IMPUTE_MEAN, MAX_LINE };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, CSV},
        {"help", no_argument, NULL, 'h'},
        {"impute-mean", no_argument, NULL, IMPUTE_MEAN},
        {"keep", required_argument, NULL, 'k'},
        {"max-line", required_argument, NULL, MAX_LINE},
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
        case MAX_LINE:
            o.max_line = tsv_max_line_arg(optarg);
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
    if (cli_list_has(o.keep, o.nkeep, o.name))
        die_usage("--keep names '%s', the score's own column: name the score with --name", o.name);
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

static void predict(const struct options *o, const struct model *m, struct tsv_reader *r, FILE *fp)
{
    struct scorer *s = scorer_new(m, r, o->impute_mean);
    size_t *cols = kept_columns(o, r);
    if (cols) {
        write_kept(r, cols, o->nkeep, fp, true);
    } else {
        tsv_write_header(r, fp);
        putc('\t', fp);
    }
    fprintf(fp, "%s\n", o->name);
    char buf[NUM_BUFSZ];
    while (tsv_next(r)) {
        double score = scorer_score(s, r);
        if (cols) {
            write_kept(r, cols, o->nkeep, fp, false);
        } else {
            tsv_write_row(r, fp);
            putc_unlocked('\t', fp);
        }
        size_t len = num_format(score, buf);
        buf[len] = '\n';
        fwrite_unlocked(buf, 1, len + 1, fp);
    }
    scorer_report(s, tsv_name(r));
    scorer_free(s);
    free(cols);
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct model *m = model_read(o.model);
    struct tsv_reader *r =
        tsv_open(o.input, &(struct tsv_options){.format = o.format, .max_line = o.max_line});
    struct out *out = out_open(o.output);
    predict(&o, m, r, out_fp(out));
    out_close(out);
    tsv_close(r);
    model_free(m);
    cli_list_free(o.keep, o.nkeep);
    return 0;
}
