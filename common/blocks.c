/* blocks.c - a large file's rows on two threads, in order; see blocks.h. */
#include "blocks.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

#define WORKERS 2
/* A block's buffer: its stretch, the byte before it, and as much again for
 * the line that runs past its end. */
#define BUFFER_BYTES (2 * BLOCKS_BYTES + 1)

enum slot_state { SLOT_FREE, SLOT_BUSY, SLOT_DONE, SLOT_FAILED };

struct slot {
    enum slot_state state;
    unsigned long long bytes; /* the block's lines, with their LFs */
    unsigned long lines;
};

struct run {
    const struct blocks_work *w;
    int fd;
    unsigned long long from, to; /* the rows' bytes in the file */
    unsigned long long nblocks;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct slot slot[BLOCKS_SLOTS];
    bool stop; /* the calling thread needs no more blocks */
};

struct worker {
    struct run *run;
    size_t index;
    struct tsv_reader *reader;
    char *buf;
    pthread_t thread;
};

/* Up to n bytes at offset at (fewer at the end of the file); -1 on error. */
static long long read_at(int fd, char *buf, size_t n, unsigned long long at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, buf + got, n - got, (off_t)(at + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (long long)got;
}

/*
 * Block k holds the lines that start in [start, end) of the file: read the
 * byte before start (a LF or not) and the stretch, and then the rest of
 * the last line.  *line gets where its first line starts in buf, *len its
 * bytes; false if the last line is longer than the buffer allows, or on a
 * read error.
 */
static bool load(const struct run *run, unsigned long long k, char *buf, size_t *line, size_t *len)
{
    unsigned long long start = run->from + k * BLOCKS_BYTES;
    unsigned long long end = start + BLOCKS_BYTES < run->to ? start + BLOCKS_BYTES : run->to;
    unsigned long long at = k ? start - 1 : start; /* buf[0] is the file's byte at */
    unsigned long long want = run->to - at < BUFFER_BYTES - 1 ? run->to - at : BUFFER_BYTES - 1;
    long long n = read_at(run->fd, buf, (size_t)want, at);
    if (n < 0)
        return false;
    size_t got = (size_t)n, stretch = (size_t)(end - at);
    if (got < stretch)
        return false; /* the file shrank */
    size_t first = 0;
    if (k) {
        const char *nl = memchr(buf, '\n', stretch - 1);
        if (!nl) { /* no line starts in the stretch */
            *line = *len = 0;
            return true;
        }
        first = (size_t)(nl - buf) + 1;
    }
    /* The last line holds the stretch's last byte, buf[stretch - 1]. */
    const char *nl = memchr(buf + stretch - 1, '\n', got - (stretch - 1));
    size_t stop = nl ? (size_t)(nl - buf) + 1 : got;
    if (!nl && at + got < run->to)
        return false; /* a line too long for the buffer */
    /* (without a LF, the last line ends where the file did when the run
     * began: what comes after is the calling thread's to read) */
    *line = first;
    *len = stop - first;
    return true;
}

/* Wait, with the lock held, until slot s is free or the run stops. */
static bool wait_free(struct run *run, size_t s)
{
    while (!run->stop && run->slot[s].state != SLOT_FREE)
        pthread_cond_wait(&run->changed, &run->lock);
    return !run->stop;
}

static void finish(struct run *run, size_t s, enum slot_state state)
{
    pthread_mutex_lock(&run->lock);
    run->slot[s].state = state;
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
}

static void *work(void *arg)
{
    struct worker *wk = arg;
    struct run *run = wk->run;
    for (unsigned long long k = wk->index; k < run->nblocks; k += WORKERS) {
        size_t s = (size_t)(k % BLOCKS_SLOTS);
        pthread_mutex_lock(&run->lock);
        bool go = wait_free(run, s);
        if (go)
            run->slot[s].state = SLOT_BUSY;
        pthread_mutex_unlock(&run->lock);
        if (!go)
            break;
        size_t line, len;
        bool ok = load(run, k, wk->buf, &line, &len);
        if (ok) {
            tsv_block_set(wk->reader, wk->buf + line, len, 0);
            ok = run->w->process(run->w->ctx, s, wk->reader);
            run->slot[s].bytes = len;
            run->slot[s].lines = tsv_lines_read(wk->reader);
        }
        finish(run, s, ok ? SLOT_DONE : SLOT_FAILED);
        if (!ok)
            break; /* the calling thread reads on from here itself */
    }
    return NULL;
}

/* Take the blocks in order until the last or one a worker gave up; the
 * offset and line count after the last taken go to *at and *lines. */
static void take_in_order(struct run *run, unsigned long long *at, unsigned long *lines)
{
    for (unsigned long long k = 0; k < run->nblocks; k++) {
        size_t s = (size_t)(k % BLOCKS_SLOTS);
        struct slot *sl = &run->slot[s];
        pthread_mutex_lock(&run->lock);
        while (sl->state != SLOT_DONE && sl->state != SLOT_FAILED)
            pthread_cond_wait(&run->changed, &run->lock);
        pthread_mutex_unlock(&run->lock);
        if (sl->state == SLOT_FAILED)
            return;
        run->w->take(run->w->ctx, s, *lines);
        *at += sl->bytes;
        *lines += sl->lines;
        finish(run, s, SLOT_FREE);
    }
}

bool blocks_worth(const struct tsv_reader *r)
{
    int fd;
    unsigned long long from, to;
    return tsv_rest(r, BLOCKS_MIN_BYTES, &fd, &from, &to);
}

void blocks_run(struct tsv_reader *r, const struct blocks_work *w)
{
    struct run run = {.w = w};
    if (!tsv_rest(r, BLOCKS_MIN_BYTES, &run.fd, &run.from, &run.to))
        return;
    run.nblocks = (run.to - run.from + BLOCKS_BYTES - 1) / BLOCKS_BYTES;
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.changed, NULL);
    struct worker wk[WORKERS];
    size_t started = 0;
    for (; started < WORKERS; started++) {
        wk[started] = (struct worker){.run = &run, .index = started};
        wk[started].reader = tsv_block_reader(r);
        wk[started].buf = xmalloc(BUFFER_BYTES);
        if (pthread_create(&wk[started].thread, NULL, work, &wk[started]) != 0) {
            tsv_close(wk[started].reader);
            free(wk[started].buf);
            break;
        }
    }
    unsigned long long at = run.from;
    unsigned long lines = tsv_lines_read(r);
    if (started == WORKERS)
        take_in_order(&run, &at, &lines);
    pthread_mutex_lock(&run.lock);
    run.stop = true;
    pthread_cond_broadcast(&run.changed);
    pthread_mutex_unlock(&run.lock);
    for (size_t i = 0; i < started; i++) {
        pthread_join(wk[i].thread, NULL);
        tsv_close(wk[i].reader);
        free(wk[i].buf);
    }
    pthread_cond_destroy(&run.changed);
    pthread_mutex_destroy(&run.lock);
    if (at != run.from)
        tsv_seek(r, at, lines);
}
