/* model.c -- the registry of production models, their parameter rows and
 * the one builder of a model from user input. See axsterile/model.h. */
#include "axsterile/model.h"

#include "axsterile/medium.h"
#include "axsterile/production.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* one line each: the built-in models (src/models/) */
extern const ax_model_type ax_model_dw, ax_model_phi, ax_model_qcd;

static const ax_model_type *registry[AX_MODEL_MAX] = {&ax_model_dw, &ax_model_phi,
                                                      &ax_model_qcd};
static size_t nregistry = AX_MODEL_NBUILTIN;

#define KEV 1e-6

static const ax_model_param COMMON[] = {
    {.key = "m_s", .flag = "--ms", .meta = "MASS", .type = AX_PARAM_QUANTITY,
     .dim = AX_DIM_ENERGY, .unit = "keV", .unit_gev = KEV, .lo = 0.1 * KEV, .hi = 1.0,
     .expect = "m_s in the supported range 0.1 keV - 1 GeV", .def = 7.1 * KEV,
     .role = AX_PARAM_REQUIRED, .example = "7.1keV",
     .help = "sterile-neutrino mass, e.g. 7.1keV", .json_key = "m_s_keV",
     .offset = offsetof(ax_model, m_s)},
    /* the flavour is also a production option: on the command line it is
     * --flavor of every production command (no flag here) */
    {.key = "flavor", .type = AX_PARAM_WORD, .words = "e mu tau", .def = AX_FLAVOR_MU,
     .expect = "one of: e mu tau", .help = "active flavour the sterile neutrino mixes with",
     .offset = offsetof(ax_model, flavor)},
};
#define NCOMMON (sizeof COMMON / sizeof COMMON[0])

const ax_model_param *ax_model_common_params(size_t *n)
{
    *n = NCOMMON;
    return COMMON;
}

const ax_model_type *ax_model_type_of(int kind)
{
    return kind >= 0 && (size_t)kind < nregistry ? registry[kind] : NULL;
}

const ax_model_type *ax_model_type_find(const char *name)
{
    for (size_t i = 0; name && i < nregistry; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

int ax_model_kind_find(const char *name)
{
    for (size_t i = 0; name && i < nregistry; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return (int)i;
    return -1;
}

size_t ax_model_count(void) { return nregistry; }

const ax_model_type *ax_model_type_at(size_t i) { return i < nregistry ? registry[i] : NULL; }

const ax_model_param *ax_model_coupling(const ax_model_type *t)
{
    for (size_t i = 0; i < t->nparams; i++)
        if (t->params[i].role == AX_PARAM_COUPLING)
            return &t->params[i];
    return NULL;
}

int ax_model_register(const ax_model_type *t, ax_error *err)
{
    if (!t || !t->name || !*t->name || strchr(t->name, ' '))
        return -ax_fail(err, AX_EINPUT, "model registry: a model needs a one-word name");
    if (ax_model_type_find(t->name))
        return -ax_fail(err, AX_EINPUT, "model registry: \"%s\" is taken", t->name);
    if (nregistry >= AX_MODEL_MAX)
        return -ax_fail(err, AX_EINPUT, "model registry: full (%d models)", AX_MODEL_MAX);
    size_t nc = 0;
    for (size_t i = 0; i < t->nparams; i++)
        nc += t->params[i].role == AX_PARAM_COUPLING;
    if (nc != 1 || !t->mixing_at || !t->mixing_today || !(t->coupling_power > 0.0))
        return -ax_fail(err, AX_EINPUT, "model registry: \"%s\" needs one coupling row, "
                        "mixing_at, mixing_today and a coupling power", t->name);
    registry[nregistry] = t;
    return (int)nregistry++;
}

const ax_model_param *ax_model_param_find(const ax_model_type *t, const char *key)
{
    for (size_t i = 0; i < NCOMMON; i++)
        if (strcmp(COMMON[i].key, key) == 0)
            return &COMMON[i];
    for (size_t i = 0; t && i < t->nparams; i++)
        if (strcmp(t->params[i].key, key) == 0)
            return &t->params[i];
    return NULL;
}

static const ax_model_param *primary_of(const ax_model *m, const ax_model_param *p)
{
    return ax_model_param_find(ax_model_type_of(m->kind), p->alt_of);
}

double ax_model_get(const ax_model *m, const ax_model_param *p)
{
    if (p->role == AX_PARAM_ALT) {
        const ax_model_param *q = primary_of(m, p);
        return q ? p->to_alt(ax_model_get(m, q)) : NAN;
    }
    const char *base = (const char *)m + p->offset;
    if (p->type == AX_PARAM_WORD) {
        int v;
        memcpy(&v, base, sizeof v);
        return v;
    }
    double v;
    memcpy(&v, base, sizeof v);
    return v;
}

void ax_model_set(ax_model *m, const ax_model_param *p, double v)
{
    if (p->role == AX_PARAM_ALT) {
        const ax_model_param *q = primary_of(m, p);
        if (q)
            ax_model_set(m, q, p->from_alt(v));
        return;
    }
    char *base = (char *)m + p->offset;
    if (p->type == AX_PARAM_WORD) {
        int k = (int)v;
        memcpy(base, &k, sizeof k);
    } else {
        memcpy(base, &v, sizeof v);
    }
}

/* the index of `word` in the space-separated list, or -1 (whole words) */
static int word_index(const char *list, const char *word)
{
    size_t n = strlen(word);
    int k = 0;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && n > 0 && strncmp(p, word, n) == 0)
            return k;
        k++;
        p += len;
        p += strspn(p, " ");
    }
    return -1;
}

/* the idx-th word of the list into buf */
static const char *word_at(const char *list, int idx, char *buf, size_t len)
{
    const char *p = list;
    for (int k = 0; *p; k++) {
        size_t w = strcspn(p, " ");
        if (k == idx) {
            snprintf(buf, len, "%.*s", (int)w, p);
            return buf;
        }
        p += w;
        p += strspn(p, " ");
    }
    snprintf(buf, len, "?");
    return buf;
}

const char *ax_model_param_word(const ax_model_param *p, int idx, char *buf, size_t len)
{
    return word_at(p->words ? p->words : "", idx, buf, len);
}

int ax_model_param_check(const ax_model_param *p, double v, const char *where, ax_error *err)
{
    int ok;
    if (p->type == AX_PARAM_WORD) {
        char w[32];
        ok = v >= 0 && v == floor(v) && strcmp(word_at(p->words, (int)v, w, sizeof w), "?");
    } else {
        ok = isfinite(v) && (p->lo_open ? v > p->lo : v >= p->lo) &&
             (p->hi_open ? v < p->hi : v <= p->hi);
    }
    if (ok)
        return AX_OK;
    double shown = p->unit ? v / p->unit_gev : v;
    const char *u = p->unit ? p->unit : "";
    if (where && where[0] == '-')
        return ax_fail(err, AX_EINPUT, "%s: %g%s%s; expected %s", where, shown, *u ? " " : "",
                       u, p->expect);
    return ax_fail(err, AX_EINPUT, "%s = %g%s%s is outside the supported range; expected %s",
                   where ? where : p->key, shown, *u ? " " : "", u, p->expect);
}

void ax_model_defaults(ax_model *m, ax_model_kind kind)
{
    memset(m, 0, sizeof *m);
    m->kind = kind;
    for (size_t i = 0; i < NCOMMON; i++)
        ax_model_set(m, &COMMON[i], COMMON[i].def);
    /* every model's defaults, so that a point switched to another kind
     * (figures, tests) still holds sensible values */
    for (size_t k = 0; k < nregistry; k++)
        for (size_t i = 0; i < registry[k]->nparams; i++) {
            const ax_model_param *p = &registry[k]->params[i];
            if (p->role != AX_PARAM_ALT)
                ax_model_set(m, p, p->def);
        }
}

int ax_model_validate(const ax_model *m, ax_error *err)
{
    const ax_model_type *t = ax_model_type_of(m->kind);
    if (!t)
        return ax_fail(err, AX_EINPUT, "unknown model kind %d", (int)m->kind);
    for (size_t i = 0; i < NCOMMON; i++) {
        int st = ax_model_param_check(&COMMON[i], ax_model_get(m, &COMMON[i]), NULL, err);
        if (st)
            return st;
    }
    for (size_t i = 0; i < t->nparams; i++) {
        const ax_model_param *p = &t->params[i];
        if (p->role == AX_PARAM_ALT)
            continue;
        int st = ax_model_param_check(p, ax_model_get(m, p), NULL, err);
        if (st)
            return st;
    }
    return t->check ? t->check(m, err) : AX_OK;
}

const char *ax_model_describe(const ax_model *m, int coupling, char *buf, size_t len)
{
    const ax_model_type *t = ax_model_type_of(m->kind);
    if (!t) {
        snprintf(buf, len, "model kind %d", (int)m->kind);
        return buf;
    }
    size_t n = (size_t)snprintf(buf, len, "%s at m_s = %g keV", t->title, m->m_s / KEV);
    for (size_t i = 0; i < t->nparams && n < len; i++) {
        const ax_model_param *p = &t->params[i];
        if (p->role == AX_PARAM_ALT || p->type == AX_PARAM_WORD ||
            (p->role == AX_PARAM_COUPLING && !coupling))
            continue;
        double v = ax_model_get(m, p);
        n += (size_t)snprintf(buf + n, len - n, ", %s = %g%s%s", p->symbol ? p->symbol : p->key,
                              p->unit ? v / p->unit_gev : v, p->unit ? " " : "",
                              p->unit ? p->unit : "");
    }
    return buf;
}

double ax_model_dm_target_fraction(const ax_model *m)
{
    const ax_model_type *t = ax_model_type_of(m->kind);
    return 1.0 - (t && t->other_dm_fraction ? t->other_dm_fraction(m) : 0.0);
}

int ax_model_check_value(const char *model, const char *key, double v, const char *where,
                         ax_error *err)
{
    const ax_model_type *t = ax_model_type_find(model);
    const ax_model_param *p = t ? ax_model_param_find(t, key) : NULL;
    if (!p)
        return ax_fail(err, AX_EINPUT, "no parameter \"%s\" in a model \"%s\"", key,
                       model ? model : "");
    return ax_model_param_check(p, v, where, err);
}

double ax_tmax_bh16(double m_s)
{
    return 0.133 * cbrt(m_s / KEV);
}

/* ---- building a model from user input --------------------------------- */

static int get_row(const ax_model_source *src, const ax_model_param *p, int *given,
                   double *v, ax_error *err)
{
    const char *word = NULL;
    *v = 0.0;
    int st = src->get(src->self, p, given, v, &word, err);
    if (st || !*given)
        return st;
    char nm[96];
    src->name(src->self, p, nm, sizeof nm);
    if (p->type == AX_PARAM_WORD) {
        /* one whole word of the list: "e mu" or "e\0x" is no flavour */
        int k = word ? word_index(p->words, word) : -1;
        if (k < 0)
            return ax_fail(err, AX_EINPUT, "%s: '%s'; expected one of: %s", nm,
                           word ? word : "", p->words);
        *v = k;
        return AX_OK;
    }
    return ax_model_param_check(p, *v, nm, err);
}

/* exactly one of two ways was expected; both = 1: both were given */
static int one_of(const ax_model_source *src, const char *a, const char *b, int both,
                  ax_error *err)
{
    if (both)
        return ax_fail(err, AX_EINPUT, "give either %s or %s, not both", a, b);
    if (src->style == AX_SOURCE_FILE)
        return ax_fail(err, AX_EINPUT, "give either %s or %s, one of them is required", a, b);
    return ax_fail(err, AX_EINPUT, "one of %s or %s is required", a, b);
}

/* is key a row of t (or common)? */
static int belongs(const ax_model_type *t, const char *key)
{
    return ax_model_param_find(t, key) != NULL;
}

int ax_model_build(const ax_model_type *t, const ax_model_source *src, int dm_fixed,
                   ax_model *m, ax_error *err)
{
    ax_model_defaults(m, AX_MODEL_DW);
    int kind = -1;
    for (size_t k = 0; k < nregistry; k++)
        if (registry[k] == t)
            kind = (int)k;
    if (kind < 0)
        return ax_fail(err, AX_EINPUT, "model \"%s\" is not registered", t ? t->name : "?");
    m->kind = (ax_model_kind)kind;
    /* rows of other models, given by mistake, would be ignored: refuse */
    for (size_t k = 0; k < nregistry; k++) {
        const ax_model_type *o = registry[k];
        for (size_t i = 0; o != t && i < o->nparams; i++) {
            const ax_model_param *p = &o->params[i];
            if (belongs(t, p->key))
                continue;
            int given;
            double v;
            const char *w;
            int st = src->get(src->self, p, &given, &v, &w, err);
            if (given) /* whatever its value: it does not belong here */
                st = src->foreign(src->self, p, o, t, err);
            if (st)
                return st;
        }
    }
    char n1[96], n2[96];
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass == 0 ? NCOMMON : t->nparams;
        const ax_model_param *rows = pass == 0 ? COMMON : t->params;
        for (size_t i = 0; i < n; i++) {
            const ax_model_param *p = &rows[i];
            if (p->role == AX_PARAM_ALT)
                continue; /* with its primary */
            int given;
            double v;
            int st = get_row(src, p, &given, &v, err);
            if (st)
                return st;
            /* an alternative way to give this row */
            const ax_model_param *alt = NULL;
            for (size_t j = 0; j < n; j++)
                if (rows[j].role == AX_PARAM_ALT && strcmp(rows[j].alt_of, p->key) == 0)
                    alt = &rows[j];
            if (alt) {
                int ga;
                double va;
                if ((st = get_row(src, alt, &ga, &va, err)))
                    return st;
                src->name(src->self, p, n1, sizeof n1);
                src->name(src->self, alt, n2, sizeof n2);
                if ((given && ga) || (!given && !ga && p->role == AX_PARAM_REQUIRED))
                    return one_of(src, n1, n2, given, err);
                if (ga) {
                    ax_model_set(m, alt, va);
                    char w[200];
                    snprintf(w, sizeof w, "%s, as %s", n2, p->key);
                    if ((st = ax_model_param_check(p, ax_model_get(m, p), w, err)))
                        return st;
                }
            } else if (!given && p->role == AX_PARAM_REQUIRED) {
                src->name(src->self, p, n1, sizeof n1);
                if (src->style == AX_SOURCE_FILE)
                    return ax_fail(err, AX_EINPUT, "key %s is missing (e.g. %s: \"%s\")", n1,
                                   n1, p->example ? p->example : "");
                return ax_fail(err, AX_EINPUT, "%s is required for the %s model (e.g. %s %s)",
                               n1, t->name, n1, p->example ? p->example : "");
            }
            if (p->role == AX_PARAM_COUPLING && given == dm_fixed) {
                src->name(src->self, p, n1, sizeof n1);
                return one_of(src, n1, src->dm_fixed_name, given, err);
            }
            if (given)
                ax_model_set(m, p, v);
        }
    }
    int st = ax_model_validate(m, err);
    if (st)
        return ax_error_context(err, "%s model", t->name);
    return AX_OK;
}

/* ---- JSON ------------------------------------------------------------- */

int ax_json_add_number(void *out_, const char *key, double v, ax_error *err)
{
    cJSON *out = out_;
    if (!isfinite(v))
        return ax_fail(err, AX_ERUN, "internal: result '%s' is not a finite number", key);
    if (!cJSON_AddNumberToObject(out, key, v))
        return ax_fail(err, AX_ERUN, "out of memory");
    return AX_OK;
}

static int param_json(cJSON *out, const ax_model *m, const ax_model_param *p, ax_error *err)
{
    if (!p->json_key)
        return AX_OK;
    double v = ax_model_get(m, p);
    if (p->type == AX_PARAM_WORD) {
        char w[32];
        if (!cJSON_AddStringToObject(out, p->json_key, word_at(p->words, (int)v, w, sizeof w)))
            return ax_fail(err, AX_ERUN, "out of memory");
        return AX_OK;
    }
    return ax_json_add_number(out, p->json_key, p->unit ? v / p->unit_gev : v, err);
}

int ax_model_params_json(void *out_, const ax_model *m, int with_derived, ax_error *err)
{
    cJSON *out = out_;
    const ax_model_type *t = ax_model_type_of(m->kind);
    if (!t)
        return ax_fail(err, AX_EINPUT, "unknown model kind %d", (int)m->kind);
    int st = param_json(out, m, &COMMON[0], err);
    for (size_t i = 0; st == AX_OK && i < t->nparams; i++) {
        const ax_model_param *p = &t->params[i];
        if (!with_derived && (p->role == AX_PARAM_ALT || p->type == AX_PARAM_WORD))
            continue;
        st = param_json(out, m, p, err);
    }
    return st;
}

static const char *flavor_word(int f)
{
    return f == AX_FLAVOR_E ? "e" : (f == AX_FLAVOR_TAU ? "tau" : "mu");
}

int ax_point_json(void *out_, const ax_production_opts *o, const ax_model *m,
                  const ax_prod_result *r, int dm_fixed, ax_error *err)
{
    cJSON *out = out_;
    const ax_model_type *t = ax_model_type_of(m->kind);
    if (!t)
        return ax_fail(err, AX_EINPUT, "unknown model kind %d", (int)m->kind);
    if (!cJSON_AddStringToObject(out, "model", t->name))
        return ax_fail(err, AX_ERUN, "out of memory");
    int st = ax_model_params_json(out, m, 1, err);
    if (st == AX_OK && t->json)
        st = t->json(out, m, r, err);
    st = AX_THEN(st, ax_json_add_number(out, "sin2_2theta_at_Tmax", r->sin2_2theta_at_Tmax, err));
    st = AX_THEN(st, ax_json_add_number(out, "sin2_2theta_today", r->sin2_2theta_today, err));
    if (st == AX_OK && (!cJSON_AddBoolToObject(out, "dm_fixed", dm_fixed) ||
                        !cJSON_AddBoolToObject(out, "adiabatic", r->adiabatic)))
        st = ax_fail(err, AX_ERUN, "out of memory");
    st = AX_THEN(st, ax_json_add_number(out, "omega_h2", r->omega_h2, err));
    st = AX_THEN(st, ax_json_add_number(out, "Y", r->Y, err));
    st = AX_THEN(st, ax_json_add_number(out, "T_max_MeV", r->T_max * 1e3, err));
    st = AX_THEN(st, ax_json_add_number(out, "T_max_mean_p_MeV", r->T_max_mean_p * 1e3, err));
    st = AX_THEN(st, ax_json_add_number(out, "T_cross_MeV", r->T_cross * 1e3, err));
    st = AX_THEN(st, ax_json_add_number(out, "mean_q_over_T", r->mean_q_over_T, err));
    st = AX_THEN(st, ax_json_add_number(out, "T_high_MeV", r->T_high * 1e3, err));
    st = AX_THEN(st, ax_json_add_number(out, "T_low_MeV", r->T_low * 1e3, err));
    st = AX_THEN(st, ax_json_add_number(out, "last_decade_fraction", r->last_decade_frac, err));
    st = AX_THEN(st, ax_json_add_number(out, "fraction_above_opacity_table", r->frac_above_table, err));
    st = AX_THEN(st, ax_json_add_number(out, "fraction_below_opacity_table", r->frac_below_table, err));
    st = AX_THEN(st, ax_json_add_number(out, "max_sin2_2theta", r->max_sin2_2theta, err));
    if (st != AX_OK)
        return st;
    if (!cJSON_AddBoolToObject(out, "large_mixing", r->large_mixing) ||
        !cJSON_AddBoolToObject(out, "opacity_extrapolated", r->opacity_extrapolated) ||
        !cJSON_AddStringToObject(out, "flavor", flavor_word(o->flavor)) ||
        !cJSON_AddStringToObject(out, "opacity", o->opacity_file ? o->opacity_file
                                                                    : "Venumadhav et al. 2016 (default)") ||
        !cJSON_AddStringToObject(out, "rate_convention", r->rate_convention))
        return ax_fail(err, AX_ERUN, "out of memory");
    return AX_OK;
}

char *ax_point_json_text(const ax_production_opts *o, const ax_model *m,
                         const ax_prod_result *r, int dm_fixed, ax_error *err)
{
    cJSON *out = cJSON_CreateObject();
    char *s = NULL;
    if (!out)
        ax_fail(err, AX_ERUN, "out of memory");
    else if (ax_point_json(out, o, m, r, dm_fixed, err) == AX_OK &&
             !(s = cJSON_Print(out)))
        ax_fail(err, AX_ERUN, "out of memory");
    cJSON_Delete(out);
    return s;
}
