/* cmd_point.c -- `axsterile point`: production at one model point of any
 * registered model (the phi model by default). Its model flags are
 * generated from the models' parameter rows (src/models/). */
#include "prod_common.h"

static const cli_flag TAIL[] = {CLI_PROD_FLAGS};
static cli_model_table table = {.tail = TAIL, .ntail = sizeof TAIL / sizeof TAIL[0]};

static const cli_flag *flags(int *n) { return cli_model_flags(&table, n); }

static const char *usage(void)
{
    return cli_model_usage(&table, "point", "[--flavor e|mu|tau] [--opacity analytic|FILE] [--gstar-table FILE] "
                           "[--extrapolate] [--rate afp|bh16]\n"
                           "       [--spectrum FILE] [--production-rate FILE] [--json]");
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    ax_model m;
    int dm;
    int st = cli_model_build(a, NULL, "phi", NULL, &m, &dm, err);
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

const cli_command cli_cmd_point = {
    .name = "point",
    .summary = "axion-assisted production at one model point (phi model or QCD axion)",
    .description =
        "Production of nu_s with the mixing induced by an oscillating scalar (BH16 eqs. 1-4)\n"
        "or the QCD axion (BH16 eqs. 12-18): Omega_s h^2, T_max, T_osc, the regime at\n"
        "T_max (oscillating or frozen) and <sin^2 2theta_eff> at T_max and today.\n"
        "--dm-fixed solves for the coupling with Omega_s = (1 - f) Omega_DM.",
    .max_positional = 0,
    .run = run,
    .make_flags = flags,
    .make_usage = usage,
};
