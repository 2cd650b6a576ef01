/* recast.c -- decay and annihilation line limits recast to the
 * axion-assisted scenario. See axsterile/recast.h and docs/physics.md 7b. */
#include "axsterile/recast.h"

#include "axsterile/constants.h"

#include <math.h>

static int positive(double v, const char *what, ax_error *err)
{
    if (!(isfinite(v) && v > 0))
        return ax_fail(err, AX_EINPUT, "recast: %s = %g; expected a positive finite number",
                       what, v);
    return AX_OK;
}

static int fraction(double f, const char *what, ax_error *err)
{
    if (!(isfinite(f) && f > 0 && f <= 1))
        return ax_fail(err, AX_EINPUT, "recast: %s = %g; expected a fraction in (0, 1]",
                       what, f);
    return AX_OK;
}

int ax_recast_decay_factor(double D, double J, double f_src, double f_s, double *factor,
                           ax_error *err)
{
    int st;
    if ((st = positive(D, "D (GeV cm^-2)", err)) || (st = positive(J, "J (GeV^2 cm^-5)", err)) ||
        (st = fraction(f_src, "the source's dark-matter fraction", err)) ||
        (st = fraction(f_s, "f_s", err)))
        return st;
    *factor = f_src * D * AX_RHO_DM_MEAN_GEV_CM3 / (f_s * J);
    return AX_OK;
}

int ax_recast_gamma_std_from_flux(double flux, double m_s, double D, double f_src,
                                  double *gamma, ax_error *err)
{
    int st;
    if ((st = positive(flux, "the line flux (cm^-2 s^-1)", err)) ||
        (st = positive(m_s, "m_s (GeV)", err)) || (st = positive(D, "D (GeV cm^-2)", err)) ||
        (st = fraction(f_src, "the source's dark-matter fraction", err)))
        return st;
    *gamma = 4.0 * M_PI * m_s * flux / (f_src * D);
    return AX_OK;
}

int ax_recast_gamma0_from_flux(double flux, double m_s, double J, double f_s,
                               double *gamma0, ax_error *err)
{
    int st;
    if ((st = positive(flux, "the line flux (cm^-2 s^-1)", err)) ||
        (st = positive(m_s, "m_s (GeV)", err)) || (st = positive(J, "J (GeV^2 cm^-5)", err)) ||
        (st = fraction(f_s, "f_s", err)))
        return st;
    *gamma0 = 4.0 * M_PI * m_s * flux * AX_RHO_DM_MEAN_GEV_CM3 / (f_s * J);
    return AX_OK;
}

int ax_recast_gamma0_from_sigmav(double sigmav, double m_s, double f_s, double *gamma0,
                                 ax_error *err)
{
    int st;
    if ((st = positive(sigmav, "<sigma v> (cm^3 s^-1)", err)) ||
        (st = positive(m_s, "m_s (GeV)", err)) || (st = fraction(f_s, "f_s", err)))
        return st;
    *gamma0 = 4.0 * sigmav * AX_RHO_DM_MEAN_GEV_CM3 / (m_s * f_s);
    return AX_OK;
}
