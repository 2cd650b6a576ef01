#!/bin/sh
# test_production.sh -- `axsterile dw` and `axsterile point` (docs/physics.md section 5).
T_NAME=cli_production
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$OUT" "$ERR"' EXIT

expect_status 0 "dw --help" dw --help
expect_out "--dm-fixed" "dw --help"
expect_status 0 "point --help" point --help

# dw: keys and values (T_max within 30% of BH16's 133 MeV (m/keV)^(1/3): see
# docs/physics.md section 5)
expect_status 0 "dw sin2" dw --ms 7.1keV --sin2 1e-10 --json
for k in m_s_keV sin2_2theta omega_h2 T_max_MeV mean_q_over_T Y; do
    [ -n "$(json_num $k)" ] && ok || bad "dw --json lacks $k"
done
within "$(json_num m_s_keV)" 7.0999 7.1001 "m_s_keV"
within "$(json_num T_max_MeV)" 179 333 "DW T_max at 7.1 keV"
no_nan "dw --json"
O1=$(json_num omega_h2)
expect_status 0 "dw sin2 x2" dw --ms 7.1keV --sin2 2e-10 --json
O2=$(json_num omega_h2)
within "$(awk -v a="$O1" -v b="$O2" 'BEGIN{print b/a}')" 1.98 2.02 "Omega ~ sin^2 2theta"
expect_status 0 "dw dm-fixed" dw --ms 7.1keV --dm-fixed --json
within "$(json_num omega_h2)" 0.11999 0.12001 "DW DM-fixed Omega h^2"
within "$(json_num sin2_2theta)" 5e-10 2e-8 "DW DM-fixed sin^2 2theta at 7.1 keV"
expect_status 0 "dw text" dw --ms 20keV --sin2 1e-11
expect_out "omega_h2" "dw text output"

# --spectrum writes q/T and f_s
expect_status 0 "dw --spectrum" dw --ms 7.1keV --sin2 1e-10 --spectrum "$TMP/spec.csv"
if [ -s "$TMP/spec.csv" ] && grep -q "^# q/T_nu, f_s" "$TMP/spec.csv" && [ "$(grep -vc '^#' "$TMP/spec.csv")" -eq 400 ]; then ok
else bad "--spectrum file missing or malformed"; fi

# --production-rate writes dY/dlnT against T, peaking near T_max
expect_status 0 "dw --production-rate" dw --ms 7.1keV --sin2 1e-10 --production-rate "$TMP/rate.csv" --json
TM=$(json_num T_max_MeV)
PK=$(grep -v '^#' "$TMP/rate.csv" | sort -t, -k2 -g | tail -n 1 | cut -d, -f1)
within "$(awk -v a="$PK" -v b="$TM" 'BEGIN{print a/b}')" 0.6 1.5 "peak of the rate file vs T_max"

# point, phi model
expect_status 0 "point phi" point --ms 50keV --mphi 1e-6eV --dm-fixed --json
for k in g_phi omega_h2 T_max_MeV T_osc_MeV sin2_2theta_at_Tmax sin2_2theta_today; do
    [ -n "$(json_num $k)" ] && ok || bad "point --json lacks $k"
done
expect_out '"regime":	"oscillating"' "m_phi = 1e-6 eV oscillates at T_max"
within "$(json_num omega_h2)" 0.11879 0.11881 "Omega = (1 - f_phi) Omega_DM"
no_nan "point --json"
# naturalness: Lambda_UV = 4 pi m_phi/g_phi of the printed point; on the DM
# band it grows like (m_s f_phi/(1 - f_phi))^(1/2) (BH16 sec. II, Fig. 1)
G=$(json_num g_phi)
within "$(awk -v l="$(json_num Lambda_UV_TeV)" -v g="$G" 'BEGIN{print l*g/(4*3.14159265358979*1e-15*1e-3)}')" 0.99999 1.00001 "Lambda_UV = 4 pi m_phi/g_phi"
L50=$(json_num Lambda_UV_TeV)
within "$(awk -v t="$(json_num tau_nu_phi_s)" -v g="$G" 'BEGIN{print t*g*g*50e-6/(16*3.14159265358979)/6.582119569e-25}')" 0.99999 1.00001 "tau(nu phi) = 16 pi/(g^2 m_s)"
expect_status 0 "point phi 200 keV" point --ms 200keV --mphi 1e-6eV --dm-fixed --json
within "$(awk -v a="$(json_num Lambda_UV_TeV)" -v b="$L50" 'BEGIN{print a/b}')" 1.9 2.1 "Lambda_UV ~ m_s^(1/2) (x4 in m_s)"
expect_status 0 "point phi f=0.04" point --ms 50keV --mphi 1e-6eV --fphi 0.04 --dm-fixed --json
within "$(awk -v a="$(json_num Lambda_UV_TeV)" -v b="$L50" 'BEGIN{print a/b}')" 2.01 2.05 "Lambda_UV ~ (f/(1-f))^(1/2): 2.031"
# BH16's "about 400 TeV" at 100 keV, f_phi = 0.01 lies between the two rate
# normalisations (N = 1/4: ~300 TeV; N = 1, BH16 eq. 6: ~600 TeV)
expect_status 0 "point phi 100 keV" point --ms 100keV --mphi 1e-6eV --dm-fixed --json
within "$(json_num Lambda_UV_TeV)" 250 400 "Lambda_UV, default rate"
expect_status 0 "point phi 100 keV bh16" point --ms 100keV --mphi 1e-6eV --dm-fixed --rate bh16 --json
within "$(json_num Lambda_UV_TeV)" 400 700 "Lambda_UV, BH16 rate"
# a point that computes but is not viable: exit 0, the result on stdout, warnings on stderr
expect_status 0 "point, m_phi = 1 keV" point --ms 50keV --mphi 1keV --dm-fixed
grep -q "warning: m_phi is not small" "$ERR" && ok || bad "no adiabaticity warning"
grep -q "warning: nu_s decays to nu phi with a lifetime of" "$ERR" && ok || bad "no lifetime warning"
expect_status 0 "point, m_phi = 1e-6 eV" point --ms 50keV --mphi 1e-6eV --dm-fixed
[ ! -s "$ERR" ] && ok || bad "warnings for a viable point: $(head -c 200 "$ERR")"
expect_status 0 "point frozen step" point --ms 50keV --mphi 1e-12eV --g 1e-23 --phi-evolution step --json
expect_out '"regime":	"frozen"' "m_phi = 1e-12 eV frozen at T_max"
expect_out '"phi_evolution":	"step"' "step evolution reported"

# point, QCD axion
expect_status 0 "point qcd" point --model qcd --ms 100keV --fa 1e10GeV --dm-fixed --json
for k in g_a f_a_GeV m_a0_eV omega_h2 T_max_MeV sin2_2theta_today; do
    [ -n "$(json_num $k)" ] && ok || bad "point qcd --json lacks $k"
done
expect_out '"oscillating_at_Tmax":	true' "QCD axion oscillating at T_max for 100 keV"
within "$(json_num m_a0_eV)" 5.7e-4 5.9e-4 "m_a0 for f_a = 1e10 GeV"
expect_status 0 "point qcd --ma0" point --model qcd --ms 100keV --ma0 5.8257e-4eV --g 1e-11 --json
within "$(json_num f_a_GeV)" 0.999e10 1.001e10 "f_a from m_a0"

# bad input: clear message, exit 2, nothing on stdout
expect_error "--ms is required" "dw without --ms" dw --sin2 1e-10
expect_error "--ms: '7.1' has no unit" "dw bare mass" dw --ms 7.1 --sin2 1e-10
expect_error "0.1 keV - 1 GeV" "m_s out of range" dw --ms 10GeV --sin2 1e-10
expect_error "sin^2 2theta" "sin2 >= 1" dw --ms 7keV --sin2 2
expect_error "--flavor: 'nu'" "bad flavor" dw --ms 7keV --sin2 1e-10 --flavor nu
expect_error "--fphi: 1.5; expected 0 < f_phi < 1" "f_phi > 1" point --ms 50keV --mphi 1e-6eV --fphi 1.5 --dm-fixed
expect_error "expected 0 < f_phi < 1" "f_phi = 0" point --ms 50keV --mphi 1e-6eV --fphi 0 --dm-fixed
expect_error "expected 0 < m_phi < m_s" "m_phi > m_s" point --ms 50keV --mphi 1MeV --dm-fixed
expect_error "must be at least" "m_phi too small" point --ms 50keV --mphi 1e-20eV --dm-fixed
expect_error "--mphi is required" "no --mphi" point --ms 50keV --dm-fixed
expect_error "--frac belongs to the qcd model" "qcd flag on a phi point" point --ms 50keV --mphi 1e-6eV --frac 0.5 --dm-fixed
expect_error "--fa belongs to the qcd model" "--fa on a phi point" point --ms 50keV --mphi 1e-6eV --fa 1e10GeV --dm-fixed
expect_error "--fphi belongs to the phi model" "phi flag on a qcd point" point --model qcd --ms 50keV --fa 1e10GeV --fphi 0.5 --dm-fixed
expect_error "--mphi belongs to the phi model" "--mphi on a qcd point" point --model qcd --ms 50keV --fa 1e10GeV --mphi 1e-6eV --dm-fixed
expect_error "--phi-evolution: 'slow'" "bad evolution" point --ms 50keV --mphi 1e-6eV --dm-fixed --phi-evolution slow
expect_error "cannot open" "missing opacity table" dw --ms 7keV --sin2 1e-10 --opacity "$TMP/none.dat"
printf '# p/T, T(MeV)-> 10 100\n0.1 1 2\n1 3\n' > "$TMP/bad.dat"
expect_error "columns" "malformed opacity table" dw --ms 7keV --sin2 1e-10 --opacity "$TMP/bad.dat"
printf '# p/T, T(MeV)-> 10 100 1000\n0.1 0.1 0.1 0.1\n1 1 1 1\n10 10 10 10\n' > "$TMP/small.dat"
# the opacity outside its table (docs/physics.md section 3, "Outside the
# table"): a point whose Omega_s depends on it by more than 1e-3 is refused,
# naming the range and --extrapolate; one inside is integrated over the
# table's range. small.dat ends at 1 GeV: 7 keV (T_max ~ 200 MeV) makes
# < 1e-3 above it, 1 MeV (T_max ~ 1 GeV) half
expect_status 0 "a user table: 7 keV inside" dw --ms 7keV --sin2 1e-10 --opacity "$TMP/small.dat" --json
within "$(json_num T_high_MeV)" 999.99 1000.01 "integrated from the table's top"
expect_error "(10 MeV - 1000 MeV)" "a user table: 1 MeV outside" dw --ms 1MeV --sin2 1e-14 --opacity "$TMP/small.dat"
expect_error "pass --extrapolate" "a user table: the refusal names --extrapolate" dw --ms 1MeV --sin2 1e-14 --opacity "$TMP/small.dat"
expect_status 0 "a user table with --extrapolate" dw --ms 1MeV --sin2 1e-14 --opacity "$TMP/small.dat" --extrapolate --json
expect_out '"opacity_extrapolated":	true' "--extrapolate marked in the JSON"
# the default table, 10 MeV - 10 GeV: DW 100 MeV makes 1.9% of Omega above 10 GeV
expect_error "default opacity table (Venumadhav et al. 2016, 10 MeV - 10 GeV)" "DW 100 MeV outside the default table" dw --ms 100MeV --dm-fixed
expect_error "pass --extrapolate" "the refusal names --extrapolate" dw --ms 100MeV --dm-fixed
expect_status 0 "DW 100 MeV with --extrapolate" dw --ms 100MeV --dm-fixed --extrapolate --json
expect_out '"opacity_extrapolated":	true' "DW 100 MeV: continued"
within "$(json_num fraction_above_opacity_table)" 0.015 0.025 "DW 100 MeV: share above 10 GeV"
# a light DW nu_s is made partly below 10 MeV: 0.2 keV refused (0.18%)
expect_error "10 MeV - 10 GeV" "DW 0.2 keV below the default table" dw --ms 0.2keV --dm-fixed
expect_status 0 "DW 0.2 keV with --extrapolate" dw --ms 0.2keV --dm-fixed --extrapolate --json
within "$(json_num T_low_MeV)" 0.99 1.01 "DW 0.2 keV: down to 1 MeV"
# inside: the same mixing with and without the cut, within the 1e-3 accuracy
expect_status 0 "DW 7.1 keV, table range" dw --ms 7.1keV --dm-fixed --json
expect_out '"opacity_extrapolated":	false' "DW 7.1 keV: not continued"
S_CUT=$(json_num sin2_2theta)
expect_status 0 "DW 7.1 keV, --extrapolate" dw --ms 7.1keV --dm-fixed --extrapolate --json
S_EXT=$(json_num sin2_2theta)
within "$(awk -v a="$S_CUT" -v b="$S_EXT" 'BEGIN { print a / b }')" 0.999 1.001 "DW 7.1 keV mixing, cut/continued"

# the default opacity (Venumadhav et al. 2016) and --opacity analytic: the
# DW DM-fixed mixing at 7.1 keV is 11% smaller with the published rates
# (docs/physics.md section 5: 1.79e-9 against 2.02e-9)
expect_status 0 "DW 7.1 keV, default opacity" dw --ms 7.1keV --dm-fixed --json
expect_out '"opacity":	"Venumadhav et al. 2016 (default)"' "default opacity named in the JSON"
S_DEF=$(json_num sin2_2theta)
expect_status 0 "DW 7.1 keV, analytic opacity" dw --ms 7.1keV --dm-fixed --opacity analytic --json
expect_out '"opacity":	"analytic"' "analytic opacity named in the JSON"
S_AN=$(json_num sin2_2theta)
within "$S_DEF" 1.77e-9 1.81e-9 "DW 7.1 keV DM-fixed mixing, default opacity"
within "$(awk -v a="$S_DEF" -v b="$S_AN" 'BEGIN { print a / b }')" 0.88 0.90 "default/analytic mixing at 7.1 keV"
# --gstar-table in the Laine & Schroder layout (T [MeV], g*, g*s): a
# constant g* = g*s = 100 table over 1 MeV - 100 GeV
awk 'BEGIN { print "# T(MeV) g_* g_*s"; for (i = 0; i <= 50; i++) printf "%.10e 100.0 100.0\n", 10^(i / 10) }' > "$TMP/ls.dat"
expect_status 0 "cosmo with a Laine & Schroder table" cosmo --T 150MeV --gstar-table "$TMP/ls.dat" --json
within "$(json_num g_star)" 99.999 100.001 "LS table read: g* = 100"
within "$(json_num dln_gstar_s_dlnT)" -1e-9 1e-9 "LS table: dln g*s/dln T = 0"
expect_status 0 "dw with a Laine & Schroder table" dw --ms 7.1keV --sin2 1e-9 --gstar-table "$TMP/ls.dat" --json
printf '# T(MeV) g_* g_*s\n1 10 10\n2 10\n' > "$TMP/lsbad.dat"
expect_error "lsbad.dat" "malformed Laine & Schroder table" dw --ms 7.1keV --sin2 1e-9 --gstar-table "$TMP/lsbad.dat"
[ ! -e "$TMP/spec2.csv" ] && ok || bad "spectrum written by a failed run"
expect_error "sin^2 2theta" "failed run leaves no spectrum" dw --ms 7keV --sin2 5 --spectrum "$TMP/spec2.csv"
[ ! -e "$TMP/spec2.csv" ] && ok || bad "spectrum written by a failed run"
# the two outputs appear together or not at all
expect_error "--production-rate" "unwritable rate file" dw --ms 7.1keV --sin2 1e-10 --spectrum "$TMP/spec3.csv" --production-rate "$TMP/nodir/rate.csv"
[ ! -e "$TMP/spec3.csv" ] && ok || bad "--spectrum written although --production-rate failed"

finish
