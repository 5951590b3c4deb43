/*
 * test_sort_keyed - sort_keys_with_index orders keys as qsort does and
 * moves each key's index with it, stably: equal keys keep the order of
 * their indexes.  On random keys of few and many differing bits, heavy
 * ties, all equal, and sizes from 0 up.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "rng.h"
#include "sort.h"
#include "xalloc.h"

struct pair {
    uint64_t key;
    uint32_t index;
};

/* By key, then by index: the order a stable sort of indexes 0..n-1 gives. */
static int compare(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

static uint64_t draw(struct rng *g, int kind)
{
    switch (kind) {
    case 0:
        return rng_next(g); /* all 64 bits differ */
    case 1:
        return 0x8000000000000000ULL | (rng_next(g) >> 20); /* the high bits agree */
    case 2:
        return rng_below(g, 5); /* heavy ties */
    default:
        return 42; /* all equal */
    }
}

int main(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 100, 2049, 70000};
    struct check_counts c = {0};
    struct rng g;
    rng_seed(&g, 7);
    for (int kind = 0; kind < 4; kind++) {
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            size_t n = sizes[s];
            uint64_t *key = xmalloc((n ? n : 1) * sizeof *key);
            uint32_t *index = xmalloc((n ? n : 1) * sizeof *index);
            struct pair *want = xmalloc((n ? n : 1) * sizeof *want);
            for (size_t i = 0; i < n; i++) {
                key[i] = draw(&g, kind);
                index[i] = (uint32_t)i;
                want[i] = (struct pair){key[i], (uint32_t)i};
            }
            qsort(want, n, sizeof *want, compare);
            sort_keys_with_index(key, index, n);
            size_t bad = 0;
            for (size_t i = 0; i < n; i++)
                bad += key[i] != want[i].key || index[i] != want[i].index;
            CHECK(&c, bad == 0, "kind %d, %zu keys: %zu places differ from a stable qsort", kind, n,
                  bad);
            free(key);
            free(index);
            free(want);
        }
    }
    return check_done(&c);
}
