/*
 * axsterile/figures.h -- the figures of BH16 as scans plus plot
 * descriptions. Each figure is one file under src/figures/ registered in
 * src/figures/registry.c; ax_figure_count() and ax_figure_name_at() list
 * them (fig1: the (m_phi, g_phi) plane; fig2: sin^2 2theta against m_s
 * with every limit and its recast; fig3: the QCD axion), and
 * ax_figure_summary_at() says what each one shows. What each curve is:
 * docs/figures.md.
 *
 * A figure owns its inputs (production context, limits, J and D of every
 * limit's target) and an ax_scan whose tables hold every curve. Compute it
 * with ax_scan_run (whole or one shard), write it with ax_scan_write, and,
 * for an unsharded run, describe the plot with ax_figure_plot. A scan
 * already on disk is read back with ax_figure_load, which computes none of
 * the inputs the rows would need.
 */
#ifndef AXSTERILE_FIGURES_H
#define AXSTERILE_FIGURES_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/limits.h"
#include "axsterile/plot.h"
#include "axsterile/scan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Grid points of a figure's main axis: default and range; the default
 * phi (or axion) fraction of the dark matter. */
#define AX_FIGURE_POINTS_DEFAULT 200
#define AX_FIGURE_POINTS_MIN 20
#define AX_FIGURE_POINTS_MAX 100000
#define AX_FIGURE_FPHI_DEFAULT 0.01

typedef struct ax_figure_opts {
    size_t points;          /* grid points of the main axis (AX_FIGURE_POINTS_*) */
    double f_phi;           /* phi (or axion) fraction of the DM, in (0, 1) */
    int convention;         /* AX_DECAY_MAJORANA (default) or _DIRAC (BH16 eq. 10) */
    ax_limit_sources limits; /* the limit library (axsterile/limits.h): the shipped
                              * limits/, then limits.dirs, a later stem replacing an
                              * earlier one; limits.only: the dirs alone. Zeroed (the
                              * default): the shipped library. A figure draws every
                              * limit, so a file of these directories that does not
                              * load is an error (AX_EINPUT naming it). */
    const char *opacity_file; /* NULL: built-in opacity */
    int phi_evolution;      /* AX_PHI_EXACT (default) or AX_PHI_STEP */
    int fa_lines;           /* fig3: DM-fixed lines at fixed f_a (1e9 - 1e12 GeV)
                             * instead of BH16's f_a(m_s) (default 0) */
} ax_figure_opts;

void ax_figure_opts_defaults(ax_figure_opts *o);

/* The registered figures: how many, and the name ("fig2") and one-line
 * summary of figure i (NULL when i >= ax_figure_count()). */
size_t ax_figure_count(void);
const char *ax_figure_name_at(size_t i);
const char *ax_figure_summary_at(size_t i);

/* The names for a message: "fig1, fig2 or fig3" (truncated to len). */
void ax_figure_names(char *buf, size_t len);

typedef struct ax_figure ax_figure;

/* name: a registered figure (AX_EINPUT otherwise). Builds the production
 * context, loads the limits, computes the J and D of their targets and
 * defines the scan tables. o: NULL for the defaults. */
int ax_figure_create(const char *name, const ax_figure_opts *o, ax_figure **fig,
                     ax_error *err);

/* The figure with its tables read back from the complete scan in dir (an
 * unsharded run or merged shards) instead of computed: no production
 * context, no J or D; the scan cannot be run. o->points = 0 takes the
 * points recorded in dir; the other options must be those of the scan. */
int ax_figure_load(const char *name, const ax_figure_opts *o, const char *dir,
                   ax_figure **fig, ax_error *err);
void ax_figure_free(ax_figure *fig);

/* Its name ("fig2"). */
const char *ax_figure_name(const ax_figure *fig);

/* The scan that computes the figure's curves (owned by the figure). */
ax_scan *ax_figure_scan(ax_figure *fig);

/* After an unsharded ax_scan_run or ax_figure_load: the plot (curves, labels, sources, axis
 * ranges that hold every curve). p must be ax_plot_init'ed by the caller. */
int ax_figure_plot(const ax_figure *fig, ax_plot *p, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_FIGURES_H */
