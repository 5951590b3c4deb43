/* woe.c - weight of evidence and information value; see woe.h. */
#include "woe.h"

#include <math.h>

#include "dmath.h"

struct woe woe_of(unsigned long long r, unsigned long long n, unsigned long long R,
                  unsigned long long N)
{
    if (R == 0 || N == 0)
        return (struct woe){NAN, NAN};
    double rr = (double)r, nn = (double)n;
    if (r == 0 || n == 0)
        rr += 0.5, nn += 0.5;
    double woe = dm_log((rr * (double)N) / (nn * (double)R));
    return (struct woe){woe, (rr / (double)R - nn / (double)N) * woe};
}
