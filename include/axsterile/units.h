/*
 * axsterile/units.h -- quantities with units at the edges of the program.
 *
 * Inside axsterile every energy, mass and temperature is in GeV. Halo and
 * astrophysical quantities keep astronomers' units, named in the variable:
 * lengths in kpc, angles in radians, densities in GeV/cm^3, times in s.
 * This parser turns "7.1keV", "1e-6eV", "8.5kpc", "41deg", "0.4GeV/cm3"
 * into those internal units and refuses anything else with a message that
 * lists the accepted units.
 */
#ifndef AXSTERILE_UNITS_H
#define AXSTERILE_UNITS_H

#include "axsterile/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ax_dim {
    AX_DIM_NONE = 0,   /* dimensionless: a plain number, no unit allowed */
    AX_DIM_ENERGY,     /* mass/energy/temperature -> GeV */
    AX_DIM_LENGTH,     /* -> kpc */
    AX_DIM_ANGLE,      /* -> rad */
    AX_DIM_DENSITY,    /* energy (mass) density -> GeV/cm^3 */
    AX_DIM_TIME,       /* -> s */
    AX_DIM_RATE,       /* -> s^-1 */
    AX_DIM_SIGMAV,     /* velocity-averaged cross-section -> cm^3/s */
    AX_DIM_COUNT
} ax_dim;

/* Flags for ax_units_parse. */
enum {
    AX_UNITS_POSITIVE = 1,    /* refuse zero and negative values */
    AX_UNITS_NONNEGATIVE = 2  /* refuse negative values */
};

/* Parse `text` as a number followed by a unit of dimension `dim` (no unit
 * for AX_DIM_NONE). On success stores the value in internal units in *out
 * and returns AX_OK; otherwise returns AX_EINPUT with a message that quotes
 * the text and names the accepted units (the caller prefixes the flag). */
int ax_units_parse(const char *text, ax_dim dim, int flags, double *out,
                   ax_error *err);

/* A comma-separated list of the unit names accepted for dim, e.g.
 * "neV, ueV, meV, eV, keV, MeV, GeV, TeV, PeV". */
const char *ax_units_accepted(ax_dim dim);

/* A short name of the dimension ("a mass or energy", "a length", ...). */
const char *ax_units_dim_name(ax_dim dim);

/* Factor that converts one `unit` of dimension dim into internal units;
 * returns 0 when the unit is unknown for that dimension. */
double ax_units_factor(ax_dim dim, const char *unit);

#ifdef __cplusplus
}
#endif

#endif /* AXSTERILE_UNITS_H */
