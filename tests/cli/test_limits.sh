#!/bin/sh
# test_limits.sh -- `axsterile limits list | validate | show` (docs/limits-format.md).
T_NAME=cli_limits
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BAD="$SRC/tests/limits_bad"
# expect_re REGEX DESC: the last run's stdout matches the extended regex
expect_re() { if grep -qE -- "$1" "$OUT"; then ok; else bad "$2: stdout does not match '$1'"; fi; }
GOOD="$SRC/tests/limits_good"

expect_status 0 "limits --help" limits --help
expect_out "limits validate FILE" "limits --help"

# list: every shipped limit, one line each; JSON count
expect_status 0 "limits list" limits list
for s in chandra_m31_horiuchi2014 chandra_halo_sicilian2020 chandra_halo_sicilian2022 \
         nustar_bulge_roach2020 nustar_halo_roach2023 xmm_halo_foster2021 xmm_halo_dessert2020 \
         integral_spi_calore2023 fermi2015_flux_R3 fermi2015_flux_R16 fermi2015_flux_R41 \
         fermi2015_flux_R90 fermi2015_sigmav_R3 fermi2015_sigmav_R16 fermi2015_sigmav_R41 \
         fermi2015_sigmav_R90 erosita_lmc_terolcalvo2026 nustar_stray_krivonos2024 \
         nustar_gc_perez2017 nustar_m31_ng2019 integral_spi_boyarsky2008 heao1_mw_boyarsky2006; do
    expect_out "$s" "limits list"
done
expect_out "Foster et al. 2021 (arXiv:2102.02207)" "limits list: reference"
expect_status 0 "limits list --json" limits list --json
within "$(json_num count)" 22 22 "limits list --json count"

# validate: the shipped library and the good test pair pass (either file of a pair)
expect_status 0 "validate the library" limits validate "$SRC"/limits/*.json
expect_status 0 "validate by csv" limits validate "$SRC"/limits/xmm_halo_foster2021.csv "$GOOD/good.csv"
expect_out "valid  $GOOD/good.csv" "validate lists the file"

# validate: every broken file is refused, exit 2, message names the file, stdout empty,
# and nothing is written next to it
before=$(ls -la "$BAD" | md5sum)
expect_error "unsorted.csv line 3, column 1: x = 8 keV is smaller than the previous" "unsorted" limits validate "$BAD/unsorted.csv"
expect_error "bad_number.csv line 2, column 2: '1e-1O' is not a number" "bad number" limits validate "$BAD/bad_number.json"
expect_error "one_point.csv: 1 point(s) with a limit; expected at least two" "one point" limits validate "$BAD/one_point.csv"
expect_error "missing_key.json: missing key \"experiment\"" "missing key" limits validate "$BAD/missing_key.csv"
expect_error "wrong_type.json: key \"dm_fraction\": got \"one\"; expected a number" "wrong type" limits validate "$BAD/wrong_type.json"
expect_error "key \"x.unit\": unknown unit \"kev\"" "unknown unit" limits validate "$BAD/unknown_x_unit.json"
expect_error "unknown profile 'moore'" "unknown profile" limits validate "$BAD/unknown_profile.json"
expect_error "empty_csv.csv: no data rows" "empty file" limits validate "$BAD/empty_csv.json"
expect_error "huge_y.csv line 1, column 2: sin2_2theta = 1e+300 is out of range" "huge value" limits validate "$BAD/huge_y.json"
expect_error "binary_csv.csv: binary data" "binary junk" limits validate "$BAD/binary_csv.json"
expect_error "binary_json.json: binary data" "binary junk" limits validate "$BAD/binary_json.json"
# all of the corpus at once: one message per file, exit 2
n=$(ls "$BAD"/*.json | wc -l)
expect_error "$n of $n file(s) invalid" "whole corpus" limits validate "$BAD"/*.json
# a mixture: exit 2 while some are valid
expect_error "1 of 2 file(s) invalid" "mixture" limits validate "$GOOD/good.json" "$BAD/zero_y.csv"
after=$(ls -la "$BAD" | md5sum)
[ "$before" = "$after" ] && ok || bad "validate changed tests/limits_bad"
expect_error "cannot open" "missing file" limits validate /nonexistent/x.csv
expect_error "needs at least one FILE" "no file" limits validate

# show
expect_status 0 "show --json" limits show xmm_halo_foster2021 --json
expect_re '"source_convention":[[:space:]]*"majorana"' "show: the source's convention"
expect_re '"decay_convention":[[:space:]]*"majorana"' "show: the convention shown (default)"
expect_re '"kind":[[:space:]]*"galactic"' "show: target"
expect_re '"arxiv":[[:space:]]*"2102.02207"' "show: source"
expect_out 'null]' "show: masked windows are null"
within "$(json_num n)" 500 5000 "show: number of points"
if grep -qE '[:,\[][[:space:]]*-?(nan|NaN|inf|Infinity)[[:space:]]*[],]' "$OUT"; then bad "show --json has a NaN number"; else ok; fi
# the published limit as published by default, twice that with BH16's eq. 10
v1=$(tr -d ' \t\n' < "$OUT" | sed -nE 's/.*"sin2_2theta":\[([0-9.eE+-]+),.*/\1/p')
p1=$(tr -d ' \t\n' < "$OUT" | sed -nE 's/.*"points":\[\[[0-9.eE+-]+,([0-9.eE+-]+)\].*/\1/p')
within "$(awk -v a="$v1" -v b="$p1" 'BEGIN { print a / b }')" 0.9999999 1.0000001 "show: sin^2 2theta as published"
expect_status 0 "show --convention bh16-eq10" limits show xmm_halo_foster2021 --convention bh16-eq10 --json
expect_re '"decay_convention":[[:space:]]*"bh16-eq10"' "show: the convention shown"
v2=$(tr -d ' \t\n' < "$OUT" | sed -nE 's/.*"sin2_2theta":\[([0-9.eE+-]+),.*/\1/p')
within "$(awk -v a="$v1" -v b="$v2" 'BEGIN { print b / a }')" 1.9999999 2.0000001 "show: BH16 eq. 10 doubles it"
expect_error "expected \"majorana\"" "show: unknown convention" limits show xmm_halo_foster2021 --convention weyl
expect_status 0 "show an approximate target" limits show nustar_gc_perez2017 --json
expect_re '"approximate":[[:space:]]*true' "show: approximate"
expect_re '"assumed":[[:space:]]*"Region and profile' "show: what was assumed"
expect_status 0 "show by name" limits show "NuSTAR Galactic bulge (Roach et al. 2020)"
expect_out "stem               nustar_bulge_roach2020" "show by name"
expect_status 0 "show a file" limits show "$GOOD/good.json" --json
expect_re '"stem":[[:space:]]*"good"' "show a file"
expect_status 0 "show text" limits show fermi2015_sigmav_R41
expect_out "# --- the points as loaded: m_chi [GeV], sigmav [cm^3 s^-1]" "show text: columns"
expect_error "no limit named 'nonexistent'" "show unknown" limits show nonexistent
expect_error "needs exactly one NAME" "show without name" limits show
expect_error "takes no argument (got 'x')" "list with an extra word" limits list x
expect_error "needs exactly one NAME" "show with two names" limits show a b

# sub-commands and directories
expect_error "a sub-command is required" "no sub-command" limits
expect_error "unknown sub-command 'frob'" "unknown sub-command" limits frob
# --limits DIR adds to the shipped library (--limits-only: that directory
# alone); a broken file there is left out, named with its problem on stderr,
# and the listing goes on
expect_status 0 "--limits with bad files: the others still list" limits list --limits "$BAD" --limits-only --json
within "$(json_num count)" 0 0 "--limits-only with only bad files: none loads"
grep -qF "$BAD/unsorted.csv line 3, column 1: x = 8 keV" "$ERR" && ok || bad "bad file not named on stderr"
expect_status 0 "--limits-only with a good directory" limits list --limits "$GOOD" --limits-only --json
within "$(json_num count)" 1 1 "--limits DIR --limits-only count"
expect_status 0 "the shipped library alone" limits list --json
NSHIP=$(json_num count)
expect_status 0 "--limits with a good directory" limits list --limits "$GOOD" --json
within "$(json_num count)" $((NSHIP + 1)) $((NSHIP + 1)) "--limits DIR adds one limit to the $NSHIP shipped"
expect_out '"stem":	"good"' "--limits: the extra limit is listed"
expect_out '"stem":	"xmm_halo_foster2021"' "--limits: the shipped ones are still listed"
# the same through $AXSTERILE_LIMITS (colon-separated)
AXSTERILE_LIMITS="$GOOD" expect_status 0 "AXSTERILE_LIMITS adds" limits list --json
within "$(json_num count)" $((NSHIP + 1)) $((NSHIP + 1)) "AXSTERILE_LIMITS=DIR adds one limit"
AXSTERILE_LIMITS="$GOOD:/nonexistent-dir" expect_error "AXSTERILE_LIMITS: /nonexistent-dir: cannot open" \
    "AXSTERILE_LIMITS with a missing directory" limits list
expect_error "--limits-only: give the directories" "--limits-only alone" limits list --limits-only
# the shipped limits/ is where the README has users add their pairs: a stray
# or broken file there is left out and named like one of a --limits
# directory (list goes on; check refuses, naming it), not a broken library
INST=$(mktemp -d)
cp -r "${AXSTERILE_DATA:-.}/data" "${AXSTERILE_DATA:-.}/limits" "$INST/"
printf '1,2\n' > "$INST/limits/stray.csv"
AXSTERILE_DATA="$INST" expect_status 0 "a stray CSV in the shipped limits/: list goes on" limits list --json
within "$(json_num count)" "$NSHIP" "$NSHIP" "a stray CSV in the shipped limits/: every shipped limit listed"
grep -qF "$INST/limits/stray.csv: no matching .json file" "$ERR" && ok || bad "the stray file is not named: $(head -c 300 "$ERR")"
AXSTERILE_DATA="$INST" expect_error "$INST/limits/stray.csv" "a stray CSV in the shipped limits/: check refuses, naming it" \
    check --dw --ms 7.1keV --sin2 1e-10
AXSTERILE_DATA="$INST" expect_status 0 "a stray CSV in the shipped limits/: show of another limit" limits show xmm_halo_foster2021
rm -rf "$INST"
# check applies the added limit together with the shipped ones
expect_status 0 "check without --limits" check --dw --ms 10keV --sin2 1e-13 --json
n_shipped=$(grep -c '"file":' "$OUT")
expect_status 0 "check with an added limit" check --dw --ms 10keV --sin2 1e-13 --limits "$GOOD" --json
n_added=$(grep -c '"file":' "$OUT")
[ "$n_added" -eq $((n_shipped + 1)) ] && ok || bad "check --limits DIR: $n_added rows, want $n_shipped + 1"
expect_out '"file":	"good"' "check --limits DIR: the added limit has its row"
# a file with the stem of a shipped one overrides it, and list says so
OV=$(mktemp -d)
cp "$SRC/limits/xmm_halo_foster2021.json" "$OV/"
sed 's/^\([0-9.eE+-]*\),\([0-9.eE+-]*\)$/\1,1e-3/' "$SRC/limits/xmm_halo_foster2021.csv" > "$OV/xmm_halo_foster2021.csv"
expect_status 0 "override: list" limits list --limits "$OV" --json
within "$(json_num count)" "$NSHIP" "$NSHIP" "override: same count as shipped"
expect_out "\"overrides\":	\"$SRC/limits/xmm_halo_foster2021.json\"" "override: list --json names the overridden file"
expect_status 0 "override: list text" limits list --limits "$OV"
expect_out "overrides $SRC/limits/xmm_halo_foster2021.json" "override: list text says so"
expect_status 0 "override: show takes the user's copy" limits show xmm_halo_foster2021 --limits "$OV" --json
expect_out "\"csv\":	\"$OV/xmm_halo_foster2021.csv\"" "override: show reads the user's file"
# a broken file in a user directory: show of another limit still runs; show of
# it names the problem; check refuses (every limit counts there)
printf '1,2\n' > "$OV/broken.csv"; printf '{"name": "x"}' > "$OV/broken.json"
expect_status 0 "broken user file: show another limit" limits show nustar_halo_roach2023 --limits "$OV"
grep -qF "$OV/broken.json: missing key" "$ERR" && ok || bad "broken user file: no warning naming it"
expect_error "$OV/broken.json: missing key" "broken user file: show it" limits show broken --limits "$OV"
expect_error "$OV/broken.json" "broken user file: check refuses" check --dw --ms 7keV --sin2 1e-12 --limits "$OV"
rm -rf "$OV"

# scan and plot take the library as check does: --limits DIR adds to the
# shipped library, a same stem overrides, --limits-only uses the given
# directories alone, $AXSTERILE_LIMITS adds like --limits; the record lists
# every directory and plot --from-data rebuilds the library from it
FS=$(mktemp -d)
mkdir "$FS/ov"
cp "$SRC/limits/xmm_halo_foster2021.json" "$FS/ov/"
sed 's/^\([0-9.eE+-]*\),\([0-9.eE+-]*\)$/\1,1e-3/' "$SRC/limits/xmm_halo_foster2021.csv" > "$FS/ov/xmm_halo_foster2021.csv"
lim_files() { (cd "$1" && ls limit_*.csv recast_*.csv) | sort; }
expect_status 0 "scan fig2, the shipped library" scan fig2 -o "$FS/ship" --points 20
expect_status 0 "scan fig2 --limits EXTRA" scan fig2 -o "$FS/add" --points 20 --limits "$GOOD"
nship=$(lim_files "$FS/ship" | wc -l)
[ "$nship" -ge 30 ] && ok || bad "scan fig2: only $nship limit tables from the shipped library"
{ lim_files "$FS/ship"; printf 'limit_good.csv\nrecast_good.csv\n'; } | sort > "$FS/want"
lim_files "$FS/add" | cmp -s - "$FS/want" && ok || bad "scan --limits EXTRA: not the shipped tables plus the extra one: $(lim_files "$FS/add" | diff - "$FS/want" | head -5)"
for f in limit_nustar_halo_roach2023.csv recast_chandra_halo_sicilian2020.csv dw_dm_fixed.csv; do
    cmp -s "$FS/ship/$f" "$FS/add/$f" && ok || bad "scan --limits EXTRA changed the shipped $f"
done
grep -qF "# $GOOD/good.csv (sin2_2theta)" "$FS/add/limit_good.csv" && ok || bad "limit_good.csv header does not name $GOOD/good.csv: $(sed -n 2p "$FS/add/limit_good.csv")"
grep -qF "# limits/nustar_halo_roach2023.csv (" "$FS/add/limit_nustar_halo_roach2023.csv" && ok || bad "a shipped limit's header does not name limits/STEM.csv"
# the files of a user library are named by their real path -- in the table
# headers and in the script's source comments -- however the directory was
# given (relative, through a link, by $AXSTERILE_LIMITS); a shipped one is
# named by its real path in the script, and in the headers as limits/STEM.csv
# with what limits/ is
ABS_BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir "$FS/real"; cp "$GOOD/good.csv" "$GOOD/good.json" "$FS/real/"; ln -s "$FS/real" "$FS/link"
REAL=$(cd "$FS/real" && pwd -P); SHIP=$(cd "${AXSTERILE_DATA:-$SRC}/limits" && pwd -P)
(cd "$FS" && "$ABS_BIN" plot fig2 -o rp --points 20 --no-render --limits link >/dev/null 2>&1) && ok || bad "plot fig2 --limits link (relative) failed"
(cd "$FS" && AXSTERILE_LIMITS=link "$ABS_BIN" plot fig2 -o rpe --points 20 --no-render >/dev/null 2>&1) && ok || bad "plot fig2 with AXSTERILE_LIMITS=link (relative) failed"
for d in rp rpe; do
    grep -qF "# $REAL/good.csv (sin2_2theta)" "$FS/$d/limit_good.csv" && ok || bad "$d: limit_good.csv's header does not name $REAL/good.csv: $(sed -n 2p "$FS/$d/limit_good.csv")"
    grep -qF "#     source: Test limit, Nobody et al. 2024 (arXiv:2401.00001) ($REAL/good.json)" "$FS/$d/fig2.gp" && ok || bad "$d: fig2.gp does not name $REAL/good.json: $(grep -F 'source: Test limit' "$FS/$d/fig2.gp")"
    grep -q "limits/good\.json" "$FS/$d/fig2.gp" && bad "$d: fig2.gp names limits/good.json for a user file" || ok
    grep -qF "($SHIP/nustar_halo_roach2023.json)" "$FS/$d/fig2.gp" && ok || bad "$d: fig2.gp does not name the shipped $SHIP/nustar_halo_roach2023.json"
    grep -qF "# limits/nustar_halo_roach2023.csv (sin2_2theta; limits/: the shipped library" "$FS/$d/limit_nustar_halo_roach2023.csv" && ok || bad "$d: a shipped limit's header does not say what limits/ is"
done
# a directory named with a backquoted command, and one with a newline and
# system(): the path is escaped in the script; rendering it and running the
# script again run nothing
Q="$FS/q\`touch MARK1\`"; NL="$FS/n
system(\"touch MARK2\")"
mkdir "$Q" "$NL"; cp "$GOOD/good.csv" "$GOOD/good.json" "$Q/"
sed 's/"Test limit"/"Test limit two"/' "$GOOD/good.json" > "$NL/good2.json"; cp "$GOOD/good.csv" "$NL/good2.csv"
if command -v gnuplot >/dev/null 2>&1; then
    run plot fig2 -o "$FS/qp" --points 20 --limits "$Q" --limits "$NL"
    [ "$RC" -eq 0 ] && ok || bad "plot with odd directory names: exit $RC: $(head -c 300 "$ERR")"
    (cd "$FS/qp" && gnuplot fig2.gp >/dev/null 2>&1)
    [ -z "$(find "$FS" . -maxdepth 2 -name 'MARK[12]' 2>/dev/null)" ] && ok || bad "a directory name ran a command through fig2.gp"
    grep -qF "/good.json)" "$FS/qp/fig2.gp" && grep -qF "/good2.json)" "$FS/qp/fig2.gp" && ok || bad "the odd directories are not named in fig2.gp"
else
    skip "gnuplot is not installed: the odd directory names are not rendered"
fi
# the record: every directory in order, the shipped one first, with the hashes
python3 - "$FS/add/scan.json" "$SRC/limits" "$GOOD" "$(sha256sum < "$GOOD/good.csv" | cut -c1-64)" <<'PY' && ok || bad "scan.json: the record of the library"
import json, os, sys
lim = json.load(open(sys.argv[1]))["record"]["limits"]
assert lim["only"] is False, lim["only"]
assert lim["dir"] == [os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3])], lim["dir"]
assert len(lim["sha256"]) == 2 and lim["sha256"][1]["good.csv"] == sys.argv[4], lim["sha256"][1]
assert "xmm_halo_foster2021.csv" in lim["sha256"][0]
PY
# a same-stem copy overrides the shipped limit, in the figure too
expect_status 0 "scan fig2 with an override" scan fig2 -o "$FS/ov_out" --points 20 --limits "$FS/ov"
lim_files "$FS/ov_out" | cmp -s - "$(lim_files "$FS/ship" > "$FS/ship_list"; echo "$FS/ship_list")" && ok || bad "override: other tables than the shipped ones"
grep -qF "# $FS/ov/xmm_halo_foster2021.csv (" "$FS/ov_out/limit_xmm_halo_foster2021.csv" && ok || bad "override: the header does not name the user's file"
n=$(grep -v '^#' "$FS/ov_out/limit_xmm_halo_foster2021.csv" | grep -c .)
nw=$(grep -v '^#' "$FS/ov_out/limit_xmm_halo_foster2021.csv" | awk -F, 'NF == 2 && $2 == 0.001' | wc -l)
[ "$n" -ge 20 ] && [ "$nw" -eq "$n" ] && ok || bad "override: $nw of $n rows hold the user's 1e-3"
cmp -s "$FS/ship/limit_nustar_halo_roach2023.csv" "$FS/ov_out/limit_nustar_halo_roach2023.csv" && ok || bad "override changed another limit"
# --limits-only: the given directory alone
expect_status 0 "scan fig2 --limits-only" scan fig2 -o "$FS/only" --points 20 --limits "$GOOD" --limits-only
[ "$(lim_files "$FS/only" | tr '\n' ' ')" = "limit_good.csv recast_good.csv " ] && ok || bad "--limits-only: tables $(lim_files "$FS/only" | tr '\n' ' ')"
grep -qF '"only":	true' "$FS/only/scan.json" && ok || bad "--limits-only: the record says only"
# $AXSTERILE_LIMITS adds like --limits: the same tables, byte for byte
AXSTERILE_LIMITS="$GOOD" expect_status 0 "scan fig2 with AXSTERILE_LIMITS" scan fig2 -o "$FS/env" --points 20
nd=0
for f in "$FS"/add/*.csv; do cmp -s "$f" "$FS/env/$(basename "$f")" || nd=$((nd + 1)); done
[ "$nd" -eq 0 ] && [ "$(ls "$FS/env" | wc -l)" -eq "$(ls "$FS/add" | wc -l)" ] && ok || bad "AXSTERILE_LIMITS: $nd tables differ from --limits"
AXSTERILE_LIMITS="$GOOD" expect_status 0 "scan fig2 AXSTERILE_LIMITS + --limits" scan fig2 -o "$FS/env2" --points 20 --limits "$FS/ov"
{ lim_files "$FS/ship"; printf 'limit_good.csv\nrecast_good.csv\n'; } | sort | cmp -s - "$(lim_files "$FS/env2" > "$FS/l2"; echo "$FS/l2")" && ok || bad "AXSTERILE_LIMITS and --limits together"
grep -qF "# $FS/ov/xmm_halo_foster2021.csv (" "$FS/env2/limit_xmm_halo_foster2021.csv" && ok || bad "AXSTERILE_LIMITS + --limits: the override"
AXSTERILE_LIMITS="$GOOD" expect_status 0 "--limits-only leaves AXSTERILE_LIMITS out" scan fig2 -o "$FS/only2" --points 20 --limits "$FS/ov" --limits-only
[ "$(lim_files "$FS/only2" | tr '\n' ' ')" = "limit_xmm_halo_foster2021.csv recast_xmm_halo_foster2021.csv " ] && ok || bad "--limits-only with AXSTERILE_LIMITS: tables $(lim_files "$FS/only2" | tr '\n' ' ')"
# plot --from-data: the library from the record; a contradicting one is refused
expect_status 0 "plot --from-data rebuilds the library" plot fig2 -o "$FS/add" --from-data --no-render
grep -q "limit_good.csv" "$FS/add/fig2.gp" && grep -q "limit_nustar_halo_roach2023.csv" "$FS/add/fig2.gp" && ok || bad "plot --from-data: the script lacks the extra or a shipped limit"
expect_status 0 "plot fig2 --limits EXTRA" plot fig2 -o "$FS/add_p" --points 20 --no-render --limits "$GOOD"
cmp -s "$FS/add/fig2.gp" "$FS/add_p/fig2.gp" && ok || bad "plot --from-data with the record's library wrote another script"
expect_status 0 "plot --from-data with the same --limits" plot fig2 -o "$FS/add" --from-data --no-render --limits "$GOOD"
expect_error "contradicts the scan" "plot --from-data with --limits-only" plot fig2 -o "$FS/add" --from-data --no-render --limits "$GOOD" --limits-only
expect_error "contradicts the scan" "plot --from-data with another --limits" plot fig2 -o "$FS/add" --from-data --no-render --limits "$FS/ov"
AXSTERILE_LIMITS="$FS/ov" expect_error "contradicts the scan" "plot --from-data with another AXSTERILE_LIMITS" plot fig2 -o "$FS/add" --from-data --no-render
expect_error "contradicts the scan" "plot --from-data of the shipped scan with --limits" plot fig2 -o "$FS/ship" --from-data --no-render --limits "$GOOD"
cp "$FS/ov/xmm_halo_foster2021.json" "$FS/ov/xmm_halo_foster2021.json.orig"
sed -i 's/"notes": "/"notes": "changed. /' "$FS/ov/xmm_halo_foster2021.json"
expect_error "whose files differ or are gone" "plot --from-data after a recorded file changed" plot fig2 -o "$FS/ov_out" --from-data --no-render
mv "$FS/ov/xmm_halo_foster2021.json.orig" "$FS/ov/xmm_halo_foster2021.json"
# a broken file in a user directory: refused as by check (every limit is drawn)
mkdir "$FS/broken"; printf '1,2\n' > "$FS/broken/broken.csv"; printf '{"name": "x"}' > "$FS/broken/broken.json"
expect_error "$FS/broken/broken.json: missing key" "scan with a broken user file" scan fig2 -o "$FS/b" --points 20 --limits "$FS/broken"
[ ! -e "$FS/b" ] && ok || bad "a refused scan created its directory"
AXSTERILE_LIMITS="$FS/broken" expect_error "$FS/broken/broken.json: missing key" "plot with a broken file in AXSTERILE_LIMITS" plot fig2 -o "$FS/b" --points 20 --no-render
rm -rf "$FS"

# the worked example of docs/limits-format.md, taken from the document itself
EX=$(mktemp -d)
awk -v dir="$EX" '
    /^## Worked example/ { w = 1; next }
    w && /^       / { if (!inblk) { k++; inblk = 1 } print substr($0, 8) > (dir "/block" k); next }
    w && /^$/ { next }
    w { inblk = 0 }' "$SRC/docs/limits-format.md"
cp "$EX/block1" "$EX/example_lifetime2099.csv" 2>/dev/null
cp "$EX/block2" "$EX/example_lifetime2099.json" 2>/dev/null
expect_status 0 "worked example validates" limits validate "$EX/example_lifetime2099.csv"
expect_status 0 "worked example lists" limits list --limits "$EX"
expect_out "example_lifetime2099        galactic  tau          none      10 keV      25.12 keV   Author et al. 2099 (arXiv:9912.00001)" "worked example: list line as in the document"
sed 's/"unit": "s"}/"unit": "yr"}/' "$EX/block2" > "$EX/example_lifetime2099.json"
expect_error "example_lifetime2099.json: key \"y.unit\": unknown unit \"yr\" for tau; expected \"s\"" "worked example: the mistake" limits validate "$EX/example_lifetime2099.json"
rm -rf "$EX"
# a target that does not integrate is refused by validate, not later by check
EMPTY=$(mktemp -d)
cp "$SRC/tests/limits_good/good.csv" "$EMPTY/e.csv"
sed 's/"target": {/"target": {"mask": {"b_abs_lt_deg": 89},/' "$SRC/tests/limits_good/good.json" > "$EMPTY/e.json"
expect_error "the region is empty" "validate: a mask that removes the whole region" limits validate "$EMPTY/e.csv"
rm -rf "$EMPTY"
# validate reports every bad file, however many: the whole corpus at once
# names each file (the report once stopped at 1024 bytes)
run limits validate "$BAD"/*.json
if [ "$RC" -ne 2 ]; then bad "validate the corpus: exit $RC, want 2"; else ok; fi
nmiss=0
for f in "$BAD"/*.json; do
    b=$(basename "$f" .json)
    grep -qF "/$b." "$ERR" || { nmiss=$((nmiss + 1)); echo "  not reported: $b"; }
done
if [ "$nmiss" -eq 0 ]; then ok; else bad "validate the corpus: $nmiss file(s) not reported"; fi
nbad=$(ls "$BAD"/*.json | wc -l)
if grep -qF "$nbad of $nbad file(s) invalid" "$ERR"; then ok; else bad "validate: no '$nbad of $nbad' verdict"; fi

finish
