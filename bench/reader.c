/*
 * reader.c - the floor for any TSV filter on this machine.
 *
 * Reads a TSV file in large blocks, splits lines and fields with memchr, and
 * converts every numeric field with strtod; it writes nothing but a one-line
 * summary (row count and a checksum, so the work cannot be optimised away).
 * A column is numeric when strtod takes the whole of its first data value.
 * A pm filter that reads the same file does at least this much work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1 << 20)

static size_t split(char *line, char *end, char **fields, size_t max)
{
    size_t n = 0;
    for (char *p = line;;) {
        char *tab = memchr(p, '\t', (size_t)(end - p));
        if (n < max)
            fields[n++] = p;
        if (!tab) {
            *end = '\0';
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

int main(int argc, char **argv)
{
    FILE *fp = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!fp) {
        perror(argv[1]);
        return 1;
    }
    size_t cap = BLOCK, len = 0;
    char *buf = malloc(cap + 1);
    char *fields[4096];
    unsigned char numeric[4096] = {0};
    unsigned long long rows = 0;
    double sum = 0;
    for (;;) {
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        char *p = buf, *end = buf + len;
        char *nl;
        while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL || (got == 0 && p < end)) {
            char *line_end = nl ? nl : end;
            size_t n = split(p, line_end, fields, 4096);
            if (rows == 1)
                for (size_t i = 0; i < n; i++) {
                    char *e;
                    strtod(fields[i], &e);
                    numeric[i] = (*fields[i] != '\0' && *e == '\0');
                }
            if (rows > 0)
                for (size_t i = 0; i < n; i++)
                    if (numeric[i])
                        sum += strtod(fields[i], NULL);
            rows++;
            p = nl ? nl + 1 : end;
        }
        memmove(buf, p, (size_t)(end - p));
        len = (size_t)(end - p);
        if (got == 0)
            break;
    }
    fprintf(stderr, "reader: %llu rows, checksum %.6g\n", rows ? rows - 1 : 0, sum);
    free(buf);
    return 0;
}
