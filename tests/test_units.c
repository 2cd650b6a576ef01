/* test_units.c -- the quantity parser (docs/physics.md section 1). */
#include "harness.h"

#include "axsterile/constants.h"
#include "axsterile/units.h"

static void good(const char *text, ax_dim dim, double want)
{
    ax_error err;
    double v = -1.0;
    int st = ax_units_parse(text, dim, AX_UNITS_POSITIVE, &v, &err);
    CHECK(st == AX_OK, "'%s' refused: %s", text, st ? err.msg : "");
    CHECK_CLOSE(v, want, 1e-12, text);
}

static void bad(const char *text, ax_dim dim, int flags, const char *fragment)
{
    ax_error err;
    ax_error_clear(&err);
    double v = 123.0;
    int st = ax_units_parse(text, dim, flags, &v, &err);
    CHECK_STATUS(st, AX_EINPUT, &err, fragment);
    CHECK(v == 123.0, "'%s': output written on failure", text);
}

int main(void)
{
    ax_gsl_quiet();
    /* energies to GeV */
    good("7.1keV", AX_DIM_ENERGY, 7.1e-6);
    good("1e-6eV", AX_DIM_ENERGY, 1e-15);
    good("2MeV", AX_DIM_ENERGY, 2e-3);
    good("1GeV", AX_DIM_ENERGY, 1.0);
    good("1e9GeV", AX_DIM_ENERGY, 1e9);
    good("3TeV", AX_DIM_ENERGY, 3e3);
    good("5meV", AX_DIM_ENERGY, 5e-12); /* milli-eV, not MeV */
    good("7.1 keV", AX_DIM_ENERGY, 7.1e-6);
    /* astrophysical units */
    good("8.5kpc", AX_DIM_LENGTH, 8.5);
    good("8500pc", AX_DIM_LENGTH, 8.5);
    good("3.0856775814913673e21cm", AX_DIM_LENGTH, 1.0);
    good("41deg", AX_DIM_ANGLE, 41.0 * M_PI / 180.0);
    good("60arcmin", AX_DIM_ANGLE, M_PI / 180.0);
    good("0.4GeV/cm3", AX_DIM_DENSITY, 0.4);
    good("0.4GeV/cm^3", AX_DIM_DENSITY, 0.4);
    /* 1 Msun/pc^3 = 37.97 GeV/cm^3 (M_sun = 1.98841e30 kg, 1 kg = 5.6096e26 GeV) */
    good("1Msun/pc3", AX_DIM_DENSITY, 1.98841e30 * 5.60958860e26 / pow(3.0856775814913673e18, 3));
    good("13.8Gyr", AX_DIM_TIME, 13.8 * AX_GYR_S);
    good("3e-26cm3/s", AX_DIM_SIGMAV, 3e-26);
    good("0.01", AX_DIM_NONE, 0.01);

    /* refusals: each names what was wrong and what is accepted */
    bad("7.1", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "has no unit");
    bad("7.1", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "keV");
    bad("7.1kev", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "unknown unit 'kev'");
    bad("7.1keVx", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "unknown unit 'keVx'");
    bad("7.1kpc", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "unknown unit 'kpc'");
    bad("nan", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "not a number");
    bad("nankeV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "not a number");
    bad("infkeV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "not a number");
    bad("-infkeV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "not a finite number");
    bad("1e999keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "out of range");
    bad("1e-400eV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "out of range");
    bad("-7keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "must be positive");
    bad("0keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "must be positive");
    bad("-1kpc", AX_DIM_LENGTH, AX_UNITS_NONNEGATIVE, "must not be negative");
    bad("", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "is empty");
    bad("keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "not a number");
    bad("0x10keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, "not a decimal number");
    bad("0.01x", AX_DIM_NONE, 0, "trailing characters");
    bad("0.01keV", AX_DIM_NONE, 0, "trailing characters");
    bad("41", AX_DIM_ANGLE, 0, "deg, rad");
    bad("0.4", AX_DIM_DENSITY, 0, "GeV/cm3");
    /* negative allowed where the caller allows it (a Galactic longitude) */
    ax_error err;
    double v = 0.0;
    CHECK(ax_units_parse("-10deg", AX_DIM_ANGLE, 0, &v, &err) == AX_OK &&
              fabs(v + 10.0 * M_PI / 180.0) < 1e-15,
          "-10deg with no sign restriction: got %g", v);
    return harness_done("test_units");
}
