/*
 * synth.h - the synthetic B2B accounts of pm-synth.
 *
 * One account per draw, from a fixed generative model (pm-synth(1) writes it
 * out in full).  The response comes from a known logistic model in which the
 * renewal window, engagement, size, revenue per employee, industry and region
 * matter.  drift > 0 shifts the population: larger companies, more website
 * visits, and renewals bunched nearer to now.
 *
 * Everything is drawn from rng.h and dmath.h, so the same seed and drift give
 * the same accounts, and the same bytes, on every machine.
 */
#ifndef PM_SYNTH_H
#define PM_SYNTH_H

#include <stdint.h>
#include <stdio.h>

#include "rng.h"

struct account {
    unsigned long long id;
    unsigned industry, region;
    long long company_size;
    long long revenue_cents;
    long long visits, opens, remaining, tenure, tickets, wave;
    int response;
};

struct synth {
    struct rng rng;
    double drift;
    unsigned long long next_id;
};

void synth_init(struct synth *s, uint64_t seed, double drift);
/* Draw the next account. */
void synth_draw(struct synth *s, struct account *a);
/* The true log-odds of response for a. */
double synth_logit(const struct account *a);

void synth_write_header(FILE *out);
void synth_write(const struct account *a, FILE *out);

#endif
