/* cluster.c - a fit over shards read by a pass command; see cluster.h. */
#include "cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = xmalloc(n);
    snprintf(s, n, "%s%s%s", a, sep, b);
    return s;
}

/* A template for mkstemp or mkdtemp in TMPDIR (or /tmp). */
static char *temporary_name(void)
{
    const char *tmp = getenv("TMPDIR");
    return join(tmp && *tmp ? tmp : "/tmp", "/", "pm-fit.XXXXXX");
}

static void add_shard(struct cluster *c, char *label)
{
    c->labels = xreallocarray(c->labels, c->n + 1, sizeof *c->labels);
    c->paths = xreallocarray(c->paths, c->n + 1, sizeof *c->paths);
    c->buf = xreallocarray(c->buf, c->n + 1, sizeof *c->buf);
    c->len = xreallocarray(c->len, c->n + 1, sizeof *c->len);
    c->buf[c->n] = NULL;
    c->len[c->n] = 0;
    c->labels[c->n] = label;
    char num[32];
    snprintf(num, sizeof num, "%zu", c->n + 1);
    c->paths[c->n++] = c->dir ? join(c->dir, "/", num) : NULL;
}

static void read_shards(struct cluster *c, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        die_errno("cannot open %s", path);
    char *line = NULL;
    size_t cap = 0, lines = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, fp)) > 0) {
        lines++;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || tab[1] == '\0' || strchr(tab + 1, '\t'))
            die("%s:%zu: not HOST<TAB>PATH", path, lines);
        *tab = '\0';
        add_shard(c, join(line, ":", tab + 1));
    }
    free(line);
    fclose(fp);
    if (!c->n)
        die("%s: no shards", path);
}

/* Chunk i's partial from r, which is at its first row. */
static size_t reduce_chunk(struct cluster *c, size_t i, struct tsv_reader *r)
{
    free(c->buf[i]);
    FILE *fp = open_memstream(&c->buf[i], &c->len[i]);
    if (!fp)
        die_errno("cannot hold the partial sums");
    size_t rows = partial_reduce(&c->q, i + 1, r, fp);
    if (fclose(fp) != 0)
        die_errno("cannot hold the partial sums");
    return rows;
}

/* Where chunk i starts (offset, lines before it), found by the first pass;
 * the record is dropped if !known (not a file that can be read from there). */
static void set_start(struct cluster *c, size_t i, bool known, unsigned long long offset,
                      unsigned long lines)
{
    if (i == 0) {
        c->at = xmalloc(sizeof *c->at);
        c->lines = xmalloc(sizeof *c->lines);
    } else if (!c->at) {
        return;
    } else {
        c->at = xreallocarray(c->at, i + 1, sizeof *c->at);
        c->lines = xreallocarray(c->lines, i + 1, sizeof *c->lines);
    }
    c->at[i] = offset;
    c->lines[i] = lines;
    if (!known) {
        free(c->at);
        free(c->lines);
        c->at = NULL;
        c->lines = NULL;
    }
}

static void note_start(struct cluster *c, size_t i, const struct tsv_reader *r)
{
    unsigned long long offset = 0;
    unsigned long lines = 0;
    bool known = tsv_tell(r, &offset, &lines);
    set_start(c, i, known, offset, lines);
}

/* One of the two threads of a pass: chunks first, first + 2, ..., each
 * reduced to its partial, or (with sample) read into sample[i]. */
struct chunks {
    struct cluster *c;
    size_t first;
    struct design **sample;
    pthread_t thread;
};

static void *read_chunks(void *arg)
{
    struct chunks *k = arg;
    struct cluster *c = k->c;
    struct tsv_reader *r = tsv_open(
        c->file, &(struct tsv_options){.format = c->q.format, .na = c->q.na, .nna = c->q.nna});
    for (size_t i = k->first; i < c->n; i += 2) {
        tsv_seek(r, c->at[i], c->lines[i]);
        if (k->sample)
            k->sample[i] = partial_read_shard(&c->q, i + 1, r);
        else
            reduce_chunk(c, i, r);
    }
    tsv_close(r);
    return NULL;
}

/* A pass after the first over chunks whose starts are known: the even ones
 * here, the odd ones on a thread (here too if none can be had). */
static void pass_in_two(struct cluster *c, struct design **sample)
{
    struct chunks even = {.c = c, .first = 0, .sample = sample};
    struct chunks odd = {.c = c, .first = 1, .sample = sample};
    bool threaded = pthread_create(&odd.thread, NULL, read_chunks, &odd) == 0;
    read_chunks(&even);
    if (threaded)
        pthread_join(odd.thread, NULL);
    else
        read_chunks(&odd);
}

/* Chunk i of the first pass answered, rows of it from row *start of the
 * file: its label; true if it is the last (an empty one is dropped). */
static bool took_chunk(struct cluster *c, size_t i, size_t rows, size_t *start)
{
    char label[64];
    snprintf(label, sizeof label, " (rows %zu to %zu)", *start, *start + rows - 1);
    c->labels[i] = join(c->file, "", label);
    *start += rows;
    if (rows == c->chunk_rows)
        return false;
    if (rows == 0 && c->n == 1)
        die("%s: no data rows", c->file);
    if (rows == 0) {
        free(c->buf[i]);
        free(c->paths[i]);
        free(c->labels[i]);
        c->n--;
    }
    return true;
}

/*
 * The first pass of a large TSV file reads its two halves at once: the
 * chunks from the first one that starts past the middle of the file (its
 * rows counted by their line ends) are answered by a child process, into a
 * file of their partials, while this one answers those before.  The chunks
 * are those of one reader, so the partials are too.  The child says
 * nothing: its messages go to a file, shown after this half's own if it
 * succeeds; if it fails, this process reads the second half itself, and a
 * bad row gets the message and line it gets without the split.
 */
struct tail {
    size_t first;              /* its first chunk */
    unsigned long long offset; /* where that starts */
    FILE *out, *err;           /* its partials, its messages */
    pid_t pid;
};

#define TAIL_MIN_BYTES (1ULL << 20)
#define COUNT_BUFFER   (1 << 20)

/* The offset of the first line after row k chunk_rows, k the first whose
 * end is past the middle of [from, end), reading fd; false if the rows end
 * before it. */
static bool find_split(int fd, unsigned long long from, unsigned long long end, size_t chunk_rows,
                       size_t *k, unsigned long long *offset)
{
    unsigned long long mid = from + (end - from) / 2, at = from;
    size_t rows = 0, target = 0;
    char *buf = xmalloc(COUNT_BUFFER);
    bool found = false;
    while (!found) {
        ssize_t n = pread(fd, buf, COUNT_BUFFER, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (char *p = buf, *e = buf + n; !found && (p = memchr(p, '\n', (size_t)(e - p))); p++) {
            rows++;
            if (!target && at + (unsigned long long)(p - buf) >= mid)
                target = (rows + chunk_rows - 1) / chunk_rows * chunk_rows;
            found = target && rows == target;
            *offset = at + (unsigned long long)(p - buf) + 1;
        }
        at += (unsigned long long)n;
    }
    free(buf);
    *k = target / chunk_rows;
    return found && *offset < end;
}

/* The child's work: chunks t->first on, each as "ROWS OFFSET LINES LENGTH"
 * and the partial's bytes. */
static _Noreturn void run_tail(struct cluster *c, const struct tail *t,
                               const struct tsv_options *opts)
{
    if (dup2(fileno(t->err), STDERR_FILENO) < 0)
        _exit(PM_EXIT_FAILURE);
    struct tsv_reader *r = tsv_open(c->file, opts);
    tsv_seek(r, t->offset, 1 + (unsigned long)(t->first * c->chunk_rows));
    for (size_t i = t->first;; i++) {
        unsigned long long at = 0;
        unsigned long lines = 0;
        tsv_tell(r, &at, &lines);
        char *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        if (!fp)
            _exit(PM_EXIT_FAILURE);
        size_t rows = partial_reduce(&c->q, i + 1, r, fp);
        if (fclose(fp) != 0)
            _exit(PM_EXIT_FAILURE);
        fprintf(t->out, "%zu %llu %lu %zu\n", rows, at, lines, len);
        fwrite(buf, 1, len, t->out);
        free(buf);
        if (rows < c->chunk_rows)
            break;
    }
    _exit(fflush(t->out) == 0 && !ferror(t->out) ? 0 : PM_EXIT_FAILURE);
}

/* A temporary file in TMPDIR, removed at once: nothing is left behind. */
static FILE *unlinked_file(void)
{
    char *path = temporary_name();
    int fd = mkstemp(path);
    FILE *fp = fd < 0 ? NULL : fdopen(fd, "w+");
    if (fd >= 0)
        unlink(path);
    if (fd >= 0 && !fp)
        close(fd);
    free(path);
    return fp;
}

/* Start the child for r's file, at its first row, if it is large enough
 * (and no observer must see every byte through r). */
static bool tail_start(struct cluster *c, struct tsv_reader *r, const struct tsv_options *opts,
                       struct tail *t)
{
    unsigned long long from;
    unsigned long lines;
    struct stat st;
    if (opts->observe || !tsv_tell(r, &from, &lines) || lines != 1 || stat(c->file, &st) != 0 ||
        (unsigned long long)st.st_size < from + TAIL_MIN_BYTES)
        return false;
    int fd = open(c->file, O_RDONLY);
    if (fd < 0)
        return false;
    bool split =
        find_split(fd, from, (unsigned long long)st.st_size, c->chunk_rows, &t->first, &t->offset);
    close(fd);
    if (!split || !(t->out = unlinked_file()))
        return false;
    if (!(t->err = unlinked_file())) {
        fclose(t->out);
        return false;
    }
    fflush(NULL);
    t->pid = fork();
    if (t->pid == 0)
        run_tail(c, t, opts);
    if (t->pid > 0)
        return true;
    fclose(t->out);
    fclose(t->err);
    return false;
}

/* Wait for the child; if it succeeded, its chunks into c (their labels from
 * row *start on) and its messages to stderr: true. */
static bool tail_join(struct cluster *c, struct tail *t, size_t *start)
{
    int status;
    while (waitpid(t->pid, &status, 0) < 0)
        if (errno != EINTR)
            die_errno("cannot wait for the reader of the file's second half");
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    rewind(t->out);
    for (size_t i = t->first; ok; i++) {
        size_t rows, len;
        unsigned long long at;
        unsigned long lines;
        if (fscanf(t->out, "%zu %llu %lu %zu", &rows, &at, &lines, &len) != 4 ||
            fgetc(t->out) != '\n')
            die("%s: the second half's partials are damaged", c->file);
        add_shard(c, NULL);
        set_start(c, i, true, at, lines);
        c->buf[i] = xmalloc(len + 1);
        c->len[i] = len;
        if (fread(c->buf[i], 1, len, t->out) != len)
            die("%s: the second half's partials are damaged", c->file);
        if (took_chunk(c, i, rows, start))
            break;
    }
    rewind(t->err);
    for (int ch; ok && (ch = fgetc(t->err)) != EOF;)
        fputc(ch, stderr);
    fclose(t->out);
    fclose(t->err);
    return ok;
}

/* The first (stats) pass over c->file: it finds the chunks, and the rows
 * they start at into each label. */
static void first_pass(struct cluster *c, const struct tsv_options *opts,
                       const struct cluster_beside *beside)
{
    struct tsv_reader *r = tsv_open(c->file, opts);
    struct tail t;
    bool split = tail_start(c, r, opts, &t);
    if (beside->start)
        beside->start(beside->ctx);
    for (size_t i = 0, start = 1;; i++) {
        if (split && i == t.first) {
            split = false;
            if (tail_join(c, &t, &start))
                break;
        }
        add_shard(c, NULL);
        note_start(c, i, r);
        if (took_chunk(c, i, reduce_chunk(c, i, r), &start))
            break;
    }
    if (split) { /* the file ended before the middle: it changed */
        kill(t.pid, SIGKILL);
        tail_join(c, &t, &(size_t){0});
    }
    tsv_close(r);
}

/* A pass after the first over the chunks of c->file, here. */
static void local_pass(struct cluster *c, const struct tsv_options *opts)
{
    if (c->at && c->n > 1) {
        pass_in_two(c, NULL);
        return;
    }
    struct tsv_reader *r = tsv_open(c->file, opts);
    for (size_t i = 0; i < c->n; i++)
        reduce_chunk(c, i, r);
    tsv_close(r);
}

/* The partials of the last pass, to merge: the command's files, or those
 * held in memory for a file read here. */
static FILE **open_partials(const struct cluster *c)
{
    FILE **files = xcalloc(c->n, sizeof *files);
    for (size_t i = 0; i < c->n; i++) {
        files[i] = c->command ? fopen(c->paths[i], "r") : fmemopen(c->buf[i], c->len[i], "r");
        if (!files[i])
            die_errno("%s: no partial sums came back", c->labels[i]);
    }
    return files;
}

/* Write the request and run the command over every shard. */
static void run_pass(struct cluster *c)
{
    if (!c->command) {
        local_pass(c, &(struct tsv_options){.format = c->q.format, .na = c->q.na, .nna = c->q.nna});
        return;
    }
    for (size_t i = 0; i < c->n; i++)
        if (unlink(c->paths[i]) != 0 && errno != ENOENT)
            die_errno("cannot remove %s", c->paths[i]);
    FILE *fp = fopen(c->request, "w");
    if (!fp)
        die_errno("cannot write %s", c->request);
    partial_write_request(&c->q, fp);
    if (fclose(fp) != 0)
        die_errno("cannot write %s", c->request);
    fflush(NULL);
    char *script = join(c->command, " ", "\"$@\"");
    pid_t pid = fork();
    if (pid < 0)
        die_errno("cannot start the pass command");
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", script, "sh", c->request, c->dir, (char *)NULL);
        _exit(127);
    }
    free(script);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die_errno("cannot wait for the pass command");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("the pass over the shards failed (the pass command exited %d); no model written",
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static void make_folder(struct cluster *c)
{
    c->dir = temporary_name();
    if (!mkdtemp(c->dir))
        die_errno("cannot make a temporary folder %s", c->dir);
    c->request = join(c->dir, "/", "request");
}

static const struct design *merge_first_pass(struct cluster *c, const struct design_spec *spec)
{
    c->q.nshards = c->n;
    c->q.offsets = xcalloc(c->n, sizeof *c->q.offsets);
    FILE **files = open_partials(c);
    c->q.header = partial_merge_stats(files, c->labels, c->n, c->file, spec, c->q.offsets);
    free(files);
    return c->q.header;
}

const struct design *cluster_open(struct cluster *c, const char *shards, const char *command,
                                  const struct design_spec *spec, enum tsv_format format, char **na,
                                  size_t nna)
{
    *c = (struct cluster){.command = command};
    make_folder(c);
    read_shards(c, shards);
    c->q = (struct partial_request){
        .spec = *spec, .format = format, .na = na, .nna = nna, .nshards = c->n};
    run_pass(c);
    return merge_first_pass(c, spec);
}

const struct design *cluster_open_file(struct cluster *c, const char *file, size_t chunk_rows,
                                       const struct design_spec *spec, enum tsv_format format,
                                       char **na, size_t nna, struct cluster_beside beside)
{
    *c = (struct cluster){.file = file, .chunk_rows = chunk_rows};
    c->q = (struct partial_request){.spec = *spec, .format = format, .na = na, .nna = nna};
    c->q.spec.max_rows = chunk_rows;
    first_pass(c,
               &(struct tsv_options){.format = format,
                                     .na = na,
                                     .nna = nna,
                                     .observe = beside.observe,
                                     .observe_ctx = beside.ctx},
               &beside);
    return merge_first_pass(c, spec);
}

/* The warm start's sample of a file read here, held once read: its passes
 * then need no read of the file. */
static const struct design *held_sample(struct cluster *c, size_t stride)
{
    if (c->sub)
        return c->sub;
    c->q.stride = stride;
    if (c->at && c->n > 1) { /* each chunk's sample on two threads, joined in order */
        struct design **part = xcalloc(c->n, sizeof *part);
        pass_in_two(c, part);
        c->sub = part[0];
        for (size_t i = 1; i < c->n; i++) {
            partial_append_rows(c->sub, part[i]);
            design_free(part[i]);
        }
        free(part);
        return c->sub;
    }
    struct tsv_reader *r = tsv_open(
        c->file, &(struct tsv_options){.format = c->q.format, .na = c->q.na, .nna = c->q.nna});
    c->sub = partial_read_rows(&c->q, c->n, r);
    tsv_close(r);
    return c->sub;
}

void cluster_sums(void *ctx, size_t stride, const double *theta, struct fit_sums *s)
{
    struct cluster *c = ctx;
    if (!c->command && stride) {
        fit_design_sums(held_sample(c, stride), theta, s);
        return;
    }
    c->q.stride = stride;
    c->q.theta = (double *)theta;
    c->q.hessian = s->H != NULL;
    c->q.zero = s->g_zero != NULL;
    run_pass(c);
    FILE **files = open_partials(c);
    partial_merge_sums(files, c->labels, c->n, c->q.header->nterms, s);
    free(files);
    c->q.theta = NULL;
}

void cluster_close(struct cluster *c)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->dir)
            unlink(c->paths[i]);
        free(c->paths[i]);
        free(c->labels[i]);
        free(c->buf[i]);
    }
    if (c->dir) {
        unlink(c->request);
        rmdir(c->dir);
    }
    free(c->buf);
    free(c->len);
    free(c->paths);
    free(c->labels);
    free(c->request);
    free(c->dir);
    free(c->q.offsets);
    free(c->at);
    free(c->lines);
    design_free((struct design *)c->q.header);
    design_free(c->sub);
}
