#!/bin/sh
# Install the Debian packages axsterile needs, if any are missing.
# Build: gcc, make, libgsl-dev, libcsv-dev, libcjson-dev. Run time: gnuplot-nox
# (plots). Tests: valgrind (optional checks); pkg-config, g++ and python3 (the
# installed library, its headers in C++ and the Python package). Uses sudo when not root.
set -e
need="gcc make libgsl-dev libcsv-dev libcjson-dev gnuplot-nox valgrind pkg-config g++ python3 $*"
# Extra package names may be given as arguments (make fuzz asks for clang).
missing=""
for p in $need; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "axsterile: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "axsterile: apt-get not found; please install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
