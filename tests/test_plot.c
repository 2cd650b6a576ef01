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
    CHECK(file_contains(path, "plot @d1 @s1 notitle, \\\n     @d0 @s0 notitle, \\\n"
                              "     @g1 @e1 notitle"),
          "regions drawn before lines, their edges with the lines");
    /* two short entries on a 7 in page: two key columns, one panel each */
    CHECK(file_contains(path, "2 columns x 1 rows") &&
          file_contains(path, "plot NaN @s0 @t0\n") && file_contains(path, "plot NaN @s1 @t1\n"),
          "the key panels: every entry");
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

    /* No text runs a command: every channel into a script (title, axis
     * labels, key text, source comment, data file name, stem) carries a
     * newline + system(), backquotes, quotes, a backslash and an @macro.
     * gnuplot runs in dir, so a command that ran leaves a MK* file there. */
    {
        const char *evil = "E\nsystem(\"touch MK1\")\n`touch MK2` ' \" \\ @m {/Symbol q}\\";
        ax_plot q;
        ax_plot_init(&q, "evil`touch MK3`\nsystem('touch MK4')");
        CHECK_STATUS(ax_plot_write(&q, dir, AX_PLOT_SVG, &err), AX_EINPUT, &err,
                     "expected letters, digits");
        snprintf(q.name, sizeof q.name, "evil");
        snprintf(q.title, sizeof q.title, "%s", evil);
        snprintf(q.xlabel, sizeof q.xlabel, "x %s", evil);
        snprintf(q.ylabel, sizeof q.ylabel, "y %s", evil);
        q.xmin = 1; q.xmax = 1000; q.ymin = 1e-30; q.ymax = 1e-4;
        const char *dfile = "d`touch MK5`'x.csv";
        CHECK(ax_plot_write_csv(dir, dfile, NULL, 0, "x, y", line, 30, 2, &err) == AX_OK,
              "data file with backquotes: %s", err.msg);
        ax_plot_curve e = {.style = AX_PLOT_SOLID, .color = 1, .point = 3};
        snprintf(e.label, sizeof e.label, "%s", evil);
        snprintf(e.source, sizeof e.source, "%s", evil);
        snprintf(e.data_file, sizeof e.data_file, "%s", dfile);
        CHECK(ax_plot_add(&q, &e, &err) == AX_OK, "add");
        e.style = AX_PLOT_REGION_ABOVE;
        CHECK(ax_plot_add(&q, &e, &err) == AX_OK, "add");
        CHECK(ax_plot_write(&q, dir, AX_PLOT_SVG, &err) == AX_OK, "write: %s", err.msg);
        char gp[700];
        snprintf(gp, sizeof gp, "%s/%s.gp", dir, q.name);
        /* the text is kept, quoted: ' doubled, ", \ and ` escaped, newlines blank */
        CHECK(file_contains(gp, "title 'E system(\\\"touch MK1\\\") \\`touch MK2\\` '' \\\""),
              "key text escaped for the nested quotes");
        CHECK(file_contains(gp, "'d\\`touch MK5\\`''x.csv'"), "data file name escaped");
        if (ax_plot_gnuplot_available()) {
            CHECK(ax_plot_render(&q, dir, AX_PLOT_SVG, &err) == AX_OK, "render: %s", err.msg);
            char cmd2[900];
            snprintf(cmd2, sizeof cmd2, "cd '%s' && gnuplot evil.gp > /dev/null 2>&1", dir);
            CHECK(system(cmd2) == 0, "gnuplot on the escaped script failed");
            for (int k = 1; k <= 5; k++) {
                snprintf(path, sizeof path, "%s/MK%d", dir, k);
                CHECK(access(path, F_OK) != 0, "a text in the script ran a command (MK%d)", k);
            }
        } else {
            SKIP("gnuplot not installed: escaped scripts not run");
        }
        ax_plot_free(&q);
    }
    /* key texts measured with Helvetica's advance widths (Adobe's AFM, in
     * 1/1000 em): "Chandra" = C 722 + h 556 + a 556 + n 556 + d 556 + r 333
     * + a 556 = 3835 (pdftotext -bbox on a 7 pt PDF of gnuplot 5.4 gives
     * 26.81 pt = 3.830 em); enhanced text: sub- and superscripts at 0.8,
     * markup not printed, a Greek letter 0.6 em */
    CHECK_CLOSE(ax_plot_text_em("Chandra", 0), 3.835, 1e-12, "width of 'Chandra' [em]");
    CHECK_CLOSE(ax_plot_text_em("Ω_{DM}", 1), 0.6 + 0.8 * (0.722 + 0.833), 1e-12,
                "width of 'Ω_{DM}' [em]");
    CHECK_CLOSE(ax_plot_text_em("a_b", 0), 0.556 + 0.556 + 0.556, 1e-12,
                "noenhanced: '_' is printed");
    {
        /* the room of a key column: the key panel's width (0.97 of a 3.4 in
         * page at 7 pt; the plot's width, 7 in less 8.4 lines of 8 pt, in two
         * columns on a 7 in page) less 4.5 em for the sample, over 1.1 */
        ax_plot k;
        ax_plot_init(&k, "k");
        k.size = AX_PLOT_SINGLE;
        CHECK_CLOSE(ax_plot_key_room_em(&k, 1), (0.97 * 3.4 * 72.0 / 7.0 - 4.5) / 1.1, 1e-9,
                    "single column: key room [em]");
        k.size = AX_PLOT_DOUBLE;
        CHECK_CLOSE(ax_plot_key_room_em(&k, 2),
                    ((7.0 - 8.4 * 8.0 / 72.0) * 72.0 / 8.0 / 2.0 - 4.5) / 1.1, 1e-9,
                    "double column, two key columns: room [em]");
        ax_plot_free(&k);
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (getenv("KEEP_PLOT_DIR")) printf("kept %s\n", dir); else
    CHECK(system(cmd) == 0, "cleanup");
    return harness_done("test_plot");
}
