/* test_handles.c -- the heap objects and accessors of axsterile/handles.h
 * (what the Python package uses): each accessor returns the field it names,
 * unknown names are refused, every *_delete takes NULL and half-built
 * objects. */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/handles.h"
#include "axsterile/target.h"
#include "axsterile/io.h"

int main(void)
{
    ax_error err;
    ax_error_clear(&err);

    /* delete of nothing and of an empty object */
    ax_target_delete(NULL);
    ax_limit_delete(NULL);
    ax_limit_set_delete(NULL);
    ax_limit_delete(ax_limit_new());
    ax_limit_set_delete(ax_limit_set_new());
    ax_target_delete(ax_target_new());
    CHECK(ax_limit_set_size(NULL) == 0 && ax_limit_set_at(NULL, 0) == NULL, "NULL set");

    /* a preset target: Fermi-LAT 2015 R41, NFW r_s = 20 kpc, R_sun = 8.5 kpc,
     * J = 9.16e22 GeV^2 cm^-5 as published */
    ax_target *t = ax_target_new();
    CHECK(t != NULL, "ax_target_new");
    int st = ax_target_from_preset("fermi:R41", t, &err);
    CHECK(st == AX_OK, "preset: %s", err.msg);
    if (st == AX_OK) {
        CHECK(strcmp(ax_target_get_name(t), "fermi:R41") == 0, "name %s", ax_target_get_name(t));
        CHECK(ax_target_get_kind(t) == AX_TARGET_GALACTIC, "kind");
        CHECK(ax_target_get_profile_type(t) == AX_PROFILE_NFW, "profile type");
        CHECK(strcmp(ax_profile_name(ax_target_get_profile_type(t)), "nfw") == 0, "profile name");
        CHECK_CLOSE(ax_target_get_number(t, "r_s"), 20.0, 1e-15, "r_s");
        CHECK_CLOSE(ax_target_get_number(t, "distance"), AX_R_SUN_KPC, 1e-15, "R_sun");
        CHECK_CLOSE(ax_target_get_number(t, "J_published"), 9.16e22, 1e-15, "J published");
        CHECK(ax_target_get_number(t, "rho_s") == t->profile.rho_s, "rho_s is the field");
        CHECK(ax_target_get_number(t, "gamma") == t->profile.gamma &&
                  ax_target_get_number(t, "alpha") == t->profile.alpha &&
                  ax_target_get_number(t, "r_min") == t->profile.r_min &&
                  ax_target_get_number(t, "r_max") == t->profile.r_max,
              "shape fields");
        /* rho(R_sun) = 0.4 GeV/cm^3 fixes rho_s of the NFW profile:
         * rho_s = 0.4 x (1 + x)^2, x = 8.5/20 */
        double x = 8.5 / 20.0;
        CHECK_CLOSE(ax_target_get_number(t, "rho_s"), 0.4 * x * (1 + x) * (1 + x), 1e-12,
                    "rho_s from rho_local");
        CHECK(isnan(ax_target_get_number(t, "r_sun")) && isnan(ax_target_get_number(t, NULL)),
              "unknown number names give NaN");
    }
    ax_target_delete(t);

    /* a limit set and one limit through the accessors */
    ax_limit_set *set = ax_limit_set_new();
    CHECK(set != NULL, "ax_limit_set_new");
    st = ax_limit_set_load_dir(NULL, set, &err);
    CHECK(st == AX_OK, "limit set: %s", err.msg);
    if (st == AX_OK) {
        CHECK(ax_limit_set_size(set) == set->n && set->n >= 10, "size %zu", set->n);
        CHECK(ax_limit_set_at(set, set->n) == NULL, "index past the end");
        const ax_limit *L = ax_limit_set_find(set, "nustar_bulge_roach2020");
        CHECK(L != NULL, "nustar_bulge_roach2020 in the set");
        if (L) {
            CHECK(strcmp(ax_limit_get_text(L, "stem"), "nustar_bulge_roach2020") == 0, "stem");
            CHECK(ax_limit_get_text(L, "name") == L->name, "name is the field");
            CHECK(strcmp(ax_limit_get_text(L, "arxiv"), "1908.09037") == 0, "arxiv");
            CHECK(strcmp(ax_limit_get_text(L, "x_unit"), "keV") == 0, "x unit of the file");
            CHECK(ax_limit_get_text(L, "nonsense") == NULL && ax_limit_get_text(L, NULL) == NULL,
                  "unknown text names give NULL");
            CHECK(ax_limit_get_y_quantity(L) == AX_LIM_SIN2, "y quantity");
            CHECK(ax_limit_get_x_quantity(L) == AX_LIMX_MS, "x quantity");
            CHECK(ax_limit_get_convention(L) == L->convention, "convention");
            CHECK(ax_limit_get_dm_fraction(L) == 1.0, "dm fraction");
            const double *x, *y;
            size_t n = ax_limit_get_points(L, &x, &y);
            CHECK(n == L->n && x == L->x && y == L->y, "points are the limit's arrays");
            /* the file's first row "7.6033981392495624,3.385989012e-11", x in GeV */
            CHECK(n > 100, "%zu points", n);
            CHECK_CLOSE(x[0], 7.6033981392495624e-6, 1e-15, "first x in GeV");
            CHECK_CLOSE(y[0], 3.385989012e-11, 1e-15, "first y");
            CHECK(ax_limit_get_approximate(L) == L->approximate && !L->approximate,
                  "approximate");
            CHECK(strcmp(ax_limit_get_text(L, "assumed"), "") == 0, "no stand-in target");
        }
        size_t k = 0;
        for (size_t i = 0; i < ax_limit_set_size(set); i++)
            k += ax_limit_set_at(set, i) == &set->items[i];
        CHECK(k == set->n, "ax_limit_set_at is items[i]");
    }
    ax_limit_set_delete(set);

    /* a limit loaded into a heap object, and a failed load left deletable */
    ax_limit *lim = ax_limit_new();
    char path[4096];
    st = ax_data_find("limits/xmm_halo_foster2021.json", path, sizeof path, &err);
    st = AX_THEN(st, ax_limit_load(path, lim, &err));
    CHECK(st == AX_OK && ax_limit_get_points(lim, NULL, NULL) > 2, "load: %s", err.msg);
    ax_limit_delete(lim);
    lim = ax_limit_new();
    st = ax_limit_load("/nonexistent/none.json", lim, &err);
    CHECK(st == AX_EINPUT, "missing file: status %d", st);
    ax_limit_delete(lim);
    return harness_done("test_handles");
}
