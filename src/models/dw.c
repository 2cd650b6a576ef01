/* dw.c -- the Dodelson-Widrow model: a constant vacuum mixing sin^2 2theta
 * (Dodelson & Widrow 1994; docs/physics.md section 5). See axsterile/model.h. */
#include "axsterile/model.h"
#include "axsterile/production.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>

static const ax_model_param PARAMS[] = {
    {.key = "sin2_2theta", .symbol = "sin^2 2theta", .flag = "--sin2", .meta = "X", .type = AX_PARAM_NUMBER,
     /* below 1e-200 the abundance, proportional to sin^2 2theta there,
      * underflows in the Boltzmann solve: refused with the range */
     .lo = 1e-200, .hi = 1.0, .lo_open = 0, .hi_open = 1,
     .expect = "1e-200 <= sin^2 2theta < 1 (Omega is proportional to sin^2 2theta below: "
               "scale a result at 1e-200)",
     .def = 1e-10, .role = AX_PARAM_COUPLING, .example = "1e-10",
     .help = "vacuum sin^2 2theta", .json_key = "sin2_2theta",
     .offset = offsetof(ax_model, sin2_2theta)},
};

static double mixing_at(const ax_background *b, const ax_model *m, double T)
{
    (void)b;
    (void)T;
    return m->sin2_2theta;
}

static double mixing_today(const ax_model *m) { return m->sin2_2theta; }

static int json(void *out_, const ax_model *m, const struct ax_prod_result *r, ax_error *err)
{
    cJSON *out = out_;
    (void)r;
    return ax_json_add_number(out, "T_max_BH16_MeV", ax_tmax_bh16(m->m_s) * 1e3, err);
}

const ax_model_type ax_model_dw = {
    .name = "dw",
    .title = "DW",
    .summary = "Dodelson-Widrow: a constant vacuum mixing",
    .params = PARAMS,
    .nparams = sizeof PARAMS / sizeof PARAMS[0],
    .coupling_power = 1.0, /* Omega_s ~ sin^2 2theta */
    .coupling_max = 1.0,
    .coupling_max_open = 1,
    .dm_no_root = "",
    .T_max_factor = 1.0,
    .tracks_dm = 0,
    .mixing_at = mixing_at,
    .mixing_today = mixing_today,
    .json = json,
};
