/* test_halo.c -- halo profiles, regions, J- and D-factors
 * (docs/physics.md section 7a). */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/halo.h"
#include "axsterile/target.h"

#include <gsl/gsl_integration.h>
#include <pthread.h>
#include <string.h>

#define DEG (M_PI / 180.0)

static ax_target galactic(int type, double r_s, double gamma, double alpha, double r_sun, double rho_local)
{
    ax_target t;
    ax_error err;
    memset(&t, 0, sizeof t);
    t.kind = AX_TARGET_GALACTIC;
    t.distance = r_sun;
    t.rel_tol_angle = 1e-6;
    t.rel_tol_los = 1e-8;
    CHECK(ax_profile_init(&t.profile, type, r_s, gamma, alpha, &err) == AX_OK, "profile init: %s", err.msg);
    CHECK(ax_profile_normalise_local(&t.profile, rho_local, r_sun, &err) == AX_OK, "normalise: %s", err.msg);
    t.region.shape = AX_ROI_DISK;
    return t;
}

static ax_jd jd_of(const ax_target *t)
{
    ax_jd jd;
    ax_error err;
    int st = ax_target_jd(t, &jd, &err);
    CHECK(st == AX_OK, "ax_target_jd: %s", err.msg);
    return jd;
}

/* ---- published Fermi-LAT 2015 J-factors -------------------------------- */

/* Ackermann et al. 2015 (arXiv:1506.00013), J-factors of the line-search
 * regions in 1e22 GeV^2 cm^-5 (as transcribed in MadDM's
 * maddm_run_interface.py, see ../shared/reference/jfactors/PROVENANCE.md):
 * R3 13.9 (NFWc), R16 9.39 (Einasto), R41 9.16 (NFW), R90 6.94 (isothermal).
 * Tolerance 0.5%: the published numbers have three digits (+-0.05 in the
 * last is 0.36-0.7%) -- so also compared with the helper's 5-digit
 * recomputation below. */
static void test_fermi_presets(void)
{
    static const struct { const char *name; double J; } PUB[] = {
        {"fermi:R3", 13.9e22}, {"fermi:R16", 9.39e22}, {"fermi:R41", 9.16e22}, {"fermi:R90", 6.94e22},
    };
    ax_error err;
    for (size_t i = 0; i < 4; i++) {
        ax_target t;
        CHECK(ax_target_from_preset(PUB[i].name, &t, &err) == AX_OK, "%s: %s", PUB[i].name, err.msg);
        ax_jd jd = jd_of(&t);
        char what[64];
        snprintf(what, sizeof what, "J(%s) vs Fermi-LAT 2015", PUB[i].name);
        CHECK_CLOSE(jd.J, PUB[i].J, 5e-3, what);
        CHECK_CLOSE(t.J_published, PUB[i].J, 1e-12, "J_published of the preset");
        CHECK(jd.J_relerr < 1e-4 && jd.D_relerr < 1e-4, "%s: error estimates %g %g", PUB[i].name, jd.J_relerr,
              jd.D_relerr);
        CHECK_CLOSE(ax_profile_density(&t.profile, 8.5), 0.4, 1e-12, "rho(R_sun) of the preset");
    }
    /* R3 as a plain gamma = 1.3 cusp: the 1.497e23 of MadDM */
    ax_target t;
    CHECK(ax_target_from_preset("fermi:R3-cusp", &t, &err) == AX_OK, "R3-cusp: %s", err.msg);
    CHECK_CLOSE(jd_of(&t).J, 1.497e23, 5e-3, "J(R3, plain gNFW cusp) vs MadDM 1.497e23");
    CHECK_STATUS(ax_target_from_preset("fermi:R4", &t, &err), AX_EINPUT, &err, "unknown preset 'fermi:R4'");
}

/* ../shared/reference/jfactors/helper_computed_mw_jd.csv: an independent
 * numerical computation (another program) of J and D for the Fermi-2015
 * profile set over R3..R180 with the mask, and PPPC4DMID-shaped profiles in
 * cones about the Galactic Centre. Their stated accuracy is 1e-9; the CSV
 * has 5 digits, so 2e-4 (rounding is <= 5e-5). */
static void test_reference_csv(void)
{
    const char *ref = harness_reference_dir();
    char path[4200];
    FILE *fp = NULL;
    if (ref) {
        snprintf(path, sizeof path, "%s/jfactors/helper_computed_mw_jd.csv", ref);
        fp = fopen(path, "r");
    }
    if (!fp) {
        SKIP("../shared/reference/jfactors/helper_computed_mw_jd.csv not present: "
             "independent J/D recomputation not compared");
        return;
    }
    char line[512];
    int n = 0;
    double worst = 0.0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char set[64], prof[32], roi[16];
        double rho_s, r_s, shp, R0, pmin, pmax, mb, ml, J, D;
        if (sscanf(line, "%63[^,],%31[^,],%lf,%lf,%lf,%lf,%15[^,],%lf,%lf,%lf,%lf,%lf,%lf", set, prof, &rho_s, &r_s,
                   &shp, &R0, roi, &pmin, &pmax, &mb, &ml, &J, &D) != 13) {
            CHECK(0, "cannot read reference line: %s", line);
            continue;
        }
        int type = strstr(prof, "gNFW") ? AX_PROFILE_GNFW
                   : strcmp(prof, "NFW") == 0 ? AX_PROFILE_NFW
                   : strncmp(prof, "Einasto", 7) == 0 ? AX_PROFILE_EINASTO
                   : strcmp(prof, "Isothermal") == 0 ? AX_PROFILE_ISOTHERMAL
                   : strcmp(prof, "Burkert") == 0 ? AX_PROFILE_BURKERT : 0;
        CHECK(type != 0, "unknown profile %s in the reference", prof);
        if (!type)
            continue;
        ax_target t = galactic(type, r_s, shp, shp, R0, 0.3);
        /* normalisation: rho(R0) = 0.4 (fermi2015 set) or 0.3 exactly */
        ax_error err;
        ax_profile_normalise_local(&t.profile, strcmp(set, "fermi2015") == 0 ? 0.4 : 0.3, R0, &err);
        CHECK_CLOSE(t.profile.rho_s, rho_s, 2e-4, "rho_s of the reference profile");
        t.region.shape = pmin > 0 ? AX_ROI_ANNULUS : AX_ROI_DISK;
        t.region.r_in = pmin * DEG;
        t.region.r_out = pmax * DEG;
        t.region.mask_b_abs_lt = mb * DEG;
        t.region.mask_l_abs_gt = ml * DEG;
        ax_jd jd = jd_of(&t);
        char what[160];
        snprintf(what, sizeof what, "J %s %s %s psi<%g", set, prof, roi, pmax);
        /* gamma = 1.3: the reference lacks the cone psi < ~1e-9 rad about
         * the centre (J(<psi) ~ psi^0.4: a constant 1.3e20 GeV^2 cm^-5, 0.04-0.09%);
         * ours adds it analytically and does not move when that cone is
         * made 1e4 times smaller (docs/physics.md §7a) */
        int nfwc = type == AX_PROFILE_GNFW && shp > 1.25;
        CHECK_CLOSE(jd.J, J, nfwc ? 1e-3 : 2e-4, what);
        if (nfwc)
            CHECK(jd.J > J && jd.J - J < 1.4e20, "gNFW: %g - %g is not the missing central cone", jd.J, J);
        snprintf(what, sizeof what, "D %s %s %s psi<%g", set, prof, roi, pmax);
        CHECK_CLOSE(jd.D, D, 2e-4, what);
        double e = fmax(fabs(jd.J / J - 1), fabs(jd.D / D - 1));
        if (e > worst)
            worst = e;
        n++;
    }
    fclose(fp);
    CHECK(n >= 70, "only %d reference rows read", n);
    printf("reference csv: %d targets, largest relative difference %.2e\n", n, worst);
}

/* ---- closed forms ------------------------------------------------------ */

/* Cored isothermal rho_s rc^2/(rc^2 + r^2) along a line at angle psi from
 * an observer at distance d: with c = d cos psi, a^2 = rc^2 + d^2 sin^2 psi,
 *   int rho dl   = rho_s rc^2 (pi/2 + atan(c/a)) / a
 *   int rho^2 dl = rho_s^2 rc^4 / (2 a^2) [pi/(2a) + c/(c^2+a^2) + atan(c/a)/a]
 * (elementary integrals of 1/(u^2+a^2) and 1/(u^2+a^2)^2, u = l - c). */
static void test_isothermal_los(void)
{
    ax_profile p;
    ax_error err;
    CHECK(ax_profile_init(&p, AX_PROFILE_ISOTHERMAL, 3.0, 0, 0, &err) == AX_OK, "%s", err.msg);
    p.rho_s = 1.7;
    const double d = 8.5, rc = 3.0;
    const double psis[] = {1e-6, 0.01, 0.3, 1.0, M_PI / 2, 2.0, 3.0, M_PI - 1e-4};
    for (size_t i = 0; i < sizeof psis / sizeof psis[0]; i++) {
        double psi = psis[i], c = d * cos(psi), s = d * sin(psi);
        double a = sqrt(rc * rc + s * s);
        double Dw = p.rho_s * rc * rc * (M_PI / 2 + atan(c / a)) / a;
        double Jw = p.rho_s * p.rho_s * pow(rc, 4) / (2 * a * a) * (M_PI / (2 * a) + c / (c * c + a * a) + atan(c / a) / a);
        double Dg, Jg;
        CHECK(ax_los_integrals(&p, d, psi, &Dg, &Jg, &err) == AX_OK, "los: %s", err.msg);
        char what[64];
        snprintf(what, sizeof what, "isothermal LOS D at psi = %g", psi);
        CHECK_CLOSE(Dg, Dw, 1e-8, what);
        snprintf(what, sizeof what, "isothermal LOS J at psi = %g", psi);
        CHECK_CLOSE(Jg, Jw, 1e-8, what);
    }
}

/* Singular isothermal sphere rho0 (R0/r)^2 seen from R0: the line of sight
 * gives rho0 R0 (pi - psi)/sin psi, and the whole sky
 * 2 pi int sin psi dpsi rho0 R0 (pi - psi)/sin psi = pi^3 rho0 R0.
 * Realised as a cored isothermal with a core of 1e-6 kpc (relative
 * correction ~ rc/R0 ~ 1e-7). */
static void test_singular_isothermal_whole_sky(void)
{
    const double R0 = 8.5, rho0 = 0.4, rc = 1e-6;
    ax_target t = galactic(AX_PROFILE_ISOTHERMAL, rc, 0, 0, R0, rho0);
    t.profile.rho_s = rho0 * R0 * R0 / (rc * rc);
    t.region.r_out = M_PI;
    ax_jd jd = jd_of(&t);
    CHECK_CLOSE(jd.D, pow(M_PI, 3) * rho0 * R0 * AX_KPC_CM, 1e-5, "whole-sky D of a singular isothermal sphere");
    CHECK_CLOSE(jd.solid_angle, 4 * M_PI, 1e-9, "whole-sky solid angle");
}

/* Untruncated NFW at distance d >> r_s: J_total = (4 pi/3) rho_s^2 r_s^3 / d^2
 * (int_0^inf x^2 dx/(x^2 (1+x)^4) = 1/3), up to (r_s/d)^2/3 ~ 6e-7 here; a
 * 20 deg cone misses the part beyond 283 r_s (~1/283^3). */
static void test_external_nfw_total(void)
{
    ax_error err;
    ax_target t;
    memset(&t, 0, sizeof t);
    t.kind = AX_TARGET_EXTERNAL;
    t.distance = 778.0;
    t.rel_tol_angle = 1e-7;
    t.rel_tol_los = 1e-9;
    CHECK(ax_profile_init(&t.profile, AX_PROFILE_NFW, 1.0, 0, 0, &err) == AX_OK, "%s", err.msg);
    t.profile.rho_s = 2.5;
    t.region.shape = AX_ROI_DISK;
    t.region.r_out = 20 * DEG;
    ax_jd jd = jd_of(&t);
    double want = 4 * M_PI / 3 * 2.5 * 2.5 / (778.0 * 778.0) * AX_KPC_CM;
    CHECK_CLOSE(jd.J, want, 1e-5, "total J of an untruncated external NFW halo");
}

/* An external truncated halo seen from outside: a shell of radius r at
 * distance d averages 1/l^2 to ln((d+r)/(d-r))/(2 r d), so
 *   D = int_0^rmax 4 pi r^2 rho ln((d+r)/(d-r))/(2 r d) dr  (rho^2 for J),
 * a one-dimensional integral done here with GSL: tests the geometry of a
 * line of sight that starts and ends at the truncation radius. */
typedef struct { const ax_profile *p; double d; int pw; } shell_ctx;
static double shell_f(double r, void *v)
{
    const shell_ctx *c = v;
    double rho = ax_profile_density(c->p, r);
    return 4 * M_PI * r * r * (c->pw == 2 ? rho * rho : rho) * log((c->d + r) / (c->d - r)) / (2 * r * c->d);
}
static void test_external_truncated_shells(void)
{
    ax_error err;
    ax_target t;
    memset(&t, 0, sizeof t);
    t.kind = AX_TARGET_EXTERNAL;
    t.distance = 100.0;
    t.rel_tol_angle = 1e-7;
    t.rel_tol_los = 1e-9;
    CHECK(ax_profile_init(&t.profile, AX_PROFILE_NFW, 5.0, 0, 0, &err) == AX_OK, "%s", err.msg);
    t.profile.rho_s = 0.8;
    t.profile.r_max = 30.0;
    t.region.shape = AX_ROI_DISK;
    t.region.r_out = 20 * DEG; /* the halo subtends asin(0.3) = 17.5 deg */
    ax_jd jd = jd_of(&t);
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(200);
    for (int pw = 1; pw <= 2; pw++) {
        shell_ctx c = {&t.profile, t.distance, pw};
        gsl_function f = {shell_f, &c};
        double res, abserr;
        double pts[3] = {0.0, 5.0, 30.0};
        gsl_integration_qagp(&f, pts, 3, 0, 1e-11, 200, ws, &res, &abserr);
        CHECK_CLOSE(pw == 1 ? jd.D : jd.J, res * AX_KPC_CM, 1e-5,
                    pw == 1 ? "D of a truncated external NFW (shells)" : "J of a truncated external NFW (shells)");
    }
    gsl_integration_workspace_free(ws);
}

/* Constant density rho_c inside r_max = 1 kpc, observer at the centre
 * (1e-7 kpc off it): D = rho_c r_max Omega, J = rho_c^2 r_max Omega, with
 * Omega the masked solid angle in closed form (a box in (l, b) has
 * Omega = Delta l (sin b2 - sin b1)). Constant density: isothermal with
 * r_s = 1e5 kpc (rho varies by 1e-10 within 1 kpc). */
static void test_masked_solid_angle(void)
{
    const double rho_c = 0.3;
    struct { const char *what; int shape; double r_out, mb, ml, l1, l2, b1, b2; double omega; } C[] = {
        {"whole sky, fermi2015 mask", AX_ROI_DISK, M_PI, 5, 6, 0, 0, 0, 0,
         4 * M_PI - (2 * M_PI - 12 * DEG) * 2 * sin(5 * DEG)},
        {"hemisphere |l| < 90, fermi2015 mask", AX_ROI_DISK, M_PI / 2, 5, 6, 0, 0, 0, 0,
         2 * M_PI - 168 * DEG * 2 * sin(5 * DEG)},
        {"box 20x10 deg, |b| < 2 removed", AX_ROI_BOX, 0, 2, 0, -10, 10, -5, 5, 20 * DEG * 2 * (sin(5 * DEG) - sin(2 * DEG))},
        {"box 20x10 deg, fermi-like mask b<2,l>6", AX_ROI_BOX, 0, 2, 6, -10, 10, -5, 5,
         20 * DEG * 2 * sin(5 * DEG) - 8 * DEG * 2 * sin(2 * DEG)},
        {"box across l = 180", AX_ROI_BOX, 0, 0, 0, 170, 200, 10, 30, 30 * DEG * (sin(30 * DEG) - sin(10 * DEG))},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        ax_target t = galactic(AX_PROFILE_ISOTHERMAL, 1e5, 0, 0, 1e-7, rho_c);
        t.profile.r_max = 1.0;
        t.region.shape = C[i].shape;
        t.region.r_out = C[i].r_out;
        t.region.mask_b_abs_lt = C[i].mb * DEG;
        t.region.mask_l_abs_gt = C[i].ml * DEG;
        t.region.l_min = C[i].l1 * DEG;
        t.region.l_max = C[i].l2 * DEG;
        t.region.b_min = C[i].b1 * DEG;
        t.region.b_max = C[i].b2 * DEG;
        ax_jd jd = jd_of(&t);
        char what[128];
        snprintf(what, sizeof what, "solid angle: %s", C[i].what);
        CHECK_CLOSE(jd.solid_angle, C[i].omega, 1e-8, what);
        snprintf(what, sizeof what, "constant-density D: %s", C[i].what);
        CHECK_CLOSE(jd.D, rho_c * 1.0 * C[i].omega * AX_KPC_CM, 1e-6, what);
        snprintf(what, sizeof what, "constant-density J: %s", C[i].what);
        CHECK_CLOSE(jd.J, rho_c * rho_c * 1.0 * C[i].omega * AX_KPC_CM, 1e-6, what);
    }
    /* off-centre disk and an excluded disk inside a disk */
    ax_target t = galactic(AX_PROFILE_NFW, 20, 0, 0, 8.5, 0.4);
    t.region.l = 30 * DEG;
    t.region.b = 20 * DEG;
    t.region.r_out = 5 * DEG;
    CHECK_CLOSE(jd_of(&t).solid_angle, 2 * M_PI * (1 - cos(5 * DEG)), 1e-8, "solid angle of an off-centre disk");
    t.region.l = t.region.b = 0;
    t.region.r_out = 10 * DEG;
    t.region.n_exclude = 1;
    t.region.ex_l[0] = 3 * DEG;
    t.region.ex_b[0] = 2 * DEG;
    t.region.ex_r[0] = 1 * DEG;
    CHECK_CLOSE(jd_of(&t).solid_angle, 2 * M_PI * (cos(1 * DEG) - cos(10 * DEG)), 1e-8,
                "solid angle of a disk with an excluded disk");
}

/* ---- additivity and symmetry ------------------------------------------- */

static void test_additivity(void)
{
    struct { int type; double r_s, g, a; double mb, ml, l, b; } C[] = {
        {AX_PROFILE_NFW, 20, 1, 0, 0, 0, 0, 0},
        {AX_PROFILE_GNFW, 20, 1.3, 0, 5, 6, 0, 0},
        {AX_PROFILE_EINASTO, 20, 0, 0.17, 5, 6, 0, 0},
        {AX_PROFILE_BURKERT, 12.67, 0, 0, 0, 0, 20, 10},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        ax_target t = galactic(C[i].type, C[i].r_s, C[i].g, C[i].a, 8.5, 0.4);
        t.region.mask_b_abs_lt = C[i].mb * DEG;
        t.region.mask_l_abs_gt = C[i].ml * DEG;
        t.region.l = C[i].l * DEG;
        t.region.b = C[i].b * DEG;
        t.region.r_out = 3 * DEG;
        ax_jd in = jd_of(&t);
        t.region.r_out = 41 * DEG;
        ax_jd all = jd_of(&t);
        t.region.shape = AX_ROI_ANNULUS;
        t.region.r_in = 3 * DEG;
        ax_jd ring = jd_of(&t);
        char what[96];
        snprintf(what, sizeof what, "J additivity disk(41) = disk(3) + annulus(3,41), case %zu", i);
        CHECK_CLOSE(in.J + ring.J, all.J, 1e-5, what);
        snprintf(what, sizeof what, "D additivity, case %zu", i);
        CHECK_CLOSE(in.D + ring.D, all.D, 1e-5, what);
        CHECK_CLOSE(in.solid_angle + ring.solid_angle, all.solid_angle, 1e-9, "solid angle additivity");
    }
}

/* A cusp with inner slope >= 1.5 (gamma = 1.7): J diverges only through
 * the centre. Off-centre regions (an annulus, a displaced disk, a strip
 * mask) are finite and do not feel a core smaller than the closest
 * approach R_sun sin(psi_min); a region through the centre is refused; a
 * region its mask removes entirely is refused. */
static void test_steep_cusp_off_centre(void)
{
    ax_error err;
    ax_jd a, b;
    ax_target t = galactic(AX_PROFILE_GNFW, 20, 1.7, 0, 8.5, 0.4);
    t.region.shape = AX_ROI_ANNULUS;
    t.region.r_in = 5 * DEG;
    t.region.r_out = 10 * DEG;
    CHECK(ax_target_jd(&t, &a, &err) == AX_OK && a.J > 0, "annulus 5-10 deg, gamma 1.7: %s",
          err.msg);
    t.profile.r_min = 1e-2; /* 10 pc << 8.5 kpc sin(5 deg) = 0.74 kpc */
    CHECK(ax_target_jd(&t, &b, &err) == AX_OK, "annulus with a core: %s", err.msg);
    CHECK_CLOSE(a.J, b.J, 1e-9, "a core inside the closest approach changes nothing");
    t.profile.r_min = 0;
    t.region.shape = AX_ROI_DISK;
    t.region.r_out = 3 * DEG;
    t.region.l = 20 * DEG;
    t.region.b = 10 * DEG;
    CHECK(ax_target_jd(&t, &a, &err) == AX_OK && a.J > 0, "displaced disk: %s", err.msg);
    t.region.l = t.region.b = 0;
    t.region.r_out = 10 * DEG;
    CHECK_STATUS(ax_target_jd(&t, &a, &err), AX_EINPUT, &err, "diverges at the centre");
    t.region.mask_b_abs_lt = 2 * DEG; /* the strip |b| < 2 deg removed */
    CHECK(ax_target_jd(&t, &a, &err) == AX_OK && a.J > 0, "strip-masked disk: %s", err.msg);
    t.region.mask_b_abs_lt = 15 * DEG; /* removes the whole disk */
    CHECK_STATUS(ax_target_jd(&t, &a, &err), AX_EINPUT, &err, "the region is empty");
}

/* boxes whose edges run through the cusp: box(-10..10) = 2 box(0..10),
 * box(0..10) = box(-10..0) (the centre on the boundary of both halves) */
static void test_box_halves(void)
{
    ax_target t = galactic(AX_PROFILE_GNFW, 20, 1.2, 0, 8.5, 0.4);
    t.region.shape = AX_ROI_BOX;
    t.region.b_min = -5 * DEG;
    t.region.b_max = 5 * DEG;
    t.region.l_min = -10 * DEG;
    t.region.l_max = 10 * DEG;
    ax_jd whole = jd_of(&t);
    t.region.l_min = 0;
    ax_jd right = jd_of(&t);
    t.region.l_min = -10 * DEG;
    t.region.l_max = 0;
    ax_jd left = jd_of(&t);
    CHECK_CLOSE(left.J, right.J, 1e-6, "J of box halves (mirror)");
    CHECK_CLOSE(left.J + right.J, whole.J, 1e-5, "J of a box = sum of its halves");
    CHECK_CLOSE(left.D + right.D, whole.D, 1e-5, "D of a box = sum of its halves");
    t.region.l_max = 10 * DEG;
    t.region.b_min = 0;
    ax_jd top = jd_of(&t);
    CHECK_CLOSE(2 * top.J, whole.J, 1e-5, "J of the upper half of a box");
}

static void test_symmetry_and_far_side(void)
{
    ax_target t = galactic(AX_PROFILE_EINASTO, 20, 0, 0.17, 8.5, 0.4);
    t.region.mask_b_abs_lt = 5 * DEG;
    t.region.mask_l_abs_gt = 6 * DEG;
    t.region.r_out = 8 * DEG;
    t.region.l = 25 * DEG;
    t.region.b = 4 * DEG;
    ax_jd a = jd_of(&t);
    t.region.l = -25 * DEG;
    t.region.b = -4 * DEG;
    ax_jd b = jd_of(&t);
    CHECK_CLOSE(b.J, a.J, 1e-6, "J symmetric under (l, b) -> (-l, -b)");
    CHECK_CLOSE(b.D, a.D, 1e-6, "D symmetric under (l, b) -> (-l, -b)");
    /* anticentre: a small disk about l = 180 deg sees the line of sight at
     * psi = pi; D ~ Omega * LOS(pi) to O(radius^2) */
    t.region.l = M_PI;
    t.region.b = 0;
    t.region.r_out = 0.2 * DEG;
    t.region.mask_b_abs_lt = 0;
    ax_jd c = jd_of(&t);
    double los_d, los_j;
    ax_error err;
    CHECK(ax_los_integrals(&t.profile, 8.5, M_PI - 1e-9, &los_d, &los_j, &err) == AX_OK, "%s", err.msg);
    CHECK_CLOSE(c.D, los_d * c.solid_angle * AX_KPC_CM, 1e-5, "anticentre D = Omega * LOS(180 deg)");
    CHECK_CLOSE(c.J, los_j * c.solid_angle * AX_KPC_CM, 1e-5, "anticentre J = Omega * LOS(180 deg)");
    /* truncation only lowers D, and a far r_max changes R41 J by little */
    ax_target r41;
    ax_target_from_preset("fermi:R41", &r41, &err);
    ax_jd full = jd_of(&r41);
    r41.profile.r_max = 100.0;
    ax_jd tr = jd_of(&r41);
    CHECK(tr.D < full.D && tr.J <= full.J && tr.J > 0.999 * full.J, "truncation at 100 kpc: J %g -> %g, D %g -> %g",
          full.J, tr.J, full.D, tr.D);
}

/* the reported error estimates are honest: a 100x tighter tolerance moves
 * the result by less than a few times the estimate */
static void test_convergence(void)
{
    ax_error err;
    ax_target t;
    ax_target_from_preset("fermi:R3-cusp", &t, &err);
    ax_jd a = jd_of(&t);
    t.rel_tol_angle = 1e-8;
    t.rel_tol_los = 1e-10;
    ax_jd b = jd_of(&t);
    CHECK(fabs(a.J / b.J - 1) <= fmax(3 * a.J_relerr, 1e-7), "J moved by %g, estimate %g", a.J / b.J - 1, a.J_relerr);
    CHECK(fabs(a.D / b.D - 1) <= fmax(3 * a.D_relerr, 1e-7), "D moved by %g, estimate %g", a.D / b.D - 1, a.D_relerr);
}

/* ax_target_jd from several threads at once (the recast calls it from
 * OpenMP loops): the same numbers as serial calls */
typedef struct { const ax_target *t; double J; int st; } thread_job;
static void *thread_run(void *v)
{
    thread_job *j = v;
    ax_jd jd;
    ax_error e;
    j->st = ax_target_jd(j->t, &jd, &e);
    j->J = jd.J;
    return NULL;
}

static void test_threads(void)
{
    const char *names[4] = {"fermi:R3", "fermi:R16", "fermi:R41", "fermi:R90"};
    ax_target t[4];
    double serial[4];
    thread_job job[8];
    pthread_t th[8];
    ax_error err;
    for (int i = 0; i < 4; i++) {
        ax_target_from_preset(names[i], &t[i], &err);
        serial[i] = jd_of(&t[i]).J;
    }
    for (int i = 0; i < 8; i++) {
        job[i].t = &t[i % 4];
        job[i].st = -1;
        CHECK(pthread_create(&th[i], NULL, thread_run, &job[i]) == 0, "pthread_create");
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        CHECK(job[i].st == AX_OK && job[i].J == serial[i % 4], "%s in a thread: %g (status %d), serial %g",
              names[i % 4], job[i].J, job[i].st, serial[i % 4]);
    }
}

/* ---- bad input ---------------------------------------------------------- */

static void test_bad_input(void)
{
    ax_error err;
    ax_profile p;
    CHECK_STATUS(ax_profile_init(&p, 99, 20, 0, 0, &err), AX_EINPUT, &err, "unknown profile type");
    CHECK_STATUS(ax_profile_init(&p, AX_PROFILE_NFW, -3, 0, 0, &err), AX_EINPUT, &err, "r_s");
    CHECK_STATUS(ax_profile_init(&p, AX_PROFILE_GNFW, 20, 3.5, 0, &err), AX_EINPUT, &err, "gamma");
    CHECK(ax_profile_type_from_name("moore") == 0, "unknown name");
    CHECK(ax_profile_type_from_name("Einasto") == AX_PROFILE_EINASTO, "name case-insensitive");

    ax_target t = galactic(AX_PROFILE_GNFW, 20, 1.6, 0, 8.5, 0.4);
    t.region.r_out = 3 * DEG;
    ax_jd jd;
    CHECK_STATUS(ax_target_jd(&t, &jd, &err), AX_EINPUT, &err, "diverges at the centre");
    t.profile.r_min = 1e-3; /* with a core it is finite */
    CHECK(ax_target_jd(&t, &jd, &err) == AX_OK && jd.J > 0, "gamma 1.6 with a core: %s", err.msg);
    t.profile.r_max = 5e-4;
    CHECK_STATUS(ax_target_jd(&t, &jd, &err), AX_EINPUT, &err, "is not below r_max");
    t = galactic(AX_PROFILE_NFW, 20, 0, 0, 8.5, 0.4);
    t.region.r_out = -1 * DEG;
    CHECK_STATUS(ax_target_jd(&t, &jd, &err), AX_EINPUT, &err, "disk radius");
    t.region.shape = 7;
    CHECK_STATUS(ax_target_jd(&t, &jd, &err), AX_EINPUT, &err, "unknown region shape");
    CHECK(jd.J == 0 && jd.D == 0, "nothing half-filled on error");

    /* JSON: errors name the key */
    static const struct { const char *json, *frag; } BAD[] = {
        {"{\"kind\":\"galactic\",\"preset\":\"fermi:R5\"}", "unknown preset 'fermi:R5'"},
        {"{\"kind\":\"halo\"}", "target.kind: unknown kind 'halo'"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"hexagon\"},\"profile\":{}}", "target.roi.shape: unknown region 'hexagon'"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"radius_deg\":-4},"
         "\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4}}", "target.roi.radius_deg = -4"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"radius_deg\":4},"
         "\"profile\":{\"type\":\"moore\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4}}", "target.profile.type: unknown profile 'moore'"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"radius_deg\":4},"
         "\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":\"20\",\"rho_local_GeV_cm3\":0.4}}", "target.profile.r_s_kpc: got \"20\"; expected a number"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"radius_deg\":4},"
         "\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4,\"r_min_kpc\":5,\"r_max_kpc\":2}}",
         "r_min_kpc = 5 is not below r_max_kpc = 2"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"radius_deg\":4},"
         "\"profile\":{\"type\":\"gnfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4}}", "target.profile.gamma is missing"},
        {"{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"radius_deg\":4},\"mask\":\"fermi2013\","
         "\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4}}", "target.mask: unknown mask 'fermi2013'"},
        {"{\"kind\":\"external\",\"distance_kpc\":778,\"radius_deg\":0.5,"
         "\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4}}", "external target needs rho_s_GeV_cm3"},
        {"{\"kind\":\"external\",\"distance_kpc\":-7,\"radius_deg\":0.5}", "target.distance_kpc = -7"},
        {"{\"kind\":\"galactic\",\"preset\":\"fermi:R41\",\"colour\":1}", "target: unknown key 'colour'"},
        {"{\"kind\":\"galactic\",\"preset\":\"fermi:R41\",\"name\":\"R41\\nsystem(1)\"}",
         "target.name: a control character at position 4"},
        {"{\"kind\":\"galactic\",\"preset\":\"fermi:R41\",\"name\":"
         "\"0123456789012345678901234567890123456789012345678901234567890123\"}",
         "target.name: 64 characters; expected at most 63"},
        {"{\"kind\":\"galactic\",\"preset\":\"fermi:R41\",\"notes\":7}", "target.notes: got a number"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        ax_target tt;
        CHECK_STATUS(ax_target_parse("t.json", BAD[i].json, strlen(BAD[i].json), &tt, &err), AX_EINPUT, &err,
                     BAD[i].frag);
    }
    /* CLI words */
    ax_target_words w = {0};
    w.roi = "circle:r=4deg";
    CHECK_STATUS(ax_target_from_strings(&w, &t, &err), AX_EINPUT, &err, "unknown region 'circle'");
    w.roi = "disk:r=-4deg";
    w.profile = "nfw";
    w.r_s = 20;
    w.have_r_s = 1;
    CHECK_STATUS(ax_target_from_strings(&w, &t, &err), AX_EINPUT, &err, "expected a positive radius");
    w.roi = "disk:r=4deg";
    w.profile = "nfx";
    CHECK_STATUS(ax_target_from_strings(&w, &t, &err), AX_EINPUT, &err, "unknown profile 'nfx'");
    w.profile = "nfw";
    w.mask = "galactic-plane";
    CHECK_STATUS(ax_target_from_strings(&w, &t, &err), AX_EINPUT, &err, "unknown mask 'galactic-plane'");
}

/* the JSON and the CLI words give the same targets as the C structures */
static void test_constructors_agree(void)
{
    ax_error err;
    const char *js = "{\"kind\":\"galactic\",\"roi\":{\"shape\":\"disk\",\"l_deg\":0,\"b_deg\":0,\"radius_deg\":41},"
                     "\"mask\":\"fermi2015\",\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4,"
                     "\"r_sun_kpc\":8.5}}";
    ax_target a, b, c;
    CHECK(ax_target_parse("t.json", js, strlen(js), &a, &err) == AX_OK, "json: %s", err.msg);
    ax_target_words w = {0};
    w.roi = "disk:r=41deg";
    w.mask = "b<5deg,l>6deg";
    w.profile = "nfw";
    w.r_s = 20;
    w.have_r_s = 1;
    CHECK(ax_target_from_strings(&w, &b, &err) == AX_OK, "words: %s", err.msg);
    CHECK(ax_target_from_preset("fermi:R41", &c, &err) == AX_OK, "preset: %s", err.msg);
    double Ja = jd_of(&a).J, Jb = jd_of(&b).J, Jc = jd_of(&c).J;
    CHECK_CLOSE(Ja, Jc, 1e-12, "JSON target = preset R41");
    CHECK_CLOSE(Jb, Jc, 1e-12, "CLI-words target = preset R41");
    /* external: M31-like disk from JSON */
    js = "{\"kind\":\"external\",\"name\":\"M31\",\"distance_kpc\":778,\"radius_deg\":0.5,"
         "\"profile\":{\"type\":\"nfw\",\"rho_s_GeV_cm3\":0.5,\"r_s_kpc\":16.5,\"r_max_kpc\":200}}";
    CHECK(ax_target_parse("t.json", js, strlen(js), &a, &err) == AX_OK, "external json: %s", err.msg);
    CHECK(a.kind == AX_TARGET_EXTERNAL && strcmp(a.name, "M31") == 0, "external target fields");
    /* a NuSTAR-like square pointing off the centre: Omega = w (sin(b+w/2) - sin(b-w/2)) */
    js = "{\"kind\":\"galactic\",\"roi\":{\"shape\":\"box\",\"l_deg\":-1.5,\"b_deg\":2,\"fov_deg\":0.2},"
         "\"profile\":{\"type\":\"nfw\",\"r_s_kpc\":20,\"rho_local_GeV_cm3\":0.4}}";
    CHECK(ax_target_parse("t.json", js, strlen(js), &b, &err) == AX_OK, "fov json: %s", err.msg);
    ax_jd f = jd_of(&b);
    CHECK_CLOSE(f.solid_angle, 0.2 * DEG * (sin(2.1 * DEG) - sin(1.9 * DEG)), 1e-8, "solid angle of a 0.2 deg field");
    /* small field: J ~ Omega * LOS at its centre (to O(w^2) curvature of the cusp) */
    double los_j;
    CHECK(ax_los_integrals(&b.profile, 8.5, acos(cos(2 * DEG) * cos(1.5 * DEG)), NULL, &los_j, &err) == AX_OK, "%s",
          err.msg);
    CHECK_CLOSE(f.J, los_j * f.solid_angle * AX_KPC_CM, 2e-3, "J of a 0.2 deg field = Omega x LOS(centre)");
    ax_jd m = jd_of(&a);
    CHECK(m.J > 0 && m.D > 0 && m.J / m.D < 10, "M31: J %g D %g", m.J, m.D);
}

/* the words of the command line, one at a time: the box's ranges are read
 * exactly, a third dot, a repeated key or an empty item is refused */
static void test_region_words(void)
{
    ax_region r;
    ax_error err;
    memset(&r, 0, sizeof r);
    CHECK(ax_region_from_words("box:l=-10deg..10deg,b=-5deg..2.5deg", &r, &err) == AX_OK, "box: %s", err.msg);
    CHECK(r.shape == AX_ROI_BOX && fabs(r.l_min + 10 * DEG) < 1e-15 && fabs(r.l_max - 10 * DEG) < 1e-15 &&
              fabs(r.b_min + 5 * DEG) < 1e-15 && fabs(r.b_max - 2.5 * DEG) < 1e-15,
          "box ranges read exactly: l %g..%g b %g..%g deg", r.l_min / DEG, r.l_max / DEG, r.b_min / DEG,
          r.b_max / DEG);
    CHECK(ax_region_from_words("annulus:rin=3deg,rout=45deg,l=350deg,b=-1deg", &r, &err) == AX_OK, "%s", err.msg);
    CHECK(r.shape == AX_ROI_ANNULUS && fabs(r.l + 10 * DEG) < 1e-14 && fabs(r.r_out - 45 * DEG) < 1e-15,
          "annulus: l wrapped to -10 deg, rout 45 deg");
    static const struct { const char *words, *frag; } BAD[] = {
        {"box:l=-10deg...10deg,b=-5deg..5deg", "exactly two dots"},
        {"box:l=-10deg..10deg..20deg,b=-5deg..5deg", "exactly two dots"},
        {"box:l=-10deg,b=-5deg..5deg", "expected a range MIN..MAX"},
        {"disk:r=4deg,r=5deg", "key 'r' given twice"},
        {"disk:r=4deg,", "an empty item"},
        {"disk:,r=4deg", "an empty item"},
        {"disk:", "no parameters"},
        {"disk:l=1deg", "r=ANGLE is missing"},
        {"annulus:rin=1deg", "rout=ANGLE is missing"},
        {"box:l=-1deg..1deg", "b=MIN..MAX is missing"},
        {"disk:r=4deg,radius=5deg", "unknown key 'radius'"},
        {"disk:r=4", "--roi r"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
        CHECK_STATUS(ax_region_from_words(BAD[i].words, &r, &err), AX_EINPUT, &err, BAD[i].frag);
}

/* fault injection through the hook: the quadrature's failure path runs,
 * and removing the hook restores the normal result */
static int fail_quad(const char *site)
{
    return strcmp(site, "quad") == 0;
}

static void test_fault_hook(void)
{
    ax_target t;
    ax_jd jd;
    ax_error err;
    CHECK(ax_target_from_preset("fermi:R41", &t, &err) == AX_OK, "%s", err.msg);
    CHECK(ax_fault("quad") == 0, "no hook: no fault");
    ax_fault_hook old = ax_fault_set_hook(fail_quad);
    CHECK(old == NULL, "no hook installed by default");
    CHECK(ax_fault("quad") == 1 && ax_fault("ode") == 0, "the hook decides per site");
    CHECK_STATUS(ax_target_jd(&t, &jd, &err), AX_ERUN, &err, "line-of-sight integral");
    CHECK(jd.J == 0 && jd.D == 0, "nothing half-filled after the fault");
    CHECK(ax_fault_set_hook(NULL) == fail_quad, "set_hook returns the previous hook");
    CHECK(ax_target_jd(&t, &jd, &err) == AX_OK && fabs(jd.J / 9.16e22 - 1) < 0.01, "J again after the hook: %g",
          jd.J);
}

int main(void)
{
    ax_gsl_quiet();
    test_region_words();
    test_fault_hook();
    test_fermi_presets();
    test_reference_csv();
    test_isothermal_los();
    test_singular_isothermal_whole_sky();
    test_external_nfw_total();
    test_external_truncated_shells();
    test_masked_solid_angle();
    test_additivity();
    test_steep_cusp_off_centre();
    test_box_halves();
    test_symmetry_and_far_side();
    test_convergence();
    test_threads();
    test_bad_input();
    test_constructors_agree();
    return harness_done("test_halo");
}
