/* tsv.c - reading TSV and CSV tables with a header; see tsv.h. */
#include "tsv.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "closest.h"
#include "err.h"
#include "num.h"
#include "tabs.h"
#include "utf8.h"
#include "xalloc.h"

#define BLOCK_SIZE (256 * 1024)

/* A queue of records parsed from CSV, waiting to be returned one by one.  The
 * bytes of all queued fields (each NUL-terminated) live in `bytes`; a field is
 * an offset and a length, a record a run of fields. */
struct csv_queue {
    struct csv_parser parser;
    char *bytes;
    size_t nbytes, bytes_cap;
    size_t *off, *len;
    size_t nfields, fields_cap;
    size_t *rec_first, *rec_count;
    unsigned long *rec_line;
    size_t nrecs, recs_cap, next_rec;
    size_t pending_first; /* first field of the record being parsed */
    bool in_record;       /* a non-blank line has started a record */
    unsigned long rec_start_line;
    bool finished;
};

struct tsv_reader {
    FILE *fp;
    bool own_fp;
    bool borrowed_buf; /* a block reader's: the caller's */
    char *name;
    bool csv;
    tsv_observer *observe;
    void *observe_ctx;

    /* Raw input: buf[beg, end) is unread, buf[beg, scan) has no LF. */
    char *buf;
    size_t cap, beg, scan, end;
    bool eof, maybe_nul, at_start;
    size_t max_line;
    /* The file offset where reading started (-1: not a seekable file), the
     * bytes read since, and after tsv_split the count not to read past. */
    long long base;
    unsigned long long consumed, stop;
    unsigned long physline; /* lines handed out so far */

    /* The current row. */
    char *line;
    size_t linelen;
    char **field;
    size_t *flen;
    size_t nfield, field_cap;
    unsigned long lineno;

    /* The header. */
    char **names;
    size_t width;

    /* After tsv_select: what each TAB of a row means for the selected
     * columns (TAB k ends column k, starts column k + 1), and the TABs that
     * mean something, in order.  NULL: every field is split. */
    unsigned char *tab_role;
    size_t *tab_needed, ntab_needed;
    size_t *tab_pos; /* where each of them is in the current row */
    bool want_first, want_last;

    struct csv_queue *q;

    char **na; /* --na spellings, or NULL */
    size_t nna;
};

/* ---------- raw input ---------- */

/* A NUL in the bytes just read: an error at once if it is in the line being
 * read (nothing is to be gained by reading on to its end, which may be far
 * or never come); else next_line reports it when it gets to its line. */
static void check_nul(struct tsv_reader *r, const char *p, size_t n)
{
    const char *nul = memchr(p, '\0', n);
    if (!nul)
        return;
    r->maybe_nul = true;
    if (!memchr(p, '\n', (size_t)(nul - p)))
        die("%s:%lu: NUL byte in input", r->name, r->physline + 1);
}

/* Read more bytes; false at end of input. */
static bool fill(struct tsv_reader *r)
{
    if (r->eof)
        return false;
    if (r->beg > 0) {
        memmove(r->buf, r->buf + r->beg, r->end - r->beg);
        r->end -= r->beg;
        r->scan -= r->beg;
        r->beg = 0;
    }
    /* Keep one byte spare so that the last line can always be terminated. */
    if (r->cap - r->end < 2)
        r->buf = xgrow(r->buf, &r->cap, r->cap + 1, 1);
    size_t want = r->cap - r->end - 1;
    if (r->stop) {
        if (r->consumed == r->stop) {
            r->eof = true; /* until tsv_resume */
            return false;
        }
        if (r->stop - r->consumed < want)
            want = (size_t)(r->stop - r->consumed);
    }
    size_t n = fread(r->buf + r->end, 1, want, r->fp);
    r->consumed += n;
    if (n == 0) {
        if (ferror(r->fp))
            die_errno("%s", r->name);
        r->eof = true;
        return false;
    }
    if (r->observe)
        r->observe(r->observe_ctx, r->buf + r->end, n);
    check_nul(r, r->buf + r->end, n);
    r->end += n;
    return true;
}

static _Noreturn void line_too_long(const struct tsv_reader *r)
{
    die("%s:%lu: a line longer than %zu bytes (--max-line raises the limit)", r->name,
        r->physline + 1, r->max_line);
}

/* The next physical line without its LF, or NULL at the end of input.  The
 * byte after the line may be overwritten (it is the LF or spare room). */
static char *next_line(struct tsv_reader *r, size_t *len, bool *had_lf)
{
    for (;;) {
        char *nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
        if (nl) {
            char *line = r->buf + r->beg;
            *len = (size_t)(nl - line);
            if (*len > r->max_line)
                line_too_long(r);
            *had_lf = true;
            r->beg = r->scan = (size_t)(nl + 1 - r->buf);
            break;
        }
        r->scan = r->end;
        if (r->scan - r->beg > r->max_line)
            line_too_long(r);
        if (!fill(r)) {
            if (r->beg == r->end)
                return NULL;
            *len = r->end - r->beg;
            *had_lf = false;
            r->beg = r->scan = r->end;
            break;
        }
    }
    r->physline++;
    char *line = r->buf + r->beg - *len - *had_lf;
    if (r->at_start) {
        r->at_start = false;
        if (*len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            *len -= 3;
        }
    }
    if (r->maybe_nul && memchr(line, '\0', *len))
        die("%s:%lu: NUL byte in input", r->name, r->physline);
    return line;
}

/* ---------- TSV ---------- */

__attribute__((cold)) static void grow_fields(struct tsv_reader *r)
{
    size_t cap = r->field_cap;
    r->field = xgrow(r->field, &cap, r->nfield + 1, sizeof *r->field);
    r->flen = xreallocarray(r->flen, cap, sizeof *r->flen);
    r->field_cap = cap;
}

static void add_field(struct tsv_reader *r, char *p, size_t len)
{
    if (r->nfield == r->field_cap)
        grow_fields(r);
    r->field[r->nfield] = p;
    r->flen[r->nfield++] = len;
}

/* The row's fields as split_fields makes them, in locals: the count kept
 * in r would be stored and loaded again at each field, as the lengths
 * stored beside it might be it. */
struct split {
    struct tsv_reader *r;
    char **field;
    size_t *flen;
    size_t n, cap;
    char *start; /* of the field being read */
};

/* r's arrays grown past n fields, as split_add takes them back. */
__attribute__((cold)) static struct split split_grown(struct split sp)
{
    sp.r->nfield = sp.n;
    grow_fields(sp.r);
    sp.field = sp.r->field;
    sp.flen = sp.r->flen;
    sp.cap = sp.r->field_cap;
    return sp;
}

static inline void split_add(struct split *sp, char *end)
{
    if (sp->n == sp->cap)
        *sp = split_grown(*sp);
    sp->field[sp->n] = sp->start;
    sp->flen[sp->n++] = (size_t)(end - sp->start);
}

/* End the field being read at the TAB line[k]. */
static inline void end_field(struct split *sp, char *line, size_t k)
{
    line[k] = '\0';
    split_add(sp, line + k);
    sp->start = line + k + 1;
}

/*
 * Split line[0, len) (NUL-terminated) at its TABs.  Fields are short, so
 * rather than a memchr call for each, look at sixty-four, sixteen (SSE2)
 * or eight bytes at a time.
 */
static void split_fields(struct tsv_reader *r, char *line, size_t len)
{
    struct split sp = {r, r->field, r->flen, r->nfield, r->field_cap, line};
    size_t i = 0;
#ifdef __SSE2__
    /* sixty-four bytes a mask: a row's few masks, each loop over its TABs
     * ending where the processor cannot foresee, cost more than the bytes */
    for (; i + 64 <= len; i += 64) {
        uint64_t m = (uint64_t)tab_mask16(line + i) | (uint64_t)tab_mask16(line + i + 16) << 16 |
                     (uint64_t)tab_mask16(line + i + 32) << 32 |
                     (uint64_t)tab_mask16(line + i + 48) << 48;
        for (; m; m &= m - 1)
            end_field(&sp, line, i + (size_t)__builtin_ctzll(m));
    }
    for (; i + 16 <= len; i += 16)
        for (unsigned m = tab_mask16(line + i); m; m &= m - 1)
            end_field(&sp, line, i + (size_t)__builtin_ctz(m));
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= len; i += 8)
        for (uint64_t hits = tab_bits(line + i); hits; hits &= hits - 1)
            end_field(&sp, line, i + (size_t)__builtin_ctzll(hits) / 8);
#endif
    for (; i < len; i++)
        if (line[i] == '\t')
            end_field(&sp, line, i);
    split_add(&sp, line + len);
    r->nfield = sp.n;
}

enum { TAB_ENDS = 1, TAB_STARTS = 2 };

/* TAB k, at line[pos], as tsv_select asked. */
static void selected_tab(struct tsv_reader *r, char *line, size_t pos, size_t k)
{
    if (r->tab_role[k] & TAB_ENDS) {
        line[pos] = '\0';
        r->flen[k] = (size_t)(line + pos - r->field[k]);
    }
    if (r->tab_role[k] & TAB_STARTS)
        r->field[k + 1] = line + pos + 1;
}

/* After tsv_select: only the TABs that bound a selected column are looked
 * at (all are counted, for the check of the row's width). */
static void split_selected(struct tsv_reader *r, char *line, size_t len)
{
    if (r->want_first)
        r->field[0] = line;
    size_t found;
    size_t k = tabs_find(line, len, r->tab_needed, r->ntab_needed, r->tab_pos, &found);
    for (size_t j = 0; j < found; j++)
        selected_tab(r, line, r->tab_pos[j], r->tab_needed[j]);
    r->nfield = k + 1;
    if (r->want_last && k + 1 == r->width)
        r->flen[k] = (size_t)(line + len - r->field[k]);
}

static bool tsv_next_record(struct tsv_reader *r)
{
    size_t len;
    bool had_lf;
    char *line = next_line(r, &len, &had_lf);
    if (!line)
        return false;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    line[len] = '\0';
    r->line = line;
    r->linelen = len;
    r->lineno = r->physline;
    r->nfield = 0;
    if (r->lineno == 1 && memchr(line, '\r', len))
        die("%s:1: lines end in CR only (convert them to LF, or CR LF)", r->name);
    if (r->tab_role)
        split_selected(r, line, len);
    else
        split_fields(r, line, len);
    return true;
}

/* ---------- CSV ---------- */

/* libcsv callback: one field parsed.  data is the reader. */
static void csv_on_field(void *s, size_t n, void *data)
{
    struct tsv_reader *r = data;
    struct csv_queue *q = r->q;
    const char *p = s;
    if (n && memchr(p, '\0', n))
        die("%s:%lu: NUL byte in input", r->name, q->rec_start_line);
    size_t start = q->nbytes;
    q->bytes = xgrow(q->bytes, &q->bytes_cap, q->nbytes + n + 1, 1);
    bool prev_cr = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        /* A TAB or line break cannot stand in a TSV field: one space each,
         * CR LF counting as one break. */
        if (c == '\n' && prev_cr) {
            prev_cr = false;
            continue;
        }
        prev_cr = (c == '\r');
        q->bytes[q->nbytes++] = (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
    }
    q->bytes[q->nbytes++] = '\0';
    if (q->nfields == q->fields_cap) {
        size_t cap = q->fields_cap;
        q->off = xgrow(q->off, &cap, q->nfields + 1, sizeof *q->off);
        q->len = xreallocarray(q->len, cap, sizeof *q->len);
        q->fields_cap = cap;
    }
    q->off[q->nfields] = start;
    q->len[q->nfields++] = q->nbytes - start - 1;
}

/* libcsv callback: a record ended. */
static void csv_on_record(int c, void *data)
{
    (void)c;
    struct tsv_reader *r = data;
    struct csv_queue *q = r->q;
    if (q->nrecs == q->recs_cap) {
        size_t cap = q->recs_cap;
        q->rec_first = xgrow(q->rec_first, &cap, q->nrecs + 1, sizeof *q->rec_first);
        q->rec_count = xreallocarray(q->rec_count, cap, sizeof *q->rec_count);
        q->rec_line = xreallocarray(q->rec_line, cap, sizeof *q->rec_line);
        q->recs_cap = cap;
    }
    q->rec_first[q->nrecs] = q->pending_first;
    q->rec_count[q->nrecs] = q->nfields - q->pending_first;
    q->rec_line[q->nrecs++] = q->rec_start_line;
    q->pending_first = q->nfields;
    q->in_record = false;
}

static int csv_no_space(unsigned char c)
{
    (void)c;
    return 0; /* RFC 4180: spaces are part of a field */
}

static struct csv_queue *csv_queue_new(void)
{
    struct csv_queue *q = xcalloc(1, sizeof *q);
    if (csv_init(&q->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        die("out of memory");
    csv_set_space_func(&q->parser, csv_no_space);
    return q;
}

static void csv_queue_free(struct csv_queue *q)
{
    if (!q)
        return;
    csv_free(&q->parser);
    free(q->bytes);
    free(q->off);
    free(q->len);
    free(q->rec_first);
    free(q->rec_count);
    free(q->rec_line);
    free(q);
}

/* Drop the records already handed out, keeping the one being parsed. */
static void csv_queue_compact(struct csv_queue *q)
{
    size_t keep_from = q->pending_first < q->nfields ? q->off[q->pending_first] : q->nbytes;
    size_t nkeep = q->nfields - q->pending_first;
    if (q->nbytes > keep_from)
        memmove(q->bytes, q->bytes + keep_from, q->nbytes - keep_from);
    q->nbytes -= keep_from;
    for (size_t i = 0; i < nkeep; i++) {
        q->off[i] = q->off[q->pending_first + i] - keep_from;
        q->len[i] = q->len[q->pending_first + i];
    }
    q->nfields = nkeep;
    q->pending_first = 0;
    q->nrecs = q->next_rec = 0;
}

static bool is_blank(const char *line, size_t len)
{
    return len == 0 || (len == 1 && line[0] == '\r');
}

/* The bytes of the record being parsed so far: its fields done, and the one
 * libcsv is still collecting. */
static size_t record_bytes(const struct csv_queue *q)
{
    size_t done = q->pending_first < q->nfields ? q->nbytes - q->off[q->pending_first] : 0;
    return done + q->parser.entry_pos;
}

/* Feed lines to libcsv until at least one record is queued or input ends. */
static void csv_feed(struct tsv_reader *r)
{
    struct csv_queue *q = r->q;
    while (q->nrecs == q->next_rec && !q->finished) {
        size_t len;
        bool had_lf;
        const char *line = next_line(r, &len, &had_lf);
        int status;
        if (!line) {
            q->finished = true;
            status = csv_fini(&q->parser, csv_on_field, csv_on_record, r);
            if (status != 0)
                die("%s:%lu: quoted field not closed at end of input", r->name, q->rec_start_line);
            break;
        }
        if (!q->in_record && !is_blank(line, len)) {
            q->in_record = true;
            q->rec_start_line = r->physline;
        }
        size_t n = len + had_lf;
        if (q->in_record && record_bytes(q) + n > r->max_line)
            die("%s:%lu: a record longer than %zu bytes (--max-line raises the limit)", r->name,
                q->rec_start_line, r->max_line);
        if (csv_parse(&q->parser, line, n, csv_on_field, csv_on_record, r) != n) {
            if (csv_error(&q->parser) == CSV_EPARSE)
                die("%s:%lu: malformed CSV: a quote inside an unquoted field or after a "
                    "closing quote",
                    r->name, r->physline);
            die("out of memory");
        }
    }
}

static bool csv_next_record(struct tsv_reader *r)
{
    struct csv_queue *q = r->q;
    if (q->next_rec == q->nrecs) {
        csv_queue_compact(q);
        csv_feed(r);
        if (q->next_rec == q->nrecs)
            return false;
    }
    size_t k = q->next_rec++;
    r->nfield = 0;
    for (size_t i = 0; i < q->rec_count[k]; i++) {
        size_t f = q->rec_first[k] + i;
        add_field(r, q->bytes + q->off[f], q->len[f]);
    }
    r->lineno = q->rec_line[k];
    r->line = NULL;
    return true;
}

/* ---------- the reader ---------- */

static bool read_record(struct tsv_reader *r)
{
    return r->csv ? csv_next_record(r) : tsv_next_record(r);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_unique_names(const struct tsv_reader *r)
{
    char **sorted = xmalloc(r->width * sizeof *sorted);
    memcpy(sorted, r->names, r->width * sizeof *sorted);
    qsort(sorted, r->width, sizeof *sorted, compare_names);
    char q[ERR_QUOTE_SIZE];
    for (size_t i = 1; i < r->width; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0)
            die("%s:%lu: duplicate column name '%s'", r->name, r->lineno, err_quote(q, sorted[i]));
    free(sorted);
}

static bool wants_csv(const char *path, enum tsv_format format)
{
    if (format != TSV_FORMAT_AUTO)
        return format == TSV_FORMAT_CSV;
    size_t n = path ? strlen(path) : 0;
    return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

struct tsv_reader *tsv_open(const char *path, const struct tsv_options *opts)
{
    struct tsv_reader *r = xcalloc(1, sizeof *r);
    bool is_stdin = !path || strcmp(path, "-") == 0;
    if (is_stdin) {
        r->fp = stdin;
        r->name = xstrdup("stdin");
    } else {
        r->fp = fopen(path, "rb");
        if (!r->fp)
            die_errno("%s", path);
        r->own_fp = true;
        r->name = xstrdup(path);
    }
    r->csv = wants_csv(is_stdin ? NULL : path, opts ? opts->format : TSV_FORMAT_AUTO);
    if (opts) {
        r->observe = opts->observe;
        r->observe_ctx = opts->observe_ctx;
    }
    r->max_line = opts && opts->max_line ? opts->max_line : TSV_MAX_LINE;
    if (opts && opts->nna) {
        r->na = xmalloc(opts->nna * sizeof *r->na);
        for (size_t i = 0; i < opts->nna; i++)
            r->na[i] = xstrdup(opts->na[i]);
        r->nna = opts->nna;
    }
    r->base = lseek(fileno(r->fp), 0, SEEK_CUR);
    r->cap = BLOCK_SIZE;
    r->buf = xmalloc(r->cap);
    r->at_start = true;
    if (r->csv)
        r->q = csv_queue_new();

    if (!read_record(r))
        die("%s: empty input: expected a header line", r->name);
    r->width = r->nfield;
    /* CSV piped in is read as TSV: a header of one column with commas. */
    if (!r->csv && is_stdin && r->width == 1 && memchr(r->field[0], ',', r->flen[0]))
        die("stdin:1: the header has commas and no TAB: if this is CSV, read it with --csv");
    r->names = xmalloc(r->width * sizeof *r->names);
    for (size_t i = 0; i < r->width; i++)
        r->names[i] = xstrndup(r->field[i], r->flen[i]);
    check_unique_names(r);
    return r;
}

void tsv_select(struct tsv_reader *r, const size_t *cols, size_t n)
{
    if (r->csv)
        return; /* libcsv hands over every field anyway */
    size_t w = r->width;
    free(r->tab_role);
    free(r->tab_needed);
    free(r->tab_pos);
    r->tab_role = xcalloc(w, 1);
    r->tab_needed = xmalloc(w * sizeof *r->tab_needed);
    r->tab_pos = xmalloc(w * sizeof *r->tab_pos);
    r->want_first = r->want_last = false;
    for (size_t i = 0; i < n; i++) {
        size_t c = cols[i];
        if (c >= w)
            abort(); /* a programming error: no such column */
        if (c == 0)
            r->want_first = true;
        else
            r->tab_role[c - 1] |= TAB_STARTS;
        if (c == w - 1)
            r->want_last = true;
        else
            r->tab_role[c] |= TAB_ENDS;
    }
    r->ntab_needed = 0;
    for (size_t k = 0; k < w; k++)
        if (r->tab_role[k])
            r->tab_needed[r->ntab_needed++] = k;
    if (r->field_cap < w) {
        r->field = xreallocarray(r->field, w, sizeof *r->field);
        r->flen = xreallocarray(r->flen, w, sizeof *r->flen);
        r->field_cap = w;
    }
}

/* The offset of the first line that starts at or after offset mid of the
 * file fd, if one starts before end and within a megabyte; else 0. */
static unsigned long long line_after(int fd, unsigned long long mid, unsigned long long end)
{
    char chunk[64 * 1024];
    for (unsigned long long at = mid; at < end && at < mid + (1 << 20);) {
        ssize_t n = pread(fd, chunk, sizeof chunk, (off_t)at);
        if (n <= 0)
            return 0;
        const char *nl = memchr(chunk, '\n', (size_t)n);
        if (nl) {
            unsigned long long next = at + (unsigned long long)(nl - chunk) + 1;
            return next < end ? next : 0;
        }
        at += (unsigned long long)n;
    }
    return 0;
}

/* Whether the input is a regular file with at least min_bytes not yet
 * read: then its descriptor, the offset of its first unread byte and its
 * size. */
static bool unread_file(const struct tsv_reader *r, unsigned long long min_bytes, int *fd,
                        unsigned long long *next, unsigned long long *end)
{
    struct stat st;
    if (r->base < 0 || r->eof || fstat(fileno(r->fp), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    *fd = fileno(r->fp);
    *next = (unsigned long long)r->base + r->consumed;
    *end = (unsigned long long)st.st_size;
    return *end >= *next && *end - *next >= min_bytes;
}

bool tsv_split(struct tsv_reader *r, unsigned long long min_bytes, int *fd,
               unsigned long long *offset)
{
    unsigned long long next, end;
    if (r->csv || r->observe || r->stop || !unread_file(r, min_bytes, fd, &next, &end) ||
        end == next)
        return false;
    unsigned long long split = line_after(*fd, next + (end - next) / 2, end);
    if (!split)
        return false;
    r->stop = split - (unsigned long long)r->base;
    *offset = split;
    return true;
}

bool tsv_detach_observer(struct tsv_reader *r, unsigned long long min_bytes, int *fd,
                         unsigned long long *offset)
{
    unsigned long long end;
    if (!r->observe || !unread_file(r, min_bytes, fd, offset, &end))
        return false;
    r->observe = NULL;
    return true;
}

void tsv_resume(struct tsv_reader *r)
{
    if (r->stop && r->consumed == r->stop)
        r->eof = false;
    r->stop = 0;
}

bool tsv_rest(const struct tsv_reader *r, unsigned long long min_bytes, int *fd,
              unsigned long long *from, unsigned long long *to)
{
    unsigned long long next;
    if (r->csv || r->observe || r->stop || !unread_file(r, 0, fd, &next, to))
        return false;
    *from = next - (r->end - r->beg); /* bytes read but not yet handed out */
    return *to - *from >= min_bytes;
}

bool tsv_tell(const struct tsv_reader *r, unsigned long long *offset, unsigned long *lines)
{
    struct stat st;
    if (r->csv || r->base < 0 || fstat(fileno(r->fp), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    *offset = (unsigned long long)r->base + r->consumed - (r->end - r->beg);
    *lines = r->physline;
    return true;
}

void tsv_seek(struct tsv_reader *r, unsigned long long offset, unsigned long lines)
{
    if (fseeko(r->fp, (off_t)offset, SEEK_SET) != 0)
        die_errno("%s", r->name);
    r->beg = r->scan = r->end = 0;
    r->eof = r->maybe_nul = r->at_start = false;
    r->consumed = offset - (unsigned long long)r->base;
    r->stop = 0;
    r->physline = lines;
}

/* The arrays of tsv_select, copied for a block reader. */
static void copy_selection(struct tsv_reader *b, const struct tsv_reader *r)
{
    size_t w = r->width;
    b->tab_role = xmalloc(w);
    memcpy(b->tab_role, r->tab_role, w);
    b->tab_needed = xmalloc(w * sizeof *b->tab_needed);
    memcpy(b->tab_needed, r->tab_needed, w * sizeof *b->tab_needed);
    b->tab_pos = xmalloc(w * sizeof *b->tab_pos);
    b->ntab_needed = r->ntab_needed;
    b->want_first = r->want_first;
    b->want_last = r->want_last;
}

struct tsv_reader *tsv_block_reader(const struct tsv_reader *r)
{
    struct tsv_reader *b = xcalloc(1, sizeof *b);
    b->name = xstrdup(r->name);
    b->borrowed_buf = true;
    b->max_line = r->max_line;
    b->width = r->width;
    b->names = xmalloc(r->width * sizeof *b->names);
    for (size_t i = 0; i < r->width; i++)
        b->names[i] = xstrdup(r->names[i]);
    b->field_cap = r->width;
    b->field = xreallocarray(NULL, b->field_cap, sizeof *b->field);
    b->flen = xreallocarray(NULL, b->field_cap, sizeof *b->flen);
    if (r->tab_role)
        copy_selection(b, r);
    /* A block's --na spellings read as the reader's do. */
    b->nna = r->nna;
    b->na = r->nna ? xmalloc(r->nna * sizeof *b->na) : NULL;
    for (size_t i = 0; i < r->nna; i++)
        b->na[i] = xstrdup(r->na[i]);
    return b;
}

void tsv_block_set(struct tsv_reader *b, char *buf, size_t len, unsigned long lines)
{
    b->buf = buf;
    b->beg = 0;
    b->end = len;
    b->physline = lines;
    b->maybe_nul = memchr(buf, '\0', len) != NULL;
}

enum tsv_block_status tsv_block_next(struct tsv_reader *b)
{
    if (b->beg == b->end)
        return TSV_END;
    char *line = b->buf + b->beg;
    char *nl = memchr(line, '\n', b->end - b->beg);
    size_t len = nl ? (size_t)(nl - line) : b->end - b->beg;
    if (len > b->max_line || b->maybe_nul)
        return TSV_OFF_PATH;
    b->beg += len + (nl != NULL);
    b->lineno = ++b->physline;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    line[len] = '\0';
    b->line = line;
    b->linelen = len;
    b->nfield = 0;
    if (b->tab_role)
        split_selected(b, line, len);
    else
        split_fields(b, line, len);
    return b->nfield == b->width ? TSV_ROW : TSV_OFF_PATH;
}

unsigned long tsv_lines_read(const struct tsv_reader *r)
{
    return r->physline;
}

void tsv_close(struct tsv_reader *r)
{
    if (!r)
        return;
    if (r->own_fp)
        fclose(r->fp);
    for (size_t i = 0; i < r->width; i++)
        free(r->names[i]);
    free(r->names);
    free(r->field);
    free(r->flen);
    free(r->tab_role);
    free(r->tab_needed);
    free(r->tab_pos);
    if (!r->borrowed_buf)
        free(r->buf);
    free(r->name);
    for (size_t i = 0; i < r->nna; i++)
        free(r->na[i]);
    free(r->na);
    csv_queue_free(r->q);
    free(r);
}

size_t tsv_max_line_arg(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(arg, &end, 10);
    int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift)
        end++;
    if (!isdigit((unsigned char)arg[0]) || *end || errno || n == 0 || n > (SIZE_MAX >> 31))
        die_usage("option '--max-line': '%s' is not a number of bytes (such as 1000000 or 256M)",
                  arg);
    return (size_t)n << shift;
}

const char *tsv_name(const struct tsv_reader *r)
{
    return r->name;
}

size_t tsv_width(const struct tsv_reader *r)
{
    return r->width;
}

const char *tsv_header(const struct tsv_reader *r, size_t i)
{
    return r->names[i];
}

long tsv_find(const struct tsv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->width; i++)
        if (strcmp(r->names[i], name) == 0)
            return (long)i;
    return -1;
}

void tsv_die_missing(const struct tsv_reader *r, const char *name, const char *more)
{
    char *near = closest_names(r->names, r->width, name);
    die("column '%s' not found in header of %s%s%s%s%s", name, r->name,
        near ? " (did you mean " : "", near ? near : "", near ? "?)" : "", more);
}

size_t tsv_column(const struct tsv_reader *r, const char *name)
{
    long i = tsv_find(r, name);
    if (i < 0)
        tsv_die_missing(r, name, "");
    return (size_t)i;
}

bool tsv_next(struct tsv_reader *r)
{
    if (!read_record(r))
        return false;
    if (r->nfield != r->width)
        die("%s:%lu: expected %zu fields, found %zu", r->name, r->lineno, r->width, r->nfield);
    return true;
}

/* Whether field i is one of the --na spellings. */
static bool is_na(const struct tsv_reader *r, size_t i)
{
    for (size_t k = 0; k < r->nna; k++)
        if (strcmp(r->field[i], r->na[k]) == 0)
            return true;
    return false;
}

bool tsv_has_na(const struct tsv_reader *r)
{
    return r->nna > 0;
}

const char *tsv_get(const struct tsv_reader *r, size_t i)
{
    return r->nna && is_na(r, i) ? "" : r->field[i];
}

size_t tsv_len(const struct tsv_reader *r, size_t i)
{
    return r->nna && is_na(r, i) ? 0 : r->flen[i];
}

bool tsv_fields(const struct tsv_reader *r, char *const **field, const size_t **len)
{
    if (r->nna)
        return false;
    *field = r->field;
    *len = r->flen;
    return true;
}

unsigned long tsv_line(const struct tsv_reader *r)
{
    return r->lineno;
}

bool tsv_number(const struct tsv_reader *r, size_t i, double *out)
{
    const char *t = tsv_get(r, i);
    enum num_status st = num_parse_n(t, tsv_len(r, i), out);
    if (st == NUM_OK)
        return true;
    if (st == NUM_EMPTY)
        return false;
    char q[ERR_QUOTE_SIZE];
    tsv_die_col(r, i, "'%s' %s", err_quote(q, t), num_status_text(st));
}

double tsv_number_req(const struct tsv_reader *r, size_t i)
{
    double v;
    if (!tsv_number(r, i, &v))
        tsv_die_col(r, i, "missing value");
    return v;
}

int tsv_zero_one_try(const struct tsv_reader *r, size_t i)
{
    const char *t = tsv_get(r, i);
    if ((t[0] == '0' || t[0] == '1') && t[1] == '\0')
        return t[0] == '1';
    double v;
    if (num_parse(t, &v) == NUM_OK && (v == 0 || v == 1))
        return v == 1;
    return -1;
}

bool tsv_zero_one(const struct tsv_reader *r, size_t i, const char *hint)
{
    int v = tsv_zero_one_try(r, i);
    if (v >= 0)
        return v;
    const char *t = tsv_get(r, i);
    if (t[0] == '\0')
        tsv_die_col(r, i, "missing value");
    char q[ERR_QUOTE_SIZE];
    tsv_die_col(r, i, "'%s' is not 0 or 1%s%s%s", err_quote(q, t), hint ? " (" : "",
                hint ? hint : "", hint ? ")" : "");
}

void tsv_require_utf8(const struct tsv_reader *r, size_t i)
{
    char q[ERR_QUOTE_SIZE];
    if (!utf8_valid(r->field[i], r->flen[i]))
        tsv_die_col(r, i, "'%s' is not valid UTF-8, which JSON output needs",
                    err_quote(q, r->field[i]));
}

void tsv_require_utf8_name(const struct tsv_reader *r, size_t i)
{
    char q[ERR_QUOTE_SIZE];
    if (!utf8_valid(r->names[i], strlen(r->names[i])))
        die("%s:1: column name '%s' is not valid UTF-8, which JSON output needs", r->name,
            err_quote(q, r->names[i]));
}

void tsv_write_row(struct tsv_reader *r, FILE *out)
{
    if (r->tab_role)
        abort(); /* a programming error: the row was not split (tsv_select) */
    if (r->line) {
        /* TSV: put the TABs back for one write, then split again. */
        for (size_t i = 1; i < r->nfield; i++)
            r->field[i][-1] = '\t';
        fwrite_unlocked(r->line, 1, r->linelen, out);
        for (size_t i = 1; i < r->nfield; i++)
            r->field[i][-1] = '\0';
        return;
    }
    for (size_t i = 0; i < r->nfield; i++) {
        if (i)
            putc_unlocked('\t', out);
        fwrite_unlocked(r->field[i], 1, r->flen[i], out);
    }
}

void tsv_write_header(const struct tsv_reader *r, FILE *out)
{
    for (size_t i = 0; i < r->width; i++) {
        if (i)
            putc_unlocked('\t', out);
        fputs_unlocked(r->names[i], out);
    }
}

static _Noreturn void vdie_at(const struct tsv_reader *r, const char *col, const char *fmt,
                              va_list ap)
{
    char *msg;
    if (vasprintf(&msg, fmt, ap) < 0)
        die("out of memory");
    char q[ERR_QUOTE_SIZE];
    if (col)
        die("%s:%lu: column '%s': %s", r->name, r->lineno, err_quote(q, col), msg);
    die("%s:%lu: %s", r->name, r->lineno, msg);
}

void tsv_die_col(const struct tsv_reader *r, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie_at(r, r->names[col], fmt, ap);
}

void tsv_die(const struct tsv_reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie_at(r, NULL, fmt, ap);
}
