/* test_figures.c -- the figure registry, a figure computed and read back
 * (ax_figure_load draws the same plot without a production context), and
 * the values of one of its analytic curves (the CMB bound of BH16 Fig. 3). */
#include "harness.h"

#include "axsterile/constants.h" /* M_PI */
#include "axsterile/figures.h"

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
        /* the axis ends exactly at 1 keV and 10 MeV */
        CHECK(t->data[0] == 1.0 && t->data[last * 2] == 1e4, "%s: m_s from %g to %g keV",
              file[k], t->data[0], t->data[last * 2]);
        CHECK_CLOSE(t->data[1], cmb_g(1e-6, fa[k], 1.0 - f_phi), 1e-9, "g_a(CMB) at 1 keV");
        CHECK_CLOSE(t->data[last * 2 + 1], cmb_g(1e-2, fa[k], 1.0 - f_phi), 1e-9,
                    "g_a(CMB) at 10 MeV");
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

int main(void)
{
    test_registry();
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
