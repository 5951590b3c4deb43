/*
 * jget - print values from a JSON file, for tests (not installed).
 *
 *     jget FILE PATH...
 *
 * PATH is a dot-separated list of object keys and array indexes
 * ("fit.1\.0.intercept": a backslash escapes a dot in a key).  A number or
 * string prints on its own line, a number in the shortest form that reads
 * back exactly; an array of scalars prints one element per line; an object
 * prints its keys, one per line; true, false and null print as such.
 * Exit 1 if a path is not found.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

static void print_scalar(const json_t *v)
{
    char buf[NUM_BUFSZ];
    if (json_is_integer(v))
        printf("%lld\n", (long long)json_integer_value(v));
    else if (json_is_real(v))
        num_format(json_real_value(v), buf), printf("%s\n", buf);
    else if (json_is_string(v))
        printf("%s\n", json_string_value(v));
    else if (json_is_true(v))
        puts("true");
    else if (json_is_false(v))
        puts("false");
    else if (json_is_null(v))
        puts("null");
}

static void print_value(const json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) print_scalar(e);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *e;
        json_object_foreach((json_t *)v, k, e) puts(k);
    } else {
        print_scalar(v);
    }
}

/* Next key of a path into key; returns the rest or NULL at the end. */
static const char *next_key(const char *p, char *key)
{
    while (*p && *p != '.') {
        if (*p == '\\' && p[1])
            p++;
        *key++ = *p++;
    }
    *key = '\0';
    return *p ? p + 1 : NULL;
}

static const json_t *lookup(const json_t *root, const char *path)
{
    char *key = malloc(strlen(path) + 1);
    const json_t *v = root;
    const char *p = path;
    while (v && p) {
        p = next_key(p, key);
        if (json_is_array(v))
            v = json_array_get(v, strtoul(key, NULL, 10));
        else
            v = json_object_get(v, key);
    }
    free(key);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: jget FILE PATH...\n", stderr);
        return 2;
    }
    json_error_t err;
    json_t *root = json_load_file(argv[1], 0, &err);
    if (!root) {
        fprintf(stderr, "jget: %s:%d: %s\n", argv[1], err.line, err.text);
        return 1;
    }
    int status = 0;
    for (int i = 2; i < argc; i++) {
        const json_t *v = lookup(root, argv[i]);
        if (!v) {
            fprintf(stderr, "jget: %s: no '%s'\n", argv[1], argv[i]);
            status = 1;
            continue;
        }
        print_value(v);
    }
    json_decref(root);
    return status;
}
