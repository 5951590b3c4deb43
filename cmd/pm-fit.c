/* pm-fit - fit an L2-regularized logistic regression, or boosted trees, and write the model
 * as JSON. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cluster.h"
#include "columns.h"
#include "cv.h"
#include "design.h"
#include "design_scale.h"
#include "digest.h"
#include "fit.h"
#include "fit_model.h"
#include "impute.h"
#include "model.h"
#include "num.h"
#include "out.h"
#include "partial.h"
#include "progress.h"
#include "trees.h"
#include "tsv.h"
#include "utf8.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: pm-fit [-y TARGET] [-x COL,...] [--exclude COL,...] [--categorical COL,...]\n"
    "              [-C VALUE[,VALUE...]] [--folds K|COL] [-o MODEL] [OPTION]... [FILE]\n"
    "       pm-fit --trees [--rounds N] [--eta X] [--depth N] [--valid FILE]\n"
    "              [OPTION]... [FILE]\n"
    "Fit an L2-regularized logistic regression to a table (TSV, or CSV) from FILE or\n"
    "stdin and write the model as JSON: scikit-learn's LogisticRegression(C) on\n"
    "standardized numeric columns and one-hot levels with the first level dropped;\n"
    "or, with --trees, gradient-boosted trees through XGBoost on the same columns.\n"
    "\n"
    "  -y, --target COL         the column to predict, 0 or 1 (response_flag)\n"
    "      --positive LABEL     the target's value that counts as 1; the other is 0\n"
    "  -x, --features LIST      the feature columns (default: all but the target)\n"
    "      --exclude LIST       leave these columns out\n"
    "      --categorical LIST   treat these columns' values as levels, even numbers\n"
    "      --impute mean|median fill missing numeric values, with a COLUMN_missing\n"
    "                           term for each column that has one\n"
    "      --na LIST            more spellings of a missing value (NA,NaN,null)\n"
    "      --reference first|frequent|COL=LEVEL,...\n"
    "                           each categorical column's reference level: the\n"
    "                           first in byte order (default), the most frequent,\n"
    "                           or the one named\n"
    "  -C LIST                  inverse of the regularization strength (1); with\n"
    "                           --folds, the values to choose from\n"
    "      --folds K|COL        choose C by cross-validation: K stratified folds, or\n"
    "                           the folds a column's values name\n"
    "      --cv-metric NAME     log_loss (lowest mean, the default) or auc (highest)\n"
    "      --cv-report FILE     write each C's held-out log loss and AUC by fold\n"
    "      --max-iter N         Newton iterations at most (100)\n"
    "      --max-levels N       levels a categorical column may have (1000)\n"
    "      --memory SIZE        read FILE a chunk at a time when it is over a quarter\n"
    "                           of SIZE (64M, 2G): one pass of the file per step\n"
    "      --merge SHARDS       fit the shards a pass command reads (pm-fit-cluster)\n"
    "      --pass-command CMD   with --merge: the command that runs a pass\n"
    "      --reduce REQUEST     answer a pass's request for FILE: its partial sums\n"
    "      --seed N             the stratified folds' shuffle (0); with --trees,\n"
    "                           the seed of XGBoost's subsampling\n"
    "      --shard N            with --reduce: FILE is the list's shard N\n"
    "      --csv                read CSV (the default for a FILE ending in .csv)\n"
    "      --max-line BYTES     the longest line read (64M; K, M and G as suffixes)\n"
    "\n"
    "      --trees              fit gradient-boosted trees (XGBoost) instead, with:\n"
    "      --rounds N           boosting rounds (100)\n"
    "      --eta X              learning rate (0.1)\n"
    "      --depth N            maximum tree depth (3)\n"
    "      --min-child-weight X least hessian sum in a leaf (1)\n"
    "      --lambda X           L2 penalty on leaf weights (1)\n"
    "      --subsample X        share of rows each tree sees (1)\n"
    "      --colsample X        share of columns each tree sees (1)\n"
    "      --max-bin N          histogram bins per numeric column (256)\n"
    "      --threads N          XGBoost's threads (all cores); the model is the same\n"
    "      --valid FILE         stop early on this table's log loss ...\n"
    "      --patience N         ... after N rounds without a better one (10)\n"
    "      --valid-metric M     logloss or auc (logloss)\n"
    "      --increasing LIST    scores may only rise with these numeric columns\n"
    "      --decreasing LIST    ... or only fall\n"
    "\n"
    "  -o, --output FILE        write the model to FILE (complete or not at all)\n"
    "      --help               show this help and exit\n"
    "      --version            show the version and exit\n"
    "\n"
    "A column whose values are all numbers is numeric, any other categorical.\n"
    "An empty field is a missing value: an error in a numeric column without\n"
    "--impute, a level of its own in a categorical one; the trees take it as it is.\n"
    "SOURCE_DATE_EPOCH fixes the model's timestamp. See pm-fit(1).\n";

struct options {
    struct design_spec spec;
    struct fit_options fit;
    double *grid; /* -C's values */
    size_t ngrid;
    size_t folds; /* --folds K, or 0 (a column, or no cross-validation) */
    unsigned long long seed;
    enum cv_metric metric;
    const char *cv_report;
    bool trees;
    struct trees_options tr;
    const char *logistic_only, *trees_only; /* an option of one kind, for the check */
    enum tsv_format format;
    const char *output;
    const char *input;
    size_t max_line;
    char **na; /* --na */
    size_t nna;
    enum impute_strategy impute;
    const char *reference;                     /* --reference as given */
    long long timestamp;                       /* the model's: SOURCE_DATE_EPOCH or the clock */
    const char *merge, *pass_command, *reduce; /* shards (pm(7), partial.h) */
    unsigned long long memory;                 /* --memory, or 0 */
    size_t shard;
};

static double positive_number(const char *opt, const char *arg)
{
    double v = cli_double(opt, arg);
    if (!(v > 0))
        die_usage("option '%s': '%s' is not positive", opt, arg);
    return v;
}

/* A share in (0, 1]. */
static double share(const char *opt, const char *arg)
{
    double v = positive_number(opt, arg);
    if (v > 1)
        die_usage("option '%s': '%s' is more than 1", opt, arg);
    return v;
}

/* Options of the other kind of model are a mistake, not something to ignore. */
static void check_kind(struct options *o)
{
    if (o->trees && o->logistic_only)
        die_usage("option '%s' is for the logistic model, not --trees", o->logistic_only);
    if (!o->trees && o->trees_only)
        die_usage("option '%s' needs --trees", o->trees_only);
    struct booster_params *p = &o->tr.params;
    bool folds = o->folds || o->spec.fold;
    if (p->patience > 0 && !o->tr.valid && !folds)
        die_usage("option '--patience' needs --valid FILE or --folds");
    if (p->metric == BOOSTER_AUC && !o->tr.valid)
        die_usage("option '--valid-metric' needs --valid FILE");
    if ((o->tr.valid || folds) && p->patience < 0)
        p->patience = 10;
    if (p->patience < 0)
        p->patience = 0;
    if (o->tr.valid && folds)
        die_usage("options '--valid' and '--folds' both choose the rounds: give one");
    if (o->tr.valid && o->input && strcmp(o->tr.valid, o->input) == 0)
        die_usage("option '--valid': '%s' is the training file", o->tr.valid);
    o->tr.format = o->format;
    o->spec.missing_ok = o->trees;
}

/* --folds: a number of folds (2 or more), or else the column naming them. */
static void set_folds(struct options *o, const char *arg)
{
    o->folds = 0;
    o->spec.fold = NULL;
    if (*arg >= '0' && *arg <= '9')
        o->folds = (size_t)cli_integer("--folds", arg, 2, 1000000);
    else if (*arg == '\0')
        die_usage("option '--folds': give a number of folds or a column");
    else
        o->spec.fold = arg;
}

/* --reference: "first" or "frequent" for every column, COL=LEVEL for one. */
static void set_reference(struct options *o, const char *arg)
{
    struct design_spec *s = &o->spec;
    cli_list_free(s->ref_columns, s->nref);
    cli_list_free(s->ref_levels, s->nref);
    size_t n;
    char **items = cli_list("--reference", arg, &n);
    s->ref_columns = xcalloc(n, sizeof *s->ref_columns);
    s->ref_levels = xcalloc(n, sizeof *s->ref_levels);
    s->nref = 0;
    s->reference = DESIGN_REF_FIRST;
    char q[ERR_QUOTE_SIZE];
    for (size_t i = 0; i < n; i++) {
        char *eq = strchr(items[i], '=');
        if (!utf8_valid(items[i], strlen(items[i])))
            die_usage("option '--reference': '%s' is not valid UTF-8, which JSON output needs",
                      err_quote(q, items[i]));
        if (eq && eq > items[i]) {
            s->ref_columns[s->nref] = xstrndup(items[i], (size_t)(eq - items[i]));
            s->ref_levels[s->nref++] = xstrdup(eq + 1);
        } else if (strcmp(items[i], "frequent") == 0) {
            s->reference = DESIGN_REF_FREQUENT;
        } else if (strcmp(items[i], "first") != 0) {
            die_usage("option '--reference': '%s' is neither first, frequent nor COLUMN=LEVEL",
                      err_quote(q, items[i]));
        }
    }
    cli_list_free(items, n);
    o->reference = arg;
    o->logistic_only = "--reference";
}

/* SOURCE_DATE_EPOCH if set (reproducible builds), else the clock. */
static long long timestamp(void)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (!env)
        return (long long)time(NULL);
    char *end;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (*env < '0' || *env > '9' || *end != '\0' || errno == ERANGE)
        die("SOURCE_DATE_EPOCH: '%s' is not a number of seconds", env);
    return v;
}

/* --memory: bytes, with K, M or G for powers of 1024; 1M at least. */
static unsigned long long parse_size(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift)
        end++;
    if (*arg < '0' || *arg > '9' || *end != '\0' || errno == ERANGE || v > (1ULL << 40) ||
        (v << shift) < (1ULL << 20))
        die_usage("option '--memory': '%s' is not a size of 1M or more (such as 64M or 2G)", arg);
    return v << shift;
}

/* What the options say together: a contradiction is a usage error, found
 * before any work. */
static void check_options(struct options *o)
{
    struct design_spec *s = &o->spec;
    check_kind(o);
    if (!o->grid) {
        o->grid = xmalloc(sizeof *o->grid);
        o->grid[0] = o->fit.C;
        o->ngrid = 1;
    }
    if (o->ngrid > 1 && !o->folds && !s->fold)
        die_usage("option '-C': a list of values needs --folds to choose among them");
    if (!o->merge != !o->pass_command)
        die_usage("options '--merge' and '--pass-command' go together");
    /* the passes over shards and chunks fit the logistic model only */
    if ((o->merge || o->reduce) && o->trees)
        die_usage("option '--trees' needs the table in memory, not %s",
                  o->merge ? "--merge" : "--reduce");
    if ((o->merge || o->reduce || o->memory) && (o->folds || s->fold))
        die_usage("option '%s' does not take --folds", o->merge    ? "--merge"
                                                       : o->reduce ? "--reduce"
                                                                   : "--memory");
    if (o->merge && o->input)
        die_usage("option '--merge' reads the shards, not a FILE");
    /* A mean merges from the shards' counts and sums; a median does not. */
    if ((o->merge || o->reduce) && o->impute == IMPUTE_MEDIAN)
        die_usage("option '--impute median' needs the whole table in memory: a median does not "
                  "merge from the shards' partial sums, as a mean does (use --impute mean, or "
                  "fit the table in one pm-fit)");
    s->impute = o->impute != IMPUTE_NONE;
    o->tr.na = o->na;
    o->tr.nna = o->nna;
    if ((o->cv_report || o->metric != CV_LOG_LOSS) && !o->folds && !s->fold)
        die_usage("option '%s' needs --folds", o->cv_report ? "--cv-report" : "--cv-metric");
}

static struct options parse_options(int argc, char **argv)
{
    enum {
        CATEGORICAL = 256,
        COLSAMPLE,
        CSV,
        CV_METRIC,
        CV_REPORT,
        DECREASING,
        DEPTH,
        ETA,
        EXCLUDE,
        FOLDS,
        IMPUTE,
        INCREASING,
        LAMBDA,
        MAX_BIN,
        MAX_ITER,
        MAX_LEVELS,
        MAX_LINE,
        MEMORY,
        MERGE,
        MIN_CHILD_WEIGHT,
        NA,
        PASS_COMMAND,
        PATIENCE,
        POSITIVE,
        REDUCE,
        REFERENCE,
        ROUNDS,
        SEED,
        SHARD,
        SUBSAMPLE,
        THREADS,
        TREES,
        VALID,
        VALID_METRIC
    };
    static const struct option longopts[] = {
        {"categorical", required_argument, NULL, CATEGORICAL},
        {"colsample", required_argument, NULL, COLSAMPLE},
        {"csv", no_argument, NULL, CSV},
        {"cv-metric", required_argument, NULL, CV_METRIC},
        {"cv-report", required_argument, NULL, CV_REPORT},
        {"decreasing", required_argument, NULL, DECREASING},
        {"depth", required_argument, NULL, DEPTH},
        {"eta", required_argument, NULL, ETA},
        {"exclude", required_argument, NULL, EXCLUDE},
        {"features", required_argument, NULL, 'x'},
        {"folds", required_argument, NULL, FOLDS},
        {"help", no_argument, NULL, 'h'},
        {"impute", required_argument, NULL, IMPUTE},
        {"increasing", required_argument, NULL, INCREASING},
        {"lambda", required_argument, NULL, LAMBDA},
        {"max-bin", required_argument, NULL, MAX_BIN},
        {"max-iter", required_argument, NULL, MAX_ITER},
        {"max-levels", required_argument, NULL, MAX_LEVELS},
        {"max-line", required_argument, NULL, MAX_LINE},
        {"memory", required_argument, NULL, MEMORY},
        {"merge", required_argument, NULL, MERGE},
        {"min-child-weight", required_argument, NULL, MIN_CHILD_WEIGHT},
        {"na", required_argument, NULL, NA},
        {"output", required_argument, NULL, 'o'},
        {"pass-command", required_argument, NULL, PASS_COMMAND},
        {"patience", required_argument, NULL, PATIENCE},
        {"positive", required_argument, NULL, POSITIVE},
        {"reduce", required_argument, NULL, REDUCE},
        {"reference", required_argument, NULL, REFERENCE},
        {"rounds", required_argument, NULL, ROUNDS},
        {"seed", required_argument, NULL, SEED},
        {"shard", required_argument, NULL, SHARD},
        {"subsample", required_argument, NULL, SUBSAMPLE},
        {"target", required_argument, NULL, 'y'},
        {"threads", required_argument, NULL, THREADS},
        {"trees", no_argument, NULL, TREES},
        {"valid", required_argument, NULL, VALID},
        {"valid-metric", required_argument, NULL, VALID_METRIC},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct options o = {
        .spec = {.target = "response_flag", .max_levels = 1000},
        .format = TSV_FORMAT_AUTO,
    };
    fit_defaults(&o.fit);
    booster_defaults(&o.tr.params);
    o.tr.params.patience = -1;
    struct design_spec *s = &o.spec;
    struct booster_params *bp = &o.tr.params;
    char q[ERR_QUOTE_SIZE];
    int c;
    while ((c = getopt_long(argc, argv, "C:o:x:y:", longopts, NULL)) != -1) {
        switch (c) {
        case 'C':
            free(o.grid);
            o.grid = cli_positive_list("-C", optarg, &o.ngrid);
            o.fit.C = o.grid[0];
            o.logistic_only = "-C";
            break;
        case CATEGORICAL:
            columns_list_set(&s->categorical, &s->ncategorical, "--categorical", optarg);
            break;
        case COLSAMPLE:
            bp->colsample = share("--colsample", optarg);
            o.trees_only = "--colsample";
            break;
        case CSV:
            o.format = TSV_FORMAT_CSV;
            break;
        case CV_METRIC:
            if (strcmp(optarg, "log_loss") != 0 && strcmp(optarg, "auc") != 0)
                die_usage("option '--cv-metric': '%s' is neither log_loss nor auc",
                          err_quote(q, optarg));
            o.metric = strcmp(optarg, "auc") == 0 ? CV_AUC : CV_LOG_LOSS;
            break;
        case CV_REPORT:
            o.cv_report = optarg;
            break;
        case DECREASING:
            columns_list_set(&o.tr.decreasing, &o.tr.ndecreasing, "--decreasing", optarg);
            o.trees_only = "--decreasing";
            break;
        case DEPTH:
            bp->depth = (int)cli_integer("--depth", optarg, 1, 30);
            o.trees_only = "--depth";
            break;
        case ETA:
            bp->eta = share("--eta", optarg);
            o.trees_only = "--eta";
            break;
        case IMPUTE:
            o.impute = impute_arg(optarg);
            o.logistic_only = "--impute";
            break;
        case INCREASING:
            columns_list_set(&o.tr.increasing, &o.tr.nincreasing, "--increasing", optarg);
            o.trees_only = "--increasing";
            break;
        case LAMBDA:
            bp->lambda = cli_double("--lambda", optarg);
            if (!(bp->lambda >= 0))
                die_usage("option '--lambda': '%s' is negative", optarg);
            o.trees_only = "--lambda";
            break;
        case MAX_BIN:
            bp->max_bin = (int)cli_integer("--max-bin", optarg, 2, 65536);
            o.trees_only = "--max-bin";
            break;
        case MIN_CHILD_WEIGHT:
            bp->min_child_weight = cli_double("--min-child-weight", optarg);
            if (!(bp->min_child_weight >= 0))
                die_usage("option '--min-child-weight': '%s' is negative", optarg);
            o.trees_only = "--min-child-weight";
            break;
        case NA:
            cli_list_set(&o.na, &o.nna, "--na", optarg);
            for (size_t i = 0; i < o.nna; i++)
                if (!utf8_valid(o.na[i], strlen(o.na[i])))
                    die_usage("option '--na': '%s' is not valid UTF-8, which JSON output needs",
                              err_quote(q, o.na[i]));
            break;
        case PATIENCE:
            bp->patience = (int)cli_integer("--patience", optarg, 1, 1000000);
            o.trees_only = "--patience";
            break;
        case ROUNDS:
            bp->rounds = (int)cli_integer("--rounds", optarg, 1, 1000000);
            o.trees_only = "--rounds";
            break;
        case SUBSAMPLE:
            bp->subsample = share("--subsample", optarg);
            o.trees_only = "--subsample";
            break;
        case THREADS:
            bp->threads = (int)cli_integer("--threads", optarg, 1, 1024);
            o.trees_only = "--threads";
            break;
        case TREES:
            o.trees = true;
            break;
        case VALID:
            o.tr.valid = optarg;
            o.trees_only = "--valid";
            break;
        case VALID_METRIC:
            if (strcmp(optarg, "logloss") != 0 && strcmp(optarg, "auc") != 0)
                die_usage("option '--valid-metric': '%s' is neither 'logloss' nor 'auc'", optarg);
            bp->metric = strcmp(optarg, "auc") == 0 ? BOOSTER_AUC : BOOSTER_LOGLOSS;
            o.trees_only = "--valid-metric";
            break;
        case EXCLUDE:
            columns_list_set(&s->exclude, &s->nexclude, "--exclude", optarg);
            break;
        case FOLDS:
            set_folds(&o, optarg);
            break;
        case 'h':
            cli_help(usage);
        case MAX_ITER:
            o.fit.max_iter = (int)cli_integer("--max-iter", optarg, 1, 1000000);
            o.logistic_only = "--max-iter";
            break;
        case MAX_LEVELS:
            s->max_levels = (size_t)cli_integer("--max-levels", optarg, 2, 65535);
            break;
        case MAX_LINE:
            o.max_line = tsv_max_line_arg(optarg);
            break;
        case MEMORY:
            o.memory = parse_size(optarg);
            break;
        case MERGE:
            o.merge = optarg;
            break;
        case 'o':
            o.output = optarg;
            break;
        case PASS_COMMAND:
            o.pass_command = optarg;
            break;
        case POSITIVE:
            if (*optarg == '\0')
                die_usage("option '--positive': the label must not be empty");
            if (!utf8_valid(optarg, strlen(optarg)))
                die_usage("option '--positive': '%s' is not valid UTF-8, which JSON output needs",
                          err_quote(q, optarg));
            s->positive = optarg;
            break;
        case REDUCE:
            o.reduce = optarg;
            break;
        case REFERENCE:
            set_reference(&o, optarg);
            break;
        case SEED:
            o.seed = cli_unsigned("--seed", optarg);
            if (o.seed > 2147483647)
                die_usage("option '--seed': '%s' is out of range (0 to 2147483647)", optarg);
            bp->seed = (unsigned long)o.seed;
            break;
        case SHARD:
            o.shard = (size_t)cli_integer("--shard", optarg, 1, 1000000000);
            break;
        case 'V':
            cli_version();
        case 'x':
            columns_list_set(&s->features, &s->nfeatures, "-x", optarg);
            break;
        case 'y':
            s->target = optarg;
            break;
        default:
            cli_bad_option();
        }
    }
    o.input = cli_file_operand(argc, argv, optind);
    check_options(&o);
    o.timestamp = timestamp(); /* a bad SOURCE_DATE_EPOCH stops the run before any work */
    return o;
}

static void write_model(const struct options *o, const struct design *d,
                        const struct fit_result *fr, const char *input, const char *sha256,
                        const struct model_cv *cv)
{
    const struct design_spec *s = &o->spec;
    struct model *m = fit_model(d, fr, s->target, s->positive);
    struct model_training t = {
        .rows = d->rows,
        .positives = d->positives,
        .C = o->fit.C,
        .max_iter = o->fit.max_iter,
        .max_levels = s->max_levels,
        .iterations = fr->iterations,
        .converged = fr->converged,
        .objective = fr->objective,
        .gradient_norm = fr->gradient_norm,
        .warm_rows = fr->warm_rows,
        .warm_iterations = fr->warm_iterations,
        .features = s->features,
        .nfeatures = s->nfeatures,
        .exclude = s->exclude,
        .nexclude = s->nexclude,
        .categorical = s->categorical,
        .ncategorical = s->ncategorical,
        .na = o->na,
        .nna = o->nna,
        .impute = o->impute ? impute_name(o->impute) : NULL,
        .reference = o->reference,
        .input = input,
        .sha256 = sha256,
        .timestamp = o->timestamp,
        .cv = cv,
    };
    struct out *out = out_open(o->output);
    model_write(m, &t, out_fp(out));
    out_close(out);
    model_free(m);
}

/* Fit trees on d and write them, with what the run records. */
static void fit_trees(const struct options *o, const struct design *d, const char *input,
                      const char *sha256, const struct model_cv *cv)
{
    const struct design_spec *s = &o->spec;
    struct model *m = trees_fit(d, &o->tr, s->target, s->positive);
    struct model_training t = {
        .rows = d->rows,
        .positives = d->positives,
        .max_levels = s->max_levels,
        .features = s->features,
        .nfeatures = s->nfeatures,
        .exclude = s->exclude,
        .nexclude = s->nexclude,
        .categorical = s->categorical,
        .ncategorical = s->ncategorical,
        .na = o->na,
        .nna = o->nna,
        .valid = o->tr.valid ? (strcmp(o->tr.valid, "-") == 0 ? "stdin" : o->tr.valid) : NULL,
        .input = input,
        .sha256 = sha256,
        .timestamp = o->timestamp,
        .cv = cv,
    };
    struct out *out = out_open(o->output);
    model_write(m, &t, out_fp(out));
    out_close(out);
    model_free(m);
}

/* A model that did not converge is still written, with a warning. */
static void report_convergence(const struct fit_result *fr, int max_iter)
{
    if (fr->converged)
        return;
    if (fr->iterations == max_iter)
        warn("not converged in %d %s (gradient norm %g); see --max-iter", fr->iterations,
             fr->iterations == 1 ? "iteration" : "iterations", fr->gradient_norm);
    else
        warn("stopped after %d %s: no step lowers the objective (gradient norm %g)", fr->iterations,
             fr->iterations == 1 ? "iteration" : "iterations", fr->gradient_norm);
}

/* Perfect separation is most often a column that leaks the target; the fit
 * converges (the penalty bounds it) but the user should look. */
static void report_separation(const struct fit_result *fr)
{
    if (fr->separated)
        warn("the features separate the classes perfectly: the coefficients are bounded only by "
             "the penalty (-C); does a column leak the target?");
}

/* The folds of a cross-validation: --folds K stratified (their names 1..K,
 * allocated) or the column's (d's own). */
struct folds {
    uint32_t *fold;
    char **names;
    size_t n;
    bool own; /* fold and names are allocated here */
};

static struct folds make_folds(const struct options *o, const struct design *d)
{
    struct folds f = {.fold = d->fold, .names = d->fold_names, .n = d->nfolds};
    if (o->folds) {
        if (o->folds > d->rows)
            die("--folds %zu: the table has only %zu rows", o->folds, d->rows);
        f = (struct folds){.n = o->folds, .own = true};
        f.fold = xreallocarray(NULL, d->rows, sizeof *f.fold);
        cv_stratified(d, f.n, o->seed, f.fold);
        f.names = xreallocarray(NULL, f.n, sizeof *f.names);
        for (size_t k = 0; k < f.n; k++) {
            char buf[NUM_BUFSZ];
            num_format_int((long long)k + 1, buf);
            f.names[k] = xstrdup(buf);
        }
    }
    if (f.n < 2)
        die("--folds %s: a cross-validation needs two folds or more (the column has one value)",
            o->spec.fold);
    return f;
}

static void free_folds(struct folds *f)
{
    if (!f->own)
        return;
    free(f->fold);
    cli_list_free(f->names, f->n);
}

/* Write a cross-validation's table to --cv-report, if asked. */
static void write_cv_report(const struct options *o, void (*write)(const void *, FILE *),
                            const void *res)
{
    if (!o->cv_report)
        return;
    struct out *out = out_open(o->cv_report);
    write(res, out_fp(out));
    out_close(out);
}

static void write_cv_table(const void *res, FILE *fp)
{
    cv_write(res, fp);
}

static void write_trees_cv_table(const void *res, FILE *fp)
{
    trees_cv_write(res, fp);
}

/* Choose C among -C's values by cross-validation on d (not yet
 * standardized): set o->fit.C, write the report if asked, and fill *rec
 * (whose arrays are res's) for the model.  Not inlined into main: its
 * errors end the run while main still holds d, and LeakSanitizer must find d
 * where main keeps it, not in a register the inlined error path has reused. */
__attribute__((noinline)) static void choose_C(struct options *o, const struct design *d,
                                               struct cv_result *res, struct model_cv *rec)
{
    struct folds f = make_folds(o, d);
    struct cv_spec spec = {
        .C = o->grid, .nC = o->ngrid, .metric = o->metric, .impute = o->impute, .fit = o->fit};
    cv_run(d, f.fold, f.names, f.n, &spec, res);
    o->fit.C = o->grid[res->best];
    write_cv_report(o, write_cv_table, res);
    *rec = (struct model_cv){.grid = res->C,
                             .ngrid = res->nC,
                             .metric = o->metric == CV_AUC ? "auc" : "log_loss",
                             .fold_col = o->spec.fold,
                             .nfolds = f.n,
                             .seed = o->seed,
                             .mean_log_loss = res->mean_log_loss,
                             .mean_auc = res->mean_auc};
    free_folds(&f);
}

/* Choose the number of rounds of the trees by cross-validation on d: set
 * o->tr.params.rounds, write the report if asked, fill *rec (res's arrays).
 * Not inlined, as choose_C. */
__attribute__((noinline)) static void choose_rounds(struct options *o, const struct design *d,
                                                    struct trees_cv *res, struct model_cv *rec)
{
    struct folds f = make_folds(o, d);
    enum booster_metric which = o->metric == CV_AUC ? BOOSTER_AUC : BOOSTER_LOGLOSS;
    trees_cross_validate(d, f.fold, f.names, f.n, &o->tr, which, res);
    o->tr.params.rounds = res->best;
    write_cv_report(o, write_trees_cv_table, res);
    *rec = (struct model_cv){.ngrid = (size_t)res->rounds,
                             .metric = which == BOOSTER_AUC ? "auc" : "log_loss",
                             .fold_col = o->spec.fold,
                             .nfolds = f.n,
                             .seed = o->seed,
                             .mean_log_loss = which == BOOSTER_AUC ? NULL : res->mean,
                             .mean_auc = which == BOOSTER_AUC ? res->mean : NULL};
    free_folds(&f);
}

static void options_free(struct options *o)
{
    free(o->grid);
    cli_list_free(o->spec.features, o->spec.nfeatures);
    cli_list_free(o->spec.exclude, o->spec.nexclude);
    cli_list_free(o->spec.categorical, o->spec.ncategorical);
    cli_list_free(o->spec.ref_columns, o->spec.nref);
    cli_list_free(o->spec.ref_levels, o->spec.nref);
    cli_list_free(o->na, o->nna);
}

/* --reduce: the partial sums of FILE for a pass's request. */
static int reduce(struct options *o)
{
    struct partial_request *q = partial_read_request(o->reduce);
    struct tsv_reader *r =
        tsv_open(o->input, &(struct tsv_options){.format = q->format, .na = q->na, .nna = q->nna});
    struct out *out = out_open(o->output);
    partial_reduce(q, o->shard, r, out_fp(out));
    out_close(out);
    tsv_close(r);
    partial_request_free(q);
    options_free(o);
    return 0;
}

/* The fit over c's shards (their header d), the model named after input
 * with the digest dg. */
static int fit_shards(struct options *o, struct cluster *c, const struct design *d,
                      const char *input, struct digest *dg)
{
    struct fit_source src = {.nterms = d->nterms, .rows = d->rows, .sums = cluster_sums, .ctx = c};
    struct fit_result fr;
    fit_source_run(&src, &o->fit, &fr);
    report_convergence(&fr, o->fit.max_iter);
    report_separation(&fr);
    char sha256[DIGEST_HEX_SIZE];
    digest_hex(dg, sha256);
    write_model(o, d, &fr, input, sha256, NULL);
    fit_result_free(&fr);
    cluster_close(c);
    options_free(o);
    return 0;
}

/* --merge: one fit over the shards, each pass run by the pass command; the
 * model's digest is that of the list of shards. */
static int merge(struct options *o)
{
    struct cluster c;
    const struct design *d =
        cluster_open(&c, o->merge, o->pass_command, &o->spec, o->format, o->na, o->nna);
    struct digest dg;
    digest_init(&dg);
    for (size_t i = 0; i < c.n; i++)
        digest_observe(&dg, c.labels[i], strlen(c.labels[i]) + 1);
    return fit_shards(o, &c, d, o->merge, &dg);
}

/* --memory: whether FILE is too large to hold (it must be a file, which
 * can be read once per pass); *size gets its size. */
static bool too_large(const struct options *o, unsigned long long *size)
{
    struct stat st;
    if (!o->input || strcmp(o->input, "-") == 0)
        die("--memory: the table must be a file that can be read again, not standard input");
    if (stat(o->input, &st) != 0)
        die_errno("%s", o->input);
    if (!S_ISREG(st.st_mode))
        die("--memory: %s is not a regular file, which each pass must read again", o->input);
    *size = (unsigned long long)st.st_size;
    return *size > o->memory / 4;
}

/* --memory, a large FILE: its chunks are the shards, read here in turn,
 * as many rows in each as take a quarter of SIZE as a design. */
static int stream(struct options *o, unsigned long long size)
{
    if (o->trees)
        die_usage("option '--trees' needs the table in memory, and %s is larger than a quarter "
                  "of --memory (the trees are fitted in memory only)",
                  o->input);
    if (o->impute == IMPUTE_MEDIAN)
        die_usage("option '--impute median' needs the table in memory, and %s is larger than a "
                  "quarter of --memory: a median does not merge from the chunks' partial sums, "
                  "as a mean does (use --impute mean, or a larger --memory)",
                  o->input);
    struct tsv_reader *r = tsv_open(o->input, &(struct tsv_options){.format = o->format});
    size_t chunk_rows = (size_t)(o->memory / 4 / (16 + 8 * (unsigned long long)tsv_width(r)));
    tsv_close(r);
    /* A file of a megabyte or more: hashed on the other core while the first
     * pass reads it, as in memory; a smaller one as the first pass reads it. */
    struct digest dg;
    digest_init(&dg);
    dg.fd = size >= (1 << 20) ? open(o->input, O_RDONLY) : -1;
    struct cluster c;
    const struct design *d =
        cluster_open_file(&c, o->input, chunk_rows, &o->spec, o->format, o->na, o->nna,
                          (struct cluster_beside){.observe = dg.fd >= 0 ? NULL : digest_observe,
                                                  .start = dg.fd >= 0 ? digest_start : NULL,
                                                  .ctx = &dg});
    int status = fit_shards(o, &c, d, o->input, &dg);
    if (dg.fd >= 0)
        close(dg.fd);
    return status;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    /* The trees' constraints name features, checked with the columns. */
    struct columns_names constrained[] = {
        {"--increasing", o.tr.increasing, o.tr.nincreasing},
        {"--decreasing", o.tr.decreasing, o.tr.ndecreasing},
    };
    if (o.trees) {
        o.spec.subsets = constrained;
        o.spec.nsubsets = 2;
    }
    if (o.reduce)
        return reduce(&o);
    if (o.merge)
        return merge(&o);
    unsigned long long size;
    if (o.memory && too_large(&o, &size))
        return stream(&o, size);
    struct progress pr;
    progress_start(&pr);
    struct digest dg;
    digest_init(&dg);
    struct tsv_reader *r = tsv_open(o.input, &(struct tsv_options){.format = o.format,
                                                                   .observe = digest_observe,
                                                                   .observe_ctx = &dg,
                                                                   .max_line = o.max_line,
                                                                   .na = o.na,
                                                                   .nna = o.nna});
    int fd;
    unsigned long long offset;
    /* A file of a megabyte or more: hashed on the other core. */
    if (tsv_detach_observer(r, 1 << 20, &fd, &offset))
        digest_rest_of_file(&dg, fd, offset);
    o.spec.progress = progress_rows;
    o.spec.progress_ctx = &pr;
    struct design *d = design_read(r, &o.spec);
    if (o.impute) /* filled after the cross-validation, which fills each fold's part */
        impute_check(d, o.impute, tsv_name(r));
    bool cross_validate = o.folds || o.spec.fold;
    if (o.trees) {
        struct trees_cv tcv;
        struct model_cv tcv_record;
        if (cross_validate)
            choose_rounds(&o, d, &tcv, &tcv_record);
        char sha256[DIGEST_HEX_SIZE];
        digest_hex(&dg, sha256);
        fit_trees(&o, d, tsv_name(r), sha256, cross_validate ? &tcv_record : NULL);
        if (cross_validate)
            trees_cv_free(&tcv);
        progress_end(&pr);
        free(o.grid);
        design_free(d);
        tsv_close(r);
        cli_list_free(o.tr.increasing, o.tr.nincreasing);
        cli_list_free(o.tr.decreasing, o.tr.ndecreasing);
        o.grid = NULL;
        options_free(&o);
        return 0;
    }
    struct cv_result cv;
    struct model_cv cv_record;
    if (cross_validate)
        choose_C(&o, d, &cv, &cv_record);
    if (o.impute)
        impute_design(d, o.impute, tsv_name(r));
    design_standardize(d);
    o.fit.progress = progress_iteration;
    o.fit.progress_ctx = &pr;
    struct fit_result fr;
    fit_logistic(d, &o.fit, &fr);
    progress_end(&pr);
    report_convergence(&fr, o.fit.max_iter);
    report_separation(&fr);
    char sha256[DIGEST_HEX_SIZE];
    digest_hex(&dg, sha256);
    write_model(&o, d, &fr, tsv_name(r), sha256, cross_validate ? &cv_record : NULL);
    if (cross_validate)
        cv_result_free(&cv);
    fit_result_free(&fr);
    design_free(d);
    tsv_close(r);
    options_free(&o);
    return 0;
}
