/*
 * test_tsv_split DIR - the reader splits TSV rows exactly at their TABs,
 * whether it splits every field (eight bytes at a time) or, after
 * tsv_select, only around the selected columns.
 *
 * Writes random tables into DIR: fields of 0 to 20 bytes drawn from bytes
 * that look like a TAB to careless word tricks (0x08, 0x89, 0x0a0 ...) and
 * plain ones, CR LF line ends now and then, no LF after the last line now
 * and then.  Each is read three ways (every field; a random selection; the
 * first and last columns) and every field compared with what was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rng.h"
#include "tsv.h"
#include "xalloc.h"

#define ROWS 300
#define MAXW 40

static const char alphabet[] = "ab.09 \x08\x89\x0b\x01\x7f\xc3\xa9-";

struct table {
    size_t width;
    char field[ROWS + 1][MAXW][24];
};

static void make_table(struct rng *g, struct table *t)
{
    t->width = 1 + (size_t)rng_below(g, MAXW);
    for (size_t r = 0; r <= ROWS; r++)
        for (size_t c = 0; c < t->width; c++) {
            size_t len = r == 0 ? 0 : (size_t)rng_below(g, 21);
            if (r == 0)
                len = (size_t)snprintf(t->field[r][c], 24, "c%zu", c);
            for (size_t i = 0; i < len && r > 0; i++)
                t->field[r][c][i] = alphabet[rng_below(g, sizeof alphabet - 1)];
            t->field[r][c][len] = '\0';
        }
}

static void write_table(struct rng *g, const struct table *t, const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        perror(path);
        exit(1);
    }
    bool last_lf = rng_below(g, 2);
    for (size_t r = 0; r <= ROWS; r++) {
        for (size_t c = 0; c < t->width; c++)
            fprintf(fp, "%s%s", c ? "\t" : "", t->field[r][c]);
        if (r < ROWS || last_lf)
            fputs(rng_below(g, 4) == 0 ? "\r\n" : "\n", fp);
    }
    fclose(fp);
}

/* Read path back, asking only for cols (all when n is the width), and
 * compare each field and the number of rows. */
static void compare(struct check_counts *c, const struct table *t, const char *path,
                    const size_t *cols, size_t n)
{
    struct tsv_reader *r = tsv_open(path, NULL);
    if (n < t->width)
        tsv_select(r, cols, n);
    size_t row = 0;
    while (tsv_next(r)) {
        row++;
        for (size_t i = 0; i < n; i++) {
            const char *want = t->field[row][cols[i]];
            CHECK(c, strcmp(tsv_get(r, cols[i]), want) == 0 && tsv_len(r, cols[i]) == strlen(want),
                  "%s: row %zu column %zu: got [%s], wrote [%s]", path, row, cols[i],
                  tsv_get(r, cols[i]), want);
        }
    }
    tsv_close(r);
    CHECK(c, row == ROWS, "%s: read %zu rows, wrote %d", path, row, ROWS);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: test_tsv_split DIR\n", stderr);
        return 2;
    }
    char *path = xmalloc(strlen(argv[1]) + 16);
    sprintf(path, "%s/split.tsv", argv[1]);
    struct rng g;
    rng_seed(&g, 7);
    static struct table t;
    size_t all[MAXW], some[MAXW], ends[2];
    struct check_counts checks = {0};
    for (int round = 0; round < 200; round++) {
        make_table(&g, &t);
        write_table(&g, &t, path);
        size_t nsome = 0;
        for (size_t c = 0; c < t.width; c++) {
            all[c] = c;
            if (rng_below(&g, 3) == 0)
                some[nsome++] = c;
        }
        ends[0] = 0;
        ends[1] = t.width - 1;
        compare(&checks, &t, path, all, t.width);
        compare(&checks, &t, path, some, nsome);
        compare(&checks, &t, path, ends, t.width > 1 ? 2 : 1);
    }
    remove(path);
    free(path);
    return check_done(&checks);
}
