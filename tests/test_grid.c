/* test_grid.c -- grid scans (axsterile/grid.h): the spacing of the axes,
 * the order of the points, bad ranges refused with a message, and the rows
 * of a 2x2x2 phi-model grid against ax_check_point's JSON report (the keys
 * of `axsterile check --json`) for the same points, to 1e-10. */
#include "harness.h"

#include "axsterile/check.h"
#include "axsterile/decay.h"
#include "axsterile/grid.h"
#include "axsterile/limits.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int build(ax_grid *g, const char *model, const ax_grid_entry *e, size_t n, int dm,
                 ax_error *err)
{
    ax_error_clear(err);
    return ax_grid_build(g, ax_model_type_find(model), e, n, dm, AX_DECAY_DEFAULT, err);
}

static void test_axes(void)
{
    ax_grid g;
    ax_error err;
    ax_grid_entry e[] = {{"m_s", "1keV:1MeV:4:log", "--ms"}, {"m_phi", "1e-6eV", "--mphi"},
                         {"f_phi", "0.1:0.4:4", "--fphi"}};
    int st = build(&g, "phi", e, 3, 1, &err);
    CHECK(st == AX_OK, "phi grid: %s", err.msg);
    if (st)
        return;
    CHECK(g.npoints == 16, "points %zu, want 16", g.npoints);
    /* log: decades; lin: equal steps; ends exactly as given */
    /* the order: the model's rows (m_phi, f_phi) slowest, then m_s */
    CHECK(g.naxes == 3 && strcmp(g.axes[0].p->key, "m_phi") == 0 &&
          strcmp(g.axes[1].p->key, "f_phi") == 0 && strcmp(g.axes[2].p->key, "m_s") == 0,
          "axes in the order m_phi, f_phi, m_s");
    for (size_t i = 0; i < 4; i++) {
        CHECK_CLOSE(ax_grid_axis_value(&g.axes[2], i), 1e-6 * pow(10.0, (double)i), 1e-14,
                    "log axis");
        CHECK_CLOSE(ax_grid_axis_value(&g.axes[1], i), 0.1 * (double)(i + 1), 1e-14,
                    "lin axis");
    }
    CHECK(ax_grid_axis_value(&g.axes[2], 3) == 1e-3, "the end of a log axis is TO exactly");
    /* m_s varies fastest: point 6 = (f_phi index 1, m_s index 2) */
    ax_model m;
    CHECK(ax_grid_point(&g, 6, &m, &err) == AX_OK, "point 6: %s", err.msg);
    CHECK_CLOSE(m.m_s, 1e-4, 1e-14, "m_s of point 6");
    CHECK_CLOSE(m.f_phi, 0.2, 1e-14, "f_phi of point 6");
    CHECK_CLOSE(m.m_phi, 1e-15, 1e-14, "m_phi (a value) at every point");
    /* the model's own check at a point: m_phi >= m_s refused there */
    ax_grid_entry e2[] = {{"m_s", "1keV:10keV:2", NULL}, {"m_phi", "5keV", NULL}};
    CHECK(build(&g, "phi", e2, 2, 1, &err) != AX_OK || ax_grid_point(&g, 0, &m, &err) != AX_OK,
          "m_phi above m_s accepted at the first point");
}

static void test_bad(void)
{
    ax_grid g;
    ax_error err;
    struct {
        const char *key, *text, *frag;
    } bad[] = {
        {"m_s", "1MeV:1keV:10:log", "reversed"},
        {"m_s", "1keV:1MeV:0", "whole number from 1"},
        {"m_s", "1keV:1MeV:-3", "whole number from 1"},
        {"m_s", "1keV:1MeV:2.5", "whole number from 1"},
        {"m_s", "1kpc:1Mpc:3", "kpc"},
        {"m_s", "1keV:2s:3", "end of the range"},
        {"m_s", "1keV:1MeV", "expected FROM:TO:N"},
        {"m_s", "1keV:1MeV:3:log:x", "expected FROM:TO:N"},
        {"m_s", "1keV:1MeV:3:geometric", "log or lin"},
        {"m_s", "1keV:1MeV:1", "one point cannot span"},
        {"m_s", "1keV:1keV:3", "between equal ends"},
        {"m_s", "0.01keV:1keV:3", "supported range"},
        {"m_phi", "1e-7keV:1e-6keV:4", NULL}, /* fine: a control */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ax_grid_entry e[3] = {{"m_s", "50keV", "--ms"}, {"m_phi", "1e-6eV", "--mphi"},
                              {"f_phi", "0.01", "--fphi"}};
        for (int k = 0; k < 3; k++)
            if (strcmp(e[k].key, bad[i].key) == 0)
                e[k].text = bad[i].text;
        int st = build(&g, "phi", e, 3, 1, &err);
        if (bad[i].frag)
            CHECK_STATUS(st, AX_EINPUT, &err, bad[i].frag);
        else
            CHECK(st == AX_OK, "%s: %s", bad[i].text, err.msg);
    }
    ax_grid_entry f[] = {{"m_s", "7keV", NULL}, {"frac", "0.1", NULL}};
    CHECK_STATUS(build(&g, "phi", f, 2, 1, &err), AX_EINPUT, &err, "QCD axion");
    ax_grid_entry c[] = {{"m_s", "7keV", NULL}, {"m_phi", "1e-6eV", NULL}, {"g_phi", "1e-13", NULL}};
    CHECK_STATUS(build(&g, "phi", c, 3, 1, &err), AX_EINPUT, &err, "not both");
    CHECK_STATUS(build(&g, "phi", c, 2, 0, &err), AX_EINPUT, &err, "--g");
    ax_grid_entry w[] = {{"m_s", "7keV", NULL}, {"m_phi", "1e-6eV", NULL},
                         {"phi_evolution", "exact:step:2", NULL}};
    CHECK_STATUS(build(&g, "phi", w, 3, 1, &err), AX_EINPUT, &err, "range of words");
}

/* the cells of a CSV line (no quoted commas in a grid row) */
static size_t split(char *line, char **cell, size_t max)
{
    size_t n = 0;
    for (char *s = line; n < max;) {
        cell[n++] = s;
        char *c = strchr(s, ',');
        if (!c)
            break;
        *c = '\0';
        s = c + 1;
    }
    return n;
}

static double num(const char *s) { return *s ? strtod(s, NULL) : NAN; }

static void same(const char *what, size_t pt, double got, double want)
{
    char w[160];
    snprintf(w, sizeof w, "point %zu: %s", pt, what);
    CHECK_CLOSE(got, want, 1e-10, w);
}

static void test_rows_equal_check(void)
{
    ax_grid g;
    ax_error err;
    ax_grid_entry e[] = {{"m_s", "10keV:100keV:2:log", NULL}, {"m_phi", "1e-7eV:1e-6eV:2:log", NULL},
                         {"f_phi", "0.01:0.1:2", NULL}};
    if (build(&g, "phi", e, 3, 1, &err)) {
        CHECK(0, "grid: %s", err.msg);
        return;
    }
    ax_limit_set set;
    ax_production *ctx = NULL;
    char dir[] = "/tmp/axsterile-grid-XXXXXX";
    if (ax_limit_set_load_dir(NULL, &set, &err) || !mkdtemp(dir)) {
        CHECK(0, "limits or tmp dir: %s", err.msg);
        return;
    }
    ax_scan_shard whole = {1, 1};
    ax_grid_stats stats;
    int st = ax_production_init(&ctx, NULL, &err);
    if (!st)
        st = ax_grid_run(&g, ctx, &set, whole, dir, 0, &stats, &err);
    CHECK(st == AX_OK && stats.computed == 8, "grid run: %s (%zu rows)", err.msg, stats.computed);
    char path[512];
    snprintf(path, sizeof path, "%s/grid.csv", dir);
    FILE *fp = st ? NULL : fopen(path, "r");
    char line[4096], *col[64], *cell[64];
    size_t ncol = 0, pt = 0;
    while (fp && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#')
            continue;
        if (!ncol) {
            static char head[4096];
            strcpy(head, line);
            ncol = split(head, col, 64);
            continue;
        }
        size_t n = split(line, cell, 64);
        CHECK(n == ncol, "row %zu: %zu cells for %zu columns", pt, n, ncol);
        ax_model m;
        ax_check_report rep;
        CHECK(ax_grid_point(&g, pt, &m, &err) == AX_OK, "point %zu: %s", pt, err.msg);
        if (ax_check_point(ctx, &set, &m, 1, AX_DECAY_DEFAULT, &rep, &err)) {
            CHECK(0, "check at point %zu: %s", pt, err.msg);
            break;
        }
        cJSON *j = cJSON_CreateObject();
        CHECK(ax_check_report_json(j, &rep, &err) == AX_OK, "json: %s", err.msg);
        const cJSON *model = cJSON_GetObjectItemCaseSensitive(j, "model");
        double best = NAN, top = NAN, ab = NAN, tau = NAN, tau_ratio = NAN;
        const cJSON *lim;
        cJSON_ArrayForEach(lim, cJSON_GetObjectItemCaseSensitive(j, "limits"))
        {
            const char *kind = cJSON_GetObjectItemCaseSensitive(lim, "kind")->valuestring;
            const cJSON *r = cJSON_GetObjectItemCaseSensitive(lim, "ratio");
            if (!cJSON_IsNumber(r))
                continue;
            if (strcmp(kind, "abundance") == 0)
                ab = r->valuedouble;
            else if (strcmp(kind, "lifetime") == 0) {
                tau_ratio = r->valuedouble;
                tau = cJSON_GetObjectItemCaseSensitive(lim, "model")->valuedouble;
            } else if ((strcmp(kind, "decay") == 0 || strcmp(kind, "recast") == 0) &&
                       !(best >= r->valuedouble)) {
                best = r->valuedouble;
            }
            if (!(top >= r->valuedouble))
                top = r->valuedouble;
        }
        for (size_t c = 1; c < ncol; c++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(model, col[c]);
            if (cJSON_IsNumber(v))
                same(col[c], pt, num(cell[c]), v->valuedouble);
            else if (strcmp(col[c], "abundance_ratio") == 0)
                same(col[c], pt, num(cell[c]), ab);
            else if (strcmp(col[c], "tau_s") == 0)
                same(col[c], pt, num(cell[c]), tau);
            else if (strcmp(col[c], "lifetime_ratio") == 0)
                same(col[c], pt, num(cell[c]), tau_ratio);
            else if (strcmp(col[c], "strongest_ratio") == 0)
                same(col[c], pt, num(cell[c]), best);
            else if (strcmp(col[c], "largest_ratio") == 0)
                same(col[c], pt, num(cell[c]), top);
            else if (strcmp(col[c], "observational_limits_applied") == 0)
                same(col[c], pt, num(cell[c]),
                     cJSON_GetObjectItemCaseSensitive(j, "observational_limits_applied")->valuedouble);
            else if (strcmp(col[c], "excluded") == 0)
                CHECK(num(cell[c]) == cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "excluded")),
                      "point %zu: excluded", pt);
            else if (strcmp(col[c], "status") == 0)
                CHECK(strcmp(cell[c], "ok") == 0, "point %zu: status %s", pt, cell[c]);
        }
        /* every number of check's "model" object is a column */
        const cJSON *it;
        cJSON_ArrayForEach(it, model)
        {
            int found = !cJSON_IsNumber(it);
            for (size_t c = 0; c < ncol; c++)
                found |= strcmp(col[c], it->string) == 0;
            CHECK(found, "check's key %s is not a column of the grid", it->string);
        }
        cJSON_Delete(j);
        ax_check_report_free(&rep);
        pt++;
    }
    CHECK(pt == 8, "%zu rows read, want 8", pt);
    if (fp)
        fclose(fp);
    unlink(path);
    snprintf(path, sizeof path, "%s/grid.json", dir);
    unlink(path);
    rmdir(dir);
    ax_production_free(ctx);
    ax_limit_set_free(&set);
}

/* A background from the context's cache (a point that differs only in m_s
 * and the coupling) gives what a fresh context gives, bit for bit. */
static void test_background_cache(void)
{
    ax_production *c1 = NULL, *c2 = NULL;
    ax_error err;
    if (ax_production_init(&c1, NULL, &err) || ax_production_init(&c2, NULL, &err)) {
        CHECK(0, "contexts: %s", err.msg);
        ax_production_free(c1);
        return;
    }
    ax_model a, b;
    ax_model_defaults(&a, AX_MODEL_PHI);
    a.m_s = 10e-6;
    a.m_phi = 1e-16;
    a.g_phi = 1e-19;
    b = a;
    b.m_s = 30e-6;
    b.g_phi = 3e-20;
    ax_prod_result ra, rb1, rb2;
    int st = ax_production_omega(c1, &a, &ra, &err);
    if (!st)
        st = ax_production_omega(c1, &b, &rb1, &err); /* the background of a, cached */
    if (!st)
        st = ax_production_omega(c2, &b, &rb2, &err); /* solved anew */
    CHECK(st == AX_OK, "omega: %s", err.msg);
    CHECK(!st && rb1.omega_h2 == rb2.omega_h2 && rb1.T_max == rb2.T_max &&
              rb1.T_osc == rb2.T_osc && rb1.sin2_2theta_at_Tmax == rb2.sin2_2theta_at_Tmax,
          "cached background: Omega %.17g vs %.17g", rb1.omega_h2, rb2.omega_h2);
    ax_model d1 = b, d2 = b;
    st = ax_production_dm_fixed(c1, &d1, &rb1, &err);
    if (!st)
        st = ax_production_dm_fixed(c2, &d2, &rb2, &err);
    CHECK(st == AX_OK && d1.g_phi == d2.g_phi && rb1.T_max_mean_p == rb2.T_max_mean_p &&
              rb1.T_max_mean_p > 0,
          "DM-fixed with a cached background: g %.17g vs %.17g (%s)", d1.g_phi, d2.g_phi,
          err.msg);
    ax_production_free(c1);
    ax_production_free(c2);
}

/* A point whose background differs from a cached one only in the field's
 * density (f_phi, the axion's frac) takes the cached solution scaled
 * (ax_background_scale): it gives what a fresh context gives, to rounding
 * (1e-12), for Omega, T_max and the DM-fixed coupling. */
static void test_background_density(void)
{
    for (int kind = 0; kind < 2; kind++) {
        ax_production *c1 = NULL, *c2 = NULL;
        ax_error err;
        if (ax_production_init(&c1, NULL, &err) || ax_production_init(&c2, NULL, &err)) {
            CHECK(0, "contexts: %s", err.msg);
            ax_production_free(c1);
            return;
        }
        ax_model a, b;
        ax_model_defaults(&a, kind ? AX_MODEL_QCD : AX_MODEL_PHI);
        a.m_s = 20e-6;
        if (kind) {
            a.f_a = 1e11;
            a.g_a = 1e-3;
            a.frac = 0.001;
        } else {
            a.m_phi = 1e-16;
            a.g_phi = 1e-21;
            a.f_phi = 0.001;
        }
        b = a;
        b.m_s = 40e-6;
        if (kind)
            b.frac = 0.2;
        else
            b.f_phi = 0.2;
        ax_prod_result ra, rb1, rb2;
        int st = ax_production_omega(c1, &a, &ra, &err);
        if (!st)
            st = ax_production_omega(c1, &b, &rb1, &err); /* a's background, scaled */
        if (!st)
            st = ax_production_omega(c2, &b, &rb2, &err); /* solved anew */
        CHECK(st == AX_OK, "omega: %s", err.msg);
        if (!st) {
            CHECK_CLOSE(rb1.omega_h2, rb2.omega_h2, 1e-12, "Omega with a scaled background");
            CHECK_CLOSE(rb1.T_max, rb2.T_max, 1e-12, "T_max with a scaled background");
            CHECK(rb1.T_osc == rb2.T_osc, "T_osc with a scaled background");
        }
        ax_model d1 = b, d2 = b;
        st = ax_production_dm_fixed(c1, &d1, &rb1, &err);
        if (!st)
            st = ax_production_dm_fixed(c2, &d2, &rb2, &err);
        CHECK(st == AX_OK, "DM-fixed: %s", err.msg);
        if (!st)
            CHECK_CLOSE(kind ? d1.g_a : d1.g_phi, kind ? d2.g_a : d2.g_phi, 1e-12,
                        "DM-fixed coupling with a scaled background");
        ax_production_free(c1);
        ax_production_free(c2);
    }
}

int main(void)
{
    test_background_cache();
    test_background_density();
    test_axes();
    test_bad();
    test_rows_equal_check();
    return harness_done("test_grid");
}
