/*
 * jset - change one value of a JSON file, for tests (not installed).
 *
 *     jset FILE PATH [VALUE]
 *
 * Writes FILE to stdout with the value at PATH (as in jget: dot-separated
 * object keys and array indexes, a backslash escaping a dot) replaced by
 * VALUE, which is JSON text ('2', '"text"', '"a\tb"'), or, without VALUE,
 * with the key or element at PATH removed.  The parent of PATH must exist.
 * Output is indented JSON, keys in their order.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last key of path, into key; returns the parent's path (in a new
 * string), or "" for a key of the root. */
static char *split_last(const char *path, char *key)
{
    const char *last = path;
    for (const char *p = path; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '.')
            last = p + 1;
    }
    char *k = key;
    for (const char *p = last; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        *k++ = *p;
    }
    *k = '\0';
    size_t n = last == path ? 0 : (size_t)(last - path - 1);
    char *parent = malloc(n + 1);
    memcpy(parent, path, n);
    parent[n] = '\0';
    return parent;
}

static json_t *child(json_t *v, const char *key)
{
    return json_is_array(v) ? json_array_get(v, strtoul(key, NULL, 10)) : json_object_get(v, key);
}

static json_t *lookup(json_t *root, const char *path)
{
    char *key = malloc(strlen(path) + 1);
    json_t *v = root;
    const char *p = path;
    while (v && *p) {
        char *k = key;
        while (*p && *p != '.') {
            if (*p == '\\' && p[1])
                p++;
            *k++ = *p++;
        }
        *k = '\0';
        if (*p == '.')
            p++;
        v = child(v, key);
    }
    free(key);
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fputs("usage: jset FILE PATH [VALUE]\n", stderr);
        return 2;
    }
    json_error_t err;
    json_t *root = json_load_file(argv[1], JSON_PRESERVE_ORDER, &err);
    if (!root) {
        fprintf(stderr, "jset: %s:%d: %s\n", argv[1], err.line, err.text);
        return 1;
    }
    char *key = malloc(strlen(argv[2]) + 1);
    char *parent_path = split_last(argv[2], key);
    json_t *parent = lookup(root, parent_path);
    json_t *value = argc == 4 ? json_loads(argv[3], JSON_DECODE_ANY, &err) : NULL;
    int status = 0;
    if (!parent || (argc == 4 && !value)) {
        fprintf(stderr, "jset: %s: no '%s', or a bad value\n", argv[1], argv[2]);
        status = 1;
    } else if (json_is_array(parent)) {
        size_t i = strtoul(key, NULL, 10);
        status = value ? json_array_set_new(parent, i, value) : json_array_remove(parent, i);
    } else {
        status = value ? json_object_set_new(parent, key, value) : json_object_del(parent, key);
    }
    if (status == 0)
        status = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0;
    putchar('\n');
    json_decref(root);
    free(key);
    free(parent_path);
    return status != 0;
}
