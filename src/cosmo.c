/* cosmo.c -- radiation-era background from the g*(T) table (docs/physics.md section 2).
 * See axsterile/cosmo.h. */
#include "axsterile/cosmo.h"

#include "axsterile/constants.h"
#include "axsterile/io.h"

#include "spline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int fill_spline(struct ax_spline **sp, const double *x, const double *y,
                       size_t n, const char *path, ax_error *err)
{
    /* Steffen's method: monotone between the nodes, continuous derivative. */
    int st = ax_spline_new(sp, x, y, n);
    if (st == AX_ERUN)
        return ax_fail(err, AX_ERUN, "%s: out of memory", path);
    if (st != AX_OK)
        return ax_fail(err, AX_EINPUT, "%s: cannot interpolate (T not increasing?)", path);
    return AX_OK;
}

static int check_table(const ax_table *t, const char *path, ax_error *err)
{
    if (t->nrows < 4)
        return ax_fail(err, AX_EINPUT, "%s: %zu rows; expected at least 4", path, t->nrows);
    for (size_t i = 0; i < t->nrows; i++) {
        double T = ax_table_at(t, i, 0), g = ax_table_at(t, i, 1), gs = ax_table_at(t, i, 2);
        if (!(T > 0.0) || !(g > 0.0) || !(gs > 0.0))
            return ax_fail(err, AX_EINPUT,
                           "%s line %zu: T, g_star and g_star_s must be positive", path,
                           t->line[i]);
        /* degrees of freedom: 2 (photons) to 106.75 in the Standard Model;
         * a table far outside is a damaged one (g* = 1e300 was accepted) */
        if (!(g >= 1.0 && g <= 1e4 && gs >= 1.0 && gs <= 1e4))
            return ax_fail(err, AX_EINPUT, "%s line %zu: g_star = %g, g_star_s = %g; expected "
                           "degrees of freedom from 1 to 1e4", path, t->line[i], g, gs);
        if (i > 0 && !(T > ax_table_at(t, i - 1, 0)))
            return ax_fail(err, AX_EINPUT,
                           "%s line %zu: T must be strictly increasing", path, t->line[i]);
    }
    return AX_OK;
}

/* The table format of Laine & Schroder 2006 (hep-ph/0603048), as shipped
 * with the code sterile-dm (SMgstar.dat): '#' lines, then whitespace-separated
 * T [MeV], g*, g*s. Recognised by a first data line without a comma. */
static int is_laine_schroder(const char *path, int *ls, ax_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int st = ax_file_slurp(path, 64u << 20, &buf, &len, err);
    if (st != AX_OK)
        return st;
    const char *s = buf;
    *ls = 0;
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        size_t k = strspn(s, " \t\r");
        if (k < n && s[k] != '#') {
            *ls = memchr(s, ',', n) == NULL;
            break;
        }
        if (!eol)
            break;
        s = eol + 1;
    }
    free(buf);
    return AX_OK;
}

/* dln g*s/dln T at the nodes: the derivative of a Steffen spline of ln g*s
 * in ln T (continuous; monotone between the nodes). */
static int derive_dlngs(const double *x, const double *gs, double *out, size_t n,
                        const char *path, ax_error *err)
{
    double *lg = malloc(n * sizeof *lg);
    if (!lg)
        return ax_fail(err, AX_ERUN, "%s: out of memory", path);
    for (size_t i = 0; i < n; i++)
        lg[i] = log(gs[i]);
    struct ax_spline *sp = NULL;
    int st = fill_spline(&sp, x, lg, n, path, err);
    for (size_t i = 0; st == AX_OK && i < n; i++)
        out[i] = ax_spline_eval_deriv(sp, x[i]);
    ax_spline_free(sp);
    free(lg);
    return st;
}

int ax_cosmo_init(ax_cosmo *c, const char *path, ax_error *err)
{
    memset(c, 0, sizeof *c);
    char found[4096];
    if (!path) {
        int st = ax_data_find("data/gstar.csv", found, sizeof found, err);
        if (st != AX_OK)
            return ax_error_context(err, "cosmo");
        path = found;
    }
    snprintf(c->source, sizeof c->source, "%.500s", path);
    int ls = 0;
    int st = is_laine_schroder(path, &ls, err);
    if (st != AX_OK)
        return ax_error_context(err, "cosmo");
    ax_table t;
    st = ls ? ax_table_read(path, 3, AX_TABLE_WHITESPACE, &t, err)
            : ax_table_read(path, 4, AX_TABLE_SKIP_HEADER, &t, err);
    if (st != AX_OK)
        return ax_error_context(err, "cosmo");
    st = check_table(&t, path, err);
    double *x = NULL, *y = NULL;
    size_t n = t.nrows;
    if (st == AX_OK) {
        x = malloc(n * sizeof *x);
        y = malloc(3 * n * sizeof *y);
        if (!x || !y)
            st = ax_fail(err, AX_ERUN, "%s: out of memory", path);
    }
    if (st == AX_OK) {
        double unit = ls ? 1e-3 : 1.0; /* Laine & Schroder: T in MeV */
        for (size_t i = 0; i < n; i++) {
            x[i] = log(ax_table_at(&t, i, 0) * unit);
            for (int k = 0; k < (ls ? 2 : 3); k++)
                y[k * n + i] = ax_table_at(&t, i, 1 + (size_t)k);
        }
        if (ls)
            st = derive_dlngs(x, y + n, y + 2 * n, n, path, err);
        c->T_min = ax_table_at(&t, 0, 0) * unit;
        c->T_max = ax_table_at(&t, n - 1, 0) * unit;
        c->lnT_min = x[0];
        c->lnT_max = x[n - 1];
        st = AX_THEN(st, fill_spline(&c->g_rho, x, y, n, path, err));
        st = AX_THEN(st, fill_spline(&c->g_s, x, y + n, n, path, err));
        st = AX_THEN(st, fill_spline(&c->dlngs, x, y + 2 * n, n, path, err));
    }
    free(x);
    free(y);
    ax_table_free(&t);
    if (st != AX_OK) {
        ax_cosmo_free(c);
        return ax_error_context(err, "cosmo");
    }
    return AX_OK;
}

void ax_cosmo_free(ax_cosmo *c)
{
    if (!c)
        return;
    ax_spline_free(c->g_rho);
    ax_spline_free(c->g_s);
    ax_spline_free(c->dlngs);
    c->g_rho = c->g_s = c->dlngs = NULL;
}

int ax_cosmo_in_range(const ax_cosmo *c, double T)
{
    return T >= c->T_min * (1.0 - 1e-12) && T <= c->T_max * (1.0 + 1e-12);
}

int ax_cosmo_check_range(const ax_cosmo *c, double T, const char *what, ax_error *err)
{
    if (ax_cosmo_in_range(c, T))
        return AX_OK;
    return ax_fail(err, AX_EINPUT,
                   "%s = %g MeV is outside the g*(T) table (%g MeV to %g GeV, %s)", what,
                   T * 1e3, c->T_min * 1e3, c->T_max, c->source);
}

static double clamp_lnT(const ax_cosmo *c, double T)
{
    double x = log(T);
    if (x < c->lnT_min)
        return c->lnT_min;
    if (x > c->lnT_max)
        return c->lnT_max;
    return x;
}

/* ax_spline_eval keeps no state: thread-safe. */
double ax_cosmo_gstar(const ax_cosmo *c, double T)
{
    return ax_spline_eval(c->g_rho, clamp_lnT(c, T));
}

double ax_cosmo_gstar_s(const ax_cosmo *c, double T)
{
    return ax_spline_eval(c->g_s, clamp_lnT(c, T));
}

double ax_cosmo_dlngs_dlnT(const ax_cosmo *c, double T)
{
    return ax_spline_eval(c->dlngs, clamp_lnT(c, T));
}

double ax_cosmo_hubble(const ax_cosmo *c, double T)
{
    return sqrt(8.0 * M_PI * M_PI * M_PI * ax_cosmo_gstar(c, T) / 90.0) * T * T /
           AX_M_PLANCK;
}

double ax_cosmo_entropy(const ax_cosmo *c, double T)
{
    return 2.0 * M_PI * M_PI / 45.0 * ax_cosmo_gstar_s(c, T) * T * T * T;
}

double ax_cosmo_scale_factor(const ax_cosmo *c, double T)
{
    return cbrt(AX_GSTAR_S_TODAY / ax_cosmo_gstar_s(c, T)) * AX_T0_GEV / T;
}

double ax_cosmo_dt_dlnT(const ax_cosmo *c, double T)
{
    return -(1.0 + ax_cosmo_dlngs_dlnT(c, T) / 3.0) / ax_cosmo_hubble(c, T);
}
