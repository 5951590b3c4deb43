/* partial.c - requests, partial sums and their merging; see partial.h. */
#include "partial.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "conform.h"
#include "err.h"
#include "levels.h"
#include "num.h"
#include "recfile.h"
#include "xalloc.h"

/* ---------- requests ---------- */

static void write_spec(struct rec_writer *w, const struct partial_request *q)
{
    const struct design_spec *s = &q->spec;
    rec_key(w, "target");
    rec_str(w, s->target);
    rec_end_line(w);
    if (s->positive) {
        rec_key(w, "positive");
        rec_str(w, s->positive);
        rec_end_line(w);
    }
    rec_list(w, "features", s->features, s->nfeatures);
    rec_list(w, "exclude", s->exclude, s->nexclude);
    rec_list(w, "categorical", s->categorical, s->ncategorical);
    rec_key(w, "max_levels");
    rec_size(w, s->max_levels);
    rec_end_line(w);
    rec_key(w, "format");
    rec_str(w, q->format == TSV_FORMAT_CSV ? "csv" : q->format == TSV_FORMAT_TSV ? "tsv" : "auto");
    rec_end_line(w);
}

static void write_header(struct rec_writer *w, const struct design *d)
{
    rec_key(w, "rows");
    rec_size(w, d->rows);
    rec_size(w, d->positives);
    rec_end_line(w);
    for (size_t j = 0; j < d->nf; j++) {
        const struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC) {
            rec_key(w, "numeric");
            rec_str(w, f->name);
            rec_num(w, f->mean);
            rec_num(w, f->scale);
        } else {
            rec_key(w, "levels");
            rec_str(w, f->name);
            for (size_t l = 0; l < f->nlevels; l++)
                rec_str(w, f->levels[l]);
        }
        rec_end_line(w);
    }
}

void partial_write_request(const struct partial_request *q, FILE *fp)
{
    struct rec_writer w;
    rec_start(&w, fp, q->header ? "request-sums" : "request-stats");
    write_spec(&w, q);
    if (q->header) {
        write_header(&w, q->header);
        rec_key(&w, "offsets");
        for (size_t i = 0; i < q->nshards; i++)
            rec_size(&w, q->offsets[i]);
        rec_end_line(&w);
        rec_key(&w, "stride");
        rec_size(&w, q->stride);
        rec_end_line(&w);
        rec_key(&w, "hessian");
        rec_size(&w, q->hessian);
        rec_end_line(&w);
        rec_key(&w, "zero");
        rec_size(&w, q->zero);
        rec_end_line(&w);
        rec_key(&w, "theta");
        for (size_t k = 0; k < q->header->nterms; k++)
            rec_num(&w, q->theta[k]);
        rec_end_line(&w);
    }
    rec_finish(&w);
}

/* A header record (rows, numeric, levels) into d; false if r holds another. */
static bool read_header_record(const struct rec_reader *r, struct design *d)
{
    if (rec_is(r, "rows", 3)) {
        d->rows = rec_size_at(r, 1);
        d->positives = rec_size_at(r, 2);
        return true;
    }
    bool numeric = rec_is(r, "numeric", 4);
    if (!numeric && !(rec_is(r, "levels", 0) && r->nfield >= 3))
        return false;
    d->f = xreallocarray(d->f, d->nf + 1, sizeof *d->f);
    struct design_feature *f = &d->f[d->nf++];
    *f = (struct design_feature){.name = xstrdup(r->field[1]), .term = d->nterms};
    if (numeric) {
        f->mean = rec_num_at(r, 2);
        f->scale = rec_num_at(r, 3);
        d->nterms++;
    } else {
        f->type = DESIGN_CATEGORICAL;
        f->levels = rec_strings(r, 2, &f->nlevels);
        d->nterms += f->nlevels - 1;
    }
    return true;
}

/* A spec record into q; false if r holds another. */
static bool read_spec_record(const struct rec_reader *r, struct partial_request *q)
{
    struct design_spec *s = &q->spec;
    if (rec_is(r, "target", 2))
        s->target = xstrdup(r->field[1]);
    else if (rec_is(r, "positive", 2))
        s->positive = xstrdup(r->field[1]);
    else if (rec_is(r, "features", 0))
        s->features = rec_strings(r, 1, &s->nfeatures);
    else if (rec_is(r, "exclude", 0))
        s->exclude = rec_strings(r, 1, &s->nexclude);
    else if (rec_is(r, "categorical", 0))
        s->categorical = rec_strings(r, 1, &s->ncategorical);
    else if (rec_is(r, "max_levels", 2))
        s->max_levels = rec_size_at(r, 1);
    else if (rec_is(r, "format", 2))
        q->format = strcmp(r->field[1], "csv") == 0   ? TSV_FORMAT_CSV
                    : strcmp(r->field[1], "tsv") == 0 ? TSV_FORMAT_TSV
                                                      : TSV_FORMAT_AUTO;
    else
        return false;
    return true;
}

struct partial_request *partial_read_request(const char *path)
{
    struct rec_reader r;
    FILE *fp = fopen(path, "r");
    if (!fp)
        die_errno("cannot open %s", path);
    static const char *const kinds[] = {"request-stats", "request-sums", NULL};
    bool sums = rec_open_kinds(&r, fp, path, kinds) == 1;
    struct partial_request *q = xcalloc(1, sizeof *q);
    struct design *d = sums ? xcalloc(1, sizeof *d) : NULL;
    if (d)
        d->nterms = 1;
    while (rec_next(&r)) {
        if (read_spec_record(&r, q) || (d && read_header_record(&r, d)))
            continue;
        if (d && rec_is(&r, "offsets", 0)) {
            q->nshards = r.nfield - 1;
            q->offsets = xcalloc(q->nshards + 1, sizeof *q->offsets);
            for (size_t i = 0; i < q->nshards; i++)
                q->offsets[i] = rec_size_at(&r, i + 1);
        } else if (d && rec_is(&r, "stride", 2)) {
            q->stride = rec_size_at(&r, 1);
        } else if (d && rec_is(&r, "hessian", 2)) {
            q->hessian = rec_size_at(&r, 1) != 0;
        } else if (d && rec_is(&r, "zero", 2)) {
            q->zero = rec_size_at(&r, 1) != 0;
        } else if (d && rec_is(&r, "theta", d->nterms + 1)) {
            q->theta = xcalloc(d->nterms, sizeof *q->theta);
            for (size_t k = 0; k < d->nterms; k++)
                q->theta[k] = rec_num_at(&r, k + 1);
        } else {
            rec_die(&r, "an unknown record");
        }
    }
    rec_close(&r);
    if (!q->spec.target || (d && (!q->theta || !q->offsets)))
        die("%s: a request without its target, offsets or theta", path);
    q->header = d;
    return q;
}

void partial_request_free(struct partial_request *q)
{
    if (!q)
        return;
    struct design_spec *s = &q->spec;
    free((char *)s->target);
    free((char *)s->positive);
    cli_list_free(s->features, s->nfeatures);
    cli_list_free(s->exclude, s->nexclude);
    cli_list_free(s->categorical, s->ncategorical);
    design_free((struct design *)q->header);
    free(q->offsets);
    free(q->theta);
    free(q);
}

/* ---------- a shard's answer ---------- */

/* Compensated sums (Neumaier), for the means and moments of a shard. */
static void add_comp(double *s, double *c, double v)
{
    double t = *s + v;
    *c += fabs(*s) >= fabs(v) ? (*s - t) + v : (v - t) + *s;
    *s = t;
}

/* The mean of x and the sum of squared deviations from it. */
static void moments(const double *x, size_t n, double *mean, double *m2)
{
    double s = 0, c = 0;
    for (size_t i = 0; i < n; i++)
        add_comp(&s, &c, x[i]);
    *mean = (s + c) / (double)n;
    double q = 0, qc = 0, e = 0, ec = 0;
    for (size_t i = 0; i < n; i++) {
        double dev = x[i] - *mean;
        add_comp(&e, &ec, dev);
        add_comp(&q, &qc, dev * dev);
    }
    double corr = e + ec;
    *m2 = (q + qc) - corr * corr / (double)n;
    if (*m2 < 0)
        *m2 = 0;
}

static void reduce_stats(struct design *d, struct tsv_reader *r, FILE *fp)
{
    struct rec_writer w;
    rec_start(&w, fp, "stats");
    rec_key(&w, "header");
    for (size_t c = 0; c < tsv_width(r); c++)
        rec_str(&w, tsv_header(r, c));
    rec_end_line(&w);
    rec_key(&w, "rows");
    rec_size(&w, d->rows);
    rec_size(&w, d->positives);
    rec_end_line(&w);
    for (size_t j = 0; j < d->nf; j++) {
        struct design_feature *f = &d->f[j];
        if (f->type == DESIGN_NUMERIC) {
            double mean, m2;
            moments(f->x, d->rows, &mean, &m2);
            rec_key(&w, "numeric");
            rec_str(&w, f->name);
            rec_num(&w, mean);
            rec_num(&w, m2);
        } else {
            rec_key(&w, "levels");
            rec_str(&w, f->name);
            for (size_t l = 0; l < f->nlevels; l++)
                rec_str(&w, f->levels[l]);
        }
        rec_end_line(&w);
    }
    rec_finish(&w);
}

static void write_sums(const struct fit_sums *s, size_t rows, size_t p, FILE *fp)
{
    struct rec_writer w;
    rec_start(&w, fp, "sums");
    rec_key(&w, "rows");
    rec_size(&w, rows);
    rec_end_line(&w);
    rec_key(&w, "loss");
    rec_num(&w, s->loss);
    rec_num(&w, s->low_pos);
    rec_num(&w, s->high_neg);
    rec_end_line(&w);
    rec_key(&w, "gradient");
    for (size_t k = 0; k < p; k++)
        rec_num(&w, s->g[k]);
    rec_end_line(&w);
    if (s->g_zero) {
        rec_key(&w, "gradient0");
        for (size_t k = 0; k < p; k++)
            rec_num(&w, s->g_zero[k]);
        rec_end_line(&w);
    }
    for (size_t a = 0; s->H && a < p; a++) {
        rec_key(&w, "hessian");
        for (size_t b = a; b < p; b++)
            rec_num(&w, s->H[a * p + b]);
        rec_end_line(&w);
    }
    rec_finish(&w);
}

static void reduce_sums(const struct partial_request *q, const struct design *part, FILE *fp)
{
    size_t p = q->header->nterms;
    struct fit_sums s = {.g = xcalloc(p, sizeof *s.g)};
    if (q->hessian)
        s.H = xcalloc(p * p, sizeof *s.H);
    if (q->zero)
        s.g_zero = xcalloc(p, sizeof *s.g_zero);
    fit_design_sums(part, q->theta, &s);
    write_sums(&s, part->rows, p, fp);
    free(s.g);
    free(s.H);
    free(s.g_zero);
}

/* Read shard number shard from r as q asks: its own levels for the first
 * pass; after it, in the header's terms, strided if q asks. */
static struct design *read_shard(const struct partial_request *q, size_t shard,
                                 struct tsv_reader *r)
{
    const struct design *h = q->header;
    if (!h) {
        struct design_spec spec = q->spec;
        spec.shard = true;
        struct design *d = design_read(r, &spec);
        if (!d->rows && !q->spec.max_rows)
            die("%s: no data rows", tsv_name(r));
        return d;
    }
    if (shard < 1 || shard > q->nshards)
        die("--shard %zu: the request is for shards 1 to %zu", shard, q->nshards);
    struct conform *c = conform_new(h, &q->spec, r);
    size_t read;
    struct design *d =
        conform_read(c, r, q->spec.max_rows, q->offsets[shard - 1], q->stride, &read);
    conform_free(c);
    if (!read && !q->spec.max_rows)
        die("%s: no data rows", tsv_name(r));
    return d;
}

size_t partial_reduce(const struct partial_request *q, size_t shard, struct tsv_reader *r, FILE *fp)
{
    struct design *d = read_shard(q, shard, r);
    size_t rows = d->rows;
    if (q->header)
        reduce_sums(q, d, fp);
    else
        reduce_stats(d, r, fp);
    design_free(d);
    return rows;
}

struct design *partial_read_shard(const struct partial_request *q, size_t shard,
                                  struct tsv_reader *r)
{
    return read_shard(q, shard, r);
}

void partial_append_rows(struct design *a, const struct design *b)
{
    size_t n = a->rows + b->rows;
    a->y = xreallocarray(a->y, n + 1, sizeof *a->y);
    memcpy(a->y + a->rows, b->y, b->rows * sizeof *a->y);
    for (size_t j = 0; j < a->nf; j++) {
        struct design_feature *f = &a->f[j];
        const struct design_feature *g = &b->f[j];
        if (f->type == DESIGN_NUMERIC) {
            f->x = xreallocarray(f->x, n + 1, sizeof *f->x);
            memcpy(f->x + a->rows, g->x, b->rows * sizeof *f->x);
        } else {
            f->level = xreallocarray(f->level, n + 1, sizeof *f->level);
            memcpy(f->level + a->rows, g->level, b->rows * sizeof *f->level);
        }
    }
    a->rows = n;
    a->positives += b->positives;
}

struct design *partial_read_rows(const struct partial_request *q, size_t n, struct tsv_reader *r)
{
    struct design *all = read_shard(q, 1, r);
    for (size_t i = 2; i <= n; i++) {
        struct design *d = read_shard(q, i, r);
        partial_append_rows(all, d);
        design_free(d);
    }
    return all;
}

/* ---------- merging ---------- */

/* What the first pass merges, per feature. */
struct merged {
    char *name;
    bool numeric;
    double n, mean, m2;    /* numeric: Chan's update, in shard order */
    struct levels *levels; /* categorical */
};

static void merge_numeric(struct merged *m, double n, double mean, double m2)
{
    if (m->n == 0) {
        m->n = n;
        m->mean = mean;
        m->m2 = m2;
        return;
    }
    double total = m->n + n, delta = mean - m->mean;
    m->mean += delta * n / total;
    m->m2 += m2 + delta * delta * m->n * n / total;
    m->n = total;
}

/* The population standard deviation, 1 for a variance within rounding of
 * 0 (scikit-learn's test, as design_standardize has it). */
static double scale_of(const struct merged *m)
{
    double n = m->n, var = m->m2 / n;
    double bound = n * DBL_EPSILON * var + n * m->mean * DBL_EPSILON * (n * m->mean * DBL_EPSILON);
    return var <= bound ? 1 : sqrt(var);
}

/* One shard's stats partial into the merged features (made by the first). */
static void merge_one(struct rec_reader *r, struct merged **mf, size_t *nf, char ***header,
                      size_t *hn, const char *first_label, size_t *rows, size_t *pos)
{
    size_t j = 0, shard_rows = 0;
    while (rec_next(r)) {
        if (rec_is(r, "header", 0)) {
            size_t n;
            char **h = rec_strings(r, 1, &n);
            bool same = !*header || n == *hn;
            for (size_t i = 0; same && *header && i < n; i++)
                same = strcmp(h[i], (*header)[i]) == 0;
            if (!same)
                die("%s: another header than %s's", r->label, first_label);
            if (*header)
                cli_list_free(h, n);
            else
                *header = h, *hn = n;
            continue;
        }
        if (rec_is(r, "rows", 3)) {
            shard_rows = rec_size_at(r, 1);
            *rows += shard_rows;
            *pos += rec_size_at(r, 2);
            continue;
        }
        bool numeric = rec_is(r, "numeric", 4);
        if (!numeric && !(rec_is(r, "levels", 0) && r->nfield >= 3))
            rec_die(r, "an unknown record");
        if (j == *nf) {
            *mf = xreallocarray(*mf, j + 1, sizeof **mf);
            (*mf)[(*nf)++] = (struct merged){.name = xstrdup(r->field[1]),
                                             .numeric = numeric,
                                             .levels = numeric ? NULL : levels_new(0)};
        }
        struct merged *m = &(*mf)[j++];
        if (strcmp(m->name, r->field[1]) != 0)
            die("%s: its features differ from %s's", r->label, first_label);
        if (m->numeric != numeric)
            die("column '%s' is %s in %s but not in %s; name it with --categorical", m->name,
                m->numeric ? "numeric" : "categorical", first_label, r->label);
        if (numeric) {
            if (!shard_rows)
                rec_die(r, "a feature before the count of rows");
            merge_numeric(m, (double)shard_rows, rec_num_at(r, 2), rec_num_at(r, 3));
            continue;
        }
        for (size_t i = 2; i < r->nfield; i++)
            levels_add(m->levels, r->field[i], strlen(r->field[i]));
    }
}

/* The merged features as the header design. */
static struct design *header_of(struct merged *mf, size_t nf, const struct design_spec *spec,
                                size_t rows, size_t positives)
{
    struct design *d = xcalloc(1, sizeof *d);
    *d = (struct design){.rows = rows, .positives = positives, .nf = nf, .nterms = 1};
    if (positives == 0 || positives == rows)
        die("column '%s' has one class in every shard; a model needs both", spec->target);
    d->f = xcalloc(nf, sizeof *d->f);
    for (size_t j = 0; j < nf; j++) {
        struct merged *m = &mf[j];
        struct design_feature *f = &d->f[j];
        *f = (struct design_feature){.name = m->name, .term = d->nterms};
        if (m->numeric) {
            f->mean = m->mean;
            f->scale = scale_of(m);
            d->nterms++;
            continue;
        }
        size_t n = levels_size(m->levels);
        if (n > spec->max_levels || columns_identifier_like(n, rows))
            die("column '%s' has %zu levels in all shards (%zu rows); leave it out with "
                "--exclude %s or allow more with --max-levels",
                m->name, n, rows, m->name);
        f->type = DESIGN_CATEGORICAL;
        size_t *order = levels_order(m->levels);
        f->levels = xcalloc(n, sizeof *f->levels);
        for (size_t l = 0; l < n; l++)
            f->levels[l] = xstrdup(levels_name(m->levels, order[l]));
        f->nlevels = n;
        free(order);
        levels_free(m->levels);
        d->nterms += n - 1;
    }
    return d;
}

struct design *partial_merge_stats(FILE **files, char **labels, size_t n,
                                   const struct design_spec *spec, size_t *offsets)
{
    struct merged *mf = NULL;
    size_t nf = 0, rows = 0, positives = 0, hn = 0;
    char **header = NULL;
    for (size_t i = 0; i < n; i++) {
        struct rec_reader r;
        rec_open(&r, files[i], labels[i], "stats");
        offsets[i] = rows;
        size_t before = nf;
        merge_one(&r, &mf, &nf, &header, &hn, labels[0], &rows, &positives);
        if (i > 0 && nf != before)
            die("%s: its features differ from %s's", labels[i], labels[0]);
        rec_close(&r);
    }
    cli_list_free(header, hn);
    struct design *d = header_of(mf, nf, spec, rows, positives);
    free(mf);
    return d;
}

void partial_merge_sums(FILE **files, char **labels, size_t n, size_t nterms, struct fit_sums *s)
{
    size_t p = nterms;
    s->loss = 0;
    s->low_pos = INFINITY;
    s->high_neg = -INFINITY;
    memset(s->g, 0, p * sizeof *s->g);
    if (s->g_zero)
        memset(s->g_zero, 0, p * sizeof *s->g_zero);
    if (s->H)
        memset(s->H, 0, p * p * sizeof *s->H);
    for (size_t i = 0; i < n; i++) {
        struct rec_reader r;
        rec_open(&r, files[i], labels[i], "sums");
        size_t row = 0;
        bool loss = false, grad = false, zero = false;
        while (rec_next(&r)) {
            if (rec_is(&r, "rows", 2)) {
                continue;
            } else if (rec_is(&r, "loss", 4)) {
                s->loss += rec_num_at(&r, 1);
                s->low_pos = fmin(s->low_pos, rec_num_at(&r, 2));
                s->high_neg = fmax(s->high_neg, rec_num_at(&r, 3));
                loss = true;
            } else if (rec_is(&r, "gradient", p + 1)) {
                for (size_t k = 0; k < p; k++)
                    s->g[k] += rec_num_at(&r, k + 1);
                grad = true;
            } else if (s->g_zero && rec_is(&r, "gradient0", p + 1)) {
                for (size_t k = 0; k < p; k++)
                    s->g_zero[k] += rec_num_at(&r, k + 1);
                zero = true;
            } else if (s->H && row < p && rec_is(&r, "hessian", p - row + 1)) {
                for (size_t b = row; b < p; b++)
                    s->H[row * p + b] += rec_num_at(&r, b - row + 1);
                row++;
            } else {
                rec_die(&r, "an unknown record, or one with the wrong number of fields");
            }
        }
        if (!loss || !grad || (s->H && row != p) || (s->g_zero && !zero))
            die("%s: the partial sums lack their loss, gradient or Hessian", labels[i]);
        rec_close(&r);
    }
    for (size_t a = 0; s->H && a < p; a++)
        for (size_t b = a + 1; b < p; b++)
            s->H[b * p + a] = s->H[a * p + b];
}
