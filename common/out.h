/*
 * out.h - output streams that never leave a file looking complete by mistake.
 *
 * out_open(path) returns a stream for path, or for stdout when path is NULL
 * or "-"; an empty path is a usage error.  A named file is written under a temporary name in the
 * same folder and renamed over path only by out_close(), once every byte is written and synced to
 * disk; if the program dies first (die(), an exit, SIGINT, SIGTERM, SIGHUP or SIGPIPE), the
 * temporary file is removed.  The file put in place has the mode of the one it replaces, or if new
 * the umask's.  A signal the program was started with ignored (nohup) stays ignored.  A path that
 * exists and is not a regular file (a device such as /dev/stdout, a FIFO) is written in place.
 *
 * out_close() flushes and checks for write errors: a full disk or any other
 * failure is fatal ("write error on NAME: REASON", exit 1).  A reader that went
 * away (EPIPE, as in `pm-predict ... | head`) ends the program quietly, the
 * way SIGPIPE ends other filters.
 */
#ifndef PM_OUT_H
#define PM_OUT_H

#include <stdbool.h>
#include <stdio.h>

struct out;

struct out *out_open(const char *path);
FILE *out_fp(const struct out *o);
/* Start writing to disk what o's file holds so far (a named file; else
 * nothing), so that out_close's sync finds little left to wait for: the
 * disk works while the tool does.  Cheap to call often: it acts once per
 * 8 MiB written. */
void out_writeback(struct out *o);
/* "stdout" or the path, for messages. */
const char *out_name(const struct out *o);
/* Flush, check, and put the file in place; frees o. */
void out_close(struct out *o);
/* Flush and check, as out_close does, but leave the file under its temporary
 * name: a tool with several outputs checks them all before it puts any in
 * place, so that a failed write leaves none of them. */
void out_flush(struct out *o);

/* Whether the output paths a and b name one file: stdout both ("-"), one file
 * by device and inode, or, for files not yet made, one name in one folder
 * however spelled ("t.tsv", "./t.tsv", an absolute path). */
bool out_same_file(const char *a, const char *b);

/* Flush stdout and check it, for tools that write there directly. */
void out_close_stdout(void);

#endif
