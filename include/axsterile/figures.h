/*
 * axsterile/figures.h -- the figures of BH16 as scans plus plot
 * descriptions (SPEC section 8).
 *
 *   fig1  (m_phi, g_phi) plane: DM-fixed bands for several m_s over a range
 *         of f_phi, the line m_phi = 3 H(T_max), the CMB lifetime bound on
 *         nu_s -> nu phi, naturalness lines.
 *   fig2  sin^2 2theta vs m_s (1 keV - 1 GeV): DW DM-fixed line, the
 *         axion-assisted <sin^2 2theta_eff>_0, every decay limit and its
 *         recast, the region where the DW lifetime is shorter than t_U.
 *   fig3  g_a vs m_s for the QCD axion: DM-fixed lines for several f_a,
 *         the f_a = 1e9 GeV boundary and the CMB-excluded region.
 *
 * A figure owns its inputs (production context, limits, J and D of every
 * limit's target) and an ax_scan whose tables hold every curve. Compute it
 * with ax_scan_run (whole or one shard), write it with ax_scan_write, and,
 * for an unsharded run, describe the plot with ax_figure_plot.
 */
#ifndef AXSTERILE_FIGURES_H
#define AXSTERILE_FIGURES_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/plot.h"
#include "axsterile/scan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ax_figure_opts {
    size_t points;          /* grid points of the main axis (default 200) */
    double f_phi;           /* phi (or axion) fraction of the DM (default 1e-2) */
    int convention;         /* AX_DECAY_MAJORANA (default) or _DIRAC (BH16 eq. 10) */
    const char *limits_dir; /* NULL: the shipped limits/ */
    const char *opacity_file; /* NULL: built-in opacity */
    int phi_evolution;      /* AX_PHI_EXACT (default) or AX_PHI_STEP */
} ax_figure_opts;

void ax_figure_opts_defaults(ax_figure_opts *o);

typedef struct ax_figure ax_figure;

/* name: "fig1", "fig2" or "fig3" (AX_EINPUT otherwise). Loads the limits,
 * computes the J and D of their targets and defines the scan tables. */
int ax_figure_create(const char *name, const ax_figure_opts *o, ax_figure **fig,
                     ax_error *err);
void ax_figure_free(ax_figure *fig);

/* The scan that computes the figure's curves (owned by the figure). */
ax_scan *ax_figure_scan(ax_figure *fig);

/* After an unsharded ax_scan_run: the plot (curves, labels, sources, axis
 * ranges that hold every curve). p must be ax_plot_init'ed by the caller. */
int ax_figure_plot(const ax_figure *fig, ax_plot *p, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_FIGURES_H */
