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
 */
#ifndef PM_DIGEST_H
#define PM_DIGEST_H

#include <nettle/sha2.h>
#include <stddef.h>

#define DIGEST_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)

struct digest {
    struct sha256_ctx ctx;
};

void digest_init(struct digest *d);
/* A tsv_observer: ctx is a struct digest. */
void digest_observe(void *ctx, const void *bytes, size_t len);
/* The digest of everything observed, as lowercase hex with a NUL. */
void digest_hex(struct digest *d, char hex[DIGEST_HEX_SIZE]);

#endif
