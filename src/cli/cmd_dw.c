/* cmd_dw.c -- `axsterile dw`: Dodelson-Widrow production (constant mixing). */
#include "prod_common.h"

#include <math.h>

static const cli_flag FLAGS[] = {
    {"--ms", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",
     "sterile-neutrino mass (required), e.g. 7.1keV"},
    {"--sin2", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "X", "vacuum sin^2 2theta"},
    {"--dm-fixed", CLI_BOOL, AX_DIM_NONE, 0, NULL,
     "solve for the sin^2 2theta that gives Omega_s h^2 = 0.120"},
    CLI_PROD_FLAGS,
};

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    if (!cli_given(a, "--ms"))
        return ax_fail(err, AX_EINPUT, "--ms is required (a mass, e.g. --ms 7.1keV)");
    int st = cli_require_one(a, "--sin2", "--dm-fixed", err);
    if (st != AX_OK)
        return st;
    ax_production_opts o;
    st = cli_prod_opts(a, &o, err);
    if (st != AX_OK)
        return st;
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_DW);
    m.m_s = cli_value(a, "--ms", 0.0);
    m.flavor = o.flavor;
    if (cli_given(a, "--sin2"))
        m.sin2_2theta = cli_value(a, "--sin2", 0.0);
    st = ax_model_validate(&m, err);
    if (st != AX_OK)
        return st;
    ax_prod_result r;
    int dm;
    st = cli_prod_run(a, &o, &m, &r, &dm, err);
    if (st == AX_OK) st = cli_json_num(out, "m_s_keV", m.m_s * 1e6, err);
    if (st == AX_OK) st = cli_json_num(out, "sin2_2theta", m.sin2_2theta, err);
    if (st == AX_OK && !cJSON_AddBoolToObject(out, "dm_fixed", dm))
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (st == AX_OK) st = cli_prod_common_json(out, &o, &r, err);
    if (st == AX_OK)
        st = cli_json_num(out, "T_max_BH16_MeV", 133.0 * cbrt(m.m_s * 1e6), err);
    return st;
}

const cli_command cli_cmd_dw = {
    .name = "dw",
    .summary = "Dodelson-Widrow production: Omega_s h^2, T_max, <q/T>, or the DM-fixed mixing",
    .usage = "axsterile dw --ms MASS (--sin2 X | --dm-fixed) [--flavor e|mu|tau] "
             "[--opacity FILE] [--extrapolate] [--rate afp|bh16] [--spectrum FILE]\n"
             "       [--production-rate FILE] [--json]",
    .description =
        "Solves the momentum-resolved Boltzmann equation with inverse processes,\n"
        "df_s/dt = Gamma_s (f_nu - f_s), Gamma_s = (Gamma_nu/4) sin^2 2theta_m/(1+(Gamma_nu l_m/2)^2),\n"
        "for a constant vacuum mixing (see docs/physics.md section 5). Omega_s counts both\n"
        "helicity states. --dm-fixed finds the sin^2 2theta with Omega_s h^2 = 0.120.",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = 0,
    .run = run,
};
