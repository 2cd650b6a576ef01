#!/bin/sh
# test_recast.sh -- `axsterile limits recast`: the recast as a new limit
# pair that the loader accepts, its provenance, and bad input (issue 5).
T_NAME=cli_recast
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

expect_status 0 "recast to stdout" limits recast nustar_halo_roach2023
expect_out "recast to the axion-assisted model (f_phi = 0.01)" "recast header"
expect_status 0 "recast --json" limits recast chandra_m31_horiuchi2014 --json
for k in J_GeV2_cm5 D_GeV_cm2 f_s; do [ -n "$(json_num $k)" ] && ok || bad "recast --json lacks $k"; done
within "$(json_num f_s)" 0.98999 0.99001 "f_s = 1 - f_phi"
no_nan "recast --json"

# -o writes a pair in the library's format, which validates and loads
expect_status 0 "recast -o" limits recast xmm_halo_foster2021 -o "$TMP/foster_recast"
[ -s "$TMP/foster_recast.csv" ] && [ -s "$TMP/foster_recast.json" ] && ok || bad "recast pair not written"
grep -q '"recast"' "$TMP/foster_recast.json" && ok || bad "sidecar lacks the recast object"
grep -q 'Recast by axsterile' "$TMP/foster_recast.csv" && ok || bad "CSV lacks its provenance"
expect_status 0 "recast pair validates" limits validate "$TMP/foster_recast.csv"
expect_status 0 "recast pair shows" limits show "$TMP/foster_recast.json" --json
# an annihilation limit recasts without a D-factor; Majorana halves the numbers
expect_status 0 "sigmav recast" limits recast fermi2015_sigmav_R41 -o "$TMP/r41" --majorana
expect_status 0 "sigmav recast, BH16" limits recast fermi2015_sigmav_R41 -o "$TMP/r41d"
a=$(grep -v '^#' "$TMP/r41.csv" | head -n 1 | cut -d, -f2); b=$(grep -v '^#' "$TMP/r41d.csv" | head -n 1 | cut -d, -f2)
within "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')" 1.99999 2.00001 "BH16 / Majorana = 2"

# bad input
expect_error "no limit named 'nosuch'" "unknown limit" limits recast nosuch
expect_error "--fphi 1.5" "f_phi out of range" limits recast nustar_halo_roach2023 --fphi 1.5
expect_error "needs exactly one NAME" "no name" limits recast
expect_error "cannot create a file there" "unwritable -o" limits recast nustar_halo_roach2023 -o "$TMP/no/such/dir/x"
[ ! -e "$TMP/no" ] && ok || bad "a failed recast left something behind"
finish
