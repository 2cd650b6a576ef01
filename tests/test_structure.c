/* test_structure.c -- structure-formation bounds on the model's own
 * spectrum (docs/physics.md section 8). */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/structure.h"

#include <gsl/gsl_integration.h>

static double fd_moment(double x, void *par)
{
    double tau = *(double *)par, n = ((double *)par)[1];
    return pow(x, n) / (exp(x / tau) + 1.0);
}

/* <q/T_nu> of f(x) = 1/(e^(x/tau) + 1) by quadrature (not the closed form
 * the module uses). */
static double thermal_mean_q(double tau)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    double par[2] = {tau, 3.0}, m3, m2, e;
    gsl_function F = {fd_moment, par};
    gsl_integration_qagiu(&F, 0.0, 0.0, 1e-11, 200, w, &m3, &e);
    par[1] = 2.0;
    gsl_integration_qagiu(&F, 0.0, 0.0, 1e-11, 200, w, &m2, &e);
    gsl_integration_workspace_free(w);
    return m3 / m2;
}

static void test_thermal(void)
{
    /* a thermal relic with the published mass maps back onto that mass */
    for (size_t i = 0; i < ax_structure_nbounds(); i++) {
        const ax_structure_bound *b = ax_structure_bound_at(i);
        double tau = ax_structure_thermal_tau(b->m_wdm);
        double q = thermal_mean_q(tau);
        char what[96];
        snprintf(what, sizeof what, "thermal spectrum -> %s m_WDM", b->id);
        CHECK_CLOSE(ax_structure_min_mass(b->m_wdm, q), b->m_wdm, 1e-6, what);
    }
    CHECK_CLOSE(thermal_mean_q(1.0), AX_FD_MEAN_Q, 1e-5, "<q/T> of Fermi-Dirac = 3.1514");
    /* tau = 1 is a neutrino-like relic: Omega h^2 = m/(94.1 eV) for one
     * flavour (nu + nubar) with instantaneous decoupling (93.14 eV with the
     * decoupling corrections, N_eff = 3.046, which a thermal relic lacks) */
    CHECK_CLOSE(ax_structure_thermal_tau(0.120 * 94.1e-9), 1.0, 1e-3,
                "tau = 1 for m = Omega_DM h^2 x 94.1 eV");
    /* a Fermi-Dirac-shaped DW spectrum: m_s = 4.43 keV (m_WDM/keV)^(4/3)
     * (Omega h^2/0.1225)^(-1/3) (Viel et al. 2005, transfer-function fit) */
    double C = ax_structure_min_mass(1e-6, AX_FD_MEAN_Q) * 1e6;
    CHECK_CLOSE(C, 4.43 * pow(0.120 / 0.1225, -1.0 / 3.0), 0.01,
                "FD-shaped DW: Viel et al. 2005 coefficient");
    double r43 = ax_structure_min_mass(8e-6, AX_FD_MEAN_Q) / ax_structure_min_mass(1e-6, AX_FD_MEAN_Q);
    CHECK_CLOSE(r43, pow(8.0, 4.0 / 3.0), 1e-9, "m_s ~ m_WDM^(4/3)");
}

static void test_lines(const ax_production *ctx)
{
    ax_error err;
    ax_model dw, phi;
    ax_model_defaults(&dw, AX_MODEL_DW);
    ax_model_defaults(&phi, AX_MODEL_PHI);
    /* the DW line against the phase-space bound: Alvey et al. 2021 map
     * their own thermal-relic bound (Leo II, Gaussian coarse graining, 0.92
     * keV) to DW as 5.0 keV, 1 sigma 2.8-8.0 keV (their mNRP table) */
    const ax_structure_bound *ps = ax_structure_bound_at(0);
    double m_dw = 0.0;
    int st = ax_structure_line_bound(ctx, &dw, ps, &m_dw, &err);
    CHECK(st == AX_OK, "DW phase-space bound: %s", err.msg);
    CHECK(m_dw > 2.8e-6 && m_dw < 8.0e-6, "DW phase-space bound %g keV within Alvey et al.'s "
          "1 sigma DW range 2.8-8.0 keV", m_dw * 1e6);
    /* for each bound, the axion-assisted line's minimum mass is the DW one
     * times <q/T>_phi/<q/T>_DW, each at its own minimum mass: the equal
     * mean-velocity mapping. The axion-assisted spectrum is produced at
     * ~1.5 x T_max and is colder: the ratio is about 0.6. */
    for (size_t i = 0; i < ax_structure_nbounds(); i++) {
        const ax_structure_bound *b = ax_structure_bound_at(i);
        double md = 0, mp = 0;
        int s1 = ax_structure_line_bound(ctx, &dw, b, &md, &err);
        int s2 = s1 ? s1 : ax_structure_line_bound(ctx, &phi, b, &mp, &err);
        CHECK(s1 == AX_OK && s2 == AX_OK, "line bounds %s: %s", b->id, err.msg);
        if (s1 || s2)
            continue;
        ax_model a = dw, c = phi;
        a.m_s = md;
        c.m_s = mp;
        ax_prod_result ra, rc;
        st = ax_production_dm_fixed(ctx, &a, &ra, &err);
        if (!st)
            st = ax_production_dm_fixed(ctx, &c, &rc, &err);
        CHECK(st == AX_OK, "dm_fixed at the bounds: %s", err.msg);
        if (st)
            continue;
        double want = rc.mean_q_over_T / ra.mean_q_over_T;
        char what[128];
        snprintf(what, sizeof what, "%s: m_phi/m_DW = <q/T>_phi/<q/T>_DW (%.3f)", b->id, want);
        CHECK_CLOSE(mp / md, want, 3e-3, what);
        CHECK(want > 0.5 && want < 0.7, "%s: <q/T> ratio %g (expected ~0.6)", b->id, want);
        /* the DW line at its own bound: m_s = m_WDM/tau <q/T>/3.1514 */
        CHECK_CLOSE(md, ax_structure_min_mass(b->m_wdm, ra.mean_q_over_T), 2e-3,
                    "DW line bound is a fixed point");
        printf("# %s (m_WDM %.2f keV): DW %.2f keV, axion-assisted %.2f keV, ratio %.3f\n",
               b->id, b->m_wdm * 1e6, md * 1e6, mp * 1e6, mp / md);
    }
}

int main(void)
{
    ax_gsl_quiet();
    harness_use_source_data();
    test_thermal();
    ax_production *ctx;
    ax_error err;
    if (ax_production_init(&ctx, NULL, &err) != AX_OK) {
        CHECK(0, "init: %s", err.msg);
        return harness_done("structure");
    }
    test_lines(ctx);
    ax_production_free(ctx);
    return harness_done("structure");
}
