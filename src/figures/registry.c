/* registry.c -- the list of figures and the life of a figure object
 * (axsterile/figures.h). Adding a figure: a file figN.c exporting an
 * ax_figure_type (see figure.h) and one line in FIGURES below. */
#include "figure.h"

#include "axsterile/decay.h"
#include "axsterile/mixing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const ax_figure_type fig_type_fig1, fig_type_fig2, fig_type_fig3;

/* Every figure, in the order --help lists them. */
static const ax_figure_type *const FIGURES[] = {
    &fig_type_fig1,
    &fig_type_fig2,
    &fig_type_fig3,
};
#define NFIGURES (sizeof FIGURES / sizeof FIGURES[0])

size_t ax_figure_count(void) { return NFIGURES; }

const char *ax_figure_name_at(size_t i) { return i < NFIGURES ? FIGURES[i]->name : NULL; }

const char *ax_figure_summary_at(size_t i)
{
    return i < NFIGURES ? FIGURES[i]->summary : NULL;
}

void ax_figure_names(char *buf, size_t len)
{
    size_t k = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < NFIGURES && k < len; i++) {
        const char *sep = i == 0 ? "" : i + 1 == NFIGURES ? " or " : ", ";
        int w = snprintf(buf + k, len - k, "%s%s", sep, FIGURES[i]->name);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}

static const ax_figure_type *find_type(const char *name)
{
    for (size_t i = 0; i < NFIGURES; i++)
        if (strcmp(FIGURES[i]->name, name) == 0)
            return FIGURES[i];
    return NULL;
}

void ax_figure_opts_defaults(ax_figure_opts *o)
{
    memset(o, 0, sizeof *o);
    o->points = AX_FIGURE_POINTS_DEFAULT;
    o->f_phi = AX_FIGURE_FPHI_DEFAULT;
    o->convention = AX_DECAY_DEFAULT;
    o->phi_evolution = AX_PHI_EXACT;
}

ax_scan *ax_figure_scan(ax_figure *fig) { return &fig->scan; }

const char *ax_figure_name(const ax_figure *fig) { return fig->type->name; }

void ax_figure_free(ax_figure *fig)
{
    if (!fig)
        return;
    if (fig->free_state)
        fig->free_state(fig->state);
    free(fig->series);
    free(fig->grid);
    ax_scan_free(&fig->scan);
    ax_production_free(fig->prod);
    free(fig);
}

/* The figure `name` with its tables defined; from_data: without the
 * production context, J and D (its rows will be read back). */
static int figure_new(const char *name, const ax_figure_opts *o, int from_data,
                      ax_figure **out, ax_error *err)
{
    *out = NULL;
    const ax_figure_type *type = find_type(name);
    if (!type) {
        char names[256];
        ax_figure_names(names, sizeof names);
        return ax_fail(err, AX_EINPUT, "unknown figure '%s'; expected %s", name, names);
    }
    ax_figure_opts d;
    if (!o) {
        ax_figure_opts_defaults(&d);
        o = &d;
    }
    if (o->points < AX_FIGURE_POINTS_MIN || o->points > AX_FIGURE_POINTS_MAX)
        return ax_fail(err, AX_EINPUT, "--points %zu; expected %d to %d", o->points,
                       AX_FIGURE_POINTS_MIN, AX_FIGURE_POINTS_MAX);
    if (!(o->f_phi > 0 && o->f_phi < 1))
        return ax_fail(err, AX_EINPUT, "--fphi %g; expected a fraction in (0, 1)", o->f_phi);
    ax_figure *f = calloc(1, sizeof *f);
    if (!f)
        return ax_fail(err, AX_ERUN, "out of memory");
    f->type = type;
    f->o = *o;
    f->from_data = from_data;
    ax_scan_init(&f->scan, type->name, o->points);
    int st = AX_OK;
    if (!from_data) {
        ax_production_opts po;
        ax_production_opts_defaults(&po);
        po.opacity_file = o->opacity_file;
        /* Fig. 2 reaches m_s = 1 GeV, whose production lies above the
         * opacity table (10 GeV): the points that need it, and only those,
         * use the opacity continued beyond the table (docs/figures.md,
         * "Opacity beyond its table") */
        po.extrapolate = AX_EXTRAPOLATE_AS_NEEDED;
        st = ax_production_init(&f->prod, &po, err);
    }
    if (!st)
        st = type->build(f, err);
    if (st) {
        ax_figure_free(f);
        return st;
    }
    *out = f;
    return AX_OK;
}

int ax_figure_create(const char *name, const ax_figure_opts *o, ax_figure **out,
                     ax_error *err)
{
    return figure_new(name, o, 0, out, err);
}

int ax_figure_load(const char *name, const ax_figure_opts *o, const char *dir,
                   ax_figure **out, ax_error *err)
{
    *out = NULL;
    ax_figure_opts oo;
    if (o)
        oo = *o;
    else
        ax_figure_opts_defaults(&oo);
    int st = AX_OK;
    if (oo.points == 0 && (st = ax_scan_dir_points(dir, &oo.points, err)))
        return st;
    ax_figure *f;
    if ((st = figure_new(name, &oo, 1, &f, err)))
        return st;
    if ((st = ax_scan_load(&f->scan, dir, err))) {
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
    snprintf(p->name, sizeof p->name, "%s", f->type->name);
    return f->type->plot(f, p, err);
}
