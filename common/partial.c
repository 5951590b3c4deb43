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
#include "impute.h"
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
    rec_list(w, "na", q->na, q->nna);
    if (s->impute) {
        rec_key(w, "impute");
        rec_size(w, 1);
        rec_end_line(w);
    }
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
        if (f->indicator) {
            rec_key(w, "indicator");
            rec_str(w, f->name);
            rec_str(w, d->f[f->source].name);
            rec_num(w, f->mean);
            rec_num(w, f->scale);
        } else if (f->type == DESIGN_NUMERIC) {
            rec_key(w, "numeric");
            rec_str(w, f->name);
            rec_num(w, f->mean);
            rec_num(w, f->scale);
            if (f->imputed)
                rec_num(w, f->fill);
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

/* The feature of d called name, which an indicator names as its source. */
static size_t source_of(const struct rec_reader *r, const struct design *d, const char *name)
{
    for (size_t j = 0; j < d->nf; j++)
        if (strcmp(d->f[j].name, name) == 0 && d->f[j].imputed)
            return j;
    rec_die(r, "an indicator of no imputed feature before it");
}

/* A header record (rows, numeric, indicator, levels) into d; false if r
 * holds another. */
static bool read_header_record(const struct rec_reader *r, struct design *d)
{
    if (rec_is(r, "rows", 3)) {
        d->rows = rec_size_at(r, 1);
        d->positives = rec_size_at(r, 2);
        return true;
    }
    bool numeric = rec_is(r, "numeric", 0), indicator = rec_is(r, "indicator", 5);
    if (numeric && r->nfield != 4 && r->nfield != 5)
        rec_die(r, "a numeric feature without its mean and scale");
    if (!numeric && !indicator && !(rec_is(r, "levels", 0) && r->nfield >= 3))
        return false;
    size_t source = indicator ? source_of(r, d, r->field[2]) : 0;
    d->f = xreallocarray(d->f, d->nf + 1, sizeof *d->f);
    struct design_feature *f = &d->f[d->nf++];
    *f = (struct design_feature){.name = xstrdup(r->field[1]), .term = d->nterms};
    if (numeric || indicator) {
        f->mean = rec_num_at(r, 2 + indicator);
        f->scale = rec_num_at(r, 3 + indicator);
        f->imputed = numeric && r->nfield == 5;
        f->fill = f->imputed ? rec_num_at(r, 4) : 0;
        f->indicator = indicator;
        f->source = source;
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
    else if (rec_is(r, "na", 0))
        q->na = rec_strings(r, 1, &q->nna);
    else if (rec_is(r, "impute", 2))
        s->impute = rec_size_at(r, 1) != 0;
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
    cli_list_free(q->na, q->nna);
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

/* The mean of the values of x[0, n) that are not missing (NaN) and the sum
 * of their squared deviations from it (0 and 0 if there are none); the
 * number missing. */
static size_t moments(const double *x, size_t n, double *mean, double *m2)
{
    double s = 0, c = 0;
    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i]))
            missing++;
        else
            add_comp(&s, &c, x[i]);
    *mean = *m2 = 0;
    if (missing == n)
        return missing;
    double m = n - missing;
    *mean = (s + c) / m;
    double q = 0, qc = 0, e = 0, ec = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        double dev = x[i] - *mean;
        add_comp(&e, &ec, dev);
        add_comp(&q, &qc, dev * dev);
    }
    double corr = e + ec;
    *m2 = (q + qc) - corr * corr / m;
    if (*m2 < 0)
        *m2 = 0;
    return missing;
}

/* Each level's rows in f (rows of them). */
static size_t *level_rows(const struct design_feature *f, size_t rows)
{
    size_t *n = xcalloc(f->nlevels + 1, sizeof *n);
    for (size_t i = 0; i < rows; i++)
        n[f->level[i]]++;
    return n;
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
            size_t missing = moments(f->x, d->rows, &mean, &m2);
            rec_key(&w, "numeric");
            rec_str(&w, f->name);
            rec_num(&w, mean);
            rec_num(&w, m2);
            rec_size(&w, missing);
            rec_size(&w, f->missing_line);
        } else {
            size_t *n = level_rows(f, d->rows);
            rec_key(&w, "levels");
            rec_str(&w, f->name);
            for (size_t l = 0; l < f->nlevels; l++) {
                rec_str(&w, f->levels[l]);
                rec_size(&w, n[l]);
            }
            free(n);
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
        /* missing values are counted here, judged over all shards */
        struct design_spec spec = q->spec;
        spec.shard = true;
        spec.impute = true;
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
    double n, mean, m2;  /* numeric: the values present, Chan's update, in shard order */
    size_t missing;      /* numeric: the rows without a value */
    size_t missing_line; /* ... the first's line, in shard missing_shard */
    size_t missing_shard;
    struct levels *levels; /* categorical: each level's rows */
};

static void merge_numeric(struct merged *m, double n, double mean, double m2)
{
    if (n == 0)
        return;
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

/* The population standard deviation of n values of that mean and sum of
 * squared deviations, 1 for a variance within rounding of 0
 * (scikit-learn's test, as design_standardize has it). */
static double scale_of(double n, double mean, double m2)
{
    double var = m2 / n;
    double bound = n * DBL_EPSILON * var + n * mean * DBL_EPSILON * (n * mean * DBL_EPSILON);
    return var <= bound ? 1 : sqrt(var);
}

/* A shard's header record against the first shard's. */
static void merge_header(const struct rec_reader *r, char ***header, size_t *hn,
                         const char *first_label)
{
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
}

/* A levels record's LEVEL ROWS pairs into m's counts. */
static void merge_levels(const struct rec_reader *r, struct merged *m)
{
    if (r->nfield % 2 != 0)
        rec_die(r, "a level without its count of rows");
    for (size_t i = 2; i < r->nfield; i += 2)
        *levels_get(m->levels, r->field[i], strlen(r->field[i])) += rec_size_at(r, i + 1);
}

/* One shard's stats partial into the merged features (made by the first). */
static void merge_one(struct rec_reader *r, size_t shard, struct merged **mf, size_t *nf,
                      char ***header, size_t *hn, const char *first_label, size_t *rows,
                      size_t *pos)
{
    size_t j = 0, shard_rows = 0;
    while (rec_next(r)) {
        if (rec_is(r, "header", 0)) {
            merge_header(r, header, hn, first_label);
            continue;
        }
        if (rec_is(r, "rows", 3)) {
            shard_rows = rec_size_at(r, 1);
            *rows += shard_rows;
            *pos += rec_size_at(r, 2);
            continue;
        }
        bool numeric = rec_is(r, "numeric", 6);
        if (!numeric && !(rec_is(r, "levels", 0) && r->nfield >= 4))
            rec_die(r, "an unknown record");
        if (j == *nf) {
            *mf = xreallocarray(*mf, j + 1, sizeof **mf);
            (*mf)[(*nf)++] = (struct merged){.name = xstrdup(r->field[1]),
                                             .numeric = numeric,
                                             .levels = numeric ? NULL : levels_new(1)};
        }
        struct merged *m = &(*mf)[j++];
        if (strcmp(m->name, r->field[1]) != 0)
            die("%s: its features differ from %s's", r->label, first_label);
        if (m->numeric != numeric)
            die("column '%s' is %s in %s but not in %s; name it with --categorical", m->name,
                m->numeric ? "numeric" : "categorical", first_label, r->label);
        if (!numeric) {
            merge_levels(r, m);
            continue;
        }
        size_t missing = rec_size_at(r, 4);
        if (!shard_rows || missing > shard_rows)
            rec_die(r, "a feature before the count of rows, or with more rows missing");
        merge_numeric(m, (double)(shard_rows - missing), rec_num_at(r, 2), rec_num_at(r, 3));
        if (missing && !m->missing) {
            m->missing_line = rec_size_at(r, 5);
            m->missing_shard = shard;
        }
        m->missing += missing;
    }
}

/* m's levels into f: the reference first, the others in byte order. */
static void header_levels(struct design_feature *f, struct merged *m,
                          const struct design_spec *spec, size_t rows)
{
    size_t n = levels_size(m->levels);
    if (n > spec->max_levels || columns_identifier_like(n, rows))
        die("column '%s' has %zu levels in all shards (%zu rows); leave it out with "
            "--exclude %s or allow more with --max-levels",
            m->name, n, rows, m->name);
    f->type = DESIGN_CATEGORICAL;
    size_t *order = levels_order(m->levels);
    size_t *counts = xcalloc(n, sizeof *counts);
    f->levels = xcalloc(n, sizeof *f->levels);
    for (size_t l = 0; l < n; l++) {
        f->levels[l] = xstrdup(levels_name(m->levels, order[l]));
        counts[l] = (size_t)levels_counts(m->levels, order[l])[0];
    }
    f->nlevels = n;
    size_t ref = design_reference(f, counts, spec, "any shard");
    char *name = f->levels[ref];
    memmove(f->levels + 1, f->levels, ref * sizeof *f->levels);
    f->levels[0] = name;
    free(counts);
    free(order);
    levels_free(m->levels);
}

/* The imputed numeric feature f (m merged) takes the mean of its values,
 * and, if a value was missing, gains the indicator feature g, the model's
 * own in impute.h's order. */
static void impute_feature(struct design *d, size_t j, const struct merged *m, size_t rows,
                           const char *input)
{
    struct design_feature *f = &d->f[j];
    if (m->n == 0)
        die("column '%s' has no value in any shard to take its mean from; leave it out with "
            "--exclude %s",
            m->name, m->name);
    f->imputed = true;
    f->fill = m->mean;
    /* the filled values have the mean of the others, and no more spread */
    f->scale = scale_of((double)rows, m->mean, m->m2);
    if (!m->missing)
        return;
    impute_check_name(d, f->name, input);
    d->f = xreallocarray(d->f, d->nf + 1, sizeof *d->f);
    struct design_feature *g = &d->f[d->nf++];
    double share = (double)m->missing / (double)rows;
    *g = (struct design_feature){.type = DESIGN_NUMERIC, .indicator = true, .source = j};
    if (asprintf(&g->name, "%s_missing", m->name) < 0)
        die("out of memory");
    g->mean = share;
    g->scale = scale_of((double)rows, share, (double)m->missing * (1 - share));
}

/* A missing value is an error without --impute, as in design.h, with the
 * count over all shards and the first one's place (in file, if the shards
 * are its chunks, else in its shard, labels[i]). */
static void check_missing(const struct merged *m, const struct design_spec *spec, char **labels,
                          const char *file)
{
    if (!m->missing || spec->impute)
        return;
    die("%s:%zu: column '%s': missing value (%zu %s one); fill with --impute mean, or leave the "
        "column out with --exclude %s",
        file ? file : labels[m->missing_shard], m->missing_line, m->name, m->missing,
        m->missing == 1 ? "row has" : "rows have", m->name);
}

/* The merged features as the header design. */
static struct design *header_of(struct merged *mf, size_t nf, const struct design_spec *spec,
                                size_t rows, size_t positives, char **labels, const char *file)
{
    struct design *d = xcalloc(1, sizeof *d);
    *d = (struct design){.rows = rows, .positives = positives, .nf = nf};
    if (positives == 0 || positives == rows)
        die("column '%s' has one class in every shard; a model needs both", spec->target);
    d->f = xcalloc(nf, sizeof *d->f);
    for (size_t j = 0; j < nf; j++) {
        struct merged *m = &mf[j];
        struct design_feature *f = &d->f[j];
        *f = (struct design_feature){.name = m->name};
        if (!m->numeric) {
            header_levels(f, m, spec, rows);
            continue;
        }
        check_missing(m, spec, labels, file);
        f->mean = m->mean;
        f->scale = scale_of(m->n, m->mean, m->m2);
    }
    for (size_t j = 0; j < nf && spec->impute; j++)
        if (mf[j].numeric)
            impute_feature(d, j, &mf[j], rows, file ? file : labels[0]);
    d->nterms = 1;
    for (size_t j = 0; j < d->nf; j++) {
        d->f[j].term = d->nterms;
        d->nterms += d->f[j].type == DESIGN_NUMERIC ? 1 : d->f[j].nlevels - 1;
    }
    design_check_references(spec, d);
    return d;
}

struct design *partial_merge_stats(FILE **files, char **labels, size_t n, const char *file,
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
        merge_one(&r, i, &mf, &nf, &header, &hn, labels[0], &rows, &positives);
        if (i > 0 && nf != before)
            die("%s: its features differ from %s's", labels[i], labels[0]);
        rec_close(&r);
    }
    cli_list_free(header, hn);
    struct design *d = header_of(mf, nf, spec, rows, positives, labels, file);
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
