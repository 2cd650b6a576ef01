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
    # the data columns a curve draws: "using 1:2", "1:2:3", "1:5:(ytop)"
    grep -E "^d[0-9]+ = \"'" "$gp" | sed -E "s/^d([0-9]+) = \"'([^']+)' using 1:([0-9]+)(:([0-9]+))?.*/\1 \2 \3 \5/" |
    while read -r k file c1 c2; do
        kind=$(sed -nE "s/^t$k = \"(title|notitle).*/\1/p" "$gp")
        # a shaded region's edge may leave the axes (the region is clipped)
        grep -qE "^d$k = .*\((ytop|ybot)\)" "$gp" && kind="$kind-region"
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
grep -q "title 'Chandra M31 (Horiuchi+ 2014)'" "$TMP/f2/fig2.gp" && ok || bad "fig2 key lacks a limit with its reference"
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
