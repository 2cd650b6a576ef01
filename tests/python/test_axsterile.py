"""test_axsterile.py -- the Python package against the program: every
number jfactor() and the Limit objects give equals what `axsterile ... --json`
prints for the same input to 1e-12 relative (both call the same library
functions, so only the last bits of the printing can differ), bad input
raises ValueError with the library's message, and nothing crashes.

Run by tests/cli/test_python.sh with PYTHONPATH=python and
AXSTERILE_LIBRARY naming the library of the build under test; prints
"python: N passed, M failed, K skipped" like the other test programs.
"""
import json
import math
import os
import subprocess
import sys
import unittest

import axsterile

BIN = os.environ.get("AXSTERILE_BIN", "build/axsterile")
REL = 1e-12

try:
    import numpy
except ImportError:
    numpy = None


def cli(*args, ok=(0,)):
    """The program's JSON output for args (an exit status in ok required)."""
    r = subprocess.run([BIN, *args, "--json"], capture_output=True, text=True)
    if r.returncode not in ok:
        raise AssertionError("axsterile %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr))
    return json.loads(r.stdout)


def cli_error(*args):
    """The program's message for bad input (exit 2 required), without the
    "axsterile CMD: --flag: " prefix."""
    r = subprocess.run([BIN, *args], capture_output=True, text=True)
    assert r.returncode == 2, "axsterile %s: exit %d, want 2" % (" ".join(args), r.returncode)
    return r.stderr.strip()


class Close:
    """assertClose: relative tolerance, same keys, same strings."""

    def assertClose(self, got, want, rel=REL, what=""):
        self.assertTrue(math.isfinite(got), "%s: %r is not finite" % (what, got))
        self.assertLessEqual(abs(got - want), rel * max(abs(got), abs(want)),
                             "%s: %r vs %r (rel. tol. %g)" % (what, got, want, rel))

    def assertSameDict(self, got, want, what):
        self.assertEqual(sorted(got), sorted(want), "%s: keys" % what)
        for k, w in want.items():
            g = got[k]
            if isinstance(w, bool) or isinstance(w, str):
                self.assertEqual(g, w, "%s: %s" % (what, k))
            else:
                self.assertClose(float(g), float(w), what="%s: %s" % (what, k))


class TestJfactor(unittest.TestCase, Close):
    CASES = [
        (("fermi:R41",), {}, ["--roi", "fermi:R41"]),
        (("fermi:R3",), {}, ["--roi", "fermi:R3"]),
        (("fermi:R41",), {"mask": "none"}, ["--roi", "fermi:R41", "--mask", "none"]),
        (("disk:r=10deg",), {"profile": "nfw", "rs": "20kpc"},
         ["--roi", "disk:r=10deg", "--profile", "nfw", "--rs", "20kpc"]),
        (("annulus:rin=3deg,rout=45deg",),
         {"profile": "einasto", "rs": "20kpc", "alpha": 0.17, "mask": "b<5deg",
          "rho_local": "0.3GeV/cm3", "rsun": "8.2kpc"},
         ["--roi", "annulus:rin=3deg,rout=45deg", "--profile", "einasto", "--rs", "20kpc",
          "--alpha", "0.17", "--mask", "b<5deg", "--rho-local", "0.3GeV/cm3", "--rsun", "8.2kpc"]),
        (("box:l=-10deg..10deg,b=-5deg..5deg",), {"profile": "gnfw", "rs": "20kpc", "gamma": 1.2},
         ["--roi", "box:l=-10deg..10deg,b=-5deg..5deg", "--profile", "gnfw", "--rs", "20kpc",
          "--gamma", "1.2"]),
        (("disk:r=0.5deg",), {"distance": "778kpc", "profile": "nfw", "rs": "16.5kpc",
                              "rho_s": "0.5GeV/cm3", "rmax": "200kpc"},
         ["--roi", "disk:r=0.5deg", "--distance", "778kpc", "--profile", "nfw", "--rs", "16.5kpc",
          "--rho-s", "0.5GeV/cm3", "--rmax", "200kpc"]),
    ]

    def test_same_as_cli(self):
        for args, kw, flags in self.CASES:
            with self.subTest(flags=" ".join(flags)):
                self.assertSameDict(axsterile.jfactor(*args, **kw), cli("jfactor", *flags),
                                    " ".join(flags))

    def test_published_and_geometry(self):
        # Fermi-LAT 2015 R41: J = 9.16e22 GeV^2 cm^-5 (their Table; 0.5%)
        r = axsterile.jfactor("fermi:R41")
        self.assertClose(r["J_GeV2_cm5"], 9.16e22, 5e-3, "R41 J vs Fermi-LAT 2015")
        # an unmasked 10-degree cap: 2 pi (1 - cos 10 deg)
        r = axsterile.jfactor("disk:r=10deg", profile="nfw", rs="20kpc")
        self.assertClose(r["solid_angle_sr"], 2 * math.pi * (1 - math.cos(math.radians(10))),
                         1e-9, "solid angle")
        # rho_s scales J as rho^2 and D as rho
        r2 = axsterile.jfactor("disk:r=10deg", profile="nfw", rs="20kpc", rho_local="0.8GeV/cm3")
        self.assertClose(r2["J_GeV2_cm5"], 4 * r["J_GeV2_cm5"], 1e-9, "J ~ rho^2")
        self.assertClose(r2["D_GeV_cm2"], 2 * r["D_GeV_cm2"], 1e-9, "D ~ rho")

    def test_bad_input(self):
        # a missing unit: the library's own message, as the program prints it
        want = cli_error("jfactor", "--roi", "disk:r=10deg", "--profile", "nfw", "--rs", "20")
        for rs in ("20", 20, 20.0):
            with self.assertRaises(ValueError) as c:
                axsterile.jfactor("disk:r=10deg", profile="nfw", rs=rs)
            self.assertIn("has no unit", str(c.exception))
            self.assertTrue(str(c.exception).startswith("rs: '20"), str(c.exception))
        self.assertIn(str(c.exception.args[0]).split(": ", 1)[1].replace("20.0", "20"), want)
        bad = [
            dict(region="disk:r=10deg", profile="nfw"),                   # r_s missing
            dict(region="disk:r=10", profile="nfw", rs="20kpc"),          # angle without unit
            dict(region="disk:r=10deg", profile="nfs", rs="20kpc"),       # unknown profile
            dict(region="fermi:R42"),                                     # unknown preset
            dict(region="disk:r=10deg", profile="einasto", rs="20kpc", alpha=-1),
            dict(region="disk:r=10deg", profile="nfw", rs="-20kpc"),
            dict(region="disk:r=10deg", profile="nfw", rs="20kpc", mask="c<5deg"),
            dict(region="disk:r=10deg", profile="nfw", rs="20kpc", rho_local="0.4GeV"),
            dict(region="disk:r=10deg\0", profile="nfw", rs="20kpc"),
        ]
        for kw in bad:
            with self.subTest(kw=kw), self.assertRaises(ValueError) as c:
                axsterile.jfactor(**kw)
            self.assertTrue(str(c.exception), "an empty message")
        for kw in (dict(region=41), dict(region="disk:r=10deg", profile="nfw", rs=["20kpc"]),
                   dict(region="disk:r=10deg", profile="nfw", rs=True)):
            with self.subTest(kw=kw), self.assertRaises(TypeError):
                axsterile.jfactor(**kw)


class TestLimits(unittest.TestCase, Close):
    @classmethod
    def setUpClass(cls):
        cls.all = axsterile.limits()
        cls.listed = cli("limits", "list")["limits"]

    def test_list_same_as_cli(self):
        self.assertEqual([l.stem for l in self.all], [d["stem"] for d in self.listed])
        self.assertGreaterEqual(len(self.all), 10)
        for lim, want in zip(self.all, self.listed):
            self.assertSameDict(lim.to_dict(), want, lim.stem)

    def test_show_same_as_cli(self):
        for lim in self.all:
            with self.subTest(stem=lim.stem):
                want = cli("limits", "show", lim.stem)
                one = axsterile.limit(lim.stem)
                for k in ("name", "experiment", "reference", "x_quantity", "y_quantity",
                          "y_unit", "source_convention", "approximate"):
                    self.assertEqual(getattr(one, k), want[k], k)
                self.assertEqual(one.arxiv, want["source"]["arxiv"])
                pts = one.points
                self.assertEqual(len(pts), want["n"])
                for (x, y), (wx, wy) in zip(pts, want["points"]):
                    self.assertClose(x, wx, what="x")
                    if wy is None:
                        self.assertIsNone(y)
                    else:
                        self.assertClose(y, wy, what="y at %g" % x)

    def test_evaluate(self):
        lim = axsterile.limit("nustar_bulge_roach2020")
        pts = lim.points
        # at a point of the file: its value; between: log-log interpolation
        # of the neighbours, computed here independently
        x0, y0 = pts[40]
        self.assertClose(lim.evaluate(x0, unit="GeV"), y0, what="at a node")
        m = 12e-6
        (xa, ya), (xb, yb) = [(x, y) for (x, y), (xn, _) in zip(pts, pts[1:]) if x <= m < xn][0], \
            [(xn, yn) for (x, _), (xn, yn) in zip(pts, pts[1:]) if x <= m < xn][0]
        want = math.exp(math.log(ya) + math.log(yb / ya) * math.log(m / xa) / math.log(xb / xa))
        self.assertClose(lim.evaluate("12keV"), want, 1e-12, "log-log at 12 keV")
        self.assertClose(lim.evaluate(12, unit="keV"), want, 1e-12, "unit=keV")
        self.assertClose(lim.evaluate("0.012MeV"), want, 1e-12, "0.012MeV")
        # a sin^2 2theta limit published with the Majorana width is itself in
        # the default convention, and twice as large with BH16 eq. 10's (half
        # the width for the same mixing)
        self.assertEqual(lim.source_convention, "majorana")
        self.assertClose(lim.sin2_2theta("12keV"), want, 1e-12, "majorana")
        self.assertClose(lim.sin2_2theta("12keV", convention="bh16-eq10"), 2 * want, 1e-12,
                         "bh16-eq10 = 2 majorana")
        self.assertClose(lim.sin2_2theta("12keV", convention="dirac"), 2 * want, 1e-12, "dirac")
        # ... and the default is the limit of that row in `check` for a point with f_s = 1
        rows = cli("check", "--dw", "--ms", "12keV", "--sin2", "1e-8", ok=(3,))  # excluded
        self.assertEqual(rows["model"]["f_s"], 1)
        row = [r for r in rows["limits"] if r["file"] == "nustar_bulge_roach2020"][0]
        self.assertClose(lim.sin2_2theta("12keV"), row["limit"], what="vs check")
        # outside the range: NaN, in lists and tuples too
        out = lim.evaluate(["1keV", "12keV", "100keV"])
        self.assertIsInstance(out, list)
        self.assertTrue(math.isnan(out[0]) and math.isnan(out[2]))
        self.assertClose(out[1], want, what="list")
        self.assertEqual(len(lim.evaluate(("12keV", "13keV"))), 2)

    @unittest.skipIf(numpy is None, "numpy is not installed (optional)")
    def test_numpy(self):
        lim = axsterile.limit("nustar_bulge_roach2020")
        m = numpy.array([[10.0, 12.0], [20.0, 100.0]])
        out = lim.evaluate(m, unit="keV")
        self.assertEqual(out.shape, (2, 2))
        self.assertClose(out[0, 1], lim.evaluate("12keV"), what="numpy")
        self.assertTrue(numpy.isnan(out[1, 1]))

    def test_flux_limit(self):
        # a line-flux limit is evaluated at E_gamma; it has no sin^2 2theta of its own
        lim = axsterile.limit("fermi2015_flux_R41")
        self.assertEqual(lim.x_quantity, "E_gamma")
        self.assertGreater(lim.evaluate("10GeV"), 0)
        with self.assertRaises(ValueError):
            lim.sin2_2theta("10GeV")

    def test_bad_input(self):
        with self.assertRaises(ValueError) as c:
            axsterile.limit("no_such_limit")
        self.assertIn("no_such_limit", str(c.exception))
        with self.assertRaises(ValueError) as c:
            axsterile.limit("/nonexistent/x.json")
        self.assertIn("/nonexistent/x", str(c.exception))
        lim = axsterile.limit("nustar_bulge_roach2020")
        for bad in ("12", "12kpc", "", "keV"):
            with self.subTest(m_s=bad), self.assertRaises(ValueError):
                lim.evaluate(bad)
        with self.assertRaises(ValueError):
            lim.evaluate(12, unit="kpc")
        with self.assertRaises(ValueError) as c:
            lim.sin2_2theta("12keV", convention="both")
        self.assertIn("majorana", str(c.exception))
        with self.assertRaises(TypeError):
            lim.evaluate(None)
        with self.assertRaises(ValueError):
            axsterile.limits("/nonexistent")

    def test_lifetime(self):
        # a Limit outlives the list it came from (the set stays loaded)
        lim = axsterile.limits()[0]
        import gc
        gc.collect()
        self.assertTrue(lim.name)
        self.assertGreater(len(lim.points), 2)


class TestPackage(unittest.TestCase):
    def test_version(self):
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "include", "axsterile",
                               "version.h")) as f:
            want = [l.split('"')[1] for l in f if l.startswith("#define AX_VERSION ")][0]
        self.assertEqual(axsterile.version(), want)
        self.assertEqual(axsterile.__version__, want)


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1)
    res = runner.run(suite)
    failed = len(res.failures) + len(res.errors)
    skipped = len(res.skipped)
    for test, reason in res.skipped:
        print("SKIP python: %s: %s" % (test.id(), reason))
    print("python: %d passed, %d failed, %d skipped"
          % (res.testsRun - failed - skipped, failed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
