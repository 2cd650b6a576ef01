/* fig3.c -- BH16 Fig. 3, the QCD axion. By default as BH16 draw it: for
 * each m_s the decay constant f_a is the one for which the axion starts to
 * oscillate when production peaks, m_a(T_max) = 3 H(T_max), and the line is
 * the DM-fixed g_a at that f_a; the m_s where that f_a falls to 1e9 GeV
 * (SN 1987A) is a vertical dot-dashed line, and the g_a above which
 * nu_s -> nu a conflicts with the CMB (at the same f_a) a shaded region.
 * With --fa-lines (ax_figure_opts.fa_lines): DM-fixed lines at fixed f_a
 * and their CMB bounds instead. Physics: docs/physics.md sections 4-6;
 * choices: docs/figures.md, Fig. 3. */
#include "figure.h"

#include "axsterile/constants.h"
#include "axsterile/cosmo.h"
#include "axsterile/decay.h"
#include "axsterile/mixing.h"
#include "axsterile/model.h"
#include "axsterile/version.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIG3_MS_MIN (1.0 * KEV)
/* to 30 MeV, so that the f_a = 1e9 GeV line (9 MeV with the exact field
 * evolution) and the masses beyond it are inside the plot */
#define FIG3_MS_MAX (30.0 * 1e-3)
static const double FIG3_FA[] = {1e9, 1e10, 1e11, 1e12};

/* The supernova bound on f_a drawn (SN 1987A, Raffelt 2008, Lect. Notes
 * Phys. 741, 51: f_a > 4e8 GeV; BH16 use 1e9 GeV). */
#define FIG3_FA_SN 1e9

/* The table of the default figure. */
static const char QCD_LINE[] = "qcd_dm_fixed.csv";

/* Precision of the self-consistent T_osc = T_max (in ln T). */
#define TOSC_TOL 2e-3

/* ---- the default: f_a(m_s) with m_a(T_max) = 3 H(T_max) ---------------- */

/* The rows every FIG3_COARSE-th (and the last) of the grid are searched
 * in full; the others start from these rows' roots interpolated in ln m_s.
 * Which rows those are depends on the grid alone, and each is computed by
 * whichever thread first needs it, always the same way, so the results do
 * not depend on the threads or on --shard. */
#define FIG3_COARSE 8

typedef struct coarse_row {
    int state;          /* 0: not started, 1: being computed, 2: done */
    int st;
    ax_error err;
    double root, lng;   /* ln(T_osc/GeV) and ln g_a at the root */
    double row[5];
    fig3_search_info info;
} coarse_row;

typedef struct fig3_state {
    ax_background ma; /* only its lattice m_a(T)/m_a0 table is used */
    int has_ma;
    int search;              /* FIG3_SEARCH_* (tests) */
    fig3_search_info *info;  /* per row: how its search went (tests) */
    size_t ninfo;
    coarse_row *coarse;      /* rows 0, FIG3_COARSE, 2 FIG3_COARSE, ..., and the last */
    size_t ncoarse;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int has_lock;
} fig3_state;

static void free_state(void *p)
{
    fig3_state *s = p;
    if (!s)
        return;
    if (s->has_ma)
        ax_background_free(&s->ma);
    if (s->has_lock) {
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->cond);
    }
    free(s->coarse);
    free(s->info);
    free(s);
}

/* f_a whose axion starts to oscillate at T: m_a0(f_a) (m_a(T)/m_a0) = 3 H(T),
 * with m_a0 f_a = m_pi f_pi sqrt(z)/(1+z) (BH16 eq. 13). */
static double fa_oscillating_at(const ax_figure *f, double T)
{
    const fig3_state *s = f->state;
    double ratio = ax_axion_mass_ratio(&s->ma, T);
    return ax_axion_ma0(1.0) * ratio / (3.0 * ax_cosmo_hubble(ax_production_cosmo(f->prod), T));
}

#define TOSC_HIST 64
#define TOSC_KEEP 4
#define TOSC_NEAR 0.35 /* in ln T_osc: a lattice step and a bit */

/* ln g_a at ln T_osc = x from the solves made so far: through the three
 * nearest when they are close (inside the bracket, where the Brent steps
 * then start within the DM-fixed solve's tolerance: one Boltzmann run),
 * else linear through the two nearest (ln g_a is smooth in ln T_osc); 0
 * when there is none. */
static double lng_guess(const double *hx, const double *hg, int n, double x)
{
    int k3[3] = {-1, -1, -1}, m = 0;
    for (int k = 0; k < n; k++) {
        int dup = 0;
        for (int j = 0; j < m; j++)
            dup |= hx[k3[j]] == hx[k];
        if (dup)
            continue;
        /* insert k among the nearest three, by distance */
        int pos = m < 3 ? m : 3;
        while (pos > 0 && fabs(hx[k] - x) < fabs(hx[k3[pos - 1]] - x))
            pos--;
        if (pos >= 3)
            continue;
        for (int j = (m < 3 ? m : 2); j > pos; j--)
            k3[j] = k3[j - 1];
        k3[pos] = k;
        if (m < 3)
            m++;
    }
    if (m == 0)
        return 0.0;
    if (m == 1)
        return hg[k3[0]];
    double x0 = hx[k3[0]], x1 = hx[k3[1]], y0 = hg[k3[0]], y1 = hg[k3[1]];
    if (m == 3 && fabs(hx[k3[2]] - x) < TOSC_NEAR) {
        double x2 = hx[k3[2]], y2 = hg[k3[2]];
        return y0 * (x - x1) * (x - x2) / ((x0 - x1) * (x0 - x2)) +
               y1 * (x - x0) * (x - x2) / ((x1 - x0) * (x1 - x2)) +
               y2 * (x - x0) * (x - x1) / ((x2 - x0) * (x2 - x1));
    }
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

typedef struct tosc_par {
    const ax_figure *f;
    double m_s;
    ax_model m;        /* the last solve */
    ax_prod_result r;
    double lnT;        /* where it was made */
    int st;
    ax_error *err;
    double last_f;     /* tosc_fn there */
    int nsolve;        /* DM-fixed solves made */
    int legacy;        /* the search as it was before the lattice (tests) */
    int jump;          /* fixed-point steps down the lattice (the default) */
    double lo, hi;     /* the bracket the stepping found */
    double zlo, zhi, fzlo, fzhi; /* Brent's last bracket */
    int seeded;        /* the first solve starts from ln g_a = seed_lg */
    double seed_lg;
    /* the solves made: ln T_osc and ln g_a (the next solve's start) */
    double hx[TOSC_HIST], hg[TOSC_HIST];
    int nh;
    /* the last few solves whole, so that the root need not be solved again */
    struct { double x, f; ax_model m; ax_prod_result r; } keep[TOSC_KEEP];
} tosc_par;

/* ln(T_max/T_osc) of the DM-fixed point whose axion starts to oscillate at
 * T_osc = exp(lnT): negative where it oscillates at the production peak. */
static double tosc_fn(double lnT, void *vp)
{
    tosc_par *q = vp;
    if (q->st)
        return GSL_NAN;
    if (!q->legacy && q->nsolve > 0 && lnT == q->lnT) /* Brent may ask again for its last point */
        return q->last_f;
    /* the solve starts from the g_a of the solves made so far, the first
     * from the coarse rows' when the row starts from them (the mixing
     * ~ g_a^2 phi^2/f_a^2 with phi^2 ~ f_a^2 hardly changes with f_a): two
     * Boltzmann runs, or one close to the root, instead of four to five
     * from g_a = 1 */
    double lg = q->legacy                ? (q->m.g_a > 0.0 ? log(q->m.g_a) : 0.0)
                : q->nh == 0 && q->seeded ? q->seed_lg
                                          : lng_guess(q->hx, q->hg, q->nh, lnT);
    ax_model_defaults(&q->m, AX_MODEL_QCD);
    if (lg != 0.0)
        q->m.g_a = exp(lg);
    q->m.m_s = q->m_s;
    q->m.f_a = fa_oscillating_at(q->f, exp(lnT));
    q->m.frac = q->f->o.f_phi;
    q->m.phi_evolution = q->f->o.phi_evolution;
    q->lnT = lnT;
    q->nsolve++;
    q->st = ax_production_dm_fixed(q->f->prod, &q->m, &q->r, q->err);
    if (q->st) {
        ax_error_context(q->err, "DM-fixed g_a at m_s = %g keV, f_a = %g GeV (T_osc = %g GeV)",
                         q->m_s / KEV, q->m.f_a, exp(lnT));
        return GSL_NAN;
    }
    if (q->nh < TOSC_HIST) {
        q->hx[q->nh] = lnT;
        q->hg[q->nh++] = log(q->m.g_a);
    }
    q->last_f = log(q->r.T_max / q->r.T_osc);
    int kk = (q->nsolve - 1) % TOSC_KEEP;
    q->keep[kk].x = lnT;
    q->keep[kk].f = q->last_f;
    q->keep[kk].m = q->m;
    q->keep[kk].r = q->r;
    return log(q->r.T_max / q->r.T_osc);
}

/* The search's steps in ln T_osc. The bracketing steps lie on a lattice of
 * multiples of TOSC_STEP, the same for every m_s: neighbouring rows then
 * ask for the same f_a there, whose axion background the production
 * context keeps (docs/performance.md), and only the Brent steps inside the
 * bracket solve a field equation of their own. */
#define TOSC_STEP 0.3
#define TOSC_STEP_UP 0.6

/* Brent's method (Brent 1973, "Algorithms for minimization without
 * derivatives", ch. 4) on the bracket [lo, hi] whose ends are solved
 * (f(lo) >= 0 > f(hi)), to an interval of TOSC_TOL: inverse quadratic or
 * secant steps, bisection when they do not shrink the bracket fast enough,
 * and, unlike GSL's brent (whose smallest step is the rounding), a step of
 * at least TOSC_TOL/2, so that an iterate next to the root is followed by
 * one just across it and the interval closes. The best point (the smaller
 * |f| of the last bracket) is left solved in q. */
static int zeroin(tosc_par *q, double lo, double flo, double hi, double fhi)
{
    double a = hi, fa = fhi, b = lo, fb = flo, c = a, fc = fa;
    double d = b - a, e = d;
    int done = 0;
    for (int it = 0; it < 100 && !q->st && !done; it++) {
        if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol1 = 2.0 * DBL_EPSILON * fabs(b) + 0.5 * TOSC_TOL, m = 0.5 * (c - b);
        if (fabs(m) <= tol1 || fb == 0.0) {
            done = 1;
            q->zlo = fb >= 0 ? b : c;
            q->fzlo = fb >= 0 ? fb : fc;
            q->zhi = fb >= 0 ? c : b;
            q->fzhi = fb >= 0 ? fc : fb;
            break;
        }
        if (fabs(e) < tol1 || fabs(fa) <= fabs(fb)) {
            d = e = m;
        } else {
            double sr = fb / fa, p, qq;
            if (a == c) { /* secant */
                p = 2.0 * m * sr;
                qq = 1.0 - sr;
            } else { /* inverse quadratic */
                double t = fa / fc, r = fb / fc;
                p = sr * (2.0 * m * t * (t - r) - (b - a) * (r - 1.0));
                qq = (t - 1.0) * (r - 1.0) * (sr - 1.0);
            }
            if (p > 0)
                qq = -qq;
            else
                p = -p;
            if (2.0 * p < fmin(3.0 * m * qq - fabs(tol1 * qq), fabs(e * qq))) {
                e = d;
                d = p / qq;
            } else {
                d = e = m;
            }
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol1 ? d : (m > 0 ? tol1 : -tol1);
        fb = tosc_fn(b, q);
    }
    if (q->st)
        return q->st;
    if (!done) /* Brent's method converges in far fewer steps */
        return ax_fail(q->err, AX_ERUN, "m_s = %g keV: the T_osc = T_max solve did not "
                       "converge", q->m_s / KEV);
    if (q->nsolve > 0 && q->lnT != b) /* the root was solved a few steps ago */
        for (int k = 0; k < TOSC_KEEP && k < q->nsolve; k++)
            if (q->keep[k].x == b) {
                q->m = q->keep[k].m;
                q->r = q->keep[k].r;
                q->lnT = b;
                q->last_f = q->keep[k].f;
            }
    if (q->nsolve == 0 || q->lnT != b)
        tosc_fn(b, q);
    return q->st;
}

/* The self-consistent T_osc = T_max: from the lattice point at or above
 * twice BH16's estimate of the axion-assisted peak (2 x 133 MeV
 * (m_s/keV)^(1/3)), where the axion oscillates at T_max, down in steps
 * until it no longer does; then Brent in ln T_osc. The last solve (at the
 * root) is left in q. With anchored = 0 the steps start at the estimate
 * itself (the search before the lattice, kept for the tests). */
static int solve_tosc_search(tosc_par *q)
{
    int anchored = !q->legacy;
    double hi = log(2.0 * 2.0 * ax_tmax_bh16(q->m_s));
    double step = 0.3, up = 0.5;
    if (anchored) {
        hi = TOSC_STEP * ceil(hi / TOSC_STEP);
        step = TOSC_STEP;
        up = TOSC_STEP_UP;
    }
    double fhi = tosc_fn(hi, q);
    for (int k = 0; k < 6 && !q->st && fhi >= 0; k++)
        fhi = tosc_fn(anchored ? (hi = TOSC_STEP * round((hi + up) / TOSC_STEP)) : (hi += up),
                      q);
    double lo = hi, flo = fhi;
    double px = hi, pf = fhi; /* the point before */
    for (int k = 0; k < 40 && !q->st && flo < 0; k++) {
        if (k > 0) {
            px = hi;
            pf = fhi;
        }
        hi = lo;
        fhi = flo;
        if (!anchored) {
            flo = tosc_fn(lo -= step, q);
            continue;
        }
        /* one lattice step down, or, where T_max lies more than a step
         * below T_osc, the fixed point T_osc = T_max of this solve (the
         * lattice point at or above it): while the axion oscillates well
         * before the production peak, T_max hardly moves with T_osc; or
         * two steps where the secant of the last two points puts the
         * crossing farther than that (ln(T_max/T_osc) is convex there, so
         * the secant overshoots rather than falls short) */
        double next = TOSC_STEP * round((lo - step) / TOSC_STEP);
        if (q->jump && flo < -step)
            next = fmin(next, TOSC_STEP * ceil((lo + flo) / TOSC_STEP - 1e-9));
        else if (q->jump && px > lo && pf < 0 && flo > pf &&
                 -flo * (px - lo) / (flo - pf) > 2.0 * step)
            next = TOSC_STEP * round((lo - 2.0 * step) / TOSC_STEP);
        int skipped = next < TOSC_STEP * round((lo - step) / TOSC_STEP);
        lo = next;
        flo = tosc_fn(lo, q);
        if (skipped && !q->st && flo >= 0) {
            /* the safeguard: it crossed; the points skipped are solved from
             * the top down, so that the bracket is the stepping search's */
            for (double x = TOSC_STEP * round((hi - step) / TOSC_STEP); x > lo + 0.5 * step;
                 x = TOSC_STEP * round((x - step) / TOSC_STEP)) {
                double fx = tosc_fn(x, q);
                if (q->st || fx >= 0) {
                    lo = x;
                    flo = fx;
                    break;
                }
                hi = x;
                fhi = fx;
            }
        }
    }
    q->lo = lo;
    q->hi = hi;
    if (q->st)
        return q->st;
    if (!(fhi < 0 && flo >= 0))
        return ax_fail(q->err, AX_ERUN, "m_s = %g keV: no f_a for which the axion starts to "
                       "oscillate at the production peak (T_osc %g - %g GeV)", q->m_s / KEV,
                       exp(lo), exp(hi));
    if (anchored)
        return zeroin(q, lo, flo, hi, fhi);
    gsl_function F = {tosc_fn, q};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return ax_fail(q->err, AX_ERUN, "out of memory");
    int st = gsl_root_fsolver_set(s, &F, lo, hi), iter = 0;
    double root = hi;
    while (!st && !q->st && iter++ < 40) {
        st = gsl_root_fsolver_iterate(s);
        root = gsl_root_fsolver_root(s);
        if (!st && gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                          gsl_root_fsolver_x_upper(s), TOSC_TOL, 0) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    if (q->st)
        return q->st;
    if (st)
        return ax_fail(q->err, AX_ERUN, "m_s = %g keV: the T_osc = T_max solve failed (%s)",
                       q->m_s / KEV, gsl_strerror(st));
    if (q->lnT != root)
        tosc_fn(root, q); /* the solution at the root (Brent's last step, mostly) */
    return q->st;
}

extern const ax_figure_type fig_type_fig3;

/* the state is fig3_state only for BH16's figure (--fa-lines has none) */
static fig3_state *bh16_state(const ax_figure *f)
{
    return f && f->type == &fig_type_fig3 && !f->o.fa_lines ? f->state : NULL;
}

void fig3_set_search(ax_figure *f, int mode)
{
    fig3_state *s = bh16_state(f);
    if (s)
        s->search = mode;
}

const fig3_search_info *fig3_search_info_of(const ax_figure *f, size_t row)
{
    const fig3_state *s = bh16_state(f);
    return s && s->info && row < s->ninfo ? &s->info[row] : NULL;
}

/* g_a above which tau(nu_s -> nu a) < 160 Gyr f_s: Gamma = g_a^2 v^2/(2 f_a^2)
 * m_s/(16 pi) (BH16 eqs. 11, 14). */
static double g_cmb(const ax_figure *f, double m_s, double f_a)
{
    double gam = AX_HBAR_GEV_S / ax_decay_cmb_tau_min_s(1.0 - f->o.f_phi);
    return sqrt(gam / ax_decay_gamma_nua(m_s, 1.0, f_a));
}

/* A row that starts from the coarse rows solves first at TOSC_WIDTH on
 * either side of the interpolated root (ln T_osc): where the sign changes
 * across the two (most rows: the interpolation is good to ~4e-4 in the
 * median), the interval is already the search's tolerance, and Brent stops
 * at once; where it does not, the bracket moves in steps that double up to
 * the search's lattice step, and Brent closes it. */
#define TOSC_WIDTH (0.5 * TOSC_TOL)

/* The self-consistent T_osc = T_max from a guess x0 of ln T_osc and lg0 of
 * ln g_a there (interpolated from the coarse rows): a bracket around x0,
 * moved until the sign changes across it, then Brent as in the search. */
static int solve_tosc_seeded(tosc_par *q, double x0, double lg0)
{
    q->seeded = 1;
    q->seed_lg = lg0;
    double hi = x0 + TOSC_WIDTH, lo = x0 - TOSC_WIDTH, step = hi - lo;
    double fhi = tosc_fn(hi, q), flo = 0.0;
    if (!q->st && fhi >= 0) { /* the root lies above */
        for (int k = 0; k < 40 && !q->st && fhi >= 0; k++) {
            lo = hi;
            flo = fhi;
            hi = lo + step;
            fhi = tosc_fn(hi, q);
            step = fmin(2.0 * step, TOSC_STEP);
        }
    } else if (!q->st) {
        flo = tosc_fn(lo, q);
        for (int k = 0; k < 40 && !q->st && flo < 0; k++) {
            hi = lo;
            fhi = flo;
            lo = hi - step;
            flo = tosc_fn(lo, q);
            step = fmin(2.0 * step, TOSC_STEP);
        }
    }
    q->lo = lo;
    q->hi = hi;
    if (q->st)
        return q->st;
    if (!(fhi < 0 && flo >= 0))
        return ax_fail(q->err, AX_ERUN, "m_s = %g keV: no f_a for which the axion starts to "
                       "oscillate at the production peak (T_osc %g - %g GeV)", q->m_s / KEV,
                       exp(lo), exp(hi));
    return zeroin(q, lo, flo, hi, fhi);
}

static void tosc_start(tosc_par *q, const ax_figure *f, size_t i, int mode, ax_error *err)
{
    memset(q, 0, sizeof *q);
    q->f = f;
    q->m_s = f->grid[i];
    q->err = err;
    q->legacy = mode == FIG3_SEARCH_LEGACY;
    q->jump = mode == FIG3_SEARCH_DEFAULT || mode == FIG3_SEARCH_LATTICE;
}

static void tosc_row(const tosc_par *q, double *row, fig3_search_info *in, int st)
{
    in->lo = q->lo;
    in->hi = q->hi;
    in->root = st ? 0.0 : q->lnT;
    in->f_root = st ? 0.0 : q->last_f;
    in->zlo = q->zlo;
    in->zhi = q->zhi;
    in->f_zlo = q->fzlo;
    in->f_zhi = q->fzhi;
    in->nsolve = q->nsolve;
    if (st)
        return;
    row[0] = q->m_s / KEV;
    row[1] = q->m.g_a;
    row[2] = q->m.f_a;
    row[3] = q->r.T_max;
    row[4] = g_cmb(q->f, q->m_s, q->m.f_a);
}

/* The row of the grid that coarse row j is. */
static size_t coarse_index(const ax_figure *f, size_t j)
{
    size_t i = j * FIG3_COARSE;
    return i < f->n ? i : f->n - 1;
}

static void coarse_compute(const ax_figure *f, fig3_state *fs, size_t j)
{
    coarse_row *c = &fs->coarse[j];
    tosc_par q;
    ax_error_clear(&c->err);
    tosc_start(&q, f, coarse_index(f, j), FIG3_SEARCH_LATTICE, &c->err);
    c->st = solve_tosc_search(&q);
    tosc_row(&q, c->row, &c->info, c->st);
    if (!c->st) {
        c->root = q.lnT;
        c->lng = log(q.m.g_a);
    }
}

/* The coarse row j, computed here if no thread has begun it; while another
 * thread computes it, this one computes the next ones not yet begun. */
static const coarse_row *coarse_get(const ax_figure *f, fig3_state *fs, size_t j)
{
    pthread_mutex_lock(&fs->lock);
    while (fs->coarse[j].state != 2) {
        size_t k = j;
        if (fs->coarse[j].state == 1)
            for (k = j + 1; k < fs->ncoarse && k <= j + 2 && fs->coarse[k].state != 0; k++)
                ;
        if (k < fs->ncoarse && k <= j + 2 && fs->coarse[k].state == 0) {
            fs->coarse[k].state = 1;
            pthread_mutex_unlock(&fs->lock);
            coarse_compute(f, fs, k);
            pthread_mutex_lock(&fs->lock);
            fs->coarse[k].state = 2;
            pthread_cond_broadcast(&fs->cond);
        } else {
            pthread_cond_wait(&fs->cond, &fs->lock);
        }
    }
    pthread_mutex_unlock(&fs->lock);
    return &fs->coarse[j];
}

static int row_bh16(void *ctx, size_t i, double *row, ax_error *err)
{
    const ax_figure *f = ctx;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    fig3_state *fs = f->state;
    fig3_search_info info;
    memset(&info, 0, sizeof info);
    int st;
    const coarse_row *ca = NULL, *cb = NULL;
    size_t ja = i / FIG3_COARSE, ia = coarse_index(f, ja), ib = ia;
    if (fs->search == FIG3_SEARCH_DEFAULT) {
        ca = coarse_get(f, fs, ja);
        if (i != ia && ja + 1 < fs->ncoarse) {
            ib = coarse_index(f, ja + 1);
            cb = coarse_get(f, fs, ja + 1);
        }
    }
    if (ca && i == ia) { /* a coarse row itself */
        st = ca->st;
        info = ca->info;
        if (st)
            *err = ca->err;
        else
            memcpy(row, ca->row, sizeof ca->row);
    } else if (ca && cb && i == ib) {
        st = cb->st;
        info = cb->info;
        if (st)
            *err = cb->err;
        else
            memcpy(row, cb->row, sizeof cb->row);
    } else {
        tosc_par q;
        tosc_start(&q, f, i, fs->search, err);
        if (ca && cb && !ca->st && !cb->st) {
            /* the roots and couplings of the coarse rows around, linear in
             * ln m_s (ln T_osc goes like ~ln m_s/3 and ln g_a smoothly) */
            double t = log(f->grid[i] / f->grid[ia]) / log(f->grid[ib] / f->grid[ia]);
            st = solve_tosc_seeded(&q, ca->root + t * (cb->root - ca->root),
                                   ca->lng + t * (cb->lng - ca->lng));
        } else {
            st = solve_tosc_search(&q);
        }
        tosc_row(&q, row, &info, st);
    }
    gsl_set_error_handler(old);
    if (fs->info && i < fs->ninfo)
        fs->info[i] = info;
    if (st)
        return fig_gap_or(st, err);
    return AX_OK;
}

static int build_bh16(ax_figure *f, ax_error *err)
{
    fig3_state *s = calloc(1, sizeof *s);
    if (!s)
        return ax_fail(err, AX_ERUN, "out of memory");
    f->state = s;
    f->free_state = free_state;
    s->info = calloc(f->n ? f->n : 1, sizeof *s->info);
    if (!s->info)
        return ax_fail(err, AX_ERUN, "out of memory");
    s->ninfo = f->n;
    s->ncoarse = f->n ? (f->n - 1 + FIG3_COARSE - 1) / FIG3_COARSE + 1 : 0;
    s->coarse = calloc(s->ncoarse ? s->ncoarse : 1, sizeof *s->coarse);
    if (!s->coarse)
        return ax_fail(err, AX_ERUN, "out of memory");
    if (pthread_mutex_init(&s->lock, NULL))
        return ax_fail(err, AX_ERUN, "cannot create a lock");
    if (pthread_cond_init(&s->cond, NULL)) {
        pthread_mutex_destroy(&s->lock);
        return ax_fail(err, AX_ERUN, "cannot create a condition variable");
    }
    s->has_lock = 1;
    int st;
    if (!f->from_data) {
        if ((st = ax_background_axion_init(&s->ma, ax_production_cosmo(f->prod), 1e12, 0.5,
                                           AX_PHI_STEP, err)))
            return st;
        s->has_ma = 1;
    }
    char h[1536];
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 3 (BH16): QCD axion, f_a for each m_s such that the axion\n"
             "starts to oscillate at the production peak, m_a(T_max) = 3 H(T_max) (T_max the\n"
             "peak of the DM-fixed point at that f_a, solved self-consistently), lattice\n"
             "m_a(T) (data/axion_mass.csv), m_a0 f_a = m_pi f_pi sqrt(z)/(1+z); the DM-fixed\n"
             "g_a there (rho_a0 = %g rho_DM, Omega_s = (1 - %g) Omega_DM); phi evolution %s;\n"
             "g_a_cmb: g_a above which tau(nu_s -> nu a) < 160 Gyr f_s at that f_a (Poulin\n"
             "et al. 2016); empty rows: no solution at that mass",
             AX_VERSION, f->o.f_phi, f->o.f_phi, fig_phi_evolution_word(f->o.phi_evolution));
    return fig_add_table(f, QCD_LINE, h,
                         "m_s [keV], g_a [1], f_a [GeV], T_max [GeV], g_a_cmb [1]", f->n, 5,
                         row_bh16, f, err);
}

/* x where log y(x) crosses log y0 in column col of the table (linear in
 * log-log between valid rows), going up in m_s; dir > 0: first crossing
 * upwards, < 0: downwards. 0 when none. */
static double crossing(const ax_scan_table *t, size_t col, size_t col0, double y0, int dir)
{
    double px = 0, pd = 0;
    int have = 0;
    for (size_t r = 0; r < t->hi - t->lo; r++) {
        if (!t->valid[r])
            continue;
        const double *d = &t->data[r * t->ncols];
        double ref = col0 ? d[col0] : y0;
        double dd = log(d[col] / ref), x = log(d[0]);
        if (have && (dir > 0 ? (pd < 0 && dd >= 0) : (pd > 0 && dd <= 0)))
            return exp(px + (x - px) * pd / (pd - dd));
        px = x;
        pd = dd;
        have = 1;
    }
    return 0;
}

static int plot_bh16(const ax_figure *f, ax_plot *p, ax_error *err)
{
    const ax_scan_table *t = fig_find_table(&f->scan, QCD_LINE);
    if (!t)
        return ax_fail(err, AX_ERUN, "fig3: no table %s", QCD_LINE);
    /* the m_s where f_a(m_s) falls to 1e9 GeV, and where the DM-fixed g_a
     * enters the CMB-excluded region */
    double ms_sn = crossing(t, 2, 0, FIG3_FA_SN, -1);
    double ms_cmb = crossing(t, 1, 4, 0, 1);
    char label[200], src[256];
    int st;
    if (ms_cmb > 0)
        snprintf(label, sizeof label, "CMB: τ(ν_s→νa) < 160 Gyr (m_s > %.2g MeV)",
                 ms_cmb / 1e3);
    else
        snprintf(label, sizeof label, "CMB: τ(ν_s→νa) < 160 Gyr");
    snprintf(src, sizeof src, "CMB lifetime bound (Poulin et al. 2016) at the f_a of each m_s; "
             "the DM-fixed line enters it at m_s = %.4g keV", ms_cmb);
    if ((st = fig_add_curve(p, label, src, QCD_LINE, AX_PLOT_REGION_ABOVE, 11, 1, 1, err)))
        return st;
    p->curves[p->ncurves - 1].ycol = 5;
    p->curves[p->ncurves - 1].fill = 0.45;
    if ((st = fig_add_curve(p, "DM-fixed g_a, m_a(T_{max}) = 3H(T_{max})",
                            "DM-fixed g_a at the f_a of each m_s (production module)", QCD_LINE,
                            AX_PLOT_SOLID, 0, 2, 1, err)))
        return st;
    if (ms_sn > 0) {
        snprintf(label, sizeof label, "f_a = 10^9 GeV (SN 1987A) at m_s = %.2g MeV",
                 ms_sn / 1e3);
        snprintf(src, sizeof src, "f_a(m_s) = 1e9 GeV at m_s = %.4g keV (interpolated in the "
                 "table); larger m_s need smaller f_a (SN 1987A)", ms_sn);
        if ((st = fig_add_curve(p, label, src, "", AX_PLOT_VLINE, 2, 2, 1, err)))
            return st;
        p->curves[p->ncurves - 1].x = ms_sn;
    }
    int r = fig_plot_series(f, p, "m_s [keV]", "g_a", FIG3_MS_MIN / KEV, FIG3_MS_MAX / KEV, err);
    if (r)
        return r;
    /* y: the DM line and the CMB edge, not the whole shaded region */
    double lo = INFINITY, hi = 0;
    fig_table_range(t, 1, &lo, &hi);
    p->ymin = pow(10.0, floor(log10(lo)));
    p->ymax = pow(10.0, ceil(log10(hi)));
    return AX_OK;
}

/* ---- --fa-lines: fixed f_a ----------------------------------------------- */

static int row_fa(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    const ax_figure *f = se->fig;
    ax_model m;
    ax_model_defaults(&m, AX_MODEL_QCD);
    m.m_s = f->grid[i];
    m.f_a = se->a;
    m.frac = f->o.f_phi;
    m.phi_evolution = f->o.phi_evolution;
    ax_prod_result r;
    int st = ax_production_dm_fixed(f->prod, &m, &r, err);
    if (st)
        return fig_gap_or(ax_error_context(err, "DM-fixed g_a at m_s = %g keV, f_a = %g GeV",
                                           m.m_s / KEV, m.f_a), err);
    row[0] = m.m_s / KEV;
    row[1] = m.g_a;
    return AX_OK;
}

static int row_cmb(void *ctx, size_t i, double *row, ax_error *err)
{
    const fig_series *se = ctx;
    const ax_figure *f = se->fig;
    (void)err;
    double m_s = f->grid[i];
    row[0] = m_s / KEV;
    row[1] = g_cmb(f, m_s, se->a);
    return AX_OK;
}

/* The two tables of f_a = FIG3_FA[k]: the DM-fixed line (the first, 1e9 GeV,
 * black and thick: below it f_a is excluded) and its CMB bound (one key
 * entry for all of them). */
static int build_fa(ax_figure *f, size_t k, ax_error *err)
{
    int st;
    double fa = FIG3_FA[k];
    int e = (int)lround(log10(fa));
    int color = k == 0 ? 0 : (int)k + 1;
    char h[1024], file[128], label[160];
    snprintf(file, sizeof file, "qcd_fa1e%d.csv", e);
    if (k == 0)
        snprintf(label, sizeof label, "f_a = 10^{%d} GeV (f_a < 10^{9} GeV excluded)", e);
    else
        snprintf(label, sizeof label, "f_a = 10^{%d} GeV", e);
    fig_series *se = fig_series_add(f, fa, file, label,
                                    "DM-fixed g_a (production module, QCD axion)",
                                    AX_PLOT_SOLID, color, k == 0 ? 3 : 2, err);
    if (!se)
        return AX_ERUN;
    snprintf(h, sizeof h,
             "axsterile %s, Fig. 3 (BH16): QCD axion, DM-fixed g_a against m_s for\n"
             "f_a = %g GeV, rho_a0 = %g rho_DM, lattice m_a(T) (data/axion_mass.csv);\n"
             "Omega_s = (1 - %g) Omega_DM; phi evolution %s; empty rows: no solution",
             AX_VERSION, fa, f->o.f_phi, f->o.f_phi, fig_phi_evolution_word(f->o.phi_evolution));
    if ((st = fig_add_table(f, file, h, "m_s [keV], g_a [1]", f->n, 2, row_fa, se, err)))
        return st;
    snprintf(file, sizeof file, "cmb_fa1e%d.csv", e);
    se = fig_series_add(f, fa, file,
                        k == 0 ? "CMB: τ(ν_s→νa) < 160 Gyr (above each dotted line)" : "",
                        "CMB lifetime bound, Poulin et al. 2016", AX_PLOT_DOTTED, color, 2, err);
    if (!se)
        return AX_ERUN;
    snprintf(h, sizeof h,
             "axsterile %s: g_a above which tau(nu_s -> nu a) < 160 Gyr f_s, with\n"
             "Gamma = g_a^2 v^2/(2 f_a^2) m_s/(16 pi) (BH16 eqs. 11, 14; Poulin et al.\n"
             "2016), f_a = %g GeV",
             AX_VERSION, fa);
    return fig_add_table(f, file, h, "m_s [keV], g_a [1]", f->n, 2, row_cmb, se, err);
}

static int build(ax_figure *f, ax_error *err)
{
    const size_t nfa = sizeof FIG3_FA / sizeof *FIG3_FA;
    int st;
    if ((st = fig_set_grid(f, FIG3_MS_MIN, FIG3_MS_MAX, err)))
        return st;
    if (!f->o.fa_lines)
        return build_bh16(f, err);
    if ((st = fig_series_reserve(f, 2 * nfa, err)))
        return st;
    for (size_t k = 0; k < nfa; k++)
        if ((st = build_fa(f, k, err)))
            return st;
    return AX_OK;
}

static int plot(const ax_figure *f, ax_plot *p, ax_error *err)
{
    if (!f->o.fa_lines)
        return plot_bh16(f, p, err);
    return fig_plot_series(f, p, "m_s [keV]", "g_a", FIG3_MS_MIN / KEV, FIG3_MS_MAX / KEV, err);
}

const ax_figure_type fig_type_fig3 = {
    "fig3",
    "QCD axion: DM-fixed g_a against m_s (1 keV - 30 MeV) with f_a such that the axion "
    "oscillates at the production peak, f_a = 1e9 GeV line, CMB-excluded region "
    "(BH16 Fig. 3; --fa-lines: fixed f_a = 1e9 - 1e12 GeV)",
    build,
    plot,
};
