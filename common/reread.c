/* reread.c - reading an input twice; see reread.h. */
#include "reread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

static bool is_stdin(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

/* Whether the input can be read again: a regular file, or a standard input
 * that can seek back to where it starts (*start). */
static bool rereadable(const char *path, off_t *start)
{
    if (is_stdin(path)) {
        *start = lseek(STDIN_FILENO, 0, SEEK_CUR);
        return *start >= 0;
    }
    struct stat st;
    return stat(path, &st) != 0 || S_ISREG(st.st_mode); /* a missing file fails in tsv_open */
}

static const char *temporary_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

static int make_copy(void)
{
    char *path;
    if (asprintf(&path, "%s/pm-input.XXXXXX", temporary_dir()) < 0)
        die("out of memory");
    int fd = mkstemp(path);
    if (fd < 0)
        die_errno("cannot make a temporary file in %s", temporary_dir());
    unlink(path);
    free(path);
    return fd;
}

/* The first pass's observer: the raw bytes into the copy. */
static void write_copy(void *ctx, const void *bytes, size_t len)
{
    const struct reread *rr = ctx;
    const char *p = bytes;
    while (len > 0) {
        ssize_t w = write(rr->copy, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            die_errno("writing a temporary copy of the input in %s", temporary_dir());
        p += w;
        len -= (size_t)w;
    }
}

struct tsv_reader *reread_first(struct reread *rr, const char *path, const struct tsv_options *opts)
{
    *rr = (struct reread){.path = path, .opts = *opts, .copy = -1};
    struct tsv_options first = *opts;
    if (!rereadable(path, &rr->start)) {
        rr->copy = make_copy();
        first.observe = write_copy;
        first.observe_ctx = rr;
        /* the copy is read as stdin: the format must not depend on a name */
        if (opts->format == TSV_FORMAT_AUTO && !is_stdin(path)) {
            size_t n = strlen(path);
            rr->opts.format =
                n >= 4 && strcasecmp(path + n - 4, ".csv") == 0 ? TSV_FORMAT_CSV : TSV_FORMAT_TSV;
        }
    }
    return tsv_open(path, &first);
}

struct tsv_reader *reread_second(struct reread *rr)
{
    const char *path = rr->path;
    if (rr->copy >= 0) {
        if (lseek(rr->copy, 0, SEEK_SET) != 0 || dup2(rr->copy, STDIN_FILENO) < 0)
            die_errno("a temporary copy of the input");
        close(rr->copy);
        rr->copy = -1;
        if (fseeko(stdin, 0, SEEK_SET) != 0)
            die_errno("a temporary copy of the input");
        clearerr(stdin);
        path = NULL;
    } else if (is_stdin(path) && fseeko(stdin, rr->start, SEEK_SET) != 0) {
        die_errno("stdin");
    }
    return tsv_open(path, &rr->opts);
}
