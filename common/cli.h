/*
 * cli.h - what every tool's command line shares: --help and --version, and
 * option arguments checked strictly.
 *
 * A bad option argument is a usage error (exit 2) that names the option:
 *     pm-synth: option '-n': 'ten' is not a whole number
 */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Print usage to stdout and exit 0. */
_Noreturn void cli_help(const char *usage);
/* Print "PROG (pm) VERSION" to stdout and exit 0. */
_Noreturn void cli_version(void);
/* After getopt_long reported a bad option: point at --help, exit 2. */
_Noreturn void cli_bad_option(void);

/* The one optional FILE operand left at argv[first..]: NULL (stdin) if there
 * is none; a second operand is a usage error. */
const char *cli_file_operand(int argc, char **argv, int first);

/* arg as a finite number; dies (usage) otherwise. */
double cli_double(const char *opt, const char *arg);
/* arg as a whole number in [min, max]; dies (usage) otherwise. */
long long cli_integer(const char *opt, const char *arg, long long min, long long max);

/* arg as a whole number in [0, 2^64 - 1]; dies (usage) otherwise. */
unsigned long long cli_unsigned(const char *opt, const char *arg);

/*
 * Split a comma-separated list ("a,b,c") into *n newly allocated strings.
 * Empty items are a usage error.  Free with cli_list_free().
 */
char **cli_list(const char *opt, const char *arg, size_t *n);
void cli_list_free(char **items, size_t n);
/* Replace the list *items (of *n) by the one in arg: the last option given
 * wins, as with any other option. */
void cli_list_set(char ***items, size_t *n, const char *opt, const char *arg);
/* Whether name is one of items[0, n) (items may be NULL when n is 0). */
bool cli_list_has(char *const *items, size_t n, const char *name);
/* A comma-separated list of numbers, strictly increasing; *n set. */
double *cli_increasing_list(const char *opt, const char *arg, size_t *n);
/* A comma-separated list of distinct positive numbers, in any order; *n set. */
double *cli_positive_list(const char *opt, const char *arg, size_t *n);

#endif
