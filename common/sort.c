/* sort.c - radix sort of doubles; see sort.h. */
#include "sort.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Map a double's bits to an unsigned key with the same order: flip every bit
 * of a negative, only the sign bit of a positive.  The map is its own
 * inverse apart from which bits get flipped, see key_to_bits. */
static uint64_t bits_to_key(uint64_t b)
{
    return (b & 0x8000000000000000ULL) ? ~b : b | 0x8000000000000000ULL;
}

static uint64_t key_to_bits(uint64_t k)
{
    return (k & 0x8000000000000000ULL) ? k & ~0x8000000000000000ULL : ~k;
}

static void count_bytes(const uint64_t *k, size_t n, size_t count[8][256])
{
    memset(count, 0, 8 * 256 * sizeof count[0][0]);
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][(k[i] >> (8 * b)) & 0xFF]++;
}

void sort_doubles_with(double *v, double *scratch, size_t n)
{
    if (n < 2)
        return;
    uint64_t *a = (uint64_t *)(void *)v, *t = (uint64_t *)(void *)scratch;
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        a[i] = bits_to_key(b);
    }
    _Static_assert(sizeof(double) == sizeof(uint64_t), "64-bit doubles");
    size_t(*count)[256] = xmalloc(8 * sizeof *count);
    count_bytes(a, n, count);
    for (int b = 0; b < 8; b++) {
        /* A byte that is the same in every key does not reorder anything. */
        if (count[b][(a[0] >> (8 * b)) & 0xFF] == n)
            continue;
        size_t pos[256], sum = 0;
        for (int d = 0; d < 256; d++) {
            pos[d] = sum;
            sum += count[b][d];
        }
        for (size_t i = 0; i < n; i++)
            t[pos[(a[i] >> (8 * b)) & 0xFF]++] = a[i];
        uint64_t *swap = a;
        a = t;
        t = swap;
    }
    free(count);
    if (a != (uint64_t *)(void *)v)
        memcpy(v, a, n * sizeof *v);
    uint64_t *out = (uint64_t *)(void *)v;
    for (size_t i = 0; i < n; i++) {
        uint64_t b = key_to_bits(out[i]);
        memcpy(&v[i], &b, sizeof b);
    }
}

void sort_doubles(double *v, size_t n)
{
    double *scratch = xmalloc((n ? n : 1) * sizeof *scratch);
    sort_doubles_with(v, scratch, n);
    free(scratch);
}
