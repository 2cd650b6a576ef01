/* sm_eos.c -- Standard-Model equation of state for the g*(T) table.
 * See axsterile/sm_eos.h and docs/physics.md, "Effective degrees of freedom". */
#include "axsterile/sm_eos.h"

#include "axsterile/constants.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>

/* ---- free gases ------------------------------------------------------ */

typedef struct gas_params {
    double z;      /* m/T */
    double eta;    /* +1 fermion, -1 boson */
    int moment;    /* 0: energy density, 1: pressure */
} gas_params;

static double gas_integrand(double x, void *vp)
{
    const gas_params *p = vp;
    double eps = sqrt(x * x + p->z * p->z);
    if (eps > 700.0)
        return 0.0;
    double occ = 1.0 / (exp(eps) + p->eta);
    if (p->moment == 0)
        return x * x * eps * occ;
    return eps > 0.0 ? x * x * x * x / eps * occ : 0.0;
}

int ax_free_gas(double g, double m, int fermion, double T, double *rho_T4,
                double *p_T4, ax_error *err)
{
    double z = m / T;
    double res[2] = {0.0, 0.0};
    if (z < 200.0) {
        gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
        if (!w)
            return ax_fail(err, AX_ERUN, "free gas: out of memory");
        for (int k = 0; k < 2; k++) {
            gas_params par = {z, fermion ? 1.0 : -1.0, k};
            gsl_function f = {gas_integrand, &par};
            double abserr;
            /* the occupation falls like exp(-x): 60 + z covers 1e-26 */
            int st = gsl_integration_qag(&f, 0.0, 60.0 + z, 0.0, 1e-10, 200,
                                         GSL_INTEG_GAUSS41, w, &res[k], &abserr);
            if (st != GSL_SUCCESS) {
                gsl_integration_workspace_free(w);
                return ax_fail(err, AX_ERUN, "free gas (m=%g GeV, T=%g GeV): %s", m,
                               T, gsl_strerror(st));
            }
        }
        gsl_integration_workspace_free(w);
    }
    if (rho_T4)
        *rho_T4 = g / (2.0 * M_PI * M_PI) * res[0];
    if (p_T4)
        *p_T4 = g / (6.0 * M_PI * M_PI) * res[1];
    return AX_OK;
}

/* ---- species --------------------------------------------------------- */

typedef struct species {
    double g;      /* internal degrees of freedom incl. antiparticles */
    double m;      /* GeV */
    int fermion;
} species;

/* Everything but the QCD sector: photon, leptons, neutrinos (nu + anti-nu,
 * one helicity each), heavy quarks (3 colours x 2 spins x 2), electroweak
 * bosons with their vacuum masses. */
static const species LEPTONS_BOSONS[] = {
    {2.0, 0.0, 0},           /* photon */
    {4.0, AX_M_ELECTRON, 1}, /* e-, e+ */
    {4.0, AX_M_MUON, 1},
    {4.0, AX_M_TAU, 1},
    {6.0, 0.0, 1},           /* 3 neutrino flavours */
    {12.0, AX_M_CHARM, 1},
    {12.0, AX_M_BOTTOM, 1},
    {12.0, AX_M_TOP, 1},
    {6.0, AX_M_W, 0},        /* W+, W-: 3 polarisations each */
    {3.0, AX_M_Z, 0},
    {1.0, AX_M_HIGGS, 0},
};

/* The lightest hadrons [PDG22], for the confined phase below the crossover.
 * Heavier resonances matter only near T_c, where the lattice EoS takes over. */
static const species HADRONS[] = {
    {1.0, AX_M_PI0, 0},
    {2.0, AX_M_PI_CHARGED, 0},
    {2.0, AX_M_K_CHARGED, 0},
    {2.0, AX_M_K0, 0},       /* K0, anti-K0 */
    {1.0, AX_M_ETA, 0},
    {9.0, AX_M_RHO, 0},      /* rho+,0,-: 3 polarisations each */
    {3.0, AX_M_OMEGA, 0},
    {12.0, AX_M_KSTAR, 0},   /* K*(892): 4 states x 3 polarisations */
    {1.0, AX_M_ETAPRIME, 0},
    {4.0, AX_M_PROTON, 1},   /* p, anti-p x 2 spins */
    {4.0, AX_M_NEUTRON, 1},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int sum_gases(const species *sp, size_t n, double T, double *rho,
                     double *p, ax_error *err)
{
    *rho = 0.0;
    *p = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r, q;
        int st = ax_free_gas(sp[i].g, sp[i].m, sp[i].fermion, T, &r, &q, err);
        if (st != AX_OK)
            return st;
        *rho += r;
        *p += q;
    }
    return AX_OK;
}

/* ---- QCD sector ------------------------------------------------------ */

/* HotQCD 2014 (Bazavov et al., PRD 90, 094503, arXiv:1407.6387, eq. 16 and
 * the parameters quoted with it): pressure of (2+1)-flavour QCD,
 * p/T^4 = (1/2)[1 + tanh(c_t (t - t_0))] (p_id + a_n/t + b_n/t^2 + d_n/t^4)
 *                                        / (1 + a_d/t + b_d/t^2 + d_d/t^4),
 * t = T/T_c, T_c = 154 MeV, p_id = 95 pi^2/180 (free u, d, s, g). */
static double hotqcd_p_T4(double T)
{
    const double Tc = 0.154, ct = 3.8706, t0 = 0.9761;
    const double an = -8.7704, bn = 3.9200, dn = 0.3419;
    const double ad = -1.2600, bd = 0.8425, dd = -0.0475;
    const double pid = 95.0 * M_PI * M_PI / 180.0;
    double t = T / Tc;
    double num = pid + an / t + bn / (t * t) + dn / (t * t * t * t);
    double den = 1.0 + ad / t + bd / (t * t) + dd / (t * t * t * t);
    return 0.5 * (1.0 + tanh(ct * (t - t0))) * num / den;
}

/* Blend hadron gas -> lattice across T_BLEND +- W_BLEND (GeV). The two
 * agree within 3 per cent there (the lattice fit was constrained to the hadron resonance gas at low T) (docs/physics.md). */
#define T_BLEND 0.090
#define W_BLEND 0.015

static int qcd_p_T4(double T, double *p, ax_error *err)
{
    double w = 0.5 * (1.0 + tanh((T - T_BLEND) / W_BLEND));
    double p_hrg = 0.0, r;
    if (w < 1.0 - 1e-15) {
        int st = sum_gases(HADRONS, NELEM(HADRONS), T, &r, &p_hrg, err);
        if (st != AX_OK)
            return st;
    }
    double p_lat = T > 0.05 ? hotqcd_p_T4(T) : 0.0;
    *p = (1.0 - w) * p_hrg + w * p_lat;
    return AX_OK;
}

/* rho/T^4 and s/T^3 of the QCD sector from its pressure:
 * s/T^3 = 4 p/T^4 + d(p/T^4)/dlnT, rho/T^4 = s/T^3 - p/T^4. */
static int qcd_sector(double T, double *rho, double *s, double *p, ax_error *err)
{
    const double h = 1e-4;
    double p0, pp, pm;
    int st = qcd_p_T4(T, &p0, err);
    st = AX_THEN(st, qcd_p_T4(T * exp(h), &pp, err));
    st = AX_THEN(st, qcd_p_T4(T * exp(-h), &pm, err));
    if (st != AX_OK)
        return st;
    double dp = (pp - pm) / (2.0 * h);
    *p = p0;
    *s = 4.0 * p0 + dp;
    *rho = *s - p0;
    return AX_OK;
}

int ax_sm_eos(double T, ax_sm_eos_point *out, ax_error *err)
{
    if (!(T >= 1e-4 && T <= 1e5))
        return ax_fail(err, AX_EINPUT,
                       "SM equation of state: T = %g GeV outside 1e-4..1e5 GeV", T);
    double rho_f, p_f, rho_q, s_q, p_q;
    int st = sum_gases(LEPTONS_BOSONS, NELEM(LEPTONS_BOSONS), T, &rho_f, &p_f, err);
    st = AX_THEN(st, qcd_sector(T, &rho_q, &s_q, &p_q, err));
    if (st != AX_OK)
        return st;
    double rho = rho_f + rho_q;          /* / T^4 */
    double s = rho_f + p_f + s_q;        /* / T^3 */
    out->g_rho = rho / (M_PI * M_PI / 30.0);
    out->g_s = s / (2.0 * M_PI * M_PI / 45.0);
    out->p_T4 = p_f + p_q;
    return AX_OK;
}
