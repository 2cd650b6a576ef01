/*
 * axsterile/structure.h -- structure-formation lower bounds on the
 * sterile-neutrino mass, applied to the model's own momentum distribution
 * (BH16 footnote 1; docs/physics.md section 8).
 *
 * Each bound is published as a thermal-relic warm-dark-matter mass m_WDM
 * (a Fermi-Dirac relic with two degrees of freedom that is all of the dark
 * matter, at the temperature T_x that gives Omega_DM):
 *   phase space (Tremaine-Gunn) in dwarf spheroidals, Alvey et al. 2021;
 *   Lyman-alpha forest, Irsic et al. 2017;
 *   Milky Way satellites (DES + Pan-STARRS1), Nadler et al. 2021.
 * The mapping to a sterile neutrino is equal mean velocity today:
 *   m_s,min = m_WDM <q/T_nu>_s / (3.1514 T_x/T_nu),
 * with <q/T_nu>_s the mean momentum of the model's own f_s(q) from the
 * Boltzmann solver. T_x/T_nu = (Omega_DM h^2 rho_crit/h^2 / (m_WDM n_1))^(1/3),
 * n_1 = 3 zeta(3) T_nu0^3/(2 pi^2) (two degrees of freedom at T_nu0). For a
 * Fermi-Dirac-shaped spectrum at T_nu this is m_s = 4.46 keV (m_WDM/keV)^(4/3)
 * (Viel et al. 2005's transfer-function fit: 4.43 keV at Omega h^2 = 0.1225,
 * 4.46 at 0.120); the model's colder spectra scale it by <q/T>_s/3.15. The
 * literature's relations span 3.7-5.6 keV (m_WDM/keV)^(4/3): -16% to +26%,
 * the stated error of the mapping (docs/physics.md section 8).
 * Units: masses in GeV.
 */
#ifndef AXSTERILE_STRUCTURE_H
#define AXSTERILE_STRUCTURE_H

#include <stddef.h>

#include "axsterile/constants.h"
#include "axsterile/error.h"
#include "axsterile/production.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ax_structure_bound {
    const char *id;          /* "phase_space", "lyman_alpha", "mw_satellites" */
    const char *name;        /* for check rows */
    const char *reference;
    double m_wdm;            /* GeV: published thermal-relic lower bound */
} ax_structure_bound;

/* The bounds, strongest (Milky Way satellites) last. */
size_t ax_structure_nbounds(void);
const ax_structure_bound *ax_structure_bound_at(size_t i);

/* Mean q/T of a Fermi-Dirac spectrum: (7 pi^4/120)/(3 zeta(3)/2) = 3.1514. */
#define AX_FD_MEAN_Q (7.0 * M_PI * M_PI * M_PI * M_PI / (180.0 * 1.2020569031595942))

/* T_x/T_nu0 of a two-dof thermal relic of mass m (GeV) that is all the DM. */
double ax_structure_thermal_tau(double m_wdm);

/* The model's minimum mass (GeV) for a bound m_wdm (GeV) and a spectrum
 * with mean q/T_nu = mean_q (the equal-mean-velocity mapping above). */
double ax_structure_min_mass(double m_wdm, double mean_q);

/* Where a DM-fixed line crosses a bound: the mass m_s at which
 * ax_structure_min_mass(m_wdm, <q/T_nu>(m_s)) = m_s for the model `tmpl`
 * (its kind and parameters; m_s and the coupling are solved for, the
 * coupling by ax_production_dm_fixed at each m_s). Masses below *m_min are
 * excluded. For Fig. 2: the DW line's shaded range and the axion-assisted
 * line's marker. Fixed-point iteration on m_s (converges in a few steps:
 * <q/T> changes slowly with m_s), to 1e-3. */
int ax_structure_line_bound(const ax_production *ctx, const ax_model *tmpl,
                            const ax_structure_bound *b, double *m_min, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_STRUCTURE_H */
