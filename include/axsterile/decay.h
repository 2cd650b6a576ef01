/*
 * axsterile/decay.h -- sterile-neutrino decay widths, lifetimes and the
 * lifetime bounds of docs/physics.md section 6.
 *
 * Widths are in GeV (natural units) unless the name says s^-1; masses in
 * GeV. Mixing-induced widths take sin^2 2theta and a normalisation
 * convention:
 *   AX_DECAY_MAJORANA  9 G_F^2 alpha sin^2 2theta m_s^5 / (1024 pi^4)
 *                      (Pal & Wolfenstein 1982 for a Majorana nu_s, which
 *                      BH16's eq. 1 describes; the one the X-ray papers use,
 *                      "1.38e-32 s^-1 (sin^2 2theta/1e-10)(m_s/keV)^5").
 *                      The default (AX_DECAY_DEFAULT), name "majorana".
 *   AX_DECAY_DIRAC     half that, 2048 pi^4: BH16 eq. 10 as printed (a Dirac
 *                      width), name "bh16-eq10".
 * The same factor 2 applies to every mixing-induced channel (3 nu, nu e e).
 * A limit on sin^2 2theta quoted in one convention corresponds to half (or
 * twice) the value in the other for the same physical rate.
 */
#ifndef AXSTERILE_DECAY_H
#define AXSTERILE_DECAY_H

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { AX_DECAY_DIRAC = 1, AX_DECAY_MAJORANA = 2 };

/* The convention used unless the user asks for another: the Majorana width,
 * in which published X-ray limits are stated (docs/physics.md section 6). */
#define AX_DECAY_DEFAULT AX_DECAY_MAJORANA

/* CMB bound on decays to invisible light states (Poulin, Serpico &
 * Lesgourgues 2016, JCAP 08 (2016) 036, arXiv:1606.02073): tau > 160 Gyr
 * when the decaying species is the whole dark matter. */
#define AX_CMB_TAU_MIN_GYR 160.0

/* ---- conventions ----------------------------------------------------- */

/* 1 for AX_DECAY_DIRAC, 2 for AX_DECAY_MAJORANA, 0 for anything else. */
double ax_decay_convention_factor(int convention);

/* "bh16-eq10" (AX_DECAY_DIRAC) / "majorana" / NULL for an unknown value:
 * the string written as "decay_convention" in every output. */
const char *ax_decay_convention_name(int convention);

/* Parse "majorana" or "bh16-eq10" (or its synonym "dirac"), case-insensitive;
 * AX_EINPUT otherwise. */
int ax_decay_convention_parse(const char *text, int *convention, ax_error *err);

/* sin^2 2theta quoted in convention `from` -> the value in convention `to`
 * that gives the same Gamma(nu gamma): s * factor(from)/factor(to). */
double ax_decay_sin2_convert(double sin2_2theta, int from, int to);

/* ---- widths (GeV) ---------------------------------------------------- */

/* Gamma(nu_s -> nu gamma), BH16 eq. 10 (Dirac) or x2 (Majorana). GeV.
 * Returns NaN for an unknown convention or negative inputs. */
double ax_decay_gamma_nugamma(double m_s, double sin2_2theta, int convention);

/* Gamma(nu_s -> 3 nu) = sin^2 2theta G_F^2 m_s^5/(768 pi^3) (Dirac-like,
 * Barger, Phillips & Sarkar 1995, PLB 352 365; x2 Majorana). GeV.
 * Gamma(nu gamma)/Gamma(3 nu) = 27 alpha/(8 pi) in either convention. */
double ax_decay_gamma_3nu(double m_s, double sin2_2theta, int convention);

/* Gamma(nu_s -> nu_alpha e+ e-) for m_s > 2 m_e, 0 below. GeV.
 * Gorbunov & Shaposhnikov 2007 (JHEP 10 015, arXiv:0705.1729) for m_e -> 0,
 * with the electron-mass dependence of Bondarenko et al. 2018 (JHEP 11 032,
 * arXiv:1805.08567, sec. 3.1); flavour alpha = 0 (e), 1 (mu),
 * 2 (tau): the e flavour has the extra charged-current contribution.
 * Dirac-like normalisation x factor(convention). */
double ax_decay_gamma_nuee(double m_s, double sin2_2theta, int flavour,
                           int convention);

/* Total width from mixing: nu gamma + 3 nu + nu e e (below the muon
 * threshold; above 2 m_mu the result is a lower bound). GeV. */
double ax_decay_gamma_mixing_total(double m_s, double sin2_2theta, int flavour,
                                   int convention);

/* Gamma(nu_s -> nu phi) = g_phi^2 m_s/(16 pi), BH16 eq. 11 (m_phi << m_s). GeV. */
double ax_decay_gamma_nuphi(double m_s, double g_phi);

/* QCD axion: Gamma(nu_s -> nu a) with the effective coupling
 * g_phi = g_a v/(sqrt2 f_a) (BH16 eqs. 12-14), i.e. eq. 11 suppressed by
 * v^2/(2 f_a^2) relative to g_phi = g_a. f_a in GeV. GeV. */
double ax_decay_gamma_nua(double m_s, double g_a, double f_a);

/* Width into invisible light states, the one the CMB bound constrains:
 * Gamma(3 nu) + Gamma(nu phi), with g_phi the effective coupling (for the
 * QCD axion pass g_a v/(sqrt2 f_a)). GeV. */
double ax_decay_gamma_invisible(double m_s, double sin2_2theta, double g_phi, int convention);

/* v^2/(2 f_a^2): the suppression factor of the QCD-axion channel. */
double ax_decay_axion_suppression(double f_a);

/* ---- lifetimes and conversions --------------------------------------- */

/* Gamma [GeV] -> rate [s^-1] and lifetime tau = hbar/Gamma [s]; inf for 0. */
double ax_decay_rate_s(double gamma_GeV);
double ax_decay_lifetime_s(double gamma_GeV);

/* Limit conversions for the radiative channel (one photon of energy
 * m_s/2 per decay), in convention `convention`:
 *   sin^2 2theta <-> Gamma(nu gamma) [s^-1] <-> tau = 1/Gamma [s]. */
double ax_decay_sin2_to_rate_s(double m_s, double sin2_2theta, int convention);
double ax_decay_rate_s_to_sin2(double m_s, double rate_s, int convention);
double ax_decay_sin2_to_tau_s(double m_s, double sin2_2theta, int convention);
double ax_decay_tau_s_to_sin2(double m_s, double tau_s, int convention);

/* ---- bounds ---------------------------------------------------------- */

/* CMB bound (Poulin et al. 2016): the smallest allowed lifetime [s] for
 * decays to invisible light states of a species that makes the fraction
 * f_dm of the dark matter. For f_dm = 1: 160 Gyr. For f_dm < 1 the bound
 * is scaled as tau_min = 160 Gyr f_dm (the constraint is on f_dm Gamma,
 * valid for tau >> t_U, Poulin et al. sec. 4). */
double ax_decay_cmb_tau_min_s(double f_dm);

/* 1 when Gamma_invisible [GeV] is allowed by the CMB bound for f_dm. */
int ax_decay_cmb_allowed(double gamma_invisible_GeV, double f_dm);

/* DW lifetime shorter than the age of the Universe (BH16 Fig. 2 caption):
 * the sin^2 2theta above which the total mixing width (nu gamma + 3 nu +
 * nu e e, flavour as above) gives tau < t_U = 13.8 Gyr. Solved exactly
 * (the width is linear in sin^2 2theta). Dimensionless. */
double ax_decay_sin2_tau_equals_tU(double m_s, int flavour, int convention);

/* Naturalness (BH16 sec. II): the one-loop correction to m_phi^2 from the
 * nu_s loop, ~ g_phi^2 Lambda^2/(16 pi^2), stays below m_phi^2 for
 * Lambda < Lambda_UV = 4 pi m_phi/g_phi. GeV. */
double ax_decay_lambda_uv(double m_phi, double g_phi);

/* BH16's estimate of the largest natural cutoff on the DM-fixed band:
 * ~400 TeV (m_s/100 keV)^(1/2) (f_phi/1e-2)^(1/2). GeV. */
double ax_decay_lambda_uv_bh16(double m_s, double f_phi);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_DECAY_H */
