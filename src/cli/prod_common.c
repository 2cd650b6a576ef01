/* prod_common.c -- flags and output shared by `dw` and `point`. */
#include "prod_common.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"

#include "axsterile/io.h"
#include "axsterile/mixing.h"

#include <math.h>
#include <string.h>

int cli_prod_opts(const cli_args *a, ax_production_opts *o, ax_error *err)
{
    ax_production_opts_defaults(o);
    const char *fl = cli_text(a, "--flavor");
    if (fl) {
        if (strcmp(fl, "e") == 0) o->flavor = AX_FLAVOR_E;
        else if (strcmp(fl, "mu") == 0) o->flavor = AX_FLAVOR_MU;
        else if (strcmp(fl, "tau") == 0) o->flavor = AX_FLAVOR_TAU;
        else
            return ax_fail(err, AX_EINPUT, "--flavor: '%s'; expected e, mu or tau", fl);
    }
    const char *rate = cli_text(a, "--rate");
    if (rate) {
        if (strcmp(rate, "afp") == 0) o->rate_convention = AX_RATE_AFP;
        else if (strcmp(rate, "bh16") == 0) o->rate_convention = AX_RATE_BH16;
        else
            return ax_fail(err, AX_EINPUT, "--rate: '%s'; expected afp or bh16", rate);
    }
    o->opacity_file = cli_text(a, "--opacity");
    o->extrapolate = cli_given(a, "--extrapolate");
    return AX_OK;
}

/* f_s(q/T_nu) on 0.05..20 (400 points) into an open output. */
static int write_spectrum(ax_outfile *o, const ax_production *ctx, const ax_model *m,
                          ax_error *err)
{
    enum { N = 400 };
    double x[N], f[N];
    for (int i = 0; i < N; i++)
        x[i] = 0.05 * (i + 1);
    int st = ax_production_spectrum(ctx, m, N, x, f, err);
    if (st != AX_OK)
        return st;
    fprintf(o->fp, "# sterile-neutrino distribution today, f_s(q) per helicity state\n"
                   "# (both helicities: multiply the number density by 2), m_s = %.6g keV\n"
                   "# q/T_nu, f_s\n", m->m_s * 1e6);
    for (int i = 0; i < N; i++)
        fprintf(o->fp, "%.6g, %.8e\n", x[i], f[i]);
    return AX_OK;
}

/* dY/dln T on 200 temperatures from T_high to T_low into an open output. */
static int write_rate(ax_outfile *o, const ax_production *ctx, const ax_model *m,
                      const ax_prod_result *r, ax_error *err)
{
    enum { N = 200 };
    double T[N], v[N];
    for (int i = 0; i < N; i++)
        T[i] = r->T_high * pow(r->T_low / r->T_high, i / (N - 1.0));
    int st = ax_production_rate(ctx, m, N, T, v, err);
    if (st != AX_OK)
        return st;
    fprintf(o->fp, "# production rate per ln T, Y = n_s/s (both helicities), m_s = %.6g keV\n"
                   "# T_max = %.6g MeV (peak of the rate per Hubble time)\n"
                   "# T [MeV], dY/dlnT\n", m->m_s * 1e6, r->T_max * 1e3);
    for (int i = 0; i < N; i++)
        fprintf(o->fp, "%.6g, %.6e\n", T[i] * 1e3, v[i]);
    return AX_OK;
}

static const char *flavor_name(int f)
{
    return f == AX_FLAVOR_E ? "e" : (f == AX_FLAVOR_TAU ? "tau" : "mu");
}

int cli_prod_common_json(cJSON *out, const ax_production_opts *o, const ax_prod_result *r,
                         ax_error *err)
{
    int st = cli_json_num(out, "omega_h2", r->omega_h2, err);
    if (st == AX_OK) st = cli_json_num(out, "Y", r->Y, err);
    if (st == AX_OK) st = cli_json_num(out, "T_max_MeV", r->T_max * 1e3, err);
    if (st == AX_OK) st = cli_json_num(out, "T_max_mean_p_MeV", r->T_max_mean_p * 1e3, err);
    if (st == AX_OK) st = cli_json_num(out, "T_cross_MeV", r->T_cross * 1e3, err);
    if (st == AX_OK) st = cli_json_num(out, "mean_q_over_T", r->mean_q_over_T, err);
    if (st == AX_OK) st = cli_json_num(out, "T_high_MeV", r->T_high * 1e3, err);
    if (st == AX_OK) st = cli_json_num(out, "T_low_MeV", r->T_low * 1e3, err);
    if (st == AX_OK) st = cli_json_num(out, "last_decade_fraction", r->last_decade_frac, err);
    if (st == AX_OK) st = cli_json_num(out, "max_sin2_2theta", r->max_sin2_2theta, err);
    if (st != AX_OK)
        return st;
    if (!cJSON_AddBoolToObject(out, "large_mixing", r->large_mixing) ||
        !cJSON_AddStringToObject(out, "flavor", flavor_name(o->flavor)) ||
        !cJSON_AddStringToObject(out, "opacity", o->opacity_file ? o->opacity_file : "built-in") ||
        !cJSON_AddStringToObject(out, "rate_convention", r->rate_convention))
        return ax_fail(err, AX_ERUN, "out of memory");
    return AX_OK;
}

int cli_point_model(const cli_args *a, ax_model *m, ax_error *err)
{
    const char *model = cli_text(a, "--model");
    int qcd = 0;
    if (model && strcmp(model, "qcd") == 0)
        qcd = 1;
    else if (model && strcmp(model, "phi") != 0)
        return ax_fail(err, AX_EINPUT, "--model: '%s'; expected phi or qcd", model);
    ax_model_defaults(m, qcd ? AX_MODEL_QCD : AX_MODEL_PHI);
    const char *ev = cli_text(a, "--phi-evolution");
    if (ev && strcmp(ev, "step") == 0) m->phi_evolution = AX_PHI_STEP;
    else if (ev && strcmp(ev, "exact") != 0)
        return ax_fail(err, AX_EINPUT, "--phi-evolution: '%s'; expected exact or step", ev);
    if (!cli_given(a, "--ms"))
        return ax_fail(err, AX_EINPUT, "--ms is required (a mass, e.g. --ms 50keV)");
    /* a flag of the other model would be silently ignored: refuse it */
    static const char *const PHI_ONLY[] = {"--mphi", "--fphi"};
    static const char *const QCD_ONLY[] = {"--fa", "--ma0", "--frac"};
    for (size_t i = 0; i < (qcd ? 2u : 3u); i++) {
        const char *f = qcd ? PHI_ONLY[i] : QCD_ONLY[i];
        if (cli_given(a, f))
            return ax_fail(err, AX_EINPUT, "%s belongs to the %s model, not to --model %s; "
                           "expected %s", f, qcd ? "phi" : "qcd", qcd ? "qcd" : "phi",
                           qcd ? "--fa or --ma0, and --frac for the axion's share of the DM"
                               : "--mphi, and --fphi for phi's share of the DM (or --model qcd)");
    }
    m->m_s = cli_value(a, "--ms", 0.0);
    int st = cli_require_one(a, "--g", "--dm-fixed", err);
    if (st != AX_OK)
        return st;
    if (!qcd) {
        if (!cli_given(a, "--mphi"))
            return ax_fail(err, AX_EINPUT, "--mphi is required for the phi model (e.g. --mphi 1e-6eV)");
        m->m_phi = cli_value(a, "--mphi", 0.0);
        m->f_phi = cli_value(a, "--fphi", 1e-2);
        if (cli_given(a, "--g")) m->g_phi = cli_value(a, "--g", 0.0);
        if (cli_given(a, "--fphi") && !(m->f_phi > 0.0 && m->f_phi < 1.0))
            return ax_fail(err, AX_EINPUT, "--fphi: %g; expected 0 < f_phi < 1", m->f_phi);
    } else {
        st = cli_require_one(a, "--fa", "--ma0", err);
        if (st != AX_OK)
            return st;
        m->f_a = cli_given(a, "--fa") ? cli_value(a, "--fa", 0.0)
                                      : ax_axion_fa_from_ma0(cli_value(a, "--ma0", 1.0));
        m->frac = cli_value(a, "--frac", 1e-2);
        if (cli_given(a, "--g")) m->g_a = cli_value(a, "--g", 0.0);
        if (cli_given(a, "--frac") && !(m->frac > 0.0 && m->frac < 1.0))
            return ax_fail(err, AX_EINPUT, "--frac: %g; expected 0 < frac < 1", m->frac);
    }
    st = ax_model_validate(m, err);
    if (st != AX_OK)
        return ax_error_context(err, "%s", qcd ? "--model qcd" : "--model phi");
    return AX_OK;
}

/* Warnings on stderr for a point that computed but is not a viable model
 * (stdout keeps the result; `check` turns the lifetime into a verdict). */
static void warn_point(const ax_production *ctx, const ax_model *m, const ax_prod_result *r)
{
    if (m->kind == AX_MODEL_DW)
        return;
    if (!r->adiabatic)
        fprintf(stderr, "axsterile: warning: m_phi is not small against m_s^2/(2p) at "
                        "production: the oscillation of the mixing is not adiabatic and its "
                        "phase average (docs/physics.md 4) is not reliable\n");
    double g = m->kind == AX_MODEL_PHI ? ax_decay_gamma_nuphi(m->m_s, m->g_phi)
                                       : ax_decay_gamma_nua(m->m_s, m->g_a, m->f_a);
    double tau = ax_decay_lifetime_s(g);
    double t_u = AX_AGE_UNIVERSE_GYR * 1e9 * 365.25 * 86400.0;
    if (isfinite(tau) && tau < t_u)
        fprintf(stderr, "axsterile: warning: nu_s decays to nu %s with a lifetime of %.3g s, "
                        "shorter than the age of the Universe (%.3g s): it is not the dark "
                        "matter today (`axsterile check` applies the CMB bound)\n",
                m->kind == AX_MODEL_PHI ? "phi" : "a", tau, t_u);
    const ax_cosmo *c = ax_production_cosmo(ctx);
    if (r->T_osc > c->T_max)
        fprintf(stderr, "axsterile: warning: T_osc = %.3g MeV is above the top of the g*(T) "
                        "table (%.3g MeV), where g* is held constant: its value is an "
                        "estimate (the field oscillates long before production)\n",
                r->T_osc * 1e3, c->T_max * 1e3);
}

int cli_prod_run(const cli_args *a, const ax_production_opts *o, ax_model *m,
                 ax_prod_result *r, int *dm, ax_error *err)
{
    /* the output files are opened first (a bad path fails before the
     * computation) and appear together at the end, or neither does */
    const char *flag[2] = {"--spectrum", "--production-rate"};
    ax_outfile out[2];
    int open[2] = {0, 0}, st = AX_OK;
    for (int k = 0; k < 2 && st == AX_OK; k++) {
        const char *path = cli_text(a, flag[k]);
        if (!path)
            continue;
        if ((st = ax_outfile_open(&out[k], path, err)) != AX_OK)
            st = ax_error_context(err, "%s", flag[k]);
        else
            open[k] = 1;
    }
    ax_production *ctx = NULL;
    if (st == AX_OK) st = ax_production_init(&ctx, o, err);
    *dm = cli_given(a, "--dm-fixed");
    if (st == AX_OK)
        st = *dm ? ax_production_dm_fixed(ctx, m, r, err) : ax_production_omega(ctx, m, r, err);
    if (st == AX_OK)
        warn_point(ctx, m, r);
    if (st == AX_OK && open[0]) st = write_spectrum(&out[0], ctx, m, err);
    if (st == AX_OK && open[1]) st = write_rate(&out[1], ctx, m, r, err);
    for (int k = 0; k < 2; k++) {
        if (!open[k])
            continue;
        if (st == AX_OK) {
            if ((st = ax_outfile_commit(&out[k], err)) != AX_OK)
                st = ax_error_context(err, "%s", flag[k]);
        } else {
            ax_outfile_abort(&out[k]);
        }
    }
    ax_production_free(ctx);
    return st;
}
