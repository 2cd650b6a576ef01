#!/bin/sh
# The README's main job: Fig. 2 of Berlin & Hooper (arXiv:1610.03852) -- the
# DW and axion-assisted DM-fixed lines against every X-/gamma-ray limit of the
# library and its recast -- into plots/ (data, gnuplot script, PNG).
set -e
BUILD=${1:-build}
BIN="$BUILD/axsterile"
mkdir -p plots
echo "axsterile demo: computing Fig. 2 (200 masses, every limit and its recast) ..."
"$BIN" plot fig2 -o plots --format png
echo
if [ -f plots/fig2.png ]; then
    echo "Fig. 2 is in plots/fig2.png"
else
    echo "Fig. 2's data and script are in plots/ (gnuplot was not found to render it)"
fi
echo "  script: plots/fig2.gp (edit it and run 'gnuplot fig2.gp' in plots/ to restyle)"
echo "  data:   plots/*.csv (one file per curve, units in the header)"
echo "Next: check a model point, e.g."
echo "  $BIN check --ms 7.1keV --mphi 1e-6eV --dm-fixed"
echo "  $BIN check --dw --ms 7.1keV --dm-fixed"
