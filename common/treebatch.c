/* treebatch.c - rows waiting for a tree model's scores; see treebatch.h. */
#include "treebatch.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "treerows.h"
#include "xalloc.h"

struct treebatch {
    const struct model *m;
    struct booster *bst; /* m's, or the batch's own (solo) */
    bool own;
    struct treerows *rows;
    bool contributions;
    float *x;
    size_t n;
    FILE *text, *values; /* memory streams, rewound after each batch */
    char *text_buf, *values_buf;
    size_t text_size, values_size;
    long ends[TREEBATCH_ROWS]; /* where each row's text ends */
    double *score, *contrib;
    const char **value;
};

static FILE *open_stream(char **buf, size_t *size)
{
    FILE *fp = open_memstream(buf, size);
    if (!fp)
        die_errno("open_memstream");
    return fp;
}

struct treebatch *treebatch_new(const struct model *m, const struct tsv_reader *r,
                                bool contributions, bool solo)
{
    struct treebatch *b = xcalloc(1, sizeof *b);
    b->m = m;
    b->bst = m->bst;
    if (solo) {
        const char *why;
        b->bst = booster_load(m->booster, m->nf, &why);
        if (!b->bst)
            die("xgboost: %s", why); /* m's own loaded from the same text */
        booster_solo(b->bst);
        b->own = true;
    }
    b->rows = treerows_new(m, r);
    b->contributions = contributions;
    b->x = xreallocarray(NULL, TREEBATCH_ROWS, m->nf * sizeof *b->x);
    b->text = open_stream(&b->text_buf, &b->text_size);
    b->values = open_stream(&b->values_buf, &b->values_size);
    b->score = xreallocarray(NULL, TREEBATCH_ROWS, sizeof *b->score);
    b->contrib = xreallocarray(NULL, m->nf, sizeof *b->contrib);
    b->value = xreallocarray(NULL, m->nf, sizeof *b->value);
    return b;
}

FILE *treebatch_text(struct treebatch *b)
{
    return b->text;
}

/* The row's inputs are in place: keep the rest of it, score a full batch. */
static void add(struct treebatch *b, const struct tsv_reader *r, treebatch_emit *emit, void *ctx)
{
    b->ends[b->n++] = ftell(b->text);
    for (size_t j = 0; b->contributions && j < b->m->nf; j++) {
        size_t col = treerows_column(b->rows, j);
        fwrite_unlocked(tsv_get(r, col), 1, tsv_len(r, col), b->values);
        putc_unlocked('\0', b->values);
    }
    if (b->n == TREEBATCH_ROWS)
        treebatch_flush(b, emit, ctx);
}

void treebatch_add(struct treebatch *b, const struct tsv_reader *r, treebatch_emit *emit, void *ctx)
{
    treerows_fill(b->rows, r, b->x + b->n * b->m->nf);
    add(b, r, emit, ctx);
}

bool treebatch_try_add(struct treebatch *b, const struct tsv_reader *r, treebatch_emit *emit,
                       void *ctx)
{
    if (!treerows_try_fill(b->rows, r, b->x + b->n * b->m->nf))
        return false;
    add(b, r, emit, ctx);
    return true;
}

void treebatch_merge(struct treebatch *into, struct treebatch *from, unsigned long lines_before)
{
    treerows_merge(into->rows, from->rows, lines_before);
}

static void flush_stream(FILE *fp)
{
    if (fflush(fp) != 0)
        die("out of memory");
}

/* Row i's values (from *at, which moves past them) and contributions. */
static void row_reasons(struct treebatch *b, const char **at, const float *c)
{
    for (size_t j = 0; j < b->m->nf; j++) {
        b->value[j] = *at;
        *at += strlen(*at) + 1;
        b->contrib[j] = c[j];
    }
}

void treebatch_flush(struct treebatch *b, treebatch_emit *emit, void *ctx)
{
    if (b->n == 0)
        return;
    const struct model *m = b->m;
    struct booster_data d = {.x = b->x, .rows = b->n, .cols = m->nf};
    const float *p = booster_predict(b->bst, &d, BOOSTER_PROBABILITY);
    for (size_t i = 0; i < b->n; i++)
        b->score[i] = p[i];
    /* the next prediction overwrites p's buffer: scores copied first */
    const float *c = b->contributions ? booster_predict(b->bst, &d, BOOSTER_CONTRIBUTIONS) : NULL;
    flush_stream(b->text);
    flush_stream(b->values);
    const char *at = b->values_buf;
    for (size_t i = 0; i < b->n; i++) {
        long start = i ? b->ends[i - 1] : 0;
        if (c)
            row_reasons(b, &at, c + i * (m->nf + 1));
        emit(ctx, b->text_buf + start, (size_t)(b->ends[i] - start), b->score[i],
             c ? b->value : NULL, c ? b->contrib : NULL);
    }
    rewind(b->text);
    rewind(b->values);
    b->n = 0;
}

void treebatch_report(const struct treebatch *b, const char *input)
{
    treerows_report(b->rows, input);
}

void treebatch_free(struct treebatch *b)
{
    if (!b)
        return;
    fclose(b->text);
    fclose(b->values);
    free(b->text_buf);
    free(b->values_buf);
    free(b->x);
    free(b->score);
    free(b->contrib);
    free(b->value);
    treerows_free(b->rows);
    if (b->own)
        booster_free(b->bst);
    free(b);
}
