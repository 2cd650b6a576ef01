/* test_mixing.c -- vacuum and matter mixing, phi and axion backgrounds
 * (docs/physics.md section 4). */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/mixing.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>

typedef struct { double x0; } avg_par;
static double frozen_of_phase(double u, void *p)
{
    return ax_mixing_frozen(((avg_par *)p)->x0 * cos(u));
}

static void test_formulas(void)
{
    /* small-angle limits (BH16 eqs. 2, 4) */
    CHECK_CLOSE(ax_mixing_frozen(1e-5), 1e-10, 1e-9, "frozen: sin^2 2theta -> x^2");
    CHECK_CLOSE(ax_mixing_phase_avg(1e-5), 0.5e-10, 1e-9, "phase average -> x0^2/2");
    CHECK_CLOSE(ax_mixing_phase_avg(1.0), 1.0 - 1.0 / sqrt(2.0), 1e-14, "phase average at x0 = 1");
    CHECK(ax_mixing_phase_avg(1e4) < 1.0 && ax_mixing_phase_avg(1e4) > 0.9998,
          "phase average -> 1 at large x0");
    /* the closed form against a direct average of the frozen formula */
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    for (double x0 = 0.1; x0 < 100.0; x0 *= 10.0) {
        avg_par par = {x0};
        gsl_function F = {frozen_of_phase, &par};
        double r, e;
        gsl_integration_qag(&F, 0.0, 2.0 * M_PI, 0.0, 1e-12, 200, GSL_INTEG_GAUSS61, w, &r, &e);
        CHECK_CLOSE(ax_mixing_phase_avg(x0), r / (2.0 * M_PI), 1e-10, "phase average vs quadrature");
    }
    gsl_integration_workspace_free(w);
    /* matter mixing (BH16 eqs. 7, 9) */
    double lm;
    CHECK_CLOSE(ax_mixing_matter(1e-8, 2.0, 0.0, &lm), 1e-8, 1e-12, "no potential: vacuum angle");
    CHECK_CLOSE(lm, 0.5, 1e-8, "no potential: l_m = 1/Delta");
    CHECK_CLOSE(ax_mixing_matter(1e-8, 1.0, -1e3, &lm), 1e-8 / (1001.0 * 1001.0), 1e-6,
                "large |V|: suppressed by (Delta/(Delta - V))^2");
    /* eq. 4 small mixing today */
    double g = 1e-20, m = 1e-15, ms = 5e-5, f = 0.01;
    double rho = f * ax_rho_dm0();
    CHECK_CLOSE(ax_mixing_phi_today(ms, g, m, f), 4.0 * g * g * rho / (m * m * ms * ms), 1e-9,
                "BH16 eq. 4");
    CHECK_CLOSE(ax_rho_dm0(), 1.2645e-6 * AX_CM3_TO_GEV3, 1e-4, "rho_DM today");
    /* QCD axion: m_a0 = 5.83 ueV (1e12 GeV/f_a) with f_pi = 92.2 MeV, z = 0.48;
     * Grilli di Cortona et al. 2016 (NLO chiral PT) quote 5.70 ueV: 3% */
    CHECK_CLOSE(ax_axion_ma0(1e12) * 1e15, 5.70, 0.03, "m_a0 at f_a = 1e12 GeV [ueV]");
    CHECK_CLOSE(ax_axion_fa_from_ma0(ax_axion_ma0(3e9)), 3e9, 1e-12, "f_a <-> m_a0");
    CHECK_CLOSE(ax_axion_gphi(1.0, 1e10), AX_HIGGS_VEV / (sqrt(2.0) * 1e10), 1e-14, "g_phi = g_a v/sqrt2 f_a");
    CHECK_CLOSE(ax_mixing_qcd_today(ms, 1.0, 1e10, f),
                ax_mixing_phi_today(ms, ax_axion_gphi(1.0, 1e10), ax_axion_ma0(1e10), f), 1e-14,
                "BH16 eq. 18 = eq. 4 with the substitutions");
}

static double hub(const ax_cosmo *c, double T)
{
    return sqrt(8.0 * M_PI * M_PI * M_PI * ax_cosmo_gstar(c, T) / 90.0) * T * T / AX_M_PLANCK;
}

static void test_step(const ax_cosmo *c)
{
    ax_error err;
    ax_background b;
    double m = 1e-15; /* 1e-6 eV */
    int st = ax_background_phi_init(&b, c, m, 0.01, AX_PHI_STEP, &err);
    CHECK(st == AX_OK, "step init: %s", err.msg);
    if (st != AX_OK)
        return;
    CHECK_CLOSE(m, 3.0 * hub(c, b.T_osc), 1e-8, "m_phi = 3 H(T_osc)");
    /* below T_osc: rho = rho0 s/s0, <phi^2> = rho/m^2 */
    double T = 1.0, s = ax_cosmo_entropy(c, T), s0 = AX_S0_CM3 * AX_CM3_TO_GEV3;
    CHECK_CLOSE(ax_background_phi2(&b, T), 0.01 * ax_rho_dm0() * s / s0 / (m * m), 1e-10,
                "<phi^2> matter-like below T_osc");
    /* above: frozen at 2 rho(T_osc)/m^2, constant */
    double up = ax_background_phi2(&b, 2.0 * b.T_osc), dn = ax_background_phi2(&b, 0.999999 * b.T_osc);
    CHECK_CLOSE(up, ax_background_phi2(&b, 50.0 * b.T_osc), 1e-12, "frozen above T_osc");
    CHECK_CLOSE(up / dn, 2.0, 1e-4, "step: phi^2 jumps by 2 at T_osc (no time average)");
    CHECK(!ax_background_oscillating(&b, 2.0 * b.T_osc) && ax_background_oscillating(&b, 0.5 * b.T_osc),
          "oscillating below T_osc only");
    ax_background_free(&b);
}

/* Exact evolution in a radiation era with constant g*: phi = phi_i
 * 2^(1/4) Gamma(5/4) (m t)^(-1/4) J_(1/4)(m t), so the late-time density is
 * sqrt2 Gamma(5/4)^2 (2/pi) / (3/2)^(3/2) = 0.4026 of the step model's for
 * the same frozen field: for the same density today the exact frozen phi^2
 * is 1/0.4026 = 2.484 times the step one. */
static void test_exact(const ax_cosmo *c)
{
    ax_error err;
    ax_background ex, stp;
    double Tosc = 5000.0; /* GeV: g* = 106.75 is constant around it */
    double m = 3.0 * hub(c, Tosc);
    int st = ax_background_phi_init(&ex, c, m, 0.01, AX_PHI_EXACT, &err);
    CHECK(st == AX_OK, "exact init: %s", err.msg);
    if (st != AX_OK)
        return;
    ax_background_phi_init(&stp, c, m, 0.01, AX_PHI_STEP, &err);
    double g54 = gsl_sf_gamma(1.25);
    double ratio = pow(1.5, 1.5) / (sqrt(2.0) * g54 * g54 * 2.0 / M_PI);
    double hi = 100.0 * Tosc;
    CHECK_CLOSE(ax_background_phi2(&ex, hi) / ax_background_phi2(&stp, hi), ratio, 0.02,
                "exact/step frozen phi^2 (Bessel solution, radiation era)");
    /* deep in the oscillating regime both are matter-like with the same
     * normalisation today */
    double lo = 0.01 * Tosc;
    CHECK_CLOSE(ax_background_phi2(&ex, lo), ax_background_phi2(&stp, lo), 1e-3,
                "exact = step late (normalisation to rho_phi0)");
    /* above the match the running average of the solution follows the WKB
     * (matter-like) law already: <phi^2> ~ s(T) */
    double Tm = ex.T_match;
    for (double k = 1.1; k < 2.0; k += 0.3) {
        double want = ax_background_phi2(&ex, Tm) * ax_cosmo_entropy(c, k * Tm) / ax_cosmo_entropy(c, Tm);
        CHECK_CLOSE(ax_background_phi2(&ex, k * Tm), want, 5e-3, "running average = WKB above the match");
    }
    /* small-mixing: sin^2 = 4 g^2 <phi^2>/m_s^2 on both sides */
    double g = 1e-22, ms = 1e-5;
    CHECK_CLOSE(ax_background_sin2(&ex, g, ms, hi), 4 * g * g * ax_background_phi2(&ex, hi) / (ms * ms),
                1e-6, "frozen small mixing");
    CHECK_CLOSE(ax_background_sin2(&ex, g, ms, lo), 4 * g * g * ax_background_phi2(&ex, lo) / (ms * ms),
                1e-6, "oscillating small mixing");
    ax_background_free(&ex);
    ax_background_free(&stp);
}

static void test_axion(const ax_cosmo *c)
{
    ax_error err;
    ax_background b;
    int st = ax_background_axion_init(&b, c, 1e9, 0.01, AX_PHI_STEP, &err);
    CHECK(st == AX_OK, "axion init: %s", err.msg);
    if (st != AX_OK)
        return;
    /* Borsanyi et al. 2016: chi^(1/4) = 75.6 MeV at T = 0 and the table's
     * log10 chi[fm^-4] = -8.17 at 1 GeV: m_a(1 GeV)/m_a0 = 10^((-8.17+1.66)/2) */
    CHECK_CLOSE(ax_axion_mass_ratio(&b, 1.0), pow(10.0, (-8.17 + 1.66) / 2.0), 1e-6, "m_a(1 GeV)");
    CHECK_CLOSE(ax_axion_mass_ratio(&b, 0.05), 1.0, 1e-12, "m_a = m_a0 below 100 MeV");
    /* high-T power law chi ~ T^-b with b = 8 +- 0.6 (dilute instanton gas ~8) */
    double bexp = -2.0 * log(ax_axion_mass_ratio(&b, 30.0) / ax_axion_mass_ratio(&b, 10.0)) / log(3.0);
    CHECK(bexp > 7.4 && bexp < 8.8, "chi(T) exponent above the table: %g", bexp);
    CHECK_CLOSE(ax_background_mass(&b, b.T_osc), 3.0 * hub(c, b.T_osc), 1e-8, "m_a(T_osc) = 3 H");
    /* f_a = 1e9 GeV: T_osc of a few GeV */
    CHECK(b.T_osc > 1.0 && b.T_osc < 6.0, "T_osc(f_a = 1e9 GeV) = %g GeV", b.T_osc);
    /* comoving number conserved: rho_a ~ m_a(T) s(T) => <phi^2> ~ s/m_a */
    double T1 = 0.5, T2 = 0.3;
    double want = (ax_cosmo_entropy(c, T1) / ax_axion_mass_ratio(&b, T1)) /
                  (ax_cosmo_entropy(c, T2) / ax_axion_mass_ratio(&b, T2));
    CHECK_CLOSE(ax_background_phi2(&b, T1) / ax_background_phi2(&b, T2), want, 1e-6,
                "<a^2> ~ s/m_a below T_osc");
    ax_background_free(&b);
}

static void test_errors(const ax_cosmo *c)
{
    ax_error err;
    ax_background b;
    CHECK_STATUS(ax_background_phi_init(&b, c, 1e-15, 1.5, AX_PHI_EXACT, &err), AX_EINPUT, &err,
                 "0 < f_phi < 1");
    CHECK_STATUS(ax_background_phi_init(&b, c, 1e-30, 0.01, AX_PHI_STEP, &err), AX_EINPUT, &err,
                 "must be at least");
    CHECK_STATUS(ax_background_axion_init(&b, c, 1e9, 0.0, AX_PHI_STEP, &err), AX_EINPUT, &err, "0 < frac < 1");
}

/* The field equation is linear and the initial field is set by today's
 * density alone: a background of f_phi = 0.3 is the one of f_phi = 0.001
 * scaled by 300 (ax_background_scale), at every T (frozen, first
 * oscillations, WKB tail), T_osc and the junction unchanged; the same for
 * the axion's fraction and for the step evolution. Each background is also
 * solved anew, so the test compares two independent solutions. */
static void test_scale(const ax_cosmo *c)
{
    ax_error err;
    for (int kind = 0; kind < 3; kind++) {
        ax_background lo, hi;
        int ev = kind == 1 ? AX_PHI_STEP : AX_PHI_EXACT;
        int st = kind == 2 ? ax_background_axion_init(&lo, c, 1e11, 0.001, ev, &err)
                           : ax_background_phi_init(&lo, c, 1e-16, 0.001, ev, &err);
        if (!st)
            st = kind == 2 ? ax_background_axion_init(&hi, c, 1e11, 0.3, ev, &err)
                           : ax_background_phi_init(&hi, c, 1e-16, 0.3, ev, &err);
        CHECK(st == AX_OK, "backgrounds: %s", err.msg);
        if (st)
            continue;
        ax_background sc = lo; /* shares lo's tables */
        ax_background_scale(&sc, 300.0);
        CHECK(sc.T_osc == hi.T_osc && sc.T_junction == hi.T_junction,
              "T_osc and the junction do not depend on the density");
        for (double lT = log(1e-3); lT < log(1e3); lT += 0.37) {
            double T = exp(lT);
            char what[96];
            snprintf(what, sizeof what, "%s: scaled <phi^2> at T = %.3g GeV",
                     kind == 2 ? "axion" : kind == 1 ? "phi, step" : "phi, exact", T);
            CHECK_CLOSE(ax_background_phi2(&sc, T), ax_background_phi2(&hi, T), 1e-12, what);
        }
        ax_background_free(&hi);
        ax_background_free(&lo);
    }
}

int main(void)
{
    ax_gsl_quiet();
    harness_use_source_data();
    ax_error err;
    ax_cosmo c;
    if (ax_cosmo_init(&c, NULL, &err) != AX_OK) {
        printf("FAIL cosmo: %s\n", err.msg);
        return 1;
    }
    test_formulas();
    test_step(&c);
    test_exact(&c);
    test_axion(&c);
    test_scale(&c);
    test_errors(&c);
    ax_cosmo_free(&c);
    return harness_done("mixing");
}
