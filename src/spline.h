/*
 * spline.h -- interpolation tables behind the opaque types of the public
 * headers (private to the library: not installed).
 *
 * cosmo.h, medium.h and mixing.h keep their tables as `struct ax_spline *`
 * and `struct ax_spline2d *`, types the public headers only name, so that
 * no GSL type appears in the installed API (docs/api.md, "Versioning").
 * This file defines them over GSL's gsl_spline / gsl_spline2d.
 *
 * Evaluation uses no accelerator, so one table may be read from several
 * threads at once. The symbols are hidden: they are not part of the
 * shared library's interface.
 */
#ifndef AXSTERILE_SPLINE_H
#define AXSTERILE_SPLINE_H

#include <stddef.h>

#if defined(__GNUC__)
#define AX_INTERNAL __attribute__((visibility("hidden")))
#else
#define AX_INTERNAL
#endif

typedef struct ax_spline ax_spline;
typedef struct ax_spline2d ax_spline2d;

/* A Steffen spline through (x[i], y[i]), i < n (monotone between the nodes,
 * continuous first derivative; x strictly increasing, n >= 3). The data
 * are copied. Returns AX_OK, AX_ERUN when out of memory, AX_EINPUT when the
 * nodes are refused (x not increasing, too few). *out is NULL on failure. */
AX_INTERNAL int ax_spline_new(ax_spline **out, const double *x, const double *y,
                              size_t n);

/* The spline at x, which must lie inside [x[0], x[n-1]] (callers clamp). */
AX_INTERNAL double ax_spline_eval(const ax_spline *s, double x);

/* The same value, from the interval *hint (any start; updated): O(1) when
 * successive x are close, as along an ODE solution. *hint is the caller's,
 * so that tables stay free of shared state. */
AX_INTERNAL double ax_spline_eval_hint(const ax_spline *s, double x, size_t *hint);

/* Its first derivative at x (same range). */
AX_INTERNAL double ax_spline_eval_deriv(const ax_spline *s, double x);

/* NULL is allowed. */
AX_INTERNAL void ax_spline_free(ax_spline *s);

/* A bilinear interpolation of z on the grid x[i] (nx) times y[j] (ny),
 * z[j * nx + i]; both axes strictly increasing. Statuses as ax_spline_new. */
AX_INTERNAL int ax_spline2d_new(ax_spline2d **out, const double *x, const double *y,
                                const double *z, size_t nx, size_t ny);

/* z at (x, y) inside the grid: AX_OK, or AX_EINPUT (nothing written) when
 * the point is outside. */
AX_INTERNAL int ax_spline2d_eval(const ax_spline2d *s, double x, double y, double *z);

AX_INTERNAL void ax_spline2d_free(ax_spline2d *s);

#endif /* AXSTERILE_SPLINE_H */
