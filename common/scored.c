/* scored.c - target and score columns as sorted scores; see scored.h. */
#include "scored.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

void scored_note_outside(struct scored *s, double v, unsigned long line, const char *text)
{
    if (!(v >= 0 && v <= 1) && !s->outside_line) {
        s->outside_line = line;
        s->outside_text = xstrdup(text);
    }
}

void scored_add(struct scored *s, bool responder, double v)
{
    if (responder) {
        if (s->npos == s->pos_cap)
            s->pos = xgrow(s->pos, &s->pos_cap, s->npos + 1, sizeof *s->pos);
        s->pos[s->npos++] = v;
    } else {
        if (s->nneg == s->neg_cap)
            s->neg = xgrow(s->neg, &s->neg_cap, s->nneg + 1, sizeof *s->neg);
        s->neg[s->nneg++] = v;
    }
}

void scored_add_block(struct scored *s, double score, uint64_t pos, uint64_t neg)
{
    if (pos + neg == 0)
        return; /* it adds nothing */
    s->blocks = xgrow(s->blocks, &s->blocks_cap, s->nblocks + 1, sizeof *s->blocks);
    s->blocks[s->nblocks++] = (struct scored_block){.score = score + 0.0, .pos = pos, .neg = neg};
    s->npos += pos;
    s->nneg += neg;
}

static int by_score(const void *a, const void *b)
{
    double x = ((const struct scored_block *)a)->score, y = ((const struct scored_block *)b)->score;
    return x < y ? -1 : x > y;
}

/* The blocks usually come sorted, one way or the other. */
void scored_merge_blocks(struct scored *s)
{
    size_t n = s->nblocks;
    bool up = true, down = true;
    for (size_t i = 1; i < n; i++) {
        up &= s->blocks[i - 1].score <= s->blocks[i].score;
        down &= s->blocks[i - 1].score >= s->blocks[i].score;
    }
    if (down && !up)
        for (size_t i = 0; i < n / 2; i++) {
            struct scored_block t = s->blocks[i];
            s->blocks[i] = s->blocks[n - 1 - i];
            s->blocks[n - 1 - i] = t;
        }
    else if (!up)
        qsort(s->blocks, n, sizeof *s->blocks, by_score);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && s->blocks[m - 1].score == s->blocks[i].score) {
            s->blocks[m - 1].pos += s->blocks[i].pos;
            s->blocks[m - 1].neg += s->blocks[i].neg;
        } else {
            s->blocks[m++] = s->blocks[i];
        }
    }
    s->nblocks = m;
}

static void append(double **v, size_t *n, size_t *cap, const double *more, size_t nmore)
{
    if (nmore == 0)
        return;
    *v = xreallocarray(*v, *n + nmore, sizeof **v);
    memcpy(*v + *n, more, nmore * sizeof *more);
    *n += nmore;
    *cap = *n;
}

void scored_append(struct scored *s, struct scored *part, unsigned long lines_before)
{
    append(&s->pos, &s->npos, &s->pos_cap, part->pos, part->npos);
    append(&s->neg, &s->nneg, &s->neg_cap, part->neg, part->nneg);
    if (!s->outside_line && part->outside_line) {
        s->outside_line = lines_before + part->outside_line;
        s->outside_text = part->outside_text;
        part->outside_text = NULL;
    }
}

void scored_clear(struct scored *part)
{
    free(part->pos);
    free(part->neg);
    free(part->blocks);
    free(part->key);
    free(part->outside_text);
    *part = (struct scored){0};
}

void scored_free(struct scored_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->ngroups; i++)
        scored_clear(&set->groups[i]);
    free(set->groups);
    free(set->name);
    free(set->score_name);
    free(set);
}

size_t scored_rows(const struct scored *s)
{
    return s->npos + s->nneg;
}

/*
 * The k + 1 smallest scores are the first i of pos and the first j = k + 1 - i
 * of neg for the least i with pos[i] >= neg[j - 1]; binary search for it
 * (the test grows with i, as pos rises and neg[k - i] falls).
 */
double scored_kth(const struct scored *s, size_t k)
{
    if (s->blocks) { /* the first block with more than k rows up to it */
        size_t i = 0;
        for (uint64_t rows = 0; (rows += s->blocks[i].pos + s->blocks[i].neg) <= k; i++)
            ;
        return s->blocks[i].score;
    }
    const double *a = s->pos, *b = s->neg;
    size_t m = k + 1;
    size_t lo = m > s->nneg ? m - s->nneg : 0, hi = m < s->npos ? m : s->npos;
    while (lo < hi) {
        size_t i = lo + (hi - lo) / 2;
        if (a[i] < b[m - i - 1])
            lo = i + 1;
        else
            hi = i;
    }
    size_t i = lo, j = m - lo;
    if (i == 0)
        return b[j - 1];
    if (j == 0)
        return a[i - 1];
    return a[i - 1] > b[j - 1] ? a[i - 1] : b[j - 1];
}

/* ---------- the walk, highest score first ---------- */

void scored_walk_init(struct scored_walk *w, const struct scored *s)
{
    *w = (struct scored_walk){.s = s, .i = s->blocks ? s->nblocks : s->npos, .j = s->nneg};
}

bool scored_walk_next(struct scored_walk *w, struct scored_block *b)
{
    if (w->s->blocks) {
        if (w->i == 0)
            return false;
        *b = w->s->blocks[--w->i];
        return true;
    }
    const double *pos = w->s->pos, *neg = w->s->neg;
    size_t i = w->i, j = w->j;
    if (i == 0 && j == 0)
        return false;
    double top = i == 0 ? neg[j - 1] : j == 0 ? pos[i - 1] : fmax(pos[i - 1], neg[j - 1]);
    while (i > 0 && pos[i - 1] == top)
        i--;
    while (j > 0 && neg[j - 1] == top)
        j--;
    b->score = top + 0.0; /* -0 and +0 are one score: write it as 0 */
    b->pos = w->i - i;
    b->neg = w->j - j;
    w->i = i;
    w->j = j;
    return true;
}

void scored_require_rows(const struct scored_set *set)
{
    for (size_t i = 0; i < set->ngroups; i++)
        if (scored_rows(&set->groups[i]) > 0)
            return;
    die("%s: no data rows", set->name);
}

void scored_require_classes(const struct scored_set *set, const struct scored *s, const char *what)
{
    if (s->npos == 0 || s->nneg == 0)
        die("%s: no %s: %s is undefined", set->name, s->npos == 0 ? "responders" : "non-responders",
            what);
}

void scored_require_probabilities(const struct scored_set *set, const struct scored *s,
                                  const char *what)
{
    char q[ERR_QUOTE_SIZE];
    if (s->outside_line)
        die("%s:%lu: column '%s': '%s' is outside [0, 1]: %s", set->name, s->outside_line,
            set->score_name, err_quote(q, s->outside_text), what);
}
