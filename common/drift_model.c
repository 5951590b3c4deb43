/*
 * drift_model.c - the inputs of a pm-fit model, for pm-psi; see drift.h.
 *
 * The model file (model.h, written by pm-fit) is a JSON object with
 * "format": {"name": "pm-model", "version": 1} and "features": an array of
 * {"name", "type": "numeric" | "categorical", ...} in the model's order.
 * pm-psi needs only each feature's name and type, so only those are read
 * and checked here; the rest of the file is pm-predict's business.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "drift.h"
#include "err.h"
#include "xalloc.h"

#define MODEL_NAME    "pm-model"
#define MODEL_VERSION 1

static json_t *load(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die_errno("%s", path);
    json_error_t err;
    json_t *root = json_loadf(fp, JSON_REJECT_DUPLICATES, &err);
    fclose(fp);
    if (!root)
        die("%s:%d: not a pm model (not valid JSON: %s)", path, err.line, err.text);
    if (!json_is_object(root))
        die("%s: not a pm model (not a JSON object)", path);
    return root;
}

static void check_format(const char *path, const json_t *root)
{
    const json_t *format = json_object_get(root, "format");
    if (!format)
        die("%s: not a pm model (missing 'format')", path);
    const json_t *name = json_object_get(format, "name");
    const json_t *version = json_object_get(format, "version");
    if (!json_is_string(name) || strcmp(json_string_value(name), MODEL_NAME) != 0)
        die("%s: not a pm model (format name is not '%s')", path, MODEL_NAME);
    if (!json_is_integer(version) || json_integer_value(version) != MODEL_VERSION)
        die("%s: model format version is not %d, which this pm reads", path, MODEL_VERSION);
}

static const char *feature_text(const char *path, const json_t *f, size_t i, const char *key)
{
    const json_t *v = json_object_get(f, key);
    if (!json_is_string(v))
        die("%s: damaged model: features[%zu].%s: expected a string", path, i, key);
    return json_string_value(v);
}

void drift_model_inputs(const char *path, struct drift_input **inputs, size_t *n)
{
    json_t *root = load(path);
    check_format(path, root);
    const json_t *features = json_object_get(root, "features");
    if (!json_is_array(features))
        die("%s: damaged model: features: expected an array", path);
    size_t i;
    const json_t *f;
    json_array_foreach(features, i, f)
    {
        const char *name = feature_text(path, f, i, "name");
        const char *type = feature_text(path, f, i, "type");
        if (strcmp(type, "numeric") != 0 && strcmp(type, "categorical") != 0)
            die("%s: damaged model: features[%zu].type: '%s' is neither 'numeric' nor "
                "'categorical'",
                path, i, type);
        *inputs = xreallocarray(*inputs, *n + 1, sizeof **inputs);
        (*inputs)[(*n)++] = (struct drift_input){xstrdup(name), type[0] == 'c'};
    }
    json_decref(root);
}
