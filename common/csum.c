/* csum.c - compensated summation; see csum.h. */
#include "csum.h"

#include <math.h>

void csum_add(struct csum *k, double x)
{
    double t = k->sum + x;
    k->carry += fabs(k->sum) >= fabs(x) ? (k->sum - t) + x : (x - t) + k->sum;
    k->sum = t;
}

double csum_value(const struct csum *k)
{
    return k->sum + k->carry;
}

void csum_merge(struct csum *k, const struct csum *other)
{
    csum_add(k, other->sum);
    k->carry += other->carry;
}
