/* interval.c - the level option and Wilson's interval; see interval.h. */
#include "interval.h"

#include <math.h>

#include "cli.h"
#include "normal.h"

double interval_level_arg(const char *opt, const char *arg)
{
    double level = cli_double(opt, arg);
    if (!(level > 0 && level < 1))
        die_usage("option '%s': '%s' is not a level between 0 and 1 (such as 0.95)", opt, arg);
    return level;
}

double interval_z(double level)
{
    return normal_quantile(0.5 + level / 2);
}

struct interval interval_wilson(double k, double n, double level)
{
    double z = interval_z(level), p = k / n, zz = z * z;
    double centre = (p + zz / (2 * n)) / (1 + zz / n);
    double half = z * sqrt(p * (1 - p) / n + zz / (4 * n * n)) / (1 + zz / n);
    return (struct interval){.lower = centre - half, .upper = centre + half};
}
