/* cmd_point.c -- `axsterile point`: axion-assisted production at one model
 * point (simplified phi model or QCD axion). */
#include "prod_common.h"

#include "axsterile/decay.h"

#include <string.h>

static const cli_flag FLAGS[] = {
    CLI_POINT_FLAGS,
    CLI_PROD_FLAGS,
};

static int phi_json(cJSON *out, const ax_model *m, const ax_prod_result *r, ax_error *err)
{
    int st = cli_json_num(out, "g_phi", m->g_phi, err);
    if (st == AX_OK) st = cli_json_num(out, "m_phi_eV", m->m_phi * 1e9, err);
    if (st == AX_OK) st = cli_json_num(out, "f_phi", m->f_phi, err);
    if (st == AX_OK) st = cli_json_num(out, "T_osc_MeV", r->T_osc * 1e3, err);
    /* naturalness: the largest cutoff with a natural m_phi (docs/physics.md 6) */
    if (st == AX_OK && m->g_phi > 0)
        st = cli_json_num(out, "Lambda_UV_TeV", ax_decay_lambda_uv(m->m_phi, m->g_phi) * 1e-3,
                          err);
    if (st == AX_OK && m->g_phi > 0)
        st = cli_json_num(out, "tau_nu_phi_s",
                          ax_decay_lifetime_s(ax_decay_gamma_nuphi(m->m_s, m->g_phi)), err);
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
    if (st == AX_OK && m->g_a > 0)
        st = cli_json_num(out, "tau_nu_a_s",
                          ax_decay_lifetime_s(ax_decay_gamma_nua(m->m_s, m->g_a, m->f_a)), err);
    if (st == AX_OK && (!cJSON_AddBoolToObject(out, "oscillating_at_Tmax", r->oscillating_at_Tmax) ||
                        !cJSON_AddStringToObject(out, "regime", r->oscillating_at_Tmax
                                                                 ? "oscillating" : "frozen") ||
                        !cJSON_AddStringToObject(out, "phi_evolution",
                                                 m->phi_evolution == AX_PHI_STEP ? "step" : "exact")))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    ax_model m;
    int st = cli_point_model(a, &m, err);
    if (st != AX_OK)
        return st;
    ax_production_opts o;
    st = cli_prod_opts(a, &o, err);
    if (st != AX_OK)
        return st;
    m.flavor = o.flavor;
    ax_prod_result r;
    int dm;
    st = cli_prod_run(a, &o, &m, &r, &dm, err);
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
