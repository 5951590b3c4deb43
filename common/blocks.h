/*
 * blocks.h - the rows of a large file read on two threads, handed over in order.
 *
 * A tool that writes a line per row (pm-predict) spends its time parsing
 * and formatting, one row after another, on one core.  When its input is a
 * regular TSV file with at least BLOCKS_MIN_BYTES of rows left, blocks_run
 * cuts the rest of the file into blocks of about BLOCKS_BYTES (whole lines:
 * a block holds the lines that start in its stretch of the file), and two
 * threads take the blocks in turn, each block into a slot of its own.  The
 * calling thread takes the slots back in the order of the file, so that
 * what the blocks gave is written in the input's order, and memory is that
 * of BLOCKS_SLOTS slots whatever the file's size.
 *
 * A worker reads a block's rows with a reader of its own (tsv_block_next)
 * and takes only rows on the plain path.  At anything else (a bad row, a
 * NUL byte, a line longer than a block, a read error) it gives the block
 * up without a word; the calling thread then stops the workers and leaves
 * the tool's own reader at the start of that block, its line numbers where
 * they would be, so that the tool reads on as if no thread had been: a bad
 * row gets the same message, with the same line number, and the rows up to
 * it the same output.
 */
#ifndef PM_BLOCKS_H
#define PM_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "tsv.h"

/* Files with fewer bytes of rows than this are read by one thread. */
#define BLOCKS_MIN_BYTES (1 << 20)
/* The stretch of the file a block takes. */
#define BLOCKS_BYTES (128 * 1024)
/* Blocks in flight: two a worker. */
#define BLOCKS_SLOTS 4

struct blocks_work {
    /* On a worker: the rows of block (a reader from tsv_block_reader, set
     * to the block's lines) into slot; false if a row is off the plain path. */
    bool (*process)(void *ctx, size_t slot, struct tsv_reader *block);
    /* On the calling thread, in the file's order: what slot holds, for a
     * block whose first line is line lines_before + 1 of the file. */
    void (*take)(void *ctx, size_t slot, unsigned long lines_before);
    void *ctx;
};

/* Whether blocks_run would take r (so that a caller sets up its slots
 * only then). */
bool blocks_worth(const struct tsv_reader *r);

/*
 * Read the rest of r's rows with w, if r is a file that blocks_run takes;
 * then r is left after the last row taken (at the end of the file, or at
 * the block a worker gave up), and the caller reads on with tsv_next as
 * usual.  Else, r is left as it was.
 */
void blocks_run(struct tsv_reader *r, const struct blocks_work *w);

#endif
