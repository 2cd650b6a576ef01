/* test_medium.c -- thermal potential and opacity (docs/physics.md section 3). */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/io.h"
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

/* The default opacity (data/opacity_numu.csv, the Venumadhav et al. rates):
 * checks that need no reference data. */
static void test_default(const ax_cosmo *c)
{
    ax_error err;
    ax_medium md[3], an[3];
    for (int f = 0; f < 3; f++) {
        int st = ax_medium_init(&md[f], c, f, NULL, 0, &err);
        CHECK(st == AX_OK, "default opacity, flavour %d: %s", f, err.msg);
        if (st != AX_OK)
            return;
        CHECK(md[f].source == AX_OPACITY_DEFAULT, "default source");
        ax_medium_init(&an[f], c, f, AX_OPACITY_ANALYTIC_NAME, 0, &err);
    }
    /* the source's range is the table's, 10 MeV - 10 GeV: outside it a
     * temperature is refused naming the range and --extrapolate; with
     * --extrapolate the analytic model's T dependence continues the table
     * (which the production also uses to measure what lies outside),
     * continuously at its ends */
    CHECK_CLOSE(md[1].T_lo, 0.01, 1e-12, "default T_lo");
    CHECK_CLOSE(md[1].T_hi, 10.0, 1e-12, "default T_hi");
    CHECK(ax_medium_check_range(&md[1], 0.011, &err) == AX_OK &&
              ax_medium_check_range(&md[1], 9.9, &err) == AX_OK,
          "default accepts 11 MeV and 9.9 GeV");
    CHECK_STATUS(ax_medium_check_range(&md[1], 1.5e-3, &err), AX_EINPUT, &err,
                 "10 MeV - 10 GeV");
    CHECK(strstr(err.msg, "--extrapolate") && strstr(err.msg, "1.5 MeV"),
          "names T and --extrapolate: %s", err.msg);
    CHECK_STATUS(ax_medium_check_range(&md[1], 5e3, &err), AX_EINPUT, &err, "10 MeV - 10 GeV");
    {
        ax_medium mx;
        CHECK(ax_medium_init(&mx, c, 1, NULL, 1, &err) == AX_OK &&
                  ax_medium_check_range(&mx, 1.5e-3, &err) == AX_OK &&
                  ax_medium_check_range(&mx, 5e3, &err) == AX_OK,
              "default with --extrapolate covers 1 MeV - 10 TeV");
        ax_medium_free(&mx);
    }
    for (int f = 0; f < 3; f++)
        for (int end = 0; end < 2; end++) {
            double Te = end ? 10.0 : 0.01, p = 3.0 * Te;
            double in = ax_medium_opacity(&md[f], p, Te * (end ? 0.9999 : 1.0001));
            double out = ax_medium_opacity(&md[f], p, Te * (end ? 1.0001 : 0.9999));
            CHECK_CLOSE(out, in, 2e-3, "continuous at the table's end");
            /* far outside, the ratio to the analytic model is the one at the end */
            double Tf = end ? 1000.0 : 0.002;
            double r_far = ax_medium_opacity(&md[f], 3.0 * Tf, Tf) / ax_medium_opacity(&an[f], 3.0 * Tf, Tf);
            double r_end = ax_medium_opacity(&md[f], p, Te) / ax_medium_opacity(&an[f], p, Te);
            CHECK_CLOSE(r_far, r_end, 1e-6, "analytic T dependence outside the table");
        }
    /* flavours: well below m_mu (where the analytic model gives c_tau =
     * c_mu) tau and mu agree; e exceeds mu by at least the analytic
     * leptonic ratio (1.27/0.92 at T << m_mu, AFP01), and by more because
     * the CC channels on hadrons are open for nu_e only */
    double T = 0.012, p = 3.0 * T;
    double rl = ax_medium_c_builtin_lep(&an[0], T) / ax_medium_c_builtin_lep(&an[1], T);
    CHECK(rl > 1.3 && rl < 1.45, "analytic leptonic ratio e/mu at 12 MeV = %g", rl);
    double ge = ax_medium_opacity(&md[0], p, T), gm = ax_medium_opacity(&md[1], p, T);
    double gt = ax_medium_opacity(&md[2], p, T);
    CHECK(ge / gm > rl && ge / gm < 2.0, "default e/mu at 12 MeV = %g (leptonic ratio %g)",
          ge / gm, rl);
    CHECK_CLOSE(gt, gm, 0.02, "default tau = mu at 12 MeV");
    /* at 5 GeV (all three charged leptons light) the flavours nearly agree */
    T = 5.0;
    p = 3.0 * T;
    CHECK_CLOSE(ax_medium_opacity(&md[0], p, T), ax_medium_opacity(&md[1], p, T), 0.02,
                "default e = mu at 5 GeV");
    CHECK_CLOSE(ax_medium_opacity(&md[2], p, T), ax_medium_opacity(&md[1], p, T), 0.03,
                "default tau = mu at 5 GeV");
    for (int f = 0; f < 3; f++) {
        ax_medium_free(&md[f]);
        ax_medium_free(&an[f]);
    }
}

/* The default opacity against the Venumadhav et al. tables themselves: at
 * p/T = 1, 3 and 5 (the nodes nearest, 0.9457, 3.205 and 5.223, and the
 * exact values in between through the same interpolation) and at every
 * temperature of the table, and at every node of the table, the default
 * equals rate_total_mu.dat to 0.5%. */
static void test_default_reference(const ax_cosmo *c)
{
    const char *ref = harness_reference_dir();
    char path[4200];
    if (ref)
        snprintf(path, sizeof path, "%s/opacity/rate_total_mu.dat", ref);
    if (!ref || access(path, R_OK) != 0) {
        SKIP("no Venumadhav opacity table (reference/opacity/rate_total_mu.dat): the default "
             "opacity is not compared with its source");
        return;
    }
    ax_error err;
    double *eps, *T, *rate;
    size_t ne, nT;
    int st = ax_opacity_read_venumadhav(path, 0, &eps, &ne, &T, &nT, &rate, &err);
    CHECK(st == AX_OK, "read %s: %s", path, err.msg);
    if (st != AX_OK)
        return;
    ax_medium md, tab;
    st = ax_medium_init(&md, c, AX_FLAVOR_MU, NULL, 0, &err);
    CHECK(st == AX_OK, "default opacity: %s", err.msg);
    int st2 = ax_medium_init(&tab, c, AX_FLAVOR_MU, path, 0, &err);
    CHECK(st2 == AX_OK, "table opacity: %s", err.msg);
    if (st == AX_OK && st2 == AX_OK) {
        const double G2 = GF * GF;
        double worst = 0.0;
        size_t bad = 0;
        for (size_t j = 0; j < nT; j++) {
            for (size_t i = 0; i < ne; i++) {
                double p = eps[i] * T[j];
                double want = rate[j * ne + i] * G2 * pow(T[j], 5);
                double d = fabs(ax_medium_opacity(&md, p, T[j]) / want - 1.0);
                if (d > worst)
                    worst = d;
                if (d > 5e-3)
                    bad++;
            }
            /* p/T = 1, 3, 5 between the nodes: the default and the table read
             * through the same interpolation */
            for (double e = 1.0; e <= 5.0; e += 2.0) {
                char what[96];
                snprintf(what, sizeof what, "default vs table at p/T = %g, T = %g MeV", e,
                         T[j] * 1e3);
                CHECK_CLOSE(ax_medium_opacity(&md, e * T[j], T[j]),
                            ax_medium_opacity(&tab, e * T[j], T[j]), 5e-3, what);
            }
        }
        CHECK(bad == 0, "default vs rate_total_mu.dat at its %zu nodes: %zu beyond 0.5%% "
              "(largest %.3g%%)", ne * nT, bad, 100.0 * worst);
        printf("# default opacity vs rate_total_mu.dat: largest deviation %.3g%% at its nodes\n",
               100.0 * worst);
        /* the nodes nearest p/T = 1, 3, 5 at every temperature (a named check each) */
        const double want_eps[3] = {1.0, 3.0, 5.0};
        for (int k = 0; k < 3; k++) {
            size_t best = 0;
            for (size_t i = 1; i < ne; i++)
                if (fabs(log(eps[i] / want_eps[k])) < fabs(log(eps[best] / want_eps[k])))
                    best = i;
            for (size_t j = 0; j < nT; j++) {
                char what[96];
                snprintf(what, sizeof what, "default at p/T = %.4g, T = %g MeV vs the source",
                         eps[best], T[j] * 1e3);
                CHECK_CLOSE(ax_medium_opacity(&md, eps[best] * T[j], T[j]),
                            rate[j * ne + best] * G2 * pow(T[j], 5), 5e-3, what);
            }
        }
    }
    if (st == AX_OK)
        ax_medium_free(&md);
    if (st2 == AX_OK)
        ax_medium_free(&tab);
    free(eps);
    free(T);
    free(rate);
}

/* data/opacity_numu.csv is the transcription of the Venumadhav et al.
 * leptonic and hadronic tables that src/tools/gen_opacity.c makes: redo it
 * on the file's own grid and compare every value (7 digits printed). */
static void test_default_transcription(void)
{
    const char *ref = harness_reference_dir();
    char pl[4200], ph[4200], data[4200];
    if (ref) {
        snprintf(pl, sizeof pl, "%s/opacity/rate_leptons_mu.dat", ref);
        snprintf(ph, sizeof ph, "%s/opacity/rate_hadrons_mu.dat", ref);
    }
    if (!ref || access(pl, R_OK) != 0 || access(ph, R_OK) != 0) {
        SKIP("no Venumadhav leptonic/hadronic tables in the shared reference data: "
             "data/opacity_numu.csv is not re-derived");
        return;
    }
    snprintf(data, sizeof data, "%s/data/opacity_numu.csv", AX_SOURCE_DIR);
    ax_error err;
    ax_table t;
    int st = ax_table_read(data, 4, AX_TABLE_SKIP_HEADER, &t, &err);
    CHECK(st == AX_OK, "read data/opacity_numu.csv: %s", err.msg);
    if (st != AX_OK)
        return;
    size_t m = 0;
    while (m < t.nrows && ax_table_at(&t, m, 0) == ax_table_at(&t, 0, 0))
        m++;
    size_t k = t.nrows / m;
    double *eo = malloc(m * sizeof *eo), *To = malloc(k * sizeof *To);
    double *yl = malloc(t.nrows * sizeof *yl), *yh = malloc(t.nrows * sizeof *yh);
    for (size_t i = 0; i < m; i++)
        eo[i] = ax_table_at(&t, i, 1);
    for (size_t j = 0; j < k; j++)
        To[j] = ax_table_at(&t, j * m, 0) * 1e-3;
    double *e, *T, *rl, *rh;
    size_t ne, nT;
    st = ax_opacity_read_venumadhav(pl, 1, &e, &ne, &T, &nT, &rl, &err);
    if (st == AX_OK) {
        double *e2, *T2;
        size_t ne2, nT2;
        st = ax_opacity_read_venumadhav(ph, 1, &e2, &ne2, &T2, &nT2, &rh, &err);
        if (st == AX_OK) {
            free(e2);
            free(T2);
        }
    }
    CHECK(st == AX_OK, "read the source tables: %s", err.msg);
    if (st == AX_OK) {
        for (size_t j = 0; j < nT; j++)
            for (size_t i = 0; i < ne; i++) {
                rl[j * ne + i] /= e[i];
                rh[j * ne + i] /= e[i];
            }
        st = ax_opacity_resample(e, ne, T, nT, rl, eo, m, To, k, yl, &err);
        st = AX_THEN(st, ax_opacity_resample(e, ne, T, nT, rh, eo, m, To, k, yh, &err));
        CHECK(st == AX_OK, "resample: %s", err.msg);
        double worst = 0;
        for (size_t r = 0; st == AX_OK && r < t.nrows; r++) {
            worst = fmax(worst, fabs(ax_table_at(&t, r, 2) - yl[r]) / yl[r]);
            worst = fmax(worst, fabs(ax_table_at(&t, r, 3) - fmax(yh[r], 0.0)) /
                                    fmax(yl[r], 1e-300)); /* the hadronic part can be 0 */
        }
        CHECK(st == AX_OK && worst < 1e-6, "data/opacity_numu.csv is the transcription of the "
              "source tables (worst relative difference %g)", worst);
        free(e);
        free(T);
        free(rl);
        free(rh);
    }
    free(eo);
    free(To);
    free(yl);
    free(yh);
    ax_table_free(&t);
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
    const char *an = AX_OPACITY_ANALYTIC_NAME;
    CHECK(ax_medium_init(&e, &c, AX_FLAVOR_E, an, 0, &err) == AX_OK, "init e: %s", err.msg);
    CHECK(ax_medium_init(&mu, &c, AX_FLAVOR_MU, an, 0, &err) == AX_OK, "init mu: %s", err.msg);
    CHECK(ax_medium_init(&tau, &c, AX_FLAVOR_TAU, an, 0, &err) == AX_OK, "init tau: %s", err.msg);
    test_potential(&mu, &e);
    test_builtin(&e, &mu, &tau);
    test_table(&c);
    test_reference_table(&c, &mu);
    test_default(&c);
    test_default_reference(&c);
    test_default_transcription();
    ax_medium bad;
    CHECK_STATUS(ax_medium_init(&bad, &c, 5, NULL, 0, &err), AX_EINPUT, &err, "flavour 5");
    ax_medium_free(&e);
    ax_medium_free(&mu);
    ax_medium_free(&tau);
    ax_cosmo_free(&c);
    return harness_done("medium");
}
