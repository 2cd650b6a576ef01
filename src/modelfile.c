/* modelfile.c -- model points in JSON files. See axsterile/modelfile.h. */
#include "axsterile/modelfile.h"

#include "axsterile/io.h"
#include "axsterile/mixing.h"
#include "axsterile/units.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODEL_FILE (1u << 20)

typedef struct key_rule {
    const char *key;
    const char *models; /* models it belongs to: "dw phi qcd" */
} key_rule;

static const key_rule KEYS[] = {
    {"model", "dw phi qcd"},       {"m_s", "dw phi qcd"},   {"flavor", "dw phi qcd"},
    {"dm_fixed", "dw phi qcd"},    {"sin2_2theta", "dw"},   {"g_phi", "phi"},
    {"m_phi", "phi"},              {"f_phi", "phi"},        {"phi_evolution", "phi"},
    {"g_a", "qcd"},                {"f_a", "qcd"},          {"m_a0", "qcd"},
    {"frac", "qcd"},               {"comment", "dw phi qcd"},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    if (n == 0) /* found by fuzzing: strstr(p, "") never advances */
        return 0;
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static int get_quantity(const cJSON *root, const char *name, const char *key, ax_dim dim,
                        double *out, int *given, ax_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    *given = v != NULL;
    if (!v)
        return AX_OK;
    if (!cJSON_IsString(v))
        return ax_fail(err, AX_EINPUT, "%s: key \"%s\": expected a string with a unit "
                       "(e.g. \"%s\")", name, key, dim == AX_DIM_ENERGY ? "50keV" : "1");
    int st = ax_units_parse(v->valuestring, dim, AX_UNITS_POSITIVE, out, err);
    if (st)
        return ax_error_context(err, "%s: key \"%s\"", name, key);
    return AX_OK;
}

static int get_number(const cJSON *root, const char *name, const char *key, double lo,
                      double hi, int open_lo, double *out, int *given, ax_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    *given = v != NULL;
    if (!v)
        return AX_OK;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return ax_fail(err, AX_EINPUT, "%s: key \"%s\": expected a number", name, key);
    double x = v->valuedouble;
    if (!((open_lo ? x > lo : x >= lo) && x < hi))
        return ax_fail(err, AX_EINPUT, "%s: key \"%s\" = %g; expected %g %s value < %g", name,
                       key, x, lo, open_lo ? "<" : "<=", hi);
    *out = x;
    return AX_OK;
}

static int get_word(const cJSON *root, const char *name, const char *key, const char *choices,
                    const char **out, ax_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    *out = NULL;
    if (!v)
        return AX_OK;
    if (!cJSON_IsString(v) || !*v->valuestring || !has_word(choices, v->valuestring))
        return ax_fail(err, AX_EINPUT, "%s: key \"%s\": expected one of: %s", name, key,
                       choices);
    *out = v->valuestring;
    return AX_OK;
}

static int parse_root(const char *name, const cJSON *root, ax_model_spec *spec, ax_error *err)
{
    if (!cJSON_IsObject(root))
        return ax_fail(err, AX_EINPUT, "%s: expected a JSON object {\"model\": ..., \"m_s\": "
                       "...}", name);
    const char *model;
    int st = get_word(root, name, "model", "dw phi qcd", &model, err);
    if (st)
        return st;
    if (!model)
        return ax_fail(err, AX_EINPUT, "%s: key \"model\" is missing; expected dw, phi or qcd",
                       name);
    /* every key known, and belonging to this model */
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        size_t k = 0;
        while (k < NKEYS && strcmp(KEYS[k].key, it->string) != 0)
            k++;
        if (k == NKEYS)
            return ax_fail(err, AX_EINPUT, "%s: unknown key \"%s\"; see docs/usage.md "
                           "(Model files) for the keys", name, it->string);
        if (!has_word(KEYS[k].models, model))
            return ax_fail(err, AX_EINPUT, "%s: key \"%s\" does not belong to a %s model "
                           "(it is for: %s)", name, it->string, model, KEYS[k].models);
    }
    const cJSON *cm = cJSON_GetObjectItemCaseSensitive(root, "comment");
    if (cm && !cJSON_IsString(cm))
        return ax_fail(err, AX_EINPUT, "%s: key \"comment\": expected a string", name);
    ax_model_kind kind = strcmp(model, "dw") == 0    ? AX_MODEL_DW
                       : strcmp(model, "phi") == 0   ? AX_MODEL_PHI
                                                     : AX_MODEL_QCD;
    memset(spec, 0, sizeof *spec);
    ax_model *m = &spec->model;
    ax_model_defaults(m, kind);
    spec->flavor = AX_FLAVOR_MU;
    int given;
    if ((st = get_quantity(root, name, "m_s", AX_DIM_ENERGY, &m->m_s, &given, err)))
        return st;
    if (!given)
        return ax_fail(err, AX_EINPUT, "%s: key \"m_s\" is missing (e.g. \"m_s\": \"7.1keV\")",
                       name);
    const char *fl;
    if ((st = get_word(root, name, "flavor", "e mu tau", &fl, err)))
        return st;
    if (fl)
        spec->flavor = strcmp(fl, "e") == 0 ? AX_FLAVOR_E
                     : strcmp(fl, "mu") == 0 ? AX_FLAVOR_MU : AX_FLAVOR_TAU;
    m->flavor = spec->flavor;
    const cJSON *dm = cJSON_GetObjectItemCaseSensitive(root, "dm_fixed");
    if (dm && !cJSON_IsBool(dm))
        return ax_fail(err, AX_EINPUT, "%s: key \"dm_fixed\": expected true or false", name);
    spec->dm_fixed = dm && cJSON_IsTrue(dm);
    const char *ckey = kind == AX_MODEL_DW ? "sin2_2theta" : kind == AX_MODEL_PHI ? "g_phi"
                                                                                  : "g_a";
    double *cval = kind == AX_MODEL_DW ? &m->sin2_2theta : kind == AX_MODEL_PHI ? &m->g_phi
                                                                                : &m->g_a;
    if ((st = get_number(root, name, ckey, 0.0, kind == AX_MODEL_DW ? 1.0 : 1e30, 1, cval,
                         &given, err)))
        return st;
    if (given == spec->dm_fixed)
        return ax_fail(err, AX_EINPUT, "%s: give either \"%s\" or \"dm_fixed\": true, %s", name,
                       ckey, given ? "not both" : "one of them is required");
    if (kind == AX_MODEL_PHI) {
        if ((st = get_quantity(root, name, "m_phi", AX_DIM_ENERGY, &m->m_phi, &given, err)))
            return st;
        if (!given)
            return ax_fail(err, AX_EINPUT, "%s: key \"m_phi\" is missing (e.g. \"m_phi\": "
                           "\"1e-6eV\")", name);
        if ((st = get_number(root, name, "f_phi", 0.0, 1.0, 1, &m->f_phi, &given, err)))
            return st;
        const char *ev;
        if ((st = get_word(root, name, "phi_evolution", "exact step", &ev, err)))
            return st;
        if (ev)
            m->phi_evolution = strcmp(ev, "step") == 0 ? AX_PHI_STEP : AX_PHI_EXACT;
    } else if (kind == AX_MODEL_QCD) {
        double ma0 = 0;
        int gf, gm;
        if ((st = get_quantity(root, name, "f_a", AX_DIM_ENERGY, &m->f_a, &gf, err)) ||
            (st = get_quantity(root, name, "m_a0", AX_DIM_ENERGY, &ma0, &gm, err)))
            return st;
        if (gf == gm)
            return ax_fail(err, AX_EINPUT, "%s: give either \"f_a\" or \"m_a0\", %s", name,
                           gf ? "not both" : "one of them is required");
        if (gm)
            m->f_a = ax_axion_fa_from_ma0(ma0);
        if ((st = get_number(root, name, "frac", 0.0, 1.0, 1, &m->frac, &given, err)))
            return st;
    }
    st = ax_model_validate(m, err);
    if (st)
        return ax_error_context(err, "%s", name);
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
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        size_t line = 1;
        for (size_t i = 0; i < off && i < len; i++)
            line += text[i] == '\n';
        return ax_fail(err, AX_EINPUT, "%s line %zu: not valid JSON; expected an object like "
                       "{\"model\": \"phi\", \"m_s\": \"50keV\", ...}", name, line);
    }
    size_t used = end && end >= text ? (size_t)(end - text) : len;
    while (used < len && (text[used] == ' ' || text[used] == '\t' || text[used] == '\n' ||
                          text[used] == '\r'))
        used++;
    if (used < len) {
        cJSON_Delete(root);
        return ax_fail(err, AX_EINPUT, "%s: text after the JSON object; expected one object",
                       name);
    }
    char dup[256];
    if (ax_json_duplicate_key(root, dup, sizeof dup)) {
        cJSON_Delete(root);
        return ax_fail(err, AX_EINPUT, "%s: key \"%s\" appears twice; expected each key once "
                       "(the second would be ignored)", name, dup);
    }
    int st = parse_root(name, root, spec, err);
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
