/*
 * scored.h - the scores of a table's rows by class: the data every
 * evaluation tool works on, and the walk down them.
 *
 * A group's rows are held as two arrays of doubles, the scores of the
 * responders and those of the non-responders, each sorted ascending once
 * everything is read (scored_read.h): 8 bytes a row, and nothing else of
 * the row is kept.  A counts table (counts.h) is held as its distinct
 * scores with their counts instead.  Because only sorted scores are kept,
 * nothing that follows can depend on the order of the rows.  Either way
 * the walk gives the scores as blocks, highest first: a distinct score
 * with how many responders and non-responders have it (rank.h, calib.h,
 * counts.h and the others start from it).
 *
 * This module writes a struct scored; the readers, counts and rank use it.
 */
#ifndef PM_SCORED_H
#define PM_SCORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A distinct score and how many responders and non-responders have it. */
struct scored_block {
    double score;
    uint64_t pos, neg;
};

/*
 * The scores of one group (of all rows without `by`): either every row's
 * score in pos and neg, or, read from a counts table (counts.h), the
 * distinct scores with their counts in blocks (then pos and neg are NULL).
 */
struct scored {
    double *pos, *neg; /* responders' and non-responders' scores, ascending */
    size_t npos, nneg; /* responders, non-responders (either way) */
    size_t pos_cap, neg_cap;
    struct scored_block *blocks; /* distinct scores, ascending, counts > 0 */
    size_t nblocks, blocks_cap;
    char *key; /* the group's value; NULL without `by` */
    /* The first row whose score is outside [0, 1]: its line (0 if none)
     * and the field as written. */
    unsigned long outside_line;
    char *outside_text;
};

struct scored_set {
    struct scored *groups; /* ordered as described above */
    size_t ngroups;
    char *name;       /* the input's name, for messages */
    char *score_name; /* the score column's name, for messages */
};

/* Add a row's score to a group (to pos for a responder, else to neg). */
void scored_add(struct scored *s, bool responder, double v);
/* Add a distinct score's counts to a group of blocks (a counts table);
 * nothing if both are 0. */
void scored_add_block(struct scored *s, double score, uint64_t pos, uint64_t neg);
/* Once every block is added: ascending order, the counts of equal scores
 * added up. */
void scored_merge_blocks(struct scored *s);
/* Move the scores of part (read after lines_before lines of the same file)
 * to the end of s; part keeps what is left to free (scored_clear). */
void scored_append(struct scored *s, struct scored *part, unsigned long lines_before);
/* Free what a group holds, and leave it empty. */
void scored_clear(struct scored *s);
/* Free a set and its groups. */
void scored_free(struct scored_set *set);
/* Remember score v, written text on line, if it is the group's first
 * outside [0, 1]. */
void scored_note_outside(struct scored *s, double v, unsigned long line, const char *text);

/* Rows of a group. */
size_t scored_rows(const struct scored *s);
/* The k-th smallest score of a group, 0 <= k < rows (both arrays together;
 * for a counts table, a walk through the blocks). */
double scored_kth(const struct scored *s, size_t k);

/* Walking a group's scores as blocks, highest score first: each distinct
 * score with its responders and non-responders. */
struct scored_walk {
    const struct scored *s;
    size_t i, j; /* pos[0, i) and neg[0, j), or blocks[0, i), are to come */
};

void scored_walk_init(struct scored_walk *w, const struct scored *s);
/* The next block; false when every row has been seen. */
bool scored_walk_next(struct scored_walk *w, struct scored_block *b);

/* Die with "PROG: NAME: MESSAGE" unless the set has at least one row. */
void scored_require_rows(const struct scored_set *set);
/* Die unless the group has both classes; what needs them ("KS"). */
void scored_require_classes(const struct scored_set *set, const struct scored *s, const char *what);
/* Die naming the first score outside [0, 1], if there is one; what is the
 * reason a probability is needed ("calibration needs probabilities"). */
void scored_require_probabilities(const struct scored_set *set, const struct scored *s,
                                  const char *what);

#endif
