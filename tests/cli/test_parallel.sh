#!/bin/sh
# test_parallel.sh -- the README's GNU parallel recipe: N single-threaded
# shards of a Fig. 1 scan run side by side on this machine, merged and
# drawn, as written in README.md but with 3 shards of 24 points; the merged
# files must equal an unsharded run byte for byte. Installs Debian's
# `parallel` when it is missing; skips, saying why, where it cannot.
T_NAME=cli_parallel
HERE=$(dirname "$0")
. "$HERE/lib.sh"
. "$HERE/../cluster/common.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT
trap 'exit 130' INT TERM HUP
N=3; POINTS=24
BIN=$(abs_path "$BIN")

# the recipe as README.md gives it (docs/usage.md repeats it), made small:
# only the number of shards and the points change
r=$(recipe parallel README.md)
[ -n "$r" ] && ok || { bad "README.md has no '<!-- recipe: parallel -->' block"; finish; exit $?; }
[ "$(recipe parallel docs/usage.md)" = "$r" ] && ok || bad "docs/usage.md's GNU parallel recipe differs from README.md's"
small=$(shrink "$r" "seq 8 |" "seq $N |") \
    && small=$(shrink "$small" "--shard {}/8" "--shard {}/$N") \
    && small=$(shrink "$small" "--points 2000" "--points $POINTS") \
    && ok || { bad "the GNU parallel recipe no longer has 'seq 8 |', --shard {}/8, --points 2000 once each; update this test"; finish; exit $?; }

if ! ensure_packages parallel; then
    skip "no GNU parallel: $PKG_WHY"; finish; exit $?
fi

# the recipe calls `axsterile`: the program under test
mkdir -p "$TMP/bin" "$TMP/work"
ln -s "$BIN" "$TMP/bin/axsterile"
PATH="$TMP/bin:$PATH"; export PATH
cd "$TMP/work" || exit 1
timeout 120 sh -e -c "$small" >"$TMP/recipe.out" 2>&1 && ok \
    || bad "the recipe failed (exit $?): $(tail -n 5 "$TMP/recipe.out" | tr '\n' ' ' | cut -c 1-600)"

# one directory per shard, each holding its own block
k=1
while [ $k -le $N ]; do
    grep -q "\"$k/$N\"" "fig1.shard$k/scan.json" 2>/dev/null && ok || bad "fig1.shard$k does not hold shard $k/$N"
    k=$((k + 1))
done

timeout 120 "$BIN" scan fig1 --points $POINTS -o "$TMP/whole" >/dev/null 2>"$TMP/whole.err" && ok \
    || bad "the unsharded scan failed: $(head -c 300 "$TMP/whole.err")"
check_merged "$TMP/work/fig1" "$TMP/whole"
cd / || exit 1
finish
