/* check.c -- a model point against every limit of the library.
 * See axsterile/check.h; the recast formulas are in recast.c. */
#include "axsterile/check.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"
#include "axsterile/halo.h"
#include "axsterile/mixing.h"
#include "axsterile/recast.h"
#include "axsterile/structure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ax_check_report_free(ax_check_report *rep)
{
    if (!rep)
        return;
    free(rep->rows);
    rep->rows = NULL;
    rep->n = 0;
}

static void set_row(ax_check_row *r, const char *name, const char *stem, const char *ref,
                    const char *kind, const char *quantity)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->stem, sizeof r->stem, "%s", stem ? stem : "");
    snprintf(r->reference, sizeof r->reference, "%s", ref ? ref : "");
    r->kind = kind;
    r->quantity = quantity;
}

/* Rows that do not come from the limit library: structure formation (every
 * model) and the supernova bound on f_a (QCD axion). */
#define EXTRA_ROWS 8

/* Structure formation on the model's own spectrum (docs/physics.md section
 * 8): one row per published bound, the minimum m_s for the point's <q/T_nu>
 * (equal mean velocity with the thermal relic of the bound). The bounds
 * assume the sterile neutrino is (nearly) all of the dark matter: not
 * applicable below f_s = 0.5. */
static void add_structure_rows(ax_check_report *rep)
{
    for (size_t i = 0; i < ax_structure_nbounds(); i++) {
        const ax_structure_bound *b = ax_structure_bound_at(i);
        ax_check_row *r = &rep->rows[rep->n++];
        set_row(r, b->name, "", b->reference, "structure", "m_s_keV");
        if (rep->f_s < 0.5 || !(rep->prod.mean_q_over_T > 0.0)) {
            r->status = AX_NOT_APPLICABLE;
            continue;
        }
        r->limit = ax_structure_min_mass(b->m_wdm, rep->prod.mean_q_over_T) * 1e6;
        r->model = rep->model.m_s * 1e6;
        r->ratio = r->limit / r->model;
        r->excluded = r->ratio > 1.0;
    }
}

/* SN 1987A cooling bound on the axion decay constant (QCD axion): Raffelt
 * 2008, Lect. Notes Phys. 741, 51 (hep-ph/0611350): m_a < 16 meV, i.e.
 * f_a > 4e8 GeV (docs/physics.md section 8). BH16 used f_a > 1e9 GeV. */
#define AX_SN1987A_FA_MIN_GEV 4e8

static void add_supernova_row(ax_check_report *rep)
{
    if (rep->model.kind != AX_MODEL_QCD)
        return;
    ax_check_row *r = &rep->rows[rep->n++];
    set_row(r, "SN 1987A cooling: f_a > 4e8 GeV (BH16 used f_a > 1e9 GeV)", "",
            "Raffelt 2008, Lect. Notes Phys. 741, 51 (hep-ph/0611350): m_a < 16 meV, "
            "f_a > 4e8 GeV; BH16 required f_a > 1e9 GeV",
            "supernova", "f_a_GeV");
    r->limit = AX_SN1987A_FA_MIN_GEV;
    r->model = rep->model.f_a;
    r->ratio = r->limit / r->model;
    r->excluded = r->ratio > 1.0;
}

int ax_check_cache_init(ax_check_cache *c, const ax_limit_set *limits, ax_error *err)
{
    memset(c, 0, sizeof *c);
    c->jd = calloc(limits->n + 1, sizeof *c->jd);
    c->has = calloc(limits->n + 1, 1);
    if (!c->jd || !c->has) {
        ax_check_cache_free(c);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    c->n = limits->n;
    int st = ax_recast_jd_all(limits, c->jd, c->has, err);
    if (st)
        ax_check_cache_free(c);
    return st;
}

void ax_check_cache_free(ax_check_cache *c)
{
    if (!c)
        return;
    free(c->jd);
    free(c->has);
    c->jd = NULL;
    c->has = NULL;
    c->n = 0;
}

int ax_check_point(const ax_production *ctx, const ax_limit_set *limits, const ax_model *model,
                   int dm_fixed, int convention, ax_check_report *rep, ax_error *err)
{
    ax_check_cache c;
    memset(rep, 0, sizeof *rep);
    int st = ax_check_cache_init(&c, limits, err);
    if (!st)
        st = ax_check_point_cached(ctx, limits, &c, model, dm_fixed, convention, rep, err);
    ax_check_cache_free(&c);
    return st;
}

int ax_check_point_cached(const ax_production *ctx, const ax_limit_set *limits,
                          const ax_check_cache *cache, const ax_model *model, int dm_fixed,
                          int convention, ax_check_report *rep, ax_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (ax_decay_convention_factor(convention) == 0.0)
        return ax_fail(err, AX_EINPUT, "unknown decay convention %d", convention);
    const ax_model_type *t = ax_model_type_of(model->kind);
    if (!t)
        return ax_fail(err, AX_EINPUT, "unknown model kind %d", (int)model->kind);
    rep->model = *model;
    rep->convention = convention;
    rep->dm_fixed = dm_fixed;
    int st = dm_fixed ? ax_production_dm_fixed(ctx, &rep->model, &rep->prod, err)
                      : ax_production_omega(ctx, &rep->model, &rep->prod, err);
    if (st)
        return st;
    const ax_model *m = &rep->model;
    const ax_prod_result *p = &rep->prod;
    double frac = p->omega_h2 / AX_OMEGA_DM_H2;
    if (!(frac > 0) || !isfinite(frac))
        return ax_fail(err, AX_ERUN, "the point m_s = %g keV makes no sterile neutrinos "
                       "(Omega_s h^2 = %g)", m->m_s * 1e6, p->omega_h2);
    rep->f_s = frac < 1.0 ? frac : 1.0;
    /* the mixing follows rho_DM(x) today: every limit through its recast */
    int axion = t->tracks_dm;
    double mix = p->sin2_2theta_today;

    if (cache->n != limits->n)
        return ax_fail(err, AX_EINPUT, "check: the cache was made for another limit set");
    rep->rows = calloc(limits->n + 3 + EXTRA_ROWS, sizeof *rep->rows);
    if (!rep->rows)
        return ax_fail(err, AX_ERUN, "out of memory");
    const ax_jd *jd = cache->jd;
    const unsigned char *has = cache->has;
    /* relic abundance */
    ax_check_row *r = &rep->rows[rep->n++];
    set_row(r, "relic abundance (Planck 2018)", "", "Planck 2018 (arXiv:1807.06209)",
            "abundance", "omega_h2");
    r->limit = ax_model_dm_target_fraction(m) * AX_OMEGA_DM_H2;
    r->model = p->omega_h2;
    r->ratio = r->model / r->limit;
    r->excluded = r->ratio > 1.0 + 1e-3; /* the DM-fixed solve meets it to 1e-4 */
    /* CMB bound on invisible decays nu_s -> nu phi (phi and axion models) */
    if (t->invisible_width) {
        r = &rep->rows[rep->n++];
        set_row(r, "CMB, decays to invisible light states", "",
                "Poulin, Serpico & Lesgourgues 2016 (arXiv:1606.02073)", "lifetime", "tau_s");
        double g = t->invisible_width(m);
        r->limit = ax_decay_cmb_tau_min_s(rep->f_s);
        r->model = ax_decay_lifetime_s(g);
        if (!isfinite(r->model)) {
            r->status = AX_NOT_APPLICABLE;
        } else {
            r->ratio = r->limit / r->model;
            r->excluded = r->ratio > 1.0;
        }
    }
    /* without an invisible channel (DW): the nu_s must outlive the
     * Universe to be the dark matter (the grey region of Fig. 2): total
     * width from mixing, nu gamma + 3 nu + nu e e, in the same
     * normalisation as the limits */
    if (!t->invisible_width) {
        r = &rep->rows[rep->n++];
        set_row(r, "lifetime longer than the age of the Universe", "",
                "Planck 2018 (arXiv:1807.06209), t_U = 13.8 Gyr", "lifetime", "tau_s");
        r->limit = AX_AGE_UNIVERSE_S;
        r->model = ax_decay_lifetime_s(
            ax_decay_gamma_mixing_total(m->m_s, mix, m->flavor, convention));
        if (!isfinite(r->model)) {
            r->status = AX_NOT_APPLICABLE;
        } else {
            r->ratio = r->limit / r->model;
            r->excluded = r->ratio > 1.0;
        }
    }
    add_structure_rows(rep);
    add_supernova_row(rep);
    for (size_t k = 0; k < limits->n; k++) {
        const ax_limit *L = &limits->items[k];
        r = &rep->rows[rep->n++];
        set_row(r, L->name, L->stem, L->reference, axion ? "recast" : "decay",
                axion ? "sin2_2theta_eff_0" : "sin2_2theta");
        ax_error e1;
        ax_error_clear(&e1);
        double lim;
        int s = ax_recast_limit_sin2(L, has[k] ? &jd[k] : NULL, m->m_s, convention, rep->f_s,
                                     axion, &lim, &e1);
        if (s == AX_OUT_OF_RANGE)
            r->status = AX_OUT_OF_RANGE;
        else if (s == AX_MASKED)
            r->status = AX_MASKED;
        else if (s == AX_NOT_APPLICABLE)
            r->status = AX_NOT_APPLICABLE;
        else if (s) {
            *err = e1;
            return ax_error_context(err, "check against %s", L->stem);
        } else {
            r->limit = lim;
            r->model = mix;
            r->ratio = mix / lim;
            r->excluded = r->ratio > 1.0;
            rep->n_observational++;
        }
    }
    for (size_t i = 0; i < rep->n; i++) {
        const ax_check_row *q = &rep->rows[i];
        if (q->status == AX_OK && !(isfinite(q->limit) && isfinite(q->model) &&
                                          isfinite(q->ratio)))
            return ax_fail(err, AX_ERUN, "check: a non-finite value for %s at m_s = %g keV",
                           q->name, m->m_s * 1e6);
        if (q->excluded)
            rep->excluded = 1;
    }
    return AX_OK;
}
