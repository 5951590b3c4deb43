/* drift_model.c - the inputs of a pm-fit model, for pm-psi; see drift.h. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "err.h"
#include "xalloc.h"

static const char *entry_name(const json_t *e)
{
    if (json_is_string(e))
        return json_string_value(e);
    const json_t *name = json_object_get(e, "name");
    if (!name)
        name = json_object_get(e, "column");
    return json_is_string(name) ? json_string_value(name) : NULL;
}

static void add(struct drift_input **inputs, size_t *n, const char *name, bool categorical)
{
    *inputs = xreallocarray(*inputs, *n + 1, sizeof **inputs);
    (*inputs)[(*n)++] = (struct drift_input){xstrdup(name), categorical};
}

static void add_list(const char *path, const json_t *list, bool categorical,
                     struct drift_input **inputs, size_t *n)
{
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *name = entry_name(e);
        if (!name)
            die("%s: not a pm model (an input without a name)", path);
        add(inputs, n, name, categorical);
    }
}

void drift_model_inputs(const char *path, struct drift_input **inputs, size_t *n)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        die_errno("%s", path);
    json_error_t err;
    json_t *m = json_loadf(fp, 0, &err);
    fclose(fp);
    if (!m)
        die("%s:%d: %s", path, err.line, err.text);
    const json_t *num = json_object_get(m, "numeric");
    const json_t *cat = json_object_get(m, "categorical");
    if (!json_is_array(num) && !json_is_array(cat))
        die("%s: not a pm model (no 'numeric' or 'categorical' inputs)", path);
    if (json_is_array(num))
        add_list(path, num, false, inputs, n);
    if (json_is_array(cat))
        add_list(path, cat, true, inputs, n);
    json_decref(m);
}
