/* cmd_point.c -- `axsterile point`: axion-assisted production at one model
 * point (simplified phi model or QCD axion). */
#include "prod_common.h"

#include <string.h>

static const cli_flag FLAGS[] = {
    {"--model", CLI_STRING, AX_DIM_NONE, 0, "phi|qcd", "model (default phi)"},
    {"--ms", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",
     "sterile-neutrino mass (required), e.g. 50keV"},
    {"--mphi", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",
     "phi mass (phi model, required), e.g. 1e-6eV"},
    {"--fphi", CLI_NUMBER, AX_DIM_NONE, 0, "F", "rho_phi0/rho_DM, 0 < F < 1 (default 0.01)"},
    {"--phi-evolution", CLI_STRING, AX_DIM_NONE, 0, "exact|step",
     "field above T_osc (phi and qcd): field equation (exact, default) or frozen (step, BH16)"},
    {"--g", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "G", "coupling g_phi (phi) or g_a (qcd)"},
    {"--dm-fixed", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "solve for the coupling with Omega_s = (1 - f) Omega_DM"},
    {"--fa", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "SCALE",
     "axion decay constant (qcd), e.g. 1e10GeV"},
    {"--ma0", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",
     "zero-temperature axion mass (qcd; instead of --fa)"},
    {"--frac", CLI_NUMBER, AX_DIM_NONE, 0, "F", "rho_a0/rho_DM, 0 < F < 1 (qcd, default 0.01)"},
    CLI_PROD_FLAGS,
};

static int phi_json(cJSON *out, const ax_model *m, const ax_prod_result *r, ax_error *err)
{
    int st = cli_json_num(out, "g_phi", m->g_phi, err);
    if (st == AX_OK) st = cli_json_num(out, "m_phi_eV", m->m_phi * 1e9, err);
    if (st == AX_OK) st = cli_json_num(out, "f_phi", m->f_phi, err);
    if (st == AX_OK) st = cli_json_num(out, "T_osc_MeV", r->T_osc * 1e3, err);
    if (st == AX_OK && (!cJSON_AddStringToObject(out, "regime", r->oscillating_at_Tmax
                                                                 ? "oscillating" : "frozen") ||
                        !cJSON_AddStringToObject(out, "phi_evolution",
                                                 m->phi_evolution == AX_PHI_STEP ? "step" : "exact")))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

static int qcd_json(cJSON *out, const ax_model *m, const ax_prod_result *r, ax_error *err)
{
    int st = cli_json_num(out, "g_a", m->g_a, err);
    if (st == AX_OK) st = cli_json_num(out, "f_a_GeV", m->f_a, err);
    if (st == AX_OK) st = cli_json_num(out, "m_a0_eV", ax_axion_ma0(m->f_a) * 1e9, err);
    if (st == AX_OK) st = cli_json_num(out, "frac", m->frac, err);
    if (st == AX_OK) st = cli_json_num(out, "g_phi_eff", ax_axion_gphi(m->g_a, m->f_a), err);
    if (st == AX_OK) st = cli_json_num(out, "T_osc_MeV", r->T_osc * 1e3, err);
    if (st == AX_OK && (!cJSON_AddBoolToObject(out, "oscillating_at_Tmax", r->oscillating_at_Tmax) ||
                        !cJSON_AddStringToObject(out, "phi_evolution",
                                                 m->phi_evolution == AX_PHI_STEP ? "step" : "exact")))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

static int build_model(const cli_args *a, ax_model *m, ax_error *err)
{
    const char *model = cli_text(a, "--model");
    int qcd = 0;
    if (model && strcmp(model, "qcd") == 0)
        qcd = 1;
    else if (model && strcmp(model, "phi") != 0)
        return ax_fail(err, AX_EINPUT, "--model: '%s'; expected phi or qcd", model);
    ax_model_defaults(m, qcd ? AX_MODEL_QCD : AX_MODEL_PHI);
    const char *ev = cli_text(a, "--phi-evolution");
    if (ev && strcmp(ev, "step") == 0) m->phi_evolution = AX_PHI_STEP;
    else if (ev && strcmp(ev, "exact") != 0)
        return ax_fail(err, AX_EINPUT, "--phi-evolution: '%s'; expected exact or step", ev);
    if (!cli_given(a, "--ms"))
        return ax_fail(err, AX_EINPUT, "--ms is required (a mass, e.g. --ms 50keV)");
    m->m_s = cli_value(a, "--ms", 0.0);
    int st = cli_require_one(a, "--g", "--dm-fixed", err);
    if (st != AX_OK)
        return st;
    if (!qcd) {
        if (!cli_given(a, "--mphi"))
            return ax_fail(err, AX_EINPUT, "--mphi is required for the phi model (e.g. --mphi 1e-6eV)");
        m->m_phi = cli_value(a, "--mphi", 0.0);
        m->f_phi = cli_value(a, "--fphi", 1e-2);
        if (cli_given(a, "--g")) m->g_phi = cli_value(a, "--g", 0.0);
        if (cli_given(a, "--fphi") && !(m->f_phi > 0.0 && m->f_phi < 1.0))
            return ax_fail(err, AX_EINPUT, "--fphi: %g; expected 0 < f_phi < 1", m->f_phi);
    } else {
        st = cli_require_one(a, "--fa", "--ma0", err);
        if (st != AX_OK)
            return st;
        m->f_a = cli_given(a, "--fa") ? cli_value(a, "--fa", 0.0)
                                      : ax_axion_fa_from_ma0(cli_value(a, "--ma0", 1.0));
        m->frac = cli_value(a, "--frac", 1e-2);
        if (cli_given(a, "--g")) m->g_a = cli_value(a, "--g", 0.0);
        if (cli_given(a, "--frac") && !(m->frac > 0.0 && m->frac < 1.0))
            return ax_fail(err, AX_EINPUT, "--frac: %g; expected 0 < frac < 1", m->frac);
    }
    st = ax_model_validate(m, err);
    if (st != AX_OK)
        return ax_error_context(err, "%s", qcd ? "--model qcd" : "--model phi");
    return AX_OK;
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    ax_model m;
    int st = build_model(a, &m, err);
    if (st != AX_OK)
        return st;
    ax_production_opts o;
    st = cli_prod_opts(a, &o, err);
    if (st != AX_OK)
        return st;
    m.flavor = o.flavor;
    ax_production *ctx;
    st = ax_production_init(&ctx, &o, err);
    if (st != AX_OK)
        return st;
    ax_prod_result r;
    int dm = cli_given(a, "--dm-fixed");
    st = dm ? ax_production_dm_fixed(ctx, &m, &r, err) : ax_production_omega(ctx, &m, &r, err);
    if (st == AX_OK) st = cli_prod_spectrum(a, ctx, &m, err);
    if (st == AX_OK) st = cli_prod_rate_file(a, ctx, &m, &r, err);
    if (st == AX_OK && !cJSON_AddStringToObject(out, "model", m.kind == AX_MODEL_QCD ? "qcd" : "phi"))
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (st == AX_OK) st = cli_json_num(out, "m_s_keV", m.m_s * 1e6, err);
    if (st == AX_OK) st = m.kind == AX_MODEL_QCD ? qcd_json(out, &m, &r, err) : phi_json(out, &m, &r, err);
    if (st == AX_OK) st = cli_json_num(out, "sin2_2theta_at_Tmax", r.sin2_2theta_at_Tmax, err);
    if (st == AX_OK) st = cli_json_num(out, "sin2_2theta_today", r.sin2_2theta_today, err);
    if (st == AX_OK && (!cJSON_AddBoolToObject(out, "dm_fixed", dm) ||
                        !cJSON_AddBoolToObject(out, "adiabatic", r.adiabatic)))
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (st == AX_OK) st = cli_prod_common_json(out, &o, &r, err);
    ax_production_free(ctx);
    return st;
}

const cli_command cli_cmd_point = {
    .name = "point",
    .summary = "axion-assisted production at one model point (phi model or QCD axion)",
    .usage = "axsterile point [--model phi|qcd] --ms MASS (--g G | --dm-fixed)\n"
             "       phi: --mphi MASS [--fphi F] [--phi-evolution exact|step]\n"
             "       qcd: (--fa SCALE | --ma0 MASS) [--frac F] [--phi-evolution exact|step]\n"
             "       [--flavor e|mu|tau] [--opacity FILE] [--extrapolate] [--rate afp|bh16]\n"
             "       [--spectrum FILE] [--json]",
    .description =
        "Production of nu_s with the mixing induced by an oscillating scalar (BH16 eqs. 1-4)\n"
        "or the QCD axion (BH16 eqs. 12-18): Omega_s h^2, T_max, T_osc, the regime at\n"
        "T_max (oscillating or frozen) and <sin^2 2theta_eff> at T_max and today.\n"
        "--dm-fixed solves for the coupling with Omega_s = (1 - f) Omega_DM.",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = 0,
    .run = run,
};
