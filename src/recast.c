/* recast.c -- decay and annihilation line limits recast to the
 * axion-assisted scenario. See axsterile/recast.h and docs/physics.md 7b. */
#include "axsterile/recast.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"

#include <string.h>

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

/* ---- limits of the library ------------------------------------------- */

int ax_recast_jd_all(const ax_limit_set *set, ax_jd *jd, unsigned char *has, ax_error *err)
{
    int failed = 0;
    ax_error first;
    ax_error_clear(&first);
    long n = (long)set->n;
    for (long k = 0; k < n; k++)
        has[k] = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (long k = 0; k < n; k++) {
        const ax_limit *L = &set->items[k];
        if (!L->target)
            continue;
        ax_error e1;
        ax_error_clear(&e1);
        ax_target t;
        memset(&t, 0, sizeof t);
        int s = ax_target_from_json(L->target, &t, &e1);
        if (!s)
            s = ax_target_jd(&t, &jd[k], &e1);
        ax_target_free(&t);
        if (s) {
            ax_error_context(&e1, "%s: \"target\"", L->json_path ? L->json_path : L->stem);
#pragma omp critical(ax_recast_fail)
            if (!failed) {
                failed = 1;
                first = e1;
            }
        } else {
            has[k] = 1;
        }
    }
    if (failed) {
        if (err)
            *err = first;
        return first.status ? first.status : AX_ERUN;
    }
    return AX_OK;
}

int ax_recast_limit_sin2(const ax_limit *L, const ax_jd *jd, double m_s, int convention,
                         double f_s, int axion, double *sin2, ax_error *err)
{
    *sin2 = NAN;
    int st;
    if (!(f_s > 0 && f_s <= 1))
        return ax_fail(err, AX_EINPUT, "recast: f_s = %g; expected a fraction in (0, 1]", f_s);
    if (L->recast_axion) {
        /* already recast (limits recast): its own value, rescaled from the
         * f_s it was made for to this one; no J or D again */
        if (!axion)
            return ax_fail(err, AX_RECAST_NOT_APPLICABLE,
                           "%s: a limit already recast to the axion-assisted model bounds "
                           "<sin^2 2theta_eff>_0, not a uniform mixing angle", L->stem);
        double s;
        if ((st = ax_limit_to_sin2(L, m_s, convention, &s, err)))
            return st;
        *sin2 = s * L->recast_fs / f_s;
        return AX_OK;
    }
    int need_jd = L->y_quantity != AX_LIM_SIGMAV && (axion || L->y_quantity == AX_LIM_FLUX);
    if (need_jd && !jd)
        return ax_fail(err, AX_EINPUT, "%s: no \"target\" (ROI and profile), so no J and D "
                       "to recast it with", L->stem);
    if (ax_limit_is_decay(L)) {
        if (!axion)
            return ax_limit_to_sin2_fraction(L, m_s, convention, f_s, sin2, err);
        double s, fac;
        /* s includes the source's dm_fraction (ax_limit_to_rate) */
        if ((st = ax_limit_to_sin2(L, m_s, convention, &s, err)))
            return st;
        if ((st = ax_recast_decay_factor(jd->D, jd->J, 1.0, f_s, &fac, err)))
            return st;
        *sin2 = s * fac;
        return AX_OK;
    }
    /* line-flux and annihilation limits: x is E_gamma or m_chi = m_s/2 */
    double y, g;
    if (L->y_quantity == AX_LIM_SIGMAV && !axion)
        return ax_fail(err, AX_RECAST_NOT_APPLICABLE,
                       "%s: an annihilation (rho^2) limit does not bound a uniformly mixed "
                       "nu_s; it applies to the axion-assisted model only", L->stem);
    if ((st = ax_limit_eval(L, ax_limit_x_of_ms(L, m_s), &y, err)))
        return st;
    if (L->y_quantity == AX_LIM_SIGMAV)
        st = ax_recast_gamma0_from_sigmav(y, m_s, f_s, &g, err);
    else if (L->y_quantity == AX_LIM_FLUX && axion)
        st = ax_recast_gamma0_from_flux(y, m_s, jd->J, f_s, &g, err);
    else if (L->y_quantity == AX_LIM_FLUX) {
        st = ax_recast_gamma_std_from_flux(y, m_s, jd->D, 1.0, &g, err);
        g /= f_s;
    } else
        return ax_fail(err, AX_ERUN, "%s: unknown kind of limit", L->stem);
    if (st)
        return st;
    *sin2 = ax_decay_rate_s_to_sin2(m_s, g, convention);
    return AX_OK;
}
