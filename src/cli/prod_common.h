/* prod_common.h -- flags and output shared by `dw` and `point` (CLI only). */
#ifndef AXSTERILE_CLI_PROD_COMMON_H
#define AXSTERILE_CLI_PROD_COMMON_H

#include "cli.h"

#include "axsterile/production.h"

/* Fill production options from --flavor, --opacity, --extrapolate, --rate. */
int cli_prod_opts(const cli_args *a, ax_production_opts *o, ax_error *err);

/* The production run shared by `dw` and `point`: a context for o, Omega_s
 * (or, with --dm-fixed, the DM-fixed solve, which sets the coupling of m),
 * then --spectrum FILE (f_s against q/T_nu, 400 points) and
 * --production-rate FILE (dY/dln T on 200 temperatures), which appear
 * together or not at all. *dm says whether --dm-fixed was given. */
int cli_prod_run(const cli_args *a, const ax_production_opts *o, ax_model *m,
                 ax_prod_result *r, int *dm, ax_error *err);

/* Add the keys common to every production result. */
int cli_prod_common_json(cJSON *out, const ax_production_opts *o, const ax_prod_result *r,
                         ax_error *err);

#define CLI_PROD_CORE_FLAGS                                                             \
    {"--flavor", CLI_STRING, AX_DIM_NONE, 0, "e|mu|tau",                                \
     "active flavour the sterile neutrino mixes with (default mu)"},                    \
    {"--opacity", CLI_STRING, AX_DIM_NONE, 0, "FILE",                                   \
     "opacity table in the layout of Venumadhav et al. 2016 (default: built-in)"},      \
    {"--extrapolate", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                   \
     "clamp the opacity source at its ends instead of refusing temperatures outside"},  \
    {"--rate", CLI_STRING, AX_DIM_NONE, 0, "afp|bh16",                                  \
     "rate normalisation: afp = Gamma/4 (default, AFP 2001), bh16 = BH16 eq. 6"}

#define CLI_PROD_FLAGS                                                                  \
    CLI_PROD_CORE_FLAGS,                                                                \
    {"--spectrum", CLI_STRING, AX_DIM_NONE, 0, "FILE",                                  \
     "write f_s against q/T_nu today as CSV"},                                          \
    {"--production-rate", CLI_STRING, AX_DIM_NONE, 0, "FILE",                           \
     "write the production rate dY/dln T against T as CSV"}

/* The flags of a model point (phi model or QCD axion), used by `point` and
 * `check`. */
#define CLI_POINT_FLAGS                                                                 \
    {"--model", CLI_STRING, AX_DIM_NONE, 0, "phi|qcd", "model (default phi)"},          \
    {"--ms", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",                    \
     "sterile-neutrino mass (required), e.g. 50keV"},                                   \
    {"--mphi", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",                  \
     "phi mass (phi model, required), e.g. 1e-6eV"},                                    \
    {"--fphi", CLI_NUMBER, AX_DIM_NONE, 0, "F", "rho_phi0/rho_DM, 0 < F < 1 (default 0.01)"}, \
    {"--phi-evolution", CLI_STRING, AX_DIM_NONE, 0, "exact|step",                       \
     "field above T_osc (phi and qcd): field equation (exact, default) or frozen (step, BH16)"}, \
    {"--g", CLI_NUMBER, AX_DIM_NONE, AX_UNITS_POSITIVE, "G", "coupling g_phi (phi) or g_a (qcd)"}, \
    {"--dm-fixed", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                      \
     "solve for the coupling with Omega_s = (1 - f) Omega_DM"},                         \
    {"--fa", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "SCALE",                   \
     "axion decay constant (qcd), e.g. 1e10GeV"},                                       \
    {"--ma0", CLI_QUANTITY, AX_DIM_ENERGY, AX_UNITS_POSITIVE, "MASS",                   \
     "zero-temperature axion mass (qcd; instead of --fa)"},                             \
    {"--frac", CLI_NUMBER, AX_DIM_NONE, 0, "F", "rho_a0/rho_DM, 0 < F < 1 (qcd, default 0.01)"}

/* Build the model of `point` from its flags (--model phi|qcd and the rest). */
int cli_point_model(const cli_args *a, ax_model *m, ax_error *err);

#endif
