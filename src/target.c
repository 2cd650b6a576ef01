/* target.c -- what a target is, read from its descriptions: the "target"
 * object of a limit sidecar or a --target file, the region and mask words of
 * the command line ("disk:r=41deg", "b<5deg,l>6deg") and the named presets
 * (docs/limits-format.md, "Targets"). Geometry and the J and D integrals
 * are in halo.c; this file only turns text into an ax_target. */
#include "axsterile/target.h"

#include "axsterile/constants.h"
#include "axsterile/units.h"

#include "json_util.h"
#include "target_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEG (M_PI / 180.0)
/* a longitude is reduced modulo 360 deg; beyond two turns that keeps no
 * digit of the angle (l = 1e300 deg was accepted) */
#define L_MAX_DEG 720.0

static void set_fermi2015_mask(ax_region *r)
{
    r->mask_b_abs_lt = 5.0 * DEG;
    r->mask_l_abs_gt = 6.0 * DEG;
}

/* Fermi-LAT 2015 line search (Ackermann et al., PRD 91, 122002,
 * arXiv:1506.00013; ROIs and profiles as in arXiv:1305.5597): disks about
 * the Galactic Centre, |b| < 5 deg with |l| > 6 deg removed (R16, R41,
 * R90; R3 lies inside |l| < 3 deg), profiles normalised to
 * rho(8.5 kpc) = 0.4 GeV/cm^3, untruncated. Published J in units of
 * 1e22 GeV^2 cm^-5: R3 13.9 (contracted NFW), R16 9.39 (Einasto), R41 9.16
 * (NFW), R90 6.94 (isothermal). R3: the published 13.9e22 is reproduced by
 * a constant-density core of 1 pc in the gamma = 1.3 cusp (the plain cusp
 * gives 14.96e22, "fermi:R3-cusp"); see docs/physics.md §7a. */
static const struct {
    const char *name;
    double radius_deg;
    int type;
    double r_s, gamma, alpha, r_min;
    double J_published;
} PRESETS[] = {
    {"fermi:R3", 3.0, AX_PROFILE_GNFW, 20.0, 1.3, 0.0, 1e-3, 13.9e22},
    {"fermi:R3-cusp", 3.0, AX_PROFILE_GNFW, 20.0, 1.3, 0.0, 0.0, 0.0},
    {"fermi:R16", 16.0, AX_PROFILE_EINASTO, 20.0, 0.0, 0.17, 0.0, 9.39e22},
    {"fermi:R41", 41.0, AX_PROFILE_NFW, 20.0, 1.0, 0.0, 0.0, 9.16e22},
    {"fermi:R90", 90.0, AX_PROFILE_ISOTHERMAL, 5.0, 0.0, 0.0, 0.0, 6.94e22},
};
#define NPRESETS (sizeof PRESETS / sizeof PRESETS[0])

int ax_target_from_preset(const char *name, ax_target *t, ax_error *err)
{
    ax_target_init(t);
    for (size_t i = 0; name && i < NPRESETS; i++) {
        if (strcasecmp(name, PRESETS[i].name) != 0)
            continue;
        snprintf(t->name, sizeof t->name, "%s", PRESETS[i].name);
        int st = ax_profile_init(&t->profile, PRESETS[i].type, PRESETS[i].r_s, PRESETS[i].gamma,
                                 PRESETS[i].alpha, err);
        t->profile.r_min = PRESETS[i].r_min;
        st = AX_THEN(st, ax_profile_normalise_local(&t->profile, AX_RHO_LOCAL_GEV_CM3, AX_R_SUN_KPC, err));
        if (st != AX_OK)
            return st;
        t->region.shape = AX_ROI_DISK;
        t->region.r_out = PRESETS[i].radius_deg * DEG;
        if (PRESETS[i].radius_deg > 6.0)
            set_fermi2015_mask(&t->region);
        t->J_published = PRESETS[i].J_published;
        return AX_OK;
    }
    return ax_fail(err, AX_EINPUT,
                   "unknown preset '%s': expected one of fermi:R3, fermi:R3-cusp, fermi:R16, fermi:R41, fermi:R90",
                   name ? name : "(null)");
}

/* ---- JSON ------------------------------------------------------------------- */

/* Optional number at key: AX_OK with *have = 0 when absent. */
static int json_num(const cJSON *obj, const char *path, const char *key, double *out, int *have,
                    ax_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (have)
        *have = 0;
    if (!it)
        return AX_OK;
    if (cJSON_IsString(it))
        return ax_fail(err, AX_EINPUT, "%s.%s: got \"%.40s\"; expected a number", path, key, it->valuestring);
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return ax_fail(err, AX_EINPUT, "%s.%s: got %s; expected a number", path, key, ax_json_type_name(it));
    *out = it->valuedouble;
    if (have)
        *have = 1;
    return AX_OK;
}

static int json_req(const cJSON *obj, const char *path, const char *key, const char *what, double *out,
                    ax_error *err)
{
    int have;
    int st = json_num(obj, path, key, out, &have, err);
    if (st == AX_OK && !have)
        st = ax_fail(err, AX_EINPUT, "%s.%s is missing: expected %s", path, key, what);
    return st;
}

static int json_positive(const char *path, const char *key, double v, const char *unit, ax_error *err)
{
    if (!(v > 0.0))
        return ax_fail(err, AX_EINPUT, "%s.%s = %g: expected a positive value in %s", path, key, v, unit);
    return AX_OK;
}

static int check_keys(const cJSON *obj, const char *path, const char *const *allowed, ax_error *err)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (c->string && strcmp(c->string, *a) == 0)
                ok = 1;
        if (!ok)
            return ax_fail(err, AX_EINPUT, "%s: unknown key '%s'", path, c->string ? c->string : "?");
    }
    return AX_OK;
}

static int profile_from_json(const cJSON *pj, int galactic, ax_profile *p, double *r_sun, ax_error *err)
{
    const char *path = "target.profile";
    if (!cJSON_IsObject(pj))
        return ax_fail(err, AX_EINPUT, "%s: expected an object", path);
    static const char *const keys[] = {"type", "r_s_kpc", "rho_local_GeV_cm3", "rho_s_GeV_cm3", "r_sun_kpc",
                                       "r_max_kpc", "r_min_kpc", "gamma", "alpha", "notes", NULL};
    int st = check_keys(pj, path, keys, err);
    if (st != AX_OK)
        return st;
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(pj, "type");
    if (!cJSON_IsString(ty))
        return ax_fail(err, AX_EINPUT, "%s.type: expected one of \"nfw\", \"gnfw\", \"einasto\", \"burkert\", \"isothermal\"",
                       path);
    int type = ax_profile_type_from_name(ty->valuestring);
    if (!type)
        return ax_fail(err, AX_EINPUT,
                       "%s.type: unknown profile '%s': expected nfw, gnfw, einasto, burkert or isothermal", path,
                       ty->valuestring);
    double r_s = 0, gamma = 0, alpha = 0, rho_l = 0, rho_s = 0, r_max = 0, r_min = 0;
    int have_rl, have_rs, have_g, have_a;
    if ((st = json_req(pj, path, "r_s_kpc", "the scale radius in kpc", &r_s, err)) ||
        (st = json_positive(path, "r_s_kpc", r_s, "kpc", err)) ||
        (st = json_num(pj, path, "rho_local_GeV_cm3", &rho_l, &have_rl, err)) ||
        (st = json_num(pj, path, "rho_s_GeV_cm3", &rho_s, &have_rs, err)) ||
        (st = json_num(pj, path, "r_max_kpc", &r_max, NULL, err)) ||
        (st = json_num(pj, path, "r_min_kpc", &r_min, NULL, err)) ||
        (st = json_num(pj, path, "gamma", &gamma, &have_g, err)) ||
        (st = json_num(pj, path, "alpha", &alpha, &have_a, err)))
        return st;
    if (galactic) {
        int have_sun;
        *r_sun = AX_R_SUN_KPC;
        if ((st = json_num(pj, path, "r_sun_kpc", r_sun, &have_sun, err)))
            return st;
        if (have_sun && (st = json_positive(path, "r_sun_kpc", *r_sun, "kpc", err)))
            return st;
    } else if (cJSON_GetObjectItemCaseSensitive(pj, "r_sun_kpc")) {
        return ax_fail(err, AX_EINPUT, "%s.r_sun_kpc: not used by an external target (give target.distance_kpc)", path);
    }
    if (type == AX_PROFILE_GNFW && !have_g)
        return ax_fail(err, AX_EINPUT, "%s.gamma is missing: a gnfw profile needs its inner slope", path);
    if (type == AX_PROFILE_EINASTO && !have_a)
        return ax_fail(err, AX_EINPUT, "%s.alpha is missing: an einasto profile needs its shape alpha", path);
    if (have_g && type != AX_PROFILE_GNFW)
        return ax_fail(err, AX_EINPUT, "%s.gamma: only a gnfw profile takes gamma", path);
    if (have_a && type != AX_PROFILE_EINASTO)
        return ax_fail(err, AX_EINPUT, "%s.alpha: only an einasto profile takes alpha", path);
    if (r_max < 0.0)
        return ax_fail(err, AX_EINPUT, "%s.r_max_kpc = %g: expected a positive truncation radius", path, r_max);
    if (r_min < 0.0)
        return ax_fail(err, AX_EINPUT, "%s.r_min_kpc = %g: expected a core radius >= 0", path, r_min);
    if (r_max > 0.0 && r_min >= r_max)
        return ax_fail(err, AX_EINPUT, "%s.r_min_kpc = %g is not below r_max_kpc = %g", path, r_min, r_max);
    if ((st = ax_profile_init(p, type, r_s, gamma, alpha, err)))
        return ax_error_context(err, "%s", path);
    p->r_max = r_max;
    p->r_min = r_min;
    if (have_rl == have_rs)
        return ax_fail(err, AX_EINPUT, "%s: give exactly one of rho_local_GeV_cm3 (galactic) and rho_s_GeV_cm3", path);
    if (have_rl) {
        if (!galactic)
            return ax_fail(err, AX_EINPUT, "%s.rho_local_GeV_cm3: an external target needs rho_s_GeV_cm3", path);
        if ((st = json_positive(path, "rho_local_GeV_cm3", rho_l, "GeV/cm3", err)))
            return st;
        if ((st = ax_profile_normalise_local(p, rho_l, *r_sun, err)))
            return ax_error_context(err, "%s", path);
    } else {
        if ((st = json_positive(path, "rho_s_GeV_cm3", rho_s, "GeV/cm3", err)))
            return st;
        p->rho_s = rho_s;
    }
    if ((st = ax_profile_check(p, err)))
        return ax_error_context(err, "%s", path);
    return AX_OK;
}

static int exclude_disk_from_json(const cJSON *d, int i, ax_region *r, ax_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "target.mask.exclude_disks[%d]", i);
    if (!cJSON_IsObject(d))
        return ax_fail(err, AX_EINPUT, "%s: expected an object {\"l_deg\", \"b_deg\", \"radius_deg\"}", path);
    if (r->n_exclude >= AX_MASK_MAX_DISKS)
        return ax_fail(err, AX_EINPUT, "%s: at most %d excluded disks", path, AX_MASK_MAX_DISKS);
    double l, b, rad;
    int st;
    if ((st = json_req(d, path, "l_deg", "a longitude in deg", &l, err)) ||
        (st = json_req(d, path, "b_deg", "a latitude in deg", &b, err)) ||
        (st = json_req(d, path, "radius_deg", "a radius in deg", &rad, err)) ||
        (st = json_positive(path, "radius_deg", rad, "deg", err)))
        return st;
    if (fabs(b) > 90.0)
        return ax_fail(err, AX_EINPUT, "%s.b_deg = %g: expected -90..90", path, b);
    r->ex_l[r->n_exclude] = l * DEG;
    r->ex_b[r->n_exclude] = b * DEG;
    r->ex_r[r->n_exclude] = rad * DEG;
    r->n_exclude++;
    return AX_OK;
}

static int mask_from_json(const cJSON *m, ax_region *r, ax_error *err)
{
    const char *path = "target.mask";
    if (cJSON_IsString(m)) {
        if (strcasecmp(m->valuestring, "fermi2015") == 0) {
            set_fermi2015_mask(r);
            return AX_OK;
        }
        if (strcasecmp(m->valuestring, "none") == 0) { /* also removes a preset's mask */
            r->mask_b_abs_lt = r->mask_l_abs_gt = 0.0;
            r->n_exclude = 0;
            return AX_OK;
        }
        return ax_fail(err, AX_EINPUT, "%s: unknown mask '%s': expected \"fermi2015\", \"none\" or an object",
                       path, m->valuestring);
    }
    if (cJSON_IsArray(m)) {
        for (const cJSON *c = m->child; c; c = c->next) {
            int st = mask_from_json(c, r, err);
            if (st)
                return st;
        }
        return AX_OK;
    }
    if (!cJSON_IsObject(m))
        return ax_fail(err, AX_EINPUT, "%s: got %s; expected \"fermi2015\", \"none\", an object or an array of them",
                       path, ax_json_type_name(m));
    static const char *const keys[] = {"b_abs_lt_deg", "l_abs_gt_deg", "exclude_disks", NULL};
    int st = check_keys(m, path, keys, err);
    double bl = 0, lg = 0;
    int have_b, have_l;
    if (st || (st = json_num(m, path, "b_abs_lt_deg", &bl, &have_b, err)) ||
        (st = json_num(m, path, "l_abs_gt_deg", &lg, &have_l, err)))
        return st;
    if (have_l && !have_b)
        return ax_fail(err, AX_EINPUT, "%s.l_abs_gt_deg needs b_abs_lt_deg (the band it applies to)", path);
    if (have_b) {
        if (!(bl > 0.0 && bl < 90.0))
            return ax_fail(err, AX_EINPUT, "%s.b_abs_lt_deg = %g: expected 0 < value < 90", path, bl);
        if (!(lg >= 0.0 && lg < 90.0))
            return ax_fail(err, AX_EINPUT, "%s.l_abs_gt_deg = %g: expected 0 <= value < 90", path, lg);
        r->mask_b_abs_lt = bl * DEG;
        r->mask_l_abs_gt = lg * DEG;
    }
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(m, "exclude_disks");
    if (ex) {
        if (!cJSON_IsArray(ex))
            return ax_fail(err, AX_EINPUT, "%s.exclude_disks: expected an array of disks", path);
        int i = 0;
        for (const cJSON *d = ex->child; d; d = d->next, i++)
            if ((st = exclude_disk_from_json(d, i, r, err)))
                return st;
    }
    return AX_OK;
}

static int roi_from_json(const cJSON *rj, const char *path, ax_region *r, ax_error *err)
{
    if (!cJSON_IsObject(rj))
        return ax_fail(err, AX_EINPUT, "%s: expected an object with \"shape\"", path);
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(rj, "shape");
    if (!cJSON_IsString(sh))
        return ax_fail(err, AX_EINPUT, "%s.shape: expected \"disk\", \"annulus\" or \"box\"", path);
    int st;
    double l = 0, b = 0;
    if (strcmp(sh->valuestring, "disk") == 0 || strcmp(sh->valuestring, "annulus") == 0) {
        static const char *const keys[] = {"shape", "l_deg", "b_deg", "radius_deg", "r_in_deg", "r_out_deg", NULL};
        if ((st = check_keys(rj, path, keys, err)) || (st = json_num(rj, path, "l_deg", &l, NULL, err)) ||
            (st = json_num(rj, path, "b_deg", &b, NULL, err)))
            return st;
        if (fabs(b) > 90.0)
            return ax_fail(err, AX_EINPUT, "%s.b_deg = %g: expected -90..90", path, b);
        if (!(fabs(l) <= L_MAX_DEG))
            return ax_fail(err, AX_EINPUT, "%s.l_deg = %g: expected -720..720", path, l);
        r->l = ax_angle_wrap_pi(l * DEG);
        r->b = b * DEG;
        if (sh->valuestring[0] == 'd') {
            double rad;
            r->shape = AX_ROI_DISK;
            if ((st = json_req(rj, path, "radius_deg", "the disk radius in deg", &rad, err)) ||
                (st = json_positive(path, "radius_deg", rad, "deg", err)))
                return st;
            if (rad > 180.0)
                return ax_fail(err, AX_EINPUT, "%s.radius_deg = %g: expected at most 180", path, rad);
            r->r_out = rad * DEG;
        } else {
            double ri, ro;
            r->shape = AX_ROI_ANNULUS;
            if ((st = json_req(rj, path, "r_in_deg", "the inner radius in deg", &ri, err)) ||
                (st = json_req(rj, path, "r_out_deg", "the outer radius in deg", &ro, err)))
                return st;
            if (!(ri >= 0.0 && ro > ri && ro <= 180.0))
                return ax_fail(err, AX_EINPUT, "%s: r_in_deg = %g, r_out_deg = %g: expected 0 <= r_in < r_out <= 180",
                               path, ri, ro);
            r->r_in = ri * DEG;
            r->r_out = ro * DEG;
        }
        return AX_OK;
    }
    if (strcmp(sh->valuestring, "box") == 0) {
        static const char *const keys[] = {"shape", "l_min_deg", "l_max_deg", "b_min_deg", "b_max_deg",
                                           "l_deg", "b_deg", "width_deg", "height_deg", "fov_deg", NULL};
        double l1, l2, b1, b2, w, h;
        r->shape = AX_ROI_BOX;
        if ((st = check_keys(rj, path, keys, err)))
            return st;
        if (cJSON_GetObjectItemCaseSensitive(rj, "fov_deg")) {
            /* a square field of view of side fov_deg centred at (l_deg, b_deg) */
            if ((st = json_num(rj, path, "l_deg", &l, NULL, err)) || (st = json_num(rj, path, "b_deg", &b, NULL, err)) ||
                (st = json_req(rj, path, "fov_deg", "the side of the field in deg", &w, err)) ||
                (st = json_positive(path, "fov_deg", w, "deg", err)))
                return st;
            if (cJSON_GetObjectItemCaseSensitive(rj, "width_deg") || cJSON_GetObjectItemCaseSensitive(rj, "height_deg"))
                return ax_fail(err, AX_EINPUT, "%s: give either fov_deg or width_deg/height_deg", path);
            l1 = l - w / 2;
            l2 = l + w / 2;
            b1 = b - w / 2;
            b2 = b + w / 2;
        } else if (cJSON_GetObjectItemCaseSensitive(rj, "width_deg")) {
            /* a field of view centred at (l_deg, b_deg) */
            if ((st = json_num(rj, path, "l_deg", &l, NULL, err)) || (st = json_num(rj, path, "b_deg", &b, NULL, err)) ||
                (st = json_req(rj, path, "width_deg", "the width in deg", &w, err)) ||
                (st = json_req(rj, path, "height_deg", "the height in deg", &h, err)) ||
                (st = json_positive(path, "width_deg", w, "deg", err)) ||
                (st = json_positive(path, "height_deg", h, "deg", err)))
                return st;
            l1 = l - w / 2;
            l2 = l + w / 2;
            b1 = b - h / 2;
            b2 = b + h / 2;
        } else if ((st = json_req(rj, path, "l_min_deg", "a longitude in deg", &l1, err)) ||
                   (st = json_req(rj, path, "l_max_deg", "a longitude in deg", &l2, err)) ||
                   (st = json_req(rj, path, "b_min_deg", "a latitude in deg", &b1, err)) ||
                   (st = json_req(rj, path, "b_max_deg", "a latitude in deg", &b2, err))) {
            return st;
        }
        if (!(l1 < l2 && l2 - l1 <= 360.0))
            return ax_fail(err, AX_EINPUT, "%s: longitudes %g..%g deg: expected l_min < l_max, at most 360 apart", path,
                           l1, l2);
        if (!(b1 < b2 && b1 >= -90.0 && b2 <= 90.0))
            return ax_fail(err, AX_EINPUT, "%s: latitudes %g..%g deg: expected -90 <= b_min < b_max <= 90", path, b1,
                           b2);
        r->l_min = l1 * DEG;
        r->l_max = l2 * DEG;
        r->b_min = b1 * DEG;
        r->b_max = b2 * DEG;
        return AX_OK;
    }
    return ax_fail(err, AX_EINPUT, "%s.shape: unknown region '%s': expected disk, annulus or box", path,
                   sh->valuestring);
}

int ax_target_from_cjson(const cJSON *tj, ax_target *t, ax_error *err)
{
    ax_target_init(t);
    if (!cJSON_IsObject(tj))
        return ax_fail(err, AX_EINPUT, "target: expected an object");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(tj, "kind");
    if (!cJSON_IsString(kind))
        return ax_fail(err, AX_EINPUT, "target.kind: expected \"galactic\" or \"external\"");
    int st;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(tj, "name");
    if (name && !cJSON_IsString(name))
        return ax_fail(err, AX_EINPUT, "target.name: expected a string");
    if (name) {
        /* the name is printed and kept in a fixed field: one short line */
        size_t n = strlen(name->valuestring);
        if (n >= sizeof t->name)
            return ax_fail(err, AX_EINPUT, "target.name: %zu characters; expected at most %zu", n,
                           sizeof t->name - 1);
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)name->valuestring[i] < 0x20 || name->valuestring[i] == 0x7f)
                return ax_fail(err, AX_EINPUT,
                               "target.name: a control character at position %zu; expected one line "
                               "of printable text", i + 1);
    }
    const cJSON *notes = cJSON_GetObjectItemCaseSensitive(tj, "notes");
    if (notes && !cJSON_IsString(notes))
        return ax_fail(err, AX_EINPUT, "target.notes: got %s; expected a string", ax_json_type_name(notes));
    if (strcmp(kind->valuestring, "galactic") == 0) {
        static const char *const keys[] = {"kind", "name", "preset", "roi", "mask", "profile", "notes", NULL};
        if ((st = check_keys(tj, "target", keys, err)))
            return st;
        const cJSON *pre = cJSON_GetObjectItemCaseSensitive(tj, "preset");
        const cJSON *roi = cJSON_GetObjectItemCaseSensitive(tj, "roi");
        const cJSON *prof = cJSON_GetObjectItemCaseSensitive(tj, "profile");
        if (pre) {
            if (!cJSON_IsString(pre))
                return ax_fail(err, AX_EINPUT, "target.preset: expected a string such as \"fermi:R41\"");
            if (roi)
                return ax_fail(err, AX_EINPUT, "target: give either \"preset\" or \"roi\", not both");
            if ((st = ax_target_from_preset(pre->valuestring, t, err)))
                return ax_error_context(err, "target.preset");
            if (prof) { /* the preset's region with another profile */
                double r_sun;
                if ((st = profile_from_json(prof, 1, &t->profile, &r_sun, err)))
                    return st;
                t->distance = r_sun;
                t->J_published = 0.0;
            }
        } else {
            if (!roi)
                return ax_fail(err, AX_EINPUT, "target: a galactic target needs \"preset\" or \"roi\"");
            if (!prof)
                return ax_fail(err, AX_EINPUT, "target.profile is missing: a galactic \"roi\" needs a profile");
            if ((st = roi_from_json(roi, "target.roi", &t->region, err)) ||
                (st = profile_from_json(prof, 1, &t->profile, &t->distance, err)))
                return st;
        }
    } else if (strcmp(kind->valuestring, "external") == 0) {
        static const char *const keys[] = {"kind", "name", "distance_kpc", "radius_deg", "r_in_deg", "r_out_deg",
                                           "l_deg", "b_deg", "roi", "mask", "profile", "notes", NULL};
        if ((st = check_keys(tj, "target", keys, err)))
            return st;
        t->kind = AX_TARGET_EXTERNAL;
        if ((st = json_req(tj, "target", "distance_kpc", "the distance in kpc", &t->distance, err)) ||
            (st = json_positive("target", "distance_kpc", t->distance, "kpc", err)))
            return st;
        const cJSON *roi = cJSON_GetObjectItemCaseSensitive(tj, "roi");
        if (roi) {
            if ((st = roi_from_json(roi, "target.roi", &t->region, err)))
                return st;
        } else {
            double rad, ri, ro, l = 0, b = 0;
            int have_rad, have_ri, have_ro;
            if ((st = json_num(tj, "target", "radius_deg", &rad, &have_rad, err)) ||
                (st = json_num(tj, "target", "r_in_deg", &ri, &have_ri, err)) ||
                (st = json_num(tj, "target", "r_out_deg", &ro, &have_ro, err)) ||
                (st = json_num(tj, "target", "l_deg", &l, NULL, err)) ||
                (st = json_num(tj, "target", "b_deg", &b, NULL, err)))
                return st;
            if (fabs(b) > 90.0)
                return ax_fail(err, AX_EINPUT, "target.b_deg = %g: expected -90..90", b);
            if (!(fabs(l) <= L_MAX_DEG))
                return ax_fail(err, AX_EINPUT, "target.l_deg = %g: expected -720..720", l);
            t->region.l = ax_angle_wrap_pi(l * DEG);
            t->region.b = b * DEG;
            if (have_rad && !have_ri && !have_ro) {
                if (!(rad > 0.0 && rad <= 180.0))
                    return ax_fail(err, AX_EINPUT, "target.radius_deg = %g: expected 0 < radius <= 180", rad);
                t->region.shape = AX_ROI_DISK;
                t->region.r_out = rad * DEG;
            } else if (!have_rad && have_ri && have_ro) {
                if (!(ri >= 0.0 && ro > ri && ro <= 180.0))
                    return ax_fail(err, AX_EINPUT,
                                   "target: r_in_deg = %g, r_out_deg = %g: expected 0 <= r_in < r_out <= 180", ri, ro);
                t->region.shape = AX_ROI_ANNULUS;
                t->region.r_in = ri * DEG;
                t->region.r_out = ro * DEG;
            } else {
                return ax_fail(err, AX_EINPUT,
                               "target: an external target needs \"radius_deg\" (a disk), \"r_in_deg\" and "
                               "\"r_out_deg\" (an annulus), or \"roi\"");
            }
        }
        const cJSON *prof = cJSON_GetObjectItemCaseSensitive(tj, "profile");
        if (!prof)
            return ax_fail(err, AX_EINPUT, "target.profile is missing: an external target needs a profile");
        if ((st = profile_from_json(prof, 0, &t->profile, NULL, err)))
            return st;
    } else {
        return ax_fail(err, AX_EINPUT, "target.kind: unknown kind '%s': expected \"galactic\" or \"external\"",
                       kind->valuestring);
    }
    const cJSON *mask = cJSON_GetObjectItemCaseSensitive(tj, "mask");
    if (mask && (st = mask_from_json(mask, &t->region, err)))
        return st;
    if (name)
        snprintf(t->name, sizeof t->name, "%s", name->valuestring);
    return ax_target_check(t, err);
}

/* ---- CLI words ----------------------------------------------------------------- */

/* angle with a unit from text[0..len) */
static int word_angle(const char *what, const char *text, size_t len, double *out, ax_error *err)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return ax_fail(err, AX_EINPUT, "%s: expected an angle with a unit, e.g. 41deg", what);
    memcpy(buf, text, len);
    buf[len] = '\0';
    int st = ax_units_parse(buf, AX_DIM_ANGLE, 0, out, err);
    if (st)
        return ax_error_context(err, "%s", what);
    return AX_OK;
}

/* The --roi shapes and the keys each takes. */
static const struct {
    const char *word;
    int shape;
    const char *keys[5];   /* NULL-terminated */
    const char *usage;
} ROI_SHAPES[] = {
    {"disk", AX_ROI_DISK, {"r", "l", "b", NULL}, "disk:r=ANGLE[,l=ANGLE,b=ANGLE]"},
    {"annulus", AX_ROI_ANNULUS, {"rin", "rout", "l", "b", NULL},
     "annulus:rin=ANGLE,rout=ANGLE[,l=ANGLE,b=ANGLE]"},
    {"box", AX_ROI_BOX, {"l", "b", NULL}, "box:l=ANGLE..ANGLE,b=ANGLE..ANGLE"},
};
#define NROI_SHAPES (sizeof ROI_SHAPES / sizeof ROI_SHAPES[0])

/* A range MIN..MAX of a box: exactly one ".." with no third dot beside it
 * ("-10deg...10deg" is refused: is it -10..0.10 or -10...10?). */
static int word_range(const char *key, const char *v, size_t vl, double *lo, double *hi,
                      ax_error *err)
{
    const char *dots = NULL;
    int ndots = 0;
    for (size_t i = 0; i + 1 < vl; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            if (!dots)
                dots = v + i;
            ndots++;
        }
    if (!dots || ndots != 1)
        return ax_fail(err, AX_EINPUT,
                       "--roi box: %s=%.*s: expected a range MIN..MAX with exactly two dots "
                       "between the ends, e.g. %s=-10deg..10deg", key, (int)vl, v, key);
    char what[32];
    snprintf(what, sizeof what, "--roi box %s", key);
    int st = word_angle(what, v, (size_t)(dots - v), lo, err);
    st = AX_THEN(st, word_angle(what, dots + 2, vl - (size_t)(dots - v) - 2, hi, err));
    if (st == AX_OK && !(*lo < *hi))
        st = ax_fail(err, AX_EINPUT, "--roi box: %s=%.*s: expected MIN < MAX", key, (int)vl, v);
    return st;
}

int ax_region_from_words(const char *roi, ax_region *r, ax_error *err)
{
    /* the shapes, for messages: "disk:r=ANGLE[,l=ANGLE,b=ANGLE], ..." */
    char forms[512] = "", words[128] = "";
    for (size_t i = 0; i < NROI_SHAPES; i++) {
        size_t fl = strlen(forms), wl = strlen(words);
        snprintf(forms + fl, sizeof forms - fl, "%s, ", ROI_SHAPES[i].usage);
        snprintf(words + wl, sizeof words - wl, "%s, ", ROI_SHAPES[i].word);
    }
    const char *colon = roi ? strchr(roi, ':') : NULL;
    if (!colon)
        return ax_fail(err, AX_EINPUT, "--roi '%s': expected %sor a preset fermi:R3|R16|R41|R90", roi ? roi : "",
                       forms);
    size_t sl = (size_t)(colon - roi);
    size_t si = 0;
    while (si < NROI_SHAPES && !(strlen(ROI_SHAPES[si].word) == sl && strncmp(roi, ROI_SHAPES[si].word, sl) == 0))
        si++;
    if (si == NROI_SHAPES)
        return ax_fail(err, AX_EINPUT, "--roi: unknown region '%.*s': expected %sor fermi:R..", (int)sl, roi, words);
    int shape = ROI_SHAPES[si].shape;
    const char *const *keys = ROI_SHAPES[si].keys;
    const char *usage = ROI_SHAPES[si].usage;
    r->shape = shape;
    int seen[4] = {0, 0, 0, 0};
    const char *p = colon + 1;
    if (!*p)
        return ax_fail(err, AX_EINPUT, "--roi '%s': no parameters after '%.*s:'; expected %s", roi, (int)sl, roi,
                       usage);
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0)
            return ax_fail(err, AX_EINPUT, "--roi '%s': an empty item (a comma too many); expected %s", roi,
                           usage);
        const char *eq = memchr(p, '=', n);
        if (!eq || eq == p || eq + 1 == p + n)
            return ax_fail(err, AX_EINPUT, "--roi '%s': '%.*s' is not KEY=VALUE; expected %s", roi, (int)n, p,
                           usage);
        size_t kl = (size_t)(eq - p);
        const char *v = eq + 1;
        size_t vl = n - kl - 1;
        int k = 0;
        while (keys[k] && !(strlen(keys[k]) == kl && strncmp(p, keys[k], kl) == 0))
            k++;
        if (!keys[k])
            return ax_fail(err, AX_EINPUT, "--roi %.*s: unknown key '%.*s'; expected %s", (int)sl, roi,
                           (int)(kl < 16 ? kl : 16), p, usage);
        if (seen[k]++)
            return ax_fail(err, AX_EINPUT, "--roi '%s': key '%s' given twice; expected each key once", roi,
                           keys[k]);
        const char *key = keys[k];
        char what[32];
        snprintf(what, sizeof what, "--roi %s", key);
        int st = AX_OK;
        if (shape == AX_ROI_BOX && key[0] == 'l')
            st = word_range(key, v, vl, &r->l_min, &r->l_max, err);
        else if (shape == AX_ROI_BOX)
            st = word_range(key, v, vl, &r->b_min, &r->b_max, err);
        else if (strcmp(key, "l") == 0) {
            st = word_angle(what, v, vl, &r->l, err);
            if (!st && !(fabs(r->l) <= L_MAX_DEG * DEG))
                st = ax_fail(err, AX_EINPUT, "--roi '%s': l = %g deg; expected -720 deg <= l <= "
                             "720 deg", roi, r->l / DEG);
            r->l = ax_angle_wrap_pi(r->l);
        } else if (strcmp(key, "b") == 0)
            st = word_angle(what, v, vl, &r->b, err);
        else if (strcmp(key, "r") == 0 || strcmp(key, "rout") == 0)
            st = word_angle(what, v, vl, &r->r_out, err);
        else /* rin */
            st = word_angle(what, v, vl, &r->r_in, err);
        if (st)
            return st;
        if (!end)
            break;
        p = end + 1;
    }
    for (int k = 0; keys[k]; k++) {
        int optional = shape != AX_ROI_BOX && (strcmp(keys[k], "l") == 0 || strcmp(keys[k], "b") == 0);
        if (!seen[k] && !optional)
            return ax_fail(err, AX_EINPUT, "--roi %.*s: %s=%s is missing; expected %s", (int)sl, roi, keys[k],
                           shape == AX_ROI_BOX ? "MIN..MAX" : "ANGLE", usage);
    }
    if (shape == AX_ROI_DISK && !(r->r_out > 0.0))
        return ax_fail(err, AX_EINPUT, "--roi disk: radius %g deg: expected a positive radius", r->r_out / DEG);
    if (shape == AX_ROI_ANNULUS && !(r->r_in >= 0.0 && r->r_out > r->r_in))
        return ax_fail(err, AX_EINPUT, "--roi annulus: rin = %g deg, rout = %g deg: expected 0 <= rin < rout",
                       r->r_in / DEG, r->r_out / DEG);
    return AX_OK;
}

int ax_mask_from_words(const char *mask, ax_region *r, ax_error *err)
{
    if (!mask)
        return AX_OK;
    if (strcasecmp(mask, "none") == 0) { /* also removes a preset's mask */
        r->mask_b_abs_lt = r->mask_l_abs_gt = 0.0;
        r->n_exclude = 0;
        return AX_OK;
    }
    if (strcasecmp(mask, "fermi2015") == 0) {
        set_fermi2015_mask(r);
        return AX_OK;
    }
    /* "b<5deg" or "b<5deg,l>6deg" */
    if (strncmp(mask, "b<", 2) == 0) {
        const char *comma = strchr(mask, ',');
        size_t n = comma ? (size_t)(comma - mask - 2) : strlen(mask + 2);
        double bl, lg = 0.0;
        int st = word_angle("--mask b<", mask + 2, n, &bl, err);
        if (st)
            return st;
        if (comma) {
            if (strncmp(comma + 1, "l>", 2) != 0)
                return ax_fail(err, AX_EINPUT, "--mask '%s': expected b<ANGLE[,l>ANGLE]", mask);
            if ((st = word_angle("--mask l>", comma + 3, strlen(comma + 3), &lg, err)))
                return st;
        }
        if (!(bl > 0.0 && bl < M_PI / 2 && lg >= 0.0 && lg < M_PI / 2))
            return ax_fail(err, AX_EINPUT, "--mask '%s': expected 0 < b < 90 deg and 0 <= l < 90 deg", mask);
        r->mask_b_abs_lt = bl;
        r->mask_l_abs_gt = lg;
        return AX_OK;
    }
    return ax_fail(err, AX_EINPUT, "--mask: unknown mask '%s': expected none, fermi2015, b<ANGLE or b<ANGLE,l>ANGLE", mask);
}

int ax_target_from_strings(const ax_target_words *w, ax_target *t, ax_error *err)
{
    ax_target_init(t);
    int st;
    int preset = w->roi && strncasecmp(w->roi, "fermi:", 6) == 0;
    if (!w->roi)
        return ax_fail(err, AX_EINPUT, "--roi is required (e.g. --roi fermi:R41 or --roi disk:r=41deg)");
    if (preset) {
        if (w->have_distance)
            return ax_fail(err, AX_EINPUT, "--distance: a fermi: preset is a Galactic region (observer at r_sun)");
        if ((st = ax_target_from_preset(w->roi, t, err)))
            return ax_error_context(err, "--roi");
    } else if ((st = ax_region_from_words(w->roi, &t->region, err))) {
        return st;
    }
    if (w->mask && (st = ax_mask_from_words(w->mask, &t->region, err)))
        return st;
    if (w->have_distance) {
        t->kind = AX_TARGET_EXTERNAL;
        t->distance = w->distance;
        if (!(w->distance > 0.0))
            return ax_fail(err, AX_EINPUT, "--distance: expected a positive distance");
    }
    int profile_given = w->profile || w->have_r_s || w->have_rho_local || w->have_rho_s || w->have_r_sun ||
                        w->have_r_max || w->have_r_min || w->have_gamma || w->have_alpha;
    if (preset && !profile_given)
        return ax_target_check(t, err);
    /* a profile from the flags (over a preset's region, or for a plain ROI) */
    if (!w->profile)
        return ax_fail(err, AX_EINPUT, "--profile is required%s (nfw, gnfw, einasto, burkert or isothermal)",
                       preset ? " when changing the preset's profile" : "");
    int type = ax_profile_type_from_name(w->profile);
    if (!type)
        return ax_fail(err, AX_EINPUT, "--profile: unknown profile '%s': expected nfw, gnfw, einasto, burkert or isothermal",
                       w->profile);
    if (!w->have_r_s)
        return ax_fail(err, AX_EINPUT, "--rs is required with --profile (the scale radius, e.g. --rs 20kpc)");
    if (type == AX_PROFILE_GNFW && !w->have_gamma)
        return ax_fail(err, AX_EINPUT, "--gamma is required for a gnfw profile (the inner slope, e.g. --gamma 1.3)");
    if (type == AX_PROFILE_EINASTO && !w->have_alpha)
        return ax_fail(err, AX_EINPUT, "--alpha is required for an einasto profile (e.g. --alpha 0.17)");
    if (w->have_gamma && type != AX_PROFILE_GNFW)
        return ax_fail(err, AX_EINPUT, "--gamma: only a gnfw profile takes --gamma");
    if (w->have_alpha && type != AX_PROFILE_EINASTO)
        return ax_fail(err, AX_EINPUT, "--alpha: only an einasto profile takes --alpha");
    if ((st = ax_profile_init(&t->profile, type, w->r_s, w->gamma, w->alpha, err)))
        return ax_error_context(err, "--profile");
    if (w->have_r_max) {
        if (!(w->r_max > 0.0))
            return ax_fail(err, AX_EINPUT, "--rmax: expected a positive truncation radius");
        t->profile.r_max = w->r_max;
    }
    if (w->have_r_min) {
        if (!(w->r_min >= 0.0))
            return ax_fail(err, AX_EINPUT, "--rmin: expected a core radius >= 0");
        if (w->have_r_max && w->r_min >= w->r_max)
            return ax_fail(err, AX_EINPUT, "--rmin %g kpc is not below --rmax %g kpc", w->r_min, w->r_max);
        t->profile.r_min = w->r_min;
    }
    if (w->have_rho_local && w->have_rho_s)
        return ax_fail(err, AX_EINPUT, "give only one of --rho-local and --rho-s");
    if (t->kind == AX_TARGET_EXTERNAL) {
        if (!w->have_rho_s)
            return ax_fail(err, AX_EINPUT, "--rho-s is required for an external target (--distance)");
        if (w->have_rho_local || w->have_r_sun)
            return ax_fail(err, AX_EINPUT, "--rho-local/--rsun: not used for an external target (--distance)");
    } else {
        if (w->have_r_sun) {
            if (!(w->r_sun > 0.0))
                return ax_fail(err, AX_EINPUT, "--rsun: expected a positive distance");
            t->distance = w->r_sun;
        }
    }
    if (w->have_rho_s) {
        if (!(w->rho_s > 0.0))
            return ax_fail(err, AX_EINPUT, "--rho-s: expected a positive density");
        t->profile.rho_s = w->rho_s;
    } else {
        double rl = w->have_rho_local ? w->rho_local : AX_RHO_LOCAL_GEV_CM3;
        if (!(rl > 0.0))
            return ax_fail(err, AX_EINPUT, "--rho-local: expected a positive density");
        if ((st = ax_profile_normalise_local(&t->profile, rl, t->distance, err)))
            return ax_error_context(err, "--rho-local");
    }
    t->J_published = 0.0;
    if (w->name)
        snprintf(t->name, sizeof t->name, "%s", w->name);
    return ax_target_check(t, err);
}

/* ---- JSON text and files ------------------------------------------------------- */

/* A target object, or a sidecar's "target" member. */
static int target_from_root(const char *name, const cJSON *root, ax_target *t, ax_error *err)
{
    if (!cJSON_IsObject(root)) {
        ax_target_init(t);
        return ax_fail(err, AX_EINPUT, "%s: the top level is %s; expected a target object or a limit sidecar",
                       name, ax_json_type_name(root));
    }
    const cJSON *tj = cJSON_GetObjectItemCaseSensitive(root, "target");
    int st = ax_target_from_cjson(tj ? tj : root, t, err);
    return st ? ax_error_context(err, "%s", name) : AX_OK;
}

int ax_target_parse(const char *name, const char *text, size_t len, ax_target *t, ax_error *err)
{
    cJSON *root = NULL;
    ax_target_init(t);
    int st = ax_json_parse(name, text, len, AX_JSON_DEFAULT_MAX_BYTES, &root, err);
    st = AX_THEN(st, target_from_root(name, root, t, err));
    cJSON_Delete(root);
    return st;
}

int ax_target_load(const char *path, ax_target *t, ax_error *err)
{
    cJSON *root = NULL;
    ax_target_init(t);
    int st = ax_json_load(path, AX_JSON_DEFAULT_MAX_BYTES, &root, err);
    st = AX_THEN(st, target_from_root(path, root, t, err));
    cJSON_Delete(root);
    return st;
}
