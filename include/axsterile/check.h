/*
 * axsterile/check.h -- a model point against every limit of the library
 * (docs/physics.md sections 6 and 7b; `axsterile check`).
 *
 * The model's descriptor (axsterile/model.h) decides the rows. For a
 * constant mixing (Dodelson-Widrow) every decay-type limit (sin^2 2theta,
 * Gamma, tau) and every line-flux limit (through the project's D of the
 * source's region) applies as published: rows of kind "decay". For a
 * mixing that tracks rho_DM(x) today (tracks_dm: the phi model, the QCD
 * axion) every limit applies through its recast (J and D of the source's
 * region and profile; docs/physics.md 7b): rows of kind "recast". Each row
 * compares the model's mixing (sin^2 2theta, or <sin^2 2theta_eff>_0
 * today) with the limit at m_s for the point's own sterile fraction f_s =
 * min(Omega_s/Omega_DM, 1), in the decay convention chosen (BH16 eq. 10 by
 * default). Two more rows: the relic abundance (kind "abundance": Omega_s
 * h^2 against (1 - f) Omega_DM h^2) and the lifetime (kind "lifetime"):
 * for a model with an invisible decay nu_s -> nu phi the CMB bound (tau >
 * 160 Gyr f_s, Poulin et al. 2016), else the lifetime from mixing against
 * the age of the Universe.
 */
#ifndef AXSTERILE_CHECK_H
#define AXSTERILE_CHECK_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/limits.h"
#include "axsterile/production.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ax_check_row {
    char name[160];       /* the limit's name */
    char stem[128];       /* its file stem ("" for the abundance and lifetime rows) */
    char reference[160];
    const char *kind;     /* "decay", "recast", "abundance", "lifetime" */
    const char *quantity; /* what limit and model are: "sin2_2theta", ... */
    int status;           /* AX_OK, or AX_OUT_OF_RANGE, AX_MASKED,
                             AX_NOT_APPLICABLE (error.h) */
    double limit, model;  /* valid when status == AX_OK */
    double ratio;         /* model/limit (lifetime: limit/model); > 1 excluded */
    int excluded;
} ax_check_row;

typedef struct ax_check_report {
    ax_model model;          /* with the coupling of a DM-fixed solve */
    ax_prod_result prod;
    double f_s;              /* min(Omega_s/Omega_DM, 1) */
    int convention;          /* AX_DECAY_DIRAC or _MAJORANA */
    int dm_fixed;            /* the coupling was solved for */
    int excluded;            /* any row excluded */
    size_t n_observational;  /* X-ray / gamma-ray limits that apply at this mass
                              * (0: only the abundance and lifetime bounds) */
    size_t n;
    ax_check_row *rows;
} ax_check_report;

/* Compute the point (solving for the coupling when dm_fixed), then compare
 * it with every limit of the set. */
int ax_check_point(const ax_production *ctx, const ax_limit_set *limits,
                   const ax_model *model, int dm_fixed, int convention,
                   ax_check_report *rep, ax_error *err);
void ax_check_report_free(ax_check_report *rep);

/* The J and D of every limit's region (the recast's input, docs/physics.md
 * 7b): they depend on the limit set only, so a scan of many points computes
 * them once (ax_check_cache_init) and checks each point with
 * ax_check_point_cached, which gives what ax_check_point gives. */
typedef struct ax_check_cache {
    struct ax_jd *jd;
    unsigned char *has;
    size_t n;
} ax_check_cache;
int ax_check_cache_init(ax_check_cache *c, const ax_limit_set *limits, ax_error *err);
void ax_check_cache_free(ax_check_cache *c);
int ax_check_point_cached(const ax_production *ctx, const ax_limit_set *limits,
                          const ax_check_cache *cache, const ax_model *model, int dm_fixed,
                          int convention, ax_check_report *rep, ax_error *err);

/* The report as JSON, the keys of `axsterile check --json`: "model" (the
 * parameters, omega_h2, f_s, sin2_2theta_today, T_max_MeV, dm_fixed),
 * "decay_convention", "excluded", "observational_limits_applied" and
 * "limits" (one object per row: name, kind, quantity, limit, model, ratio
 * (null unless the row applies), excluded, status, reference, file).
 * ax_check_report_json_text returns the same as text (free()). */
int ax_check_report_json(void *out, const ax_check_report *rep, ax_error *err);
char *ax_check_report_json_text(const ax_check_report *rep, ax_error *err);

/* The word of a row's outcome: "allowed", "excluded", "out_of_range",
 * "masked" or "not_applicable". */
const char *ax_check_row_status_word(const ax_check_row *r);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_CHECK_H */
