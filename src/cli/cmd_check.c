/* cmd_check.c -- `axsterile check`: one model point against every limit of
 * the library (decay limits for DW, recast limits for axion-assisted). */
#include "prod_common.h"

#include "axsterile/check.h"
#include "axsterile/decay.h"
#include "axsterile/limits.h"
#include "axsterile/modelfile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const cli_flag FLAGS[] = {
    {"--dw", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "Dodelson-Widrow point (constant mixing): with --sin2 or --dm-fixed"},
    {"--sin2", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "X", "DW vacuum sin^2 2theta"},
    CLI_POINT_FLAGS,
    {"--model-file", CLI_STRING, AX_DIM_NONE, 0, "FILE",
     "read the model point from a JSON file (docs/usage.md, Model files)"},
    CLI_CONVENTION_FLAGS,
    {"--limits", CLI_STRING, AX_DIM_NONE, 0, "DIR",
     "limit library to use (default: the shipped limits/)"},
    CLI_PROD_CORE_FLAGS,
};

static const char *const MODEL_FLAGS[] = {"--dw",  "--sin2", "--model", "--ms", "--mphi",
                                          "--fphi", "--phi-evolution", "--g", "--dm-fixed",
                                          "--fa", "--ma0", "--frac", "--flavor"};

static int build(const cli_args *a, ax_model *m, int *dm_fixed, ax_production_opts *o,
                 ax_error *err)
{
    int st = cli_prod_opts(a, o, err);
    if (st)
        return st;
    const char *file = cli_text(a, "--model-file");
    if (file) {
        for (size_t i = 0; i < sizeof MODEL_FLAGS / sizeof *MODEL_FLAGS; i++)
            if (cli_given(a, MODEL_FLAGS[i]))
                return ax_fail(err, AX_EINPUT, "%s cannot be combined with --model-file (the "
                               "file describes the whole point)", MODEL_FLAGS[i]);
        ax_model_spec spec;
        if ((st = ax_model_spec_load(file, &spec, err)))
            return ax_error_context(err, "--model-file");
        *m = spec.model;
        *dm_fixed = spec.dm_fixed;
        o->flavor = spec.flavor;
        return AX_OK;
    }
    if (cli_given(a, "--dw")) {
        const char *other[] = {"--model", "--mphi", "--fphi", "--phi-evolution", "--g",
                               "--fa", "--ma0", "--frac"};
        for (size_t i = 0; i < sizeof other / sizeof *other; i++)
            if (cli_given(a, other[i]))
                return ax_fail(err, AX_EINPUT, "%s does not belong to a DW point (--dw takes "
                               "--ms with --sin2 or --dm-fixed)", other[i]);
        if (!cli_given(a, "--ms"))
            return ax_fail(err, AX_EINPUT, "--ms is required (a mass, e.g. --ms 7.1keV)");
        if ((st = cli_require_one(a, "--sin2", "--dm-fixed", err)))
            return st;
        ax_model_defaults(m, AX_MODEL_DW);
        m->m_s = cli_value(a, "--ms", 0.0);
        if (cli_given(a, "--sin2"))
            m->sin2_2theta = cli_value(a, "--sin2", 0.0);
        m->flavor = o->flavor;
        *dm_fixed = cli_given(a, "--dm-fixed");
        return ax_model_validate(m, err);
    }
    if (cli_given(a, "--sin2"))
        return ax_fail(err, AX_EINPUT, "--sin2 is for a DW point: add --dw (or give --g for "
                       "an axion-assisted point)");
    if ((st = cli_point_model(a, m, err)))
        return st;
    m->flavor = o->flavor;
    *dm_fixed = cli_given(a, "--dm-fixed");
    return AX_OK;
}

static const char *status_word(const ax_check_row *r)
{
    switch (r->status) {
    case AX_CHECK_OUT_OF_RANGE: return "out_of_range";
    case AX_CHECK_MASKED: return "masked";
    case AX_CHECK_NOT_APPLICABLE: return "not_applicable";
    default: return r->excluded ? "excluded" : "allowed";
    }
}

static int model_json(cJSON *out, const ax_check_report *rep, int dm_fixed, ax_error *err)
{
    const ax_model *m = &rep->model;
    cJSON *o = cJSON_AddObjectToObject(out, "model");
    if (!o)
        return ax_fail(err, AX_ERUN, "out of memory");
    const char *kind = m->kind == AX_MODEL_DW ? "dw" : m->kind == AX_MODEL_PHI ? "phi" : "qcd";
    cJSON_AddStringToObject(o, "model", kind);
    int st = cli_json_num(o, "m_s_keV", m->m_s * 1e6, err);
    if (!st && m->kind == AX_MODEL_DW)
        st = cli_json_num(o, "sin2_2theta", m->sin2_2theta, err);
    if (!st && m->kind == AX_MODEL_PHI) {
        st = cli_json_num(o, "g_phi", m->g_phi, err);
        if (!st) st = cli_json_num(o, "m_phi_eV", m->m_phi * 1e9, err);
        if (!st) st = cli_json_num(o, "f_phi", m->f_phi, err);
    }
    if (!st && m->kind == AX_MODEL_QCD) {
        st = cli_json_num(o, "g_a", m->g_a, err);
        if (!st) st = cli_json_num(o, "f_a_GeV", m->f_a, err);
        if (!st) st = cli_json_num(o, "frac", m->frac, err);
    }
    if (!st) st = cli_json_num(o, "omega_h2", rep->prod.omega_h2, err);
    if (!st) st = cli_json_num(o, "f_s", rep->f_s, err);
    if (!st) st = cli_json_num(o, "sin2_2theta_today", rep->prod.sin2_2theta_today, err);
    if (!st) st = cli_json_num(o, "T_max_MeV", rep->prod.T_max * 1e3, err);
    cJSON_AddBoolToObject(o, "dm_fixed", dm_fixed);
    cJSON_AddStringToObject(out, "decay_convention", ax_decay_convention_name(rep->convention));
    return st;
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    ax_model m;
    int dm_fixed = 0;
    ax_production_opts o;
    int conv;
    int st = build(a, &m, &dm_fixed, &o, err);
    if (!st)
        st = cli_convention(a, &conv, err);
    if (st)
        return st;
    ax_limit_set set;
    if ((st = ax_limit_set_load_dir(cli_text(a, "--limits"), &set, err)))
        return cli_given(a, "--limits") ? ax_error_context(err, "--limits") : st;
    ax_production *ctx = NULL;
    ax_check_report rep;
    memset(&rep, 0, sizeof rep);
    st = ax_production_init(&ctx, &o, err);
    if (!st)
        st = ax_check_point(ctx, &set, &m, dm_fixed, conv, &rep, err);
    if (!st)
        st = model_json(out, &rep, dm_fixed, err);
    if (!st) {
        cJSON_AddBoolToObject(out, "excluded", rep.excluded);
        cJSON_AddNumberToObject(out, "observational_limits_applied",
                                (double)rep.n_observational);
        cJSON *arr = cJSON_AddArrayToObject(out, "limits");
        for (size_t i = 0; arr && !st && i < rep.n; i++) {
            const ax_check_row *r = &rep.rows[i];
            cJSON *row = cJSON_CreateObject();
            if (!row) {
                st = ax_fail(err, AX_ERUN, "out of memory");
                break;
            }
            cJSON_AddItemToArray(arr, row);
            cJSON_AddStringToObject(row, "name", r->name);
            cJSON_AddStringToObject(row, "kind", r->kind);
            cJSON_AddStringToObject(row, "quantity", r->quantity);
            if (r->status == AX_CHECK_OK) {
                st = cli_json_num(row, "limit", r->limit, err);
                if (!st) st = cli_json_num(row, "model", r->model, err);
                if (!st) st = cli_json_num(row, "ratio", r->ratio, err);
            } else {
                cJSON_AddNullToObject(row, "limit");
                cJSON_AddNullToObject(row, "model");
                cJSON_AddNullToObject(row, "ratio");
            }
            cJSON_AddBoolToObject(row, "excluded", r->excluded);
            cJSON_AddStringToObject(row, "status", status_word(r));
            cJSON_AddStringToObject(row, "reference", r->reference);
            /* the limit file's stem; "" for the built-in bounds */
            cJSON_AddStringToObject(row, "file", r->stem);
        }
    }
    int excluded = rep.excluded;
    ax_check_report_free(&rep);
    ax_production_free(ctx);
    ax_limit_set_free(&set);
    if (st)
        return ax_error_context(err, "check at m_s = %g keV", m.m_s * 1e6);
    return excluded ? CLI_EXIT_EXCLUDED : AX_OK;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void print_text(const cJSON *out)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(out, "model");
    const char *kind = str(m, "model");
    printf("model point: %s, m_s = %g keV", strcmp(kind, "dw") == 0 ? "Dodelson-Widrow"
                                             : strcmp(kind, "phi") == 0 ? "axion-assisted (phi)"
                                                                        : "QCD axion", num(m, "m_s_keV"));
    if (strcmp(kind, "dw") == 0)
        printf(", sin^2 2theta = %.4g", num(m, "sin2_2theta"));
    else if (strcmp(kind, "phi") == 0)
        printf(", m_phi = %.4g eV, g_phi = %.4g, f_phi = %g", num(m, "m_phi_eV"),
               num(m, "g_phi"), num(m, "f_phi"));
    else
        printf(", f_a = %.4g GeV, g_a = %.4g, frac = %g", num(m, "f_a_GeV"), num(m, "g_a"),
               num(m, "frac"));
    printf("\n  Omega_s h^2 = %.4g (f_s = %.4g), T_max = %.4g MeV, mixing today = %.4g\n",
           num(m, "omega_h2"), num(m, "f_s"), num(m, "T_max_MeV"), num(m, "sin2_2theta_today"));
    printf("  decay normalisation: %s\n\n", str(out, "decay_convention"));
    printf("%-60s %-9s %-17s %-11s %-11s %-11s %s\n", "limit", "kind", "quantity", "limit",
           "model", "ratio", "result");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(out, "limits");
    const cJSON *r;
    int n_ok = 0, n_other = 0;
    cJSON_ArrayForEach(r, rows)
    {
        const char *status = str(r, "status");
        char name[61];
        const char *full = str(r, "name");
        if (strlen(full) > 60) /* the whole name is in --json */
            snprintf(name, sizeof name, "%.57s...", full);
        else
            snprintf(name, sizeof name, "%s", full);
        if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r, "ratio"))) {
            printf("%-60s %-9s %-17s %-11.4g %-11.4g %-11.4g %s\n", name, str(r, "kind"),
                   str(r, "quantity"), num(r, "limit"), num(r, "model"), num(r, "ratio"),
                   status);
            n_ok++;
        } else {
            printf("%-60s %-9s %-17s %-11s %-11s %-11s %s\n", name, str(r, "kind"),
                   str(r, "quantity"), "-", "-", "-", status);
            n_other++;
        }
    }
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(out, "excluded");
    double nobs = num(out, "observational_limits_applied");
    printf("\nquantity: sin2_2theta (1), sin2_2theta_eff_0 (<sin^2 2theta_eff>_0 today, 1),\n"
           "omega_h2 (1), tau_s (lifetime in s). ratio: model/limit for an upper limit,\n"
           "limit/model for a lower limit on a lifetime; above 1 is excluded.\n");
    printf("\n%s (%d limits apply at this mass; %d do not: out of range, masked or not "
           "applicable)\n",
           cJSON_IsTrue(ex) ? "EXCLUDED" : "allowed by every limit", n_ok, n_other);
    if (!cJSON_IsTrue(ex) && nobs == 0)
        printf("note: no X-ray or gamma-ray limit of the library covers this mass; only the "
               "abundance and lifetime bounds were applied, so \"allowed\" means "
               "\"not tested\" by observation here.\n");
}

const cli_command cli_cmd_check = {
    .name = "check",
    .summary = "compare a model point with every X-ray and gamma-ray limit",
    .usage = "axsterile check (--dw --ms MASS (--sin2 X | --dm-fixed)\n"
             "                 | <the flags of point> | --model-file FILE)\n"
             "                [--convention majorana|bh16-eq10] [--limits DIR] [--flavor e|mu|tau] [--json]",
    .description =
        "Computes the point (solving for the coupling with --dm-fixed) and compares its\n"
        "mixing with every limit of the library at its mass: a DW point with the decay\n"
        "limits as published, an axion-assisted point with their recasts (J and D of each\n"
        "source's region and profile; docs/physics.md 7b). Also the relic abundance and,\n"
        "for phi and axion models, the CMB bound on nu_s -> nu phi. A mass outside a\n"
        "limit's range is reported as out_of_range. Exit status 0 when allowed by every\n"
        "limit, 3 when excluded by any.",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = 0,
    .run = run,
    .print_text = print_text,
};
