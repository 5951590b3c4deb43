/* err.c - error reporting; see err.h. */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* glibc keeps the basename of argv[0] for us, so no program state is needed
 * here and no tool has to remember to register its name. */
extern char *program_invocation_short_name;

const char *err_progname(void)
{
    return program_invocation_short_name;
}

static void vreport(const char *fmt, va_list ap, const char *suffix)
{
    /* Anything a tool wrote to stdout belongs before the message. */
    fflush(stdout);
    fprintf(stderr, "%s: ", err_progname());
    vfprintf(stderr, fmt, ap);
    if (suffix)
        fprintf(stderr, ": %s", suffix);
    fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap, NULL);
    va_end(ap);
    exit(PM_EXIT_FAILURE);
}

void die_errno(const char *fmt, ...)
{
    const char *reason = strerror(errno);
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap, reason);
    va_end(ap);
    exit(PM_EXIT_FAILURE);
}

void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap, NULL);
    va_end(ap);
    fprintf(stderr, "Try '%s --help' for more information.\n", err_progname());
    exit(PM_EXIT_USAGE);
}

void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap, NULL);
    va_end(ap);
}

const char *err_quote(char *buf, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s), i = 0, o = 0;
    for (int shown = 0; i < len && shown < ERR_QUOTE_MAX; shown++) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c >= 0x20 && c != 0x7f ? utf8_char_len(s + i, len - i) : 0;
        if (n == 0) { /* a control character or a byte of no character */
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
            i++;
            continue;
        }
        memcpy(buf + o, s + i, n);
        o += n;
        i += n;
    }
    if (i < len) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}
