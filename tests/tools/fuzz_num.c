/*
 * fuzz_num - a fuzz target for num.h (tests only).
 *
 *     fuzz_num FILE
 *
 * Every line of FILE goes through num_parse; every number it accepts must come
 * back bit for bit from num_format and num_parse.  Every 8 bytes of FILE, read
 * as a double, must too.  A violation aborts (a crash to the fuzzer); anything
 * else exits 0.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "xalloc.h"

static void check_round_trip(double x)
{
    char buf[NUM_BUFSZ];
    double back;
    num_format(x, buf);
    if (num_parse(buf, &back) != NUM_OK || memcmp(&back, &x, sizeof x) != 0) {
        fprintf(stderr, "fuzz_num: %a formats as '%s', which does not read back\n", x, buf);
        abort();
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        exit(1);
    }
    size_t cap = 4096, n = 0, got;
    char *data = xmalloc(cap + 1);
    while ((got = fread(data + n, 1, cap - n, fp)) > 0)
        if ((n += got) == cap)
            data = xreallocarray(data, (cap *= 2) + 1, 1);
    fclose(fp);
    data[n] = '\0';
    *len = n;
    return data;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: fuzz_num FILE\n", stderr);
        return 2;
    }
    size_t len;
    char *data = slurp(argv[1], &len);
    for (size_t i = 0; i + sizeof(double) <= len; i += sizeof(double)) {
        double x;
        memcpy(&x, data + i, sizeof x);
        if (isfinite(x))
            check_round_trip(x);
    }
    char *line = data;
    for (char *end = data + len; line <= end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *stop = nl ? nl : end;
        char saved = *stop;
        *stop = '\0';
        double v;
        if (num_parse(line, &v) == NUM_OK)
            check_round_trip(v);
        *stop = saved;
        line = stop + 1;
    }
    free(data);
    return 0;
}
