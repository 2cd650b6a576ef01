#!/bin/sh
# test_failures.sh -- numerical failure paths (docs/hardening.md): a quadrature that
# fails, a field equation that fails, a DM-fixed solve with no root, a
# non-finite intermediate. Each is forced through $AXSTERILE_FAULT (which
# makes the real failure branch run, see error.h) and must give exit status
# 1, a message naming the model point, nothing on stdout (so never a NaN),
# and no output file.
T_NAME=cli_failures
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

# expect_fail FAULT FRAGMENT DESC ARGS...
expect_fail() {
    fault=$1; frag=$2; desc=$3; shift 3
    AXSTERILE_FAULT=$fault run "$@"
    if [ "$RC" -ne 1 ]; then bad "$desc: exit $RC, want 1 (stderr: $(head -c 300 "$ERR"))"; return; fi
    if ! grep -qF -- "$frag" "$ERR"; then bad "$desc: stderr lacks '$frag': $(head -c 400 "$ERR")"; return; fi
    if [ -s "$OUT" ]; then bad "$desc: printed to stdout on failure"; return; fi
    if grep -qiE '(^|[^a-z])(nan|inf)([^a-z]|$)' "$ERR"; then bad "$desc: NaN or inf in the message"; return; fi
    ok
}

# a DM-fixed solve with no root in range, for each model
expect_fail dm_noroot "DM-fixed solve for the DW at m_s = 7 keV: no sin^2 2theta < 1" \
    "DW, no root" dw --ms 7keV --dm-fixed
expect_fail dm_noroot "phi model at m_s = 50 keV, m_phi = 1e-06 eV, f_phi = 0.01: no g_phi <= 1" \
    "phi, no root" point --ms 50keV --mphi 1e-6eV --dm-fixed --json
expect_fail dm_noroot "QCD axion at m_s = 50 keV, f_a = 1e+10 GeV" \
    "QCD, no root" point --model qcd --ms 50keV --fa 1e10GeV --dm-fixed
expect_fail dm_noroot "no sin^2 2theta < 1" "check, no root" check --dw --ms 7keV --dm-fixed --json

# the field equation (GSL ODE) fails
expect_fail ode "field equation: generic failure" "phi, ODE failure" \
    point --ms 50keV --mphi 1e-6eV --g 1e-20
expect_fail ode "m_phi = 1e-06 eV" "phi, ODE failure names the point" \
    point --ms 50keV --mphi 1e-6eV --g 1e-20

# a non-finite intermediate
expect_fail nonfinite "production, DW at m_s = 7 keV, sin^2 2theta = 1e-10: the sterile-neutrino number density is not a finite" \
    "DW, NaN" dw --ms 7keV --sin2 1e-10 --json
expect_fail nonfinite "phi model at m_s = 20 keV" "phi, NaN" point --ms 20keV --mphi 1e-6eV --g 1e-19

# a GSL quadrature fails (halo integrals)
expect_fail quad "line-of-sight integral at psi" "jfactor, quadrature" jfactor --roi fermi:R41 --json
expect_fail quad ".json: \"target\"" "check names the limit whose J failed" \
    check --dw --ms 7keV --dm-fixed

# a failure inside a scan: exit 1, the failing row named, no file written
expect_fail nonfinite "dw_dm_fixed.csv row" "scan fails on a row" scan fig2 -o "$TMP/f2" --points 20
[ ! -e "$TMP/f2/dw_dm_fixed.csv" ] && ok || bad "a failed scan wrote dw_dm_fixed.csv"
[ -z "$(find "$TMP" -name '*.tmp.*')" ] && ok || bad "a failed scan left temporary files"
expect_fail nonfinite "number density is not a finite" "spectrum not written" \
    dw --ms 7keV --sin2 1e-10 --spectrum "$TMP/spec.csv"
[ ! -e "$TMP/spec.csv" ] && ok || bad "a failed run wrote --spectrum"

# without the variable the same commands succeed
expect_status 0 "no fault: dw" dw --ms 7keV --dm-fixed
finish
