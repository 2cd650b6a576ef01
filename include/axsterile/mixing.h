/*
 * axsterile/mixing.h -- vacuum and matter mixing of nu_s with nu_alpha, and
 * the oscillating backgrounds that set it (docs/physics.md section 4).
 *
 * Simplified model (BH16 eqs. 1-4): L = g_phi phi nu_s nu, phi(t) =
 * phi_0(T) cos(m_phi t), phi_0 = sqrt(2 rho_phi)/m_phi. Exact two-state
 * mixing: tan 2theta = 2 g_phi phi / m_s (m_nu -> 0), so
 *   frozen field:       sin^2 2theta = x^2/(1+x^2),      x = 2 g phi/m_s
 *   phase-averaged:     <sin^2 2theta> = 1 - 1/sqrt(1+x0^2), x0 = 2 g phi_0/m_s
 *   small mixing:       <sin^2 2theta> = 4 g^2 rho_phi/(m_phi^2 m_s^2) (eq. 4)
 * QCD axion (BH16 eqs. 12-18): g_phi = g_a v/(sqrt2 f_a), m_a(T) from
 * lattice QCD (data/axion_mass.csv), rho_a = rho_a0 (m_a(T)/m_a0) s(T)/s0
 * below T_osc (m_a(T_osc) = 3 H(T_osc)), frozen field above.
 * Matter (BH16 eqs. 7, 9): Delta = m_s^2/(2p),
 *   sin^2 2theta_m = Delta^2 s2 / (Delta^2 s2 + (Delta c2 - V_T)^2),
 *   l_m = [Delta^2 s2 + (Delta c2 - V_T)^2]^(-1/2).
 * Units: GeV throughout; rho in GeV^4.
 */
#ifndef AXSTERILE_MIXING_H
#define AXSTERILE_MIXING_H

#include "axsterile/cosmo.h"
#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ax_spline; /* an interpolation table of the library (opaque; see cosmo.h) */

enum { AX_PHI_EXACT = 0, AX_PHI_STEP = 1 };

/* Today's mean DM density in GeV^4 (docs/physics.md section 1). */
double ax_rho_dm0(void);

/* Exact two-state vacuum mixing for a frozen field: x = 2 g phi / m_s. */
double ax_mixing_frozen(double x);
/* Exact phase average over phi = phi_0 cos(m t): x0 = 2 g phi_0 / m_s. */
double ax_mixing_phase_avg(double x0);

/* Matter-modified mixing and oscillation length (BH16 eqs. 7, 9).
 * s2 = vacuum sin^2 2theta, Delta = m_s^2/(2p) (GeV), V = V_T (GeV).
 * Returns sin^2 2theta_m; *l_m (GeV^-1) is written when not NULL. */
double ax_mixing_matter(double s2, double Delta, double V, double *l_m);

/* <sin^2 2theta_eff>_0 today for the simplified model (phase-averaged,
 * rho_phi0 = f_phi rho_DM; exact formula, eq. 4 at small mixing). Depends
 * on g_phi/m_phi, f_phi and m_s only. */
double ax_mixing_phi_today(double m_s, double g_phi, double m_phi, double f_phi);

/* Same for the QCD axion (BH16 eq. 18): g_phi = g_a v/(sqrt2 f_a),
 * m_a0 from f_a, rho_a0 = frac rho_DM. */
double ax_mixing_qcd_today(double m_s, double g_a, double f_a, double frac);

/* QCD axion: zero-temperature mass m_a0 = m_pi f_pi sqrt(z)/(1+z)/f_a
 * (z = m_u/m_d; BH16 eq. 13) and the effective Yukawa g_a v/(sqrt2 f_a). */
double ax_axion_ma0(double f_a);
double ax_axion_fa_from_ma0(double m_a0);
double ax_axion_gphi(double g_a, double f_a);

/* Background field of the simplified model or the axion, tabulated in T.
 * Read-only after init; shareable between threads. */
typedef struct ax_background {
    int kind;              /* 0 phi (simplified model), 1 QCD axion */
    int evolution;         /* AX_PHI_EXACT or AX_PHI_STEP */
    double m_phi;          /* GeV (axion: m_a0) */
    double f_a;            /* GeV (axion only) */
    double rho0;           /* GeV^4, today's density f_phi rho_DM */
    double T_osc;          /* GeV: m(T_osc) = 3 H(T_osc) */
    double lnT_lo, lnT_hi; /* range of the spline */
    struct ax_spline *phi2; /* ln T -> phi^2/phi2_top (exact evolution;
                              instantaneous above T_junction, phase-averaged
                              below) */
    double phi2_top;       /* GeV^2: <phi^2> above the spline (frozen field) */
    double rho_match, T_match; /* GeV^4, GeV: where the WKB solution takes over */
    double T_junction;     /* GeV: instantaneous field above, phase average below */
    double phi2_match, m_match; /* GeV^2, GeV: <phi^2> and m at T_match */
    const ax_cosmo *cosmo; /* borrowed */
    /* axion mass table (axion only) */
    struct ax_spline *ma;  /* ln T -> ln(m_a(T)/m_a0) */
    double ma_T_lo, ma_T_hi;   /* GeV: range of the lattice table */
    double ma_slope, ma_y_hi;  /* power-law continuation above the table */
    int ma_borrowed;       /* ma belongs to an ax_axion_mass_table */
} ax_background;

/* The lattice axion-mass table (data/axion_mass.csv, Borsanyi et al. 2016)
 * as a spline; read once and shared (read-only) by many backgrounds. */
typedef struct ax_axion_mass_table {
    struct ax_spline *ma;      /* ln T -> ln(m_a(T)/m_a(T_first)) (opaque) */
    double T_lo, T_hi;         /* GeV: range of the table */
    double slope, y_hi;        /* power-law continuation above it */
} ax_axion_mass_table;

int ax_axion_mass_table_load(ax_axion_mass_table *t, ax_error *err);
void ax_axion_mass_table_free(ax_axion_mass_table *t);

/* Simplified model: m_phi (GeV), f_phi in (0,1), evolution AX_PHI_*. */
int ax_background_phi_init(ax_background *b, const ax_cosmo *c, double m_phi,
                           double f_phi, int evolution, ax_error *err);
/* QCD axion with decay constant f_a (GeV), DM fraction frac in (0,1),
 * evolution AX_PHI_EXACT (field equation with m_a(T)) or AX_PHI_STEP. */
int ax_background_axion_init(ax_background *b, const ax_cosmo *c, double f_a,
                             double frac, int evolution, ax_error *err);
/* The same with a table already read (borrowed; NULL reads its own). */
int ax_background_axion_init_table(ax_background *b, const ax_cosmo *c,
                                   const ax_axion_mass_table *table, double f_a,
                                   double frac, int evolution, ax_error *err);
void ax_background_free(ax_background *b);
/* The same field with today's density rho0 multiplied by factor > 0 (the
 * field equation is linear: phi^2 and rho scale, T_osc and the shape of
 * the solution do not). Used on a struct copy of a background, it shares
 * the original's tables: free only one of the two, the original last. */
void ax_background_scale(ax_background *b, double factor);

/* Effective vacuum <sin^2 2theta>(T) for coupling g_phi (the effective
 * Yukawa) and m_s: frozen-field formula above T_osc, exact phase average
 * below (blended smoothly across T_osc in the exact evolution). */
double ax_background_sin2(const ax_background *b, double g_phi, double m_s, double T);
/* <phi^2>(T) (GeV^2) and rho(T) (GeV^4) of the background. */
double ax_background_phi2(const ax_background *b, double T);
/* Mass of the field at T (m_phi, or the lattice m_a(T)). */
double ax_background_mass(const ax_background *b, double T);
/* Is the field oscillating at T (m(T) > 3 H(T))? */
int ax_background_oscillating(const ax_background *b, double T);

/* Lattice QCD axion mass ratio m_a(T)/m_a0 from data/axion_mass.csv
 * (Borsanyi et al. 2016): the background's own table or a shared one. */
double ax_axion_mass_ratio(const ax_background *b, double T);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_MIXING_H */
