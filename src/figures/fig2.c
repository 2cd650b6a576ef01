/* fig2.c -- BH16 Fig. 2, sin^2 2theta against m_s (1 keV - 1 GeV): the DW
 * DM-fixed line, the axion-assisted <sin^2 2theta_eff>_0, every limit of
 * the library (as published and recast, docs/physics.md section 7b) and
 * the region where the DW lifetime is shorter than t_U. Physics:
 * docs/physics.md sections 5-7; choices: docs/figures.md, Fig. 2. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "figure.h"
#include "../plot_internal.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/limits.h"
#include "axsterile/model.h"
#include "axsterile/recast.h"
#include "axsterile/structure.h"
#include "axsterile/version.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *lib_file(const ax_limit *L, char *out, size_t n);
static const char *real_file(const char *path, char *out, size_t n);

/* The mass axis. */
#define FIG2_MS_MIN (1.0 * KEV)
#define FIG2_MS_MAX 1.0

/* Fewest rows of a limit's curve (smooth curves, docs/figures.md). */
#define LIM_MIN_ROWS 60

/* The model tables, each written in build and drawn in plot. */
static const char DW_LINE[] = "dw_dm_fixed.csv";
static const char AXION_LINE[] = "axion_dm_fixed.csv";
static const char DW_LIFETIME[] = "dw_lifetime.csv";
static const char DW_STRUCTURE[] = "dw_structure.csv";
static const char AXION_STRUCTURE[] = "axion_structure.csv";

/* One limit of the library, with the J and D of its source's target. */
typedef struct lim_entry {
    const ax_figure *fig;
    const ax_limit *L;
    int has_target;
    ax_jd jd;              /* computed only when the rows are */
    int has_std;           /* a standard-decay curve (sin2, gamma, tau, flux) */
    size_t n;              /* rows: the limit's own points inside the mass axis */
    double *ms;            /* GeV: the masses of the rows */
    char std_file[128], rec_file[128];
    double fs;             /* f_s of the axion-assisted model, 1 - f_phi */
} lim_entry;

typedef struct fig2_state {
    ax_limit_set limits;
    lim_entry *le;
    size_t nle;
} fig2_state;

static void free_state(void *p)
{
    fig2_state *s = p;
    if (!s)
        return;
    for (size_t i = 0; i < s->nle; i++)
        free(s->le[i].ms);
    free(s->le);
    ax_limit_set_free(&s->limits);
    free(s);
}

/* ---- model rows -------------------------------------------------------- */

/* DW line: the sin^2 2theta that makes all the dark matter. */
static int row_dw(void *ctx, size_t i, double *row, ax_error *err)
{
    const ax_figure *f = ctx;
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

/* A phi mass that oscillates well before production peaks and stays
 * adiabatic (m_phi < 0.01 m_s^2/(2 p) at p = 3.15 T). In this regime
 * <sin^2 2theta_eff>_0 of the DM-fixed solution depends on m_s alone
 * (BH16 Fig. 2), which the solver's `oscillating_at_Tmax` confirms. */
static double fig2_mphi(const ax_figure *f, double m_s)
{
    double m = fig_mphi_oscillating(f, m_s);
    double cap = 0.01 * m_s * m_s / (2.0 * 3.15 * 2.0 * ax_tmax_bh16(m_s));
    return m < cap ? m : cap;
}

static int row_axion(void *ctx, size_t i, double *row, ax_error *err)
{
    const ax_figure *f = ctx;
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
    const ax_figure *f = ctx;
    double m_s = f->grid[i];
    double s = ax_decay_sin2_tau_equals_tU(m_s, 1, f->o.convention);
    if (!(s > 0 && isfinite(s)))
        return ax_fail(err, AX_ERUN, "no lifetime boundary at m_s = %g keV", m_s / KEV);
    row[0] = m_s / KEV;
    row[1] = s < 1.0 ? s : 1.0;
    return AX_OK;
}

/* The structure-formation bound drawn (the strongest: Milky Way satellites;
 * docs/physics.md section 8 lists the others, which `check` applies). */
static const ax_structure_bound *fig2_structure_bound(void)
{
    return ax_structure_bound_at(ax_structure_nbounds() - 1);
}

/* The DW line's excluded range as a strip, from the left edge of the mass
 * axis to the mass where the line meets the bound (row 1), up to sin^2
 * 2theta = 1 (the top of the plot). */
static int row_dw_structure(void *ctx, size_t i, double *row, ax_error *err)
{
    const ax_figure *f = ctx;
    double m = FIG2_MS_MIN;
    if (i == 1) {
        ax_model tmpl;
        ax_model_defaults(&tmpl, AX_MODEL_DW);
        int st = ax_structure_line_bound(f->prod, &tmpl, fig2_structure_bound(), &m, err);
        if (st)
            return ax_error_context(err, "the DW line's structure-formation bound");
    }
    row[0] = m / KEV;
    row[1] = 1.0;
    return AX_OK;
}

/* Where the axion-assisted line meets the same bound, for its own
 * (colder) spectrum: the mass and the line's <sin^2 2theta_eff>_0 there. */
static int row_axion_structure(void *ctx, size_t i, double *row, ax_error *err)
{
    const ax_figure *f = ctx;
    (void)i;
    const ax_structure_bound *b = fig2_structure_bound();
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_PHI);
    m.f_phi = f->o.f_phi;
    m.phi_evolution = f->o.phi_evolution;
    /* m_phi oscillating at the thermal-spectrum mass, where the iteration
     * starts; the line does not depend on m_phi there (BH16 Fig. 2) */
    m.m_phi = fig2_mphi(f, ax_structure_min_mass(b->m_wdm, AX_FD_MEAN_Q));
    double ms;
    int st = ax_structure_line_bound(f->prod, &m, b, &ms, err);
    if (st)
        return ax_error_context(err, "the axion-assisted line's structure-formation bound");
    /* the line's value there, at the m_phi the line itself uses */
    m.m_s = ms;
    m.m_phi = fig2_mphi(f, ms);
    ax_prod_result r;
    if ((st = ax_production_dm_fixed(f->prod, &m, &r, err)))
        return ax_error_context(err, "axion-assisted DM-fixed solve at m_s = %g keV", ms / KEV);
    if (!r.oscillating_at_Tmax)
        return ax_fail(err, AX_ERUN, "axion-assisted point m_s = %g keV, m_phi = %g eV is not "
                       "in the oscillating regime at T_max = %g MeV", ms / KEV, m.m_phi / EV,
                       r.T_max * 1e3);
    row[0] = ms / KEV;
    row[1] = r.sin2_2theta_today;
    return AX_OK;
}

/* ---- limit rows -------------------------------------------------------- */

/* m_s of the limit's point j (its abscissa is m_s, E_gamma or m_chi). */
static double lim_ms(const ax_limit *L, size_t j)
{
    return ax_limit_ms_of_x(L, L->x[j]);
}

/* Row i of a limit's table: the limit at ms[i] as a limit on the mixing
 * (standard, or recast when `axion`); a masked point is a gap. */
static int lim_row(const lim_entry *e, size_t i, int axion, double *row, ax_error *err)
{
    const ax_limit *L = e->L;
    double m_s = e->ms[i];
    int st = ax_recast_limit_sin2(L, e->has_target ? &e->jd : NULL, m_s, e->fig->o.convention,
                                  axion ? e->fs : 1.0, axion, &row[1], err);
    if (st == AX_MASKED || st == AX_OUT_OF_RANGE) {
        ax_error_clear(err); /* no limit there: a gap, not a failure */
        return AX_NO_VALUE;
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

/* ---- the limits -------------------------------------------------------- */

/* The rows of a limit: its own points inside the mass axis; where it has
 * fewer than LIM_MIN_ROWS there, a log grid between its first and last
 * point inside (the limit interpolated log-log, never across a masked
 * window). */
static int lim_rows(lim_entry *e, double ms_lo, double ms_hi, ax_error *err)
{
    const ax_limit *L = e->L;
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
    return AX_OK;
}

/* J and D of every limit's target (in parallel). */
static int lim_jd(fig2_state *s, ax_error *err)
{
    size_t n = s->limits.n ? s->limits.n : 1;
    ax_jd *jd = calloc(n, sizeof *jd);
    unsigned char *has = calloc(n, 1);
    if (!jd || !has) {
        free(jd);
        free(has);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    int st = ax_recast_jd_all(&s->limits, jd, has, err);
    for (size_t k = 0; !st && k < s->nle; k++) {
        s->le[k].jd = jd[k];
        s->le[k].has_target = has[k];
    }
    free(jd);
    free(has);
    return st;
}

/* Load the limits and their rows; integrate J and D of their targets
 * unless the figure is read back (the plot needs only which limits share
 * a target, docs/figures.md). */
static int load_limits(ax_figure *f, fig2_state *s, double ms_lo, double ms_hi, ax_error *err)
{
    int st = ax_limit_set_load_sources(&f->o.limits, &s->limits, err);
    if (st)
        return st;
    /* the figure draws every limit: one that does not load is an error */
    if (s->limits.nproblems)
        return ax_fail(err, AX_EINPUT, "%s%s", s->limits.problems[0].message,
                       s->limits.nproblems > 1 ? " (and other files of the limit "
                                                 "directories do not load)" : "");
    s->le = calloc(s->limits.n ? s->limits.n : 1, sizeof *s->le);
    if (!s->le)
        return ax_fail(err, AX_ERUN, "out of memory");
    for (size_t k = 0; k < s->limits.n; k++) {
        lim_entry *e = &s->le[s->nle++];
        const ax_limit *L = &s->limits.items[k];
        e->fig = f;
        e->L = L;
        e->fs = 1.0 - f->o.f_phi;
        e->has_target = L->has_target;
        if ((st = lim_rows(e, ms_lo, ms_hi, err)))
            return st;
        e->has_std = L->y_quantity != AX_LIM_SIGMAV && !L->recast_axion;
        snprintf(e->std_file, sizeof e->std_file, "limit_%.100s.csv", L->stem);
        snprintf(e->rec_file, sizeof e->rec_file, "recast_%.100s.csv", L->stem);
    }
    if (!f->from_data && (st = lim_jd(s, err)))
        return st;
    for (size_t k = 0; k < s->nle; k++) {
        lim_entry *e = &s->le[k];
        if (e->L->y_quantity != AX_LIM_SIGMAV && !e->L->recast_axion && e->n > 0 &&
            !e->has_target)
            return ax_fail(err, AX_EINPUT, "%s: a %s limit needs a \"target\" to be recast",
                           e->L->json_path ? e->L->json_path : e->L->stem,
                           ax_limit_quantity_name(e->L->y_quantity));
    }
    return AX_OK;
}

/* ---- building ---------------------------------------------------------- */

static const char *conv_word(int c)
{
    return c == AX_DECAY_MAJORANA ? "Majorana normalisation (1024 pi^4)"
                                  : "BH16 eq. 10 normalisation (2048 pi^4)";
}

static int build_models(ax_figure *f, ax_error *err)
{
    int st;
    char h[2048 + PATH_MAX], opf[PATH_MAX];
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 2 (BH16 arXiv:1610.03852): Dodelson-Widrow line\n"
             "sin^2 2theta with Omega_s h^2 = %.3f (DM-fixed solve), flavour mu,\n"
             "%s opacity; %zu masses log-spaced in 1 keV - 1 GeV",
             AX_VERSION, AX_OMEGA_DM_H2,
             !f->o.opacity_file ? "built-in"
             : strcmp(f->o.opacity_file, AX_OPACITY_ANALYTIC_NAME) == 0
                 ? AX_OPACITY_ANALYTIC_NAME
                 : real_file(f->o.opacity_file, opf, sizeof opf),
             f->n);
    if ((st = fig_add_table(f, DW_LINE, h, "m_s [keV], sin2_2theta [1]", f->n, 2, row_dw, f,
                            err)))
        return st;
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 2 (BH16): axion-assisted <sin^2 2theta_eff>_0 today\n"
             "(rho_phi0 = f_phi rho_DM, f_phi = %g) for Omega_s h^2 = (1 - f_phi) %.3f,\n"
             "phi oscillating at T_max (m_phi chosen per mass; the value is independent\n"
             "of m_phi and f_phi there); phi evolution %s",
             AX_VERSION, f->o.f_phi, AX_OMEGA_DM_H2, fig_phi_evolution_word(f->o.phi_evolution));
    if ((st = fig_add_table(f, AXION_LINE, h, "m_s [keV], sin2_2theta_eff_0 [1]", f->n, 2,
                            row_axion, f, err)))
        return st;
    snprintf(h, sizeof h,
             "axsterile %s: sin^2 2theta above which the DW lifetime (nu gamma + 3 nu +\n"
             "nu e e, flavour mu, %s) is shorter than t_U = %.1f Gyr",
             AX_VERSION, conv_word(f->o.convention), AX_AGE_UNIVERSE_GYR);
    if ((st = fig_add_table(f, DW_LIFETIME, h, "m_s [keV], sin2_2theta(tau = t_U) [1]", f->n,
                            2, row_lifetime, f, err)))
        return st;
    const ax_structure_bound *b = fig2_structure_bound();
    snprintf(h, sizeof h,
             "axsterile %s: the masses at which the DW line (above) is excluded by structure\n"
             "formation (BH16 footnote 1): %s,\n%s;\n"
             "mapped to the DW line's own spectrum by equal mean velocity today\n"
             "(docs/physics.md section 8; -16%% to +26%% in m_s). Row 2: where the line meets\n"
             "the bound (excluded below); row 1: the left end of the mass axis. A strip up\n"
             "to sin^2 2theta = 1, the top of the plot.",
             AX_VERSION, b->name, b->reference);
    if ((st = fig_add_table(f, DW_STRUCTURE, h, "m_s [keV], sin2_2theta [1]", 2, 2,
                            row_dw_structure, f, err)))
        return st;
    snprintf(h, sizeof h,
             "axsterile %s: where the axion-assisted line (above) meets the same bound,\n"
             "%s,\n%s,\n"
             "for its own spectrum (produced earlier, colder; docs/physics.md section 8):\n"
             "masses below are excluded. The line's <sin^2 2theta_eff>_0 at that mass\n"
             "(f_phi = %g, phi evolution %s)",
             AX_VERSION, b->name, b->reference, f->o.f_phi,
             fig_phi_evolution_word(f->o.phi_evolution));
    return fig_add_table(f, AXION_STRUCTURE, h, "m_s [keV], sin2_2theta_eff_0 [1]", 1, 2,
                         row_axion_structure, f, err);
}

/* A limit's tables: as published (when it has a standard form) and recast. */
static int build_limit(ax_figure *f, lim_entry *e, ax_error *err)
{
    int st;
    char h[2048 + PATH_MAX];
    const ax_limit *L = e->L;
    char libf[PATH_MAX + 128];
    if (e->has_std) {
        snprintf(h, sizeof h,
                 "%s -- %s%s%s\n%s (%s%s), shown as sin^2 2theta in the %s;\n"
                 "source convention: %s; rows: the limit's own points inside 1 keV - 1 GeV (where\n"
                 "it has fewer than 60 there, 60 log-spaced masses, log-log interpolation)%s",
                 L->name, L->reference, L->figure && *L->figure ? ", " : "",
                 L->figure ? L->figure : "", lib_file(L, libf, sizeof libf),
                 ax_limit_quantity_name(L->y_quantity),
                 L->origin ? "" : "; limits/: the shipped library, its path in scan.json",
                 conv_word(f->o.convention),
                 L->convention ? ax_decay_convention_name(L->convention) : "none",
                 L->y_quantity == AX_LIM_FLUX ? "\nflux -> Gamma = 4 pi m_s Phi/D with "
                                                "the project's D of the source's ROI"
                                              : "");
        if ((st = fig_add_table(f, e->std_file, h, "m_s [keV], sin2_2theta [1]", e->n, 2,
                                row_lim_std, e, err)))
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
                 L->name, L->reference, AX_VERSION, e->jd.D, e->jd.J, L->dm_fraction, e->fs,
                 AX_RHO_DM_MEAN_GEV_CM3, conv_word(f->o.convention));
    return fig_add_table(f, e->rec_file, h, "m_s [keV], sin2_2theta_eff_0 [1]", e->n, 2,
                         row_lim_rec, e, err);
}

static int build(ax_figure *f, ax_error *err)
{
    int st;
    fig2_state *s = calloc(1, sizeof *s);
    if (!s)
        return ax_fail(err, AX_ERUN, "out of memory");
    f->state = s;
    f->free_state = free_state;
    if ((st = fig_set_grid(f, FIG2_MS_MIN, FIG2_MS_MAX, err)) ||
        (st = load_limits(f, s, FIG2_MS_MIN, FIG2_MS_MAX, err)) ||
        (st = build_models(f, err)))
        return st;
    for (size_t k = 0; k < s->nle; k++) {
        if (s->le[k].n < 2)
            continue; /* nothing of it inside 1 keV - 1 GeV */
        if ((st = build_limit(f, &s->le[k], err)))
            return st;
    }
    return AX_OK;
}

/* ---- plot -------------------------------------------------------------- */

/* Replace every `from` in s (size n) by `to`, in place. */
static void replace_all(char *s, size_t n, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to);
    char *at = s;
    while ((at = strstr(at, from)) != NULL) {
        size_t tail = strlen(at + lf);
        if ((size_t)(at - s) + lt + tail + 1 > n)
            return;
        memmove(at + lt, at + lf, tail + 1);
        memcpy(at, to, lt);
        at += lt;
    }
}

/* Standard abbreviations of the key (used only when a name does not fit). */
static const char *const ABBREV[][2] = {
    {"Milky Way", "MW"},
    {"Large Magellanic Cloud", "LMC"},
    {"Galactic Centre", "GC"},
    {"Galactic Center", "GC"},
    {"diffuse X-ray background", "XRB"},
};

/* out = a + b; 0 when it did not fit in n. */
static int join2(char *out, size_t n, const char *a, const char *b)
{
    int w = snprintf(out, n, "%s%s", a, b);
    return w >= 0 && (size_t)w < n;
}

/* A limit's name for the key at abbreviation level `level` (`tail` is
 * appended, e.g. " *"):
 *   0. "et al." becomes "+" (Foster+ 2021);
 *   1. and standard abbreviations: Milky Way MW, Large Magellanic Cloud
 *      LMC, Galactic Centre GC, diffuse X-ray background XRB;
 *   2. and the qualifiers between the first and the last comma of the
 *      description are dropped ("NuSTAR stray light, 11 years, MW halo"
 *      -> "NuSTAR stray light, MW halo");
 *   3. and only the first part of the description is kept ("XMM-Newton
 *      blank sky (Dessert+ 2020)");
 * and then, when `cut` is set, a text still wider than `room` (ems,
 * ax_plot_key_room_em) is taken to level 3 and has its description cut,
 * with an ellipsis, before the reference. Steps 2-3 and the cut apply only to a name that ends in a
 * reference in parentheses, which is always kept whole (the Fermi-LAT
 * names, without one, keep their region).
 * docs/figures.md, "Paper size". */
static void key_name(char *out, size_t n, const char *name, const char *tail, int level,
                     double room, int cut)
{
    char s[256];
    snprintf(s, sizeof s, "%s", name);
    replace_all(s, sizeof s, " et al.", "+");
    if (level >= 1)
        for (size_t k = 0; k < sizeof ABBREV / sizeof ABBREV[0]; k++)
            replace_all(s, sizeof s, ABBREV[k][0], ABBREV[k][1]);
    /* the reference: from the last '(' to the end */
    char *ref = strrchr(s, '(');
    size_t desc_len = ref && ref > s ? (size_t)(ref - s) : strlen(s);
    int has_ref = ref && ref > s;
    if (level >= 2 && has_ref) {
        char *c1 = memchr(s, ',', desc_len), *c2 = NULL;
        for (char *c = s; c < s + desc_len; c++)
            if (*c == ',')
                c2 = c;
        if (c1 && c2 && c2 > c1 && level == 2)
            memmove(c1, c2, strlen(c2) + 1); /* keeps ", last (ref)" */
        else if (c1 && level >= 3)
            memmove(c1, ref - 1, strlen(ref - 1) + 1); /* keeps " (ref)" */
        ref = strrchr(s, '(');
        desc_len = (size_t)(ref - s);
    }
    if ((join2(out, n, s, tail) && ax_plot_text_em(out, 0) <= room) || !cut || !has_ref)
        return;
    if (level < 3) { /* shortest first, then cut */
        key_name(out, n, name, tail, 3, room, 1);
        return;
    }
    char refpart[256];
    if (!join2(refpart, sizeof refpart, s + desc_len, tail))
        refpart[0] = '\0';
    for (size_t keep = desc_len; keep > 0; keep--) {
        /* cut at a character boundary, drop a trailing blank or comma */
        if (((unsigned char)s[keep] & 0xC0) == 0x80)
            continue;
        size_t k = keep;
        while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == ','))
            k--;
        s[k] = '\0';
        char piece[300];
        if (join2(piece, sizeof piece, s, "… ") && join2(out, n, piece, refpart) &&
            ax_plot_text_em(out, 0) <= room)
            return;
    }
    join2(out, n, refpart, "");
}

/* A limit's key tail: " *" when its recast rests on an assumed target,
 * " (recast)" when it is drawn as a recast only. */
static const char *key_tail(const lim_entry *e)
{
    return e->has_std ? (e->L->approximate ? " *" : "")
                      : (e->L->approximate ? " * (recast)" : " (recast)");
}

/* The look of a limit: the colour and marker of its sidecar ("plot"), or
 * derived from its stem, so that adding a limit to the library never
 * changes how the others are drawn (docs/figures.md). */
static void limit_look(const ax_limit *L, ax_plot_curve *c)
{
    c->point = L->plot_marker > 0 ? L->plot_marker : ax_plot_name_marker(L->stem);
    snprintf(c->rgb, sizeof c->rgb, "%s",
             L->plot_color[0] ? L->plot_color : ax_plot_name_color(L->stem));
}

/* Give the last curve added the look of limit L, a marker every `every`
 * points; inset: also in the zoomed panel. */
static void set_look(ax_plot *p, const ax_limit *L, int every, int inset)
{
    ax_plot_curve *c = &p->curves[p->ncurves - 1];
    limit_look(L, c);
    c->point_every = every;
    c->inset = inset;
}

/* A file by its real path (as given when it cannot be resolved). */
static const char *real_file(const char *path, char *out, size_t n)
{
    char r[PATH_MAX];
    snprintf(out, n, "%s", path && realpath(path, r) ? r : path ? path : "?");
    return out;
}

/* The limit file for a table's header: for the shipped library
 * "limits/STEM.csv", relative to that library, which the header says
 * (the same on every machine, so that shards merge; scan.json records its
 * full path and content hash); for a user directory (--limits,
 * $AXSTERILE_LIMITS) the file's real path. */
static const char *lib_file(const ax_limit *L, char *out, size_t n)
{
    if (L->origin)
        real_file(L->path, out, n);
    else
        snprintf(out, n, "limits/%s.csv", L->stem);
    return out;
}

/* Do two limits look at the same sky (the same "target": same region,
 * mask and profile, hence the same J and D)? */
static int same_target(const ax_limit *a, const ax_limit *b)
{
    return a->has_target && b->has_target && a->target_json && b->target_json &&
           strcmp(a->target_json, b->target_json) == 0;
}

/* The limit an annihilation limit is drawn with: the standard limit of the
 * same experiment and target (the other route of the cross-check,
 * docs/physics.md section 7b), or k itself. */
static size_t family_parent(const fig2_state *s, size_t k)
{
    const lim_entry *e = &s->le[k];
    if (e->L->y_quantity != AX_LIM_SIGMAV || !e->has_target)
        return k;
    for (size_t j = 0; j < s->nle; j++) {
        const lim_entry *c = &s->le[j];
        if (j != k && c->has_std && c->n >= 2 && c->has_target &&
            strcmp(c->L->experiment, e->L->experiment) == 0 && same_target(c->L, e->L))
            return j;
    }
    return k;
}

/* The abbreviation level of the key: the lowest at which every limit's
 * name fits a key column of `room` ems, one level for all so that the key
 * is consistent; a name that fits at no level (3 at most) does not raise
 * it, it is cut (key_name), and *all_fit is then 0. */
static int key_level_for(const fig2_state *s, double room, int *all_fit)
{
    int worst = 0;
    *all_fit = 1;
    for (size_t k = 0; k < s->nle; k++) {
        if (s->le[k].n < 2 || family_parent(s, k) != k)
            continue; /* not in the key */
        int level = 0;
        for (; level <= 3; level++) {
            char t[160];
            key_name(t, sizeof t, s->le[k].L->name, key_tail(&s->le[k]), level, room, 0);
            if (ax_plot_text_em(t, 0) <= room)
                break;
        }
        if (level > 3)
            *all_fit = 0;
        else if (level > worst)
            worst = level;
    }
    return worst;
}

static int plot_models(const ax_figure *f, ax_plot *p, ax_error *err)
{
    int st;
    snprintf(p->xlabel, sizeof p->xlabel, "m_s [keV]");
    /* the normalisation the mixing is shown in, on the axis itself */
    snprintf(p->ylabel, sizeof p->ylabel, "sin^2 2θ   (%s)",
             f->o.convention == AX_DECAY_MAJORANA ? "Majorana rate, 1024 π^4"
                                                  : "BH16 eq. 10 rate, 2048 π^4");
    p->xmin = FIG2_MS_MIN / KEV;
    p->xmax = FIG2_MS_MAX / KEV;
    if ((st = fig_add_curve(p, "DW: τ < t_U", "the region where the DW lifetime is "
                            "shorter than the age of the Universe (decay module)",
                            DW_LIFETIME, AX_PLOT_REGION_ABOVE, -1, 1, 1, err)))
        return st;
    if ((st = fig_add_curve(p, "Dodelson-Widrow, Ω_s = Ω_{DM}",
                            "DW DM-fixed line (production module)", DW_LINE, AX_PLOT_SOLID,
                            0, 3, 1, err)))
        return st;
    p->curves[p->ncurves - 1].inset = 1;
    if ((st = fig_add_curve(p, "axion-assisted <sin^2 2θ_{eff}>_0",
                            "axion-assisted DM-fixed line (production + mixing modules)",
                            AXION_LINE, AX_PLOT_DASHED, 0, 3, 1, err)))
        return st;
    /* structure formation (BH16 footnote 1): the DW line's excluded masses
     * hatched, in both panels; the axion-assisted line's bound a marker */
    char label[160], src[400];
    snprintf(src, sizeof src, "%s, %s: the DW line is excluded below this mass "
             "(structure module, docs/physics.md section 8)", fig2_structure_bound()->name,
             fig2_structure_bound()->reference);
    snprintf(label, sizeof label, "DW excluded: MW satellites (Nadler+ 2021)");
    if ((st = fig_add_curve(p, label, src, DW_STRUCTURE, AX_PLOT_HATCH_BELOW, 0, 0.5, 0, err)))
        return st;
    p->curves[p->ncurves - 1].inset = 1;
    snprintf(p->curves[p->ncurves - 1].rgb, sizeof p->curves[0].rgb, "#b3b3b3");
    snprintf(src, sizeof src, "%s: where the axion-assisted line meets it for its own "
             "spectrum (masses below are excluded)", fig2_structure_bound()->name);
    if ((st = fig_add_curve(p, "axion-assisted: its satellite bound", src,
                            AXION_STRUCTURE, AX_PLOT_POINTS, 0, 1.3, 0, err)))
        return st;
    p->curves[p->ncurves - 1].point = 2; /* a filled circle */
    return AX_OK;
}

/* Each limit: its published form solid (in the key), its recast dashed in
 * the same colour and with the same marker (no key entry of its own; one
 * entry explains dashes). The markers, about five per curve, tell the
 * curves apart where colours alone would not: in grey print and for
 * readers with colour-vision deficiency. A limit with no standard form
 * (the Fermi-LAT <sigma v> limits, converted directly) is drawn dotted in
 * the colour and marker of the limit of the same experiment and target, so
 * the two routes of the cross-check (docs/physics.md section 7b) read as
 * one family; one key entry explains dots. */
static int plot_limits(const fig2_state *s, ax_plot *p, int *ndotted, int *napprox,
                       ax_error *err)
{
    int st = AX_OK;
    /* two key columns when the names fit them without cutting, otherwise
     * one */
    int all_fit;
    double room = ax_plot_key_room_em(p, 2);
    int level = key_level_for(s, room, &all_fit);
    if (!all_fit) {
        room = ax_plot_key_room_em(p, 1);
        level = key_level_for(s, room, &all_fit);
    }
    for (size_t k = 0; k < s->nle && !st; k++) {
        const lim_entry *e = &s->le[k];
        if (e->n < 2)
            continue;
        char label[200], src[sizeof p->curves[0].source], jf[PATH_MAX];
        int every = e->n >= 10 ? (int)(e->n / 5) : 2;
        size_t parent = family_parent(s, k);
        if (parent != k) {
            /* dotted, in the look of its parent */
            snprintf(src, sizeof src, "%s, %s (%s), converted directly by "
                     "axsterile (docs/physics.md 7b)", e->L->name, e->L->reference,
                     real_file(e->L->json_path, jf, sizeof jf));
            if (!(st = fig_add_curve(p, "", src, e->rec_file, AX_PLOT_DOTTED, 0, 2, 0, err)))
                set_look(p, s->le[parent].L, every, 0);
            ++*ndotted;
            continue;
        }
        snprintf(src, sizeof src, "%s, %s (%s)", e->L->name, e->L->reference,
                 real_file(e->L->json_path, jf, sizeof jf));
        char kname[160];
        /* a "*": its recast rests on an assumed target */
        key_name(kname, sizeof kname, e->L->name, key_tail(e), level, room, 1);
        if (e->L->approximate)
            ++*napprox;
        if (e->has_std) {
            if ((st = fig_add_curve(p, kname, src, e->std_file, AX_PLOT_SOLID, 0, 1.5, 0,
                                    err)))
                break;
            set_look(p, e->L, every, 1);
            label[0] = '\0';
        } else {
            snprintf(label, sizeof label, "%s", kname);
        }
        snprintf(src, sizeof src, "recast of %s, %s, by axsterile (docs/physics.md 7b)",
                 e->L->stem, e->L->reference);
        if (!(st = fig_add_curve(p, label, src, e->rec_file,
                                 e->L->approximate ? AX_PLOT_DASHDOT : AX_PLOT_DASHED, 0, 1.5,
                                 0, err)))
            set_look(p, e->L, every, 0);
    }
    return st;
}

/* The zoomed panel: the X-ray limits of 4-60 keV, where a dozen curves
 * overlap, as published (solid) with the DW line; y from those curves. */
#define FIG2_ZOOM_MIN 4.0
#define FIG2_ZOOM_MAX 60.0

static void plot_zoom(const ax_figure *f, ax_plot *p)
{
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < p->ncurves; i++) {
        const ax_plot_curve *c = &p->curves[i];
        const ax_scan_table *t = fig_find_table(&f->scan, c->data_file);
        if (!c->inset || !t || c->style == AX_PLOT_HATCH_BELOW ||
            (c->style >= AX_PLOT_REGION_ABOVE && c->style <= AX_PLOT_BAND))
            continue;
        for (size_t r = 0; r < t->hi - t->lo; r++) {
            const double *d = &t->data[r * t->ncols];
            if (t->valid[r] && d[0] >= FIG2_ZOOM_MIN && d[0] <= FIG2_ZOOM_MAX && d[1] > 0) {
                lo = fmin(lo, d[1]);
                hi = fmax(hi, d[1]);
            }
        }
    }
    if (!(lo < hi))
        return;
    p->ixmin = FIG2_ZOOM_MIN;
    p->ixmax = FIG2_ZOOM_MAX;
    p->iymin = pow(10.0, floor(log10(lo)));
    p->iymax = pow(10.0, ceil(log10(hi)));
    snprintf(p->iylabel, sizeof p->iylabel, "sin^2 2θ");
    snprintf(p->inset_label, sizeof p->inset_label,
             "%g-%g keV, as published", FIG2_ZOOM_MIN, FIG2_ZOOM_MAX);
}

static int plot(const ax_figure *f, ax_plot *p, ax_error *err)
{
    const fig2_state *s = f->state;
    int st, ndotted = 0, napprox = 0;
    if ((st = plot_models(f, p, err)) || (st = plot_limits(s, p, &ndotted, &napprox, err)))
        return st;
    char key[160];
    snprintf(key, sizeof key, "dashed: recast, axion-assisted, f_φ = %g", f->o.f_phi);
    if ((st = fig_add_curve(p, key, "key entry only", "", AX_PLOT_DASHED, 8, 1.5, 1, err)))
        return st;
    if (napprox &&
        (st = fig_add_curve(p, "* dot-dashed: recast on an assumed target",
                            "key entry only: the limit's sidecar says \"approximate\": true",
                            "", AX_PLOT_DASHDOT, 8, 1.5, 1, err)))
        return st;
    if (ndotted &&
        (st = fig_add_curve(p, "dotted: <σv> limits (hidden under dashed)", "key entry only", "", AX_PLOT_DOTTED, 8, 2, 1, err)))
        return st;
    /* y range: every curve inside, rounded out to decades */
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < p->ncurves; i++) {
        const ax_scan_table *t = fig_find_table(&f->scan, p->curves[i].data_file);
        if (t)
            fig_table_range(t, 1, &lo, &hi);
    }
    if (!(lo < hi))
        return ax_fail(err, AX_ERUN, "fig2: no data to plot");
    p->ymin = pow(10.0, floor(log10(lo)));
    p->ymax = pow(10.0, ceil(log10(hi)));
    if (p->ymax > 1.0)
        p->ymax = 1.0;
    plot_zoom(f, p);
    return AX_OK;
}

const ax_figure_type fig_type_fig2 = {
    "fig2",
    "sin^2 2theta against m_s (1 keV - 1 GeV): DW and axion-assisted DM-fixed lines, "
    "every limit and its recast, the DW lifetime region (BH16 Fig. 2)",
    build,
    plot,
};
