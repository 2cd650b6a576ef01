#!/bin/sh
# test_python.sh -- the Python package (python/axsterile) on the library of
# the build under test: tests/python/test_axsterile.py compares it with the
# program's JSON output to 1e-12 and checks its errors. In the sanitizer
# build the AddressSanitizer and UBSan runtimes are preloaded into python3
# (leak detection off: the interpreter keeps its own memory to the end).
T_NAME=cli_python
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-python3}
build=${BUILD:-build}
major=$(sed -nE 's/^#define AX_VERSION_MAJOR ([0-9]+)/\1/p' include/axsterile/version.h)
lib="$(pwd)/$build/libaxsterile.so.$major"
if ! command -v "$PY" >/dev/null 2>&1; then
    skip "$PY not found: the Python package is not tested"; finish; exit
fi
[ -f "$lib" ] || { bad "no $lib (make all builds it)"; finish; exit; }
preload=""
if [ "$build" = build-san ]; then
    for r in libasan.so libubsan.so; do
        p=$(${CC:-cc} -print-file-name=$r)
        [ -f "$p" ] || { skip "$r not found: the Python tests need it in the sanitizer build"; finish; exit; }
        preload="$preload $p"
    done
fi
# run from another directory: the package must not depend on the current one
here=$(pwd)
cd "$(dirname "$OUT")" || exit 1
env PYTHONPATH="$here/python" AXSTERILE_LIBRARY="$lib" AXSTERILE_BIN="${AXSTERILE_BIN:-$here/$build/axsterile}" \
    ${preload:+LD_PRELOAD="$preload"} ${preload:+ASAN_OPTIONS=detect_leaks=0} \
    "$PY" "$here/tests/python/test_axsterile.py"
