/* design_part.c - designs made of some of a design's rows; see design_part.h. */
#include "design_part.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct design *design_subsample(const struct design *d, size_t first, size_t stride)
{
    size_t n = first < d->rows ? (d->rows - first + stride - 1) / stride : 0;
    struct design *s = xcalloc(1, sizeof *s);
    s->rows = n;
    s->nterms = d->nterms;
    s->nf = d->nf;
    s->y = xreallocarray(NULL, n + 1, sizeof *s->y);
    for (size_t i = 0; i < n; i++) {
        s->y[i] = d->y[first + i * stride];
        s->positives += s->y[i];
    }
    s->f = xcalloc(d->nf, sizeof *s->f);
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        struct design_feature *g = &s->f[j];
        *g = (struct design_feature){.name = xstrdup(f->name),
                                     .type = f->type,
                                     .term = f->term,
                                     .mean = f->mean,
                                     .scale = f->scale,
                                     .nlevels = f->nlevels};
        if (f->type == DESIGN_NUMERIC) {
            g->x = xreallocarray(NULL, n + 1, sizeof *g->x);
            for (size_t i = 0; i < n; i++)
                g->x[i] = f->x[first + i * stride];
            continue;
        }
        g->level = xreallocarray(NULL, n + 1, sizeof *g->level);
        for (size_t i = 0; i < n; i++)
            g->level[i] = f->level[first + i * stride];
        g->levels = xreallocarray(NULL, f->nlevels, sizeof *g->levels);
        for (size_t l = 0; l < f->nlevels; l++)
            g->levels[l] = xstrdup(f->levels[l]);
    }
    return s;
}

/* Feature f of d restricted to the rows kept (n of them), its levels those
 * the rows have, into g; map gets the new id of each old level. */
static void part_feature(const struct design_feature *f, const size_t *keep, size_t n,
                         struct design_feature *g, uint16_t **map)
{
    *g = (struct design_feature){.name = xstrdup(f->name), .type = f->type};
    if (f->type == DESIGN_NUMERIC) {
        g->x = xreallocarray(NULL, n, sizeof *g->x);
        for (size_t i = 0; i < n; i++)
            g->x[i] = f->x[keep[i]];
        *map = NULL;
        return;
    }
    uint16_t *m = xreallocarray(NULL, f->nlevels, sizeof *m);
    for (size_t l = 0; l < f->nlevels; l++)
        m[l] = DESIGN_ABSENT;
    g->level = xreallocarray(NULL, n, sizeof *g->level);
    for (size_t i = 0; i < n; i++)
        m[f->level[keep[i]]] = 0; /* present */
    for (size_t l = 0; l < f->nlevels; l++)
        if (m[l] == 0)
            m[l] = (uint16_t)g->nlevels++;
    g->levels = xreallocarray(NULL, g->nlevels, sizeof *g->levels);
    for (size_t l = 0; l < f->nlevels; l++)
        if (m[l] != DESIGN_ABSENT)
            g->levels[m[l]] = xstrdup(f->levels[l]);
    for (size_t i = 0; i < n; i++)
        g->level[i] = m[f->level[keep[i]]];
    *map = m;
}

struct design *design_part(const struct design *d, const uint32_t *fold, uint32_t held_out,
                           uint16_t ***map)
{
    size_t *keep = xreallocarray(NULL, d->rows, sizeof *keep), n = 0;
    for (size_t i = 0; i < d->rows; i++)
        if (fold[i] != held_out)
            keep[n++] = i;
    struct design *p = xcalloc(1, sizeof *p);
    p->rows = n;
    p->y = xreallocarray(NULL, n ? n : 1, sizeof *p->y);
    for (size_t i = 0; i < n; i++)
        p->positives += p->y[i] = d->y[keep[i]];
    if (p->positives == 0 || p->positives == n) {
        free(keep);
        design_free(p);
        *map = NULL;
        return NULL;
    }
    p->nf = d->nf;
    p->f = xcalloc(d->nf, sizeof *p->f);
    *map = xcalloc(d->nf, sizeof **map);
    p->nterms = 1;
    for (size_t j = 0; j < d->nf; j++) {
        part_feature(&d->f[j], keep, n, &p->f[j], &(*map)[j]);
        p->f[j].term = p->nterms;
        p->nterms += p->f[j].type == DESIGN_NUMERIC ? 1 : p->f[j].nlevels - 1;
    }
    free(keep);
    return p;
}
