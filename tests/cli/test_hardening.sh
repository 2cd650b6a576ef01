#!/bin/sh
# test_hardening.sh -- nothing a file or a path can do gets past the tool
# (docs/hardening.md lists each guarantee with the check below that tests it):
#   1. no command runs from data (gnuplot injection through a limit's texts
#      or file name), proved with marker files;
#   2. outputs never replace a device, FIFO or socket; links; modes; umask;
#   3. several files: all or none (forced failures, created dirs removed);
#   4. write errors are never silent (standard output, ENOSPC);
#   5. a scan records how it was made; merge and plot --from-data check it;
#   6. inputs must be regular files; the limit size bound; unused flags.
# Device cases (mknod) need root and skip with a message otherwise.
T_NAME=cli_hardening
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT
DATA=${AXSTERILE_DATA:-.}
STEM=chandra_m31_horiuchi2014
ROOT=0; [ "$(id -u)" = 0 ] && ROOT=1
HAVE_GP=0; command -v gnuplot >/dev/null 2>&1 && HAVE_GP=1
# runf SITE ARGS...: run with the fault injected at SITE ($AXSTERILE_FAULT)
runf() { AXSTERILE_FAULT=$1; export AXSTERILE_FAULT; shift; run "$@"; unset AXSTERILE_FAULT; }
tmpfiles() { find "$1" -name '*.tmp.*' | grep -q .; }

# ---- 1. no command runs from data -------------------------------------------
# lib_with NAME KEY VALUE: a one-limit library whose sidecar has KEY (python path) = VALUE
lib_with() {
    mkdir -p "$TMP/$1"; cp "$DATA/limits/$STEM.csv" "$DATA/limits/$STEM.json" "$TMP/$1/"
    python3 - "$TMP/$1/$STEM.json" "$2" "$3" <<'PY'
import json, sys
p, key, val = sys.argv[1:]
d = json.load(open(p))
o = d
ks = key.split('.')
for k in ks[:-1]: o = o[k]
o[ks[-1]] = val
json.dump(d, open(p, 'w'), indent=1)
PY
}
M="$TMP/marker"
# (a) a newline and system(...) in "name": refused by the loader
lib_with nl name "Evil
system(\"touch $M.nl\")
#"
expect_error "control character" "a newline in a limit's name" limits validate "$TMP/nl/$STEM.json"
expect_error "control character" "plot with a newline in a name" plot fig2 -o "$TMP/p_nl" --points 20 --limits "$TMP/nl"
[ ! -e "$M.nl" ] && ok || bad "a newline in a name ran a command"
[ ! -e "$TMP/p_nl" ] && ok || bad "a refused plot created its output directory"
# (b) backquotes, quotes, @ and system() in "name" and the citation: escaped
lib_with bq name "Evil \`touch $M.bq\` ' \" \\ @x system(\"touch $M.sys\")"
python3 - "$TMP/bq/$STEM.json" "$M" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d['reference']['citation'] = 'Cite `touch %s.cite`' % sys.argv[2]
json.dump(d, open(sys.argv[1], 'w'), indent=1)
PY
expect_status 0 "limits validate accepts printable text" limits validate "$TMP/bq/$STEM.json"
if [ $HAVE_GP = 1 ]; then
    expect_status 0 "plot (rendered) with backquotes in a name" plot fig2 -o "$TMP/p_bq" --points 20 --limits "$TMP/bq"
    [ -s "$TMP/p_bq/fig2.png" ] && ok || bad "no image rendered"
    (cd "$TMP/p_bq" && gnuplot fig2.gp >/dev/null 2>&1) && ok || bad "gnuplot fig2.gp failed on the escaped script"
    for m in bq sys cite; do [ ! -e "$M.$m" ] && ok || bad "rendering ran a command from the limit's texts ($m)"; done
    grep -qF "Evil \\\`touch" "$TMP/p_bq/fig2.gp" && ok || bad "the key text is not kept (escaped) in the script"
else
    skip "gnuplot not installed: rendering of escaped texts not checked"
fi
# (c) a limit whose file name holds backquotes: refused by the loader
mkdir -p "$TMP/fn"; B='x`touch MARKER_FN`'
cp "$DATA/limits/$STEM.csv" "$TMP/fn/$B.csv"; cp "$DATA/limits/$STEM.json" "$TMP/fn/$B.json"
expect_error "is not a limit stem" "a limit file name with backquotes" limits validate "$TMP/fn/$B.json"
expect_error "is not a limit stem" "plot with a limit file name with backquotes" plot fig2 -o "$TMP/p_fn" --points 20 --limits "$TMP/fn"
find "$TMP" -name MARKER_FN | grep -q . && bad "a file name ran a command" || ok

# ---- 2. outputs that are not regular files -----------------------------------
DW="dw --ms 7.1keV --sin2 1e-10"
# a FIFO with a reader: written through, still a FIFO
mkfifo "$TMP/fifo"
cat "$TMP/fifo" > "$TMP/fifo.out" &
rd=$!
# the reader opens the FIFO when it is scheduled (on a loaded machine, maybe
# after the program looked): until then the program refuses, so try again
n=0
while run $DW --spectrum "$TMP/fifo"; [ "$RC" = 2 ] && grep -q "no process reads" "$ERR" && [ $n -lt 200 ]; do
    n=$((n + 1)); sleep 0.05
done
[ "$RC" = 0 ] && ok || bad "--spectrum FIFO with a reader: exit $RC: $(head -c 300 "$ERR")"
[ "$RC" = 0 ] || kill $rd 2>/dev/null
wait $rd
[ -p "$TMP/fifo" ] && ok || bad "the FIFO was replaced"
grep -q '^[0-9]' "$TMP/fifo.out" && ok || bad "nothing written through the FIFO"
# a FIFO nobody reads: refused at once, not a hang
expect_error "no process reads" "--spectrum FIFO without a reader" $DW --spectrum "$TMP/fifo"
[ -p "$TMP/fifo" ] && ok || bad "the FIFO was replaced"
# a socket: refused
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$TMP/sock"
expect_error "is a socket" "--spectrum socket" $DW --spectrum "$TMP/sock"
[ -S "$TMP/sock" ] && ok || bad "the socket was replaced"
# /dev/stdout on a pipe: written through
"$BIN" $DW --spectrum /dev/stdout 2>/dev/null | grep -q '^[0-9]' && ok || bad "--spectrum /dev/stdout wrote nothing to the pipe"
# /dev/full: ENOSPC reported as such, naming the file
run $DW --spectrum /dev/full
[ "$RC" = 1 ] && grep -qF "/dev/full: write failed: no space left on device" "$ERR" && ok || bad "--spectrum /dev/full: exit $RC, $(cat "$ERR")"
# character devices, in a private directory (root: mknod)
if [ $ROOT = 1 ]; then
    mknod "$TMP/null" c 1 3 && mknod "$TMP/full" c 1 7
    expect_status 0 "--spectrum to a null device" $DW --spectrum "$TMP/null" --production-rate "$TMP/rate.csv"
    [ -c "$TMP/null" ] && ok || bad "a null device was replaced by a regular file"
    run $DW --spectrum "$TMP/full"
    [ "$RC" = 1 ] && [ -c "$TMP/full" ] && ok || bad "a full device: exit $RC, or it was replaced"
    # the same inside an output directory: refused, not replaced
    mkdir -p "$TMP/ddir"; mknod "$TMP/ddir/scan.json" c 1 3
    expect_error "is a device" "a device in an output directory" scan fig2 -o "$TMP/ddir" --points 20 --limits "$TMP/bq"
    [ -c "$TMP/ddir/scan.json" ] && ok || bad "the device in the output directory was replaced"
else
    skip "not root: mknod of a null-like device not tested (CI runs as root)"
fi
# symbolic links: a link to a file -> the file is replaced, the link stays
echo old > "$TMP/target.csv"; ln -s target.csv "$TMP/link.csv"
expect_status 0 "--spectrum through a link" $DW --spectrum "$TMP/link.csv"
[ -L "$TMP/link.csv" ] && grep -q '^[0-9]' "$TMP/target.csv" && ok || bad "the link was not kept or the target not written"
ln -s missing.csv "$TMP/dangling.csv"
expect_error "a symbolic link to a missing file" "--spectrum a dangling link" $DW --spectrum "$TMP/dangling.csv"
# a link inside an output directory is replaced, never followed out of it
mkdir -p "$TMP/ldir"; echo outside > "$TMP/outside.txt"; ln -s ../outside.txt "$TMP/ldir/scan.json"
expect_status 0 "scan into a directory with a link" scan fig2 -o "$TMP/ldir" --points 20 --limits "$TMP/bq"
[ "$(cat "$TMP/outside.txt")" = outside ] && ok || bad "a link in the output directory was followed out of it"
[ -f "$TMP/ldir/scan.json" ] && [ ! -L "$TMP/ldir/scan.json" ] && ok || bad "the link was not replaced by the scan's file"
# modes: a replaced file keeps its mode; a new file follows the umask
echo x > "$TMP/mode.csv"; chmod 600 "$TMP/mode.csv"
expect_status 0 "--spectrum over a 0600 file" $DW --spectrum "$TMP/mode.csv"
[ "$(stat -c %a "$TMP/mode.csv")" = 600 ] && ok || bad "mode not kept: $(stat -c %a "$TMP/mode.csv")"
(umask 027; "$BIN" $DW --spectrum "$TMP/umask.csv" >/dev/null 2>&1)
[ "$(stat -c %a "$TMP/umask.csv")" = 640 ] && ok || bad "umask 027 not followed: $(stat -c %a "$TMP/umask.csv")"
(umask 077; "$BIN" scan fig2 -o "$TMP/umdir" --points 20 --limits "$TMP/bq" >/dev/null 2>&1)
[ "$(stat -c %a "$TMP/umdir")" = 700 ] && [ "$(stat -c %a "$TMP/umdir/scan.json")" = 600 ] && ok || bad "umask 077 not followed by a new output directory"

# ---- 3. all or none ----------------------------------------------------------
echo oldspec > "$TMP/s.csv"; echo oldrate > "$TMP/r.csv"
runf rename_second $DW --spectrum "$TMP/s.csv" --production-rate "$TMP/r.csv"
[ "$RC" = 1 ] && ok || bad "a failed second rename: exit $RC"
[ "$(cat "$TMP/s.csv")" = oldspec ] && [ "$(cat "$TMP/r.csv")" = oldrate ] && ok || bad "a rename failing half way left a new file"
tmpfiles "$TMP" && bad "temporary files left after a failed rename" || ok
runf rename_second limits recast "$STEM" -o "$TMP/rc"
[ "$RC" = 1 ] && [ ! -e "$TMP/rc.csv" ] && [ ! -e "$TMP/rc.json" ] && ok || bad "recast -o pair not all or none (exit $RC)"
# A run killed with SIGKILL at each step of a pair's commit ($AXSTERILE_FAULT
# kill_before_journal, kill_after_journal, kill_between_renames, and
# rename_second,kill_in_rollback: killed while it puts the old files back).
# The kill leaves the pair as it was (before the journal) or leaves the
# journal; the next run writing into the directory (the spectrum pair), or a
# read of the library (the recast pair), finishes the group: both files are
# then the old or both the new version, nothing temporary is left, and a
# replaced file keeps its mode.
hashes() { cat "$@" | sha256sum | cut -c1-64; }
KP="$TMP/kp"; KQ="$TMP/kq"; mkdir -p "$KP" "$KQ"
"$BIN" $DW --spectrum "$KP/s.csv" --production-rate "$KQ/r.csv" >/dev/null 2>&1
chmod 600 "$KP/s.csv"
old=$(hashes "$KP/s.csv" "$KQ/r.csv")
"$BIN" dw --ms 7.1keV --sin2 2e-10 --spectrum "$TMP/n_s.csv" --production-rate "$TMP/n_r.csv" >/dev/null 2>&1
new=$(hashes "$TMP/n_s.csv" "$TMP/n_r.csv")
rm -f "$TMP/n_s.csv" "$TMP/n_r.csv"
[ "$old" != "$new" ] && ok || bad "the two versions of the spectrum pair are not distinct"
for c in kill_before_journal:old kill_after_journal:new kill_between_renames:new rename_second,kill_in_rollback:old; do
    site=${c%:*}; want=${c#*:}
    AXSTERILE_FAULT=$site "$BIN" dw --ms 7.1keV --sin2 2e-10 --spectrum "$KP/s.csv" --production-rate "$KQ/r.csv" >/dev/null 2>&1
    rc=$?
    [ $rc = 137 ] && ok || bad "$site: the run was not killed (exit $rc)"
    if [ $site = kill_between_renames ]; then
        # the kill really split the pair: the first file new, the second old, the journal there
        [ "$(hashes "$KP/s.csv" "$KQ/r.csv")" != "$old" ] && [ "$(hashes "$KP/s.csv" "$KQ/r.csv")" != "$new" ] &&
            ls "$KP"/*.commit "$KQ"/*.commit >/dev/null 2>&1 && ok || bad "$site: the kill did not land between the renames"
    fi
    # the next run writing beside the pair (in the second file's directory) finishes the group
    "$BIN" $DW --spectrum "$KQ/probe.csv" >/dev/null 2>&1 && ok || bad "$site: the next run failed"
    rm -f "$KQ/probe.csv"
    now=$(hashes "$KP/s.csv" "$KQ/r.csv")
    if [ $want = new ]; then [ "$now" = "$new" ] && ok || bad "$site: the pair is not the new version after recovery"
    else [ "$now" = "$old" ] && ok || bad "$site: the pair is not the old version after recovery"; fi
    tmpfiles "$KP" || tmpfiles "$KQ" && bad "$site: temporary files left after recovery: $(ls "$KP" "$KQ")" || ok
    [ "$(stat -c %a "$KP/s.csv")" = 600 ] && ok || bad "$site: the mode of the replaced file was lost"
    # back to the old version for the next case
    "$BIN" $DW --spectrum "$KP/s.csv" --production-rate "$KQ/r.csv" >/dev/null 2>&1
    [ "$(hashes "$KP/s.csv" "$KQ/r.csv")" = "$old" ] || bad "$site: could not restore the old version"
done
# the recast pair, recovered by a read of the library it is in
RD="$TMP/rlib"; mkdir -p "$RD"
"$BIN" limits recast "$STEM" -o "$RD/rc" --fphi 0.01 >/dev/null 2>&1
rold=$(hashes "$RD/rc.csv" "$RD/rc.json")
for c in kill_before_journal:old kill_after_journal:new kill_between_renames:new rename_second,kill_in_rollback:old; do
    site=${c%:*}; want=${c#*:}
    AXSTERILE_FAULT=$site "$BIN" limits recast "$STEM" -o "$RD/rc" --fphi 0.02 >/dev/null 2>&1
    [ $? = 137 ] && ok || bad "recast $site: the run was not killed"
    run limits show rc --limits "$RD"
    [ "$RC" = 0 ] && ok || bad "recast $site: reading the pair after the kill: exit $RC: $(head -c 300 "$ERR")"
    if [ $want = new ]; then expect_out "f_phi = 0.02" "recast $site: the reader saw the new pair"
    else expect_out "f_phi = 0.01" "recast $site: the reader saw the old pair"; fi
    now=$(hashes "$RD/rc.csv" "$RD/rc.json")
    if [ $want = old ]; then [ "$now" = "$rold" ] && ok || bad "recast $site: not the old pair after recovery"
    else [ "$now" != "$rold" ] && ok || bad "recast $site: not the new pair after recovery"; fi
    tmpfiles "$RD" && bad "recast $site: temporary files left: $(ls "$RD")" || ok
    "$BIN" limits recast "$STEM" -o "$RD/rc" --fphi 0.01 >/dev/null 2>&1
done
# five readers at once finding the same interrupted pair: each reads the new version
"$BIN" limits recast "$STEM" -o "$RD/rc" --fphi 0.01 >/dev/null 2>&1
AXSTERILE_FAULT=kill_between_renames "$BIN" limits recast "$STEM" -o "$RD/rc" --fphi 0.02 >/dev/null 2>&1
for r in 1 2 3 4 5; do "$BIN" limits show rc --limits "$RD" >"$TMP/reader$r" 2>&1 & done
wait
n=0; for r in 1 2 3 4 5; do grep -q "f_phi = 0.02" "$TMP/reader$r" && n=$((n + 1)); done
[ $n = 5 ] && ok || bad "concurrent readers of an interrupted pair: $n of 5 read the new version: $(cat "$TMP/reader1")"
tmpfiles "$RD" && bad "concurrent readers left temporary files: $(ls "$RD")" || ok
# a failing journal write (a full disk): exit 1, the pair as it was, nothing left
runf journal dw --ms 7.1keV --sin2 2e-10 --spectrum "$KP/s.csv" --production-rate "$KQ/r.csv"
[ "$RC" = 1 ] && [ "$(hashes "$KP/s.csv" "$KQ/r.csv")" = "$old" ] && ok || bad "a failed journal write: exit $RC or the pair changed"
tmpfiles "$KP" || tmpfiles "$KQ" && bad "temporary files left after a failed journal write" || ok
# a file named like a journal that is not one: refused, naming it
touch "$KP/s.csv.tmp.999999.abcdef.commit"
if kill -0 999999 2>/dev/null; then skip "pid 999999 exists"; else
    expect_status 2 "a bad journal" $DW --spectrum "$KP/s.csv"
    grep -q "not a commit journal" "$ERR" && ok || bad "a bad journal: $(head -c 300 "$ERR")"
fi
rm -f "$KP/s.csv.tmp.999999.abcdef.commit"
# a directory moved after a kill between the renames: the journal is not finished
# elsewhere; the run stops, naming it
MV="$TMP/mv1"; mkdir -p "$MV"
"$BIN" $DW --spectrum "$MV/s.csv" --production-rate "$MV/r.csv" >/dev/null 2>&1
AXSTERILE_FAULT=kill_between_renames "$BIN" dw --ms 7.1keV --sin2 2e-10 --spectrum "$MV/s.csv" --production-rate "$MV/r.csv" >/dev/null 2>&1
mv "$MV" "$TMP/mv2"
run $DW --spectrum "$TMP/mv2/probe.csv"
[ "$RC" = 1 ] && grep -q "the directory was moved or renamed" "$ERR" && ok || bad "a moved directory with a journal: exit $RC: $(head -c 300 "$ERR")"
mv "$TMP/mv2" "$MV"
expect_status 0 "the directory moved back: the group is finished" $DW --spectrum "$MV/probe.csv"
[ "$(hashes "$MV/s.csv" "$MV/r.csv")" = "$new" ] && ok || bad "the moved-back pair is not the new version"
# a journal of a process that still runs is waited for (3 s), then the run stops, naming it
sleep 30 & live=$!
cp "$KP/s.csv" "$KP/s.csv.tmp.$live.abcdef.commit"
t0=$(date +%s)
run $DW --spectrum "$KP/s.csv"
t1=$(date +%s)
[ "$RC" = 1 ] && grep -q "another process is writing files here" "$ERR" && [ $((t1 - t0)) -ge 2 ] && [ $((t1 - t0)) -le 20 ] &&
    ok || bad "a live journal: exit $RC after $((t1 - t0)) s: $(head -c 300 "$ERR")"
kill $live; wait $live 2>/dev/null
rm -f "$KP/s.csv.tmp.$live.abcdef.commit"
# a scan whose publication fails: the directory as it was, no temporary directory
"$BIN" scan fig2 -o "$TMP/pub" --points 20 --limits "$TMP/bq" >/dev/null 2>&1
before=$(cd "$TMP/pub" && find . -type f | sort | xargs sha256sum)
runf publish scan fig2 -o "$TMP/pub" --points 20 --limits "$TMP/bq" --fphi 0.02
[ "$RC" = 1 ] && [ "$(cd "$TMP/pub" && find . -type f | sort | xargs sha256sum)" = "$before" ] && ok || bad "a failed publication changed the directory (exit $RC)"
ls -d "$TMP"/pub.tmp.* >/dev/null 2>&1 && bad "a temporary directory was left" || ok
# scan grid: grid.csv and grid.json are published together; a failed publication
# leaves the directory as it was (a first one: not created), nothing temporary
G="scan grid --model qcd --ms 5keV:50keV:2:log --fa 1e9GeV:1e11GeV:2:log --dm-fixed"
runf publish $G --frac 0.01 -o "$TMP/gridnew"
[ "$RC" = 1 ] && [ ! -e "$TMP/gridnew" ] && ok || bad "a failed grid publication left a directory (exit $RC)"
"$BIN" $G --frac 0.01 -o "$TMP/grid" >/dev/null 2>&1 && [ -s "$TMP/grid/grid.csv" ] && [ -s "$TMP/grid/grid.json" ] && ok || bad "scan grid wrote no pair"
before=$(cd "$TMP/grid" && find . -type f | sort | xargs sha256sum)
runf publish $G --frac 0.02 -o "$TMP/grid"
[ "$RC" = 1 ] && [ "$(cd "$TMP/grid" && find . -type f | sort | xargs sha256sum)" = "$before" ] && ok || bad "a failed grid publication changed the directory (exit $RC)"
ls -d "$TMP"/grid.tmp.* >/dev/null 2>&1 && bad "a temporary grid directory was left" || ok
# -o a link to a directory: the directory it points to gets the new version, the link stays
mkdir -p "$TMP/realdir"; ln -s realdir "$TMP/linkdir"
expect_status 0 "scan -o a link to a directory" scan fig2 -o "$TMP/linkdir" --points 20 --limits "$TMP/bq"
[ -L "$TMP/linkdir" ] && [ -f "$TMP/realdir/scan.json" ] && ok || bad "-o LINK: the link was replaced or the target not written"
# other files already in the output directory are kept
echo mine > "$TMP/pub/notes.txt"
expect_status 0 "scan into a directory with other files" scan fig2 -o "$TMP/pub" --points 20 --limits "$TMP/bq"
[ "$(cat "$TMP/pub/notes.txt")" = mine ] && ok || bad "a file of the user in the output directory was lost"
# a failed run removes the directories it created
runf publish scan fig2 -o "$TMP/new/a/b" --points 20 --limits "$TMP/bq"
[ "$RC" = 1 ] && [ ! -e "$TMP/new" ] && ok || bad "a failed scan left the directories it created"
runf publish plot fig2 -o "$TMP/newp/x" --points 20 --limits "$TMP/bq" --no-render
[ "$RC" = 1 ] && [ ! -e "$TMP/newp" ] && ok || bad "a failed plot left the directories it created"
# an output directory that cannot be written is refused before the computation
touch "$TMP/afile"
t0=$(date +%s%N)
expect_error "not a directory" "-o under a file" scan fig3 -o "$TMP/afile/sub" --points 200
t1=$(date +%s%N)
[ $(( (t1 - t0) / 1000000 )) -lt 3000 ] && ok || bad "-o refused only after $(( (t1 - t0) / 1000000 )) ms (the scan was computed first)"
expect_error "not a directory" "plot -o under a file" plot fig3 -o "$TMP/afile/sub" --points 200
expect_error "not a directory" "merge -o under a file" merge -o "$TMP/afile/sub" "$TMP/pub"

# ---- 4. write errors are never silent ----------------------------------------
run_full() { "$BIN" "$@" > /dev/full 2>"$ERR"; RC=$?; }
run_full limits show "$STEM" --json
[ "$RC" = 1 ] && grep -qF "no space left on device" "$ERR" && ok || bad "limits show --json > /dev/full: exit $RC: $(cat "$ERR")"
run_full limits list
[ "$RC" = 1 ] && ok || bad "limits list > /dev/full: exit $RC"
run_full --help
[ "$RC" = 1 ] && ok || bad "--help > /dev/full: exit $RC"

# ---- 5. a scan knows how it was made -----------------------------------------
"$BIN" scan fig2 -o "$TMP/rec" --points 20 --limits "$TMP/bq" --fphi 0.05 --phi-evolution step >/dev/null 2>&1
for k in '"f_phi":	0.05' '"decay_convention":	"majorana"' '"rate_normalisation"' '"phi_evolution":	"step"' '"points":	20' '"sha256":' '"axsterile_version"'; do
    grep -qF "$k" "$TMP/rec/scan.json" && ok || bad "scan.json lacks $k"
done
grep -qF "\"$STEM.csv\":	\"$(sha256sum < "$TMP/bq/$STEM.csv" | cut -c1-64)\"" "$TMP/rec/scan.json" && ok || bad "scan.json lacks the limit file's SHA-256"
grep -qF "\"sha256\":	\"$(sha256sum < "$DATA/data/opacity_numu.csv" | cut -c1-64)\"" "$TMP/rec/scan.json" && ok || bad "scan.json lacks the default opacity table's SHA-256"
# --from-data takes the options from the record, refuses contradicting ones
expect_status 0 "plot --from-data takes f_phi from the record" plot fig2 -o "$TMP/rec" --from-data --no-render --limits "$TMP/bq"
grep -qF 'f_φ = 0.05' "$TMP/rec/fig2.gp" && ok || bad "the key does not give the scan's f_phi"
expect_error "contradicts the scan" "--from-data with another --fphi" plot fig2 -o "$TMP/rec" --from-data --no-render --fphi 0.01
expect_error "contradicts the scan" "--from-data with another --convention" plot fig2 -o "$TMP/rec" --from-data --no-render --convention bh16-eq10
expect_error "contradicts the scan" "--from-data with --opacity analytic" plot fig2 -o "$TMP/rec" --from-data --no-render --opacity analytic
expect_error "contradicts the scan" "--from-data with another --phi-evolution" plot fig2 -o "$TMP/rec" --from-data --no-render --phi-evolution exact
expect_error "contradicts the scan" "--from-data with another library" plot fig2 -o "$TMP/rec" --from-data --no-render --limits "$DATA/limits"
# merge refuses shards made with different libraries or options
"$BIN" scan fig2 -o "$TMP/sh1" --points 20 --limits "$TMP/bq" --shard 1/2 >/dev/null 2>&1
"$BIN" scan fig2 -o "$TMP/sh2" --points 20 --limits "$TMP/nl0" --shard 2/2 >/dev/null 2>&1 || true
mkdir -p "$TMP/lib2"; cp "$TMP/bq/"* "$TMP/lib2/"; sed -i 's/Cite /Cited /' "$TMP/lib2/$STEM.json"
"$BIN" scan fig2 -o "$TMP/sh2" --points 20 --limits "$TMP/lib2" --shard 2/2 >/dev/null 2>&1
expect_error "record.limits.sha256" "merge of shards from different libraries" merge -o "$TMP/m1" "$TMP/sh1" "$TMP/sh2"
[ ! -e "$TMP/m1" ] && ok || bad "a refused merge created its directory"
# ... or with other limit directories: one more (the record lists every
# directory with its hashes), or the same one without the shipped library
"$BIN" scan fig2 -o "$TMP/sh5" --points 20 --limits "$TMP/bq" --limits "$DATA/tests/limits_good" --shard 2/2 >/dev/null 2>&1
expect_error "record.limits.sha256" "merge of shards from different limit directories" merge -o "$TMP/m1" "$TMP/sh1" "$TMP/sh5"
"$BIN" scan fig2 -o "$TMP/sh6" --points 20 --limits "$TMP/bq" --limits-only --shard 2/2 >/dev/null 2>&1
expect_error "record.limits.only" "merge of shards with and without the shipped library" merge -o "$TMP/m1" "$TMP/sh1" "$TMP/sh6"
AXSTERILE_LIMITS="$DATA/tests/limits_good" "$BIN" scan fig2 -o "$TMP/sh7" --points 20 --limits "$TMP/bq" --shard 2/2 >/dev/null 2>&1
expect_error "record.limits.sha256" "merge of shards with and without AXSTERILE_LIMITS" merge -o "$TMP/m1" "$TMP/sh1" "$TMP/sh7"
[ ! -e "$TMP/m1" ] && ok || bad "a refused merge created its directory"
"$BIN" scan fig2 -o "$TMP/sh3" --points 20 --limits "$TMP/bq" --shard 2/2 --fphi 0.03 >/dev/null 2>&1
expect_error "record.f_phi" "merge of shards with different f_phi" merge -o "$TMP/m1" "$TMP/sh1" "$TMP/sh3"
# merge validates every row it copies
"$BIN" scan fig2 -o "$TMP/sh4" --points 20 --limits "$TMP/bq" --shard 2/2 >/dev/null 2>&1
expect_status 0 "merge of matching shards" merge -o "$TMP/m2" "$TMP/sh1" "$TMP/sh4"
f=$(ls "$TMP/sh4"/dw_dm_fixed.csv)
cp "$f" "$f.orig"
awk 'BEGIN{d=0} /^[0-9]/ && !d {print "nan,nan"; d=1; next} {print}' "$f.orig" > "$f"
expect_error "comma-separated finite" "merge of a nan,nan row" merge -o "$TMP/m3" "$TMP/sh1" "$TMP/sh4"
awk 'BEGIN{d=0} /^[0-9]/ && !d {print "1.0,garbage"; d=1; next} {print}' "$f.orig" > "$f"
expect_error "comma-separated finite" "merge of a garbage row" merge -o "$TMP/m3" "$TMP/sh1" "$TMP/sh4"
[ ! -e "$TMP/m3" ] && ok || bad "a refused merge created its directory"
# masked windows are not failed solves
"$BIN" scan fig2 -o "$TMP/mask" --points 200 --limits "$DATA/limits" >/dev/null 2>"$TMP/mask.err"
run plot fig2 -o "$TMP/mask" --from-data --no-render
[ "$RC" = 0 ] && ! grep -q "solve failed" "$ERR" && ok || bad "--from-data counted masked rows as failed solves: $(head -c 300 "$ERR")"

# ---- 6. strict inputs ----------------------------------------------------------
mkfifo "$TMP/model.fifo"
expect_error "is a FIFO" "--model-file FIFO" check --model-file "$TMP/model.fifo"
mkdir -p "$TMP/fl"; cp "$DATA/limits/$STEM.csv" "$TMP/fl/"; mkfifo "$TMP/fl/$STEM.json"
# a user directory's bad file: `check` refuses (every limit counts there),
# `limits list` leaves it out with a warning (docs/limits-format.md)
expect_error "is a FIFO" "a FIFO .json in --limits DIR (check)" check --dw --ms 7.1keV --sin2 1e-10 --limits "$TMP/fl"
run limits list --limits "$TMP/fl"
[ "$RC" = 0 ] && grep -q "is a FIFO" "$ERR" && ok || bad "limits list with a FIFO .json: exit $RC, want 0 and a warning"
expect_error "is a directory" "a directory as --model-file" check --model-file "$TMP"
# a limit file of exactly the size bound (4 MiB) is read; one byte more is not
mkdir -p "$TMP/big"; cp "$DATA/limits/$STEM.json" "$TMP/big/"
python3 - "$DATA/limits/$STEM.csv" "$TMP/big/$STEM.csv" 4194304 <<'PY'
import sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = open(src, 'rb').read()
pad = n - len(t)
line = b'#' + b'x' * 998 + b'\n'
body = line * (pad // len(line))
rest = pad - len(body)
body += (b'#' + b'y' * (rest - 2) + b'\n') if rest >= 2 else b'\n' * rest
open(dst, 'wb').write(body + t)
PY
[ "$(wc -c < "$TMP/big/$STEM.csv")" = 4194304 ] && ok || bad "test setup: size $(wc -c < "$TMP/big/$STEM.csv")"
expect_status 0 "a limit file of exactly 4 MiB" limits validate "$TMP/big/$STEM.json"
printf '#\n' >> "$TMP/big/$STEM.csv"
expect_error "larger than 4194304 bytes" "a limit file one byte over" limits validate "$TMP/big/$STEM.json"
# flags a command does not use are refused
expect_error "does not use -o" "limits list -o" limits list -o foo --fphi 5
expect_error "does not use --fphi" "limits show --fphi" limits show "$STEM" --fphi 0.1
expect_error "does not use --fphi" "recast --standard --fphi" limits recast fermi2015_flux_R3 --standard --fphi 0.1

# ---- 7. numbers stay numbers -------------------------------------------------
expect_error "expected 1e-200 <= sin^2 2theta < 1" "dw --sin2 1e-300" dw --ms 7.1keV --sin2 1e-300
# down to the smallest accepted value, Omega is proportional to sin^2 2theta
run dw --ms 7.1keV --sin2 1e-200 --json; o1=$(json_num omega_h2)
run dw --ms 7.1keV --sin2 1e-100 --json; o2=$(json_num omega_h2)
awk -v a="$o1" -v b="$o2" 'BEGIN { r = a * 1e100 / b; exit !(a > 0 && r > 0.999999 && r < 1.000001) }' && ok || bad "Omega(1e-200)/Omega(1e-100) = $o1/$o2, want 1e-100"
expect_error "expected a positive coupling >= 1e-100" "point --g 1e-300" point --ms 7.1keV --mphi 1e-6eV --g 1e-300
expect_error "expected 0.0001 deg <= radius" "jfactor disk:r=1e-10deg" jfactor --roi disk:r=1e-10deg --profile nfw --rs 20kpc
expect_error "expected a density from 1e-10 to 1e+10 GeV/cm3" "--rho-local 1e300GeV/cm3" jfactor --roi disk:r=1deg --profile nfw --rs 20kpc --rho-local 1e300GeV/cm3
expect_error "expected a density from 1e-20 to 1e+20 GeV/cm3" "--rho-s 1e-300GeV/cm3" jfactor --roi disk:r=1deg --profile nfw --rs 20kpc --rho-s 1e-300GeV/cm3

finish
