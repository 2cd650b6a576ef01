/* bench.c -- `make bench`: prints the speed figures recorded in
 * docs/performance.md. Each figure is CPU time per call, from repeated calls
 * (clock()) after one warm-up call. */
#include "axsterile/cosmo.h"
#include "axsterile/error.h"

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
    return 0;
}
