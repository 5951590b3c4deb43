/*
 * lines.h - the rest of a file from an offset, a buffer of whole lines at a
 * time, for a thread that reads part of a file beside the main reader.
 */
#ifndef PM_LINES_H
#define PM_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* Whole lines, buf[0, len): each ends in a LF but the file's last one may
 * not; buf[len] may be overwritten.  False stops the reading. */
typedef bool lines_take(void *ctx, char *buf, size_t len);

/*
 * Read the file fd from offset to its end with pread (leaving its position
 * alone) into buf, of size + 1 bytes, and hand take every whole line, a
 * buffer at a time.  False if take said so, on a read error, at a NUL byte,
 * or at a line longer than size.
 */
bool lines_read(int fd, unsigned long long offset, char *buf, size_t size, lines_take *take,
                void *ctx);

#endif
