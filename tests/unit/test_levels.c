/*
 * test_levels - the level table against a plain list.
 *
 * Adds 20,000 draws from 3,000 distinct strings (some empty, some sharing
 * prefixes, some with bytes above 0x7F), counting each; the table must hold
 * every distinct string once, with its count, find what it holds and nothing
 * else, and list the levels in strcmp order.  Then tables of 0 to 40 levels
 * (a lookup scans a few, hashes more): each level is found at its number,
 * and strings of the same length, prefixes, the empty string and a string
 * with the same first byte are not found unless held.  Exit 1 with the
 * first failure.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "levels.h"
#include "rng.h"

#define DISTINCT 3000

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tables of n levels, for n up to 40: every lookup's answer. */
static int small_tables(void)
{
    static const char *probes[] = {"", "a", "b", "ab", "ba", "aa", "lv1", "lv10", "lv1x", "zz"};
    for (size_t n = 0; n <= 40; n++) {
        struct levels *t = levels_new(0);
        char name[40][16];
        for (size_t i = 0; i < n; i++) {
            /* lengths 0 to 4, shared first bytes */
            snprintf(name[i], sizeof name[i], "%.*s", (int)(i % 5), "lv1x9" + (i % 3));
            if (i >= 5)
                snprintf(name[i], sizeof name[i], "%c%zu", i % 2 ? 'a' : 'b', i);
            levels_add(t, name[i], strlen(name[i]));
        }
        for (size_t i = 0; i < n; i++) {
            long k = levels_index(t, name[i], strlen(name[i]));
            if (k < 0 || strcmp(levels_name(t, (size_t)k), name[i]) != 0) {
                printf("%zu levels: '%s' found at %ld\n", n, name[i], k);
                return 1;
            }
        }
        for (size_t p = 0; p < sizeof probes / sizeof *probes; p++) {
            long k = levels_index(t, probes[p], strlen(probes[p]));
            bool held = false;
            for (size_t i = 0; i < n; i++)
                held |= strcmp(name[i], probes[p]) == 0;
            if (held ? k < 0 || strcmp(levels_name(t, (size_t)k), probes[p]) != 0 : k >= 0) {
                printf("%zu levels: '%s' found at %ld\n", n, probes[p], k);
                return 1;
            }
        }
        levels_free(t);
    }
    return 0;
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
        unsigned long long *c = levels_find(t, names[i], strlen(names[i]));
        if (want[i] == 0 ? c != NULL : (c == NULL || c[0] != want[i] || c[1] != 0)) {
            printf("level '%s': counted %llu, want %llu\n", names[i], c ? c[0] : 0, want[i]);
            return 1;
        }
        distinct += want[i] > 0;
    }
    if (levels_find(t, "absent", 6) || levels_size(t) != distinct) {
        printf("table holds %zu levels, want %zu\n", levels_size(t), distinct);
        return 1;
    }
    size_t *order = levels_order(t);
    const char **sorted = malloc(distinct * sizeof *sorted);
    for (size_t k = 0, j = 0; k < DISTINCT; k++)
        if (want[k])
            sorted[j++] = names[k];
    qsort(sorted, distinct, sizeof *sorted, compare);
    for (size_t k = 0; k < distinct; k++)
        if (strcmp(levels_name(t, order[k]), sorted[k]) != 0) {
            printf("order %zu: '%s', want '%s'\n", k, levels_name(t, order[k]), sorted[k]);
            return 1;
        }
    if (small_tables())
        return 1;
    printf("levels: %zu distinct levels counted and ordered\n", distinct);
    free(sorted);
    free(order);
    levels_free(t);
    return 0;
}
