/* prod_common.h -- flags and output shared by `dw` and `point` (CLI only). */
#ifndef AXSTERILE_CLI_PROD_COMMON_H
#define AXSTERILE_CLI_PROD_COMMON_H

#include "cli.h"

#include "axsterile/production.h"

/* Fill production options from --flavor, --opacity, --extrapolate, --rate. */
int cli_prod_opts(const cli_args *a, ax_production_opts *o, ax_error *err);

/* Write f_s(q/T_nu) on 0.05..20 (400 points) to --spectrum FILE, if given. */
int cli_prod_spectrum(const cli_args *a, const ax_production *ctx, const ax_model *m,
                      ax_error *err);

/* Write dY/dln T on 200 temperatures from T_high to T_low to
 * --production-rate FILE, if given. */
int cli_prod_rate_file(const cli_args *a, const ax_production *ctx, const ax_model *m,
                       const ax_prod_result *r, ax_error *err);

/* Add the keys common to every production result. */
int cli_prod_common_json(cJSON *out, const ax_production_opts *o, const ax_prod_result *r,
                         ax_error *err);

#define CLI_PROD_FLAGS                                                                  \
    {"--flavor", CLI_STRING, AX_DIM_NONE, 0, "e|mu|tau",                                \
     "active flavour the sterile neutrino mixes with (default mu)"},                    \
    {"--opacity", CLI_STRING, AX_DIM_NONE, 0, "FILE",                                   \
     "opacity table in the layout of Venumadhav et al. 2016 (default: built-in)"},      \
    {"--extrapolate", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                   \
     "clamp the opacity source at its ends instead of refusing temperatures outside"},  \
    {"--rate", CLI_STRING, AX_DIM_NONE, 0, "afp|bh16",                                  \
     "rate normalisation: afp = Gamma/4 (default, AFP 2001), bh16 = BH16 eq. 6"},       \
    {"--spectrum", CLI_STRING, AX_DIM_NONE, 0, "FILE",                                  \
     "write f_s against q/T_nu today as CSV"},                                          \
    {"--production-rate", CLI_STRING, AX_DIM_NONE, 0, "FILE",                           \
     "write the production rate dY/dln T against T as CSV"}

#endif
