/* lines.c - a file's lines from an offset, on a thread; see lines.h. */
#include "lines.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

bool lines_read(int fd, unsigned long long offset, char *buf, size_t size, lines_take *take,
                void *ctx)
{
    size_t have = 0; /* the start of a line, at buf[0] */
    unsigned long long at = offset;
    for (;;) {
        ssize_t n = pread(fd, buf + have, size - have, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0) /* the last line, without a LF */
            return have == 0 || take(ctx, buf, have);
        if (memchr(buf + have, '\0', (size_t)n))
            return false;
        at += (unsigned long long)n;
        size_t total = have + (size_t)n;
        const char *nl = memrchr(buf, '\n', total);
        size_t whole = nl ? (size_t)(nl - buf) + 1 : 0;
        if (whole == 0 && total == size)
            return false; /* a line too long for the buffer */
        if (whole && !take(ctx, buf, whole))
            return false;
        have = total - whole;
        memmove(buf, buf + whole, have);
    }
}
