/* scored_tail.c - the second half of a large scored file; see scored_tail.h. */
#include "scored_tail.h"

#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "num.h"
#include "tabs.h"
#include "xalloc.h"

/* Files smaller than this are read in one part: a thread would not pay. */
#define TAIL_MIN_BYTES (1 << 20)
/* The thread's buffer, and so the longest row it takes. */
#define TAIL_BUFFER (1 << 20)

/* The TABs that bound the two columns, in increasing order, and for each
 * column's start and end the index of its TAB among them (NONE: the start
 * or the end of the line). */
#define NONE SIZE_MAX
struct bounds {
    size_t tab[4], n;
    size_t t_start, t_end, s_start, s_end;
};

static size_t add_tab(struct bounds *b, size_t tab)
{
    size_t i = 0;
    while (i < b->n && b->tab[i] < tab)
        i++;
    if (i < b->n && b->tab[i] == tab)
        return i;
    memmove(b->tab + i + 1, b->tab + i, (b->n - i) * sizeof *b->tab);
    b->tab[i] = tab;
    b->n++;
    return i;
}

static size_t index_of(const struct bounds *b, size_t tab)
{
    size_t i = 0;
    while (b->tab[i] != tab)
        i++;
    return i;
}

/* Column c is bounded by TAB c - 1 (none for the first) and TAB c (none for
 * the last). */
static void make_bounds(const struct scored_tail *t, struct bounds *b)
{
    b->n = 0;
    size_t cols[] = {t->tcol, t->scol};
    for (size_t k = 0; k < 2; k++) {
        if (cols[k] > 0)
            add_tab(b, cols[k] - 1);
        if (cols[k] + 1 < t->width)
            add_tab(b, cols[k]);
    }
    b->t_start = t->tcol > 0 ? index_of(b, t->tcol - 1) : NONE;
    b->t_end = t->tcol + 1 < t->width ? index_of(b, t->tcol) : NONE;
    b->s_start = t->scol > 0 ? index_of(b, t->scol - 1) : NONE;
    b->s_end = t->scol + 1 < t->width ? index_of(b, t->scol) : NONE;
}

/* One row, line[0, len) (the byte after it may be overwritten): its target
 * and score added to the part, or false if it is off the plain path. */
static bool take_row(struct scored_tail *t, const struct bounds *b, char *line, size_t len)
{
    t->lines++;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (len == 0)
        return false;
    size_t pos[4], found;
    if (tabs_find(line, len, b->tab, b->n, pos, &found) + 1 != t->width)
        return false;
    size_t ts = b->t_start == NONE ? 0 : pos[b->t_start] + 1;
    size_t te = b->t_end == NONE ? len : pos[b->t_end];
    size_t ss = b->s_start == NONE ? 0 : pos[b->s_start] + 1;
    size_t se = b->s_end == NONE ? len : pos[b->s_end];
    bool responder;
    if (t->positive) {
        if (te == ts)
            return false;
        line[te] = '\0';
        responder = strcmp(line + ts, t->positive) == 0;
    } else {
        if (te - ts != 1 || (line[ts] != '0' && line[ts] != '1'))
            return false;
        responder = line[ts] == '1';
    }
    line[se] = '\0';
    double v;
    if (num_parse(line + ss, &v) != NUM_OK)
        return false;
    scored_note_outside(&t->part, v, t->lines, line + ss);
    scored_add(&t->part, responder, v);
    return true;
}

struct part {
    struct scored_tail *t;
    struct bounds b;
};

/* The rows of a buffer of whole lines. */
static bool take_rows(void *ctx, char *buf, size_t len)
{
    struct part *p = ctx;
    size_t start = 0;
    for (char *nl; start < len; start = (size_t)(nl - buf) + 1) {
        nl = memchr(buf + start, '\n', len - start);
        if (!nl) /* the last row, without a LF */
            return take_row(p->t, &p->b, buf + start, len - start);
        if (!take_row(p->t, &p->b, buf + start, (size_t)(nl - buf) - start))
            return false;
    }
    return true;
}

/* Every row from the offset to the end of the file; t->ok tells whether
 * every one was taken. */
static bool read_rows(struct scored_tail *t, char *buf)
{
    struct part p = {.t = t};
    make_bounds(t, &p.b);
    return lines_read(t->fd, t->offset, buf, TAIL_BUFFER, take_rows, &p);
}

static void *run(void *arg)
{
    struct scored_tail *t = arg;
    char *buf = xmalloc(TAIL_BUFFER + 1); /* + 1: a NUL after the last row */
    t->ok = read_rows(t, buf);
    free(buf);
    return NULL;
}

bool scored_tail_start(struct scored_tail *t, struct tsv_reader *r, size_t tcol, size_t scol,
                       const char *positive)
{
    int fd;
    unsigned long long offset;
    /* its rows are split here, not by a block reader, which alone knows --na */
    if (tsv_has_na(r) || !tsv_split(r, TAIL_MIN_BYTES, &fd, &offset))
        return false;
    *t = (struct scored_tail){.fd = fd,
                              .offset = offset,
                              .width = tsv_width(r),
                              .tcol = tcol,
                              .scol = scol,
                              .positive = positive};
    if (pthread_create(&t->thread, NULL, run, t) != 0) {
        tsv_resume(r); /* no thread: one reader for all */
        return false;
    }
    return true;
}

bool scored_tail_finish(struct scored_tail *t, struct scored *s, unsigned long lines_before)
{
    pthread_join(t->thread, NULL);
    if (t->ok)
        scored_append(s, &t->part, lines_before);
    scored_clear(&t->part);
    return t->ok;
}
