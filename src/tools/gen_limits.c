/* gen_limits.c -- produce the data files limits/STEM.csv from digitized
 * source curves, resampled onto the project's own mass grid.
 *
 * usage: gen_limits INPUT_DIR OUTPUT_DIR
 *   INPUT_DIR holds the digitized curves named below (a collection of
 *   published curves: see docs/limits-format.md, "Where the numbers come
 *   from"); OUTPUT_DIR is limits/. The JSON sidecars are written by hand
 *   and are not touched.
 *
 * The grid: x_k = 10^(k/P) in the unit of the file (keV for X-ray, GeV for
 * Fermi-LAT), every k with x_k inside the source's range; P (points per
 * decade) is chosen per source so that the grid is at least as fine as
 * the source's own sampling. y is the log-log interpolation of the source
 * polyline, taken in the order of the source; where a digitization
 * backtracks in x, several segments cover one x and the largest (weakest,
 * conservative) value is kept. A source 'nan' is a masked window: every
 * grid point on a segment that touches a nan is written as nan, and a
 * window narrower than the grid step gets the nearest grid point as nan,
 * so that no interpolation ever crosses a masked window.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axsterile/constants.h"
#include "axsterile/error.h"
#include "axsterile/io.h"

typedef enum { IN_XY, IN_ROWS, IN_FERMI_SIGMAV, IN_FERMI_FLUX, IN_GAGG } in_kind;

typedef struct source {
    const char *stem;        /* output limits/STEM.csv */
    const char *input;       /* file in INPUT_DIR */
    in_kind kind;
    int per_decade;          /* P */
    const char *title;       /* first header line */
    const char *cite;        /* paper, journal, arXiv, figure */
    const char *how;         /* how the source numbers were obtained */
    const char *columns;     /* the column line */
} source;

#define DESSERT_REPO "github.com/cdessert/SterileNeutrinoLimits (commit 5d910a9)"
#define MADDM_REPO "github.com/maddmhep/maddm (commit bb8d861), ExpData/"
#define SIN2_COLS "m_s [keV], sin^2(2theta) 95% upper limit (Majorana rate, 1024 pi^4)"

static const source SOURCES[] = {
    {"chandra_m31_horiuchi2014", "chandra_m31_horiuchi2014.csv", IN_XY, 400,
     "Chandra M31 sterile-neutrino decay limit",
     "Horiuchi et al. 2014, PRD 89, 025017, arXiv:1311.0282 (M31 X-ray limit figure, cited as Fig. 4 by other collections)",
     "digitized curve from " DESSERT_REPO " data/M31_Xray.csv", SIN2_COLS},
    {"chandra_halo_sicilian2020", "chandra_cbs_sicilian2020.csv", IN_XY, 400,
     "Chandra blank-sky (Milky Way halo) sterile-neutrino decay limit",
     "Sicilian et al. 2020, ApJ 905, 146, arXiv:2008.02283 (limit figure)",
     "digitized curve from " DESSERT_REPO " data/Bulbul2020BS.csv", SIN2_COLS},
    {"chandra_halo_sicilian2022", "chandra_halo_sicilian2022.csv", IN_XY, 400,
     "Chandra Milky Way halo sterile-neutrino decay limit",
     "Sicilian et al. 2022, arXiv:2208.12271 (limit figure)",
     "digitized curve from " DESSERT_REPO " data/LimitsSicilian2022_MWHalo.csv "
     "(one backtrack in x: upper envelope)", SIN2_COLS},
    {"nustar_bulge_roach2020", "nustar_bulge_roach2020.csv", IN_XY, 400,
     "NuSTAR Galactic bulge sterile-neutrino decay limit",
     "Roach et al. 2020, PRD 101, 103011, arXiv:1908.09037 (limit figure; probably the "
     "combined NuSTAR curve)",
     "digitized curve from " DESSERT_REPO " data/Perez2019Bulge.csv", SIN2_COLS},
    {"nustar_halo_roach2023", "nustar_halo_roach2023.csv", IN_XY, 400,
     "NuSTAR Milky Way halo sterile-neutrino decay limit",
     "Roach et al. 2023, PRD 107, 023009, arXiv:2207.04572 (combined 0-bounce and full-"
     "background limit; cited as Fig. 6 by other collections)",
     "digitized curve from " DESSERT_REPO " data/LimitsRoach2022_MWHalo.csv "
     "(six backtracks in x: upper envelope)", SIN2_COLS},
    {"xmm_halo_foster2021", "xmm_bso_foster2021.csv", IN_XY, 2000,
     "XMM-Newton blank-sky (Milky Way halo) sterile-neutrino decay limit",
     "Foster et al. 2021, PRL 127, 051101, arXiv:2102.02207 (95% upper limit of the sterile-neutrino figure)",
     "array supplied by the authors, " DESSERT_REPO " data/LimitsFoster2021_MWHalo.npy "
     "(0.01 keV grid, 9 masked windows kept as nan)", SIN2_COLS},
    {"xmm_halo_dessert2020", "xmm_halo_dessert2020.txt", IN_ROWS, 1000,
     "XMM-Newton blank-sky (Milky Way halo) 3.5 keV-line limit",
     "Dessert, Rodd & Safdi 2020, Science 367, 1465, arXiv:1812.06976 (95% upper limit, sterile-neutrino figure)",
     "array supplied by the authors, " DESSERT_REPO " data/DessertScienceLimit.txt "
     "(rows 1-2: m_s, 95% upper limit)", SIN2_COLS},
    {"integral_spi_calore2023", "integral_spi_calore2023_axionlimits_gagg.txt", IN_GAGG, 200,
     "INTEGRAL/SPI Milky Way decay-rate limit (one photon of m_s/2 per decay)",
     "Calore, Dekker, Serpico & Siegert 2023, MNRAS 520, 4167, arXiv:2209.06299 (line "
     "limit, 16 yr of SPI data)",
     "decaying-ALP form g_agg(m_a) from github.com/cajohare/AxionLimits (commit 09cb9b5) "
     "limit_data/AxionPhoton/INTEGRAL.txt, converted here: Gamma_a = g^2 m^3/(64 pi) "
     "gives two photons per decay, so the same line flux is Gamma_s = 2 Gamma_a for one "
     "photon per decay; m_s = m_a; the plotting edge row (g = 1) dropped",
     "m_s [keV], Gamma(nu_s -> nu gamma) 95% upper limit [s^-1]"},
#define FERMI(R, PROF, FILE)                                                                   \
    {"fermi2015_sigmav_" R, FILE, IN_FERMI_SIGMAV, 50,                                         \
     "Fermi-LAT 2015 gamma-ray line search, annihilation limit, region " R " (" PROF ")",      \
     "Ackermann et al. (Fermi-LAT) 2015, PRD 91, 122002, arXiv:1506.00013, Table (95% "      \
     "limits on <sigma v>(chi chi -> gamma gamma), " R ", " PROF ")",                         \
     "paper's tables as typed in " MADDM_REPO FILE " (column 2)",                               \
     "m_chi [GeV] (= E_gamma), <sigma v>(gamma gamma) 95% upper limit [cm^3 s^-1]"},          \
    {"fermi2015_flux_" R, FILE, IN_FERMI_FLUX, 50,                                             \
     "Fermi-LAT 2015 gamma-ray line search, line-flux limit, region " R,                       \
     "Ackermann et al. (Fermi-LAT) 2015, PRD 91, 122002, arXiv:1506.00013, Table (95% "      \
     "line-flux upper limits in " R ")",                                                       \
     "paper's tables as typed in " MADDM_REPO FILE " (column 3)",                               \
     "E_gamma [GeV], line flux 95% upper limit integrated over the ROI [cm^-2 s^-1]"}
    FERMI("R3", "contracted NFW, gamma = 1.3", "fermi2015_lines_R3_NFWc.dat"),
    FERMI("R16", "Einasto", "fermi2015_lines_R16_Einasto.dat"),
    FERMI("R41", "NFW", "fermi2015_lines_R41_NFW.dat"),
    FERMI("R90", "isothermal", "fermi2015_lines_R90_Isothermal.dat"),
};
#define NSOURCES (sizeof SOURCES / sizeof SOURCES[0])

/* Read a source into (x, y) in file order; x in keV or GeV as written. */
static int read_source(const source *s, const char *dir, double **xs, double **ys, size_t *n,
                       ax_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, s->input);
    ax_table t;
    int flags = s->kind == IN_XY ? AX_TABLE_CSV | AX_TABLE_ALLOW_NAN : AX_TABLE_WHITESPACE;
    int st = ax_table_read(path, 0, flags, &t, err);
    if (st != AX_OK)
        return st;
    size_t m = s->kind == IN_ROWS ? t.ncols : t.nrows;
    *xs = malloc(m * sizeof **xs);
    *ys = malloc(m * sizeof **ys);
    *n = 0;
    if (!*xs || !*ys) {
        ax_table_free(&t);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        double x, y;
        switch (s->kind) {
        case IN_XY:
            x = ax_table_at(&t, i, 0);
            y = ax_table_at(&t, i, 1);
            break;
        case IN_ROWS:
            x = ax_table_at(&t, 0, i);
            y = ax_table_at(&t, 1, i);
            break;
        case IN_FERMI_SIGMAV:
            x = ax_table_at(&t, i, 0);
            y = ax_table_at(&t, i, 1);
            break;
        case IN_FERMI_FLUX:
            x = ax_table_at(&t, i, 0);
            y = ax_table_at(&t, i, 2);
            break;
        case IN_GAGG: {
            double m_GeV = ax_table_at(&t, i, 0) * 1e-9, g = ax_table_at(&t, i, 1);
            if (g >= 1e-3) /* the vertical plotting edge (g = 1) */
                continue;
            x = m_GeV * 1e6; /* keV */
            /* Gamma_s = 2 Gamma_a = 2 g^2 m^3/(64 pi) [GeV] -> s^-1 */
            y = 2.0 * g * g * m_GeV * m_GeV * m_GeV / (64.0 * M_PI) / AX_HBAR_GEV_S;
            break;
        }
        default:
            x = y = NAN;
        }
        (*xs)[*n] = x;
        (*ys)[(*n)++] = y;
    }
    ax_table_free(&t);
    return AX_OK;
}

static double loglog(double x, double x0, double y0, double x1, double y1)
{
    if (x1 == x0)
        return fmax(y0, y1);
    double t = log(x / x0) / log(x1 / x0);
    return exp(log(y0) + t * (log(y1) - log(y0)));
}

/* Resample onto x_k = 10^(k/P); returns the count written into gx, gy. */
static size_t resample(const double *x, const double *y, size_t n, int P, double *gx,
                       double *gy, size_t cap)
{
    double xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        xmin = fmin(xmin, x[i]);
        xmax = fmax(xmax, x[i]);
    }
    long k0 = (long)ceil(P * log10(xmin) - 1e-9), k1 = (long)floor(P * log10(xmax) + 1e-9);
    size_t m = 0;
    for (long k = k0; k <= k1 && m < cap; k++) {
        double g = pow(10.0, (double)k / P);
        if (g < xmin)
            g = xmin;
        if (g > xmax)
            g = xmax;
        int covered = 0, masked = 0;
        double best = -INFINITY;
        for (size_t i = 0; i + 1 < n; i++) {
            double a = fmin(x[i], x[i + 1]), b = fmax(x[i], x[i + 1]);
            if (g < a || g > b)
                continue;
            covered = 1;
            if (isnan(y[i]) || isnan(y[i + 1]))
                masked = 1;
            else
                best = fmax(best, loglog(g, x[i], y[i], x[i + 1], y[i + 1]));
        }
        if (!covered)
            continue;
        gx[m] = g;
        gy[m++] = masked ? NAN : best;
    }
    /* masked windows narrower than the grid step: mask the nearest point */
    for (size_t i = 0; i < n; i++) {
        if (!isnan(y[i]))
            continue;
        int hit = 0;
        size_t near = 0;
        for (size_t j = 0; j < m; j++) {
            if (isnan(gy[j]) && j + 1 < m && gx[j] <= x[i] && x[i] <= gx[j + 1])
                hit = 1;
            if (j > 0 && isnan(gy[j]) && gx[j - 1] <= x[i] && x[i] <= gx[j])
                hit = 1;
            if (fabs(log(gx[j] / x[i])) < fabs(log(gx[near] / x[i])))
                near = j;
        }
        if (!hit && m)
            gy[near] = NAN;
    }
    return m;
}

static int write_one(const source *s, const char *in_dir, const char *out_dir, ax_error *err)
{
    double *x = NULL, *y = NULL;
    size_t n = 0;
    int st = read_source(s, in_dir, &x, &y, &n, err);
    if (st != AX_OK) {
        free(x);
        free(y);
        return st;
    }
    size_t cap = 20000;
    double *gx = malloc(cap * sizeof *gx), *gy = malloc(cap * sizeof *gy);
    size_t m = (gx && gy) ? resample(x, y, n, s->per_decade, gx, gy, cap) : 0;
    size_t blen = 4096 + 48 * m;
    char *buf = malloc(blen);
    if (!buf || m < 2) {
        st = ax_fail(err, AX_ERUN, "%s: resampling failed (%zu points)", s->stem, m);
    } else {
        size_t used = (size_t)snprintf(buf, blen,
                                       "# axsterile limit: %s\n"
                                       "# Source: %s.\n"
                                       "# Obtained: %s;\n"
                                       "#   resampled by src/tools/gen_limits.c (make limits-data) "
                                       "onto x_k = 10^(k/%d) (%d points per decade) inside the\n"
                                       "#   source's range, log-log interpolation, upper envelope "
                                       "where the source backtracks in x.\n"
                                       "# nan = masked window of the source: no limit there "
                                       "(never interpolated across).\n"
                                       "# Metadata (convention, target ROI and profile): %s.json\n"
                                       "# Columns: %s\n",
                                       s->title, s->cite, s->how, s->per_decade, s->per_decade,
                                       s->stem, s->columns);
        for (size_t i = 0; i < m && used < blen; i++) {
            if (isnan(gy[i]))
                used += (size_t)snprintf(buf + used, blen - used, "%.8g,nan\n", gx[i]);
            else
                used += (size_t)snprintf(buf + used, blen - used, "%.8g,%.5e\n", gx[i], gy[i]);
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.csv", out_dir, s->stem);
        st = ax_write_file_atomic(path, buf, err);
        if (st == AX_OK)
            printf("%-32s %5zu points  %g .. %g\n", s->stem, m, gx[0], gx[m - 1]);
    }
    free(buf);
    free(gx);
    free(gy);
    free(x);
    free(y);
    return st;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_limits INPUT_DIR OUTPUT_DIR\n");
        return 2;
    }
    ax_error err;
    ax_error_clear(&err);
    for (size_t i = 0; i < NSOURCES; i++) {
        int st = write_one(&SOURCES[i], argv[1], argv[2], &err);
        if (st != AX_OK) {
            fprintf(stderr, "gen_limits: %s: %s\n", SOURCES[i].stem, err.msg);
            return st == AX_EINPUT ? 2 : 1;
        }
    }
    return 0;
}
