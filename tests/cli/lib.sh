# lib.sh -- helpers for the end-to-end CLI tests (sourced, POSIX sh).
# $AXSTERILE_BIN is the program under test (set by tests/run_all.sh).
BIN=${AXSTERILE_BIN:-build/axsterile}
T_PASS=0; T_FAIL=0; T_SKIP=0
OUT=$(mktemp); ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"' EXIT

ok()   { T_PASS=$((T_PASS + 1)); }
bad()  { T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $*"; }
skip() { T_SKIP=$((T_SKIP + 1)); echo "SKIP $T_NAME: $*"; }

# run ARGS...: runs the program, keeps stdout in $OUT, stderr in $ERR, status in $RC
# (under VALGRIND=1 every run goes through valgrind; a leak or error is exit 99)
if [ "${VALGRIND:-0}" = "1" ]; then
    run() { valgrind -q --leak-check=full --suppressions="$AX_SUPP" --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$BIN" "$@" >"$OUT" 2>"$ERR"; RC=$?; }
else
    run() { "$BIN" "$@" >"$OUT" 2>"$ERR"; RC=$?; }
fi

# expect_status N DESC ARGS...
expect_status() {
    want=$1; desc=$2; shift 2
    run "$@"
    if [ "$RC" -eq "$want" ]; then ok; else bad "$desc: exit $RC, want $want; stderr: $(head -c 300 "$ERR")"; fi
}

# expect_error FRAGMENT DESC ARGS...: exit 2, stderr contains FRAGMENT, stdout empty
expect_error() {
    frag=$1; desc=$2; shift 2
    run "$@"
    if [ "$RC" -ne 2 ]; then bad "$desc: exit $RC, want 2 (stderr: $(head -c 300 "$ERR"))"; return; fi
    if ! grep -qF -- "$frag" "$ERR"; then bad "$desc: stderr lacks '$frag': $(head -c 300 "$ERR")"; return; fi
    if [ -s "$OUT" ]; then bad "$desc: printed to stdout on error"; return; fi
    ok
}

# expect_out FRAGMENT DESC: the last run's stdout contains FRAGMENT
expect_out() {
    if grep -qF -- "$1" "$OUT"; then ok; else bad "$2: stdout lacks '$1': $(head -c 300 "$OUT")"; fi
}

# json_num KEY: the number after "KEY": in the last stdout
json_num() { sed -nE "s/^[[:space:]]*\"$1\":[[:space:]]*([-+0-9.eE]+),?$/\1/p" "$OUT" | head -n 1; }

# within VALUE LOW HIGH DESC
within() {
    if awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v != "" && v + 0 >= lo && v + 0 <= hi) }'; then ok
    else bad "$4: $1 not in [$2, $3]"; fi
}

no_nan() {
    if grep -qiE '(^|[^a-z])(nan|inf)([^a-z]|$)' "$OUT"; then bad "$1: NaN or inf in the output"; else ok; fi
}

finish() { echo "$T_NAME: $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"; [ "$T_FAIL" -eq 0 ]; }
