/* modelfile.c -- model points in JSON files. See axsterile/modelfile.h. */
#include "axsterile/modelfile.h"

#include "axsterile/io.h"
#include "axsterile/units.h"
#include "json_util.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODEL_FILE (1u << 20)

/* A JSON string holding the escape \u0000 would be cut at the NUL by the
 * parser ("e\u0000x" read as "e"): refuse such text. Walks the strings of
 * the text and their escapes. */
static int has_nul_escape(const char *text, size_t len)
{
    int in_str = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (!in_str) {
            in_str = c == '"';
            continue;
        }
        if (c == '"') {
            in_str = 0;
        } else if (c == '\\' && i + 1 < len) {
            if (text[i + 1] == 'u' && i + 5 < len && strncmp(text + i + 2, "0000", 4) == 0)
                return 1;
            i++; /* the escaped character */
        }
    }
    return 0;
}

typedef struct file_source {
    const cJSON *root;
} file_source;

static int fs_get(void *self, const ax_model_param *p, int *given, double *v, const char **word,
                  ax_error *err)
{
    const file_source *f = self;
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(f->root, p->key);
    *given = j != NULL;
    if (!j)
        return AX_OK;
    switch (p->type) {
    case AX_PARAM_QUANTITY:
        if (!cJSON_IsString(j))
            return ax_fail(err, AX_EINPUT, "key \"%s\": expected a string with a unit (e.g. "
                           "\"%s\")", p->key, p->example ? p->example : "");
        if (ax_units_parse(j->valuestring, p->dim, p->lo >= 0.0 ? AX_UNITS_POSITIVE : 0, v, err))
            return ax_error_context(err, "key \"%s\"", p->key);
        return AX_OK;
    case AX_PARAM_NUMBER:
        if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble))
            return ax_fail(err, AX_EINPUT, "key \"%s\": expected a number", p->key);
        *v = j->valuedouble;
        return AX_OK;
    default:
        if (!cJSON_IsString(j))
            return ax_fail(err, AX_EINPUT, "key \"%s\": expected one of: %s", p->key, p->words);
        *word = j->valuestring;
        return AX_OK;
    }
}

static const char *fs_name(void *self, const ax_model_param *p, char *buf, size_t len)
{
    (void)self;
    snprintf(buf, len, "\"%s\"", p->key);
    return buf;
}

static int fs_foreign(void *self, const ax_model_param *p, const ax_model_type *owner,
                      const ax_model_type *chosen, ax_error *err)
{
    (void)self;
    return ax_fail(err, AX_EINPUT, "key \"%s\" does not belong to a %s model (it is for: %s)",
                   p->key, chosen->name, owner->name);
}

/* is key a row of some registered model (or common)? */
static int known_key(const char *key)
{
    if (ax_model_param_find(NULL, key))
        return 1;
    for (size_t k = 0; k < ax_model_count(); k++)
        if (ax_model_param_find(ax_model_type_at(k), key))
            return 1;
    return 0;
}

static int parse_root(const char *name, const cJSON *root, ax_model_spec *spec, ax_error *err)
{
    if (!cJSON_IsObject(root))
        return ax_fail(err, AX_EINPUT, "%s: expected a JSON object {\"model\": ..., \"m_s\": "
                       "...}", name);
    char names[256] = "";
    for (size_t k = 0; k < ax_model_count(); k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? " " : "",
                 ax_model_type_at(k)->name);
    const cJSON *jm = cJSON_GetObjectItemCaseSensitive(root, "model");
    if (!jm)
        return ax_fail(err, AX_EINPUT, "%s: key \"model\" is missing; expected one of: %s",
                       name, names);
    const ax_model_type *t = cJSON_IsString(jm) ? ax_model_type_find(jm->valuestring) : NULL;
    if (!t)
        return ax_fail(err, AX_EINPUT, "%s: key \"model\": expected one of: %s", name, names);
    /* every key known (a misspelt key would be ignored); rows of other
     * models are refused by the builder */
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        if (strcmp(it->string, "model") && strcmp(it->string, "dm_fixed") &&
            strcmp(it->string, "comment") && !known_key(it->string))
            return ax_fail(err, AX_EINPUT, "%s: unknown key \"%s\"; see docs/usage.md "
                           "(Model files) for the keys", name, it->string);
    }
    const cJSON *cm = cJSON_GetObjectItemCaseSensitive(root, "comment");
    if (cm && !cJSON_IsString(cm))
        return ax_fail(err, AX_EINPUT, "%s: key \"comment\": expected a string", name);
    const cJSON *dm = cJSON_GetObjectItemCaseSensitive(root, "dm_fixed");
    if (dm && !cJSON_IsBool(dm))
        return ax_fail(err, AX_EINPUT, "%s: key \"dm_fixed\": expected true or false", name);
    memset(spec, 0, sizeof *spec);
    spec->dm_fixed = dm && cJSON_IsTrue(dm);
    file_source fs = {root};
    ax_model_source src = {&fs, fs_get, fs_name, fs_foreign, AX_SOURCE_FILE,
                           "\"dm_fixed\": true"};
    int st = ax_model_build(t, &src, spec->dm_fixed, &spec->model, err);
    if (st)
        return ax_error_context(err, "%s", name);
    spec->flavor = spec->model.flavor;
    return AX_OK;
}

int ax_model_spec_parse(const char *name, const char *text, size_t len, ax_model_spec *spec,
                        ax_error *err)
{
    memset(spec, 0, sizeof *spec);
    if (len > MAX_MODEL_FILE)
        return ax_fail(err, AX_EINPUT, "%s: larger than %u bytes; not a model file", name,
                       MAX_MODEL_FILE);
    if (memchr(text, '\0', len))
        return ax_fail(err, AX_EINPUT, "%s: contains a NUL byte; expected a JSON text", name);
    if (has_nul_escape(text, len))
        return ax_fail(err, AX_EINPUT, "%s: a string holds \\u0000 (a NUL character); "
                       "expected text without NUL", name);
    /* the library's one strict JSON reader: valid JSON, nothing after the
     * object, each key once (src/json_util.h) */
    cJSON *root = NULL;
    int st = ax_json_parse(name, text, len, MAX_MODEL_FILE, &root, err);
    if (st)
        return st;
    st = parse_root(name, root, spec, err);
    cJSON_Delete(root);
    return st;
}

int ax_model_spec_load(const char *path, ax_model_spec *spec, ax_error *err)
{
    char *buf;
    size_t len;
    memset(spec, 0, sizeof *spec);
    int st = ax_file_slurp(path, MAX_MODEL_FILE, &buf, &len, err);
    if (st)
        return st;
    st = ax_model_spec_parse(path, buf, len, spec, err);
    free(buf);
    return st;
}
