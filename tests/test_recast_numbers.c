/* test_recast_numbers.c -- the numbers docs/physics.md section 7b quotes
 * about the recast follow from the code: J/D of the regions of the limit
 * library in units of rho_mean, and how many orders of magnitude stronger
 * the recast limits are. Each number is computed here from the shipped
 * limits (their targets' J and D) and must also appear, as written, in
 * docs/physics.md. */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/io.h"
#include "axsterile/recast.h"

#include <string.h>

/* quoted -> the value it stands for, and the rounding it allows */
static void quoted(const char *doc, const char *text, double got, double want, double rel,
                   const char *what)
{
    CHECK_CLOSE(got, want, rel, what);
    CHECK(doc && strstr(doc, text), "docs/physics.md quotes \"%s\" (%s)", text, what);
}

int main(void)
{
    ax_gsl_quiet();
    harness_use_source_data();
    ax_error err;
    char path[4096];
    char *doc = NULL;
    size_t len;
    if (ax_data_find("docs/physics.md", path, sizeof path, &err) == AX_OK)
        ax_file_slurp(path, 1u << 22, &doc, &len, &err);
    CHECK(doc != NULL, "read docs/physics.md");
    ax_limit_set set;
    if (ax_limit_set_load_dir(NULL, &set, &err) != AX_OK) {
        CHECK(0, "limits: %s", err.msg);
        free(doc);
        return harness_done("recast_numbers");
    }
    ax_jd *jd = calloc(set.n + 1, sizeof *jd);
    unsigned char *has = calloc(set.n + 1, 1);
    int st = ax_recast_jd_all(&set, jd, has, &err);
    CHECK(st == AX_OK, "J and D: %s", err.msg);
    double xmin = 1e300, xmax = 0, amin = 1e300, amax = 0;
    double fermi[4] = {0, 0, 0, 0};
    const char *fermi_stem[4] = {"fermi2015_flux_R90", "fermi2015_flux_R41", "fermi2015_flux_R16",
                                 "fermi2015_flux_R3"};
    const char *xmin_stem = "", *xmax_stem = "";
    for (size_t i = 0; st == AX_OK && i < set.n; i++) {
        if (!has[i])
            continue;
        double r = jd[i].J / (jd[i].D * AX_RHO_DM_MEAN_GEV_CM3);
        const char *stem = set.items[i].stem;
        if (r < amin) amin = r;
        if (r > amax) amax = r;
        for (int k = 0; k < 4; k++)
            if (strcmp(stem, fermi_stem[k]) == 0)
                fermi[k] = r;
        if (strncmp(stem, "fermi", 5) == 0)
            continue;
        /* the X-ray (and soft gamma-ray, INTEGRAL) fields */
        if (r < xmin) { xmin = r; xmin_stem = stem; }
        if (r > xmax) { xmax = r; xmax_stem = stem; }
    }
    if (st == AX_OK) {
        printf("# X-ray fields: J/D = %.4g (%s) to %.4g (%s) rho_mean; all regions 10^%.3f to "
               "10^%.3f\n", xmin, xmin_stem, xmax, xmax_stem, log10(amin), log10(amax));
        /* two significant digits: rounding allows up to 4% */
        quoted(doc, "1.2e5 (NuSTAR M31, Ng et al. 2019)", xmin, 1.2e5, 0.042,
               "smallest J/D of the X-ray fields");
        quoted(doc, "8.1e6 (NuSTAR Galactic Centre, Perez et al. 2017)", xmax, 8.1e6, 0.007,
               "largest J/D of the X-ray fields");
        CHECK(strcmp(xmin_stem, "nustar_m31_ng2019") == 0 &&
                  strcmp(xmax_stem, "nustar_gc_perez2017") == 0,
              "the extreme X-ray fields are NuSTAR M31 and NuSTAR GC (%s, %s)", xmin_stem,
              xmax_stem);
        for (size_t i = 0; i < set.n; i++) {
            if (!has[i])
                continue;
            double r = jd[i].J / (jd[i].D * AX_RHO_DM_MEAN_GEV_CM3);
            if (strcmp(set.items[i].stem, "chandra_halo_sicilian2022") == 0)
                quoted(doc, "Chandra (Sicilian et al. 2022) 1.9e5", r, 1.9e5, 0.027,
                       "J/D of the Chandra halo field");
            if (strcmp(set.items[i].stem, "nustar_bulge_roach2020") == 0)
                quoted(doc, "(Roach et al. 2020) 1.6e6", r, 1.6e6, 0.032,
                       "J/D of the NuSTAR bulge field");
        }
        quoted(doc, "Fermi R90 3.2e5", fermi[0], 3.2e5, 0.016, "J/D of Fermi R90");
        quoted(doc, "R41 1.0e6", fermi[1], 1.0e6, 0.05, "J/D of Fermi R41");
        quoted(doc, "R16 3.7e6", fermi[2], 3.7e6, 0.014, "J/D of Fermi R16");
        quoted(doc, "R3 4.5e7", fermi[3], 4.5e7, 0.012, "J/D of Fermi R3");
        /* orders of magnitude: log10 to the digits quoted */
        CHECK(fabs(log10(amin) - 5.07) <= 0.005, "weakest recast 10^%.3f stronger, quoted 5.07",
              log10(amin));
        CHECK(fabs(log10(amax) - 7.65) <= 0.005, "strongest recast 10^%.3f stronger, quoted 7.65",
              log10(amax));
        CHECK(doc && strstr(doc, "5.07 to 7.65 orders of magnitude stronger"),
              "docs/physics.md quotes \"5.07 to 7.65 orders of magnitude stronger\"");
    }
    free(jd);
    free(has);
    ax_limit_set_free(&set);
    free(doc);
    return harness_done("recast_numbers");
}
