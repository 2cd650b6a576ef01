#!/bin/sh
# test_readme.sh -- the README's example points say what they are. Every
# "build/axsterile check ARGS  # exit N: WHAT" line of README.md (the comment
# may stand on the next line) is run as written; its exit status must be N,
# an allowed point (0) must say "allowed", and an excluded one (3) must name
# every kind of bound that excludes it and no kind that does not (X-rays,
# structure formation, the CMB, SN 1987A, the lifetime, the abundance).
T_NAME=cli_readme
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

README=${AXSTERILE_DATA:-.}/README.md
[ -r "$README" ] && ok || { bad "no README.md at $README"; finish; exit $?; }

# one line per example: ARGS<TAB>COMMENT
awk '
    function emit(args, comment) { sub(/^[ \t]+/, "", comment); sub(/^#[ \t]*/, "", comment)
                                   sub(/[ \t]+$/, "", args); print args "\t" comment }
    pending != "" { if ($0 ~ /^[ \t]+#/) emit(pending, $0); else emit(pending, ""); pending = "" }
    /^[ \t]+build\/axsterile check / {
        line = $0; sub(/^[ \t]+build\/axsterile check /, "", line)
        if (index(line, "#")) { emit(substr(line, 1, index(line, "#") - 1), substr(line, index(line, "#"))) }
        else pending = line
    }' "$README" > "$TMP/examples"
n=$(grep -c . "$TMP/examples")
[ "$n" -ge 4 ] && ok || bad "README.md: only $n check examples found"

# the kinds of bound that exclude the point of the last --json run, one a line
excluders() {
    awk '
        { line = $0; gsub(/^[ \t]+|[,]$/, "", line) }
        line ~ /^"limits":/ { inrows = 1 }
        inrows && line ~ /^"name":/ { name = line; sub(/^"name":[ \t]*"/, "", name) }
        inrows && line ~ /^"kind":/ { kind = line; gsub(/^"kind":[ \t]*"|"$/, "", kind) }
        inrows && line ~ /^"excluded":[ \t]*true/ {
            if (kind == "decay" || kind == "recast") c = (name ~ /^Fermi/ ? "gamma rays" : "X-rays")
            else if (kind == "structure") c = "structure formation"
            else if (kind == "lifetime" && name ~ /^CMB/) c = "CMB"
            else if (kind == "supernova") c = "SN 1987A"
            else if (kind == "lifetime") c = "lifetime"
            else c = kind
            print c }' "$OUT" | sort -u
}
# what a comment names, by the same words
named() {
    for w in "X-ray" "gamma ray" "structure formation" "CMB" "SN 1987A" "lifetime" "abundance"; do
        printf '%s\n' "$1" | grep -qiF -- "$w" || continue
        case $w in
        X-ray) echo "X-rays";; "gamma ray") echo "gamma rays";; *) echo "$w";;
        esac
    done | sort -u
}

while IFS='	' read -r args comment; do
    want=$(printf '%s\n' "$comment" | sed -nE 's/^exit ([0-9]+).*/\1/p')
    [ -n "$want" ] && ok || { bad "README example 'check $args' does not say its exit status: '$comment'"; continue; }
    case " $args " in *" --json "*) j="" ;; *) j="--json" ;; esac
    # shellcheck disable=SC2086
    run check $args $j
    [ "$RC" -eq "$want" ] && ok || { bad "README 'check $args': exit $RC, README says $want"; continue; }
    no_nan "README 'check $args'"
    have=$(excluders)
    said=$(named "${comment#*:}")
    if [ "$want" -eq 0 ]; then
        printf '%s\n' "$comment" | grep -q "allowed" && ok || bad "README 'check $args': exit 0 but the comment does not say allowed: '$comment'"
        [ -z "$have" ] && ok || bad "README 'check $args': exit 0 with excluding rows: $(echo $have)"
    else
        [ -n "$have" ] && ok || bad "README 'check $args': exit $RC with no excluding row"
        [ "$have" = "$said" ] && ok || bad "README 'check $args': excluded by [$(echo $have)], the README says [$(echo $said)]: '$comment'"
    fi
done < "$TMP/examples"
finish
