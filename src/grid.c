#define _XOPEN_SOURCE 700 /* realpath */
/* grid.c -- grid scans over the parameters of any registered model.
 * See axsterile/grid.h. */
#include "axsterile/grid.h"

#include "axsterile/decay.h"
#include "axsterile/io.h"
#include "json_util.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#define GRID_MAX_POINTS 100000000UL /* 1e8 points at most */
#define ROW_LEN 2048               /* one formatted CSV row at most */

/* ---- building ------------------------------------------------------------ */

static int parse_one(const ax_model_param *p, const char *text, const char *where, double *v,
                     ax_error *err)
{
    if (p->type == AX_PARAM_WORD) {
        char w[64];
        for (int k = 0; k < 32; k++) {
            ax_model_param_word(p, k, w, sizeof w);
            if (strcmp(w, "?") == 0)
                break;
            if (strcmp(w, text) == 0) {
                *v = k;
                return AX_OK;
            }
        }
        return ax_fail(err, AX_EINPUT, "%s: '%s'; expected one of: %s", where, text, p->words);
    }
    ax_dim dim = p->type == AX_PARAM_QUANTITY ? p->dim : AX_DIM_NONE;
    if (ax_units_parse(text, dim, 0, v, err))
        return ax_error_context(err, "%s", where);
    return ax_model_param_check(p, *v, where, err);
}

/* "FROM:TO:N[:log|lin]" or one value */
static int parse_axis(ax_grid_axis *a, const ax_model_param *p, const char *text,
                      const char *where, ax_error *err)
{
    memset(a, 0, sizeof *a);
    a->p = p;
    snprintf(a->text, sizeof a->text, "%s", text);
    if (!strchr(text, ':')) {
        a->n = 1;
        int st = parse_one(p, text, where, &a->from, err);
        a->to = a->from;
        return st;
    }
    const char *usage = "expected FROM:TO:N or FROM:TO:N:log (e.g. 1keV:1MeV:40:log)";
    if (p->type == AX_PARAM_WORD)
        return ax_fail(err, AX_EINPUT, "%s: '%s'; a range of words is not possible, give "
                       "one of: %s", where, text, p->words);
    char buf[256], *part[5] = {0};
    if (strlen(text) >= sizeof buf)
        return ax_fail(err, AX_EINPUT, "%s: the range is too long", where);
    strcpy(buf, text);
    int np = 0;
    for (char *s = buf; np < 5;) {
        part[np++] = s;
        char *c = strchr(s, ':');
        if (!c)
            break;
        *c = '\0';
        s = c + 1;
    }
    if (np < 3 || np > 4 || strchr(part[np - 1], ':'))
        return ax_fail(err, AX_EINPUT, "%s: '%s'; %s", where, text, usage);
    char w1[160], w2[160];
    snprintf(w1, sizeof w1, "%s (start of the range)", where);
    snprintf(w2, sizeof w2, "%s (end of the range)", where);
    int st = parse_one(p, part[0], w1, &a->from, err);
    if (!st)
        st = parse_one(p, part[1], w2, &a->to, err);
    if (st)
        return st;
    char *end;
    errno = 0;
    double n = strtod(part[2], &end);
    if (end == part[2] || *end || errno || n != floor(n) || !(n >= 1) ||
        n > (double)GRID_MAX_POINTS)
        return ax_fail(err, AX_EINPUT, "%s: '%s'; the number of points '%s' must be a whole "
                       "number from 1 to %lu", where, text, part[2], GRID_MAX_POINTS);
    a->n = (size_t)n;
    if (np == 4) {
        if (strcmp(part[3], "log") == 0)
            a->log = 1;
        else if (strcmp(part[3], "lin") != 0)
            return ax_fail(err, AX_EINPUT, "%s: '%s'; the spacing '%s' must be log or lin",
                           where, text, part[3]);
    }
    if (a->from > a->to)
        return ax_fail(err, AX_EINPUT, "%s: '%s'; the range is reversed (FROM must not "
                       "exceed TO)", where, text);
    if (a->n == 1 && a->from != a->to)
        return ax_fail(err, AX_EINPUT, "%s: '%s'; one point cannot span two different "
                       "ends (give one value, or 2 points or more)", where, text);
    if (a->n > 1 && a->from == a->to)
        return ax_fail(err, AX_EINPUT, "%s: '%s'; %zu points between equal ends (give "
                       "one value)", where, text, a->n);
    if (a->log && !(a->from > 0))
        return ax_fail(err, AX_EINPUT, "%s: '%s'; log spacing needs FROM > 0", where, text);
    return AX_OK;
}

double ax_grid_axis_value(const ax_grid_axis *a, size_t i)
{
    if (a->n <= 1 || i == 0)
        return a->from;
    if (i + 1 >= a->n)
        return a->to; /* the end exactly as given */
    double t = (double)i / (double)(a->n - 1);
    if (a->log)
        return a->from * pow(a->to / a->from, t);
    return a->from + t * (a->to - a->from);
}

/* ax_model_build reads the first value of every row from the grid */
typedef struct grid_source {
    const ax_grid *g;
} grid_source;

static const ax_grid_axis *axis_of(const ax_grid *g, const ax_model_param *p)
{
    for (size_t i = 0; i < g->naxes; i++)
        if (g->axes[i].p == p)
            return &g->axes[i];
    return NULL;
}

static int gs_get(void *self, const ax_model_param *p, int *given, double *value,
                  const char **word, ax_error *err)
{
    (void)err;
    const ax_grid_axis *a = axis_of(((grid_source *)self)->g, p);
    *given = a != NULL;
    if (a) {
        *value = a->from;
        *word = a->text;
    }
    return AX_OK;
}

static const char *gs_name(void *self, const ax_model_param *p, char *buf, size_t len)
{
    (void)self;
    if (p->flag)
        snprintf(buf, len, "%s (\"%s\")", p->flag, p->key);
    else
        snprintf(buf, len, "\"%s\"", p->key);
    return buf;
}

static int gs_foreign(void *self, const ax_model_param *p, const ax_model_type *owner,
                      const ax_model_type *chosen, ax_error *err)
{
    (void)self;
    return ax_fail(err, AX_EINPUT, "%s is a parameter of the %s, not of the %s", p->key,
                   owner->title, chosen->title);
}

/* the row of key or flag in t (or the common rows) */
static const ax_model_param *find_row(const ax_model_type *t, const char *key)
{
    const ax_model_param *p = ax_model_param_find(t, key);
    if (p)
        return p;
    size_t nc;
    const ax_model_param *c = ax_model_common_params(&nc);
    for (size_t i = 0; i < nc; i++)
        if (c[i].flag && strcmp(c[i].flag, key) == 0)
            return &c[i];
    for (size_t i = 0; i < t->nparams; i++)
        if (t->params[i].flag && strcmp(t->params[i].flag, key) == 0)
            return &t->params[i];
    return NULL;
}

int ax_grid_build(ax_grid *g, const ax_model_type *t, const ax_grid_entry *e, size_t n,
                  int dm_fixed, int convention, ax_error *err)
{
    memset(g, 0, sizeof *g);
    if (!t)
        return ax_fail(err, AX_EINPUT, "no model given for the grid");
    g->type = t;
    g->dm_fixed = dm_fixed;
    g->convention = convention;
    if (!ax_decay_convention_name(convention))
        return ax_fail(err, AX_EINPUT, "unknown decay convention %d", convention);
    if (n > AX_GRID_MAX_ENTRIES)
        return ax_fail(err, AX_EINPUT, "too many parameters for a grid (%zu; at most %d)", n,
                       AX_GRID_MAX_ENTRIES);
    for (size_t i = 0; i < n; i++) {
        const char *where = e[i].where ? e[i].where : e[i].key;
        const ax_model_param *p = find_row(t, e[i].key);
        if (!p) {
            for (size_t k = 0; k < ax_model_count(); k++) {
                const ax_model_type *o = ax_model_type_at(k);
                if (o != t && find_row(o, e[i].key))
                    return ax_fail(err, AX_EINPUT, "%s is a parameter of the %s, not of the "
                                   "%s", where, o->title, t->title);
            }
            return ax_fail(err, AX_EINPUT, "%s is not a parameter of the %s", where, t->title);
        }
        if (axis_of(g, p))
            return ax_fail(err, AX_EINPUT, "%s is given twice", where);
        if (p->role == AX_PARAM_COUPLING && dm_fixed)
            return ax_fail(err, AX_EINPUT, "%s: the coupling is solved for at every point "
                           "(dm_fixed): give either the coupling or dm_fixed, not both", where);
        int st = parse_axis(&g->axes[g->naxes], p, e[i].text, where, err);
        if (st)
            return st;
        g->naxes++;
    }
    /* the order of the points: the model's rows (slowest) in the order of
     * its table, then the common rows (m_s), then the coupling (fastest),
     * so that neighbouring points share the background field */
    ax_grid_axis sorted[AX_GRID_MAX_ENTRIES];
    size_t ns = 0, nc;
    const ax_model_param *c = ax_model_common_params(&nc);
    for (int pass = 0; pass < 3; pass++) {
        const ax_model_param *rows = pass == 1 ? c : t->params;
        size_t nr = pass == 1 ? nc : t->nparams;
        for (size_t i = 0; i < nr; i++) {
            if ((pass == 2) != (rows[i].role == AX_PARAM_COUPLING) && pass != 1)
                continue;
            const ax_grid_axis *a = axis_of(g, &rows[i]);
            if (a)
                sorted[ns++] = *a;
        }
    }
    memcpy(g->axes, sorted, ns * sizeof *sorted);
    g->naxes = ns;
    g->npoints = 1;
    for (size_t i = 0; i < ns; i++) {
        if (g->npoints > GRID_MAX_POINTS / g->axes[i].n)
            return ax_fail(err, AX_EINPUT, "the grid has more than %lu points",
                           GRID_MAX_POINTS);
        g->npoints *= g->axes[i].n;
    }
    grid_source gs = {g};
    ax_model_source src = {&gs, gs_get, gs_name, gs_foreign, AX_SOURCE_FLAGS,
                           "dm_fixed (--dm-fixed)"};
    int st = ax_model_build(t, &src, dm_fixed, &g->base, err);
    if (st)
        return st;
    g->flavor = g->base.flavor;
    return AX_OK;
}

int ax_grid_point(const ax_grid *g, size_t i, ax_model *m, ax_error *err)
{
    *m = g->base;
    /* the last axis varies fastest */
    for (size_t k = g->naxes; k-- > 0;) {
        const ax_grid_axis *a = &g->axes[k];
        size_t j = i % a->n;
        i /= a->n;
        ax_model_set(m, a->p, ax_grid_axis_value(a, j));
    }
    return ax_model_validate(m, err);
}

/* ---- the scan file --------------------------------------------------------- */

int ax_grid_load(ax_grid *g, const char *path, ax_error *err)
{
    /* strict: no repeated key, no text after the object, no NUL (json_util.h) */
    cJSON *root;
    int st = ax_json_load(path, 1 << 20, &root, err);
    if (st)
        return st;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return ax_fail(err, AX_EINPUT, "%s: not a JSON object (expected {\"model\": \"phi\", "
                       "\"m_s\": \"1keV:1MeV:40:log\", ...})", path);
    }
    const ax_model_type *t = NULL;
    int dm_fixed = 0, conv = AX_DECAY_DEFAULT;
    ax_grid_entry e[AX_GRID_MAX_ENTRIES];
    char text[AX_GRID_MAX_ENTRIES][160], where[AX_GRID_MAX_ENTRIES][96];
    size_t n = 0;
    st = AX_OK;
    for (cJSON *it = root->child; it && !st; it = it->next) {
        const char *k = it->string;
        if (strcmp(k, "model") == 0) {
            if (!cJSON_IsString(it) || !(t = ax_model_type_find(it->valuestring)))
                st = ax_fail(err, AX_EINPUT, "%s: \"model\" must name a registered model "
                             "(dw, phi, qcd, ...)", path);
        } else if (strcmp(k, "dm_fixed") == 0) {
            if (!cJSON_IsBool(it))
                st = ax_fail(err, AX_EINPUT, "%s: \"dm_fixed\" must be true or false", path);
            dm_fixed = cJSON_IsTrue(it);
        } else if (strcmp(k, "convention") == 0) {
            if (!cJSON_IsString(it))
                st = ax_fail(err, AX_EINPUT, "%s: \"convention\" must be majorana or "
                             "bh16-eq10", path);
            else if (ax_decay_convention_parse(it->valuestring, &conv, err))
                st = ax_error_context(err, "%s: \"convention\"", path);
        } else if (n >= AX_GRID_MAX_ENTRIES) {
            st = ax_fail(err, AX_EINPUT, "%s: too many keys", path);
        } else {
            snprintf(where[n], sizeof where[n], "%s: key \"%s\"", path, k);
            if (cJSON_IsString(it)) {
                snprintf(text[n], sizeof text[n], "%s", it->valuestring);
            } else if (cJSON_IsNumber(it)) {
                snprintf(text[n], sizeof text[n], "%.17g", it->valuedouble);
            } else if (cJSON_IsObject(it)) {
                const cJSON *f = cJSON_GetObjectItemCaseSensitive(it, "from");
                const cJSON *to = cJSON_GetObjectItemCaseSensitive(it, "to");
                const cJSON *np = cJSON_GetObjectItemCaseSensitive(it, "points");
                const cJSON *sp = cJSON_GetObjectItemCaseSensitive(it, "spacing");
                char a[64], b[64];
                if ((!cJSON_IsString(f) && !cJSON_IsNumber(f)) ||
                    (!cJSON_IsString(to) && !cJSON_IsNumber(to)) || !cJSON_IsNumber(np) ||
                    (sp && !cJSON_IsString(sp))) {
                    st = ax_fail(err, AX_EINPUT, "%s: a range is {\"from\": ..., \"to\": ..., "
                                 "\"points\": N, \"spacing\": \"log\" or \"lin\"}", where[n]);
                    break;
                }
                if (cJSON_IsString(f)) snprintf(a, sizeof a, "%s", f->valuestring);
                else snprintf(a, sizeof a, "%.17g", f->valuedouble);
                if (cJSON_IsString(to)) snprintf(b, sizeof b, "%s", to->valuestring);
                else snprintf(b, sizeof b, "%.17g", to->valuedouble);
                snprintf(text[n], sizeof text[n], "%s:%s:%.17g:%s", a, b, np->valuedouble,
                         sp ? sp->valuestring : "lin");
            } else {
                st = ax_fail(err, AX_EINPUT, "%s: expected a value (\"50keV\", 0.01), a "
                             "range \"FROM:TO:N[:log]\" or {\"from\", \"to\", \"points\", "
                             "\"spacing\"}", where[n]);
                break;
            }
            e[n].key = k;
            e[n].text = text[n];
            e[n].where = where[n];
            n++;
        }
    }
    if (!st && !t)
        st = ax_fail(err, AX_EINPUT, "%s: \"model\" is missing (e.g. \"model\": \"phi\")",
                     path);
    if (!st)
        st = ax_grid_build(g, t, e, n, dm_fixed, conv, err);
    cJSON_Delete(root);
    return st;
}

/* ---- rows ---------------------------------------------------------------- */

/* the quantities after the model's parameters */
static const char *const TAIL_COLS[] = {
    "omega_h2", "f_s", "sin2_2theta_today", "T_max_MeV", "abundance_ratio", "tau_s",
    "lifetime_ratio", "strongest_limit", "strongest_ratio", "largest_ratio_row", "largest_ratio",
    "observational_limits_applied",
    "excluded", "status", "note"};
#define NTAIL (sizeof TAIL_COLS / sizeof TAIL_COLS[0])

static int add_cell(char *row, size_t *len, const char *s, int quote)
{
    size_t cap = ROW_LEN - *len;
    if (*len && cap > 1) {
        row[(*len)++] = ',';
        cap--;
    }
    if (quote) {
        char q[ROW_LEN];
        size_t k = csv_write(q, sizeof q - 1, s, strlen(s));
        if (k >= sizeof q - 1 || k >= cap)
            return -1;
        memcpy(row + *len, q, k);
        *len += k;
    } else {
        size_t k = strlen(s);
        if (k >= cap)
            return -1;
        memcpy(row + *len, s, k);
        *len += k;
    }
    row[*len] = '\0';
    return 0;
}

static int add_num(char *row, size_t *len, double v)
{
    char b[40];
    if (!isfinite(v))
        b[0] = '\0'; /* no value: an empty cell, never NaN or inf */
    else
        snprintf(b, sizeof b, "%.17g", v);
    return add_cell(row, len, b, 0);
}

/* the model's parameter keys at m, as check --json writes them */
static cJSON *param_json(const ax_model *m, ax_error *err)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        ax_fail(err, AX_ERUN, "out of memory");
        return NULL;
    }
    if (ax_model_params_json(o, m, 0, err)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* one row of point i into row (ROW_LEN) */
static int grid_row(const ax_grid *g, const ax_production *ctx, const ax_limit_set *limits,
                    const ax_check_cache *cache, size_t i, char *row, int *kind, ax_error *err)
{
    ax_model m;
    ax_error e;
    ax_error_clear(&e);
    size_t len = 0;
    row[0] = '\0';
    char b[32];
    snprintf(b, sizeof b, "%zu", i);
    add_cell(row, &len, b, 0);
    int st = ax_grid_point(g, i, &m, &e);
    ax_check_report rep;
    memset(&rep, 0, sizeof rep);
    *kind = 0;
    if (st) {
        *kind = 1; /* invalid */
    } else if ((st = ax_check_point_cached(ctx, limits, cache, &m, g->dm_fixed,
                                          g->convention, &rep, &e))) {
        *kind = 2; /* failed */
        ax_check_report_free(&rep);
    }
    const ax_model *mm = *kind ? &m : &rep.model;
    cJSON *pj = param_json(mm, err);
    if (!pj) {
        ax_check_report_free(&rep);
        return AX_ERUN;
    }
    for (cJSON *it = pj->child; it; it = it->next)
        add_num(row, &len, cJSON_IsNumber(it) ? it->valuedouble : NAN);
    cJSON_Delete(pj);
    if (*kind) {
        for (size_t c = 0; c + 2 < NTAIL; c++)
            add_cell(row, &len, "", 0);
        add_cell(row, &len, *kind == 1 ? "invalid" : "failed", 0);
        char note[600];
        snprintf(note, sizeof note, "%.590s", e.msg);
        for (char *s = note; *s; s++)
            if (*s == '\n' || *s == '\r')
                *s = ' ';
        if (add_cell(row, &len, note, 1))
            add_cell(row, &len, "", 0);
        return AX_OK;
    }
    const ax_check_row *ab = NULL, *life = NULL, *best = NULL, *top = NULL;
    for (size_t k = 0; k < rep.n; k++) {
        const ax_check_row *r = &rep.rows[k];
        if (r->status == AX_OK && (!top || r->ratio > top->ratio))
            top = r;
        if (strcmp(r->kind, "abundance") == 0)
            ab = r;
        else if (strcmp(r->kind, "lifetime") == 0)
            life = r;
        else if ((strcmp(r->kind, "decay") == 0 || strcmp(r->kind, "recast") == 0) &&
                 r->status == AX_OK && (!best || r->ratio > best->ratio))
            best = r;
    }
    add_num(row, &len, rep.prod.omega_h2);
    add_num(row, &len, rep.f_s);
    add_num(row, &len, rep.prod.sin2_2theta_today);
    add_num(row, &len, rep.prod.T_max * 1e3);
    add_num(row, &len, ab && ab->status == AX_OK ? ab->ratio : NAN);
    add_num(row, &len, life && life->status == AX_OK ? life->model : NAN);
    add_num(row, &len, life && life->status == AX_OK ? life->ratio : NAN);
    add_cell(row, &len, best ? best->stem : "", 1);
    add_num(row, &len, best ? best->ratio : NAN);
    /* the limit file's stem, or the kind of a built-in bound */
    add_cell(row, &len, !top ? "" : top->stem[0] ? top->stem : top->kind, 1);
    add_num(row, &len, top ? top->ratio : NAN);
    snprintf(b, sizeof b, "%zu", rep.n_observational);
    add_cell(row, &len, b, 0);
    add_cell(row, &len, rep.excluded ? "1" : "0", 0);
    add_cell(row, &len, "ok", 0);
    add_cell(row, &len, "", 0);
    ax_check_report_free(&rep);
    return AX_OK;
}

/* ---- manifest -------------------------------------------------------------- */

static cJSON *grid_spec(const ax_grid *g)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "model", g->type->name);
    cJSON_AddBoolToObject(s, "dm_fixed", g->dm_fixed);
    cJSON_AddStringToObject(s, "decay_convention", ax_decay_convention_name(g->convention));
    cJSON *axes = cJSON_AddArrayToObject(s, "parameters");
    for (size_t i = 0; i < g->naxes; i++) {
        const ax_grid_axis *a = &g->axes[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(axes, o);
        cJSON_AddStringToObject(o, "key", a->p->key);
        cJSON_AddStringToObject(o, "given", a->text);
        cJSON_AddNumberToObject(o, "points", (double)a->n);
        cJSON_AddStringToObject(o, "spacing", a->n == 1 ? "value" : a->log ? "log" : "lin");
    }
    cJSON_AddNumberToObject(s, "points", (double)g->npoints);
    return s;
}

/* grid.json: the grid, the record of the run (when there is one), the
 * shard and its points */
static char *manifest_text(const cJSON *spec, const cJSON *record, ax_scan_shard sh, size_t lo,
                           size_t hi)
{
    cJSON *m = cJSON_CreateObject();
    char b[32];
    cJSON_AddStringToObject(m, "scan", "grid");
    cJSON_AddItemToObject(m, "grid", cJSON_Duplicate(spec, 1));
    if (record)
        cJSON_AddItemToObject(m, "record", cJSON_Duplicate(record, 1));
    snprintf(b, sizeof b, "%d/%d", sh.k, sh.n);
    cJSON_AddStringToObject(m, "shard", b);
    cJSON_AddNumberToObject(m, "first_point", (double)lo);
    cJSON_AddNumberToObject(m, "end_point", (double)hi);
    cJSON_AddStringToObject(m, "file", "grid.csv");
    char *t = cJSON_Print(m);
    cJSON_Delete(m);
    if (t) {
        size_t n = strlen(t);
        char *u = realloc(t, n + 2);
        if (!u) {
            free(t);
            return NULL;
        }
        u[n] = '\n';
        u[n + 1] = '\0';
        t = u;
    }
    return t;
}

static int write_header(FILE *fp, const ax_grid *g, ax_error *err)
{
    cJSON *pj = param_json(&g->base, err);
    if (!pj)
        return AX_ERUN;
    fprintf(fp, "# axsterile grid scan of the %s: every point as `axsterile check` computes "
                "it\n", g->type->title);
    fprintf(fp, "# model %s, %s, decay convention %s, %zu points", g->type->name,
            g->dm_fixed ? "coupling solved for Omega_s = (1 - f) Omega_DM (dm_fixed)"
                        : "coupling given",
            ax_decay_convention_name(g->convention), g->npoints);
    for (size_t i = 0; i < g->naxes; i++)
        fprintf(fp, "%s%s = %s", i ? ", " : "; ", g->axes[i].p->key, g->axes[i].text);
    fprintf(fp, "\n# columns: point (index; the model's own parameters vary slowest, then m_s, then the coupling); the "
                "parameters (units in the name);\n"
                "# omega_h2, f_s = min(Omega_s/Omega_DM, 1), sin2_2theta_today (the mixing "
                "today), T_max_MeV;\n"
                "# abundance_ratio = Omega_s h^2 / ((1 - f) Omega_DM h^2); tau_s (lifetime, s) "
                "and lifetime_ratio (bound/lifetime);\n"
                "# strongest_limit (file stem of the X-ray or gamma-ray limit with the largest "
                "ratio) and strongest_ratio (model/limit);\n"
                "# largest_ratio_row (a limit's file stem, or the kind of a built-in bound: "
                "abundance, lifetime, structure, ...) and largest_ratio: the row of check with "
                "the largest ratio;\n"
                "# observational_limits_applied; excluded (1: some ratio above 1); status "
                "ok, invalid (the model refuses the point) or failed (the solve failed; note "
                "says why)\n");
    int first = 1;
    fprintf(fp, "point");
    for (cJSON *it = pj->child; it; it = it->next, first = 0)
        fprintf(fp, ",%s", it->string);
    (void)first;
    for (size_t c = 0; c < NTAIL; c++)
        fprintf(fp, ",%s", TAIL_COLS[c]);
    fputc('\n', fp);
    cJSON_Delete(pj);
    return AX_OK;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress_draw(size_t done, size_t total, double t0)
{
    double dt = wall_now() - t0, rate = dt > 0 ? (double)done / dt : 0.0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0.0;
    int width = 30, fill = total ? (int)((double)width * (double)done / (double)total) : width;
    char bar[40];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %3d%% %zu/%zu points, %.1f points/s, ETA %.0f s   ", bar,
            total ? (int)(100.0 * (double)done / (double)total) : 100, done, total, rate,
            eta);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int ax_grid_run(const ax_grid *g, const ax_production *ctx, const ax_limit_set *limits,
                ax_scan_shard sh, const char *dir, int progress, ax_grid_stats *stats,
                ax_error *err)
{
    ax_grid_stats s0;
    if (!stats)
        stats = &s0;
    memset(stats, 0, sizeof *stats);
    double t0 = wall_now();
    if (sh.n < 1 || sh.k < 1 || sh.k > sh.n)
        return ax_fail(err, AX_EINPUT, "shard %d/%d: expected 1 <= K <= N", sh.k, sh.n);
    size_t lo = (size_t)((unsigned long long)g->npoints * (unsigned)(sh.k - 1) / (unsigned)sh.n);
    size_t hi = (size_t)((unsigned long long)g->npoints * (unsigned)sh.k / (unsigned)sh.n);
    stats->lo = lo;
    stats->hi = hi;
    cJSON *rec = NULL;
    if (g->record && !cJSON_IsObject(rec = cJSON_Parse(g->record))) {
        cJSON_Delete(rec);
        return ax_fail(err, AX_ERUN, "internal: a grid record that is not a JSON object");
    }
    /* grid.csv and grid.json are written into a new version of dir,
     * published in one step at the end (io.h, ax_dirpub) */
    ax_dirpub pub;
    int st = ax_dirpub_begin(&pub, dir, err);
    if (st) {
        cJSON_Delete(rec);
        return st;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/grid.csv", pub.tmp);
    ax_outfile csvf, manf;
    memset(&manf, 0, sizeof manf);
    if (!(st = ax_outfile_open_flags(&csvf, path, AX_OUT_NOFOLLOW, err))) {
        snprintf(path, sizeof path, "%s/grid.json", pub.tmp);
        if ((st = ax_outfile_open_flags(&manf, path, AX_OUT_NOFOLLOW, err)))
            ax_outfile_abort(&csvf);
    }
    if (st) {
        ax_dirpub_abort(&pub);
        cJSON_Delete(rec);
        return st;
    }
    int nthreads = 1;
#ifdef _OPENMP
    nthreads = omp_get_max_threads();
#endif
    size_t block = (size_t)nthreads * 32;
    char *rows = malloc(block * ROW_LEN);
    int *kinds = malloc(block * sizeof *kinds);
    cJSON *spec = grid_spec(g);
    /* J and D of every limit's region, once for all the points */
    ax_check_cache cache;
    memset(&cache, 0, sizeof cache);
    if (!rows || !kinds || !spec)
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (!st)
        st = ax_check_cache_init(&cache, limits, err);
    if (!st)
        st = write_header(csvf.fp, g, err);
    int tty = progress && isatty(STDERR_FILENO);
    for (size_t b0 = lo; !st && b0 < hi; b0 += block) {
        size_t nb = hi - b0 < block ? hi - b0 : block;
        int failed = 0;
        ax_error first;
        ax_error_clear(&first);
        long nbl = (long)nb;
#pragma omp parallel for schedule(dynamic, 1)
        for (long q = 0; q < nbl; q++) {
            ax_error e;
            ax_error_clear(&e);
            if (grid_row(g, ctx, limits, &cache, b0 + (size_t)q, rows + (size_t)q * ROW_LEN,
                         &kinds[q], &e)) {
#pragma omp critical(grid_fail)
                if (!failed) {
                    failed = 1;
                    first = e;
                }
            }
        }
        if (failed) {
            *err = first;
            st = first.status ? first.status : AX_ERUN;
            break;
        }
        for (size_t q = 0; q < nb; q++) {
            fputs(rows + q * ROW_LEN, csvf.fp);
            fputc('\n', csvf.fp);
            if (kinds[q] == 1)
                stats->invalid++;
            else if (kinds[q] == 2)
                stats->failed++;
            else
                stats->computed++;
        }
        if (ferror(csvf.fp))
            st = ax_fail(err, AX_ERUN, "cannot write %s/grid.csv", dir);
        if (tty)
            progress_draw(b0 + nb - lo, hi - lo, t0);
    }
    if (!st && tty && hi == lo)
        progress_draw(0, 0, t0);
    char *man = st ? NULL : manifest_text(spec, rec, sh, lo, hi);
    cJSON_Delete(rec);
    if (!st && !man)
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (!st)
        fputs(man, manf.fp);
    free(man);
    free(rows);
    free(kinds);
    cJSON_Delete(spec);
    ax_check_cache_free(&cache);
    if (!st)
        st = ax_outfile_commit(&csvf, err);
    if (!st)
        st = ax_outfile_commit(&manf, err);
    ax_outfile_abort(&csvf);
    ax_outfile_abort(&manf);
    if (!st)
        st = ax_dirpub_commit(&pub, err);
    else
        ax_dirpub_abort(&pub);
    stats->wall_s = wall_now() - t0;
    return st;
}

/* ---- merge ------------------------------------------------------------------ */

int ax_grid_dir_is_grid(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/grid.json", dir);
    return access(path, F_OK) == 0;
}

static cJSON *read_manifest(const char *dir, ax_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/grid.json", dir);
    cJSON *m;
    if (ax_json_load(path, 1 << 20, &m, err))
        return NULL;
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(m, "shard");
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(m, "first_point");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(m, "end_point");
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(m, "record");
    if (!cJSON_IsObject(m) || !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(m, "grid")) ||
        !cJSON_IsString(sh) || !cJSON_IsNumber(lo) || !cJSON_IsNumber(hi) ||
        !(lo->valuedouble >= 0) || !(hi->valuedouble <= (double)GRID_MAX_POINTS) ||
        lo->valuedouble != floor(lo->valuedouble) || hi->valuedouble != floor(hi->valuedouble) ||
        (rec && !cJSON_IsObject(rec))) {
        cJSON_Delete(m);
        ax_fail(err, AX_EINPUT, "%s is not the manifest of a grid scan", path);
        return NULL;
    }
    return m;
}

/* Shards of one grid made alike: the same grid and the same record (the
 * places of the files aside), else AX_EINPUT naming the first key that
 * differs. */
static int same_grid(const cJSON *ma, const cJSON *mb, const char *da, const char *db,
                     ax_error *err)
{
    char diff[256];
    ax_json_first_difference(cJSON_GetObjectItemCaseSensitive(ma, "grid"),
                             cJSON_GetObjectItemCaseSensitive(mb, "grid"), diff, sizeof diff);
    if (diff[0])
        return ax_fail(err, AX_EINPUT, "%s and %s are shards of different grid scans "
                       "(\"grid.%s\" differs in their grid.json)", da, db, diff);
    ax_record_difference(cJSON_GetObjectItemCaseSensitive(ma, "record"),
                         cJSON_GetObjectItemCaseSensitive(mb, "record"), diff, sizeof diff);
    if (diff[0])
        return ax_fail(err, AX_EINPUT, "shards %s and %s were made with different options or "
                       "inputs (\"record.%s\" differs in their grid.json); merge only the "
                       "shards of one scan", da, db, diff);
    return AX_OK;
}

/* ---- the rows a merge copies ------------------------------------------------ */

/* What a column of grid.csv holds (grid_row writes them). */
enum { COL_POINT, COL_NUM, COL_STEM, COL_COUNT, COL_FLAG, COL_STATUS, COL_NOTE };

typedef struct row_check {
    size_t ncols;
    int *kind;
    char **name;     /* the column names, for messages */
    char *cell[64];  /* the cells of the row being read (at most 64 checked) */
    size_t ncell;
    size_t nrec;
    int overflow;
} row_check;

static void rc_cell(void *s, size_t len, void *data)
{
    row_check *rc = data;
    if (rc->ncell >= 64) {
        rc->overflow = 1;
        return;
    }
    char *c = malloc(len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    } else {
        rc->overflow = 1;
    }
    rc->cell[rc->ncell++] = c;
}

static void rc_end(int c, void *data)
{
    (void)c;
    ((row_check *)data)->nrec++;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void rc_clear(row_check *rc)
{
    for (size_t i = 0; i < rc->ncell; i++)
        free(rc->cell[i]);
    rc->ncell = 0;
    rc->nrec = 0;
    rc->overflow = 0;
}

static void rc_free(row_check *rc)
{
    rc_clear(rc);
    for (size_t i = 0; rc->name && i < rc->ncols; i++)
        free(rc->name[i]);
    free(rc->name);
    free(rc->kind);
    memset(rc, 0, sizeof *rc);
}

/* Split one line into rc->cell; 0 when it is one well-formed CSV record. */
static int rc_split(row_check *rc, const char *line, size_t len)
{
    rc_clear(rc);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return -1;
    csv_set_space_func(&p, no_space);
    int bad = csv_parse(&p, line, len, rc_cell, rc_end, rc) != len;
    if (csv_fini(&p, rc_cell, rc_end, rc) != 0)
        bad = 1;
    csv_free(&p);
    for (size_t i = 0; i < rc->ncell; i++)
        if (!rc->cell[i])
            bad = 1;
    return bad || rc->overflow || rc->nrec != 1 ? -1 : 0;
}

/* The kinds of the columns from the column line: point, the model's
 * parameters (numbers), then TAIL_COLS. */
static int rc_columns(row_check *rc, const char *line, size_t len)
{
    if (rc_split(rc, line, len) || rc->ncell < NTAIL + 1 || strcmp(rc->cell[0], "point") != 0)
        return -1;
    size_t np = rc->ncell - NTAIL - 1;
    for (size_t c = 0; c < NTAIL; c++)
        if (strcmp(rc->cell[1 + np + c], TAIL_COLS[c]) != 0)
            return -1;
    rc->ncols = rc->ncell;
    rc->kind = calloc(rc->ncols, sizeof *rc->kind);
    rc->name = calloc(rc->ncols, sizeof *rc->name);
    if (!rc->kind || !rc->name)
        return -1;
    for (size_t c = 0; c < rc->ncols; c++) {
        const char *n = rc->cell[c];
        rc->kind[c] = c == 0 ? COL_POINT
                    : c <= np ? COL_NUM
                    : !strcmp(n, "strongest_limit") || !strcmp(n, "largest_ratio_row") ? COL_STEM
                    : !strcmp(n, "observational_limits_applied") ? COL_COUNT
                    : !strcmp(n, "excluded") ? COL_FLAG
                    : !strcmp(n, "status") ? COL_STATUS
                    : !strcmp(n, "note") ? COL_NOTE : COL_NUM;
        rc->name[c] = rc->cell[c];
        rc->cell[c] = NULL;
    }
    rc->ncell = 0;
    return 0;
}

static int all_in(const char *s, const char *set)
{
    return s[strspn(s, set)] == '\0';
}

/* Why cell c of the row is not what grid_row writes ("" when it is). */
static const char *cell_problem(const row_check *rc, size_t c, size_t point)
{
    const char *v = rc->cell[c];
    switch (rc->kind[c]) {
    case COL_POINT: {
        char b[32];
        snprintf(b, sizeof b, "%zu", point);
        return strcmp(v, b) == 0 ? "" : "is not the point's index";
    }
    case COL_NUM: {
        if (!*v)
            return "";
        char *end;
        double x = strtod(v, &end);
        return all_in(v, "0123456789+-.eE") && end != v && !*end && isfinite(x)
                   ? "" : "is not a finite number (nor empty)";
    }
    case COL_STEM:
        return all_in(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+.")
                   ? "" : "is not a limit's stem";
    case COL_COUNT:
        return all_in(v, "0123456789") && strlen(v) < 10 ? "" : "is not a count";
    case COL_FLAG:
        return !*v || !strcmp(v, "0") || !strcmp(v, "1") ? "" : "is not 0 or 1";
    case COL_STATUS:
        return !strcmp(v, "ok") || !strcmp(v, "invalid") || !strcmp(v, "failed")
                   ? "" : "is not ok, invalid or failed";
    default:
        for (const char *q = v; *q; q++)
            if ((unsigned char)*q < 0x20 || *q == 0x7f)
                return "holds a control character";
        return "";
    }
}

/* A row of grid.csv as grid_row writes it: ncols cells, each of its
 * column's kind; an ok row has its count and flag, a row without values
 * (invalid, failed) nothing but its parameters, status and note. */
static int check_grid_row(row_check *rc, const char *line, size_t len, size_t point,
                          const char *path, size_t lineno, ax_error *err)
{
    const char *tail = "; the file is damaged or not a grid scan";
    size_t l = len && line[len - 1] == '\n' ? len - 1 : len;
    if (l == len)
        return ax_fail(err, AX_EINPUT, "%s line %zu: truncated (no final newline)%s", path,
                       lineno, tail);
    if (rc_split(rc, line, l))
        return ax_fail(err, AX_EINPUT, "%s line %zu: not one CSV row%s", path, lineno, tail);
    if (rc->ncell != rc->ncols)
        return ax_fail(err, AX_EINPUT, "%s line %zu: %zu cells, the column line has %zu%s",
                       path, lineno, rc->ncell, rc->ncols, tail);
    size_t t0 = rc->ncols - NTAIL, status = rc->ncols - 2;
    int ok = strcmp(rc->cell[status], "ok") == 0;
    for (size_t c = 0; c < rc->ncols; c++) {
        const char *why = cell_problem(rc, c, point);
        if (*why)
            return ax_fail(err, AX_EINPUT, "%s line %zu (point %zu): %s '%.40s' %s%s", path,
                           lineno, point, rc->name[c], rc->cell[c], why, tail);
    }
    for (size_t c = 0; c < rc->ncols; c++) {
        const char *why = "";
        if (ok && !*rc->cell[c] &&
            (rc->kind[c] == COL_COUNT || rc->kind[c] == COL_FLAG))
            why = "is empty in a row with values (status ok)";
        if (!ok && c >= t0 && c < status && *rc->cell[c])
            why = "has a value in a row without values (status invalid or failed)";
        if (*why)
            return ax_fail(err, AX_EINPUT, "%s line %zu (point %zu): %s '%.40s' %s%s", path,
                           lineno, point, rc->name[c], rc->cell[c], why, tail);
    }
    return AX_OK;
}

/* Open a shard's grid.csv: a regular file only (a FIFO would block). */
static FILE *open_shard_csv(const char *path, ax_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat sb;
    if (fd < 0) {
        ax_fail(err, AX_EINPUT, "cannot read %s: %s", path, ax_io_strerror(errno));
        return NULL;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        ax_fail(err, AX_EINPUT, "%s is not a regular file; expected a shard's grid.csv", path);
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FILE *fp = fdopen(fd, "r");
    if (!fp) {
        close(fd);
        ax_fail(err, AX_ERUN, "cannot read %s: %s", path, ax_io_strerror(errno));
    }
    return fp;
}

/* Copy the rows of shard k's grid.csv (points [lo, hi)) into out, checking
 * each; the header (comments and the column line) is copied from the first
 * shard and must be the same in every other. */
static int merge_shard_csv(const char *dir, size_t k, size_t lo, size_t hi, FILE *out,
                           char **header0, row_check *rc, ax_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/grid.csv", dir);
    FILE *fp = open_shard_csv(path, err);
    if (!fp)
        return AX_EINPUT;
    char *line = NULL, *header = NULL;
    size_t cap = 0, nrows = 0, hlen = 0, lineno = 0;
    ssize_t ln;
    int in_header = 1, st = AX_OK;
    while (!st && (ln = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if ((size_t)ln != strlen(line)) {
            st = ax_fail(err, AX_EINPUT, "%s line %zu: holds a NUL byte; the file is damaged "
                         "or not a grid scan", path, lineno);
            break;
        }
        if (in_header) {
            char *h = realloc(header, hlen + (size_t)ln + 1);
            if (!h) {
                st = ax_fail(err, AX_ERUN, "out of memory");
                break;
            }
            header = h;
            memcpy(header + hlen, line, (size_t)ln + 1);
            hlen += (size_t)ln;
            if (line[0] == '#')
                continue;
            in_header = 0;
            if (k == 0) {
                if (rc_columns(rc, line, (size_t)ln - (line[ln - 1] == '\n')))
                    st = ax_fail(err, AX_EINPUT, "%s line %zu: not the column line of a "
                                 "grid scan (point, the parameters, %s, ..., note)", path,
                                 lineno, TAIL_COLS[0]);
                else
                    fputs(header, out);
            } else if (strcmp(*header0, header) != 0) {
                st = ax_fail(err, AX_EINPUT, "%s: its header differs from the first shard's",
                             path);
            }
            continue;
        }
        if (nrows >= hi - lo) {
            st = ax_fail(err, AX_EINPUT, "%s holds more rows than the %zu its manifest "
                         "announces", path, hi - lo);
            break;
        }
        if ((st = check_grid_row(rc, line, (size_t)ln, lo + nrows, path, lineno, err)))
            break;
        fwrite(line, 1, (size_t)ln, out);
        nrows++;
    }
    free(line);
    if (!st && ferror(fp))
        st = ax_fail(err, AX_EINPUT, "cannot read %s: %s", path, ax_io_strerror(errno));
    fclose(fp);
    if (!st && in_header)
        st = ax_fail(err, AX_EINPUT, "%s has no column line", path);
    if (!st && nrows != hi - lo)
        st = ax_fail(err, AX_EINPUT, "%s holds %zu rows, its manifest announces %zu "
                     "(an interrupted shard?)", path, nrows, hi - lo);
    if (!*header0) {
        *header0 = header;
        header = NULL;
    }
    free(header);
    return st;
}

/* Read and order the shards' manifests: man[i] of dirs[i], order[k] = 1 +
 * the index of shard k + 1; AX_EINPUT for a foreign, missing or repeated
 * shard or one made differently. */
static int merge_manifests(const char *const *dirs, size_t n, cJSON **man, size_t *order,
                           ax_error *err)
{
    int N = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(man[i] = read_manifest(dirs[i], err)))
            return AX_EINPUT;
        ax_scan_shard sh;
        if (ax_scan_shard_parse(cJSON_GetObjectItemCaseSensitive(man[i], "shard")->valuestring,
                                &sh, err))
            return ax_error_context(err, "%s/grid.json", dirs[i]);
        if (i == 0)
            N = sh.n;
        if (sh.n != N || (size_t)N != n)
            return ax_fail(err, AX_EINPUT, "%s is shard %d/%d, but %zu shard directories "
                           "were given%s", dirs[i], sh.k, sh.n, n,
                           sh.n != N ? " of scans split differently" : "");
        if (order[sh.k - 1])
            return ax_fail(err, AX_EINPUT, "shard %d/%d is given twice (%s and %s)", sh.k, N,
                           dirs[order[sh.k - 1] - 1], dirs[i]);
        order[sh.k - 1] = i + 1;
        int st = i > 0 ? same_grid(man[0], man[i], dirs[0], dirs[i], err) : AX_OK;
        if (st)
            return st;
    }
    return AX_OK;
}

int ax_grid_merge(const char *outdir, const char *const *dirs, size_t n, ax_error *err)
{
    if (n < 1)
        return ax_fail(err, AX_EINPUT, "merge needs the shard directories to join");
    cJSON **man = calloc(n, sizeof *man);
    size_t *order = calloc(n, sizeof *order);
    int st = (!man || !order) ? ax_fail(err, AX_ERUN, "out of memory") : AX_OK;
    if (!st)
        st = merge_manifests(dirs, n, man, order, err);
    for (size_t i = 0; !st && i < n; i++) {
        char a[4096], b[4096];
        if (realpath(outdir, a) && realpath(dirs[i], b) && strcmp(a, b) == 0)
            st = ax_fail(err, AX_EINPUT, "merge: the output directory %s is also a shard; "
                         "give a new directory", outdir);
    }
    /* grid.csv and grid.json are written into a new version of outdir,
     * published in one step at the end (io.h, ax_dirpub) */
    ax_dirpub pub;
    int begun = 0;
    ax_outfile out, mf;
    memset(&out, 0, sizeof out);
    memset(&mf, 0, sizeof mf);
    if (!st && !(st = ax_dirpub_begin(&pub, outdir, err))) {
        begun = 1;
        char path[4096];
        snprintf(path, sizeof path, "%s/grid.csv", pub.tmp);
        if (!(st = ax_outfile_open_flags(&out, path, AX_OUT_NOFOLLOW, err))) {
            snprintf(path, sizeof path, "%s/grid.json", pub.tmp);
            st = ax_outfile_open_flags(&mf, path, AX_OUT_NOFOLLOW, err);
        }
    }
    char *header0 = NULL;
    row_check rc;
    memset(&rc, 0, sizeof rc);
    size_t expect = 0;
    for (size_t k = 0; !st && k < n; k++) {
        size_t i = order[k] - 1;
        size_t lo = (size_t)cJSON_GetObjectItemCaseSensitive(man[i], "first_point")->valuedouble;
        size_t hi = (size_t)cJSON_GetObjectItemCaseSensitive(man[i], "end_point")->valuedouble;
        if (lo != expect || hi < lo) {
            st = ax_fail(err, AX_EINPUT, "%s: its points [%zu, %zu) do not follow the "
                         "previous shard's (expected to start at %zu)", dirs[i], lo, hi,
                         expect);
            break;
        }
        expect = hi;
        st = merge_shard_csv(dirs[i], k, lo, hi, out.fp, &header0, &rc, err);
    }
    rc_free(&rc);
    free(header0);
    if (!st) {
        const cJSON *tot = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(man[0], "grid"), "points");
        if (!cJSON_IsNumber(tot) || (size_t)tot->valuedouble != expect)
            st = ax_fail(err, AX_EINPUT, "the shards hold %zu points, the grid has %.0f",
                         expect, cJSON_IsNumber(tot) ? tot->valuedouble : -1.0);
    }
    if (!st) {
        ax_scan_shard whole = {1, 1};
        char *t = manifest_text(cJSON_GetObjectItemCaseSensitive(man[0], "grid"),
                                cJSON_GetObjectItemCaseSensitive(man[0], "record"), whole, 0,
                                expect);
        if (!t)
            st = ax_fail(err, AX_ERUN, "out of memory");
        else
            fputs(t, mf.fp);
        free(t);
    }
    /* the two files are complete in the new version; then it is published */
    if (!st)
        st = ax_outfile_commit(&out, err);
    if (!st)
        st = ax_outfile_commit(&mf, err);
    ax_outfile_abort(&out);
    ax_outfile_abort(&mf);
    if (begun) {
        if (!st)
            st = ax_dirpub_commit(&pub, err);
        else
            ax_dirpub_abort(&pub);
    }
    for (size_t i = 0; man && i < n; i++)
        cJSON_Delete(man[i]);
    free(man);
    free(order);
    return st;
}
