/* gen_limits.c -- produce the data files limits/STEM.csv from the source
 * curves, point for point.
 *
 * usage: gen_limits INPUT_DIR OUTPUT_DIR
 *   INPUT_DIR holds the source curves named below (a collection of published
 *   curves: see docs/limits-format.md, "Where the numbers come from");
 *   OUTPUT_DIR is limits/. The JSON sidecars are written by hand and are not
 *   touched.
 *
 * Every point of the source is written, in the file's unit, after the unit
 * conversion stated per source (none for most); nothing is resampled or
 * thinned, so the shipped curve equals the source at each of its points.
 * The points are sorted by mass with a stable sort: points at one mass (a
 * vertical step of the source) keep the source's order, and where a
 * digitisation backtracks in x the points are put in mass order, each
 * raised, where the drawn path passes its mass on another branch that is
 * weaker there, onto that branch (never stronger than the source). A source
 * 'nan' (a masked window) is kept as nan. The loader (src/limits.c)
 * interpolates log-log between neighbours and, at a step, takes the weaker
 * (larger) value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axsterile/constants.h"
#include "axsterile/error.h"
#include "axsterile/io.h"

/* IN_XY: x,y comma-separated (nan allowed); IN_XY_WS: the same, blank-separated;
 * IN_ROWS: row 1 = x, row 2 = y; IN_FERMI_*: the MadDM tables; IN_GAGG: a
 * decaying-ALP coupling g(m_a) converted to a one-photon rate. */
typedef enum { IN_XY, IN_XY_WS, IN_ROWS, IN_FERMI_SIGMAV, IN_FERMI_FLUX, IN_GAGG } in_kind;

typedef struct source {
    const char *stem;        /* output limits/STEM.csv */
    const char *input;       /* file in INPUT_DIR */
    in_kind kind;
    double quote_at;         /* > 0: quote the source's value at this x (file unit) */
    const char *title;       /* first header line */
    const char *cite;        /* paper, journal, arXiv, figure */
    const char *how;         /* how the source numbers were obtained */
    const char *columns;     /* the column line */
} source;

#define DESSERT_REPO "github.com/cdessert/SterileNeutrinoLimits (commit 5d910a9)"
#define MADDM_REPO "github.com/maddmhep/maddm (commit bb8d861), ExpData/"
#define SNOWMASS                                                                           \
    "digitisation of the Snowmass 2021 CF3 sterile-neutrino compilation, "                 \
    "github.com/kadrlica/snowmass2021-cf3 (commit a78f15f; file from f90f647) "             \
    "data/snu_limits.yaml, key "
#define SIN2_COLS "m_s [keV], sin^2(2theta) 95% upper limit (Majorana rate, 1024 pi^4)"
/* the newest sources' files do not state their confidence level */
#define SIN2_COLS_CL                                                                       \
    "m_s [keV], sin^2(2theta) upper limit (confidence level: see the paper; Majorana rate, " \
    "1024 pi^4)"

static const source SOURCES[] = {
    {"chandra_m31_horiuchi2014", "chandra_m31_horiuchi2014.csv", IN_XY, 0,
     "Chandra M31 sterile-neutrino decay limit",
     "Horiuchi et al. 2014, PRD 89, 025017, arXiv:1311.0282 (M31 X-ray limit figure, cited as Fig. 4 by other collections)",
     "digitized curve from " DESSERT_REPO " data/M31_Xray.csv", SIN2_COLS},
    {"chandra_halo_sicilian2020", "chandra_cbs_sicilian2020.csv", IN_XY, 7.1,
     "Chandra blank-sky (Milky Way halo) sterile-neutrino decay limit",
     "Sicilian et al. 2020, ApJ 905, 146, arXiv:2008.02283 (limit figure)",
     "digitized curve from " DESSERT_REPO " data/Bulbul2020BS.csv", SIN2_COLS},
    {"chandra_halo_sicilian2022", "chandra_halo_sicilian2022.csv", IN_XY, 0,
     "Chandra Milky Way halo sterile-neutrino decay limit",
     "Sicilian et al. 2022, arXiv:2208.12271 (limit figure)",
     "digitized curve from " DESSERT_REPO " data/LimitsSicilian2022_MWHalo.csv "
     "(one backtrack in x: put in mass order)", SIN2_COLS},
    {"nustar_bulge_roach2020", "nustar_bulge_roach2020.csv", IN_XY, 0,
     "NuSTAR Galactic bulge sterile-neutrino decay limit",
     "Roach et al. 2020, PRD 101, 103011, arXiv:1908.09037 (limit figure; probably the "
     "combined NuSTAR curve)",
     "digitized curve from " DESSERT_REPO " data/Perez2019Bulge.csv", SIN2_COLS},
    {"nustar_halo_roach2023", "nustar_halo_roach2023.csv", IN_XY, 20.0,
     "NuSTAR Milky Way halo sterile-neutrino decay limit",
     "Roach et al. 2023, PRD 107, 023009, arXiv:2207.04572 (combined 0-bounce and full-"
     "background limit; cited as Fig. 6 by other collections)",
     "digitized curve from " DESSERT_REPO " data/LimitsRoach2022_MWHalo.csv "
     "(x backtracks at six places where the digitisation followed spikes: put in mass "
     "order; twelve points at 39.571 keV form a vertical step)", SIN2_COLS},
    {"xmm_halo_foster2021", "xmm_bso_foster2021.csv", IN_XY, 7.1,
     "XMM-Newton blank-sky (Milky Way halo) sterile-neutrino decay limit",
     "Foster et al. 2021, PRL 127, 051101, arXiv:2102.02207 (95% upper limit of the sterile-neutrino figure)",
     "array supplied by the authors, " DESSERT_REPO " data/LimitsFoster2021_MWHalo.npy "
     "(0.01 keV grid, 9 masked windows kept as nan)", SIN2_COLS},
    {"xmm_halo_dessert2020", "xmm_halo_dessert2020.txt", IN_ROWS, 0,
     "XMM-Newton blank-sky (Milky Way halo) 3.5 keV-line limit",
     "Dessert, Rodd & Safdi 2020, Science 367, 1465, arXiv:1812.06976 (95% upper limit, sterile-neutrino figure)",
     "array supplied by the authors, " DESSERT_REPO " data/DessertScienceLimit.txt "
     "(rows 1-2: m_s, 95% upper limit)", SIN2_COLS},
    {"integral_spi_calore2023", "integral_spi_calore2023_axionlimits_gagg.txt", IN_GAGG, 0,
     "INTEGRAL/SPI Milky Way decay-rate limit (one photon of m_s/2 per decay)",
     "Calore, Dekker, Serpico & Siegert 2023, MNRAS 520, 4167, arXiv:2209.06299 (line "
     "limit, 16 yr of SPI data)",
     "decaying-ALP form g_agg(m_a) from github.com/cajohare/AxionLimits (commit 09cb9b5) "
     "limit_data/AxionPhoton/INTEGRAL.txt, converted here: Gamma_a = g^2 m^3/(64 pi) "
     "gives two photons per decay, so the same line flux is Gamma_s = 2 Gamma_a for one "
     "photon per decay; m_s = m_a; the plotting edge row (g = 1) dropped",
     "m_s [keV], Gamma(nu_s -> nu gamma) 95% upper limit [s^-1]"},
    {"erosita_lmc_terolcalvo2026", "newer/erosita_lmc_dr1_terolcalvo2026/"
     "Bounds_SterileNu_LMCDR1_corrected.txt", IN_XY_WS, 7.1,
     "eROSITA-DE DR1 Large Magellanic Cloud sterile-neutrino decay limit",
     "Terol Calvo, Taoso, Caputo, Negro & Regis 2026, arXiv:2603.19109 (sin^2 2theta limit "
     "from the LMC halo, eROSITA-DE DR1)",
     "the authors' own table, github.com/jorgetc16/eROSITA-All-Files (commit bd48d06) "
     "Bounds_SterileNu_LMCDR1_corrected.txt (the version with the refereeing correction of "
     "the Galactic absorption column); the authors' lifetime table satisfies "
     "sin^2 2theta tau (m_s/keV)^5 = 7.2e21 s at every row, i.e. the Majorana rate",
     SIN2_COLS_CL},
    {"nustar_stray_krivonos2024", "newer/nustar_straylight_11yr_krivonos2024/"
     "2405.17861_Fig1.txt", IN_XY_WS, 7.1,
     "NuSTAR stray-light (11 years) Milky Way sterile-neutrino decay limit",
     "Krivonos, Barinov, Mukhin & Gorbunov 2024, arXiv:2405.17861 (limit figure, Fig. 1 "
     "by the digitiser's file name)",
     "WebPlotDigitizer-style digitisation by the eROSITA-LMC group, github.com/jorgetc16/"
     "eROSITA-All-Files (commit bd48d06) JuliolTries/DM_XJorge/DM_XJorge/"
     "2405.17861_Fig1.txt (vertical steps at 11.0 and 18.3 keV kept)",
     SIN2_COLS_CL},
    {"nustar_gc_perez2017", "newer/snowmass_cf3_snu_compilation/DERIVED_per_curve/"
     "perez2016_nustar_gc.csv", IN_XY, 20.0,
     "NuSTAR Galactic Centre sterile-neutrino decay limit",
     "Perez, Ng, Beacom, Hersh, Horiuchi & Krivonos 2017, PRD 95, 123002, arXiv:1609.00667 "
     "(limit figure)",
     SNOWMASS "perez2016_nustar_gc", SIN2_COLS_CL},
    {"nustar_m31_ng2019", "newer/snowmass_cf3_snu_compilation/DERIVED_per_curve/"
     "ng2019_nustar_m31.csv", IN_XY, 20.0,
     "NuSTAR M31 sterile-neutrino decay limit",
     "Ng, Roach, Perez, Beacom, Horiuchi, Krivonos & Wik 2019, arXiv:1901.01262 (limit "
     "figure)",
     SNOWMASS "ng2019_nustar_m31 (points at 1e-14 where the curve left the figure's frame "
     "are kept: weaker than the paper there, never stronger)", SIN2_COLS_CL},
    {"integral_spi_boyarsky2008", "newer/snowmass_cf3_snu_compilation/DERIVED_per_curve/"
     "boyarsky2007_integral.csv", IN_XY, 100.0,
     "INTEGRAL/SPI Milky Way sterile-neutrino decay limit",
     "Boyarsky, Malyshev, Neronov & Ruchayskiy 2008, arXiv:0710.4922 (limit figure)",
     SNOWMASS "boyarsky2007_integral", SIN2_COLS_CL},
    {"heao1_mw_boyarsky2006", "newer/snowmass_cf3_snu_compilation/DERIVED_per_curve/"
     "boyarsky2006_heao1_mw.csv", IN_XY, 20.0,
     "HEAO-1 Milky Way (diffuse X-ray background) sterile-neutrino decay limit",
     "Boyarsky et al. 2006, arXiv:astro-ph/0603660 (Milky Way limit from the HEAO-1 "
     "diffuse X-ray background)",
     SNOWMASS "boyarsky2006_heao1_mw", SIN2_COLS_CL},
#define FERMI(R, PROF, FILE)                                                                   \
    {"fermi2015_sigmav_" R, FILE, IN_FERMI_SIGMAV, 0,                                         \
     "Fermi-LAT 2015 gamma-ray line search, annihilation limit, region " R " (" PROF ")",      \
     "Ackermann et al. (Fermi-LAT) 2015, PRD 91, 122002, arXiv:1506.00013, Table (95% "      \
     "limits on <sigma v>(chi chi -> gamma gamma), " R ", " PROF ")",                         \
     "paper's tables as typed in " MADDM_REPO FILE " (column 2)",                               \
     "m_chi [GeV] (= E_gamma), <sigma v>(gamma gamma) 95% upper limit [cm^3 s^-1]"},          \
    {"fermi2015_flux_" R, FILE, IN_FERMI_FLUX, 0,                                             \
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
    int flags = s->kind == IN_XY      ? AX_TABLE_CSV | AX_TABLE_ALLOW_NAN
                : s->kind == IN_XY_WS ? AX_TABLE_WHITESPACE | AX_TABLE_ALLOW_NAN
                                      : AX_TABLE_WHITESPACE;
    int st = ax_table_read(path, 0, flags, &t, err);
    if (st != AX_OK)
        return st;
    size_t m = s->kind == IN_ROWS ? t.ncols : t.nrows;
    *xs = malloc((m + 1) * sizeof **xs);
    *ys = malloc((m + 1) * sizeof **ys);
    *n = 0;
    if (!*xs || !*ys) {
        ax_table_free(&t);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        double x, y;
        switch (s->kind) {
        case IN_XY:
        case IN_XY_WS:
        case IN_FERMI_SIGMAV:
            x = ax_table_at(&t, i, 0);
            y = ax_table_at(&t, i, 1);
            break;
        case IN_ROWS:
            x = ax_table_at(&t, 0, i);
            y = ax_table_at(&t, 1, i);
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

typedef struct {
    double x, y;
    size_t i; /* position in the source: the sort is stable */
} pt;

static int cmp_pt(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i ? 1 : 0;
}

/* The source's value at x: log-log between the sorted points around it (the
 * weaker value at a step), as the loader evaluates it. NaN if masked. */
static double value_at(const pt *p, size_t n, double x, size_t *lo_out)
{
    double best = NAN;
    for (size_t k = 0; k < n; k++)
        if (p[k].x == x && !isnan(p[k].y) && !(p[k].y <= best))
            best = p[k].y;
    if (!isnan(best))
        return best;
    for (size_t k = 0; k + 1 < n; k++)
        if (p[k].x < x && x < p[k + 1].x) {
            *lo_out = k;
            double t = log(x / p[k].x) / log(p[k + 1].x / p[k].x);
            return exp(log(p[k].y) + t * (log(p[k + 1].y) - log(p[k].y)));
        }
    return NAN;
}

/* The weaker branch of the drawn path at x: where a digitisation backtracks,
 * the path (the source's points in the source's order) passes some masses
 * more than once, and mass order alone would join points of different
 * branches into a curve stronger than any branch (NuSTAR halo, Roach et al.
 * 2023, near its 39.57 keV step: a third of the drawn value). The largest
 * log-log value at x of the path's segments that span x strictly (a step's
 * vertical segment, and a segment that ends at x, are the loader's business
 * at that mass), or -inf. */
static double path_envelope(const double *x, const double *y, size_t n, double xm)
{
    double best = -INFINITY;
    for (size_t k = 0; k + 1 < n; k++) {
        double xa = x[k], xb = x[k + 1], ya = y[k], yb = y[k + 1];
        if (isnan(ya) || isnan(yb) || !(fmin(xa, xb) < xm && xm < fmax(xa, xb)))
            continue;
        double t = log(xm / xa) / log(xb / xa);
        best = fmax(best, exp(log(ya) + t * (log(yb) - log(ya))));
    }
    return best;
}

static int write_one(const source *s, const char *in_dir, const char *out_dir, ax_error *err)
{
    double *x = NULL, *y = NULL;
    size_t n = 0;
    int st = read_source(s, in_dir, &x, &y, &n, err);
    pt *p = st == AX_OK ? malloc((n + 1) * sizeof *p) : NULL;
    if (st == AX_OK && !p)
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (st != AX_OK) {
        free(x);
        free(y);
        return st;
    }
    size_t nnan = 0, nsteps = 0, nback = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = (pt){x[i], y[i], i};
        nnan += isnan(y[i]) != 0;
        nback += i > 0 && x[i] < x[i - 1];
    }
    qsort(p, n, sizeof *p, cmp_pt);
    size_t nraised = 0;
    if (nback)
        for (size_t i = 0; i < n; i++) {
            double env = isnan(p[i].y) ? -INFINITY : path_envelope(x, y, n, p[i].x);
            if (env > p[i].y) {
                p[i].y = env;
                nraised++;
            }
        }
    for (size_t i = 1; i < n; i++)
        nsteps += p[i].x == p[i - 1].x && (i < 2 || p[i - 1].x != p[i - 2].x);
    char quote[512] = "";
    if (s->quote_at > 0) {
        size_t lo = 0;
        double v = value_at(p, n, s->quote_at, &lo);
        snprintf(quote, sizeof quote,
                 "# At %g %s the source's curve gives %.4g (log-log between its points at "
                 "%.6g and %.6g %s):\n#   what `axsterile check` prints there with the "
                 "default (Majorana) normalisation.\n",
                 s->quote_at, s->kind == IN_FERMI_FLUX || s->kind == IN_FERMI_SIGMAV ? "GeV"
                                                                                      : "keV",
                 v, p[lo].x, p[lo + 1].x,
                 s->kind == IN_FERMI_FLUX || s->kind == IN_FERMI_SIGMAV ? "GeV" : "keV");
    }
    char raised[320] = "";
    if (nraised)
        snprintf(raised, sizeof raised,
                 "#   Where a backtrack passes a mass twice, the weaker branch of the drawn\n"
                 "#   path: %zu point(s) raised onto it, so the curve is nowhere stronger\n"
                 "#   than the source's;\n",
                 nraised);
    size_t blen = 8192 + 48 * n;
    char *buf = malloc(blen);
    if (!buf || n < 2) {
        st = ax_fail(err, AX_ERUN, "%s: %zu points", s->stem, n);
    } else {
        size_t used = (size_t)snprintf(
            buf, blen,
            "# axsterile limit: %s\n"
            "# Source: %s.\n"
            "# Obtained: %s.\n"
            "# Points: all %zu points of the source, after the unit conversion stated above\n"
            "#   (none unless stated), sorted by mass (stable: points at one mass, a vertical\n"
            "#   step, keep the source's order; %zu backtrack(s) in x put in order; %zu step(s));\n"
            "%s"
            "#   not resampled and not thinned. Written by src/tools/gen_limits.c (make\n"
            "#   limits-data). Between points the loader interpolates log-log; at a step the\n"
            "#   weaker (larger) value applies.\n"
            "%s"
            "%s"
            "# Metadata (convention, target ROI and profile): %s.json\n"
            "# Columns: %s\n",
            s->title, s->cite, s->how, n, nback, nsteps, raised, quote,
            nnan ? "# nan = masked window of the source: no limit there (never interpolated "
                   "across).\n"
                 : "",
            s->stem, s->columns);
        for (size_t i = 0; i < n && used < blen; i++) {
            if (isnan(p[i].y))
                used += (size_t)snprintf(buf + used, blen - used, "%.17g,nan\n", p[i].x);
            else
                used += (size_t)snprintf(buf + used, blen - used, "%.17g,%.10g\n", p[i].x,
                                         p[i].y);
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.csv", out_dir, s->stem);
        st = ax_write_file_atomic(path, buf, err);
        if (st == AX_OK)
            printf("%-32s %5zu points  %g .. %g\n", s->stem, n, p[0].x, p[n - 1].x);
    }
    free(buf);
    free(p);
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
