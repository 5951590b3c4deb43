/* digest.c - SHA-256 of the input; see digest.h. */
#include "digest.h"

#include <stdint.h>

void digest_init(struct digest *d)
{
    sha256_init(&d->ctx);
}

void digest_observe(void *ctx, const void *bytes, size_t len)
{
    struct digest *d = ctx;
    sha256_update(&d->ctx, len, bytes);
}

void digest_hex(struct digest *d, char hex[DIGEST_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t raw[SHA256_DIGEST_SIZE];
    sha256_digest(&d->ctx, sizeof raw, raw);
    for (size_t i = 0; i < sizeof raw; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}
