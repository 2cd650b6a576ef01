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
finish
