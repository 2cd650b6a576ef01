/*
 * axsterile/limits.h -- limit files: loading, validation, evaluation.
 *
 * A limit is a pair of files with the same stem in limits/
 * (docs/limits-format.md):
 *   STEM.csv   two numeric columns x, y ('#' comment lines = provenance);
 *              y = "nan" marks a masked window (no limit there)
 *   STEM.json  metadata: name, experiment, reference{arxiv, figure, doi},
 *              x{quantity, unit}, y{quantity, unit}, decay_convention,
 *              dm_fraction, target{...}, digitized_by, notes
 * Loading validates every field and refuses a bad file with a message that
 * names the file, the line or the JSON key, and what was expected.
 *
 * Internal units after loading: x in GeV (m_s, E_gamma or m_chi); y
 * sin^2 2theta (dimensionless), Gamma in s^-1, tau in s, flux in
 * cm^-2 s^-1, <sigma v> in cm^3 s^-1.
 */
#ifndef AXSTERILE_LIMITS_H
#define AXSTERILE_LIMITS_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/halo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ax_limit_quantity {
    AX_LIM_SIN2,    /* sin^2 2theta upper limit, "sin2_2theta", unit "1" */
    AX_LIM_GAMMA,   /* Gamma(nu_s -> nu gamma) upper limit, "gamma", s^-1 */
    AX_LIM_TAU,     /* lifetime lower limit (one photon per decay), "tau", s */
    AX_LIM_FLUX,    /* photon-line flux upper limit, "flux", cm^-2 s^-1 */
    AX_LIM_SIGMAV   /* <sigma v>(chi chi -> gamma gamma) upper limit, "sigmav", cm^3 s^-1 */
} ax_limit_quantity;

typedef enum ax_limit_xquantity {
    AX_LIMX_MS,       /* "m_s": sterile-neutrino mass */
    AX_LIMX_EGAMMA,   /* "E_gamma": photon energy of the line */
    AX_LIMX_MCHI      /* "m_chi": annihilating-DM mass (= E_gamma for gamma gamma) */
} ax_limit_xquantity;

/* Decay convention of a limit (AX_DECAY_DIRAC / AX_DECAY_MAJORANA from
 * decay.h); AX_LIMIT_CONVENTION_NONE when the quantity needs none
 * (gamma, tau, flux, sigmav with "decay_convention": "none"). */
#define AX_LIMIT_CONVENTION_NONE 0

/* Largest data size accepted (bytes) for either file of a pair. */
#define AX_LIMIT_MAX_BYTES (4u << 20)

typedef struct ax_limit {
    char *name;        /* "NuSTAR Galactic bulge (Roach et al. 2020)" */
    char *stem;        /* file stem, "nustar_bulge_roach2020"; what `show` takes */
    char *path;        /* path of the CSV file */
    char *json_path;   /* path of the JSON sidecar */
    char *experiment;  /* "NuSTAR" */
    char *reference;   /* short "Roach et al. 2020 (arXiv:1908.09037)" */
    char *arxiv;       /* "1908.09037" */
    char *figure;      /* "Fig. 4" (may be "") */
    char *doi;         /* may be "" */
    char *digitized_by;
    char *notes;
    char *provenance;  /* the CSV's '#' comment lines */
    int approximate;   /* "approximate": true: the target could not be taken from
                        * the paper (recasts carry that uncertainty) */
    char *assumed;     /* "assumed": what stands for it (NULL unless approximate) */
    ax_limit_xquantity x_quantity;
    ax_limit_quantity y_quantity;
    char x_unit[8];    /* as in the file: "keV", "MeV", "GeV" */
    char y_unit[16];   /* as in the file: "1", "s^-1", "s", ... */
    int convention;    /* AX_DECAY_DIRAC / AX_DECAY_MAJORANA / _NONE */
    double dm_fraction;/* fraction of the DM the source assumed decays */
    ax_target target;  /* the ROI and profile the source assumed, read at load
                        * (axsterile/target.h); valid when has_target */
    int has_target;    /* 1 for every loaded limit ("target" is required) */
    char *target_json; /* the "target" object as compact JSON text, for
                        * `limits show` and the sidecar of a recast */
    int recast_axion;  /* the pair is already a recast to the axion-assisted model
                        * ("recast": {"kind": "axion-assisted recast", "f_s": ...}): y
                        * bounds <sin^2 2theta_eff>_0 for a species of fraction
                        * recast_fs, and is never recast again nor applied to DW */
    double recast_fs;
    char plot_color[8]; /* optional "plot": {"color": "#rrggbb"}; "" when not given */
    int plot_marker;    /* optional "plot": {"marker": 1..15} (ax_plot_marker); 0 when not */
    size_t n;
    double *x;         /* GeV, increasing; equal x = a vertical step of the source */
    double *y;         /* internal units, > 0; NaN = masked window */
    char *origin;      /* the user directory it was read from (--limits,
                        * $AXSTERILE_LIMITS); NULL for the shipped library */
    char *overrides;   /* the sidecar of a limit with the same stem that this
                        * one replaced (a user directory over the shipped
                        * library or an earlier directory); NULL if none */
} ax_limit;

/* Load a limit from either file of the pair (STEM.csv or STEM.json; a path
 * without extension is taken as the stem). On failure *lim is left empty
 * (safe to free) and err names the file and the line or key. */
int ax_limit_load(const char *path, ax_limit *lim, ax_error *err);

/* Validate a pair given as in-memory texts (`name` = the stem used in
 * messages); for tests and for `limits validate`. */
int ax_limit_parse(const char *stem, const char *csv_text, size_t csv_len,
                   const char *json_text, ax_limit *lim, ax_error *err);

void ax_limit_free(ax_limit *lim);

/* A file of a library directory that could not be loaded. */
typedef struct ax_limit_problem {
    char *path;        /* the file */
    char *message;     /* what is wrong (names the file, the line or the key) */
} ax_limit_problem;

typedef struct ax_limit_set {
    size_t n;
    ax_limit *items;   /* sorted by stem */
    size_t nproblems;  /* files of its directories that were left out */
    ax_limit_problem *problems;
} ax_limit_set;

/* Load every *.json pair in dir (NULL = the shipped limits/ directory found
 * via ax_data_find), and nothing else. Fails on the first bad file (the
 * message names it). */
int ax_limit_set_load_dir(const char *dir, ax_limit_set *set, ax_error *err);

/* Where a library comes from: the shipped limits/ directory, then the user
 * directories in order. A pair in a later directory with the same stem as
 * an earlier one replaces it (ax_limit.overrides says which). */
typedef struct ax_limit_sources {
    const char *const *dirs;   /* user directories, in increasing priority */
    size_t ndirs;
    int only;                  /* 1: the user directories only, no shipped library */
} ax_limit_sources;

/* Load a library from its sources. A bad file of any of its directories
 * (the shipped one too: users add their pairs there) is left out and
 * recorded in set->problems (path and message), so that the commands that
 * do not need it still run; the caller decides whether a problem is fatal.
 * A directory that cannot be opened is an error. */
int ax_limit_set_load_sources(const ax_limit_sources *src, ax_limit_set *set,
                              ax_error *err);

void ax_limit_set_free(ax_limit_set *set);

/* Find by stem or by name (exact, then case-insensitive); NULL if none. */
const ax_limit *ax_limit_set_find(const ax_limit_set *set, const char *name);

/* The y value at x (GeV), log-log interpolation between neighbours, never
 * across a NaN (masked) point. Returns AX_OK, or the outcomes (error.h)
 * AX_OUT_OF_RANGE (x outside [x_0, x_n-1]) or AX_MASKED (x in or next to a
 * masked window), which leave err untouched; *y is NaN unless AX_OK. */
int ax_limit_eval(const ax_limit *lim, double x, double *y, ax_error *err);

/* 1 for sin2/gamma/tau limits (decays of nu_s with x = m_s). */
int ax_limit_is_decay(const ax_limit *lim);

/* The sterile-neutrino mass a limit's abscissa x stands for, and back:
 * x = m_s, or the line energy E_gamma = m_s/2 (nu_s -> nu gamma), or
 * m_chi = E_gamma of an annihilation line (docs/physics.md sections 6, 7b).
 * GeV. */
double ax_limit_ms_of_x(const ax_limit *lim, double x);
double ax_limit_x_of_ms(const ax_limit *lim, double m_s);

/* For decay-type limits: the limit on sin^2 2theta at m_s (GeV) in the
 * requested convention (AX_DECAY_DIRAC / _MAJORANA), for a nu_s that is
 * the whole DM. A sin^2 2theta limit is converted between conventions at
 * the same rate; a Gamma or tau limit (one photon per decay) through
 * ax_decay_rate_s_to_sin2. AX_EINPUT for flux/sigmav limits. */
int ax_limit_to_sin2(const ax_limit *lim, double m_s, int convention,
                     double *sin2_lim, ax_error *err);

/* Same, for a nu_s that is the fraction f_s of the DM: the flux scales as
 * f_s Gamma, so the limit is the source's times dm_fraction/f_s. */
int ax_limit_to_sin2_fraction(const ax_limit *lim, double m_s, int convention,
                              double f_s, double *sin2_lim, ax_error *err);

/* The limit on Gamma(nu gamma) [s^-1] at m_s for a nu_s that is the whole DM
 * (sin2 limits converted with their own convention). */
int ax_limit_to_rate(const ax_limit *lim, double m_s, double *rate_s,
                     ax_error *err);

/* From a line-flux limit (y = flux, x = E_gamma) to a decay-rate limit for
 * a particle of mass m_s [GeV] whose decays give n_gamma photons of energy
 * m_s/2, in a ROI with D-factor D = int dOmega int dl rho [GeV cm^-2] (the
 * project's own D for the ROI and profile of lim->target):
 *   Phi = n_gamma Gamma D/(4 pi m_s)  =>  Gamma_lim = 4 pi m_s Phi_lim(m_s/2)/(n_gamma D)
 * in s^-1. Statuses as ax_limit_eval. */
int ax_limit_flux_to_rate(const ax_limit *lim, double m_s, double D_GeV_cm2, int n_gamma,
                          double *rate_s, ax_error *err);

/* From a line-flux limit to <sigma v>(chi chi -> gamma gamma) for
 * self-conjugate chi of mass m_chi [GeV] (photon energy m_chi, two photons):
 *   Phi = 2 <sigma v> J/(8 pi m_chi^2)  =>  <sigma v>_lim = 4 pi m_chi^2 Phi_lim(m_chi)/J
 * with J = int dOmega int dl rho^2 [GeV^2 cm^-5]; cm^3 s^-1. This is the
 * convention of the Fermi-LAT 2015 tables. */
int ax_limit_flux_to_sigmav(const ax_limit *lim, double m_chi, double J_GeV2_cm5,
                            double *sigmav_cm3_s, ax_error *err);

/* Names: "sin2_2theta", "gamma", "tau", "flux", "sigmav";
 * "m_s", "E_gamma", "m_chi"; the internal unit ("1", "s^-1", "s",
 * "cm^-2 s^-1", "cm^3 s^-1"). */
const char *ax_limit_quantity_name(ax_limit_quantity q);
const char *ax_limit_quantity_unit(ax_limit_quantity q);
const char *ax_limit_xquantity_name(ax_limit_xquantity q);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_LIMITS_H */
