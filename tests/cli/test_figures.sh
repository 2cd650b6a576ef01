#!/bin/sh
# test_figures.sh -- `axsterile scan/plot/merge` (docs/figures.md): every
# curve in a figure's key has a data file with >= 20 finite points; the axis
# ranges hold every curve; rendering; shards merged equal one run byte for
# byte; an interrupted scan leaves earlier outputs untouched and no
# temporary file.
T_NAME=cli_figures
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

# check_figure DIR FIG: the key entries of DIR/FIG.gp and their data
check_figure() {
    dir=$1; fig=$2; gp="$dir/$fig.gp"
    [ -s "$gp" ] && ok || { bad "$fig: no script"; return; }
    # lines "dN = \"'file' using ...\"" and "tN = \"title '...'\"": file and whether
    # it has a key entry
    : > "$TMP/curves"
    # the data columns a curve draws: "using 1:2", "1:2:3", "1:5:(ytop)", "1:(ybot):2"
    grep -E "^d[0-9]+ = \"'" "$gp" | sed -E "s/^d([0-9]+) = \"'([^']+)' using 1:(\(ybot\):)?([0-9]+)(:([0-9]+))?.*/\1 \2 \4 \6/" |
    while read -r k file c1 c2; do
        kind=$(sed -nE "s/^t$k = \"(title|notitle).*/\1/p" "$gp")
        # a shaded region's edge may leave the axes (the region is clipped)
        grep -qE "^d$k = .*\((ytop|ybot)\)" "$gp" && kind="$kind-region"
        # markers alone and hatched strips (a bound's position) have a point or two
        grep -qE "^s$k = .*(with points |fs transparent pattern)" "$gp" && kind="$kind-marker"
        echo "$file $kind $c1 ${c2:-$c1}" >> "$TMP/curves"
    done
    n=$(wc -l < "$TMP/curves"); [ "$n" -ge 2 ] && ok || bad "$fig: only $n curves"
    # the main panel's ranges (the first; the key panel's come later)
    xr=$(sed -nE 's/^set xrange \[([^:]+):([^]]+)\]/\1 \2/p' "$gp" | head -n 1)
    yr=$(sed -nE 's/^set yrange \[([^:]+):([^]]+)\]/\1 \2/p' "$gp" | head -n 1)
    while read -r file kind c1 c2; do
        f="$dir/$file"
        [ -s "$f" ] || { bad "$fig: $file missing"; continue; }
        # data rows: finite numbers only
        if grep -v '^#' "$f" | grep -qiE 'nan|inf'; then bad "$fig: $file has nan/inf"; else ok; fi
        npts=$(grep -v '^#' "$f" | grep -c '[0-9]')
        if [ "${kind%-region}" = title ]; then
            [ "$npts" -ge 20 ] && ok || bad "$fig: $file (in the key) has $npts points, want >= 20"
        fi
        # every point inside the axis ranges (a 1e-9 relative slack for printing)
        out=$(grep -v '^#' "$f" | awk -F, -v xr="$xr" -v yr="$yr" -v c1="$c1" -v c2="$c2" '
            BEGIN { split(xr, X, " "); split(yr, Y, " ") }
            NF >= 2 { for (c = c1; c <= c2; c++) if ($c < Y[1] * (1 - 1e-9) || $c > Y[2] * (1 + 1e-9)) { print "y " $c; exit }
                      if ($1 < X[1] * (1 - 1e-9) || $1 > X[2] * (1 + 1e-9)) { print "x " $1; exit } }')
        [ -z "$out" ] || [ "${kind#*-}" = region ] && ok || bad "$fig: $file has a point outside the axes ($out; x [$xr], y [$yr])"
    done < "$TMP/curves"
    grep -q "set logscale x" "$gp" && grep -q "set logscale y" "$gp" && ok || bad "$fig: log axes"
    grep -qE "^set [xy]label \".*\[" "$gp" && ok || bad "$fig: axis label with units"
    grep -q "#     source:" "$gp" && ok || bad "$fig: script names the sources"
}

# the figures of the library's registry, in scan and plot --help
for cmd in scan plot; do
    expect_status 0 "$cmd --help" $cmd --help
    for f in "fig1   (m_phi, g_phi) plane" "fig2   sin^2 2theta against m_s" "fig3   QCD axion"; do
        expect_out "$f" "$cmd --help lists the figures"
    done
done
expect_error "needs one figure name: fig1, fig2 or fig3" "no figure" scan -o "$TMP/x"

# Fig. 2, data and script only (40 points: the grid once ended an ulp above 1 GeV)
expect_status 0 "plot fig2 --no-render" plot fig2 -o "$TMP/f2" --points 40 --no-render --json
grep -qF '"rendered":	false' "$OUT" && ok || bad "fig2 --no-render rendered"
check_figure "$TMP/f2" fig2
[ ! -e "$TMP/f2/fig2.png" ] && ok || bad "--no-render wrote an image"
for f in dw_dm_fixed.csv axion_dm_fixed.csv dw_lifetime.csv; do
    grep -q "^# m_s \[keV\], " "$TMP/f2/$f" && ok || bad "$f: the column line lacks units"
done
# the legend names each limit with its reference
# (with the star of a recast on an assumed target: the M31 field and profile
# are placeholders, "approximate" in its sidecar)
grep -q "title 'Chandra M31 (Horiuchi+ 2014) \\*'" "$TMP/f2/fig2.gp" && ok || bad "fig2 key lacks a limit with its reference"
# no two limits in the key look alike: each has its own pair of colour and
# marker (markers tell curves apart in grey print)
keyed=$(grep -E "^s[0-9]+ = .*linespoints" "$TMP/f2/fig2.gp" | while read -r line; do
    k=$(echo "$line" | sed -E 's/^s([0-9]+) .*/\1/')
    grep -q "^t$k = \"title '" "$TMP/f2/fig2.gp" && echo "$line"; done)
nkey=$(printf '%s\n' "$keyed" | grep -c .)
[ "$nkey" -ge 10 ] && ok || bad "fig2: only $nkey limits with markers in the key (want >= 10)"
npair=$(printf '%s\n' "$keyed" | sed -n "s/.*lc rgb '\(#[0-9A-Fa-f]*\)'.* pt \([^ ]*\) ps .*/\1 \2/p" | sort -u | grep -c .)
[ "$npair" -eq "$nkey" ] && ok || bad "fig2: $nkey limits share $npair colour-marker pairs"


# the decay normalisation: the default (Majorana) shows each published limit
# as published; BH16's eq. 10 doubles every sin^2 2theta limit and leaves the
# DW and axion-assisted lines (production, not decay) as they are
expect_status 0 "plot fig2 --convention bh16-eq10" plot fig2 -o "$TMP/f2d" --points 40 --no-render --convention bh16-eq10 --json
grep -qF '"decay_convention":	"bh16-eq10"' "$OUT" && ok || bad "fig2 JSON: decay_convention"
grep -q 'BH16 eq. 10 rate' "$TMP/f2d/fig2.gp" && ok || bad "fig2 axis: BH16 eq. 10"
grep -q 'Majorana rate' "$TMP/f2/fig2.gp" && ok || bad "fig2 axis: Majorana by default"
for f in dw_dm_fixed.csv axion_dm_fixed.csv; do
    cmp -s "$(grep -v '^#' "$TMP/f2/$f" > "$TMP/a.txt"; echo "$TMP/a.txt")" \
           "$(grep -v '^#' "$TMP/f2d/$f" > "$TMP/b.txt"; echo "$TMP/b.txt")" && ok || bad "fig2 $f changes with the convention"
done
for s in chandra_halo_sicilian2020 xmm_halo_foster2021 erosita_lmc_terolcalvo2026 nustar_gc_perez2017 \
         nustar_stray_krivonos2024 nustar_m31_ng2019 integral_spi_boyarsky2008 heao1_mw_boyarsky2006; do
    paste -d, "$TMP/f2/limit_$s.csv" "$TMP/f2d/limit_$s.csv" | grep -v '^#' | awk -F, '
        $2 != "nan" { n++; r = $4 / $2; if (r < 1.999999 || r > 2.000001 || $1 != $3) bad = 1 }
        END { exit !(n > 5 && !bad) }' && ok || bad "fig2 $s: BH16 eq. 10 is not twice the default"
    grep -q "limit_$s.csv" "$TMP/f2/fig2.gp" && ok || bad "fig2 does not draw $s"
done

# Fig. 1 and Fig. 3
expect_status 0 "plot fig1 --no-render" plot fig1 -o "$TMP/f1" --points 24 --no-render
check_figure "$TMP/f1" fig1
expect_status 0 "plot fig3 --no-render" plot fig3 -o "$TMP/f3" --points 24 --no-render
check_figure "$TMP/f3" fig3

# rendering, when gnuplot is installed
if command -v gnuplot >/dev/null 2>&1; then
    expect_status 0 "plot fig2 png" plot fig2 -o "$TMP/r2" --points 24 --json
    grep -qF '"rendered":	true' "$OUT" && ok || bad "fig2 not rendered"
    sz=$(wc -c < "$TMP/r2/fig2.png" 2>/dev/null || echo 0)
    [ "$sz" -gt 30000 ] && ok || bad "fig2.png is $sz bytes"
    head -c 8 "$TMP/r2/fig2.png" | od -An -c | grep -q "P   N   G" && ok || bad "fig2.png is not a PNG"
    expect_status 0 "plot fig2 svg" plot fig2 -o "$TMP/r2" --points 24 --format svg
    grep -q "<svg" "$TMP/r2/fig2.svg" && ok || bad "fig2.svg is not SVG"
else
    skip "gnuplot not installed: rendering not tested (apt-get install gnuplot-nox)"
fi

# Paper size: every key text on the page, whole, at both sizes. A figure's
# layout line gives the page (W x H in), the font (F pt) and the key panel
# (x [kl, kr] as fractions of W, its top kt as a fraction of H, C columns).
# (1) An estimate from the script alone: each key text's width from coarse
#     Helvetica classes (capitals 0.70 em, narrow letters i j l f t r and
#     punctuation 0.28, other lower case and digits 0.55, blanks 0.28,
#     other UTF-8 0.6), plus 4.1 em for the sample and its gaps, fits its
#     column; the PNG's fontscale is 200/96 and the PDF's 0.75 (cairo draws
#     "F pt" at 4/3 F: a key that fits at F ran off a PNG at 4/3 F).
# (2) Rendered (gnuplot and pdftotext): in the PDF, the text is F pt (the
#     commonest word height), every word lies on the page, every word of
#     every key text is there whole (pdftotext cuts a word at the page's
#     edge), and in a two-column key no text runs into the right column.
key_fits_estimate() { # GP DESC
    l=$(sed -nE 's/^# layout: page ([0-9.]+) x ([0-9.]+) in, font ([0-9.]+) pt; plot .* key x \[([0-9.]+), ([0-9.]+)\] y \[([0-9.]+), ([0-9.]+)\], ([0-9]+) columns.*/\1 \3 \4 \5 \8/p' "$1")
    [ -n "$l" ] && ok || { bad "$2: no layout line"; return; }
    out=$(sed -nE "s/^t[0-9]+ = \"title '(.*)'( noenhanced)?\"$/\1/p" "$1" | LC_ALL=C awk -v l="$l" '
        BEGIN { split(l, L, " "); room = (L[4] - L[3]) * L[1] * 72 / L[2] / L[5] - 4.1 }
        { t = $0; gsub(/[_^{}]/, "", t); w = 0; n = length(t)
          for (i = 1; i <= n; i++) { c = substr(t, i, 1)
              if (c ~ /[\200-\277]/) continue          # UTF-8 continuation byte
              else if (c ~ /[\300-\377]/) w += 0.6
              else if (c ~ /[A-Z]/) w += 0.70
              else if (c ~ /[ijlftr]/ || c ~ /[][ ,.:;()\/|!*-]/) w += 0.28
              else w += 0.55 }
          if (w > room) { printf "%s (%.1f em, room %.1f em); ", $0, w, room } }')
    [ -z "$out" ] && ok || bad "$2: key texts wider than their column: $out"
    grep -qE "^set terminal pngcairo .* fontscale 2.083 " "$1" || grep -qE "^set terminal (pdfcairo .* fontscale 0.75 |svg )" "$1" \
        && ok || bad "$2: the terminal does not draw the font at its size: $(grep '^set terminal' "$1")"
}
key_on_page() { # DIR FIG DESC (DIR/FIG.pdf rendered)
    d=$1; gp="$1/$2.gp"; pdftotext -bbox "$d/$2.pdf" "$TMP/bbox.html" 2>/dev/null || { bad "$3: pdftotext failed"; return; }
    l=$(sed -nE 's/^# layout: page ([0-9.]+) x ([0-9.]+) in, font ([0-9.]+) pt; plot .* key x \[([0-9.]+), ([0-9.]+)\] y \[([0-9.]+), ([0-9.]+)\], ([0-9]+) columns.*/\1 \2 \3 \4 \5 \7 \8/p' "$gp")
    sed -nE 's/.*<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*)<\/word>.*/\1 \2 \3 \4 \5/p' "$TMP/bbox.html" \
        | sed 's/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' > "$TMP/words"
    [ "$(wc -l < "$TMP/words")" -ge 20 ] && ok || { bad "$3: only $(wc -l < "$TMP/words") words in the PDF"; return; }
    out=$(awk -v l="$l" 'BEGIN { split(l, L, " "); W = L[1] * 72; H = L[2] * 72; F = L[3]
                 mid = (L[4] + L[5]) / 2 * W; keytop = (1 - L[6]) * H }
        { h = sprintf("%.1f", $4 - $2); n[h]++
          if ($1 < -0.5 || $3 > W + 0.5 || $2 < -0.5 || $4 > H + 0.5) print "off the page: " $5
          if (L[7] == 2 && $2 > keytop && $1 < mid && $3 > mid + 0.5) print "into the right column: " $5 }
        END { best = 0; for (h in n) if (n[h] > best) { best = n[h]; mode = h }
              if (mode < F - 0.05 || mode > F + 0.05) print "text is " mode " pt, not " F }' "$TMP/words" | head -n 3)
    [ -z "$out" ] && ok || bad "$3: $out"
    # every word of every key text, whole (markup of enhanced text skipped)
    cut -d' ' -f5- "$TMP/words" > "$TMP/wordlist"
    missing=$(sed -nE "s/^t[0-9]+ = \"title '(.*)'( noenhanced)?\"$/\1/p" "$gp" | sed "s/''/'/g" | tr ' ' '\n' \
        | grep -v '[_^{}]' | grep . | while read -r w; do grep -qxF -- "$w" "$TMP/wordlist" || echo "$w"; done | head -n 5)
    [ -z "$missing" ] && ok || bad "$3: key words not on the page (cut or lost): $(echo $missing)"
}
have_pdftotext=0; command -v pdftotext >/dev/null 2>&1 && command -v gnuplot >/dev/null 2>&1 && have_pdftotext=1
[ $have_pdftotext = 1 ] || skip "gnuplot or pdftotext not installed: key texts checked by estimate only"
for fig in f1:fig1 f2:fig2 f3:fig3; do
    d="$TMP/${fig%%:*}"; name=${fig#*:}
    for size in single double; do
        for fmt in png pdf; do
            expect_status 0 "$name $size $fmt script" plot $name -o "$d" --from-data --size $size --format $fmt --no-render
            key_fits_estimate "$d/$name.gp" "$name $size $fmt"
        done
        if [ $have_pdftotext = 1 ]; then
            expect_status 0 "$name $size pdf" plot $name -o "$d" --from-data --size $size --format pdf
            key_on_page "$d" $name "$name $size pdf"
        fi
    done
done
# the abbreviations (docs/figures.md): at single-column width the longest
# names lose their qualifiers before the reference, which is always kept
grep -q "title 'NuSTAR stray light (Krivonos+ 2024) \*' noenhanced" "$TMP/f2/fig2.gp" \
    && ok || bad "fig2 double: Krivonos et al. 2024's key text: $(grep Krivonos "$TMP/f2/fig2.gp" | grep '^t')"
expect_status 0 "fig2 single script" plot fig2 -o "$TMP/f2" --from-data --size single --no-render
grep -q "title 'NuSTAR stray light, 11 years, MW halo (Krivonos+ 2024) \*' noenhanced" "$TMP/f2/fig2.gp" \
    && ok || bad "fig2 single: Krivonos et al. 2024's key text: $(grep Krivonos "$TMP/f2/fig2.gp" | grep '^t')"
expect_status 0 "fig2 14 in wide script" plot fig2 -o "$TMP/f2" --from-data --size 14x0 --no-render
grep -q "title 'NuSTAR stray light, 11 years, Milky Way halo (Krivonos+ 2024) \*' noenhanced" "$TMP/f2/fig2.gp" \
    && ok || bad "fig2 14 in: the full name is shortened: $(grep Krivonos "$TMP/f2/fig2.gp" | grep '^t')"

# a name too long for any level is cut before its reference, with an
# ellipsis, and does not change the level of the others
mkdir -p "$TMP/libcut"
cp "${AXSTERILE_DATA:-.}"/limits/*.csv "${AXSTERILE_DATA:-.}"/limits/*.json "$TMP/libcut/"
cp "${AXSTERILE_DATA:-.}/limits/chandra_m31_horiuchi2014.csv" "$TMP/libcut/zzz_long_name2099.csv"
sed '0,/"name": "[^"]*"/s//"name": "An instrument with a very long description of its observation of a field and a mask that fits no key column (Someone et al. 2099)"/' \
    "${AXSTERILE_DATA:-.}/limits/chandra_m31_horiuchi2014.json" > "$TMP/libcut/zzz_long_name2099.json"
expect_status 0 "fig2 with a long name" plot fig2 -o "$TMP/fcut" --points 20 --limits "$TMP/libcut" --size single --no-render
grep -q "^t[0-9]* = \"title 'An instrument with a .*… (Someone+ 2099) \\*' noenhanced\"" "$TMP/fcut/fig2.gp" \
    && ok || bad "fig2: the long name is not cut before its reference: $(grep Someone "$TMP/fcut/fig2.gp" | grep '^t')"
grep -q "title 'NuSTAR stray light, 11 years, MW halo (Krivonos+ 2024) \*' noenhanced" "$TMP/fcut/fig2.gp" \
    && ok || bad "fig2: a long name changed the others' level: $(grep Krivonos "$TMP/fcut/fig2.gp" | grep '^t')"
key_fits_estimate "$TMP/fcut/fig2.gp" "fig2 single with a long name"
if [ $have_pdftotext = 1 ]; then
    expect_status 0 "fig2 pdf with a long name" plot fig2 -o "$TMP/fcut" --from-data --limits "$TMP/libcut" --size single --format pdf
    key_on_page "$TMP/fcut" fig2 "fig2 single pdf with a long name"
fi

# Fig. 2, structure formation (BH16 footnote 1; docs/physics.md section 8):
# the DW line's excluded masses (hatched, in both panels) end where the
# line meets the Milky Way satellite bound, 37.9 keV (docs/physics.md
# section 8: 38 keV; the mapping's own error is -16% to +26%, the 2%
# here is the solver's and the grid's), and the axion-assisted line's
# marker sits at its own bound, 23.3 keV, on the line: within 2% of the
# line's <sin^2 2theta_eff>_0 interpolated log-log at that mass
row2=$(grep -v '^#' "$TMP/f2/dw_structure.csv" | sed -n 2p)
within "$(echo "$row2" | cut -d, -f1)" 37.1 38.7 "fig2: the DW line's structure bound [keV]"
[ "$(grep -v '^#' "$TMP/f2/dw_structure.csv" | sed -n 1p | cut -d, -f1)" = 1 ] && ok || bad "fig2: the hatched strip does not start at 1 keV"
grep -q "Nadler et al. 2021" "$TMP/f2/dw_structure.csv" && ok || bad "fig2: dw_structure.csv does not name its source"
ax=$(grep -v '^#' "$TMP/f2/axion_structure.csv")
within "$(echo "$ax" | cut -d, -f1)" 22.8 23.8 "fig2: the axion-assisted line's structure bound [keV]"
echo "$ax" | awk -F, -v f="$TMP/f2/axion_dm_fixed.csv" '
    { m = $1; y = $2 }
    END { while ((getline line < f) > 0) { if (line ~ /^#/ || line == "") continue; split(line, a, ",")
              if (a[1] <= m) { x0 = a[1]; y0 = a[2] } else if (!x1) { x1 = a[1]; y1 = a[2] } }
          yl = exp(log(y0) + (log(y1) - log(y0)) * (log(m) - log(x0)) / (log(x1) - log(x0)))
          exit !(y / yl > 0.98 && y / yl < 1.02) }' && ok || bad "fig2: the axion-assisted marker is off its line: $ax"
for k in dw_structure axion_structure; do
    n=$(sed -nE "s/^d([0-9]+) = \"'$k.csv'.*/\1/p" "$TMP/f2/fig2.gp")
    [ -n "$n" ] && grep -q "^t$n = \"title '" "$TMP/f2/fig2.gp" && ok || bad "fig2: $k is not drawn with a key entry"
done
grep -q "@d[0-9]* @s[0-9]* notitle" "$TMP/f2/fig2.gp" && sed -n '/second panel/,$p' "$TMP/f2/fig2.gp" | grep -q "@d$(sed -nE "s/^d([0-9]+) = \"'dw_structure.csv'.*/\1/p" "$TMP/f2/fig2.gp") " \
    && ok || bad "fig2: the zoomed panel does not hatch the DW line's excluded masses"

# shards: 3 shards merged = one run, byte for byte
expect_status 0 "scan fig2 whole" scan fig2 -o "$TMP/whole" --points 24
for k in 1 2 3; do
    expect_status 0 "scan fig2 shard $k/3" scan fig2 -o "$TMP/shard$k" --points 24 --shard $k/3
done
expect_status 0 "merge" merge -o "$TMP/merged" "$TMP/shard3" "$TMP/shard1" "$TMP/shard2"
nf=0
for f in "$TMP"/whole/*; do
    b=$(basename "$f"); nf=$((nf + 1))
    cmp -s "$f" "$TMP/merged/$b" && ok || bad "merged $b differs from the unsharded run"
done
[ "$nf" -gt 10 ] && ok || bad "only $nf files in the scan"
[ "$(ls "$TMP/merged" | wc -l)" -eq "$nf" ] && ok || bad "merge wrote a different set of files"
# Fig. 3: most rows start from the roots of every 8th row (docs/performance.md),
# which each shard computes itself: 4 shards of 30 rows (boundaries inside
# those blocks), one on a single thread, merged = one run on two threads
omp_saved=${OMP_NUM_THREADS-unset}
export OMP_NUM_THREADS=2
expect_status 0 "scan fig3 whole" scan fig3 -o "$TMP/f3whole" --points 30
for k in 1 2 3 4; do
    OMP_NUM_THREADS=$((1 + k % 2))
    expect_status 0 "scan fig3 shard $k/4" scan fig3 -o "$TMP/f3shard$k" --points 30 --shard $k/4
done
if [ "$omp_saved" = unset ]; then unset OMP_NUM_THREADS; else OMP_NUM_THREADS=$omp_saved; fi
expect_status 0 "merge fig3" merge -o "$TMP/f3merged" "$TMP/f3shard2" "$TMP/f3shard4" "$TMP/f3shard1" \
    "$TMP/f3shard3"
[ -s "$TMP/f3whole/qcd_dm_fixed.csv" ] && ok || bad "fig3: no qcd_dm_fixed.csv in the unsharded run"
for f in "$TMP"/f3whole/*; do
    b=$(basename "$f")
    cmp -s "$f" "$TMP/f3merged/$b" && ok || bad "fig3: merged $b differs from the unsharded run"
done
# the merged scan is drawn without recomputing it: the same script as plot
expect_status 0 "plot whole" plot fig2 -o "$TMP/plotted" --points 24 --no-render
expect_status 0 "plot --from-data" plot fig2 -o "$TMP/merged" --from-data --no-render
cmp -s "$TMP/merged/fig2.gp" "$TMP/plotted/fig2.gp" && ok || bad "plot --from-data wrote another script"
# Fig. 2 from data equals Fig. 2 computed directly, byte for byte: the
# script (above) and every CSV
for f in "$TMP"/plotted/*.csv; do
    cmp -s "$f" "$TMP/merged/$(basename "$f")" && ok || bad "fig2 from data: $(basename "$f") differs from the direct computation"
done
expect_error "holds shard 1/3" "plot --from-data of one shard" plot fig2 -o "$TMP/shard1" --from-data --no-render
expect_error "holds a fig2 scan, not fig3" "plot --from-data, wrong figure" plot fig3 -o "$TMP/merged" --from-data --no-render
expect_error "holds a scan with --points 24" "plot --from-data, other points" plot fig2 -o "$TMP/merged" --points 30 --from-data --no-render
expect_error "3 shards but 2" "merge with a shard missing" merge -o "$TMP/m2" "$TMP/shard1" "$TMP/shard2"
[ ! -e "$TMP/m2" ] && ok || bad "a failed merge left its output directory"
cp -r "$TMP/shard2" "$TMP/trunc"
tf=$(ls "$TMP"/trunc/*.csv | head -n 1); head -c -1 "$tf" > "$TMP/tf" && mv "$TMP/tf" "$tf"
expect_error "truncated (no final newline)" "merge of a truncated shard" merge -o "$TMP/m3" "$TMP/shard1" "$TMP/trunc" "$TMP/shard3"
[ ! -e "$TMP/m3" ] && ok || bad "a failed merge left its (new) output directory"
expect_error "K/N" "bad --shard" scan fig2 -o "$TMP/x" --shard 4/3
expect_error "unknown figure 'fig9'" "unknown figure" scan fig9 -o "$TMP/x"
expect_error "-o DIR is required" "scan without -o" scan fig2
expect_error "--points 5" "too few points" scan fig2 -o "$TMP/x" --points 5
expect_error "exists and is not a directory" "-o is a file" scan fig2 -o "$TMP/whole/scan.json" --points 20

# an interrupted scan: earlier outputs untouched, no temporary file left
cp -r "$TMP/whole" "$TMP/keep"
"$BIN" scan fig1 -o "$TMP/whole" --points 3000 >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT $pid 2>/dev/null
wait $pid; rc=$?
[ "$rc" -ne 0 ] && ok || bad "the interrupted scan exited 0 (it finished within 1 s?)"
for f in "$TMP"/keep/*; do
    cmp -s "$f" "$TMP/whole/$(basename "$f")" && ok || bad "interrupted scan changed $(basename "$f")"
done
[ -z "$(find "$TMP/whole" -name '*.tmp.*')" ] && ok || bad "temporary files left: $(find "$TMP/whole" -name '*.tmp.*')"
[ ! -e "$TMP/whole/band_ms10keV.csv" ] && ok || bad "the interrupted scan wrote a partial figure"
finish
