/* figures.c -- the figures of BH16 as scans and plot descriptions.
 * See axsterile/figures.h; the physics of each curve is in docs/physics.md
 * (sections 5-7) and the choices made for the figures in docs/figures.md. */
#include "axsterile/figures.h"

#include "axsterile/constants.h"
#include "axsterile/cosmo.h"
#include "axsterile/decay.h"
#include "axsterile/halo.h"
#include "axsterile/limits.h"
#include "axsterile/mixing.h"
#include "axsterile/production.h"
#include "axsterile/recast.h"
#include "axsterile/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEV 1e-6
#define EV 1e-9

/* Fig. 2 mass axis (SPEC section 8). */
#define FIG2_MS_MIN (1.0 * KEV)
#define FIG2_MS_MAX 1.0

/* "LIBDIR/STEM.csv": the limit file named by its library's directory name
 * (limits/ for the shipped one), the same on every machine so that shards
 * merge; scan.json records the full path and the content hash. */
static const char *lib_file(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    const char *dir = path;
    size_t dl = 0;
    if (base) {
        const char *p = base;
        while (p > path && p[-1] != '/')
            p--;
        dir = p;
        dl = (size_t)(base - p);
    }
    snprintf(out, n, "%.*s%s%s", (int)dl, dir, dl ? "/" : "", base ? base + 1 : path);
    return out;
}

/* One limit of the library, with the J and D of its source's target. */
typedef struct lim_entry {
    struct ax_figure *fig;
    const ax_limit *L;
    int has_target;
    ax_jd jd;
    int has_std;           /* a standard-decay curve (sin2, gamma, tau, flux) */
    size_t n;              /* rows: the limit's own points inside the mass axis */
    double *ms;            /* GeV: the masses of the rows */
    char std_file[128], rec_file[128];
    double fs;             /* f_s of the axion-assisted model, 1 - f_phi */
} lim_entry;

struct ax_figure {
    char name[8];
    ax_figure_opts o;
    ax_production *prod;
    ax_limit_set limits;
    lim_entry *le;
    size_t nle;
    size_t n;
    double *grid;          /* main axis, GeV */
    ax_scan scan;
    /* one context per (series) table of fig1/fig3 */
    struct series *series;
    size_t nseries;
};

typedef struct series {
    struct ax_figure *fig;
    int what;              /* SERIES_* */
    double a, b;           /* parameters (m_s, f_phi, f_a ...) */
    char file[128];
    char label[160];
} series;

enum {
    S_FIG1_BAND = 1,       /* g_phi(m_phi) at m_s = a for f_phi = fphi_lo, fphi_hi */
    S_FIG1_OSC,            /* m_phi = 3 H(T_max) line: (m_phi, g_phi) along the band edge */
    S_FIG1_CMB,            /* g_phi above which tau(nu phi) < 160 Gyr, m_s = a */
    S_FIG1_NAT,            /* naturalness: g = 4 pi m_phi / Lambda, Lambda = a */
    S_FIG3_FA,             /* g_a(m_s) DM-fixed for f_a = a */
    S_FIG3_CMB             /* g_a above which tau(nu a) < 160 Gyr, f_a = a */
};

void ax_figure_opts_defaults(ax_figure_opts *o)
{
    memset(o, 0, sizeof *o);
    o->points = 200;
    o->f_phi = 1e-2;
    o->convention = AX_DECAY_DEFAULT;
    o->phi_evolution = AX_PHI_EXACT;
}

ax_scan *ax_figure_scan(ax_figure *fig) { return &fig->scan; }

void ax_figure_free(ax_figure *fig)
{
    if (!fig)
        return;
    for (size_t i = 0; i < fig->nle; i++)
        free(fig->le[i].ms);
    free(fig->le);
    free(fig->series);
    free(fig->grid);
    ax_scan_free(&fig->scan);
    ax_limit_set_free(&fig->limits);
    ax_production_free(fig->prod);
    free(fig);
}

/* n log-spaced values from lo to hi. The ends are lo and hi exactly: exp(log(x))
 * can land an ulp outside [lo, hi], and the ends are the supported range's
 * bounds (found with --points 40, where 1 GeV came out as 1 GeV + 1 ulp). */
static double *log_grid(double lo, double hi, size_t n)
{
    double *g = malloc(n * sizeof *g);
    if (!g)
        return NULL;
    for (size_t i = 0; i < n; i++)
        g[i] = i == 0 ? lo : i == n - 1 ? hi
             : exp(log(lo) + (log(hi) - log(lo)) * (double)i / (double)(n - 1));
    return g;
}

/* ---- model rows -------------------------------------------------------- */

/* DW line: the sin^2 2theta that makes all the dark matter. */
static int row_dw(void *ctx, size_t i, double *row, ax_error *err)
{
    ax_figure *f = ctx;
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_DW);
    m.m_s = f->grid[i];
    ax_prod_result r;
    int st = ax_production_dm_fixed(f->prod, &m, &r, err);
    if (st)
        return ax_error_context(err, "DW DM-fixed solve at m_s = %g keV", m.m_s / KEV);
    row[0] = m.m_s / KEV;
    row[1] = m.sin2_2theta;
    return AX_OK;
}

/* A phi mass that oscillates well before production peaks (m_phi = 300 H
 * at three times the expected axion-assisted T_max ~ 2 T_DW) and stays
 * adiabatic (m_phi < 0.01 m_s^2/(2 p) at p = 3.15 T). In this regime
 * <sin^2 2theta_eff>_0 of the DM-fixed solution depends on m_s alone
 * (BH16 Fig. 2), which the solver's `oscillating_at_Tmax` confirms. */
static double fig2_mphi(const ax_figure *f, double m_s)
{
    double T_dw = 0.133 * cbrt(m_s / KEV);
    double T = 3.0 * 2.0 * T_dw;
    const ax_cosmo *c = ax_production_cosmo(f->prod);
    double m = 300.0 * ax_cosmo_hubble(c, T);
    double cap = 0.01 * m_s * m_s / (2.0 * 3.15 * 2.0 * T_dw);
    return m < cap ? m : cap;
}

static int row_axion(void *ctx, size_t i, double *row, ax_error *err)
{
    ax_figure *f = ctx;
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_PHI);
    m.m_s = f->grid[i];
    m.f_phi = f->o.f_phi;
    m.phi_evolution = f->o.phi_evolution;
    m.m_phi = fig2_mphi(f, m.m_s);
    ax_prod_result r;
    int st = ax_production_dm_fixed(f->prod, &m, &r, err);
    if (st)
        return ax_error_context(err, "axion-assisted DM-fixed solve at m_s = %g keV, "
                                "m_phi = %g eV, f_phi = %g",
                                m.m_s / KEV, m.m_phi / EV, m.f_phi);
    if (!r.oscillating_at_Tmax)
        return ax_fail(err, AX_ERUN,
                       "axion-assisted point m_s = %g keV, m_phi = %g eV is not in the "
                       "oscillating regime at T_max = %g MeV",
                       m.m_s / KEV, m.m_phi / EV, r.T_max * 1e3);
    row[0] = m.m_s / KEV;
    row[1] = r.sin2_2theta_today;
    return AX_OK;
}

static int row_lifetime(void *ctx, size_t i, double *row, ax_error *err)
{
    ax_figure *f = ctx;
    double m_s = f->grid[i];
    double s = ax_decay_sin2_tau_equals_tU(m_s, 1, f->o.convention);
    if (!(s > 0 && isfinite(s)))
        return ax_fail(err, AX_ERUN, "no lifetime boundary at m_s = %g keV", m_s / KEV);
    row[0] = m_s / KEV;
    row[1] = s < 1.0 ? s : 1.0;
    return AX_OK;
}

/* ---- limit rows -------------------------------------------------------- */

/* m_s of the limit's point j (x is m_s, or E_gamma = m_s/2, or m_chi = m_s/2). */
static double lim_ms(const ax_limit *L, size_t j)
{
    return L->x_quantity == AX_LIMX_MS ? L->x[j] : 2.0 * L->x[j];
}

/* Row i of a limit's table: the limit at ms[i] as a limit on the mixing
 * (standard, or recast when `axion`); a masked point is a gap. */
static int lim_row(const lim_entry *e, size_t i, int axion, double *row, ax_error *err)
{
    const ax_limit *L = e->L;
    double m_s = e->ms[i];
    int st = ax_recast_limit_sin2(L, e->has_target ? &e->jd : NULL, m_s, e->fig->o.convention,
                                  axion ? e->fs : 1.0, axion, &row[1], err);
    if (st == AX_LIMIT_MASKED || st == AX_LIMIT_OUT_OF_RANGE) {
        ax_error_clear(err); /* no limit there: a gap, not a failure */
        return AX_SCAN_NOVALUE;
    }
    if (st)
        return st;
    row[0] = m_s / KEV;
    return AX_OK;
}

static int row_lim_std(void *ctx, size_t i, double *row, ax_error *err)
{
    return lim_row(ctx, i, 0, row, err);
}

static int row_lim_rec(void *ctx, size_t i, double *row, ax_error *err)
{
    return lim_row(ctx, i, 1, row, err);
}

/* ---- building fig2 ----------------------------------------------------- */

/* Fewest rows of a limit's curve in a figure (SPEC 8: smooth curves). */
#define LIM_MIN_ROWS 60

static int load_limits(ax_figure *f, double ms_lo, double ms_hi, ax_error *err)
{
    int st = ax_limit_set_load_dir(f->o.limits_dir, &f->limits, err);
    if (st)
        return st;
    f->le = calloc(f->limits.n ? f->limits.n : 1, sizeof *f->le);
    if (!f->le)
        return ax_fail(err, AX_ERUN, "out of memory");
    for (size_t k = 0; k < f->limits.n; k++) {
        lim_entry *e = &f->le[f->nle];
        const ax_limit *L = &f->limits.items[k];
        memset(e, 0, sizeof *e);
        e->fig = f;
        e->L = L;
        e->fs = 1.0 - f->o.f_phi;
        /* rows: the limit's own points inside the mass axis; where it has
         * fewer than LIM_MIN_ROWS there, a log grid between its first and
         * last point inside (the limit interpolated log-log, never across
         * a masked window) */
        e->ms = malloc((L->n > LIM_MIN_ROWS ? L->n : LIM_MIN_ROWS) * sizeof *e->ms);
        if (!e->ms)
            return ax_fail(err, AX_ERUN, "out of memory");
        size_t first = L->n, last = 0;
        for (size_t j = 0; j < L->n; j++) {
            double m = lim_ms(L, j);
            if (m >= ms_lo * (1 - 1e-12) && m <= ms_hi * (1 + 1e-12)) {
                e->ms[e->n++] = m;
                if (first == L->n)
                    first = j;
                last = j;
            }
        }
        if (e->n >= 2 && e->n < LIM_MIN_ROWS) {
            double a = lim_ms(L, first), b = lim_ms(L, last);
            e->n = LIM_MIN_ROWS;
            for (size_t i = 0; i < e->n; i++)
                e->ms[i] = i == e->n - 1 ? b
                         : exp(log(a) + (log(b) - log(a)) * (double)i / (double)(e->n - 1));
        }
        e->has_std = L->y_quantity != AX_LIM_SIGMAV && !L->recast_axion;
        snprintf(e->std_file, sizeof e->std_file, "limit_%.100s.csv", L->stem);
        snprintf(e->rec_file, sizeof e->rec_file, "recast_%.100s.csv", L->stem);
        f->nle++;
    }
    /* J and D of every limit's target (in parallel) */
    ax_jd *jd = calloc(f->limits.n ? f->limits.n : 1, sizeof *jd);
    unsigned char *has = calloc(f->limits.n ? f->limits.n : 1, 1);
    if (!jd || !has) {
        free(jd);
        free(has);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    st = ax_recast_jd_all(&f->limits, jd, has, err);
    for (size_t k = 0; !st && k < f->nle; k++) {
        f->le[k].jd = jd[k];
        f->le[k].has_target = has[k];
    }
    free(jd);
    free(has);
    if (st)
        return st;
    for (size_t k = 0; k < f->nle; k++) {
        lim_entry *e = &f->le[k];
        if (e->L->y_quantity != AX_LIM_SIGMAV && !e->L->recast_axion && e->n > 0 &&
            !e->has_target)
            return ax_fail(err, AX_EINPUT, "%s: a %s limit needs a \"target\" to be recast",
                           e->L->json_path ? e->L->json_path : e->L->stem,
                           ax_limit_quantity_name(e->L->y_quantity));
    }
    return AX_OK;
}

static const char *conv_word(int c)
{
    return c == AX_DECAY_MAJORANA ? "Majorana normalisation (1024 pi^4)"
                                  : "BH16 eq. 10 normalisation (2048 pi^4)";
}

static int build_fig2(ax_figure *f, ax_error *err)
{
    int st;
    f->n = f->o.points;
    f->grid = log_grid(FIG2_MS_MIN, FIG2_MS_MAX, f->n);
    if (!f->grid)
        return ax_fail(err, AX_ERUN, "out of memory");
    if ((st = load_limits(f, FIG2_MS_MIN, FIG2_MS_MAX, err)))
        return st;
    char h[2048];
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 2 (BH16 arXiv:1610.03852): Dodelson-Widrow line\n"
             "sin^2 2theta with Omega_s h^2 = %.3f (DM-fixed solve), flavour mu,\n"
             "%s opacity; %zu masses log-spaced in 1 keV - 1 GeV",
             AX_VERSION, AX_OMEGA_DM_H2, f->o.opacity_file ? f->o.opacity_file : "built-in",
             f->n);
    if ((st = ax_scan_add(&f->scan, "dw_dm_fixed.csv", h, "m_s [keV], sin2_2theta [1]", f->n,
                          2, row_dw, f, err)))
        return st;
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 2 (BH16): axion-assisted <sin^2 2theta_eff>_0 today\n"
             "(rho_phi0 = f_phi rho_DM, f_phi = %g) for Omega_s h^2 = (1 - f_phi) %.3f,\n"
             "phi oscillating at T_max (m_phi chosen per mass; the value is independent\n"
             "of m_phi and f_phi there); phi evolution %s",
             AX_VERSION, f->o.f_phi, AX_OMEGA_DM_H2,
             f->o.phi_evolution == AX_PHI_STEP ? "step (BH16)" : "exact");
    if ((st = ax_scan_add(&f->scan, "axion_dm_fixed.csv", h,
                          "m_s [keV], sin2_2theta_eff_0 [1]", f->n, 2, row_axion, f, err)))
        return st;
    snprintf(h, sizeof h,
             "axsterile %s: sin^2 2theta above which the DW lifetime (nu gamma + 3 nu +\n"
             "nu e e, flavour mu, %s) is shorter than t_U = %.1f Gyr",
             AX_VERSION, conv_word(f->o.convention), AX_AGE_UNIVERSE_GYR);
    if ((st = ax_scan_add(&f->scan, "dw_lifetime.csv", h,
                          "m_s [keV], sin2_2theta(tau = t_U) [1]", f->n, 2, row_lifetime, f,
                          err)))
        return st;
    for (size_t k = 0; k < f->nle; k++) {
        lim_entry *e = &f->le[k];
        const ax_limit *L = e->L;
        char libf[300];
        if (e->n < 2)
            continue; /* nothing of it inside 1 keV - 1 GeV */
        if (e->has_std) {
            snprintf(h, sizeof h,
                     "%s -- %s%s%s\n%s (%s), shown as sin^2 2theta in the %s;\n"
                     "source convention: %s; rows: the limit's own points inside 1 keV - 1 GeV (where\n"
                     "it has fewer than 60 there, 60 log-spaced masses, log-log interpolation)%s",
                     L->name, L->reference, L->figure && *L->figure ? ", " : "",
                     L->figure ? L->figure : "", lib_file(L->path, libf, sizeof libf),
                     ax_limit_quantity_name(L->y_quantity), conv_word(f->o.convention),
                     L->convention ? ax_decay_convention_name(L->convention) : "none",
                     L->y_quantity == AX_LIM_FLUX ? "\nflux -> Gamma = 4 pi m_s Phi/D with "
                                                    "the project's D of the source's ROI"
                                                  : "");
            if ((st = ax_scan_add(&f->scan, e->std_file, h, "m_s [keV], sin2_2theta [1]",
                                  e->n, 2, row_lim_std, e, err)))
                return st;
        }
        if (L->y_quantity == AX_LIM_SIGMAV)
            snprintf(h, sizeof h,
                     "Recast of %s (%s) by axsterile %s:\nGamma_0 <= 4 <sigma v>(m_s/2) "
                     "rho_mean/(m_s f_s), f_s = %g; then <sin^2 2theta_eff>_0 (%s)",
                     L->name, L->reference, AX_VERSION, e->fs, conv_word(f->o.convention));
        else
            snprintf(h, sizeof h,
                     "Recast of %s (%s) by axsterile %s:\n<sin^2 2theta_eff>_0 <= limit x "
                     "(f_src D) rho_mean/(f_s J), D = %.6g GeV cm^-2, J = %.6g GeV^2 cm^-5\n"
                     "(the source's ROI and profile), f_src = %g, f_s = %g, rho_mean = %.5g "
                     "GeV cm^-3 (%s)",
                     L->name, L->reference, AX_VERSION, e->jd.D, e->jd.J, L->dm_fraction,
                     e->fs, AX_RHO_DM_MEAN_GEV_CM3, conv_word(f->o.convention));
        if ((st = ax_scan_add(&f->scan, e->rec_file, h,
                              "m_s [keV], sin2_2theta_eff_0 [1]", e->n, 2, row_lim_rec, e,
                              err)))
            return st;
    }
    return AX_OK;
}

/* ---- fig1: the (m_phi, g_phi) plane --------------------------------------- */

#define FIG1_MPHI_MIN (1e-14 * EV)
#define FIG1_MPHI_MAX (1e-2 * EV)
#define FIG1_G_MIN 1e-30
#define FIG1_G_MAX 1e-10
#define FIG1_FPHI_LO 1e-3
#define FIG1_FPHI_HI 1e-1
static const double FIG1_MS[] = {10 * KEV, 100 * KEV, 1000 * KEV};
static const double FIG1_LAMBDA[] = {1e3, 1e5}; /* naturalness cutoffs, GeV */

/* A DM-fixed solve whose failure is a gap in a figure, not an error: the
 * message is kept, the row has no value, and the scan counts it. */
static int gap_or(int st, ax_error *err)
{
    return st == AX_ERUN ? (err->status = AX_SCAN_NOVALUE, AX_SCAN_NOVALUE) : st;
}

static int fig1_g(const ax_figure *f, double m_s, double m_phi, double f_phi, double *g,
                  ax_prod_result *r, ax_error *err)
{
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_PHI);
    m.m_s = m_s;
    m.m_phi = m_phi;
    m.f_phi = f_phi;
    m.phi_evolution = f->o.phi_evolution;
    int st = ax_production_dm_fixed(f->prod, &m, r, err);
    if (st)
        return ax_error_context(err, "DM-fixed g_phi at m_s = %g keV, m_phi = %g eV, "
                                "f_phi = %g", m_s / KEV, m_phi / EV, f_phi);
    *g = m.g_phi;
    return AX_OK;
}

static int row_fig1_band(void *ctx, size_t i, double *row, ax_error *err)
{
    const series *se = ctx;
    const ax_figure *f = se->fig;
    double m_phi = f->grid[i];
    if (!(m_phi < 0.01 * se->a))
        return AX_SCAN_NOVALUE; /* m_phi must stay far below m_s */
    ax_prod_result r;
    double g_hi, g_lo;
    int st = fig1_g(f, se->a, m_phi, FIG1_FPHI_LO, &g_hi, &r, err);
    if (!st)
        st = fig1_g(f, se->a, m_phi, FIG1_FPHI_HI, &g_lo, &r, err);
    if (st)
        return gap_or(st, err);
    row[0] = m_phi / EV;
    row[1] = g_lo;
    row[2] = g_hi;
    return AX_OK;
}

/* The vertical line m_phi = 3 H(T_max), T_max of the oscillating-regime
 * DM-fixed point (two rows: bottom and top of the plot). */
static int fig1_osc_mphi(const ax_figure *f, double m_s, double *m_star, ax_error *err)
{
    double g, T_dw = 0.133 * cbrt(m_s / KEV);
    double m_phi = 300.0 * ax_cosmo_hubble(ax_production_cosmo(f->prod), 6.0 * T_dw);
    ax_prod_result r;
    int st = fig1_g(f, m_s, m_phi, f->o.f_phi, &g, &r, err);
    if (st)
        return st;
    *m_star = 3.0 * ax_cosmo_hubble(ax_production_cosmo(f->prod), r.T_max);
    return AX_OK;
}

/* rows: g_phi log-spaced over the plot at m_phi = b (computed once) */
static int row_fig1_osc(void *ctx, size_t i, double *row, ax_error *err)
{
    const series *se = ctx;
    size_t n = se->fig->n;
    (void)err;
    row[0] = se->b / EV;
    row[1] = exp(log(FIG1_G_MIN) + (log(FIG1_G_MAX) - log(FIG1_G_MIN)) * (double)i /
                                       (double)(n - 1));
    return AX_OK;
}

/* g_phi above which tau(nu_s -> nu phi) < 160 Gyr f_s (CMB, Poulin et al.
 * 2016): Gamma = g^2 m_s/(16 pi) (BH16 eq. 11). */
static int row_fig1_cmb(void *ctx, size_t i, double *row, ax_error *err)
{
    const series *se = ctx;
    (void)err;
    double gam = AX_HBAR_GEV_S / ax_decay_cmb_tau_min_s(1.0 - se->fig->o.f_phi);
    row[0] = se->fig->grid[i] / EV;
    row[1] = sqrt(16.0 * M_PI * gam / se->a);
    return AX_OK;
}

/* Naturalness: g_phi = 4 pi m_phi / Lambda_UV (BH16 sec. II). */
static int row_fig1_nat(void *ctx, size_t i, double *row, ax_error *err)
{
    const series *se = ctx;
    (void)err;
    double m_phi = se->fig->grid[i];
    row[0] = m_phi / EV;
    row[1] = 4.0 * M_PI * m_phi / se->a;
    return AX_OK;
}

static series *add_series(ax_figure *f, int what, double a, const char *file,
                          const char *label)
{
    series *se = &f->series[f->nseries++];
    memset(se, 0, sizeof *se);
    se->fig = f;
    se->what = what;
    se->a = a;
    snprintf(se->file, sizeof se->file, "%s", file);
    snprintf(se->label, sizeof se->label, "%s", label);
    return se;
}

static int build_fig1(ax_figure *f, ax_error *err)
{
    int st;
    f->n = f->o.points;
    f->grid = log_grid(FIG1_MPHI_MIN, FIG1_MPHI_MAX, f->n);
    f->series = calloc(16, sizeof *f->series);
    if (!f->grid || !f->series)
        return ax_fail(err, AX_ERUN, "out of memory");
    char h[1024], file[128], label[160];
    for (size_t k = 0; k < sizeof FIG1_MS / sizeof *FIG1_MS; k++) {
        double ms = FIG1_MS[k];
        snprintf(file, sizeof file, "band_ms%gkeV.csv", ms / KEV);
        snprintf(label, sizeof label, "m_s = %g keV, %g < f_{/Symbol f} < %g", ms / KEV,
                 FIG1_FPHI_LO, FIG1_FPHI_HI);
        series *se = add_series(f, S_FIG1_BAND, ms, file, label);
        snprintf(h, sizeof h,
                 "axsterile %s, Fig. 1 (BH16): DM-fixed g_phi against m_phi for m_s = %g keV;\n"
                 "g_lo at f_phi = %g, g_hi at f_phi = %g (Omega_s = (1 - f_phi) Omega_DM);\n"
                 "phi evolution %s; rows with m_phi > 0.01 m_s or no solution are empty",
                 AX_VERSION, ms / KEV, FIG1_FPHI_HI, FIG1_FPHI_LO,
                 f->o.phi_evolution == AX_PHI_STEP ? "step (BH16)" : "exact");
        if ((st = ax_scan_add(&f->scan, se->file, h, "m_phi [eV], g_lo [1], g_hi [1]", f->n,
                              3, row_fig1_band, se, err)))
            return st;
        snprintf(file, sizeof file, "osc_ms%gkeV.csv", ms / KEV);
        snprintf(label, sizeof label, "m_{/Symbol f} = 3H(T_{max}), m_s = %g keV", ms / KEV);
        se = add_series(f, S_FIG1_OSC, ms, file, label);
        if ((st = fig1_osc_mphi(f, ms, &se->b, err)))
            return st;
        snprintf(h, sizeof h,
                 "axsterile %s: m_phi = 3 H(T_max) for m_s = %g keV (T_max of the DM-fixed\n"
                 "point in the oscillating regime, f_phi = %g): phi oscillates at T_max to the\n"
                 "right of this line",
                 AX_VERSION, ms / KEV, f->o.f_phi);
        if ((st = ax_scan_add(&f->scan, se->file, h, "m_phi [eV], g_phi [1]", f->n, 2,
                              row_fig1_osc, se, err)))
            return st;
        snprintf(file, sizeof file, "cmb_ms%gkeV.csv", ms / KEV);
        snprintf(label, sizeof label, "CMB: {/Symbol t}({/Symbol n}_s -> {/Symbol n}{/Symbol f}) < "
                 "160 Gyr, m_s = %g keV", ms / KEV);
        se = add_series(f, S_FIG1_CMB, ms, file, label);
        snprintf(h, sizeof h,
                 "axsterile %s: g_phi above which Gamma(nu_s -> nu phi) = g^2 m_s/(16 pi)\n"
                 "(BH16 eq. 11) gives tau < 160 Gyr f_s (Poulin, Serpico & Lesgourgues 2016,\n"
                 "arXiv:1606.02073), m_s = %g keV, f_s = %g",
                 AX_VERSION, ms / KEV, 1.0 - f->o.f_phi);
        if ((st = ax_scan_add(&f->scan, se->file, h, "m_phi [eV], g_phi [1]", f->n, 2,
                              row_fig1_cmb, se, err)))
            return st;
    }
    for (size_t k = 0; k < sizeof FIG1_LAMBDA / sizeof *FIG1_LAMBDA; k++) {
        double L = FIG1_LAMBDA[k];
        snprintf(file, sizeof file, "natural_%gTeV.csv", L / 1e3);
        snprintf(label, sizeof label, "{/Symbol L}_{UV} = %g TeV", L / 1e3);
        series *se = add_series(f, S_FIG1_NAT, L, file, label);
        snprintf(h, sizeof h,
                 "axsterile %s: naturalness, g_phi = 4 pi m_phi / Lambda_UV with Lambda_UV =\n"
                 "%g TeV (BH16 sec. II); above the line the cutoff is lower",
                 AX_VERSION, L / 1e3);
        if ((st = ax_scan_add(&f->scan, se->file, h, "m_phi [eV], g_phi [1]", f->n, 2,
                              row_fig1_nat, se, err)))
            return st;
    }
    return AX_OK;
}

/* ---- fig3: the QCD axion ------------------------------------------------- */

#define FIG3_MS_MIN (1.0 * KEV)
#define FIG3_MS_MAX (10.0 * 1e-3)
static const double FIG3_FA[] = {1e9, 1e10, 1e11, 1e12};

static int row_fig3_fa(void *ctx, size_t i, double *row, ax_error *err)
{
    const series *se = ctx;
    const ax_figure *f = se->fig;
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_QCD);
    m.m_s = f->grid[i];
    m.f_a = se->a;
    m.frac = f->o.f_phi;
    ax_prod_result r;
    int st = ax_production_dm_fixed(f->prod, &m, &r, err);
    if (st)
        return gap_or(ax_error_context(err, "DM-fixed g_a at m_s = %g keV, f_a = %g GeV",
                                       m.m_s / KEV, m.f_a), err);
    row[0] = m.m_s / KEV;
    row[1] = m.g_a;
    return AX_OK;
}

/* g_a above which tau(nu_s -> nu a) < 160 Gyr f_s: Gamma = g_a^2 v^2/(2 f_a^2)
 * m_s/(16 pi) (BH16 eqs. 11, 14). */
static int row_fig3_cmb(void *ctx, size_t i, double *row, ax_error *err)
{
    const series *se = ctx;
    const ax_figure *f = se->fig;
    (void)err;
    double m_s = f->grid[i];
    double gam = AX_HBAR_GEV_S / ax_decay_cmb_tau_min_s(1.0 - f->o.f_phi);
    double g1 = ax_decay_gamma_nua(m_s, 1.0, se->a); /* width at g_a = 1 */
    row[0] = m_s / KEV;
    row[1] = sqrt(gam / g1);
    return AX_OK;
}

static int build_fig3(ax_figure *f, ax_error *err)
{
    int st;
    f->n = f->o.points;
    f->grid = log_grid(FIG3_MS_MIN, FIG3_MS_MAX, f->n);
    f->series = calloc(16, sizeof *f->series);
    if (!f->grid || !f->series)
        return ax_fail(err, AX_ERUN, "out of memory");
    char h[1024], file[128], label[160];
    for (size_t k = 0; k < sizeof FIG3_FA / sizeof *FIG3_FA; k++) {
        double fa = FIG3_FA[k];
        int e = (int)lround(log10(fa));
        snprintf(file, sizeof file, "qcd_fa1e%d.csv", e);
        if (k == 0)
            snprintf(label, sizeof label, "f_a = 10^{%d} GeV (f_a < 10^{9} GeV excluded)", e);
        else
            snprintf(label, sizeof label, "f_a = 10^{%d} GeV", e);
        series *se = add_series(f, S_FIG3_FA, fa, file, label);
        snprintf(h, sizeof h,
                 "axsterile %s, Fig. 3 (BH16): QCD axion, DM-fixed g_a against m_s for\n"
                 "f_a = %g GeV, rho_a0 = %g rho_DM, lattice m_a(T) (data/axion_mass.csv);\n"
                 "Omega_s = (1 - %g) Omega_DM; empty rows: no solution at that mass",
                 AX_VERSION, fa, f->o.f_phi, f->o.f_phi);
        if ((st = ax_scan_add(&f->scan, se->file, h, "m_s [keV], g_a [1]", f->n, 2,
                              row_fig3_fa, se, err)))
            return st;
        snprintf(file, sizeof file, "cmb_fa1e%d.csv", e);
        snprintf(label, sizeof label, "CMB excluded, f_a = 10^{%d} GeV", e);
        se = add_series(f, S_FIG3_CMB, fa, file, label);
        snprintf(h, sizeof h,
                 "axsterile %s: g_a above which tau(nu_s -> nu a) < 160 Gyr f_s, with\n"
                 "Gamma = g_a^2 v^2/(2 f_a^2) m_s/(16 pi) (BH16 eqs. 11, 14; Poulin et al.\n"
                 "2016), f_a = %g GeV",
                 AX_VERSION, fa);
        if ((st = ax_scan_add(&f->scan, se->file, h, "m_s [keV], g_a [1]", f->n, 2,
                              row_fig3_cmb, se, err)))
            return st;
    }
    return AX_OK;
}

/* ---- plot description -------------------------------------------------- */

static int add_curve(ax_plot *p, const char *label, const char *source, const char *file,
                     ax_plot_style style, int color, double width, int enhanced, ax_error *err)
{
    ax_plot_curve c;
    memset(&c, 0, sizeof c);
    snprintf(c.label, sizeof c.label, "%s", label);
    snprintf(c.source, sizeof c.source, "%s", source);
    snprintf(c.data_file, sizeof c.data_file, "%s", file);
    c.style = style;
    c.color = color;
    c.width = width;
    c.enhanced = enhanced;
    return ax_plot_add(p, &c, err);
}

/* Give a limit the next colour and marker of the cycles; colours skip
 * black (model lines) and grey (the DW region and the key entries). */
static void next_family(int *col, int *mark, int *color, int *marker)
{
    int nc = ax_plot_ncolors();
    *col = *color;
    *mark = ++*marker;
    do
        ++*color;
    while (*color % nc == 0 || *color % nc == 8);
}

/* Give the last curve added a marker. */
static void set_marker(ax_plot *p, int marker, int every)
{
    p->curves[p->ncurves - 1].point = marker;
    p->curves[p->ncurves - 1].point_every = every;
}

/* Extend [lo, hi] by the valid values of column col of a table. */
static void table_range(const ax_scan_table *t, size_t col, double *lo, double *hi)
{
    for (size_t r = 0; r < t->hi - t->lo; r++) {
        if (!t->valid[r])
            continue;
        double v = t->data[r * t->ncols + col];
        if (v > 0 && v < *lo)
            *lo = v;
        if (v > *hi)
            *hi = v;
    }
}

static const ax_scan_table *find_table(const ax_scan *s, const char *file)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].file, file) == 0)
            return &s->tables[i];
    return NULL;
}

static int plot_fig2(const ax_figure *f, ax_plot *p, ax_error *err)
{
    int st;
    snprintf(p->xlabel, sizeof p->xlabel, "m_s [keV]");
    /* the normalisation the mixing is shown in, on the axis itself */
    snprintf(p->ylabel, sizeof p->ylabel, "sin^2 2{/Symbol q}   (%s)",
             f->o.convention == AX_DECAY_MAJORANA ? "Majorana rate, 1024 {/Symbol p}^4"
                                                  : "BH16 eq. 10 rate, 2048 {/Symbol p}^4");
    p->xmin = FIG2_MS_MIN / KEV;
    p->xmax = FIG2_MS_MAX / KEV;
    p->wide = 1;
    snprintf(p->key_position, sizeof p->key_position, "outside right top");
    if ((st = add_curve(p, "DW: {/Symbol t} < t_U", "the region where the DW lifetime is "
                        "shorter than the age of the Universe (decay module)",
                        "dw_lifetime.csv", AX_PLOT_REGION_ABOVE, -1, 1, 1, err)))
        return st;
    if ((st = add_curve(p, "Dodelson-Widrow, {/Symbol W}_s = {/Symbol W}_{DM}",
                        "DW DM-fixed line (production module)", "dw_dm_fixed.csv",
                        AX_PLOT_SOLID, 0, 3, 1, err)))
        return st;
    if ((st = add_curve(p, "axion-assisted <sin^2 2{/Symbol q}_{eff}>_0",
                        "axion-assisted DM-fixed line (production + mixing modules)",
                        "axion_dm_fixed.csv", AX_PLOT_DASHED, 0, 3, 1, err)))
        return st;
    /* each limit: its published form solid (in the key), its recast dashed in
     * the same colour and with the same marker (no key entry of its own; one
     * entry explains dashes). The markers, about five per curve, tell the
     * curves apart where colours alone would not: in grey print and for
     * readers with colour-vision deficiency. A limit with no standard form
     * (the Fermi-LAT <sigma v> limits, converted directly) is drawn dotted in
     * the colour and marker of the limit of the same experiment and region
     * (same J and D), so the two routes of the cross-check (docs/physics.md
     * 7b) read as one family; one key entry explains dots. */
    int color = 1, marker = 0, ndotted = 0;
    int *col_of = calloc(f->nle ? f->nle : 1, sizeof *col_of);
    int *mark_of = calloc(f->nle ? f->nle : 1, sizeof *mark_of);
    if (!col_of || !mark_of) {
        free(col_of);
        free(mark_of);
        return ax_fail(err, AX_ERUN, "fig2: out of memory");
    }
    for (size_t k = 0; k < f->nle && !st; k++) {
        const lim_entry *e = &f->le[k];
        if (e->n < 2)
            continue;
        char label[160], src[256];
        int every = e->n >= 10 ? (int)(e->n / 5) : 2;
        size_t parent = k;
        if (e->L->y_quantity == AX_LIM_SIGMAV && e->has_target)
            for (size_t j = 0; j < f->nle; j++)
                if (j != k && f->le[j].has_std && f->le[j].n >= 2 && f->le[j].has_target &&
                    strcmp(f->le[j].L->experiment, e->L->experiment) == 0 &&
                    f->le[j].jd.J == e->jd.J && f->le[j].jd.D == e->jd.D) {
                    parent = j;
                    break;
                }
        if (parent != k) {
            /* dotted, in the family of its parent (assigned below if later) */
            if (!col_of[parent])
                next_family(&col_of[parent], &mark_of[parent], &color, &marker);
            snprintf(src, sizeof src, "%s, %s (limits/%s.json), converted directly by "
                     "axsterile (docs/physics.md 7b)", e->L->name, e->L->reference, e->L->stem);
            if (!(st = add_curve(p, "", src, e->rec_file, AX_PLOT_DOTTED, col_of[parent], 2,
                                 0, err)))
                set_marker(p, mark_of[parent], every);
            ndotted++;
            continue;
        }
        if (!col_of[k])
            next_family(&col_of[k], &mark_of[k], &color, &marker);
        snprintf(src, sizeof src, "%s, %s (limits/%s.json)", e->L->name, e->L->reference,
                 e->L->stem);
        if (e->has_std) {
            if ((st = add_curve(p, e->L->name, src, e->std_file, AX_PLOT_SOLID, col_of[k], 1.5,
                                0, err)))
                break;
            set_marker(p, mark_of[k], every);
            label[0] = '\0';
        } else {
            snprintf(label, sizeof label, "%s (recast)", e->L->name);
        }
        snprintf(src, sizeof src, "recast of %s, %s, by axsterile (docs/physics.md 7b)",
                 e->L->stem, e->L->reference);
        if (!(st = add_curve(p, label, src, e->rec_file, AX_PLOT_DASHED, col_of[k], 1.5, 0,
                             err)))
            set_marker(p, mark_of[k], every);
    }
    free(col_of);
    free(mark_of);
    if (st)
        return st;
    char key[160];
    snprintf(key, sizeof key, "dashed: each limit recast to the axion-assisted model, "
             "f_{/Symbol f} = %g", f->o.f_phi);
    if ((st = add_curve(p, key, "key entry only", "", AX_PLOT_DASHED, 8, 1.5, 1, err)))
        return st;
    if (ndotted &&
        (st = add_curve(p, "dotted: <{/Symbol s}v> limits used directly (on the dashed lines)",
                        "key entry only", "", AX_PLOT_DOTTED, 8, 2, 1, err)))
        return st;
    /* y range: every curve inside, rounded out to decades */
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < p->ncurves; i++) {
        const ax_scan_table *t = find_table(&f->scan, p->curves[i].data_file);
        if (t)
            table_range(t, 1, &lo, &hi);
    }
    if (!(lo < hi))
        return ax_fail(err, AX_ERUN, "fig2: no data to plot");
    p->ymin = pow(10.0, floor(log10(lo)));
    p->ymax = pow(10.0, ceil(log10(hi)));
    if (p->ymax > 1.0)
        p->ymax = 1.0;
    return AX_OK;
}

static void range_of_tables(const ax_figure *f, const ax_plot *p, size_t col_from, double *lo,
                            double *hi)
{
    for (size_t i = 0; i < p->ncurves; i++) {
        const ax_scan_table *t = find_table(&f->scan, p->curves[i].data_file);
        if (!t || p->curves[i].style == AX_PLOT_REGION_ABOVE)
            continue;
        for (size_t c = col_from; c < t->ncols; c++)
            table_range(t, c, lo, hi);
    }
}

static int plot_series(const ax_figure *f, ax_plot *p, ax_error *err)
{
    int st = AX_OK;
    for (size_t k = 0; !st && k < f->nseries; k++) {
        const series *se = &f->series[k];
        int color = 1 + (int)(k / 3);
        switch (se->what) {
        case S_FIG1_BAND:
            st = add_curve(p, se->label, "DM-fixed band (production module)", se->file,
                           AX_PLOT_BAND, 1 + (int)(k / 3), 1, 1, err);
            break;
        case S_FIG1_OSC:
            st = add_curve(p, se->label, "m_phi = 3 H(T_max) (cosmo + production)", se->file,
                           AX_PLOT_DASHED, color, 2, 1, err);
            break;
        case S_FIG1_CMB:
            st = add_curve(p, se->label, "CMB lifetime bound, Poulin et al. 2016", se->file,
                           AX_PLOT_DOTTED, color, 2.5, 1, err);
            break;
        case S_FIG1_NAT:
            st = add_curve(p, se->label, "naturalness, BH16 sec. II", se->file,
                           AX_PLOT_DOTTED, 8, 1.5, 1, err);
            break;
        case S_FIG3_FA:
            st = add_curve(p, se->label, "DM-fixed g_a (production module, QCD axion)",
                           se->file, AX_PLOT_SOLID, k == 0 ? 0 : (int)(k / 2) + 1,
                           k == 0 ? 3 : 2, 1, err);
            break;
        case S_FIG3_CMB:
            st = add_curve(p, k == 1 ? "CMB: {/Symbol t}({/Symbol n}_s -> {/Symbol n} a) < 160 Gyr "
                                       "(above each dotted line)" : "",
                           "CMB lifetime bound, Poulin et al. 2016", se->file, AX_PLOT_DOTTED,
                           k == 1 ? 0 : (int)(k / 2) + 1, 2, 1, err);
            break;
        }
    }
    return st;
}

/* Fig. 1 and Fig. 3: the series, log axes over the x range, y rounded out to
 * decades around every curve. */
static int plot_series_figure(const ax_figure *f, ax_plot *p, const char *xlabel,
                              const char *ylabel, double xmin, double xmax, ax_error *err)
{
    snprintf(p->xlabel, sizeof p->xlabel, "%s", xlabel);
    snprintf(p->ylabel, sizeof p->ylabel, "%s", ylabel);
    p->xmin = xmin;
    p->xmax = xmax;
    p->wide = 1;
    snprintf(p->key_position, sizeof p->key_position, "outside right top");
    int st = plot_series(f, p, err);
    if (st)
        return st;
    double lo = INFINITY, hi = 0;
    range_of_tables(f, p, 1, &lo, &hi);
    if (!(lo < hi))
        return ax_fail(err, AX_ERUN, "%s: no data to plot", f->name);
    p->ymin = pow(10.0, floor(log10(lo)));
    p->ymax = pow(10.0, ceil(log10(hi)));
    return AX_OK;
}

static int plot_fig1(const ax_figure *f, ax_plot *p, ax_error *err)
{
    return plot_series_figure(f, p, "m_{/Symbol f} [eV]", "g_{/Symbol f}", FIG1_MPHI_MIN / EV,
                              FIG1_MPHI_MAX / EV, err);
}

static int plot_fig3(const ax_figure *f, ax_plot *p, ax_error *err)
{
    return plot_series_figure(f, p, "m_s [keV]", "g_a", FIG3_MS_MIN / KEV, FIG3_MS_MAX / KEV,
                              err);
}

/* ---- public ------------------------------------------------------------ */

int ax_figure_create(const char *name, const ax_figure_opts *o, ax_figure **out,
                     ax_error *err)
{
    *out = NULL;
    int which = strcmp(name, "fig1") == 0 ? 1 : strcmp(name, "fig2") == 0 ? 2
              : strcmp(name, "fig3") == 0 ? 3 : 0;
    if (!which)
        return ax_fail(err, AX_EINPUT, "unknown figure '%s'; expected fig1, fig2 or fig3",
                       name);
    ax_figure_opts d;
    if (!o) {
        ax_figure_opts_defaults(&d);
        o = &d;
    }
    if (o->points < 20 || o->points > 100000)
        return ax_fail(err, AX_EINPUT, "--points %zu; expected 20 to 100000", o->points);
    if (!(o->f_phi > 0 && o->f_phi < 1))
        return ax_fail(err, AX_EINPUT, "--fphi %g; expected a fraction in (0, 1)", o->f_phi);
    ax_figure *f = calloc(1, sizeof *f);
    if (!f)
        return ax_fail(err, AX_ERUN, "out of memory");
    snprintf(f->name, sizeof f->name, "%s", name);
    f->o = *o;
    ax_scan_init(&f->scan, name, o->points);
    ax_production_opts po;
    ax_production_opts_defaults(&po);
    po.opacity_file = o->opacity_file;
    int st = ax_production_init(&f->prod, &po, err);
    if (!st) {
        st = which == 1 ? build_fig1(f, err) : which == 2 ? build_fig2(f, err)
                                                           : build_fig3(f, err);
    }
    if (st) {
        ax_figure_free(f);
        return st;
    }
    *out = f;
    return AX_OK;
}

int ax_figure_plot(const ax_figure *f, ax_plot *p, ax_error *err)
{
    if (f->scan.shard.n != 1)
        return ax_fail(err, AX_EINPUT, "a plot needs the whole scan, not shard %d/%d; merge "
                       "the shards first (axsterile merge)", f->scan.shard.k, f->scan.shard.n);
    snprintf(p->name, sizeof p->name, "%s", f->name);
    if (strcmp(f->name, "fig1") == 0)
        return plot_fig1(f, p, err);
    if (strcmp(f->name, "fig2") == 0)
        return plot_fig2(f, p, err);
    return plot_fig3(f, p, err);
}
