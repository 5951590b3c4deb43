/*
 * test_tabs - tabs_find counts the TABs of a line and finds the wanted ones
 * exactly as a byte-by-byte walk does: random lines of 0 to 300 bytes,
 * TABs dense or rare among bytes that differ from a TAB by one bit, wanted
 * sets from none to all and past the line's TABs.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "rng.h"
#include "tabs.h"

#define MAXLEN 300
#define LINES  20000

static const char others[] = "\x08\x0b\x01\x89\x49\x29"
                             "ab\n\r";

static size_t make_line(struct rng *g, char *line)
{
    size_t len = (size_t)rng_below(g, MAXLEN + 1);
    unsigned density = 1 + (unsigned)rng_below(g, 30); /* one TAB in density bytes */
    for (size_t i = 0; i < len; i++)
        line[i] = rng_below(g, density) == 0 ? '\t' : others[rng_below(g, sizeof others - 1)];
    return len;
}

/* wanted: an increasing draw from 0 to a few past the line's TABs. */
static size_t make_wanted(struct rng *g, size_t ntabs, size_t *wanted)
{
    size_t n = 0;
    unsigned keep = 1 + (unsigned)rng_below(g, 8);
    for (size_t k = 0; k < ntabs + 3; k++)
        if (rng_below(g, keep) == 0)
            wanted[n++] = k;
    return n;
}

/* One line: its count of TABs, how many wanted ones it has, and where. */
static void walk(struct check_counts *c, const char *line, size_t len, const size_t *wanted,
                 size_t nwanted, const size_t *tab_at, size_t ntabs)
{
    size_t pos[MAXLEN + 3], found = SIZE_MAX;
    size_t k = tabs_find(line, len, wanted, nwanted, pos, &found);
    CHECK(c, k == ntabs, "%zu TABs counted in a line of %zu bytes with %zu", k, len, ntabs);
    size_t expect_found = 0;
    while (expect_found < nwanted && wanted[expect_found] < ntabs)
        expect_found++;
    CHECK(c, found == expect_found, "%zu wanted TABs found, %zu exist", found, expect_found);
    size_t j = 0;
    while (j < found && j < expect_found && pos[j] == tab_at[wanted[j]])
        j++;
    CHECK(c, j == expect_found, "TAB %zu misplaced (line of %zu bytes)", j, len);
}

int main(void)
{
    struct check_counts c = {0};
    struct rng g;
    rng_seed(&g, 7);
    char line[MAXLEN];
    size_t tab_at[MAXLEN], wanted[MAXLEN + 3];
    for (long n = 0; n < LINES; n++) {
        size_t len = make_line(&g, line);
        size_t ntabs = 0;
        for (size_t i = 0; i < len; i++)
            if (line[i] == '\t')
                tab_at[ntabs++] = i;
        size_t nwanted = make_wanted(&g, ntabs, wanted);
        walk(&c, line, len, wanted, nwanted, tab_at, ntabs);
    }
    return check_done(&c);
}
