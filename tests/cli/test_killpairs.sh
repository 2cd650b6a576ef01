#!/bin/sh
# test_killpairs.sh -- all or none for file pairs under SIGKILL: 30 runs of
# `dw --spectrum F --production-rate G` and 30 of `limits recast -o STEM`
# (STEM.csv + STEM.json), each killed with SIGKILL at a random moment of its
# commit ($AXSTERILE_FAULT=slow_write stretches it to about 300 ms: the
# old versions kept aside, the journal, each rename, the clean-up). After each kill and the recovery --
# the next run writing into the directory for the spectrum pair, a read of
# the library for the recast pair -- both files are the previous version or
# both the new one, never a mix, and no temporary file is left.
T_NAME=cli_killpairs
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT
STEM=chandra_m31_horiuchi2014
hashes() { cat "$@" | sha256sum | cut -c1-64; }
# pick N: a pseudo-random sleep of 0 to 0.2 s for run N
pick() { awk -v s="$1" 'BEGIN { srand(s * 7919); printf "0.%03d", int(rand() * 200) }'; }

# killloop KIND: 30 killed runs; $1 names the pair in messages
killloop() {
    kind=$1
    state=A; killed=0; mixed=0; leftover=0; kept=0; published=0; journals=0
    i=0
    while [ $i -lt 30 ]; do
        i=$((i + 1))
        if [ $state = A ]; then v=$VB; else v=$VA; fi
        AXSTERILE_FAULT=slow_write "$BIN" $(cmd_of "$v") >/dev/null 2>&1 &
        pid=$!
        # wait for the commit: the old version's second name appears beside it
        n=0
        while [ $n -lt 2000 ] && ! ls "$D"/*.tmp.$pid.*.old >/dev/null 2>&1 && kill -0 $pid 2>/dev/null; do
            sleep 0.005; n=$((n + 1))
        done
        sleep "$(pick $i)"
        kill -9 $pid 2>/dev/null && killed=$((killed + 1))
        wait $pid 2>/dev/null
        ls "$D"/*.commit >/dev/null 2>&1 && journals=$((journals + 1))
        recover
        now=$(hashes $FILES)
        if [ "$now" = "$A" ] || [ "$now" = "$B" ]; then
            if [ "$now" = "$A" ]; then new=A; else new=B; fi
            if [ $new = $state ]; then kept=$((kept + 1)); else published=$((published + 1)); fi
            state=$new
        else mixed=$((mixed + 1)); echo "$kind run $i: the pair is neither the old nor the new version:"; ls -la "$D"; fi
        if find "$D" -name '*.tmp.*' | grep -q .; then
            leftover=$((leftover + 1)); echo "$kind run $i: temporary files left: $(ls "$D")"
        fi
    done
    [ $mixed -eq 0 ] && ok || bad "$kind: $mixed of 30 killed runs left a mixed pair"
    [ $leftover -eq 0 ] && ok || bad "$kind: $leftover of 30 killed runs left temporary files after the recovery"
    [ $killed -ge 20 ] && ok || bad "$kind: only $killed of 30 runs were still running when killed"
    [ $kept -gt 0 ] && [ $published -gt 0 ] && ok || bad "$kind: kills left the old version $kept times, the new $published times (want both)"
    [ $journals -gt 0 ] && ok || bad "$kind: no kill landed inside a commit (no journal left to recover)"
    echo "note: $kind: $killed runs killed, $journals inside a commit (recovered from the journal); $kept left the previous pair, $published the new one"
}

# ---- --spectrum + --production-rate -------------------------------------------
D="$TMP/spec"; mkdir -p "$D"
FILES="$D/s.csv $D/r.csv"
VA=1e-10; VB=2e-10
cmd_of() { echo "dw --ms 7.1keV --sin2 $1 --spectrum $D/s.csv --production-rate $D/r.csv"; }
# the next run writing into the directory finishes an interrupted pair
recover() { "$BIN" dw --ms 7.1keV --sin2 1e-10 --spectrum "$D/probe.csv" >/dev/null 2>&1 || bad "the run after a kill failed"; rm -f "$D/probe.csv"; }
"$BIN" $(cmd_of $VB) >/dev/null 2>&1 && B=$(hashes $FILES) &&
"$BIN" $(cmd_of $VA) >/dev/null 2>&1 && A=$(hashes $FILES) && ok || bad "the reference runs failed"
[ -n "$A" ] && [ "$A" != "$B" ] && ok || bad "the two versions of the spectrum pair are not distinct"
killloop spectrum

# ---- limits recast -o -----------------------------------------------------------
D="$TMP/rlib"; mkdir -p "$D"
FILES="$D/rc.csv $D/rc.json"
VA=0.01; VB=0.02
cmd_of() { echo "limits recast $STEM -o $D/rc --fphi $1"; }
# a read of the library finishes an interrupted pair; what it reads is one version
recover() {
    run limits show rc --limits "$D"
    [ "$RC" = 0 ] || bad "reading the recast pair after a kill: exit $RC: $(head -c 300 "$ERR")"
}
"$BIN" $(cmd_of $VB) >/dev/null 2>&1 && B=$(hashes $FILES) &&
"$BIN" $(cmd_of $VA) >/dev/null 2>&1 && A=$(hashes $FILES) && ok || bad "the reference runs failed"
[ -n "$A" ] && [ "$A" != "$B" ] && ok || bad "the two versions of the recast pair are not distinct"
killloop recast
finish
