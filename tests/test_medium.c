/* test_medium.c -- thermal potential and opacity (SPEC section 3). */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/medium.h"

#include <unistd.h>

static const double GF = AX_G_FERMI;

static void test_potential(const ax_medium *md_mu, const ax_medium *md_e)
{
    /* T >> m_mu: rho_l = 4 (7/8)(pi^2/30) T^4 = 2 rho_nu (massless limit of
     * BH16 eq. 8): V = -(8 sqrt2 G_F p/3) rho_nu (1/m_Z^2 + 2/m_W^2) */
    double T = 20.0, p = 3.0 * T;
    double rho_nu = 7.0 * M_PI * M_PI / 120.0 * pow(T, 4);
    double want = -8.0 * sqrt(2.0) * GF * p / 3.0 * rho_nu *
                  (1.0 / (AX_M_Z * AX_M_Z) + 2.0 / (AX_M_W * AX_M_W));
    CHECK_CLOSE(ax_medium_potential(md_mu, p, T), want, 1e-4, "V_T(mu) at 20 GeV, massless limit");
    /* T << m_mu: only the neutrino term is left for nu_mu */
    T = 3e-3;
    p = 3.0 * T;
    rho_nu = 7.0 * M_PI * M_PI / 120.0 * pow(T, 4);
    want = -8.0 * sqrt(2.0) * GF * p / 3.0 * rho_nu / (AX_M_Z * AX_M_Z);
    CHECK_CLOSE(ax_medium_potential(md_mu, p, T), want, 1e-8, "V_T(mu) at 3 MeV: neutrinos only");
    /* but for nu_e the electrons are still there: V_e/V_mu > 2 at 3 MeV */
    CHECK(ax_medium_potential(md_e, p, T) / ax_medium_potential(md_mu, p, T) > 2.0,
          "V_T(e)/V_T(mu) at 3 MeV should exceed 2 (e+- present)");
    /* linear in p */
    CHECK_CLOSE(ax_medium_potential(md_mu, 2.0, 0.1), 2.0 * ax_medium_potential(md_mu, 1.0, 0.1),
                1e-12, "V_T linear in p");
    /* rho_l between the limits: Boltzmann-suppressed below m_mu */
    double r = ax_medium_rho_lepton(md_mu, 0.01) / (7.0 * M_PI * M_PI / 60.0 * 1e-8);
    CHECK(r > 0.0 && r < 0.01, "rho_mu(10 MeV) suppressed: ratio to massless %g", r);
}

/* Venumadhav et al. 2016 (arXiv:1507.06655), public rate table for nu_mu
 * (rate_total_mu.dat of github.com/ntveem/sterile-dm), the row p/T = 3.205:
 * Gamma/(G_F^2 T^5) divided by p/T, i.e. c_mu(T). Numbers read from the
 * published table. */
static const double VENUMADHAV_C_MU[][2] = {
    {0.020, 0.936}, {0.040, 1.420}, {0.100, 2.439}, {0.150, 2.851},
    {0.250, 5.613}, {0.500, 7.111}, {1.000, 8.169}, {10.00, 8.927},
};

static void test_builtin(const ax_medium *md_e, const ax_medium *md_mu, const ax_medium *md_tau)
{
    /* AFP01 eq. 5 (Notzold & Raffelt 1988): c_e = 1.27, c_mu,tau = 0.92 */
    CHECK_CLOSE(ax_medium_c_builtin(md_e, 3e-3), 1.27, 0.01, "c_e at 3 MeV (AFP01)");
    CHECK_CLOSE(ax_medium_c_builtin(md_mu, 3e-3), 0.92, 0.01, "c_mu at 3 MeV (AFP01)");
    CHECK_CLOSE(ax_medium_c_builtin(md_tau, 3e-3), ax_medium_c_builtin(md_mu, 3e-3), 1e-6,
                "c_tau = c_mu below the muon threshold");
    CHECK_CLOSE(ax_medium_opacity(md_mu, 0.3, 0.1), ax_medium_c_builtin(md_mu, 0.1) * GF * GF * 0.3 * 1e-4,
                1e-12, "Gamma = c G_F^2 p T^4");
    /* smooth and increasing from 3 MeV to 3 GeV */
    double prev = 0.0;
    int mono = 1;
    for (double T = 3e-3; T < 3.0; T *= 1.05) {
        double c = ax_medium_c_builtin(md_mu, T);
        if (!(c >= prev))
            mono = 0;
        prev = c;
    }
    CHECK(mono, "c_mu(T) not increasing between 3 MeV and 3 GeV");
    /* the built-in model within 25% of the Venumadhav table (docs/physics.md
     * section 3 gives the comparison) */
    for (size_t i = 0; i < sizeof VENUMADHAV_C_MU / sizeof VENUMADHAV_C_MU[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "c_mu(%g MeV) vs Venumadhav+16 table",
                 VENUMADHAV_C_MU[i][0] * 1e3);
        CHECK_CLOSE(ax_medium_c_builtin(md_mu, VENUMADHAV_C_MU[i][0]), VENUMADHAV_C_MU[i][1], 0.25,
                    what);
    }
}

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    return fclose(fp);
}

/* A small table in the documented layout: Gamma/(G_F^2 T^5) = 2 p/T at
 * every T (a power law, which the log-log interpolation reproduces). */
static const char SMALL_TABLE[] =
    "# (Scattering rates/G_F^2 T^5), test table built for test_medium.c\n"
    "# p/T, T(MeV)->   1.0e+01   1.0e+02   1.0e+03   1.0e+04\n"
    "   1.0e-01   2.0e-01   2.0e-01   2.0e-01   2.0e-01\n"
    "   1.0e+00   2.0e+00   2.0e+00   2.0e+00   2.0e+00\n"
    "   1.0e+01   2.0e+01   2.0e+01   2.0e+01   2.0e+01\n";

static void test_table(const ax_cosmo *c)
{
    char path[] = "/tmp/axsterile_opacity_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    close(fd);
    ax_error err;
    ax_medium md;
    CHECK(write_file(path, SMALL_TABLE) == 0, "write test table");
    int st = ax_medium_init(&md, c, AX_FLAVOR_MU, path, 0, &err);
    CHECK(st == AX_OK, "read test table: %s", err.msg);
    if (st == AX_OK) {
        double T = 0.3, p = 2.0 * T;
        CHECK_CLOSE(ax_medium_opacity(&md, p, T), 2.0 * GF * GF * p * pow(T, 4), 1e-10,
                    "table opacity at p/T = 2, T = 300 MeV");
        CHECK_CLOSE(md.T_lo, 0.01, 1e-12, "table T_lo");
        CHECK_CLOSE(md.T_hi, 10.0, 1e-12, "table T_hi");
        CHECK(ax_medium_check_range(&md, 0.05, &err) == AX_OK, "50 MeV inside the table");
        CHECK_STATUS(ax_medium_check_range(&md, 20.0, &err), AX_EINPUT, &err,
                     "outside the opacity table");
        CHECK(strstr(err.msg, "10 MeV - 1e+04 MeV") && strstr(err.msg, "--extrapolate"),
              "range message names the range and --extrapolate: %s", err.msg);
        ax_medium_free(&md);
    }
    /* --extrapolate lets it through */
    st = ax_medium_init(&md, c, AX_FLAVOR_MU, path, 1, &err);
    CHECK(st == AX_OK && ax_medium_check_range(&md, 20.0, &err) == AX_OK, "extrapolate");
    if (st == AX_OK)
        ax_medium_free(&md);

    /* malformed tables: clear messages, AX_EINPUT */
    static const struct { const char *text, *frag; } BAD[] = {
        {"1 2 3\n4 5 6\n", "no '# p/T, T(MeV)->"},
        {"# p/T, T(MeV)-> 10 100\n0.1 1 2\n1 3\n", "columns"},
        {"# p/T, T(MeV)-> 10 100\n1 1 2\n0.5 3 4\n", "strictly increasing"},
        {"# p/T, T(MeV)-> 10 100\n0.1 1 -2\n1 3 4\n", "positive"},
        {"# p/T, T(MeV)-> 100 10\n0.1 1 2\n1 3 4\n", "strictly increasing temperatures"},
        {"# p/T, T(MeV)-> 10 1x0\n0.1 1 2\n1 3 4\n", "not a number"},
        {"# p/T, T(MeV)-> 10 100\n0.1 1 2\n1 3 abc\n", "line 3"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        write_file(path, BAD[i].text);
        ax_error_clear(&err);
        st = ax_medium_init(&md, c, AX_FLAVOR_MU, path, 0, &err);
        CHECK_STATUS(st, AX_EINPUT, &err, BAD[i].frag);
        if (st == AX_OK)
            ax_medium_free(&md);
    }
    unlink(path);
    st = ax_medium_init(&md, c, AX_FLAVOR_MU, "/nonexistent/opacity.dat", 0, &err);
    CHECK_STATUS(st, AX_EINPUT, &err, "cannot open");
}

/* The Venumadhav table itself, when a copy is in the shared reference data. */
static void test_reference_table(const ax_cosmo *c, const ax_medium *md_mu)
{
    const char *ref = harness_reference_dir();
    char path[4200];
    if (ref)
        snprintf(path, sizeof path, "%s/opacity/rate_total_mu.dat", ref);
    if (!ref || access(path, R_OK) != 0) {
        SKIP("no Venumadhav opacity table (reference/opacity/rate_total_mu.dat) in the "
             "shared reference data; the reader is tested with a constructed table");
        return;
    }
    ax_error err;
    ax_medium md;
    int st = ax_medium_init(&md, c, AX_FLAVOR_MU, path, 0, &err);
    CHECK(st == AX_OK, "read %s: %s", path, err.msg);
    if (st != AX_OK)
        return;
    for (size_t i = 0; i < sizeof VENUMADHAV_C_MU / sizeof VENUMADHAV_C_MU[0]; i++) {
        double T = VENUMADHAV_C_MU[i][0], p = 3.205 * T;
        double c_tab = ax_medium_opacity(&md, p, T) / (GF * GF * p * pow(T, 4));
        CHECK_CLOSE(c_tab, VENUMADHAV_C_MU[i][1], 0.01, "reference table read back");
        CHECK_CLOSE(ax_medium_c_builtin(md_mu, T), c_tab, 0.25, "built-in vs reference table");
    }
    ax_medium_free(&md);
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
    ax_medium e, mu, tau;
    CHECK(ax_medium_init(&e, &c, AX_FLAVOR_E, NULL, 0, &err) == AX_OK, "init e: %s", err.msg);
    CHECK(ax_medium_init(&mu, &c, AX_FLAVOR_MU, NULL, 0, &err) == AX_OK, "init mu: %s", err.msg);
    CHECK(ax_medium_init(&tau, &c, AX_FLAVOR_TAU, NULL, 0, &err) == AX_OK, "init tau: %s", err.msg);
    test_potential(&mu, &e);
    test_builtin(&e, &mu, &tau);
    test_table(&c);
    test_reference_table(&c, &mu);
    ax_medium bad;
    CHECK_STATUS(ax_medium_init(&bad, &c, 5, NULL, 0, &err), AX_EINPUT, &err, "flavour 5");
    ax_medium_free(&e);
    ax_medium_free(&mu);
    ax_medium_free(&tau);
    ax_cosmo_free(&c);
    return harness_done("medium");
}
