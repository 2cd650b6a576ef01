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
