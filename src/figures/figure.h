/* figure.h -- private to src/figures/: the figure object, the type table
 * each figure file exports, and the helpers they share. Not installed.
 *
 * A figure is one file here (fig1.c, ...) that ends with one table
 *   const ax_figure_type fig_type_fig2 = {"fig2", "summary", build, plot};
 * and one line in registry.c. build() defines the figure's tables (an
 * ax_scan) and, for fig1/fig3-style figures, one series per table carrying
 * how its curve is drawn; plot() describes the gnuplot figure once the
 * tables hold their rows (computed, or read back with --from-data).
 *
 * Read back (ax_figure_load): there is no production context (prod is
 * NULL), no J or D is integrated and the row functions are never called;
 * build() must then only define the tables (file names, columns, rows)
 * and what plot() needs. fig_add_table() makes sure of the last point. */
#ifndef AXSTERILE_FIGURE_PRIVATE_H
#define AXSTERILE_FIGURE_PRIVATE_H

#include <stddef.h>

#include "axsterile/figures.h"
#include "axsterile/production.h"

#define KEV 1e-6 /* GeV */
#define EV 1e-9  /* GeV */

typedef struct ax_figure_type {
    const char *name;    /* "fig2": the word on the command line, the file stem */
    const char *summary; /* one line, for --help */
    int (*build)(ax_figure *f, ax_error *err);
    int (*plot)(const ax_figure *f, ax_plot *p, ax_error *err);
} ax_figure_type;

/* One table of a figure drawn as one curve: its row parameters and its
 * curve (label, source, style, colour; data_file is the table's file). */
typedef struct fig_series {
    ax_figure *fig;
    double a, b;         /* the row function's parameters (m_s, f_a, Lambda, ...) */
    ax_plot_curve curve;
} fig_series;

struct ax_figure {
    const ax_figure_type *type;
    ax_figure_opts o;
    int from_data;       /* tables read back, never computed */
    ax_production *prod; /* NULL when from_data */
    size_t n;            /* points of the main axis */
    double *grid;        /* the main axis, GeV */
    ax_scan scan;
    fig_series *series;
    size_t nseries, series_cap;
    void *state;         /* a figure's own data (fig2: its limits) */
    void (*free_state)(void *state);
};

/* n log-spaced values from lo to hi (the ends exactly lo and hi). */
double *fig_log_grid(double lo, double hi, size_t n);

/* The figure's main axis: o.points values log-spaced in [lo, hi] (GeV). */
int fig_set_grid(ax_figure *f, double lo, double hi, ax_error *err);

/* ax_scan_add, except that a figure opened to read data back gets a row
 * function that refuses to compute. */
int fig_add_table(ax_figure *f, const char *file, const char *header, const char *columns,
                  size_t nrows, size_t ncols, ax_scan_row_fn row, void *ctx, ax_error *err);

/* Room for n series (their addresses are row contexts: they never move). */
int fig_series_reserve(ax_figure *f, size_t n, ax_error *err);

/* The next series: parameter a, its table's file, and its curve's label,
 * source, style, colour and width (gnuplot enhanced text in the label).
 * NULL, with err filled, past the room reserved. */
fig_series *fig_series_add(ax_figure *f, double a, const char *file, const char *label,
                           const char *source, ax_plot_style style, int color, double width,
                           ax_error *err);

/* A DM-fixed solve that failed (AX_ERUN) is a gap in a figure, not an
 * error: the message is kept, the row has no value, the scan counts it. */
int fig_gap_or(int st, ax_error *err);

/* A phi mass that oscillates well before the axion-assisted production
 * peaks: m_phi = 300 H(3 x 2 T_max,DW) (GeV), T_max,DW = ax_tmax_bh16(m_s)
 * (an axion-assisted peak is about twice as hot). */
double fig_mphi_oscillating(const ax_figure *f, double m_s);

/* "step (BH16)" or "exact": the phi evolution, for headers. */
const char *fig_phi_evolution_word(int phi_evolution);

/* Append a curve to p. */
int fig_add_curve(ax_plot *p, const char *label, const char *source, const char *file,
                  ax_plot_style style, int color, double width, int enhanced, ax_error *err);

/* The table written to file, or NULL. */
const ax_scan_table *fig_find_table(const ax_scan *s, const char *file);

/* Extend [lo, hi] by the valid positive values of column col of a table. */
void fig_table_range(const ax_scan_table *t, size_t col, double *lo, double *hi);

/* The plot of a figure made of series (Figs. 1 and 3): its curves in order,
 * log axes over [xmin, xmax], y rounded out to decades around every curve
 * but the shaded regions. */
int fig_plot_series(const ax_figure *f, ax_plot *p, const char *xlabel, const char *ylabel,
                    double xmin, double xmax, ax_error *err);

/* Fig. 3's search for f_a(m_s) (fig3.c), for the tests: the search a
 * figure's rows use (set after ax_figure_create, before the scan), and, per
 * row, the bracket in ln(T_osc/GeV) the stepping found, the root, ln(T_max/
 * T_osc) there, Brent's last bracket and the DM-fixed solves made.
 * LATTICE: steps down a lattice of ln T_osc with fixed-point jumps; STEP:
 * every lattice point; LEGACY: the search before the lattice (steps from
 * the row's own start, GSL's Brent); DEFAULT: LATTICE on every 8th row
 * (and the last), the rows between from those rows' roots interpolated. */
enum {
    FIG3_SEARCH_DEFAULT = 0,
    FIG3_SEARCH_STEP = 1,
    FIG3_SEARCH_LEGACY = 2,
    FIG3_SEARCH_LATTICE = 3
};
typedef struct fig3_search_info {
    double lo, hi, root, f_root;
    double zlo, zhi, f_zlo, f_zhi; /* Brent's last bracket: f(zlo) >= 0 > f(zhi) */
    int nsolve;
} fig3_search_info;
void fig3_set_search(ax_figure *f, int mode);
const fig3_search_info *fig3_search_info_of(const ax_figure *f, size_t row);

#endif /* AXSTERILE_FIGURE_PRIVATE_H */
