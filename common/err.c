/* err.c - error reporting; see err.h. */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
