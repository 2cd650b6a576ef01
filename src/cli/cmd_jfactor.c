/* cmd_jfactor.c -- `axsterile jfactor`: J- and D-factors of a sky region
 * (parsing and printing only; the integrals are in src/halo.c). */
#include "cli.h"

#include "axsterile/halo.h"
#include "axsterile/target.h"

static const cli_flag FLAGS[] = {
    {"--roi", CLI_STRING, AX_DIM_NONE, 0, "ROI",
     "region: a preset (fermi:R3|R3-cusp|R16|R41|R90) or SHAPE:KEY=ANGLE,... e.g. "
     "disk:r=41deg[,l=..,b=..], annulus:rin=3deg,rout=45deg, box:l=-10deg..10deg,b=-5deg..5deg "
     "(every shape: docs/limits-format.md, Targets)"},
    {"--mask", CLI_STRING, AX_DIM_NONE, 0, "MASK", "none, fermi2015 (|b|<5deg and |l|>6deg removed), b<ANGLE[,l>ANGLE]"},
    {"--profile", CLI_STRING, AX_DIM_NONE, 0, "NAME", "nfw, gnfw, einasto, burkert or isothermal"},
    {"--rs", CLI_QUANTITY, AX_DIM_LENGTH, AX_UNITS_POSITIVE, "LENGTH", "scale radius r_s"},
    {"--rho-local", CLI_QUANTITY, AX_DIM_DENSITY, AX_UNITS_POSITIVE, "DENSITY",
     "local density rho(r_sun) (default 0.4GeV/cm3)"},
    {"--rho-s", CLI_QUANTITY, AX_DIM_DENSITY, AX_UNITS_POSITIVE, "DENSITY", "scale density rho_s instead of --rho-local"},
    {"--rsun", CLI_QUANTITY, AX_DIM_LENGTH, AX_UNITS_POSITIVE, "LENGTH", "Sun-Galactic Centre distance (default 8.5kpc)"},
    {"--rmax", CLI_QUANTITY, AX_DIM_LENGTH, AX_UNITS_POSITIVE, "LENGTH", "truncation radius (default: none)"},
    {"--rmin", CLI_QUANTITY, AX_DIM_LENGTH, AX_UNITS_NONNEGATIVE, "LENGTH",
     "core radius: rho(r<rmin) = rho(rmin) (default 0)"},
    {"--gamma", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_NONNEGATIVE, "X", "inner slope of a gnfw profile"},
    {"--alpha", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "X", "shape of an einasto profile"},
    {"--distance", CLI_QUANTITY, AX_DIM_LENGTH, AX_UNITS_POSITIVE, "LENGTH",
     "external target at this distance (ROI about its centre; needs --rho-s)"},
    {"--target", CLI_STRING, AX_DIM_NONE, 0, "FILE",
     "a JSON file: a limit sidecar (its \"target\") or a target object"},
};

static int add_str(cJSON *o, const char *k, const char *v, ax_error *err)
{
    return cJSON_AddStringToObject(o, k, v) ? AX_OK : ax_fail(err, AX_ERUN, "out of memory");
}

static int run(const cli_args *a, cJSON *out, ax_error *err)
{
    ax_target t;
    int st;
    if (cli_given(a, "--target")) {
        /* the file gives the whole target: a region or profile flag beside it
         * would be ignored */
        static const char *const USED[] = {"--target", "--json", NULL};
        if ((st = cli_refuse_unused(a, USED, "jfactor --target FILE (the file gives the "
                                    "region and the profile)", err)))
            return st;
        st = ax_target_load(cli_text(a, "--target"), &t, err);
        if (st != AX_OK)
            ax_error_context(err, "--target");
    } else {
        ax_target_words w = {0};
        w.roi = cli_text(a, "--roi");
        w.mask = cli_text(a, "--mask");
        w.profile = cli_text(a, "--profile");
#define NUM(flag, field)                              \
        if ((w.have_##field = cli_given(a, flag)))    \
            w.field = cli_value(a, flag, 0.0);
        NUM("--rs", r_s) NUM("--rho-local", rho_local) NUM("--rho-s", rho_s) NUM("--rsun", r_sun)
        NUM("--rmax", r_max) NUM("--rmin", r_min) NUM("--gamma", gamma) NUM("--alpha", alpha)
        NUM("--distance", distance)
#undef NUM
        st = ax_target_from_strings(&w, &t, err);
    }
    if (st != AX_OK)
        return st;
    ax_jd jd;
    st = ax_target_jd(&t, &jd, err);
    if (st == AX_OK && t.name[0]) st = add_str(out, "target", t.name, err);
    st = AX_THEN(st, add_str(out, "kind", t.kind == AX_TARGET_GALACTIC ? "galactic" : "external", err));
    st = AX_THEN(st, add_str(out, "profile", ax_profile_name(t.profile.type), err));
    st = AX_THEN(st, cli_json_num(out, "rho_s_GeV_cm3", t.profile.rho_s, err));
    st = AX_THEN(st, cli_json_num(out, "r_s_kpc", t.profile.r_s, err));
    st = AX_THEN(st, cli_json_num(out, t.kind == AX_TARGET_GALACTIC ? "r_sun_kpc" : "distance_kpc", t.distance, err));
    st = AX_THEN(st, cli_json_num(out, "J_GeV2_cm5", jd.J, err));
    st = AX_THEN(st, cli_json_num(out, "D_GeV_cm2", jd.D, err));
    st = AX_THEN(st, cli_json_num(out, "solid_angle_sr", jd.solid_angle, err));
    st = AX_THEN(st, cli_json_num(out, "J_over_D_GeV_cm3", jd.D > 0 ? jd.J / jd.D : 0.0, err));
    st = AX_THEN(st, cli_json_num(out, "J_relerr", jd.J_relerr, err));
    st = AX_THEN(st, cli_json_num(out, "D_relerr", jd.D_relerr, err));
    if (st == AX_OK && t.J_published > 0) st = cli_json_num(out, "J_published_GeV2_cm5", t.J_published, err);
    ax_target_free(&t);
    return st;
}

const cli_command cli_cmd_jfactor = {
    .name = "jfactor",
    .summary = "J- and D-factors of a sky region for a dark-matter halo profile",
    .usage = "axsterile jfactor --roi ROI [--mask MASK] [--profile NAME --rs LENGTH "
             "[--rho-local DENSITY | --rho-s DENSITY] [--rsun LENGTH] [--rmax LENGTH] [--rmin LENGTH] "
             "[--gamma X] [--alpha X] [--distance LENGTH]] | --target FILE [--json]",
    .description =
        "Integrates D = int dOmega int dl rho and J = int dOmega int dl rho^2 over a\n"
        "region of the sky (Galactic coordinates; for an external target, offsets\n"
        "from its centre). Presets fermi:R3/R16/R41/R90 are the Fermi-LAT 2015 line-\n"
        "search regions with their profiles (R_sun = 8.5 kpc, rho_local = 0.4 GeV/cm3).\n"
        "Prints J [GeV^2 cm^-5], D [GeV cm^-2], the solid angle [sr], J/D [GeV cm^-3]\n"
        "and relative error estimates. See docs/physics.md §7a and\n"
        "docs/limits-format.md (Targets).",
    .flags = FLAGS,
    .nflags = sizeof FLAGS / sizeof FLAGS[0],
    .max_positional = 0,
    .run = run,
};
