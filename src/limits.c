/* limits.c -- limit files: loading, validation, evaluation
 * (see axsterile/limits.h and docs/limits-format.md). */
#include "axsterile/limits.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/io.h"
#include "axsterile/units.h"
#include "json_util.h"

#include "target_internal.h"

/* ==== names and ranges ================================================= */

typedef struct yinfo {
    const char *name;      /* JSON "y.quantity" */
    const char *unit;      /* the one accepted JSON "y.unit" */
    double lo, hi;         /* plausible range in internal units (inclusive) */
    ax_limit_xquantity x;  /* the x quantity it goes with */
} yinfo;

static const yinfo YINFO[] = {
    /* sin2 down to 1e-70: recast limits on <sin^2 2theta_eff>_0 reach 1e-60 */
    [AX_LIM_SIN2] = {"sin2_2theta", "1", 1e-70, 1.0, AX_LIMX_MS},
    [AX_LIM_GAMMA] = {"gamma", "s^-1", 1e-60, 1e-10, AX_LIMX_MS},
    [AX_LIM_TAU] = {"tau", "s", 1e10, 1e60, AX_LIMX_MS},
    [AX_LIM_FLUX] = {"flux", "cm^-2 s^-1", 1e-30, 1.0, AX_LIMX_EGAMMA},
    [AX_LIM_SIGMAV] = {"sigmav", "cm^3 s^-1", 1e-50, 1e-15, AX_LIMX_MCHI},
};
#define NY (sizeof YINFO / sizeof YINFO[0])

static const char *const XNAMES[] = {"m_s", "E_gamma", "m_chi"};
#define NX (sizeof XNAMES / sizeof XNAMES[0])

/* x range accepted, GeV: 1 eV to 100 TeV */
#define X_MIN_GEV 1e-9
#define X_MAX_GEV 1e5
#define MAX_ROWS 100000

const char *ax_limit_quantity_name(ax_limit_quantity q)
{
    return (size_t)q < NY ? YINFO[q].name : "?";
}

const char *ax_limit_quantity_unit(ax_limit_quantity q)
{
    return (size_t)q < NY ? YINFO[q].unit : "?";
}

const char *ax_limit_xquantity_name(ax_limit_xquantity q)
{
    return (size_t)q < NX ? XNAMES[q] : "?";
}

double ax_limit_ms_of_x(const ax_limit *lim, double x)
{
    return lim->x_quantity == AX_LIMX_MS ? x : AX_MS_PER_EGAMMA * x;
}

double ax_limit_x_of_ms(const ax_limit *lim, double m_s)
{
    return lim->x_quantity == AX_LIMX_MS ? m_s : m_s / AX_MS_PER_EGAMMA;
}

/* ==== small helpers ==================================================== */

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

/* a + b + c, newly allocated */
static char *cat3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *d = malloc(na + nb + nc + 1);
    if (d) {
        memcpy(d, a, na);
        memcpy(d + na, b, nb);
        memcpy(d + na + nb, c, nc + 1);
    }
    return d;
}

/* The parse context: file names for messages. */
typedef struct ctx {
    const char *json_name;
    const char *csv_name;
    ax_error *err;
} ctx;

static int key_fail(const ctx *c, const char *key, const char *what, const cJSON *got)
{
    if (!got)
        return ax_fail(c->err, AX_EINPUT, "%s: missing key \"%s\"; expected %s", c->json_name,
                       key, what);
    if (cJSON_IsString(got))
        return ax_fail(c->err, AX_EINPUT, "%s: key \"%s\": got \"%.60s\"; expected %s",
                       c->json_name, key, got->valuestring, what);
    return ax_fail(c->err, AX_EINPUT, "%s: key \"%s\": got %s; expected %s", c->json_name,
                   key, ax_json_type_name(got), what);
}

/* A required (or optional, may_be_missing) string member; "" allowed only
 * when allow_empty. Stores a pointer into the JSON tree. */
static int get_string(const ctx *c, const cJSON *obj, const char *member, const char *path,
                      int may_be_missing, int allow_empty, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, member);
    *out = NULL;
    if (!v && may_be_missing)
        return AX_OK;
    if (!cJSON_IsString(v) || !v->valuestring)
        return key_fail(c, path, allow_empty ? "a string" : "a non-empty string", v);
    if (!allow_empty && v->valuestring[0] == '\0')
        return key_fail(c, path, "a non-empty string", v);
    if (strlen(v->valuestring) > 4000)
        return ax_fail(c->err, AX_EINPUT, "%s: key \"%s\": string longer than 4000 characters",
                       c->json_name, path);
    /* The texts go into file headers and gnuplot scripts, one line each: a
     * control character (a newline could start a command there) is refused. */
    for (const unsigned char *q = (const unsigned char *)v->valuestring; *q; q++)
        if (*q < 0x20 || *q == 0x7f)
            return ax_fail(c->err, AX_EINPUT,
                           "%s: key \"%s\": a control character (code %u) at position %zu; "
                           "expected one line of printable text",
                           c->json_name, path, (unsigned)*q,
                           (size_t)(q - (const unsigned char *)v->valuestring) + 1);
    *out = v->valuestring;
    return AX_OK;
}

/* A finite number member; range [lo, hi]. */
static int get_number(const ctx *c, const cJSON *obj, const char *member, const char *path,
                      double lo, double hi, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, member);
    char what[96];
    snprintf(what, sizeof what, "a number in [%g, %g]", lo, hi);
    if (!cJSON_IsNumber(v))
        return key_fail(c, path, what, v);
    double x = v->valuedouble;
    if (!isfinite(x) || x < lo || x > hi)
        return ax_fail(c->err, AX_EINPUT, "%s: key \"%s\": %g is out of range; expected %s",
                       c->json_name, path, x, what);
    *out = x;
    return AX_OK;
}

static int get_object(const ctx *c, const cJSON *obj, const char *member, const char *path,
                      const cJSON **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, member);
    *out = v;
    if (!cJSON_IsObject(v))
        return key_fail(c, path, "an object", v);
    return AX_OK;
}

/* Refuse members not in `allowed` (NULL-terminated), to catch typos. */
static int check_members(const ctx *c, const cJSON *obj, const char *path,
                         const char *const *allowed, const char *list)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        int ok = 0;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = m->string && strcmp(m->string, allowed[i]) == 0;
        if (!ok)
            return ax_fail(c->err, AX_EINPUT, "%s: unknown key \"%s%s%s\"; expected one of %s",
                           c->json_name, path, *path ? "." : "", m->string ? m->string : "?",
                           list);
    }
    return AX_OK;
}

/* ==== target ========================================================== */

/* The "target" object, read once into lim->target (target.c); its compact
 * JSON text is kept for `limits show` and for the sidecar of a recast. */
static int parse_target(const ctx *c, const cJSON *root, ax_limit *lim)
{
    const cJSON *t;
    int st = get_object(c, root, "target", "target", &t);
    if (st != AX_OK)
        return st;
    if ((st = ax_target_from_cjson(t, &lim->target, c->err)) != AX_OK)
        return ax_error_context(c->err, "%s", c->json_name);
    lim->has_target = 1;
    lim->target_json = cJSON_PrintUnformatted(t);
    if (!lim->target_json)
        return ax_fail(c->err, AX_ERUN, "%s: out of memory", c->json_name);
    return AX_OK;
}

/* ==== the sidecar ====================================================== */

static int set_str(const ctx *c, char **dst, const char *src)
{
    *dst = dup_str(src ? src : "");
    return *dst ? AX_OK : ax_fail(c->err, AX_ERUN, "out of memory");
}

static int check_arxiv(const char *s)
{
    /* new style NNNN.NNNN(N) or old style archive/NNNNNNN */
    size_t n = strlen(s);
    if (n == 9 || n == 10) {
        for (size_t i = 0; i < n; i++)
            if (i == 4 ? s[i] != '.' : !isdigit((unsigned char)s[i]))
                return 0;
        return 1;
    }
    const char *slash = strchr(s, '/');
    if (!slash || strlen(slash + 1) != 7 || slash == s)
        return 0;
    for (const char *p = slash + 1; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return 1;
}

/* name, experiment, reference{...}, digitized_by, notes -> lim. */
static int parse_texts(const ctx *c, const cJSON *root, ax_limit *lim)
{
    static const char *const REF[] = {"arxiv", "figure", "doi", "citation", NULL};
    const char *name, *exp, *arxiv, *fig, *doi, *cit, *dig, *notes;
    const cJSON *ref;
    int st;
    if ((st = get_string(c, root, "name", "name", 0, 0, &name)) != AX_OK ||
        (st = get_string(c, root, "experiment", "experiment", 0, 0, &exp)) != AX_OK ||
        (st = get_object(c, root, "reference", "reference", &ref)) != AX_OK ||
        (st = check_members(c, ref, "reference", REF, "arxiv, figure, doi, citation")) != AX_OK ||
        (st = get_string(c, ref, "arxiv", "reference.arxiv", 0, 0, &arxiv)) != AX_OK ||
        (st = get_string(c, ref, "figure", "reference.figure", 0, 0, &fig)) != AX_OK ||
        (st = get_string(c, ref, "doi", "reference.doi", 1, 1, &doi)) != AX_OK ||
        (st = get_string(c, ref, "citation", "reference.citation", 1, 0, &cit)) != AX_OK ||
        (st = get_string(c, root, "digitized_by", "digitized_by", 0, 0, &dig)) != AX_OK ||
        (st = get_string(c, root, "notes", "notes", 0, 1, &notes)) != AX_OK)
        return st;
    if (!check_arxiv(arxiv))
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"reference.arxiv\": \"%.40s\"; expected an arXiv number such "
                       "as \"1908.09037\" or \"astro-ph/0512509\"",
                       c->json_name, arxiv);
    if ((st = set_str(c, &lim->name, name)) != AX_OK ||
        (st = set_str(c, &lim->experiment, exp)) != AX_OK ||
        (st = set_str(c, &lim->arxiv, arxiv)) != AX_OK ||
        (st = set_str(c, &lim->figure, fig)) != AX_OK ||
        (st = set_str(c, &lim->doi, doi)) != AX_OK ||
        (st = set_str(c, &lim->digitized_by, dig)) != AX_OK ||
        (st = set_str(c, &lim->notes, notes)) != AX_OK)
        return st;
    size_t rn = (cit ? strlen(cit) : 0) + strlen(arxiv) + 16;
    lim->reference = malloc(rn);
    if (!lim->reference)
        return ax_fail(c->err, AX_ERUN, "out of memory");
    if (cit)
        snprintf(lim->reference, rn, "%s (arXiv:%s)", cit, arxiv);
    else
        snprintf(lim->reference, rn, "arXiv:%s", arxiv);
    return AX_OK;
}

/* x{quantity, unit} and y{quantity, unit} -> lim, checking that they go
 * together. */
static int parse_axes(const ctx *c, const cJSON *root, ax_limit *lim)
{
    static const char *const AX[] = {"quantity", "unit", NULL};
    const char *xq, *xu, *yq, *yu;
    const cJSON *x, *y;
    int st;
    if ((st = get_object(c, root, "x", "x", &x)) != AX_OK ||
        (st = check_members(c, x, "x", AX, "quantity, unit")) != AX_OK ||
        (st = get_string(c, x, "quantity", "x.quantity", 0, 0, &xq)) != AX_OK ||
        (st = get_string(c, x, "unit", "x.unit", 0, 0, &xu)) != AX_OK)
        return st;
    size_t xi = 0;
    while (xi < NX && strcmp(xq, XNAMES[xi]) != 0)
        xi++;
    if (xi == NX)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"x.quantity\": unknown quantity \"%.40s\"; expected one of "
                       "m_s, E_gamma, m_chi",
                       c->json_name, xq);
    double xfac = strlen(xu) < sizeof lim->x_unit ? ax_units_factor(AX_DIM_ENERGY, xu) : 0.0;
    if (xfac == 0.0)
        return ax_fail(c->err, AX_EINPUT, "%s: key \"x.unit\": unknown unit \"%.40s\"; expected "
                       "an energy unit, one of %s",
                       c->json_name, xu, ax_units_accepted(AX_DIM_ENERGY));
    if ((st = get_object(c, root, "y", "y", &y)) != AX_OK ||
        (st = check_members(c, y, "y", AX, "quantity, unit")) != AX_OK ||
        (st = get_string(c, y, "quantity", "y.quantity", 0, 0, &yq)) != AX_OK ||
        (st = get_string(c, y, "unit", "y.unit", 0, 0, &yu)) != AX_OK)
        return st;
    size_t yi = 0;
    while (yi < NY && strcmp(yq, YINFO[yi].name) != 0)
        yi++;
    if (yi == NY)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"y.quantity\": unknown quantity \"%.40s\"; expected one of "
                       "sin2_2theta, gamma, tau, flux, sigmav",
                       c->json_name, yq);
    if (strcmp(yu, YINFO[yi].unit) != 0)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"y.unit\": unknown unit \"%.40s\" for %s; expected \"%s\"",
                       c->json_name, yu, yq, YINFO[yi].unit);
    if (YINFO[yi].x != (ax_limit_xquantity)xi)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"x.quantity\": \"%s\" does not go with y \"%s\"; expected "
                       "\"%s\"",
                       c->json_name, xq, yq, XNAMES[YINFO[yi].x]);
    lim->x_quantity = (ax_limit_xquantity)xi;
    lim->y_quantity = (ax_limit_quantity)yi;
    snprintf(lim->x_unit, sizeof lim->x_unit, "%s", xu);
    snprintf(lim->y_unit, sizeof lim->y_unit, "%s", YINFO[yi].unit);
    return AX_OK;
}

/* decay_convention -> lim->convention (after parse_axes: it depends on y). */
static int parse_convention(const ctx *c, const cJSON *root, ax_limit *lim)
{
    const char *conv;
    int st = get_string(c, root, "decay_convention", "decay_convention", 0, 0, &conv);
    if (st != AX_OK)
        return st;
    int cv = AX_LIMIT_CONVENTION_NONE;
    if (strcmp(conv, "majorana") == 0)
        cv = AX_DECAY_MAJORANA;
    else if (strcmp(conv, "bh16-eq10") == 0 || strcmp(conv, "dirac") == 0)
        cv = AX_DECAY_DIRAC;
    else if (strcmp(conv, "none") != 0)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"decay_convention\": \"%.40s\"; expected \"majorana\", "
                       "\"bh16-eq10\" (or \"dirac\") or \"none\"",
                       c->json_name, conv);
    ax_limit_quantity q = lim->y_quantity;
    if (q == AX_LIM_SIN2 && cv == AX_LIMIT_CONVENTION_NONE)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"decay_convention\": a sin2_2theta limit needs \"majorana\" "
                       "(1024 pi^4) or \"bh16-eq10\" (2048 pi^4), not \"none\"",
                       c->json_name);
    if ((q == AX_LIM_FLUX || q == AX_LIM_SIGMAV) && cv != AX_LIMIT_CONVENTION_NONE)
        return ax_fail(c->err, AX_EINPUT,
                       "%s: key \"decay_convention\": a %s limit has no decay convention; "
                       "expected \"none\"",
                       c->json_name, YINFO[q].name);
    lim->convention = cv;
    return AX_OK;
}

/* The optional look of the limit in figures: "plot": {"color": "#rrggbb",
 * "marker": 1..23}, either key optional (docs/limits-format.md). */
static int parse_plot(const ctx *c, const cJSON *root, ax_limit *lim)
{
    static const char *const PLOT[] = {"color", "marker", NULL};
    const cJSON *plot = cJSON_GetObjectItemCaseSensitive(root, "plot");
    if (!plot)
        return AX_OK;
    if (!cJSON_IsObject(plot))
        return key_fail(c, "plot", "an object {\"color\": \"#rrggbb\", \"marker\": 1-23}",
                        plot);
    int st = check_members(c, plot, "plot", PLOT, "color, marker");
    if (st)
        return st;
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(plot, "color");
    if (col) {
        int ok = cJSON_IsString(col) && strlen(col->valuestring) == 7 &&
                 col->valuestring[0] == '#';
        for (int i = 1; ok && i < 7; i++)
            ok = isxdigit((unsigned char)col->valuestring[i]);
        if (!ok)
            return key_fail(c, "plot.color", "a colour \"#rrggbb\" (six hex digits)", col);
        memcpy(lim->plot_color, col->valuestring, 8);
    }
    const cJSON *mk = cJSON_GetObjectItemCaseSensitive(plot, "marker");
    if (mk) {
        if (!cJSON_IsNumber(mk))
            return key_fail(c, "plot.marker", "a whole number from 1 to 15", mk);
        if (mk->valuedouble != floor(mk->valuedouble) || mk->valuedouble < 1 ||
            mk->valuedouble > 15)
            return ax_fail(c->err, AX_EINPUT, "%s: key \"plot.marker\": got %.6g; expected a "
                           "whole number from 1 to 15 (the marker shapes of "
                           "docs/limits-format.md)", c->json_name,
                           mk->valuedouble);
        lim->plot_marker = (int)mk->valuedouble;
    }
    return AX_OK;
}

static int parse_sidecar(const ctx *c, const cJSON *root, ax_limit *lim)
{
    static const char *const TOP[] = {"name", "experiment", "reference", "x", "y",
                                      "decay_convention", "dm_fraction", "target",
                                      "digitized_by", "notes", "recast", "approximate",
                                      "assumed", "plot", NULL};
    int st;
    if (!cJSON_IsObject(root))
        return ax_fail(c->err, AX_EINPUT, "%s: the top level is %s; expected a JSON object",
                       c->json_name, ax_json_type_name(root));
    if ((st = check_members(c, root, "", TOP,
                            "name, experiment, reference, x, y, decay_convention, "
                            "dm_fraction, target, digitized_by, notes, recast, approximate, "
                            "assumed, plot")) != AX_OK ||
        (st = parse_texts(c, root, lim)) != AX_OK || (st = parse_axes(c, root, lim)) != AX_OK ||
        (st = parse_convention(c, root, lim)) != AX_OK ||
        (st = get_number(c, root, "dm_fraction", "dm_fraction", 1e-6, 1.0,
                         &lim->dm_fraction)) != AX_OK)
        return st;
    /* "approximate": true says the target (region or profile) could not be
     * taken from the paper; "assumed" then says what stands for it */
    const cJSON *approx = cJSON_GetObjectItemCaseSensitive(root, "approximate");
    if (approx && !cJSON_IsBool(approx))
        return key_fail(c, "approximate", "true or false", approx);
    lim->approximate = cJSON_IsTrue(approx);
    const char *assumed;
    if ((st = get_string(c, root, "assumed", "assumed", !lim->approximate, 0, &assumed)) !=
        AX_OK)
        return st;
    if (assumed && !lim->approximate)
        return ax_fail(c->err, AX_EINPUT, "%s: key \"assumed\" without \"approximate\": true; "
                       "expected both or neither", c->json_name);
    if (assumed && !(lim->assumed = dup_str(assumed)))
        return ax_fail(c->err, AX_ERUN, "out of memory");
    if ((st = parse_plot(c, root, lim)) != AX_OK)
        return st;
    const cJSON *recast = cJSON_GetObjectItemCaseSensitive(root, "recast");
    if (recast && !cJSON_IsObject(recast))
        return key_fail(c, "recast", "an object", recast);
    /* a recast to the axion-assisted model (`limits recast` writes these): a
     * limit on <sin^2 2theta_eff>_0 for the f_s it states */
    const cJSON *kind = recast ? cJSON_GetObjectItemCaseSensitive(recast, "kind") : NULL;
    if (cJSON_IsString(kind) && strcmp(kind->valuestring, "axion-assisted recast") == 0) {
        if (lim->y_quantity != AX_LIM_SIN2)
            return ax_fail(c->err, AX_EINPUT, "%s: key \"recast.kind\": an axion-assisted "
                           "recast must be a limit on sin2_2theta (its <sin^2 2theta_eff>_0); "
                           "got y.quantity \"%s\"", c->json_name,
                           ax_limit_quantity_name(lim->y_quantity));
        if ((st = get_number(c, recast, "f_s", "recast.f_s", 1e-6, 1.0, &lim->recast_fs)) !=
            AX_OK)
            return st;
        lim->recast_axion = 1;
    }
    return parse_target(c, root, lim);
}

/* ==== the data ========================================================= */

static int parse_data(const ctx *c, const char *csv_text, size_t csv_len, double xfac,
                      ax_limit *lim)
{
    ax_table t;
    int st = ax_table_parse(c->csv_name, csv_text, csv_len, 2, AX_TABLE_CSV | AX_TABLE_ALLOW_NAN,
                            &t, c->err);
    if (st != AX_OK)
        return st;
    const yinfo *yi = &YINFO[lim->y_quantity];
    size_t nfinite = 0;
    if (t.nrows > MAX_ROWS)
        st = ax_fail(c->err, AX_EINPUT, "%s: %zu rows; expected at most %d", c->csv_name,
                     t.nrows, MAX_ROWS);
    for (size_t i = 0; st == AX_OK && i < t.nrows; i++) {
        double xr = ax_table_at(&t, i, 0), y = ax_table_at(&t, i, 1), x = xr * xfac;
        size_t line = t.line[i];
        if (isnan(xr))
            st = ax_fail(c->err, AX_EINPUT,
                         "%s line %zu, column 1: x is nan; expected a positive %s in %s "
                         "(only y may be nan, for a masked window)",
                         c->csv_name, line, XNAMES[lim->x_quantity], lim->x_unit);
        else if (!(x >= X_MIN_GEV && x <= X_MAX_GEV))
            st = ax_fail(c->err, AX_EINPUT,
                         "%s line %zu, column 1: x = %g %s is out of range; expected a "
                         "positive %s between 1 eV and 100 TeV",
                         c->csv_name, line, xr, lim->x_unit, XNAMES[lim->x_quantity]);
        else if (i > 0 && !(x >= lim->x[i - 1]))
            st = ax_fail(c->err, AX_EINPUT,
                         "%s line %zu, column 1: x = %g %s is smaller than the previous "
                         "x = %g %s (line %zu); expected x increasing (equal x only for a "
                         "vertical step of the source)",
                         c->csv_name, line, xr, lim->x_unit, ax_table_at(&t, i - 1, 0),
                         lim->x_unit, t.line[i - 1]);
        else if (!isnan(y) && !(y >= yi->lo && y <= yi->hi))
            st = ax_fail(c->err, AX_EINPUT,
                         "%s line %zu, column 2: %s = %g is out of range; expected a "
                         "positive value in [%g, %g]%s%s (or nan for a masked window)",
                         c->csv_name, line, yi->name, y, yi->lo, yi->hi,
                         strcmp(yi->unit, "1") ? " " : "", strcmp(yi->unit, "1") ? yi->unit : "");
        if (st != AX_OK)
            break;
        if (i == 0) {
            lim->x = malloc(t.nrows * sizeof *lim->x);
            lim->y = malloc(t.nrows * sizeof *lim->y);
            if (!lim->x || !lim->y) {
                st = ax_fail(c->err, AX_ERUN, "%s: out of memory", c->csv_name);
                break;
            }
        }
        lim->x[i] = x;
        lim->y[i] = y;
        lim->n = i + 1;
        if (!isnan(y))
            nfinite++;
    }
    if (st == AX_OK && nfinite < 2)
        st = ax_fail(c->err, AX_EINPUT,
                     "%s: %zu point(s) with a limit; expected at least two", c->csv_name,
                     nfinite);
    if (st == AX_OK && !(lim->x[lim->n - 1] > lim->x[0]))
        st = ax_fail(c->err, AX_EINPUT,
                     "%s: every point is at x = %g %s; expected a range of x (two points at "
                     "one x are a vertical step inside the range)",
                     c->csv_name, ax_table_at(&t, 0, 0), lim->x_unit);
    if (st == AX_OK) {
        lim->provenance = dup_str(t.comments ? t.comments : "");
        if (!lim->provenance)
            st = ax_fail(c->err, AX_ERUN, "out of memory");
    }
    ax_table_free(&t);
    return st;
}

/* ==== loading ========================================================== */

static int parse_pair(const ctx *c, const char *csv_text, size_t csv_len,
                      const char *json_text, size_t json_len, ax_limit *lim)
{
    cJSON *root = NULL;
    int st = ax_json_parse(c->json_name, json_text, json_len, AX_LIMIT_MAX_BYTES, &root, c->err);
    st = AX_THEN(st, parse_sidecar(c, root, lim));
    cJSON_Delete(root);
    st = AX_THEN(st, parse_data(c, csv_text, csv_len, ax_units_factor(AX_DIM_ENERGY, lim->x_unit), lim));
    return st;
}

/* A stem names the limit's files, its output files (limit_STEM.csv) and
 * appears in gnuplot scripts: letters, digits, '_', '-', '+' and '.' only. */
static int check_stem(const char *stem, const char *path, ax_error *err)
{
    size_t n = strlen(stem);
    int ok = n > 0 && n <= 100 && stem[0] != '-' && stem[0] != '.';
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)stem[i]) || strchr("_-+.", stem[i]) != NULL;
    if (!ok)
        return ax_fail(err, AX_EINPUT,
                       "%s: the file name '%.120s' is not a limit stem; expected 1 to 100 "
                       "letters, digits, '_', '-', '+' or '.' (not first), e.g. "
                       "nustar_bulge_roach2020",
                       path, stem);
    return AX_OK;
}

int ax_limit_parse(const char *stem, const char *csv_text, size_t csv_len,
                   const char *json_text, ax_limit *lim, ax_error *err)
{
    memset(lim, 0, sizeof *lim);
    if (check_stem(stem, stem, err) != AX_OK)
        return AX_EINPUT;
    char *cn = cat3(stem, ".csv", ""), *jn = cat3(stem, ".json", "");
    int st;
    if (!cn || !jn) {
        st = ax_fail(err, AX_ERUN, "out of memory");
    } else {
        ctx c = {jn, cn, err};
        st = parse_pair(&c, csv_text, csv_len, json_text, strlen(json_text), lim);
    }
    if (st == AX_OK) {
        lim->stem = dup_str(stem);
        lim->path = cn;
        lim->json_path = jn;
        cn = jn = NULL;
        if (!lim->stem)
            st = ax_fail(err, AX_ERUN, "out of memory");
    }
    free(cn);
    free(jn);
    if (st != AX_OK)
        ax_limit_free(lim);
    return st;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The two files' identities, to see whether one was replaced meanwhile. */
static void pair_ids(const char *a, const char *b, struct stat id[2])
{
    memset(id, 0, 2 * sizeof *id);
    if (stat(a, &id[0]) != 0)
        memset(&id[0], 0, sizeof id[0]);
    if (stat(b, &id[1]) != 0)
        memset(&id[1], 0, sizeof id[1]);
}

static int same_ids(const struct stat x[2], const struct stat y[2])
{
    for (int i = 0; i < 2; i++)
        if (x[i].st_dev != y[i].st_dev || x[i].st_ino != y[i].st_ino ||
            x[i].st_size != y[i].st_size || x[i].st_mtime != y[i].st_mtime)
            return 0;
    return 1;
}

/* Read a limit's two files as one version (docs/hardening.md, "All or
 * none"): the interrupted commits of file pairs in their directory are
 * finished first, and the pair is read again while a commit there is under
 * way or replaced either file during the read. */
static int read_pair(const char *stem_path, const char *jn, const char *cn, char **json,
                     size_t *jlen, char **csv, size_t *clen, ax_error *err)
{
    const char *sl = strrchr(stem_path, '/');
    char *dir = sl ? cat3(stem_path, "", "") : cat3(".", "", "");
    if (!dir)
        return ax_fail(err, AX_ERUN, "out of memory");
    if (sl)
        dir[sl == stem_path ? 1 : sl - stem_path] = '\0';
    int st = AX_OK;
    for (int tries = 0;; tries++) {
        struct stat before[2], after[2];
        st = ax_commit_settle(jn, err);
        st = AX_THEN(st, ax_commit_settle(cn, err));
        if (st != AX_OK)
            break;
        pair_ids(jn, cn, before);
        st = ax_file_slurp(jn, AX_LIMIT_MAX_BYTES, json, jlen, err);
        st = AX_THEN(st, ax_file_slurp(cn, AX_LIMIT_MAX_BYTES, csv, clen, err));
        pair_ids(jn, cn, after);
        if ((same_ids(before, after) && !ax_commit_pending(dir)) || tries == 100)
            break;
        /* written meanwhile: read the pair again once the commit is done */
        free(*json);
        free(*csv);
        *json = *csv = NULL;
        ax_error_clear(err);
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    free(dir);
    return st;
}

int ax_limit_load(const char *path, ax_limit *lim, ax_error *err)
{
    memset(lim, 0, sizeof *lim);
    size_t n = strlen(path);
    size_t stem_len = n;
    if (n > 4 && strcmp(path + n - 4, ".csv") == 0)
        stem_len = n - 4;
    else if (n > 5 && strcmp(path + n - 5, ".json") == 0)
        stem_len = n - 5;
    else if (strchr(base_name(path), '.'))
        return ax_fail(err, AX_EINPUT,
                       "%s: expected a limit file STEM.csv or STEM.json (or the stem itself)",
                       path);
    char *stem_path = malloc(stem_len + 1);
    if (!stem_path)
        return ax_fail(err, AX_ERUN, "out of memory");
    memcpy(stem_path, path, stem_len);
    stem_path[stem_len] = '\0';
    if (check_stem(base_name(stem_path), path, err) != AX_OK) {
        free(stem_path);
        return AX_EINPUT;
    }
    char *cn = cat3(stem_path, ".csv", ""), *jn = cat3(stem_path, ".json", "");
    char *csv = NULL, *json = NULL;
    size_t clen = 0, jlen = 0;
    int st = (!cn || !jn) ? ax_fail(err, AX_ERUN, "out of memory") : AX_OK;
    st = AX_THEN(st, read_pair(stem_path, jn, cn, &json, &jlen, &csv, &clen, err));
    if (st == AX_OK) {
        ctx c = {jn, cn, err};
        st = parse_pair(&c, csv, clen, json, jlen, lim);
    }
    if (st == AX_OK) {
        lim->stem = dup_str(base_name(stem_path));
        lim->path = cn;
        lim->json_path = jn;
        cn = jn = NULL;
        if (!lim->stem)
            st = ax_fail(err, AX_ERUN, "out of memory");
    }
    free(csv);
    free(json);
    free(cn);
    free(jn);
    free(stem_path);
    if (st != AX_OK)
        ax_limit_free(lim);
    return st;
}

void ax_limit_free(ax_limit *lim)
{
    if (!lim)
        return;
    free(lim->name);
    free(lim->stem);
    free(lim->path);
    free(lim->json_path);
    free(lim->experiment);
    free(lim->reference);
    free(lim->arxiv);
    free(lim->figure);
    free(lim->doi);
    free(lim->digitized_by);
    free(lim->notes);
    free(lim->provenance);
    free(lim->assumed);
    cJSON_free(lim->target_json);
    free(lim->origin);
    free(lim->overrides);
    free(lim->x);
    free(lim->y);
    memset(lim, 0, sizeof *lim);
}

/* ==== sets ============================================================= */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n > m && strcmp(s + n - m, suf) == 0;
}

/* The *.json and *.csv files of dir, sorted (names[i] = "dir/file"). */
static int list_dir(const char *dir, char ***names_out, size_t *n_out, ax_error *err)
{
    *names_out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ax_fail(err, AX_EINPUT, "%s: cannot open the limits directory", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int st = AX_OK;
    struct dirent *e;
    while (st == AX_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || (!has_suffix(e->d_name, ".json") && !has_suffix(e->d_name, ".csv")))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                st = ax_fail(err, AX_ERUN, "out of memory");
                break;
            }
            names = nn;
        }
        names[n] = cat3(dir, "/", e->d_name);
        if (!names[n++])
            st = ax_fail(err, AX_ERUN, "out of memory");
    }
    closedir(d);
    if (st == AX_OK && n)
        qsort(names, n, sizeof *names, cmp_str);
    *names_out = names;
    *n_out = n;
    return st;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Record a file that did not load; the set goes on without it. */
static int add_problem(ax_limit_set *set, const char *path, const char *message, ax_error *err)
{
    ax_limit_problem *p = realloc(set->problems, (set->nproblems + 1) * sizeof *p);
    if (!p)
        return ax_fail(err, AX_ERUN, "out of memory");
    set->problems = p;
    p[set->nproblems].path = dup_str(path);
    p[set->nproblems].message = dup_str(message);
    if (!p[set->nproblems].path || !p[set->nproblems].message) {
        free(p[set->nproblems].path);
        free(p[set->nproblems].message);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    set->nproblems++;
    return AX_OK;
}

/* Add lim to the set; a limit with the same stem already there (from a
 * directory read earlier) is replaced, and lim->overrides names its sidecar. */
static int add_limit(ax_limit_set *set, ax_limit *lim, const char *dir, ax_error *err)
{
    lim->origin = dir ? dup_str(dir) : NULL;
    if (dir && !lim->origin)
        return ax_fail(err, AX_ERUN, "out of memory");
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->items[i].stem, lim->stem) == 0) {
            lim->overrides = set->items[i].json_path;
            set->items[i].json_path = NULL;
            ax_limit_free(&set->items[i]);
            set->items[i] = *lim;
            return AX_OK;
        }
    ax_limit *items = realloc(set->items, (set->n + 1) * sizeof *items);
    if (!items)
        return ax_fail(err, AX_ERUN, "out of memory");
    set->items = items;
    set->items[set->n++] = *lim;
    return AX_OK;
}

/* Load every pair of dir into set. strict: the first bad file is the
 * error; otherwise each bad file becomes a problem of the set. */
/* strict: the first bad pair is an error; otherwise it is left out and
 * recorded in set->problems. user: the directory is recorded in each limit
 * it gives (ax_limit.directory, overrides); NULL for the shipped one. */
static int load_one_dir(const char *dir, int strict, int user, ax_limit_set *set,
                        ax_error *err)
{
    char **names;
    size_t n;
    int st = list_dir(dir, &names, &n, err);
    for (size_t i = 0; st == AX_OK && i < n; i++) {
        /* every .csv needs its .json and vice versa */
        int is_json = has_suffix(names[i], ".json");
        size_t stem = strlen(names[i]) - (is_json ? 5 : 4);
        int paired = 0;
        for (size_t j = 0; j < n && !paired; j++)
            paired = j != i && strncmp(names[j], names[i], stem) == 0 &&
                     strcmp(names[j] + stem, is_json ? ".csv" : ".json") == 0;
        ax_error e;
        ax_error_clear(&e);
        int lst = AX_OK;
        ax_limit lim;
        memset(&lim, 0, sizeof lim);
        if (!paired)
            lst = ax_fail(&e, AX_EINPUT, "%s: no matching %s file; a limit is a pair STEM.csv + "
                          "STEM.json", names[i], is_json ? ".csv" : ".json");
        else if (!is_json)
            continue; /* a pair is read once, from its .json */
        else
            lst = ax_limit_load(names[i], &lim, &e);
        if (lst == AX_OK) {
            if ((st = add_limit(set, &lim, user ? dir : NULL, err)) != AX_OK)
                ax_limit_free(&lim);
        } else if (strict || lst != AX_EINPUT) {
            if (err)
                *err = e;
            st = lst;
        } else {
            st = add_problem(set, names[i], e.msg, err);
        }
    }
    free_names(names, n);
    return st;
}

static int cmp_limit(const void *a, const void *b)
{
    return strcmp(((const ax_limit *)a)->stem, ((const ax_limit *)b)->stem);
}

int ax_limit_set_load_dir(const char *dir, ax_limit_set *set, ax_error *err)
{
    memset(set, 0, sizeof *set);
    char found[4096];
    if (!dir) {
        int st = ax_data_find("limits", found, sizeof found, err);
        if (st != AX_OK)
            return st;
        dir = found;
    }
    int st = load_one_dir(dir, 1, 0, set, err);
    if (st != AX_OK) {
        ax_limit_set_free(set);
        /* every pair of a library is loaded: say which library refused */
        if (st == AX_EINPUT)
            ax_error_context(err, "limit library %s", dir);
        return st;
    }
    if (set->n)
        qsort(set->items, set->n, sizeof *set->items, cmp_limit);
    return AX_OK;
}

int ax_limit_set_load_sources(const ax_limit_sources *src, ax_limit_set *set, ax_error *err)
{
    memset(set, 0, sizeof *set);
    int st = AX_OK;
    if (src->only && src->ndirs == 0)
        return ax_fail(err, AX_EINPUT, "only the given limit directories were asked for, and "
                       "none was given; expected at least one directory");
    if (!src->only) {
        /* the shipped library; users add their pairs there too (README), so
         * a bad pair in it is left out and recorded like one of a user
         * directory */
        char found[4096];
        st = ax_data_find("limits", found, sizeof found, err);
        if (st == AX_OK)
            st = load_one_dir(found, 0, 0, set, err);
    }
    for (size_t k = 0; st == AX_OK && k < src->ndirs; k++)
        st = load_one_dir(src->dirs[k], 0, 1, set, err);
    if (st != AX_OK) {
        ax_limit_set_free(set);
        return st;
    }
    if (set->n)
        qsort(set->items, set->n, sizeof *set->items, cmp_limit);
    return AX_OK;
}

void ax_limit_set_free(ax_limit_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        ax_limit_free(&set->items[i]);
    free(set->items);
    for (size_t i = 0; i < set->nproblems; i++) {
        free(set->problems[i].path);
        free(set->problems[i].message);
    }
    free(set->problems);
    memset(set, 0, sizeof *set);
}

const ax_limit *ax_limit_set_find(const ax_limit_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->items[i].stem, name) == 0 || strcmp(set->items[i].name, name) == 0)
            return &set->items[i];
    for (size_t i = 0; i < set->n; i++)
        if (strcasecmp(set->items[i].stem, name) == 0 || strcasecmp(set->items[i].name, name) == 0)
            return &set->items[i];
    return NULL;
}

/* ==== evaluation ======================================================= */

int ax_limit_eval(const ax_limit *lim, double x, double *y, ax_error *err)
{
    *y = NAN;
    if (!lim || lim->n < 2)
        return ax_fail(err, AX_EINPUT, "empty limit");
    if (!(x >= lim->x[0] && x <= lim->x[lim->n - 1]))
        return AX_OUT_OF_RANGE; /* an outcome, not an error: err untouched */
    /* lo = the last point with x_lo <= x (points at one x form a step) */
    size_t lo = 0, hi = lim->n - 1;
    if (x >= lim->x[hi])
        lo = hi;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (lim->x[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    if (x == lim->x[lo]) {
        /* at a point, or at a vertical step of the source (several points at
         * this x): the weakest (largest) of its values, never stronger than
         * the source on either side of the step */
        double best = NAN;
        for (size_t k = lo + 1; k-- > 0 && lim->x[k] == x;)
            if (!isnan(lim->y[k]) && !(lim->y[k] <= best))
                best = lim->y[k];
        if (isnan(best))
            return AX_MASKED;
        *y = best;
        return AX_OK;
    }
    hi = lo + 1;
    double y0 = lim->y[lo], y1 = lim->y[hi];
    if (isnan(y0) || isnan(y1))
        return AX_MASKED;
    double t = log(x / lim->x[lo]) / log(lim->x[hi] / lim->x[lo]);
    *y = exp(log(y0) + t * (log(y1) - log(y0)));
    return AX_OK;
}

int ax_limit_is_decay(const ax_limit *lim)
{
    return lim->y_quantity == AX_LIM_SIN2 || lim->y_quantity == AX_LIM_GAMMA ||
           lim->y_quantity == AX_LIM_TAU;
}

int ax_limit_to_rate(const ax_limit *lim, double m_s, double *rate_s, ax_error *err)
{
    *rate_s = NAN;
    if (!ax_limit_is_decay(lim))
        return ax_fail(err, AX_EINPUT,
                       "%s: a %s limit is not a decay-rate limit; it needs a recast",
                       lim->stem, YINFO[lim->y_quantity].name);
    double y;
    int st = ax_limit_eval(lim, m_s, &y, err);
    if (st != AX_OK)
        return st;
    double r = lim->y_quantity == AX_LIM_SIN2 ? ax_decay_sin2_to_rate_s(m_s, y, lim->convention)
               : lim->y_quantity == AX_LIM_GAMMA ? y
                                                 : 1.0 / y;
    /* the source assumed the fraction dm_fraction decays: flux ~ f Gamma */
    *rate_s = r * lim->dm_fraction;
    return AX_OK;
}

int ax_limit_to_sin2_fraction(const ax_limit *lim, double m_s, int convention, double f_s,
                              double *sin2_lim, ax_error *err)
{
    *sin2_lim = NAN;
    if (ax_decay_convention_factor(convention) == 0.0)
        return ax_fail(err, AX_EINPUT, "unknown decay convention %d", convention);
    if (!(f_s > 0.0 && f_s <= 1.0))
        return ax_fail(err, AX_EINPUT, "DM fraction %g; expected a number in (0, 1]", f_s);
    double r;
    int st = ax_limit_to_rate(lim, m_s, &r, err);
    if (st != AX_OK)
        return st;
    *sin2_lim = ax_decay_rate_s_to_sin2(m_s, r / f_s, convention);
    return AX_OK;
}

int ax_limit_to_sin2(const ax_limit *lim, double m_s, int convention, double *sin2_lim,
                     ax_error *err)
{
    return ax_limit_to_sin2_fraction(lim, m_s, convention, 1.0, sin2_lim, err);
}

/* ==== line flux -> rate or <sigma v> =================================== */

static int flux_at(const ax_limit *lim, double E, double *phi, ax_error *err)
{
    *phi = NAN;
    if (lim->y_quantity != AX_LIM_FLUX)
        return ax_fail(err, AX_EINPUT, "%s: a %s limit is not a line-flux limit", lim->stem,
                       YINFO[lim->y_quantity].name);
    return ax_limit_eval(lim, E, phi, err);
}

/* Phi = n_gamma Gamma D/(4 pi m) (decay, photons of m/2). s^-1. */
int ax_limit_flux_to_rate(const ax_limit *lim, double m_s, double D_GeV_cm2, int n_gamma,
                          double *rate_s, ax_error *err)
{
    *rate_s = NAN;
    if (!(D_GeV_cm2 > 0.0) || n_gamma < 1)
        return ax_fail(err, AX_EINPUT, "D-factor %g GeV cm^-2 and %d photon(s) per decay; "
                       "expected both positive", D_GeV_cm2, n_gamma);
    double phi;
    int st = flux_at(lim, ax_limit_x_of_ms(lim, m_s), &phi, err);
    if (st == AX_OK)
        *rate_s = 4.0 * M_PI * m_s * phi / (n_gamma * D_GeV_cm2);
    return st;
}

/* Phi = 2 <sigma v> J/(8 pi m^2) (self-conjugate, two photons of m). cm^3 s^-1. */
int ax_limit_flux_to_sigmav(const ax_limit *lim, double m_chi, double J_GeV2_cm5,
                            double *sigmav_cm3_s, ax_error *err)
{
    *sigmav_cm3_s = NAN;
    if (!(J_GeV2_cm5 > 0.0))
        return ax_fail(err, AX_EINPUT, "J-factor %g GeV^2 cm^-5; expected a positive number",
                       J_GeV2_cm5);
    double phi;
    int st = flux_at(lim, m_chi, &phi, err);
    if (st == AX_OK)
        *sigmav_cm3_s = 4.0 * M_PI * m_chi * m_chi * phi / J_GeV2_cm5;
    return st;
}
