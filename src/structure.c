/* structure.c -- structure-formation bounds on the model's own spectrum.
 * See axsterile/structure.h and docs/physics.md section 8. */
#include "axsterile/structure.h"

#include "axsterile/constants.h"

#include <math.h>
#include <stddef.h>

#define ZETA3 1.2020569031595942

/* Published thermal-relic WDM lower bounds (GeV). */
static const ax_structure_bound BOUNDS[] = {
    {"phase_space", "structure formation: phase space in dwarf spheroidals",
     "Alvey et al. 2021, MNRAS 501, 1188 (arXiv:2010.03572): Leo II, Gaussian coarse "
     "graining, m_FD > 0.92 keV",
     0.918e-6},
    {"lyman_alpha", "structure formation: Lyman-alpha forest",
     "Irsic et al. 2017, PRD 96, 023522 (arXiv:1702.01764): m_WDM > 5.3 keV (2 sigma)",
     5.3e-6},
    {"mw_satellites", "structure formation: Milky Way satellites",
     "Nadler et al. 2021 (DES), PRL 126, 091101 (arXiv:2008.00022): m_WDM > 6.5 keV (95%)",
     6.5e-6},
};

size_t ax_structure_nbounds(void) { return sizeof BOUNDS / sizeof BOUNDS[0]; }

const ax_structure_bound *ax_structure_bound_at(size_t i)
{
    return i < ax_structure_nbounds() ? &BOUNDS[i] : NULL;
}

double ax_structure_thermal_tau(double m_wdm)
{
    /* n = 2 dof x (3 zeta(3)/(4 pi^2)) (tau T_nu0)^3; rho = m n = Omega_DM rho_crit */
    double tnu0 = cbrt(4.0 / 11.0) * AX_T0_GEV;
    double n1 = 3.0 * ZETA3 / (2.0 * M_PI * M_PI) * tnu0 * tnu0 * tnu0 / AX_CM3_TO_GEV3; /* cm^-3 */
    return cbrt(AX_RHO_DM_MEAN_GEV_CM3 / (m_wdm * n1));
}

double ax_structure_min_mass(double m_wdm, double mean_q)
{
    /* equal mean velocity today: <q>_s/m_s = AX_FD_MEAN_Q tau T_nu0/m_wdm */
    return m_wdm * mean_q / (AX_FD_MEAN_Q * ax_structure_thermal_tau(m_wdm));
}

int ax_structure_line_bound(const ax_production *ctx, const ax_model *tmpl,
                            const ax_structure_bound *b, double *m_min, ax_error *err)
{
    ax_model m = *tmpl;
    double ms = ax_structure_min_mass(b->m_wdm, AX_FD_MEAN_Q);
    for (int it = 0; it < 30; it++) {
        m.m_s = ms;
        if (m.kind == AX_MODEL_PHI && !(m.m_phi < ms))
            return ax_fail(err, AX_EINPUT, "structure bound: m_phi = %g eV is not below m_s = "
                           "%g keV", m.m_phi * 1e9, ms * 1e6);
        ax_prod_result r;
        int st = ax_production_dm_fixed(ctx, &m, &r, err);
        if (st != AX_OK)
            return ax_error_context(err, "structure bound %s at m_s = %g keV", b->id, ms * 1e6);
        double next = ax_structure_min_mass(b->m_wdm, r.mean_q_over_T);
        if (fabs(next / ms - 1.0) < 1e-3) {
            *m_min = next;
            return AX_OK;
        }
        ms = next;
    }
    return ax_fail(err, AX_ERUN, "structure bound %s: no convergence of the mass", b->id);
}
