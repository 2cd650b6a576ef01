/* bench.c -- `make bench`: prints the speed figures recorded in
 * docs/performance.md. Each figure is CPU time per call, from repeated calls
 * (clock()) after one warm-up call. */
#include "axsterile/cosmo.h"
#include "axsterile/error.h"
#include "axsterile/halo.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) { return (double)clock() / CLOCKS_PER_SEC; }

int main(void)
{
    ax_gsl_quiet();
    ax_error err;
    ax_cosmo c;
    if (ax_cosmo_init(&c, NULL, &err) != AX_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    const int n = 2000000;
    double sum = 0.0, t0 = cpu_seconds();
    for (int i = 0; i < n; i++)
        sum += ax_cosmo_hubble(&c, 1e-2 * (1.0 + 1e-6 * i));
    double dt = cpu_seconds() - t0;
    printf("cosmo: H(T) evaluation            %8.1f ns/call  (checksum %.3g)\n",
           dt / n * 1e9, sum);
    t0 = cpu_seconds();
    for (int i = 0; i < 100; i++) {
        ax_cosmo_free(&c);
        ax_cosmo_init(&c, NULL, &err);
    }
    printf("cosmo: load data/gstar.csv        %8.3f ms/call\n", (cpu_seconds() - t0) / 100 * 1e3);
    ax_cosmo_free(&c);

    /* halo (issue 4): J, D and solid angle of the four Fermi-LAT 2015
     * regions, each to its default accuracy (relative errors ~1e-6) */
    const char *rois[4] = {"fermi:R3", "fermi:R16", "fermi:R41", "fermi:R90"};
    ax_target tg[4];
    for (int i = 0; i < 4; i++)
        if (ax_target_from_preset(rois[i], &tg[i], &err) != AX_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
    ax_jd jd;
    ax_target_jd(&tg[0], &jd, &err); /* warm-up */
    const int reps = 10;
    double per[4] = {0, 0, 0, 0};
    sum = 0.0;
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < 4; i++) {
            t0 = cpu_seconds();
            if (ax_target_jd(&tg[i], &jd, &err) != AX_OK) {
                fprintf(stderr, "bench: %s\n", err.msg);
                return 1;
            }
            per[i] += cpu_seconds() - t0;
            sum += jd.J;
        }
    double total = 0.0;
    for (int i = 0; i < 4; i++) {
        printf("halo: J+D %-10s              %8.2f ms/call\n", rois[i], per[i] / reps * 1e3);
        total += per[i] / reps;
    }
    printf("halo: J+D all four Fermi regions  %8.2f ms (target < 200 ms)  (checksum %.4g)\n", total * 1e3, sum);
    return 0;
}
