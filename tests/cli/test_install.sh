#!/bin/sh
# test_install.sh -- `make install PREFIX=...` puts the program, both
# libraries (with the soname links), the headers, axsterile.pc, the data, the
# limits and the man page in place; from another directory and with no
# variable set, the installed program runs and the examples/ programs, built
# with pkg-config against the installed library (shared, and static), run
# and agree with the installed program on the same input; `make uninstall`
# removes every file install put (and the project's own directories). See
# docs/api.md.
T_NAME=cli_install
. "$(dirname "$0")/lib.sh"
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD" "$OUT" "$ERR"' EXIT
src=$(pwd)
prefix=$TMPD/prefix
work=$TMPD/work
mkdir -p "$work"
# The install is built in build-inst/ (plain build): the share directory is
# compiled into the library, so a new PREFIX rebuilds io.o, and the build
# under test (build/, build-san/) must not change under the other tests.
# The parent make's flags and jobserver are not passed down.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s -j2 BUILD=build-inst SAN=0 "$@"; }
version=$(sed -nE 's/^#define AX_VERSION "([0-9.]+)"/\1/p' include/axsterile/version.h)
major=${version%%.*}

if mk install PREFIX="$prefix" >"$OUT" 2>"$ERR"; then ok; else bad "make install failed: $(tail -c 600 "$ERR")"; fi
for f in bin/axsterile lib/libaxsterile.a "lib/libaxsterile.so.$version" lib/pkgconfig/axsterile.pc \
         include/axsterile/cosmo.h include/axsterile/version.h share/axsterile/data/gstar.csv \
         share/man/man1/axsterile.1; do
    [ -f "$prefix/$f" ] && ok || bad "not installed: $f"
done
[ -d "$prefix/share/axsterile/limits" ] && ok || bad "limits/ not installed"
[ "$(ls "$prefix/include/axsterile" | wc -l)" -eq "$(ls include/axsterile/*.h | wc -l)" ] && ok \
    || bad "not every public header installed"
# soname and the two links: libaxsterile.so -> .so.MAJOR -> .so.MAJOR.MINOR.PATCH
[ "$(readlink "$prefix/lib/libaxsterile.so.$major")" = "libaxsterile.so.$version" ] && ok \
    || bad "libaxsterile.so.$major does not point to libaxsterile.so.$version"
[ "$(readlink "$prefix/lib/libaxsterile.so")" = "libaxsterile.so.$major" ] && ok \
    || bad "libaxsterile.so does not point to libaxsterile.so.$major"
readelf -d "$prefix/lib/libaxsterile.so.$version" >"$OUT" 2>"$ERR"
expect_out "Library soname: [libaxsterile.so.$major]" "soname"
# only the ax_* interface is exported (private helpers such as the spline
# tables stay hidden)
nm -D --defined-only "$prefix/lib/libaxsterile.so.$version" | awk 'NF == 3 && $2 ~ /^[TDBRVW]$/ {print $3}' >"$OUT"
[ -s "$OUT" ] && ! grep -qv '^ax_' "$OUT" && ok || bad "exported symbols other than ax_*: $(grep -v '^ax_' "$OUT" | head -5 | tr '\n' ' ')"
grep -q '^ax_spline' "$OUT" && bad "private ax_spline_* exported" || ok
grep -q '^ax_production_init$' "$OUT" && ok || bad "ax_production_init not exported"
# the program is linked with the static library: it needs no search path
readelf -d "$prefix/bin/axsterile" >"$OUT" 2>&1
grep -q 'libaxsterile' "$OUT" && bad "installed program depends on the shared library" || ok

# the installed program, from another directory, finds its installed data
# with no variable set
(cd "$work" && env -u AXSTERILE_DATA "$prefix/bin/axsterile" cosmo --T 1GeV --json) >"$OUT" 2>"$ERR"
[ $? -eq 0 ] && ok || bad "installed program failed: $(head -c 300 "$ERR")"
expect_out "$prefix/share/axsterile/data/gstar.csv" "installed program reads the installed table"

# ---- the examples, built with pkg-config against the installation -------
# run from another directory, no variable set (run path and data lookup)
ex() { name=$1; shift; (cd "$work" && env -u AXSTERILE_DATA -u LD_LIBRARY_PATH "./$name" "$@") >"$TMPD/$name.out" 2>"$ERR"; }
cli() { (cd "$work" && env -u AXSTERILE_DATA "$prefix/bin/axsterile" "$@") >"$TMPD/cli.json" 2>"$ERR"; }
# ex_num NAME KEY: the value after KEY in the example's output
ex_num() { awk -v k="$2" '$1 == k {print $2; exit}' "$TMPD/$1.out"; }
# cli_num KEY: the first number after "KEY": in the CLI's JSON
cli_num() { sed -nE "s/^[[:space:]]*\"$1\":[[:space:]]*([-+0-9.eE]+),?$/\1/p" "$TMPD/cli.json" | head -n 1; }
# rel_eq A B TOL DESC: |A - B| <= TOL max(|A|, |B|), both present
rel_eq() {
    if awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { if (a == "" || b == "") exit 1;
           d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a; n = b < 0 ? -b : b; if (n > m) m = n;
           exit !(d <= t * m) }'; then ok; else bad "$4: $1 vs $2 (relative tolerance $3)"; fi
}
# The examples call the same library functions as the program, so they
# agree to rounding: 1e-12 relative.
TOL=1e-12

PKG="env PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config"
if ! command -v pkg-config >/dev/null 2>&1; then
    skip "pkg-config not installed: examples not built"
else
    $PKG --modversion axsterile >"$OUT" 2>"$ERR"
    expect_out "$version" "pkg-config --modversion"
    for e in dmfixed check_point jfactor limit; do
        # shellcheck disable=SC2046
        if (cd "$work" && cc -std=c11 -Wall -Wextra -Werror "$src/examples/$e.c" \
                $($PKG --cflags --libs axsterile) -o "$e") 2>"$ERR"; then ok
        else bad "examples/$e.c does not build with pkg-config: $(head -c 600 "$ERR")"; fi
    done
    readelf -d "$work/dmfixed" >"$OUT" 2>&1
    expect_out "libaxsterile.so.$major" "dmfixed links the shared library by its soname"
    # static: the archive, with what pkg-config --static says it needs
    # shellcheck disable=SC2046
    if (cd "$work" && cc -std=c11 "$src/examples/dmfixed.c" $($PKG --cflags axsterile) \
            -Wl,-Bstatic -laxsterile -Wl,-Bdynamic $($PKG --static --libs axsterile) \
            -o dmfixed_static) 2>"$ERR"; then ok
    else bad "static link of dmfixed failed: $(head -c 600 "$ERR")"; fi
    readelf -d "$work/dmfixed_static" >"$OUT" 2>&1
    grep -q 'libaxsterile' "$OUT" && bad "dmfixed_static depends on the shared library" || ok
    # a C++ compiler takes the installed headers and links the C library
    if command -v g++ >/dev/null 2>&1; then
        # shellcheck disable=SC2046
        if (cd "$work" && g++ -x c++ -Wall "$src/examples/jfactor.c" -x none \
                $($PKG --cflags --libs axsterile) -o jfactor_cpp) 2>"$ERR"; then ok
        else bad "examples/jfactor.c as C++ failed: $(head -c 600 "$ERR")"; fi
    fi


    for s in dmfixed dmfixed_static; do
        ex $s 7.1keV && ok || bad "$s failed: $(head -c 300 "$ERR")"
    done
    cli dw --ms 7.1keV --dm-fixed --json
    for k in m_s_keV sin2_2theta omega_h2 T_max_MeV mean_q_over_T; do
        rel_eq "$(ex_num dmfixed $k)" "$(cli_num $k)" $TOL "dmfixed $k vs axsterile dw"
        rel_eq "$(ex_num dmfixed_static $k)" "$(cli_num $k)" $TOL "static dmfixed $k vs axsterile dw"
    done
    # Omega_s h^2 = 0.120 (Planck 2018) is what the solve aims at
    rel_eq "$(ex_num dmfixed omega_h2)" 0.12 1e-4 "dmfixed reaches Omega h^2 = 0.120"

    ex check_point 7.1keV 1e-6eV && ok || bad "check_point failed: $(head -c 300 "$ERR")"
    cli check --ms 7.1keV --mphi 1e-6eV --dm-fixed --json
    [ "$(ex_num check_point excluded)" = "$(sed -nE 's/^	"excluded":	(true|false),?$/\1/p' "$TMPD/cli.json")" ] \
        && ok || bad "check_point verdict differs from axsterile check"
    for k in g_phi omega_h2 f_s; do
        rel_eq "$(ex_num check_point $k)" "$(cli_num $k)" $TOL "check_point $k vs axsterile check"
    done
    # every row with a value, in order
    awk '$1 == "ratio" {print $2}' "$TMPD/check_point.out" >"$TMPD/r1"
    sed -nE 's/^[[:space:]]*"ratio":[[:space:]]*([-+0-9.eE]+),?$/\1/p' "$TMPD/cli.json" >"$TMPD/r2"
    [ -s "$TMPD/r1" ] && [ "$(wc -l <"$TMPD/r1")" -eq "$(wc -l <"$TMPD/r2")" ] && ok \
        || bad "check_point: $(wc -l <"$TMPD/r1") rows, axsterile check: $(wc -l <"$TMPD/r2")"
    paste -d ' ' "$TMPD/r1" "$TMPD/r2" >"$TMPD/pairs"
    while read -r a b; do rel_eq "$a" "$b" $TOL "check_point row ratio"; done <"$TMPD/pairs"

    ex jfactor disk:r=10deg 20kpc && ok || bad "jfactor failed: $(head -c 300 "$ERR")"
    cli jfactor --roi disk:r=10deg --profile nfw --rs 20kpc --json
    for k in J_GeV2_cm5 D_GeV_cm2 solid_angle_sr J_over_D_GeV_cm3; do
        rel_eq "$(ex_num jfactor $k)" "$(cli_num $k)" $TOL "jfactor $k vs axsterile jfactor"
    done
    # a 10-degree cap: 2 pi (1 - cos 10 deg) = 0.0954557030567 sr
    rel_eq "$(ex_num jfactor solid_angle_sr)" 0.0954557030567376 1e-9 "jfactor solid angle of the cap"
    ex jfactor_cpp disk:r=10deg 20kpc && ok || bad "jfactor (C++) failed: $(head -c 300 "$ERR")"
    rel_eq "$(ex_num jfactor_cpp J_GeV2_cm5)" "$(ex_num jfactor J_GeV2_cm5)" 0 "jfactor C++ = C"

    ex limit nustar_bulge_roach2020 12keV && ok || bad "limit failed: $(head -c 300 "$ERR")"
    cli check --dw --ms 12keV --sin2 1e-8 --json
    [ "$(cli_num f_s)" = 1 ] && ok || bad "the overproduced DW point should have f_s = 1"
    lim=$(awk '/"limit":/ {l = $2; sub(/,$/, "", l)} /"file":/ && /"nustar_bulge_roach2020"/ {print l; exit}' "$TMPD/cli.json")
    rel_eq "$(ex_num limit sin2_2theta_majorana)" "$lim" $TOL "limit: sin^2 2theta vs axsterile check's row"
    # the published (Majorana, 1024 pi^4) value, log-log between the file's
    # neighbours of 12 keV; the Majorana limit is that value, and BH16 eq.
    # 10's (a width half as large) twice it
    yref=$(awk -F, -v x=12 '/^#/ || NF < 2 {next} { if ($1 + 0 <= x) {x0 = $1; y0 = $2} else if (!d) {x1 = $1; y1 = $2; d = 1} }
                 END { printf "%.17g", exp(log(y0) + log(y1 / y0) * log(x / x0) / log(x1 / x0)) }' \
           "$prefix/share/axsterile/limits/nustar_bulge_roach2020.csv")
    rel_eq "$(ex_num limit limit_y)" "$yref" 1e-10 "limit: log-log interpolation of the installed file"
    rel_eq "$(ex_num limit sin2_2theta_majorana)" "$(ex_num limit limit_y)" $TOL "limit: Majorana sin^2 2theta = the published value"
    rel_eq "$(ex_num limit sin2_2theta_bh16_eq10)" "$(awk -v y="$(ex_num limit limit_y)" 'BEGIN {printf "%.17g", 2 * y}')" \
        $TOL "limit: BH16 eq. 10 sin^2 2theta = 2 x Majorana"
    # a bad input comes back as the library's message, status 2
    ex limit nustar_bulge_roach2020 12; rc=$?
    [ $rc -eq 2 ] && grep -q "has no unit" "$ERR" && ok || bad "limit with a unitless mass: exit $rc, $(head -c 200 "$ERR")"
fi

# ---- the Python package, installed for the python3 found ---------------
PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
    skip "$PY not found: the Python package is not installed"
else
    site=$("$PY" src/tools/python_sitedir.py "$prefix")
    [ -f "$site/axsterile/__init__.py" ] && [ -f "$site/axsterile/_config.py" ] && ok \
        || bad "Python package not installed in $site"
    case $site in "$prefix"/lib/*) ok;; *) bad "Python package outside the prefix: $site";; esac
    # from another directory, only PYTHONPATH set (the prefix is not one python3 searches)
    (cd "$work" && env -u AXSTERILE_DATA -u AXSTERILE_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$site" "$PY" -c '
import axsterile, sys
print(axsterile.__file__)
print(axsterile._lib.lib._name)
print("%.17g" % axsterile.jfactor("fermi:R41")["J_GeV2_cm5"])
print("%.17g" % axsterile.limit("nustar_bulge_roach2020").evaluate("12keV"))
print(axsterile.check(ms="30keV", mphi="1e-6eV", dm_fixed=True)["excluded"])
') >"$OUT" 2>"$ERR" && ok || bad "installed Python package failed: $(tail -c 400 "$ERR")"
    [ "$(sed -n 1p "$OUT")" = "$site/axsterile/__init__.py" ] && ok || bad "imported $(sed -n 1p "$OUT"), not the installed package"
    [ "$(sed -n 2p "$OUT")" = "$prefix/lib/libaxsterile.so.$major" ] && ok || bad "the package loaded $(sed -n 2p "$OUT")"
    (cd "$work" && env -u AXSTERILE_DATA "$prefix/bin/axsterile" jfactor --roi fermi:R41 --json) >"$TMPD/cli.json"
    rel_eq "$(sed -n 3p "$OUT")" "$(sed -nE 's/^[[:space:]]*"J_GeV2_cm5":[[:space:]]*([-+0-9.eE]+),?$/\1/p' "$TMPD/cli.json")" \
        1e-12 "installed Python jfactor vs the installed program"
    # check(): the verdict the installed program gives (exit 0 allowed, 3 excluded)
    (cd "$work" && env -u AXSTERILE_DATA "$prefix/bin/axsterile" check --ms 30keV --mphi 1e-6eV --dm-fixed >/dev/null 2>&1)
    rc=$?; case $rc in 0) want=False;; 3) want=True;; *) want="exit $rc";; esac
    [ "$(sed -n 5p "$OUT")" = "$want" ] && ok || bad "installed Python check() says $(sed -n 5p "$OUT"), the program $want"
    [ -n "$(ex_num limit limit_y)" ] && rel_eq "$(sed -n 4p "$OUT")" "$(ex_num limit limit_y)" 1e-12 "installed Python limit vs examples/limit.c"
fi

# ---- staged install (DESTDIR) and uninstall ------------------------------
stage=$TMPD/stage
if mk install PREFIX="$prefix" DESTDIR="$stage" >"$OUT" 2>"$ERR"; then ok; else bad "make install DESTDIR failed: $(tail -c 300 "$ERR")"; fi
[ -f "$stage$prefix/lib/libaxsterile.so.$version" ] && ok || bad "DESTDIR install lacks the shared library"
mk uninstall PREFIX="$prefix" DESTDIR="$stage" >"$OUT" 2>"$ERR"
[ -z "$(find "$stage$prefix" ! -type d 2>/dev/null)" ] && ok || bad "uninstall DESTDIR left: $(find "$stage$prefix" ! -type d | head -5)"
if mk uninstall PREFIX="$prefix" >"$OUT" 2>"$ERR"; then ok; else bad "make uninstall failed: $(tail -c 300 "$ERR")"; fi
left=$(find "$prefix" ! -type d 2>/dev/null)
[ -z "$left" ] && ok || bad "make uninstall left: $(echo "$left" | head -5 | tr '\n' ' ')"
for d in include/axsterile share/axsterile; do
    [ -d "$prefix/$d" ] && bad "make uninstall left the directory $d" || ok
done
finish
