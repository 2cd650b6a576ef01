/*
 * limit.c -- read one limit of the library and evaluate it at a mass: the
 * published value (in the file's quantity) and the limit on sin^2 2theta
 * for a nu_s that is all the DM, with the Majorana width (the library's
 * default, AX_DECAY_DEFAULT) and with BH16 eq. 10's (half of it).
 *
 *   cc limit.c $(pkg-config --cflags --libs axsterile) -o limit
 *   ./limit nustar_bulge_roach2020 12keV
 *
 * The Majorana value is the "limit" of that row in `axsterile check --dw
 * --ms 12keV --sin2 1e-8 --json` (a point with f_s = 1).
 */
#include <axsterile/decay.h>
#include <axsterile/error.h>
#include <axsterile/io.h>
#include <axsterile/limits.h>
#include <axsterile/units.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    const char *stem = argc > 1 ? argv[1] : "nustar_bulge_roach2020";
    ax_error err;
    ax_error_clear(&err);
    ax_gsl_quiet();

    double m_s;
    if (ax_units_parse(argc > 2 ? argv[2] : "12keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, &m_s,
                       &err) != AX_OK) {
        fprintf(stderr, "limit: m_s: %s\n", err.msg);
        return 2;
    }
    /* the shipped file: found in the installation's share directory */
    char rel[256], path[4096];
    snprintf(rel, sizeof rel, "limits/%s.json", stem);
    ax_limit lim;
    int st = ax_data_find(rel, path, sizeof path, &err);
    st = AX_THEN(st, ax_limit_load(path, &lim, &err));
    if (st != AX_OK) {
        fprintf(stderr, "limit: %s\n", err.msg);
        return st;
    }
    double y, sin2_maj, sin2_bh16;
    st = ax_limit_eval(&lim, m_s, &y, &err); /* AX_OUT_OF_RANGE / _MASKED too */
    st = AX_THEN(st, ax_limit_to_sin2(&lim, m_s, AX_DECAY_MAJORANA, &sin2_maj, &err));
    st = AX_THEN(st, ax_limit_to_sin2(&lim, m_s, AX_DECAY_DIRAC, &sin2_bh16, &err));
    if (st == AX_OK) {
        printf("name %s\n", lim.name);
        printf("quantity %s [%s]\n", ax_limit_quantity_name(lim.y_quantity),
               ax_limit_quantity_unit(lim.y_quantity));
        printf("limit_y %.17g\n", y);
        printf("sin2_2theta_majorana %.17g\n", sin2_maj);
        printf("sin2_2theta_bh16_eq10 %.17g\n", sin2_bh16);
    } else {
        fprintf(stderr, "limit: %s\n", err.msg);
    }
    ax_limit_free(&lim);
    return st == AX_OK ? 0 : (st == AX_ERUN ? 1 : 2);
}
