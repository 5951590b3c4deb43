/* pm-split - split a table's rows into a training part and a test part. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "split.h"
#include "tsv.h"

static const char usage[] =
    "Usage: pm-split [OPTION]... --train FILE|--test FILE|--mark NAME [FILE]\n"
    "Split the rows of a table (TSV, or CSV) from FILE or stdin into a training part\n"
    "and a test part, both from one run.\n"
    "\n"
    "  -f, --fraction F       the test part's share of the rows (0.2)\n"
    "  -s, --seed N           seed of a random split or salt of --hash (1)\n"
    "      --stratify COL     random, keeping each value of COL (the target) in\n"
    "                         the same share in both parts\n"
    "      --hash COL         by a hash of COL (an id): the same id always lands\n"
    "                         in the same part, whatever the other rows\n"
    "      --time COL         rows whose COL is below --cutoff train, the rest test\n"
    "      --cutoff VALUE     the cut-off of --time: numbers compare as numbers,\n"
    "                         other values in byte order (as ISO dates sort)\n"
    "      --train FILE       write the training rows to FILE\n"
    "      --test FILE        write the test rows to FILE\n"
    "      --mark NAME        write all rows, with a column NAME of train or test\n"
    "  -o, --output FILE      with --mark: write to FILE\n"
    "      --csv              read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES   the longest line read (64M; K, M and G as suffixes)\n"
    "      --na LIST          more spellings of a missing value (NA,NaN,null)\n"
    "      --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "The part without a file goes to stdout. A random split has exactly\n"
    "ceil(F * rows) test rows. See pm-split(1).\n";

struct options {
    struct split_spec spec;
    bool fraction_set, seed_set;
    const char *train, *test, *mark, *output;
    enum tsv_format format;
    size_t max_line;
    char **na; /* --na */
    size_t nna;
    const char *input;
};

static void set_method(struct options *o, enum split_method m, const char *opt, const char *col)
{
    if (o->spec.method != SPLIT_RANDOM)
        die_usage("option '%s': choose one of --stratify, --hash and --time", opt);
    o->spec.method = m;
    o->spec.column = col;
}

static void check(const struct options *o)
{
    if (o->mark && (o->train || o->test))
        die_usage("--mark writes one table: give it without --train and --test");
    if (!o->mark && !o->train && !o->test)
        die_usage("give --train FILE or --test FILE (the other part goes to stdout), "
                  "or --mark NAME");
    if (o->output && !o->mark)
        die_usage("-o goes with --mark; give --train FILE and --test FILE instead");
    if (o->train && o->test && out_same_file(o->train, o->test))
        die_usage("--train and --test name the same file '%s'", o->train);
    if (o->mark && (!*o->mark || strpbrk(o->mark, "\t\n\r")))
        die_usage("option '--mark': '%s' cannot be a column name", o->mark);
    bool time = o->spec.method == SPLIT_TIME;
    if (time != (o->spec.cutoff != NULL))
        die_usage(time ? "--time needs --cutoff VALUE" : "--cutoff goes with --time COL");
    if (time && (o->fraction_set || o->seed_set))
        die_usage("--time splits by the cut-off alone; drop --fraction and --seed");
}

static struct options parse_options(int argc, char **argv)
{
    enum { CSV = 256, CUTOFF, HASH, MARK, MAX_LINE, NA, STRATIFY, TEST, TIME, TRAIN };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, CSV},
        {"cutoff", required_argument, NULL, CUTOFF},
        {"fraction", required_argument, NULL, 'f'},
        {"hash", required_argument, NULL, HASH},
        {"help", no_argument, NULL, 'h'},
        {"mark", required_argument, NULL, MARK},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"na", required_argument, NULL, NA},
        {"output", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, 's'},
        {"stratify", required_argument, NULL, STRATIFY},
        {"test", required_argument, NULL, TEST},
        {"time", required_argument, NULL, TIME},
        {"train", required_argument, NULL, TRAIN},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct options o = {.spec = {.method = SPLIT_RANDOM, .fraction = 0.2, .seed = 1},
                        .format = TSV_FORMAT_AUTO};
    int c;
    while ((c = getopt_long(argc, argv, "f:o:s:", longopts, NULL)) != -1) {
        switch (c) {
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case CUTOFF:
            o.spec.cutoff = optarg;
            break;
        case 'f':
            o.spec.fraction = cli_double("--fraction", optarg);
            if (!(o.spec.fraction > 0 && o.spec.fraction < 1))
                die_usage("option '--fraction': '%s' is not between 0 and 1", optarg);
            o.fraction_set = true;
            break;
        case HASH:
            set_method(&o, SPLIT_HASH, "--hash", optarg);
            break;
        case 'h':
            cli_help(usage);
        case MARK:
            o.mark = optarg;
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
        case 's':
            o.spec.seed = cli_unsigned("--seed", optarg);
            o.seed_set = true;
            break;
        case STRATIFY:
            set_method(&o, SPLIT_STRATIFIED, "--stratify", optarg);
            break;
        case TEST:
            o.test = optarg;
            break;
        case TIME:
            set_method(&o, SPLIT_TIME, "--time", optarg);
            break;
        case TRAIN:
            o.train = optarg;
            break;
        case 'V':
            cli_version();
        default:
            cli_bad_option();
        }
    }
    o.input = cli_file_operand(argc, argv, optind);
    check(&o);
    return o;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    struct out *train = out_open(o.mark ? o.output : o.train);
    struct out *test = o.mark ? NULL : out_open(o.test);
    struct split_output out = {
        .train = out_fp(train), .test = test ? out_fp(test) : NULL, .mark = o.mark};
    split_run(
        &o.spec, o.input,
        &(struct tsv_options){.format = o.format, .max_line = o.max_line, .na = o.na, .nna = o.nna},
        &out);
    if (test) /* both written whole before either is put in place */
        out_flush(test);
    out_flush(train);
    if (test)
        out_close(test);
    out_close(train);
    cli_list_free(o.na, o.nna);
    return 0;
}
