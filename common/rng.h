/*
 * rng.h - the random generator: xoshiro256** seeded by splitmix64.
 *
 * Algorithm (Blackman and Vigna, 2018): the 256-bit state is filled from the
 * 64-bit seed by four steps of splitmix64; each draw returns
 * rotl(s1 * 5, 7) * 9 and advances the state by xoshiro256's linear step.
 * Uniform doubles take the top 53 bits.  Integers below n use Lemire's
 * multiply-and-reject method, so they are unbiased.  The distributions are
 * built only from these draws and dmath.h, so a seed gives the same sequence
 * on every machine.  The state is the caller's: there is no hidden global.
 */
#ifndef PM_RNG_H
#define PM_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *g, uint64_t seed);
uint64_t rng_next(struct rng *g);
/* Uniform on [0, 1). */
double rng_uniform(struct rng *g);
/* Uniform on (0, 1): never 0, for logarithms. */
double rng_uniform_pos(struct rng *g);
/* Uniform integer in [0, n); n > 0. */
uint64_t rng_below(struct rng *g, uint64_t n);
/* Standard normal (Marsaglia's polar method). */
double rng_normal(struct rng *g);
/* exp(N(mu, sigma^2)). */
double rng_lognormal(struct rng *g, double mu, double sigma);
/* Poisson with mean lambda >= 0 (Knuth's product method, in pieces of 20 so
 * the running product never underflows). */
uint64_t rng_poisson(struct rng *g, double lambda);
/* Failures before the first success, success probability p in (0, 1]. */
uint64_t rng_geometric(struct rng *g, double p);
/* Index drawn with the given probabilities (which sum to 1). */
unsigned rng_choice(struct rng *g, const double *prob, unsigned n);

#endif
