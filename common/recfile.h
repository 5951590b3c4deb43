/*
 * recfile.h - the text files that carry a pass's state between processes
 * and machines: pm-fit's requests and partial sums, pm-psi's reference bins
 * and shard counts.
 *
 * One record a line, its fields separated by TAB, the first field naming
 * the record.  Strings have TAB, newline, carriage return and backslash
 * escaped (\t, \n, \r, \\); numbers are written as num_format() writes them
 * (the shortest decimal that reads back to the same double; "inf", "-inf"),
 * so nothing is lost in transit.  The first line is "pm-partial TAB 1 TAB
 * KIND" and the last "end TAB N", N counting the lines before it, so that a
 * truncated file is never taken for a whole one.  Every reader dies with the
 * file's label and line on anything malformed.
 */
#ifndef PM_RECFILE_H
#define PM_RECFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct rec_writer {
    FILE *fp;
    size_t lines;
};

/* Start a file of kind on fp. */
void rec_start(struct rec_writer *w, FILE *fp, const char *kind);
/* A record's name: the first field of a line. */
void rec_key(struct rec_writer *w, const char *key);
/* A TAB and a field. */
void rec_str(struct rec_writer *w, const char *s);
void rec_num(struct rec_writer *w, double v);
void rec_size(struct rec_writer *w, size_t v);
void rec_end_line(struct rec_writer *w);
/* A record of key and the n strings (none at all when n is 0). */
void rec_list(struct rec_writer *w, const char *key, char **items, size_t n);
/* The end line. */
void rec_finish(struct rec_writer *w);

struct rec_reader {
    FILE *fp;
    const char *label;
    size_t line;
    char *buf;
    size_t cap;
    char **field;
    size_t nfield, fcap;
    bool ended;
};

/* Read fp (closed by rec_close), named label in messages, a file of kind;
 * dies if it is not one. */
void rec_open(struct rec_reader *r, FILE *fp, const char *label, const char *kind);
/* The same for a file of any of kinds (NULL-terminated): returns which. */
size_t rec_open_kinds(struct rec_reader *r, FILE *fp, const char *label, const char *const *kinds);
/* The next record into r->field[0, r->nfield), false at the end line (which
 * must count the lines and be the last). */
bool rec_next(struct rec_reader *r);
void rec_close(struct rec_reader *r);
/* Dies naming the file and line. */
_Noreturn void rec_die(const struct rec_reader *r, const char *what);

/* Whether the record is key; with nfield, dies if it has not that many fields. */
bool rec_is(const struct rec_reader *r, const char *key, size_t nfield);
/* Field i as a number, a count, or fields from i on as strings (n of them,
 * NULL-terminated, each to free). */
double rec_num_at(const struct rec_reader *r, size_t i);
size_t rec_size_at(const struct rec_reader *r, size_t i);
char **rec_strings(const struct rec_reader *r, size_t from, size_t *n);

#endif
