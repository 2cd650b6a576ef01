#!/bin/sh
# test_headers.sh -- every public header (include/axsterile/*.h, whatever is
# there) compiles alone as C11 and as C++, declares its functions with C
# linkage for C++, and names no third-party type (GSL, cJSON, libcsv), so a
# program needs only the library's headers (docs/api.md).
T_NAME=cli_headers
. "$(dirname "$0")/lib.sh"
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD" "$OUT" "$ERR"' EXIT
CC=${CC:-cc}
CXX=${CXX:-g++}
LIB=${BUILD:-build}/libaxsterile.a
# Headers that still name cJSON, reported as skipped (not passed) until it
# moves behind library types: model.h, production.h and check.h (the JSON
# writers of the model table, `struct cJSON *out`; their *_json_text
# variants need no cJSON). halo.h and limits.h carry a parsed ax_target.
PENDING_THIRD_PARTY=""

have_cxx=1
command -v "$CXX" >/dev/null 2>&1 || { have_cxx=0; skip "no C++ compiler ($CXX): C++ checks not run"; }
n=0
for h in include/axsterile/*.h; do
    b=$(basename "$h")
    n=$((n + 1))
    printf '#include "axsterile/%s"\n#include "axsterile/%s" /* twice: guarded */\nint ax_header_test_%d;\n' \
        "$b" "$b" "$n" >"$TMPD/t.c"
    if $CC -std=c11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only "$TMPD/t.c" 2>"$ERR"; then ok
    else bad "$b alone as C11: $(head -c 400 "$ERR")"; fi
    if [ $have_cxx -eq 1 ]; then
        cp "$TMPD/t.c" "$TMPD/t.cpp"
        if $CXX -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only "$TMPD/t.cpp" 2>"$ERR"; then ok
        else bad "$b alone as C++11: $(head -c 400 "$ERR")"; fi
    fi
    # C linkage for C++ callers (a header with declarations needs the guard)
    if grep -q 'extern "C"' "$h"; then ok; else bad "$b: no extern \"C\" guard for C++"; fi
    # third-party types: outside comments, no GSL, cJSON or libcsv name or include
    $CC -fpreprocessed -dD -E -P "$h" 2>/dev/null >"$TMPD/code.h"
    if grep -qE '#include <(gsl|cjson|csv)|(^|[^A-Za-z0-9_])gsl_[a-z0-9_]+|cJSON|csv_parser' "$TMPD/code.h"; then
        case " $PENDING_THIRD_PARTY " in
            *" $b "*) skip "$b still names a third-party type: $(grep -oE '(^|[^A-Za-z0-9_])gsl_[a-z0-9_]+|cJSON|csv_parser' "$TMPD/code.h" | sort -u | tr '\n' ' ')";;
            *) bad "$b names a third-party type: $(grep -nE '#include <(gsl|cjson|csv)|(^|[^A-Za-z0-9_])gsl_[a-z0-9_]+|cJSON|csv_parser' "$TMPD/code.h" | head -3)";;
        esac
    else ok; fi
done
[ "$n" -ge 19 ] && ok || bad "only $n public headers found"

# a C++ program using every header links against the C library (the
# symbols it asks for are unmangled) and runs
if [ $have_cxx -eq 1 ]; then
    { for h in include/axsterile/*.h; do printf '#include "axsterile/%s"\n' "$(basename "$h")"; done
      cat <<'CPP'
#include <cstdio>
#include <cstring>
int main()
{
    ax_error err;
    ax_error_clear(&err);
    double ms = 0.0;
    if (ax_units_parse("7.1keV", AX_DIM_ENERGY, AX_UNITS_POSITIVE, &ms, &err) != AX_OK)
        return 1;
    int bad = ax_units_parse("7.1", AX_DIM_ENERGY, 0, &ms, &err);
    std::printf("%s %.17g %d %s\n", ax_version(), ms, bad, err.msg);
    return std::strcmp(ax_version(), AX_VERSION) != 0;
}
CPP
    } >"$TMPD/all.cpp"
    if [ -f "$LIB" ] && $CXX -std=c++11 -Wall -Wextra -Iinclude "$TMPD/all.cpp" "$LIB" \
           -fopenmp -lgsl -lgslcblas -lcsv -lcjson -lm -o "$TMPD/allcpp" 2>"$ERR"; then
        ok
        if "$TMPD/allcpp" >"$OUT" 2>"$ERR"; then ok; else bad "C++ program failed: $(head -c 300 "$ERR")"; fi
        set -- $(cat "$OUT")
        [ "$1" = "$(sed -nE 's/^#define AX_VERSION "(.*)"/\1/p' include/axsterile/version.h)" ] && ok \
            || bad "C++ program: ax_version() = $1"
        within "$2" 7.0999999e-6 7.1000001e-6 "C++ program: 7.1keV in GeV"
        [ "$3" = 2 ] && ok || bad "C++ program: a missing unit gave status $3, want 2"
        expect_out "has no unit" "C++ program: the library's message"
    else
        bad "C++ program with every header does not link against $LIB: $(head -c 600 "$ERR")"
    fi
fi
finish
