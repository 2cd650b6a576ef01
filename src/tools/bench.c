/* bench.c -- `make bench`: prints the speed figures recorded in
 * docs/performance.md. Each figure is CPU time per call, from repeated calls
 * (clock()) after one warm-up call. */
/* wait4 (the peak memory of one child) */
#define _DEFAULT_SOURCE
#include "axsterile/cosmo.h"
#include "axsterile/error.h"
#include "axsterile/figures.h"
#include "axsterile/halo.h"
#include "axsterile/target.h"
#include "axsterile/plot.h"
#include "axsterile/production.h"
#include "axsterile/scan.h"

#include "axsterile/decay.h"
#include "axsterile/grid.h"
#include "axsterile/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

static double cpu_seconds(void) { return (double)clock() / CLOCKS_PER_SEC; }

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The whole Fig. 2 pipeline as `axsterile plot fig2 --no-render` runs it:
 * production context, limits, J and D of every target, 200 masses of the DW
 * and axion-assisted DM-fixed lines, every limit and its recast, the CSV
 * files and the gnuplot script (in a scratch directory). Wall time, best
 * of three, on all the threads OpenMP is given. */
static int bench_fig(const char *name, int reps, double *wall_out, double *cpu_out)
{
    ax_error err;
    char dir[] = "/tmp/axsterile-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        fprintf(stderr, "bench: cannot make a scratch directory\n");
        return 1;
    }
    double best = 1e30, cpu_best = 0;
    size_t rows = 0;
    for (int rep = 0; rep < reps; rep++) {
        double w0 = wall_seconds(), c0 = cpu_seconds();
        ax_figure_opts o;
        ax_figure_opts_defaults(&o);
        o.points = 200;
        ax_figure *fig;
        ax_plot p;
        ax_plot_init(&p, name);
        ax_scan_shard whole = {1, 1};
        int st = ax_figure_create(name, &o, &fig, &err);
        if (!st)
            st = ax_scan_run(ax_figure_scan(fig), whole, &err);
        if (!st)
            st = ax_scan_write(ax_figure_scan(fig), dir, &err);
        if (!st)
            st = ax_figure_plot(fig, &p, &err);
        if (!st)
            st = ax_plot_write(&p, dir, AX_PLOT_PNG, &err);
        if (!st)
            rows = ax_scan_rows(ax_figure_scan(fig));
        ax_plot_free(&p);
        if (!st)
            ax_figure_free(fig);
        if (st) {
            fprintf(stderr, "bench: %s: %s\n", name, err.msg);
            return 1;
        }
        double w = wall_seconds() - w0;
        if (w < best) {
            best = w;
            cpu_best = cpu_seconds() - c0;
        }
    }
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    printf("%s: whole pipeline, 200 points  %8.3f s wall%s, %.3f s CPU, %d threads, %zu rows "
           "(best of %d)\n", name, best, strcmp(name, "fig2") == 0 ? " (target < 2 s)" : "",
           cpu_best, threads, rows, reps);
    *wall_out = best;
    *cpu_out = cpu_best;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
    return 0;
}


/* One phi-model grid scan (m_phi x f_phi x m_s, coupling given or solved
 * for) as `axsterile scan grid` with OMP_NUM_THREADS=threads, in a child
 * process (exec'd at once: libgomp does not survive a fork): its wall
 * time, its CPU time (user + system, all threads: the rate per core,
 * which other jobs on the same cores change much less than the wall time)
 * and its peak resident memory. */
extern char **environ;
static const char *g_prog = "build/axsterile";

static int grid_child(size_t n_mphi, size_t n_fphi, size_t n_ms, int dm_fixed, int threads,
                      double *wall_s, double *cpu_s, long *rss_kb)
{
    char dir[] = "/tmp/axsterile-bench-grid-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char a[64], b[64], c[64], out[80], omp[32];
    snprintf(a, sizeof a, "1e-9eV:1e-6eV:%zu:log", n_mphi);
    snprintf(b, sizeof b, "0.01:0.1:%zu", n_fphi);
    snprintf(c, sizeof c, "10keV:100keV:%zu:log", n_ms);
    snprintf(out, sizeof out, "%s/grid", dir);
    snprintf(omp, sizeof omp, "OMP_NUM_THREADS=%d", threads);
    char *argv[] = {(char *)g_prog, "scan", "grid", "-o", out, "--model", "phi", "--mphi", a,
                    "--fphi", b, "--ms", c, dm_fixed ? "--dm-fixed" : "--g",
                    dm_fixed ? NULL : "1e-20", NULL};
    size_t ne = 0;
    while (environ[ne])
        ne++;
    char **envp = calloc(ne + 2, sizeof *envp);
    if (!envp)
        return 1;
    size_t k = 0;
    for (size_t i = 0; i < ne; i++)
        if (strncmp(environ[i], "OMP_NUM_THREADS=", 16) != 0)
            envp[k++] = environ[i];
    envp[k++] = omp;
    envp[k] = NULL;
    double w0 = wall_seconds();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0)
            dup2(fd, 1);
        execve(g_prog, argv, envp);
        _exit(127);
    }
    free(envp);
    if (pid < 0)
        return 1;
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "bench: %s scan grid failed (exit %d)\n", g_prog,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return 1;
    }
    *wall_s = wall_seconds() - w0;
    *cpu_s = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
             (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    *rss_kb = ru.ru_maxrss;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
    return 0;
}

/* The scaling table of docs/performance.md: wall time and memory peak of
 * phi-model grid scans of 1e3, 1e4 and 1e5 points on 1 and 2 threads
 * (coupling given), and the rate of DM-fixed points. BENCH_GRID_MAX caps
 * the largest grid (default 100000). */
static int bench_grid(void)
{
    const char *cap_env = getenv("BENCH_GRID_MAX");
    double cap = cap_env ? atof(cap_env) : 1e5;
    struct { size_t a, b, c; } sz[3] = {{10, 10, 10}, {10, 10, 100}, {100, 10, 100}};
    printf("grid: phi model, m_phi x f_phi x m_s (1e-9..1e-6 eV, 0.01..0.1, 10..100 keV), "
           "g_phi = 1e-20 given\n");
    printf("grid: points/s/core is points per CPU second (user + system of the scan), "
           "which other jobs on the cores change less than the wall time\n");
    printf("grid:   points  threads   wall [s]    CPU [s]   points/s   points/s/core   "
           "peak RSS [MB]\n");
    for (int k = 0; k < 3; k++) {
        size_t n = sz[k].a * sz[k].b * sz[k].c;
        if ((double)n > cap)
            break;
        for (int th = 1; th <= 2; th++) {
            double w, cpu;
            long rss;
            if (grid_child(sz[k].a, sz[k].b, sz[k].c, 0, th, &w, &cpu, &rss))
                return 1;
            printf("grid: %8zu  %7d   %8.2f   %8.2f   %8.0f   %13.0f   %13.1f\n", n, th, w, cpu,
                   (double)n / w, (double)n / cpu, (double)rss / 1024.0);
        }
    }
    double w, cpu;
    long rss;
    if (grid_child(10, 10, 10, 1, 2, &w, &cpu, &rss))
        return 1;
    printf("grid: DM-fixed (coupling solved for), 1000 points, 2 threads: %.2f s wall, "
           "%.2f s CPU, %.0f points/s/core, peak RSS %.1f MB\n", w, cpu, 1000.0 / cpu,
           (double)rss / 1024.0);
    return 0;
}

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
    /* model (by its registered name), m_s, m_phi (phi), coupling, evolution */
    struct { const char *name, *model; double ms, mphi, g; int ev; } P[] = {
        {"DW 7.1 keV", "dw", 7.1e-6, 0.0, 1e-10, 0},
        {"phi 50 keV, m_phi 1e-6 eV, exact", "phi", 50e-6, 1e-15, 1e-20, AX_PHI_EXACT},
        {"phi 50 keV, m_phi 1e-9 eV, exact", "phi", 50e-6, 1e-18, 1e-23, AX_PHI_EXACT},
        {"phi 50 keV, m_phi 1e-6 eV, step", "phi", 50e-6, 1e-15, 1e-20, AX_PHI_STEP},
        {"QCD 100 keV, f_a 1e10 GeV, exact", "qcd", 100e-6, 0.0, 5e-11, AX_PHI_EXACT},
    };
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        ax_model m;
        ax_model_defaults(&m, (ax_model_kind)ax_model_kind_find(P[i].model));
        const ax_model_type *t = ax_model_type_of(m.kind);
        m.m_s = P[i].ms;
        if (P[i].mphi > 0.0)
            m.m_phi = P[i].mphi;
        ax_model_set(&m, ax_model_coupling(t), P[i].g);
        m.phi_evolution = P[i].ev;
        double t1 = time_omega(ctx, &m, 50, 0), t2 = time_omega(ctx, &m, 20, 1);
        if (t1 < 0 || t2 < 0)
            return 1;
        printf("production: %-34s Omega_s %6.2f ms   DM-fixed %6.2f ms\n", P[i].name, t1 * 1e3,
               t2 * 1e3);
    }
    ax_production_free(ctx);
    /* the same DW point with the analytic opacity (the default is the
     * Venumadhav et al. table; target: DM-fixed < 5 ms with the default) */
    ax_production_opts o;
    ax_production_opts_defaults(&o);
    o.opacity_file = AX_OPACITY_ANALYTIC_NAME;
    if (ax_production_init(&ctx, &o, &err) != AX_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_DW);
    double t1 = time_omega(ctx, &m, 50, 0), t2 = time_omega(ctx, &m, 20, 1);
    ax_production_free(ctx);
    if (t1 < 0 || t2 < 0)
        return 1;
    printf("production: %-34s Omega_s %6.2f ms   DM-fixed %6.2f ms\n",
           "DW 7.1 keV, analytic opacity", t1 * 1e3, t2 * 1e3);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) /* the program for the grid scans (make bench passes it) */
        g_prog = argv[1];
    ax_gsl_quiet();
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 64 << 20); /* as the program does (src/cli/main.c) */
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
    /* the grid scans first: a forked child's peak memory (ru_maxrss) counts
     * the pages it shares with this process until its exec, so they run
     * while this process is still small */
    if (bench_grid() != 0)
        return 1;
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

    /* halo (docs/physics.md section 7a): J, D and solid angle of the four Fermi-LAT 2015
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
    if (bench_production() != 0)
        return 1;
    double w1, w2, w3, c1, c2, c3;
    if (bench_fig("fig2", 3, &w2, &c2) || bench_fig("fig1", 1, &w1, &c1) ||
        bench_fig("fig3", 1, &w3, &c3))
        return 1;
    printf("figures: Fig1/Fig2 = %.2f, Fig3/Fig2 = %.2f (wall time; target <= 2); CPU time: "
           "%.2f, %.2f\n", w1 / w2, w3 / w2, c1 / c2, c3 / c2);
    return 0;
}
