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

/* Keys a[0, n) that agree above byte `byte`: sort them on that byte and the
 * ones below, permuting in place bucket by bucket, then each bucket on the
 * next byte down.  Small runs are left to insertion sort. */
static void flag_sort(uint64_t *a, size_t n, int byte)
{
    if (n < 32) {
        for (size_t i = 1; i < n; i++) {
            uint64_t x = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > x; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    size_t count[256], next[256], end[256];
    int shift;
    for (;; byte--) {
        shift = 8 * byte;
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(a[i] >> shift) & 0xFF]++;
        /* A byte that is the same in every key does not reorder anything. */
        if (count[(a[0] >> shift) & 0xFF] < n)
            break;
        if (byte == 0)
            return;
    }
    size_t sum = 0;
    for (int d = 0; d < 256; d++) {
        next[d] = sum;
        sum += count[d];
        end[d] = sum;
    }
    /* Take the key out of each misplaced slot and carry it to its bucket,
     * picking up the key found there, until one belongs where we started. */
    for (int d = 0; d < 256; d++) {
        while (next[d] < end[d]) {
            uint64_t x = a[next[d]];
            int dx = (int)((x >> shift) & 0xFF);
            while (dx != d) {
                uint64_t y = a[next[dx]];
                a[next[dx]++] = x;
                x = y;
                dx = (int)((x >> shift) & 0xFF);
            }
            a[next[d]++] = x;
        }
    }
    if (byte == 0)
        return;
    for (int d = 0; d < 256; d++)
        if (count[d] > 1)
            flag_sort(a + end[d] - count[d], count[d], byte - 1);
}

void sort_doubles_in_place(double *v, size_t n)
{
    uint64_t *a = (uint64_t *)(void *)v;
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        a[i] = bits_to_key(b);
    }
    flag_sort(a, n, 7);
    for (size_t i = 0; i < n; i++) {
        uint64_t b = key_to_bits(a[i]);
        memcpy(&v[i], &b, sizeof b);
    }
}
