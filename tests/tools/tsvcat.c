/*
 * tsvcat - read a table with pm's reader and show what it saw (tests only).
 *
 *     tsvcat [--csv] [--fields] FILE
 *
 * Without --fields: the header and rows as TSV, as every pm tool writes them.
 * With --fields: one line per row, "LINE: [field] [field] ...", so tests can
 * see field boundaries and line numbers exactly.
 */
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "tsv.h"

int main(int argc, char **argv)
{
    struct tsv_options opts = {.format = TSV_FORMAT_AUTO};
    int fields = 0, i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--csv") == 0)
            opts.format = TSV_FORMAT_CSV;
        else if (strcmp(argv[i], "--fields") == 0)
            fields = 1;
    }
    struct tsv_reader *r = tsv_open(i < argc ? argv[i] : NULL, &opts);
    struct out *out = out_open(NULL);
    FILE *fp = out_fp(out);
    if (!fields) {
        tsv_write_header(r, fp);
        putc('\n', fp);
    }
    while (tsv_next(r)) {
        if (fields) {
            fprintf(fp, "%lu:", tsv_line(r));
            for (size_t c = 0; c < tsv_width(r); c++)
                fprintf(fp, " [%s]", tsv_get(r, c));
        } else {
            tsv_write_row(r, fp);
        }
        putc('\n', fp);
    }
    out_close(out);
    tsv_close(r);
    return 0;
}
