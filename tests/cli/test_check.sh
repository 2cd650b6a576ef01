#!/bin/sh
# test_check.sh -- `axsterile check`: exit status 0/3, the JSON layout,
# model files, and bad input (issue 5).
T_NAME=cli_check
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

# DW at the DM-fixed mixing, 7.1 keV: excluded (exit 3), with the table
expect_status 3 "DW DM-fixed 7.1 keV is excluded" check --dw --ms 7.1keV --dm-fixed
expect_out "EXCLUDED" "DW check text"
expect_out "Chandra M31 (Horiuchi et al. 2014)" "DW check names the limits"
expect_out "out_of_range" "DW check reports masses outside a limit"
# the same with --json: the keys of the issue
expect_status 3 "DW check --json" check --dw --ms 7.1keV --dm-fixed --json
for k in '"excluded":	true' '"limits":' '"name":' '"kind":	"decay"' '"limit":' '"model":' '"ratio":' '"status":	"out_of_range"'; do
    grep -qF "$k" "$OUT" && ok || bad "check --json lacks $k"
done
no_nan "check --json"

# the axion-assisted point: allowed (exit 0), recast rows
expect_status 0 "axion-assisted 7.1 keV is allowed" check --ms 7.1keV --mphi 1e-6eV --dm-fixed --json
grep -qF '"kind":	"recast"' "$OUT" && ok || bad "axion check has recast rows"
grep -qF '"excluded":	true' "$OUT" && bad "axion check: a row is excluded" || ok
no_nan "axion check --json"

# a model file gives the same answer as the flags
printf '{"model": "phi", "m_s": "7.1keV", "m_phi": "1e-6eV", "dm_fixed": true}\n' > "$TMP/point.json"
expect_status 0 "check --model-file" check --model-file "$TMP/point.json" --json
cp "$OUT" "$TMP/a.json"
run check --ms 7.1keV --mphi 1e-6eV --dm-fixed --json
cmp -s "$OUT" "$TMP/a.json" && ok || bad "model file and flags differ"
printf '{"model": "dw", "m_s": "7.1keV", "dm_fixed": true}\n' > "$TMP/dw.json"
expect_status 3 "check --model-file DW" check --model-file "$TMP/dw.json"
# a value is one whole word, and a string holds no NUL: exit 2, nothing on stdout
printf '{"model": "dw", "m_s": "7.1keV", "dm_fixed": true, "flavor": "e mu"}\n' > "$TMP/emu.json"
expect_error "expected one of: e mu tau" "model file, flavor \"e mu\"" check --model-file "$TMP/emu.json"
printf '{"model": "phi", "m_s": "7.1keV", "m_phi": "1e-6eV", "dm_fixed": true, "phi_evolution": "exact step"}\n' > "$TMP/ev.json"
expect_error "expected one of: exact step" "model file, two evolutions" check --model-file "$TMP/ev.json"
printf '{"model": "dw", "m_s": "7.1keV", "dm_fixed": true, "flavor": "e\\u0000tau"}\n' > "$TMP/nul.json"
expect_error "NUL" "model file, a NUL in a string" check --model-file "$TMP/nul.json"

# DW in the DM-fixed grey region of Fig. 2: excluded by its lifetime;
# DW in a gap of the library: allowed, and the output says it is untested
expect_status 3 "DW at 100 MeV decays within t_U" check --dw --ms 100MeV --dm-fixed
expect_out "lifetime longer than the age of the Universe" "DW lifetime row"
expect_status 0 "DW at 60 keV: no limit covers it" check --dw --ms 60keV --dm-fixed
expect_out "no X-ray or gamma-ray limit of the library covers this mass" "untested note"
expect_status 0 "DW at 60 keV, JSON" check --dw --ms 60keV --dm-fixed --json
expect_out '"observational_limits_applied":	0' "observational count"
n_rows=$(grep -c '"status":' "$OUT"); n_file=$(grep -c '"file":' "$OUT")
[ "$n_rows" -eq "$n_file" ] && ok || bad "$n_file of $n_rows rows have a \"file\" key"

# bad input: exit 2, message names the problem, nothing on stdout
expect_error "--sin2 is for a DW point" "--sin2 without --dw" check --ms 7keV --sin2 1e-10
expect_error "one of --sin2 or --dm-fixed is required" "DW without mixing" check --dw --ms 7keV
expect_error "--mphi does not belong to a DW point" "DW with --mphi" check --dw --ms 7keV --dm-fixed --mphi 1e-6eV
expect_error "--ms cannot be combined with --model-file" "model file + flags" check --model-file "$TMP/dw.json" --ms 7keV
expect_error "cannot open" "missing model file" check --model-file "$TMP/none.json"
printf '{"model": "dw", "m_s": 7.1, "dm_fixed": true}' > "$TMP/bad.json"
expect_error "expected a string with a unit" "model file with a bare mass" check --model-file "$TMP/bad.json"
expect_error "--ms" "bare number for --ms" check --dw --ms 7.1 --dm-fixed
expect_error "--limits" "missing limits directory" check --dw --ms 7keV --dm-fixed --limits "$TMP/nolimits"
mkdir -p "$TMP/badlim"; printf '1,2\n' > "$TMP/badlim/x.csv"; printf '{}' > "$TMP/badlim/x.json"
expect_error "x.json" "a bad limit file in --limits" check --dw --ms 7keV --dm-fixed --limits "$TMP/badlim"
finish
