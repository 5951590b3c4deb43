/* table.c - tables as TSV or JSON; see table.h. */
#include "table.h"

#include <math.h>
#include <stdlib.h>

#include "num.h"

void table_begin(struct table *t, FILE *fp, bool json, const char *const *names, size_t ncols)
{
    *t = (struct table){.fp = fp, .json = json, .names = names, .ncols = ncols};
    if (json) {
        jw_init(&t->jw, fp, 0);
        putc('[', fp);
        return;
    }
    for (size_t i = 0; i < ncols; i++) {
        if (i)
            putc('\t', fp);
        fputs(names[i], fp);
    }
    putc('\n', fp);
}

/* Before a cell: open the row or separate the cell from the last. */
static void cell_start(struct table *t)
{
    if (t->col == 0 && t->json) {
        fputs(t->any_row ? ",\n" : "\n", t->fp);
        jw_object_begin(&t->jw);
    }
    if (t->json)
        jw_key(&t->jw, t->names[t->col]);
    else if (t->col > 0)
        putc('\t', t->fp);
}

/* After a cell: close the row after its last column. */
static void cell_end(struct table *t)
{
    if (++t->col < t->ncols)
        return;
    t->col = 0;
    t->any_row = true;
    if (t->json)
        jw_object_end(&t->jw);
    else
        putc('\n', t->fp);
}

void table_digits(struct table *t, int digits)
{
    t->digits = digits;
    t->jw.digits = digits;
}

void table_number(struct table *t, double x)
{
    if (!isfinite(x)) {
        table_null(t);
        return;
    }
    cell_start(t);
    if (t->json) {
        jw_number(&t->jw, x);
    } else {
        char buf[NUM_BUFSZ];
        fwrite(buf, 1, num_format(num_round(x, t->digits), buf), t->fp);
    }
    cell_end(t);
}

void table_integer(struct table *t, long long v)
{
    cell_start(t);
    if (t->json) {
        jw_integer(&t->jw, v);
    } else {
        char buf[NUM_BUFSZ];
        fwrite(buf, 1, num_format_int(v, buf), t->fp);
    }
    cell_end(t);
}

void table_string(struct table *t, const char *s)
{
    cell_start(t);
    if (t->json)
        jw_string(&t->jw, s);
    else
        fputs(s, t->fp);
    cell_end(t);
}

void table_null(struct table *t)
{
    cell_start(t);
    if (t->json)
        jw_null(&t->jw);
    cell_end(t);
}

void table_end(struct table *t)
{
    if (t->col != 0)
        abort(); /* a programming error: the last row is incomplete */
    if (t->json)
        fputs(t->any_row ? "\n]\n" : "]\n", t->fp);
}
