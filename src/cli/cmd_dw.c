/* cmd_dw.c -- `axsterile dw`: Dodelson-Widrow production (constant mixing).
 * Its model flags come from the dw model's parameter rows (src/models/dw.c). */
#include "prod_common.h"

static const cli_flag TAIL[] = {CLI_PROD_FLAGS};
extern const ax_model_type ax_model_dw;
static cli_model_table table = {.only = &ax_model_dw, .tail = TAIL,
                                .ntail = sizeof TAIL / sizeof TAIL[0]};

static const cli_flag *flags(int *n) { return cli_model_flags(&table, n); }

static const char *usage(void)
{
    return cli_model_usage(&table, "dw", "[--flavor e|mu|tau] [--opacity analytic|FILE] [--gstar-table FILE] [--extrapolate] "
                           "[--rate afp|bh16] [--spectrum FILE]\n"
                           "       [--production-rate FILE] [--json]");
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    ax_model m;
    int dm;
    int st = cli_model_build(a, &ax_model_dw, NULL, NULL, &m, &dm, err);
    ax_production_opts o;
    st = AX_THEN(st, cli_prod_opts(a, &o, err));
    if (st != AX_OK)
        return st;
    m.flavor = o.flavor;
    ax_prod_result r;
    st = cli_prod_run(a, &o, &m, &r, dm, err);
    st = AX_THEN(st, ax_point_json(out, &o, &m, &r, dm, err));
    return st;
}

const cli_command cli_cmd_dw = {
    .name = "dw",
    .summary = "Dodelson-Widrow production: Omega_s h^2, T_max, <q/T>, or the DM-fixed mixing",
    .description =
        "Solves the momentum-resolved Boltzmann equation with inverse processes,\n"
        "df_s/dt = Gamma_s (f_nu - f_s), Gamma_s = (Gamma_nu/4) sin^2 2theta_m/(1+(Gamma_nu l_m/2)^2),\n"
        "for a constant vacuum mixing (see docs/physics.md section 5). Omega_s counts both\n"
        "helicity states. --dm-fixed finds the sin^2 2theta with Omega_s h^2 = 0.120.\n"
        "The same as `axsterile point --model dw`.",
    .max_positional = 0,
    .run = run,
    .make_flags = flags,
    .make_usage = usage,
};
