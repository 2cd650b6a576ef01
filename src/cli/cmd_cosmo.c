/* cmd_cosmo.c -- `axsterile cosmo`: the background at one temperature. */
#include "cli.h"

#include "axsterile/cosmo.h"

static const cli_flag FLAGS[] = {
    {"--T", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "TEMP",
     "plasma temperature (required), e.g. 150MeV"},
    {"--gstar-table", CLI_STRING, AX_DIM_NONE, 0, "FILE",
     "g*(T) table to use instead of data/gstar.csv"},
};

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    if (!cli_given(a, "--T"))
        return ax_fail(err, AX_EINPUT, "--T is required (a temperature, e.g. --T 150MeV)");
    double T = cli_value(a, "--T", 0.0);
    ax_cosmo c;
    int st = ax_cosmo_init(&c, cli_text(a, "--gstar-table"), err);
    if (st != AX_OK)
        return st;
    st = ax_cosmo_check_range(&c, T, "--T", err);
    st = AX_THEN(st, cli_json_num(out, "T_MeV", T * 1e3, err));
    st = AX_THEN(st, cli_json_num(out, "g_star", ax_cosmo_gstar(&c, T), err));
    st = AX_THEN(st, cli_json_num(out, "g_star_s", ax_cosmo_gstar_s(&c, T), err));
    st = AX_THEN(st, cli_json_num(out, "dln_gstar_s_dlnT", ax_cosmo_dlngs_dlnT(&c, T), err));
    st = AX_THEN(st, cli_json_num(out, "H_GeV", ax_cosmo_hubble(&c, T), err));
    st = AX_THEN(st, cli_json_num(out, "s_GeV3", ax_cosmo_entropy(&c, T), err));
    st = AX_THEN(st, cli_json_num(out, "a_over_a0", ax_cosmo_scale_factor(&c, T), err));
    st = AX_THEN(st, cli_json_num(out, "dt_dlnT_GeVinv", ax_cosmo_dt_dlnT(&c, T), err));
    if (st == AX_OK && !cJSON_AddStringToObject(out, "gstar_table", c.source))
        st = ax_fail(err, AX_ERUN, "out of memory");
    ax_cosmo_free(&c);
    return st;
}

const cli_command cli_cmd_cosmo = {
    .name = "cosmo",
    .summary = "background cosmology at one temperature: g*, g*s, H, s, a",
    .usage = "axsterile cosmo --T TEMP [--gstar-table FILE] [--json]",
    .description =
        "Prints the effective degrees of freedom g*(T) and g*s(T), the Hubble rate\n"
        "H = sqrt(8 pi^3 g*/90) T^2/M_Pl, the entropy density s = (2 pi^2/45) g*s T^3,\n"
        "the scale factor a(T) (a = 1 today) and dt/dlnT, from the g*(T) table\n"
        "(data/gstar.csv: 1 MeV to 10 TeV; see docs/physics.md).",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = 0,
    .run = run,
};
