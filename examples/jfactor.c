/*
 * jfactor.c -- J = int dOmega int dl rho^2 and D = int dOmega int dl rho of
 * a region of the sky, for an NFW halo of the Milky Way (r_s = 20 kpc,
 * rho(8.5 kpc) = 0.4 GeV/cm^3).
 *
 *   cc jfactor.c $(pkg-config --cflags --libs axsterile) -o jfactor
 *   ./jfactor disk:r=10deg 20kpc
 *
 * Same numbers as `axsterile jfactor --roi disk:r=10deg --profile nfw
 * --rs 20kpc --json`. Lengths are kept in kpc and densities in GeV/cm^3;
 * J comes out in GeV^2 cm^-5 and D in GeV cm^-2 (docs/api.md, Units).
 */
#include <axsterile/error.h>
#include <axsterile/halo.h>
#include <axsterile/target.h>
#include <axsterile/units.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    ax_error err;
    ax_error_clear(&err);
    ax_gsl_quiet();

    ax_target_words w = {0};
    w.roi = argc > 1 ? argv[1] : "disk:r=10deg";
    w.profile = "nfw";
    w.have_r_s = 1;
    if (ax_units_parse(argc > 2 ? argv[2] : "20kpc", AX_DIM_LENGTH, AX_UNITS_POSITIVE,
                       &w.r_s, &err) != AX_OK) {
        fprintf(stderr, "jfactor: r_s: %s\n", err.msg);
        return 2;
    }
    ax_target t;
    ax_jd jd;
    int st = ax_target_from_strings(&w, &t, &err); /* default rho_local, R_sun */
    if (st == AX_OK) {
        st = ax_target_jd(&t, &jd, &err);
        ax_target_free(&t);
    }
    if (st != AX_OK) {
        fprintf(stderr, "jfactor: %s\n", err.msg);
        return st;
    }
    printf("J_GeV2_cm5 %.17g\n", jd.J);
    printf("D_GeV_cm2 %.17g\n", jd.D);
    printf("solid_angle_sr %.17g\n", jd.solid_angle);
    printf("J_over_D_GeV_cm3 %.17g\n", jd.J / jd.D);
    return 0;
}
