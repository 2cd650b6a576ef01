/* cmd_limits.c -- `axsterile limits list | validate FILE... | show NAME`:
 * the limit library (SPEC section 7, docs/limits-format.md). */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axsterile/decay.h"
#include "axsterile/limits.h"

static const cli_flag FLAGS[] = {
    {"--limits", CLI_STRING, AX_DIM_NONE, 0, "DIR",
     "directory of limit files (default: the shipped limits/)"},
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
        !cJSON_AddStringToObject(o, "decay_convention", convention_text(l->convention)))
        return oom(err);
    if (st == AX_OK) st = cli_json_num(o, "x_min_GeV", l->x[0], err);
    if (st == AX_OK) st = cli_json_num(o, "x_max_GeV", l->x[l->n - 1], err);
    if (st == AX_OK) st = cli_json_num(o, "dm_fraction", l->dm_fraction, err);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(l->target, "kind");
    if (st == AX_OK && !cJSON_AddStringToObject(o, "target_kind",
                                                cJSON_IsString(kind) ? kind->valuestring : "?"))
        st = oom(err);
    return st;
}

static int run_list(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos > 1)
        return ax_fail(err, AX_EINPUT, "'limits list' takes no argument (got '%s')", a->pos[1]);
    ax_limit_set set;
    int st = ax_limit_set_load_dir(cli_text(a, "--limits"), &set, err);
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
    if (st == AX_OK)
        st = cli_json_num(out, "count", (double)set.n, err);
    ax_limit_set_free(&set);
    return st;
}

static void print_list(const cJSON *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(out, "limits");
    printf("%-27s %-9s %-12s %-9s %-11s %-11s %s\n", "stem", "target", "limit on", "conv.",
           "x_min", "x_max", "reference");
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next) {
        const char *stem = cJSON_GetObjectItemCaseSensitive(o, "stem")->valuestring;
        const char *y = cJSON_GetObjectItemCaseSensitive(o, "y_quantity")->valuestring;
        const char *k = cJSON_GetObjectItemCaseSensitive(o, "target_kind")->valuestring;
        const char *c = cJSON_GetObjectItemCaseSensitive(o, "decay_convention")->valuestring;
        const char *r = cJSON_GetObjectItemCaseSensitive(o, "reference")->valuestring;
        double lo = cJSON_GetObjectItemCaseSensitive(o, "x_min_GeV")->valuedouble;
        double hi = cJSON_GetObjectItemCaseSensitive(o, "x_max_GeV")->valuedouble;
        char los[32], his[32];
        /* one unit per limit, chosen by the upper end */
        double f = hi < 1e-3 ? 1e6 : hi < 1.0 ? 1e3 : 1.0;
        const char *u = hi < 1e-3 ? "keV" : hi < 1.0 ? "MeV" : "GeV";
        snprintf(los, sizeof los, "%.4g %s", lo * f, u);
        snprintf(his, sizeof his, "%.4g %s", hi * f, u);
        printf("%-27s %-9s %-12s %-9s %-11s %-11s %s\n", stem, k, y, c, los, his, r);
    }
}

static int run_validate(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos < 2)
        return ax_fail(err, AX_EINPUT,
                       "'limits validate' needs at least one FILE (STEM.csv or STEM.json)");
    cJSON *ok = cJSON_AddArrayToObject(out, "valid");
    if (!ok)
        return oom(err);
    char report[AX_ERROR_MSG_LEN] = "";
    size_t used = 0;
    int nbad = 0;
    for (int i = 1; i < a->npos; i++) {
        ax_limit lim;
        ax_error e;
        ax_error_clear(&e);
        if (ax_limit_load(a->pos[i], &lim, &e) == AX_OK) {
            cJSON *s = cJSON_CreateString(a->pos[i]);
            if (!s || !cJSON_AddItemToArray(ok, s)) {
                cJSON_Delete(s);
                ax_limit_free(&lim);
                return oom(err);
            }
            ax_limit_free(&lim);
            continue;
        }
        nbad++;
        int w = snprintf(report + used, sizeof report - used, "\n  %s", e.msg);
        if (w > 0 && used + (size_t)w < sizeof report)
            used += (size_t)w;
    }
    if (nbad)
        return ax_fail(err, AX_EINPUT, "%d of %d file(s) invalid:%s", nbad, a->npos - 1, report);
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
    int st = ax_limit_set_load_dir(cli_text(a, "--limits"), set, err);
    if (st != AX_OK)
        return st;
    *lim = ax_limit_set_find(set, name);
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

static int run_show(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos != 2)
        return ax_fail(err, AX_EINPUT, "'limits show' needs exactly one NAME (a stem from "
                                       "'axsterile limits list', or a file)");
    ax_limit_set set;
    ax_limit own;
    const ax_limit *l = NULL;
    memset(&own, 0, sizeof own);
    int st = load_named(a, a->pos[1], &set, &l, &own, err);
    if (st != AX_OK)
        return st;
    st = add_summary(out, l, err);
    cJSON *ref = NULL, *tgt = NULL;
    if (st == AX_OK) {
        ref = cJSON_AddObjectToObject(out, "source");
        tgt = cJSON_Duplicate(l->target, 1);
        if (!ref || !tgt || !cJSON_AddStringToObject(ref, "arxiv", l->arxiv) ||
            !cJSON_AddStringToObject(ref, "figure", l->figure) ||
            !cJSON_AddStringToObject(ref, "doi", l->doi) ||
            !cJSON_AddItemToObject(out, "target", tgt) ||
            !cJSON_AddStringToObject(out, "digitized_by", l->digitized_by) ||
            !cJSON_AddStringToObject(out, "notes", l->notes) ||
            !cJSON_AddStringToObject(out, "provenance", l->provenance) ||
            !cJSON_AddStringToObject(out, "csv", l->path) ||
            !cJSON_AddStringToObject(out, "json", l->json_path) ||
            !cJSON_AddStringToObject(out, "x_unit", "GeV")) {
            if (tgt && !cJSON_GetObjectItemCaseSensitive(out, "target"))
                cJSON_Delete(tgt);
            st = oom(err);
        }
    }
    if (st == AX_OK)
        st = cli_json_num(out, "n", (double)l->n, err);
    if (st == AX_OK)
        st = add_points(out, l, err);
    ax_limit_free(&own);
    ax_limit_set_free(&set);
    return st;
}

static void print_show(const cJSON *out)
{
    for (const cJSON *it = out->child; it; it = it->next) {
        if (strcmp(it->string, "points") == 0 || strcmp(it->string, "provenance") == 0 ||
            strcmp(it->string, "command") == 0)
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
        printf("%s", prov->valuestring);
    const cJSON *yq = cJSON_GetObjectItemCaseSensitive(out, "y_quantity");
    const cJSON *yu = cJSON_GetObjectItemCaseSensitive(out, "y_unit");
    printf("# x [GeV], %s [%s] (nan = masked window)\n", yq ? yq->valuestring : "y",
           yu ? yu->valuestring : "?");
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(out, "points");
    for (const cJSON *p = pts ? pts->child : NULL; p; p = p->next) {
        const cJSON *x = cJSON_GetArrayItem(p, 0), *y = cJSON_GetArrayItem(p, 1);
        if (cJSON_IsNumber(y))
            printf("%.8g %.6g\n", x->valuedouble, y->valuedouble);
        else
            printf("%.8g nan\n", x->valuedouble);
    }
}

/* Sub-commands; `limits recast` is added here by the recast module. */
static const struct {
    const char *name;
    int (*run)(const cli_args *, cJSON *, ax_error *);
    void (*print)(const cJSON *);
} SUB[] = {
    {"list", run_list, print_list},
    {"validate", run_validate, print_validate},
    {"show", run_show, print_show},
};
#define NSUB (sizeof SUB / sizeof SUB[0])

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    if (a->npos < 1)
        return ax_fail(err, AX_EINPUT,
                       "a sub-command is required: list, validate FILE..., show NAME");
    for (size_t i = 0; i < NSUB; i++)
        if (strcmp(a->pos[0], SUB[i].name) == 0) {
            if (!cJSON_AddStringToObject(out, "command", SUB[i].name))
                return oom(err);
            return SUB[i].run(a, out, err);
        }
    return ax_fail(err, AX_EINPUT,
                   "unknown sub-command '%.40s'; expected list, validate or show", a->pos[0]);
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
    .summary = "the X- and gamma-ray limit library: list, validate FILE..., show NAME",
    .usage = "axsterile limits list [--limits DIR] [--json]\n"
             "       axsterile limits validate FILE... [--json]\n"
             "       axsterile limits show NAME [--limits DIR] [--json]",
    .description =
        "A limit is a pair of files in limits/: STEM.csv (two columns, x and the limit;\n"
        "'nan' marks a masked window) and STEM.json (source, quantities and units, decay\n"
        "convention, DM fraction, the ROI and profile the source assumed); see\n"
        "docs/limits-format.md.\n"
        "  list      one line per limit: stem, target kind, quantity, convention, range\n"
        "  validate  checks each FILE (either file of a pair); exit 0 only when all are\n"
        "            valid, 2 otherwise, with one message per bad file naming the file,\n"
        "            the line or JSON key, and what was expected\n"
        "  show      metadata and points of one limit (NAME = stem, name, or a file);\n"
        "            x in GeV, y in s^-1, s, cm^-2 s^-1 or cm^3 s^-1; masked points are\n"
        "            null in JSON",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = CLI_MAX_POS,
    .run = run,
    .print_text = print_text,
};
