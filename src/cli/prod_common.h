/* prod_common.h -- flags and output shared by `dw`, `point` and `check`
 * (CLI only). The model flags are generated from the parameter rows of
 * the registered models (axsterile/model.h). */
#ifndef AXSTERILE_CLI_PROD_COMMON_H
#define AXSTERILE_CLI_PROD_COMMON_H

#include "cli.h"

#include "axsterile/production.h"

/* Fill production options from --flavor, --opacity, --gstar-table,
 * --extrapolate, --rate. */
int cli_prod_opts(const cli_args *a, ax_production_opts *o, ax_error *err);

/* The production run shared by `dw` and `point`: a context for o, Omega_s
 * (or, with dm_fixed, the DM-fixed solve, which sets the coupling of m),
 * then --spectrum FILE (f_s against q/T_nu, 400 points) and
 * --production-rate FILE (dY/dln T on 200 temperatures), which appear
 * together or not at all. */
int cli_prod_run(const cli_args *a, const ax_production_opts *o, ax_model *m,
                 ax_prod_result *r, int dm_fixed, ax_error *err);

#define CLI_PROD_CORE_FLAGS                                                             \
    {"--flavor", CLI_STRING, AX_DIM_NONE, 0, "e|mu|tau",                                \
     "active flavour the sterile neutrino mixes with (default mu)"},                    \
    {"--opacity", CLI_STRING, AX_DIM_NONE, 0, "analytic|FILE",                          \
     "opacity: a table in the layout of Venumadhav et al. 2016, or analytic (default: "  \
     "their published rates, data/opacity_numu.csv)"},                                  \
    {"--gstar-table", CLI_STRING, AX_DIM_NONE, 0, "FILE",                               \
     "g*(T) table instead of data/gstar.csv (also the Laine & Schroder SMgstar.dat)"},  \
    {"--extrapolate", CLI_BOOL, AX_DIM_NONE, 0, NULL,                                   \
     "clamp the opacity source at its ends instead of refusing temperatures outside"},  \
    {"--rate", CLI_STRING, AX_DIM_NONE, 0, "afp|bh16",                                  \
     "rate normalisation: afp = Gamma/4 (default, AFP 2001), bh16 = BH16 eq. 6"}

#define CLI_PROD_OUTPUT_FLAGS                                                           \
    {"--spectrum", CLI_STRING, AX_DIM_NONE, 0, "FILE",                                  \
     "write f_s against q/T_nu today as CSV"},                                          \
    {"--production-rate", CLI_STRING, AX_DIM_NONE, 0, "FILE",                           \
     "write the production rate dY/dln T against T as CSV"}

#define CLI_PROD_FLAGS CLI_PROD_CORE_FLAGS, CLI_PROD_OUTPUT_FLAGS

/* A flag table made of: `head` flags, the flags of the models' parameter
 * rows (only `only`, or every registered model with --model), --dm-fixed,
 * then `tail` flags. One row's flag appears once; a flag shared by several
 * models (--g) says what it is for each. Built once per table. */
typedef struct cli_model_table {
    const ax_model_type *only; /* NULL: every model, chosen with --model */
    const cli_flag *head, *tail;
    int nhead, ntail;
    cli_flag flags[CLI_MAX_FLAGS];
    char help[CLI_MAX_FLAGS][256];
    int n;
    char usage[2048];
} cli_model_table;

const cli_flag *cli_model_flags(cli_model_table *t, int *n);

/* "axsterile CMD" + the generated model flags (one line per model) + `tail`. */
const char *cli_model_usage(cli_model_table *t, const char *cmd, const char *tail);

/* Build the model from the flags: of type `only` or the one --model names
 * (default `def`); `selector` names how it was chosen in messages ("--dw";
 * NULL: "--model NAME"). *dm_fixed says whether --dm-fixed was given. */
int cli_model_build(const cli_args *a, const ax_model_type *only, const char *def,
                    const char *selector, ax_model *m, int *dm_fixed, ax_error *err);

#endif
