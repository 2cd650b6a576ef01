# common.sh -- helpers for the scheduler tests (sourced, POSIX sh): install
# Debian packages, take a recipe from the README, find free TCP ports.

# ensure_packages PKG...: installs the missing Debian packages with apt-get
# (root, or sudo without a password), as src/tools/ensure-deps.sh does.
# Returns 1 with the reason in $PKG_WHY when they cannot be installed.
ensure_packages() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        PKG_WHY="apt-get not found, cannot install$missing"; return 1
    fi
    if [ "$(id -u)" -eq 0 ]; then SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
    else PKG_WHY="not root and no password-less sudo, cannot install$missing"; return 1; fi
    echo "installing missing Debian packages:$missing" >&2
    log=$(mktemp)
    # bounded: a machine without a package mirror fails here, not later
    # shellcheck disable=SC2086
    if DEBIAN_FRONTEND=noninteractive timeout 300 $SUDO apt-get -o DPkg::Lock::Timeout=120 update -qq >"$log" 2>&1 \
        && DEBIAN_FRONTEND=noninteractive timeout 600 $SUDO apt-get -o DPkg::Lock::Timeout=120 \
            install -y -qq --no-install-recommends $missing >>"$log" 2>&1; then
        rm -f "$log"; return 0
    fi
    PKG_WHY="apt-get could not install$missing: $(grep -E '^(E|W):' "$log" | head -n 2 | tr '\n' ' ')"
    rm -f "$log"; return 1
}

# recipe NAME FILE: prints the recipe marked in FILE (a Markdown file) by the
# lines "<!-- recipe: NAME -->" and "<!-- end recipe -->", with the code
# block's four-space indent removed.
recipe() {
    awk -v name="$1" '
        $0 == "<!-- recipe: " name " -->" { on = 1; next }
        on && $0 == "<!-- end recipe -->" { exit }
        on && /^    / { print substr($0, 5) }' "$2"
}

# shrink TEXT FROM TO: TEXT with the literal FROM replaced by TO; fails, and
# prints nothing, unless FROM occurs in TEXT exactly once.
shrink() {
    printf '%s\n' "$1" | awk -v from="$2" -v to="$3" '
        { lines[NR] = $0; rest = $0
          while ((i = index(rest, from)) > 0) { n++; rest = substr(rest, i + length(from)) } }
        END { if (n != 1) exit 1
              for (k = 1; k <= NR; k++) {
                  s = lines[k]; i = index(s, from)
                  if (i > 0) s = substr(s, 1, i - 1) to substr(s, i + length(from))
                  print s } }'
}

# free_ports N: prints N distinct TCP ports in 20000-59999 that nothing
# listens on (from /proc/net/tcp and tcp6), chosen at random so that two
# runs on one machine do not collide.
free_ports() {
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v want="$1" -v seed="$$" '
        function hex(h,   i, v) { v = 0
            for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", toupper(substr(h, i, 1))) - 1
            return v }
        $2 ~ /:/ { split($2, a, ":"); busy[hex(a[2])] = 1 }
        END { srand(seed); n = 0
              while (n < want) { p = 20000 + int(rand() * 40000)
                  if (!(p in busy)) { busy[p] = 1; n++; print p } } }'
}

# check_merged MERGED WHOLE: every file of the unsharded scan WHOLE is in
# MERGED, byte for byte, and MERGED holds nothing else but the plot's script
# and image (counted with ok/bad of tests/cli/lib.sh)
check_merged() {
    nf=0
    for f in "$2"/*; do
        b=$(basename "$f"); nf=$((nf + 1))
        cmp -s "$f" "$1/$b" && ok || bad "merged $b differs from the unsharded run (or is missing)"
    done
    [ "$nf" -gt 10 ] && ok || bad "only $nf files in the unsharded scan"
    extra=$(cd "$1" && for f in *; do [ -e "$2/$f" ] || echo "$f"; done | grep -v -E '^fig[0-9]\.(gp|pdf|png|svg)$')
    [ -z "$extra" ] && ok || bad "the merged directory holds files an unsharded scan lacks: $extra"
    [ -s "$1/fig1.gp" ] && ok || bad "no plot script fig1.gp from the merged scan"
    if command -v gnuplot >/dev/null 2>&1; then
        head -c 4 "$1/fig1.pdf" 2>/dev/null | grep -q '%PDF' && ok || bad "fig1.pdf missing or not a PDF"
    fi
}

# abs_path FILE: FILE with an absolute directory
abs_path() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
