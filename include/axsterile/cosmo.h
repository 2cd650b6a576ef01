/*
 * axsterile/cosmo.h -- the radiation-era background (docs/physics.md section 2).
 *
 * g*(T) and g*s(T) come from data/gstar.csv, a table the project computes
 * itself (src/tools/gen_gstar.c with the equation of state of src/sm_eos.c:
 * free Standard-Model gases with their masses plus the HotQCD lattice
 * equation of state through the QCD crossover; see docs/physics.md).
 * Temperatures in GeV, rates in GeV, densities in GeV^n.
 *
 *   H(T) = sqrt(8 pi^3 g*(T) / 90) T^2 / M_Pl
 *   s(T) = (2 pi^2 / 45) g*s(T) T^3
 *   dT/dt = -H T / (1 + (1/3) dln g*s/dln T)
 *   a(T) = (g*s(T0) T0^3 / (g*s(T) T^3))^(1/3)    (a = 1 today)
 *
 * The struct is read-only after ax_cosmo_init and may be shared between
 * threads.
 */
#ifndef AXSTERILE_COSMO_H
#define AXSTERILE_COSMO_H

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An interpolation table of the library (opaque: created and freed by the
 * library, never touched by callers). */
struct ax_spline;

typedef struct ax_cosmo {
    double T_min, T_max;           /* GeV: range of the table */
    double lnT_min, lnT_max;
    struct ax_spline *g_rho;  /* g*(ln T) (opaque) */
    struct ax_spline *g_s;    /* g*s(ln T) (opaque) */
    struct ax_spline *dlngs;  /* dln g*s / dln T (ln T) (opaque) */
    char source[512];              /* path of the table read */
} ax_cosmo;

/* Load the g* table. path = NULL looks up "data/gstar.csv" (see io.h). */
int ax_cosmo_init(ax_cosmo *c, const char *path, ax_error *err);
void ax_cosmo_free(ax_cosmo *c);

/* Is T inside the table (T_min <= T <= T_max)? */
int ax_cosmo_in_range(const ax_cosmo *c, double T);

/* Refuse T outside the table with a message naming the range; `what`
 * names the quantity for the message (e.g. "--T"). */
int ax_cosmo_check_range(const ax_cosmo *c, double T, const char *what,
                         ax_error *err);

/* The functions below clamp T to the table's range (callers check range
 * first where it matters). */
double ax_cosmo_gstar(const ax_cosmo *c, double T);        /* g*(T) */
double ax_cosmo_gstar_s(const ax_cosmo *c, double T);      /* g*s(T) */
double ax_cosmo_dlngs_dlnT(const ax_cosmo *c, double T);   /* dln g*s/dln T */
double ax_cosmo_hubble(const ax_cosmo *c, double T);       /* H(T), GeV */
double ax_cosmo_entropy(const ax_cosmo *c, double T);      /* s(T), GeV^3 */
double ax_cosmo_scale_factor(const ax_cosmo *c, double T); /* a(T), a0 = 1 */
/* dt/dln T = -(1 + (1/3) dln g*s/dln T) / H, in GeV^-1 (negative). */
double ax_cosmo_dt_dlnT(const ax_cosmo *c, double T);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_COSMO_H */
