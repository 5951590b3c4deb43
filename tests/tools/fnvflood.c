/*
 * fnvflood - levels built to collide in an unkeyed hash, for the test that a
 * level table is not slowed by them (not installed).
 *
 *     fnvflood BITS [random]
 *
 * Writes 2^BITS distinct levels, one a line, each BITS blocks of six
 * letters.  The low 32 bits of FNV-1a (64-bit) after a block depend only on
 * the low 32 bits before it, so a pair of blocks that agree there from the
 * state where they start can stand for each other: every choice among BITS
 * such pairs ends in the same low 32 bits, the bits a table indexed by
 * `hash & mask` probes on.  With "random", the same number of levels of the
 * same shape from blocks chosen at random, for comparison.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

#define BLOCK 6
#define TRIES (1u << 18)

static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

struct cand {
    uint32_t low;
    uint32_t id;
};

static void block_of(uint32_t id, char *b)
{
    for (int i = 0; i < BLOCK; i++) {
        b[i] = letters[id % 52];
        id /= 52;
    }
}

static uint64_t fnv_step(uint64_t h, const char *b)
{
    for (int i = 0; i < BLOCK; i++)
        h = (h ^ (unsigned char)b[i]) * 0x100000001b3ULL;
    return h;
}

static int by_low(const void *pa, const void *pb)
{
    const struct cand *a = pa, *b = pb;
    return a->low < b->low ? -1 : a->low > b->low;
}

/* Two blocks that take state h to the same low 32 bits; the new state. */
static uint64_t find_pair(uint64_t h, char *b0, char *b1, struct cand *c)
{
    char b[BLOCK];
    for (uint32_t i = 0; i < TRIES; i++) {
        block_of(i * 2654435761u, b);
        c[i] = (struct cand){(uint32_t)fnv_step(h, b), i * 2654435761u};
    }
    qsort(c, TRIES, sizeof *c, by_low);
    for (uint32_t i = 1; i < TRIES; i++)
        if (c[i].low == c[i - 1].low && c[i].id != c[i - 1].id) {
            block_of(c[i - 1].id, b0);
            block_of(c[i].id, b1);
            return fnv_step(h, b0);
        }
    fputs("fnvflood: no pair found\n", stderr);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || atoi(argv[1]) < 1 || atoi(argv[1]) > 24) {
        fputs("usage: fnvflood BITS [random]\n", stderr);
        return 2;
    }
    int bits = atoi(argv[1]);
    bool random = argc == 3 && strcmp(argv[2], "random") == 0;
    char(*pair)[2][BLOCK] = calloc((size_t)bits, sizeof *pair);
    struct cand *c = malloc(TRIES * sizeof *c);
    if (!pair || !c)
        return 1;
    uint64_t h = 0xcbf29ce484222325ULL;
    if (!random)
        for (int k = 0; k < bits; k++)
            h = find_pair(h, pair[k][0], pair[k][1], c);
    struct rng g;
    rng_seed(&g, 1);
    char line[24 * BLOCK + 2];
    for (uint32_t n = 0; n < (1u << bits); n++) {
        for (int k = 0; k < bits; k++) {
            if (random)
                block_of((uint32_t)rng_next(&g), line + k * BLOCK);
            else
                memcpy(line + k * BLOCK, pair[k][(n >> k) & 1], BLOCK);
        }
        line[bits * BLOCK] = '\n';
        fwrite(line, 1, (size_t)bits * BLOCK + 1, stdout);
    }
    free(pair);
    free(c);
    return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
