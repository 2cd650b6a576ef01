#!/bin/sh
# test_grid.sh -- `axsterile scan grid`: bad ranges are refused (exit 2, a
# message, nothing written, before any point is computed); N shards merged
# equal the unsharded files byte for byte; a scan file gives the same rows
# as the flags; nothing is drawn on stderr when it is not a terminal.
T_NAME=cli_grid
HERE=$(dirname "$0")
. "$HERE/lib.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

# ---- bad ranges: exit 2 with a message, before computing (no directory)
P="--model phi --mphi 1e-6eV --fphi 0.01 --dm-fixed"
expect_error "range is reversed" "reversed range" scan grid -o "$TMP/bad" $P --ms 1MeV:1keV:10:log
expect_error "must be a whole number from 1" "zero points" scan grid -o "$TMP/bad" $P --ms 1keV:1MeV:0:log
expect_error "must be a whole number from 1" "fractional points" scan grid -o "$TMP/bad" $P --ms 1keV:1MeV:2.5
expect_error "kpc" "a length for a mass" scan grid -o "$TMP/bad" $P --ms 1kpc:2kpc:3
expect_error "--ms (start of the range)" "the wrong dimension names the flag" scan grid -o "$TMP/bad" $P --ms 1kpc:2kpc:3
expect_error "--fphi" "a unit on a pure number" scan grid -o "$TMP/bad" --model phi --mphi 1e-6eV --dm-fixed --ms 7keV --fphi 0.01keV:0.1keV:2
expect_error "expected" "f_phi outside (0,1)" scan grid -o "$TMP/bad" --model phi --mphi 1e-6eV --dm-fixed --ms 7keV --fphi 0.5:1.5:3
expect_error "spacing 'cubic'" "unknown spacing" scan grid -o "$TMP/bad" $P --ms 1keV:1MeV:3:cubic
expect_error "one point cannot span" "one point, two ends" scan grid -o "$TMP/bad" $P --ms 1keV:1MeV:1
expect_error "not both" "coupling and --dm-fixed" scan grid -o "$TMP/bad" $P --ms 7keV --g 1e-13
expect_error "QCD" "a row of another model" scan grid -o "$TMP/bad" $P --ms 7keV --frac 0.1
expect_error "is required" "no mass" scan grid -o "$TMP/bad" $P
[ ! -e "$TMP/bad" ] && ok || bad "a refused grid created its output directory"
# refused before computing: a bad last range after a huge first one is instant
t0=$(date +%s)
expect_error "range is reversed" "bad range after a 1e6-point one" scan grid -o "$TMP/bad" --model phi --dm-fixed --ms 1keV:1MeV:1000:log --mphi 1e-9eV:1e-6eV:1000:log --fphi 0.5:0.1:3
t1=$(date +%s)
[ $((t1 - t0)) -le 5 ] && ok || bad "refusing a bad grid took $((t1 - t0)) s (computed first?)"

# ---- a small QCD grid (m_s x f_a), unsharded and in 3 shards
G="--model qcd --ms 5keV:50keV:2:log --fa 1e9GeV:1e11GeV:3:log --frac 0.01 --dm-fixed"
OMP_NUM_THREADS=2 run scan grid -o "$TMP/whole" $G --json
[ "$RC" -eq 0 ] && ok || bad "qcd grid: exit $RC: $(head -c 300 "$ERR")"
[ ! -s "$ERR" ] && ok || bad "stderr not a terminal, yet something was written: $(head -c 200 "$ERR")"
rows=$(grep -vc '^#' "$TMP/whole/grid.csv")
[ "$rows" -eq 7 ] && ok || bad "qcd grid: $rows lines (want the column line and 6 rows)"
no_nan "qcd grid json"
if grep -qiE '(^|,)(nan|inf|-nan|-inf)(,|$)' "$TMP/whole/grid.csv"; then bad "NaN or inf in grid.csv"; else ok; fi
grep -v '^#' "$TMP/whole/grid.csv" | head -n 1 | grep -q '^point,m_s_keV,g_a,f_a_GeV,frac,omega_h2' && ok || bad "qcd grid: columns $(grep -v '^#' "$TMP/whole/grid.csv" | head -n 1)"
for k in 1 2 3; do
    OMP_NUM_THREADS=1 run scan grid -o "$TMP/s$k" $G --shard $k/3
    [ "$RC" -eq 0 ] && ok || bad "shard $k/3: exit $RC: $(head -c 300 "$ERR")"
done
run merge -o "$TMP/merged" "$TMP/s3" "$TMP/s1" "$TMP/s2"
[ "$RC" -eq 0 ] && ok || bad "merge: exit $RC: $(head -c 300 "$ERR")"
cmp -s "$TMP/merged/grid.csv" "$TMP/whole/grid.csv" && ok || bad "merged grid.csv differs from the unsharded one"
cmp -s "$TMP/merged/grid.json" "$TMP/whole/grid.json" && ok || bad "merged grid.json differs from the unsharded one"
expect_error "shard" "merge without shard 2" merge -o "$TMP/m2" "$TMP/s1" "$TMP/s3"
[ ! -e "$TMP/m2/grid.csv" ] && ok || bad "a refused merge wrote grid.csv"
expect_error "given twice" "merge with a repeated shard" merge -o "$TMP/m3" "$TMP/s1" "$TMP/s1" "$TMP/s3"

# ---- --limits DIR adds to the shipped library: a limit far below the
# published ones over 5-20 keV is the strongest at 7 keV, and at 30 keV
# (outside it) a shipped limit still is; one more limit applies at 7 keV
mkdir "$TMP/strong"
printf '# test limit: sin^2 2theta = 1e-16 over 5-20 keV, below every published one\n5,1e-16\n20,1e-16\n' > "$TMP/strong/strong_test.csv"
sed 's/"Test limit"/"Strong test limit"/' "$HERE/../limits_good/good.json" > "$TMP/strong/strong_test.json"
D="--model dw --ms 7keV:30keV:2:log --sin2 1e-13"
# column N of grid.csv at point P (quotes removed)
col() { grep -v '^#' "$1" | awk -F, -v p="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR > 1 && $1 == p { gsub(/"/, "", $k); print $k }'; }
run scan grid -o "$TMP/ship" $D
[ "$RC" -eq 0 ] && ok || bad "dw grid: exit $RC: $(head -c 300 "$ERR")"
run scan grid -o "$TMP/add" $D --limits "$TMP/strong"
[ "$RC" -eq 0 ] && ok || bad "dw grid --limits: exit $RC: $(head -c 300 "$ERR")"
s7=$(col "$TMP/add/grid.csv" 0 strongest_limit); s30=$(col "$TMP/add/grid.csv" 1 strongest_limit)
[ "$s7" = strong_test ] && ok || bad "--limits: the strongest limit at 7 keV is '$s7', want strong_test"
[ -n "$s30" ] && [ "$s30" = "$(col "$TMP/ship/grid.csv" 1 strongest_limit)" ] && ok || bad "--limits: at 30 keV '$s30', want the shipped library's '$(col "$TMP/ship/grid.csv" 1 strongest_limit)'"
[ "$(col "$TMP/ship/grid.csv" 0 strongest_limit)" != strong_test ] && ok || bad "the shipped library names the test limit"
n0=$(col "$TMP/ship/grid.csv" 0 observational_limits_applied); n1=$(col "$TMP/add/grid.csv" 0 observational_limits_applied)
[ -n "$n0" ] && [ "$n1" -eq $((n0 + 1)) ] && ok || bad "--limits: $n1 limits applied at 7 keV, want $n0 + 1"
AXSTERILE_LIMITS="$TMP/strong" run scan grid -o "$TMP/env" $D
grep -v '^#' "$TMP/env/grid.csv" > "$TMP/a"; grep -v '^#' "$TMP/add/grid.csv" > "$TMP/b"
[ "$RC" -eq 0 ] && cmp -s "$TMP/a" "$TMP/b" && ok || bad "AXSTERILE_LIMITS: other rows than --limits (exit $RC)"
run scan grid -o "$TMP/only" $D --limits "$TMP/strong" --limits-only
[ "$RC" -eq 0 ] && [ "$(col "$TMP/only/grid.csv" 1 strongest_limit)" = "" ] && [ "$(col "$TMP/only/grid.csv" 0 observational_limits_applied)" -lt "$n0" ] && ok || bad "--limits-only: the shipped limits still apply (exit $RC)"
printf '1,2\n' > "$TMP/strong/broken.csv"; printf '{"name": "x"}' > "$TMP/strong/broken.json"
expect_error "broken.json: missing key" "scan grid with a broken user file (refused as by check)" scan grid -o "$TMP/brk" $D --limits "$TMP/strong"
[ ! -e "$TMP/brk" ] && ok || bad "a refused grid created its output directory"

# ---- the same grid from a scan file
cat > "$TMP/scan.json" <<JSON
{"model": "qcd", "dm_fixed": true, "m_s": "5keV:50keV:2:log",
 "f_a": {"from": "1e9GeV", "to": "1e11GeV", "points": 3, "spacing": "log"}, "frac": 0.01}
JSON
run scan grid -o "$TMP/file" --scan-file "$TMP/scan.json"
[ "$RC" -eq 0 ] && ok || bad "scan file: exit $RC: $(head -c 300 "$ERR")"
grep -v '^#' "$TMP/file/grid.csv" > "$TMP/a"; grep -v '^#' "$TMP/whole/grid.csv" > "$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && ok || bad "the scan file's rows differ from the flags' rows"
expect_error "cannot be combined with --scan-file" "scan file and a parameter flag" scan grid -o "$TMP/x" --scan-file "$TMP/scan.json" --ms 7keV
echo '{"model": "qcd", "dm_fixed": true, "m_s": "50keV:5keV:2"}' > "$TMP/rev.json"
expect_error "range is reversed" "scan file with a reversed range" scan grid -o "$TMP/x" --scan-file "$TMP/rev.json"
# ---- grid.json records every option and input that changes a number
DATA=${AXSTERILE_DATA:-.}
# jget FILE EXPR: the value of EXPR (Python, the manifest is r) in FILE
jget() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }
sha() { sha256sum < "$1" | cut -c1-64; }
M="$TMP/add/grid.json"
[ "$(jget "$M" 'r["record"]["limits"]["only"]')" = False ] && ok || bad "grid.json: record.limits.only is not false without --limits-only"
[ "$(jget "$M" 'r["record"]["limits"]["dir"]')" = "['$(cd "$DATA/limits" && pwd -P)', '$(cd "$TMP/strong" && pwd -P)']" ] && ok || bad "grid.json: record.limits.dir is $(jget "$M" 'r["record"]["limits"]["dir"]'), want the shipped library and --limits, full paths"
[ "$(jget "$M" 'r["record"]["limits"]["sha256"][1]["strong_test.csv"]')" = "$(sha "$TMP/strong/strong_test.csv")" ] && ok || bad "grid.json: the user limit file's SHA-256 is not sha256sum's"
[ "$(jget "$M" 'r["record"]["limits"]["sha256"][0]["chandra_m31_horiuchi2014.json"]')" = "$(sha "$DATA/limits/chandra_m31_horiuchi2014.json")" ] && ok || bad "grid.json: a shipped limit file's SHA-256 is not sha256sum's"
[ "$(jget "$TMP/only/grid.json" 'r["record"]["limits"]["only"], len(r["record"]["limits"]["dir"])')" = "(True, 1)" ] && ok || bad "grid.json with --limits-only: $(jget "$TMP/only/grid.json" 'r["record"]["limits"]')"
[ "$(jget "$M" 'r["record"]["opacity"]["sha256"]')" = "$(sha "$DATA/data/opacity_numu.csv")" ] && ok || bad "grid.json: the default opacity table's SHA-256 is not sha256sum's"
[ "$(jget "$M" 'r["record"]["gstar_table"]["sha256"]')" = "$(sha "$DATA/data/gstar.csv")" ] && ok || bad "grid.json: the g* table's SHA-256 is not sha256sum's"
[ "$(jget "$M" 'r["record"]["decay_convention"], r["record"]["rate_normalisation"], r["record"]["production_rate"][:3], r["record"]["extrapolate"]')" = "('majorana', '1024 pi^4 (Majorana)', 'afp', False)" ] && ok || bad "grid.json: convention, rate normalisations, extrapolation: $(jget "$M" 'r["record"]')"
[ "axsterile $(jget "$M" 'r["record"]["axsterile_version"]')" = "$("$BIN" --version)" ] && ok || bad "grid.json: the program version is not --version's"
[ "$(jget "$TMP/whole/grid.json" 'r["record"]["phi_evolution"]')" = exact ] && ok || bad "grid.json of a QCD grid: no phi evolution recorded"

# ---- merge refuses shards made with other options or inputs, naming the key
mkdir "$TMP/lib2"; cp "$TMP/strong/strong_test.csv" "$TMP/strong/strong_test.json" "$TMP/lib2/"
D2="--model dw --ms 7keV:30keV:2:log --sin2 1e-13"
shard() { name=$1; k=$2; shift 2; run scan grid -o "$TMP/$name" ${D3:-$D2} --shard $k/2 "$@"; [ "$RC" -eq 0 ] || bad "shard $name: exit $RC: $(head -c 300 "$ERR")"; }
shard p1 1; shard p2 2
run merge -o "$TMP/pm" "$TMP/p1" "$TMP/p2"
[ "$RC" -eq 0 ] && ok || bad "merge of two alike shards: exit $RC: $(head -c 300 "$ERR")"
shard l2 2 --limits "$TMP/lib2"
expect_error '"record.limits.sha256" differs' "merge of shards with and without --limits" merge -o "$TMP/mr" "$TMP/p1" "$TMP/l2"
shard l1 1 --limits "$TMP/lib2"; shard o2 2 --limits "$TMP/lib2" --limits-only
expect_error '"record.limits.only" differs' "merge of shards with and without --limits-only" merge -o "$TMP/mr" "$TMP/l1" "$TMP/o2"
AXSTERILE_LIMITS="$TMP/lib2" shard e2 2
expect_error '"record.limits.sha256" differs' "merge of shards with and without AXSTERILE_LIMITS" merge -o "$TMP/mr" "$TMP/p1" "$TMP/e2"
cp -r "$TMP/lib2" "$TMP/lib3"; shard c2 2 --limits "$TMP/lib3"
run merge -o "$TMP/lm" "$TMP/l1" "$TMP/c2"
[ "$RC" -eq 0 ] && ok || bad "merge of shards with the same library at two paths: exit $RC: $(head -c 300 "$ERR")"
shard v2 2 --convention bh16-eq10
expect_error '"grid.decay_convention" differs' "merge of shards with two decay conventions" merge -o "$TMP/mr" "$TMP/p1" "$TMP/v2"
shard a2 2 --opacity analytic
expect_error '"record.opacity" differs' "merge of shards with two opacities" merge -o "$TMP/mr" "$TMP/p1" "$TMP/a2"
shard r2 2 --rate bh16
expect_error '"record.production_rate" differs' "merge of shards with two production rates" merge -o "$TMP/mr" "$TMP/p1" "$TMP/r2"
shard x2 2 --extrapolate
expect_error '"record.extrapolate" differs' "merge of shards with and without --extrapolate" merge -o "$TMP/mr" "$TMP/p1" "$TMP/x2"
cp "$DATA/data/gstar.csv" "$TMP/gstar.csv"; shard g2 2 --gstar-table "$TMP/gstar.csv"
run merge -o "$TMP/gm" "$TMP/p1" "$TMP/g2"
[ "$RC" -eq 0 ] && ok || bad "merge of shards with the same g* table at two paths: exit $RC: $(head -c 300 "$ERR")"
cp -r "$TMP/p2" "$TMP/ver2"; sed -i 's/"axsterile_version":[^,}]*/"axsterile_version": "0.0.1"/' "$TMP/ver2/grid.json"
expect_error '"record.axsterile_version" differs' "merge of shards of two program versions" merge -o "$TMP/mr" "$TMP/p1" "$TMP/ver2"
[ ! -e "$TMP/mr" ] && ok || bad "a refused merge created its output directory"

# ---- merge checks every row it copies
# badrow NAME SED DESC FRAGMENT: shard 2 with its row edited by SED is refused
badrow() {
    rm -rf "$TMP/b2"; cp -r "$TMP/p2" "$TMP/b2"; sed -i "$2" "$TMP/b2/grid.csv"
    expect_error "$4" "merge of a shard with $3" merge -o "$TMP/mr" "$TMP/p1" "$TMP/b2"
}
badrow nan 's/^1,30,[^,]*,/1,30,nan,/' "a nan parameter" "sin2_2theta 'nan' is not a finite number"
badrow nanrow 's/^1,.*/1,nan,nan/' "a nan,nan row" "grid.csv line"
badrow garbage 's/^1,30,.*/1,1.0,garbage/' "a garbage row" "grid.csv line"
badrow inf 's/^\(1,30,[^,]*,[^,]*,\)[^,]*,/\1inf,/' "an inf value" "'inf' is not a finite number"
badrow word 's/^\(1,30,[^,]*,[^,]*,\)[^,]*,/\1abc,/' "a word for a number" "'abc' is not a finite number"
badrow stem 's/^\(1,.*,\)"[a-z0-9_]*",\([^,]*\),"\([a-z0-9_]*\)"/\1"x`touch y`",\2,"\3"/' "a stem with backquotes" "is not a limit's stem"
badrow status 's/,ok,$/,fine,/' "an unknown status" "is not ok, invalid or failed"
badrow excl 's/,[01],ok,$/,2,ok,/' "an excluded flag of 2" "is not 0 or 1"
badrow cells '$ s/$/,x/' "a row with one more cell" "cells, the column line has"
[ ! -e "$TMP/mr" ] && ok || bad "a merge refusing a row created its output directory"

# ---- all or none: merge and scan grid publish DIR in one step. The file
# commits inside the new version are made to fail or are killed after the
# first rename ($AXSTERILE_FAULT); DIR stays exactly as it was.
digest() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum) 2>/dev/null; }
D3="--model dw --ms 7keV:30keV:2:log --sin2 2e-13" shard q1 1; D3="--model dw --ms 7keV:30keV:2:log --sin2 2e-13" shard q2 2
cp -r "$TMP/pm" "$TMP/pub"; A=$(digest "$TMP/pub")
AXSTERILE_FAULT=rename_second run merge -o "$TMP/pub" "$TMP/q1" "$TMP/q2"
[ "$RC" -eq 1 ] && [ "$(digest "$TMP/pub")" = "$A" ] && ok || bad "merge whose second file fails to commit changed DIR or exit $RC (want 1): $(ls "$TMP/pub")"
if ls -d "$TMP"/pub.tmp.* >/dev/null 2>&1 || find "$TMP/pub" -name '*.tmp.*' | grep -q .; then bad "a failed merge left temporary files"; else ok; fi
AXSTERILE_FAULT=rename_second run merge -o "$TMP/newpub" "$TMP/q1" "$TMP/q2"
[ "$RC" -eq 1 ] && [ ! -e "$TMP/newpub" ] && ok || bad "a failed first merge left its directory (exit $RC)"
AXSTERILE_FAULT=kill_between_renames "$BIN" merge -o "$TMP/pub" "$TMP/q1" "$TMP/q2" >/dev/null 2>&1
rc=$?
[ $rc -gt 128 ] && [ "$(digest "$TMP/pub")" = "$A" ] && ok || bad "merge killed after its first rename: exit $rc, DIR changed: $(ls "$TMP/pub")"
find "$TMP/pub" -name '*.tmp.*' | grep -q . && bad "a killed merge left temporary files inside DIR" || ok
AXSTERILE_FAULT=publish run merge -o "$TMP/pub" "$TMP/q1" "$TMP/q2"
[ "$RC" -eq 1 ] && [ "$(digest "$TMP/pub")" = "$A" ] && ok || bad "a merge whose publication fails changed DIR (exit $RC)"
run merge -o "$TMP/pub" "$TMP/q1" "$TMP/q2"
grep -v '^#' "$TMP/pub/grid.csv" | sed -n 2p | awk -F, -v rc="$RC" '{ exit !(rc == 0 && $3 == 2e-13) }' && ok || bad "the merge after the failures: exit $RC, sin^2 2theta $(grep -v '^#' "$TMP/pub/grid.csv" | sed -n 2p | cut -d, -f3), want 2e-13"
if ls -d "$TMP"/pub.tmp.* >/dev/null 2>&1; then bad "the killed merge's temporary directory is left beside DIR after the next merge"; else ok; fi
B=$(digest "$TMP/pub")
AXSTERILE_FAULT=kill_between_renames "$BIN" scan grid -o "$TMP/pub" $D2 >/dev/null 2>&1
rc=$?
[ $rc -gt 128 ] && [ "$(digest "$TMP/pub")" = "$B" ] && ok || bad "scan grid killed after its first rename: exit $rc, DIR changed"
AXSTERILE_FAULT=rename_second run scan grid -o "$TMP/pub" $D2
[ "$RC" -eq 1 ] && [ "$(digest "$TMP/pub")" = "$B" ] && ok || bad "scan grid whose second file fails to commit: exit $RC, DIR changed"
# ---- a link in the output directory is replaced, never followed out of it
mkdir "$TMP/lk" "$TMP/lm2"; echo keep > "$TMP/outside.txt"
ln -s ../outside.txt "$TMP/lk/grid.json"; ln -s ../outside.txt "$TMP/lm2/grid.csv"
run scan grid -o "$TMP/lk" $D2
[ "$RC" -eq 0 ] && [ "$(cat "$TMP/outside.txt")" = keep ] && [ ! -L "$TMP/lk/grid.json" ] && ok || bad "scan grid followed a link out of its directory (exit $RC)"
run merge -o "$TMP/lm2" "$TMP/p1" "$TMP/p2"
[ "$RC" -eq 0 ] && [ "$(cat "$TMP/outside.txt")" = keep ] && [ ! -L "$TMP/lm2/grid.csv" ] && ok || bad "merge followed a link out of its directory (exit $RC)"

# scan files and shard manifests are read strictly (no text after the
# object, no \u0000 in a string), as every other JSON input
printf '{"model": "dw", "m_s": "5keV", "sin2_2theta": 1e-10} x' > "$TMP/sf_trail.json"
expect_error "text after the JSON object" "scan file with trailing text" scan grid -o "$TMP/sft" --scan-file "$TMP/sf_trail.json"
[ ! -e "$TMP/sft" ] && ok || bad "a refused scan file left an output directory"
printf '{"model": "dw\\u0000x", "m_s": "5keV", "sin2_2theta": 1e-10}' > "$TMP/sf_nul.json"
expect_error "NUL" "scan file with \\u0000 in a string" scan grid -o "$TMP/sfn" --scan-file "$TMP/sf_nul.json"
printf '{"model": "dw", "m_s": "5keV:6keV:2", "sin2_2theta": 1e-10}' > "$TMP/sf_ok.json"
expect_status 0 "strict: shard 1" scan grid -o "$TMP/st1" --scan-file "$TMP/sf_ok.json" --shard 1/2
expect_status 0 "strict: shard 2" scan grid -o "$TMP/st2" --scan-file "$TMP/sf_ok.json" --shard 2/2
echo x >> "$TMP/st2/grid.json"
expect_error "text after the JSON object" "merge of a manifest with trailing text" merge -o "$TMP/stm" "$TMP/st1" "$TMP/st2"
[ ! -e "$TMP/stm" ] && ok || bad "a refused merge left an output directory"
finish
