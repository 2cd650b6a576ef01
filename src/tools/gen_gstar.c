/* gen_gstar.c -- writes data/gstar.csv from the SM equation of state
 * (src/sm_eos.c). Run by `make data`; the table is shipped so that users do
 * not need to regenerate it. Usage: gen_gstar OUTPUT.csv */
#include "axsterile/error.h"
#include "axsterile/io.h"
#include "axsterile/sm_eos.h"

#include <math.h>
#include <stdio.h>

#define LOG10_T_MIN (-3.0) /* 1 MeV */
#define LOG10_T_MAX (4.0)  /* 10 TeV */
#define PER_DECADE 100

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_gstar OUTPUT.csv\n");
        return 2;
    }
    ax_gsl_quiet();
    ax_error err;
    ax_error_clear(&err);
    ax_outfile o;
    if (ax_outfile_open(&o, argv[1], &err) != AX_OK) {
        fprintf(stderr, "gen_gstar: %s\n", err.msg);
        return 1;
    }
    fprintf(o.fp,
            "# axsterile: effective relativistic degrees of freedom of the Standard Model\n"
            "# Computed by the project's own code (src/tools/gen_gstar.c, src/sm_eos.c):\n"
            "#  - photon, e, mu, tau, 3 neutrinos (at the photon temperature), c, b, t quarks,\n"
            "#    W, Z, H: ideal Fermi-Dirac / Bose-Einstein gases with PDG 2022 masses;\n"
            "#  - u, d, s quarks and gluons: HotQCD (2+1)-flavour lattice pressure,\n"
            "#    Bazavov et al. 2014, PRD 90 094503, arXiv:1407.6387, eq. (16), T_c = 154 MeV,\n"
            "#    blended (tanh, centre 90 MeV, width 15 MeV) below the crossover into a gas of\n"
            "#    pi, K, eta, rho, omega, K*, eta', p, n (PDG 2022 masses);\n"
            "#  - s/T^3 = 4 p/T^4 + d(p/T^4)/dlnT for the QCD sector, rho = T s - p.\n"
            "# Electroweak crossover ignored (vacuum W, Z, H, t masses at all T).\n"
            "# Neutrino decoupling and e+e- heating ignored: below ~2 MeV g* is approximate.\n"
            "# Grid: %d points per decade in T from 1 MeV to 10 TeV.\n"
            "# Columns: T [GeV], g_star (energy), g_star_s (entropy), dln(g_star_s)/dln(T)\n"
            "T_GeV,g_star,g_star_s,dln_gstar_s_dlnT\n",
            PER_DECADE);
    int n = (int)lround((LOG10_T_MAX - LOG10_T_MIN) * PER_DECADE);
    for (int i = 0; i <= n; i++) {
        double T = pow(10.0, LOG10_T_MIN + (double)i / PER_DECADE);
        const double h = 1e-3;
        ax_sm_eos_point p0, pp, pm;
        if (ax_sm_eos(T, &p0, &err) || ax_sm_eos(T * exp(h), &pp, &err) ||
            ax_sm_eos(T * exp(-h), &pm, &err)) {
            ax_outfile_abort(&o);
            fprintf(stderr, "gen_gstar: %s\n", err.msg);
            return 1;
        }
        double dlngs = (log(pp.g_s) - log(pm.g_s)) / (2.0 * h);
        fprintf(o.fp, "%.10e,%.8f,%.8f,%.8e\n", T, p0.g_rho, p0.g_s, dlngs);
    }
    if (ax_outfile_commit(&o, &err) != AX_OK) {
        fprintf(stderr, "gen_gstar: %s\n", err.msg);
        return 1;
    }
    return 0;
}
