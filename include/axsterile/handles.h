/*
 * axsterile/handles.h -- the library's objects on the heap, and their fields
 * read through functions, for callers that cannot lay out C structs:
 * foreign-function interfaces such as Python's ctypes (the axsterile Python
 * package, python/axsterile/, is built on these and on the plain functions
 * of the other headers). A program in C or C++ normally keeps the structs
 * itself (docs/api.md); nothing here is needed there.
 *
 * Each *_new returns a zeroed object (safe to pass to its *_delete at any
 * point) or NULL when out of memory; each *_delete releases what the
 * object holds (as the matching *_free) and the object itself, and accepts
 * NULL. Pointers returned by the accessors are borrowed: valid until the
 * object is deleted.
 */
#ifndef AXSTERILE_HANDLES_H
#define AXSTERILE_HANDLES_H

#include <stddef.h>

#include "axsterile/halo.h"
#include "axsterile/limits.h"
#include "axsterile/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- targets (axsterile/halo.h) --------------------------------------- */

ax_target *ax_target_new(void);
void ax_target_delete(ax_target *t);

/* The target's fields: its name ("" when none), AX_TARGET_GALACTIC or
 * AX_TARGET_EXTERNAL, its profile type (AX_PROFILE_*, see ax_profile_name),
 * and a number by name: "rho_s" (GeV/cm^3), "r_s", "r_min", "r_max",
 * "distance" (kpc; R_sun for a galactic target), "gamma", "alpha",
 * "J_published" (GeV^2 cm^-5, 0 when none). An unknown name gives NaN. */
const char *ax_target_get_name(const ax_target *t);
int ax_target_get_kind(const ax_target *t);
int ax_target_get_profile_type(const ax_target *t);
double ax_target_get_number(const ax_target *t, const char *field);

/* ---- limits (axsterile/limits.h) -------------------------------------- */

ax_limit *ax_limit_new(void);
void ax_limit_delete(ax_limit *lim);

ax_limit_set *ax_limit_set_new(void);
void ax_limit_set_delete(ax_limit_set *set);

/* Number of limits in a set, and the i-th (NULL when i is out of range). */
size_t ax_limit_set_size(const ax_limit_set *set);
const ax_limit *ax_limit_set_at(const ax_limit_set *set, size_t i);

/* A text field by name: "name", "stem", "path", "json_path",
 * "experiment", "reference", "arxiv", "figure", "doi", "digitized_by",
 * "notes", "provenance", "assumed" (what stands for an approximate target),
 * "x_unit", "y_unit" (the units of the file).
 * NULL for an unknown name; "" for an empty field. */
const char *ax_limit_get_text(const ax_limit *lim, const char *field);

/* The quantities (ax_limit_quantity, ax_limit_xquantity), the decay
 * convention of the source (AX_DECAY_* or AX_LIMIT_CONVENTION_NONE), the
 * fraction of the DM the source assumed, whether its target is approximate
 * (1: the paper's region could not be reproduced), and the points: returns n and sets *x (GeV) and *y
 * (internal units, NaN = masked) to the limit's arrays (either may be NULL). */
int ax_limit_get_y_quantity(const ax_limit *lim);
int ax_limit_get_x_quantity(const ax_limit *lim);
int ax_limit_get_convention(const ax_limit *lim);
double ax_limit_get_dm_fraction(const ax_limit *lim);
int ax_limit_get_approximate(const ax_limit *lim);
size_t ax_limit_get_points(const ax_limit *lim, const double **x, const double **y);

/* ---- runs from words (src/api_json.c) ---------------------------------- */

/* A model point from n key/value pairs of text, the way a user writes
 * them: "model" (dw | phi | qcd; default `def_model`), "dm_fixed" (true |
 * false | 1 | 0) and the model's parameter rows, each by its model-file
 * key or its command-line flag without the dashes ("m_s" or "ms", "m_phi"
 * or "mphi", "f_phi" or "fphi", "g_phi" or "g", "sin2_2theta" or "sin2",
 * "f_a" or "fa", "m_a0" or "ma0", "frac", "phi_evolution", "flavor").
 * Quantities with a dimension need their unit ("7.1keV"); numbers are
 * decimal text. Messages name the key as given. Keys other than these are
 * refused unless `allowed` (a space-separated list, NULL: none) holds them;
 * those are skipped here. Sets *dm_fixed. AX_EINPUT on bad input. */
int ax_model_from_words(const char *def_model, size_t n, const char *const *keys,
                        const char *const *values, const char *allowed, ax_model *m,
                        int *dm_fixed, ax_error *err);

/* Run `command` ("dw", "point" or "check") on the pairs and return the
 * JSON text the program prints with --json for the same input (free it
 * with ax_text_free), or NULL with *err set (AX_EINPUT: bad input,
 * AX_ERUN: a failed computation). Besides the model's keys (above; "dw"
 * takes only the dw model, "point" and "check" default to phi): "rate"
 * (afp | bh16), "opacity" (analytic | FILE), "gstar_table" (FILE),
 * "extrapolate" (true | false); for "check" also "convention" (majorana |
 * bh16-eq10) and "limits" (a directory; default the shipped limits). */
char *ax_run_json(const char *command, size_t n, const char *const *keys,
                  const char *const *values, ax_error *err);

/* Release a text returned by ax_run_json (NULL is accepted). */
void ax_text_free(char *text);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_HANDLES_H */
