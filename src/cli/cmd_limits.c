/* cmd_limits.c -- `axsterile limits list | validate FILE... | show NAME`:
 * the limit library (docs/limits-format.md). */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/halo.h"
#include "axsterile/io.h"
#include "axsterile/limits.h"
#include "axsterile/recast.h"
#include "axsterile/version.h"

static const cli_flag FLAGS[] = {
    CLI_LIMITS_FLAGS,
    {"-o", CLI_STRING, AX_DIM_NONE, 0, "FILE",
     "recast: write the recast limit as a limit pair FILE.csv + FILE.json"},
    {"--fphi", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "F",
     "recast: phi fraction of the dark matter, f_s = 1 - F (default 0.01)"},
    CLI_CONVENTION_FLAGS,
    {"--standard", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "recast: for a line-flux limit, the standard decay-rate limit Gamma = 4 pi m_s Phi/D "
     "instead of the axion-assisted recast"},
};

static int oom(ax_error *err)
{
    return ax_fail(err, AX_ERUN, "out of memory");
}

static const char *convention_text(int c)
{
    const char *n = ax_decay_convention_name(c);
    return n ? n : "none";
}

/* The summary of one limit, shared by list and show. */
static int add_summary(cJSON *o, const ax_limit *l, ax_error *err)
{
    int st = AX_OK;
    if (!cJSON_AddStringToObject(o, "stem", l->stem) ||
        !cJSON_AddStringToObject(o, "name", l->name) ||
        !cJSON_AddStringToObject(o, "experiment", l->experiment) ||
        !cJSON_AddStringToObject(o, "reference", l->reference) ||
        !cJSON_AddStringToObject(o, "x_quantity", ax_limit_xquantity_name(l->x_quantity)) ||
        !cJSON_AddStringToObject(o, "y_quantity", ax_limit_quantity_name(l->y_quantity)) ||
        !cJSON_AddStringToObject(o, "y_unit", ax_limit_quantity_unit(l->y_quantity)) ||
        !cJSON_AddStringToObject(o, "source_convention", convention_text(l->convention)))
        return oom(err);
    st = AX_THEN(st, cli_json_num(o, "x_min_GeV", l->x[0], err));
    st = AX_THEN(st, cli_json_num(o, "x_max_GeV", l->x[l->n - 1], err));
    /* the sterile-neutrino masses it covers: m_s = 2 E_gamma for a line */
    st = AX_THEN(st, cli_json_num(o, "m_s_min_GeV", ax_limit_ms_of_x(l, l->x[0]), err));
    st = AX_THEN(st, cli_json_num(o, "m_s_max_GeV", ax_limit_ms_of_x(l, l->x[l->n - 1]), err));
    st = AX_THEN(st, cli_json_num(o, "dm_fraction", l->dm_fraction, err));
    if (st == AX_OK && !cJSON_AddBoolToObject(o, "approximate", l->approximate))
        st = oom(err);
    if (st == AX_OK && l->assumed && !cJSON_AddStringToObject(o, "assumed", l->assumed))
        st = oom(err);
    /* where it comes from, and which limit of the same stem it replaces */
    if (st == AX_OK && l->origin && !cJSON_AddStringToObject(o, "directory", l->origin))
        st = oom(err);
    if (st == AX_OK && l->overrides && !cJSON_AddStringToObject(o, "overrides", l->overrides))
        st = oom(err);
    const char *kind = !l->has_target ? "?"
                       : l->target.kind == AX_TARGET_EXTERNAL ? "external" : "galactic";
    if (st == AX_OK && !cJSON_AddStringToObject(o, "target_kind", kind))
        st = oom(err);
    return st;
}

static int run_list(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos > 1)
        return ax_fail(err, AX_EINPUT, "'limits list' takes no argument (got '%s')", a->pos[1]);
    ax_limit_set set;
    int st = cli_limit_set_load(a, 0, &set, err);
    if (st != AX_OK)
        return st;
    cJSON *arr = cJSON_AddArrayToObject(out, "limits");
    if (!arr)
        st = oom(err);
    for (size_t i = 0; st == AX_OK && i < set.n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            st = oom(err);
            break;
        }
        st = add_summary(o, &set.items[i], err);
    }
    st = AX_THEN(st, cli_json_num(out, "count", (double)set.n, err));
    /* files of user directories that were left out: path and problem */
    cJSON *probs = st == AX_OK ? cJSON_AddArrayToObject(out, "left_out") : NULL;
    if (st == AX_OK && !probs)
        st = oom(err);
    for (size_t i = 0; st == AX_OK && i < set.nproblems; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(probs, o)) {
            cJSON_Delete(o);
            st = oom(err);
            break;
        }
        if (!cJSON_AddStringToObject(o, "path", set.problems[i].path) ||
            !cJSON_AddStringToObject(o, "problem", set.problems[i].message))
            st = oom(err);
    }
    ax_limit_set_free(&set);
    return st;
}

static void print_list(const cJSON *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(out, "limits");
    printf("%-27s %-9s %-12s %-9s %-11s %-11s %s\n", "stem", "target", "limit on", "conv.",
           "m_s from", "m_s to", "reference");
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next) {
        const char *stem = cJSON_GetObjectItemCaseSensitive(o, "stem")->valuestring;
        const char *y = cJSON_GetObjectItemCaseSensitive(o, "y_quantity")->valuestring;
        const char *k = cJSON_GetObjectItemCaseSensitive(o, "target_kind")->valuestring;
        const char *c = cJSON_GetObjectItemCaseSensitive(o, "source_convention")->valuestring;
        const char *r = cJSON_GetObjectItemCaseSensitive(o, "reference")->valuestring;
        double lo = cJSON_GetObjectItemCaseSensitive(o, "m_s_min_GeV")->valuedouble;
        double hi = cJSON_GetObjectItemCaseSensitive(o, "m_s_max_GeV")->valuedouble;
        char los[32], his[32];
        /* one unit per limit, chosen by the upper end */
        double f = hi < 1e-3 ? 1e6 : hi < 1.0 ? 1e3 : 1.0;
        const char *u = hi < 1e-3 ? "keV" : hi < 1.0 ? "MeV" : "GeV";
        snprintf(los, sizeof los, "%.4g %s", lo * f, u);
        snprintf(his, sizeof his, "%.4g %s", hi * f, u);
        printf("%-27s %-9s %-12s %-9s %-11s %-11s %s\n", stem, k, y, c, los, his, r);
        const cJSON *ov = cJSON_GetObjectItemCaseSensitive(o, "overrides");
        const cJSON *dir = cJSON_GetObjectItemCaseSensitive(o, "directory");
        if (cJSON_IsString(ov))
            printf("%-27s   from %s/, overrides %s\n", "", cJSON_IsString(dir) ? dir->valuestring : "?",
                   ov->valuestring);
    }
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(out, "left_out");
    for (const cJSON *p = lo ? lo->child : NULL; p; p = p->next)
        printf("left out (does not load): %s\n",
               cJSON_GetObjectItemCaseSensitive(p, "path")->valuestring);
}

static int run_validate(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos < 2)
        return ax_fail(err, AX_EINPUT,
                       "'limits validate' needs at least one FILE (STEM.csv or STEM.json)");
    cJSON *ok = cJSON_AddArrayToObject(out, "valid");
    if (!ok)
        return oom(err);
    int nbad = 0;
    for (int i = 1; i < a->npos; i++) {
        ax_limit lim;
        ax_error e;
        ax_error_clear(&e);
        int lst = ax_limit_load(a->pos[i], &lim, &e);
        if (lst == AX_OK) {
            /* the target must integrate: a region the mask empties, or a
             * cusp the region runs through, is refused here, not in check */
            ax_jd jd;
            if (lim.has_target && ax_target_jd(&lim.target, &jd, &e) != AX_OK) {
                ax_error_context(&e, "%s: \"target\"", lim.json_path);
                ax_limit_free(&lim);
                lst = AX_EINPUT;
            }
        }
        if (lst == AX_OK) {
            cJSON *s = cJSON_CreateString(a->pos[i]);
            if (!s || !cJSON_AddItemToArray(ok, s)) {
                cJSON_Delete(s);
                ax_limit_free(&lim);
                return oom(err);
            }
            ax_limit_free(&lim);
            continue;
        }
        /* every problem of every file, one message each (no common buffer
         * to overflow): stderr now, the verdict when all are read */
        nbad++;
        fprintf(stderr, "axsterile limits: invalid: %s\n", e.msg);
    }
    if (nbad)
        return ax_fail(err, AX_EINPUT, "%d of %d file(s) invalid (each is named above)", nbad,
                       a->npos - 1);
    return cli_json_num(out, "count", (double)(a->npos - 1), err);
}

static void print_validate(const cJSON *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(out, "valid");
    for (const cJSON *s = arr ? arr->child : NULL; s; s = s->next)
        printf("valid  %s\n", s->valuestring);
}

/* NAME: a stem or name in the library, or a path to either file of a pair. */
static int load_named(const cli_args *a, const char *name, ax_limit_set *set,
                      const ax_limit **lim, ax_limit *own, ax_error *err)
{
    size_t n = strlen(name);
    memset(set, 0, sizeof *set);
    if (strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".csv") == 0) ||
        (n > 5 && strcmp(name + n - 5, ".json") == 0)) {
        int st = ax_limit_load(name, own, err);
        *lim = st == AX_OK ? own : NULL;
        return st;
    }
    int st = cli_limit_set_load(a, 0, set, err);
    if (st != AX_OK)
        return st;
    *lim = ax_limit_set_find(set, name);
    /* a limit of a user directory that did not load: say why */
    for (size_t i = 0; !*lim && i < set->nproblems; i++) {
        const char *b = strrchr(set->problems[i].path, '/');
        b = b ? b + 1 : set->problems[i].path;
        size_t nl = strlen(name);
        if (strncmp(b, name, nl) == 0 && (strcmp(b + nl, ".json") == 0 || strcmp(b + nl, ".csv") == 0)) {
            st = ax_fail(err, AX_EINPUT, "%s", set->problems[i].message);
            ax_limit_set_free(set);
            return st;
        }
    }
    if (!*lim) {
        ax_limit_set_free(set);
        return ax_fail(err, AX_EINPUT,
                       "no limit named '%.100s'; run 'axsterile limits list' for the stems", name);
    }
    return AX_OK;
}

static int add_points(cJSON *out, const ax_limit *l, ax_error *err)
{
    cJSON *pts = cJSON_AddArrayToObject(out, "points");
    if (!pts)
        return oom(err);
    for (size_t i = 0; i < l->n; i++) {
        cJSON *p = cJSON_CreateArray();
        if (!p || !cJSON_AddItemToArray(pts, p)) {
            cJSON_Delete(p);
            return oom(err);
        }
        /* a masked window is null: no limit there */
        cJSON *x = cJSON_CreateNumber(l->x[i]);
        cJSON *y = isnan(l->y[i]) ? cJSON_CreateNull() : cJSON_CreateNumber(l->y[i]);
        if (!cJSON_AddItemToArray(p, x) || !cJSON_AddItemToArray(p, y)) {
            cJSON_Delete(x);
            cJSON_Delete(y);
            return oom(err);
        }
    }
    return AX_OK;
}

/* A decay limit as sin^2 2theta in the convention asked for (the
 * "decay_convention" of the output), at each point of the file: a
 * published sin^2 2theta limit prints as published with the default. */
static int add_sin2_points(cJSON *out, const ax_limit *l, int conv, ax_error *err)
{
    if (!cJSON_AddStringToObject(out, "decay_convention", ax_decay_convention_name(conv)))
        return oom(err);
    cJSON *pts = cJSON_AddArrayToObject(out, "sin2_2theta");
    if (!pts)
        return oom(err);
    for (size_t i = 0; i < l->n; i++) {
        /* point by point (at a step each of the two keeps its own value):
         * the rate of the source's convention, times the DM fraction it
         * assumed (ax_limit_to_rate), as a mixing angle in `conv` */
        double y = l->y[i], m = l->x[i], s2 = NAN;
        if (!isnan(y)) {
            double r = l->y_quantity == AX_LIM_SIN2 ? ax_decay_sin2_to_rate_s(m, y, l->convention)
                       : l->y_quantity == AX_LIM_GAMMA ? y
                                                       : 1.0 / y;
            s2 = ax_decay_rate_s_to_sin2(m, r * l->dm_fraction, conv);
        }
        cJSON *v = !isfinite(s2) ? cJSON_CreateNull() : cJSON_CreateNumber(s2);
        if (!v || !cJSON_AddItemToArray(pts, v)) {
            cJSON_Delete(v);
            return oom(err);
        }
    }
    return AX_OK;
}

static int run_show(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos != 2)
        return ax_fail(err, AX_EINPUT, "'limits show' needs exactly one NAME (a stem from "
                                       "'axsterile limits list', or a file)");
    ax_limit_set set;
    ax_limit own;
    const ax_limit *l = NULL;
    memset(&own, 0, sizeof own);
    int conv;
    int st = cli_convention(a, &conv, err);
    st = AX_THEN(st, load_named(a, a->pos[1], &set, &l, &own, err));
    if (st != AX_OK)
        return st;
    st = add_summary(out, l, err);
    cJSON *ref = NULL, *tgt = NULL;
    if (st == AX_OK) {
        ref = cJSON_AddObjectToObject(out, "source");
        tgt = l->target_json ? cJSON_Parse(l->target_json) : cJSON_CreateNull();
        if (!ref || !tgt || !cJSON_AddStringToObject(ref, "arxiv", l->arxiv) ||
            !cJSON_AddStringToObject(ref, "figure", l->figure) ||
            !cJSON_AddStringToObject(ref, "doi", l->doi) ||
            !cJSON_AddItemToObject(out, "target", tgt) ||
            !cJSON_AddStringToObject(out, "digitized_by", l->digitized_by) ||
            !cJSON_AddStringToObject(out, "notes", l->notes) ||
            !cJSON_AddStringToObject(out, "provenance", l->provenance) ||
            !cJSON_AddStringToObject(out, "csv", l->path) ||
            !cJSON_AddStringToObject(out, "json", l->json_path) ||
            !cJSON_AddStringToObject(out, "x_unit", "GeV") ||
            !cJSON_AddStringToObject(out, "file_x_unit", l->x_unit)) {
            if (tgt && !cJSON_GetObjectItemCaseSensitive(out, "target"))
                cJSON_Delete(tgt);
            st = oom(err);
        }
    }
    st = AX_THEN(st, cli_json_num(out, "n", (double)l->n, err));
    st = AX_THEN(st, add_points(out, l, err));
    if (st == AX_OK && ax_limit_is_decay(l))
        st = add_sin2_points(out, l, conv, err);
    ax_limit_free(&own);
    ax_limit_set_free(&set);
    return st;
}

static void print_show(const cJSON *out)
{
    for (const cJSON *it = out->child; it; it = it->next) {
        if (strcmp(it->string, "points") == 0 || strcmp(it->string, "provenance") == 0 ||
            strcmp(it->string, "command") == 0 || strcmp(it->string, "sin2_2theta") == 0)
            continue;
        if (cJSON_IsString(it)) {
            printf("%-18s %s\n", it->string, it->valuestring);
        } else if (cJSON_IsNumber(it)) {
            printf("%-18s %.6g\n", it->string, it->valuedouble);
        } else {
            char *s = cJSON_PrintUnformatted(it);
            printf("%-18s %s\n", it->string, s ? s : "?");
            cJSON_free(s);
        }
    }
    const cJSON *prov = cJSON_GetObjectItemCaseSensitive(out, "provenance");
    if (cJSON_IsString(prov))
        printf("# --- the CSV file's header (x in file_x_unit, above) ---\n%s", prov->valuestring);
    const cJSON *yq = cJSON_GetObjectItemCaseSensitive(out, "y_quantity");
    const cJSON *yu = cJSON_GetObjectItemCaseSensitive(out, "y_unit");
    const cJSON *xq = cJSON_GetObjectItemCaseSensitive(out, "x_quantity");
    const cJSON *s2 = cJSON_GetObjectItemCaseSensitive(out, "sin2_2theta");
    const cJSON *dc = cJSON_GetObjectItemCaseSensitive(out, "decay_convention");
    printf("# --- the points as loaded: %s [GeV], %s [%s]", xq ? xq->valuestring : "x",
           yq ? yq->valuestring : "y", yu ? yu->valuestring : "?");
    if (s2 && cJSON_IsString(dc))
        printf(", sin^2 2theta (%s)", dc->valuestring);
    printf(" (nan = masked window) ---\n");
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(out, "points");
    const cJSON *sv = s2 ? s2->child : NULL;
    for (const cJSON *p = pts ? pts->child : NULL; p; p = p->next) {
        const cJSON *x = cJSON_GetArrayItem(p, 0), *y = cJSON_GetArrayItem(p, 1);
        if (cJSON_IsNumber(y))
            printf("%.8g %.6g", x->valuedouble, y->valuedouble);
        else
            printf("%.8g nan", x->valuedouble);
        if (sv) {
            if (cJSON_IsNumber(sv))
                printf(" %.6g", sv->valuedouble);
            else
                printf(" nan");
            sv = sv->next;
        }
        printf("\n");
    }
}

/* ---- recast ------------------------------------------------------------ */

static int run_recast(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos != 2)
        return ax_fail(err, AX_EINPUT, "'limits recast' needs exactly one NAME (a stem from "
                                       "'axsterile limits list', or a file)");
    ax_recast_options opt = {cli_value(a, "--fphi", 1e-2), 0, cli_given(a, "--standard")};
    if (!(opt.f_phi > 0 && opt.f_phi < 1))
        return ax_fail(err, AX_EINPUT, "--fphi %s: expected a fraction strictly between 0 "
                       "and 1", cli_text(a, "--fphi"));
    int cst = cli_convention(a, &opt.convention, err);
    if (cst)
        return cst;
    if (opt.standard) {
        /* a decay-rate limit depends on neither f_phi nor the convention */
        static const char *const USED[] = {"--limits", "--limits-only", "-o", "--standard", NULL};
        int s2 = cli_refuse_unused(a, USED, "limits recast --standard", err);
        if (s2)
            return s2;
    }
    char stem[4096];
    const char *o = cli_text(a, "-o");
    int st = o ? ax_recast_output_stem(o, stem, sizeof stem, err) : AX_OK;
    if (st)
        return st;
    ax_limit_set set;
    ax_limit own;
    const ax_limit *l = NULL;
    memset(&own, 0, sizeof own);
    if ((st = load_named(a, a->pos[1], &set, &l, &own, err)))
        return st;
    ax_recast_curve c;
    st = ax_recast_curve_compute(l, &opt, &c, err);
    if (!st && o)
        st = ax_recast_curve_write(&c, l, stem, err);
    if (!st) {
        if (!cJSON_AddStringToObject(out, "name", c.name) ||
            !cJSON_AddStringToObject(out, "of", c.of) ||
            !cJSON_AddStringToObject(out, "quantity", opt.standard ? "gamma_s" : "sin2_2theta_eff_0") ||
            !cJSON_AddStringToObject(out, "decay_convention",
                                     opt.standard ? "none" : ax_decay_convention_name(opt.convention)))
            st = oom(err);
        if (!st)
            st = cli_json_num(out, "f_s", c.f_s, err);
        if (!st && c.have_jd) {
            st = cli_json_num(out, "J_GeV2_cm5", c.jd.J, err);
            if (!st)
                st = cli_json_num(out, "D_GeV_cm2", c.jd.D, err);
        }
        cJSON *pts = st ? NULL : cJSON_AddArrayToObject(out, "points");
        if (!st && !pts)
            st = oom(err);
        for (size_t j = 0; !st && j < c.n; j++) {
            cJSON *p = cJSON_CreateArray();
            cJSON *x = cJSON_CreateNumber(c.m_s[j] * 1e6);
            cJSON *y = isnan(c.value[j]) ? cJSON_CreateNull() : cJSON_CreateNumber(c.value[j]);
            if (!p || !x || !y || !cJSON_AddItemToArray(pts, p)) {
                cJSON_Delete(p);
                cJSON_Delete(x);
                cJSON_Delete(y);
                st = oom(err);
                break;
            }
            cJSON_AddItemToArray(p, x);
            cJSON_AddItemToArray(p, y);
        }
        if (!st && o) {
            char path[4200];
            snprintf(path, sizeof path, "%s.csv", stem);
            if (!cJSON_AddStringToObject(out, "csv", path))
                st = oom(err);
            snprintf(path, sizeof path, "%s.json", stem);
            if (!st && !cJSON_AddStringToObject(out, "json", path))
                st = oom(err);
        }
    }
    ax_recast_curve_free(&c);
    ax_limit_free(&own);
    ax_limit_set_free(&set);
    return st;
}

static void print_recast(const cJSON *out)
{
    const cJSON *csv = cJSON_GetObjectItemCaseSensitive(out, "csv");
    if (cJSON_IsString(csv)) {
        printf("wrote %s and %s\n", csv->valuestring,
               cJSON_GetObjectItemCaseSensitive(out, "json")->valuestring);
        return;
    }
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(out, "quantity");
    if (cJSON_IsString(q) && strcmp(q->valuestring, "gamma_s") == 0)
        printf("# %s\n# m_s [keV], Gamma(nu_s -> nu gamma) upper limit [s^-1]\n",
               cJSON_GetObjectItemCaseSensitive(out, "name")->valuestring);
    else
        printf("# %s\n# m_s [keV], <sin^2 2theta_eff>_0 upper limit (%s normalisation, f_s = "
               "%g)\n", cJSON_GetObjectItemCaseSensitive(out, "name")->valuestring,
               cJSON_GetObjectItemCaseSensitive(out, "decay_convention")->valuestring,
               cJSON_GetObjectItemCaseSensitive(out, "f_s")->valuedouble);
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(out, "points");
    for (const cJSON *p = pts ? pts->child : NULL; p; p = p->next) {
        const cJSON *x = cJSON_GetArrayItem(p, 0), *y = cJSON_GetArrayItem(p, 1);
        if (cJSON_IsNumber(y))
            printf("%.8g,%.6e\n", x->valuedouble, y->valuedouble);
        else
            printf("%.8g,nan\n", x->valuedouble);
    }
}

/* Sub-commands. */
static const struct {
    const char *name;
    int (*run)(const cli_args *, cJSON *, ax_error *);
    void (*print)(const cJSON *);
    const char *used[8]; /* the flags it reads; any other is refused */
} SUB[] = {
    {"list", run_list, print_list, {"--limits", "--limits-only", NULL}},
    {"validate", run_validate, print_validate, {NULL}},
    {"show", run_show, print_show, {"--limits", "--limits-only", "--convention", "--majorana", NULL}},
    {"recast", run_recast, print_recast,
     {"--limits", "--limits-only", "-o", "--fphi", "--convention", "--majorana", "--standard", NULL}},
};
#define NSUB (sizeof SUB / sizeof SUB[0])

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos < 1)
        return ax_fail(err, AX_EINPUT,
                       "a sub-command is required: list, validate FILE..., show NAME, recast NAME");
    for (size_t i = 0; i < NSUB; i++)
        if (strcmp(a->pos[0], SUB[i].name) == 0) {
            char what[32];
            snprintf(what, sizeof what, "limits %s", SUB[i].name);
            int st = cli_refuse_unused(a, SUB[i].used, what, err);
            if (st)
                return st;
            if (!cJSON_AddStringToObject(out, "command", SUB[i].name))
                return oom(err);
            return SUB[i].run(a, out, err);
        }
    return ax_fail(err, AX_EINPUT,
                   "unknown sub-command '%.40s'; expected list, validate, show or recast", a->pos[0]);
}

static void print_text(const cJSON *out)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(out, "command");
    for (size_t i = 0; c && i < NSUB; i++)
        if (strcmp(c->valuestring, SUB[i].name) == 0) {
            SUB[i].print(out);
            return;
        }
    cli_print_flat(out);
}

const cli_command cli_cmd_limits = {
    .name = "limits",
    .summary = "the X- and gamma-ray limit library: list, validate, show, recast",
    .usage = "axsterile limits list [--limits DIR]... [--limits-only] [--json]\n"
             "       axsterile limits validate FILE... [--json]\n"
             "       axsterile limits show NAME [--limits DIR]... [--limits-only]\n"
             "                             [--convention majorana|bh16-eq10] [--json]\n"
             "       axsterile limits recast NAME [-o FILE] [--fphi F] [--limits DIR]... [--limits-only]\n"
             "                             [--convention majorana|bh16-eq10] [--json]",
    .description =
        "A limit is a pair of files in limits/: STEM.csv (two columns, x and the limit;\n"
        "'nan' marks a masked window) and STEM.json (source, quantities and units, decay\n"
        "convention, DM fraction, the ROI and profile the source assumed); see\n"
        "docs/limits-format.md.\n"
        "The library is the shipped limits/ plus the directories of $AXSTERILE_LIMITS\n"
        "(colon-separated) and of every --limits DIR, in that order; a pair with the\n"
        "stem of an earlier one replaces it. A pair of those directories that does not\n"
        "load is left out with a warning naming it.\n"
        "  list      one line per limit: stem, target kind, quantity, convention, range\n"
        "            (and, for a replaced one, the file it overrides)\n"
        "  validate  checks each FILE (either file of a pair); exit 0 only when all are\n"
        "            valid, 2 otherwise, with one message per bad file naming the file,\n"
        "            the line or JSON key, and what was expected\n"
        "  show      metadata and points of one limit (NAME = stem, name, or a file);\n"
        "            x in GeV, y in s^-1, s, cm^-2 s^-1 or cm^3 s^-1; masked points are\n"
        "            null in JSON\n"
        "  recast    the limit recast to the axion-assisted model (<sin^2 2theta_eff>_0,\n"
        "            docs/physics.md 7b) with the J and D of the source's ROI and\n"
        "            profile; -o FILE writes it as a new limit pair FILE.csv + FILE.json",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = CLI_MAX_POS,
    .run = run,
    .print_text = print_text,
};
