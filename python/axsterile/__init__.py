"""axsterile -- sterile-neutrino dark matter from Python.

The same library as the `axsterile` program (ctypes over libaxsterile, the
standard library only; numpy arrays are accepted and returned when numpy is
installed). Quantities with a dimension are strings with a unit, as on the
command line: rs="20kpc", m_s="7.1keV". Results are plain dicts and floats
with the keys and units of the program's --json output. Bad input raises
ValueError carrying the library's message; a failed computation raises
AxsterileError. See docs/python.md.

    >>> import axsterile
    >>> axsterile.point(ms="50keV", mphi="1e-6eV", dm_fixed=True)["g_phi"]
    >>> axsterile.check(ms="30keV", mphi="1e-6eV", dm_fixed=True)["excluded"]
    >>> axsterile.jfactor("fermi:R41")["J_GeV2_cm5"]
    >>> axsterile.limit("nustar_bulge_roach2020").evaluate("12keV")
"""
import ctypes
import json
import math

from . import _lib

__all__ = ["AxsterileError", "dw", "point", "check", "jfactor", "limits", "limit", "Limit",
           "version", "__version__"]

__version__ = _lib.version().decode()


def version():
    """The version of the C library in use ("MAJOR.MINOR.PATCH")."""
    return _lib.version().decode()


class AxsterileError(RuntimeError):
    """A computation that failed (no convergence, I/O): the library's message."""


def _raise(err, context=None):
    msg = err.text()
    if context:
        msg = "%s: %s" % (context, msg)
    if err.status == _lib.AX_EINPUT:
        raise ValueError(msg)
    raise AxsterileError(msg)


def _new_error():
    err = _lib.Error()
    _lib.error_clear(ctypes.byref(err))
    return err


def _bytes(text, what):
    if not isinstance(text, str):
        raise TypeError("%s: expected a string, got %s" % (what, type(text).__name__))
    if "\0" in text:
        raise ValueError("%s: a NUL character in %r" % (what, text))
    return text.encode("utf-8")


def _quantity(text, dim, flags, what):
    """A quantity with its unit ("20kpc") in the library's internal unit; a
    dimensionless one may be a number."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise TypeError("%s: expected a string with a unit, got %s" % (what, type(text).__name__))
    if isinstance(text, int):
        text = str(text)
    elif isinstance(text, float):
        # a number is taken as it is for a dimensionless quantity; for any
        # other the library refuses it, saying which units it takes
        text = repr(float(text))
    out = ctypes.c_double()
    err = _new_error()
    if _lib.units_parse(_bytes(text, what), dim, flags, ctypes.byref(out), ctypes.byref(err)):
        _raise(err, what)
    return out.value


# ---- production and checks ---------------------------------------------

def _word(key, value):
    """A keyword's value as the text the library reads: strings as they
    are, booleans as true/false, numbers in full precision."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "__fspath__"):  # a path (limits=, opacity=, gstar_table=)
        import os
        value = os.fspath(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if not isinstance(value, str):
        # numpy scalars and the like: a number by its float value
        if hasattr(value, "__float__"):
            return repr(float(value))
        raise TypeError("%s: expected a string (with a unit for a quantity), a number or a "
                        "bool, got %s" % (key, type(value).__name__))
    return _bytes(value, key).decode("utf-8")


def _run(command, kwargs):
    """ax_run_json on the keywords (None values left out): the dict of
    `axsterile COMMAND --json` for the same input."""
    pairs = [(k, _word(k, v)) for k, v in kwargs.items() if v is not None]
    n = len(pairs)
    keys = (ctypes.c_char_p * max(n, 1))(*[_bytes(k, "keyword") for k, _ in pairs])
    values = (ctypes.c_char_p * max(n, 1))(*[v.encode("utf-8") for _, v in pairs])
    err = _new_error()
    ptr = _lib.run_json(command.encode(), n, keys, values, ctypes.byref(err))
    if not ptr:
        _raise(err)
    try:
        text = ctypes.string_at(ptr).decode("utf-8")
    finally:
        _lib.text_free(ptr)
    return json.loads(text)


def dw(**kwargs):
    """Dodelson-Widrow production (constant mixing): the dict of
    `axsterile dw --json`.

    Keywords as the command's flags without the dashes (or the model-file
    keys): ms="7.1keV" (required); sin2=1e-10 (sin2_2theta) or
    dm_fixed=True (solve for the mixing with Omega_s h^2 = Omega_DM h^2);
    flavor="e"|"mu"|"tau"; rate="afp"|"bh16"; opacity="analytic"|FILE;
    gstar_table=FILE; extrapolate=True.

        >>> axsterile.dw(ms="7.1keV", dm_fixed=True)["sin2_2theta"]
    """
    return _run("dw", kwargs)


def point(**kwargs):
    """Production at one point of any model: the dict of
    `axsterile point --json` (omega_h2, T_max_MeV, the coupling, the mixing
    at T_max and today, ...).

    model="phi" (default) | "qcd" | "dw"; ms="50keV" (required);
    phi: mphi="1e-6eV" (required), fphi=0.01, g=1e-12 (g_phi) or
    dm_fixed=True, phi_evolution="exact"|"step"; qcd: fa="1e10GeV" or
    ma0="6e-4eV", frac=0.01, g=0.3 (g_a) or dm_fixed=True; dw: sin2= or
    dm_fixed=True. Also flavor=, rate=, opacity=, gstar_table=,
    extrapolate= as for dw(). Model-file keys work too (m_s, m_phi, f_phi,
    g_phi, f_a, m_a0, g_a, sin2_2theta).
    """
    return _run("point", kwargs)


def check(**kwargs):
    """A point against every limit of the library: the dict of
    `axsterile check --json` ("model", "decay_convention", "excluded",
    "observational_limits_applied", "limits": one dict per row).

    The keywords of point() (model defaults to "phi"), and
    convention="majorana" (default) | "bh16-eq10", limits=DIR (a limit
    library instead of the shipped one).

        >>> axsterile.check(ms="30keV", mphi="1e-6eV", dm_fixed=True)["excluded"]
        False
    """
    return _run("check", kwargs)


# ---- J and D ------------------------------------------------------------

# keyword, ax_target_words field, dimension, flags (as the jfactor flags)
_TARGET_NUMBERS = (
    ("rs", "r_s", _lib.DIM_LENGTH, _lib.UNITS_POSITIVE),
    ("rho_local", "rho_local", _lib.DIM_DENSITY, _lib.UNITS_POSITIVE),
    ("rho_s", "rho_s", _lib.DIM_DENSITY, _lib.UNITS_POSITIVE),
    ("rsun", "r_sun", _lib.DIM_LENGTH, _lib.UNITS_POSITIVE),
    ("rmax", "r_max", _lib.DIM_LENGTH, _lib.UNITS_POSITIVE),
    ("rmin", "r_min", _lib.DIM_LENGTH, _lib.UNITS_NONNEGATIVE),
    ("gamma", "gamma", _lib.DIM_NONE, _lib.UNITS_NONNEGATIVE),
    ("alpha", "alpha", _lib.DIM_NONE, _lib.UNITS_POSITIVE),
    ("distance", "distance", _lib.DIM_LENGTH, _lib.UNITS_POSITIVE),
)


def jfactor(region, mask=None, profile=None, rs=None, rho_local=None, rho_s=None,
            rsun=None, rmax=None, rmin=None, gamma=None, alpha=None, distance=None):
    """J = int dOmega int dl rho^2 and D = int dOmega int dl rho of a region.

    region: a preset ("fermi:R41") or region words as `axsterile jfactor
    --roi` takes them ("disk:r=10deg", "annulus:rin=3deg,rout=45deg",
    "box:l=-10deg..10deg,b=-5deg..5deg"); mask: "none", "fermi2015",
    "b<5deg[,l>6deg]"; profile: "nfw", "gnfw", "einasto", "burkert",
    "isothermal" (required without a preset). Lengths and densities are
    strings with units ("20kpc", "0.4GeV/cm3"); gamma and alpha numbers.
    A galactic halo is normalised by rho_local at rsun (defaults 0.4 GeV/cm3,
    8.5 kpc); distance= makes an external target (needs rho_s).

    Returns a dict with the keys of `axsterile jfactor --json`: J_GeV2_cm5,
    D_GeV_cm2, solid_angle_sr, J_over_D_GeV_cm3, J_relerr, D_relerr, the
    profile used (profile, rho_s_GeV_cm3, r_s_kpc, r_sun_kpc or
    distance_kpc), target and J_published_GeV2_cm5 for a preset.
    """
    words = _lib.TargetWords()
    words.roi = _bytes(region, "region")
    if mask is not None:
        words.mask = _bytes(mask, "mask")
    if profile is not None:
        words.profile = _bytes(profile, "profile")
    given = dict(rs=rs, rho_local=rho_local, rho_s=rho_s, rsun=rsun, rmax=rmax, rmin=rmin,
                 gamma=gamma, alpha=alpha, distance=distance)
    for key, field, dim, flags in _TARGET_NUMBERS:
        if given[key] is not None:
            setattr(words, field, _quantity(given[key], dim, flags, key))
            setattr(words, "have_" + field, 1)
    err = _new_error()
    t = _lib.target_new()
    if not t:
        raise MemoryError("axsterile: out of memory")
    try:
        if _lib.target_from_strings(ctypes.byref(words), t, ctypes.byref(err)):
            _raise(err)
        jd = _lib.JD()
        if _lib.target_jd(t, ctypes.byref(jd), ctypes.byref(err)):
            _raise(err)
        out = {}
        name = _lib.target_get_name(t).decode()
        if name:
            out["target"] = name
        galactic = _lib.target_get_kind(t) == _lib.TARGET_GALACTIC
        out["kind"] = "galactic" if galactic else "external"
        out["profile"] = _lib.profile_name(_lib.target_get_profile_type(t)).decode()
        out["rho_s_GeV_cm3"] = _lib.target_get_number(t, b"rho_s")
        out["r_s_kpc"] = _lib.target_get_number(t, b"r_s")
        out["r_sun_kpc" if galactic else "distance_kpc"] = _lib.target_get_number(t, b"distance")
        out["J_GeV2_cm5"] = jd.J
        out["D_GeV_cm2"] = jd.D
        out["solid_angle_sr"] = jd.solid_angle
        out["J_over_D_GeV_cm3"] = jd.J / jd.D if jd.D > 0 else 0.0
        out["J_relerr"] = jd.J_relerr
        out["D_relerr"] = jd.D_relerr
        jpub = _lib.target_get_number(t, b"J_published")
        if jpub > 0:
            out["J_published_GeV2_cm5"] = jpub
        return out
    finally:
        _lib.target_delete(t)


# ---- limits -------------------------------------------------------------

class _Set:
    """Owns a loaded ax_limit_set (or one ax_limit); Limit objects keep it alive."""

    def __init__(self, ptr, delete):
        self.ptr, self._delete = ptr, delete

    def __del__(self):
        if self.ptr:
            self._delete(self.ptr)
            self.ptr = None


def _try_numpy():
    try:
        import numpy
        return numpy
    except ImportError:
        return None


class Limit:
    """One limit of the library: metadata, points, and its value at a mass.

    x is m_s, E_gamma or m_chi in GeV; y is in the library's internal unit
    of the quantity (y_unit): sin^2 2theta ("1"), Gamma ("s^-1"), tau ("s"),
    a line flux ("cm^-2 s^-1") or <sigma v> ("cm^3 s^-1").
    """

    def __init__(self, owner, ptr):
        self._owner, self._ptr = owner, ptr

    def _text(self, field):
        v = _lib.limit_get_text(self._ptr, field.encode())
        return v.decode("utf-8", "replace") if v is not None else None

    stem = property(lambda self: self._text("stem"))
    name = property(lambda self: self._text("name"))
    experiment = property(lambda self: self._text("experiment"))
    reference = property(lambda self: self._text("reference"))
    arxiv = property(lambda self: self._text("arxiv"))
    figure = property(lambda self: self._text("figure"))
    doi = property(lambda self: self._text("doi"))
    notes = property(lambda self: self._text("notes"))
    path = property(lambda self: self._text("path"))
    json_path = property(lambda self: self._text("json_path"))

    @property
    def x_quantity(self):
        return _lib.limit_xquantity_name(_lib.limit_get_x_quantity(self._ptr)).decode()

    @property
    def y_quantity(self):
        return _lib.limit_quantity_name(_lib.limit_get_y_quantity(self._ptr)).decode()

    @property
    def y_unit(self):
        return _lib.limit_quantity_unit(_lib.limit_get_y_quantity(self._ptr)).decode()

    @property
    def source_convention(self):
        """The decay width the source's sin^2 2theta assumes: "majorana",
        "bh16-eq10", or "none" (a rate, lifetime or flux limit)."""
        n = _lib.decay_convention_name(_lib.limit_get_convention(self._ptr))
        return n.decode() if n else "none"

    @property
    def approximate(self):
        """True when the source's region could not be reproduced and a
        stand-in is used (see .assumed)."""
        return bool(_lib.limit_get_approximate(self._ptr))

    assumed = property(lambda self: self._text("assumed"))

    @property
    def dm_fraction(self):
        return _lib.limit_get_dm_fraction(self._ptr)

    @property
    def points(self):
        """[(x_GeV, y), ...]; y is None in a masked window."""
        x = ctypes.POINTER(ctypes.c_double)()
        y = ctypes.POINTER(ctypes.c_double)()
        n = _lib.limit_get_points(self._ptr, ctypes.byref(x), ctypes.byref(y))
        return [(x[i], None if math.isnan(y[i]) else y[i]) for i in range(n)]

    @property
    def target_kind(self):
        """"galactic" or "external", from the sidecar's "target"."""
        try:
            with open(self.json_path, encoding="utf-8") as f:
                return json.load(f).get("target", {}).get("kind", "?")
        except (OSError, ValueError, AttributeError):
            return "?"

    def to_dict(self):
        """The keys of one entry of `axsterile limits list --json`."""
        pts = self.points
        msf = 1.0 if _lib.limit_get_x_quantity(self._ptr) == _lib.LIMX_MS else 2.0
        d = {
            "stem": self.stem, "name": self.name, "experiment": self.experiment,
            "reference": self.reference, "x_quantity": self.x_quantity,
            "y_quantity": self.y_quantity, "y_unit": self.y_unit,
            "source_convention": self.source_convention,
            "x_min_GeV": pts[0][0], "x_max_GeV": pts[-1][0],
            "m_s_min_GeV": msf * pts[0][0], "m_s_max_GeV": msf * pts[-1][0],
            "dm_fraction": self.dm_fraction, "approximate": self.approximate,
            "target_kind": self.target_kind,
        }
        if self.assumed:
            d["assumed"] = self.assumed
        return d

    def __repr__(self):
        return "<axsterile.Limit %s: %s>" % (self.stem, self.name)

    # -- evaluation --

    def _masses(self, m_s, unit):
        """(list of masses in GeV, how to shape the answer)."""
        np = _try_numpy()
        if np is not None and isinstance(m_s, np.ndarray):
            shape = ("numpy", m_s.shape)
            values = m_s.ravel().tolist()
        elif isinstance(m_s, (list, tuple)):
            shape, values = ("list", None), list(m_s)
        else:
            shape, values = ("scalar", None), [m_s]
        if unit is None:
            return [_quantity(v, _lib.DIM_ENERGY, _lib.UNITS_POSITIVE, "m_s") for v in values], shape
        factor = _lib.units_factor(_lib.DIM_ENERGY, _bytes(unit, "unit"))
        if factor == 0.0:
            raise ValueError("unit: '%s' is not a mass unit; expected one of neV, ueV, meV, eV, "
                             "keV, MeV, GeV, TeV, PeV" % unit)
        out = []
        for v in values:
            if isinstance(v, bool) or not isinstance(v, (int, float)) and not hasattr(v, "__float__"):
                raise TypeError("m_s: expected numbers with unit=%r, got %s" % (unit, type(v).__name__))
            out.append(float(v) * factor)
        return out, shape

    @staticmethod
    def _shape(values, shape):
        kind, dims = shape
        if kind == "scalar":
            return values[0]
        if kind == "numpy":
            return _try_numpy().array(values, dtype=float).reshape(dims)
        return values

    def _each(self, m_s, unit, call):
        masses, shape = self._masses(m_s, unit)
        out = []
        for x in masses:
            v = ctypes.c_double()
            err = _new_error()
            st = call(x, ctypes.byref(v), ctypes.byref(err))
            if st in (_lib.AX_OUT_OF_RANGE, _lib.AX_MASKED):
                out.append(float("nan"))
            elif st != _lib.AX_OK:
                _raise(err)
            else:
                out.append(v.value)
        return self._shape(out, shape)

    def evaluate(self, m_s, unit=None):
        """The limit at m_s, in the file's quantity and internal unit (y_unit).

        m_s is a string with a unit ("12keV"), or with unit="keV" a number;
        a list, tuple or numpy array of them gives a list or array. For a
        line-flux limit m_s is the x of the file (E_gamma or m_chi). NaN where
        the limit does not reach or a window is masked; log-log interpolation
        between the file's points (ax_limit_eval).
        """
        return self._each(m_s, unit, lambda x, v, e: _lib.limit_eval(self._ptr, x, v, e))

    def sin2_2theta(self, m_s, convention="majorana", unit=None):
        """For a decay limit (sin^2 2theta, Gamma or tau): the limit on
        sin^2 2theta at m_s for a nu_s that is all the dark matter, with the
        decay width asked for: "majorana" (the library's default, 1024 pi^4)
        or "bh16-eq10" (BH16 eq. 10 as printed, half that width; "dirac")."""
        c = ctypes.c_int()
        err = _new_error()
        if _lib.decay_convention_parse(_bytes(convention, "convention"), ctypes.byref(c),
                                       ctypes.byref(err)):
            _raise(err, "convention")
        conv = c.value
        return self._each(m_s, unit, lambda x, v, e: _lib.limit_to_sin2(self._ptr, x, conv, v, e))


def _load_set(directory):
    set_ptr = _lib.limit_set_new()
    if not set_ptr:
        raise MemoryError("axsterile: out of memory")
    owner = _Set(set_ptr, _lib.limit_set_delete)
    err = _new_error()
    d = None if directory is None else _bytes(directory, "directory")
    if _lib.limit_set_load_dir(d, set_ptr, ctypes.byref(err)):
        _raise(err)
    return owner


def limits(directory=None):
    """Every limit of the library (the shipped limits/, or `directory`),
    sorted by stem, as Limit objects."""
    owner = _load_set(directory)
    return [Limit(owner, _lib.limit_set_at(owner.ptr, i))
            for i in range(_lib.limit_set_size(owner.ptr))]


def limit(stem):
    """One limit: a stem of the shipped library ("nustar_bulge_roach2020"),
    or the path of either file of a pair ("mine/foo.json")."""
    text = _bytes(stem, "stem").decode()
    err = _new_error()
    if "/" in text or text.endswith((".json", ".csv")):
        path = text
    else:
        buf = ctypes.create_string_buffer(4096)
        if _lib.data_find(("limits/%s.json" % text).encode(), buf, len(buf), ctypes.byref(err)):
            _raise(err)
        path = buf.value.decode()
    ptr = _lib.limit_new()
    if not ptr:
        raise MemoryError("axsterile: out of memory")
    owner = _Set(ptr, _lib.limit_delete)
    if _lib.limit_load(path.encode(), ptr, ctypes.byref(err)):
        _raise(err)
    return Limit(owner, ptr)
