/* out.c - output files written under a temporary name; see out.h. */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

#define OUT_BUFSZ (64 * 1024)
/* out_writeback's stride. */
#define OUT_WRITEBACK (8 << 20)

struct out {
    FILE *fp;
    char *path; /* NULL for stdout */
    char *tmp;
    char *buf;  /* the stream's buffer (glibc ignores a size without one) */
    off_t sent; /* bytes out_writeback has started to disk */
};

static char stdout_buf[OUT_BUFSZ];

/*
 * Temporary files not yet renamed into place.  This is the one piece of
 * mutable state shared across a program, because atexit() and signal
 * handlers take no argument: it is how a failed run removes its partial
 * output.  A tool has at most a few outputs open.
 */
#define MAX_PENDING 16
static char *pending[MAX_PENDING];

static void remove_pending(void)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i])
            unlink(pending[i]); /* async-signal-safe */
}

static void on_fatal_signal(int sig)
{
    remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Remove the temporary files on sig, unless sig is ignored: under nohup (or
 * trap '' HUP) the user wants the run to go on, and it must. */
static void catch_signal(int sig)
{
    struct sigaction old;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        return;
    signal(sig, on_fatal_signal);
}

static void track(char *tmp)
{
    static bool installed;
    if (!installed) {
        installed = true;
        atexit(remove_pending);
        catch_signal(SIGINT);
        catch_signal(SIGTERM);
        catch_signal(SIGHUP);
        catch_signal(SIGPIPE); /* stdout closed downstream while a file is pending */
    }
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending[i]) {
            pending[i] = tmp;
            return;
        }
    die("too many output files open");
}

static void untrack(const char *tmp)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i] == tmp)
            pending[i] = NULL;
}

/* "dir/name" -> "dir/.name.XXXXXX", so a partial file is hidden and cannot be
 * taken for the finished one. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = path + dirlen;
    char *t = xmalloc(strlen(path) + 10);
    memcpy(t, path, dirlen);
    sprintf(t + dirlen, ".%s.XXXXXX", base);
    return t;
}

struct out *out_open(const char *path)
{
    struct out *o = xcalloc(1, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        setvbuf(stdout, stdout_buf, _IOFBF, OUT_BUFSZ);
        return o;
    }
    if (!*path)
        die_usage("an empty output file name");
    o->path = xstrdup(path);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        /* A device or a pipe (-o /dev/stdout, a FIFO) is written in place. */
        o->fp = fopen(path, "wb");
        if (!o->fp)
            die_errno("%s", path);
        o->buf = xmalloc(OUT_BUFSZ);
        setvbuf(o->fp, o->buf, _IOFBF, OUT_BUFSZ);
        return o;
    }
    o->tmp = temp_template(path);
    int fd = mkstemp(o->tmp);
    if (fd < 0)
        die_errno("cannot create a file beside '%s'", path);
    track(o->tmp);
    /* mkstemp makes the file 0600: give it the mode of the file it replaces,
     * or the one a plain create would. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask) != 0)
        die_errno("%s", o->tmp);
    o->fp = fdopen(fd, "wb");
    if (!o->fp)
        die_errno("%s", o->tmp);
    o->buf = xmalloc(OUT_BUFSZ);
    setvbuf(o->fp, o->buf, _IOFBF, OUT_BUFSZ);
    return o;
}

void out_writeback(struct out *o)
{
    if (!o->tmp)
        return;
    off_t at = ftello(o->fp);
    if (at < 0 || at - o->sent < OUT_WRITEBACK)
        return;
    /* only a start: a failure shows, if it lasts, at out_close's fsync */
    (void)sync_file_range(fileno(o->fp), o->sent, at - o->sent, SYNC_FILE_RANGE_WRITE);
    o->sent = at;
}

FILE *out_fp(const struct out *o)
{
    return o->fp;
}

const char *out_name(const struct out *o)
{
    return o->path ? o->path : "stdout";
}

/* A reader that has gone away ends us as SIGPIPE would have. */
static _Noreturn void quiet_broken_pipe(void)
{
    remove_pending(); /* the signal ends us before atexit could */
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
    exit(PM_EXIT_FAILURE);
}

static void check_stream(FILE *fp, const char *name)
{
    bool failed = fflush(fp) != 0 || ferror(fp);
    if (!failed)
        return;
    if (errno == EPIPE)
        quiet_broken_pipe();
    die_errno("write error on %s", name);
}

void out_flush(struct out *o)
{
    check_stream(o->fp, out_name(o));
}

void out_close(struct out *o)
{
    if (!o->path) {
        out_close_stdout();
        free(o);
        return;
    }
    check_stream(o->fp, o->path);
    /* On disk before it takes the name: a crash must not leave an empty or
     * partial file under it. */
    if (o->tmp && fsync(fileno(o->fp)) != 0)
        die_errno("write error on %s", o->path);
    if (fclose(o->fp) != 0)
        die_errno("write error on %s", o->path);
    if (o->tmp && rename(o->tmp, o->path) != 0)
        die_errno("cannot rename '%s' to '%s'", o->tmp, o->path);
    untrack(o->tmp);
    free(o->tmp);
    free(o->path);
    free(o->buf);
    free(o);
}

static bool is_stdout(const char *path)
{
    return strcmp(path, "-") == 0;
}

/* The folder of path, as a path of its own ("." for a bare name). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static bool same_inode(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

bool out_same_file(const char *a, const char *b)
{
    if (is_stdout(a) || is_stdout(b))
        return is_stdout(a) && is_stdout(b);
    struct stat st;
    if (stat(a, &st) == 0 || stat(b, &st) == 0)
        return same_inode(a, b);
    const char *base_a = strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
    const char *base_b = strrchr(b, '/') ? strrchr(b, '/') + 1 : b;
    if (strcmp(base_a, base_b) != 0)
        return false;
    char *dir_a = folder_of(a), *dir_b = folder_of(b);
    bool same = same_inode(dir_a, dir_b);
    free(dir_a);
    free(dir_b);
    return same;
}

void out_close_stdout(void)
{
    check_stream(stdout, "stdout");
}
