/* mixing.c -- vacuum and matter mixing, phi and QCD-axion backgrounds
 * (docs/physics.md section 4). See axsterile/mixing.h. */
#include "axsterile/mixing.h"

#include "axsterile/constants.h"
#include "axsterile/io.h"

#include "spline.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- formulas ------------------------------------------------------- */

double ax_rho_dm0(void)
{
    return AX_RHO_DM_MEAN_GEV_CM3 * AX_CM3_TO_GEV3; /* GeV^4 */
}

static double s0_gev3(void)
{
    return AX_S0_CM3 * AX_CM3_TO_GEV3;
}

/* tan 2theta = x: sin^2 2theta = x^2/(1+x^2) (exact two-state mixing) */
double ax_mixing_frozen(double x)
{
    double y = x * x;
    return y / (1.0 + y);
}

/* <x0^2 cos^2 u/(1 + x0^2 cos^2 u)>_u = 1 - 1/sqrt(1+x0^2), written without
 * cancellation: y/(sqrt(1+y) (1 + sqrt(1+y))), y = x0^2. */
double ax_mixing_phase_avg(double x0)
{
    double y = x0 * x0, r = sqrt(1.0 + y);
    return y / (r * (1.0 + r));
}

/* BH16 eqs. 7 and 9 */
double ax_mixing_matter(double s2, double Delta, double V, double *l_m)
{
    double c2 = sqrt(fmax(0.0, 1.0 - s2));
    double a = Delta * Delta * s2, b = Delta * c2 - V;
    double d = a + b * b;
    if (l_m)
        *l_m = 1.0 / sqrt(d);
    return a / d;
}

double ax_mixing_phi_today(double m_s, double g_phi, double m_phi, double f_phi)
{
    /* phi_0 = sqrt(2 rho_phi0)/m_phi, x0 = 2 g phi_0/m_s (BH16 eqs. 3-4) */
    double phi0 = sqrt(2.0 * f_phi * ax_rho_dm0()) / m_phi;
    return ax_mixing_phase_avg(2.0 * g_phi * phi0 / m_s);
}

double ax_axion_ma0(double f_a)
{
    /* BH16 eq. 13: m_a0 f_a = m_pi f_pi sqrt(z)/(1+z), z = m_u/m_d */
    double z = AX_MU_OVER_MD;
    return AX_M_PI0 * AX_F_PI * sqrt(z) / (1.0 + z) / f_a;
}

double ax_axion_fa_from_ma0(double m_a0)
{
    return ax_axion_ma0(1.0) / m_a0;
}

double ax_axion_gphi(double g_a, double f_a)
{
    return g_a * AX_HIGGS_VEV / (sqrt(2.0) * f_a); /* BH16 eq. 14 */
}

double ax_mixing_qcd_today(double m_s, double g_a, double f_a, double frac)
{
    return ax_mixing_phi_today(m_s, ax_axion_gphi(g_a, f_a), ax_axion_ma0(f_a), frac);
}

/* ---- background ------------------------------------------------------ */

/* H(T) with g*(T) from the table (clamped at its ends: 106.75 above). */
static double hubble(const ax_cosmo *c, double T)
{
    return sqrt(8.0 * M_PI * M_PI * M_PI * ax_cosmo_gstar(c, T) / 90.0) * T * T / AX_M_PLANCK;
}

static double entropy(const ax_cosmo *c, double T)
{
    return 2.0 * M_PI * M_PI / 45.0 * ax_cosmo_gstar_s(c, T) * T * T * T;
}

double ax_background_mass(const ax_background *b, double T)
{
    if (b->kind == 0)
        return b->m_phi;
    return b->m_phi * ax_axion_mass_ratio(b, T);
}

typedef struct { const ax_background *b; double ratio; } osc_par;

static double osc_fn(double lnT, void *p)
{
    const osc_par *q = p;
    double T = exp(lnT);
    return log(ax_background_mass(q->b, T) / (q->ratio * hubble(q->b->cosmo, T)));
}

/* T where m(T) = ratio H(T) (m/H decreases with T); lnT_hi if above. */
static double T_at_ratio(const ax_background *b, double ratio, double lo)
{
    osc_par par = {b, ratio};
    double hi = 30.0;
    if (osc_fn(lo, &par) < 0.0)
        return exp(lo);
    if (osc_fn(hi, &par) > 0.0)
        return exp(hi);
    gsl_function F = {osc_fn, &par};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return exp(lo);
    gsl_root_fsolver_set(s, &F, lo, hi);
    int st = GSL_CONTINUE;
    for (int it = 0; it < 200 && st == GSL_CONTINUE; it++) {
        gsl_root_fsolver_iterate(s);
        st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                    1e-12, 0.0);
    }
    double r = exp(gsl_root_fsolver_root(s));
    gsl_root_fsolver_free(s);
    return r;
}

#define LNT_TOP 25.0 /* ln(GeV): 7e10 GeV, far above every production range */

/* T_osc: m(T) = 3 H(T) (docs/physics.md section 4). */
static int find_T_osc(ax_background *b, ax_error *err)
{
    osc_par par = {b, 3.0};
    double lo = b->cosmo->lnT_min, hi = LNT_TOP;
    if (osc_fn(lo, &par) < 0.0)
        return ax_fail(err, AX_EINPUT,
                       "the field would start oscillating below T = %.3g MeV, the end of "
                       "the g*(T) table: its mass must be at least %.3g eV",
                       exp(lo) * 1e3, 3.0 * hubble(b->cosmo, exp(lo)) * 1e9 *
                       (b->kind == 0 ? 1.0 : b->m_phi / ax_background_mass(b, exp(lo))));
    if (osc_fn(hi, &par) > 0.0) {
        b->T_osc = exp(hi);
        return AX_OK;
    }
    gsl_function F = {osc_fn, &par};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return ax_fail(err, AX_ERUN, "out of memory");
    gsl_root_fsolver_set(s, &F, lo, hi);
    int st = GSL_CONTINUE;
    for (int it = 0; it < 200 && st == GSL_CONTINUE; it++) {
        gsl_root_fsolver_iterate(s);
        st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                    gsl_root_fsolver_x_upper(s), 1e-12, 0.0);
    }
    b->T_osc = exp(gsl_root_fsolver_root(s));
    gsl_root_fsolver_free(s);
    if (st != GSL_SUCCESS)
        return ax_fail(err, AX_ERUN, "T_osc: root finder did not converge");
    return AX_OK;
}

/* ---- exact evolution: phi'' + 3 H phi' + m^2 phi = 0 ------------------ */
/* Independent variable u = -ln T; y = (phi, dphi/dt, t). */
typedef struct {
    const ax_cosmo *c;
    const ax_background *b;
    size_t h_g, h_d, h_m; /* the tables' last intervals (ax_spline_eval_hint) */
} ode_par;

/* ax_background_mass(b, T) with ln T given and the table's last interval */
static double mass_hint(const ax_background *b, double T, double lnT, size_t *hint)
{
    if (b->kind == 0)
        return b->m_phi;
    if (!b->ma || T <= b->ma_T_lo)
        return b->m_phi * 1.0;
    if (T >= b->ma_T_hi)
        return b->m_phi * exp(b->ma_y_hi + b->ma_slope * log(T / b->ma_T_hi));
    return b->m_phi * exp(ax_spline_eval_hint(b->ma, lnT, hint));
}

/* The same numbers as hubble(), ax_cosmo_dlngs_dlnT() and
 * ax_background_mass() at T = exp(-u), with one logarithm and the tables'
 * intervals remembered between calls (the integrator's steps are close):
 * the right-hand side is most of a background's cost. */
static int field_rhs(double u, const double y[], double dy[], void *p)
{
    ode_par *q = p;
    const ax_cosmo *c = q->c;
    double T = exp(-u), lnT = log(T);
    double x = lnT < c->lnT_min ? c->lnT_min : lnT > c->lnT_max ? c->lnT_max : lnT;
    double H = sqrt(8.0 * M_PI * M_PI * M_PI * ax_spline_eval_hint(c->g_rho, x, &q->h_g) /
                    90.0) * T * T / AX_M_PLANCK;
    double dt_du = (1.0 + ax_spline_eval_hint(c->dlngs, x, &q->h_d) / 3.0) / H;
    dy[0] = y[1] * dt_du;
    double m = mass_hint(q->b, T, lnT, &q->h_m);
    dy[1] = (-3.0 * H * y[1] - m * m * y[0]) * dt_du;
    dy[2] = dt_du;
    return GSL_SUCCESS;
}

#define NY 3              /* phi, dphi/dt, t */
#define NFIELD 800        /* samples of the exact solution in ln T */
#define MH_START 0.01      /* m/H where the integration starts (frozen) */
#define MH_MATCH 100.0     /* m/H where the WKB solution takes over */
#define MH_WKB 20.0        /* above, <phi^2> from the WKB amplitude */

static int spline_new(struct ax_spline **sp, const double *x, const double *y, size_t n,
                      ax_error *err)
{
    if (ax_spline_new(sp, x, y, n) != AX_OK)
        return ax_fail(err, AX_ERUN, "background: cannot build a spline");
    return AX_OK;
}

/* WKB estimate of <phi^2> from the instantaneous phi and dphi/dt. */
static void wkb_phi2(const ax_background *b, double T, double ph, double dph, double *E)
{
    const ax_cosmo *c = b->cosmo;
    double H = hubble(c, T), m = ax_background_mass(b, T);
    /* dln m/dt = (dln m/dln T) / (dt/dln T), dt/dlnT = -(1 + dlngs/3)/H */
    double dlnm_dlnT = 0.0;
    if (b->kind == 1) {
        double h = 1e-3;
        dlnm_dlnT = log(ax_background_mass(b, T * exp(h)) / ax_background_mass(b, T * exp(-h))) / (2 * h);
    }
    double dlnm_dt = -dlnm_dlnT * H / (1.0 + ax_cosmo_dlngs_dlnT(c, T) / 3.0);
    double kappa = -1.5 * H - 0.5 * dlnm_dt;
    double v = (dph - kappa * ph) / m;
    *E = 0.5 * (ph * ph + v * v);
}

/* <phi^2>(T) of the exact solution (docs/physics.md eq. X5). */
static int solve_exact(ax_background *b, ax_error *err)
{
    const ax_cosmo *c = b->cosmo;
    double T_start = T_at_ratio(b, MH_START, log(b->T_osc));
    double T_end = T_at_ratio(b, MH_MATCH, c->lnT_min);
    /* integrate a little beyond the match so that the running average
     * window fits at the match point */
    double T_stop = fmax(T_end * 0.7, c->T_min);
    double u0 = -log(T_start), u1 = -log(T_stop), um = -log(T_end);
    double *u = malloc(NFIELD * sizeof *u), *Y = malloc(NY * NFIELD * sizeof *Y);
    double *lnT = malloc(NFIELD * sizeof *lnT), *lp = malloc(NFIELD * sizeof *lp);
    if (!u || !Y || !lnT || !lp) {
        free(u); free(Y); free(lnT); free(lp);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    ode_par par = {c, b, 0, 0, 0};
    gsl_odeiv2_system sys = {field_rhs, NULL, NY, &par};
    gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd,
                                                         (u1 - u0) / NFIELD, 1e-10, 1e-10);
    /* start: frozen field, t = 1/(2H) (radiation era) */
    double y[NY] = {1.0, 0.0, 0.5 / hubble(c, T_start)};
    double uu = u0;
    int st = AX_OK;
    for (int i = 0; i < NFIELD; i++) {
        double ui = u0 + (u1 - u0) * i / (NFIELD - 1.0);
        if (i > 0) {
            int s = gsl_odeiv2_driver_apply(d, &uu, ui, y);
            if (ax_fault("ode")) /* tests: the failure path below */
                s = GSL_EFAILED;
            if (s != GSL_SUCCESS) {
                st = ax_fail(err, AX_ERUN, "field equation: %s", gsl_strerror(s));
                break;
            }
        }
        u[i] = ui;
        memcpy(Y + NY * i, y, sizeof y);
    }
    gsl_odeiv2_driver_free(d);
    int kmatch = 0;
    for (int i = 0; i < NFIELD; i++)
        if (u[i] <= um)
            kmatch = i;
    int n = kmatch + 1;
    if (st == AX_OK && n < 16)
        st = ax_fail(err, AX_ERUN, "field equation: too few samples before the match");
    if (st == AX_OK) {
        /* Until the junction the production sees the instantaneous field
         * (frozen, then the first oscillations, resolved by the samples);
         * after it, the phase average <phi^2> from the WKB amplitude: phi =
         * A cos(int m dt), A^2 ~ 1/(m a^3) (comoving number conserved), so
         * dA/dt = kappa A with kappa = -(3/2) H - (dm/dt)/(2m), and
         * <phi^2> = [phi^2 + ((phi' - kappa phi)/m)^2]/2   (docs eq. X5).
         * The junction is the first crossing of phi^2 and <phi^2> after
         * m/H = MH_WKB, so the mixing is continuous there. */
        int kj = kmatch;
        double prev = 0.0;
        for (int k = 0; k <= kmatch; k++) {
            double E, ph = Y[NY * k];
            wkb_phi2(b, exp(-u[k]), ph, Y[NY * k + 1], &E);
            double diff = ph * ph - E;
            if (ax_background_mass(b, exp(-u[k])) > MH_WKB * hubble(c, exp(-u[k])) && k > 0 &&
                diff * prev <= 0.0) {
                kj = k;
                break;
            }
            prev = diff;
        }
        for (int i = 0; i < n; i++) {
            int k = kmatch - i; /* ascending ln T */
            double E, ph = Y[NY * k];
            wkb_phi2(b, exp(-u[k]), ph, Y[NY * k + 1], &E);
            lnT[i] = -u[k];
            lp[i] = k < kj ? ph * ph : E;
        }
        T_end = exp(-u[kmatch]);
        /* after the match the comoving number rho/(m s) is conserved; today
         * rho0 = m0^2 <phi^2>_0 fixes the scale A2 of the solution */
        double m_end = ax_background_mass(b, T_end), m0 = b->m_phi;
        double A2 = b->rho0 * entropy(c, T_end) / (s0_gev3() * m0 * m_end * lp[0]);
        b->phi2_match = A2 * lp[0];
        b->m_match = m_end;
        b->rho_match = m_end * m_end * b->phi2_match;
        b->T_match = T_end;
        b->T_junction = exp(-u[kj]);
        /* the spline holds the solution for phi = 1 at the start; phi2_top
         * = A2 scales it (ax_background_phi2), so that a background of
         * another density shares it (ax_background_scale) */
        st = spline_new(&b->phi2, lnT, lp, n, err);
        b->lnT_lo = lnT[0];
        b->lnT_hi = lnT[n - 1];
        b->phi2_top = A2; /* frozen field above the start: phi = 1 * sqrt(A2) */
    }
    free(u); free(Y); free(lnT); free(lp);
    return st;
}

int ax_background_phi_init(ax_background *b, const ax_cosmo *c, double m_phi,
                           double f_phi, int evolution, ax_error *err)
{
    memset(b, 0, sizeof *b);
    b->kind = 0;
    b->evolution = evolution;
    b->m_phi = m_phi;
    b->cosmo = c;
    if (!(m_phi > 0.0))
        return ax_fail(err, AX_EINPUT, "m_phi = %g GeV; expected a positive mass", m_phi);
    if (!(f_phi > 0.0 && f_phi < 1.0))
        return ax_fail(err, AX_EINPUT, "f_phi = %g; expected 0 < f_phi < 1", f_phi);
    b->rho0 = f_phi * ax_rho_dm0();
    int st = find_T_osc(b, err);
    if (st == AX_OK && evolution == AX_PHI_EXACT)
        st = solve_exact(b, err);
    if (st != AX_OK) {
        ax_background_free(b);
        return ax_error_context(err, "phi background (m_phi = %g eV)", m_phi * 1e9);
    }
    return AX_OK;
}

void ax_background_free(ax_background *b)
{
    if (!b)
        return;
    ax_spline_free(b->phi2);
    if (!b->ma_borrowed)
        ax_spline_free(b->ma);
    b->phi2 = b->ma = NULL;
}

/* The field equation is linear in phi, and the initial field is fixed by
 * today's density alone: the background of density factor x rho0 is this
 * one with phi^2 and rho multiplied by factor; T_osc, the junction, the
 * match and the shape of the solution do not change (docs/physics.md
 * section 4). The spline stays shared (b is a copy of the original). */
void ax_background_scale(ax_background *b, double factor)
{
    b->rho0 *= factor;
    b->phi2_top *= factor;
    b->phi2_match *= factor;
    b->rho_match *= factor;
}

/* rho(T) below T_osc (matter-like, comoving number conserved):
 * rho = rho0 (m(T)/m0) s(T)/s0. */
static double rho_matter(const ax_background *b, double T)
{
    double r = b->rho0 * entropy(b->cosmo, T) / s0_gev3();
    return b->kind == 0 ? r : r * ax_axion_mass_ratio(b, T);
}

double ax_background_phi2(const ax_background *b, double T)
{
    if (b->evolution == AX_PHI_EXACT) {
        double lnT = log(T);
        if (lnT > b->lnT_hi)
            return b->phi2_top;
        if (lnT >= b->lnT_lo)
            return fmax(b->phi2_top * ax_spline_eval(b->phi2, lnT), 0.0);
        /* WKB: comoving number rho/(m s) conserved from the match point */
        return b->phi2_match * (b->m_match / ax_background_mass(b, T)) *
               entropy(b->cosmo, T) / entropy(b->cosmo, b->T_match);
    }
    /* step (BH16): frozen above T_osc at phi^2 = 2 rho(T_osc)/m(T_osc)^2;
     * below, <phi^2> = rho/m^2 */
    if (T >= b->T_osc) {
        double m = ax_background_mass(b, b->T_osc);
        return 2.0 * rho_matter(b, b->T_osc) / (m * m);
    }
    double m = ax_background_mass(b, T);
    return rho_matter(b, T) / (m * m);
}

int ax_background_oscillating(const ax_background *b, double T)
{
    return ax_background_mass(b, T) > 3.0 * hubble(b->cosmo, T);
}

double ax_background_sin2(const ax_background *b, double g_phi, double m_s, double T)
{
    double phi2 = ax_background_phi2(b, T);
    double k = 2.0 * g_phi / m_s;
    if (b->evolution == AX_PHI_STEP) {
        if (T >= b->T_osc) /* frozen field, no average */
            return ax_mixing_frozen(k * sqrt(phi2));
        return ax_mixing_phase_avg(k * sqrt(2.0 * phi2));
    }
    /* exact evolution: the instantaneous field above the junction, the
     * phase average below it (docs/physics.md eq. X6) */
    if (T > b->T_junction)
        return ax_mixing_frozen(k * sqrt(phi2));
    return ax_mixing_phase_avg(k * sqrt(2.0 * phi2));
}

/* ---- QCD axion -------------------------------------------------------- */

/* data/axion_mass.csv: T [MeV], log10(chi/fm^-4) (Borsanyi et al. 2016).
 * Spline of ln(m_a(T)/m_a(T_first)) = (ln 10/2)(L(T) - L(T_first)). */
int ax_axion_mass_table_load(ax_axion_mass_table *tab, ax_error *err)
{
    memset(tab, 0, sizeof *tab);
    char path[4096];
    int st = ax_data_find("data/axion_mass.csv", path, sizeof path, err);
    if (st != AX_OK)
        return st;
    ax_table t;
    st = ax_table_read(path, 2, 0, &t, err);
    if (st != AX_OK)
        return st;
    size_t n = t.nrows;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    if (!x || !y || n < 3)
        st = ax_fail(err, AX_EINPUT, "%s: expected at least 3 rows", path);
    for (size_t i = 0; st == AX_OK && i < n; i++) {
        double T = ax_table_at(&t, i, 0) * 1e-3;
        if (!(T > 0.0) || (i > 0 && !(log(T) > x[i - 1])))
            st = ax_fail(err, AX_EINPUT, "%s line %zu: T must be positive and increasing",
                         path, t.line[i]);
        else {
            x[i] = log(T);
            y[i] = 0.5 * M_LN10 * (ax_table_at(&t, i, 1) - ax_table_at(&t, 0, 1));
        }
    }
    st = AX_THEN(st, spline_new(&tab->ma, x, y, n, err));
    if (st == AX_OK) {
        tab->T_lo = exp(x[0]);
        tab->T_hi = exp(x[n - 1]);
        tab->slope = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
        tab->y_hi = y[n - 1];
    } else {
        ax_spline_free(tab->ma);
        tab->ma = NULL;
    }
    free(x);
    free(y);
    ax_table_free(&t);
    return st;
}

void ax_axion_mass_table_free(ax_axion_mass_table *t)
{
    if (!t)
        return;
    ax_spline_free(t->ma);
    t->ma = NULL;
}

static void use_table(ax_background *b, const ax_axion_mass_table *t, int borrowed)
{
    b->ma = t->ma;
    b->ma_T_lo = t->T_lo;
    b->ma_T_hi = t->T_hi;
    b->ma_slope = t->slope;
    b->ma_y_hi = t->y_hi;
    b->ma_borrowed = borrowed;
}

double ax_axion_mass_ratio(const ax_background *b, double T)
{
    if (!b->ma || T <= b->ma_T_lo)
        return 1.0;
    if (T >= b->ma_T_hi) /* power law of the last two points */
        return exp(b->ma_y_hi + b->ma_slope * log(T / b->ma_T_hi));
    return exp(ax_spline_eval(b->ma, log(T)));
}

int ax_background_axion_init(ax_background *b, const ax_cosmo *c, double f_a,
                             double frac, int evolution, ax_error *err)
{
    return ax_background_axion_init_table(b, c, NULL, f_a, frac, evolution, err);
}

int ax_background_axion_init_table(ax_background *b, const ax_cosmo *c,
                                   const ax_axion_mass_table *table, double f_a,
                                   double frac, int evolution, ax_error *err)
{
    memset(b, 0, sizeof *b);
    b->kind = 1;
    b->evolution = evolution;
    b->cosmo = c;
    b->f_a = f_a;
    if (!(f_a > 0.0))
        return ax_fail(err, AX_EINPUT, "f_a = %g GeV; expected a positive scale", f_a);
    if (!(frac > 0.0 && frac < 1.0))
        return ax_fail(err, AX_EINPUT, "axion fraction %g; expected 0 < frac < 1", frac);
    b->m_phi = ax_axion_ma0(f_a);
    b->rho0 = frac * ax_rho_dm0();
    int st = AX_OK;
    if (table) {
        use_table(b, table, 1);
    } else {
        ax_axion_mass_table own;
        st = ax_axion_mass_table_load(&own, err);
        if (st == AX_OK)
            use_table(b, &own, 0);
    }
    st = AX_THEN(st, find_T_osc(b, err));
    if (st == AX_OK && evolution == AX_PHI_EXACT)
        st = solve_exact(b, err);
    if (st != AX_OK) {
        ax_background_free(b);
        return ax_error_context(err, "QCD axion (f_a = %g GeV)", f_a);
    }
    return AX_OK;
}
