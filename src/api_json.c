/* api_json.c -- model points from key/value text and the runs of `dw`,
 * `point` and `check` returning their JSON text, for callers that hold
 * words rather than structs (the Python package). See axsterile/handles.h. */
#include "axsterile/handles.h"

#include "axsterile/check.h"
#include "axsterile/decay.h"
#include "axsterile/production.h"
#include "axsterile/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* equal, with '-' and '_' alike ("phi_evolution", "phi-evolution") */
static int same_word(const char *a, const char *b)
{
    size_t i = 0;
    for (; a[i] && b[i]; i++)
        if ((a[i] == '-' ? '_' : a[i]) != (b[i] == '-' ? '_' : b[i]))
            return 0;
    return a[i] == '\0' && b[i] == '\0';
}

/* the flag of row p without its dashes ("mphi"); NULL when it has none */
static const char *flag_word(const ax_model_param *p)
{
    return p->flag && strncmp(p->flag, "--", 2) == 0 ? p->flag + 2 : NULL;
}

/* does the user's key name row p: its model-file key, or its flag without
 * the dashes */
static int key_names_row(const char *key, const ax_model_param *p)
{
    const char *f = flag_word(p);
    return strcmp(key, p->key) == 0 || (f && same_word(key, f));
}

/* is word one of the space-separated words of list? */
static int in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *s = list; s && *s;) {
        while (*s == ' ')
            s++;
        size_t k = strcspn(s, " ");
        if (k == n && k > 0 && strncmp(s, word, n) == 0)
            return 1;
        s += k;
    }
    return 0;
}

typedef struct word_source {
    size_t n;
    const char *const *keys, *const *values;
} word_source;

/* the index of the pair naming row p; -1 when none; -2 when two do */
static long find_pair(const word_source *s, const ax_model_param *p, long *second)
{
    long at = -1;
    for (size_t i = 0; i < s->n; i++) {
        if (!key_names_row(s->keys[i], p))
            continue;
        if (at >= 0) {
            *second = (long)i;
            return -2 - at;
        }
        at = (long)i;
    }
    return at;
}

static int ws_get(void *self, const ax_model_param *p, int *given, double *v, const char **word,
                  ax_error *err)
{
    word_source *s = self;
    long second = -1;
    long i = find_pair(s, p, &second);
    *given = i != -1;
    if (i == -1)
        return AX_OK;
    if (i < -1)
        return ax_fail(err, AX_EINPUT, "%s and %s both give %s; expected it once",
                       s->keys[-2 - i], s->keys[second], p->key);
    const char *key = s->keys[i], *text = s->values[i];
    switch (p->type) {
    case AX_PARAM_QUANTITY:
        if (ax_units_parse(text, p->dim, p->lo >= 0.0 ? AX_UNITS_POSITIVE : 0, v, err))
            return ax_error_context(err, "%s", key);
        return AX_OK;
    case AX_PARAM_NUMBER: {
        char *end = NULL;
        double x = strtod(text, &end);
        while (end && *end == ' ')
            end++;
        if (end == text || !end || *end != '\0' || !isfinite(x))
            return ax_fail(err, AX_EINPUT, "%s: '%s' is not a number; expected %s", key, text,
                           p->expect ? p->expect : "a number");
        *v = x;
        return AX_OK;
    }
    default:
        *word = text;
        return AX_OK;
    }
}

static const char *ws_name(void *self, const ax_model_param *p, char *buf, size_t len)
{
    const word_source *s = self;
    long second = -1;
    long i = find_pair(s, p, &second);
    const char *flag = flag_word(p);
    snprintf(buf, len, "%s", i >= 0 ? s->keys[i] : flag ? flag : p->key);
    return buf;
}

static int ws_foreign(void *self, const ax_model_param *p, const ax_model_type *owner,
                      const ax_model_type *chosen, ax_error *err)
{
    const word_source *s = self;
    long second = -1;
    long i = find_pair(s, p, &second);
    const char *key = i >= 0 ? s->keys[i] : p->key;
    /* a key both models have ("g": g_phi or g_a) belongs to the chosen one */
    for (size_t j = 0; j < chosen->nparams; j++)
        if (key_names_row(key, &chosen->params[j]))
            return AX_OK;
    return ax_fail(err, AX_EINPUT, "%s belongs to the %s model, not to model=%s", key,
                   owner->name, chosen->name);
}

/* is key a row of some registered model (or common)? */
static int model_key(const char *key)
{
    size_t nc;
    const ax_model_param *c = ax_model_common_params(&nc);
    for (size_t i = 0; i < nc; i++)
        if (key_names_row(key, &c[i]))
            return 1;
    for (size_t k = 0; k < ax_model_count(); k++) {
        const ax_model_type *t = ax_model_type_at(k);
        for (size_t i = 0; i < t->nparams; i++)
            if (key_names_row(key, &t->params[i]))
                return 1;
    }
    return 0;
}

static int parse_bool(const char *key, const char *text, int *out, ax_error *err)
{
    if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0 || strcmp(text, "True") == 0)
        *out = 1;
    else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0 || strcmp(text, "False") == 0)
        *out = 0;
    else
        return ax_fail(err, AX_EINPUT, "%s: '%s'; expected true or false", key, text);
    return AX_OK;
}

/* the value of key among the pairs (NULL: absent) */
static const char *value_of(size_t n, const char *const *keys, const char *const *values,
                            const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return values[i];
    return NULL;
}

/* "m_s (ms), sin2_2theta (sin2), ...": the keys a model takes, for messages */
static void model_keys(const ax_model_type *t, char *buf, size_t len)
{
    size_t nc, k = 0;
    const ax_model_param *c = ax_model_common_params(&nc);
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        const ax_model_param *rows = pass ? (t ? t->params : NULL) : c;
        size_t n = pass ? (t ? t->nparams : 0) : nc;
        for (size_t i = 0; i < n && k < len; i++) {
            const char *flag = flag_word(&rows[i]);
            if (flag && !same_word(flag, rows[i].key))
                k += (size_t)snprintf(buf + k, len - k, "%s%s (%s)", k ? ", " : "",
                                      rows[i].key, flag);
            else
                k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? ", " : "", rows[i].key);
        }
    }
}

int ax_model_from_words(const char *def_model, size_t n, const char *const *keys,
                        const char *const *values, const char *allowed, ax_model *m,
                        int *dm_fixed, ax_error *err)
{
    *dm_fixed = 0;
    for (size_t i = 0; i < n; i++)
        if (!keys || !values || !keys[i] || !values[i])
            return ax_fail(err, AX_EINPUT, "pair %zu: a NULL key or value", i);
    const char *name = value_of(n, keys, values, "model");
    if (!name)
        name = def_model ? def_model : "phi";
    const ax_model_type *t = ax_model_type_find(name);
    if (!t) {
        char names[128] = "";
        size_t nm = ax_model_count();
        for (size_t k = 0; k < nm; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     k == 0 ? "" : k + 1 == nm ? " or " : ", ", ax_model_type_at(k)->name);
        return ax_fail(err, AX_EINPUT, "model: '%s'; expected %s", name, names);
    }
    for (size_t i = 0; i < n; i++) {
        const char *k = keys[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(keys[j], k) == 0)
                return ax_fail(err, AX_EINPUT, "%s is given twice; expected it once", k);
        if (strcmp(k, "model") == 0 || model_key(k) || in_list(allowed, k))
            continue;
        if (strcmp(k, "dm_fixed") == 0) {
            int st = parse_bool(k, values[i], dm_fixed, err);
            if (st)
                return st;
            continue;
        }
        char list[512], extra[256] = "";
        model_keys(t, list, sizeof list);
        for (size_t j = 0, e = 0; allowed && allowed[j] && e + 3 < sizeof extra; j++) {
            if (allowed[j] == ' ')
                extra[e++] = ',';
            extra[e++] = allowed[j];
            extra[e] = '\0';
        }
        return ax_fail(err, AX_EINPUT, "unknown key '%s'; expected model, dm_fixed%s%s or the "
                       "%s model's keys: %s", k, extra[0] ? ", " : "", extra, t->name, list);
    }
    word_source ws = {n, keys, values};
    ax_model_source src = {&ws, ws_get, ws_name, ws_foreign, AX_SOURCE_FLAGS, "dm_fixed=true"};
    return ax_model_build(t, &src, *dm_fixed, m, err);
}

/* production options from the pairs: rate, opacity, gstar_table, extrapolate */
static int prod_opts(size_t n, const char *const *keys, const char *const *values,
                     ax_production_opts *o, ax_error *err)
{
    ax_production_opts_defaults(o);
    const char *rate = value_of(n, keys, values, "rate");
    if (rate) {
        if (strcmp(rate, "afp") == 0) o->rate_convention = AX_RATE_AFP;
        else if (strcmp(rate, "bh16") == 0) o->rate_convention = AX_RATE_BH16;
        else
            return ax_fail(err, AX_EINPUT, "rate: '%s'; expected afp or bh16", rate);
    }
    o->opacity_file = value_of(n, keys, values, "opacity");
    o->gstar_table = value_of(n, keys, values, "gstar_table");
    const char *ex = value_of(n, keys, values, "extrapolate");
    return ex ? parse_bool("extrapolate", ex, &o->extrapolate, err) : AX_OK;
}

static char *run_point(int dw, size_t n, const char *const *keys, const char *const *values,
                       ax_error *err)
{
    ax_model m;
    int dm;
    const char *model = value_of(n, keys, values, "model");
    if (dw && model && strcmp(model, "dw") != 0) {
        ax_fail(err, AX_EINPUT, "model: '%s'; dw() computes a Dodelson-Widrow point (use "
                "point(model='%s', ...))", model, model);
        return NULL;
    }
    ax_production_opts o;
    if (ax_model_from_words(dw ? "dw" : "phi", n, keys, values,
                            "rate opacity gstar_table extrapolate", &m, &dm, err) ||
        prod_opts(n, keys, values, &o, err))
        return NULL;
    o.flavor = m.flavor;
    ax_production *ctx = NULL;
    ax_prod_result r;
    int st = ax_production_init(&ctx, &o, err);
    if (!st)
        st = dm ? ax_production_dm_fixed(ctx, &m, &r, err) : ax_production_omega(ctx, &m, &r, err);
    ax_production_free(ctx);
    return st ? NULL : ax_point_json_text(&o, &m, &r, dm, err);
}

static char *run_check(size_t n, const char *const *keys, const char *const *values,
                       ax_error *err)
{
    ax_model m;
    int dm, conv = AX_DECAY_DEFAULT;
    ax_production_opts o;
    if (ax_model_from_words("phi", n, keys, values,
                            "rate opacity gstar_table extrapolate convention limits", &m, &dm,
                            err) ||
        prod_opts(n, keys, values, &o, err))
        return NULL;
    o.flavor = m.flavor;
    const char *c = value_of(n, keys, values, "convention");
    if (c && ax_decay_convention_parse(c, &conv, err)) {
        ax_error_context(err, "convention");
        return NULL;
    }
    /* limits=DIR adds a directory to the shipped library, as the program's
     * --limits does; a file of it that does not load is an error here too
     * (every limit counts in a check: docs/limits-format.md) */
    const char *dir = value_of(n, keys, values, "limits");
    const char *dirs[1] = {dir};
    ax_limit_sources src = {dirs, dir ? 1 : 0, 0};
    ax_limit_set set;
    if (ax_limit_set_load_sources(&src, &set, err)) {
        if (dir)
            ax_error_context(err, "limits");
        return NULL;
    }
    if (set.nproblems) {
        ax_fail(err, AX_EINPUT, "limits: %s", set.problems[0].message);
        ax_limit_set_free(&set);
        return NULL;
    }
    ax_check_report rep;
    memset(&rep, 0, sizeof rep);
    ax_production *ctx = NULL;
    int st = ax_production_init(&ctx, &o, err);
    if (!st)
        st = ax_check_point(ctx, &set, &m, dm, conv, &rep, err);
    char *text = st ? NULL : ax_check_report_json_text(&rep, err);
    if (st)
        ax_error_context(err, "check at m_s = %g keV", m.m_s * 1e6);
    ax_check_report_free(&rep);
    ax_production_free(ctx);
    ax_limit_set_free(&set);
    return text;
}

char *ax_run_json(const char *command, size_t n, const char *const *keys,
                  const char *const *values, ax_error *err)
{
    if (!command) command = "";
    if (strcmp(command, "dw") == 0 || strcmp(command, "point") == 0)
        return run_point(command[0] == 'd', n, keys, values, err);
    if (strcmp(command, "check") == 0)
        return run_check(n, keys, values, err);
    ax_fail(err, AX_EINPUT, "command '%s'; expected dw, point or check", command);
    return NULL;
}

void ax_text_free(char *text)
{
    free(text);
}
