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

/*
 * Keys are first spread by their highest 11 bits that differ (an MSD pass,
 * 2048 buckets), then each bucket, now small enough to stay in the cache, is
 * sorted by the bits below with an LSD radix sort of 8-bit digits (digits
 * equal in every key of the bucket are skipped) or, when tiny, by insertion.
 * Two passes over main memory instead of one for every byte.
 */
#define TOP_BITS 11
#define TOP      (1 << TOP_BITS)
#define TINY     32

struct sort_counts {
    size_t top[TOP];
    size_t low[8][256];
};

/* A run too short for a radix pass to pay. */
static void insertion_sort(uint64_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t k = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > k; j--)
            a[j] = a[j - 1];
        a[j] = k;
    }
}

/* Sort a[0, n), whose keys agree above bit `bits`, with t[0, n) as work
 * space; returns a or t, wherever the sorted keys ended. */
static uint64_t *sort_low(uint64_t *a, uint64_t *t, size_t n, int bits, struct sort_counts *c)
{
    if (n <= TINY) {
        insertion_sort(a, n);
        return a;
    }
    int ndigits = (bits + 7) / 8;
    memset(c->low, 0, (size_t)ndigits * sizeof c->low[0]);
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < ndigits; d++)
            c->low[d][(a[i] >> (8 * d)) & 0xFF]++;
    for (int d = 0; d < ndigits; d++) {
        size_t *count = c->low[d];
        /* A digit that is the same in every key does not reorder anything. */
        if (count[(a[0] >> (8 * d)) & 0xFF] == n)
            continue;
        size_t sum = 0;
        for (int x = 0; x < 256; x++) {
            size_t k = count[x];
            count[x] = sum; /* from now on: where the next key with x goes */
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            t[count[(a[i] >> (8 * d)) & 0xFF]++] = a[i];
        uint64_t *swap = a;
        a = t;
        t = swap;
    }
    return a;
}

/* Write keys back as doubles into v[0, n). */
static void to_doubles(double *v, const uint64_t *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t b = key_to_bits(k[i]);
        memcpy(&v[i], &b, sizeof b);
    }
}

void sort_doubles_with(double *v, double *scratch, size_t n)
{
    if (n < 2)
        return;
    _Static_assert(sizeof(double) == sizeof(uint64_t), "64-bit doubles");
    uint64_t *a = (uint64_t *)(void *)v, *t = (uint64_t *)(void *)scratch;
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        a[i] = bits_to_key(b);
        lo = a[i] < lo ? a[i] : lo;
        hi = a[i] > hi ? a[i] : hi;
    }
    int bits = lo == hi ? 0 : 64 - __builtin_clzll(lo ^ hi); /* the bits that differ */
    int shift = bits > TOP_BITS ? bits - TOP_BITS : 0;
    struct sort_counts *c = xmalloc(sizeof *c);
    memset(c->top, 0, sizeof c->top);
    for (size_t i = 0; i < n; i++)
        c->top[(a[i] >> shift) & (TOP - 1)]++;
    size_t sum = 0;
    for (int x = 0; x < TOP; x++) {
        size_t k = c->top[x];
        c->top[x] = sum;
        sum += k;
    }
    for (size_t i = 0; i < n; i++)
        t[c->top[(a[i] >> shift) & (TOP - 1)]++] = a[i];
    /* Bucket x now ends at c->top[x]. */
    for (size_t x = 0, begin = 0; x < TOP; begin = c->top[x++]) {
        size_t m = c->top[x] - begin;
        uint64_t *sorted = sort_low(t + begin, a + begin, m, shift, c);
        to_doubles(v + begin, sorted, m);
    }
    free(c);
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
    if (n <= TINY) {
        insertion_sort(a, n);
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

/*
 * Keys with a 32-bit payload: an LSD radix sort of 11-bit digits over the
 * bits in which the keys differ, moving key and payload together.  Stable,
 * so equal keys keep their payloads' order.
 */
#define DIGIT_BITS 11
#define DIGITS     (1 << DIGIT_BITS)

void sort_keys_with_index(uint64_t *key, uint32_t *index, size_t n)
{
    if (n < 2)
        return;
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < n; i++) {
        lo = key[i] < lo ? key[i] : lo;
        hi = key[i] > hi ? key[i] : hi;
    }
    int bits = lo == hi ? 0 : 64 - __builtin_clzll(lo ^ hi);
    uint64_t *k2 = xmalloc(n * sizeof *k2);
    uint32_t *i2 = xmalloc(n * sizeof *i2);
    size_t *count = xmalloc(DIGITS * sizeof *count);
    uint64_t *ka = key, *kb = k2;
    uint32_t *ia = index, *ib = i2;
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
        memset(count, 0, DIGITS * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(ka[i] >> shift) & (DIGITS - 1)]++;
        size_t sum = 0;
        for (size_t d = 0; d < DIGITS; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t to = count[(ka[i] >> shift) & (DIGITS - 1)]++;
            kb[to] = ka[i];
            ib[to] = ia[i];
        }
        uint64_t *ks = ka;
        ka = kb;
        kb = ks;
        uint32_t *is = ia;
        ia = ib;
        ib = is;
    }
    if (ka != key) {
        memcpy(key, ka, n * sizeof *key);
        memcpy(index, ia, n * sizeof *index);
    }
    free(k2);
    free(i2);
    free(count);
}
