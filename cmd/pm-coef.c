/* pm-coef - the terms of a model from pm-fit, ranked by the size of their coefficient;
 * the columns of a tree model, ranked by importance. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "err.h"
#include "coef.h"
#include "model.h"
#include "num.h"
#include "out.h"

static const char usage[] =
    "Usage: pm-coef [OPTION]... [MODEL]\n"
    "Write the terms of a model from pm-fit (MODEL, or stdin) as TSV, one row per\n"
    "term, ranked by the absolute value of the coefficient on the standardized\n"
    "scale: term feature level coefficient std_error z original.\n"
    "\n"
    "      --digits N      round the numbers to N significant digits, for reading\n"
    "      --intercept     write the intercept first\n"
    "  -o, --output FILE   write to FILE (complete or not at all)\n"
    "      --help          show this help and exit\n"
    "      --version       show the version and exit\n"
    "\n"
    "original is the coefficient per unit of the raw column. For a model of trees\n"
    "(pm-fit --trees), one row per column ranked by XGBoost's total gain:\n"
    "feature type total_gain gain cover weight. See pm-coef(1).\n";

struct options {
    bool intercept;
    int digits; /* --digits: 0 exact */
    const char *output;
    const char *model;
};

static struct options parse_options(int argc, char **argv)
{
    enum { DIGITS = 256, INTERCEPT };
    static const struct option longopts[] = {
        {"digits", required_argument, NULL, DIGITS}, {"help", no_argument, NULL, 'h'},
        {"intercept", no_argument, NULL, INTERCEPT}, {"output", required_argument, NULL, 'o'},
        {"version", no_argument, NULL, 'V'},         {NULL, 0, NULL, 0},
    };
    struct options o = {0};
    int c;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case DIGITS:
            o.digits = num_digits_arg(optarg);
            break;
        case 'h':
            cli_help(usage);
        case INTERCEPT:
            o.intercept = true;
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
    const char *model = cli_file_operand(argc, argv, optind);
    o.model = model ? model : "-";
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct model *m = model_read(o.model);
    struct out *out = out_open(o.output);
    if (m->kind == MODEL_TREES) {
        if (o.intercept)
            die_usage("option '--intercept': %s is a model of trees, which has no intercept",
                      o.model);
        coef_importance(m, o.digits, out_fp(out));
    } else {
        coef_table(m, o.intercept, o.digits, out_fp(out));
    }
    out_close(out);
    model_free(m);
    return 0;
}
