/*
 * axsterile/halo.h -- dark-matter halo profiles and the J- and D-factors of
 * a region of the sky (formulas in docs/physics.md section 7a).
 *
 *   D = int_ROI dOmega int_0^inf dl rho(r(l, psi))        [GeV cm^-2]
 *   J = int_ROI dOmega int_0^inf dl rho(r(l, psi))^2      [GeV^2 cm^-5]
 *   r^2 = d^2 + l^2 - 2 d l cos(psi),
 *
 * psi the angle between the line of sight and the direction of the halo
 * centre, d the distance of the observer from the centre (R_sun for the
 * Milky Way, the target's distance for an external halo). Sky positions are
 * (l, b) in a frame whose origin (0, 0) is the halo centre: Galactic
 * coordinates for the Milky Way; for an external target, offsets from its
 * centre (l along the target's "longitude" axis, b perpendicular to it).
 *
 * Units: lengths in kpc, angles in radians in C (the JSON and CLI take
 * degrees where the key or unit says so), densities in GeV/cm^3.
 *
 * Reading a target from JSON, from the command-line words or from a preset
 * name is axsterile/target.h.
 *
 * Every function here is reentrant: ax_target_jd may be called from several
 * threads at once on the same (const) target.
 */
#ifndef AXSTERILE_HALO_H
#define AXSTERILE_HALO_H

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Profiles -------------------------------------------------------- */

enum {
    AX_PROFILE_NFW = 1,     /* rho_s / (x (1+x)^2), x = r/r_s            */
    AX_PROFILE_GNFW,        /* rho_s x^-gamma (1+x)^(gamma-3)            */
    AX_PROFILE_EINASTO,     /* rho_s exp(-(2/alpha)(x^alpha - 1))        */
    AX_PROFILE_BURKERT,     /* rho_s / ((1+x)(1+x^2))                    */
    AX_PROFILE_ISOTHERMAL   /* rho_s / (1+x^2)  (cored isothermal)       */
};

typedef struct ax_profile {
    int type;          /* AX_PROFILE_* */
    double rho_s;      /* GeV/cm^3 */
    double r_s;        /* kpc */
    double gamma;      /* inner slope (GNFW only; NFW is gamma = 1) */
    double alpha;      /* Einasto shape (EINASTO only) */
    double r_min;      /* kpc: rho(r < r_min) = rho(r_min) (a core); 0 = none */
    double r_max;      /* kpc: rho(r > r_max) = 0; 0 or +inf = untruncated */
} ax_profile;

/* Fill *p with a profile of the given type and shape (rho_s = 1 GeV/cm^3,
 * r_min = 0, r_max = 0 i.e. untruncated). gamma is used by GNFW, alpha by
 * EINASTO; pass 0 otherwise. Validates like ax_profile_check. */
int ax_profile_init(ax_profile *p, int type, double r_s, double gamma,
                    double alpha, ax_error *err);

/* Check a profile: known type, r_s > 0, rho_s > 0, 0 <= gamma < 3 (GNFW),
 * alpha > 0 (EINASTO), 0 <= r_min < r_max (when r_max is set), all finite.
 * AX_EINPUT with a message naming the parameter otherwise. */
int ax_profile_check(const ax_profile *p, ax_error *err);

/* Set rho_s so that rho(r_sun) = rho_local (GeV/cm^3; r_sun in kpc), with
 * the profile's core and truncation as defined: AX_EINPUT when rho(r_sun)
 * would be zero (r_sun beyond r_max) or an argument is not positive. */
int ax_profile_normalise_local(ax_profile *p, double rho_local, double r_sun,
                               ax_error *err);

/* rho(r) in GeV/cm^3 (r in kpc), with core and truncation. */
double ax_profile_density(const ax_profile *p, double r);

/* Name of a type ("nfw", "gnfw", ...), and the type of a name (0 if
 * unknown, case-insensitive; "contracted-nfw"/"nfwc" are not types: use
 * gnfw with gamma). */
const char *ax_profile_name(int type);
int ax_profile_type_from_name(const char *name);

/* Is J (rho^2) integrable at the centre? AX_OK, or AX_EINPUT with a message
 * when the inner slope is >= 1.5 and r_min == 0 (J diverges). D needs
 * slope < 3, which ax_profile_check already enforces. */
int ax_profile_check_j_finite(const ax_profile *p, ax_error *err);

/* ---- Regions of the sky ---------------------------------------------- */

enum {
    AX_ROI_DISK = 1,   /* centre (l, b), radius r_out                       */
    AX_ROI_ANNULUS,    /* centre (l, b), r_in <= angle < r_out              */
    AX_ROI_BOX         /* l_min <= l <= l_max, b_min <= b <= b_max           */
};

#define AX_MASK_MAX_DISKS 64

typedef struct ax_region {
    int shape;                      /* AX_ROI_* */
    double l, b;                    /* rad: centre of DISK / ANNULUS */
    double r_in, r_out;             /* rad: radii (DISK uses r_out only) */
    double l_min, l_max, b_min, b_max; /* rad: BOX (l in (-pi, pi], l_min < l_max) */
    /* Band mask: remove |b| < mask_b_abs_lt AND |l| > mask_l_abs_gt.
     * Set mask_b_abs_lt = 0 for none; mask_l_abs_gt = 0 removes the whole
     * |b| < mask_b_abs_lt strip. The Fermi-LAT 2015 mask is (5 deg, 6 deg). */
    double mask_b_abs_lt, mask_l_abs_gt;
    int n_exclude;                  /* disks removed from the region */
    double ex_l[AX_MASK_MAX_DISKS], ex_b[AX_MASK_MAX_DISKS], ex_r[AX_MASK_MAX_DISKS];
} ax_region;

/* Is the direction (l, b) (rad) inside the region after masking? */
int ax_region_contains(const ax_region *r, double l, double b);

/* A longitude (rad) brought into (-pi, pi]. */
double ax_angle_wrap_pi(double l);

/* ---- Targets ----------------------------------------------------------- */

enum { AX_TARGET_GALACTIC = 1, AX_TARGET_EXTERNAL };

typedef struct ax_target {
    int kind;              /* AX_TARGET_GALACTIC or AX_TARGET_EXTERNAL */
    char name[64];         /* "fermi:R41", "M31", or "" */
    /* For presets: the J-factor the source paper quotes for this target
     * (GeV^2 cm^-5), 0 when there is none. */
    double J_published;
    double distance;       /* kpc: R_sun (galactic) or target distance */
    ax_profile profile;
    ax_region region;
    /* Numerical settings (ax_target_* initialisers set defaults):
     * relative tolerances of the angular and line-of-sight quadratures. */
    double rel_tol_angle, rel_tol_los;
} ax_target;

/* The integrals of one target. */
typedef struct ax_jd {
    double J;              /* GeV^2 cm^-5 */
    double D;              /* GeV cm^-2 */
    double solid_angle;    /* sr, after masking */
    double J_relerr;       /* relative error estimates (quadrature) */
    double D_relerr;
} ax_jd;

/* A target with no region or profile yet: galactic, r_sun = 8.5 kpc, the
 * default quadrature tolerances. Parsers (axsterile/target.h) start here. */
void ax_target_init(ax_target *t);

/* Validate a target (profile, region, distance); AX_EINPUT naming the
 * parameter. Called by every constructor and by ax_target_jd. */
int ax_target_check(const ax_target *t, ax_error *err);

/* J, D and solid angle of the target. Thread-safe. AX_EINPUT when J
 * diverges for this profile (inner slope >= 1.5 without r_min), AX_ERUN
 * when the quadrature fails. */
int ax_target_jd(const ax_target *t, ax_jd *out, ax_error *err);

/* The line-of-sight integrals at angle psi (rad) from the centre:
 * *los_d = int dl rho [GeV cm^-3 kpc], *los_j = int dl rho^2
 * [GeV^2 cm^-6 kpc], for an observer at distance d (kpc). Either output
 * pointer may be NULL. */
int ax_los_integrals(const ax_profile *p, double d, double psi,
                     double *los_d, double *los_j, ax_error *err);

/* ax_target holds no heap memory today; call this anyway. */
void ax_target_free(ax_target *t);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_HALO_H */
