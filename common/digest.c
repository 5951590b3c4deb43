/* digest.c - SHA-256 of the input; see digest.h. */
#include "digest.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

#define CHUNK (256 * 1024)

void digest_init(struct digest *d)
{
    *d = (struct digest){.threaded = false};
    sha256_init(&d->ctx);
}

void digest_observe(void *ctx, const void *bytes, size_t len)
{
    struct digest *d = ctx;
    sha256_update(&d->ctx, len, bytes);
}

static void *hash_rest(void *arg)
{
    struct digest *d = arg;
    char *chunk = xmalloc(CHUNK);
    for (unsigned long long at = d->offset;;) {
        ssize_t n = pread(d->fd, chunk, CHUNK, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            d->error = n < 0 ? errno : 0;
            break;
        }
        sha256_update(&d->ctx, (size_t)n, (const uint8_t *)chunk);
        at += (unsigned long long)n;
    }
    free(chunk);
    return NULL;
}

void digest_rest_of_file(struct digest *d, int fd, unsigned long long offset)
{
    d->fd = fd;
    d->offset = offset;
    d->threaded = pthread_create(&d->thread, NULL, hash_rest, d) == 0;
    if (!d->threaded)
        hash_rest(d);
}

void digest_start(void *ctx)
{
    struct digest *d = ctx;
    digest_rest_of_file(d, d->fd, 0);
}

void digest_hex(struct digest *d, char hex[DIGEST_HEX_SIZE])
{
    if (d->threaded)
        pthread_join(d->thread, NULL);
    d->threaded = false;
    if (d->error) {
        errno = d->error;
        die_errno("cannot read the input to take its digest");
    }
    static const char digits[] = "0123456789abcdef";
    uint8_t raw[SHA256_DIGEST_SIZE];
    sha256_digest(&d->ctx, sizeof raw, raw);
    for (size_t i = 0; i < sizeof raw; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}
