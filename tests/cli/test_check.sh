#!/bin/sh
# test_check.sh -- `axsterile check`: exit status 0/3, the JSON layout,
# model files, and bad input (docs/usage.md).
T_NAME=cli_check
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

# DW at the DM-fixed mixing, 7.1 keV: excluded (exit 3), with the table
expect_status 3 "DW DM-fixed 7.1 keV is excluded" check --dw --ms 7.1keV --dm-fixed
expect_out "EXCLUDED" "DW check text"
expect_out "Chandra M31 (Horiuchi et al. 2014)" "DW check names the limits"
expect_out "out_of_range" "DW check reports masses outside a limit"
# the same with --json: the documented keys (docs/usage.md)
expect_status 3 "DW check --json" check --dw --ms 7.1keV --dm-fixed --json
for k in '"excluded":	true' '"limits":' '"name":' '"kind":	"decay"' '"limit":' '"model":' '"ratio":' '"status":	"out_of_range"'; do
    grep -qF "$k" "$OUT" && ok || bad "check --json lacks $k"
done
no_nan "check --json"

# the axion-assisted point at 30 keV: allowed (exit 0), recast rows
expect_status 0 "axion-assisted 30 keV is allowed" check --ms 30keV --mphi 1e-6eV --dm-fixed --json
grep -qF '"kind":	"recast"' "$OUT" && ok || bad "axion check has recast rows"
grep -qF '"excluded":	true' "$OUT" && bad "axion check: a row is excluded" || ok
no_nan "axion check --json"
# at 7.1 keV every recast X-ray limit allows it, but its spectrum (<q/T> =
# 1.6) is too warm for the Lyman-alpha and Milky Way satellite bounds
# (minimum masses 19 and 25 keV; docs/physics.md section 8)
expect_status 3 "axion-assisted 7.1 keV: structure formation" check --ms 7.1keV --mphi 1e-6eV --dm-fixed
expect_out "structure formation: Lyman-alpha forest                      structure m_s_keV" "structure row"
grep -E '^(Chandra|XMM|NuSTAR).* excluded$' "$OUT" >/dev/null && bad "axion 7.1 keV: an X-ray recast excludes it" || ok

# structure formation excludes the 1 keV DW point (BH16 footnote 1), which
# no X-ray limit of the library covers
expect_status 3 "DW 1 keV DM-fixed: structure formation" check --dw --ms 1keV --dm-fixed
expect_out "structure formation: phase space in dwarf spheroidals        structure m_s_keV" "phase-space row"
grep -E '^structure formation: phase space.* excluded$' "$OUT" >/dev/null && ok || bad "DW 1 keV: phase-space row not excluded"
# and the 7.1 keV DW point is still excluded by X-rays
run check --dw --ms 7.1keV --dm-fixed
grep -E '^Chandra M31 \(Horiuchi et al. 2014\) .* excluded$' "$OUT" >/dev/null && ok || bad "DW 7.1 keV: Chandra M31 does not exclude it"

# the supernova bound on f_a for a QCD-axion point
expect_status 3 "QCD f_a = 1e8 GeV: SN 1987A" check --model qcd --fa 1e8GeV --ms 50keV --dm-fixed
grep -E '^SN 1987A cooling: f_a > 4e8 GeV \(BH16 used f_a > 1e9 GeV\) +supernova f_a_GeV +4e\+08 +1e\+08 +4 +excluded$' "$OUT" >/dev/null && ok || bad "SN 1987A row"
run check --model qcd --fa 1e10GeV --ms 50keV --dm-fixed
grep -E '^SN 1987A cooling.* allowed$' "$OUT" >/dev/null && ok || bad "SN 1987A row at f_a = 1e10 GeV"
run check --ms 30keV --mphi 1e-6eV --dm-fixed
grep -q 'SN 1987A' "$OUT" && bad "SN row for the phi model" || ok

# a model file gives the same answer as the flags
printf '{"model": "phi", "m_s": "30keV", "m_phi": "1e-6eV", "dm_fixed": true}\n' > "$TMP/point.json"
expect_status 0 "check --model-file" check --model-file "$TMP/point.json" --json
cp "$OUT" "$TMP/a.json"
run check --ms 30keV --mphi 1e-6eV --dm-fixed --json
cmp -s "$OUT" "$TMP/a.json" && ok || bad "model file and flags differ"
printf '{"model": "dw", "m_s": "7.1keV", "dm_fixed": true}\n' > "$TMP/dw.json"
expect_status 3 "check --model-file DW" check --model-file "$TMP/dw.json"
# a value is one whole word, and a string holds no NUL: exit 2, nothing on stdout
printf '{"model": "dw", "m_s": "7.1keV", "dm_fixed": true, "flavor": "e mu"}\n' > "$TMP/emu.json"
expect_error "expected one of: e mu tau" "model file, flavor \"e mu\"" check --model-file "$TMP/emu.json"
printf '{"model": "phi", "m_s": "7.1keV", "m_phi": "1e-6eV", "dm_fixed": true, "phi_evolution": "exact step"}\n' > "$TMP/ev.json"
expect_error "expected one of: exact step" "model file, two evolutions" check --model-file "$TMP/ev.json"
printf '{"model": "dw", "m_s": "7.1keV", "dm_fixed": true, "flavor": "e\\u0000tau"}\n' > "$TMP/nul.json"
expect_error "NUL" "model file, a NUL in a string" check --model-file "$TMP/nul.json"

# DW in the DM-fixed grey region of Fig. 2: excluded by its lifetime;
# DW below the library's X-ray limits (1 keV): no observational limit
# applies, the output says so, and structure formation excludes it (BH16
# footnote 1; docs/physics.md section 8)
# (100 MeV is made 1.9% above the opacity table's 10 GeV: refused without
# --extrapolate, docs/physics.md section 3)
expect_error "10 MeV - 10 GeV" "DW at 100 MeV needs --extrapolate" check --dw --ms 100MeV --dm-fixed
expect_status 3 "DW at 100 MeV decays within t_U" check --dw --ms 100MeV --dm-fixed --extrapolate
expect_out "lifetime longer than the age of the Universe" "DW lifetime row"
expect_status 3 "DW at 1 keV: no X-ray limit covers it, structure formation excludes it" check --dw --ms 1keV --dm-fixed
expect_out "no X-ray or gamma-ray limit of the library covers this mass" "untested note"
grep -E ' excluded$' "$OUT" | grep -qv '^structure formation' && bad "DW at 1 keV: a row other than structure formation excludes it" || ok
expect_status 3 "DW at 1 keV, JSON" check --dw --ms 1keV --dm-fixed --json
expect_out '"observational_limits_applied":	0' "observational count"
n_rows=$(grep -c '"status":' "$OUT"); n_file=$(grep -c '"file":' "$OUT")
[ "$n_rows" -eq "$n_file" ] && ok || bad "$n_file of $n_rows rows have a \"file\" key"

# A published limit prints as published (the default, Majorana, width):
# the sources' curves at these masses, as quoted in the CSV headers
# (Sicilian et al. 2020 and Foster et al. 2021 at 7.1 keV, Roach et al. 2023
# at 20 keV); 2% is the accuracy asked of a digitised curve, the code keeps
# them to 1e-6. A DM-fixed DW point is all the dark matter (f_s = 1).
# row_val FILE STEM KEY: the KEY of the check row of limit file STEM
row_val() { awk -v stem="$2" -v key="$3" '
    { line = $0; gsub(/[\t ",]/, "", line) }
    line ~ "^"key":" { v = line; sub("^"key":", "", v) }
    line == "file:"stem { print v; exit }' "$1"; }
run check --dw --ms 7.1keV --dm-fixed --json; cp "$OUT" "$TMP/c71.json"
within "$(row_val "$TMP/c71.json" chandra_halo_sicilian2020 limit)" 2.356e-11 2.452e-11 "Chandra 2020 at 7.1 keV: 2.404e-11"
within "$(row_val "$TMP/c71.json" xmm_halo_foster2021 limit)" 3.612e-12 3.759e-12 "Foster 2021 at 7.1 keV: 3.685e-12"
within "$(row_val "$TMP/c71.json" erosita_lmc_terolcalvo2026 limit)" 7.84e-11 8.16e-11 "eROSITA LMC at 7.1 keV: 8.0e-11"
grep -q '"decay_convention":[[:space:]]*"majorana"' "$TMP/c71.json" && ok || bad "check: default convention majorana"
run check --dw --ms 20keV --dm-fixed --json; cp "$OUT" "$TMP/c20.json"
within "$(row_val "$TMP/c20.json" nustar_halo_roach2023 limit)" 9.170e-14 9.545e-14 "Roach 2023 at 20 keV: 9.358e-14"
# the new searches appear in check
for s in nustar_stray_krivonos2024 nustar_gc_perez2017 nustar_m31_ng2019 heao1_mw_boyarsky2006; do
    [ -n "$(row_val "$TMP/c20.json" $s limit)" ] && ok || bad "check at 20 keV: no row for $s"
done
run check --dw --ms 100keV --sin2 1e-20 --json
[ -n "$(row_val "$OUT" integral_spi_boyarsky2008 limit)" ] && ok || bad "check at 100 keV: no row for integral_spi_boyarsky2008"
# BH16's eq. 10 (half the width): every sin^2 2theta limit exactly twice the
# default, the model's own mixing unchanged -- for DW and for the
# axion-assisted model (its recast limits, same factor)
cmp_conv() { # FILE_DEFAULT FILE_BH16 DESC
    awk '
        FNR == 1 { f++ }
        { line = $0; gsub(/[\t ",]/, "", line) }
        line ~ /^quantity:/ { q = line } line ~ /^limit:/ { l = line; sub(/^limit:/, "", l) }
        line ~ /^model:[-0-9.eE+]/ { m = line; sub(/^model:/, "", m) }
        line ~ /^sin2_2theta:/ && f <= 2 { s[f] = line }
        line ~ /^status:/ && q ~ /sin2_2theta/ && line !~ /not_applicable|out_of_range|masked/ {
            n[f]++; L[f, n[f]] = l; M[f, n[f]] = m }
        END {
            if (n[1] < 3 || n[1] != n[2]) { print "rows " n[1] " vs " n[2]; exit 1 }
            if (s[1] != s[2]) { print "model mixing " s[1] " vs " s[2]; exit 1 }
            for (i = 1; i <= n[1]; i++) {
                r = L[2, i] / L[1, i]
                if (r < 1.999999 || r > 2.000001) { print "limit ratio " r " in row " i; exit 1 }
                if (M[1, i] != M[2, i]) { print "model " M[1, i] " vs " M[2, i]; exit 1 }
            }
            print n[1] " rows" }' "$1" "$2" > "$TMP/cmp.txt" && ok || bad "$3: $(cat "$TMP/cmp.txt")"
}
run check --dw --ms 7.1keV --dm-fixed --convention bh16-eq10 --json; cp "$OUT" "$TMP/c71d.json"
grep -q '"decay_convention":[[:space:]]*"bh16-eq10"' "$TMP/c71d.json" && ok || bad "check: decay_convention bh16-eq10"
cmp_conv "$TMP/c71.json" "$TMP/c71d.json" "DW at 7.1 keV: BH16 eq. 10 doubles every limit"
run check --ms 20keV --mphi 1e-6eV --dm-fixed --json; cp "$OUT" "$TMP/a20.json"
run check --ms 20keV --mphi 1e-6eV --dm-fixed --json --convention bh16-eq10; cp "$OUT" "$TMP/a20d.json"
cmp_conv "$TMP/a20.json" "$TMP/a20d.json" "axion-assisted at 20 keV: BH16 eq. 10 doubles every recast limit"
expect_error "--convention: unknown decay convention 'dirac2'" "check: unknown convention" check --dw --ms 7keV --dm-fixed --convention dirac2
expect_error "--majorana contradicts --convention bh16-eq10" "check: contradicting flags" check --dw --ms 7keV --dm-fixed --convention bh16-eq10 --majorana

# bad input: exit 2, message names the problem, nothing on stdout
expect_error "--sin2 is for a DW point" "--sin2 without --dw" check --ms 7keV --sin2 1e-10
expect_error "one of --sin2 or --dm-fixed is required" "DW without mixing" check --dw --ms 7keV
expect_error "--mphi does not belong to a DW point" "DW with --mphi" check --dw --ms 7keV --dm-fixed --mphi 1e-6eV
expect_error "--ms cannot be combined with --model-file" "model file + flags" check --model-file "$TMP/dw.json" --ms 7keV
expect_error "cannot open" "missing model file" check --model-file "$TMP/none.json"
printf '{"model": "dw", "m_s": 7.1, "dm_fixed": true}' > "$TMP/bad.json"
expect_error "expected a string with a unit" "model file with a bare mass" check --model-file "$TMP/bad.json"
expect_error "--ms" "bare number for --ms" check --dw --ms 7.1 --dm-fixed
expect_error "--limits" "missing limits directory" check --dw --ms 7keV --dm-fixed --limits "$TMP/nolimits"
mkdir -p "$TMP/badlim"; printf '1,2\n' > "$TMP/badlim/x.csv"; printf '{}' > "$TMP/badlim/x.json"
expect_error "x.json" "a bad limit file in --limits" check --dw --ms 7keV --dm-fixed --limits "$TMP/badlim"
finish
