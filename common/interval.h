/*
 * interval.h - confidence intervals for rates: the level option and
 * Wilson's score interval.
 *
 * A level L in (0, 1) means the two-sided interval that covers the true
 * value with probability L: its half-width is z standard errors, z the
 * normal quantile at 0.5 + L / 2 (normal.h), computed as scipy's
 * norm.ppf(0.5 + level / 2) is.
 */
#ifndef PM_INTERVAL_H
#define PM_INTERVAL_H

/* The argument of a level option (--ci): a number strictly between 0 and 1;
 * dies (usage) otherwise, naming the option. */
double interval_level_arg(const char *opt, const char *arg);
/* z of a level: the normal quantile at 0.5 + level / 2. */
double interval_z(double level);

struct interval {
    double lower, upper;
};

/*
 * Wilson's score interval for k successes of n > 0 trials (k may be a
 * fraction, as when tied rows are shared out): centre
 * (p + z^2 / 2n) / (1 + z^2 / n), half-width
 * z sqrt(p (1 - p) / n + z^2 / 4n^2) / (1 + z^2 / n), p = k / n.
 */
struct interval interval_wilson(double k, double n, double level);

#endif
