/*
 * siphash.h - SipHash, a keyed hash of byte strings (Aumasson and Bernstein).
 *
 * With a key the input cannot know, no one can build many strings whose
 * hashes collide, which an unkeyed hash (FNV) lets anyone do: a table of
 * levels that hashes with it cannot be slowed down to quadratic time by
 * its data.  Nothing pm writes may depend on the key: a table uses hashes to
 * find, never to order.
 */
#ifndef PM_SIPHASH_H
#define PM_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct siphash_key {
    uint64_t k0, k1;
};

/* A key drawn from the system's random source (getrandom), new each run. */
struct siphash_key siphash_random_key(void);

/* SipHash-C-D of data[0, len) under key: C rounds a block, D at the end.
 * SipHash-1-3 (what the tables use) is fast and ample against flooding;
 * SipHash-2-4 is the one with published test vectors. */
uint64_t siphash(const struct siphash_key *key, const void *data, size_t len, int c, int d);

/* SipHash-1-3. */
uint64_t siphash13(const struct siphash_key *key, const void *data, size_t len);

#endif
