/*
 * test_scored_tail DIR - a large scored file is split near its middle and
 * the second half read on a thread: the two halves hold every row once;
 * a row off the plain path makes the thread give up, and the first reader
 * then reads on to the end; a small file is not split.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scored_tail.h"
#include "tsv.h"

/* DIR/NAME with rows rows of response_flag, score, a pad; row bad (if not
 * 0) has a target of 2.  Returns the path. */
static char *write_file(const char *dir, const char *name, int rows, int bad)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        exit(1);
    }
    fputs("response_flag\tscore\tpad\n", fp);
    for (int i = 1; i <= rows; i++)
        fprintf(fp, "%d\t%.17g\tpadding to make the file a few megabytes long %d\n",
                i == bad ? 2 : i % 3 == 0, (double)(i % 1000) / 1000, i);
    fclose(fp);
    return path;
}

struct halves {
    bool split, tail_ok;
    size_t first, total; /* rows the first reader read before the split; in all */
    unsigned long lines_before;
};

/* Read path as scored_read does, counting rows. */
static struct halves read_halves(const char *path)
{
    struct halves h = {0};
    struct tsv_reader *r = tsv_open(path, NULL);
    size_t cols[] = {0, 1};
    tsv_select(r, cols, 2);
    struct scored s = {0};
    struct scored_tail tail;
    h.split = scored_tail_start(&tail, r, 0, 1, NULL);
    while (tsv_next(r))
        h.first++;
    h.lines_before = tsv_lines_read(r);
    h.total = h.first;
    if (h.split) {
        h.tail_ok = scored_tail_finish(&tail, &s, h.lines_before);
        if (h.tail_ok) {
            h.total = s.npos + s.nneg + h.first;
        } else {
            tsv_resume(r);
            while (tsv_next(r))
                h.total++;
        }
    }
    free(s.pos);
    free(s.neg);
    free(s.outside_text);
    tsv_close(r);
    return h;
}

int main(int argc, char **argv)
{
    struct check_counts c = {0};
    const char *dir = argc > 1 ? argv[1] : ".";
    const int rows = 40000; /* about 2.6 MB */

    struct halves h = read_halves(write_file(dir, "good.tsv", rows, 0));
    CHECK(&c, h.split, "a %d-row file is not split", rows);
    CHECK(&c, h.tail_ok, "the thread gave up on good rows");
    CHECK(&c, h.total == (size_t)rows, "%zu rows read, not %d", h.total, rows);
    CHECK(&c, h.first > (size_t)rows / 3 && h.first < 2 * (size_t)rows / 3,
          "split after row %zu of %d, far from the middle", h.first, rows);
    CHECK(&c, h.lines_before == h.first + 1, "%lu lines before the split, with %zu rows",
          h.lines_before, h.first);

    h = read_halves(write_file(dir, "bad.tsv", rows, rows - 10));
    CHECK(&c, h.split && !h.tail_ok, "a target of 2 in the second half was taken");
    CHECK(&c, h.total == (size_t)rows, "%zu rows read on resuming, not %d", h.total, rows);

    h = read_halves(write_file(dir, "small.tsv", 100, 0));
    CHECK(&c, !h.split && h.total == 100, "a small file: split %d, %zu rows", h.split, h.total);
    return check_done(&c);
}
