/* prod_common.c -- flags and output shared by `dw` and `point`. */
#include "prod_common.h"

#include "axsterile/constants.h"
#include "axsterile/decay.h"

#include "axsterile/io.h"

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
    o->gstar_table = cli_text(a, "--gstar-table");
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

/* ---- the model flags, generated from the parameter rows ---------------- */

static int flag_at(const cli_model_table *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->flags[i].name, name) == 0)
            return i;
    return -1;
}

static void add_flag(cli_model_table *t, const cli_flag *f)
{
    if (t->n < CLI_MAX_FLAGS && flag_at(t, f->name) < 0)
        t->flags[t->n++] = *f;
}

/* a row's help with what the row says of itself: "rho_phi0/rho_DM, 0 <
 * f_phi < 1 (default 0.01)", "phi mass, e.g. 1e-6eV (required)" */
static void row_help(const ax_model_type *owner, const ax_model_param *p, char *buf, size_t len)
{
    int has_alt = 0;
    for (size_t j = 0; owner && j < owner->nparams; j++)
        has_alt |= owner->params[j].role == AX_PARAM_ALT &&
                   strcmp(owner->params[j].alt_of, p->key) == 0;
    char w[32];
    if (p->role == AX_PARAM_REQUIRED && !has_alt)
        snprintf(buf, len, "%s (required)", p->help);
    else if (p->role == AX_PARAM_OPTIONAL && p->type == AX_PARAM_WORD)
        snprintf(buf, len, "%s (default %s)", p->help,
                 ax_model_param_word(p, (int)p->def, w, sizeof w));
    else if (p->role == AX_PARAM_OPTIONAL)
        snprintf(buf, len, "%s, %s (default %g%s%s)", p->help, p->expect,
                 p->unit ? p->def / p->unit_gev : p->def, p->unit ? " " : "",
                 p->unit ? p->unit : "");
    else
        snprintf(buf, len, "%s", p->help);
}

/* the flag of a row; a flag met before (--g, --phi-evolution) says what it
 * is for each model: "Yukawa coupling g_phi (phi); ... g_a (qcd)" */
static void add_row(cli_model_table *t, const ax_model_param *p, const ax_model_type *owner)
{
    if (!p->flag)
        return;
    char text[200];
    row_help(owner, p, text, sizeof text);
    int k = flag_at(t, p->flag);
    if (k >= 0) {
        char *h = t->help[k];
        size_t n = strlen(h);
        if (!owner || strstr(h, text)) { /* the same row in another model */
            if (owner && n > 0 && h[n - 1] == ')')
                snprintf(h + n - 1, sizeof t->help[k] - (n - 1), ", %s)", owner->name);
        } else {
            snprintf(h + n, sizeof t->help[k] - n, "; %s (%s)", text, owner->name);
        }
        return;
    }
    if (t->n >= CLI_MAX_FLAGS)
        return;
    cli_flag *f = &t->flags[t->n];
    f->name = p->flag;
    f->kind = p->type == AX_PARAM_WORD       ? CLI_STRING
              : p->type == AX_PARAM_QUANTITY ? CLI_QUANTITY
                                             : CLI_NUMBER;
    f->dim = p->type == AX_PARAM_QUANTITY ? p->dim : AX_DIM_NONE;
    f->units_flags = p->type == AX_PARAM_QUANTITY && p->lo >= 0.0 ? AX_UNITS_POSITIVE : 0;
    f->meta = p->meta;
    if (owner && !t->only)
        snprintf(t->help[t->n], sizeof t->help[t->n], "%s (%s)", text, owner->name);
    else
        snprintf(t->help[t->n], sizeof t->help[t->n], "%s", text);
    f->help = t->help[t->n];
    t->n++;
}

const cli_flag *cli_model_flags(cli_model_table *t, int *n)
{
    if (t->n == 0) {
        for (int i = 0; i < t->nhead; i++)
            add_flag(t, &t->head[i]);
        if (!t->only) {
            static char meta[128];
            meta[0] = '\0';
            for (size_t k = 0; k < ax_model_count(); k++)
                snprintf(meta + strlen(meta), sizeof meta - strlen(meta), "%s%s", k ? "|" : "",
                         ax_model_type_at(k)->name);
            cli_flag f = {"--model", CLI_STRING, AX_DIM_NONE, 0, meta, "model (default phi)"};
            add_flag(t, &f);
        }
        size_t nc;
        const ax_model_param *common = ax_model_common_params(&nc);
        for (size_t i = 0; i < nc; i++)
            add_row(t, &common[i], NULL);
        for (size_t k = 0; k < ax_model_count(); k++) {
            const ax_model_type *mt = ax_model_type_at(k);
            for (size_t i = 0; (!t->only || mt == t->only) && i < mt->nparams; i++)
                add_row(t, &mt->params[i], mt);
        }
        cli_flag dm = {"--dm-fixed", CLI_BOOL, AX_DIM_NONE, 0, NULL,
                       "solve for the coupling with Omega_s = (1 - f) Omega_DM (f = 0 for dw)"};
        add_flag(t, &dm);
        for (int i = 0; i < t->ntail; i++)
            add_flag(t, &t->tail[i]);
    }
    *n = t->n;
    return t->flags;
}

/* " --mphi MASS [--fphi F] (--g G | --dm-fixed)" for one model */
static void usage_of_model(const ax_model_type *mt, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < mt->nparams && n < len; i++) {
        const ax_model_param *p = &mt->params[i];
        if (!p->flag || p->role == AX_PARAM_ALT || p->role == AX_PARAM_COUPLING)
            continue;
        const ax_model_param *alt = NULL;
        for (size_t j = 0; j < mt->nparams; j++)
            if (mt->params[j].role == AX_PARAM_ALT && strcmp(mt->params[j].alt_of, p->key) == 0)
                alt = &mt->params[j];
        if (alt)
            n += (size_t)snprintf(buf + n, len - n, " (%s %s | %s %s)", p->flag, p->meta,
                                  alt->flag, alt->meta);
        else if (p->role == AX_PARAM_REQUIRED)
            n += (size_t)snprintf(buf + n, len - n, " %s %s", p->flag, p->meta);
        else
            n += (size_t)snprintf(buf + n, len - n, " [%s %s]", p->flag, p->meta);
    }
    const ax_model_param *c = ax_model_coupling(mt);
    if (n < len)
        snprintf(buf + n, len - n, " (%s %s | --dm-fixed)", c->flag ? c->flag : c->key,
                 c->meta ? c->meta : "");
}

const char *cli_model_usage(cli_model_table *t, const char *cmd, const char *tail)
{
    if (t->usage[0])
        return t->usage;
    int nf;
    cli_model_flags(t, &nf);
    char line[512];
    size_t n;
    if (t->only) {
        usage_of_model(t->only, line, sizeof line);
        n = (size_t)snprintf(t->usage, sizeof t->usage, "axsterile %s --ms MASS%s\n       ",
                             cmd, line);
    } else {
        n = (size_t)snprintf(t->usage, sizeof t->usage, "axsterile %s [--model %s] --ms MASS\n",
                             cmd, t->flags[flag_at(t, "--model")].meta);
        for (size_t k = 0; k < ax_model_count() && n < sizeof t->usage; k++) {
            usage_of_model(ax_model_type_at(k), line, sizeof line);
            n += (size_t)snprintf(t->usage + n, sizeof t->usage - n, "       %s:%s\n",
                                  ax_model_type_at(k)->name, line);
        }
        if (n < sizeof t->usage)
            n += (size_t)snprintf(t->usage + n, sizeof t->usage - n, "       ");
    }
    if (n < sizeof t->usage)
        snprintf(t->usage + n, sizeof t->usage - n, "%s", tail);
    return t->usage;
}

/* ---- the model from the flags ------------------------------------------ */

typedef struct flag_source {
    const cli_args *a;
    const char *selector; /* "--dw" or NULL (--model NAME) */
} flag_source;

static int fs_get(void *self, const ax_model_param *p, int *given, double *v, const char **word,
                  ax_error *err)
{
    const flag_source *s = self;
    (void)err;
    *given = p->flag && cli_given(s->a, p->flag);
    if (!*given)
        return AX_OK;
    if (p->type == AX_PARAM_WORD)
        *word = cli_text(s->a, p->flag);
    else
        *v = cli_value(s->a, p->flag, 0.0);
    return AX_OK;
}

static const char *fs_name(void *self, const ax_model_param *p, char *buf, size_t len)
{
    (void)self;
    snprintf(buf, len, "%s", p->flag ? p->flag : p->key);
    return buf;
}

/* the flags of a model, for messages: "--mphi, --fphi, --phi-evolution" */
static const char *model_flag_list(const ax_model_type *mt, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < mt->nparams && n < len; i++)
        if (mt->params[i].flag && mt->params[i].role != AX_PARAM_COUPLING)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", mt->params[i].flag);
    return buf;
}

static int fs_foreign(void *self, const ax_model_param *p, const ax_model_type *owner,
                      const ax_model_type *chosen, ax_error *err)
{
    const flag_source *s = self;
    for (size_t i = 0; i < chosen->nparams; i++) /* a flag both models have (--g) */
        if (chosen->params[i].flag && strcmp(chosen->params[i].flag, p->flag) == 0)
            return AX_OK;
    char list[256];
    const ax_model_param *c = ax_model_coupling(chosen);
    if (s->selector)
        return ax_fail(err, AX_EINPUT, "%s does not belong to a %s point (%s takes --ms with "
                       "%s or --dm-fixed)", p->flag, chosen->title, s->selector, c->flag);
    return ax_fail(err, AX_EINPUT, "%s belongs to the %s model, not to --model %s; expected "
                   "the flags of the %s model (%s)", p->flag, owner->name, chosen->name,
                   chosen->name, model_flag_list(chosen, list, sizeof list));
}

int cli_model_build(const cli_args *a, const ax_model_type *only, const char *def,
                    const char *selector, ax_model *m, int *dm_fixed, ax_error *err)
{
    const ax_model_type *mt = only;
    if (!mt) {
        const char *name = cli_text(a, "--model");
        mt = ax_model_type_find(name ? name : def);
        if (!mt) {
            char names[128] = "";
            size_t nm = ax_model_count();
            for (size_t k = 0; k < nm; k++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                         k == 0 ? "" : k + 1 == nm ? " or " : ", ", ax_model_type_at(k)->name);
            return ax_fail(err, AX_EINPUT, "--model: '%s'; expected %s", name ? name : def,
                           names);
        }
    }
    flag_source fs = {a, selector};
    ax_model_source src = {&fs, fs_get, fs_name, fs_foreign, AX_SOURCE_FLAGS, "--dm-fixed"};
    *dm_fixed = cli_given(a, "--dm-fixed");
    return ax_model_build(mt, &src, *dm_fixed, m, err);
}
/* Warnings on stderr for a point that computed but is not a viable model
 * (stdout keeps the result; `check` turns the lifetime into a verdict). */
static void warn_point(const ax_production *ctx, const ax_model *m, const ax_prod_result *r)
{
    const ax_model_type *t = ax_model_type_of(m->kind);
    if (!r->adiabatic)
        fprintf(stderr, "axsterile: warning: m_phi is not small against m_s^2/(2p) at "
                        "production: the oscillation of the mixing is not adiabatic and its "
                        "phase average (docs/physics.md 4) is not reliable\n");
    double tau = t->invisible_width ? ax_decay_lifetime_s(t->invisible_width(m)) : INFINITY;
    double t_u = AX_AGE_UNIVERSE_S;
    if (isfinite(tau) && tau < t_u)
        fprintf(stderr, "axsterile: warning: nu_s decays to nu %s with a lifetime of %.3g s, "
                        "shorter than the age of the Universe (%.3g s): it is not the dark "
                        "matter today (`axsterile check` applies the CMB bound)\n",
                t->invisible_name ? t->invisible_name : "?", tau, t_u);
    const ax_cosmo *c = ax_production_cosmo(ctx);
    if (t->background_init && r->T_osc > c->T_max)
        fprintf(stderr, "axsterile: warning: T_osc = %.3g MeV is above the top of the g*(T) "
                        "table (%.3g MeV), where g* is held constant: its value is an "
                        "estimate (the field oscillates long before production)\n",
                r->T_osc * 1e3, c->T_max * 1e3);
}

int cli_prod_run(const cli_args *a, const ax_production_opts *o, ax_model *m,
                 ax_prod_result *r, int dm, ax_error *err)
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
        if (!path[0])
            st = ax_fail(err, AX_EINPUT, "%s: an empty file name; expected a file", flag[k]);
        else if ((st = ax_outfile_open(&out[k], path, err)) != AX_OK)
            st = ax_error_context(err, "%s", flag[k]);
        else
            open[k] = 1;
    }
    if (st == AX_OK && open[0] && open[1])
        st = ax_outfile_distinct(out, 2, flag, err);
    if (st != AX_OK)
        for (int k = 0; k < 2; k++)
            if (open[k]) {
                ax_outfile_abort(&out[k]);
                open[k] = 0;
            }
    ax_production *ctx = NULL;
    st = AX_THEN(st, ax_production_init(&ctx, o, err));
    st = AX_THEN(st, dm ? ax_production_dm_fixed(ctx, m, r, err) : ax_production_omega(ctx, m, r, err));
    if (st == AX_OK)
        warn_point(ctx, m, r);
    if (st == AX_OK && open[0]) st = write_spectrum(&out[0], ctx, m, err);
    if (st == AX_OK && open[1]) st = write_rate(&out[1], ctx, m, r, err);
    ax_outfile both[2];
    size_t nb = 0;
    for (int k = 0; k < 2; k++)
        if (open[k]) {
            if (st == AX_OK)
                both[nb++] = out[k];
            else
                ax_outfile_abort(&out[k]);
        }
    if (st == AX_OK && nb)
        st = ax_outfile_commit_all(both, nb, err);
    ax_production_free(ctx);
    return st;
}
