/* common.c -- helpers the figure files share (see figure.h): the main
 * axis, tables and series, gaps, and the plot of a figure made of series. */
#include "figure.h"

#include "axsterile/cosmo.h"
#include "axsterile/mixing.h"
#include "axsterile/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ends are lo and hi exactly: exp(log(x)) can land an ulp outside
 * [lo, hi], and the ends are the supported range's bounds (found with
 * --points 40, where 1 GeV came out as 1 GeV + 1 ulp). */
double *fig_log_grid(double lo, double hi, size_t n)
{
    double *g = malloc(n * sizeof *g);
    if (!g)
        return NULL;
    for (size_t i = 0; i < n; i++)
        g[i] = i == 0 ? lo : i == n - 1 ? hi
             : exp(log(lo) + (log(hi) - log(lo)) * (double)i / (double)(n - 1));
    return g;
}

int fig_set_grid(ax_figure *f, double lo, double hi, ax_error *err)
{
    f->n = f->o.points;
    f->grid = fig_log_grid(lo, hi, f->n);
    return f->grid ? AX_OK : ax_fail(err, AX_ERUN, "out of memory");
}

static int row_not_computed(void *ctx, size_t i, double *row, ax_error *err)
{
    const ax_figure *f = ctx;
    (void)i;
    (void)row;
    return ax_fail(err, AX_EINPUT, "%s was opened to read a scan back (ax_figure_load), not "
                   "to compute it; create it with ax_figure_create", f->type->name);
}

int fig_add_table(ax_figure *f, const char *file, const char *header, const char *columns,
                  size_t nrows, size_t ncols, ax_scan_row_fn row, void *ctx, ax_error *err)
{
    if (f->from_data) {
        row = row_not_computed;
        ctx = f;
    }
    return ax_scan_add(&f->scan, file, header, columns, nrows, ncols, row, ctx, err);
}

int fig_series_reserve(ax_figure *f, size_t n, ax_error *err)
{
    free(f->series);
    f->nseries = 0;
    f->series = calloc(n ? n : 1, sizeof *f->series);
    f->series_cap = f->series ? n : 0;
    return f->series ? AX_OK : ax_fail(err, AX_ERUN, "out of memory");
}

fig_series *fig_series_add(ax_figure *f, double a, const char *file, const char *label,
                           const char *source, ax_plot_style style, int color, double width,
                           ax_error *err)
{
    if (f->nseries >= f->series_cap) {
        ax_fail(err, AX_ERUN, "%s: more series than the %zu reserved (%s)", f->type->name,
                f->series_cap, file);
        return NULL;
    }
    fig_series *se = &f->series[f->nseries++];
    memset(se, 0, sizeof *se);
    se->fig = f;
    se->a = a;
    ax_plot_curve *c = &se->curve;
    snprintf(c->label, sizeof c->label, "%s", label);
    snprintf(c->source, sizeof c->source, "%s", source);
    snprintf(c->data_file, sizeof c->data_file, "%s", file);
    c->style = style;
    c->color = color;
    c->width = width;
    c->enhanced = 1;
    return se;
}

int fig_gap_or(int st, ax_error *err)
{
    return st == AX_ERUN ? (err->status = AX_NO_VALUE, AX_NO_VALUE) : st;
}

/* 300 H at three times the expected axion-assisted T_max ~ 2 T_max,DW. */
double fig_mphi_oscillating(const ax_figure *f, double m_s)
{
    return 300.0 * ax_cosmo_hubble(ax_production_cosmo(f->prod), 3.0 * 2.0 * ax_tmax_bh16(m_s));
}

const char *fig_phi_evolution_word(int phi_evolution)
{
    return phi_evolution == AX_PHI_STEP ? "step (BH16)" : "exact";
}

int fig_add_curve(ax_plot *p, const char *label, const char *source, const char *file,
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

const ax_scan_table *fig_find_table(const ax_scan *s, const char *file)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].file, file) == 0)
            return &s->tables[i];
    return NULL;
}

void fig_table_range(const ax_scan_table *t, size_t col, double *lo, double *hi)
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

int fig_plot_series(const ax_figure *f, ax_plot *p, const char *xlabel, const char *ylabel,
                    double xmin, double xmax, ax_error *err)
{
    snprintf(p->xlabel, sizeof p->xlabel, "%s", xlabel);
    snprintf(p->ylabel, sizeof p->ylabel, "%s", ylabel);
    p->xmin = xmin;
    p->xmax = xmax;
    int st = AX_OK;
    for (size_t k = 0; !st && k < f->nseries; k++)
        st = ax_plot_add(p, &f->series[k].curve, err);
    if (st)
        return st;
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < p->ncurves; i++) {
        const ax_scan_table *t = fig_find_table(&f->scan, p->curves[i].data_file);
        if (!t || p->curves[i].style == AX_PLOT_REGION_ABOVE)
            continue;
        for (size_t c = 1; c < t->ncols; c++)
            fig_table_range(t, c, &lo, &hi);
    }
    if (!(lo < hi))
        return ax_fail(err, AX_ERUN, "%s: no data to plot", f->type->name);
    p->ymin = pow(10.0, floor(log10(lo)));
    p->ymax = pow(10.0, ceil(log10(hi)));
    return AX_OK;
}
