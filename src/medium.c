/* medium.c -- thermal potential and opacity of active neutrinos
 * (docs/physics.md section 3). See axsterile/medium.h. */
#include "axsterile/medium.h"

#include "axsterile/constants.h"
#include "axsterile/io.h"
#include "axsterile/sm_eos.h"

#include "spline.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_spline.h>
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

/* Built-in c_alpha(T) = Gamma/(G_F^2 p T^4), docs/physics.md eqs. M3-M7:
 * its leptonic part (M3-M5) in *lep, its hadronic part (M6-M7) in *had. */
static int c_builtin(const ax_cosmo *c, int flavor, double T, double *lep, double *had,
                     ax_error *err)
{
    double Sl[3], Sq_c, Sq_b, Sq_t, Sm;
    int st = AX_OK;
    double Tq = T > T_QCD_FREEZE ? T_QCD_FREEZE : T;
    for (int i = 0; i < 3 && st == AX_OK; i++)
        st = fermion_suppression(LEPTON_MASS[i], T, &Sl[i], err);
    st = AX_THEN(st, fermion_suppression(AX_M_CHARM, T, &Sq_c, err));
    st = AX_THEN(st, fermion_suppression(AX_M_BOTTOM, T, &Sq_b, err));
    st = AX_THEN(st, fermion_suppression(AX_M_TOP, T, &Sq_t, err));
    if (st != AX_OK)
        return st;
    double W;
    double Slq[3], Scq, Sbq;
    for (int i = 0; i < 3 && st == AX_OK; i++)
        st = fermion_suppression(LEPTON_MASS[i], Tq, &Slq[i], err);
    st = AX_THEN(st, fermion_suppression(AX_M_CHARM, Tq, &Scq, err));
    st = AX_THEN(st, fermion_suppression(AX_M_BOTTOM, Tq, &Sbq, err));
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
    *lep = sum;
    sum = 0.0;
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
    *had = sum;
    return AX_OK;
}

static int spline_make(struct ax_spline **sp, const double *x, const double *y, size_t n,
                       ax_error *err)
{
    int st = ax_spline_new(sp, x, y, n);
    if (st == AX_ERUN)
        return ax_fail(err, AX_ERUN, "medium: out of memory");
    if (st != AX_OK)
        return ax_fail(err, AX_ERUN, "medium: cannot build a spline");
    return AX_OK;
}

static int load_default(ax_medium *md, const ax_cosmo *cosmo, ax_error *err);

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
    double x[NGRID], yl[NGRID], yc[NGRID], ylep[NGRID], yhad[NGRID];
    int st = AX_OK;
    for (int i = 0; i < NGRID && st == AX_OK; i++) {
        x[i] = md->lnT_lo + (md->lnT_hi - md->lnT_lo) * i / (NGRID - 1.0);
        double T = exp(x[i]);
        st = ax_free_gas(4.0, LEPTON_MASS[flavor], 1, T, &yl[i], NULL, err);
        st = AX_THEN(st, c_builtin(cosmo, flavor, T, &ylep[i], &yhad[i], err));
        yc[i] = ylep[i] + yhad[i];
    }
    st = AX_THEN(st, spline_make(&md->rho_lep, x, yl, NGRID, err));
    st = AX_THEN(st, spline_make(&md->c_alpha, x, yc, NGRID, err));
    st = AX_THEN(st, spline_make(&md->c_lep, x, ylep, NGRID, err));
    st = AX_THEN(st, spline_make(&md->c_had, x, yhad, NGRID, err));
    md->T_lo = exp(md->lnT_lo);
    md->T_hi = exp(md->lnT_hi);
    md->source = AX_OPACITY_ANALYTIC;
    if (st == AX_OK && !opacity_file)
        st = load_default(md, cosmo, err);
    else if (st == AX_OK && strcmp(opacity_file, AX_OPACITY_ANALYTIC_NAME) != 0)
        st = ax_medium_load_table(md, opacity_file, err);
    if (st != AX_OK) {
        ax_medium_free(md);
        return ax_error_context(err, "medium");
    }
    return AX_OK;
}

static void grid_free(ax_opacity_grid *g)
{
    if (g)
        free(g->c);
    free(g);
}

void ax_medium_free(ax_medium *md)
{
    if (!md)
        return;
    ax_spline_free(md->rho_lep);
    ax_spline_free(md->c_alpha);
    ax_spline_free(md->c_lep);
    ax_spline_free(md->c_had);
    grid_free(md->table);
    md->rho_lep = md->c_alpha = md->c_lep = md->c_had = NULL;
    md->table = NULL;
}

int ax_medium_check_range(const ax_medium *md, double T, ax_error *err)
{
    if (md->extrapolate || (T >= md->T_lo * (1 - 1e-12) && T <= md->T_hi * (1 + 1e-12)))
        return AX_OK;
    if (md->source == AX_OPACITY_FILE)
        return ax_fail(err, AX_EINPUT,
                       "T = %.4g MeV is outside the opacity table %s (%.4g MeV - %.4g MeV); "
                       "pass --extrapolate to clamp the table at its ends",
                       T * 1e3, md->table_path, md->T_lo * 1e3, md->T_hi * 1e3);
    if (md->source == AX_OPACITY_DEFAULT)
        return ax_fail(err, AX_EINPUT,
                       "T = %.4g MeV is outside the default opacity table (Venumadhav et al. "
                       "2016, %.4g MeV - %.4g GeV); pass --extrapolate to continue it with the "
                       "analytic model's temperature dependence",
                       T * 1e3, md->T_lo * 1e3, md->T_hi);
    return ax_fail(err, AX_EINPUT,
                   "T = %.4g MeV is outside the range of the opacity (%.4g MeV - %.4g GeV, "
                   "that of the g*(T) table); "
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
    return ax_spline_eval(md->rho_lep, lnT) * T4;
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
    return ax_spline_eval(md->c_alpha, clamp(log(T), md->lnT_lo, md->lnT_hi));
}

double ax_medium_c_builtin_lep(const ax_medium *md, double T)
{
    return ax_spline_eval(md->c_lep, clamp(log(T), md->lnT_lo, md->lnT_hi));
}

double ax_medium_c_builtin_had(const ax_medium *md, double T)
{
    return ax_spline_eval(md->c_had, clamp(log(T), md->lnT_lo, md->lnT_hi));
}

void ax_medium_opacity_prepare(const ax_medium *md, double T, ax_opacity_at *a)
{
    const double gf2 = AX_G_FERMI * AX_G_FERMI;
    double T5 = T * T * T * T * T;
    memset(a, 0, sizeof *a);
    if (!md->table) {
        a->fac = ax_medium_c_builtin(md, T) * gf2 * T5;
        return;
    }
    const ax_opacity_grid *g = md->table;
    double lnT = log(T), scale = 1.0;
    double lo = log(md->tab_T_lo), hi = log(md->tab_T_hi);
    if (lnT < lo || lnT > hi) {
        double Te = lnT < lo ? md->tab_T_lo : md->tab_T_hi;
        /* default: the analytic model's T dependence continues the table
         * (docs/physics.md section 3); a user's table is clamped */
        if (md->source == AX_OPACITY_DEFAULT)
            scale = ax_medium_c_builtin(md, T) / ax_medium_c_builtin(md, Te);
        lnT = lnT < lo ? lo : hi;
    }
    double v = clamp((lnT - g->lnT0) / g->dlnT, 0.0, (double)(g->nT - 1));
    size_t j = (size_t)v;
    if (j >= g->nT - 1)
        j = g->nT - 2;
    a->row = g->c + j * g->ne;
    a->fv = v - (double)j;
    a->fac = scale * gf2 * T5;
}

double ax_medium_opacity_prepared(const ax_medium *md, const ax_opacity_at *a, double eps)
{
    if (!a->row)
        return a->fac * eps;
    return ax_medium_opacity_prepared_ln(md, a, eps, log(eps));
}

double ax_medium_opacity_prepared_ln(const ax_medium *md, const ax_opacity_at *a, double eps,
                                     double ln_eps)
{
    if (!a->row)
        return a->fac * eps;
    /* c bilinear in (ln p/T, ln T); outside the p/T range c is held
     * (Gamma proportional to p) */
    const ax_opacity_grid *g = md->table;
    double u = clamp((ln_eps - g->lne0) / g->dlne, 0.0, (double)(g->ne - 1));
    size_t i = (size_t)u;
    if (i >= g->ne - 1)
        i = g->ne - 2;
    double fu = u - (double)i;
    const double *r0 = a->row + i, *r1 = r0 + g->ne;
    double c = (1.0 - a->fv) * (r0[0] + fu * (r0[1] - r0[0])) + a->fv * (r1[0] + fu * (r1[1] - r1[0]));
    return c * a->fac * eps;
}

double ax_medium_opacity(const ax_medium *md, double p, double T)
{
    ax_opacity_at a;
    ax_medium_opacity_prepare(md, T, &a);
    return ax_medium_opacity_prepared(md, &a, p / T);
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

int ax_opacity_read_venumadhav(const char *path, int allow_zero, double **eps_out, size_t *ne,
                               double **T_out, size_t *nT_out, double **rate_out, ax_error *err)
{
    *eps_out = *T_out = *rate_out = NULL;
    ax_table t;
    int st = ax_table_read(path, 0, AX_TABLE_WHITESPACE, &t, err);
    if (st != AX_OK)
        return st;
    double *T = NULL, *eps = NULL, *z = NULL;
    size_t nT = 0;
    st = parse_temperatures(t.comments, path, &T, &nT, err);
    if (st == AX_OK && (nT < 2 || t.nrows < 2))
        st = ax_fail(err, AX_EINPUT, "%s: %zu temperatures and %zu rows of p/T; expected at "
                     "least 2 of each", path, nT, t.nrows);
    if (st == AX_OK && t.ncols != nT + 1)
        st = ax_fail(err, AX_EINPUT, "%s: %zu columns per row; expected %zu (p/T and one "
                     "rate per temperature of the header)", path, t.ncols, nT + 1);
    if (st == AX_OK && (nT > AX_OPACITY_MAX_NODES || t.nrows > AX_OPACITY_MAX_NODES))
        st = ax_fail(err, AX_EINPUT, "%s: %zu temperatures and %zu rows of p/T; at most %d "
                     "of each are accepted", path, nT, t.nrows, AX_OPACITY_MAX_NODES);
    size_t nx = t.nrows;
    if (st == AX_OK) {
        eps = malloc(nx * sizeof *eps);
        z = malloc(nx * nT * sizeof *z);
        if (!eps || !z)
            st = ax_fail(err, AX_ERUN, "%s: out of memory", path);
    }
    for (size_t i = 0; st == AX_OK && i < nx; i++) {
        double e = ax_table_at(&t, i, 0);
        if (!(e > 0.0) || (i > 0 && !(e > eps[i - 1]))) {
            st = ax_fail(err, AX_EINPUT, "%s line %zu: p/T = %g; expected positive and "
                         "strictly increasing", path, t.line[i], e);
            break;
        }
        eps[i] = e;
        for (size_t j = 0; j < nT; j++) {
            double v = ax_table_at(&t, i, j + 1);
            if (!(v > 0.0) && !(allow_zero && v == 0.0)) {
                st = ax_fail(err, AX_EINPUT, "%s line %zu column %zu: rate %g; expected a "
                             "positive Gamma/(G_F^2 T^5)", path, t.line[i], j + 2, v);
                break;
            }
            z[j * nx + i] = v;
        }
    }
    ax_table_free(&t);
    if (st != AX_OK) {
        free(T);
        free(eps);
        free(z);
        return st;
    }
    *eps_out = eps;
    *ne = nx;
    *T_out = T;
    *nT_out = nT;
    *rate_out = z;
    return AX_OK;
}

/* A spline of y(x) (n >= 2): Steffen from 3 nodes, linear for 2. */
static gsl_spline *spline_any(const double *x, const double *y, size_t n)
{
    gsl_spline *sp = gsl_spline_alloc(n >= 3 ? gsl_interp_steffen : gsl_interp_linear, n);
    if (sp && gsl_spline_init(sp, x, y, n) != 0) {
        gsl_spline_free(sp);
        sp = NULL;
    }
    return sp;
}

int ax_opacity_resample(const double *eps, size_t ne, const double *T, size_t nT,
                        const double *y, const double *eps_out, size_t ne_out,
                        const double *T_out, size_t nT_out, double *y_out, ax_error *err)
{
    if (ne < 2 || nT < 2)
        return ax_fail(err, AX_EINPUT, "opacity: %zu p/T and %zu temperatures; expected at "
                       "least 2 of each", ne, nT);
    double *lnT = malloc(nT * sizeof *lnT), *lne = malloc(ne * sizeof *lne);
    double *col = malloc(nT * sizeof *col), *mid = malloc(nT_out * ne * sizeof *mid);
    double *row = malloc(ne * sizeof *row), *lneo = malloc(ne_out * sizeof *lneo);
    gsl_interp_accel *acc = gsl_interp_accel_alloc(); /* sequential lookups */
    int st = AX_OK;
    if (!lnT || !lne || !col || !mid || !row || !lneo || !acc)
        st = ax_fail(err, AX_ERUN, "opacity: out of memory");
    for (size_t i = 0; st == AX_OK && i < ne_out; i++)
        lneo[i] = clamp(log(eps_out[i]), log(eps[0]), log(eps[ne - 1]));
    for (size_t j = 0; st == AX_OK && j < nT; j++)
        lnT[j] = log(T[j]);
    for (size_t i = 0; st == AX_OK && i < ne; i++)
        lne[i] = log(eps[i]);
    /* 1. each p/T row: a spline in ln T through every temperature column */
    for (size_t i = 0; st == AX_OK && i < ne; i++) {
        for (size_t j = 0; j < nT; j++)
            col[j] = y[j * ne + i];
        gsl_spline *sp = spline_any(lnT, col, nT);
        if (!sp) {
            st = ax_fail(err, AX_ERUN, "opacity: cannot build the interpolation in T");
            break;
        }
        for (size_t k = 0; k < nT_out; k++)
            mid[k * ne + i] = gsl_spline_eval(sp, clamp(log(T_out[k]), lnT[0], lnT[nT - 1]),
                                              acc);
        gsl_interp_accel_reset(acc);
        gsl_spline_free(sp);
    }
    /* 2. each output temperature: a spline in ln(p/T) */
    for (size_t k = 0; st == AX_OK && k < nT_out; k++) {
        for (size_t i = 0; i < ne; i++)
            row[i] = mid[k * ne + i];
        gsl_spline *sp = spline_any(lne, row, ne);
        if (!sp) {
            st = ax_fail(err, AX_ERUN, "opacity: cannot build the interpolation in p/T");
            break;
        }
        for (size_t i = 0; i < ne_out; i++)
            y_out[k * ne_out + i] =
                gsl_spline_eval(sp, lneo[i], acc);
        gsl_interp_accel_reset(acc);
        gsl_spline_free(sp);
    }
    free(lnT);
    free(lne);
    free(col);
    free(mid);
    free(row);
    free(lneo);
    gsl_interp_accel_free(acc);
    return st;
}

/* Fine grid (uniform in ln p/T and ln T) over the table's range. */
#define FINE_T_PER_DECADE 200.0
#define FINE_E_PER_DECADE 60.0
#define FINE_MAX 1200

static size_t fine_count(double lo, double hi, double per_decade, size_t n_src)
{
    double n = ceil(log10(hi / lo) * per_decade) + 1.0;
    if (n < 2.0 * (double)n_src) n = 2.0 * (double)n_src;
    if (n > FINE_MAX) n = FINE_MAX;
    return (size_t)n;
}

static int grid_alloc(ax_opacity_grid **out, double e_lo, double e_hi, size_t ne_src,
                      double T_lo, double T_hi, size_t nT_src, double **eps_f, double **T_f,
                      ax_error *err)
{
    ax_opacity_grid *g = calloc(1, sizeof *g);
    if (!g)
        return ax_fail(err, AX_ERUN, "opacity: out of memory");
    g->ne = fine_count(e_lo, e_hi, FINE_E_PER_DECADE, ne_src);
    g->nT = fine_count(T_lo, T_hi, FINE_T_PER_DECADE, nT_src);
    g->lne0 = log(e_lo);
    g->dlne = (log(e_hi) - g->lne0) / (double)(g->ne - 1);
    g->lnT0 = log(T_lo);
    g->dlnT = (log(T_hi) - g->lnT0) / (double)(g->nT - 1);
    g->c = malloc(g->ne * g->nT * sizeof *g->c);
    *eps_f = malloc(g->ne * sizeof **eps_f);
    *T_f = malloc(g->nT * sizeof **T_f);
    if (!g->c || !*eps_f || !*T_f) {
        grid_free(g);
        free(*eps_f);
        free(*T_f);
        *eps_f = *T_f = NULL;
        return ax_fail(err, AX_ERUN, "opacity: out of memory");
    }
    for (size_t i = 0; i < g->ne; i++)
        (*eps_f)[i] = exp(g->lne0 + g->dlne * (double)i);
    for (size_t k = 0; k < g->nT; k++)
        (*T_f)[k] = exp(g->lnT0 + g->dlnT * (double)k);
    (*eps_f)[0] = e_lo; /* exact ends */
    (*eps_f)[g->ne - 1] = e_hi;
    (*T_f)[0] = T_lo;
    (*T_f)[g->nT - 1] = T_hi;
    *out = g;
    return AX_OK;
}

int ax_medium_load_table(ax_medium *md, const char *path, ax_error *err)
{
    double *eps = NULL, *T = NULL, *rate = NULL, *ef = NULL, *Tf = NULL;
    size_t ne = 0, nT = 0;
    int st = ax_opacity_read_venumadhav(path, 0, &eps, &ne, &T, &nT, &rate, err);
    if (st != AX_OK)
        return ax_error_context(err, "opacity table");
    /* interpolate c = Gamma/(G_F^2 p T^4) = rate/(p/T) */
    for (size_t j = 0; j < nT; j++)
        for (size_t i = 0; i < ne; i++)
            rate[j * ne + i] /= eps[i];
    ax_opacity_grid *g = NULL;
    st = grid_alloc(&g, eps[0], eps[ne - 1], ne, T[0], T[nT - 1], nT, &ef, &Tf, err);
    st = AX_THEN(st, ax_opacity_resample(eps, ne, T, nT, rate, ef, g->ne, Tf, g->nT, g->c, err));
    for (size_t k = 0; st == AX_OK && k < g->ne * g->nT; k++) {
        if (!(g->c[k] > 0.0) || !isfinite(g->c[k])) {
            st = ax_fail(err, AX_EINPUT, "%s: the interpolated rate is not positive", path);
            break;
        }
    }
    if (st == AX_OK) {
        grid_free(md->table);
        md->table = g;
        g = NULL;
        md->source = AX_OPACITY_FILE;
        md->eps_lo = eps[0];
        md->eps_hi = eps[ne - 1];
        md->T_lo = md->tab_T_lo = T[0];
        md->T_hi = md->tab_T_hi = T[nT - 1];
        snprintf(md->table_path, sizeof md->table_path, "%.500s", path);
    }
    grid_free(g);
    free(eps);
    free(T);
    free(rate);
    free(ef);
    free(Tf);
    return st == AX_OK ? AX_OK : ax_error_context(err, "opacity table");
}

/* ---- the default: data/opacity_numu.csv ---------------------------------
 * CSV, '#' provenance lines, a header row, then rows T_MeV, p_over_T,
 * c_leptonic, c_hadronic (c = Gamma/(G_F^2 p T^4) of nu_mu), ordered by T
 * and, within one T, by p/T; every T has the same p/T nodes. Written by
 * src/tools/gen_opacity.c from the Venumadhav et al. 2016 tables. */

static int read_default_csv(const char *path, double **eps, size_t *ne, double **T, size_t *nT,
                            double **lep, double **had, ax_error *err)
{
    ax_table t;
    int st = ax_table_read(path, 4, AX_TABLE_SKIP_HEADER, &t, err);
    if (st != AX_OK)
        return st;
    size_t n = t.nrows, m = 0;
    while (m < n && ax_table_at(&t, m, 0) == ax_table_at(&t, 0, 0))
        m++;
    if (m < 2 || n % m != 0 || n / m < 2) {
        size_t line = t.nrows ? t.line[0] : 0;
        ax_table_free(&t);
        return ax_fail(err, AX_EINPUT, "%s line %zu: %zu rows with %zu p/T values at the first "
                       "temperature; expected a full grid (the same p/T nodes, at least 2, at "
                       "every T)", path, line, n, m);
    }
    size_t k = n / m;
    if (m > AX_OPACITY_MAX_NODES || k > AX_OPACITY_MAX_NODES) {
        ax_table_free(&t);
        return ax_fail(err, AX_EINPUT, "%s: %zu temperatures and %zu p/T nodes; at most %d of "
                       "each are accepted", path, k, m, AX_OPACITY_MAX_NODES);
    }
    *eps = malloc(m * sizeof **eps);
    *T = malloc(k * sizeof **T);
    *lep = malloc(n * sizeof **lep);
    *had = malloc(n * sizeof **had);
    if (!*eps || !*T || !*lep || !*had)
        st = ax_fail(err, AX_ERUN, "%s: out of memory", path);
    for (size_t r = 0; st == AX_OK && r < n; r++) {
        size_t j = r / m, i = r % m;
        double TM = ax_table_at(&t, r, 0), e = ax_table_at(&t, r, 1);
        double cl = ax_table_at(&t, r, 2), ch = ax_table_at(&t, r, 3);
        if (i == 0) {
            if (!(TM > 0.0) || (j > 0 && !(TM * 1e-3 > (*T)[j - 1])))
                st = ax_fail(err, AX_EINPUT, "%s line %zu: T = %g MeV; expected positive, "
                             "increasing temperatures", path, t.line[r], TM);
            else
                (*T)[j] = TM * 1e-3;
        } else if (TM * 1e-3 != (*T)[j]) {
            st = ax_fail(err, AX_EINPUT, "%s line %zu: T = %g MeV; expected %g MeV (%zu rows "
                         "per temperature)", path, t.line[r], TM, (*T)[j] * 1e3, m);
        }
        if (st == AX_OK && j == 0 && !(e > 0.0 && (i == 0 || e > (*eps)[i - 1])))
            st = ax_fail(err, AX_EINPUT, "%s line %zu: p/T = %g; expected positive and "
                         "strictly increasing", path, t.line[r], e);
        if (st == AX_OK && j == 0)
            (*eps)[i] = e;
        if (st == AX_OK && j > 0 && e != (*eps)[i])
            st = ax_fail(err, AX_EINPUT, "%s line %zu: p/T = %g; expected %g (the same nodes "
                         "at every T)", path, t.line[r], e, (*eps)[i]);
        if (st == AX_OK && !(cl > 0.0 && ch >= 0.0))
            st = ax_fail(err, AX_EINPUT, "%s line %zu: c_leptonic = %g, c_hadronic = %g; "
                         "expected c_leptonic > 0 and c_hadronic >= 0", path, t.line[r], cl, ch);
        (*lep)[r] = cl;
        (*had)[r] = ch;
    }
    ax_table_free(&t);
    if (st != AX_OK) {
        free(*eps);
        free(*T);
        free(*lep);
        free(*had);
        *eps = *T = *lep = *had = NULL;
        return st;
    }
    *ne = m;
    *nT = k;
    return AX_OK;
}

/* The table is for nu_mu. For nu_e and nu_tau each part is scaled by the
 * analytic model's ratio alpha/mu of the same part (docs/physics.md
 * section 3): leptonic, eqs. M3-M5 (the CC terms with the flavour's own
 * charged lepton); hadronic, eqs. M6-M7 (the CC quark channels are
 * suppressed by the charged lepton's mass). */
static int flavour_ratios(const ax_medium *md, const ax_cosmo *cosmo, double T, double *rl,
                          double *rh, ax_error *err)
{
    *rl = *rh = 1.0;
    if (md->flavor == AX_FLAVOR_MU)
        return AX_OK;
    double lm, hm;
    int st = c_builtin(cosmo, AX_FLAVOR_MU, T, &lm, &hm, err);
    if (st != AX_OK)
        return st;
    *rl = ax_medium_c_builtin_lep(md, T) / lm;
    if (hm > 1e-6)
        *rh = ax_medium_c_builtin_had(md, T) / hm;
    return AX_OK;
}

static int load_default(ax_medium *md, const ax_cosmo *cosmo, ax_error *err)
{
    char path[4096];
    int st = ax_data_find(AX_OPACITY_DEFAULT_TABLE, path, sizeof path, err);
    if (st != AX_OK)
        return st;
    double *eps = NULL, *T = NULL, *lep = NULL, *had = NULL, *ef = NULL, *Tf = NULL;
    double *fl = NULL, *fh = NULL;
    size_t ne = 0, nT = 0;
    st = read_default_csv(path, &eps, &ne, &T, &nT, &lep, &had, err);
    if (st != AX_OK)
        return ax_error_context(err, "default opacity");
    ax_opacity_grid *g = NULL;
    st = grid_alloc(&g, eps[0], eps[ne - 1], ne, T[0], T[nT - 1], nT, &ef, &Tf, err);
    if (st == AX_OK) {
        fl = malloc(g->ne * g->nT * sizeof *fl);
        fh = malloc(g->ne * g->nT * sizeof *fh);
        if (!fl || !fh)
            st = ax_fail(err, AX_ERUN, "default opacity: out of memory");
    }
    st = AX_THEN(st, ax_opacity_resample(eps, ne, T, nT, lep, ef, g->ne, Tf, g->nT, fl, err));
    st = AX_THEN(st, ax_opacity_resample(eps, ne, T, nT, had, ef, g->ne, Tf, g->nT, fh, err));
    for (size_t k = 0; st == AX_OK && k < g->nT; k++) {
        double rl, rh;
        st = flavour_ratios(md, cosmo, Tf[k], &rl, &rh, err);
        for (size_t i = 0; st == AX_OK && i < g->ne; i++) {
            double c = rl * fl[k * g->ne + i] + rh * fh[k * g->ne + i];
            if (!(c > 0.0) || !isfinite(c))
                st = ax_fail(err, AX_ERUN, "%s: the opacity at T = %g MeV is not positive",
                             path, Tf[k] * 1e3);
            else
                g->c[k * g->ne + i] = c;
        }
    }
    if (st == AX_OK) {
        md->table = g;
        g = NULL;
        md->source = AX_OPACITY_DEFAULT;
        md->eps_lo = eps[0];
        md->eps_hi = eps[ne - 1];
        /* the range of the source is the table's (10 MeV - 10 GeV);
         * outside it the analytic model's temperature dependence continues
         * the table, for the production's estimate of what lies outside
         * and for --extrapolate (docs/physics.md section 3) */
        md->T_lo = md->tab_T_lo = T[0];
        md->T_hi = md->tab_T_hi = T[nT - 1];
        snprintf(md->table_path, sizeof md->table_path, "%.500s", path);
    }
    grid_free(g);
    free(eps);
    free(T);
    free(lep);
    free(had);
    free(ef);
    free(Tf);
    free(fl);
    free(fh);
    return st == AX_OK ? AX_OK : ax_error_context(err, "default opacity");
}
