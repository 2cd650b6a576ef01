/*
 * axsterile/medium.h -- active neutrinos in the plasma (docs/physics.md section 3):
 * the thermal potential V_T(p,T) and the opacity Gamma_nu(p,T) of nu_alpha.
 *
 *   V_T(p,T) = -(8 sqrt2 G_F p / 3) [rho_nu_alpha/m_Z^2 + rho_l_alpha/m_W^2]
 *                                        (BH16 eq. 8; Notzold & Raffelt 1988)
 *   Gamma_nu(p,T) from one of three sources (docs/physics.md section 3):
 *     default   the rates of Venumadhav et al. 2016 (arXiv:1507.06655),
 *               leptonic and hadronic parts, data/opacity_numu.csv, with the
 *               flavour dependence of the leptonic and hadronic parts from the
 *               analytic model; its range is the table's, 10 MeV - 10 GeV,
 *               beyond which the analytic model's temperature dependence
 *               continues it (for --extrapolate and for the production's
 *               estimate of what lies outside);
 *     analytic  c_alpha(T) G_F^2 p T^4 (built-in model; --opacity analytic);
 *     file      a table Gamma/(G_F^2 T^5)(p/T, T) in the layout of Venumadhav
 *               et al. (--opacity FILE).
 *
 * Units: p, T, V_T and Gamma in GeV. The coefficients c_alpha(T) of the
 * built-in model are derived species by species in docs/physics.md
 * section 3. The struct is read-only after ax_medium_init and may be shared
 * between threads (splines evaluated without accelerators).
 */
#ifndef AXSTERILE_MEDIUM_H
#define AXSTERILE_MEDIUM_H

#include <stddef.h>

#include "axsterile/cosmo.h"
#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ax_spline; /* an interpolation table of the library (opaque; see cosmo.h) */

typedef enum { AX_FLAVOR_E = 0, AX_FLAVOR_MU = 1, AX_FLAVOR_TAU = 2 } ax_flavor;

/* Opacity sources (ax_medium.source). */
enum { AX_OPACITY_ANALYTIC = 0, AX_OPACITY_DEFAULT = 1, AX_OPACITY_FILE = 2 };

/* The name --opacity takes for the analytic model, and the shipped table. */
#define AX_OPACITY_ANALYTIC_NAME "analytic"
#define AX_OPACITY_DEFAULT_TABLE "data/opacity_numu.csv"

/* An opacity table resampled on a fine grid uniform in ln(p/T) and ln T:
 * c = Gamma/(G_F^2 p T^4), interpolated bilinearly at run time. */
typedef struct ax_opacity_grid {
    size_t ne, nT;
    double lne0, dlne, lnT0, dlnT;
    double *c;               /* [iT * ne + ie] */
} ax_opacity_grid;

typedef struct ax_medium {
    int flavor;              /* AX_FLAVOR_* */
    int source;              /* AX_OPACITY_* */
    int extrapolate;         /* accept T outside the source's range */
    double T_lo, T_hi;       /* GeV: range of the opacity source in use */
    double lnT_lo, lnT_hi;   /* range of the splines below */
    struct ax_spline *rho_lep; /* ln T -> rho_l_alpha / T^4 (l + lbar, 2 spins) */
    struct ax_spline *c_alpha; /* ln T -> built-in c_alpha(T) */
    struct ax_spline *c_lep, *c_had; /* ln T -> its leptonic (M3-M5) and hadronic
                                  (M6-M7) parts */
    /* opacity table (NULL when the analytic model is in use) */
    ax_opacity_grid *table;
    double eps_lo, eps_hi;   /* p/T range of the table */
    double tab_T_lo, tab_T_hi; /* GeV: the table's own temperature range */
    char table_path[512];
} ax_medium;

/* Build the medium for flavour `flavor` (0 e, 1 mu, 2 tau). opacity_file =
 * NULL selects the default (the Venumadhav et al. rates shipped in
 * data/opacity_numu.csv, 10 MeV - 10 GeV); "analytic" the built-in model
 * (the whole g*(T) range); anything else is read as a table in the
 * Venumadhav layout (docs/physics.md section 3). extrapolate != 0 lets T
 * outside the source's range through ax_medium_check_range instead of
 * refusing it. Outside its table the opacity is always available: the
 * default continued with the analytic model's temperature dependence, a
 * user's table clamped to its ends. `cosmo` is used for the QCD fraction
 * of the analytic model. */
int ax_medium_init(ax_medium *md, const ax_cosmo *cosmo, int flavor,
                   const char *opacity_file, int extrapolate, ax_error *err);
void ax_medium_free(ax_medium *md);

/* Refuse T outside the range of the opacity source (a table's: 10 MeV -
 * 10 GeV for the default; the g*(T) range, 1 MeV - 10 TeV, for the
 * analytic model) unless extrapolate is set. */
int ax_medium_check_range(const ax_medium *md, double T, ax_error *err);

/* Energy density of nu_alpha + nubar_alpha, one helicity each (GeV^4):
 * 2 (7/8) (pi^2/30) T^4 = 7 pi^2 T^4 / 120. */
double ax_medium_rho_nu(double T);

/* Energy density of l_alpha^- + l_alpha^+, 2 spin states each, with the
 * charged-lepton mass (Fermi-Dirac; GeV^4). */
double ax_medium_rho_lepton(const ax_medium *md, double T);

/* Thermal potential V_T(p,T) in GeV (negative), BH16 eq. 8. */
double ax_medium_potential(const ax_medium *md, double p, double T);

/* Built-in coefficient c_alpha(T) = Gamma/(G_F^2 p T^4) (dimensionless),
 * and its leptonic (eqs. M3-M5: y_nu and the charged leptons) and hadronic
 * (M6-M7: quarks weighted by W(T)) parts. */
double ax_medium_c_builtin(const ax_medium *md, double T);
double ax_medium_c_builtin_lep(const ax_medium *md, double T);
double ax_medium_c_builtin_had(const ax_medium *md, double T);

/* Opacity Gamma_nu(p,T) in GeV from the source in use, continued outside
 * a table as ax_medium_init says (callers that must stay inside check the
 * range first with ax_medium_check_range). */
double ax_medium_opacity(const ax_medium *md, double p, double T);

/* The same, in two steps for many momenta at one temperature: prepare
 * once per T, then Gamma_nu (GeV) at p = eps T. */
typedef struct ax_opacity_at {
    const double *row;   /* fine-grid row below T (NULL: analytic model) */
    double fv;           /* weight of the row above */
    double fac;          /* G_F^2 T^5 (x the continuation factor; x c(T) when analytic) */
} ax_opacity_at;
void ax_medium_opacity_prepare(const ax_medium *md, double T, ax_opacity_at *a);
double ax_medium_opacity_prepared(const ax_medium *md, const ax_opacity_at *a, double eps);
/* The same with ln eps given (a caller that has it without a log: the
 * production's momentum grid, ln eps = ln x + ln(p/(x T))). */
double ax_medium_opacity_prepared_ln(const ax_medium *md, const ax_opacity_at *a, double eps,
                                     double ln_eps);

/* Read a Venumadhav-format opacity table into md (replacing any previous
 * one). Exposed for tests; ax_medium_init calls it. */
int ax_medium_load_table(ax_medium *md, const char *path, ax_error *err);

/* Largest number of p/T rows, and of temperatures, a table may have (the
 * Venumadhav et al. tables have 101 and 45). */
#define AX_OPACITY_MAX_NODES 2000

/* Read a Venumadhav-format table into arrays: p/T (*eps, ne values), T in
 * GeV (*T, nT values), and Gamma/(G_F^2 T^5) (*rate, [iT * ne + ie]).
 * allow_zero accepts rates equal to 0 (the hadronic part vanishes at the
 * smallest p/T and T). The caller frees the three arrays. Used by the
 * generator of data/opacity_numu.csv and the tests. */
int ax_opacity_read_venumadhav(const char *path, int allow_zero, double **eps, size_t *ne,
                               double **T, size_t *nT, double **rate, ax_error *err);

/* The interpolation of every opacity table (docs/physics.md section 3):
 * values y on the nodes (eps[ie], T[iT]) (p/T and T, both increasing; y at
 * [iT * ne + ie]) are carried to the nodes (eps_out, T_out) by a Steffen
 * spline in ln T through every temperature column at each p/T row (across
 * the 150-250 MeV gap of the Venumadhav tables too), then at each T a
 * Steffen spline in ln(p/T). Outside the nodes the end values are kept
 * (c = Gamma/(G_F^2 p T^4) constant: Gamma proportional to p). Steffen's
 * splines do not overshoot, so non-negative data stay non-negative. */
int ax_opacity_resample(const double *eps, size_t ne, const double *T, size_t nT,
                        const double *y, const double *eps_out, size_t ne_out,
                        const double *T_out, size_t nT_out, double *y_out, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_MEDIUM_H */
