/*
 * cluster.h - a fit over shards that a command reads, wherever they are.
 *
 * SHARDS lists one shard a line, HOST<TAB>PATH.  Each pass writes a
 * request (partial.h) to a temporary folder and runs the pass command as
 *     sh -c 'COMMAND "$@"' sh REQUEST FOLDER
 * which must leave FOLDER/1 ... FOLDER/N, the partial of each shard in the
 * order of the list, and exit 0 (pm-fit-cluster does this with GNU
 * parallel over ssh).  The partials merge in that order, so the sums do not
 * depend on where each shard was read.  A failed command, a missing,
 * truncated or damaged partial, and shards that disagree are errors naming
 * the shard (HOST:PATH); the folder is then left (pm-fit-cluster makes
 * TMPDIR a folder of its own, and removes it).  A file read here keeps its
 * chunks' partials in memory (the first pass's second half, read by a
 * child process, in an unlinked temporary file): it leaves nothing behind.
 * A TSV file's chunks are read two at a time (the first pass's in two
 * halves, the later passes' on two threads), each into its own partial:
 * the partials, and so the sums, are those of one reader taking them in
 * turn.
 */
#ifndef PM_CLUSTER_H
#define PM_CLUSTER_H

#include "design.h"
#include "fit.h"
#include "partial.h"

struct cluster {
    char **labels, **paths; /* HOST:PATH and FOLDER/i of each shard */
    char **buf;             /* a file's: each chunk's partial, held in memory */
    size_t *len, n;
    const char *command; /* NULL: the chunks of file, read here */
    const char *file;
    size_t chunk_rows;
    /* a TSV file's: where each chunk starts (its offset, the lines before
     * it), so that the passes after the first read the chunks on two
     * threads, two readers of the file; NULL if it cannot be */
    unsigned long long *at;
    unsigned long *lines;
    struct design *sub; /* a file's: the warm start's sample, once read */
    char *dir, *request;
    struct partial_request q;
};

/* Read SHARDS, run the first pass and merge it: the header of the whole
 * table (owned by c), for a fit_source of c (cluster_sums).  The shards are
 * read with na (nna spellings of a missing value, borrowed). */
const struct design *cluster_open(struct cluster *c, const char *shards, const char *command,
                                  const struct design_spec *spec, enum tsv_format format, char **na,
                                  size_t nna);
/* What else reads a file during its first pass: an observer fed the file's
 * bytes (the digest of a small file), or a job that start begins on a
 * thread of its own (the digest of a large one).  The pass calls start
 * once it has forked the reader of the second half: a process forked while
 * another thread runs inherits any lock that thread held, and waits for it
 * forever (an allocator's, say). */
struct cluster_beside {
    tsv_observer *observe;
    void (*start)(void *ctx);
    void *ctx;
};

/* The same for one FILE read here a chunk of chunk_rows rows at a time,
 * each chunk a shard: a pass is one read of the file, and memory holds one
 * chunk (two, after the first pass of a TSV file).  No thread may run
 * beside the caller but what beside starts. */
const struct design *cluster_open_file(struct cluster *c, const char *file, size_t chunk_rows,
                                       const struct design_spec *spec, enum tsv_format format,
                                       char **na, size_t nna, struct cluster_beside beside);
/* A fit_source's sums: one pass (for a file, the warm start's sample is
 * read once and held: a few MB). */
void cluster_sums(void *ctx, size_t stride, const double *theta, struct fit_sums *s);
void cluster_close(struct cluster *c);

#endif
