/* test_csum.c - compensated sums keep the digits a plain sum loses, and a
 * part's sum merges into the whole's as if its terms had been added. */
#include "check.h"
#include "csum.h"

int main(void)
{
    struct check_counts c = {0};
    struct csum k = {0, 0};
    double plain = 0;
    for (int i = 0; i < 10; i++) {
        csum_add(&k, 0.1);
        plain += 0.1;
    }
    CHECK(&c, csum_value(&k) == 1.0, "ten times 0.1: %.17g", csum_value(&k));
    CHECK(&c, plain != 1.0, "the plain sum is %.17g", plain); /* what the carry is for */

    /* 1 between two terms that cancel: lost by a plain sum, kept here,
     * whichever term is the larger at each step */
    const double terms[] = {1e16, 1, -1e16};
    struct csum all = {0, 0};
    for (int i = 0; i < 3; i++)
        csum_add(&all, terms[i]);
    CHECK(&c, csum_value(&all) == 1, "1e16 + 1 - 1e16: %.17g", csum_value(&all));
    CHECK(&c, (terms[0] + terms[1]) + terms[2] == 0, "the plain sum loses the 1");
    struct csum small_first = {0, 0};
    csum_add(&small_first, 1);
    csum_add(&small_first, 1e16);
    csum_add(&small_first, -1e16);
    CHECK(&c, csum_value(&small_first) == 1, "1 + 1e16 - 1e16: %.17g", csum_value(&small_first));

    /* two parts, merged in order, give the whole's value */
    struct csum a = {0, 0}, b = {0, 0};
    csum_add(&a, 1e16);
    csum_add(&a, 1);
    csum_add(&b, -1e16);
    csum_add(&b, 0.5);
    csum_merge(&a, &b);
    CHECK(&c, csum_value(&a) == 1.5, "merged: %.17g", csum_value(&a));
    struct csum none = {0, 0};
    csum_merge(&none, &(struct csum){0, 0});
    CHECK(&c, csum_value(&none) == 0, "nothing: %.17g", csum_value(&none));
    return check_done(&c);
}
