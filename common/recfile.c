/* recfile.c - records of TAB-separated, escaped fields; see recfile.h. */
#include "recfile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "xalloc.h"

#define PARTIAL_MAGIC   "pm-partial"
#define PARTIAL_VERSION "1"

/* ---------- writing ---------- */

void rec_key(struct rec_writer *w, const char *key)
{
    fputs(key, w->fp);
}

void rec_str(struct rec_writer *w, const char *s)
{
    putc('\t', w->fp);
    for (; *s; s++) {
        const char *esc = *s == '\t'   ? "\\t"
                          : *s == '\n' ? "\\n"
                          : *s == '\r' ? "\\r"
                          : *s == '\\' ? "\\\\"
                                       : NULL;
        if (esc)
            fputs(esc, w->fp);
        else
            putc(*s, w->fp);
    }
}

void rec_num(struct rec_writer *w, double v)
{
    char buf[NUM_BUFSZ];
    num_format(v, buf);
    putc('\t', w->fp);
    fputs(buf, w->fp);
}

void rec_size(struct rec_writer *w, size_t v)
{
    fprintf(w->fp, "\t%zu", v);
}

void rec_end_line(struct rec_writer *w)
{
    putc('\n', w->fp);
    w->lines++;
}

void rec_list(struct rec_writer *w, const char *key, char **items, size_t n)
{
    if (!n)
        return;
    rec_key(w, key);
    for (size_t i = 0; i < n; i++)
        rec_str(w, items[i]);
    rec_end_line(w);
}

void rec_start(struct rec_writer *w, FILE *fp, const char *kind)
{
    *w = (struct rec_writer){.fp = fp};
    fputs(PARTIAL_MAGIC "\t" PARTIAL_VERSION, fp);
    rec_str(w, kind);
    rec_end_line(w);
}

void rec_finish(struct rec_writer *w)
{
    fprintf(w->fp, "end\t%zu\n", w->lines);
}

/* ---------- reading ---------- */

_Noreturn void rec_die(const struct rec_reader *r, const char *what)
{
    die("%s:%zu: %s", r->label, r->line, what);
}

/* Split the line in place at TABs and undo the escapes. */
static void split_fields(struct rec_reader *r, char *s)
{
    r->nfield = 0;
    for (;;) {
        if (r->nfield == r->fcap)
            r->field = xgrow(r->field, &r->fcap, r->nfield + 1, sizeof *r->field);
        r->field[r->nfield++] = s;
        char *out = s;
        for (; *s && *s != '\t'; s++) {
            if (*s != '\\') {
                *out++ = *s;
                continue;
            }
            s++;
            if (*s == 't' || *s == 'n' || *s == 'r' || *s == '\\')
                *out++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : '\\';
            else
                rec_die(r, "a bad escape (a damaged file?)");
        }
        char c = *s;
        *out = '\0';
        if (c != '\t')
            return;
        s++;
    }
}

/* The next record, false at the end line (which must count the lines). */
bool rec_next(struct rec_reader *r)
{
    ssize_t len = getline(&r->buf, &r->cap, r->fp);
    r->line++;
    if (len <= 0 || r->buf[len - 1] != '\n')
        rec_die(r, len <= 0 ? "truncated (no end line)" : "truncated (a line without its end)");
    r->buf[len - 1] = '\0';
    split_fields(r, r->buf);
    if (strcmp(r->field[0], "end") != 0)
        return true;
    char want[32];
    snprintf(want, sizeof want, "%zu", r->line - 1);
    if (r->nfield != 2 || strcmp(r->field[1], want) != 0)
        rec_die(r, "the end line does not count the lines before it (a damaged file?)");
    if (getc(r->fp) != EOF)
        rec_die(r, "more after the end line");
    r->ended = true;
    return false;
}

size_t rec_open_kinds(struct rec_reader *r, FILE *fp, const char *label, const char *const *kinds)
{
    *r = (struct rec_reader){.label = label, .fp = fp};
    if (!rec_next(r) || strcmp(r->field[0], PARTIAL_MAGIC) != 0 || r->nfield != 3)
        rec_die(r, "not a pm partial file");
    if (strcmp(r->field[1], PARTIAL_VERSION) == 0)
        for (size_t i = 0; kinds[i]; i++)
            if (strcmp(r->field[2], kinds[i]) == 0)
                return i;
    die("%s:1: a '%s' file of version %s where a '%s' of version %s was expected", label,
        r->field[2], r->field[1], kinds[0], PARTIAL_VERSION);
}

void rec_open(struct rec_reader *r, FILE *fp, const char *label, const char *kind)
{
    const char *kinds[] = {kind, NULL};
    rec_open_kinds(r, fp, label, kinds);
}

void rec_close(struct rec_reader *r)
{
    fclose(r->fp);
    free(r->buf);
    free(r->field);
}

bool rec_is(const struct rec_reader *r, const char *key, size_t nfield)
{
    if (strcmp(r->field[0], key) != 0)
        return false;
    if (nfield && r->nfield != nfield)
        rec_die(r, "a record with the wrong number of fields (a damaged file?)");
    return true;
}

double rec_num_at(const struct rec_reader *r, size_t i)
{
    const char *s = r->field[i];
    double v;
    if (strcmp(s, "inf") == 0)
        return INFINITY;
    if (strcmp(s, "-inf") == 0)
        return -INFINITY;
    if (num_parse(s, &v) != NUM_OK)
        rec_die(r, "a field that is not a number (a damaged file?)");
    return v;
}

size_t rec_size_at(const struct rec_reader *r, size_t i)
{
    const char *s = r->field[i];
    char *end;
    if (*s < '0' || *s > '9')
        rec_die(r, "a field that is not a count (a damaged file?)");
    unsigned long long v = strtoull(s, &end, 10);
    if (*end)
        rec_die(r, "a field that is not a count (a damaged file?)");
    return (size_t)v;
}

char **rec_strings(const struct rec_reader *r, size_t from, size_t *n)
{
    *n = r->nfield - from;
    char **v = xcalloc(*n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++)
        v[i] = xstrdup(r->field[from + i]);
    return v;
}
