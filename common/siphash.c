/* siphash.c - the keyed hash of the level tables; see siphash.h. */
#include "siphash.h"

#include <sys/random.h>
#include <time.h>
#include <unistd.h>

struct siphash_key siphash_random_key(void)
{
    struct siphash_key key;
    if (getrandom(&key, sizeof key, 0) == (ssize_t)sizeof key)
        return key;
    /* No getrandom (an old kernel): weaker, still different each run. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    key.k0 = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)ts.tv_sec;
    key.k1 = (uint64_t)getpid() * 0xbf58476d1ce4e5b9ULL ^ (uint64_t)(uintptr_t)&key;
    return key;
}

static uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

static void sipround(uint64_t v[4])
{
    v[0] += v[1];
    v[1] = rotl(v[1], 13) ^ v[0];
    v[0] = rotl(v[0], 32);
    v[2] += v[3];
    v[3] = rotl(v[3], 16) ^ v[2];
    v[0] += v[3];
    v[3] = rotl(v[3], 21) ^ v[0];
    v[2] += v[1];
    v[1] = rotl(v[1], 17) ^ v[2];
    v[2] = rotl(v[2], 32);
}

/* Bytes p[0, n) (n <= 8) as a little-endian number, whatever the CPU. */
static uint64_t load_le(const unsigned char *p, size_t n)
{
    uint64_t m = 0;
    for (size_t i = n; i-- > 0;)
        m = m << 8 | p[i];
    return m;
}

static void compress(uint64_t v[4], uint64_t m, int rounds)
{
    v[3] ^= m;
    for (int i = 0; i < rounds; i++)
        sipround(v);
    v[0] ^= m;
}

uint64_t siphash(const struct siphash_key *key, const void *data, size_t len, int c, int d)
{
    const unsigned char *p = data;
    uint64_t v[4] = {key->k0 ^ 0x736f6d6570736575ULL, key->k1 ^ 0x646f72616e646f6dULL,
                     key->k0 ^ 0x6c7967656e657261ULL, key->k1 ^ 0x7465646279746573ULL};
    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8)
        compress(v, load_le(p + i, 8), c);
    compress(v, load_le(p + whole, len % 8) | (uint64_t)len << 56, c);
    v[2] ^= 0xff;
    for (int i = 0; i < d; i++)
        sipround(v);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t siphash13(const struct siphash_key *key, const void *data, size_t len)
{
    return siphash(key, data, len, 1, 3);
}
