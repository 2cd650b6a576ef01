/* phi.c -- the simplified model: an oscillating scalar phi with a Yukawa
 * coupling g_phi phi nu_s nu (BH16 eqs. 1-4; docs/physics.md section 4).
 * See axsterile/model.h. */
#include "axsterile/decay.h"
#include "axsterile/model.h"
#include "axsterile/production.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>

#define EV 1e-9

static const ax_model_param PARAMS[] = {
    {.key = "g_phi", .flag = "--g", .meta = "G", .type = AX_PARAM_NUMBER, .lo = 1e-100,
     /* a lifetime ~ 1/g^2 and the rates ~ g^2 must stay finite numbers
      * (g = 1e150 made the number density overflow) */
     .hi = 1e100, .lo_open = 0,
     .expect = "a positive coupling >= 1e-100 (and at most 1e100)", .def = 1e-15,
     .role = AX_PARAM_COUPLING, .example = "1e-12", .help = "Yukawa coupling g_phi",
     .json_key = "g_phi", .offset = offsetof(ax_model, g_phi)},
    {.key = "m_phi", .flag = "--mphi", .meta = "MASS", .type = AX_PARAM_QUANTITY,
     .dim = AX_DIM_ENERGY, .unit = "eV", .unit_gev = EV, .lo = 0.0, .hi = INFINITY,
     .lo_open = 1, .expect = "0 < m_phi < m_s", .def = 1e-6 * EV, .role = AX_PARAM_REQUIRED,
     .example = "1e-6eV", .help = "phi mass, e.g. 1e-6eV", .json_key = "m_phi_eV",
     .offset = offsetof(ax_model, m_phi)},
    {.key = "f_phi", .flag = "--fphi", .meta = "F", .type = AX_PARAM_NUMBER, .lo = 1e-100,
     /* the mixing ~ g^2 f_phi: below 1e-100 it underflows at the DM-fixed
      * solve's first coupling (f_phi = 1e-300: "Omega_s h^2 = 0") */
     .hi = 1.0, .lo_open = 0, .hi_open = 1, .expect = "0 < f_phi < 1 (at least 1e-100)", .def = 1e-2,
     .example = "0.01", .help = "rho_phi0/rho_DM",
     .json_key = "f_phi", .offset = offsetof(ax_model, f_phi)},
    {.key = "phi_evolution", .flag = "--phi-evolution", .meta = "exact|step",
     .type = AX_PARAM_WORD, .words = "exact step", .expect = "one of: exact step",
     .def = AX_PHI_EXACT, .example = "exact",
     .help = "field above T_osc: field equation (exact) or frozen (step, BH16)",
     .json_key = "phi_evolution", .offset = offsetof(ax_model, phi_evolution)},
};

static int check(const ax_model *m, ax_error *err)
{
    if (!(m->m_phi < m->m_s))
        return ax_fail(err, AX_EINPUT, "m_phi = %g eV; expected 0 < m_phi < m_s = %g eV",
                       m->m_phi / EV, m->m_s / EV);
    return AX_OK;
}

static int background_init(ax_background *b, const ax_cosmo *c, const void *data,
                           const ax_model *m, ax_error *err)
{
    (void)data;
    return ax_background_phi_init(b, c, m->m_phi, m->f_phi, m->phi_evolution, err);
}

static double mixing_at(const ax_background *b, const ax_model *m, double T)
{
    return ax_background_sin2(b, m->g_phi, m->m_s, T);
}

static double mixing_today(const ax_model *m)
{
    return ax_mixing_phi_today(m->m_s, m->g_phi, m->m_phi, m->f_phi);
}

static double other_dm(const ax_model *m) { return m->f_phi; }

static double invisible_width(const ax_model *m)
{
    return ax_decay_gamma_nuphi(m->m_s, m->g_phi);
}

static int json(void *out_, const ax_model *m, const struct ax_prod_result *r, ax_error *err)
{
    cJSON *out = out_;
    int st = ax_json_add_number(out, "T_osc_MeV", r->T_osc * 1e3, err);
    /* naturalness: the largest cutoff with a natural m_phi (docs/physics.md 6) */
    if (st == AX_OK && m->g_phi > 0)
        st = ax_json_add_number(out, "Lambda_UV_TeV",
                                ax_decay_lambda_uv(m->m_phi, m->g_phi) * 1e-3, err);
    if (st == AX_OK && m->g_phi > 0)
        st = ax_json_add_number(out, "tau_nu_phi_s",
                                ax_decay_lifetime_s(invisible_width(m)), err);
    if (st == AX_OK && !cJSON_AddStringToObject(out, "regime", r->oscillating_at_Tmax
                                                                  ? "oscillating" : "frozen"))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

const ax_model_type ax_model_phi = {
    .name = "phi",
    .title = "phi model",
    .summary = "an oscillating scalar with a Yukawa coupling (BH16 eqs. 1-4)",
    .params = PARAMS,
    .nparams = sizeof PARAMS / sizeof PARAMS[0],
    .coupling_power = 2.0, /* Omega_s ~ <sin^2 2theta> ~ g^2 */
    .coupling_max = 1.0,   /* a perturbative Yukawa */
    .coupling_max_open = 0,
    .dm_no_root = " (the abundance saturates at its thermal value)",
    .T_max_factor = 2.0,
    .tracks_dm = 1,
    .check = check,
    .background_init = background_init,
    .background_shared = 1,
    .background_density_key = "f_phi",
    .mixing_at = mixing_at,
    .mixing_today = mixing_today,
    .other_dm_fraction = other_dm,
    .invisible_width = invisible_width,
    .invisible_name = "phi",
    .json = json,
};
