/* scored_cli.c - the command line the evaluation tools share; see scored_cli.h. */
#include "scored_cli.h"

#include <stdlib.h>

#include "cli.h"
#include "counts.h"
#include "err.h"
#include "model.h"
#include "num.h"

void scored_cli_init(struct scored_cli *c)
{
    *c = (struct scored_cli){.format = TSV_FORMAT_AUTO};
    scored_defaults(&c->scored);
}

void scored_cli_option(struct scored_cli *c, int opt, const char *arg, const char *usage)
{
    switch (opt) {
    case SCORED_OPT_COUNTS:
        c->scored.counts = true;
        break;
    case SCORED_OPT_CSV:
        c->format = TSV_FORMAT_CSV;
        break;
    case 'h':
        cli_help(usage);
    case SCORED_OPT_MAX_LINE:
        c->max_line = tsv_max_line_arg(arg);
        break;
    case SCORED_OPT_DIGITS:
        c->digits = num_digits_arg(arg);
        break;
    case SCORED_OPT_NA:
        cli_list_set(&c->na, &c->nna, "--na", arg);
        break;
    case 'o':
        c->output = arg;
        break;
    case SCORED_OPT_POSITIVE:
        if (*arg == '\0')
            die_usage("option '--positive': the label must not be empty");
        c->scored.positive = arg;
        c->chose_positive = true;
        break;
    case 'm':
        c->model = arg;
        break;
    case SCORED_OPT_SCORE:
        c->scored.score = arg;
        break;
    case SCORED_OPT_TARGET:
    case 'y':
        c->scored.target = arg;
        c->chose_target = true;
        break;
    case 'V':
        cli_version();
    default:
        cli_bad_option();
    }
}

void scored_cli_operands(struct scored_cli *c, int argc, char **argv, int first)
{
    c->input = cli_file_operand(argc, argv, first);
    if (!c->model)
        return;
    struct model_label l = model_read_label(c->model);
    if (!c->chose_target)
        c->scored.target = c->model_target = l.target;
    else
        free(l.target);
    if (!c->chose_positive && l.positive)
        c->scored.positive = c->model_positive = l.positive;
    else
        free(l.positive);
}

struct tsv_options scored_cli_table(const struct scored_cli *c)
{
    return (struct tsv_options){
        .format = c->format, .max_line = c->max_line, .na = c->na, .nna = c->nna};
}

void scored_cli_free(struct scored_cli *c)
{
    free(c->model_target);
    free(c->model_positive);
    cli_list_free(c->na, c->nna);
    c->na = NULL;
    c->nna = 0;
}

struct scored_set *scored_cli_read(const struct scored_cli *c)
{
    if (c->scored.counts && c->scored.by)
        die_usage("a counts table has no column to group by: --by and --counts do not mix");
    struct tsv_options opts = scored_cli_table(c);
    struct tsv_reader *r = tsv_open(c->input, &opts);
    struct scored_set *set =
        c->scored.counts ? counts_read(r, c->scored.score) : scored_read(r, &c->scored);
    tsv_close(r);
    scored_require_rows(set);
    return set;
}

double scored_cli_pct(const char *opt, const char *arg)
{
    double x = cli_double(opt, arg);
    if (!(x > 0 && x <= 100))
        die_usage("option '%s': '%s' is not a percentage above 0 and at most 100", opt, arg);
    return x;
}
