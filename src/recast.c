/* recast.c -- decay and annihilation line limits recast to the
 * axion-assisted scenario. See axsterile/recast.h and docs/physics.md 7b. */
#include "axsterile/recast.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/io.h"
#include "axsterile/version.h"

#include "json_util.h"

#include <ctype.h>
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int positive(double v, const char *what, ax_error *err)
{
    if (!(isfinite(v) && v > 0))
        return ax_fail(err, AX_EINPUT, "recast: %s = %g; expected a positive finite number",
                       what, v);
    return AX_OK;
}

static int fraction(double f, const char *what, ax_error *err)
{
    if (!(isfinite(f) && f > 0 && f <= 1))
        return ax_fail(err, AX_EINPUT, "recast: %s = %g; expected a fraction in (0, 1]",
                       what, f);
    return AX_OK;
}

int ax_recast_decay_factor(double D, double J, double f_src, double f_s, double *factor,
                           ax_error *err)
{
    int st;
    if ((st = positive(D, "D (GeV cm^-2)", err)) || (st = positive(J, "J (GeV^2 cm^-5)", err)) ||
        (st = fraction(f_src, "the source's dark-matter fraction", err)) ||
        (st = fraction(f_s, "f_s", err)))
        return st;
    *factor = f_src * D * AX_RHO_DM_MEAN_GEV_CM3 / (f_s * J);
    return AX_OK;
}

int ax_recast_gamma_std_from_flux(double flux, double m_s, double D, double f_src,
                                  double *gamma, ax_error *err)
{
    int st;
    if ((st = positive(flux, "the line flux (cm^-2 s^-1)", err)) ||
        (st = positive(m_s, "m_s (GeV)", err)) || (st = positive(D, "D (GeV cm^-2)", err)) ||
        (st = fraction(f_src, "the source's dark-matter fraction", err)))
        return st;
    *gamma = 4.0 * M_PI * m_s * flux / (f_src * D);
    return AX_OK;
}

int ax_recast_gamma0_from_flux(double flux, double m_s, double J, double f_s,
                               double *gamma0, ax_error *err)
{
    int st;
    if ((st = positive(flux, "the line flux (cm^-2 s^-1)", err)) ||
        (st = positive(m_s, "m_s (GeV)", err)) || (st = positive(J, "J (GeV^2 cm^-5)", err)) ||
        (st = fraction(f_s, "f_s", err)))
        return st;
    *gamma0 = 4.0 * M_PI * m_s * flux * AX_RHO_DM_MEAN_GEV_CM3 / (f_s * J);
    return AX_OK;
}

int ax_recast_gamma0_from_sigmav(double sigmav, double m_s, double f_s, double *gamma0,
                                 ax_error *err)
{
    int st;
    if ((st = positive(sigmav, "<sigma v> (cm^3 s^-1)", err)) ||
        (st = positive(m_s, "m_s (GeV)", err)) || (st = fraction(f_s, "f_s", err)))
        return st;
    *gamma0 = 4.0 * sigmav * AX_RHO_DM_MEAN_GEV_CM3 / (m_s * f_s);
    return AX_OK;
}

/* ---- limits of the library ------------------------------------------- */

int ax_recast_jd_all(const ax_limit_set *set, ax_jd *jd, unsigned char *has, ax_error *err)
{
    int failed = 0;
    ax_error first;
    ax_error_clear(&first);
    long n = (long)set->n;
    for (long k = 0; k < n; k++)
        has[k] = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (long k = 0; k < n; k++) {
        const ax_limit *L = &set->items[k];
        if (!L->has_target)
            continue;
        ax_error e1;
        ax_error_clear(&e1);
        int s = ax_target_jd(&L->target, &jd[k], &e1);
        if (s) {
            ax_error_context(&e1, "%s: \"target\"", L->json_path ? L->json_path : L->stem);
#pragma omp critical(ax_recast_fail)
            if (!failed) {
                failed = 1;
                first = e1;
            }
        } else {
            has[k] = 1;
        }
    }
    if (failed) {
        if (err)
            *err = first;
        return first.status ? first.status : AX_ERUN;
    }
    return AX_OK;
}

int ax_recast_limit_sin2(const ax_limit *L, const ax_jd *jd, double m_s, int convention,
                         double f_s, int axion, double *sin2, ax_error *err)
{
    *sin2 = NAN;
    int st;
    if (!(f_s > 0 && f_s <= 1))
        return ax_fail(err, AX_EINPUT, "recast: f_s = %g; expected a fraction in (0, 1]", f_s);
    if (L->recast_axion) {
        /* already recast (limits recast): its own value, rescaled from the
         * f_s it was made for to this one; no J or D again */
        /* a limit already recast to the axion-assisted model bounds
         * <sin^2 2theta_eff>_0, not a uniform mixing angle */
        if (!axion)
            return AX_NOT_APPLICABLE;
        double s;
        if ((st = ax_limit_to_sin2(L, m_s, convention, &s, err)))
            return st;
        *sin2 = s * L->recast_fs / f_s;
        return AX_OK;
    }
    int need_jd = L->y_quantity != AX_LIM_SIGMAV && (axion || L->y_quantity == AX_LIM_FLUX);
    if (need_jd && !jd)
        return ax_fail(err, AX_EINPUT, "%s: no \"target\" (ROI and profile), so no J and D "
                       "to recast it with", L->stem);
    if (ax_limit_is_decay(L)) {
        if (!axion)
            return ax_limit_to_sin2_fraction(L, m_s, convention, f_s, sin2, err);
        double s, fac;
        /* s includes the source's dm_fraction (ax_limit_to_rate) */
        if ((st = ax_limit_to_sin2(L, m_s, convention, &s, err)))
            return st;
        if ((st = ax_recast_decay_factor(jd->D, jd->J, 1.0, f_s, &fac, err)))
            return st;
        *sin2 = s * fac;
        return AX_OK;
    }
    /* line-flux and annihilation limits: x is E_gamma or m_chi = m_s/2 */
    double y, g;
    /* an annihilation (rho^2) limit does not bound a uniformly mixed nu_s;
     * it applies to the axion-assisted model only */
    if (L->y_quantity == AX_LIM_SIGMAV && !axion)
        return AX_NOT_APPLICABLE;
    if ((st = ax_limit_eval(L, ax_limit_x_of_ms(L, m_s), &y, err)))
        return st;
    if (L->y_quantity == AX_LIM_SIGMAV)
        st = ax_recast_gamma0_from_sigmav(y, m_s, f_s, &g, err);
    else if (L->y_quantity == AX_LIM_FLUX && axion)
        st = ax_recast_gamma0_from_flux(y, m_s, jd->J, f_s, &g, err);
    else if (L->y_quantity == AX_LIM_FLUX) {
        st = ax_recast_gamma_std_from_flux(y, m_s, jd->D, 1.0, &g, err);
        g /= f_s;
    } else
        return ax_fail(err, AX_ERUN, "%s: unknown kind of limit", L->stem);
    if (st)
        return st;
    *sin2 = ax_decay_rate_s_to_sin2(m_s, g, convention);
    return AX_OK;
}

/* ---- a whole curve ----------------------------------------------------- */

/* The name of the recast curve, newly allocated. */
static char *curve_name(const char *source, int standard, double f_phi)
{
    size_t n = strlen(source) + 96;
    char *d = malloc(n);
    if (d && standard)
        snprintf(d, n, "%s, as a decay-rate limit", source);
    else if (d)
        snprintf(d, n, "%s, recast to the axion-assisted model (f_phi = %g)", source, f_phi);
    return d;
}

void ax_recast_curve_free(ax_recast_curve *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->of);
    free(c->m_s);
    free(c->value);
    memset(c, 0, sizeof *c);
}

int ax_recast_curve_compute(const ax_limit *l, const ax_recast_options *o, ax_recast_curve *c,
                            ax_error *err)
{
    memset(c, 0, sizeof *c);
    if (!(o->f_phi > 0 && o->f_phi < 1))
        return ax_fail(err, AX_EINPUT, "f_phi = %g: expected a fraction strictly between 0 and 1",
                       o->f_phi);
    if (ax_decay_convention_factor(o->convention) == 0.0)
        return ax_fail(err, AX_EINPUT, "unknown decay convention %d", o->convention);
    if (o->standard && l->y_quantity != AX_LIM_FLUX)
        return ax_fail(err, AX_EINPUT, "--standard: %s is a %s limit; only a line-flux limit "
                       "has a standard decay-rate form to derive (with the D of its region)",
                       l->stem, ax_limit_quantity_name(l->y_quantity));
    c->opt = *o;
    c->f_s = 1.0 - o->f_phi;
    int st = AX_OK;
    if (l->has_target) {
        st = ax_target_jd(&l->target, &c->jd, err);
        if (st)
            st = ax_error_context(err, "%s: \"target\"", l->json_path ? l->json_path : l->stem);
        c->have_jd = !st;
    }
    c->of = malloc(strlen(l->stem) + 1);
    c->name = curve_name(l->name, o->standard, o->f_phi);
    c->m_s = calloc(l->n + 1, sizeof *c->m_s);
    c->value = calloc(l->n + 1, sizeof *c->value);
    if (!st && (!c->of || !c->name || !c->m_s || !c->value))
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (!st)
        memcpy(c->of, l->stem, strlen(l->stem) + 1);
    size_t nvalid = 0;
    for (size_t j = 0; !st && j < l->n; j++) {
        double ms = l->x_quantity == AX_LIMX_MS ? l->x[j] : 2.0 * l->x[j];
        c->m_s[j] = ms;
        c->value[j] = NAN;
        c->n = j + 1;
        if (isnan(l->y[j]))
            continue;
        int s;
        if (!o->standard)
            s = ax_recast_limit_sin2(l, c->have_jd ? &c->jd : NULL, ms, o->convention, c->f_s, 1,
                                     &c->value[j], err);
        else if (c->have_jd)
            s = ax_recast_gamma_std_from_flux(l->y[j], ms, c->jd.D, 1.0, &c->value[j], err);
        else
            s = ax_fail(err, AX_EINPUT, "%s: no \"target\", so no D", l->stem);
        if (s == AX_MASKED || s == AX_OUT_OF_RANGE)
            c->value[j] = NAN;
        else if (s)
            st = s;
        else
            nvalid++;
        /* at a vertical step of the source (two points at one mass) the
         * limit evaluates to one value; the recast is linear in the limit
         * (inverse for a lifetime), so each point keeps its own value */
        int step = (j > 0 && l->x[j - 1] == l->x[j]) || (j + 1 < l->n && l->x[j + 1] == l->x[j]);
        double ye;
        ax_error e2;
        if (!st && step && !isnan(c->value[j]) && ax_limit_eval(l, l->x[j], &ye, &e2) == AX_OK)
            c->value[j] *= l->y_quantity == AX_LIM_TAU ? ye / l->y[j] : l->y[j] / ye;
    }
    if (!st && nvalid < 2)
        st = ax_fail(err, AX_ERUN, "%s: fewer than two points could be recast", l->stem);
    if (st)
        ax_recast_curve_free(c);
    return st;
}

int ax_recast_output_stem(const char *o, char *stem, size_t len, ax_error *err)
{
    size_t n = strlen(o);
    if (n > 4 && strcmp(o + n - 4, ".csv") == 0)
        n -= 4;
    else if (n > 5 && strcmp(o + n - 5, ".json") == 0)
        n -= 5;
    if (n == 0 || n + 6 > len)
        return ax_fail(err, AX_EINPUT, "-o %s: expected a file name (the pair FILE.csv and "
                       "FILE.json is written)", o);
    memcpy(stem, o, n);
    stem[n] = '\0';
    /* the pair is a limit: its name must load as one (a stem of letters,
     * digits, '_', '-', '+', '.'; it names plot files and appears in scripts) */
    const char *base = strrchr(stem, '/') ? strrchr(stem, '/') + 1 : stem;
    size_t bn = strlen(base);
    int ok = bn > 0 && bn <= 100 && base[0] != '-' && base[0] != '.';
    for (size_t i = 0; ok && i < bn; i++)
        ok = isalnum((unsigned char)base[i]) || strchr("_-+.", base[i]) != NULL;
    if (!ok)
        return ax_fail(err, AX_EINPUT, "-o %s: '%.120s' is not a limit stem; expected 1 to 100 "
                       "letters, digits, '_', '-', '+' or '.' (not first), so that the pair "
                       "loads as a limit", o, base);
    /* never overwrite a published limit: an existing pair is replaced only
     * when it is itself a recast (its sidecar has a "recast" object) */
    char path[4200];
    const char *ext[] = {".json", ".csv"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s%s", stem, ext[k]);
        if (access(path, F_OK) != 0)
            continue;
        snprintf(path, sizeof path, "%s.json", stem);
        cJSON *j = NULL;
        ax_error e2;
        ax_json_load(path, AX_LIMIT_MAX_BYTES, &j, &e2);
        int is_recast = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "recast"));
        cJSON_Delete(j);
        if (!is_recast)
            return ax_fail(err, AX_EINPUT, "-o %s: %s%s exists and is not a recast written by "
                           "axsterile (no \"recast\" object in %s.json); refusing to overwrite "
                           "it: choose another name", o, stem, ext[k], stem);
        break;
    }
    /* the directory of the pair: there, or one that can be made (it is
     * made by ax_recast_curve_write, so a failed run leaves none) */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", stem);
    char *slash = strrchr(dir, '/');
    struct stat sb;
    if (slash && slash != dir) {
        *slash = '\0';
        if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
            return AX_OK;
        int st = ax_output_dir_check(dir, err);
        return st ? ax_error_context(err, "-o %s", o) : AX_OK;
    }
    return AX_OK;
}

static void write_csv(FILE *fp, const ax_recast_curve *c, const ax_limit *l)
{
    if (c->opt.standard) {
        fprintf(fp,
                "# axsterile limit: %s\n"
                "# Derived by axsterile %s from limits/%s (%s): the line-flux upper\n"
                "# limit Phi(E_gamma) as a limit on Gamma(nu_s -> nu gamma) of a nu_s that\n"
                "# is all the dark matter, Gamma <= 4 pi m_s Phi/D, m_s = 2 E_gamma, one\n"
                "# photon per decay, D = %.6g GeV cm^-2 of the source's ROI and profile\n"
                "# (docs/physics.md 7b). nan = masked window of the source.\n"
                "# Columns: m_s [keV], Gamma upper limit [s^-1]\n",
                c->name, AX_VERSION, l->stem, l->reference, c->jd.D);
    } else {
        fprintf(fp,
                "# axsterile limit: %s\n"
                "# Recast by axsterile %s of limits/%s (%s): the limit on\n"
                "# <sin^2 2theta_eff>_0 of the axion-assisted model (mixing following\n"
                "# rho_DM), docs/physics.md section 7b, with f_s = %g",
                c->name, AX_VERSION, l->stem, l->reference, c->f_s);
        if (c->have_jd)
            fprintf(fp, ", J = %.6g GeV^2 cm^-5,\n# D = %.6g GeV cm^-2 of the "
                        "source's ROI and profile", c->jd.J, c->jd.D);
        fprintf(fp, ".\n# Decay normalisation: %s. nan = masked window of the "
                    "source.\n# Columns: m_s [keV], <sin^2 2theta_eff>_0 upper "
                    "limit\n",
                c->opt.convention == AX_DECAY_MAJORANA ? "Majorana (1024 pi^4)"
                                                       : "BH16 eq. 10 (2048 pi^4)");
    }
    for (size_t j = 0; j < c->n; j++) {
        if (isnan(c->value[j]))
            fprintf(fp, "%.10g,nan\n", c->m_s[j] * 1e6);
        else
            fprintf(fp, "%.10g,%.6e\n", c->m_s[j] * 1e6, c->value[j]);
    }
}

/* The sidecar of the recast pair; NULL when out of memory. */
static cJSON *sidecar(const ax_recast_curve *c, const ax_limit *l)
{
    int standard = c->opt.standard;
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "name", c->name);
    cJSON_AddStringToObject(m, "experiment", l->experiment);
    cJSON *ref = cJSON_AddObjectToObject(m, "reference");
    cJSON_AddStringToObject(ref, "arxiv", l->arxiv);
    cJSON_AddStringToObject(ref, "figure", l->figure && *l->figure ? l->figure : "-");
    if (l->doi && *l->doi)
        cJSON_AddStringToObject(ref, "doi", l->doi);
    cJSON *x = cJSON_AddObjectToObject(m, "x");
    cJSON_AddStringToObject(x, "quantity", "m_s");
    cJSON_AddStringToObject(x, "unit", "keV");
    cJSON *y = cJSON_AddObjectToObject(m, "y");
    cJSON_AddStringToObject(y, "quantity", standard ? "gamma" : "sin2_2theta");
    cJSON_AddStringToObject(y, "unit", standard ? "s^-1" : "1");
    cJSON_AddStringToObject(m, "decay_convention",
                            standard ? "none" : ax_decay_convention_name(c->opt.convention));
    cJSON_AddNumberToObject(m, "dm_fraction", 1.0);
    if (l->target_json)
        cJSON_AddItemToObject(m, "target", cJSON_Parse(l->target_json));
    if (l->approximate) {
        cJSON_AddBoolToObject(m, "approximate", 1);
        cJSON_AddStringToObject(m, "assumed", l->assumed);
    }
    char by[600];
    snprintf(by, sizeof by, "axsterile %s (limits recast %s)", AX_VERSION, l->stem);
    cJSON_AddStringToObject(m, "digitized_by", by);
    cJSON_AddStringToObject(m, "notes", standard
        ? "A standard decay-rate limit (uniform mixing) derived from a line-flux "
          "limit with the project's D of the source's region and profile."
        : "A limit on <sin^2 2theta_eff>_0 of the axion-assisted model, not on a "
          "uniform mixing angle: do not apply it to a Dodelson-Widrow point. f_s is "
          "already included.");
    cJSON *r = cJSON_AddObjectToObject(m, "recast");
    cJSON_AddStringToObject(r, "of", l->stem);
    cJSON_AddStringToObject(r, "kind", standard ? "standard decay rate from a line "
                                                  "flux" : "axion-assisted recast");
    cJSON_AddNumberToObject(r, "f_phi", c->opt.f_phi);
    cJSON_AddNumberToObject(r, "f_s", c->f_s);
    if (c->have_jd) {
        cJSON_AddNumberToObject(r, "J_GeV2_cm5", c->jd.J);
        cJSON_AddNumberToObject(r, "D_GeV_cm2", c->jd.D);
    }
    cJSON_AddNumberToObject(r, "rho_mean_GeV_cm3", AX_RHO_DM_MEAN_GEV_CM3);
    cJSON_AddStringToObject(r, "formula", standard ? "Gamma <= 4 pi m_s Phi/D"
        : l->y_quantity == AX_LIM_SIGMAV
        ? "Gamma_0 <= 4 <sigma v>(m_s/2) rho_mean/(m_s f_s)"
        : l->y_quantity == AX_LIM_FLUX ? "Gamma_0 <= 4 pi m_s Phi rho_mean/(f_s J)"
        : "<sin^2 2theta_eff>_0 <= limit x (f_src D) rho_mean/(f_s J)");
    /* every Add above returns NULL when out of memory: check the last ones */
    if (!cJSON_GetObjectItemCaseSensitive(r, "formula") ||
        (l->target_json && !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(m, "target")))) {
        cJSON_Delete(m);
        return NULL;
    }
    return m;
}

int ax_recast_curve_write(const ax_recast_curve *c, const ax_limit *l, const char *stem,
                          ax_error *err)
{
    char path[4200];
    ax_outfile csv, js;
    memset(&csv, 0, sizeof csv);
    memset(&js, 0, sizeof js);
    /* the pair's missing directories, outermost first, removed on failure */
    char made[16][4096];
    int nmade = 0, st = AX_OK;
    {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", stem);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) {
            *slash = '\0';
            for (char *p = dir + 1;; p++) {
                if (*p != '/' && *p != '\0')
                    continue;
                char sep = *p;
                *p = '\0';
                if (mkdir(dir, 0777) == 0) {
                    if (nmade < 16)
                        snprintf(made[nmade++], sizeof made[0], "%s", dir);
                } else if (errno != EEXIST) {
                    st = ax_fail(err, AX_EINPUT, "cannot create directory %s: %s", dir,
                                 ax_io_strerror(errno));
                }
                *p = sep;
                if (!sep || st)
                    break;
            }
        }
    }
    snprintf(path, sizeof path, "%s.csv", stem);
    if (!st)
        st = ax_outfile_open(&csv, path, err);
    if (!st) {
        snprintf(path, sizeof path, "%s.json", stem);
        st = ax_outfile_open(&js, path, err);
    }
    cJSON *m = st ? NULL : sidecar(c, l);
    char *text = m ? cJSON_Print(m) : NULL;
    if (!st && !text)
        st = ax_fail(err, AX_ERUN, "out of memory");
    if (!st) {
        write_csv(csv.fp, c, l);
        fprintf(js.fp, "%s\n", text);
    }
    cJSON_free(text);
    cJSON_Delete(m);
    if (!st) {
        /* the pair appears together or not at all (docs/hardening.md) */
        ax_outfile pair[2] = {csv, js};
        st = ax_outfile_commit_all(pair, 2, err);
        memset(&csv, 0, sizeof csv);
        memset(&js, 0, sizeof js);
    }
    ax_outfile_abort(&csv);
    ax_outfile_abort(&js);
    if (st)
        while (nmade > 0)
            rmdir(made[--nmade]);
    return st;
}
