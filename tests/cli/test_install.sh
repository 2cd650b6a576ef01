#!/bin/sh
# test_install.sh -- `make install` puts program, library, headers, data,
# limits and man page in place, and the installed program runs.
T_NAME=cli_install
. "$(dirname "$0")/lib.sh"
dest=$(mktemp -d)
san=0; [ "${BUILD:-build}" = "build-san" ] && san=1
if make --no-print-directory -s install SAN=$san DESTDIR="$dest" >/dev/null 2>"$ERR"; then ok; else bad "make install failed: $(head -c 300 "$ERR")"; fi
for f in bin/axsterile lib/libaxsterile.a include/axsterile/cosmo.h include/axsterile/constants.h \
         share/axsterile/data/gstar.csv share/man/man1/axsterile.1; do
    [ -f "$dest/usr/local/$f" ] && ok || bad "not installed: $f"
done
[ -d "$dest/usr/local/share/axsterile/limits" ] && ok || bad "limits/ not installed"
# the installed program, pointed at the installed share directory, runs
AXSTERILE_DATA="$dest/usr/local/share/axsterile" "$dest/usr/local/bin/axsterile" cosmo --T 1GeV --json >"$OUT" 2>"$ERR"
[ $? -eq 0 ] && ok || bad "installed program failed: $(head -c 300 "$ERR")"
expect_out "$dest/usr/local/share/axsterile/data/gstar.csv" "installed program reads the installed table"
rm -rf "$dest"
finish
