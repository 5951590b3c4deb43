/* tally.c - rows out of the ordinary, counted; see tally.h. */
#include "tally.h"

#include <stdlib.h>

#include "xalloc.h"

void tally_note(struct tally *t, const char *text, unsigned long line)
{
    if (t->n++ > 0)
        return;
    t->first = text ? xstrdup(text) : NULL;
    t->line = line;
}

void tally_join(struct tally *into, struct tally *from, unsigned long lines_before)
{
    if (from->n && !into->n) {
        into->first = from->first;
        into->line = lines_before + from->line;
        from->first = NULL;
    }
    into->n += from->n;
    tally_free(from);
}

void tally_free(struct tally *t)
{
    free(t->first);
    *t = (struct tally){0};
}
