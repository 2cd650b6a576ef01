#!/bin/sh
# Run every test: the unit-test binaries (build/tests/test_*) and the
# end-to-end CLI scripts (tests/cli/*.sh). Each prints a last line
# "NAME: N passed, M failed, K skipped"; this sums them and ends with
# "N passed, M failed, K skipped" alone on a line. Exit 1 on any failure.
# VALGRIND=1 runs the binaries under valgrind (leaks and errors fail).
# BUILDS="build build-san" runs the whole suite once per build directory
# (the plain and the sanitizer build) and sums both.
BUILDS=${BUILDS:-${BUILD:-build}}
export AXSTERILE_DATA="$(pwd)"
pass=0; fail=0; skip=0; broken=""
tmp=$(mktemp)
run_one() {
    name=$1; shift
    "$@" >"$tmp" 2>&1
    rc=$?
    cat "$tmp" | grep -v -E '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed' | grep -E '^(FAIL|SKIP|==[0-9]+==|ERROR)' || true
    line=$(grep -E '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed' "$tmp" | tail -n 1)
    if [ -z "$line" ]; then
        echo "BROKEN $name: no summary line (exit $rc)"; tail -n 20 "$tmp"
        fail=$((fail + 1)); broken="$broken $name"; return
    fi
    echo "$line"
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + ${s:-0}))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "BROKEN $name: exit status $rc with no failed check"; tail -n 20 "$tmp"
        fail=$((fail + 1)); broken="$broken $name"
    fi
}
for BUILD in $BUILDS; do
export AXSTERILE_BIN="$(pwd)/$BUILD/axsterile"
[ "$BUILD" = build-san ] && echo "--- the same tests in the sanitizer build ($BUILD: ASan + UBSan)"
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    if [ "${VALGRIND:-0}" = "1" ]; then
        run_one "$(basename "$t")" valgrind -q --leak-check=full --suppressions="$(cd "$(dirname "$0")" && pwd)/valgrind.supp" --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$t"
    else
        run_one "$(basename "$t")" "$t"
    fi
done
AX_SUPP="$(cd "$(dirname "$0")" && pwd)/valgrind.supp"; export AX_SUPP
for s in tests/cli/test_*.sh; do
    [ -f "$s" ] || continue
    run_one "$(basename "$s")" sh "$s"
done
done
rm -f "$tmp"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
