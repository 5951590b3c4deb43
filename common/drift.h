/*
 * drift.h - pm-psi's work: how far a current population has moved from a
 * reference one, by the population stability index (psi.h) of the score and
 * of any number of input columns.
 *
 * The score and the numeric inputs are binned at the reference's quantiles
 * (qbin.h: linear quantiles, repeated edges merged, [lower, upper) bins with
 * open outer edges); categorical inputs by level, a level seen only in the
 * current rows being a bin of its own.  An input's missing values (empty
 * fields) form one more bin, last; the score may not be missing.
 *
 * Memory: the reference is read once, holding 8 bytes per row for the score
 * and for each numeric input (sorted in place, no copy), plus the levels of
 * the categorical inputs; the current rows are streamed, each value placed
 * by binary search among the edges.  Results do not depend on row order.
 */
#ifndef PM_DRIFT_H
#define PM_DRIFT_H

#include <stdbool.h>
#include <stdio.h>

#include "psi.h"
#include "tsv.h"

struct drift_input {
    char *name;
    bool categorical; /* binned by level, not at quantiles */
};

struct drift_options {
    const char *score; /* the score column */
    size_t bins;       /* quantile bins asked for (10) */
    double watch, alert;
    struct drift_input *inputs;
    size_t ninputs;
    bool json; /* names and levels go into JSON: UTF-8 only */
};

/* What drift_run finds, for the writers below (its fields are the
 * module's own). */
struct drift_report;

/*
 * Append the inputs of the pm-fit model in the JSON file path to *inputs
 * (*n of them), numeric and categorical as the model has them.  Dies if the
 * file cannot be read or is not a pm model.
 */
void drift_model_inputs(const char *path, struct drift_input **inputs, size_t *n);

/*
 * Compare the rows of cur with those of ref (both opened, headers read).
 * Dies on a missing column, a value that is not a number in a numeric
 * column, a missing score, or a file with no rows, and with json, on a name
 * or level that is not valid UTF-8 (naming its line; otherwise bytes pass
 * through); warns when every reference score is the same.
 */
struct drift_report *drift_run(struct tsv_reader *ref, struct tsv_reader *cur,
                               const struct drift_options *o);
void drift_free(struct drift_report *rep);

/*
 * The same in steps, for a current population in shards (on one machine or
 * many): the reference is read once, its bins and counts written as a
 * partial (drift_write_reference); each shard's rows are counted in those
 * bins (drift_load_reference, drift_read_current, drift_write_current); the
 * shards' counts add up (drift_add_current, then drift_merge_finish) to the
 * report one process gives for the rows of every shard.  The partials are
 * record files (recfile.h) of kinds psi-reference and psi-current, which
 * pm(7) documents; path "-" is standard input.
 */
struct drift_report *drift_reference(struct tsv_reader *ref, const struct drift_options *o);
void drift_write_reference(const struct drift_report *rep, FILE *fp);
/* The reference's partial at path; the thresholds and json from o. */
struct drift_report *drift_load_reference(const char *path, const struct drift_options *o);
/* Count the rows of cur (opened, header read; no rows is no error). */
void drift_read_current(struct drift_report *rep, struct tsv_reader *cur);
void drift_write_current(const struct drift_report *rep, FILE *fp);
/* Add a shard's partial at path (dies if it was made from another reference). */
void drift_add_current(struct drift_report *rep, const char *path);
/* The bins and PSI of the counts added; dies if there are no current rows
 * (label names the run), and with json on a name or level not UTF-8. */
void drift_merge_finish(struct drift_report *rep, const char *label);

/* The score's verdict, which pm-psi returns as its exit status. */
enum psi_verdict drift_verdict(const struct drift_report *rep);

/* The writers round figures to digits significant digits for a person
 * to read (0: exact); the edges of the bins stay exact. */
/* One row per bin of every variable (see pm-psi(1) OUTPUT). */
void drift_write_tsv(const struct drift_report *rep, FILE *fp, int digits);
/* One row per variable. */
void drift_write_summary(const struct drift_report *rep, FILE *fp, int digits);
void drift_write_json(const struct drift_report *rep, FILE *fp, int digits);

#endif
