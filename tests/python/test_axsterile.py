"""test_axsterile.py -- the Python package against the program: every
number dw(), point(), check(), jfactor() and the Limit objects give equals
what `axsterile ... --json` prints for the same input to 1e-12 relative (both call the same library
functions, so only the last bits of the printing can differ), bad input
raises ValueError with the library's message, and nothing crashes.

Run by tests/cli/test_python.sh with PYTHONPATH=python and
AXSTERILE_LIBRARY naming the library of the build under test; prints
"python: N passed, M failed, K skipped" like the other test programs.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
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


def same_tree(case, got, want, what):
    """Equal JSON trees: the same keys and list lengths, equal strings,
    booleans and nulls, numbers to REL."""
    if isinstance(want, dict):
        case.assertIsInstance(got, dict, what)
        case.assertEqual(sorted(got), sorted(want), "%s: keys" % what)
        for k in want:
            same_tree(case, got[k], want[k], "%s.%s" % (what, k))
    elif isinstance(want, list):
        case.assertIsInstance(got, list, what)
        case.assertEqual(len(got), len(want), "%s: length" % what)
        for i, (g, w) in enumerate(zip(got, want)):
            same_tree(case, g, w, "%s[%d]" % (what, i))
    elif isinstance(want, (bool, str)) or want is None:
        case.assertEqual(got, want, what)
    else:
        case.assertClose(float(got), float(want), what=what)


class TestProduction(unittest.TestCase, Close):
    """dw(), point() and check() against `axsterile dw|point|check --json`
    with the same input (both run the same library functions)."""

    # (function, keywords, command and flags, exit statuses the program may give)
    CASES = [
        ("dw", dict(ms="7.1keV", sin2=1e-10), ["dw", "--ms", "7.1keV", "--sin2", "1e-10"]),
        ("dw", dict(ms="7.1keV", dm_fixed=True, flavor="e"),
         ["dw", "--ms", "7.1keV", "--dm-fixed", "--flavor", "e"]),
        ("dw", dict(m_s="20keV", sin2_2theta=1e-11, rate="bh16"),
         ["dw", "--ms", "20keV", "--sin2", "1e-11", "--rate", "bh16"]),
        ("point", dict(ms="50keV", mphi="1e-6eV", dm_fixed=True),
         ["point", "--ms", "50keV", "--mphi", "1e-6eV", "--dm-fixed"]),
        # (thermalised: 0.12% of it made below the opacity table's 10 MeV,
        # so with the opacity continued there; docs/physics.md section 3)
        ("point", dict(m_s="7.1keV", m_phi="1e-6eV", f_phi=0.05, g_phi=1e-13,
                       phi_evolution="step", flavor="tau", extrapolate=True),
         ["point", "--ms", "7.1keV", "--mphi", "1e-6eV", "--fphi", "0.05", "--g", "1e-13",
          "--phi-evolution", "step", "--flavor", "tau", "--extrapolate"]),
        ("point", dict(model="qcd", ms="100keV", fa="1e10GeV", dm_fixed=True),
         ["point", "--model", "qcd", "--ms", "100keV", "--fa", "1e10GeV", "--dm-fixed"]),
        ("point", dict(model="qcd", ms="30keV", ma0="6e-4eV", frac=0.02, g=1e-10),
         ["point", "--model", "qcd", "--ms", "30keV", "--ma0", "6e-4eV", "--frac", "0.02",
          "--g", "1e-10"]),
        ("point", dict(model="dw", ms="7.1keV", dm_fixed=True),
         ["point", "--model", "dw", "--ms", "7.1keV", "--dm-fixed"]),
        ("check", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True),
         ["check", "--ms", "7.1keV", "--mphi", "1e-6eV", "--dm-fixed"]),
        ("check", dict(ms="30keV", mphi="1e-6eV", dm_fixed=True),
         ["check", "--ms", "30keV", "--mphi", "1e-6eV", "--dm-fixed"]),
        ("check", dict(model="dw", ms="7.1keV", sin2=1e-10, convention="bh16-eq10"),
         ["check", "--dw", "--ms", "7.1keV", "--sin2", "1e-10", "--convention", "bh16-eq10"]),
        ("check", dict(model="qcd", ms="100keV", fa="1e10GeV", dm_fixed=True, flavor="e"),
         ["check", "--model", "qcd", "--ms", "100keV", "--fa", "1e10GeV", "--dm-fixed",
          "--flavor", "e"]),
    ]

    def test_same_as_cli(self):
        for fn, kw, flags in self.CASES:
            with self.subTest(flags=" ".join(flags)):
                got = getattr(axsterile, fn)(**kw)
                self.assertIsInstance(got, dict)
                same_tree(self, got, cli(*flags, ok=(0, 3)), " ".join(flags))

    def test_check_exit_status_is_the_verdict(self):
        # `check` exits 3 exactly when the dict says excluded
        for fn, kw, flags in self.CASES:
            if fn != "check":
                continue
            with self.subTest(flags=" ".join(flags)):
                r = subprocess.run([BIN, *flags], capture_output=True, text=True)
                self.assertEqual(r.returncode, 3 if axsterile.check(**kw)["excluded"] else 0)

    def test_limits_directory(self):
        # limits=DIR adds a directory to the shipped library, as --limits does
        d = tempfile.mkdtemp()
        try:
            lim = axsterile.limit("nustar_bulge_roach2020")
            for path in (lim.path, lim.json_path):
                shutil.copy(path, d)
            kw = dict(model="dw", ms="12keV", sin2=1e-12, limits=d)
            got = axsterile.check(**kw)
            same_tree(self, got, cli("check", "--dw", "--ms", "12keV", "--sin2", "1e-12",
                                     "--limits", d, ok=(0, 3)), "--limits")
            stems = [row.get("file") for row in got["limits"]]
            self.assertTrue(any(s and "nustar_bulge_roach2020" in s for s in stems), stems)
        finally:
            shutil.rmtree(d)

    def test_physics(self):
        # DM-fixed: Omega_s h^2 = (1 - f) Omega_DM h^2 with Omega_DM h^2 = 0.120
        # (Planck 2018) and f = 0 (dw), f_phi = 0.01 (phi default), to the
        # solver's relative accuracy of Omega_s (1e-5, src/production.c)
        self.assertClose(axsterile.dw(ms="7.1keV", dm_fixed=True)["omega_h2"], 0.120, 1e-5,
                         "DW DM-fixed")
        self.assertClose(axsterile.point(ms="50keV", mphi="1e-6eV", dm_fixed=True)["omega_h2"],
                         0.99 * 0.120, 1e-5, "phi DM-fixed")
        # DW: Omega_s grows linearly with sin^2 2theta at small mixing
        a = axsterile.dw(ms="7.1keV", sin2=1e-11)["omega_h2"]
        b = axsterile.dw(ms="7.1keV", sin2=2e-11)["omega_h2"]
        self.assertClose(b / a, 2.0, 1e-3, "Omega ~ sin^2 2theta")
        # the 7.1 keV DM-fixed phi point is excluded by structure formation
        # (its warm spectrum: a minimum mass above 7.1 keV), a 30 keV one is not
        r = axsterile.check(ms="7.1keV", mphi="1e-6eV", dm_fixed=True)
        self.assertTrue(r["excluded"])
        self.assertTrue(any(row["excluded"] and row["quantity"] == "m_s_keV"
                            for row in r["limits"]), "no structure-formation row excludes it")
        self.assertFalse(axsterile.check(ms="30keV", mphi="1e-6eV", dm_fixed=True)["excluded"])

    def test_numbers_as_values(self):
        # numbers for numbers, a float's full precision kept, numpy scalars
        a = axsterile.point(ms="50keV", mphi="1e-6eV", fphi=0.01, g=1.2345678901234567e-13)
        self.assertEqual(a["g_phi"], 1.2345678901234567e-13)
        b = axsterile.point(ms="50keV", mphi="1e-6eV", fphi="0.01", g="1.2345678901234567e-13")
        same_tree(self, a, b, "strings vs numbers")
        if numpy is not None:
            c = axsterile.point(ms="50keV", mphi="1e-6eV", fphi=numpy.float64(0.01),
                                g=numpy.float64(1.2345678901234567e-13))
            same_tree(self, c, a, "numpy scalars")

    def test_bad_input(self):
        # a missing unit: the library's message, the words the program prints
        want = cli_error("check", "--ms", "7.1", "--mphi", "1e-6eV", "--dm-fixed")
        with self.assertRaises(ValueError) as c:
            axsterile.check(ms="7.1", mphi="1e-6eV", dm_fixed=True)
        msg = str(c.exception)
        self.assertTrue(msg.startswith("ms: '7.1' has no unit"), msg)
        self.assertIn(msg.split(": ", 1)[1], want)
        # f_phi out of its range (0, 1): the range in the message
        for f in (1.5, 0, -0.1, 1):
            with self.subTest(fphi=f), self.assertRaises(ValueError) as c:
                axsterile.point(ms="7.1keV", mphi="1e-6eV", fphi=f, dm_fixed=True)
            self.assertIn("0 < f_phi < 1", str(c.exception))
        self.assertIn("0 < f_phi < 1", cli_error("point", "--ms", "7.1keV", "--mphi", "1e-6eV",
                                                 "--fphi", "1.5", "--dm-fixed"))
        # an unknown key is refused, naming it and the keys there are
        with self.assertRaises(ValueError) as c:
            axsterile.point(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, mhpi="1e-6eV")
        self.assertIn("unknown key 'mhpi'", str(c.exception))
        self.assertIn("m_phi (mphi)", str(c.exception))
        bad = [
            ("dw", dict(ms="7.1keV")),                              # neither sin2 nor dm_fixed
            ("dw", dict(ms="7.1keV", sin2=1e-10, dm_fixed=True)),   # both
            ("dw", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True)),  # a phi key
            ("dw", dict(model="qcd", ms="7.1keV", dm_fixed=True)),
            ("dw", dict(ms="7.1keV", dm_fixed=True, convention="majorana")),  # check only
            ("point", dict(mphi="1e-6eV", dm_fixed=True)),          # m_s missing
            ("point", dict(ms="7.1keV", dm_fixed=True)),            # m_phi missing
            ("point", dict(ms="7.1keV", m_s="7.1keV", mphi="1e-6eV", dm_fixed=True)),
            ("point", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed="yes")),
            ("point", dict(ms="7.1keV", mphi="1e-6eV", g="abc")),
            ("point", dict(ms="7.1keV", mphi="1e-6eV", g=float("nan"))),
            ("point", dict(ms="7.1keV", mphi="1e-6eV", g=float("inf"))),
            ("point", dict(ms="7.1keV", mphi="10keV", dm_fixed=True)),  # m_phi > m_s
            ("point", dict(ms="0.01keV", mphi="1e-6eV", dm_fixed=True)),  # below 0.1 keV
            ("point", dict(ms="7.1kpc", mphi="1e-6eV", dm_fixed=True)),  # not a mass
            ("point", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, flavor="x")),
            ("point", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, rate="x")),
            ("point", dict(model="axion", ms="7.1keV", dm_fixed=True)),
            ("point", dict(model="qcd", ms="7.1keV", fa="1e10GeV", ma0="1e-3eV", dm_fixed=True)),
            ("point", dict(model="qcd", ms="7.1keV", fa="1e10GeV", mphi="1e-6eV", dm_fixed=True)),
            ("point", dict(ms="7\0keV", mphi="1e-6eV", dm_fixed=True)),
            ("check", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, convention="x")),
            ("check", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, limits="/nonexistent")),
            ("check", dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, opacity="/nonexistent")),
        ]
        for fn, kw in bad:
            with self.subTest(fn=fn, kw=kw), self.assertRaises(ValueError) as c:
                getattr(axsterile, fn)(**kw)
            self.assertTrue(str(c.exception), "an empty message")
        for kw in (dict(ms=["7.1keV"], mphi="1e-6eV", dm_fixed=True),
                   dict(ms="7.1keV", mphi="1e-6eV", dm_fixed=True, flavor=object())):
            with self.subTest(kw=kw), self.assertRaises(TypeError):
                axsterile.point(**kw)
        self.assertTrue(issubclass(axsterile.AxsterileError, RuntimeError))


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
