#!/bin/sh
# test_killloop.sh -- all or none under SIGKILL: 30 scans into the same
# output directory, each killed with SIGKILL at a random moment of its write
# phase (files written, the directory published, the old version removed;
# $AXSTERILE_FAULT=slow_write stretches that phase to about half a second).
# After every kill the directory holds exactly the previous complete scan
# or exactly the new one -- never a mix -- and no temporary file; the next
# run removes the temporary directory a killed run left beside it.
T_NAME=cli_killloop
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT
# a one-limit library (--limits-only), so that the write phase is short
LIB="$TMP/lib"; mkdir -p "$LIB"
cp "$AXSTERILE_DATA/limits/chandra_m31_horiuchi2014.csv" "$AXSTERILE_DATA/limits/chandra_m31_horiuchi2014.json" "$LIB/" 2>/dev/null \
    || cp limits/chandra_m31_horiuchi2014.csv limits/chandra_m31_horiuchi2014.json "$LIB/"

# digest DIR: one line per file (name and content hash), sorted
digest() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum) 2>/dev/null; }

# the two complete states, A (f_phi = 0.01) and B (f_phi = 0.02)
"$BIN" scan fig2 -o "$TMP/refA" --points 20 --limits "$LIB" --limits-only --fphi 0.01 >/dev/null 2>&1 &&
"$BIN" scan fig2 -o "$TMP/refB" --points 20 --limits "$LIB" --limits-only --fphi 0.02 >/dev/null 2>&1 && ok || bad "reference scans failed"
A=$(digest "$TMP/refA"); B=$(digest "$TMP/refB")
[ -n "$A" ] && [ "$A" != "$B" ] && ok || bad "the two reference states are not distinct"

D="$TMP/out"
cp -r "$TMP/refA" "$D"
state=A; killed=0; mixed=0; leftover=0; kept=0; published=0
i=0
while [ $i -lt 30 ]; do
    i=$((i + 1))
    if [ $state = A ]; then f=0.02; else f=0.01; fi
    AXSTERILE_FAULT=slow_write "$BIN" scan fig2 -o "$D" --points 20 --limits "$LIB" --limits-only --fphi $f >/dev/null 2>&1 &
    pid=$!
    # wait for the write phase: the new version's directory appears beside D
    n=0
    while [ $n -lt 400 ] && ! ls -d "$D".tmp.$pid.* >/dev/null 2>&1 && kill -0 $pid 2>/dev/null; do
        sleep 0.01; n=$((n + 1))
    done
    # then a random moment within it (0 to 0.5 s)
    sleep "0.$(awk -v s=$i 'BEGIN { srand(s * 7919); printf "%03d", int(rand() * 500) }')"
    kill -9 $pid 2>/dev/null && killed=$((killed + 1))
    wait $pid 2>/dev/null
    now=$(digest "$D")
    if [ "$now" = "$A" ] || [ "$now" = "$B" ]; then
        if [ "$now" = "$A" ]; then new=A; else new=B; fi
        if [ $new = $state ]; then kept=$((kept + 1)); else published=$((published + 1)); fi
        state=$new
    else mixed=$((mixed + 1)); echo "run $i: $D is neither the old nor the new scan:"; ls -la "$D"; fi
    if find "$D" -name '*.tmp.*' | grep -q .; then leftover=$((leftover + 1)); echo "run $i: temporary files inside $D"; fi
done
[ $mixed -eq 0 ] && ok || bad "$mixed of 30 killed runs left a mixed directory"
[ $leftover -eq 0 ] && ok || bad "$leftover of 30 killed runs left temporary files inside the directory"
[ $killed -ge 20 ] && ok || bad "only $killed of 30 runs were still running when killed"
# a complete run afterwards removes what killed runs left beside D
"$BIN" scan fig2 -o "$D" --points 20 --limits "$LIB" --limits-only --fphi 0.01 >/dev/null 2>&1 && ok || bad "scan after the kills failed"
[ "$(digest "$D")" = "$A" ] && ok || bad "the scan after the kills is not complete"
if ls -d "$D".tmp.* >/dev/null 2>&1; then bad "temporary directories of killed runs left beside $D: $(ls -d "$D".tmp.*)"; else ok; fi
# both outcomes occurred, so the kills did land before and after the publication
[ $kept -gt 0 ] && [ $published -gt 0 ] && ok || bad "kills left the old version $kept times, the new $published times (want both)"
echo "note: $killed runs killed; $kept left the previous scan, $published the new one"
finish
