/* spline.c -- the opaque interpolation tables of src/spline.h, over GSL. */
#include "spline.h"

#include "axsterile/error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_spline2d.h>
#include <stdlib.h>

struct ax_spline {
    gsl_spline *s;
};

struct ax_spline2d {
    gsl_spline2d *s;
};

int ax_spline_new(ax_spline **out, const double *x, const double *y, size_t n)
{
    *out = NULL;
    if (n < 3)
        return AX_EINPUT;
    ax_spline *sp = malloc(sizeof *sp);
    if (!sp)
        return AX_ERUN;
    sp->s = gsl_spline_alloc(gsl_interp_steffen, n);
    if (!sp->s) {
        free(sp);
        return AX_ERUN;
    }
    if (gsl_spline_init(sp->s, x, y, n) != GSL_SUCCESS) {
        ax_spline_free(sp);
        return AX_EINPUT;
    }
    *out = sp;
    return AX_OK;
}

double ax_spline_eval(const ax_spline *s, double x)
{
    /* a NULL accelerator keeps the evaluation free of shared state */
    return gsl_spline_eval(s->s, x, NULL);
}

double ax_spline_eval_hint(const ax_spline *s, double x, size_t *hint)
{
    /* GSL's accelerator only remembers the interval: the value is that of
     * the search from scratch */
    gsl_interp_accel a = {*hint, 0, 0};
    double y = gsl_spline_eval(s->s, x, &a);
    *hint = a.cache;
    return y;
}

double ax_spline_eval_deriv(const ax_spline *s, double x)
{
    return gsl_spline_eval_deriv(s->s, x, NULL);
}

void ax_spline_free(ax_spline *s)
{
    if (!s)
        return;
    gsl_spline_free(s->s);
    free(s);
}

int ax_spline2d_new(ax_spline2d **out, const double *x, const double *y, const double *z,
                    size_t nx, size_t ny)
{
    *out = NULL;
    if (nx < 2 || ny < 2)
        return AX_EINPUT;
    ax_spline2d *sp = malloc(sizeof *sp);
    if (!sp)
        return AX_ERUN;
    sp->s = gsl_spline2d_alloc(gsl_interp2d_bilinear, nx, ny);
    if (!sp->s) {
        free(sp);
        return AX_ERUN;
    }
    if (gsl_spline2d_init(sp->s, x, y, z, nx, ny) != GSL_SUCCESS) {
        ax_spline2d_free(sp);
        return AX_EINPUT;
    }
    *out = sp;
    return AX_OK;
}

int ax_spline2d_eval(const ax_spline2d *s, double x, double y, double *z)
{
    double v;
    if (gsl_spline2d_eval_e(s->s, x, y, NULL, NULL, &v) != GSL_SUCCESS)
        return AX_EINPUT;
    *z = v;
    return AX_OK;
}

void ax_spline2d_free(ax_spline2d *s)
{
    if (!s)
        return;
    gsl_spline2d_free(s->s);
    free(s);
}
