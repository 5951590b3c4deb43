/* bintable.c - what the reports of pm-bin and pm-psi share; see bintable.h. */
#include "bintable.h"

#include <math.h>
#include <stdlib.h>

#include "num.h"

struct bintable_bin bintable_interval(double lower, double upper)
{
    return (struct bintable_bin){.lower = lower, .upper = upper};
}

struct bintable_bin bintable_level(const char *level)
{
    return (struct bintable_bin){.level = level, .lower = NAN, .upper = NAN};
}

void bintable_levels(const struct levels *lv, bintable_add_fn *add, void *ctx)
{
    size_t *order = levels_order(lv);
    for (size_t i = 0; i < levels_size(lv); i++)
        add(ctx, bintable_level(levels_name(lv, order[i])), levels_counts(lv, order[i]));
    free(order);
}

struct bintable_bin bintable_missing(void)
{
    return (struct bintable_bin){.missing = true, .lower = NAN, .upper = NAN};
}

const char *bintable_label(const struct bintable_bin *b, size_t k, char *buf)
{
    if (b->missing)
        return NULL;
    if (b->level)
        return b->level;
    num_format_int((long long)k + 1, buf);
    return buf;
}

void bintable_bin_columns(FILE *fp, const char *name, const struct bintable_bin *b, size_t k)
{
    char buf[NUM_BUFSZ];
    fputs(name, fp);
    bintable_text(fp, bintable_label(b, k, buf));
    bintable_number(fp, b->lower);
    bintable_number(fp, b->upper);
}

void bintable_bin_keys(struct jw *w, const struct bintable_bin *b, size_t k)
{
    char buf[NUM_BUFSZ];
    const char *label = bintable_label(b, k, buf);
    jw_key(w, "bin");
    if (label)
        jw_string(w, label);
    else
        jw_null(w);
    if (!b->level && !b->missing) {
        int digits = w->digits; /* edges stay exact, so that a value's bin can be told */
        w->digits = 0;
        jw_put_number(w, "lower", b->lower);
        jw_put_number(w, "upper", b->upper);
        w->digits = digits;
    }
}

void bintable_json_numbers(struct jw *w, const double *x, size_t n)
{
    int digits = w->digits; /* edges stay exact, so that a value's bin can be told */
    w->digits = 0;
    jw_array_begin_flat(w);
    for (size_t i = 0; i < n; i++)
        jw_number(w, x[i]);
    jw_array_end(w);
    w->digits = digits;
}

void bintable_number(FILE *fp, double x)
{
    putc('\t', fp);
    if (isnan(x))
        return;
    char buf[NUM_BUFSZ];
    fwrite(buf, 1, num_format(x, buf), fp);
}

void bintable_count(FILE *fp, unsigned long long n)
{
    fprintf(fp, "\t%llu", n);
}

void bintable_text(FILE *fp, const char *s)
{
    putc('\t', fp);
    if (s)
        fputs(s, fp);
}
