/*
 * logitgen - rows drawn from a known logistic model, for tests (not installed).
 *
 *     logitgen ROWS SEED
 *
 * Columns: x1 ~ N(5, 2^2), x2 ~ U(0, 10), grp in {a, b, c} (probabilities
 * 0.5, 0.3, 0.2), y ~ Bernoulli(sigma(z)) with
 *     z = -1 + 0.5 x1 - 0.2 x2 + 0.8 [grp = b] - 0.6 [grp = c].
 * Numbers are written with num_format, so they read back exactly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "num.h"
#include "rng.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: logitgen ROWS SEED\n", stderr);
        return 2;
    }
    long rows = atol(argv[1]);
    struct rng g;
    rng_seed(&g, strtoull(argv[2], NULL, 10));
    char a[NUM_BUFSZ], b[NUM_BUFSZ];
    puts("x1\tx2\tgrp\ty");
    for (long i = 0; i < rows; i++) {
        double x1 = 5 + 2 * rng_normal(&g);
        double x2 = 10 * rng_uniform(&g);
        double u = rng_uniform(&g);
        const char *grp = u < 0.5 ? "a" : u < 0.8 ? "b" : "c";
        double z = -1 + 0.5 * x1 - 0.2 * x2 + (grp[0] == 'b' ? 0.8 : grp[0] == 'c' ? -0.6 : 0);
        int y = rng_uniform(&g) < 1 / (1 + exp(-z));
        num_format(x1, a);
        num_format(x2, b);
        printf("%s\t%s\t%s\t%d\n", a, b, grp, y);
    }
    return ferror(stdout) || fclose(stdout) ? 1 : 0;
}
