#!/bin/sh
# test_jfactor.sh -- `axsterile jfactor` (docs/physics.md section 7a): presets, the general
# form, target files, and bad input.
T_NAME=cli_jfactor
. "$(dirname "$0")/lib.sh"
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD" "$OUT" "$ERR"' EXIT

expect_status 0 "jfactor --help" jfactor --help
expect_out "--roi ROI" "jfactor --help"

# preset: Fermi-LAT 2015 R41 (NFW), published J = 9.16e22 GeV^2 cm^-5 (0.5%)
expect_status 0 "jfactor --roi fermi:R41 --json" jfactor --roi fermi:R41 --json
for k in J_GeV2_cm5 D_GeV_cm2 solid_angle_sr J_over_D_GeV_cm3 J_relerr D_relerr; do
    [ -n "$(json_num $k)" ] && ok || bad "jfactor --json lacks $k"
done
within "$(json_num J_GeV2_cm5)" 9.114e22 9.206e22 "R41 J vs Fermi-LAT 2015 9.16e22"
within "$(json_num J_relerr)" 0 1e-4 "R41 J error estimate"
no_nan "jfactor R41"
J41=$(json_num J_GeV2_cm5)

# the general form (the preset spelled out) gives the same J (truncation at 100 kpc
# changes J by < 0.1%)
expect_status 0 "general form" jfactor --profile nfw --rs 20kpc --rho-local 0.4GeV/cm3 --rsun 8.5kpc \
    --rmax 100kpc --roi disk:r=41deg --mask fermi2015 --json
within "$(json_num J_GeV2_cm5)" "$(awk -v j="$J41" 'BEGIN{print j*0.999}')" "$J41" "general form = preset (J)"
# solid angle of the masked 41-deg disk: 2 pi (1 - cos 41) minus the masked strips
within "$(json_num solid_angle_sr)" 1.3287 1.3288 "masked R41 solid angle"

# the other presets: R16 9.39e22, R90 6.94e22, R3 13.9e22 (1 pc core), R3-cusp 1.497e23
expect_status 0 "R16" jfactor --roi fermi:R16 --json
within "$(json_num J_GeV2_cm5)" 9.343e22 9.437e22 "R16 J"
expect_status 0 "R90" jfactor --roi fermi:R90 --json
within "$(json_num J_GeV2_cm5)" 6.905e22 6.975e22 "R90 J"
expect_status 0 "R3" jfactor --roi fermi:R3 --json
within "$(json_num J_GeV2_cm5)" 1.383e23 1.397e23 "R3 J"
expect_status 0 "R3-cusp" jfactor --roi fermi:R3-cusp --json
within "$(json_num J_GeV2_cm5)" 1.4895e23 1.5045e23 "R3 plain cusp J"

# --mask none drops the preset's mask: the whole 41-deg cap, 2 pi (1 - cos 41 deg) = 1.541205 sr
expect_status 0 "R41 without mask" jfactor --roi fermi:R41 --mask none --json
within "$(json_num solid_angle_sr)" 1.541204 1.541206 "unmasked R41 solid angle"

# text output
expect_status 0 "text output" jfactor --roi fermi:R90
expect_out "J_GeV2_cm5" "text output"

# an external target (M31-like) and a target file (a limit sidecar)
expect_status 0 "external" jfactor --distance 778kpc --profile nfw --rs 16.5kpc --rho-s 0.5GeV/cm3 \
    --rmax 200kpc --roi disk:r=0.5deg --json
expect_out '"kind":	"external"' "external kind"
cat > "$TMPD/lim.json" <<'JSON'
{ "name": "test", "target": {"kind": "galactic", "preset": "fermi:R41"} }
JSON
expect_status 0 "--target sidecar" jfactor --target "$TMPD/lim.json" --json
within "$(json_num J_GeV2_cm5)" "$J41" "$J41" "--target sidecar = preset"
cat > "$TMPD/off.json" <<'JSON'
{"kind": "galactic", "roi": {"shape": "disk", "l_deg": 10, "b_deg": -5, "radius_deg": 2},
 "profile": {"type": "einasto", "r_s_kpc": 20, "alpha": 0.17, "rho_local_GeV_cm3": 0.4}}
JSON
expect_status 0 "--target off-centre field" jfactor --target "$TMPD/off.json" --json
no_nan "off-centre field"

# bad input: message names the flag/key, exit 2, nothing on stdout
expect_error "unknown profile 'nfx'" "unknown profile" jfactor --profile nfx --rs 20kpc --roi disk:r=41deg
expect_error "unknown region 'circle'" "unknown region" jfactor --profile nfw --rs 20kpc --roi circle:r=41deg
expect_error "unknown preset 'fermi:R7'" "unknown preset" jfactor --roi fermi:R7
expect_error "unknown mask 'plane'" "unknown mask" jfactor --roi fermi:R41 --mask plane
expect_error "expected a positive radius" "negative disk radius" jfactor --profile nfw --rs 20kpc --roi disk:r=-41deg
expect_error "--rs: " "negative r_s" jfactor --profile nfw --rs -20kpc --roi disk:r=41deg
expect_error "--rmin 5 kpc is not below --rmax 2 kpc" "rmin above rmax" \
    jfactor --profile nfw --rs 20kpc --rmin 5kpc --rmax 2kpc --roi disk:r=41deg
expect_error "diverges at the centre" "divergent J" jfactor --profile gnfw --gamma 1.6 --rs 20kpc --roi disk:r=3deg
expect_error "--roi is required" "no roi" jfactor --profile nfw --rs 20kpc
expect_error "--rs is required" "no rs" jfactor --profile nfw --roi disk:r=4deg
expect_error "--rho-s is required" "external without rho_s" jfactor --distance 778kpc --profile nfw --rs 16kpc --roi disk:r=1deg
echo '{"kind":"galactic","roi":{"shape":"disk","radius_deg":4},"profile":{"type":"nfw","r_s_kpc":-2,"rho_local_GeV_cm3":0.4}}' > "$TMPD/bad.json"
expect_error "target.profile.r_s_kpc = -2" "bad key in target file" jfactor --target "$TMPD/bad.json"
echo '{"kind":' > "$TMPD/broken.json"
expect_error "not valid JSON" "broken JSON" jfactor --target "$TMPD/broken.json"
expect_error "unknown flag '--radius'" "unknown flag" jfactor --roi fermi:R41 --radius 3deg

# a --target file is read as strictly as a limit sidecar: a key given twice
# (cJSON would use the first), text after the object, a NUL byte
printf '{"kind":"galactic","preset":"fermi:R41","preset":"fermi:R3"}' > "$TMPD/dup.json"
expect_error "key \"preset\" appears twice" "--target: duplicate key" jfactor --target "$TMPD/dup.json"
printf '{"kind":"galactic","roi":{"shape":"disk","radius_deg":4,"radius_deg":40},"profile":{"type":"nfw","r_s_kpc":20,"rho_local_GeV_cm3":0.4}}' > "$TMPD/dup2.json"
expect_error "key \"roi.radius_deg\" appears twice" "--target: nested duplicate key" jfactor --target "$TMPD/dup2.json"
printf '{"kind":"galactic","preset":"fermi:R41"}\n{"kind":"galactic","preset":"fermi:R3"}\n' > "$TMPD/trail.json"
expect_error "text after the JSON object at line 2" "--target: trailing text" jfactor --target "$TMPD/trail.json"
printf '{"kind":"galactic","preset":"fermi:R41"}\000garbage' > "$TMPD/nul.json"
expect_error "binary data" "--target: NUL byte" jfactor --target "$TMPD/nul.json"

# region words: a range is MIN..MAX with exactly two dots (three were read as
# -10 to 0.1 deg), each key once, no empty item
expect_error "exactly two dots" "box range with three dots" \
    jfactor --profile nfw --rs 20kpc --roi 'box:l=-10deg...10deg,b=-5deg..5deg'
expect_error "key 'r' given twice" "repeated key" jfactor --profile nfw --rs 20kpc --roi 'disk:r=4deg,r=40deg'
expect_error "key 'l' given twice" "repeated box key" \
    jfactor --profile nfw --rs 20kpc --roi 'box:l=-10deg..10deg,b=-5deg..5deg,l=0deg..1deg'
expect_error "an empty item" "trailing comma" jfactor --profile nfw --rs 20kpc --roi 'disk:r=4deg,'
expect_error "an empty item" "double comma" jfactor --profile nfw --rs 20kpc --roi 'disk:r=4deg,,l=1deg'
expect_error "expected MIN < MAX" "reversed range" \
    jfactor --profile nfw --rs 20kpc --roi 'box:l=10deg..-10deg,b=-5deg..5deg'
expect_error "is not KEY=VALUE" "empty value" jfactor --profile nfw --rs 20kpc --roi 'disk:r='
# the two-dot box is the Galactic-centre box: Omega = 2 x 20deg x sin(5deg)
expect_status 0 "box with a two-dot range" \
    jfactor --profile nfw --rs 20kpc --roi 'box:l=-10deg..10deg,b=-5deg..5deg' --json
within "$(json_num solid_angle_sr)" 0.060840 0.060852 "box solid angle = 2 dl sin(b_max)"

finish
