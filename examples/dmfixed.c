/*
 * dmfixed.c -- the Dodelson-Widrow mixing angle that makes a sterile
 * neutrino of mass m_s all of the dark matter (Omega_s h^2 = 0.120).
 *
 *   cc dmfixed.c $(pkg-config --cflags --libs axsterile) -o dmfixed
 *   ./dmfixed 7.1keV
 *
 * Prints "key value" lines with the keys of `axsterile dw --ms 7.1keV
 * --dm-fixed --json`, which computes the same numbers. Life cycle: build
 * the production context once (cosmology, medium, grids), use it for as
 * many points as needed, free it (docs/api.md).
 */
#include <axsterile/error.h>
#include <axsterile/production.h>
#include <axsterile/units.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    const char *ms_text = argc > 1 ? argv[1] : "7.1keV";
    ax_error err;
    ax_error_clear(&err);
    ax_gsl_quiet(); /* GSL failures come back as statuses, never abort() */

    /* masses are given with their unit and kept in GeV */
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_DW);
    if (ax_units_parse(ms_text, AX_DIM_ENERGY, AX_UNITS_POSITIVE, &m.m_s, &err) != AX_OK) {
        fprintf(stderr, "dmfixed: m_s: %s\n", err.msg);
        return 2;
    }

    ax_production *ctx = NULL; /* NULL options: the defaults (flavour mu, ...) */
    ax_prod_result r;
    int st = ax_production_init(&ctx, NULL, &err);
    if (st == AX_OK)
        st = ax_production_dm_fixed(ctx, &m, &r, &err); /* writes m.sin2_2theta */
    ax_production_free(ctx);
    if (st != AX_OK) {
        fprintf(stderr, "dmfixed: %s\n", err.msg);
        return st; /* 1: failed to compute, 2: bad input */
    }
    printf("m_s_keV %.17g\n", m.m_s * 1e6);
    printf("sin2_2theta %.17g\n", m.sin2_2theta);
    printf("omega_h2 %.17g\n", r.omega_h2);
    printf("T_max_MeV %.17g\n", r.T_max * 1e3);
    printf("mean_q_over_T %.17g\n", r.mean_q_over_T);
    return 0;
}
