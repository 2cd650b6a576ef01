/* fig3.c -- BH16 Fig. 3, the QCD axion: DM-fixed g_a against m_s for
 * several f_a, the f_a = 1e9 GeV boundary and the CMB-excluded regions.
 * Physics: docs/physics.md sections 4-6; choices: docs/figures.md, Fig. 3. */
#include "figure.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/version.h"

#include <math.h>
#include <stdio.h>

#define FIG3_MS_MIN (1.0 * KEV)
#define FIG3_MS_MAX (10.0 * 1e-3)
static const double FIG3_FA[] = {1e9, 1e10, 1e11, 1e12};

static int row_fa(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    const ax_figure *f = se->fig;
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_QCD);
    m.m_s = f->grid[i];
    m.f_a = se->a;
    m.frac = f->o.f_phi;
    ax_prod_result r;
    int st = ax_production_dm_fixed(f->prod, &m, &r, err);
    if (st)
        return fig_gap_or(ax_error_context(err, "DM-fixed g_a at m_s = %g keV, f_a = %g GeV",
                                           m.m_s / KEV, m.f_a), err);
    row[0] = m.m_s / KEV;
    row[1] = m.g_a;
    return AX_OK;
}

/* g_a above which tau(nu_s -> nu a) < 160 Gyr f_s: Gamma = g_a^2 v^2/(2 f_a^2)
 * m_s/(16 pi) (BH16 eqs. 11, 14). */
static int row_cmb(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    const ax_figure *f = se->fig;
    (void)err;
    double m_s = f->grid[i];
    double gam = AX_HBAR_GEV_S / ax_decay_cmb_tau_min_s(1.0 - f->o.f_phi);
    double g1 = ax_decay_gamma_nua(m_s, 1.0, se->a); /* width at g_a = 1 */
    row[0] = m_s / KEV;
    row[1] = sqrt(gam / g1);
    return AX_OK;
}

/* The two tables of f_a = FIG3_FA[k]: the DM-fixed line (the first, 1e9 GeV,
 * black and thick: below it f_a is excluded) and its CMB bound (one key
 * entry for all of them). */
static int build_fa(ax_figure *f, size_t k, ax_error *err)
{
    int st;
    double fa = FIG3_FA[k];
    int e = (int)lround(log10(fa));
    int color = k == 0 ? 0 : (int)k + 1;
    char h[1024], file[128], label[160];
    snprintf(file, sizeof file, "qcd_fa1e%d.csv", e);
    if (k == 0)
        snprintf(label, sizeof label, "f_a = 10^{%d} GeV (f_a < 10^{9} GeV excluded)", e);
    else
        snprintf(label, sizeof label, "f_a = 10^{%d} GeV", e);
    fig_series *se = fig_series_add(f, fa, file, label,
                                    "DM-fixed g_a (production module, QCD axion)",
                                    AX_PLOT_SOLID, color, k == 0 ? 3 : 2, err);
    if (!se)
        return AX_ERUN;
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 3 (BH16): QCD axion, DM-fixed g_a against m_s for\n"
             "f_a = %g GeV, rho_a0 = %g rho_DM, lattice m_a(T) (data/axion_mass.csv);\n"
             "Omega_s = (1 - %g) Omega_DM; empty rows: no solution at that mass",
             AX_VERSION, fa, f->o.f_phi, f->o.f_phi);
    if ((st = fig_add_table(f, file, h, "m_s [keV], g_a [1]", f->n, 2, row_fa, se, err)))
        return st;
    snprintf(file, sizeof file, "cmb_fa1e%d.csv", e);
    se = fig_series_add(f, fa, file,
                        k == 0 ? "CMB: {/Symbol t}({/Symbol n}_s -> {/Symbol n} a) < 160 Gyr "
                                 "(above each dotted line)" : "",
                        "CMB lifetime bound, Poulin et al. 2016", AX_PLOT_DOTTED, color, 2, err);
    if (!se)
        return AX_ERUN;
    snprintf(h, sizeof h,
             "axsterile %s: g_a above which tau(nu_s -> nu a) < 160 Gyr f_s, with\n"
             "Gamma = g_a^2 v^2/(2 f_a^2) m_s/(16 pi) (BH16 eqs. 11, 14; Poulin et al.\n"
             "2016), f_a = %g GeV",
             AX_VERSION, fa);
    return fig_add_table(f, file, h, "m_s [keV], g_a [1]", f->n, 2, row_cmb, se, err);
}

static int build(ax_figure *f, ax_error *err)
{
    const size_t nfa = sizeof FIG3_FA / sizeof *FIG3_FA;
    int st;
    if ((st = fig_set_grid(f, FIG3_MS_MIN, FIG3_MS_MAX, err)) ||
        (st = fig_series_reserve(f, 2 * nfa, err)))
        return st;
    for (size_t k = 0; k < nfa; k++)
        if ((st = build_fa(f, k, err)))
            return st;
    return AX_OK;
}

static int plot(const ax_figure *f, ax_plot *p, ax_error *err)
{
    return fig_plot_series(f, p, "m_s [keV]", "g_a", FIG3_MS_MIN / KEV, FIG3_MS_MAX / KEV, err);
}

const ax_figure_type fig_type_fig3 = {
    "fig3",
    "QCD axion: DM-fixed g_a against m_s (1 keV - 10 MeV) for f_a = 1e9 - 1e12 GeV, "
    "CMB-excluded regions (BH16 Fig. 3)",
    build,
    plot,
};
