/* err.c - error reporting; see err.h. */
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utf8.h"

/* glibc keeps the basename of argv[0] for us, so no program state is needed
 * here and no tool has to remember to register its name. */
extern char *program_invocation_short_name;

/*
 * What every tool (they all link this file) sets up before main runs.
 *
 * A program started with descriptor 0, 1 or 2 closed would get it back from
 * the first file it opens, and then write its stdout or its messages into
 * that file (pm-split's test part into the train file).  Such a gap is
 * filled with /dev/null opened the wrong way round, as coreutils does:
 * reading stdin or writing stdout then fails, with a message, instead of
 * going to a file.
 *
 * Past ulimit -f a write raises SIGXFSZ, which ends a program without a
 * word; ignored, the write fails with EFBIG and the tool says so.
 */
__attribute__((constructor)) static void err_prepare_process(void)
{
    signal(SIGXFSZ, SIG_IGN);
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got != fd) /* the lowest free descriptor, which is fd; anything else is hopeless */
            _exit(PM_EXIT_FAILURE);
    }
}

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
        if (n == 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
            n = 0;    /* U+FEFF, a byte order mark: invisible, so shown as bytes */
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
