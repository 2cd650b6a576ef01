/* test_plot.c -- gnuplot scripts, CSV data and rendering. */
#include "harness.h"

#include "axsterile/io.h"
#include "axsterile/plot.h"
#include "../src/plot_internal.h" /* ax_plot_write_csv */

#include <unistd.h>

static int file_contains(const char *path, const char *needle)
{
    char *buf;
    size_t len;
    ax_error err;
    if (ax_file_slurp(path, 1 << 20, &buf, &len, &err) != AX_OK)
        return 0;
    int found = strstr(buf, needle) != NULL;
    free(buf);
    return found;
}

int main(void)
{
    ax_gsl_quiet();
    ax_error err;
    char dir[] = "/tmp/axsterile-plot-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");

    /* a power law and a region above it, 30 points */
    double line[60], region[60];
    for (int i = 0; i < 30; i++) {
        double x = pow(10.0, i / 10.0);
        line[2 * i] = region[2 * i] = x;
        line[2 * i + 1] = 1e-10 * pow(x, -5.0);
        region[2 * i + 1] = 1e-6 * pow(x, -5.0);
    }
    const char *hdr[] = {"test line, m^-5"};
    CHECK(ax_plot_write_csv(dir, "line.csv", hdr, 1, "m_s [keV], sin^2 2theta", line, 30, 2,
                            &err) == AX_OK, "write line.csv: %s", err.msg);
    CHECK(ax_plot_write_csv(dir, "region.csv", NULL, 0, "m_s [keV], sin^2 2theta", region, 30,
                            2, &err) == AX_OK, "write region.csv: %s", err.msg);
    double bad[4] = {1.0, NAN, 2.0, 3.0};
    CHECK_STATUS(ax_plot_write_csv(dir, "bad.csv", NULL, 0, "x, y", bad, 2, 2, &err), AX_ERUN,
                 &err, "row 1, column 2 is not a finite number");
    char path[512];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    CHECK(access(path, F_OK) != 0, "a file with NaN was written");

    ax_plot p;
    ax_plot_init(&p, "figtest");
    snprintf(p.xlabel, sizeof p.xlabel, "m_s [keV]");
    snprintf(p.ylabel, sizeof p.ylabel, "sin^2 2θ");
    p.xmin = 1; p.xmax = 1000; p.ymin = 1e-30; p.ymax = 1e-4;
    ax_plot_curve c = {.style = AX_PLOT_SOLID, .color = 0};
    snprintf(c.label, sizeof c.label, "a 'quoted' line (Test+ 2026)");
    snprintf(c.source, sizeof c.source, "made up by test_plot.c");
    snprintf(c.data_file, sizeof c.data_file, "line.csv");
    CHECK(ax_plot_add(&p, &c, &err) == AX_OK, "add");
    c.style = AX_PLOT_REGION_ABOVE;
    c.color = 2;
    snprintf(c.label, sizeof c.label, "excluded region");
    snprintf(c.data_file, sizeof c.data_file, "region.csv");
    CHECK(ax_plot_add(&p, &c, &err) == AX_OK, "add");
    CHECK(ax_plot_write(&p, dir, AX_PLOT_PNG, &err) == AX_OK, "write script: %s", err.msg);
    snprintf(path, sizeof path, "%s/figtest.gp", dir);
    CHECK(file_contains(path, "set logscale x"), "log x axis");
    CHECK(file_contains(path, "d0 = \"'line.csv' using 1:2\"") &&
          file_contains(path, "s0 = \"with lines lc rgb"), "line block: data and style");
    CHECK(file_contains(path, "a ''quoted'' line (Test+ 2026)"), "legend quoted for gnuplot");
    CHECK(file_contains(path, "# --- excluded region"), "block comment");
    CHECK(file_contains(path, "plot @d1 @s1 notitle, \\\n     @d0 @s0 notitle"),
          "regions drawn before lines");
    CHECK(file_contains(path, "plot NaN @s0 @t0, \\\n     NaN @s1 @t1"),
          "the key panel: every entry");
    CHECK(file_contains(path, "set encoding utf8") && !file_contains(path, "Symbol"),
          "UTF-8 text, no Symbol font");
    if (ax_plot_gnuplot_available()) {
        int st = ax_plot_render(&p, dir, AX_PLOT_PNG, &err);
        CHECK(st == AX_OK, "render: %s", err.msg);
        snprintf(path, sizeof path, "%s/figtest.png", dir);
        struct stat sb;
        CHECK(stat(path, &sb) == 0 && sb.st_size > 20000, "PNG missing or tiny (%ld bytes)",
              (long)sb.st_size);
        /* a broken script: gnuplot's failure becomes a message, no image left */
        snprintf(p.name, sizeof p.name, "broken");
        snprintf(p.curves[0].data_file, sizeof p.curves[0].data_file, "no-such-file.csv");
        CHECK(ax_plot_write(&p, dir, AX_PLOT_PNG, &err) == AX_OK, "write broken script");
        CHECK_STATUS(ax_plot_render(&p, dir, AX_PLOT_PNG, &err), AX_ERUN, &err,
                     "no-such-file.csv is missing");
        snprintf(p.curves[0].data_file, sizeof p.curves[0].data_file, "line.csv");
        snprintf(path, sizeof path, "%s/broken.gp", dir);
        CHECK(ax_write_file_atomic(path, "set output outfile\nplot [1:2] nosuchfunction(x)\n",
                                   &err) == AX_OK, "write junk script");
        CHECK_STATUS(ax_plot_render(&p, dir, AX_PLOT_PNG, &err), AX_ERUN, &err,
                     "gnuplot failed");
        snprintf(path, sizeof path, "%s/broken.png", dir);
        CHECK(access(path, F_OK) != 0, "image left after gnuplot failed");
    } else {
        SKIP("gnuplot not installed: rendering not tested");
    }
    ax_plot_free(&p);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
    return harness_done("test_plot");
}
