/* table.c - report table fields; see table.h. */
#include "table.h"

#include <math.h>

#include "num.h"

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
