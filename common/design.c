/* design.c - reading a training table into a compact design; see design.h. */
#include "design.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "err.h"
#include "model.h"
#include "levels.h"
#include "lines.h"
#include "num.h"
#include "typing.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * A candidate feature while the table is read.  A column that may yet turn
 * out categorical must be able to give back the text of every value so far.
 * While its values are numbers written the way num_format() writes them
 * ("12", "0.5"), their doubles are enough; the first other spelling ("012",
 * "1e3", "0.50") starts a table of the texts, which is dropped once it holds
 * more than max_levels (such a column cannot be categorical any more).
 */
struct column {
    size_t col;
    bool numeric;     /* every value so far is a number */
    bool many_levels; /* more than max_levels distinct values: never categorical */
    bool forced;      /* named in --categorical */
    double *x;
    uint16_t *ids;         /* with levels: the level of each row */
    struct levels *levels; /* NULL while the doubles say it all, or after many_levels */
    /* the level last met per hash of a text (guess_slot), as its id + 1 (0:
     * none): a column's few levels come back row after row, and one
     * comparison with the guess is cheaper than a lookup */
    uint16_t guess[256];
    char *first_text; /* the first value that is not a number, and its line */
    unsigned long first_text_line;
    bool numbers_first; /* numbers came before it */
    size_t missing;     /* rows with an empty field */
    unsigned long first_missing_line;
    /* Spellings of a missing value ("NA") met while the column is numeric:
     * their rows, each token's id in tokens (whose counter is its rows). */
    struct levels *tokens;
    size_t *token_row;
    uint16_t *token_id;
    size_t ntokens, tokens_cap;
};

struct reader {
    struct tsv_reader *r;
    const struct design_spec *spec;
    struct column *c;
    size_t nc;
    size_t target;
    size_t rows, cap;
    uint8_t *y;
    long fold_col;         /* the fold column, or -1 */
    struct levels *folds;  /* its values */
    uint32_t *fold;        /* each row's, numbered as first seen */
    struct levels *labels; /* with a positive label: the target's values, counted */
    /* the reader of a large file's second half, on a thread (read_tail):
     * where the first would die it gives up, failed, without a word, and
     * the first reader then reads its rows itself.  What only the whole
     * table can judge (a labelled target's values, missing values and
     * spellings of one) it counts, for the join to add to the first's. */
    bool soft, failed;
};

/* Where the reader would die: true for the second half's, which gives up
 * instead (its rows are then read again by the first's). */
static bool give_up(struct reader *rd)
{
    if (rd->soft)
        rd->failed = true;
    return rd->soft;
}

/* The id of the current row's field col, text[0, len), among lv's levels.
 * A new level must be UTF-8 (it goes into the model, which is JSON): the
 * second half's reader gives up where the first dies. */
static size_t level_of(struct reader *rd, struct levels *lv, size_t col, const char *text,
                       size_t len)
{
    size_t before = levels_size(lv);
    size_t id = levels_add(lv, text, len);
    if (levels_size(lv) > before && !utf8_valid(text, len) && !give_up(rd))
        tsv_require_utf8(rd->r, col);
    return id;
}

/* ---------- which columns ---------- */

static void choose_columns(struct reader *rd)
{
    const struct design_spec *s = rd->spec;
    struct tsv_reader *r = rd->r;
    struct columns_spec cs = {
        .target = s->target,
        .features = s->features,
        .nfeatures = s->nfeatures,
        .exclude = s->exclude,
        .nexclude = s->nexclude,
        .categorical = s->categorical,
        .ncategorical = s->ncategorical,
        .fold = s->fold,
        .subsets = s->subsets,
        .nsubsets = s->nsubsets,
        .json = true, /* the names go into the model */
    };
    struct columns c;
    columns_choose(r, &cs, &c);
    rd->target = c.target;
    rd->fold_col = c.fold;
    if (s->fold)
        rd->folds = levels_new(0);
    /* Each column makes a term at least (or is constant): refuse before the
     * rows are held, not after. */
    if (c.n >= MODEL_MAX_TERMS)
        die("%s: %zu feature columns are too many (a model has at most %d terms); "
            "choose some with -x",
            tsv_name(r), c.n, MODEL_MAX_TERMS);
    rd->c = xcalloc(c.n, sizeof *rd->c);
    rd->nc = c.n;
    for (size_t i = 0; i < c.n; i++) {
        bool forced = c.categorical[i];
        rd->c[i] = (struct column){.col = c.col[i],
                                   .numeric = !forced,
                                   .forced = forced,
                                   .levels = forced ? levels_new(0) : NULL};
    }
    columns_free(&c);
}

/* ---------- one row ---------- */

static void grow(struct reader *rd)
{
    size_t cap = rd->cap;
    /* a chunk of a known number of rows at once: no copy as it fills */
    if (cap == 0 && rd->spec->max_rows && rd->spec->max_rows < SIZE_MAX / 16) {
        cap = rd->spec->max_rows;
        rd->y = xreallocarray(rd->y, cap, sizeof *rd->y);
    } else {
        rd->y = xgrow(rd->y, &cap, rd->rows + 1, sizeof *rd->y);
    }
    if (rd->folds)
        rd->fold = xreallocarray(rd->fold, cap, sizeof *rd->fold);
    for (size_t i = 0; i < rd->nc; i++) {
        struct column *c = &rd->c[i];
        if (c->numeric)
            c->x = xreallocarray(c->x, cap, sizeof *c->x);
        if (c->levels)
            c->ids = xreallocarray(c->ids, cap, sizeof *c->ids);
    }
    rd->cap = cap;
}

/* Values of a target with a positive label past which it is no target. */
#define TARGET_MAX_LABELS 1000

static uint8_t read_target(struct reader *rd)
{
    struct tsv_reader *r = rd->r;
    const char *positive = rd->spec->positive;
    if (!positive && rd->soft) {
        int v = tsv_zero_one_try(r, rd->target);
        return v < 0 && give_up(rd) ? 0 : (uint8_t)v;
    }
    if (!positive)
        return tsv_zero_one(r, rd->target, "name the positive value with --positive");
    const char *text = tsv_get(r, rd->target);
    size_t len = tsv_len(r, rd->target);
    if (len == 0 && give_up(rd))
        return 0;
    if (len == 0)
        tsv_die_col(r, rd->target, "missing value");
    if (!rd->labels)
        rd->labels = levels_new(1);
    unsigned long long *n = levels_get(rd->labels, text, len);
    /* not a target: say so now (the second half's reader leaves it to the first) */
    if ((*n)++ == 0 && levels_size(rd->labels) > TARGET_MAX_LABELS && !give_up(rd))
        columns_check_labels(tsv_name(r), tsv_header(r, rd->target), positive, rd->labels);
    return strcmp(text, positive) == 0;
}

/* A column with too many levels to be categorical: say why, and what to do. */
static _Noreturn void too_many_levels(const struct reader *rd, const struct column *c, size_t rows)
{
    const char *name = tsv_header(rd->r, c->col);
    size_t n = levels_size(c->levels);
    char q[ERR_QUOTE_SIZE];
    if (c->numbers_first) /* numbers but for some words: say where the first is */
        die("%s:%lu: column '%s': '%s' is not a number (and the column has too many "
            "distinct values to be categorical)",
            tsv_name(rd->r), c->first_text_line, name, err_quote(q, c->first_text));
    if (columns_identifier_like(n, rows))
        columns_die_identifier(tsv_name(rd->r), name, n, rows);
    die("%s: column '%s' has more than %zu levels; leave it out with --exclude %s "
        "or allow more with --max-levels",
        tsv_name(rd->r), name, rd->spec->max_levels, name);
}

/* A slot of struct column's guess for text[0, len), len > 0. */
static size_t guess_slot(const char *text, size_t len)
{
    return (len * 31 + (unsigned char)text[0] * 7 + (unsigned char)text[len - 1]) & 255;
}

/* Whether the level called name is text[0, len) (which has no NUL). */
static bool is_level(const char *name, const char *text, size_t len)
{
    for (size_t k = 0; k < len; k++)
        if (name[k] != text[k])
            return false;
    return name[len] == '\0';
}

/* Intern the current row's level; false if that makes too many.  The levels
 * go into the model, which is JSON. */
static bool add_level(struct reader *rd, struct column *c, const char *text, size_t len)
{
    size_t slot = len ? guess_slot(text, len) : 0, g = len ? c->guess[slot] : 0;
    if (g && is_level(levels_name(c->levels, g - 1), text, len)) {
        c->ids[rd->rows] = (uint16_t)(g - 1);
        return true;
    }
    size_t id = level_of(rd, c->levels, c->col, text, len);
    if (levels_size(c->levels) > rd->spec->max_levels)
        return false;
    c->ids[rd->rows] = (uint16_t)id;
    if (len)
        c->guess[slot] = (uint16_t)(id + 1);
    return true;
}

/* A number that num_format() writes exactly so: "-12", "0.25", not "012",
 * "+1", "1.50", "1e3", "0.00001" (1e-05) or more than 15 digits. */
static bool canonical_number(const char *s)
{
    const char *p = s + (*s == '-');
    int digits = 0, zeros = 0; /* significant digits; zeros after "0." */
    if (*p == '0') {
        p++;
    } else {
        while (*p >= '0' && *p <= '9')
            p++, digits++;
        if (digits == 0)
            return false;
    }
    if (*p == '\0')
        return digits <= 15 && !(digits == 0 && *s == '-'); /* not "-0" */
    if (*p++ != '.')
        return false;
    const char *frac = p;
    while (*p >= '0' && *p <= '9') {
        if (digits == 0 && *p == '0' && zeros == p - frac)
            zeros++;
        else
            digits++;
        p++;
    }
    return *p == '\0' && p > frac && p[-1] != '0' && digits <= 15 && zeros <= 3;
}

/* Start the table of levels of a numeric column from the texts of its doubles;
 * false if there are more than max_levels of them. */
static bool start_levels(struct reader *rd, struct column *c)
{
    c->levels = levels_new(0);
    memset(c->guess, 0, sizeof c->guess);
    c->ids = xreallocarray(NULL, rd->cap, sizeof *c->ids);
    char buf[NUM_BUFSZ];
    for (size_t i = 0; i < rd->rows; i++) {
        if (isnan(c->x[i])) { /* a missing value (missing_ok) */
            c->ids[i] = DESIGN_MISSING_LEVEL;
            continue;
        }
        size_t id = levels_add(c->levels, buf, num_format(c->x[i], buf));
        if (levels_size(c->levels) > rd->spec->max_levels)
            return false;
        c->ids[i] = (uint16_t)id;
    }
    return true;
}

static void drop_levels(struct column *c)
{
    levels_free(c->levels);
    c->levels = NULL;
    free(c->ids);
    c->ids = NULL;
    c->many_levels = true;
}

/* A value that is not a number: the column is categorical from now on. */
static void turn_categorical(struct reader *rd, struct column *c, const char *text)
{
    struct tsv_reader *r = rd->r;
    char q[ERR_QUOTE_SIZE];
    if (c->many_levels || (!c->levels && !start_levels(rd, c))) {
        if (give_up(rd))
            return;
        tsv_die_col(r, c->col,
                    "'%s' is not a number (and the column has too many distinct values to be "
                    "categorical)",
                    err_quote(q, text));
    }
    c->numeric = false;
    free(c->x);
    c->x = NULL;
    c->first_text = xstrdup(text);
    c->first_text_line = tsv_line(r);
    c->numbers_first = rd->rows > 0;
}

/* A spelling of a missing value in a column that is numeric so far: kept
 * aside, as NaN, so that a column of numbers and "NA" can be reported with
 * its count, and given back as a level if the column turns categorical. */
static void note_token(struct reader *rd, struct column *c, const char *text)
{
    if (!c->tokens)
        c->tokens = levels_new(1);
    size_t id = levels_add(c->tokens, text, strlen(text));
    levels_counts(c->tokens, id)[0]++;
    if (c->ntokens == c->tokens_cap) {
        size_t cap = c->tokens_cap;
        c->token_row = xgrow(c->token_row, &cap, c->ntokens + 1, sizeof *c->token_row);
        c->token_id = xreallocarray(c->token_id, cap, sizeof *c->token_id);
        c->tokens_cap = cap;
    }
    c->token_row[c->ntokens] = rd->rows;
    c->token_id[c->ntokens++] = (uint16_t)id;
    c->x[rd->rows] = NAN;
    if (c->levels)
        c->ids[rd->rows] = DESIGN_MISSING_LEVEL;
}

/* The column turned categorical: its tokens are levels like any other text. */
static void tokens_to_levels(struct reader *rd, struct column *c)
{
    for (size_t k = 0; k < c->ntokens; k++) {
        const char *t = levels_name(c->tokens, c->token_id[k]);
        size_t id = levels_add(c->levels, t, strlen(t));
        if (levels_size(c->levels) > rd->spec->max_levels)
            too_many_levels(rd, c, rd->rows + 1);
        c->ids[c->token_row[k]] = (uint16_t)id;
    }
    c->ntokens = 0;
    levels_free(c->tokens);
    c->tokens = NULL;
}

static void read_number(struct reader *rd, struct column *c, const char *text, size_t len)
{
    enum num_status st = num_parse_n(text, len, &c->x[rd->rows]);
    char q[ERR_QUOTE_SIZE];
    if (st == NUM_RANGE && give_up(rd))
        return;
    if (st == NUM_RANGE)
        tsv_die_col(rd->r, c->col, "'%s' %s", err_quote(q, text), num_status_text(st));
    if (st != NUM_OK && typing_na_token(text)) {
        note_token(rd, c, text);
        return;
    }
    if (st != NUM_OK) {
        turn_categorical(rd, c, text);
        tokens_to_levels(rd, c);
        if (!rd->failed && !add_level(rd, c, text, len) && !give_up(rd))
            too_many_levels(rd, c, rd->rows + 1);
        return;
    }
    if (c->many_levels)
        return;
    if (!c->levels && canonical_number(text))
        return;
    if ((!c->levels && !start_levels(rd, c)) || !add_level(rd, c, text, len))
        drop_levels(c);
}

static void read_feature(struct reader *rd, struct column *c)
{
    struct tsv_reader *r = rd->r;
    const char *text = tsv_get(r, c->col);
    size_t len = tsv_len(r, c->col);
    if (len == 0) { /* judged on the whole table (check_missing) */
        if (c->missing++ == 0)
            c->first_missing_line = tsv_line(r);
        if (c->numeric)
            c->x[rd->rows] = NAN;
        if (c->levels)
            c->ids[rd->rows] = DESIGN_MISSING_LEVEL;
        return;
    }
    if (c->numeric)
        read_number(rd, c, text, len);
    else if (!add_level(rd, c, text, len) && !give_up(rd))
        too_many_levels(rd, c, rd->rows + 1);
}

/* The row's fold, by the value of the fold column. */
static void read_fold(struct reader *rd)
{
    size_t col = (size_t)rd->fold_col;
    const char *text = tsv_get(rd->r, col);
    size_t len = tsv_len(rd->r, col);
    if (len == 0 && give_up(rd))
        return;
    if (len == 0)
        tsv_die_col(rd->r, col, "missing value (every row needs a fold)");
    /* a fold's name is a level like any other: UTF-8 */
    rd->fold[rd->rows] = (uint32_t)level_of(rd, rd->folds, col, text, len);
}

/* The reader's current row; the second half's may fail at it. */
static void read_row(struct reader *rd)
{
    if (rd->rows == rd->cap)
        grow(rd);
    rd->y[rd->rows] = read_target(rd);
    if (rd->folds)
        read_fold(rd);
    for (size_t i = 0; i < rd->nc && !rd->failed; i++)
        read_feature(rd, &rd->c[i]);
    rd->rows++;
}

static void read_rows(struct reader *rd)
{
    size_t most = rd->spec->max_rows ? rd->spec->max_rows : SIZE_MAX;
    while (rd->rows < most && tsv_next(rd->r)) {
        read_row(rd);
        if (rd->spec->progress && rd->rows % 65536 == 0)
            rd->spec->progress(rd->spec->progress_ctx, rd->rows);
    }
}

/* ---------- the finished design ---------- */

static void check_classes(const struct reader *rd, size_t positives)
{
    if (positives > 0 && positives < rd->rows)
        return;
    const char *name = tsv_header(rd->r, rd->target);
    char q[ERR_QUOTE_SIZE];
    if (rd->spec->positive)
        die("%s: column '%s' has no row with %s '%s'; a model needs both classes", tsv_name(rd->r),
            name, positives ? "a value other than" : "the positive value",
            err_quote(q, rd->spec->positive));
    die("%s: column '%s' is %s in every row; a model needs both classes", tsv_name(rd->r), name,
        positives ? "1" : "0");
}

/* The names of t's levels in byte order; *rank gets each level's place
 * among them (free both). */
static char **names_in_order(const struct levels *t, size_t **rank)
{
    size_t n = levels_size(t);
    size_t *order = levels_order(t);
    char **names = xreallocarray(NULL, n, sizeof *names);
    *rank = xreallocarray(NULL, n, sizeof **rank);
    for (size_t i = 0; i < n; i++) {
        names[i] = xstrdup(levels_name(t, order[i]));
        (*rank)[order[i]] = i;
    }
    free(order);
    return names;
}

size_t design_reference(const struct design_feature *f, const size_t *rows,
                        const struct design_spec *s, const char *where)
{
    for (size_t k = 0; k < s->nref; k++) {
        if (strcmp(s->ref_columns[k], f->name) != 0)
            continue;
        for (size_t l = 0; l < f->nlevels; l++)
            if (strcmp(f->levels[l], s->ref_levels[k]) == 0)
                return l;
        char q[2][ERR_QUOTE_SIZE];
        die("--reference: column '%s' has no level '%s' in %s", err_quote(q[0], f->name),
            err_quote(q[1], s->ref_levels[k]), where);
    }
    if (s->reference != DESIGN_REF_FREQUENT)
        return f->nlevels > 1 && *f->levels[0] == '\0';
    /* the level of the most rows, "" only if it is the only level */
    size_t best = 0;
    for (size_t l = 1; l < f->nlevels; l++)
        if (rows[l] > rows[best] || (*f->levels[best] == '\0' && rows[l] > 0))
            best = l;
    return best;
}

/* The id (in byte order) of f's reference level, as the spec says. */
static size_t choose_reference(const struct reader *rd, const struct design_feature *f)
{
    size_t *n = xcalloc(f->nlevels, sizeof *n);
    for (size_t i = 0; i < rd->rows; i++)
        n[f->level[i]]++;
    size_t ref = design_reference(f, n, rd->spec, tsv_name(rd->r));
    free(n);
    return ref;
}

/* Move level ref of f first (the others keep their order), renumbering the rows. */
static void move_first(struct design_feature *f, size_t ref, size_t rows)
{
    char *name = f->levels[ref];
    memmove(f->levels + 1, f->levels, ref * sizeof *f->levels);
    f->levels[0] = name;
    for (size_t i = 0; i < rows; i++) {
        uint16_t id = f->level[i];
        f->level[i] = id == ref ? 0 : id < ref ? (uint16_t)(id + 1) : id;
    }
}

/* Sort the levels in byte order and renumber the rows' ids to match; then
 * the reference level first. */
static void finish_categorical(const struct reader *rd, struct column *c, struct design_feature *f)
{
    const char *name = tsv_header(rd->r, c->col);
    size_t *rank;
    f->levels = names_in_order(c->levels, &rank);
    for (size_t i = 0; i < rd->rows; i++)
        if (c->ids[i] != DESIGN_MISSING_LEVEL)
            c->ids[i] = (uint16_t)rank[c->ids[i]];
    f->nlevels = levels_size(c->levels);
    f->level = c->ids;
    c->ids = NULL;
    free(rank);
    if (!rd->spec->missing_ok && !rd->spec->shard) {
        size_t ref = choose_reference(rd, f);
        if (ref)
            move_first(f, ref, rd->rows);
    }
    if (c->numbers_first)
        typing_warn_stray(tsv_name(rd->r), name, c->levels, c->first_text, c->first_text_line);
}

/* The folds named in byte order of their values, the rows renumbered. */
static void finish_folds(struct reader *rd, struct design *d)
{
    size_t *rank;
    d->fold_names = names_in_order(rd->folds, &rank);
    for (size_t i = 0; i < rd->rows; i++)
        rd->fold[i] = (uint32_t)rank[rd->fold[i]];
    d->fold = rd->fold;
    d->nfolds = levels_size(rd->folds);
    free(rank);
    levels_free(rd->folds);
}

/* The rows of level i of a column (for typing_check_na). */
static unsigned long long level_rows(const void *ctx, size_t i)
{
    const struct reader *rd = ((const void *const *)ctx)[0];
    const struct column *c = ((const void *const *)ctx)[1];
    unsigned long long n = 0;
    for (size_t k = 0; k < rd->rows; k++)
        n += c->ids[k] == i;
    return n;
}

/* A numeric column's missing values are an error unless they are to be
 * imputed (or the trees take them); a categorical column's make the level
 * "", after a check that the column is not numbers with a spelling of a
 * missing value the reader was not told about. */
static void check_missing(struct reader *rd, struct column *c)
{
    const char *name = tsv_header(rd->r, c->col);
    if (c->numeric && c->tokens)
        typing_die_na(tsv_name(rd->r), name, c->tokens);
    if (!c->numeric && !c->forced) {
        const void *ctx[2] = {rd, c};
        typing_check_na(tsv_name(rd->r), name, c->levels, level_rows, ctx);
    }
    if (!c->missing || rd->spec->missing_ok)
        return;
    if (c->numeric) {
        if (rd->spec->impute)
            return;
        die("%s:%lu: column '%s': missing value (%zu %s one); fill with --impute mean or "
            "--impute median, or leave the column out with --exclude %s",
            tsv_name(rd->r), c->first_missing_line, name, c->missing,
            c->missing == 1 ? "row has" : "rows have", name);
    }
    size_t id = levels_add(c->levels, "", 0);
    for (size_t k = 0; k < rd->rows; k++)
        if (c->ids[k] == DESIGN_MISSING_LEVEL)
            c->ids[k] = (uint16_t)id;
}

void design_check_references(const struct design_spec *s, const struct design *d)
{
    for (size_t k = 0; k < s->nref; k++) {
        bool found = false;
        for (size_t j = 0; j < d->nf; j++)
            found |=
                d->f[j].type == DESIGN_CATEGORICAL && strcmp(d->f[j].name, s->ref_columns[k]) == 0;
        if (!found)
            die("--reference: '%s' is not a categorical feature", s->ref_columns[k]);
    }
}

/* Everything that can still be wrong is checked before the design is made. */
static struct design *finish(struct reader *rd)
{
    size_t positives = 0;
    for (size_t i = 0; i < rd->rows; i++)
        positives += rd->y[i];
    if (rd->labels && !rd->spec->shard)
        columns_check_labels(tsv_name(rd->r), tsv_header(rd->r, rd->target), rd->spec->positive,
                             rd->labels);
    levels_free(rd->labels);
    rd->labels = NULL;
    if (!rd->spec->shard)
        check_classes(rd, positives);
    for (size_t i = 0; i < rd->nc; i++)
        check_missing(rd, &rd->c[i]);
    for (size_t i = 0; i < rd->nc && !rd->spec->shard; i++) {
        struct column *c = &rd->c[i];
        if (c->numeric && columns_counts_rows(c->x, rd->rows))
            columns_die_counter(tsv_name(rd->r), tsv_header(rd->r, c->col));
        if (!c->numeric && columns_identifier_like(levels_size(c->levels), rd->rows))
            too_many_levels(rd, c, rd->rows);
    }
    struct design *d = xcalloc(1, sizeof *d);
    d->rows = rd->rows;
    d->y = rd->y;
    d->positives = positives;
    d->f = xcalloc(rd->nc, sizeof *d->f);
    d->nf = rd->nc;
    d->nterms = 1;
    if (rd->folds)
        finish_folds(rd, d);
    for (size_t i = 0; i < rd->nc; i++) {
        struct column *c = &rd->c[i];
        struct design_feature *f = &d->f[i];
        f->name = xstrdup(tsv_header(rd->r, c->col));
        f->term = d->nterms;
        if (c->numeric) {
            f->type = DESIGN_NUMERIC;
            f->x = c->x;
            f->missing = c->missing;
            f->missing_line = c->first_missing_line;
            d->nterms++;
        } else {
            f->type = DESIGN_CATEGORICAL;
            finish_categorical(rd, c, f);
            d->nterms += f->nlevels - 1;
        }
        free(c->ids);
        levels_free(c->levels);
        free(c->first_text);
        levels_free(c->tokens);
        free(c->token_row);
        free(c->token_id);
    }
    free(rd->c);
    design_check_references(rd->spec, d);
    return d;
}

/* ---------- a large file's second half, on a thread ---------- */

/*
 * A file of a megabyte or more is split at a line near the middle
 * (tsv_split): the first half is read here, the second on a thread by a
 * reader of its own, which gives up at anything the first would die at
 * (give_up).  The halves then join as if one reader had read both: the
 * rows in order, a column's new levels numbered after the first half's in
 * the order they came, and what the whole table is judged by added up: the
 * target's values, each column's missing values (the first one's line
 * counted on from the first half's lines) and spellings of one.  Where they
 * cannot (the second half gave up, a column numeric in the first half has
 * words in the second, or the target has too many values between them),
 * the first reader reads the second half itself: a bad row gets the message
 * and line number it gets without the split.
 */
#define TAIL_MIN_BYTES (1 << 20)
/* The thread's buffer, and so the longest line it takes. */
#define TAIL_BUFFER (1 << 20)

struct design_tail {
    struct reader rd;        /* the second half's */
    struct design_spec spec; /* the first's, without progress reports */
    struct tsv_reader *block;
    int fd;
    unsigned long long offset;
    bool ok;
    pthread_t thread;
};

static void free_reader(struct reader *rd)
{
    free(rd->y);
    free(rd->fold);
    levels_free(rd->labels);
    levels_free(rd->folds);
    for (size_t i = 0; i < rd->nc; i++) {
        free(rd->c[i].x);
        free(rd->c[i].ids);
        levels_free(rd->c[i].levels);
        free(rd->c[i].first_text);
        levels_free(rd->c[i].tokens);
        free(rd->c[i].token_row);
        free(rd->c[i].token_id);
    }
    free(rd->c);
}

/* The rows of buf[0, len), whole lines; false if the reader gave up. */
static bool tail_rows(void *ctx, char *buf, size_t len)
{
    struct design_tail *t = ctx;
    tsv_block_set(t->block, buf, len, tsv_lines_read(t->block));
    enum tsv_block_status st;
    while ((st = tsv_block_next(t->block)) == TSV_ROW) {
        read_row(&t->rd);
        if (t->rd.failed)
            return false;
    }
    return st == TSV_END;
}

static void *run_tail(void *arg)
{
    struct design_tail *t = arg;
    char *buf = xmalloc(TAIL_BUFFER + 1); /* + 1: a NUL after the last line */
    t->ok = lines_read(t->fd, t->offset, buf, TAIL_BUFFER, tail_rows, t);
    free(buf);
    return NULL;
}

/* Split rd's file and start the second half's reader, with rd's columns;
 * false, and nothing started, when the file is not one to split. */
static bool design_tail_start(struct design_tail *t, const struct reader *rd)
{
    int fd;
    unsigned long long offset;
    if (!tsv_split(rd->r, TAIL_MIN_BYTES, &fd, &offset))
        return false;
    *t = (struct design_tail){.spec = *rd->spec, .fd = fd, .offset = offset};
    t->spec.progress = NULL;
    t->block = tsv_block_reader(rd->r);
    t->rd = (struct reader){.r = t->block,
                            .spec = &t->spec,
                            .nc = rd->nc,
                            .target = rd->target,
                            .fold_col = rd->fold_col,
                            .soft = true};
    t->rd.c = xcalloc(rd->nc, sizeof *t->rd.c);
    for (size_t i = 0; i < rd->nc; i++)
        t->rd.c[i] = (struct column){.col = rd->c[i].col,
                                     .numeric = rd->c[i].numeric,
                                     .forced = rd->c[i].forced,
                                     .levels = rd->c[i].levels ? levels_new(0) : NULL};
    if (rd->folds)
        t->rd.folds = levels_new(0);
    if (pthread_create(&t->thread, NULL, run_tail, t) != 0) {
        tsv_resume(rd->r);
        free_reader(&t->rd);
        tsv_close(t->block);
        return false;
    }
    return true;
}

/* Each of b's levels' id among a's, added to a in b's order. */
static size_t *join_levels(struct levels *a, const struct levels *b)
{
    size_t n = levels_size(b);
    size_t *map = xreallocarray(NULL, n ? n : 1, sizeof *map);
    for (size_t k = 0; k < n; k++)
        map[k] = levels_add(a, levels_name(b, k), strlen(levels_name(b, k)));
    return map;
}

/* The levels of b not in a. */
static size_t new_levels(const struct levels *a, const struct levels *b)
{
    size_t n = 0;
    for (size_t k = 0; k < levels_size(b); k++)
        n += levels_index(a, levels_name(b, k), strlen(levels_name(b, k))) < 0;
    return n;
}

/* Whether b's rows can follow a's as one reader would have read them
 * (b's numeric columns that a has as categorical get their texts). */
static bool joinable(const struct reader *a, struct reader *b)
{
    /* so many target values that the first reader dies in b's rows */
    if (b->labels && (a->labels ? levels_size(a->labels) + new_levels(a->labels, b->labels)
                                : levels_size(b->labels)) > TARGET_MAX_LABELS)
        return false;
    for (size_t i = 0; i < a->nc; i++) {
        const struct column *ca = &a->c[i];
        struct column *cb = &b->c[i];
        if (ca->numeric) {
            if (!cb->numeric)
                return false; /* words after numbers: the first reader says how */
            continue;
        }
        /* spellings of a missing value that would be levels, numbers and all */
        if (cb->numeric && (cb->tokens || cb->many_levels || (!cb->levels && !start_levels(b, cb))))
            return false;
        if (levels_size(ca->levels) + new_levels(ca->levels, cb->levels) > a->spec->max_levels)
            return false;
    }
    return true;
}

/* b's counts of each target value added to a's. */
static void join_labels(struct reader *a, const struct reader *b)
{
    if (b->labels && !a->labels)
        a->labels = levels_new(1);
    for (size_t k = 0; b->labels && k < levels_size(b->labels); k++) {
        const char *name = levels_name(b->labels, k);
        *levels_get(a->labels, name, strlen(name)) += levels_counts(b->labels, k)[0];
    }
}

/* b's missing values of a column after a's (b's first line lines on from a's
 * last), and its spellings of a missing value, if both are numeric. */
static void join_missing(struct column *ca, struct column *cb, size_t a_rows, unsigned long lines)
{
    if (cb->missing && !ca->missing)
        ca->first_missing_line = lines + cb->first_missing_line;
    ca->missing += cb->missing;
    if (!cb->tokens)
        return;
    if (!ca->tokens)
        ca->tokens = levels_new(1);
    size_t n = ca->ntokens + cb->ntokens, cap = ca->tokens_cap;
    ca->token_row = xgrow(ca->token_row, &cap, n, sizeof *ca->token_row);
    ca->token_id = xreallocarray(ca->token_id, cap, sizeof *ca->token_id);
    ca->tokens_cap = cap;
    size_t *map = join_levels(ca->tokens, cb->tokens);
    for (size_t k = 0; k < levels_size(cb->tokens); k++)
        levels_counts(ca->tokens, map[k])[0] += levels_counts(cb->tokens, k)[0];
    for (size_t k = 0; k < cb->ntokens; k++) {
        ca->token_row[ca->ntokens] = a_rows + cb->token_row[k];
        ca->token_id[ca->ntokens++] = (uint16_t)map[cb->token_id[k]];
    }
    free(map);
}

/* Column j of b's rows after a's, n rows in all. */
static void join_column(struct reader *a, struct reader *b, size_t j, size_t n)
{
    struct column *ca = &a->c[j], *cb = &b->c[j];
    if (ca->numeric) {
        ca->x = xreallocarray(ca->x, n, sizeof *ca->x);
        memcpy(ca->x + a->rows, cb->x, b->rows * sizeof *ca->x);
        free(cb->x);
        cb->x = NULL;
        return;
    }
    size_t *map = join_levels(ca->levels, cb->levels);
    ca->ids = xreallocarray(ca->ids, n, sizeof *ca->ids);
    for (size_t i = 0; i < b->rows; i++)
        ca->ids[a->rows + i] =
            cb->ids[i] == DESIGN_MISSING_LEVEL ? DESIGN_MISSING_LEVEL : (uint16_t)map[cb->ids[i]];
    free(map);
    free(cb->ids);
    cb->ids = NULL;
}

/* The columns a thread joins: every other one, from first. */
struct join_job {
    struct reader *a, *b;
    size_t first;
};

static void *join_columns(void *arg)
{
    struct join_job *job = arg;
    for (size_t j = job->first; j < job->a->nc; j += 2)
        join_column(job->a, job->b, j, job->a->rows + job->b->rows);
    return NULL;
}

/* b's rows after a's, the columns shared out between two threads (each
 * touches its own); each of b's arrays is freed once copied, so that
 * memory peaks at little more than the rows' once.  b's line numbers are
 * its own: lines, a's, go before them. */
static void join(struct reader *a, struct reader *b, unsigned long lines)
{
    join_labels(a, b);
    for (size_t j = 0; j < a->nc; j++)
        join_missing(&a->c[j], &b->c[j], a->rows, lines);
    size_t n = a->rows + b->rows;
    a->y = xreallocarray(a->y, n, sizeof *a->y);
    memcpy(a->y + a->rows, b->y, b->rows * sizeof *a->y);
    free(b->y);
    b->y = NULL;
    if (a->folds) {
        size_t *map = join_levels(a->folds, b->folds);
        a->fold = xreallocarray(a->fold, n, sizeof *a->fold);
        for (size_t i = 0; i < b->rows; i++)
            a->fold[a->rows + i] = (uint32_t)map[b->fold[i]];
        free(map);
    }
    struct join_job odd = {a, b, 1}, even = {a, b, 0};
    pthread_t helper;
    bool threaded = pthread_create(&helper, NULL, join_columns, &odd) == 0;
    join_columns(&even);
    if (threaded)
        pthread_join(helper, NULL);
    else
        join_columns(&odd);
    a->rows = a->cap = n;
}

/* Once rd has read the first half: wait for the second, and join it to rd
 * if it can be; false if rd must read it itself (tsv_resume). */
static bool design_tail_join(struct design_tail *t, struct reader *rd)
{
    pthread_join(t->thread, NULL);
    bool ok = t->ok && joinable(rd, &t->rd);
    if (ok)
        join(rd, &t->rd, tsv_lines_read(rd->r));
    free_reader(&t->rd);
    tsv_close(t->block);
    return ok;
}

struct design *design_read(struct tsv_reader *r, const struct design_spec *spec)
{
    struct reader rd = {.r = r, .spec = spec};
    choose_columns(&rd);
    struct design_tail t;
    bool split = !spec->max_rows && design_tail_start(&t, &rd);
    read_rows(&rd);
    if (split && !design_tail_join(&t, &rd)) {
        tsv_resume(r);
        read_rows(&rd);
    }
    if (rd.rows == 0 && !spec->shard)
        die("%s: no data rows", tsv_name(r));
    return finish(&rd);
}

void design_free(struct design *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nf; i++) {
        struct design_feature *f = &d->f[i];
        free(f->name);
        free(f->x);
        free(f->level);
        for (size_t j = 0; j < f->nlevels; j++)
            free(f->levels[j]);
        free(f->levels);
    }
    for (size_t k = 0; k < d->nfolds; k++)
        free(d->fold_names[k]);
    free(d->fold_names);
    free(d->fold);
    free(d->f);
    free(d->y);
    free(d);
}
