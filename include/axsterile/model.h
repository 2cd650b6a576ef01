/*
 * axsterile/model.h -- production models as descriptors (docs/architecture.md,
 * "Models"; the physics of each is in docs/physics.md sections 4-6).
 *
 * A model is an ax_model_type: a table in the manner of GSL's
 * gsl_odeiv2_step_type, with its name, its parameter rows (key, flag,
 * dimension and unit, accepted range, default, required or not, meaning)
 * and the functions the solvers, the checks and the outputs ask it for:
 * the background field, the effective vacuum mixing at T and today, how
 * the coupling enters the DM-fixed solve, the share f of the dark matter
 * the model leaves to other species (the sterile neutrinos must make
 * (1 - f) Omega_DM), the invisible decay width, whether the mixing tracks
 * the local DM density today (then the limits apply through their recast,
 * docs/physics.md 7b), and its keys in a JSON result.
 *
 * The built-in models are "dw" (Dodelson-Widrow, constant mixing), "phi"
 * (the simplified scalar model, BH16 eqs. 1-4) and "qcd" (the QCD axion,
 * BH16 eqs. 12-18), one file each under src/models/. An application may
 * register its own with ax_model_register(); command-line flags, model
 * files, help texts and JSON keys are generated from the parameter rows.
 *
 * Units: GeV inside (masses, energies, decay constants); the unit of a
 * row is only for messages and JSON keys.
 */
#ifndef AXSTERILE_MODEL_H
#define AXSTERILE_MODEL_H

#include <stddef.h>

#include "axsterile/cosmo.h"
#include "axsterile/error.h"
#include "axsterile/mixing.h"
#include "axsterile/units.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ax_prod_result;

/* The built-in models; ax_model_register() hands out the kinds after them. */
typedef enum { AX_MODEL_DW, AX_MODEL_PHI, AX_MODEL_QCD, AX_MODEL_NBUILTIN } ax_model_kind;

#define AX_MODEL_MAX 16   /* registered models at most */
#define AX_MODEL_NEXTRA 8 /* parameters of application models (extra[]) */

typedef struct ax_model {
    ax_model_kind kind;
    double m_s;            /* GeV */
    int flavor;            /* 0 e, 1 mu, 2 tau: must equal the context's
                              (ax_production_opts.flavor), else AX_EINPUT */
    double sin2_2theta;    /* DW */
    double g_phi, m_phi;   /* PHI: Yukawa, GeV */
    double f_phi;          /* PHI: rho_phi0/rho_DM, in (0,1) */
    int phi_evolution;     /* AX_PHI_EXACT (default) or AX_PHI_STEP */
    double g_a, f_a;       /* QCD: coupling, GeV */
    double frac;           /* QCD: rho_a0/rho_DM, in (0,1) */
    double extra[AX_MODEL_NEXTRA]; /* parameters of registered models */
} ax_model;

typedef enum {
    AX_PARAM_NUMBER,   /* a pure number: a JSON number, --flag 0.01 */
    AX_PARAM_QUANTITY, /* with a unit of `dim`: "50keV" */
    AX_PARAM_WORD      /* one of `words` (stored as its index, an int) */
} ax_param_type;

typedef enum {
    AX_PARAM_OPTIONAL, /* the default applies when absent */
    AX_PARAM_REQUIRED, /* must be given (or its alternative row) */
    AX_PARAM_COUPLING, /* the coupling: given, or solved for (dm_fixed); one of the two */
    AX_PARAM_ALT       /* another way to give the row `alt_of` (one of the two) */
} ax_param_role;

typedef struct ax_model_param {
    const char *key;      /* model-file key: "m_phi" */
    const char *symbol;   /* its name in messages ("sin^2 2theta"); NULL: key */
    const char *flag;     /* command-line flag: "--mphi" (NULL: none) */
    const char *meta;     /* value placeholder in help: "MASS" */
    ax_param_type type;
    ax_dim dim;           /* QUANTITY: its dimension */
    const char *unit;     /* unit of messages and JSON ("eV"); NULL: none */
    double unit_gev;      /* that unit in internal units (1e-9 for eV) */
    double lo, hi;        /* accepted range, internal units */
    int lo_open, hi_open; /* 1: the bound itself is refused */
    const char *expect;   /* the range in words: "0 < f_phi < 1" */
    double def;           /* default (WORD: index) */
    ax_param_role role;
    const char *alt_of;   /* ALT: the key of the row it stands for */
    double (*to_alt)(double);   /* ALT: value of this row from the primary's */
    double (*from_alt)(double); /* ALT: primary's value from this row's */
    const char *words;    /* WORD: "exact step" */
    const char *example;  /* for messages: "1e-6eV" */
    const char *help;     /* meaning, for --help */
    const char *json_key; /* key in JSON results ("m_phi_eV"); NULL: none */
    size_t offset;        /* offsetof(ax_model, field) (ALT: unused) */
} ax_model_param;

typedef struct ax_model_type {
    const char *name;       /* "phi": --model word, model-file "model" */
    const char *title;      /* "phi model", for messages and text output */
    const char *summary;    /* one line for --help */
    const ax_model_param *params;
    size_t nparams;
    /* DM-fixed solve: the coupling row (role COUPLING) sets the mixing;
     * Omega_s grows like coupling^power at small mixing (1 for sin^2
     * 2theta, 2 for a Yukawa), and no solution is sought at or beyond
     * coupling_max (beyond, `dm_no_root` explains why). */
    double coupling_power;
    double coupling_max;
    int coupling_max_open;
    const char *dm_no_root;
    /* production peaks near T_max_factor x ax_tmax_bh16(m_s) (the T range) */
    double T_max_factor;
    /* the mixing today follows rho_DM(x): limits apply through the recast */
    int tracks_dm;
    /* cross-parameter checks (m_phi < m_s, ...); NULL: none */
    int (*check)(const ax_model *m, ax_error *err);
    /* data shared by every point of a production context (read once per
     * context, e.g. a table of the field's mass); NULL: none. A failure
     * leaves *data NULL, and background_init then loads it itself (and
     * reports the failure when a point needs it). */
    int (*context_init)(void **data, ax_error *err);
    void (*context_free)(void *data);
    /* background field (NULL: none, the mixing is mixing_at with b = NULL) */
    int (*background_init)(ax_background *b, const ax_cosmo *c, const void *data,
                           const ax_model *m, ax_error *err);
    /* 1: the background depends on neither m_s nor the coupling, so the
     * points of a scan that differ only in them share one (the production
     * context keeps the last few; docs/performance.md) */
    int background_shared;
    /* effective vacuum <sin^2 2theta>(T) */
    double (*mixing_at)(const ax_background *b, const ax_model *m, double T);
    /* <sin^2 2theta_eff>_0 today (the DW value for constant mixing) */
    double (*mixing_today)(const ax_model *m);
    /* f: the share of the DM in the background field (0: none) */
    double (*other_dm_fraction)(const ax_model *m);
    /* width of nu_s -> nu + the invisible field, GeV (NULL: no such decay) */
    double (*invisible_width)(const ax_model *m);
    const char *invisible_name; /* the field's name in messages: "phi", "a" */
    /* keys of a production result beyond the parameters (T_osc_MeV, ...) */
    int (*json)(void *out, const ax_model *m, const struct ax_prod_result *r,
                ax_error *err);
    /* the key of the row f that sets only today's density of the field, f
     * rho_DM (f_phi, frac; NULL: none): the field equation is linear, so
     * shared backgrounds that differ only in f are one solution scaled by
     * the ratio of the f (ax_background_scale; docs/performance.md) */
    const char *background_density_key;
} ax_model_type;

/* The registered model of a kind, or by name; NULL when there is none. */
const ax_model_type *ax_model_type_of(int kind);
const ax_model_type *ax_model_type_find(const char *name);
/* The kind of the model called `name`, or -1. */
int ax_model_kind_find(const char *name);
/* Registered models, in kind order: count and the i-th one. */
size_t ax_model_count(void);
const ax_model_type *ax_model_type_at(size_t i);

/* Register an application's model (its rows store values in extra[] or
 * in the built-in fields). Returns its kind (>= AX_MODEL_NBUILTIN) or a
 * negative value with a message: a taken name, a full registry, a table
 * without one COUPLING row. Call before any thread uses the registry; a
 * production context created before sees no context data for it. */
int ax_model_register(const ax_model_type *t, ax_error *err);

/* Parameters common to every model: m_s and the flavour. */
const ax_model_param *ax_model_common_params(size_t *n);

/* The row of `key` in t (or the common rows); NULL when it has none. */
const ax_model_param *ax_model_param_find(const ax_model_type *t, const char *key);
/* The coupling row of t. */
const ax_model_param *ax_model_coupling(const ax_model_type *t);

/* The idx-th word of a WORD row ("exact" for 0 of "exact step"). */
const char *ax_model_param_word(const ax_model_param *p, int idx, char *buf, size_t len);

/* Value of a row (WORD: its index) in m, and setting it (ALT rows convert). */
double ax_model_get(const ax_model *m, const ax_model_param *p);
void ax_model_set(ax_model *m, const ax_model_param *p, double v);

/* Check one value against its row's range. `where` names it in the
 * message: a flag ("--fphi: 1.5; expected ...") when it starts with '-',
 * else a key ("f_phi = 1.5 is outside the supported range; expected ...");
 * NULL uses the key. */
int ax_model_param_check(const ax_model_param *p, double v, const char *where,
                         ax_error *err);

/* Defaults: m_s = 7.1 keV, flavour mu and each row's default (sin^2 2theta
 * = 1e-10, g_phi = 1e-15, m_phi = 1e-6 eV, f_phi = 1e-2, exact evolution,
 * g_a = 1, f_a = 1e10 GeV, frac = 1e-2). */
void ax_model_defaults(ax_model *m, ax_model_kind kind);

/* Check every parameter against its row and the model's own checks:
 * AX_EINPUT with a message naming the parameter and the accepted range. */
int ax_model_validate(const ax_model *m, ax_error *err);

/* The point for messages: "phi model at m_s = 50 keV, m_phi = 1e-06 eV,
 * f_phi = 0.01, g_phi = 1e-12" (without the coupling when !coupling). */
const char *ax_model_describe(const ax_model *m, int coupling, char *buf, size_t len);

/* The share of Omega_DM the sterile neutrinos must make: 1 - f (f: the
 * model's other_dm_fraction, f_phi, frac, or 0 for DW). */
double ax_model_dm_target_fraction(const ax_model *m);

/* Check a value of model `model`'s row `key` (e.g. "phi", "f_phi") against
 * the row's range, for front ends that take such a value on their own
 * (a figure's --fphi): the message as ax_model_param_check's. */
int ax_model_check_value(const char *model, const char *key, double v, const char *where,
                         ax_error *err);

/* BH16's estimate of the DW production peak, T_max = 133 MeV
 * (m_s/keV)^(1/3) (after Dodelson & Widrow 1994), in GeV. */
double ax_tmax_bh16(double m_s);

/* ---- building a model from user input --------------------------------- */

/* Where the values come from (command-line flags, a model file). get()
 * fills *given and the value (internal units; WORD: *word, the text) of
 * row p; name() says how the user writes p ("--fphi", "key \"f_phi\"");
 * foreign() words the message for a row of another model that was given.
 * style words the messages on missing rows and one-of pairs. */
enum { AX_SOURCE_FLAGS, AX_SOURCE_FILE };

typedef struct ax_model_source {
    void *self;
    int (*get)(void *self, const ax_model_param *p, int *given, double *value,
               const char **word, ax_error *err);
    const char *(*name)(void *self, const ax_model_param *p, char *buf, size_t len);
    int (*foreign)(void *self, const ax_model_param *p, const ax_model_type *owner,
                   const ax_model_type *chosen, ax_error *err);
    int style;                 /* AX_SOURCE_FLAGS or AX_SOURCE_FILE */
    const char *dm_fixed_name; /* "--dm-fixed" or "\"dm_fixed\": true" */
} ax_model_source;

/* Build a model of type t from src: defaults, then every row of t (and the
 * common rows), each range checked once, required rows and the one-of
 * pairs (coupling or dm_fixed; a row or its alternative), rows of other
 * models refused, then ax_model_validate. dm_fixed says whether the
 * coupling is to be solved for. */
int ax_model_build(const ax_model_type *t, const ax_model_source *src, int dm_fixed,
                   ax_model *m, ax_error *err);

/* ---- JSON results (the keys of `axsterile dw`, `point`, `check`) -------- */

/* The JSON writers fill `out`, a cJSON object (a `cJSON *` of the cJSON
 * library), typed void * here so that no public header names a type of
 * another library; a program without cJSON uses the *_json_text variants,
 * which return the same JSON as plain text. */

/* The parameters of m under their JSON keys ("m_s_keV", "g_phi", ...):
 * with_derived adds ALT rows (m_a0_eV) and WORD rows (phi_evolution). */
int ax_model_params_json(void *out, const ax_model *m, int with_derived,
                         ax_error *err);

/* Add a number, refusing NaN and inf (AX_ERUN naming the key). */
int ax_json_add_number(void *out, const char *key, double v, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_MODEL_H */
