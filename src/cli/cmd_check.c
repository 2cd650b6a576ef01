/* cmd_check.c -- `axsterile check`: one model point against every limit of
 * the library (decay limits for DW, recast limits for axion-assisted). */
#include "prod_common.h"

#include "axsterile/check.h"
#include "axsterile/decay.h"
#include "axsterile/limits.h"
#include "axsterile/modelfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_flag HEAD[] = {
    {"--dw", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "Dodelson-Widrow point (constant mixing), the same as --model dw"},
};
static const cli_flag TAIL[] = {
    {"--model-file", CLI_STRING, AX_DIM_NONE, 0, "FILE",
     "read the model point from a JSON file (docs/usage.md, Model files)"},
    CLI_CONVENTION_FLAGS,
    CLI_LIMITS_FLAGS,
    CLI_PROD_CORE_FLAGS,
};
static cli_model_table table = {.head = HEAD, .nhead = 1, .tail = TAIL,
                                .ntail = sizeof TAIL / sizeof TAIL[0]};

static const cli_flag *flags(int *n) { return cli_model_flags(&table, n); }

static const char *usage(void)
{
    return cli_model_usage(&table, "check [--dw]",
                           "[--convention majorana|bh16-eq10] [--limits DIR]... [--limits-only] [--flavor e|mu|tau]\n"
                           "       [--json]\n"
                           "   or: axsterile check --model-file FILE [--convention majorana|bh16-eq10] [--limits DIR]... "
                           "[--limits-only] [--json]");
}

/* the flags that describe the point (refused next to --model-file) */
static int is_model_flag(const char *name)
{
    if (strcmp(name, "--dw") == 0 || strcmp(name, "--model") == 0 ||
        strcmp(name, "--dm-fixed") == 0 || strcmp(name, "--flavor") == 0)
        return 1;
    size_t nc;
    const ax_model_param *c = ax_model_common_params(&nc);
    for (size_t i = 0; i < nc; i++)
        if (c[i].flag && strcmp(c[i].flag, name) == 0)
            return 1;
    for (size_t k = 0; k < ax_model_count(); k++) {
        const ax_model_type *t = ax_model_type_at(k);
        for (size_t i = 0; i < t->nparams; i++)
            if (t->params[i].flag && strcmp(t->params[i].flag, name) == 0)
                return 1;
    }
    return 0;
}

static int build(const cli_args *a, ax_model *m, int *dm_fixed, ax_production_opts *o,
                 ax_error *err)
{
    int st = cli_prod_opts(a, o, err);
    if (st)
        return st;
    const char *file = cli_text(a, "--model-file");
    if (file) {
        for (int i = 0; i < a->nflags; i++)
            if (a->given[i] && is_model_flag(a->flags[i].name))
                return ax_fail(err, AX_EINPUT, "%s cannot be combined with --model-file (the "
                               "file describes the whole point)", a->flags[i].name);
        ax_model_spec spec;
        if ((st = ax_model_spec_load(file, &spec, err)))
            return ax_error_context(err, "--model-file");
        *m = spec.model;
        *dm_fixed = spec.dm_fixed;
        o->flavor = spec.flavor;
        return AX_OK;
    }
    int dw = cli_given(a, "--dw");
    if (dw && cli_given(a, "--model"))
        return ax_fail(err, AX_EINPUT, "--model does not belong to a DW point (--dw takes "
                       "--ms with --sin2 or --dm-fixed)");
    const char *model = cli_text(a, "--model");
    if (!dw && cli_given(a, "--sin2") && !(model && strcmp(model, "dw") == 0))
        return ax_fail(err, AX_EINPUT, "--sin2 is for a DW point: add --dw (or give --g for "
                       "an axion-assisted point)");
    if ((st = cli_model_build(a, dw ? ax_model_type_find("dw") : NULL, "phi",
                              dw ? "--dw" : NULL, m, dm_fixed, err)))
        return st;
    m->flavor = o->flavor;
    return AX_OK;
}

typedef struct check_result {
    ax_check_report rep;
} check_result;

static void free_result(void *p)
{
    check_result *r = p;
    ax_check_report_free(&r->rep);
    free(r);
}

static int run(const cli_args *a, cJSON *out, void **result, ax_error *err)
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
    check_result *res = calloc(1, sizeof *res);
    if (!res)
        return ax_fail(err, AX_ERUN, "out of memory");
    ax_limit_set set;
    /* strict: a limit file that does not load is an error here, since a
     * point "allowed" without it might not be (docs/limits-format.md) */
    if ((st = cli_limit_set_load(a, 1, &set, err))) {
        free(res);
        return st;
    }
    ax_production *ctx = NULL;
    st = ax_production_init(&ctx, &o, err);
    if (!st)
        st = ax_check_point(ctx, &set, &m, dm_fixed, conv, &res->rep, err);
    if (!st)
        st = ax_check_report_json(out, &res->rep, err);
    ax_production_free(ctx);
    ax_limit_set_free(&set);
    if (st) {
        free_result(res);
        return ax_error_context(err, "check at m_s = %g keV", m.m_s * 1e6);
    }
    *result = res;
    return res->rep.excluded ? AX_EXCLUDED : AX_OK;
}

/* "phi model at m_s = 50 keV, m_phi = 1e-06 eV, ...": the rows of the
 * model with their units */
static void print_point(const ax_model *m)
{
    const ax_model_type *t = ax_model_type_of(m->kind);
    printf("model point: %s, m_s = %g keV", t->title, m->m_s * 1e6);
    for (size_t i = 0; i < t->nparams; i++) {
        const ax_model_param *p = &t->params[i];
        if (p->role == AX_PARAM_ALT || p->type == AX_PARAM_WORD)
            continue;
        double v = ax_model_get(m, p);
        printf(", %s = %.4g%s%s", p->symbol ? p->symbol : p->key, p->unit ? v / p->unit_gev : v, p->unit ? " " : "",
               p->unit ? p->unit : "");
    }
}

static void print_result(const void *result)
{
    const ax_check_report *rep = &((const check_result *)result)->rep;
    print_point(&rep->model);
    printf("\n  Omega_s h^2 = %.4g (f_s = %.4g), T_max = %.4g MeV, mixing today = %.4g\n",
           rep->prod.omega_h2, rep->f_s, rep->prod.T_max * 1e3, rep->prod.sin2_2theta_today);
    printf("  decay normalisation: %s\n\n", ax_decay_convention_name(rep->convention));
    printf("%-60s %-9s %-17s %-11s %-11s %-11s %s\n", "limit", "kind", "quantity", "limit",
           "model", "ratio", "result");
    int n_ok = 0, n_other = 0;
    for (size_t i = 0; i < rep->n; i++) {
        const ax_check_row *r = &rep->rows[i];
        char name[61];
        if (strlen(r->name) > 60) /* the whole name is in --json */
            snprintf(name, sizeof name, "%.57s...", r->name);
        else
            snprintf(name, sizeof name, "%s", r->name);
        if (r->status == AX_OK) {
            printf("%-60s %-9s %-17s %-11.4g %-11.4g %-11.4g %s\n", name, r->kind, r->quantity,
                   r->limit, r->model, r->ratio, ax_check_row_status_word(r));
            n_ok++;
        } else {
            printf("%-60s %-9s %-17s %-11s %-11s %-11s %s\n", name, r->kind, r->quantity, "-",
                   "-", "-", ax_check_row_status_word(r));
            n_other++;
        }
    }
    printf("\nquantity: sin2_2theta (1), sin2_2theta_eff_0 (<sin^2 2theta_eff>_0 today, 1),\n"
           "omega_h2 (1), tau_s (lifetime in s), m_s_keV (structure formation: the minimum\n"
           "mass for the point's own spectrum), f_a_GeV. ratio: model/limit for an upper\n"
           "limit, limit/model for a lower limit; above 1 is excluded.\n");
    printf("\n%s (%d limits apply at this mass; %d do not: out of range, masked or not "
           "applicable)\n",
           rep->excluded ? "EXCLUDED" : "allowed by every limit", n_ok, n_other);
    if (rep->n_observational == 0)
        printf("note: no X-ray or gamma-ray limit of the library covers this mass; only the "
               "abundance, lifetime, structure-formation (and, for the QCD axion, supernova) "
               "bounds were applied%s\n",
               rep->excluded ? "." : ", so \"allowed\" means \"not tested\" by an X-ray or "
                                    "gamma-ray line search here.");
}

const cli_command cli_cmd_check = {
    .name = "check",
    .summary = "compare a model point with every X-ray and gamma-ray limit",
    .description =
        "Computes the point (solving for the coupling with --dm-fixed) and compares its\n"
        "mixing with every limit of the library at its mass: a DW point with the decay\n"
        "limits as published, an axion-assisted point with their recasts (J and D of each\n"
        "source's region and profile; docs/physics.md 7b). Also the relic abundance and,\n"
        "for phi and axion models, the CMB bound on nu_s -> nu phi. A mass outside a\n"
        "limit's range is reported as out_of_range. Exit status 0 when allowed by every\n"
        "limit, 3 when excluded by any. A limit file of a --limits directory that does not\n"
        "load is an error here (exit 2, naming it): every limit counts.",
    .max_positional = 0,
    .run_result = run,
    .print_result = print_result,
    .free_result = free_result,
    .make_flags = flags,
    .make_usage = usage,
};
