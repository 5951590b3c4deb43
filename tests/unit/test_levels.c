/*
 * test_levels - the level table against a plain list.
 *
 * Adds 20,000 draws from 3,000 distinct strings (some empty, some sharing
 * prefixes, some with bytes above 0x7F), counting each; the table must hold
 * every distinct string once, with its count, find what it holds and nothing
 * else, and list the levels in strcmp order.  Then tables of 0 to 40 levels
 * (a lookup scans a few, hashes more): each level is found at its number,
 * and strings of the same length, prefixes, the empty string and a string
 * with the same first byte are not found unless held.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "levels.h"
#include "rng.h"

#define DISTINCT 3000

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tables of n levels, for n up to 40: every lookup's answer. */
static void small_tables(struct check_counts *c)
{
    static const char *probes[] = {"", "a", "b", "ab", "ba", "aa", "lv1", "lv10", "lv1x", "zz"};
    for (size_t n = 0; n <= 40; n++) {
        struct levels *t = levels_new(0);
        char name[40][16];
        for (size_t i = 0; i < n; i++) {
            /* lengths 0 to 4, shared first bytes */
            snprintf(name[i], sizeof name[i], "%.*s", (int)(i % 5), &"lv1x9"[i % 3]);
            if (i >= 5)
                snprintf(name[i], sizeof name[i], "%c%zu", i % 2 ? 'a' : 'b', i);
            levels_add(t, name[i], strlen(name[i]));
        }
        for (size_t i = 0; i < n; i++) {
            long k = levels_index(t, name[i], strlen(name[i]));
            CHECK(c, k >= 0 && strcmp(levels_name(t, (size_t)k), name[i]) == 0,
                  "%zu levels: '%s' found at %ld", n, name[i], k);
        }
        for (size_t p = 0; p < sizeof probes / sizeof *probes; p++) {
            long k = levels_index(t, probes[p], strlen(probes[p]));
            bool held = false;
            for (size_t i = 0; i < n; i++)
                held |= strcmp(name[i], probes[p]) == 0;
            CHECK(c, held ? k >= 0 && strcmp(levels_name(t, (size_t)k), probes[p]) == 0 : k < 0,
                  "%zu levels: '%s' found at %ld", n, probes[p], k);
        }
        levels_free(t);
    }
}

/* Tables of up to 16 levels (looked up at one probe of a small hash)
 * whose names share their first eight bytes and their lengths: every held
 * name is found, and a name one byte off any of them (in its head or its
 * tail) only where it is held too. */
static void shared_heads(struct check_counts *c)
{
    struct rng g;
    rng_seed(&g, 7);
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + (size_t)rng_below(&g, 16);
        struct levels *t = levels_new(0);
        char name[16][32];
        for (size_t i = 0; i < n; i++) {
            int len = 1 + (int)rng_below(&g, 20); /* 1 to 20 bytes */
            bool shared = rng_below(&g, 2);       /* then the first eight are "abcabcab" */
            for (int b = 0; b < len; b++)
                name[i][b] = (char)('a' + (shared && b < 8 ? (uint64_t)(b % 3) : rng_below(&g, 3)));
            name[i][len] = '\0';
            levels_add(t, name[i], (size_t)len);
        }
        for (int probe = 0; probe < 40; probe++) {
            char q[32];
            strcpy(q, name[rng_below(&g, n)]);
            if (probe % 4)
                q[rng_below(&g, strlen(q))] = (char)('a' + rng_below(&g, 4));
            long want = -1;
            for (size_t i = 0; i < n && want < 0; i++)
                if (strcmp(name[i], q) == 0)
                    want = (long)levels_add(t, q, strlen(q));
            long k = levels_index(t, q, strlen(q));
            CHECK(c, k == want, "'%s' found at %ld, held at %ld", q, k, want);
        }
        levels_free(t);
    }
}

int main(void)
{
    static char names[DISTINCT][24];
    unsigned long long want[DISTINCT] = {0};
    for (int i = 0; i < DISTINCT; i++)
        snprintf(names[i], sizeof names[i], i % 7 == 0 ? "L\xC3\xA9vel%d" : "lv%d", i / 2);
    for (int i = 0; i < DISTINCT; i++) /* make the names distinct: suffix odd ones */
        if (i % 2)
            strcat(names[i], "x");
    names[1][0] = '\0';

    struct check_counts c = {0};
    struct levels *t = levels_new(2);
    struct rng g;
    rng_seed(&g, 7);
    for (int k = 0; k < 20000; k++) {
        int i = (int)rng_below(&g, DISTINCT);
        levels_get(t, names[i], strlen(names[i]))[0]++;
        want[i]++;
    }
    size_t distinct = 0;
    for (int i = 0; i < DISTINCT; i++) {
        unsigned long long *n = levels_find(t, names[i], strlen(names[i]));
        CHECK(&c, want[i] == 0 ? n == NULL : (n != NULL && n[0] == want[i] && n[1] == 0),
              "level '%s': counted %llu, want %llu", names[i], n ? n[0] : 0, want[i]);
        distinct += want[i] > 0;
    }
    CHECK(&c, !levels_find(t, "absent", 6) && levels_size(t) == distinct,
          "table holds %zu levels, want %zu", levels_size(t), distinct);
    size_t *order = levels_order(t);
    const char **sorted = malloc(distinct * sizeof *sorted);
    for (size_t k = 0, j = 0; k < DISTINCT; k++)
        if (want[k])
            sorted[j++] = names[k];
    qsort(sorted, distinct, sizeof *sorted, compare);
    for (size_t k = 0; k < distinct; k++)
        CHECK(&c, strcmp(levels_name(t, order[k]), sorted[k]) == 0, "order %zu: '%s', want '%s'", k,
              levels_name(t, order[k]), sorted[k]);
    small_tables(&c);
    shared_heads(&c);
    free(sorted);
    free(order);
    levels_free(t);
    return check_done(&c);
}
