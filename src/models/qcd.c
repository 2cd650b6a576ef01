/* qcd.c -- the QCD axion as the oscillating field: g_phi = g_a v/(sqrt2
 * f_a), the lattice m_a(T) (BH16 eqs. 12-18; docs/physics.md section 4).
 * See axsterile/model.h. */
#include "axsterile/decay.h"
#include "axsterile/model.h"
#include "axsterile/production.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#define EV 1e-9

static const ax_model_param PARAMS[] = {
    {.key = "g_a", .flag = "--g", .meta = "G", .type = AX_PARAM_NUMBER, .lo = 1e-100,
     /* a lifetime ~ 1/g^2 and the rates ~ g^2 must stay finite numbers
      * (g = 1e150 made the number density overflow) */
     .hi = 1e100, .lo_open = 0,
     .expect = "a positive coupling >= 1e-100 (and at most 1e100)", .def = 1.0,
     .role = AX_PARAM_COUPLING, .example = "0.3", .help = "axion-neutrino coupling g_a",
     .json_key = "g_a", .offset = offsetof(ax_model, g_a)},
    {.key = "f_a", .flag = "--fa", .meta = "SCALE", .type = AX_PARAM_QUANTITY,
     .dim = AX_DIM_ENERGY, .unit = "GeV", .unit_gev = 1.0, .lo = 1e3, .hi = 1e19,
     .expect = "1e3 GeV <= f_a <= 1e19 GeV", .def = 1e10, .role = AX_PARAM_REQUIRED,
     .example = "1e10GeV", .help = "axion decay constant, e.g. 1e10GeV", .json_key = "f_a_GeV",
     .offset = offsetof(ax_model, f_a)},
    {.key = "m_a0", .flag = "--ma0", .meta = "MASS", .type = AX_PARAM_QUANTITY,
     .dim = AX_DIM_ENERGY, .unit = "eV", .unit_gev = EV, .lo = 0.0, .hi = INFINITY,
     .lo_open = 1, .expect = "a positive mass", .role = AX_PARAM_ALT, .alt_of = "f_a",
     .to_alt = ax_axion_ma0, .from_alt = ax_axion_fa_from_ma0, .example = "1e-3eV",
     .help = "zero-temperature axion mass (instead of --fa)", .json_key = "m_a0_eV"},
    {.key = "frac", .flag = "--frac", .meta = "F", .type = AX_PARAM_NUMBER, .lo = 1e-100,
     /* the mixing ~ g_a^2 frac: as f_phi of the phi model */
     .hi = 1.0, .lo_open = 0, .hi_open = 1, .expect = "0 < frac < 1 (at least 1e-100)", .def = 1e-2,
     .example = "0.01", .help = "rho_a0/rho_DM", .json_key = "frac",
     .offset = offsetof(ax_model, frac)},
    {.key = "phi_evolution", .flag = "--phi-evolution", .meta = "exact|step",
     .type = AX_PARAM_WORD, .words = "exact step", .expect = "one of: exact step",
     .def = AX_PHI_EXACT, .example = "exact",
     .help = "field above T_osc: field equation (exact) or frozen (step, BH16)",
     .json_key = "phi_evolution", .offset = offsetof(ax_model, phi_evolution)},
};

static int check(const ax_model *m, ax_error *err)
{
    if (!(ax_axion_ma0(m->f_a) < m->m_s))
        return ax_fail(err, AX_EINPUT, "m_a0 = %g eV must be below m_s", ax_axion_ma0(m->f_a) / EV);
    return AX_OK;
}

/* the lattice m_a(T), read once per production context */
static int context_init(void **data, ax_error *err)
{
    ax_axion_mass_table *t = malloc(sizeof *t);
    *data = NULL;
    if (!t)
        return ax_fail(err, AX_ERUN, "out of memory");
    int st = ax_axion_mass_table_load(t, err);
    if (st) {
        free(t);
        return st;
    }
    *data = t;
    return AX_OK;
}

static void context_free(void *data)
{
    if (data)
        ax_axion_mass_table_free(data);
    free(data);
}

static int background_init(ax_background *b, const ax_cosmo *c, const void *data,
                           const ax_model *m, ax_error *err)
{
    return ax_background_axion_init_table(b, c, data, m->f_a, m->frac, m->phi_evolution, err);
}

static double mixing_at(const ax_background *b, const ax_model *m, double T)
{
    return ax_background_sin2(b, ax_axion_gphi(m->g_a, m->f_a), m->m_s, T);
}

static double mixing_today(const ax_model *m)
{
    return ax_mixing_qcd_today(m->m_s, m->g_a, m->f_a, m->frac);
}

static double other_dm(const ax_model *m) { return m->frac; }

static double invisible_width(const ax_model *m)
{
    return ax_decay_gamma_nua(m->m_s, m->g_a, m->f_a);
}

static int json(void *out_, const ax_model *m, const struct ax_prod_result *r, ax_error *err)
{
    cJSON *out = out_;
    int st = ax_json_add_number(out, "g_phi_eff", ax_axion_gphi(m->g_a, m->f_a), err);
    st = AX_THEN(st, ax_json_add_number(out, "T_osc_MeV", r->T_osc * 1e3, err));
    if (st == AX_OK && m->g_a > 0)
        st = ax_json_add_number(out, "tau_nu_a_s", ax_decay_lifetime_s(invisible_width(m)), err);
    if (st == AX_OK &&
        (!cJSON_AddBoolToObject(out, "oscillating_at_Tmax", r->oscillating_at_Tmax) ||
         !cJSON_AddStringToObject(out, "regime", r->oscillating_at_Tmax ? "oscillating"
                                                                        : "frozen")))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

const ax_model_type ax_model_qcd = {
    .name = "qcd",
    .title = "QCD axion",
    .summary = "the QCD axion as the oscillating field (BH16 eqs. 12-18)",
    .params = PARAMS,
    .nparams = sizeof PARAMS / sizeof PARAMS[0],
    .coupling_power = 2.0,
    .coupling_max = 1.0,
    .coupling_max_open = 0,
    .dm_no_root = " (the abundance saturates at its thermal value)",
    .T_max_factor = 2.0,
    .tracks_dm = 1,
    .check = check,
    .context_init = context_init,
    .context_free = context_free,
    .background_init = background_init,
    .background_shared = 1,
    .background_density_key = "frac",
    .mixing_at = mixing_at,
    .mixing_today = mixing_today,
    .other_dm_fraction = other_dm,
    .invisible_width = invisible_width,
    .invisible_name = "a",
    .json = json,
};
