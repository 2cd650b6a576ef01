/* fig1.c -- BH16 Fig. 1, the (m_phi, g_phi) plane: DM-fixed bands for
 * several m_s over a range of f_phi, the line m_phi = 3 H(T_max), the CMB
 * lifetime bound on nu_s -> nu phi and naturalness lines. Physics:
 * docs/physics.md sections 4-6; choices: docs/figures.md, Fig. 1. */
#include "figure.h"

#include "axsterile/constants.h"
#include "axsterile/cosmo.h"
#include "axsterile/decay.h"
#include "axsterile/version.h"

#include <math.h>
#include <stdio.h>

#define FIG1_MPHI_MIN (1e-14 * EV)
#define FIG1_MPHI_MAX (1e-2 * EV)
#define FIG1_G_MIN 1e-30
#define FIG1_G_MAX 1e-10
#define FIG1_FPHI_LO 1e-3
#define FIG1_FPHI_HI 1e-1
static const double FIG1_MS[] = {10 * KEV, 100 * KEV, 1000 * KEV};
static const double FIG1_LAMBDA[] = {1e3, 1e5}; /* naturalness cutoffs, GeV */

/* The DM-fixed g_phi; g_start > 0: the solve starts there (else from the
 * model's default coupling). */
static int fig1_g(const ax_figure *f, double m_s, double m_phi, double f_phi, double g_start,
                  double *g, ax_prod_result *r, ax_error *err)
{
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_PHI);
    m.m_s = m_s;
    m.m_phi = m_phi;
    m.f_phi = f_phi;
    if (g_start > 0.0)
        m.g_phi = g_start;
    m.phi_evolution = f->o.phi_evolution;
    int st = ax_production_dm_fixed(f->prod, &m, r, err);
    if (st)
        return ax_error_context(err, "DM-fixed g_phi at m_s = %g keV, m_phi = %g eV, "
                                "f_phi = %g", m_s / KEV, m_phi / EV, f_phi);
    *g = m.g_phi;
    return AX_OK;
}

/* g_lo, g_hi: the DM-fixed g_phi at f_phi = FIG1_FPHI_HI and _LO, m_s = a. */
static int row_band(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    const ax_figure *f = se->fig;
    double m_phi = f->grid[i];
    if (!(m_phi < 0.01 * se->a))
        return AX_NO_VALUE; /* m_phi must stay far below m_s */
    ax_prod_result r;
    double g_hi, g_lo;
    int st = fig1_g(f, se->a, m_phi, FIG1_FPHI_LO, 0.0, &g_hi, &r, err);
    /* the second solve starts from the first: the mixing depends on g_phi^2
     * <phi^2> with <phi^2> ~ f_phi (the field equation is linear), and
     * Omega_s ~ g_phi^2 f_phi at small mixing must become (1 - f_phi)
     * Omega_DM, so g_lo^2 = g_hi^2 (f_lo/f_hi) (1 - f_hi)/(1 - f_lo) up to
     * the small non-linearity the solve then removes (one or two Boltzmann
     * runs instead of three to five; the same root to the solve's 1e-5 in
     * Omega_s) */
    double g_seed = g_hi * sqrt(FIG1_FPHI_LO / FIG1_FPHI_HI * (1.0 - FIG1_FPHI_HI) /
                                (1.0 - FIG1_FPHI_LO));
    if (!st)
        st = fig1_g(f, se->a, m_phi, FIG1_FPHI_HI, g_seed, &g_lo, &r, err);
    if (st)
        return fig_gap_or(st, err);
    row[0] = m_phi / EV;
    row[1] = g_lo;
    row[2] = g_hi;
    return AX_OK;
}

/* The vertical line m_phi = 3 H(T_max), T_max of the oscillating-regime
 * DM-fixed point (two rows: bottom and top of the plot). */
static int osc_mphi(const ax_figure *f, double m_s, double *m_star, ax_error *err)
{
    double g;
    ax_prod_result r;
    int st = fig1_g(f, m_s, fig_mphi_oscillating(f, m_s), f->o.f_phi, 0.0, &g, &r, err);
    if (st)
        return st;
    *m_star = 3.0 * ax_cosmo_hubble(ax_production_cosmo(f->prod), r.T_max);
    return AX_OK;
}

/* rows: g_phi log-spaced over the plot at m_phi = b (computed once) */
static int row_osc(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    size_t n = se->fig->n;
    (void)err;
    row[0] = se->b / EV;
    row[1] = exp(log(FIG1_G_MIN) + (log(FIG1_G_MAX) - log(FIG1_G_MIN)) * (double)i /
                                       (double)(n - 1));
    return AX_OK;
}

/* g_phi above which tau(nu_s -> nu phi) < 160 Gyr f_s (CMB, Poulin et al.
 * 2016): Gamma = g^2 m_s/(16 pi) (BH16 eq. 11). */
static int row_cmb(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    (void)err;
    double gam = AX_HBAR_GEV_S / ax_decay_cmb_tau_min_s(1.0 - se->fig->o.f_phi);
    row[0] = se->fig->grid[i] / EV;
    row[1] = sqrt(16.0 * M_PI * gam / se->a);
    return AX_OK;
}

/* Naturalness: g_phi = 4 pi m_phi / Lambda_UV (BH16 sec. II). */
static int row_natural(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    (void)err;
    double m_phi = se->fig->grid[i];
    row[0] = m_phi / EV;
    row[1] = 4.0 * M_PI * m_phi / se->a;
    return AX_OK;
}

/* The three tables of one m_s: band, oscillation line, CMB bound. Colour
 * k + 1 for all three. */
static int build_mass(ax_figure *f, size_t k, ax_error *err)
{
    int st;
    double ms = FIG1_MS[k];
    int color = 1 + (int)k;
    char h[1024], file[128], label[160];
    snprintf(file, sizeof file, "band_ms%gkeV.csv", ms / KEV);
    snprintf(label, sizeof label, "DM-fixed, m_s = %g keV, %g < f_φ < %g", ms / KEV,
             FIG1_FPHI_LO, FIG1_FPHI_HI);
    fig_series *se = fig_series_add(f, ms, file, label, "DM-fixed band (production module)",
                                    AX_PLOT_BAND, color, 1, err);
    if (!se)
        return AX_ERUN;
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 1 (BH16): DM-fixed g_phi against m_phi for m_s = %g keV;\n"
             "g_lo at f_phi = %g, g_hi at f_phi = %g (Omega_s = (1 - f_phi) Omega_DM);\n"
             "phi evolution %s; rows with m_phi > 0.01 m_s or no solution are empty",
             AX_VERSION, ms / KEV, FIG1_FPHI_HI, FIG1_FPHI_LO,
             fig_phi_evolution_word(f->o.phi_evolution));
    if ((st = fig_add_table(f, file, h, "m_phi [eV], g_lo [1], g_hi [1]", f->n, 3, row_band,
                            se, err)))
        return st;

    snprintf(file, sizeof file, "osc_ms%gkeV.csv", ms / KEV);
    /* one key entry for the three lines, each in the colour of its band */
    /* no key entry: one for the three lines, in plot() */
    se = fig_series_add(f, ms, file, "", "m_phi = 3 H(T_max) (cosmo + production)",
                        AX_PLOT_DASHED, color, 2, err);
    if (!se)
        return AX_ERUN;
    if (!f->from_data && (st = osc_mphi(f, ms, &se->b, err)))
        return st;
    snprintf(h, sizeof h,
             "axsterile %s: m_phi = 3 H(T_max) for m_s = %g keV (T_max of the DM-fixed\n"
             "point in the oscillating regime, f_phi = %g): phi oscillates at T_max to the\n"
             "right of this line",
             AX_VERSION, ms / KEV, f->o.f_phi);
    if ((st = fig_add_table(f, file, h, "m_phi [eV], g_phi [1]", f->n, 2, row_osc, se, err)))
        return st;

    snprintf(file, sizeof file, "cmb_ms%gkeV.csv", ms / KEV);
    /* the excluded side shaded (transparent, outlined: the three overlap) */
    se = fig_series_add(f, ms, file, "", "CMB lifetime bound, Poulin et al. 2016",
                        AX_PLOT_REGION_ABOVE, color, 1.5, err);
    if (!se)
        return AX_ERUN;
    se->curve.fill = 0.08; /* light: the three overlap; each edge is a line */
    snprintf(h, sizeof h,
             "axsterile %s: g_phi above which Gamma(nu_s -> nu phi) = g^2 m_s/(16 pi)\n"
             "(BH16 eq. 11) gives tau < 160 Gyr f_s (Poulin, Serpico & Lesgourgues 2016,\n"
             "arXiv:1606.02073), m_s = %g keV, f_s = %g",
             AX_VERSION, ms / KEV, 1.0 - f->o.f_phi);
    return fig_add_table(f, file, h, "m_phi [eV], g_phi [1]", f->n, 2, row_cmb, se, err);
}

static int build(ax_figure *f, ax_error *err)
{
    const size_t nms = sizeof FIG1_MS / sizeof *FIG1_MS;
    const size_t nlambda = sizeof FIG1_LAMBDA / sizeof *FIG1_LAMBDA;
    int st;
    if ((st = fig_set_grid(f, FIG1_MPHI_MIN, FIG1_MPHI_MAX, err)) ||
        (st = fig_series_reserve(f, 3 * nms + nlambda, err)))
        return st;
    for (size_t k = 0; k < nms; k++)
        if ((st = build_mass(f, k, err)))
            return st;
    char h[1024], file[128], label[160];
    for (size_t k = 0; k < nlambda; k++) {
        double L = FIG1_LAMBDA[k];
        snprintf(file, sizeof file, "natural_%gTeV.csv", L / 1e3);
        snprintf(label, sizeof label, "naturalness, Λ_{UV} = %g TeV (%s)", L / 1e3,
                 k == 0 ? "dotted" : "dot-dashed");
        fig_series *se = fig_series_add(f, L, file, label, "naturalness, BH16 sec. II",
                                        k == 0 ? AX_PLOT_DOTTED : AX_PLOT_DASHDOT, 8, 1.5, err);
        if (!se)
            return AX_ERUN;
        snprintf(h, sizeof h,
                 "axsterile %s: naturalness, g_phi = 4 pi m_phi / Lambda_UV with Lambda_UV =\n"
                 "%g TeV (BH16 sec. II); above the line the cutoff is lower",
                 AX_VERSION, L / 1e3);
        if ((st = fig_add_table(f, file, h, "m_phi [eV], g_phi [1]", f->n, 2, row_natural, se,
                                err)))
            return st;
    }
    return AX_OK;
}

/* One key entry each for the three m_phi = 3 H(T_max) lines and the three
 * CMB regions, in grey: each line and region is in the colour of its m_s
 * (its band's), which the entry says. */
static int plot(const ax_figure *f, ax_plot *p, ax_error *err)
{
    int st = fig_plot_series(f, p, "m_φ [eV]", "g_φ", FIG1_MPHI_MIN / EV,
                             FIG1_MPHI_MAX / EV, err);
    if (!st)
        st = fig_add_curve(p, "dashed: m_φ = 3H(T_{max}), each m_s", "key entry only",
                           "", AX_PLOT_DASHED, -1, 2, 1, err);
    if (!st)
        st = fig_add_curve(p, "shaded: CMB, τ(ν_s→νφ) < 160 Gyr",
                           "key entry only", "", AX_PLOT_REGION_ABOVE, -1, 1.5, 1, err);
    return st;
}

const ax_figure_type fig_type_fig1 = {
    "fig1",
    "(m_phi, g_phi) plane: DM-fixed bands for m_s = 10, 100, 1000 keV, "
    "m_phi = 3 H(T_max), CMB and naturalness lines (BH16 Fig. 1)",
    build,
    plot,
};
