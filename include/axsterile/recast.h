/*
 * axsterile/recast.h -- X-ray and gamma-ray line limits recast to the
 * axion-assisted scenario (SPEC section 7; BH16 section V).
 *
 * In the axion-assisted model the mixing follows the local density of phi,
 * which traces the dark matter, so the line emissivity is
 *   n_s Gamma = f_s rho(x)^2 Gamma_0 / (m_s rho_mean)
 * (Gamma_0 the rate for the mean density today, rho_mean = Omega_DM rho_crit)
 * and the flux from a region is f_s Gamma_0 J / (4 pi m_s rho_mean),
 * annihilation-like. A standard decay limit, derived with the D-factor of
 * the same region and profile, becomes
 *   Gamma_0 <= Gamma_lim * (f_src D) rho_mean / (f_s J)
 * where f_src is the dark-matter fraction the source assumed for the
 * sterile neutrino (usually 1) and f_s = rho_s/rho_DM in the model.
 * Derivations: docs/physics.md section 7b.
 *
 * Units: D in GeV cm^-2, J in GeV^2 cm^-5, flux in cm^-2 s^-1,
 * <sigma v> in cm^3 s^-1, masses in GeV, rates in s^-1.
 */
#ifndef AXSTERILE_RECAST_H
#define AXSTERILE_RECAST_H

#include "axsterile/error.h"

/* The factor (f_src D) rho_mean / (f_s J) that turns a decay limit (on
 * sin^2 2theta or Gamma) into a limit on <sin^2 2theta_eff>_0 or Gamma_0.
 * AX_EINPUT when D, J, f_s or f_src is not positive and finite, or f_s > 1. */
int ax_recast_decay_factor(double D, double J, double f_src, double f_s,
                           double *factor, ax_error *err);

/* Standard decay: the rate limit from a photon-line flux limit Phi at
 * E_gamma = m_s/2, one photon per decay: Gamma <= 4 pi m_s Phi / (f_src D). */
int ax_recast_gamma_std_from_flux(double flux, double m_s, double D, double f_src,
                                  double *gamma, ax_error *err);

/* Axion-assisted: Gamma_0 <= 4 pi m_s Phi rho_mean / (f_s J). */
int ax_recast_gamma0_from_flux(double flux, double m_s, double J, double f_s,
                               double *gamma0, ax_error *err);

/* Axion-assisted from an annihilation line limit <sigma v>_lim(m_chi) for
 * self-conjugate chi chi -> gamma gamma (two photons of energy m_chi,
 * flux <sigma v> J / (4 pi m_chi^2)), taken at m_chi = m_s/2:
 *   Gamma_0 <= 4 <sigma v>_lim rho_mean / (m_s f_s). */
int ax_recast_gamma0_from_sigmav(double sigmav, double m_s, double f_s,
                                 double *gamma0, ax_error *err);

#endif /* AXSTERILE_RECAST_H */
