/* dict.c - byte strings to dense ids; see dict.h. */
#include "dict.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define EMPTY UINT32_MAX

struct dict {
    char *bytes; /* every string, each NUL-terminated */
    size_t nbytes, bytes_cap;
    size_t *off;
    uint32_t *len;
    uint64_t *hash;
    size_t n, cap;
    uint32_t *slot; /* ids, or EMPTY; a power of two in size */
    size_t nslots;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

struct dict *dict_new(void)
{
    struct dict *d = xcalloc(1, sizeof *d);
    d->nslots = 16;
    d->slot = xmalloc(d->nslots * sizeof *d->slot);
    memset(d->slot, 0xff, d->nslots * sizeof *d->slot);
    return d;
}

void dict_free(struct dict *d)
{
    if (!d)
        return;
    free(d->bytes);
    free(d->off);
    free(d->len);
    free(d->hash);
    free(d->slot);
    free(d);
}

/* The slot holding s, or the empty slot where it would go. */
static size_t probe(const struct dict *d, const char *s, size_t len, uint64_t h)
{
    size_t mask = d->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint32_t id = d->slot[i];
        if (id == EMPTY ||
            (d->hash[id] == h && d->len[id] == len && memcmp(d->bytes + d->off[id], s, len) == 0))
            return i;
    }
}

static void rehash(struct dict *d)
{
    free(d->slot);
    d->nslots *= 2;
    d->slot = xreallocarray(NULL, d->nslots, sizeof *d->slot);
    memset(d->slot, 0xff, d->nslots * sizeof *d->slot);
    size_t mask = d->nslots - 1;
    for (uint32_t id = 0; id < d->n; id++) {
        size_t i = (size_t)d->hash[id] & mask;
        while (d->slot[i] != EMPTY)
            i = (i + 1) & mask;
        d->slot[i] = id;
    }
}

uint32_t dict_intern(struct dict *d, const char *s, size_t len)
{
    uint64_t h = hash_bytes(s, len);
    size_t i = probe(d, s, len, h);
    if (d->slot[i] != EMPTY)
        return d->slot[i];
    if (d->n == EMPTY - 1)
        abort(); /* callers cap the number of levels far below this */
    if (d->n == d->cap) {
        size_t cap = d->cap;
        d->off = xgrow(d->off, &cap, d->n + 1, sizeof *d->off);
        d->len = xreallocarray(d->len, cap, sizeof *d->len);
        d->hash = xreallocarray(d->hash, cap, sizeof *d->hash);
        d->cap = cap;
    }
    d->bytes = xgrow(d->bytes, &d->bytes_cap, d->nbytes + len + 1, 1);
    memcpy(d->bytes + d->nbytes, s, len);
    d->bytes[d->nbytes + len] = '\0';
    uint32_t id = (uint32_t)d->n++;
    d->off[id] = d->nbytes;
    d->len[id] = (uint32_t)len;
    d->hash[id] = h;
    d->nbytes += len + 1;
    d->slot[i] = id;
    if (2 * d->n > d->nslots)
        rehash(d);
    return id;
}

long dict_find(const struct dict *d, const char *s, size_t len)
{
    uint32_t id = d->slot[probe(d, s, len, hash_bytes(s, len))];
    return id == EMPTY ? -1 : (long)id;
}

size_t dict_size(const struct dict *d)
{
    return d->n;
}

const char *dict_name(const struct dict *d, uint32_t id)
{
    return d->bytes + d->off[id];
}

size_t dict_len(const struct dict *d, uint32_t id)
{
    return d->len[id];
}

/* qsort has no context argument; sort (pointer, length, id) triples. */
struct entry {
    const char *s;
    size_t len;
    uint32_t id;
};

static int compare_entries(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    if (c != 0)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

uint32_t *dict_sorted(const struct dict *d)
{
    struct entry *e = xreallocarray(NULL, d->n, sizeof *e);
    for (uint32_t id = 0; id < d->n; id++)
        e[id] = (struct entry){d->bytes + d->off[id], d->len[id], id};
    qsort(e, d->n, sizeof *e, compare_entries);
    uint32_t *ids = xreallocarray(NULL, d->n, sizeof *ids);
    for (size_t i = 0; i < d->n; i++)
        ids[i] = e[i].id;
    free(e);
    return ids;
}
