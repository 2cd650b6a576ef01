/* production.c -- momentum-resolved Boltzmann equation for nu_s: the
 * solvers only; the model descriptors (src/models/) say how the mixing
 * depends on T. See axsterile/production.h and docs/physics.md section 5. */
#include "axsterile/production.h"

#include "axsterile/constants.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Default grids (docs/performance.md: they meet the 1e-3 convergence test
 * against 4x finer grids). */
#define NQ_DEFAULT 36            /* Gauss-Legendre nodes in ln(q/T_nu) */
#define X_MIN 1e-4               /* q/T_nu range of the momentum grid */
#define X_MAX 40.0
#define NT_PER_DECADE 24         /* ln T steps per decade */
#define NGL 3                    /* Gauss-Legendre nodes per ln T step */
#define T_HIGH_FACTOR 10.0       /* T_high = 10 x the T_max estimate */
#define BG_CACHE 256             /* backgrounds kept per context (Fig. 1: 200) */

struct ax_production {
    ax_cosmo cosmo;
    ax_medium medium;
    int rate_convention;
    int extrapolate;             /* AX_EXTRAPOLATE_* */
    double refine;
    double T_low;
    size_t nq;
    double *xq, *wq;             /* nodes and weights of int x^2 f(x) dx */
    double gl_x[NGL], gl_w[NGL]; /* Gauss-Legendre on [0,1] */
    void *model_data[AX_MODEL_MAX]; /* each model's context data (tables) */
    const ax_model_type *model_type[AX_MODEL_MAX]; /* whose data it is */
    /* backgrounds shared by the points that differ only in m_s and the
     * coupling (models with background_shared; docs/performance.md) */
    pthread_mutex_t bg_lock;
    struct bg_entry {
        ax_model key;            /* the model, m_s, coupling and density zeroed */
        ax_background bg;        /* read-only once in the cache */
        double dens;             /* the density row's value bg was made for */
        int valid, refs;
        unsigned long used;
    } bg_cache[BG_CACHE];
    unsigned long bg_clock;
};

void ax_production_opts_defaults(ax_production_opts *o)
{
    memset(o, 0, sizeof *o);
    o->flavor = AX_FLAVOR_MU;
    o->rate_convention = AX_RATE_AFP;
    o->grid_refine = 1.0;
    o->T_low = 0.01;
}

int ax_production_init(ax_production **out, const ax_production_opts *opts_in,
                       ax_error *err)
{
    ax_production_opts opts;
    if (opts_in)
        opts = *opts_in;
    else
        ax_production_opts_defaults(&opts);
    if (!(opts.grid_refine >= 1.0 && opts.grid_refine <= 16.0))
        return ax_fail(err, AX_EINPUT, "grid refinement %g; expected 1 to 16", opts.grid_refine);
    if (opts.rate_convention != AX_RATE_AFP && opts.rate_convention != AX_RATE_BH16)
        return ax_fail(err, AX_EINPUT, "rate convention %d; expected AFP or BH16",
                       opts.rate_convention);
    if (opts.extrapolate < AX_EXTRAPOLATE_NO || opts.extrapolate > AX_EXTRAPOLATE_AS_NEEDED)
        return ax_fail(err, AX_EINPUT, "extrapolate %d; expected 0 (no), 1 (yes) or 2 (as needed)",
                       opts.extrapolate);
    ax_production *p = calloc(1, sizeof *p);
    if (!p)
        return ax_fail(err, AX_ERUN, "out of memory");
    pthread_mutex_init(&p->bg_lock, NULL);
    p->rate_convention = opts.rate_convention;
    p->extrapolate = opts.extrapolate;
    p->refine = opts.grid_refine;
    p->T_low = opts.T_low > 0.0 ? opts.T_low : 0.01;
    int st = ax_cosmo_init(&p->cosmo, opts.gstar_table, err);
    if (st != AX_OK) {
        free(p);
        return ax_error_context(err, "production");
    }
    st = ax_medium_init(&p->medium, &p->cosmo, opts.flavor, opts.opacity_file,
                        opts.extrapolate == AX_EXTRAPOLATE_YES, err);
    if (st != AX_OK) {
        ax_cosmo_free(&p->cosmo);
        free(p);
        return st;
    }
    if (p->T_low < p->cosmo.T_min || (st = ax_medium_check_range(&p->medium, p->T_low, err))) {
        if (st == AX_OK)
            st = ax_fail(err, AX_EINPUT, "T_low = %g MeV is below the g*(T) table",
                         p->T_low * 1e3);
        ax_production_free(p);
        return st;
    }
    /* momentum nodes: Gauss-Legendre in y = ln x on [ln X_MIN, ln X_MAX],
     * int x^2 f dx = int x^3 f dy (production at T >> T_max populates
     * small x only, which a Laguerre rule would miss) */
    p->nq = (size_t)lround(NQ_DEFAULT * p->refine);
    p->xq = malloc(p->nq * sizeof *p->xq);
    p->wq = malloc(p->nq * sizeof *p->wq);
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(p->nq);
    if (!p->xq || !p->wq || !gl) {
        gsl_integration_glfixed_table_free(gl);
        ax_production_free(p);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    for (size_t i = 0; i < p->nq; i++) {
        double y, wy;
        gsl_integration_glfixed_point(log(X_MIN), log(X_MAX), i, &y, &wy, gl);
        p->xq[i] = exp(y);
        p->wq[i] = wy * p->xq[i] * p->xq[i] * p->xq[i];
    }
    gsl_integration_glfixed_table_free(gl);
    /* data each model shares between its points (the lattice m_a(T) of
     * the axion), read once here; a failure is reported by the points
     * that need it (their background reads it again and fails) */
    for (size_t k = 0; k < ax_model_count() && k < AX_MODEL_MAX; k++) {
        const ax_model_type *t = ax_model_type_at(k);
        ax_error e1;
        ax_error_clear(&e1);
        if (t->context_init && t->context_init(&p->model_data[k], &e1) == AX_OK)
            p->model_type[k] = t;
        else
            p->model_data[k] = NULL;
    }
    /* 3-point Gauss-Legendre on [0,1] */
    const double a = sqrt(0.6);
    p->gl_x[0] = 0.5 * (1.0 - a); p->gl_x[1] = 0.5; p->gl_x[2] = 0.5 * (1.0 + a);
    p->gl_w[0] = 5.0 / 18.0; p->gl_w[1] = 8.0 / 18.0; p->gl_w[2] = 5.0 / 18.0;
    *out = p;
    return AX_OK;
}

void ax_production_free(ax_production *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < BG_CACHE; k++)
        if (p->bg_cache[k].valid)
            ax_background_free(&p->bg_cache[k].bg);
    pthread_mutex_destroy(&p->bg_lock);
    for (size_t k = 0; k < AX_MODEL_MAX; k++)
        if (p->model_type[k] && p->model_type[k]->context_free)
            p->model_type[k]->context_free(p->model_data[k]);
    ax_medium_free(&p->medium);
    ax_cosmo_free(&p->cosmo);
    free(p->xq);
    free(p->wq);
    free(p);
}

const ax_cosmo *ax_production_cosmo(const ax_production *ctx) { return &ctx->cosmo; }
const ax_medium *ax_production_medium(const ax_production *ctx) { return &ctx->medium; }

/* ---- one model point -------------------------------------------------- */

typedef struct run_state {
    const ax_production *ctx;
    const ax_model *m;
    const ax_model_type *t;
    ax_background bg;
    int has_bg;
    int bg_slot;                 /* >= 0: bg is the cache's entry (shared) */
    double max_s2;
    int continued;               /* AX_EXTRAPOLATE_AS_NEEDED: this point needs the
                                    opacity continued beyond its table */
} run_state;

/* The row that sets only the field's density today (NULL: none). */
static const ax_model_param *density_row(const ax_model_type *t)
{
    return t->background_density_key ? ax_model_param_find(t, t->background_density_key)
                                     : NULL;
}

/* The key of a background in the cache: the model with m_s, the coupling
 * and the density row zeroed (a background_shared model's background
 * depends on neither m_s nor the coupling, and on the density only through
 * a factor, ax_background_scale). Fields compared one by one (no padding
 * bytes). */
static ax_model bg_key(const ax_model *m, const ax_model_type *t)
{
    ax_model k = *m;
    k.m_s = 0.0;
    ax_model_set(&k, ax_model_coupling(t), 0.0);
    const ax_model_param *d = density_row(t);
    if (d)
        ax_model_set(&k, d, 0.0);
    return k;
}

static int bg_key_equal(const ax_model *a, const ax_model *b)
{
    if (a->kind != b->kind || a->flavor != b->flavor || a->phi_evolution != b->phi_evolution ||
        a->m_s != b->m_s || a->sin2_2theta != b->sin2_2theta || a->g_phi != b->g_phi ||
        a->m_phi != b->m_phi || a->f_phi != b->f_phi || a->g_a != b->g_a ||
        a->f_a != b->f_a || a->frac != b->frac)
        return 0;
    for (int i = 0; i < AX_MODEL_NEXTRA; i++)
        if (a->extra[i] != b->extra[i])
            return 0;
    return 1;
}

/* The background of m from the context's cache (taking a reference), or
 * computed and offered to the cache. Splines are only read after their
 * construction (gsl_spline_eval without an accelerator), so one entry
 * serves every thread. */
static int background_get(run_state *rs, const void *data, ax_error *err)
{
    ax_production *ctx = (ax_production *)rs->ctx; /* the cache is behind a lock */
    const ax_model *m = rs->m;
    rs->bg_slot = -1;
    int shared = rs->t->background_shared;
    ax_model key = bg_key(m, rs->t);
    const ax_model_param *drow = density_row(rs->t);
    double dens = drow ? ax_model_get(m, drow) : 0.0;
    if (shared) {
        double dens_e = 0.0;
        pthread_mutex_lock(&ctx->bg_lock);
        for (int k = 0; k < BG_CACHE; k++) {
            struct bg_entry *e = &ctx->bg_cache[k];
            if (e->valid && bg_key_equal(&e->key, &key)) {
                e->refs++;
                e->used = ++ctx->bg_clock;
                rs->bg = e->bg;
                rs->bg_slot = k;
                dens_e = e->dens;
                break;
            }
        }
        pthread_mutex_unlock(&ctx->bg_lock);
        if (rs->bg_slot >= 0) {
            if (drow && dens != dens_e) /* the same solution at another density */
                ax_background_scale(&rs->bg, dens / dens_e);
            return AX_OK;
        }
    }
    int st = rs->t->background_init(&rs->bg, &ctx->cosmo, data, m, err);
    if (st != AX_OK || !shared)
        return st;
    /* offer it: a free slot, else the least recently used one unreferenced */
    pthread_mutex_lock(&ctx->bg_lock);
    int slot = -1;
    for (int k = 0; k < BG_CACHE; k++) {
        struct bg_entry *e = &ctx->bg_cache[k];
        if (e->valid && bg_key_equal(&e->key, &key)) { /* another thread was first */
            slot = -1;
            break;
        }
        if (!e->valid) {
            if (slot < 0 || ctx->bg_cache[slot].valid)
                slot = k;
        } else if (e->refs == 0 && (slot < 0 || (ctx->bg_cache[slot].valid &&
                                                 e->used < ctx->bg_cache[slot].used))) {
            slot = k;
        }
    }
    if (slot >= 0) {
        struct bg_entry *e = &ctx->bg_cache[slot];
        if (e->valid)
            ax_background_free(&e->bg);
        e->key = key;
        e->bg = rs->bg;
        e->dens = dens;
        e->valid = 1;
        e->refs = 1;
        e->used = ++ctx->bg_clock;
        rs->bg_slot = slot;
    }
    pthread_mutex_unlock(&ctx->bg_lock);
    return AX_OK;
}

static int state_init(run_state *rs, const ax_production *ctx, const ax_model *m,
                      ax_error *err)
{
    memset(rs, 0, sizeof *rs);
    rs->ctx = ctx;
    rs->m = m;
    rs->bg_slot = -1;
    int st = ax_model_validate(m, err);
    if (st != AX_OK)
        return st;
    if (m->flavor != ctx->medium.flavor)
        return ax_fail(err, AX_EINPUT, "model flavour %d but the production context was built "
                       "for flavour %d (set ax_production_opts.flavor)", m->flavor,
                       ctx->medium.flavor);
    rs->t = ax_model_type_of(m->kind);
    if (rs->t->background_init) {
        size_t k = (size_t)m->kind;
        const void *data = k < AX_MODEL_MAX && ctx->model_type[k] == rs->t ? ctx->model_data[k]
                                                                           : NULL;
        st = background_get(rs, data, err);
        rs->has_bg = st == AX_OK;
    }
    return st;
}

static void state_free(run_state *rs)
{
    if (rs->has_bg && rs->bg_slot >= 0) {
        ax_production *ctx = (ax_production *)rs->ctx;
        pthread_mutex_lock(&ctx->bg_lock);
        ctx->bg_cache[rs->bg_slot].refs--;
        pthread_mutex_unlock(&ctx->bg_lock);
    } else if (rs->has_bg) {
        ax_background_free(&rs->bg);
    }
    rs->has_bg = 0;
}

/* effective vacuum <sin^2 2theta>(T) */
static double mixing_at(run_state *rs, double T)
{
    double s2 = rs->t->mixing_at(rs->has_bg ? &rs->bg : NULL, rs->m, T);
    if (s2 > rs->max_s2)
        rs->max_s2 = s2;
    return s2;
}

/* T-dependent pieces shared by all momenta at one temperature */
typedef struct tnode {
    double T, s2, r, dtdlnT, B;
    double lnr, c2;     /* ln r, cos 2theta = sqrt(1 - s2) */
    ax_opacity_at op;   /* the opacity at T (docs/physics.md section 3) */
} tnode;

static void tnode_fill(run_state *rs, double T, tnode *n)
{
    const ax_production *ctx = rs->ctx;
    n->T = T;
    n->s2 = mixing_at(rs, T);
    /* p/T = x (g*s(T)/10.75)^(1/3): q = x T_nu0 (docs/physics.md eq. P3) */
    n->r = cbrt(ax_cosmo_gstar_s(&ctx->cosmo, T) * (4.0 / 11.0) / AX_GSTAR_S_TODAY);
    n->lnr = log(n->r);
    n->c2 = sqrt(fmax(0.0, 1.0 - n->s2));
    n->dtdlnT = fabs(ax_cosmo_dt_dlnT(&ctx->cosmo, T));
    n->B = -ax_medium_potential(&ctx->medium, 1.0, T); /* V = -B p */
    ax_medium_opacity_prepare(&ctx->medium, T, &n->op);
}

/* Gamma_s |dt/dln T| at momentum x, lnx = ln x (AFP01 eq. 4-6; BH16 eqs.
 * 6, 7, 9). The innermost loop of the solver: the matter mixing is
 * ax_mixing_matter written out with cos 2theta of the node. */
static double conv_rate(const run_state *rs, const tnode *n, double x, double lnx, double *feq)
{
    const ax_production *ctx = rs->ctx;
    double eps = x * n->r, p = eps * n->T;
    *feq = 1.0 / (exp(eps) + 1.0);
    double G = ax_medium_opacity_prepared_ln(&ctx->medium, &n->op, eps, lnx + n->lnr);
    double Delta = rs->m->m_s * rs->m->m_s / (2.0 * p);
    double a = Delta * Delta * n->s2, b = Delta * n->c2 + n->B * p; /* V = -B p */
    double d = a + b * b;
    double lm = 1.0 / sqrt(d), s2m = a / d;
    double zeno = 0.5 * G * lm;
    double norm = ctx->rate_convention == AX_RATE_AFP ? 0.25 : 1.0;
    return norm * G * s2m / (1.0 + zeno * zeno) * n->dtdlnT;
}

/* n_s0 = 2 (helicities) x T_nu0^3/(2 pi^2) int x^2 f dx, in cm^-3 */
static double tnu0(void) { return cbrt(4.0 / 11.0) * AX_T0_GEV; }
static double number_today_cm3(double moment2)
{
    double T3 = tnu0() * tnu0() * tnu0();
    return 2.0 * T3 / (2.0 * M_PI * M_PI) * moment2 / AX_CM3_TO_GEV3;
}

/* BH16's DW T_max times the model's factor (x2 with a phi background) */
static double T_max_estimate(const run_state *rs)
{
    return rs->t->T_max_factor * ax_tmax_bh16(rs->m->m_s);
}

/* The ln T grid from T_high down to T_low: uniform per segment, with
 * nodes at T_osc for the step evolution (the mixing jumps there) and, for
 * the exact evolution, a twice denser segment from m/H = 0.5 to the
 * junction where the first oscillations of phi are resolved. Returns the
 * count. */
static size_t make_grid(const run_state *rs, double T_high, double T_low, double *lnT,
                        size_t cap)
{
    double per_dec = NT_PER_DECADE * rs->ctx->refine;
    double brk[4], dens[4];
    int nb = 0;
    brk[nb] = log(T_high);
    dens[nb++] = 1.0;
    if (rs->has_bg) {
        const ax_background *b = &rs->bg;
        if (b->evolution == AX_PHI_STEP) {
            if (b->T_osc < T_high && b->T_osc > T_low) {
                brk[nb] = log(b->T_osc);
                dens[nb++] = 1.0;
            }
        } else {
            double Ta = fmin(b->T_osc * sqrt(6.0), T_high), Tj = fmax(b->T_junction, T_low);
            if (Ta > Tj && Ta > T_low && Tj < T_high) {
                if (Ta < T_high) {
                    brk[nb] = log(Ta);
                    dens[nb++] = 2.0;
                } else {
                    dens[0] = 2.0;
                }
                if (Tj > T_low) {
                    brk[nb] = log(Tj);
                    dens[nb++] = 1.0;
                }
            }
        }
    }
    size_t n = 0;
    lnT[n++] = brk[0];
    for (int s = 0; s < nb; s++) {
        double hi = brk[s], lo = s + 1 < nb ? brk[s + 1] : log(T_low);
        size_t k = (size_t)ceil((hi - lo) / M_LN10 * per_dec * dens[s]);
        if (k < 2) k = 2;
        for (size_t i = 1; i <= k && n < cap; i++)
            lnT[n++] = hi + (lo - hi) * i / k;
    }
    return n;
}

typedef struct run_out {
    double moment2, moment3;       /* int x^2 f, int x^3 f with the weights */
    double T_high, T_low, last_decade;
    double frac_above, frac_below; /* of Y, from outside the opacity source's range */
    size_t nhist;                  /* history of Y(T) on the grid */
    double *hist_lnT, *hist_Y;     /* (owned; freed by run_out_free) */
} run_out;

static void run_out_free(run_out *o)
{
    free(o->hist_lnT);
    free(o->hist_Y);
    o->hist_lnT = o->hist_Y = NULL;
}

#define HIST_CAP 8192

/* Advance f[] along the ln T grid g[0..ng-1]; append Y after each step. */
static void advance(run_state *rs, const double *g, size_t ng, size_t nq, const double *x,
                    const double *w, double *f, run_out *o)
{
    const ax_production *ctx = rs->ctx;
    double buf[256]; /* ln x (NULL: computed at each use) */
    double *lnx = nq <= sizeof buf / sizeof *buf ? buf : malloc(nq * sizeof *lnx);
    for (size_t i = 0; lnx && i < nq; i++)
        lnx[i] = log(x[i]);
    for (size_t k = 0; k + 1 < ng; k++) {
        double h = g[k + 1] - g[k]; /* negative: T decreases */
        tnode tn[NGL];
        for (int j = 0; j < NGL; j++)
            tnode_fill(rs, exp(g[k] + ctx->gl_x[j] * h), &tn[j]);
        double m2 = 0.0;
        for (size_t i = 0; i < nq; i++) {
            double tau = 0.0, feq = 0.0, fe;
            for (int j = 0; j < NGL; j++) {
                tau += ctx->gl_w[j] * conv_rate(rs, &tn[j], x[i], lnx ? lnx[i] : log(x[i]), &fe);
                feq += ctx->gl_w[j] * fe;
            }
            tau *= -h;
            /* exact solution for a rate and f_nu constant over the step;
             * 1 - exp(-tau) from its series where the next term is below
             * the rounding (tau^3/24 < 1e-16 relative) */
            double sat = tau < 1e-5 ? tau * (1.0 - 0.5 * tau * (1.0 - tau / 3.0)) : -expm1(-tau);
            f[i] -= (f[i] - feq) * sat;
            if (w)
                m2 += w[i] * f[i];
        }
        if (o->nhist < HIST_CAP) {
            o->hist_lnT[o->nhist] = g[k + 1];
            o->hist_Y[o->nhist] = number_today_cm3(m2) / AX_S0_CM3;
            o->nhist++;
        }
    }
    if (lnx != buf)
        free(lnx);
}

/* Fraction of the final Y added below 10 T_low. */
static double last_decade_fraction(const run_out *o)
{
    double Yend = o->hist_Y[o->nhist - 1], lnTd = log(10.0 * o->T_low);
    double Yd = 0.0;
    for (size_t k = 0; k < o->nhist; k++)
        if (o->hist_lnT[k] >= lnTd)
            Yd = o->hist_Y[k];
    return Yend > 0.0 ? (Yend - Yd) / Yend : 0.0;
}

/* Y of the history at ln T (linear between its nodes; 0 above its start,
 * the last value below its end). */
static double hist_Y_at(const run_out *o, double lnT)
{
    if (o->nhist == 0 || lnT >= o->hist_lnT[0])
        return 0.0;
    for (size_t k = 1; k < o->nhist; k++)
        if (o->hist_lnT[k] <= lnT) {
            double a = o->hist_lnT[k - 1], b = o->hist_lnT[k];
            return o->hist_Y[k - 1] + (o->hist_Y[k] - o->hist_Y[k - 1]) * (a - lnT) / (a - b);
        }
    return o->hist_Y[o->nhist - 1];
}

/* Largest fraction of Omega_s that may come from temperatures outside the
 * opacity table in use before a point is refused without --extrapolate
 * (docs/physics.md section 3: the accuracy of the production) */
#define OUTSIDE_TOL 1e-3

/* Integrate the Boltzmann equation for nq momenta x[] (weights w[] for the
 * moments; NULL for a spectrum only). f[] receives f_s today.
 *
 * Temperature range (docs/physics.md section 3, "Outside the table"): with
 * an opacity table (the default or --opacity FILE) and no --extrapolate the
 * integral is cut to the table's range; what the continued opacity (the
 * analytic model's temperature dependence for the default, the table held
 * at its ends for a user's table) makes above the table's top and below its
 * bottom is integrated separately, only to measure it (frac_above,
 * frac_below; with w only), and the callers refuse the point when it
 * exceeds OUTSIDE_TOL. With --extrapolate (or the analytic model) the
 * integral runs over the whole range with the continued opacity and the
 * same fractions are read off the history. */
static int run(run_state *rs, size_t nq, const double *x, const double *w, double *f,
               run_out *o, ax_error *err)
{
    const ax_production *ctx = rs->ctx;
    const ax_medium *md = &ctx->medium;
    memset(o, 0, sizeof *o);
    double T_est = T_max_estimate(rs);
    double T_high = T_HIGH_FACTOR * T_est;
    double T_low = ctx->T_low;
    int table = md->source != AX_OPACITY_ANALYTIC;
    int cut = table && !md->extrapolate && !rs->continued;
    double T_top = table ? md->tab_T_hi : T_high, T_bot = table ? md->tab_T_lo : 0.0;
    o->hist_lnT = malloc(HIST_CAP * sizeof *o->hist_lnT);
    o->hist_Y = malloc(HIST_CAP * sizeof *o->hist_Y);
    double *g = malloc(HIST_CAP * sizeof *g);
    double *fs = cut && w ? malloc(nq * sizeof *fs) : NULL;
    if (!o->hist_lnT || !o->hist_Y || !g || (cut && w && !fs)) {
        free(g);
        free(fs);
        run_out_free(o);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    for (size_t i = 0; i < nq; i++)
        f[i] = 0.0;
    o->hist_Y[0] = 0.0;
    o->nhist = 1;
    double Y_above = 0.0;
    size_t ng = make_grid(rs, T_high, T_low, g, HIST_CAP / 2), k0 = 0;
    o->hist_lnT[0] = g[0];
    if (cut && T_high > T_top) {
        /* the nodes of the whole range, cut at the table's top:
         * g[k0] > ln T_top >= g[k0 + 1] */
        double lt = log(T_top);
        while (k0 + 2 < ng && g[k0 + 1] > lt)
            k0++;
        if (w) {
            /* above the table: measured, then discarded */
            double save = g[k0 + 1];
            g[k0 + 1] = lt;
            advance(rs, g, k0 + 2, nq, x, w, f, o);
            g[k0 + 1] = save;
            Y_above = o->hist_Y[o->nhist - 1];
            for (size_t i = 0; i < nq; i++)
                f[i] = 0.0;
            o->nhist = 1;
        }
        if (g[k0 + 1] >= lt - 1e-12)
            k0++; /* a node at the top itself */
        g[k0] = lt;
        o->hist_lnT[0] = lt;
        T_high = T_top;
    }
    advance(rs, g + k0, ng - k0, nq, x, w, f, o);
    o->T_low = T_low;
    if (w) {
        o->last_decade = last_decade_fraction(o);
        double T_floor = ctx->cosmo.T_min;
        if (o->last_decade >= 1e-4 && T_low > T_floor * 1.0001) {
            /* production not over: one more decade, down to the floor;
             * below the table's bottom only measured when cut */
            double lowest = fmax(T_low / 10.0, T_floor);
            size_t n0 = o->nhist;
            if (cut)
                memcpy(fs, f, nq * sizeof *f);
            ng = make_grid(rs, T_low, lowest, g, HIST_CAP / 2);
            advance(rs, g, ng, nq, x, w, f, o);
            if (cut && lowest < T_bot) {
                double Yc = hist_Y_at(o, log(T_bot)), Ye = o->hist_Y[o->nhist - 1];
                o->frac_below = Ye > 0.0 ? (Ye - Yc) / Ye : 0.0;
                if (T_low <= T_bot) { /* the whole extra decade is outside */
                    memcpy(f, fs, nq * sizeof *f);
                    o->nhist = n0;
                    /* what one more decade would add: the decade below */
                    o->last_decade = o->frac_below;
                } else { /* redo it down to the table's bottom only */
                    memcpy(f, fs, nq * sizeof *f);
                    o->nhist = n0;
                    lowest = T_bot;
                    ng = make_grid(rs, T_low, lowest, g, HIST_CAP / 2);
                    advance(rs, g, ng, nq, x, w, f, o);
                }
            }
            if (!cut || lowest >= T_bot) {
                o->T_low = lowest;
                o->last_decade = last_decade_fraction(o);
            }
        }
        double Yend = o->hist_Y[o->nhist - 1];
        if (cut) {
            o->frac_above = Y_above > 0.0 ? Y_above / (Y_above + Yend) : 0.0;
        } else if (table && Yend > 0.0) {
            o->frac_above = hist_Y_at(o, log(T_top)) / Yend;
            o->frac_below = (Yend - hist_Y_at(o, log(T_bot))) / Yend;
        }
    }
    o->T_high = T_high;
    if (w) {
        for (size_t i = 0; i < nq; i++) {
            o->moment2 += w[i] * f[i];
            o->moment3 += w[i] * x[i] * f[i];
        }
    }
    free(g);
    free(fs);
    return AX_OK;
}

/* run() on the context's momentum grid; with AX_EXTRAPOLATE_AS_NEEDED a
 * point that needs the opacity beyond its table is run again with it (and
 * so is the rest of a DM-fixed solve: rs->continued stays set). */
static int run_as_needed(run_state *rs, double *f, run_out *o, ax_error *err)
{
    const ax_production *ctx = rs->ctx;
    int st = run(rs, ctx->nq, ctx->xq, ctx->wq, f, o, err);
    if (st == AX_OK && ctx->extrapolate == AX_EXTRAPOLATE_AS_NEEDED && !rs->continued &&
        o->frac_above + o->frac_below > OUTSIDE_TOL) {
        run_out_free(o);
        rs->continued = 1;
        rs->max_s2 = 0.0;
        st = run(rs, ctx->nq, ctx->xq, ctx->wq, f, o, err);
    }
    return st;
}

/* Peak of dY/dln T from the history: the largest finite difference,
 * refined by a parabola through its neighbours in ln T. */
/* Production rate per Hubble time, (1/H) dY/dt = dY/dlnT / (1 + (1/3)
 * dln g*s/dln T), on step k of the history (docs/physics.md eq. P6). */
static double rate_per_hubble(const ax_cosmo *c, const run_out *o, size_t k)
{
    double v = (o->hist_Y[k + 1] - o->hist_Y[k]) / (o->hist_lnT[k] - o->hist_lnT[k + 1]);
    double Tm = exp(0.5 * (o->hist_lnT[k] + o->hist_lnT[k + 1]));
    return v / (1.0 + ax_cosmo_dlngs_dlnT(c, Tm) / 3.0);
}

#define PEAK_SMOOTH 0.15 /* half-width in ln T of the window that smooths the rate */

/* T_max: peak of the production rate per Hubble time, averaged over
 * |Delta ln T| < PEAK_SMOOTH (the exact evolution resolves the first
 * oscillations of the field, which make the rate spiky there), refined by
 * a parabola through the neighbouring steps (docs/physics.md eq. P6). */
static double peak_T(const ax_cosmo *c, const run_out *o)
{
    size_t n = o->nhist;
    if (n < 4)
        return exp(o->hist_lnT[0]);
    size_t ns = n - 1;
    double *x = malloc(ns * sizeof *x), *r = malloc(ns * sizeof *r), *sm = malloc(ns * sizeof *sm);
    if (!x || !r || !sm) {
        free(x); free(r); free(sm);
        return exp(o->hist_lnT[0]);
    }
    for (size_t k = 0; k < ns; k++) {
        x[k] = 0.5 * (o->hist_lnT[k] + o->hist_lnT[k + 1]);
        r[k] = rate_per_hubble(c, o, k);
    }
    size_t best = 0;
    for (size_t k = 0; k < ns; k++) {
        double num = 0.0, den = 0.0;
        for (size_t j = 0; j < ns; j++) {
            if (fabs(x[j] - x[k]) > PEAK_SMOOTH)
                continue;
            double wj = o->hist_lnT[j] - o->hist_lnT[j + 1];
            num += wj * r[j];
            den += wj;
        }
        sm[k] = den > 0.0 ? num / den : r[k];
        if (sm[k] > sm[best])
            best = k;
    }
    double T = exp(x[best]);
    if (best > 0 && best + 1 < ns) {
        double x0 = x[best - 1], xm = x[best], x2 = x[best + 1];
        double y0 = sm[best - 1], y1 = sm[best], y2 = sm[best + 1];
        double d01 = (y1 - y0) / (xm - x0), d12 = (y2 - y1) / (x2 - xm);
        double c2 = (d12 - d01) / (x2 - x0);
        if (c2 < 0.0) {
            double xv = 0.5 * (x0 + xm) - d01 / (2.0 * c2);
            if (xv >= fmin(x0, x2) && xv <= fmax(x0, x2))
                T = exp(xv);
        }
    }
    free(x); free(r); free(sm);
    return T;
}

/* T_max in the convention of BH16 and AFP01: the peak, over the run's
 * range of T, of the conversion rate per Hubble time of one neutrino of
 * momentum p = 3.15 T (the mean momentum), Gamma_s(3.15 T, T) |dt/dlnT|:
 * the largest value on a lattice of 200 points per decade of T, refined by
 * a parabola through its neighbours. The lattice is not evaluated
 * everywhere: every PEAK_STRIDE-th point first, then the points around
 * each coarse local maximum above half the coarse maximum, climbing to
 * the lattice's local maximum from there. That finds the lattice maximum
 * whenever the rate varies on scales longer than the stride (0.046 in ln
 * T; the field's first oscillations, the fastest feature, have a period
 * of pi H/m in ln T, 0.16 at m/H = 20, where the phase average takes
 * over), at a fifth of the cost (docs/performance.md). */
#define PEAK_STRIDE 4

typedef struct peak_lattice {
    run_state *rs;
    double hi, h;
    double *v;                 /* NAN: not evaluated yet */
} peak_lattice;

static double lattice_at(peak_lattice *L, size_t k)
{
    if (isnan(L->v[k])) {
        tnode nd;
        tnode_fill(L->rs, exp(L->hi - L->h * (double)k), &nd);
        double feq;
        L->v[k] = conv_rate(L->rs, &nd, 3.15 / nd.r, log(3.15) - nd.lnr, &feq);
    }
    return L->v[k];
}

static double peak_T_mean_p(run_state *rs, double T_high, double T_low)
{
    double s2save = rs->max_s2;
    double lo = log(T_low), hi = log(T_high);
    size_t n = (size_t)(200.0 * (hi - lo) / log(10.0)) + 3;
    double h = (hi - lo) / (double)(n - 1);
    peak_lattice L = {rs, hi, h, malloc(n * sizeof(double))};
    if (!L.v)
        return exp(hi);
    for (size_t k = 0; k < n; k++)
        L.v[k] = NAN;
    /* coarse pass: every PEAK_STRIDE-th point and the last one */
    size_t nc = (n - 1 + PEAK_STRIDE - 1) / PEAK_STRIDE + 1;
    size_t *ck = malloc(nc * sizeof *ck);
    if (!ck) {
        free(L.v);
        return exp(hi);
    }
    double cmax = -1.0;
    for (size_t c = 0; c < nc; c++) {
        ck[c] = c + 1 < nc ? c * PEAK_STRIDE : n - 1;
        cmax = fmax(cmax, lattice_at(&L, ck[c]));
    }
    /* around each coarse local maximum worth it: the points up to the
     * coarse neighbours, then uphill to the lattice's local maximum */
    size_t best_k = 0;
    double best = -1.0;
    for (size_t c = 0; c < nc; c++) {
        double vc = L.v[ck[c]];
        if (!(vc >= 0.5 * cmax) || (c > 0 && L.v[ck[c - 1]] > vc) ||
            (c + 1 < nc && L.v[ck[c + 1]] > vc))
            continue;
        size_t a = c > 0 ? ck[c - 1] : 0, b = c + 1 < nc ? ck[c + 1] : n - 1, m = ck[c];
        for (size_t j = a; j <= b; j++)
            if (lattice_at(&L, j) > L.v[m])
                m = j;
        for (;;) {
            if (m > 0 && lattice_at(&L, m - 1) > L.v[m])
                m--;
            else if (m + 1 < n && lattice_at(&L, m + 1) > L.v[m])
                m++;
            else
                break;
        }
        if (L.v[m] > best || (L.v[m] == best && m < best_k)) {
            best = L.v[m];
            best_k = m;
        }
    }
    free(ck);
    /* the first of equal maxima, as a scan in k finds it */
    for (size_t k = 0; k < best_k; k++)
        if (!isnan(L.v[k]) && L.v[k] == best) {
            best_k = k;
            break;
        }
    double best_x = hi - h * (double)best_k;
    /* parabola through the neighbours (lnT = best_x + h, best_x - h) */
    if (best_k > 0 && best_k + 1 < n) {
        double y0 = lattice_at(&L, best_k - 1), y1 = L.v[best_k], y2 = lattice_at(&L, best_k + 1);
        double c2 = y0 - 2.0 * y1 + y2;
        if (c2 < 0.0)
            best_x -= h * (y0 - y2) / (2.0 * c2);
    }
    free(L.v);
    rs->max_s2 = s2save;
    return exp(best_x);
}

/* BH16's and AFP01's T_max estimate, 133 MeV (m_s/keV)^(1/3), is the
 * temperature where the thermal potential equals the vacuum term at the
 * mean momentum, |V_T(3.15 T, T)| = m_s^2/(2 3.15 T): the onset of the
 * matter suppression. Bisection in ln T over 1 MeV - 10 TeV. */
static double T_cross(const ax_production *ctx, double m_s)
{
    double lo = log(1e-3), hi = log(1e4);
    for (int it = 0; it < 80; it++) {
        double mid = 0.5 * (lo + hi), T = exp(mid), p = 3.15 * T;
        double V = fabs(ax_medium_potential(&ctx->medium, p, T));
        if (V > m_s * m_s / (2.0 * p))
            hi = mid;
        else
            lo = mid;
    }
    return exp(0.5 * (lo + hi));
}

static double coupling_of(const ax_model *m)
{
    return ax_model_get(m, ax_model_coupling(ax_model_type_of(m->kind)));
}

/* One evaluation with an initialised state. */
/* full = 0 (the trial couplings of a DM-fixed solve): without
 * T_max_mean_p, which the solve adds for the accepted coupling only */
static int omega_with_state(run_state *rs, ax_prod_result *res, int full, ax_error *err)
{
    const ax_production *ctx = rs->ctx;
    const ax_model *m = rs->m;
    size_t nq = ctx->nq;
    double *f = malloc(nq * sizeof *f);
    if (!f)
        return ax_fail(err, AX_ERUN, "out of memory");
    rs->max_s2 = 0.0;
    run_out o;
    int st = run_as_needed(rs, f, &o, err);
    free(f);
    if (st != AX_OK)
        return st;
    memset(res, 0, sizeof *res);
    double n0 = number_today_cm3(o.moment2);
    if (ax_fault("nonfinite")) /* tests: the check below */
        n0 = NAN;
    if (!isfinite(n0) || !(n0 >= 0.0)) {
        run_out_free(&o);
        return ax_fail(err, AX_ERUN, "the sterile-neutrino number density is not a finite "
                       "non-negative number (a numerical failure in the Boltzmann solve)");
    }
    res->Y = n0 / AX_S0_CM3;
    res->omega_h2 = m->m_s * n0 / AX_RHO_CRIT_H2_GEV_CM3;
    res->mean_q_over_T = o.moment2 > 0.0 ? o.moment3 / o.moment2 : 0.0;
    res->T_max = peak_T(&ctx->cosmo, &o);
    res->T_max_mean_p = full ? peak_T_mean_p(rs, o.T_high, o.T_low) : 0.0;
    res->T_cross = T_cross(ctx, m->m_s);
    res->T_high = o.T_high;
    res->T_low = o.T_low;
    res->last_decade_frac = o.last_decade;
    res->frac_above_table = o.frac_above;
    res->frac_below_table = o.frac_below;
    res->opacity_extrapolated = ctx->medium.source != AX_OPACITY_ANALYTIC &&
                                (ctx->medium.extrapolate || rs->continued);
    res->coupling = coupling_of(m);
    res->sin2_2theta_today = rs->t->mixing_today(m);
    res->max_sin2_2theta = rs->max_s2;
    res->large_mixing = rs->max_s2 > 0.1;
    res->rate_convention = ctx->rate_convention == AX_RATE_AFP ? "AFP01 (Gamma/4)"
                                                                : "BH16 eq. 6 (no 1/4)";
    double s2save = rs->max_s2;
    res->sin2_2theta_at_Tmax = mixing_at(rs, res->T_max);
    rs->max_s2 = s2save;
    if (rs->has_bg) {
        res->T_osc = rs->bg.T_osc;
        res->oscillating_at_Tmax = ax_background_oscillating(&rs->bg, res->T_max);
        double mT = ax_background_mass(&rs->bg, res->T_max);
        res->adiabatic = mT < 0.1 * m->m_s * m->m_s / (2.0 * 3.15 * res->T_max);
    } else {
        res->adiabatic = 1;
    }
    run_out_free(&o);
    return AX_OK;
}

/* The smallest mixing a result is computed for (see ax_production_omega). */
#define MIN_MIXING 1e-200

/* Refuse a result that depends on the opacity outside the range of the
 * table in use by more than OUTSIDE_TOL (docs/physics.md section 3). */
static int outside_check(const ax_production *ctx, const ax_prod_result *res, ax_error *err)
{
    const ax_medium *md = &ctx->medium;
    double out = res->frac_above_table + res->frac_below_table;
    if (res->opacity_extrapolated || md->source == AX_OPACITY_ANALYTIC || !(out > OUTSIDE_TOL))
        return AX_OK;
    char range[160], where[96];
    if (md->source == AX_OPACITY_DEFAULT)
        snprintf(range, sizeof range, "the default opacity table (Venumadhav et al. 2016, "
                 "%.3g MeV - %.3g GeV)", md->tab_T_lo * 1e3, md->tab_T_hi);
    else
        snprintf(range, sizeof range, "the opacity table %.100s (%.4g MeV - %.4g MeV)",
                 md->table_path, md->tab_T_lo * 1e3, md->tab_T_hi * 1e3);
    if (res->frac_above_table > 0.0 && res->frac_below_table > 0.0)
        snprintf(where, sizeof where, "%.2g%% above it and %.2g%% below it",
                 100.0 * res->frac_above_table, 100.0 * res->frac_below_table);
    else
        snprintf(where, sizeof where, "%.2g%% %s it", 100.0 * out,
                 res->frac_above_table > 0.0 ? "above" : "below");
    return ax_fail(err, AX_EINPUT,
                   "Omega_s depends on the opacity outside %s: %s (estimated with %s), more "
                   "than the %g accuracy of the production; pass --extrapolate to use %s",
                   range, where,
                   md->source == AX_OPACITY_DEFAULT ? "the analytic model's temperature "
                                                      "dependence beyond the table"
                                                    : "the table held at its ends",
                   OUTSIDE_TOL,
                   md->source == AX_OPACITY_DEFAULT ? "that continuation"
                                                    : "the table clamped at its ends");
}

int ax_production_omega(const ax_production *ctx, const ax_model *m, ax_prod_result *res,
                        ax_error *err)
{
    run_state rs;
    int st = state_init(&rs, ctx, m, err);
    st = AX_THEN(st, omega_with_state(&rs, res, 1, err));
    /* below a mixing of 1e-200 the abundance, proportional to the mixing
     * there, heads for underflow (sin^2 2theta_eff = 1e-315 from g_phi =
     * 1e-100, f_phi = 1e-150 gave Omega = 0 and a wrong T_max): refused,
     * as dw's sin^2 2theta < 1e-200 is */
    if (st == AX_OK && !(res->max_sin2_2theta >= MIN_MIXING))
        st = ax_fail(err, AX_EINPUT, "the mixing never reaches %g (its largest value, "
                     "sin^2 2theta_eff = %.3g, is below it): expected a coupling and fraction "
                     "that give at least %g (Omega is proportional to the mixing there: scale a "
                     "result computed at a larger coupling)", MIN_MIXING, res->max_sin2_2theta,
                     MIN_MIXING);
    st = AX_THEN(st, outside_check(ctx, res, err));
    state_free(&rs);
    if (st != AX_OK) {
        char d[256];
        return ax_error_context(err, "production, %s", ax_model_describe(m, 1, d, sizeof d));
    }
    return AX_OK;
}

/* ---- DM-fixed solve --------------------------------------------------- */


typedef struct dm_par {
    run_state *rs;
    ax_model *m;
    const ax_model_param *cp;  /* the coupling row */
    double power;              /* Omega_s ~ coupling^power */
    double target;
    ax_prod_result *res;
    ax_error *err;
    int status;
    int evals;
    double last_L;     /* the coupling whose result is in *res */
} dm_par;

/* Omega_s grows like exp(L): L = power x ln(coupling) (ln sin^2 2theta
 * for DW, 2 ln g for a Yukawa). */
static void set_L(const dm_par *p, double L)
{
    ax_model_set(p->m, p->cp, exp(L / p->power));
}

static double get_L(const dm_par *p)
{
    return p->power * log(ax_model_get(p->m, p->cp));
}

static double dm_fn(double L, void *pp)
{
    dm_par *p = pp;
    set_L(p, L);
    p->evals++;
    p->last_L = L;
    /* DW: sin^2 2theta < 1; a Yukawa: perturbative, g <= 1 (beyond, the
     * abundance has long saturated at its thermal value, and exp(L) soon
     * overflows) */
    const ax_model_type *t = p->rs->t;
    double c = ax_model_get(p->m, p->cp);
    if (!(t->coupling_max_open ? c < t->coupling_max : c <= t->coupling_max)) {
        p->status = ax_fail(p->err, AX_ERUN, "no %s %s %g gives Omega_s h^2 = %g%s",
                            p->cp->symbol ? p->cp->symbol : p->cp->key, t->coupling_max_open ? "<" : "<=", t->coupling_max,
                            p->target, t->dm_no_root ? t->dm_no_root : "");
        return GSL_NAN;
    }
    int st = omega_with_state(p->rs, p->res, 0, p->err);
    if (st != AX_OK) {
        p->status = st;
        return GSL_NAN;
    }
    if (!(p->res->omega_h2 > 0.0)) {
        p->status = ax_fail(p->err, AX_ERUN, "Omega_s h^2 = 0 at coupling %g",
                            coupling_of(p->m));
        return GSL_NAN;
    }
    return log(p->res->omega_h2 / p->target);
}

#define DM_TOL 1e-5   /* relative accuracy of Omega_s at the solution */

int ax_production_dm_fixed(const ax_production *ctx, ax_model *m, ax_prod_result *res,
                           ax_error *err)
{
    double target = ax_model_dm_target_fraction(m) * AX_OMEGA_DM_H2;
    if (ax_fault("dm_noroot")) /* tests: an abundance no coupling reaches */
        target *= 1e6; /* above the thermalised abundance at every mass */
    run_state rs;
    int st = state_init(&rs, ctx, m, err);
    if (st != AX_OK) {
        state_free(&rs);
        return ax_error_context(err, "DM-fixed solve (m_s = %g keV)", m->m_s * 1e6);
    }
    dm_par p = {&rs, m, ax_model_coupling(rs.t), rs.t->coupling_power, target, res, err,
                AX_OK, 0, 0.0};
    /* first guess from the small-mixing scaling Omega ~ g^2 (~ sin^2 2theta).
     * A starting coupling far in the large-mixing regime (the QCD axion's
     * default g_a = 1) is first brought down without any Boltzmann run: the
     * largest effective vacuum mixing over the production range, sampled
     * from the model's mixing alone, scaled to ~1e-4 (it grows like exp(L)
     * below saturation); each Boltzmann run saved is a whole solve's cost. */
    double L0 = get_L(&p);
    {
        double T_est = T_max_estimate(&rs);
        double lo = log(0.1 * T_est), hi = log(T_HIGH_FACTOR * T_est);
        for (int i = 0, on = 0; i < 40; i++) {
            double mx = 0.0;
            for (int k = 0; k <= 60; k++) {
                double s2 = rs.t->mixing_at(rs.has_bg ? &rs.bg : NULL, m,
                                            exp(lo + (hi - lo) * k / 60.0));
                if (s2 > mx)
                    mx = s2;
            }
            /* only from the large-mixing regime, then well into the
             * linear one (~1e-8: Omega ~ exp(L) holds from there up to
             * the solution, so L0 - F0 lands close to it) */
            if (i == 0)
                on = mx > 1e-3;
            if (!on || !(mx > 1e-7) || !isfinite(mx))
                break;
            L0 -= log(mx / 1e-8);
            set_L(&p, L0);
        }
    }
    double F0 = dm_fn(L0, &p);
    /* leave the non-linear regime first: the mixing scales like exp(L) */
    for (int i = 0; i < 20 && p.status == AX_OK && rs.max_s2 > 1e-3; i++) {
        L0 -= log(rs.max_s2 / 1e-4);
        F0 = dm_fn(L0, &p);
    }
    /* a starting coupling already at the solution (a caller's guess from a
     * neighbouring solve) is accepted as it is; else the linear step */
    double L1 = L0, F1 = F0;
    if (p.status == AX_OK && !(fabs(F0) <= DM_TOL)) {
        L1 = L0 - F0;
        F1 = dm_fn(L1, &p);
    } else if (p.status != AX_OK) {
        F1 = GSL_NAN;
    }
    /* secant steps in L (ln Omega is nearly linear in L) */
    for (int i = 0; i < 4 && p.status == AX_OK && fabs(F1) > DM_TOL && F1 != F0; i++) {
        double L2 = L1 - F1 * (L1 - L0) / (F1 - F0);
        if (!(fabs(L2 - L1) < 2.0))
            break;
        double F2 = dm_fn(L2, &p);
        if (p.status != AX_OK || !(fabs(F2) < fabs(F1)))
            break;
        L0 = L1; F0 = F1;
        L1 = L2; F1 = F2;
    }
    if (p.status == AX_OK && fabs(F1) <= DM_TOL && p.last_L != L1)
        dm_fn(L1, &p); /* leave the result of the accepted coupling in res */
    if (p.status == AX_OK && fabs(F1) > DM_TOL) {
        /* bracket with growing steps, then Brent in ln g */
        /* first step: the linear one, -F1 (at least 0.05), then doubling */
        double La = L1, Fa = F1, step = fabs(F1) > 0.05 ? -F1 : F1 > 0 ? -0.05 : 0.05;
        double Lb = La, Fb = Fa;
        for (int i = 0; i < 60 && p.status == AX_OK && Fa * Fb > 0.0; i++) {
            La = Lb;
            Fa = Fb;
            Lb = La + step;
            step *= 2.0;
            Fb = dm_fn(Lb, &p);
        }
        if (p.status == AX_OK && Fa * Fb > 0.0)
            p.status = ax_fail(err, AX_ERUN, "could not bracket Omega_s h^2 = %g", target);
        if (p.status == AX_OK) {
            gsl_function F = {dm_fn, &p};
            gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
            gsl_root_fsolver_set(s, &F, fmin(La, Lb), fmax(La, Lb));
            int gs = GSL_CONTINUE;
            for (int it = 0; it < 100 && gs == GSL_CONTINUE && p.status == AX_OK; it++) {
                gsl_root_fsolver_iterate(s);
                double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
                gs = gsl_root_test_interval(lo, hi, DM_TOL * 0.5, 0.0);
            }
            double Lr = gsl_root_fsolver_root(s);
            gsl_root_fsolver_free(s);
            if (p.status == AX_OK)
                dm_fn(Lr, &p);
            if (p.status == AX_OK && gs != GSL_SUCCESS)
                p.status = ax_fail(err, AX_ERUN, "root finder did not converge");
        }
    }
    /* the last evaluation was the accepted coupling (in *m and *res) */
    if (p.status == AX_OK)
        p.status = outside_check(ctx, res, err);
    if (p.status == AX_OK)
        res->T_max_mean_p = peak_T_mean_p(&rs, res->T_high, res->T_low);
    state_free(&rs);
    if (p.status != AX_OK) {
        char d[256];
        ax_model_describe(m, 0, d, sizeof d); /* the coupling is the unknown */
        return ax_error_context(err, "DM-fixed solve for the %s", d);
    }
    return AX_OK;
}

/* ---- spectrum and rate ----------------------------------------------- */

int ax_production_spectrum(const ax_production *ctx, const ax_model *m, size_t nq,
                           const double *x, double *f_s, ax_error *err)
{
    run_state rs;
    int st = state_init(&rs, ctx, m, err);
    run_out o;
    memset(&o, 0, sizeof o);
    if (st == AX_OK && ctx->extrapolate == AX_EXTRAPOLATE_AS_NEEDED) {
        /* whether the point needs the opacity beyond its table: one run
         * on the context's grid, whose moments measure it */
        double *fq = malloc(ctx->nq * sizeof *fq);
        st = fq ? run_as_needed(&rs, fq, &o, err) : ax_fail(err, AX_ERUN, "out of memory");
        free(fq);
        run_out_free(&o);
    }
    st = AX_THEN(st, run(&rs, nq, x, NULL, f_s, &o, err));
    run_out_free(&o);
    state_free(&rs);
    return st == AX_OK ? AX_OK : ax_error_context(err, "spectrum");
}

int ax_production_rate(const ax_production *ctx, const ax_model *m, size_t nT,
                       const double *T, double *dY_dlnT, ax_error *err)
{
    run_state rs;
    int st = state_init(&rs, ctx, m, err);
    double *f = malloc(ctx->nq * sizeof *f);
    run_out o;
    memset(&o, 0, sizeof o);
    if (!f && st == AX_OK)
        st = ax_fail(err, AX_ERUN, "out of memory");
    st = AX_THEN(st, run_as_needed(&rs, f, &o, err));
    if (st == AX_OK) {
        /* finite differences at the step midpoints, linear in ln T between */
        for (size_t i = 0; i < nT; i++) {
            double l = log(T[i]), v = 0.0;
            for (size_t k = 0; k + 2 < o.nhist; k++) {
                double a = 0.5 * (o.hist_lnT[k] + o.hist_lnT[k + 1]);
                double b = 0.5 * (o.hist_lnT[k + 1] + o.hist_lnT[k + 2]);
                if (l <= a && l >= b) {
                    double va = (o.hist_Y[k + 1] - o.hist_Y[k]) / (o.hist_lnT[k] - o.hist_lnT[k + 1]);
                    double vb = (o.hist_Y[k + 2] - o.hist_Y[k + 1]) /
                                (o.hist_lnT[k + 1] - o.hist_lnT[k + 2]);
                    v = va + (vb - va) * (a - l) / (a - b);
                    break;
                }
            }
            dY_dlnT[i] = v > 0.0 ? v : 0.0;
        }
    }
    free(f);
    run_out_free(&o);
    state_free(&rs);
    return st == AX_OK ? AX_OK : ax_error_context(err, "production rate");
}
