/* reasons.c - reason codes; see reasons.h. */
#include "reasons.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "xalloc.h"

/*
 * The text of contributions written lately, by their bits: a level's
 * contribution is its coefficient and a flag's one of two numbers, so
 * that most of a row's reasons were written before.  A slot is a direct
 * map of a hash of the bits; what it holds is num_format's text of them,
 * so the bytes are the same whether it hits or not.
 */
#define TEXTS_BITS 8
struct reasons_texts {
    uint64_t bits[1 << TEXTS_BITS];
    unsigned char len[1 << TEXTS_BITS]; /* 0: empty */
    char text[1 << TEXTS_BITS][NUM_BUFSZ];
};

void reasons_init(struct reasons *r, const struct model *m, size_t k, enum reasons_order by)
{
    r->m = m;
    r->k = k < m->nf ? k : m->nf;
    r->by = by;
    r->top = xreallocarray(NULL, r->k ? r->k : 1, sizeof *r->top);
    r->top_key = xreallocarray(NULL, r->k ? r->k : 1, sizeof *r->top_key);
    r->texts = xcalloc(1, sizeof *r->texts);
    r->ntop = 0;
    r->digits = 0;
}

void reasons_free(struct reasons *r)
{
    free(r->top);
    free(r->top_key);
    free(r->texts);
    r->texts = NULL;
    r->top = NULL;
    r->top_key = NULL;
}

void reasons_header(const struct reasons *r, FILE *fp)
{
    for (size_t i = 1; i <= r->k; i++)
        fprintf(fp, "\treason_%zu\treason_%zu_logit", i, i);
}

/* Insertion into the k best so far: a term goes before the first it beats
 * strictly, so that ties keep the features' order.  Once k are held, a
 * term that does not beat the last is passed at one comparison; one that
 * does takes the place of the first it beats, and those after move down
 * one (selects rather than branches on the data). */
void reasons_rank(struct reasons *r, const double *contrib)
{
    size_t k = r->k, n = r->m->nf, ntop = 0;
    size_t *top = r->top;
    double *key = r->top_key;
    bool abs_key = r->by == REASONS_BY_ABS;
    for (size_t j = 0; k && j < n; j++) {
        if (contrib[j] == 0)
            continue;
        double v = abs_key ? fabs(contrib[j]) : contrib[j];
        if (ntop < k) { /* room: the last place is free, as if beaten */
            key[ntop] = v;
            top[ntop] = j;
            for (size_t i = ntop; i > 0 && v > key[i - 1]; i--) {
                key[i] = key[i - 1];
                top[i] = top[i - 1];
                key[i - 1] = v;
                top[i - 1] = j;
            }
            ntop++;
            continue;
        }
        if (!(v > key[k - 1]))
            continue;
        double carry = v;
        size_t idx = j;
        bool placed = false;
        for (size_t i = 0; i < k; i++) {
            placed = placed || v > key[i]; /* from there on, each moves down one */
            double kv = key[i];
            size_t ti = top[i];
            key[i] = placed ? carry : kv;
            top[i] = placed ? idx : ti;
            carry = placed ? kv : carry;
            idx = placed ? ti : idx;
        }
    }
    r->ntop = ntop;
}

/* "column", or "column=level" for a categorical feature with a value. */
static void put_name(const struct model_feature *f, const char *value, bool with_value, FILE *fp)
{
    fputs_unlocked(f->name, fp);
    if ((f->categorical || with_value) && *value) {
        putc_unlocked('=', fp);
        fputs_unlocked(value, fp);
    }
}

/* The TSV of a row's reasons, gathered to be written at one call rather
 * than a dozen small ones. */
struct chunk {
    FILE *fp;
    size_t n;
    char b[1024];
};

static void chunk_flush(struct chunk *c)
{
    fwrite_unlocked(c->b, 1, c->n, c->fp);
    c->n = 0;
}

static void chunk_put(struct chunk *c, const char *s, size_t len)
{
    if (c->n + len > sizeof c->b) {
        chunk_flush(c);
        if (len > sizeof c->b) {
            fwrite_unlocked(s, 1, len, c->fp);
            return;
        }
    }
    memcpy(c->b + c->n, s, len);
    c->n += len;
}

/* num_format(x) into buf, from the texts when there. */
static size_t format_kept(struct reasons_texts *t, double x, char *buf)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    size_t h = (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> (64 - TEXTS_BITS));
    if (t->len[h] && t->bits[h] == bits) {
        memcpy(buf, t->text[h], t->len[h]);
        return t->len[h];
    }
    size_t n = num_format(x, buf);
    t->bits[h] = bits;
    t->len[h] = (unsigned char)n;
    memcpy(t->text[h], buf, n);
    return n;
}

void reasons_write_tsv(struct reasons *r, const char *const *values, const double *contrib,
                       FILE *fp)
{
    struct chunk c = {.fp = fp};
    char buf[NUM_BUFSZ + 1] = "\t";
    for (size_t i = 0; i < r->k; i++) {
        if (i >= r->ntop) {
            chunk_put(&c, "\t\t", 2);
            continue;
        }
        size_t j = r->top[i];
        const struct model_feature *f = &r->m->f[j];
        chunk_put(&c, "\t", 1);
        chunk_put(&c, f->name, strlen(f->name));
        if (f->categorical && *values[j]) {
            chunk_put(&c, "=", 1);
            chunk_put(&c, values[j], strlen(values[j]));
        }
        chunk_put(&c, buf, 1 + format_kept(r->texts, num_round(contrib[j], r->digits), buf + 1));
    }
    chunk_flush(&c);
}

void reasons_write_text(const struct reasons *r, const char *const *values, const double *contrib,
                        FILE *fp)
{
    for (size_t i = 0; i < r->ntop; i++) {
        size_t j = r->top[i];
        if (i)
            fputs(", ", fp);
        put_name(&r->m->f[j], values[j], true, fp);
        fprintf(fp, " (%+.2f)", contrib[j]);
    }
}
