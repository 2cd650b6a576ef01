/* gen_opacity.c -- writes data/opacity_numu.csv, the default neutrino
 * opacity, from the nu_mu rate tables of Venumadhav, Cyr-Racine, Abazajian &
 * Hirata 2016 (arXiv:1507.06655; files rate_leptons_mu.dat and
 * rate_hadrons_mu.dat of their code sterile-dm). Run by `make opacity-data`;
 * the result is shipped, so users need neither the tables nor this tool.
 *
 * The output is the project's own format and grid (docs/physics.md
 * section 3): c = Gamma/(G_F^2 p T^4), leptonic and hadronic parts
 * separately, at the source's temperatures plus nodes every 10 MeV across
 * the 150-250 MeV gap of the source (filled by the interpolation through
 * every temperature column, ax_opacity_resample), on a p/T grid uniform in
 * ln(p/T) with 25 nodes per decade. The tool then reads the file back the
 * way the library does and prints the largest deviation from the source's
 * total rate (rate_total_mu.dat) at the source's nodes.
 *
 * Usage: gen_opacity SOURCE_DIR OUTPUT.csv */
#include "axsterile/error.h"
#include "axsterile/io.h"
#include "axsterile/medium.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS_MIN 1e-4
#define EPS_MAX 20.0
#define EPS_PER_DECADE 25.0
#define GAP_LO 0.150 /* GeV: the source has no column between these */
#define GAP_HI 0.250
#define GAP_STEP 0.010

static int read_part(const char *dir, const char *name, double **eps, size_t *ne, double **T,
                     size_t *nT, double **rate, ax_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ax_opacity_read_venumadhav(path, 1, eps, ne, T, nT, rate, err);
}

static int same_grid(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_opacity SOURCE_DIR OUTPUT.csv\n");
        return 2;
    }
    ax_gsl_quiet();
    ax_error err;
    ax_error_clear(&err);
    double *eL, *TL, *rL, *eH, *TH, *rH, *eT, *TT, *rT;
    size_t neL, nTL, neH, nTH, neT, nTT;
    if (read_part(argv[1], "rate_leptons_mu.dat", &eL, &neL, &TL, &nTL, &rL, &err) ||
        read_part(argv[1], "rate_hadrons_mu.dat", &eH, &neH, &TH, &nTH, &rH, &err) ||
        read_part(argv[1], "rate_total_mu.dat", &eT, &neT, &TT, &nTT, &rT, &err)) {
        fprintf(stderr, "gen_opacity: %s\n", err.msg);
        return 1;
    }
    if (neL != neH || nTL != nTH || neL != neT || nTL != nTT || !same_grid(eL, eH, neL) ||
        !same_grid(TL, TH, nTL) || !same_grid(eL, eT, neL) || !same_grid(TL, TT, nTL)) {
        fprintf(stderr, "gen_opacity: the three tables do not share one grid\n");
        return 1;
    }
    size_t ne = neL, nT = nTL;
    /* source parts as c = rate/(p/T) */
    for (size_t j = 0; j < nT; j++)
        for (size_t i = 0; i < ne; i++) {
            rL[j * ne + i] /= eL[i];
            rH[j * ne + i] /= eL[i];
        }
    /* our grid */
    size_t no = (size_t)lround(log10(EPS_MAX / EPS_MIN) * EPS_PER_DECADE) + 1;
    double *eo = malloc(no * sizeof *eo), *To = malloc((nT + 16) * sizeof *To);
    size_t nTo = 0;
    for (size_t i = 0; i < no; i++)
        eo[i] = EPS_MIN * pow(EPS_MAX / EPS_MIN, (double)i / (double)(no - 1));
    eo[no - 1] = EPS_MAX;
    for (size_t j = 0; j < nT; j++) {
        To[nTo++] = TL[j];
        if (TL[j] < GAP_LO * 1.0001 && j + 1 < nT && TL[j + 1] > GAP_HI * 0.9999)
            for (double t = GAP_LO + GAP_STEP; t < GAP_HI - 1e-9; t += GAP_STEP)
                To[nTo++] = t;
    }
    double *oL = malloc(no * nTo * sizeof *oL), *oH = malloc(no * nTo * sizeof *oH);
    if (ax_opacity_resample(eL, ne, TL, nT, rL, eo, no, To, nTo, oL, &err) ||
        ax_opacity_resample(eL, ne, TL, nT, rH, eo, no, To, nTo, oH, &err)) {
        fprintf(stderr, "gen_opacity: %s\n", err.msg);
        return 1;
    }
    ax_outfile o;
    if (ax_outfile_open(&o, argv[2], &err) != AX_OK) {
        fprintf(stderr, "gen_opacity: %s\n", err.msg);
        return 1;
    }
    fprintf(o.fp,
            "# axsterile: opacity of nu_mu in the early-Universe plasma, the default of the\n"
            "# production code (docs/physics.md section 3).\n"
            "# Source: Venumadhav, Cyr-Racine, Abazajian & Hirata 2016, \"Sterile neutrino dark\n"
            "# matter: weak interactions in the strong coupling epoch\", PRD 94, 043515,\n"
            "# arXiv:1507.06655: their published rate tables for an input mu neutrino,\n"
            "# leptonic and hadronic channels (rate_leptons_mu.dat, rate_hadrons_mu.dat of their\n"
            "# code sterile-dm), Gamma/(G_F^2 T^5) on %zu p/T x %zu T nodes, 10 MeV - 10 GeV.\n"
            "# Transcribed by src/tools/gen_opacity.c (make opacity-data) into this format and grid:\n"
            "#  - c = Gamma/(G_F^2 p T^4) (the source's value divided by p/T), the two parts;\n"
            "#  - p/T: %zu nodes uniform in ln(p/T) from %g to %g (the source's range);\n"
            "#  - T: the source's %zu temperatures plus %zu nodes every 10 MeV inside the\n"
            "#    150-250 MeV gap of the source (the QCD transition), filled, like every value\n"
            "#    between the source's nodes, by a Steffen spline in ln T through all of the\n"
            "#    source's temperature columns at each p/T, then a Steffen spline in ln(p/T).\n"
            "# The library interpolates this file the same way; at the source's nodes the sum\n"
            "# of the two parts reproduces the source's total (rate_total_mu.dat) to within\n"
            "# 0.5%% (tests/test_medium.c). Flavours e and tau: docs/physics.md section 3.\n"
            "# Columns: T [MeV], p/T, c leptonic (nu nu, nu e, nu mu, nu tau channels),\n"
            "# c hadronic (quarks and hadrons).\n"
            "T_MeV,p_over_T,c_leptonic,c_hadronic\n",
            ne, nT, no, EPS_MIN, EPS_MAX, nT, nTo - nT);
    for (size_t j = 0; j < nTo; j++)
        for (size_t i = 0; i < no; i++)
            fprintf(o.fp, "%.6g,%.7e,%.7e,%.7e\n", To[j] * 1e3, eo[i], oL[j * no + i],
                    fmax(oH[j * no + i], 0.0));
    if (ax_outfile_commit(&o, &err) != AX_OK) {
        fprintf(stderr, "gen_opacity: %s\n", err.msg);
        return 1;
    }
    /* read-back check at the source's nodes: this file's grid back to the
     * source's nodes, as the library does */
    double *bL = malloc(ne * nT * sizeof *bL), *bH = malloc(ne * nT * sizeof *bH);
    double worst = 0.0, wT = 0.0, we = 0.0;
    if (ax_opacity_resample(eo, no, To, nTo, oL, eL, ne, TL, nT, bL, &err) ||
        ax_opacity_resample(eo, no, To, nTo, oH, eL, ne, TL, nT, bH, &err)) {
        fprintf(stderr, "gen_opacity: %s\n", err.msg);
        return 1;
    }
    for (size_t j = 0; j < nT; j++)
        for (size_t i = 0; i < ne; i++) {
            double want = rT[j * ne + i] / eL[i];
            double d = fabs((bL[j * ne + i] + bH[j * ne + i]) / want - 1.0);
            if (d > worst) {
                worst = d;
                wT = TL[j];
                we = eL[i];
            }
        }
    printf("gen_opacity: wrote %s (%zu T x %zu p/T); largest deviation from the source's total "
           "at its nodes %.3g%% (T = %g MeV, p/T = %g)\n",
           argv[2], nTo, no, 100.0 * worst, wT * 1e3, we);
    free(eL); free(TL); free(rL); free(eH); free(TH); free(rH); free(eT); free(TT); free(rT);
    free(eo); free(To); free(oL); free(oH); free(bL); free(bH);
    return worst < 0.005 ? 0 : 1;
}
