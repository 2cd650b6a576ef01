#!/bin/sh
# test_hardening_variants.sh -- the guarantees of test_hardening.sh, tried
# through other channels and values than its named cases (docs/hardening.md,
# "Variants"): each check below failed before its fix.
#   outputs: the plot image in an output directory; two outputs that are one
#     file; an empty output name; recast -o names; directories made by a
#     failed recast;
#   write errors: an excluded check and scan grid on a full standard output;
#   inputs: \u0000 in any JSON file; jfactor --target with profile flags;
#     damaged scan manifests and records; hexadecimal rows; blanks in numbers;
#   numbers: halo lengths and their angular resolution, longitudes, couplings
#     and fractions at the ends of their ranges, a mixing that underflows.
# Device cases (mknod) need root and skip with a message otherwise.
T_NAME=cli_hardening_variants
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT
DATA=${AXSTERILE_DATA:-.}
STEM=chandra_m31_horiuchi2014
ROOT=0; [ "$(id -u)" = 0 ] && ROOT=1
HAVE_GP=0; command -v gnuplot >/dev/null 2>&1 && HAVE_GP=1
DW="dw --ms 7.1keV --sin2 1e-10"
LIB="$TMP/lib"; mkdir -p "$LIB"; cp "$DATA/limits/$STEM.csv" "$DATA/limits/$STEM.json" "$LIB/"
P2="plot fig2 --points 20 --limits $LIB --limits-only"

# ---- the image of a plot is a file of its output directory ------------------
if [ $HAVE_GP = 1 ]; then
    mkdir -p "$TMP/pf"; mkfifo "$TMP/pf/fig2.png"
    expect_error "is a FIFO" "plot: fig2.png a FIFO in the output directory" $P2 -o "$TMP/pf"
    [ -p "$TMP/pf/fig2.png" ] && ok || bad "a FIFO fig2.png was replaced by the image"
    grep -qF "$TMP/pf/fig2.png is a FIFO" "$ERR" && ok || bad "the message does not name DIR/fig2.png: $(head -c 300 "$ERR")"
    if [ $ROOT = 1 ]; then
        mkdir -p "$TMP/pd"; mknod "$TMP/pd/fig2.png" c 1 3
        expect_error "is a device" "plot: fig2.png a device in the output directory" $P2 -o "$TMP/pd"
        [ -c "$TMP/pd/fig2.png" ] && ok || bad "a device fig2.png was replaced by the image"
    else
        skip "not root: mknod of a device as fig2.png not tested (CI runs as root)"
    fi
    # a link there is replaced, not followed; a replaced image keeps its mode
    mkdir -p "$TMP/pl"; echo outside > "$TMP/outside.png"; ln -s ../outside.png "$TMP/pl/fig2.png"
    expect_status 0 "plot: fig2.png a link out of the output directory" $P2 -o "$TMP/pl"
    [ "$(cat "$TMP/outside.png")" = outside ] && [ -f "$TMP/pl/fig2.png" ] && [ ! -L "$TMP/pl/fig2.png" ] &&
        ok || bad "a link fig2.png was followed out of the output directory"
    chmod 604 "$TMP/pl/fig2.png"
    expect_status 0 "plot over an image of mode 604" $P2 -o "$TMP/pl"
    [ "$(stat -c %a "$TMP/pl/fig2.png")" = 604 ] && ok || bad "the image's mode was not kept: $(stat -c %a "$TMP/pl/fig2.png")"
    ls "$TMP"/pl*.tmp.* "$TMP"/pl/*.tmp.* >/dev/null 2>&1 && bad "temporary files left by plot" || ok
else
    skip "gnuplot not installed: the image's output checks not run"
fi

# ---- two outputs of one run are two files ------------------------------------
echo old > "$TMP/s.csv"; ln -s s.csv "$TMP/ls.csv"; mkdir -p "$TMP/sub"
expect_error "are the same file" "--spectrum and --production-rate one name" $DW --spectrum "$TMP/s.csv" --production-rate "$TMP/s.csv"
expect_error "are the same file" "--production-rate a link to --spectrum" $DW --spectrum "$TMP/s.csv" --production-rate "$TMP/ls.csv"
expect_error "are the same file" "--production-rate through .." $DW --spectrum "$TMP/s.csv" --production-rate "$TMP/sub/../s.csv"
[ "$(cat "$TMP/s.csv")" = old ] && ok || bad "a refused pair changed the file"
expect_status 0 "both outputs to /dev/null (written through)" $DW --spectrum /dev/null --production-rate /dev/null
expect_error "an empty file name" "--spectrum ''" $DW --spectrum ""
# recast -o: a name that would not load as a limit; directories of a failed recast
expect_error "is not a limit stem" "recast -o with a backquote" limits recast "$STEM" -o "$TMP/a\`touch $TMP/MK\`"
ls "$TMP"/a* >/dev/null 2>&1 && bad "a refused recast -o wrote files" || ok
expect_error "no limit named" "recast of a missing limit into new directories" limits recast nosuchlimit -o "$TMP/new/a/rc"
[ ! -e "$TMP/new" ] && ok || bad "a refused recast left the directories of -o"
AXSTERILE_FAULT=rename_second; export AXSTERILE_FAULT
run limits recast "$STEM" -o "$TMP/new2/a/rc"
unset AXSTERILE_FAULT
[ "$RC" = 1 ] && [ ! -e "$TMP/new2" ] && ok || bad "a failed recast left the directories it made (exit $RC)"
expect_status 0 "recast -o into new directories" limits recast "$STEM" -o "$TMP/new3/a/rc"
[ -s "$TMP/new3/a/rc.csv" ] && [ -s "$TMP/new3/a/rc.json" ] && ok || bad "recast -o did not make its directories"

# ---- write errors: the status says the output did not arrive ------------------
"$BIN" check --dw --ms 7.1keV --sin2 1e-6 > /dev/full 2>"$ERR"; rc=$?
[ $rc = 1 ] && grep -q "no space left on device" "$ERR" && ok || bad "an excluded check > /dev/full: exit $rc (want 1): $(head -c 300 "$ERR")"
"$BIN" scan grid -o "$TMP/g" --model dw --ms 5keV --sin2 1e-10 > /dev/full 2>"$ERR"; rc=$?
[ $rc = 1 ] && grep -q "no space left on device" "$ERR" && ok || bad "scan grid > /dev/full: exit $rc (want 1)"
expect_error "takes nothing after it" "--version with a word after it" --version extra

# ---- strict inputs ---------------------------------------------------------------
# \u0000 in any JSON text (here a --target file) is refused, not cut short
printf '{"kind": "external\\u0000x", "name": "M31", "distance_kpc": 780, "radius_deg": 0.2, "profile": {"type": "nfw", "r_s_kpc": 16.4, "rho_s_GeV_cm3": 0.36}}' > "$TMP/nul.json"
expect_error "u0000" "--target with \\u0000 in a string" jfactor --target "$TMP/nul.json"
printf '{"a\\\\u0000": 1}' > "$TMP/esc.json"
run jfactor --target "$TMP/esc.json"
grep -q "u0000" "$ERR" && bad "an escaped backslash before u0000 was taken for a NUL" || ok
# jfactor --target: the file gives the whole target
for f in "--rs 2kpc" "--rho-s 1GeV/cm3" "--rho-local 0.3GeV/cm3" "--rsun 8kpc" "--rmax 10kpc" "--rmin 0.1kpc" "--distance 700kpc" "--gamma 1" "--alpha 0.2"; do
    expect_error "does not use ${f%% *}" "jfactor --target with ${f%% *}" jfactor --target "$DATA/limits/$STEM.json" $f
done
# numbers: blanks, shard words
expect_error "trailing blanks" "--sin2 with a trailing blank" dw --ms 7.1keV --sin2 "1e-10 "
expect_status 0 "a blank between number and unit" dw --ms "7.1 keV" --sin2 1e-10
for s in " 1/2" "1/ 2" "+1/2" "1/+2"; do
    expect_error "is not a shard" "--shard '$s'" scan fig2 -o "$TMP/sh" --points 20 --shard "$s"
done
# scan manifests: the strict JSON reader; rows: decimal numbers; the record
"$BIN" scan fig2 -o "$TMP/s1" --points 20 --limits "$LIB" --limits-only --shard 1/2 >/dev/null 2>&1
"$BIN" scan fig2 -o "$TMP/s2" --points 20 --limits "$LIB" --limits-only --shard 2/2 >/dev/null 2>&1
mutate() { rm -rf "$TMP/t2"; cp -a "$TMP/s2" "$TMP/t2"; }
mutate; echo x >> "$TMP/t2/scan.json"
expect_error "text after the JSON object" "merge: text after a manifest" merge -o "$TMP/m" "$TMP/s1" "$TMP/t2"
mutate; sed -i '0,/{/s/{/{"figure": "fig2", /' "$TMP/t2/scan.json"
expect_error "appears twice" "merge: a repeated manifest key" merge -o "$TMP/m" "$TMP/s1" "$TMP/t2"
mutate; sed -i 's/"fig2"/"fig2\\u0000x"/' "$TMP/t2/scan.json"
expect_error "u0000" "merge: \\u0000 in a manifest" merge -o "$TMP/m" "$TMP/s1" "$TMP/t2"
mutate; f="$TMP/t2/dw_dm_fixed.csv"
awk '/^[0-9]/ && !d {print "0x10,1e-10"; d=1; next} {print}' "$f" > "$TMP/x" && mv "$TMP/x" "$f"
expect_error "comma-separated finite" "merge: a hexadecimal row" merge -o "$TMP/m" "$TMP/s1" "$TMP/t2"
[ ! -e "$TMP/m" ] && ok || bad "a refused merge created its directory"
expect_status 0 "merge of the shards" merge -o "$TMP/m" "$TMP/s1" "$TMP/s2"
record() { # KEY-EDIT (python): a damaged record in a copy of the merged scan
    rm -rf "$TMP/fd"; cp -a "$TMP/m" "$TMP/fd"
    python3 - "$TMP/fd/scan.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); r = d['record']
exec(sys.argv[2])
json.dump(d, open(sys.argv[1], 'w'), indent=1)
PY
}
for e in "r['decay_convention'] = 'weird'" "r['phi_evolution'] = 'exact step'" "r['f_phi'] = '0.01'" \
         "r['f_phi'] = 5" "del r['limits']" "r['opacity'] = 'tabular'" "r['limits']['dir'] = 5"; do
    record "$e"
    expect_error "the record is damaged" "plot --from-data with $e" plot fig2 -o "$TMP/fd" --from-data --no-render
done

# a g*(T) table with a row of g* = 1e300 (accepted before: H and s off by 1e150)
awk -F, 'BEGIN { OFS = "," } /^[0-9]/ && ++n == 10 { $2 = "1e300" } { print }' "$DATA/data/gstar.csv" > "$TMP/gstar.csv"
expect_error "expected degrees of freedom from 1 to 1e4" "--gstar-table with g* = 1e300" cosmo --T 100MeV --gstar-table "$TMP/gstar.csv"

# ---- numbers stay numbers: halo lengths -------------------------------------------
J="jfactor --roi disk:r=1deg --profile nfw --rs 20kpc"
expect_error "expected 0 (no truncation) or a truncation radius from 1e-09 to 1e+08 kpc" "--rmax 1e300kpc" $J --rmax 1e300kpc
expect_error "expected a distance from 1e-09 to 1e+08 kpc" "--distance 1e-300kpc" $J --rho-s 1GeV/cm3 --distance 1e-300kpc
expect_error "expected a distance from 1e-09 to 1e+08 kpc" "--distance 1e300kpc" $J --rho-s 1GeV/cm3 --distance 1e300kpc
expect_error "expected a distance from 1e-09 to 1e+08 kpc" "--rsun 1e9kpc" $J --rsun 1e9kpc
# a core radius the quadratures do not resolve printed a negative J
expect_error "core radius from 1e-09" "gnfw gamma 2.9, --rmin 1e-10kpc" jfactor --roi disk:r=1deg --profile gnfw --gamma 2.9 --rs 20kpc --rmin 1e-10kpc
expect_error "(the angular quadratures' resolution)" "gnfw, --rmin 1e-8kpc at 8.5 kpc" jfactor --roi disk:r=1deg --profile gnfw --gamma 2.9 --rs 20kpc --rmin 1e-8kpc
# an Einasto profile with a tiny alpha: pow(x, 1e-20) - 1 = 0 made it constant;
# below alpha ~ 0.015 its r^-2 cusp (J through the centre) is not resolved
expect_error "steeper than r^-1.5" "einasto --alpha 1e-20" jfactor --roi disk:r=1deg --profile einasto --rs 20kpc --alpha 1e-20
# away from the centre, alpha -> 0 is the profile rho_s (r_s/r)^2, whose line of
# sight at impact parameter b = d sin psi gives int rho^2 dl = rho_s^2 r_s^4
# [theta + sin theta cos theta]_{theta0}^{pi/2}/(2 b^3), tan theta0 = -cot psi;
# over a disk of 1 deg at l = 30 deg (d = 8.5 kpc, r_s = 20 kpc, rho_s = 1
# GeV/cm3; Simpson's rule, 400 x 400 nodes): 9.39992e21 GeV^2 cm^-5
run jfactor --roi 'disk:r=1deg,l=30deg' --profile einasto --rs 20kpc --alpha 1e-8 --rho-s 1GeV/cm3 --json
within "$(json_num J_GeV2_cm5)" 9.3990e21 9.4009e21 "J of einasto alpha = 1e-8 (the r^-2 profile: 9.39992e21, 1e-4)"
# a scale radius the quadratures do not resolve gave J 1e12 times too small
expect_error "(the angular quadratures' resolution)" "r_s 1e-6 kpc at 1e8 kpc" jfactor --roi disk:r=1deg --profile nfw --rs 1e-6kpc --rho-s 1GeV/cm3 --distance 1e8kpc
# at the resolution, J of a whole NFW halo in the disk is 4 pi/3 rho_s^2 r_s^3/d^2
# (int rho^2 dV = 4 pi rho_s^2 r_s^3 int dx/(1+x)^4 = 4 pi rho_s^2 r_s^3/3)
run jfactor --roi disk:r=1deg --profile nfw --rs 0.1kpc --rho-s 1GeV/cm3 --distance 1e6kpc --json
j=$(json_num J_GeV2_cm5)
within "$j" 1.29246e7 1.29260e7 "J of an NFW halo at r_s/d = 1e-7 (4 pi/3 rho_s^2 r_s^3/d^2 = 1.29253e7, 5e-5)"
printf '{"kind": "external", "name": "far", "distance_kpc": 1e300, "radius_deg": 0.2, "profile": {"type": "nfw", "r_s_kpc": 16.4, "rho_s_GeV_cm3": 0.36}}' > "$TMP/far.json"
expect_error "expected a distance from 1e-09 to 1e+08 kpc" "--target at 1e300 kpc" jfactor --target "$TMP/far.json"
# longitudes: within two turns
expect_error "expected -720 deg <= l <= 720 deg" "disk l=1e300deg" jfactor --roi 'disk:r=1deg,l=1e300deg' --profile nfw --rs 20kpc
expect_error "expected -720 <= l <= 720 deg" "box l=700deg..730deg" jfactor --roi 'box:l=700deg..730deg,b=-5deg..5deg' --profile nfw --rs 20kpc
expect_status 0 "box across 360 deg" jfactor --roi 'box:l=350deg..370deg,b=-5deg..5deg' --profile nfw --rs 20kpc
printf '{"kind": "galactic", "region": {"shape": "disk", "l_deg": 1e300, "b_deg": 0, "radius_deg": 1}, "profile": {"type": "nfw", "r_s_kpc": 20, "rho_local_GeV_cm3": 0.4}}' > "$TMP/lon.json"
run jfactor --target "$TMP/lon.json"
[ "$RC" = 2 ] && ok || bad "--target with l_deg 1e300: exit $RC: $(head -c 300 "$ERR")"

# ---- couplings and fractions ----------------------------------------------------------
expect_error "a positive coupling >= 1e-100 (and at most 1e100)" "point --g 1e300 (number density overflowed)" point --ms 7.1keV --mphi 1e-6eV --g 1e300 --extrapolate
expect_error "a positive coupling >= 1e-100 (and at most 1e100)" "qcd --g 1e300" point --model qcd --ms 7.1keV --fa 1e10GeV --g 1e300 --extrapolate
expect_error "at least 1e-100" "point --fphi 1e-300" point --ms 7.1keV --mphi 1e-6eV --g 1e-10 --fphi 1e-300 --extrapolate
expect_error "at least 1e-100" "qcd --frac 1e-300" point --model qcd --ms 7.1keV --fa 1e10GeV --g 1e-10 --frac 1e-300 --extrapolate
t0=$(date +%s)
expect_error "expected a fraction from 1e-100" "scan --fphi 1e-300 (refused before the scan)" scan fig2 -o "$TMP/sf" --points 20 --fphi 1e-300
[ $(( $(date +%s) - t0 )) -lt 3 ] && ok || bad "scan --fphi 1e-300 was refused only after computing"
# a mixing that underflows: Omega came out 0 with a wrong T_max
# (g_phi = 1e-100 with f_phi = 1e-100: sin^2 2theta_eff about 1e-269)
expect_error "the mixing never reaches 1e-200" "g 1e-100 with f_phi 1e-100" point --ms 7.1keV --mphi 1e-6eV --g 1e-100 --fphi 1e-100 --extrapolate
# above it Omega is proportional to the mixing ~ g^2 f_phi (small-mixing limit)
run point --ms 7.1keV --mphi 1e-6eV --g 1e-100 --fphi 1e-10 --extrapolate --json; o1=$(json_num omega_h2)
run point --ms 7.1keV --mphi 1e-6eV --g 1e-100 --fphi 1e-20 --extrapolate --json; o2=$(json_num omega_h2)
awk -v a="$o1" -v b="$o2" 'BEGIN { r = b * 1e10 / a; exit !(a > 0 && r > 0.999999 && r < 1.000001) }' && ok || bad "Omega(f_phi = 1e-20)/Omega(1e-10) = $o2/$o1, want 1e-10"

finish
