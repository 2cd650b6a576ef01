/* test_figures.c -- the figure registry, a figure computed and read back
 * (ax_figure_load draws the same plot without a production context), and
 * the values of one of its analytic curves (the CMB bound of BH16 Fig. 3). */
#include "harness.h"

#include "axsterile/constants.h" /* M_PI */
#include "axsterile/figures.h"
#include "axsterile/mixing.h" /* AX_PHI_STEP */
#include "axsterile/production.h"

#include "../src/figures/figure.h" /* fig3_set_search, fig3_search_info_of */

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static void test_registry(void)
{
    size_t n = ax_figure_count();
    CHECK(n == 3, "%zu figures registered; BH16 has three", n);
    const char *want[] = {"fig1", "fig2", "fig3"};
    for (size_t i = 0; i < n && i < 3; i++) {
        CHECK(strcmp(ax_figure_name_at(i), want[i]) == 0, "figure %zu is '%s', want '%s'", i,
              ax_figure_name_at(i), want[i]);
        const char *s = ax_figure_summary_at(i);
        char fig[16];
        snprintf(fig, sizeof fig, "BH16 Fig. %zu", i + 1);
        CHECK(s && strstr(s, fig), "summary of %s names '%s': '%s'", want[i], fig,
              s ? s : "(null)");
    }
    CHECK(ax_figure_name_at(n) == NULL && ax_figure_summary_at(n) == NULL,
          "past the end: NULL");
    char names[64];
    ax_figure_names(names, sizeof names);
    CHECK(strcmp(names, "fig1, fig2 or fig3") == 0, "names for messages: '%s'", names);
    ax_figure_names(names, 7); /* truncated, still a string */
    CHECK(strcmp(names, "fig1, ") == 0, "truncated names: '%s'", names);

    ax_error err;
    ax_figure *f = (ax_figure *)&err; /* must be set to NULL on failure */
    CHECK_STATUS(ax_figure_create("fig9", NULL, &f, &err), AX_EINPUT, &err,
                 "unknown figure 'fig9'; expected fig1, fig2 or fig3");
    CHECK(f == NULL, "a failed create leaves *fig NULL");
}

/* Fig. 3's CMB bound: g_a at which tau(nu_s -> nu a) = 160 Gyr f_s with
 * Gamma = g_a^2 m_s/(16 pi) v^2/(2 f_a^2) (BH16 eqs. 11, 14), from the
 * published constants: hbar = 6.582119569e-25 GeV s, v = 246.22 GeV,
 * 1 Gyr = 3.15576e16 s (Julian). */
static double cmb_g(double m_s_GeV, double f_a, double f_s)
{
    double tau = 160.0 * 3.15576e16 * f_s;
    double v = 246.22;
    return sqrt(6.582119569e-25 / tau * 16.0 * M_PI / m_s_GeV * 2.0 * f_a * f_a / (v * v));
}

static const ax_scan_table *table(ax_figure *f, const char *file)
{
    const ax_scan *s = ax_figure_scan(f);
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].file, file) == 0)
            return &s->tables[i];
    return NULL;
}

static void test_cmb_rows(ax_figure *f, double f_phi)
{
    const double fa[] = {1e9, 1e12};
    const char *file[] = {"cmb_fa1e9.csv", "cmb_fa1e12.csv"};
    for (int k = 0; k < 2; k++) {
        const ax_scan_table *t = table(f, file[k]);
        CHECK(t != NULL, "fig3 has %s", file[k]);
        if (!t)
            continue;
        size_t last = t->nrows - 1;
        CHECK(t->valid[0] && t->valid[last], "%s: first and last rows valid", file[k]);
        /* the axis ends exactly at 1 keV and 30 MeV */
        CHECK(t->data[0] == 1.0 && t->data[last * 2] == 3e4, "%s: m_s from %g to %g keV",
              file[k], t->data[0], t->data[last * 2]);
        CHECK_CLOSE(t->data[1], cmb_g(1e-6, fa[k], 1.0 - f_phi), 1e-9, "g_a(CMB) at 1 keV");
        CHECK_CLOSE(t->data[last * 2 + 1], cmb_g(3e-2, fa[k], 1.0 - f_phi), 1e-9,
                    "g_a(CMB) at 30 MeV");
    }
}

static int same_plot(const ax_plot *a, const ax_plot *b)
{
    if (a->ncurves != b->ncurves || a->xmin != b->xmin || a->xmax != b->xmax ||
        a->ymin != b->ymin || a->ymax != b->ymax || strcmp(a->xlabel, b->xlabel) != 0 ||
        strcmp(a->ylabel, b->ylabel) != 0)
        return 0;
    for (size_t i = 0; i < a->ncurves; i++) {
        const ax_plot_curve *x = &a->curves[i], *y = &b->curves[i];
        if (strcmp(x->label, y->label) || strcmp(x->source, y->source) ||
            strcmp(x->data_file, y->data_file) || x->style != y->style ||
            x->color != y->color || x->width != y->width || x->point != y->point)
            return 0;
    }
    return 1;
}

static void test_compute_and_load(const char *dir)
{
    ax_error err;
    ax_figure_opts o;
    ax_figure_opts_defaults(&o);
    o.points = 20;
    o.f_phi = 0.05;
    o.fa_lines = 1;
    ax_figure *f;
    int st = ax_figure_create("fig3", &o, &f, &err);
    CHECK(st == AX_OK, "create fig3: %s", err.msg);
    if (st)
        return;
    CHECK(strcmp(ax_figure_name(f), "fig3") == 0, "name '%s'", ax_figure_name(f));
    ax_scan_shard whole = {1, 1};
    st = ax_scan_run(ax_figure_scan(f), whole, &err);
    if (!st)
        st = ax_scan_write(ax_figure_scan(f), dir, &err);
    CHECK(st == AX_OK, "run and write fig3: %s", err.msg);
    test_cmb_rows(f, o.f_phi);
    ax_plot computed;
    ax_plot_init(&computed, "computed");
    CHECK(ax_figure_plot(f, &computed, &err) == AX_OK, "plot fig3: %s", err.msg);
    ax_figure_free(f);

    /* read back with an opacity file that does not exist: only a figure
     * that builds the production context would open it */
    ax_figure_opts lo = o;
    lo.points = 0; /* the scan's */
    lo.opacity_file = "no/such/opacity.csv";
    CHECK(ax_figure_create("fig3", &lo, &f, &err) != AX_OK,
          "computing with a missing opacity file fails");
    st = ax_figure_load("fig3", &lo, dir, &f, &err);
    CHECK(st == AX_OK, "load fig3 without a production context: %s", err.msg);
    if (!st) {
        ax_plot loaded;
        ax_plot_init(&loaded, "loaded");
        CHECK(ax_figure_plot(f, &loaded, &err) == AX_OK, "plot loaded fig3: %s", err.msg);
        CHECK(same_plot(&computed, &loaded), "the plot read back differs from the computed one");
        ax_plot_free(&loaded);
        CHECK_STATUS(ax_scan_run(ax_figure_scan(f), whole, &err), AX_EINPUT, &err,
                     "read a scan back");
        ax_figure_free(f);
    }
    ax_plot_free(&computed);

    lo.points = 30;
    f = (ax_figure *)&err;
    CHECK_STATUS(ax_figure_load("fig3", &lo, dir, &f, &err), AX_EINPUT, &err,
                 "holds a scan with --points 20");
    CHECK(f == NULL, "a failed load leaves *fig NULL");
    lo.points = 20;
    CHECK_STATUS(ax_figure_load("fig1", &lo, dir, &f, &err), AX_EINPUT, &err,
                 "holds a fig3 scan, not fig1");
}

/* x where log(a/b) changes sign between rows (log-log interpolation of the
 * table's column ca against cb, or against the constant b when cb = 0). */
static double cross(const ax_scan_table *t, size_t ca, size_t cb, double b, double *at_a)
{
    double px = 0, pd = 0, pa = 0;
    int have = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!t->valid[r])
            continue;
        const double *d = &t->data[r * t->ncols];
        double dd = log(d[ca] / (cb ? d[cb] : b)), x = log(d[0]);
        if (have && ((pd < 0) != (dd < 0))) {
            double w = pd / (pd - dd);
            if (at_a)
                *at_a = exp(pa + w * (log(d[2]) - pa)); /* f_a there */
            return exp(px + w * (x - px));
        }
        px = x;
        pd = dd;
        pa = log(d[2]);
        have = 1;
    }
    return 0;
}

/* BH16 Fig. 3 with BH16's step evolution of the field: f_a(m_s) falls to
 * 1e9 GeV between m_s = 1 and 4 MeV (BH16: about 2 MeV), and the DM-fixed
 * line enters the CMB-excluded region where tau(nu_s -> nu a), computed
 * here from BH16 eqs. 11 and 14, equals 160 Gyr f_s (BH16: above about
 * 1 MeV). Each row is self-consistent: m_a(T_max) = 3 H(T_max). */
static void test_fig3_bh16(void)
{
    ax_error err;
    ax_figure_opts o;
    ax_figure_opts_defaults(&o);
    o.points = 20;
    o.phi_evolution = AX_PHI_STEP;
    ax_figure *f;
    int st = ax_figure_create("fig3", &o, &f, &err);
    CHECK(st == AX_OK, "create fig3: %s", err.msg);
    if (st)
        return;
    ax_scan_shard whole = {1, 1};
    st = ax_scan_run(ax_figure_scan(f), whole, &err);
    CHECK(st == AX_OK, "run fig3: %s", err.msg);
    const ax_scan_table *t = table(f, "qcd_dm_fixed.csv");
    CHECK(t && t->ncols == 5, "fig3 has qcd_dm_fixed.csv with 5 columns");
    if (st || !t) {
        ax_figure_free(f);
        return;
    }
    size_t nvalid = 0;
    for (size_t r = 0; r < t->nrows; r++)
        nvalid += t->valid[r];
    CHECK(nvalid == t->nrows, "every mass solved (%zu of %zu)", nvalid, t->nrows);
    /* f_a falls with m_s: a hotter production peak needs a heavier axion */
    int falls = 1;
    for (size_t r = 1; r < t->nrows; r++)
        falls &= t->data[r * 5 + 2] < t->data[(r - 1) * 5 + 2];
    CHECK(falls, "f_a(m_s) decreases");
    double ms_sn = cross(t, 2, 0, 1e9, NULL);
    CHECK(ms_sn > 1e3 && ms_sn < 4e3, "f_a = 1e9 GeV at m_s = %g keV; BH16: about 2 MeV "
          "(want 1-4 MeV)", ms_sn);
    double fa_edge = 0, ms_cmb = cross(t, 1, 4, 0, &fa_edge);
    CHECK(ms_cmb > 0, "the DM-fixed line enters the CMB region");
    if (ms_cmb > 0) {
        /* g_a on the DM line at the edge (log-log between rows), against the
         * g_a whose lifetime is the CMB bound at the f_a there */
        double g_edge = 0;
        for (size_t r = 1; r < t->nrows; r++) {
            const double *a = &t->data[(r - 1) * 5], *b = &t->data[r * 5];
            if (a[0] <= ms_cmb && b[0] >= ms_cmb)
                g_edge = exp(log(a[1]) + (log(b[1]) - log(a[1])) *
                             log(ms_cmb / a[0]) / log(b[0] / a[0]));
        }
        double g_cmb = cmb_g(ms_cmb * 1e-6, fa_edge, 1.0 - o.f_phi);
        /* the rows are 0.2 decades apart: interpolation error a few % */
        CHECK(fabs(log(g_edge / g_cmb)) < 0.05, "at the CMB edge m_s = %g keV: DM-fixed g_a "
              "%g, CMB bound %g (f_a = %g GeV)", ms_cmb, g_edge, g_cmb, fa_edge);
        CHECK(ms_cmb > 300 && ms_cmb < 3e3, "CMB edge at m_s = %g keV; BH16: above about "
              "1 MeV", ms_cmb);
        /* below the edge allowed, above excluded, by the independent formula */
        const double *lo = &t->data[0], *hi = &t->data[(t->nrows - 1) * 5];
        CHECK(lo[1] < cmb_g(lo[0] * 1e-6, lo[2], 1.0 - o.f_phi), "1 keV allowed by the CMB");
        CHECK(hi[1] > cmb_g(hi[0] * 1e-6, hi[2], 1.0 - o.f_phi), "30 MeV excluded by the CMB");
    }
    ax_figure_free(f);
}

/* Fig. 3's search for f_a(m_s) on all 200 default rows (exact field
 * evolution). The lattice search steps down a lattice of ln T_osc with
 * fixed-point jumps T_osc = T_max where T_max lies far below T_osc; it
 * must end in the bracket the plain stepping search (every lattice point,
 * 0.3 apart, from the top) finds, so that it passes over no sign change
 * the stepping sees, and at the same root. The default search runs the
 * lattice search on every 8th row and starts the others from those rows'
 * roots interpolated: on every row its last bracket must be a sign change
 * of ln(T_max/T_osc) (the sign of 3 H(T_max) - m_a(T_max)) no wider than
 * the tolerance, its root one end of it, and the root the stepping
 * search's crossing (the two searches each end within 2e-3 of a sign
 * change, so they agree to twice that; the next crossing the stepping
 * could see is a lattice step away). Against the search before the
 * lattice (steps from each row's own start): the same, to twice the
 * tolerance. At the root T_max = T_osc to 1% (the residual of an interval
 * of 2e-3 where ln(T_max/T_osc) has slope up to ~1 and jumps of a few
 * 1e-3 where the peak's lattice point changes). */
#define TOSC_TOL_TEST 2e-3
#define TOSC_STEP_TEST 0.3
static fig3_search_info *search_run(int mode, size_t n, double *fa)
{
    ax_error err;
    ax_figure_opts o;
    ax_figure_opts_defaults(&o);
    o.points = n;
    ax_figure *f;
    if (ax_figure_create("fig3", &o, &f, &err) != AX_OK) {
        CHECK(0, "create fig3: %s", err.msg);
        return NULL;
    }
    fig3_set_search(f, mode);
    ax_scan_shard whole = {1, 1};
    int st = ax_scan_run(ax_figure_scan(f), whole, &err);
    CHECK(st == AX_OK, "run fig3 (search %d): %s", mode, err.msg);
    fig3_search_info *in = calloc(n, sizeof *in);
    const ax_scan_table *t = table(f, "qcd_dm_fixed.csv");
    for (size_t i = 0; !st && in && t && i < n; i++) {
        const fig3_search_info *r = fig3_search_info_of(f, i);
        if (r)
            in[i] = *r;
        CHECK(r && t->valid[i], "search %d: row %zu solved", mode, i);
        fa[i] = t->data[i * t->ncols + 2];
    }
    ax_figure_free(f);
    if (st) {
        free(in);
        return NULL;
    }
    return in;
}

static void test_fig3_search(void)
{
    enum { NMAX = 200 };
    static double fa[4][NMAX];
    /* under valgrind (its preload library) the 800 rows would take many
     * minutes: the figure's 20-point grid there, all 200 rows elsewhere */
    const char *pre = getenv("LD_PRELOAD");
    size_t N = pre && strstr(pre, "vgpreload") ? 20 : NMAX;
    fig3_search_info *fast = search_run(FIG3_SEARCH_LATTICE, N, fa[0]);
    fig3_search_info *step = search_run(FIG3_SEARCH_STEP, N, fa[1]);
    fig3_search_info *old = search_run(FIG3_SEARCH_LEGACY, N, fa[2]);
    fig3_search_info *seed = search_run(FIG3_SEARCH_DEFAULT, N, fa[3]);
    if (fast && step && old) {
        int same_bracket = 1, one_step = 1, f_ok = 1;
        double d_step = 0, d_old = 0, d_fa = 0;
        long n_fast = 0, n_step = 0;
        for (size_t i = 0; i < N; i++) {
            same_bracket &= fast[i].lo == step[i].lo && fast[i].hi == step[i].hi;
            one_step &= fabs(fast[i].hi - fast[i].lo - TOSC_STEP_TEST) < 1e-9;
            f_ok &= fabs(fast[i].f_root) < 0.01;
            d_step = fmax(d_step, fabs(fast[i].root - step[i].root));
            d_old = fmax(d_old, fabs(fast[i].root - old[i].root));
            d_fa = fmax(d_fa, fabs(log(fa[0][i] / fa[2][i])));
            n_fast += fast[i].nsolve;
            n_step += step[i].nsolve;
        }
        CHECK(same_bracket, "the lattice search ends in the stepping search's bracket on "
              "every row");
        CHECK(one_step, "every bracket is one lattice step");
        CHECK(d_step <= TOSC_TOL_TEST, "root against the stepping search: %g in ln T_osc "
              "(want <= %g)", d_step, TOSC_TOL_TEST);
        CHECK(d_old <= 2 * TOSC_TOL_TEST, "root against the search before the lattice: %g "
              "in ln T_osc (want <= %g); f_a %g", d_old, 2 * TOSC_TOL_TEST, d_fa);
        CHECK(f_ok, "T_max = T_osc to 1%% at every root");
        CHECK(n_fast < n_step, "the fixed-point steps save solves (%ld against %ld)", n_fast,
              n_step);
    }
    if (seed && fast && step && old) {
        int sign = 1, at_end = 1, f_ok = 1;
        double width = 0, d_step = 0, d_old = 0, d_fa = 0;
        long n_seed = 0, n_fast = 0;
        for (size_t i = 0; i < N; i++) {
            const fig3_search_info *r = &seed[i];
            sign &= r->f_zlo >= 0 && r->f_zhi < 0;
            width = fmax(width, fabs(r->zhi - r->zlo));
            at_end &= r->root == r->zlo || r->root == r->zhi;
            f_ok &= fabs(r->f_root) < 0.01;
            d_step = fmax(d_step, fabs(r->root - step[i].root));
            d_old = fmax(d_old, fabs(r->root - old[i].root));
            d_fa = fmax(d_fa, fabs(log(fa[3][i] / fa[1][i])));
            n_seed += r->nsolve;
            n_fast += fast[i].nsolve;
        }
        CHECK(sign, "the default search's last bracket is a sign change on every row");
        CHECK(width <= TOSC_TOL_TEST * (1 + 1e-9), "the default search's last bracket: %g "
              "wide at most (want <= %g)", width, TOSC_TOL_TEST);
        CHECK(at_end, "the default search's root is an end of its last bracket");
        CHECK(f_ok, "default search: T_max = T_osc to 1%% at every root");
        CHECK(d_step <= 2 * TOSC_TOL_TEST, "default search: root against the stepping "
              "search: %g in ln T_osc (want <= %g); f_a %g", d_step, 2 * TOSC_TOL_TEST, d_fa);
        CHECK(d_old <= 2 * TOSC_TOL_TEST, "default search: root against the search before "
              "the lattice: %g in ln T_osc (want <= %g)", d_old, 2 * TOSC_TOL_TEST);
        CHECK(n_seed < n_fast, "the interpolated starts save solves (%ld against %ld)", n_seed,
              n_fast);
    }
    free(fast);
    free(step);
    free(old);
    free(seed);
}

/* The limit library of Fig. 2 from its sources (axsterile/limits.h): a
 * user directory adds its pair to the shipped library, alone with only;
 * a file there that does not load is an error naming it (the figure draws
 * every limit). */
static void test_fig2_limit_sources(void)
{
    ax_error err;
    ax_figure_opts o;
    ax_figure_opts_defaults(&o);
    o.points = 20;
    ax_figure *f;
    size_t nship = 0, nadd = 0;
    if (ax_figure_create("fig2", &o, &f, &err) == AX_OK) {
        nship = ax_figure_scan(f)->ntables;
        CHECK(!table(f, "limit_good.csv"), "the shipped Fig. 2 has no test limit");
        ax_figure_free(f);
    }
    const char *good[] = {AX_SOURCE_DIR "/tests/limits_good"};
    o.limits.dirs = good;
    o.limits.ndirs = 1;
    int st = ax_figure_create("fig2", &o, &f, &err);
    CHECK(st == AX_OK, "fig2 with an added directory: %s", err.msg);
    if (!st) {
        nadd = ax_figure_scan(f)->ntables;
        CHECK(table(f, "limit_good.csv") && table(f, "recast_good.csv") &&
                  table(f, "limit_xmm_halo_foster2021.csv"),
              "the added limit's tables next to the shipped ones");
        ax_figure_free(f);
    }
    CHECK(nship > 10 && nadd == nship + 2, "%zu tables with the added limit, %zu without",
          nadd, nship);
    o.limits.only = 1;
    st = ax_figure_create("fig2", &o, &f, &err);
    CHECK(st == AX_OK, "fig2 with only the given directory: %s", err.msg);
    if (!st) {
        CHECK(ax_figure_scan(f)->ntables == 7 && table(f, "limit_good.csv") && table(f, "dw_structure.csv"),
              "only: the three model tables, the two structure-formation tables and the test limit's two (%zu tables)",
              ax_figure_scan(f)->ntables);
        ax_figure_free(f);
    }
    const char *bad[] = {AX_SOURCE_DIR "/tests/limits_good", AX_SOURCE_DIR "/tests/limits_bad"};
    o.limits.dirs = bad;
    o.limits.ndirs = 2;
    CHECK_STATUS(ax_figure_create("fig2", &o, &f, &err), AX_EINPUT, &err, "tests/limits_bad/");
}

/* Fig. 1's bands: each row's second DM-fixed solve (f_phi = 0.1) starts
 * from the first one's coupling (Omega_s ~ g^2 f_phi); both must be the
 * roots a solve from the default coupling finds, to the solve's tolerance
 * (Omega_s to 1e-5, so g to 0.5e-5 each, 1e-5 apart at most), and the
 * abundance at the row's g_lo must be (1 - f_phi) Omega_DM to 1e-5. */
static void test_fig1_band(void)
{
    ax_error err;
    ax_figure_opts o;
    ax_figure_opts_defaults(&o);
    o.points = 20;
    ax_figure *f;
    ax_production *ctx = NULL;
    int st = ax_figure_create("fig1", &o, &f, &err);
    CHECK(st == AX_OK, "create fig1: %s", err.msg);
    if (st)
        return;
    ax_scan_shard whole = {1, 1};
    st = ax_scan_run(ax_figure_scan(f), whole, &err);
    if (!st)
        st = ax_production_init(&ctx, NULL, &err);
    CHECK(st == AX_OK, "run fig1: %s", err.msg);
    const ax_scan_table *t = table(f, "band_ms100keV.csv");
    CHECK(t && t->ncols == 3, "fig1 has band_ms100keV.csv with 3 columns");
    const size_t rows[] = {0, 9, 19};
    for (size_t k = 0; !st && t && k < 3; k++) {
        const double *d = &t->data[rows[k] * 3];
        CHECK(t->valid[rows[k]], "band row %zu valid", rows[k]);
        const double fphi[2] = {0.1, 0.001}; /* g_lo, g_hi */
        for (int c = 0; c < 2; c++) {
            ax_model m;
            ax_model_defaults(&m, AX_MODEL_PHI);
            m.m_s = 100e-6;
            m.m_phi = d[0] * 1e-9;
            m.f_phi = fphi[c];
            ax_model at = m;
            at.g_phi = d[1 + c];
            ax_prod_result r;
            int s1 = ax_production_dm_fixed(ctx, &m, &r, &err);
            CHECK(s1 == AX_OK, "direct solve: %s", err.msg);
            if (s1)
                continue;
            CHECK_CLOSE(d[1 + c], m.g_phi, 1e-5, "fig1 band row vs a DM-fixed solve from the "
                        "default coupling");
            s1 = ax_production_omega(ctx, &at, &r, &err);
            CHECK(s1 == AX_OK, "omega: %s", err.msg);
            if (!s1)
                CHECK_CLOSE(r.omega_h2, (1.0 - fphi[c]) * AX_OMEGA_DM_H2, 1.05e-5,
                            "Omega_s at the band's g_phi");
        }
    }
    ax_production_free(ctx);
    ax_figure_free(f);
}

int main(void)
{
    test_registry();
    test_fig3_bh16();
    test_fig3_search();
    test_fig2_limit_sources();
    test_fig1_band();
    char dir[] = "/tmp/axsterile_test_figures_XXXXXX";
    if (!mkdtemp(dir)) {
        SKIP("no temporary directory");
        return harness_done("test_figures");
    }
    test_compute_and_load(dir);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", dir);
    return harness_done("test_figures");
}
