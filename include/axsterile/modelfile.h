/*
 * axsterile/modelfile.h -- a model point in a JSON file (docs/usage.md,
 * "Model files"), so that a point can be kept, shared and re-checked:
 *
 *   { "model": "phi", "m_s": "50keV", "m_phi": "1e-6eV", "f_phi": 0.01,
 *     "dm_fixed": true }
 *   { "model": "dw", "m_s": "7.1keV", "sin2_2theta": 1e-10, "flavor": "mu" }
 *   { "model": "qcd", "m_s": "100keV", "f_a": "1e10GeV", "frac": 0.01,
 *     "g_a": 0.3 }
 *
 * Keys: "model" (the name of a registered model: dw | phi | qcd, required),
 * "dm_fixed" (bool) or the model's coupling ("sin2_2theta" for dw, "g_phi"
 * for phi, "g_a" for qcd) -- exactly one of the two, "comment", and the
 * model's parameter rows (axsterile/model.h): "m_s" (required), "flavor"
 * (e | mu | tau); phi: "m_phi" (required), "f_phi", "phi_evolution" (exact
 * | step); qcd: "f_a" or "m_a0" (one of them), "frac". Quantities with a
 * dimension are strings with a unit ("50keV"), as on the command line; a
 * bare number is refused. A word is one whole word of its list ("e mu" is
 * refused), and no string may hold a NUL (\u0000). Unknown keys are
 * refused (a misspelt key would otherwise be ignored), and so are keys of
 * another model.
 */
#ifndef AXSTERILE_MODELFILE_H
#define AXSTERILE_MODELFILE_H

#include <stddef.h>

#include "axsterile/error.h"
#include "axsterile/production.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ax_model_spec {
    ax_model model;
    int dm_fixed;     /* solve for the coupling */
    int flavor;       /* AX_FLAVOR_* (a production option) */
} ax_model_spec;

/* Parse a model file held in memory (name is used in messages). */
int ax_model_spec_parse(const char *name, const char *text, size_t len,
                        ax_model_spec *spec, ax_error *err);

/* Read and parse a model file (at most 1 MiB). */
int ax_model_spec_load(const char *path, ax_model_spec *spec, ax_error *err);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_MODELFILE_H */
