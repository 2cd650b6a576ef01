/* units.c -- parser for quantities with units (see axsterile/units.h). */
#include "axsterile/units.h"

#include "axsterile/constants.h"

#include <ctype.h>
#include <stdio.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Solar mass in GeV: M_sun = 1.98841e30 kg [PDG22], 1 kg = 5.60958860e26 GeV. */
#define MSUN_GEV (1.98841e30 * 5.60958860e26)
#define PC_CM (AX_KPC_CM * 1e-3)

typedef struct unit_def {
    ax_dim dim;
    const char *name;
    double factor; /* one of this unit in internal units */
} unit_def;

static const unit_def UNITS[] = {
    {AX_DIM_ENERGY, "neV", 1e-18},
    {AX_DIM_ENERGY, "ueV", 1e-15},
    {AX_DIM_ENERGY, "meV", 1e-12},
    {AX_DIM_ENERGY, "eV", 1e-9},
    {AX_DIM_ENERGY, "keV", 1e-6},
    {AX_DIM_ENERGY, "MeV", 1e-3},
    {AX_DIM_ENERGY, "GeV", 1.0},
    {AX_DIM_ENERGY, "TeV", 1e3},
    {AX_DIM_ENERGY, "PeV", 1e6},
    {AX_DIM_LENGTH, "cm", 1.0 / AX_KPC_CM},
    {AX_DIM_LENGTH, "m", 1e2 / AX_KPC_CM},
    {AX_DIM_LENGTH, "km", 1e5 / AX_KPC_CM},
    {AX_DIM_LENGTH, "pc", 1e-3},
    {AX_DIM_LENGTH, "kpc", 1.0},
    {AX_DIM_LENGTH, "Mpc", 1e3},
    {AX_DIM_ANGLE, "rad", 1.0},
    {AX_DIM_ANGLE, "deg", M_PI / 180.0},
    {AX_DIM_ANGLE, "arcmin", M_PI / 10800.0},
    {AX_DIM_ANGLE, "arcsec", M_PI / 648000.0},
    {AX_DIM_DENSITY, "GeV/cm3", 1.0},
    {AX_DIM_DENSITY, "GeV/cm^3", 1.0},
    {AX_DIM_DENSITY, "MeV/cm3", 1e-3},
    {AX_DIM_DENSITY, "MeV/cm^3", 1e-3},
    {AX_DIM_DENSITY, "Msun/pc3", MSUN_GEV / (PC_CM * PC_CM * PC_CM)},
    {AX_DIM_DENSITY, "Msun/pc^3", MSUN_GEV / (PC_CM * PC_CM * PC_CM)},
    {AX_DIM_DENSITY, "Msun/kpc3", MSUN_GEV / (AX_KPC_CM * AX_KPC_CM * AX_KPC_CM)},
    {AX_DIM_DENSITY, "Msun/kpc^3", MSUN_GEV / (AX_KPC_CM * AX_KPC_CM * AX_KPC_CM)},
    {AX_DIM_TIME, "s", 1.0},
    {AX_DIM_TIME, "yr", AX_YEAR_S},
    {AX_DIM_TIME, "Gyr", AX_GYR_S},
    {AX_DIM_RATE, "1/s", 1.0},
    {AX_DIM_RATE, "s^-1", 1.0},
    {AX_DIM_RATE, "/s", 1.0},
    {AX_DIM_SIGMAV, "cm3/s", 1.0},
    {AX_DIM_SIGMAV, "cm^3/s", 1.0},
};
#define N_UNITS (sizeof UNITS / sizeof UNITS[0])

static const char *ACCEPTED[AX_DIM_COUNT] = {
    [AX_DIM_NONE] = "no unit (a plain number)",
    [AX_DIM_ENERGY] = "neV, ueV, meV, eV, keV, MeV, GeV, TeV, PeV",
    [AX_DIM_LENGTH] = "cm, m, km, pc, kpc, Mpc",
    [AX_DIM_ANGLE] = "deg, rad, arcmin, arcsec",
    [AX_DIM_DENSITY] = "GeV/cm3, MeV/cm3, Msun/pc3, Msun/kpc3",
    [AX_DIM_TIME] = "s, yr, Gyr",
    [AX_DIM_RATE] = "1/s, /s, s^-1",
    [AX_DIM_SIGMAV] = "cm3/s",
};

static const char *DIM_NAME[AX_DIM_COUNT] = {
    [AX_DIM_NONE] = "a dimensionless number",
    [AX_DIM_ENERGY] = "a mass or energy",
    [AX_DIM_LENGTH] = "a length",
    [AX_DIM_ANGLE] = "an angle",
    [AX_DIM_DENSITY] = "a density",
    [AX_DIM_TIME] = "a time",
    [AX_DIM_RATE] = "a rate",
    [AX_DIM_SIGMAV] = "a cross-section times velocity",
};

static const char *EXAMPLE[AX_DIM_COUNT] = {
    [AX_DIM_NONE] = "0.01",     [AX_DIM_ENERGY] = "7.1keV",
    [AX_DIM_LENGTH] = "8.5kpc", [AX_DIM_ANGLE] = "41deg",
    [AX_DIM_DENSITY] = "0.4GeV/cm3", [AX_DIM_TIME] = "1e27s",
    [AX_DIM_RATE] = "1e-28/s",  [AX_DIM_SIGMAV] = "3e-26cm3/s",
};

const char *ax_units_accepted(ax_dim dim)
{
    return (dim >= 0 && dim < AX_DIM_COUNT) ? ACCEPTED[dim] : "";
}

const char *ax_units_dim_name(ax_dim dim)
{
    return (dim >= 0 && dim < AX_DIM_COUNT) ? DIM_NAME[dim] : "";
}

double ax_units_factor(ax_dim dim, const char *unit)
{
    if (dim == AX_DIM_NONE)
        return unit[0] == '\0' ? 1.0 : 0.0;
    for (size_t i = 0; i < N_UNITS; i++)
        if (UNITS[i].dim == dim && strcmp(UNITS[i].name, unit) == 0)
            return UNITS[i].factor;
    return 0.0;
}

static int fail_expect(ax_error *err, const char *text, ax_dim dim,
                       const char *what)
{
    if (dim == AX_DIM_NONE)
        return ax_fail(err, AX_EINPUT,
                       "'%s' %s: expected a plain number (e.g. %s)", text,
                       what, EXAMPLE[dim]);
    return ax_fail(err, AX_EINPUT,
                   "'%s' %s: expected %s with a unit, one of %s (e.g. %s)",
                   text, what, DIM_NAME[dim], ACCEPTED[dim], EXAMPLE[dim]);
}

int ax_units_parse(const char *text, ax_dim dim, int flags, double *out,
                   ax_error *err)
{
    if (!text || !*text)
        return fail_expect(err, text ? text : "", dim, "is empty");
    if (dim < 0 || dim >= AX_DIM_COUNT)
        return ax_fail(err, AX_ERUN, "internal: unknown dimension %d", dim);
    /* strtod accepts "nan", "inf", hex floats and leading space; we do not. */
    const char *p = text;
    if (!(isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+'))
        return fail_expect(err, text, dim, "is not a number");
    if ((p[0] == '0') && (p[1] == 'x' || p[1] == 'X'))
        return fail_expect(err, text, dim, "is not a decimal number");
    char *end = NULL;
    errno = 0;
    double x = strtod(text, &end);
    if (end == text)
        return fail_expect(err, text, dim, "is not a number");
    for (const char *q = text; q < end; q++)
        if (isalpha((unsigned char)*q) && *q != 'e' && *q != 'E')
            return fail_expect(err, text, dim, "is not a finite number");
    if (!isfinite(x) || errno == ERANGE)
        return fail_expect(err, text, dim, "is out of range (not a finite number)");
    const char *unit = end;
    while (*unit == ' ')
        unit++;
    /* a blank may stand between the number and its unit, not after them */
    if (unit != end && *unit == '\0')
        return fail_expect(err, text, dim, "has trailing blanks");
    if (dim != AX_DIM_NONE && *unit == '\0')
        return fail_expect(err, text, dim, "has no unit");
    double factor = ax_units_factor(dim, unit);
    if (factor == 0.0) {
        if (dim == AX_DIM_NONE)
            return fail_expect(err, text, dim, "has trailing characters");
        char what[160];
        snprintf(what, sizeof what, "has an unknown unit '%.100s'", unit);
        return fail_expect(err, text, dim, what);
    }
    double value = x * factor;
    if (!isfinite(value) || (x != 0.0 && value == 0.0))
        return fail_expect(err, text, dim, "is out of range after unit conversion");
    if ((flags & AX_UNITS_POSITIVE) && !(value > 0.0))
        return ax_fail(err, AX_EINPUT, "'%s' must be positive (greater than zero)", text);
    if ((flags & AX_UNITS_NONNEGATIVE) && value < 0.0)
        return ax_fail(err, AX_EINPUT, "'%s' must not be negative", text);
    *out = value;
    return AX_OK;
}
