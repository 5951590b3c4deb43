/*
 * digest.h - the SHA-256 of a tool's input, as `sha256sum FILE` prints it.
 *
 * pm-fit records which bytes a model was trained on.  SHA-256 (nettle) lets
 * a user check a model against a file with sha256sum; on a CPU with the SHA
 * extensions nettle hashes over 1 GB/s, a few percent of a fit's time.
 * Feed it the raw input through the reader's observer hook:
 *
 *     struct digest d;
 *     digest_init(&d);
 *     tsv_open(path, &(struct tsv_options){.observe = digest_observe, .observe_ctx = &d});
 *
 * For a regular file the rest is better hashed on a second core, while the
 * reader parses: tsv_detach_observer, then digest_rest_of_file.
 */
#ifndef PM_DIGEST_H
#define PM_DIGEST_H

#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define DIGEST_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)

struct digest {
    struct sha256_ctx ctx;
    /* digest_rest_of_file's */
    int fd;
    unsigned long long offset;
    int error; /* errno of a failed read, or 0 */
    bool threaded;
    pthread_t thread;
};

void digest_init(struct digest *d);
/* A tsv_observer: ctx is a struct digest. */
void digest_observe(void *ctx, const void *bytes, size_t len);
/* Hash file fd from offset to its end, on a thread if one can be had, after
 * what has been observed. */
void digest_rest_of_file(struct digest *d, int fd, unsigned long long offset);
/* digest_rest_of_file from d->fd's start, for a job that takes only a
 * context (ctx is a struct digest whose fd is set). */
void digest_start(void *ctx);
/* The digest of everything observed (waiting for the thread, if any; dies
 * if it could not read), as lowercase hex with a NUL. */
void digest_hex(struct digest *d, char hex[DIGEST_HEX_SIZE]);

#endif
