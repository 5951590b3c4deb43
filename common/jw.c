/* jw.c - streaming JSON writer; see jw.h. */
#include "jw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "utf8.h"

void jw_init(struct jw *w, FILE *fp, int indent)
{
    w->fp = fp;
    w->indent = indent;
    w->digits = 0;
    w->depth = 0;
    w->first[0] = true;
    w->flat[0] = false;
    w->after_key = false;
}

static void newline(struct jw *w)
{
    if (w->indent == 0 || w->flat[w->depth])
        return;
    putc('\n', w->fp);
    for (int i = 0; i < w->depth * w->indent; i++)
        putc(' ', w->fp);
}

/* Separator and layout before a value (or a key) at the current level. */
static void before_item(struct jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first[w->depth])
        fputs(w->flat[w->depth] && w->indent ? ", " : ",", w->fp);
    w->first[w->depth] = false;
    newline(w);
}

static void container_open(struct jw *w, char c, bool flat)
{
    before_item(w);
    putc(c, w->fp);
    if (++w->depth >= JW_MAX_DEPTH)
        abort();
    w->first[w->depth] = true;
    w->flat[w->depth] = flat || w->flat[w->depth - 1];
}

static void container_close(struct jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty && !w->flat[w->depth + 1])
        newline(w);
    putc(c, w->fp);
}

void jw_object_begin(struct jw *w)
{
    container_open(w, '{', false);
}

void jw_object_end(struct jw *w)
{
    container_close(w, '}');
}

void jw_array_begin(struct jw *w)
{
    container_open(w, '[', false);
}

void jw_array_begin_flat(struct jw *w)
{
    container_open(w, '[', true);
}

void jw_array_end(struct jw *w)
{
    container_close(w, ']');
}

/* s as a JSON string; a byte that is not part of well-formed UTF-8 becomes
 * U+FFFD, so that the output is JSON whatever the caller let through. */
static void write_string(FILE *fp, const char *s)
{
    putc('"', fp);
    const unsigned char *end = (const unsigned char *)s + strlen(s);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) {
            size_t n = utf8_char_len((const char *)p, (size_t)(end - p));
            if (n == 0) {
                fputs("\\ufffd", fp);
                continue;
            }
            fwrite(p, 1, n, fp);
            p += n - 1;
            continue;
        }
        switch (*p) {
        case '"':
            fputs("\\\"", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        default:
            if (*p < 0x20)
                fprintf(fp, "\\u%04x", *p);
            else
                putc(*p, fp);
        }
    }
    putc('"', fp);
}

void jw_key(struct jw *w, const char *key)
{
    before_item(w);
    write_string(w->fp, key);
    fputs(w->indent ? ": " : ":", w->fp);
    w->after_key = true;
}

void jw_string(struct jw *w, const char *s)
{
    before_item(w);
    write_string(w->fp, s);
}

void jw_number(struct jw *w, double x)
{
    if (!isfinite(x)) {
        jw_null(w);
        return;
    }
    char buf[NUM_BUFSZ];
    before_item(w);
    fwrite(buf, 1, num_format(num_round(x, w->digits), buf), w->fp);
}

void jw_integer(struct jw *w, long long v)
{
    char buf[NUM_BUFSZ];
    before_item(w);
    fwrite(buf, 1, num_format_int(v, buf), w->fp);
}

void jw_bool(struct jw *w, bool v)
{
    before_item(w);
    fputs(v ? "true" : "false", w->fp);
}

void jw_null(struct jw *w)
{
    before_item(w);
    fputs("null", w->fp);
}

void jw_finish(struct jw *w)
{
    putc('\n', w->fp);
}

void jw_put_number(struct jw *w, const char *key, double x)
{
    jw_key(w, key);
    jw_number(w, x);
}

void jw_put_integer(struct jw *w, const char *key, long long v)
{
    jw_key(w, key);
    jw_integer(w, v);
}

void jw_put_string(struct jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_string(w, s);
}

void jw_put_bool(struct jw *w, const char *key, bool v)
{
    jw_key(w, key);
    jw_bool(w, v);
}
