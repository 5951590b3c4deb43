/* cli.c - shared command-line handling; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"
#include "out.h"
#include "version.h"
#include "xalloc.h"

void cli_help(const char *usage)
{
    fputs(usage, stdout);
    out_close_stdout();
    exit(0);
}

void cli_version(void)
{
    printf("%s (pm) %s\n", err_progname(), PM_VERSION);
    out_close_stdout();
    exit(0);
}

void cli_bad_option(void)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", err_progname());
    exit(PM_EXIT_USAGE);
}

const char *cli_file_operand(int argc, char **argv, int first)
{
    if (argc - first > 1)
        die_usage("unexpected argument '%s'", argv[first + 1]);
    return first < argc ? argv[first] : NULL;
}

double cli_double(const char *opt, const char *arg)
{
    double v;
    enum num_status st = num_parse(arg, &v);
    if (st != NUM_OK)
        die_usage("option '%s': '%s' %s", opt, arg, num_status_text(st));
    return v;
}

long long cli_integer(const char *opt, const char *arg, long long min, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || (*arg != '-' && *arg != '+' && (*arg < '0' || *arg > '9')))
        die_usage("option '%s': '%s' is not a whole number", opt, arg);
    if (errno == ERANGE || v < min || v > max)
        die_usage("option '%s': '%s' is out of range (%lld to %lld)", opt, arg, min, max);
    return v;
}

unsigned long long cli_unsigned(const char *opt, const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (*arg < '0' || *arg > '9' || *end != '\0')
        die_usage("option '%s': '%s' is not a whole number", opt, arg);
    if (errno == ERANGE)
        die_usage("option '%s': '%s' is out of range (0 to %llu)", opt, arg, ~0ULL);
    return v;
}

char **cli_list(const char *opt, const char *arg, size_t *n)
{
    size_t count = 1;
    for (const char *p = arg; *p; p++)
        count += (*p == ',');
    char **items = xmalloc(count * sizeof *items);
    const char *p = arg;
    for (size_t i = 0; i < count; i++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0)
            die_usage("option '%s': empty item in list '%s'", opt, arg);
        items[i] = xstrndup(p, len);
        p += len + 1;
    }
    *n = count;
    return items;
}

void cli_list_free(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

bool cli_list_has(char *const *items, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i], name) == 0)
            return true;
    return false;
}

void cli_list_set(char ***items, size_t *n, const char *opt, const char *arg)
{
    cli_list_free(*items, *n);
    *items = cli_list(opt, arg, n);
}

double *cli_increasing_list(const char *opt, const char *arg, size_t *n)
{
    char **items = cli_list(opt, arg, n);
    double *v = xmalloc(*n * sizeof *v);
    for (size_t i = 0; i < *n; i++) {
        v[i] = cli_double(opt, items[i]);
        if (i > 0 && !(v[i] > v[i - 1]))
            die_usage("option '%s': '%s' is not strictly increasing", opt, arg);
    }
    cli_list_free(items, *n);
    return v;
}

double *cli_positive_list(const char *opt, const char *arg, size_t *n)
{
    char **items = cli_list(opt, arg, n);
    double *v = xmalloc(*n * sizeof *v);
    for (size_t i = 0; i < *n; i++) {
        v[i] = cli_double(opt, items[i]);
        if (!(v[i] > 0))
            die_usage("option '%s': '%s' is not positive", opt, items[i]);
        for (size_t j = 0; j < i; j++)
            if (v[j] == v[i])
                die_usage("option '%s': %s is given twice", opt, items[i]);
    }
    cli_list_free(items, *n);
    return v;
}
