/* typing.c - numeric or categorical; see typing.h. */
#include "typing.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "xalloc.h"

void typing_warn_stray(const char *file, const char *column, const struct levels *lv,
                       const char *text, unsigned long line)
{
    size_t n = levels_size(lv), numbers = 0;
    double v;
    for (size_t i = 0; i < n; i++)
        numbers += num_parse(levels_name(lv, i), &v) == NUM_OK;
    char q[ERR_QUOTE_SIZE];
    if (numbers >= 3 && numbers + 1 == n)
        warn("%s: column '%s' is taken as categorical because of '%s' (line %lu); "
             "fix the data if it is meant to be numeric",
             file, column, err_quote(q, text), line);
}

/* The spellings of a missing value that exports and databases write. */
bool typing_na_token(const char *s)
{
    static const char *const tokens[] = {"NA",   "N/A",  "n/a",  "na",     "NaN",  "nan",
                                         "null", "NULL", "Null", "None",   "none", "?",
                                         "-",    ".",    "#N/A", "missing"};
    for (size_t i = 0; i < sizeof tokens / sizeof *tokens; i++)
        if (strcmp(s, tokens[i]) == 0)
            return true;
    return false;
}

void typing_die_na(const char *file, const char *column, const struct levels *tokens)
{
    size_t n = levels_size(tokens);
    char *found = NULL, *list = NULL;
    size_t *order = levels_order(tokens);
    for (size_t k = 0; k < n; k++) {
        const char *s = levels_name(tokens, order[k]);
        unsigned long long rows = levels_counts(tokens, order[k])[0];
        char *f, *l;
        if (asprintf(&f, "%s%s'%s' in %llu %s", found ? found : "", found ? ", " : "", s, rows,
                     rows == 1 ? "row" : "rows") < 0 ||
            asprintf(&l, "%s%s%s", list ? list : "", list ? "," : "", s) < 0)
            die("out of memory");
        free(found);
        free(list);
        found = f;
        list = l;
    }
    free(order);
    die("%s: column '%s': numbers, and %s; if %s, say so with --na %s", file, column, found,
        n == 1 ? "that means a missing value" : "those mean missing values", list);
}

void typing_check_na(const char *file, const char *column, const struct levels *lv,
                     unsigned long long (*count)(const void *ctx, size_t i), const void *ctx)
{
    size_t n = levels_size(lv), numbers = 0;
    double v;
    struct levels *tokens = levels_new(1);
    for (size_t i = 0; i < n; i++) {
        const char *s = levels_name(lv, i);
        if (num_parse(s, &v) == NUM_OK) {
            numbers++;
        } else if (typing_na_token(s)) {
            levels_get(tokens, s, strlen(s))[0] = count(ctx, i);
        } else {
            levels_free(tokens);
            return;
        }
    }
    if (numbers > 0 && levels_size(tokens) > 0)
        typing_die_na(file, column, tokens);
    levels_free(tokens);
}
