#!/bin/sh
# test_frame.sh -- the command-line frame, `cosmo`, and bad input (docs/usage.md).
T_NAME=cli_frame
. "$(dirname "$0")/lib.sh"

expect_status 0 "--help" --help
expect_out "usage: axsterile <command>" "--help"
expect_status 0 "--version" --version
expect_out "axsterile 0." "--version"
expect_status 2 "no command" 
expect_error "unknown command 'frobnicate'" "unknown command" frobnicate
expect_status 0 "cosmo --help" cosmo --help
expect_out "--T TEMP" "cosmo --help"

# cosmo: the JSON keys and values
expect_status 0 "cosmo --T 150MeV --json" cosmo --T 150MeV --json
for k in T_MeV g_star g_star_s H_GeV s_GeV3; do
    [ -n "$(json_num $k)" ] && ok || bad "cosmo --json lacks $k"
done
within "$(json_num T_MeV)" 149.999 150.001 "T_MeV"
within "$(json_num g_star)" 20 40 "g* at 150 MeV (QCD crossover)"
no_nan "cosmo --json"
expect_status 0 "cosmo --T 5MeV --json" cosmo --T 5MeV --json
within "$(json_num g_star)" 10.64 10.86 "g* at 5 MeV = 10.75 +- 1%"
expect_status 0 "cosmo text" cosmo --T=300GeV
expect_out "g_star" "cosmo text output"

# bad input: message names the flag and what is accepted, exit 2, no stdout
expect_error "--T: '150' has no unit: expected a mass or energy with a unit, one of neV" "bare number" cosmo --T 150
expect_error "unknown unit 'Mev'" "unknown unit" cosmo --T 150Mev
expect_error "unknown unit 'MeVx'" "trailing junk" cosmo --T 150MeVx
expect_error "not a number" "nan" cosmo --T nan
expect_error "not a number" "inf" cosmo --T infMeV
expect_error "must be positive" "negative" cosmo --T -5MeV
expect_error "must be positive" "zero" cosmo --T 0MeV
expect_error "--T needs a value" "missing value" cosmo --T
expect_error "--T is required" "missing flag" cosmo --json
expect_error "unknown flag '--temperature'" "unknown flag" cosmo --temperature 1GeV
expect_error "outside the g*(T) table" "out of range" cosmo --T 1PeV
expect_error "--T given twice" "flag twice" cosmo --T 1GeV --T 2GeV
expect_error "cannot open" "missing table" cosmo --T 1GeV --gstar-table /nonexistent.csv

# data lookup: a missing data directory names every path tried
AXSTERILE_DATA=/nonexistent-axsterile-data run cosmo --T 1GeV
if [ "$RC" -eq 0 ]; then ok; else bad "cosmo with a wrong AXSTERILE_DATA should fall back to the source tree"; fi
finish
