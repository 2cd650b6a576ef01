/*
 * axsterile/medium.h -- active neutrinos in the plasma (SPEC section 3):
 * the thermal potential V_T(p,T) and the opacity Gamma_nu(p,T) of nu_alpha.
 *
 *   V_T(p,T) = -(8 sqrt2 G_F p / 3) [rho_nu_alpha/m_Z^2 + rho_l_alpha/m_W^2]
 *                                        (BH16 eq. 8; Notzold & Raffelt 1988)
 *   Gamma_nu(p,T) = c_alpha(T) G_F^2 p T^4     (built-in model, AFP01 eq. 5)
 *                 or a table Gamma/(G_F^2 T^5)(p/T, T) read with --opacity
 *                    (layout of Venumadhav et al. 2016, arXiv:1507.06655)
 *
 * Units: p, T, V_T and Gamma in GeV. The coefficients c_alpha(T) of the
 * built-in model are derived species by species in docs/physics.md
 * section 3. The struct is read-only after ax_medium_init and may be shared
 * between threads (splines evaluated without accelerators).
 */
#ifndef AXSTERILE_MEDIUM_H
#define AXSTERILE_MEDIUM_H

#include <gsl/gsl_spline2d.h>
#include <gsl/gsl_spline.h>

#include "axsterile/cosmo.h"
#include "axsterile/error.h"

typedef enum { AX_FLAVOR_E = 0, AX_FLAVOR_MU = 1, AX_FLAVOR_TAU = 2 } ax_flavor;

typedef struct ax_medium {
    int flavor;              /* AX_FLAVOR_* */
    int extrapolate;         /* accept T outside the source's range (clamped) */
    double T_lo, T_hi;       /* GeV: range of the opacity source in use */
    double lnT_lo, lnT_hi;   /* range of the splines below */
    gsl_spline *rho_lep;     /* ln T -> rho_l_alpha / T^4 (l + lbar, 2 spins) */
    gsl_spline *c_alpha;     /* ln T -> built-in c_alpha(T) */
    /* opacity table (NULL when the built-in model is in use) */
    gsl_spline2d *table;     /* (ln(p/T), ln T) -> ln(Gamma/(G_F^2 T^5)) */
    double eps_lo, eps_hi;   /* p/T range of the table */
    char table_path[512];
} ax_medium;

/* Build the medium for flavour `flavor` (0 e, 1 mu, 2 tau). opacity_file =
 * NULL selects the built-in opacity; otherwise the table is read (format in
 * docs/physics.md section 3). extrapolate != 0 lets T outside the source's
 * range through (clamped to its ends) instead of refusing it. `cosmo` is
 * used for the QCD fraction of the built-in model. */
int ax_medium_init(ax_medium *md, const ax_cosmo *cosmo, int flavor,
                   const char *opacity_file, int extrapolate, ax_error *err);
void ax_medium_free(ax_medium *md);

/* Refuse T outside the range of the opacity source (10 MeV - 10 GeV for a
 * Venumadhav table; 1 MeV - 10 TeV built-in) unless extrapolate is set. */
int ax_medium_check_range(const ax_medium *md, double T, ax_error *err);

/* Energy density of nu_alpha + nubar_alpha, one helicity each (GeV^4):
 * 2 (7/8) (pi^2/30) T^4 = 7 pi^2 T^4 / 120. */
double ax_medium_rho_nu(double T);

/* Energy density of l_alpha^- + l_alpha^+, 2 spin states each, with the
 * charged-lepton mass (Fermi-Dirac; GeV^4). */
double ax_medium_rho_lepton(const ax_medium *md, double T);

/* Thermal potential V_T(p,T) in GeV (negative), BH16 eq. 8. */
double ax_medium_potential(const ax_medium *md, double p, double T);

/* Built-in coefficient c_alpha(T) = Gamma/(G_F^2 p T^4) (dimensionless). */
double ax_medium_c_builtin(const ax_medium *md, double T);

/* Opacity Gamma_nu(p,T) in GeV from the source in use (T clamped to the
 * source's range; callers check the range first with
 * ax_medium_check_range). */
double ax_medium_opacity(const ax_medium *md, double p, double T);

/* Read a Venumadhav-format opacity table into md (replacing any previous
 * one). Exposed for tests; ax_medium_init calls it. */
int ax_medium_load_table(ax_medium *md, const char *path, ax_error *err);

#endif /* AXSTERILE_MEDIUM_H */
