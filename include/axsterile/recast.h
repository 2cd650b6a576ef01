/*
 * axsterile/recast.h -- X-ray and gamma-ray line limits recast to the
 * axion-assisted scenario (BH16 section V; docs/physics.md section 7b).
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
#include "axsterile/halo.h"
#include "axsterile/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/* ---- limits of the library ------------------------------------------- */


/* The J and D of the target of every limit of the set (computed in
 * parallel). has[i] = 1 where limit i has a target; limits without one
 * (annihilation limits need none) keep has[i] = 0. Fails on the first
 * target that does not parse or integrate, naming the limit. */
int ax_recast_jd_all(const ax_limit_set *set, ax_jd *jd, unsigned char *has,
                     ax_error *err);

/* The limit on the mixing at m_s (GeV), in decay convention `convention`,
 * for a nu_s that is the fraction f_s of the dark matter:
 *   axion = 0: uniform mixing (Dodelson-Widrow), limit on sin^2 2theta:
 *              decay-type limits as published, flux limits through
 *              Gamma = 4 pi m_s Phi/D; annihilation limits do not apply.
 *   axion = 1: mixing that follows rho_DM, limit on <sin^2 2theta_eff>_0:
 *              every limit through its recast (this file's formulas).
 * jd: the J and D of the limit's target (NULL for annihilation limits).
 * Returns AX_OK; the outcomes (error.h, err untouched) AX_OUT_OF_RANGE,
 * AX_MASKED, or AX_NOT_APPLICABLE (a limit that cannot bound this kind of
 * model: an annihilation limit, or one already recast, for a uniformly
 * mixed nu_s); or an error with err filled. */
int ax_recast_limit_sin2(const ax_limit *L, const ax_jd *jd, double m_s,
                         int convention, double f_s, int axion, double *sin2,
                         ax_error *err);

/* ---- a whole curve (`limits recast`) --------------------------------- */

typedef struct ax_recast_options {
    double f_phi;      /* phi's fraction of the dark matter, 0 < f_phi < 1;
                        * the sterile neutrino is f_s = 1 - f_phi */
    int convention;    /* AX_DECAY_DIRAC or AX_DECAY_MAJORANA (decay.h) */
    int standard;      /* 1: a line-flux limit as the standard decay-rate
                        * limit Gamma <= 4 pi m_s Phi/D (uniform mixing, all
                        * the DM) instead of the axion-assisted recast */
} ax_recast_options;

/* A limit recast point by point at the source's own masses. */
typedef struct ax_recast_curve {
    char *name;        /* "<source name>, recast to the axion-assisted model (f_phi = ...)" */
    char *of;          /* the source's stem */
    ax_recast_options opt;
    double f_s;        /* 1 - f_phi */
    int have_jd;       /* jd holds the J and D of the source's target */
    ax_jd jd;
    size_t n;
    double *m_s;       /* GeV, the source's masses (m_s = 2 E_gamma for a line) */
    double *value;     /* <sin^2 2theta_eff>_0, or Gamma in s^-1 (standard);
                        * NaN where the source has no limit (masked) */
} ax_recast_curve;

/* Recast every point of lim. AX_EINPUT for options out of range, for
 * `standard` with a limit that is not a line flux, or when fewer than two
 * points can be recast; on failure *c is empty (safe to free). */
int ax_recast_curve_compute(const ax_limit *lim, const ax_recast_options *opt,
                            ax_recast_curve *c, ax_error *err);

void ax_recast_curve_free(ax_recast_curve *c);

/* The stem of an output name FILE (FILE without a .csv or .json ending),
 * into stem[len]. Refuses to replace a pair that is not itself a recast
 * (its sidecar has no "recast" object): a published limit is never
 * overwritten. Checks that the pair's directory exists or can be made
 * (before the computation); ax_recast_curve_write makes it. */
int ax_recast_output_stem(const char *file, char *stem, size_t len, ax_error *err);

/* Write the curve as a limit pair STEM.csv + STEM.json in the library's
 * format (docs/limits-format.md), with provenance naming the source lim,
 * so that it loads as a limit of its own. Both files are written to
 * temporary names first and renamed into place only when both are
 * complete. Directories it makes for the pair are removed again when the
 * write fails. */
int ax_recast_curve_write(const ax_recast_curve *c, const ax_limit *lim, const char *stem,
                          ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_RECAST_H */
