/* closest.c - the names nearest to a mistyped one; see closest.h. */
#include "closest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

/* The edit distance of a and b, case ignored, or more than most. */
static size_t distance(const char *a, const char *b, size_t most)
{
    size_t m = strlen(a), n = strlen(b);
    if ((m > n ? m - n : n - m) > most)
        return most + 1;
    size_t *row = xreallocarray(NULL, n + 1, sizeof *row);
    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[n];
    free(row);
    return d;
}

char *closest_names(char *const *names, size_t n, const char *want)
{
    size_t len = strlen(want), most = len / 4 > 0 ? len / 4 : 1, best = most + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(names[i], want, most);
        if (d < best)
            best = d;
    }
    if (best > most)
        return NULL;
    char *list = xstrdup("");
    size_t found = 0;
    for (size_t i = 0; i < n && found < 3; i++) {
        if (distance(names[i], want, most) != best)
            continue;
        char q[ERR_QUOTE_SIZE], *more;
        if (asprintf(&more, "%s%s'%s'", list, found++ ? " or " : "", err_quote(q, names[i])) < 0)
            die("out of memory");
        free(list);
        list = more;
    }
    return list;
}
