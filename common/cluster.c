/* cluster.c - a fit over shards read by a pass command; see cluster.h. */
#include "cluster.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Where chunk i starts, found by the first pass; the record is dropped if
 * r is not a file that can be read from there. */
static void note_start(struct cluster *c, size_t i, const struct tsv_reader *r)
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
    if (!tsv_tell(r, &c->at[i], &c->lines[i])) {
        free(c->at);
        free(c->lines);
        c->at = NULL;
        c->lines = NULL;
    }
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

/* A pass over the chunks of c->file, here; the first (stats) pass finds
 * them, the rows they start at into each label. */
static void local_pass(struct cluster *c, const struct tsv_options *opts)
{
    bool first = c->n == 0;
    if (!first && c->at && c->n > 1) {
        pass_in_two(c, NULL);
        return;
    }
    struct tsv_reader *r = tsv_open(c->file, opts);
    for (size_t i = 0, start = 1;; i++) {
        if (first)
            add_shard(c, NULL);
        else if (i == c->n)
            break;
        if (first)
            note_start(c, i, r);
        size_t rows = reduce_chunk(c, i, r);
        if (!first)
            continue;
        char label[64];
        snprintf(label, sizeof label, " (rows %zu to %zu)", start, start + rows - 1);
        c->labels[i] = join(tsv_name(r), "", label);
        start += rows;
        if (rows < c->chunk_rows) {
            if (rows == 0 && c->n == 1)
                die("%s: no data rows", tsv_name(r));
            if (rows == 0) {
                free(c->buf[i]);
                free(c->paths[i]);
                free(c->labels[i]);
                c->n--;
            }
            break;
        }
    }
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
    const char *tmp = getenv("TMPDIR");
    c->dir = join(tmp && *tmp ? tmp : "/tmp", "/", "pm-fit.XXXXXX");
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
                                       char **na, size_t nna)
{
    *c = (struct cluster){.file = file, .chunk_rows = chunk_rows};
    c->q = (struct partial_request){.spec = *spec, .format = format, .na = na, .nna = nna};
    c->q.spec.max_rows = chunk_rows;
    local_pass(c, &(struct tsv_options){.format = format, .na = na, .nna = nna});
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
