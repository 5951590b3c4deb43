/*
 * woe.h - weight of evidence and information value of a bin.
 *
 * For a bin with r responders and n non-responders, among R responders and N
 * non-responders in all:
 *
 *     WoE = ln((r / R) / (n / N))          positive: the bin responds above
 *                                          the base rate
 *     IV share = (r / R - n / N) WoE       never negative; a feature's IV is
 *                                          the sum over its bins
 *
 * A bin with no responders or no non-responders would have an infinite WoE:
 * 0.5 is added to both its counts (r + 0.5, n + 0.5) first.  WoE is computed
 * as ln(r N / (n R)), so a bin whose response rate is exactly the base rate
 * gets exactly 0.  With no responders or no non-responders at all (R or N is
 * 0) both are NaN: there is no evidence to weigh.
 */
#ifndef PM_WOE_H
#define PM_WOE_H

struct woe {
    double woe;
    double iv; /* this bin's share of the feature's IV */
};

struct woe woe_of(unsigned long long r, unsigned long long n, unsigned long long R,
                  unsigned long long N);

#endif
