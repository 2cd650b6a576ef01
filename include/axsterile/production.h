/*
 * axsterile/production.h -- sterile-neutrino production by oscillation and
 * collisions (docs/physics.md section 5): the momentum-resolved Boltzmann equation
 * with inverse processes,
 *   d f_s(q)/dt = Gamma_s(p,T) (f_nu(p) - f_s(q)),
 *   Gamma_s = (Gamma_nu/4) <sin^2 2theta_m> / (1 + (Gamma_nu l_m/2)^2)
 * (AFP01 normalisation, default; BH16 eq. 6 without the 1/4 is
 * AX_RATE_BH16), integrated in ln T through the changes of g*s.
 * Omega_s h^2 = m_s Y s0/(rho_crit/h^2), Y = n_s/s with n_s counting both
 * helicity states of the Majorana nu_s (from nu and from anti-nu: factor 2).
 *
 * The model (axsterile/model.h) says how the mixing depends on T, which
 * background it needs and how its coupling enters the DM-fixed solve; the
 * solvers here know no model by name. Built in: Dodelson-Widrow (constant
 * sin^2 2theta), the simplified phi model (BH16 eqs. 1-4) and the QCD
 * axion (BH16 eqs. 12-18).
 * Units: GeV inside; results say their unit in the name.
 *
 * An ax_production context (cosmology, medium, grids) is read-only after
 * ax_production_init and may be shared between threads; each call
 * allocates its own background and work arrays.
 */
#ifndef AXSTERILE_PRODUCTION_H
#define AXSTERILE_PRODUCTION_H

#include <stddef.h>

#include "axsterile/cosmo.h"
#include "axsterile/error.h"
#include "axsterile/medium.h"
#include "axsterile/mixing.h"
#include "axsterile/model.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { AX_RATE_AFP = 0, AX_RATE_BH16 = 1 };

/* ax_production_opts.extrapolate: what a point whose Omega_s depends on the
 * opacity outside the temperature range of its table by more than 1e-3
 * gets (docs/physics.md section 3, "Outside the table"). NO: refused
 * (AX_EINPUT, naming the range); the others are integrated over the table's
 * range only. YES (--extrapolate): every point is integrated over the whole
 * range with the opacity continued beyond the table. AS_NEEDED (the
 * figures): only the points that need it, marked opacity_extrapolated. */
enum { AX_EXTRAPOLATE_NO = 0, AX_EXTRAPOLATE_YES = 1, AX_EXTRAPOLATE_AS_NEEDED = 2 };

typedef struct ax_production_opts {
    int flavor;                /* 0 e, 1 mu (default), 2 tau */
    const char *opacity_file;  /* NULL: built-in opacity */
    int extrapolate;           /* AX_EXTRAPOLATE_NO (default), _YES or _AS_NEEDED */
    int rate_convention;       /* AX_RATE_AFP (default) or AX_RATE_BH16 */
    const char *gstar_table;   /* NULL: data/gstar.csv */
    double grid_refine;        /* 1 = default grids; 4 = 4x finer (tests) */
    double T_low;              /* GeV, default 0.01 */
} ax_production_opts;

void ax_production_opts_defaults(ax_production_opts *o);

typedef struct ax_production ax_production;

/* opts = NULL uses the defaults. */
int ax_production_init(ax_production **ctx, const ax_production_opts *opts,
                       ax_error *err);
void ax_production_free(ax_production *ctx);

/* The cosmology and medium of a context (borrowed pointers). */
const ax_cosmo *ax_production_cosmo(const ax_production *ctx);
const ax_medium *ax_production_medium(const ax_production *ctx);

typedef struct ax_prod_result {
    double omega_h2;           /* Omega_s h^2 */
    double Y;                  /* n_s/s (both helicities) */
    double T_max;              /* GeV: peak of the production rate per Hubble time
                                  (dY/dlnT over 1 + dlng*s/3dlnT, smoothed) */
    double T_max_mean_p;       /* GeV: BH16/AFP01 convention, the peak of the
                                  conversion rate per Hubble time of a neutrino
                                  of the mean momentum p = 3.15 T */
    double T_cross;            /* GeV: |V_T| = m_s^2/(2p) at p = 3.15 T, the onset
                                  of matter suppression; BH16's estimate
                                  133 MeV (m_s/keV)^(1/3) is this temperature */
    double mean_q_over_T;      /* <q>/T_nu today */
    double T_osc;              /* GeV, 0 for DW */
    int oscillating_at_Tmax;   /* field oscillates at T_max (m > 3H) */
    double sin2_2theta_at_Tmax;/* effective vacuum <sin^2 2theta> at T_max */
    double sin2_2theta_today;  /* <sin^2 2theta_eff>_0 today, or DW value */
    double coupling;           /* g_phi, g_a or sin^2 2theta actually used */
    double max_sin2_2theta;    /* largest effective vacuum mixing met */
    int large_mixing;          /* max_sin2_2theta > 0.1 */
    int adiabatic;             /* m_phi < 0.1 m_s^2/(2 p) at p = 3.15 T_max */
    double T_high, T_low;      /* GeV: integration range used */
    double last_decade_frac;   /* fraction of Y added in the last decade */
    double frac_above_table;   /* fraction of Y made above / below the opacity */
    double frac_below_table;   /* table's range (with the opacity continued
                                  beyond it; docs/physics.md section 3); 0
                                  with the analytic model */
    int opacity_extrapolated;  /* the result includes what the continued
                                  opacity makes outside the table */
    const char *rate_convention; /* "AFP01 (Gamma/4)" or "BH16 eq. 6" */
} ax_prod_result;

/* Omega_s h^2 and the rest for one model point. A point refused because
 * it depends on the opacity outside its table (AX_EINPUT, naming the
 * range; docs/physics.md section 3) leaves in *res the result over the
 * table's range, with frac_above_table and frac_below_table (so does
 * ax_production_dm_fixed, with the coupling solved for in *m). */
int ax_production_omega(const ax_production *ctx, const ax_model *m,
                        ax_prod_result *res, ax_error *err);

/* Find the coupling (the model's coupling row: sin^2 2theta, g_phi or g_a,
 * written back into *m) with Omega_s h^2 = (1 - f) Omega_DM h^2 (f: the
 * model's other_dm_fraction, f_phi, frac, or 0 for DW). */
int ax_production_dm_fixed(const ax_production *ctx, ax_model *m,
                           ax_prod_result *res, ax_error *err);

/* Spectrum today: f_s at nq values x[i] = q/T_nu (caller's arrays), over
 * the temperature range ax_production_omega uses (the opacity table's
 * without extrapolation; no refusal here: the caller checks the point
 * with ax_production_omega first). */
int ax_production_spectrum(const ax_production *ctx, const ax_model *m,
                           size_t nq, const double *x, double *f_s,
                           ax_error *err);

/* Production rate per ln T, dY/dln T (>= 0), at nT temperatures T[i]
 * (descending or not; GeV), computed with the model's mixing. */
int ax_production_rate(const ax_production *ctx, const ax_model *m,
                       size_t nT, const double *T, double *dY_dlnT,
                       ax_error *err);

/* The result of `axsterile dw` and `point` as JSON: "model", the
 * parameters (ax_model_params_json), the model's own keys (T_osc_MeV, ...),
 * the mixing at T_max and today, "dm_fixed", "adiabatic" and the keys of
 * every production result (omega_h2, Y, T_max_MeV, ..., flavor, opacity,
 * rate_convention). ax_point_json_text returns the same as text (free()). */
int ax_point_json(void *out, const ax_production_opts *o, const ax_model *m,
                  const ax_prod_result *r, int dm_fixed, ax_error *err);
char *ax_point_json_text(const ax_production_opts *o, const ax_model *m,
                         const ax_prod_result *r, int dm_fixed, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_PRODUCTION_H */
