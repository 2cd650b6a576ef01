#!/bin/sh
# The README's main job: the Fig. 2-style exclusion plot into plots/.
# Until the production solver lands (issue 3) and the plots (issue 6), this
# prints the cosmological background the solver will run on.
set -e
BUILD=${1:-build}
BIN="$BUILD/axsterile"
mkdir -p plots
if "$BIN" --help | grep -q '^  plot '; then
    "$BIN" plot fig2 -o plots --format png
    exit 0
fi
echo "axsterile demo: the Fig. 2 pipeline is not built yet; the background it will use:"
for T in 10MeV 100MeV 150MeV 200MeV 1GeV 100GeV; do
    "$BIN" cosmo --T "$T" | awk -v T="$T" '/^g_star /{g=$2} /^g_star_s /{gs=$2} /^H_GeV /{h=$2} END {printf "  T = %-7s g* = %-8s g*s = %-8s H = %s GeV\n", T, g, gs, h}'
done
