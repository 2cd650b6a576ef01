#!/bin/sh
# test_paper.sh -- figures at paper size: each figure in png, pdf and svg at
# single- (3.4 in) and double-column (7 in) width; the key under the plot,
# never beside it; tick labels and key in one font; Greek letters as UTF-8
# text (no Symbol font) in the SVG and in the PDF's text; a limit keeps its
# colour and marker when another is added to the library.
T_NAME=cli_paper
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

# the data once, then every size and format drawn from it
expect_status 0 "scan fig1" plot fig1 -o "$TMP/fig1" --points 20 --no-render
expect_status 0 "scan fig2" plot fig2 -o "$TMP/fig2" --points 20 --no-render
expect_status 0 "scan fig3" plot fig3 -o "$TMP/fig3" --points 20 --no-render

# layout FILE: "W H F PL PR PB PT KL KR KB KT" from the script's layout line
layout() {
    sed -nE 's/^# layout: page ([0-9.]+) x ([0-9.]+) in, font ([0-9.]+) pt; plot x \[([0-9.]+), ([0-9.]+)\] y \[([0-9.]+), ([0-9.]+)\]; key x \[([0-9.]+), ([0-9.]+)\] y \[([0-9.]+), ([0-9.]+)\].*/\1 \2 \3 \4 \5 \6 \7 \8 \9/p' "$1"
}

have_gnuplot=0; command -v gnuplot >/dev/null 2>&1 && have_gnuplot=1
[ $have_gnuplot = 1 ] || skip "gnuplot not installed: images not rendered (apt-get install gnuplot-nox)"
have_pdftotext=0; command -v pdftotext >/dev/null 2>&1 && have_pdftotext=1
[ $have_pdftotext = 1 ] || skip "pdftotext not installed: the PDF's text not checked (apt-get install poppler-utils)"

for fig in fig1 fig2 fig3; do
    d="$TMP/$fig"
    for size in single double; do
        want_w=3.40; [ $size = double ] && want_w=7.00
        for fmt in png pdf svg; do
            if [ $have_gnuplot = 1 ]; then
                expect_status 0 "$fig $size $fmt" plot $fig -o "$d" --from-data --size $size --format $fmt
                [ -s "$d/$fig.$fmt" ] && ok || bad "$fig $size: no $fmt image"
                cp "$d/$fig.$fmt" "$d/$fig.$size.$fmt" 2>/dev/null
            else
                expect_status 0 "$fig $size $fmt" plot $fig -o "$d" --from-data --size $size --format $fmt --no-render
            fi
            gp="$d/$fig.gp"
            # page, plot area and key from the script
            l=$(layout "$gp")
            [ -n "$l" ] && ok || { bad "$fig $size $fmt: no layout line"; continue; }
            echo "$l" | awk -v w=$want_w '{ exit !($1 == w) }' && ok || bad "$fig $size: page width $(echo "$l" | cut -d' ' -f1), want $want_w in"
            # the key is under the plot (takes none of its width, at most a quarter
            # was the requirement) and the plot area is most of the page's width
            echo "$l" | awk '{ side = ($9 > $5 ? $9 - $5 : 0); exit !($11 <= $6 && side <= ($5 - $4) / 4 && $5 - $4 >= 0.75) }' \
                && ok || bad "$fig $size: plot area and key overlap or the plot is narrow: $l"
            # one font size for the tick labels (the terminal's) and the key
            f=$(echo "$l" | cut -d' ' -f3)
            grep -qE "^set terminal .* font 'Helvetica,$f'" "$gp" && ok || bad "$fig $size: terminal font is not $f pt"
            if grep -q "^set key inside" "$gp"; then
                grep -qE "^set key inside .* font ',$f'" "$gp" && ok || bad "$fig $size: key font is not $f pt"
            fi
            # the image's size is the page's
            case $fmt in
            pdf) grep -qE "^set terminal pdfcairo size $want_w" "$gp" && ok || bad "$fig $size: pdf page";;
            svg) px=$(awk -v w=$want_w 'BEGIN { printf "%.0f", w * 72 }'); grep -qE "^set terminal svg size $px," "$gp" && ok || bad "$fig $size: svg size";;
            esac
        done
    done
    # no Symbol font: Greek letters are UTF-8 text
    grep -q "Symbol" "$d/$fig.gp" && bad "$fig: the script asks for the Symbol font" || ok
done

# the Greek letters of each figure, in the SVG text and the PDF text
greek() {
    case $1 in
    fig1) echo "φ ν τ Λ";;
    fig2) echo "θ σ Ω τ π φ";;
    fig3) echo "τ ν";;
    esac
}
if [ $have_gnuplot = 1 ]; then
    for fig in fig1 fig2 fig3; do
        d="$TMP/$fig"
        for size in single double; do
            grep -qi "font-family=\"Symbol\"\|font-family:Symbol\|'Symbol'" "$d/$fig.$size.svg" && bad "$fig $size svg names the Symbol font" || ok
            for g in $(greek $fig); do
                grep -q "$g" "$d/$fig.$size.svg" && ok || bad "$fig $size svg lacks $g"
            done
            if [ $have_pdftotext = 1 ]; then
                pdftotext "$d/$fig.$size.pdf" "$TMP/$fig.txt" 2>/dev/null
                for g in $(greek $fig); do
                    grep -q "$g" "$TMP/$fig.txt" && ok || bad "$fig $size pdf text lacks $g"
                done
                grep -q "Symbol" "$TMP/$fig.txt" && bad "$fig $size pdf text shows Symbol" || ok
            fi
        done
    done
fi

# a dash pattern is as long in the PNG as in the PDF (the key's samples are
# short: a pattern twice as long showed a dashed line's sample as one dash
# and a dot-dashed one as solid). A horizontal dt 2 line drawn with each
# script's own terminal line (fig3, double), the PDF rasterised at the PNG's
# 200 dpi: the period of the dashes, in pixels, must agree to 10%.
if [ $have_gnuplot = 1 ] && command -v pdftoppm >/dev/null 2>&1 && command -v convert >/dev/null 2>&1; then
    for fmt in png pdf; do
        expect_status 0 "fig3 $fmt script" plot fig3 -o "$TMP/fig3" --from-data --size double --format $fmt --no-render
        {
            grep '^set terminal' "$TMP/fig3/fig3.gp" | sed -E 's/ size [^ ]+ / size 7in,1in /; s/ size ([0-9]+),[0-9]+ / size \1,200 /'
            echo "set output '$TMP/dash.$fmt'"
            echo "unset border; unset tics; unset key; set margins 0,0,0,0"
            echo "set xrange [0:1]; set yrange [0:1]"
            echo "plot 0.5 with lines lc rgb '#000000' lw 1.5 dt 2"
        } > "$TMP/dash.gp"
        gnuplot "$TMP/dash.gp" 2>/dev/null
    done
    pdftoppm -r 200 -singlefile -png "$TMP/dash.pdf" "$TMP/dashpdf" 2>/dev/null
    # period: mean distance between the starts of dark runs along the line
    period() {
        h=$(identify -format '%h' "$1" 2>/dev/null)
        convert "$1" -crop "1000x1+200+$((h / 2))" +repage -threshold 50% txt:- 2>/dev/null | awk '
            NR > 1 { split($1, a, ","); dark = ($0 ~ /#000000|black/); if (dark && !prev) { n++; if (n == 1) x0 = a[1]; x1 = a[1] } prev = dark }
            END { if (n > 2) printf "%.2f\n", (x1 - x0) / (n - 1) }'
    }
    p_png=$(period "$TMP/dash.png"); p_pdf=$(period "$TMP/dashpdf.png")
    [ -n "$p_png" ] && [ -n "$p_pdf" ] && ok || bad "dash periods not measured (png '$p_png', pdf '$p_pdf')"
    awk -v a="$p_png" -v b="$p_pdf" 'BEGIN { exit !(a > 0 && b > 0 && a / b > 0.9 && a / b < 1.1) }' \
        && ok || bad "dash period: PNG $p_png px, PDF $p_pdf px at the same 200 dpi"
else
    skip "gnuplot, pdftoppm or ImageMagick's convert missing: dash lengths of PNG and PDF not compared"
fi

# --size: custom and bad values
expect_status 0 "--size 5x4" plot fig3 -o "$TMP/fig3" --from-data --size 5x4 --no-render
l=$(layout "$TMP/fig3/fig3.gp")
echo "$l" | awk '{ exit !($1 == 5 && $2 == 4) }' && ok || bad "--size 5x4 gave page $l"
expect_error "--size 1x2: expected single (3.4 in wide), double" "--size too narrow" plot fig3 -o "$TMP/fig3" --from-data --size 1x2
expect_error "--size wide" "--size a word" plot fig3 -o "$TMP/fig3" --from-data --size wide
expect_error "--fa-lines is an option of fig3" "--fa-lines on fig2" plot fig2 -o "$TMP/x" --fa-lines

# a recast on an approximate region or profile (sidecar "approximate": true)
# is dot-dashed and its key entry marked
napprox=$(grep -l '"approximate": true' "${AXSTERILE_DATA:-.}"/limits/*.json 2>/dev/null | wc -l)
if [ "$napprox" -gt 0 ]; then
    grep -q "^t[0-9]* = \"title '.* \*'" "$TMP/fig2/fig2.gp" && ok || bad "fig2: no key entry marks an approximate limit"
    grep -q "title '\* dot-dashed: recast on an assumed target" "$TMP/fig2/fig2.gp" && ok || bad "fig2: the key does not explain the approximate recasts"
    s=$(grep -l '"approximate": true' "${AXSTERILE_DATA:-.}"/limits/*.json | head -n 1 | xargs basename | sed 's/\.json$//')
    k=$(sed -nE "s/^d([0-9]+) = \"'recast_$s.csv'.*/\1/p" "$TMP/fig2/fig2.gp")
    grep -q "^s$k = .* dt 4" "$TMP/fig2/fig2.gp" && ok || bad "fig2: the recast of $s (approximate) is not dot-dashed"
else
    skip "no approximate limit in the library"
fi

# a limit keeps its look: add one to a copy of the library; every other
# limit keeps its colour and marker in the script
lib="${AXSTERILE_DATA:-.}/limits"
mkdir -p "$TMP/lib"
cp "$lib"/*.csv "$lib"/*.json "$TMP/lib/"
expect_status 0 "fig2 with the library copy" plot fig2 -o "$TMP/a" --points 20 --limits "$TMP/lib" --no-render
cp "$lib/chandra_m31_horiuchi2014.csv" "$TMP/lib/aaa_added_limit2099.csv"
sed 's/"name": "[^"]*"/"name": "An added limit (Test 2099)"/' "$lib/chandra_m31_horiuchi2014.json" > "$TMP/lib/aaa_added_limit2099.json"
expect_status 0 "fig2 with a limit added" plot fig2 -o "$TMP/b" --points 20 --limits "$TMP/lib" --no-render
# look FILE: "datafile colour marker" of every curve with a marker
look() {
    grep -E "^s[0-9]+ = .*pt " "$1" | while read -r line; do
        k=$(echo "$line" | sed -E 's/^s([0-9]+) .*/\1/')
        file=$(sed -nE "s/^d$k = \"'([^']+)'.*/\1/p" "$1")
        echo "$file $(echo "$line" | sed -E "s/.*lc rgb '([^']+)'.* pt ([^ ]+) .*/\1 \2/")"
    done | sort
}
look "$TMP/a/fig2.gp" > "$TMP/look_a"
look "$TMP/b/fig2.gp" | grep -v aaa_added_limit2099 > "$TMP/look_b"
[ "$(wc -l < "$TMP/look_a")" -ge 20 ] && ok || bad "only $(wc -l < "$TMP/look_a") limit curves with a look"
cmp -s "$TMP/look_a" "$TMP/look_b" && ok || bad "adding a limit changed others' looks: $(diff "$TMP/look_a" "$TMP/look_b" | head -4)"
grep -q "aaa_added_limit2099" "$TMP/b/fig2.gp" && ok || bad "the added limit is not drawn"
# its look from the sidecar: "plot": {"color", "marker"}
sed 's/^{/{\n  "plot": {"color": "#12ab9F", "marker": 3},/' "$TMP/lib/aaa_added_limit2099.json" > "$TMP/j" && mv "$TMP/j" "$TMP/lib/aaa_added_limit2099.json"
expect_status 0 "fig2 with a sidecar look" plot fig2 -o "$TMP/c" --points 20 --limits "$TMP/lib" --no-render
look "$TMP/c/fig2.gp" | grep -q "limit_aaa_added_limit2099.csv #12ab9F 8" && ok || bad "the sidecar's colour and marker (3: pt 8) are not used: $(look "$TMP/c/fig2.gp" | grep aaa)"
sed 's/"#12ab9F"/"teal"/' "$TMP/lib/aaa_added_limit2099.json" > "$TMP/j" && mv "$TMP/j" "$TMP/lib/aaa_added_limit2099.json"
expect_error 'key "plot.color": got "teal"; expected a colour "#rrggbb"' "a bad sidecar colour" plot fig2 -o "$TMP/d" --points 20 --limits "$TMP/lib" --no-render
sed 's/"teal", "marker": 3/"#12ab9F", "marker": 16/' "$TMP/lib/aaa_added_limit2099.json" > "$TMP/j" && mv "$TMP/j" "$TMP/lib/aaa_added_limit2099.json"
expect_error 'key "plot.marker": got 16; expected a whole number from 1 to 15' "a bad sidecar marker" plot fig2 -o "$TMP/d" --points 20 --limits "$TMP/lib" --no-render
finish
