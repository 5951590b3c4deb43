/* table.c - what the reports of pm-bin and pm-psi share; see table.h. */
#include "table.h"

#include <math.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "utf8.h"

struct table_bin table_interval(double lower, double upper)
{
    return (struct table_bin){.lower = lower, .upper = upper};
}

struct table_bin table_level(const char *level)
{
    return (struct table_bin){.level = level, .lower = NAN, .upper = NAN};
}

struct table_bin table_missing(void)
{
    return (struct table_bin){.missing = true, .lower = NAN, .upper = NAN};
}

const char *table_label(const struct table_bin *b, size_t k, char *buf)
{
    if (b->missing)
        return NULL;
    if (b->level)
        return b->level;
    num_format_int((long long)k + 1, buf);
    return buf;
}

void table_bin_columns(FILE *fp, const char *name, const struct table_bin *b, size_t k)
{
    char buf[NUM_BUFSZ];
    fputs(name, fp);
    table_text(fp, table_label(b, k, buf));
    table_number(fp, b->lower);
    table_number(fp, b->upper);
}

void table_bin_keys(struct jw *w, const struct table_bin *b, size_t k)
{
    char buf[NUM_BUFSZ];
    const char *label = table_label(b, k, buf);
    jw_key(w, "bin");
    if (label)
        jw_string(w, label);
    else
        jw_null(w);
    if (!b->level && !b->missing) {
        jw_key(w, "lower");
        jw_number(w, b->lower);
        jw_key(w, "upper");
        jw_number(w, b->upper);
    }
}

void table_json_numbers(struct jw *w, const double *x, size_t n)
{
    jw_array_begin_flat(w);
    for (size_t i = 0; i < n; i++)
        jw_number(w, x[i]);
    jw_array_end(w);
}

void table_require_utf8(const char *column, const char *level)
{
    if (!utf8_valid(column, strlen(column)))
        die("column name '%s' is not UTF-8, which JSON output needs", column);
    if (level && !utf8_valid(level, strlen(level)))
        die("column '%s': '%s' is not UTF-8, which JSON output needs", column, level);
}

void table_number(FILE *fp, double x)
{
    putc('\t', fp);
    if (isnan(x))
        return;
    char buf[NUM_BUFSZ];
    fwrite(buf, 1, num_format(x, buf), fp);
}

void table_count(FILE *fp, unsigned long long n)
{
    fprintf(fp, "\t%llu", n);
}

void table_text(FILE *fp, const char *s)
{
    putc('\t', fp);
    if (s)
        fputs(s, fp);
}
