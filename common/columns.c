/* columns.c - the columns a tool works on; see columns.h. */
#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "xalloc.h"

void columns_list_set(char ***items, size_t *n, const char *opt, const char *arg)
{
    if (*arg == '\0') { /* the column with no name (R's row names): --exclude '' */
        cli_list_free(*items, *n);
        *items = xmalloc(sizeof **items);
        (*items)[0] = xstrdup("");
        *n = 1;
        return;
    }
    cli_list_set(items, n, opt, arg);
    for (size_t i = 1; i < *n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp((*items)[i], (*items)[j]) == 0)
                die_usage("option '%s': column '%s' is named twice", opt, (*items)[i]);
}

size_t *columns_find(const struct tsv_reader *r, char *const *names, size_t n)
{
    size_t *cols = xreallocarray(NULL, n ? n : 1, sizeof *cols);
    for (size_t i = 0; i < n; i++)
        cols[i] = tsv_column(r, names[i]);
    return cols;
}

/* Every column of a list is in the header. */
static void require_all(const struct tsv_reader *r, char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        (void)tsv_column(r, names[i]);
}

/* The columns named, all of them there, before any is judged. */
static void require_named(const struct tsv_reader *r, const struct columns_spec *s,
                          struct columns *c)
{
    if (s->target)
        c->target = columns_target(r, s->target);
    if (s->id && s->id_required)
        (void)tsv_column(r, s->id);
    c->fold = s->fold ? (long)tsv_column(r, s->fold) : -1;
    require_all(r, s->features, s->nfeatures);
    require_all(r, s->exclude, s->nexclude);
    require_all(r, s->categorical, s->ncategorical);
    for (size_t i = 0; i < s->nsubsets; i++)
        require_all(r, s->subsets[i].names, s->subsets[i].n);
}

static bool is_target(const struct columns_spec *s, const char *name)
{
    return s->target && strcmp(name, s->target) == 0;
}

static bool is_fold(const struct columns_spec *s, const char *name)
{
    return s->fold && strcmp(name, s->fold) == 0;
}

/* -x's columns less the excluded ones, or the header's but those left out. */
static void choose_features(const struct tsv_reader *r, const struct columns_spec *s,
                            struct columns *c)
{
    c->col = xcalloc(tsv_width(r), sizeof *c->col);
    c->n = 0;
    if (s->features) {
        for (size_t i = 0; i < s->nfeatures; i++) {
            const char *name = s->features[i];
            if (is_target(s, name))
                die_usage("option '-x': '%s' is the target, not a feature", name);
            if (is_fold(s, name))
                die_usage("option '-x': '%s' is the fold column (--folds), not a feature", name);
            if (!cli_list_has(s->exclude, s->nexclude, name))
                c->col[c->n++] = tsv_column(r, name);
        }
        return;
    }
    long id = s->id ? tsv_find(r, s->id) : -1;
    for (size_t col = 0; col < tsv_width(r); col++) {
        const char *name = tsv_header(r, col);
        if (!is_target(s, name) && (long)col != c->fold && (long)col != id &&
            !cli_list_has(s->exclude, s->nexclude, name))
            c->col[c->n++] = col;
    }
}

/* Whether name is one of the features chosen. */
static bool is_feature(const struct tsv_reader *r, const struct columns *c, const char *name)
{
    for (size_t j = 0; j < c->n; j++)
        if (strcmp(tsv_header(r, c->col[j]), name) == 0)
            return true;
    return false;
}

static void require_features(const struct tsv_reader *r, const struct columns *c, const char *opt,
                             char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_feature(r, c, names[i]))
            die_usage("option '%s': '%s' is not a feature", opt, names[i]);
}

void columns_choose(const struct tsv_reader *r, const struct columns_spec *s, struct columns *c)
{
    *c = (struct columns){0};
    require_named(r, s, c);
    if (s->fold && is_target(s, s->fold))
        die_usage("option '--folds': '%s' is the target", s->fold);
    choose_features(r, s, c);
    require_features(r, c, "--categorical", s->categorical, s->ncategorical);
    for (size_t i = 0; i < s->nsubsets; i++)
        require_features(r, c, s->subsets[i].opt, s->subsets[i].names, s->subsets[i].n);
    if (c->n == 0)
        die("%s: no feature columns (all are the target or excluded)", tsv_name(r));
    for (size_t j = 0; j < c->n; j++)
        if (*tsv_header(r, c->col[j]) == '\0')
            die("%s: a column has no name (R's write.csv names its row names so); as a feature "
                "it would be the rows' numbers: leave it out with --exclude ''",
                tsv_name(r));
    c->categorical = xcalloc(c->n, sizeof *c->categorical);
    for (size_t j = 0; j < c->n; j++)
        c->categorical[j] = cli_list_has(s->categorical, s->ncategorical, tsv_header(r, c->col[j]));
    if (!s->json)
        return;
    if (s->target)
        tsv_require_utf8_name(r, c->target);
    if (s->fold)
        tsv_require_utf8_name(r, (size_t)c->fold);
    for (size_t j = 0; j < c->n; j++)
        tsv_require_utf8_name(r, c->col[j]);
}

void columns_free(struct columns *c)
{
    free(c->col);
    free(c->categorical);
    *c = (struct columns){0};
}

bool columns_identifier_like(size_t levels, size_t rows)
{
    return rows >= 20 && 10 * levels >= 9 * rows;
}

void columns_die_identifier(const char *where, const char *name, size_t levels, size_t rows)
{
    die("%s: column '%s' looks like an identifier (%zu distinct values in %zu rows); "
        "leave it out with --exclude %s",
        where, name, levels, rows, name);
}

size_t columns_level(struct levels *lv, const struct tsv_reader *r, size_t col, bool json)
{
    size_t before = levels_size(lv);
    size_t id = levels_add(lv, tsv_get(r, col), tsv_len(r, col));
    if (json && levels_size(lv) > before)
        tsv_require_utf8(r, col);
    return id;
}

/* "'No' (3000 rows), 'Yes' (1000 rows)", the first ten values in byte order. */
static char *list_values(const struct levels *values)
{
    size_t n = levels_size(values);
    size_t *order = levels_order(values);
    char *list = xstrdup("");
    for (size_t k = 0; k < n && k < 10; k++) {
        char q[ERR_QUOTE_SIZE], *more;
        unsigned long long rows = levels_counts(values, order[k])[0];
        if (asprintf(&more, "%s%s'%s' (%llu %s)", list, k ? ", " : "",
                     err_quote(q, levels_name(values, order[k])), rows,
                     rows == 1 ? "row" : "rows") < 0)
            die("out of memory");
        free(list);
        list = more;
    }
    if (n > 10) {
        char *more;
        if (asprintf(&more, "%s and %zu more", list, n - 10) < 0)
            die("out of memory");
        free(list);
        list = more;
    }
    free(order);
    return list;
}

void columns_check_labels(const char *where, const char *column, const char *positive,
                          const struct levels *values)
{
    bool found = levels_index(values, positive, strlen(positive)) >= 0;
    if (found && levels_size(values) <= 2)
        return;
    char *list = list_values(values);
    char q[2][ERR_QUOTE_SIZE];
    if (!found)
        die("%s: column '%s' has no row with the positive value '%s'; its values: %s", where,
            err_quote(q[0], column), err_quote(q[1], positive), list);
    die("%s: column '%s' has %zu values, not two: %s", where, err_quote(q[0], column),
        levels_size(values), list);
}

size_t columns_target(const struct tsv_reader *r, const char *name)
{
    if (tsv_find(r, name) < 0)
        tsv_die_missing(r, name, "; name the target column with -y");
    return tsv_column(r, name);
}

bool columns_counts_rows(const double *x, size_t n)
{
    if (n < 20)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(x[i] == (double)(long long)x[i]) || (i > 0 && !(x[i] > x[i - 1])))
            return false;
    return true;
}

void columns_die_counter(const char *where, const char *name)
{
    die("%s: column '%s' looks like an identifier (whole numbers counting up, one per row); "
        "leave it out with --exclude %s",
        where, name, name);
}
