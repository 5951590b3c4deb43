/* levels.c - a hash table of levels with counters; see levels.h. */
#include "levels.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "siphash.h"
#include "xalloc.h"

struct levels {
    size_t ncounts;
    size_t n, cap;              /* levels held, room for */
    char **name;                /* [cap] */
    size_t *len;                /* [cap] */
    uint64_t *hash;             /* [cap] */
    uint64_t *head;             /* [cap]: the first eight bytes, zeros after the end */
    unsigned long long *counts; /* [cap * ncounts] */
    size_t *slot;               /* [nslots]: level index + 1, or 0 for empty */
    size_t nslots;              /* 2^bits, at least twice n */
    int bits;
    struct siphash_key key; /* this table's, drawn when it is made */
    /* Up to SCAN_MAX levels: each level's place by a multiplicative hash
     * of its first bytes and length (quick_slot), as index + 1; 0 where no
     * level falls, QUICK_SHARED where two do. */
    uint64_t quick_mult;
    unsigned char quick[64];
};

#define QUICK_SHARED 255

/*
 * Levels come from the data, so anyone could pick them to collide in an
 * unkeyed hash and make every lookup a walk over the table.  A keyed hash
 * with a key of the run's own defeats that; the key changes where a level
 * sits, never which number it gets or the order levels_order gives.
 */
static uint64_t hash_bytes(const struct levels *t, const char *s, size_t len)
{
    return siphash13(&t->key, s, len);
}

/* The first slot to probe: the hash's high bits. */
static size_t home(const struct levels *t, uint64_t h)
{
    return (size_t)(h >> (64 - t->bits));
}

struct levels *levels_new(size_t ncounts)
{
    struct levels *t = xcalloc(1, sizeof *t);
    t->ncounts = ncounts;
    t->bits = 2;
    t->nslots = (size_t)1 << t->bits;
    t->key = siphash_random_key();
    t->slot = xcalloc(t->nslots, sizeof *t->slot);
    return t;
}

void levels_free(struct levels *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->name[i]);
    free(t->name);
    free(t->len);
    free(t->hash);
    free(t->head);
    free(t->counts);
    free(t->slot);
    free(t);
}

/* The slot that holds s, or the empty slot where it would go. */
static size_t probe(const struct levels *t, const char *s, size_t len, uint64_t h)
{
    size_t mask = t->nslots - 1;
    for (size_t i = home(t, h);; i = (i + 1) & mask) {
        size_t k = t->slot[i];
        if (k == 0)
            return i;
        k--;
        if (t->hash[k] == h && t->len[k] == len && memcmp(t->name[k], s, len) == 0)
            return i;
    }
}

/* Up to this many levels, a lookup compares them one by one: for the few
 * levels of a typical column, cheaper than hashing the string.  Being so
 * few, they cannot be made to collide either. */
#define SCAN_MAX 16

/* The first eight bytes of s[0, len), zeros after its end: one comparison
 * of two words tells most levels apart, and the whole of a short one. */
static uint64_t load64(const char *s)
{
    uint64_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

static inline uint64_t head_of(const char *s, size_t len)
{
    if (len >= 8)
        return load64(s);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Loads that overlap rather than a loop over a length that changes
     * from row to row (the processor cannot foresee its end): the bytes
     * where two loads overlap are the same bytes. */
    if (len >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + len - 4, 4);
        return lo | (uint64_t)hi << (8 * (len - 4));
    }
    if (len == 0)
        return 0;
    return (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << (8 * (len / 2)) |
           (uint64_t)(unsigned char)s[len - 1] << (8 * (len - 1));
#else
    uint64_t h = 0;
    for (size_t i = 0; i < len; i++)
        h |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return h;
#endif
}

/* Whether a and b, both len bytes with the same first eight, are equal. */
static inline bool same_tail(const char *a, const char *b, size_t len)
{
    if (len <= 8)
        return true;
    if (len <= 16) /* the last eight, which overlap the first where shorter */
        return load64(a + len - 8) == load64(b + len - 8);
    return memcmp(a + 8, b + 8, len - 8) == 0;
}

/* The index of s[0, len) in a table of at most SCAN_MAX levels, or -1. */
static long scan(const struct levels *t, const char *s, size_t len)
{
    uint64_t h = head_of(s, len);
    for (size_t k = 0; k < t->n; k++)
        if (t->head[k] == h && t->len[k] == len && same_tail(t->name[k], s, len))
            return (long)k;
    return -1;
}

static size_t quick_slot(uint64_t mult, uint64_t head, size_t len)
{
    return (size_t)(((head ^ len) * mult) >> 58);
}

/* Lay the levels out for quick_index, with the first of a few multipliers
 * that gives each a place of its own (else the last, sharing some). */
static void quick_build(struct levels *t)
{
    static const uint64_t mults[] = {
        0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL, 0xD6E8FEB86659FD93ULL,
        0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL, 0x94D049BB133111EBULL, 0xBF58476D1CE4E5B9ULL};
    for (size_t m = 0; m < sizeof mults / sizeof *mults; m++) {
        memset(t->quick, 0, sizeof t->quick);
        t->quick_mult = mults[m];
        bool shared = false;
        for (size_t k = 0; k < t->n; k++) {
            unsigned char *q = &t->quick[quick_slot(mults[m], t->head[k], t->len[k])];
            shared |= *q != 0;
            *q = *q ? QUICK_SHARED : (unsigned char)(k + 1);
        }
        if (!shared)
            return;
    }
}

/* scan's answer at one probe, where levels do not share a place: no walk
 * over the levels, whose end at a different level each row the processor
 * cannot foresee. */
static long quick_index(const struct levels *t, const char *s, size_t len)
{
    uint64_t h = head_of(s, len);
    unsigned q = t->quick[quick_slot(t->quick_mult, h, len)];
    if (q == QUICK_SHARED)
        return scan(t, s, len);
    if (q == 0)
        return -1;
    size_t k = q - 1;
    return t->head[k] == h && t->len[k] == len && same_tail(t->name[k], s, len) ? (long)k : -1;
}

long levels_index(const struct levels *t, const char *s, size_t len)
{
    if (t->n <= SCAN_MAX)
        return quick_index(t, s, len);
    return (long)t->slot[probe(t, s, len, hash_bytes(t, s, len))] - 1;
}

unsigned long long *levels_find(const struct levels *t, const char *s, size_t len)
{
    long k = levels_index(t, s, len);
    return k < 0 ? NULL : t->counts + (size_t)k * t->ncounts;
}

static void rehash(struct levels *t)
{
    free(t->slot);
    t->bits++;
    t->nslots = (size_t)1 << t->bits;
    t->slot = xcalloc(t->nslots, sizeof *t->slot);
    size_t mask = t->nslots - 1;
    for (size_t k = 0; k < t->n; k++) {
        size_t i = home(t, t->hash[k]);
        while (t->slot[i])
            i = (i + 1) & mask;
        t->slot[i] = k + 1;
    }
}

size_t levels_add(struct levels *t, const char *s, size_t len)
{
    if (t->n <= SCAN_MAX) { /* most calls find their level: hash only to add one */
        long k = scan(t, s, len);
        if (k >= 0)
            return (size_t)k;
    }
    uint64_t h = hash_bytes(t, s, len);
    size_t i = probe(t, s, len, h);
    if (t->slot[i])
        return t->slot[i] - 1;
    if (t->n == t->cap) {
        /* Doubling from 2, not xgrow's 16: a table of a million columns has
         * a table of levels a column. */
        size_t cap = t->cap ? 2 * t->cap : 2;
        t->name = xreallocarray(t->name, cap, sizeof *t->name);
        t->len = xreallocarray(t->len, cap, sizeof *t->len);
        t->hash = xreallocarray(t->hash, cap, sizeof *t->hash);
        t->head = xreallocarray(t->head, cap, sizeof *t->head);
        t->counts =
            xreallocarray(t->counts, cap * (t->ncounts ? t->ncounts : 1), sizeof *t->counts);
        t->cap = cap;
    }
    size_t k = t->n++;
    t->name[k] = xstrndup(s, len);
    t->len[k] = len;
    t->hash[k] = h;
    t->head[k] = head_of(s, len);
    memset(t->counts + k * t->ncounts, 0, t->ncounts * sizeof *t->counts);
    t->slot[i] = k + 1;
    if (2 * t->n > t->nslots)
        rehash(t);
    if (t->n <= SCAN_MAX)
        quick_build(t);
    return k;
}

unsigned long long *levels_get(struct levels *t, const char *s, size_t len)
{
    size_t k = levels_add(t, s, len); /* may move the counters */
    return t->counts + k * t->ncounts;
}

size_t levels_size(const struct levels *t)
{
    return t->n;
}

const char *levels_name(const struct levels *t, size_t i)
{
    return t->name[i];
}

unsigned long long *levels_counts(const struct levels *t, size_t i)
{
    return t->counts + i * t->ncounts;
}

/* qsort has no context argument: sort pointers to the names instead. */
static int compare_names(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

size_t *levels_order(const struct levels *t)
{
    char ***ptr = xmalloc((t->n ? t->n : 1) * sizeof *ptr);
    for (size_t k = 0; k < t->n; k++)
        ptr[k] = &t->name[k];
    qsort(ptr, t->n, sizeof *ptr, compare_names);
    size_t *order = xmalloc((t->n ? t->n : 1) * sizeof *order);
    for (size_t k = 0; k < t->n; k++)
        order[k] = (size_t)(ptr[k] - t->name);
    free(ptr);
    return order;
}
