/* rng.c - xoshiro256** and the distributions pm-synth draws from; see rng.h. */
#include "rng.h"

#include <math.h>

#include "dmath.h"

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_seed(struct rng *g, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        g->s[i] = splitmix64(&seed);
}

uint64_t rng_next(struct rng *g)
{
    uint64_t *s = g->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_uniform(struct rng *g)
{
    return (double)(rng_next(g) >> 11) * 0x1.0p-53;
}

double rng_uniform_pos(struct rng *g)
{
    return ((double)(rng_next(g) >> 11) + 0.5) * 0x1.0p-53;
}

uint64_t rng_below(struct rng *g, uint64_t n)
{
    unsigned __int128 m = (unsigned __int128)rng_next(g) * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = (unsigned __int128)rng_next(g) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double rng_normal(struct rng *g)
{
    double u, v, s;
    do {
        u = 2 * rng_uniform(g) - 1;
        v = 2 * rng_uniform(g) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    /* The polar method makes two normals; using one keeps the stream simple. */
    double r = -2 * dm_log(s) / s;
    /* sqrt is correctly rounded by IEEE 754, so it is as portable as + and *. */
    return u * sqrt(r);
}

double rng_lognormal(struct rng *g, double mu, double sigma)
{
    return dm_exp(mu + sigma * rng_normal(g));
}

uint64_t rng_poisson(struct rng *g, double lambda)
{
    uint64_t k = 0;
    while (lambda > 0) {
        double piece = lambda > 20 ? 20 : lambda;
        lambda -= piece;
        double limit = dm_exp(-piece), p = rng_uniform(g);
        while (p > limit) {
            k++;
            p *= rng_uniform(g);
        }
    }
    return k;
}

uint64_t rng_geometric(struct rng *g, double p)
{
    if (p >= 1)
        return 0;
    double x = dm_log(rng_uniform_pos(g)) / dm_log(1 - p);
    return (uint64_t)x; /* floor, x >= 0 */
}

unsigned rng_choice(struct rng *g, const double *prob, unsigned n)
{
    double u = rng_uniform(g), cum = 0;
    for (unsigned i = 0; i + 1 < n; i++) {
        cum += prob[i];
        if (u < cum)
            return i;
    }
    return n - 1;
}
