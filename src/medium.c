/* medium.c -- thermal potential and opacity of active neutrinos
 * (SPEC section 3). See axsterile/medium.h and docs/physics.md section 3. */
#include "axsterile/medium.h"

#include "axsterile/constants.h"
#include "axsterile/io.h"
#include "axsterile/sm_eos.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NGRID 240                 /* ln T nodes of the built-in splines */
#define T_QCD_FREEZE 3.0          /* GeV: above, the QCD weight is held fixed */

/* Weak couplings g_L = T3 - Q s_W^2, g_R = -Q s_W^2 (tree level). */
#define SW2 AX_SIN2_THETA_W
/* Unit of every built-in coefficient: K = 7 pi/90 (docs/physics.md eq. M3):
 * a massless fermion target (one dof) with |M|^2 of strength C gives
 * Gamma = C K G_F^2 p T^4 (Boltzmann final states, Fermi-Dirac targets). */
#define K_UNIT (7.0 * M_PI / 90.0)
/* Neutrino-neutrino part of c_alpha, fixed so that the total at T << m_mu
 * reproduces c_e = 1.27 and c_mu,tau = 0.92 (Abazajian, Fuller & Patel 2001,
 * eq. 5, after Notzold & Raffelt 1988) to 0.7% with the e+- terms below. */
#define Y_NU 0.834

/* rho(m,T)/rho(0,T) of a fermion: the suppression of a massive target. */
static int fermion_suppression(double m, double T, double *S, ax_error *err)
{
    if (m <= 0.0) {
        *S = 1.0;
        return AX_OK;
    }
    double r;
    int st = ax_free_gas(1.0, m, 1, T, &r, NULL, err);
    *S = r / (7.0 / 8.0 * M_PI * M_PI / 30.0);
    return st;
}

static const double LEPTON_MASS[3] = {AX_M_ELECTRON, AX_M_MUON, AX_M_TAU};

/* Weight of quark-like weak scatterers in the QCD plasma: the QCD share of
 * g*(T) over that of free quarks and gluons (docs/physics.md eq. M6). */
static int qcd_weight(const ax_cosmo *c, double T, const double Sl[3],
                      double Sc, double Sb, double *W)
{
    double Tq = T > T_QCD_FREEZE ? T_QCD_FREEZE : T;
    double g = ax_cosmo_gstar(c, Tq);
    double g_lep = 0.0;
    for (int i = 0; i < 3; i++)
        g_lep += 7.0 / 8.0 * 4.0 * Sl[i];
    double g_qcd = g - 2.0 - 7.0 / 8.0 * 6.0 - g_lep;
    double g_free = 16.0 + 7.0 / 8.0 * 12.0 * (3.0 + Sc + Sb);
    double w = g_qcd / g_free;
    *W = w < 0.0 ? 0.0 : (w > 1.0 ? 1.0 : w);
    return AX_OK;
}

/* Built-in c_alpha(T) = Gamma/(G_F^2 p T^4), docs/physics.md eqs. M4-M7. */
static int c_builtin(const ax_cosmo *c, int flavor, double T, double *out,
                     ax_error *err)
{
    double Sl[3], Sq_c, Sq_b, Sq_t, Sm;
    int st = AX_OK;
    double Tq = T > T_QCD_FREEZE ? T_QCD_FREEZE : T;
    for (int i = 0; i < 3 && st == AX_OK; i++)
        st = fermion_suppression(LEPTON_MASS[i], T, &Sl[i], err);
    if (st == AX_OK) st = fermion_suppression(AX_M_CHARM, T, &Sq_c, err);
    if (st == AX_OK) st = fermion_suppression(AX_M_BOTTOM, T, &Sq_b, err);
    if (st == AX_OK) st = fermion_suppression(AX_M_TOP, T, &Sq_t, err);
    if (st != AX_OK)
        return st;
    double W;
    double Slq[3], Scq, Sbq;
    for (int i = 0; i < 3 && st == AX_OK; i++)
        st = fermion_suppression(LEPTON_MASS[i], Tq, &Slq[i], err);
    if (st == AX_OK) st = fermion_suppression(AX_M_CHARM, Tq, &Scq, err);
    if (st == AX_OK) st = fermion_suppression(AX_M_BOTTOM, Tq, &Sbq, err);
    if (st != AX_OK)
        return st;
    qcd_weight(c, T, Slq, Scq, Sbq, &W);

    double sum = Y_NU;
    /* charged leptons: NC (+CC for the same flavour) scattering on l and
     * lbar and annihilation nu nubar -> l lbar: 3 (gL^2 + gR^2) K (eq. M4) */
    for (int b = 0; b < 3; b++) {
        double gL = -0.5 + SW2 + (b == flavor ? 1.0 : 0.0), gR = SW2;
        sum += 3.0 * (gL * gL + gR * gR) * K_UNIT * Sl[b];
    }
    /* flavour-changing CC: nu_a l_b -> l_a nu_b, nu_a nubar_b -> l_a lbar_b
     * (7/3) K, suppressed by the heavier charged lepton (eq. M5) */
    for (int b = 0; b < 3; b++) {
        if (b == flavor)
            continue;
        double S = LEPTON_MASS[b] > LEPTON_MASS[flavor] ? Sl[b] : Sl[flavor];
        sum += 7.0 / 3.0 * K_UNIT * S;
    }
    /* quarks, NC: N_c 3 (gL^2 + gR^2) K each, times the QCD weight (eq. M6) */
    const double up_L = 0.5 - 2.0 / 3.0 * SW2, up_R = -2.0 / 3.0 * SW2;
    const double dn_L = -0.5 + 1.0 / 3.0 * SW2, dn_R = 1.0 / 3.0 * SW2;
    const double c_up = 9.0 * (up_L * up_L + up_R * up_R) * K_UNIT;
    const double c_dn = 9.0 * (dn_L * dn_L + dn_R * dn_R) * K_UNIT;
    sum += W * (c_up * (1.0 + Sq_c + Sq_t) + c_dn * (2.0 + Sq_b));
    /* quarks, CC: nu_a d -> l_a u and nu_a ubar -> l_a dbar per doublet,
     * 8 K, suppressed by the heaviest particle involved (eq. M7) */
    Sm = Sl[flavor];
    double S_ud = Sm, S_cs = Sm < Sq_c ? Sm : Sq_c, S_tb = Sm < Sq_t ? Sm : Sq_t;
    sum += W * 8.0 * K_UNIT * (S_ud + S_cs + S_tb);
    *out = sum;
    return AX_OK;
}

static int spline_make(gsl_spline **sp, const double *x, const double *y, size_t n,
                       ax_error *err)
{
    *sp = gsl_spline_alloc(gsl_interp_steffen, n);
    if (!*sp)
        return ax_fail(err, AX_ERUN, "medium: out of memory");
    if (gsl_spline_init(*sp, x, y, n) != 0)
        return ax_fail(err, AX_ERUN, "medium: cannot build a spline");
    return AX_OK;
}

int ax_medium_init(ax_medium *md, const ax_cosmo *cosmo, int flavor,
                   const char *opacity_file, int extrapolate, ax_error *err)
{
    memset(md, 0, sizeof *md);
    if (flavor < 0 || flavor > 2)
        return ax_fail(err, AX_EINPUT, "medium: flavour %d; expected 0 (e), 1 (mu) or 2 (tau)",
                       flavor);
    md->flavor = flavor;
    md->extrapolate = extrapolate;
    md->lnT_lo = cosmo->lnT_min;
    md->lnT_hi = cosmo->lnT_max;
    double x[NGRID], yl[NGRID], yc[NGRID];
    int st = AX_OK;
    for (int i = 0; i < NGRID && st == AX_OK; i++) {
        x[i] = md->lnT_lo + (md->lnT_hi - md->lnT_lo) * i / (NGRID - 1.0);
        double T = exp(x[i]);
        st = ax_free_gas(4.0, LEPTON_MASS[flavor], 1, T, &yl[i], NULL, err);
        if (st == AX_OK)
            st = c_builtin(cosmo, flavor, T, &yc[i], err);
    }
    if (st == AX_OK) st = spline_make(&md->rho_lep, x, yl, NGRID, err);
    if (st == AX_OK) st = spline_make(&md->c_alpha, x, yc, NGRID, err);
    md->T_lo = exp(md->lnT_lo);
    md->T_hi = exp(md->lnT_hi);
    if (st == AX_OK && opacity_file)
        st = ax_medium_load_table(md, opacity_file, err);
    if (st != AX_OK) {
        ax_medium_free(md);
        return ax_error_context(err, "medium");
    }
    return AX_OK;
}

void ax_medium_free(ax_medium *md)
{
    gsl_spline_free(md->rho_lep);
    gsl_spline_free(md->c_alpha);
    gsl_spline2d_free(md->table);
    md->rho_lep = md->c_alpha = NULL;
    md->table = NULL;
}

int ax_medium_check_range(const ax_medium *md, double T, ax_error *err)
{
    if (md->extrapolate || (T >= md->T_lo * (1 - 1e-12) && T <= md->T_hi * (1 + 1e-12)))
        return AX_OK;
    if (md->table)
        return ax_fail(err, AX_EINPUT,
                       "T = %.4g MeV is outside the opacity table %s (%.4g MeV - %.4g MeV); "
                       "pass --extrapolate to clamp the table at its ends",
                       T * 1e3, md->table_path, md->T_lo * 1e3, md->T_hi * 1e3);
    return ax_fail(err, AX_EINPUT,
                   "T = %.4g MeV is outside the built-in opacity model (%.4g MeV - %.4g GeV); "
                   "pass --extrapolate to clamp it at its ends",
                   T * 1e3, md->T_lo * 1e3, md->T_hi);
}

double ax_medium_rho_nu(double T)
{
    return 7.0 * M_PI * M_PI / 120.0 * T * T * T * T;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

double ax_medium_rho_lepton(const ax_medium *md, double T)
{
    double lnT = log(T);
    if (lnT > md->lnT_hi) /* massless limit: 4 (7/8) pi^2/30 */
        return 7.0 * M_PI * M_PI / 60.0 * T * T * T * T;
    if (lnT < md->lnT_lo) /* far below m_e or m_mu: the table's end, scaled */
        lnT = md->lnT_lo;
    double T4 = T * T * T * T;
    return gsl_spline_eval(md->rho_lep, lnT, NULL) * T4;
}

double ax_medium_potential(const ax_medium *md, double p, double T)
{
    /* BH16 eq. 8 (Notzold & Raffelt 1988, eq. 3 with no asymmetry) */
    const double mz2 = AX_M_Z * AX_M_Z, mw2 = AX_M_W * AX_M_W;
    return -8.0 * sqrt(2.0) * AX_G_FERMI * p / 3.0 *
           (ax_medium_rho_nu(T) / mz2 + ax_medium_rho_lepton(md, T) / mw2);
}

double ax_medium_c_builtin(const ax_medium *md, double T)
{
    return gsl_spline_eval(md->c_alpha, clamp(log(T), md->lnT_lo, md->lnT_hi), NULL);
}

double ax_medium_opacity(const ax_medium *md, double p, double T)
{
    const double gf2 = AX_G_FERMI * AX_G_FERMI;
    double T4 = T * T * T * T;
    if (!md->table)
        return ax_medium_c_builtin(md, T) * gf2 * p * T4;
    double eps = p / T, scale = 1.0;
    if (eps < md->eps_lo) {
        scale = eps / md->eps_lo; /* Gamma ~ p at small p */
        eps = md->eps_lo;
    } else if (eps > md->eps_hi) {
        scale = eps / md->eps_hi;
        eps = md->eps_hi;
    }
    double lnT = clamp(log(T), log(md->T_lo), log(md->T_hi));
    double v = 0.0;
    gsl_spline2d_eval_e(md->table, log(eps), lnT, NULL, NULL, &v);
    return scale * exp(v) * gf2 * T4 * T;
}

/* ---- opacity table (Venumadhav et al. 2016 layout) -------------------
 * '#' comment lines; one of them lists the temperatures in MeV after "->"
 * ("# p/T, T(MeV)->  10 15 20 ..."); then one row per p/T: p/T followed by
 * Gamma/(G_F^2 T^5) at each temperature. Whitespace-separated. */

static int parse_temperatures(const char *comments, const char *path, double **T,
                              size_t *nT, ax_error *err)
{
    const char *arrow = comments ? strstr(comments, "->") : NULL;
    if (!arrow)
        return ax_fail(err, AX_EINPUT,
                       "%s: no '# p/T, T(MeV)-> T1 T2 ...' header line listing the "
                       "temperatures", path);
    const char *s = arrow + 2, *eol = strchr(s, '\n');
    size_t cap = 64, n = 0;
    double *v = malloc(cap * sizeof *v);
    if (!v)
        return ax_fail(err, AX_ERUN, "%s: out of memory", path);
    while (s < eol) {
        char *end;
        double x = strtod(s, &end);
        if (end == s) {
            while (s < eol && (*s == ' ' || *s == '\t' || *s == '\r'))
                s++;
            if (s < eol) {
                free(v);
                return ax_fail(err, AX_EINPUT,
                               "%s: temperature header: '%.20s' is not a number", path, s);
            }
            break;
        }
        if (end != s && *end && !strchr(" \t\r\n", *end)) {
            free(v);
            return ax_fail(err, AX_EINPUT,
                           "%s: temperature header: '%.20s' is not a number", path, s);
        }
        if (!isfinite(x) || !(x > 0.0) || (n > 0 && !(x * 1e-3 > v[n - 1]))) {
            free(v);
            return ax_fail(err, AX_EINPUT,
                           "%s: temperature header: T = %g MeV; expected positive, "
                           "strictly increasing temperatures", path, x);
        }
        if (n == cap) {
            double *nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv) {
                free(v);
                return ax_fail(err, AX_ERUN, "%s: out of memory", path);
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = x * 1e-3; /* MeV -> GeV */
        s = end;
    }
    *T = v;
    *nT = n;
    return AX_OK;
}

int ax_medium_load_table(ax_medium *md, const char *path, ax_error *err)
{
    ax_table t;
    int st = ax_table_read(path, 0, AX_TABLE_WHITESPACE, &t, err);
    if (st != AX_OK)
        return ax_error_context(err, "opacity table");
    double *T = NULL, *x = NULL, *z = NULL;
    size_t nT = 0;
    st = parse_temperatures(t.comments, path, &T, &nT, err);
    if (st == AX_OK && (nT < 2 || t.nrows < 2))
        st = ax_fail(err, AX_EINPUT, "%s: %zu temperatures and %zu rows of p/T; expected at "
                     "least 2 of each", path, nT, t.nrows);
    if (st == AX_OK && t.ncols != nT + 1)
        st = ax_fail(err, AX_EINPUT, "%s: %zu columns per row; expected %zu (p/T and one "
                     "rate per temperature of the header)", path, t.ncols, nT + 1);
    size_t nx = t.nrows;
    if (st == AX_OK) {
        x = malloc(nx * sizeof *x);
        z = malloc(nx * nT * sizeof *z);
        if (!x || !z)
            st = ax_fail(err, AX_ERUN, "%s: out of memory", path);
    }
    for (size_t i = 0; st == AX_OK && i < nx; i++) {
        double eps = ax_table_at(&t, i, 0);
        if (!(eps > 0.0) || (i > 0 && !(eps > ax_table_at(&t, i - 1, 0)))) {
            st = ax_fail(err, AX_EINPUT, "%s line %zu: p/T = %g; expected positive and "
                         "strictly increasing", path, t.line[i], eps);
            break;
        }
        x[i] = log(eps);
        for (size_t j = 0; j < nT; j++) {
            double v = ax_table_at(&t, i, j + 1);
            if (!(v > 0.0)) {
                st = ax_fail(err, AX_EINPUT, "%s line %zu column %zu: rate %g; expected a "
                             "positive Gamma/(G_F^2 T^5)", path, t.line[i], j + 2, v);
                break;
            }
            z[j * nx + i] = log(v);
        }
    }
    double *y = NULL;
    if (st == AX_OK) {
        y = malloc(nT * sizeof *y);
        if (!y)
            st = ax_fail(err, AX_ERUN, "%s: out of memory", path);
        for (size_t j = 0; st == AX_OK && j < nT; j++)
            y[j] = log(T[j]);
    }
    gsl_spline2d *sp = NULL;
    if (st == AX_OK) {
        sp = gsl_spline2d_alloc(gsl_interp2d_bilinear, nx, nT);
        if (!sp || gsl_spline2d_init(sp, x, y, z, nx, nT) != 0)
            st = ax_fail(err, AX_ERUN, "%s: cannot build the interpolation", path);
    }
    if (st == AX_OK) {
        gsl_spline2d_free(md->table);
        md->table = sp;
        sp = NULL;
        md->eps_lo = exp(x[0]);
        md->eps_hi = exp(x[nx - 1]);
        md->T_lo = T[0];
        md->T_hi = T[nT - 1];
        snprintf(md->table_path, sizeof md->table_path, "%.500s", path);
    }
    gsl_spline2d_free(sp);
    free(T);
    free(x);
    free(y);
    free(z);
    ax_table_free(&t);
    return st == AX_OK ? AX_OK : ax_error_context(err, "opacity table");
}
