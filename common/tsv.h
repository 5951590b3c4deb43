/*
 * tsv.h - reading a table with a header line: TSV natively, CSV through libcsv.
 *
 * TSV: fields are separated by TAB, records end in LF; a CR before the LF is
 * dropped, a UTF-8 byte order mark before the header is dropped, and the last
 * line needs no LF.  An empty field is a missing value.  A line may be as
 * long as max_line bytes (TSV_MAX_LINE, 64 MiB, unless the options say
 * otherwise); a longer one is an error as soon as that many bytes of it are
 * read, so that no input, however long its lines, takes more memory than
 * that.  The reader keeps one buffer and splits fields in place, so reading
 * allocates nothing per field or per row.
 *
 * CSV (RFC 4180, read with libcsv in strict mode): quoted fields may hold
 * commas, quotes ("") and line breaks.  Because pm writes TSV, a TAB, LF, CR
 * or CR LF inside a field becomes a single space, as tsv-utils' csv2tsv does;
 * spaces around fields are kept.  Blank lines between records are skipped
 * (libcsv's behaviour); in TSV a blank line is a row with too few fields.
 *
 * Every defect is fatal and reported with the file name and line number:
 * a row with more or fewer fields than the header, a NUL byte (as soon as it
 * is read), a line too long, a file whose lines end in CR alone, a duplicate
 * column name, a quote left open.  In CSV a record, with the line breaks
 * inside its quoted fields, may be as long as a line.  Errors name stdin as "stdin", and quote
 * data through err_quote() (err.h): long values cut, odd bytes escaped.
 */
#ifndef PM_TSV_H
#define PM_TSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum tsv_format {
    TSV_FORMAT_AUTO, /* CSV if the file name ends in ".csv", else TSV */
    TSV_FORMAT_TSV,
    TSV_FORMAT_CSV,
};

/* Called with every block of raw input bytes as it is read (for a digest). */
typedef void tsv_observer(void *ctx, const void *bytes, size_t len);

/* The longest line read unless the options say otherwise: 64 MiB. */
#define TSV_MAX_LINE ((size_t)64 << 20)

struct tsv_options {
    enum tsv_format format;
    tsv_observer *observe; /* may be NULL */
    void *observe_ctx;
    size_t max_line; /* 0: TSV_MAX_LINE */
    /* More spellings of a missing value (--na): a field that is one of them
     * reads as empty through tsv_get, tsv_len and the number readers, while
     * tsv_write_row passes it on as written.  Borrowed; copied by tsv_open. */
    char *const *na;
    size_t nna;
};

/* The argument of a tool's --max-line option: a number of bytes, at least 1,
 * with an optional K, M or G (powers of 1024); dies (usage) otherwise. */
size_t tsv_max_line_arg(const char *arg);

struct tsv_reader;

/*
 * Open path ("-" or NULL: stdin) and read its header.  opts may be NULL for
 * the defaults.  Dies if the file cannot be opened or read, if it is empty
 * (no header line), or if the header names a column twice.
 */
struct tsv_reader *tsv_open(const char *path, const struct tsv_options *opts);
void tsv_close(struct tsv_reader *r);

/* "stdin" or the path, for messages. */
const char *tsv_name(const struct tsv_reader *r);
/* Number of columns of the header (every row has as many). */
size_t tsv_width(const struct tsv_reader *r);
/* Name of column i of the header. */
const char *tsv_header(const struct tsv_reader *r, size_t i);
/* Index of the column called name, or -1. */
long tsv_find(const struct tsv_reader *r, const char *name);
/* Index of the column called name; dies if there is none, naming the
 * nearest names of the header (closest.h). */
size_t tsv_column(const struct tsv_reader *r, const char *name);
/* Die: column name is not in the header, with the nearest names, then
 * more (a hint of the caller's, or ""). */
_Noreturn void tsv_die_missing(const struct tsv_reader *r, const char *name, const char *more);

/*
 * Read the next row.  Returns false at the end of input.  Dies on a row whose
 * field count differs from the header's, and on read errors.  The fields stay
 * valid until the next call.
 */
bool tsv_next(struct tsv_reader *r);
/*
 * A promise to ask for no column but cols[0, n) from now on: TSV rows are
 * then split only around those fields, which makes reading a few columns
 * of a wide table much faster.  Every row's field count is still checked.
 * Asking for another column, or calling tsv_write_row, is a programming
 * error (undefined, or abort).  CSV input is read as before.
 */
void tsv_select(struct tsv_reader *r, const size_t *cols, size_t n);

/* Field i of the current row, NUL-terminated; "" is a missing value (an
 * empty field, or one of the --na spellings). */
const char *tsv_get(const struct tsv_reader *r, size_t i);
size_t tsv_len(const struct tsv_reader *r, size_t i);
/* The current row's fields and their lengths as arrays, which is tsv_get
 * and tsv_len without a call a field, for a tool's inner loop; false (and
 * nothing set) when there are --na spellings, which only those two apply. */
bool tsv_fields(const struct tsv_reader *r, char *const **field, const size_t **len);
/* Line number of the current row (the header is line 1). */
unsigned long tsv_line(const struct tsv_reader *r);
/* Physical lines read so far, the header's with them. */
unsigned long tsv_lines_read(const struct tsv_reader *r);

/*
 * For a regular file read with an observer, with at least min_bytes not yet
 * read: stop calling the observer, and give the file's descriptor and the
 * offset of the first byte it has not been shown, so that the rest can be
 * observed another way (pread, on a thread).  False, and nothing changed,
 * for any other input.
 */
bool tsv_detach_observer(struct tsv_reader *r, unsigned long long min_bytes, int *fd,
                         unsigned long long *offset);

/*
 * Reading a large file in two parts at once.  When the input is a regular
 * TSV file (not CSV, with no observer) with at least min_bytes unread,
 * tsv_split chooses the start of the line nearest the middle of the unread
 * part, makes tsv_next stop there (return false, as at the end), and gives
 * the file's descriptor and that offset, for the rest to be read with pread
 * (which leaves the reader's file position alone).  False, and nothing
 * changed, otherwise.  tsv_resume then reads on past the offset as if no
 * split had been made: line numbers go on from where they were.
 */
bool tsv_split(struct tsv_reader *r, unsigned long long min_bytes, int *fd,
               unsigned long long *offset);
void tsv_resume(struct tsv_reader *r);

/*
 * Reading the rest of a large file elsewhere (blocks.h).  tsv_rest: when the
 * input is a regular TSV file (not CSV, with no observer, not split) with at
 * least min_bytes not yet handed out as rows, its descriptor, the offset of
 * the next row's line and the file's size; false otherwise.  tsv_seek: read
 * on from offset, the start of a line, as if the lines before it had been
 * read and were `lines` in all (the header's with them).
 */
bool tsv_rest(const struct tsv_reader *r, unsigned long long min_bytes, int *fd,
              unsigned long long *from, unsigned long long *to);
/* For a regular TSV file: the offset of the next row's line and the lines
 * read so far (for tsv_seek on this or another reader of the file); false
 * for any other input. */
bool tsv_tell(const struct tsv_reader *r, unsigned long long *offset, unsigned long *lines);
void tsv_seek(struct tsv_reader *r, unsigned long long offset, unsigned long lines);

/*
 * A reader of rows held in memory, with r's header (and selection, if any):
 * for a block of a file read on another thread.  tsv_block_set gives it
 * buf[0, len), whole lines (the last one's LF may be missing; buf[len] must
 * be writable), whose first is line lines + 1 of the block; the buffer
 * stays the caller's.  tsv_block_next reads the next row: TSV_ROW, TSV_END after the
 * last, or TSV_OFF_PATH for a line that tsv_next would not take as it is
 * (a row of the wrong width, a NUL byte, a line longer than max_line), and
 * dies on nothing.  Free with tsv_close.
 */
enum tsv_block_status { TSV_END, TSV_ROW, TSV_OFF_PATH };
struct tsv_reader *tsv_block_reader(const struct tsv_reader *r);
void tsv_block_set(struct tsv_reader *b, char *buf, size_t len, unsigned long lines);
enum tsv_block_status tsv_block_next(struct tsv_reader *b);

/*
 * Field i as a number.  Returns false for an empty field (a missing value);
 * dies with the file, line and column for anything that is not a number.
 */
bool tsv_number(const struct tsv_reader *r, size_t i, double *out);
/* Field i as a number; a missing value is an error too. */
double tsv_number_req(const struct tsv_reader *r, size_t i);
/*
 * Field i as a 0/1 target: true for 1, false for 0, however written ("1",
 * "1.0").  Dies with "missing value", or with "'v' is not 0 or 1" and, if
 * hint is not NULL, " (HINT)".
 */
bool tsv_zero_one(const struct tsv_reader *r, size_t i, const char *hint);
/* The same without dying: 1, 0, or -1 where tsv_zero_one would die. */
int tsv_zero_one_try(const struct tsv_reader *r, size_t i);

/*
 * Text that goes into JSON must be UTF-8.  Die unless field i of the current
 * row is ("NAME:LINE: column 'C': 'v' is not valid UTF-8, which JSON output
 * needs"), or the name of column i is ("NAME:1: column name 'C' is ...").
 * Elsewhere bytes pass through as they are.
 */
void tsv_require_utf8(const struct tsv_reader *r, size_t i);
void tsv_require_utf8_name(const struct tsv_reader *r, size_t i);

/* Whether the reader was given --na spellings (see tsv_options). */
bool tsv_has_na(const struct tsv_reader *r);

/* Write the current row's fields, TAB-separated, without a line end. */
void tsv_write_row(struct tsv_reader *r, FILE *out);
/* Write the header's names, TAB-separated, without a line end. */
void tsv_write_header(const struct tsv_reader *r, FILE *out);

/* Die with "PROG: NAME:LINE: column 'COL': MESSAGE" for the current row. */
_Noreturn void tsv_die_col(const struct tsv_reader *r, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Die with "PROG: NAME:LINE: MESSAGE" for the current row. */
_Noreturn void tsv_die(const struct tsv_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
