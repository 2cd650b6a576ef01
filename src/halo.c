/* halo.c -- halo profiles, sky regions and the J- and D-factors
 * (docs/physics.md section 7a). */
#include "axsterile/halo.h"

#include "axsterile/constants.h"
#include "axsterile/units.h"

#include <stdio.h>
#include <math.h>

/* Accepted input ranges: densities (GeV/cm3) for which J ~ rho^2 stays a
 * finite double with room to spare (the scale density of a steep profile
 * with a small r_s can be far above a local density), and the smallest region extent (a
 * radius, a box side: 1e-4 deg = 0.36 arcsec) the angular quadratures
 * resolve. */
#define RHO_MIN 1e-10
#define RHO_MAX 1e10
#define RHO_S_MIN 1e-20 /* a scale density: steep profiles with a small r_s */
#define RHO_S_MAX 1e20
#define ROI_MIN (1e-4 * M_PI / 180.0)
/* Lengths (kpc): a scale, core or truncation radius, the Sun's or a
 * target's distance. 1e-9 kpc (0.2 AU) to 1e8 kpc (20 times the Hubble
 * radius, 4.4e6 kpc); outside, the line-of-sight quadrature fails (a
 * distance of 1e-300 kpc: a roundoff error) or J underflows. */
#define LEN_MIN 1e-9
#define LEN_MAX 1e8
#define LEN_OK(x) (isfinite(x) && (x) >= LEN_MIN && (x) <= LEN_MAX)
#define LEN_RANGE "from 1e-09 to 1e+08 kpc"
/* the smallest angle (rad) a scale or core radius may subtend */
#define ANG_RES 1e-7
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#define DEG (M_PI / 180.0)

/* ---- profiles ---------------------------------------------------------- */

static const struct { const char *name; int type; } PROFILE_NAMES[] = {
    {"nfw", AX_PROFILE_NFW},         {"gnfw", AX_PROFILE_GNFW},
    {"einasto", AX_PROFILE_EINASTO}, {"burkert", AX_PROFILE_BURKERT},
    {"isothermal", AX_PROFILE_ISOTHERMAL},
};
#define NPROFILES (sizeof PROFILE_NAMES / sizeof PROFILE_NAMES[0])

const char *ax_profile_name(int type)
{
    for (size_t i = 0; i < NPROFILES; i++)
        if (PROFILE_NAMES[i].type == type)
            return PROFILE_NAMES[i].name;
    return "unknown";
}

int ax_profile_type_from_name(const char *name)
{
    if (!name)
        return 0;
    for (size_t i = 0; i < NPROFILES; i++)
        if (strcasecmp(PROFILE_NAMES[i].name, name) == 0)
            return PROFILE_NAMES[i].type;
    return 0;
}

static int truncated(const ax_profile *p) { return p->r_max > 0.0 && isfinite(p->r_max); }

/* Shape rho(r)/rho_s at x = r/r_s without core or truncation.
 * NFW: Navarro, Frenk & White 1997, ApJ 490, 493, eq. 3; gNFW: Zhao 1996
 * (alpha=1, beta=3); Einasto: Einasto 1965 in the Merritt et al. 2006
 * form with rho_s = rho(r_s)... here rho_s exp(-2/alpha (x^alpha - 1)) as in
 * PPPC4DMID (Cirelli et al. 2011, arXiv:1012.4515, eq. 2); Burkert 1995,
 * ApJ 447, L25; cored isothermal: Bahcall & Soneira 1980 (PPPC eq. 2). */
static double shape(const ax_profile *p, double x)
{
    switch (p->type) {
    case AX_PROFILE_NFW:
        return 1.0 / (x * (1.0 + x) * (1.0 + x));
    case AX_PROFILE_GNFW:
        return pow(x, -p->gamma) * pow(1.0 + x, p->gamma - 3.0);
    case AX_PROFILE_EINASTO:
        /* x^alpha - 1 = expm1(alpha ln x): exact also for a small alpha
         * (pow(x, 1e-20) - 1 is 0: the profile came out constant) */
        return exp(-2.0 / p->alpha * expm1(p->alpha * log(x)));
    case AX_PROFILE_BURKERT:
        return 1.0 / ((1.0 + x) * (1.0 + x * x));
    case AX_PROFILE_ISOTHERMAL:
        return 1.0 / (1.0 + x * x);
    default:
        return 0.0;
    }
}

double ax_profile_density(const ax_profile *p, double r)
{
    if (truncated(p) && r > p->r_max)
        return 0.0;
    if (r < p->r_min)
        r = p->r_min;
    return p->rho_s * shape(p, r / p->r_s);
}

/* inner logarithmic slope of rho at r -> 0 without a core */
static double inner_slope(const ax_profile *p)
{
    switch (p->type) {
    case AX_PROFILE_NFW:  return 1.0;
    case AX_PROFILE_GNFW: return p->gamma;
    default:              return 0.0;
    }
}

int ax_profile_check(const ax_profile *p, ax_error *err)
{
    if (!p)
        return ax_fail(err, AX_EINPUT, "no profile given");
    if (ax_profile_name(p->type)[0] == 'u')
        return ax_fail(err, AX_EINPUT,
                       "unknown profile type %d: expected nfw, gnfw, einasto, burkert or isothermal",
                       p->type);
    if (!LEN_OK(p->r_s))
        return ax_fail(err, AX_EINPUT, "profile r_s = %g kpc: expected a scale radius " LEN_RANGE,
                       p->r_s);
    if (!(isfinite(p->rho_s) && p->rho_s >= RHO_S_MIN && p->rho_s <= RHO_S_MAX))
        return ax_fail(err, AX_EINPUT,
                       "profile rho_s = %g GeV/cm3: expected a density from %g to %g GeV/cm3 "
                       "(J ~ rho^2 must stay a finite number)",
                       p->rho_s, RHO_S_MIN, RHO_S_MAX);
    if (p->type == AX_PROFILE_GNFW && !(isfinite(p->gamma) && p->gamma >= 0.0 && p->gamma < 3.0))
        return ax_fail(err, AX_EINPUT, "gnfw gamma = %g: expected an inner slope 0 <= gamma < 3", p->gamma);
    if (p->type == AX_PROFILE_EINASTO && !(isfinite(p->alpha) && p->alpha > 0.0 && p->alpha <= 10.0))
        return ax_fail(err, AX_EINPUT, "einasto alpha = %g: expected 0 < alpha <= 10", p->alpha);
    if (!(p->r_min == 0.0 || LEN_OK(p->r_min)))
        return ax_fail(err, AX_EINPUT, "profile r_min = %g kpc: expected 0 (no core) or a core "
                       "radius " LEN_RANGE, p->r_min);
    if (!(p->r_max == 0.0 || p->r_max == INFINITY || LEN_OK(p->r_max)))
        return ax_fail(err, AX_EINPUT, "profile r_max = %g kpc: expected 0 (no truncation) or a "
                       "truncation radius " LEN_RANGE, p->r_max);
    if (truncated(p) && p->r_min >= p->r_max)
        return ax_fail(err, AX_EINPUT, "profile r_min = %g kpc is not below r_max = %g kpc", p->r_min,
                       p->r_max);
    return AX_OK;
}

int ax_profile_init(ax_profile *p, int type, double r_s, double gamma, double alpha, ax_error *err)
{
    memset(p, 0, sizeof *p);
    p->type = type;
    p->rho_s = 1.0;
    p->r_s = r_s;
    p->gamma = type == AX_PROFILE_GNFW ? gamma : (type == AX_PROFILE_NFW ? 1.0 : 0.0);
    p->alpha = type == AX_PROFILE_EINASTO ? alpha : 0.0;
    return ax_profile_check(p, err);
}

int ax_profile_normalise_local(ax_profile *p, double rho_local, double r_sun, ax_error *err)
{
    if (!(isfinite(rho_local) && rho_local >= RHO_MIN && rho_local <= RHO_MAX))
        return ax_fail(err, AX_EINPUT,
                       "local density %g GeV/cm3: expected a density from %g to %g GeV/cm3 "
                       "(about 0.4 GeV/cm3 near the Sun)",
                       rho_local, RHO_MIN, RHO_MAX);
    if (!LEN_OK(r_sun))
        return ax_fail(err, AX_EINPUT, "r_sun = %g kpc: expected a distance " LEN_RANGE, r_sun);
    double save = p->rho_s;
    p->rho_s = 1.0;
    int st = ax_profile_check(p, err);
    double s = st == AX_OK ? ax_profile_density(p, r_sun) : 0.0;
    if (st != AX_OK || !(s > 0.0 && isfinite(s))) {
        p->rho_s = save;
        if (st != AX_OK)
            return st;
        return ax_fail(err, AX_EINPUT,
                       "cannot normalise to the local density: rho(r_sun = %g kpc) is zero (r_max = %g kpc)",
                       r_sun, p->r_max);
    }
    p->rho_s = rho_local / s;
    return AX_OK;
}

int ax_profile_check_j_finite(const ax_profile *p, ax_error *err)
{
    double g = inner_slope(p);
    if (g >= 1.5 && p->r_min <= 0.0)
        return ax_fail(err, AX_EINPUT,
                       "the J-factor of a %s profile with inner slope %g >= 1.5 diverges at the centre: "
                       "give a core radius r_min > 0", ax_profile_name(p->type), g);
    return AX_OK;
}

/* ---- regions ------------------------------------------------------------- */

static void unit_vec(double l, double b, double v[3])
{
    v[0] = cos(b) * cos(l);
    v[1] = cos(b) * sin(l);
    v[2] = sin(b);
}

double ax_angle_wrap_pi(double l)
{
    l = fmod(l, 2.0 * M_PI);
    if (l > M_PI) l -= 2.0 * M_PI;
    if (l <= -M_PI) l += 2.0 * M_PI;
    return l;
}

static double cos_dist(double l1, double b1, double l2, double b2)
{
    return sin(b1) * sin(b2) + cos(b1) * cos(b2) * cos(l1 - l2);
}

int ax_region_contains(const ax_region *r, double l, double b)
{
    l = ax_angle_wrap_pi(l);
    switch (r->shape) {
    case AX_ROI_DISK:
        if (cos_dist(l, b, r->l, r->b) < cos(r->r_out))
            return 0;
        break;
    case AX_ROI_ANNULUS: {
        double c = cos_dist(l, b, r->l, r->b);
        if (c < cos(r->r_out) || c > cos(r->r_in))
            return 0;
        break;
    }
    case AX_ROI_BOX: {
        if (b < r->b_min || b > r->b_max)
            return 0;
        double dl = fmod(l - r->l_min, 2.0 * M_PI);
        if (dl < 0.0) dl += 2.0 * M_PI;
        if (dl > r->l_max - r->l_min)
            return 0;
        break;
    }
    default:
        return 0;
    }
    if (r->mask_b_abs_lt > 0.0 && fabs(b) < r->mask_b_abs_lt && fabs(l) > r->mask_l_abs_gt)
        return 0;
    for (int i = 0; i < r->n_exclude; i++)
        if (cos_dist(l, b, r->ex_l[i], r->ex_b[i]) > cos(r->ex_r[i]))
            return 0;
    return 1;
}

/* Direction at angle psi from the centre and azimuth phi:
 * n = (cos psi, sin psi cos phi, sin psi sin phi) in (x to the centre,
 * y to l = 90 deg, z to b = 90 deg). */
static void dir_lb(double cpsi, double spsi, double phi, double *l, double *b)
{
    double x = cpsi, y = spsi * cos(phi), z = spsi * sin(phi);
    *l = atan2(y, x);
    *b = asin(fmax(-1.0, fmin(1.0, z)));
}

#define MAX_ROOTS (16 + 4 * AX_MASK_MAX_DISKS)

/* roots in phi of: circle of angular radius rad about (lc, bc) */
static int roots_circle(double cpsi, double spsi, double lc, double bc, double rad, double *out)
{
    double c[3];
    unit_vec(lc, bc, c);
    double B = spsi * hypot(c[1], c[2]);
    if (B <= 0.0)
        return 0;
    double arg = (cos(rad) - cpsi * c[0]) / B;
    if (fabs(arg) > 1.0)
        return 0;
    double phic = atan2(c[2], c[1]), a = acos(arg);
    out[0] = phic + a;
    out[1] = phic - a;
    return 2;
}

/* roots in phi of: b = beta */
static int roots_lat(double spsi, double beta, double *out)
{
    if (spsi <= 0.0)
        return 0;
    double v = sin(beta) / spsi;
    if (fabs(v) > 1.0)
        return 0;
    out[0] = asin(v);
    out[1] = M_PI - out[0];
    return 2;
}

/* roots in phi of: l = lambda (the plane through the poles at lambda) */
static int roots_lon(double cpsi, double spsi, double lambda, double *out)
{
    double den = spsi * cos(lambda);
    if (fabs(den) < 1e-300)
        return 0;
    double v = cpsi * sin(lambda) / den;
    if (fabs(v) > 1.0)
        return 0;
    out[0] = acos(v);
    out[1] = -out[0];
    return 2;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Azimuthal measure A(psi) (rad) of the masked region on the circle at
 * angle psi from the centre: the circle is cut at every point where it
 * crosses a boundary of the region or a mask (found analytically), and
 * each arc is in or out as a whole (tested at its midpoint). */
static double azimuth_measure(const ax_region *r, double psi)
{
    double cpsi = cos(psi), spsi = sin(psi);
    if (spsi < 1e-300) {
        double l, b;
        dir_lb(cpsi, 0.0, 0.0, &l, &b);
        return ax_region_contains(r, l, b) ? 2.0 * M_PI : 0.0;
    }
    double roots[MAX_ROOTS + 2];
    int n = 0;
    switch (r->shape) {
    case AX_ROI_DISK:
        n += roots_circle(cpsi, spsi, r->l, r->b, r->r_out, roots + n);
        break;
    case AX_ROI_ANNULUS:
        n += roots_circle(cpsi, spsi, r->l, r->b, r->r_out, roots + n);
        n += roots_circle(cpsi, spsi, r->l, r->b, r->r_in, roots + n);
        break;
    case AX_ROI_BOX:
        n += roots_lat(spsi, r->b_min, roots + n);
        n += roots_lat(spsi, r->b_max, roots + n);
        n += roots_lon(cpsi, spsi, r->l_min, roots + n);
        n += roots_lon(cpsi, spsi, r->l_max, roots + n);
        break;
    default:
        return 0.0;
    }
    if (r->mask_b_abs_lt > 0.0) {
        n += roots_lat(spsi, r->mask_b_abs_lt, roots + n);
        n += roots_lat(spsi, -r->mask_b_abs_lt, roots + n);
        if (r->mask_l_abs_gt > 0.0) {
            n += roots_lon(cpsi, spsi, r->mask_l_abs_gt, roots + n);
            n += roots_lon(cpsi, spsi, -r->mask_l_abs_gt, roots + n);
        }
    }
    for (int i = 0; i < r->n_exclude; i++)
        n += roots_circle(cpsi, spsi, r->ex_l[i], r->ex_b[i], r->ex_r[i], roots + n);
    for (int i = 0; i < n; i++) {
        roots[i] = fmod(roots[i], 2.0 * M_PI);
        if (roots[i] < 0.0)
            roots[i] += 2.0 * M_PI;
    }
    roots[n++] = 0.0;
    roots[n++] = 2.0 * M_PI;
    qsort(roots, (size_t)n, sizeof roots[0], cmp_double);
    double sum = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        double w = roots[i + 1] - roots[i];
        if (w <= 0.0)
            continue;
        double l, b;
        dir_lb(cpsi, spsi, 0.5 * (roots[i] + roots[i + 1]), &l, &b);
        if (ax_region_contains(r, l, b))
            sum += w;
    }
    return sum;
}

/* ---- line of sight ------------------------------------------------------- */

typedef struct los_ctx {
    const ax_profile *p;
    double b;      /* impact parameter, kpc */
    int power;     /* 1: rho (D), 2: rho^2 (J) */
} los_ctx;

/* integrand in t, u = b sinh t along the line, r = b cosh t, du = r dt */
static double los_integrand(double t, void *v)
{
    const los_ctx *c = v;
    double r = c->b * cosh(t);
    double rho = ax_profile_density(c->p, r);
    return (c->power == 2 ? rho * rho : rho) * r;
}

#define LOS_LIMIT 200

/* One line-of-sight integral in kpc * (GeV/cm^3)^power, with its relative
 * error estimate. u = l - d cos psi is the distance along the line from the
 * point of closest approach (impact parameter b = d sin psi); the
 * substitution u = b sinh t makes the integrand smooth at the cusp
 * (rho ~ r^-gamma gives (b cosh t)^(1 - power*gamma)) and turns the power
 * law tails into exponentials. psi > 90 deg gives u_lo > 0; an observer
 * outside the truncation radius starts at the halo's edge. */
static int los_integral(const ax_profile *p, double d, double psi, int power,
                        gsl_integration_workspace *ws, double rel_tol,
                        double *result, double *relerr, ax_error *err)
{
    double b = d * sin(psi), u_lo = -d * cos(psi);
    *result = 0.0;
    *relerr = 0.0;
    double r_far;
    if (truncated(p)) {
        if (b >= p->r_max)
            return AX_OK;
        r_far = p->r_max;
    } else {
        /* untruncated: the tail beyond 1e9 max(r_s, d) is below 1e-9 of
         * the integral for every profile here (slowest: isothermal D,
         * rho ~ r^-2, tail ~ r_s/r_far) */
        r_far = 1e9 * fmax(p->r_s, d);
    }
    double u_hi = sqrt(fmax(0.0, r_far * r_far - b * b));
    if (u_lo < -u_hi)
        u_lo = -u_hi;
    if (u_lo >= u_hi)
        return AX_OK;
    if (b <= 0.0) {
        /* exactly through the centre: not used by the angular integral
         * (psi > 0 there); refuse rather than divide by zero */
        return ax_fail(err, AX_ERUN, "line of sight through the halo centre (psi = %g)", psi);
    }
    double t_lo = asinh(u_lo / b), t_hi = asinh(u_hi / b);
    double pts[8];
    int np = 0;
    pts[np++] = t_lo;
    /* break at the core radius and at r_s (change of slope), both sides */
    double rb[2] = {p->r_min, p->r_s};
    double cand[5];
    int nc = 0;
    for (int k = 0; k < 2; k++)
        if (rb[k] > b) {
            double tk = acosh(rb[k] / b);
            cand[nc++] = -tk;
            cand[nc++] = tk;
        }
    qsort(cand, (size_t)nc, sizeof cand[0], cmp_double);
    for (int k = 0; k < nc; k++)
        if (cand[k] > pts[np - 1] + 1e-9 && cand[k] < t_hi - 1e-9)
            pts[np++] = cand[k];
    pts[np++] = t_hi;
    los_ctx ctx = {p, b, power};
    gsl_function f = {los_integrand, &ctx};
    double res = 0.0, abserr = 0.0;
    int gst = gsl_integration_qagp(&f, pts, (size_t)np, 0.0, rel_tol, LOS_LIMIT, ws, &res, &abserr);
    if (ax_fault("quad")) { /* tests: the failure path below */
        gst = GSL_EMAXITER;
        abserr = res;
    }
    if (gst != GSL_SUCCESS && !(res > 0.0 && abserr <= 1e3 * rel_tol * res))
        return ax_fail(err, AX_ERUN, "line-of-sight integral at psi = %g deg failed: %s (result %g +- %g)",
                       psi / DEG, gsl_strerror(gst), res, abserr);
    *result = res;
    *relerr = res > 0.0 ? abserr / res : 0.0;
    return AX_OK;
}

int ax_los_integrals(const ax_profile *p, double d, double psi, double *los_d, double *los_j,
                     ax_error *err)
{
    int st = ax_profile_check(p, err);
    if (st != AX_OK)
        return st;
    if (!(isfinite(d) && d > 0.0) || !(isfinite(psi) && psi > 0.0 && psi <= M_PI))
        return ax_fail(err, AX_EINPUT, "line of sight: need d > 0 (got %g kpc) and 0 < psi <= pi (got %g)", d,
                       psi);
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(LOS_LIMIT);
    if (!ws)
        return ax_fail(err, AX_ERUN, "out of memory");
    double e;
    if (los_d && st == AX_OK)
        st = los_integral(p, d, psi, 1, ws, 1e-10, los_d, &e, err);
    if (los_j && st == AX_OK)
        st = los_integral(p, d, psi, 2, ws, 1e-10, los_j, &e, err);
    gsl_integration_workspace_free(ws);
    return st;
}

/* ---- angular integral ----------------------------------------------------- */

#define ANG_LIMIT 400

typedef struct ang_ctx {
    const ax_target *t;
    int power;                         /* 0: solid angle, 1: D, 2: J */
    gsl_integration_workspace *ws_los;
    double max_los_relerr;
    int status;
    ax_error *err;
} ang_ctx;

/* integrand in s = ln psi: A(psi) sin(psi) psi * LOS(psi) */
static double ang_integrand(double s, void *v)
{
    ang_ctx *c = v;
    if (c->status != AX_OK)
        return 0.0;
    double psi = exp(s);
    if (psi > M_PI) psi = M_PI;
    double A = azimuth_measure(&c->t->region, psi);
    if (A <= 0.0)
        return 0.0;
    double w = A * sin(psi) * psi;
    if (c->power == 0)
        return w;
    double los, relerr;
    int st = los_integral(&c->t->profile, c->t->distance, psi, c->power, c->ws_los, c->t->rel_tol_los, &los,
                          &relerr, c->err);
    if (st != AX_OK) {
        c->status = st;
        return 0.0;
    }
    if (relerr > c->max_los_relerr)
        c->max_los_relerr = relerr;
    return w * los;
}

/* angles (rad) where A(psi) has a kink: where a boundary is tangent to the
 * circle about the centre, and at the corners of boxes and masks */
static int kink_angles(const ax_region *r, double *k)
{
    int n = 0;
    double dc;
    switch (r->shape) {
    case AX_ROI_DISK:
    case AX_ROI_ANNULUS:
        dc = acos(fmax(-1.0, fmin(1.0, cos_dist(r->l, r->b, 0.0, 0.0))));
        k[n++] = fabs(dc - r->r_out);
        k[n++] = dc + r->r_out;
        k[n++] = 2.0 * M_PI - dc - r->r_out;
        if (r->shape == AX_ROI_ANNULUS) {
            k[n++] = fabs(dc - r->r_in);
            k[n++] = dc + r->r_in;
            k[n++] = 2.0 * M_PI - dc - r->r_in;
        }
        break;
    case AX_ROI_BOX: {
        double bs[2] = {r->b_min, r->b_max}, ls[2] = {r->l_min, r->l_max};
        for (int i = 0; i < 2; i++) {
            k[n++] = fabs(bs[i]);
            k[n++] = M_PI - fabs(bs[i]);
            k[n++] = fabs(ax_angle_wrap_pi(ls[i]));
            for (int j = 0; j < 2; j++)
                k[n++] = acos(fmax(-1.0, fmin(1.0, cos(bs[j]) * cos(ls[i]))));
        }
        k[n++] = M_PI / 2;
        break;
    }
    default:
        break;
    }
    if (r->mask_b_abs_lt > 0.0) {
        k[n++] = r->mask_b_abs_lt;
        k[n++] = M_PI - r->mask_b_abs_lt;
        if (r->mask_l_abs_gt > 0.0) {
            k[n++] = r->mask_l_abs_gt;
            k[n++] = acos(cos(r->mask_b_abs_lt) * cos(r->mask_l_abs_gt));
            k[n++] = M_PI / 2;
        }
    }
    for (int i = 0; i < r->n_exclude && n < 290; i++) {
        dc = acos(fmax(-1.0, fmin(1.0, cos_dist(r->ex_l[i], r->ex_b[i], 0.0, 0.0))));
        k[n++] = fabs(dc - r->ex_r[i]);
        k[n++] = dc + r->ex_r[i];
        k[n++] = 2.0 * M_PI - dc - r->ex_r[i];
    }
    return n;
}

/* psi range that can hold the region */
static void psi_range(const ax_region *r, double *lo, double *hi)
{
    *lo = 0.0;
    *hi = M_PI;
    if (r->shape == AX_ROI_DISK || r->shape == AX_ROI_ANNULUS) {
        double dc = acos(fmax(-1.0, fmin(1.0, cos_dist(r->l, r->b, 0.0, 0.0))));
        *lo = fmax(0.0, dc - r->r_out);
        *hi = fmin(M_PI, dc + r->r_out);
    }
}

/* The smallest angle resolved by the angular integral; below it the
 * integrand is a power law psi^p in psi (p from the inner slope) and its
 * integral is added analytically. */
#ifndef PSI_EPS
#define PSI_EPS 1e-10
#endif

static int angular_integral(const ax_target *t, int power, double *result, double *relerr, ax_error *err)
{
    double lo, hi;
    psi_range(&t->region, &lo, &hi);
    *result = 0.0;
    *relerr = 0.0;
    if (hi <= lo)
        return AX_OK;
    double k[300];
    int nk = kink_angles(&t->region, k);
    double slo = log(fmax(lo, PSI_EPS)), shi = log(hi);
    double pts[302];
    int np = 0;
    pts[np++] = slo;
    qsort(k, (size_t)nk, sizeof k[0], cmp_double);
    for (int i = 0; i < nk; i++) {
        if (!(k[i] > 0.0))
            continue;
        double s = log(k[i]);
        if (s > pts[np - 1] + 1e-9 && s < shi - 1e-9)
            pts[np++] = s;
    }
    pts[np++] = shi;
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(ANG_LIMIT);
    gsl_integration_workspace *ws_los = gsl_integration_workspace_alloc(LOS_LIMIT);
    if (!ws || !ws_los) {
        gsl_integration_workspace_free(ws);
        gsl_integration_workspace_free(ws_los);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    ang_ctx c = {t, power, ws_los, 0.0, AX_OK, err};
    gsl_function f = {ang_integrand, &c};
    double res = 0.0, abserr = 0.0;
    double tol = power == 0 ? 1e-10 : t->rel_tol_angle;
    int gst = gsl_integration_qagp(&f, pts, (size_t)np, 0.0, tol, ANG_LIMIT, ws, &res, &abserr);
    int st = c.status;
    if (st == AX_OK && gst != GSL_SUCCESS && !(res > 0.0 && abserr <= 100.0 * tol * res))
        st = ax_fail(err, AX_ERUN, "angular integral failed: %s (result %g +- %g)", gsl_strerror(gst), res,
                     abserr);
    /* the cone psi < PSI_EPS about the centre: integrand ~ exp(p s) */
    double tail = 0.0;
    if (st == AX_OK && lo < PSI_EPS) {
        double g0 = ang_integrand(slo, &c);
        st = c.status;
        double p = 2.0; /* cored line of sight: LOS finite, A sin psi psi ~ psi^2 */
        double gam = inner_slope(&t->profile);
        if (t->profile.r_min < t->distance * PSI_EPS) {
            if (power == 2 && gam > 0.5)
                p = 3.0 - 2.0 * gam;
            else if (power == 1 && gam > 1.0)
                p = 3.0 - gam;
        }
        tail = g0 / p;
    }
    gsl_integration_workspace_free(ws);
    gsl_integration_workspace_free(ws_los);
    if (st != AX_OK)
        return st;
    *result = res + tail;
    *relerr = *result > 0.0 ? (abserr + 0.01 * tail) / *result + c.max_los_relerr : 0.0;
    return AX_OK;
}

/* ---- targets ------------------------------------------------------------- */

int ax_target_check(const ax_target *t, ax_error *err)
{
    if (!t)
        return ax_fail(err, AX_EINPUT, "no target given");
    if (t->kind != AX_TARGET_GALACTIC && t->kind != AX_TARGET_EXTERNAL)
        return ax_fail(err, AX_EINPUT, "target kind %d: expected galactic or external", t->kind);
    if (!LEN_OK(t->distance))
        return ax_fail(err, AX_EINPUT, "%s = %g kpc: expected a distance " LEN_RANGE,
                       t->kind == AX_TARGET_GALACTIC ? "r_sun" : "distance", t->distance);
    int st = ax_profile_check(&t->profile, err);
    if (st != AX_OK)
        return st;
    /* the halo's scales must be resolved by the angular quadrature (below
     * 1e-7 rad J comes out too small: by 4 times at r_s/d = 1e-10) */
    const char *dname = t->kind == AX_TARGET_GALACTIC ? "r_sun" : "distance";
    if (t->profile.r_s < ANG_RES * t->distance)
        return ax_fail(err, AX_EINPUT, "r_s = %g kpc at %s = %g kpc subtends %.2g rad: expected at "
                       "least %g rad (the angular quadratures' resolution)", t->profile.r_s, dname,
                       t->distance, t->profile.r_s / t->distance, ANG_RES);
    if (t->profile.r_min > 0.0 && t->profile.r_min < ANG_RES * t->distance)
        return ax_fail(err, AX_EINPUT, "r_min = %g kpc at %s = %g kpc subtends %.2g rad: expected 0 "
                       "(no core) or at least %g rad (the angular quadratures' resolution)",
                       t->profile.r_min, dname, t->distance, t->profile.r_min / t->distance, ANG_RES);
    const ax_region *r = &t->region;
    switch (r->shape) {
    case AX_ROI_DISK:
        if (!(isfinite(r->r_out) && r->r_out >= ROI_MIN && r->r_out <= M_PI))
            return ax_fail(err, AX_EINPUT, "disk radius %g deg: expected %g deg <= radius <= 180 deg "
                           "(smaller regions are below the quadratures' resolution)",
                           r->r_out / DEG, ROI_MIN / DEG);
        break;
    case AX_ROI_ANNULUS:
        if (!(isfinite(r->r_in) && r->r_in >= 0.0))
            return ax_fail(err, AX_EINPUT, "annulus inner radius %g deg: expected a radius >= 0", r->r_in / DEG);
        if (!(isfinite(r->r_out) && r->r_out >= r->r_in + ROI_MIN && r->r_out <= M_PI))
            return ax_fail(err, AX_EINPUT,
                           "annulus outer radius %g deg: expected inner radius %g deg + %g deg <= outer "
                           "radius <= 180 deg",
                           r->r_out / DEG, r->r_in / DEG, ROI_MIN / DEG);
        break;
    case AX_ROI_BOX:
        if (!(isfinite(r->l_min) && isfinite(r->l_max) && r->l_max - r->l_min >= ROI_MIN &&
              r->l_max - r->l_min <= 2 * M_PI))
            return ax_fail(err, AX_EINPUT, "box longitudes %g..%g deg: expected l_min < l_max, at least "
                           "%g deg and at most 360 deg apart",
                           r->l_min / DEG, r->l_max / DEG, ROI_MIN / DEG);
        if (!(isfinite(r->b_min) && isfinite(r->b_max) && r->b_max - r->b_min >= ROI_MIN &&
              r->b_min >= -M_PI / 2 && r->b_max <= M_PI / 2))
            return ax_fail(err, AX_EINPUT, "box latitudes %g..%g deg: expected -90 <= b_min < b_max <= 90 "
                           "deg, at least %g deg apart",
                           r->b_min / DEG, r->b_max / DEG, ROI_MIN / DEG);
        break;
    default:
        return ax_fail(err, AX_EINPUT, "unknown region shape %d: expected disk, annulus or box", r->shape);
    }
    /* a longitude is reduced modulo 360 deg: beyond two turns that keeps
     * no digit of the angle (l = 1e300 deg was accepted) */
    if (!(fabs(r->l) <= 4 * M_PI && (r->shape != AX_ROI_BOX ||
                                     (fabs(r->l_min) <= 4 * M_PI && fabs(r->l_max) <= 4 * M_PI))))
        return ax_fail(err, AX_EINPUT, "region longitude %g deg: expected -720 <= l <= 720 deg",
                       (fabs(r->l) > 4 * M_PI || isnan(r->l) ? r->l
                        : fabs(r->l_min) > 4 * M_PI || isnan(r->l_min) ? r->l_min : r->l_max) / DEG);
    for (int i = 0; i < r->n_exclude && i < AX_MASK_MAX_DISKS; i++)
        if (!(fabs(r->ex_l[i]) <= 4 * M_PI))
            return ax_fail(err, AX_EINPUT, "mask: excluded disk %d: longitude %g deg: expected "
                           "-720 <= l <= 720 deg", i + 1, r->ex_l[i] / DEG);
    if (r->shape != AX_ROI_BOX && !(isfinite(r->l) && isfinite(r->b) && fabs(r->b) <= M_PI / 2))
        return ax_fail(err, AX_EINPUT, "region centre (l, b) = (%g, %g) deg: expected -90 <= b <= 90", r->l / DEG,
                       r->b / DEG);
    if (!(isfinite(r->mask_b_abs_lt) && r->mask_b_abs_lt >= 0.0 && r->mask_b_abs_lt < M_PI / 2))
        return ax_fail(err, AX_EINPUT, "mask |b| < %g deg: expected 0 <= value < 90 deg", r->mask_b_abs_lt / DEG);
    if (!(isfinite(r->mask_l_abs_gt) && r->mask_l_abs_gt >= 0.0 && r->mask_l_abs_gt < M_PI / 2))
        return ax_fail(err, AX_EINPUT, "mask |l| > %g deg: expected 0 <= value < 90 deg", r->mask_l_abs_gt / DEG);
    if (r->n_exclude < 0 || r->n_exclude > AX_MASK_MAX_DISKS)
        return ax_fail(err, AX_EINPUT, "mask: %d excluded disks, at most %d allowed", r->n_exclude,
                       AX_MASK_MAX_DISKS);
    for (int i = 0; i < r->n_exclude; i++)
        if (!(isfinite(r->ex_l[i]) && isfinite(r->ex_b[i]) && fabs(r->ex_b[i]) <= M_PI / 2 &&
              isfinite(r->ex_r[i]) && r->ex_r[i] > 0.0 && r->ex_r[i] <= M_PI))
            return ax_fail(err, AX_EINPUT, "mask: excluded disk %d: expected -90 <= b <= 90 and 0 < radius <= 180 deg",
                           i + 1);
    if (!(t->rel_tol_angle > 0.0 && t->rel_tol_angle < 0.1 && t->rel_tol_los > 0.0 && t->rel_tol_los < 0.1))
        return ax_fail(err, AX_EINPUT, "quadrature tolerances must be in (0, 0.1)");
    return AX_OK;
}

/* Does the region (after masking) stay at least 0.1 deg away from the
 * direction of the halo centre, (l, b) = (0, 0)? Then J is finite for any
 * inner slope: the line of sight never comes closer to the centre than
 * distance x sin(0.1 deg). */
static int centre_excluded(const ax_region *r)
{
    const double m = 0.1 * DEG;
    double d = acos(fmax(-1.0, fmin(1.0, cos_dist(r->l, r->b, 0.0, 0.0))));
    if (r->shape == AX_ROI_DISK && d > r->r_out + m)
        return 1;
    if (r->shape == AX_ROI_ANNULUS && (d > r->r_out + m || d < r->r_in - m))
        return 1;
    if (r->shape == AX_ROI_BOX) {
        double lo = ax_angle_wrap_pi(r->l_min), span = r->l_max - r->l_min;
        /* is l = 0 within [l_min - m, l_max + m] (modulo 2 pi)? */
        double off = ax_angle_wrap_pi(0.0 - (lo - m));
        if (off < 0)
            off += 2.0 * M_PI;
        if (off > span + 2.0 * m || r->b_min > m || r->b_max < -m)
            return 1;
    }
    if (r->mask_b_abs_lt >= m && r->mask_l_abs_gt == 0.0)
        return 1;
    for (int i = 0; i < r->n_exclude; i++) {
        double di = acos(fmax(-1.0, fmin(1.0, cos_dist(r->ex_l[i], r->ex_b[i], 0.0, 0.0))));
        if (di + m < r->ex_r[i])
            return 1;
    }
    return 0;
}

int ax_target_jd(const ax_target *t, ax_jd *out, ax_error *err)
{
    memset(out, 0, sizeof *out);
    int st = ax_target_check(t, err);
    /* a cusp with inner slope >= 1.5 makes J diverge only along lines of
     * sight through the centre */
    if (st == AX_OK && !centre_excluded(&t->region))
        st = ax_profile_check_j_finite(&t->profile, err);
    /* an Einasto profile's local slope 2 (r/r_s)^alpha stays above 1.5 (where
     * J through the centre would diverge) down to r_c = r_s 0.75^(1/alpha):
     * that radius (or a core radius) must be resolved */
    if (st == AX_OK && !centre_excluded(&t->region) && t->profile.type == AX_PROFILE_EINASTO &&
        t->profile.r_min <= 0.0) {
        double rc = t->profile.r_s * pow(0.75, 1.0 / t->profile.alpha);
        if (!(rc >= ANG_RES * t->distance))
            st = ax_fail(err, AX_EINPUT, "an einasto profile with alpha = %g is steeper than "
                         "r^-1.5 down to r = %.3g kpc, below the angular quadratures' "
                         "resolution (%.3g kpc at %g kpc): expected a larger alpha, or a core "
                         "radius r_min", t->profile.alpha, rc, ANG_RES * t->distance,
                         t->distance);
    }
    if (st != AX_OK)
        return ax_error_context(err, "%s", t && t->name[0] ? t->name : "target");
    double e;
    st = angular_integral(t, 0, &out->solid_angle, &e, err);
    if (st == AX_OK && !(out->solid_angle > 1e-12))
        st = ax_fail(err, AX_EINPUT, "the region is empty: its mask removes all of it (solid "
                     "angle %g sr); expected a region with unmasked sky", out->solid_angle);
    st = AX_THEN(st, angular_integral(t, 1, &out->D, &out->D_relerr, err));
    st = AX_THEN(st, angular_integral(t, 2, &out->J, &out->J_relerr, err));
    if (st != AX_OK) {
        memset(out, 0, sizeof *out);
        return ax_error_context(err, "%s", t->name[0] ? t->name : "target");
    }
    out->D *= AX_KPC_CM;
    out->J *= AX_KPC_CM;
    /* the accepted ranges keep J and D finite and positive; a result that
     * is not is refused rather than printed */
    if (!(isfinite(out->J) && out->J > 0.0 && isfinite(out->D) && out->D > 0.0 &&
          isfinite(out->J_relerr) && isfinite(out->D_relerr))) {
        double J = out->J, D = out->D;
        memset(out, 0, sizeof *out);
        ax_fail(err, AX_EINPUT, "J = %g GeV^2 cm^-5, D = %g GeV cm^-2 are not finite positive "
                "numbers for r_s = %g kpc, r_min = %g kpc, %s = %g kpc: expected scales the "
                "quadratures resolve", J, D, t->profile.r_s, t->profile.r_min,
                t->kind == AX_TARGET_GALACTIC ? "r_sun" : "distance", t->distance);
        return ax_error_context(err, "%s", t->name[0] ? t->name : "target");
    }
    return AX_OK;
}

/* ---- constructors ----------------------------------------------------------- */

void ax_target_init(ax_target *t)
{
    memset(t, 0, sizeof *t);
    t->kind = AX_TARGET_GALACTIC;
    t->distance = AX_R_SUN_KPC;
    t->rel_tol_angle = 1e-6;
    t->rel_tol_los = 1e-8;
}

void ax_target_free(ax_target *t)
{
    (void)t; /* no heap memory (kept for API stability) */
}
