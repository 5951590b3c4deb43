/*
 * tally.h - a count of rows out of the ordinary, and where the first was.
 *
 * pm-predict counts the rows with a level unseen in training, or a value
 * imputed, and names the first of them (its line, its text).  A file read
 * on two threads is counted a block at a time; the blocks' tallies are
 * joined in the file's order, so that the first named is the first in the
 * file.
 */
#ifndef PM_TALLY_H
#define PM_TALLY_H

struct tally {
    unsigned long long n;
    char *first;        /* the first one's text (NULL if not kept) */
    unsigned long line; /* the first one's line */
};

/* One more, at line; text (kept if it is the first) may be NULL. */
void tally_note(struct tally *t, const char *text, unsigned long line);
/* Add from to into, from's line numbering from line lines_before + 1, and
 * clear from. */
void tally_join(struct tally *into, struct tally *from, unsigned long lines_before);
void tally_free(struct tally *t);

#endif
