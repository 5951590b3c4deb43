/*
 * features.h - the engineered columns of pm-features.
 *
 * From company_size, annual_revenue, website_visits_30d and
 * contract_remaining_months, in this order:
 *
 *   renewal_window_flag    1 if contract_remaining_months <= renewal months (3)
 *   high_engagement_flag   1 if website_visits_30d >= engaged visits (5)
 *   large_account_flag     1 if company_size >= large size (800)
 *   revenue_per_employee   annual_revenue / company_size
 *   company_size_bin, website_visits_bin, contract_remaining_bin
 *                          a label per bin; v falls in the bin whose lower edge
 *                          is the largest edge <= v (below every edge: the first)
 *
 * Bin edges are whole numbers above the column's least value (1 employee, 0
 * visits, 0 months); the labels follow from them: "1-49" for the whole
 * numbers 1 to 49, "0" for a bin of one value, "2000+" for the last.
 *
 * An empty input leaves the columns derived from it empty (missing); so does
 * a company_size of 0 for revenue_per_employee.  A negative size, visit count
 * or month count, or anything that is not a number, is an error naming the
 * file, line and column.
 */
#ifndef PM_FEATURES_H
#define PM_FEATURES_H

#include <stdio.h>

#include "tsv.h"

struct binning {
    long long least; /* the least value the column takes */
    double *edges;
    size_t nedges;
    char **labels; /* nedges + 1 */
};

struct feature_rules {
    double renewal_months;
    double engaged_visits;
    double large_size;
    struct binning size, visits, remaining;
};

/* What a run met that the user should hear about. */
struct feature_counts {
    unsigned long long rows;
    unsigned long long missing; /* rows with an empty input */
    unsigned long long zero_size;
};

/* The defaults pm-features(1) documents: a renewal window of 3 months, 5
 * visits for high engagement, 800 employees for a large account, and the
 * edges of the three binnings. */
void features_defaults(struct feature_rules *rules);
/* Replace a binning's edges (copied); returns an error text or NULL. */
const char *features_set_edges(struct binning *b, const double *edges, size_t n);
void features_free(struct feature_rules *rules);

/* Read every row of r, write it with the engineered columns appended. */
struct feature_counts features_run(struct tsv_reader *r, FILE *out,
                                   const struct feature_rules *rules);

#endif
