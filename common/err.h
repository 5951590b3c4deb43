/*
 * err.h - the one error vocabulary of every pm tool.
 *
 * Messages go to stderr as "PROG: MESSAGE\n", PROG being the name the tool was
 * run as.  By convention MESSAGE puts the position first, quotes the subject,
 * and has no capital and no full stop:
 *
 *     pm-fit: train.tsv:1043: column 'company_size': 'abc' is not a number
 *
 * die() and die_errno() exit with status 1 (a data or runtime error);
 * die_usage() exits with status 2 and points at --help.  None of them return.
 */
#ifndef PM_ERR_H
#define PM_ERR_H

#define PM_EXIT_FAILURE 1
#define PM_EXIT_USAGE   2

#define PM_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* The program's name as run (basename of argv[0]), for messages. */
const char *err_progname(void);

_Noreturn void die(const char *fmt, ...) PM_PRINTF(1, 2);
/* As die(), with ": " and strerror(errno) appended. */
_Noreturn void die_errno(const char *fmt, ...) PM_PRINTF(1, 2);
/* A usage error: the message, a hint to run --help, exit status 2. */
_Noreturn void die_usage(const char *fmt, ...) PM_PRINTF(1, 2);
/* A diagnostic that does not stop the run. */
void warn(const char *fmt, ...) PM_PRINTF(1, 2);

/*
 * Data quoted in a message ("'%s' is not a number") comes from files that may
 * hold anything: err_quote() writes s into buf as it can be shown, the bytes
 * that are not printable ASCII or well-formed UTF-8 (control characters,
 * invalid sequences, and the invisible byte order mark U+FEFF) as \xHH, and at most ERR_QUOTE_MAX
 * characters of it, with "..." after a cut.  buf must hold ERR_QUOTE_SIZE bytes; returns buf.
 */
#define ERR_QUOTE_MAX  64
#define ERR_QUOTE_SIZE (4 * ERR_QUOTE_MAX + 4)
const char *err_quote(char *buf, const char *s);

#endif
