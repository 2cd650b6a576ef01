/*
 * axsterile/sm_eos.h -- the Standard-Model equation of state that the
 * project's g*(T) table is computed from (docs/physics.md section 2,
 * "Effective degrees of freedom").
 *
 * rho = g*(T) (pi^2/30) T^4 and s = g*s(T) (2 pi^2/45) T^3, with
 *  - every SM species except the light quarks and gluons as a free gas with
 *    its PDG mass (Fermi-Dirac or Bose-Einstein integrals);
 *  - the u, d, s quarks and gluons from the HotQCD (2+1)-flavour lattice
 *    equation of state (Bazavov et al. 2014, arXiv:1407.6387, eq. 16),
 *    blended below the crossover into a gas of the lightest hadrons;
 *  - neutrinos at the photon temperature (valid above ~2 MeV).
 * Used by src/tools/gen_gstar.c to write data/gstar.csv and by the tests.
 */
#ifndef AXSTERILE_SM_EOS_H
#define AXSTERILE_SM_EOS_H

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ax_sm_eos_point {
    double g_rho;   /* g*(T): rho / (pi^2/30 T^4) */
    double g_s;     /* g*s(T): s / (2 pi^2/45 T^3) */
    double p_T4;    /* pressure / T^4 */
} ax_sm_eos_point;

/* Evaluate at temperature T (GeV), 1e-4 <= T <= 1e5. */
int ax_sm_eos(double T, ax_sm_eos_point *out, ax_error *err);

/* Free gas of one species: dof g, mass m (GeV), fermion (1) or boson (0);
 * returns rho/T^4 and p/T^4 (either pointer may be NULL). */
int ax_free_gas(double g, double m, int fermion, double T, double *rho_T4,
                double *p_T4, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_SM_EOS_H */
