/* bench.c -- `make bench`: prints the speed figures recorded in
 * docs/performance.md. Each figure is CPU time per call, from repeated calls
 * (clock()) after one warm-up call. */
#include "axsterile/cosmo.h"
#include "axsterile/error.h"
#include "axsterile/production.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) { return (double)clock() / CLOCKS_PER_SEC; }

/* CPU time per call of f(ctx, model) over n calls, after one warm-up. */
static double time_omega(const ax_production *ctx, const ax_model *m, int n, int dm_fixed)
{
    ax_error err;
    ax_prod_result r;
    ax_model w = *m;
    if ((dm_fixed ? ax_production_dm_fixed(ctx, &w, &r, &err)
                  : ax_production_omega(ctx, &w, &r, &err)) != AX_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1.0;
    }
    double t0 = cpu_seconds();
    for (int i = 0; i < n; i++) {
        w = *m;
        if (dm_fixed)
            ax_production_dm_fixed(ctx, &w, &r, &err);
        else
            ax_production_omega(ctx, &w, &r, &err);
    }
    return (cpu_seconds() - t0) / n;
}

static int bench_production(void)
{
    ax_error err;
    ax_production *ctx;
    double t0 = cpu_seconds();
    if (ax_production_init(&ctx, NULL, &err) != AX_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    printf("production: init (cosmo + medium)   %8.3f ms\n", (cpu_seconds() - t0) * 1e3);
    struct { const char *name; ax_model_kind kind; double ms; double mphi; int ev; } P[] = {
        {"DW 7.1 keV", AX_MODEL_DW, 7.1e-6, 0.0, 0},
        {"phi 50 keV, m_phi 1e-6 eV, exact", AX_MODEL_PHI, 50e-6, 1e-15, AX_PHI_EXACT},
        {"phi 50 keV, m_phi 1e-9 eV, exact", AX_MODEL_PHI, 50e-6, 1e-18, AX_PHI_EXACT},
        {"phi 50 keV, m_phi 1e-6 eV, step", AX_MODEL_PHI, 50e-6, 1e-15, AX_PHI_STEP},
        {"QCD 100 keV, f_a 1e10 GeV, exact", AX_MODEL_QCD, 100e-6, 0.0, AX_PHI_EXACT},
    };
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        ax_model m;
        ax_model_defaults(&m, P[i].kind);
        m.m_s = P[i].ms;
        if (P[i].kind == AX_MODEL_PHI) {
            m.m_phi = P[i].mphi;
            m.g_phi = 1e-20 * P[i].mphi / 1e-15;
        }
        if (P[i].kind == AX_MODEL_QCD)
            m.g_a = 5e-11;
        m.phi_evolution = P[i].ev;
        double t1 = time_omega(ctx, &m, 50, 0), t2 = time_omega(ctx, &m, 20, 1);
        if (t1 < 0 || t2 < 0)
            return 1;
        printf("production: %-34s Omega_s %6.2f ms   DM-fixed %6.2f ms\n", P[i].name, t1 * 1e3,
               t2 * 1e3);
    }
    ax_production_free(ctx);
    return 0;
}

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
    return bench_production();
}
