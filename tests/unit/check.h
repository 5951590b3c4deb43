/*
 * check.h - the smallest unit-test harness: CHECK(cond, fmt, ...) reports a
 * failed condition with its location and keeps going; check_done() prints
 * "N checks, M failed" and returns the exit status for main.
 */
#ifndef PM_CHECK_H
#define PM_CHECK_H

#include <stdio.h>

struct check_counts {
    long checks, failed;
};

#define CHECK(counts, cond, ...)                                                                   \
    do {                                                                                           \
        (counts)->checks++;                                                                        \
        if (!(cond)) {                                                                             \
            (counts)->failed++;                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static inline int check_done(const struct check_counts *c)
{
    printf("%ld checks, %ld failed\n", c->checks, c->failed);
    return c->failed ? 1 : 0;
}

#endif
