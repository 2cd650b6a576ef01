"""ctypes declarations of the functions of libaxsterile the package calls.

The shared library is found, in order, at $AXSTERILE_LIBRARY (a path), at
the path `make install` wrote into _config.py, in the build/ directory of
the source tree this file sits in, and through the dynamic loader's search
path. Only plain types cross the boundary, and three small structs whose
layout is part of the library's interface (ax_error, ax_jd,
ax_target_words); everything else stays behind the opaque handles of
axsterile/handles.h.
"""
import ctypes
import os

# The major version of the C interface these declarations follow
# (docs/api.md, "Versioning"): the soname is libaxsterile.so.MAJOR.
MAJOR = 0
SONAME = "libaxsterile.so.%d" % MAJOR

AX_OK, AX_ERUN, AX_EINPUT = 0, 1, 2
AX_OUT_OF_RANGE, AX_MASKED = 10, 11
AX_ERROR_MSG_LEN = 1024

# ax_dim (axsterile/units.h) and the parse flags
DIM_NONE, DIM_ENERGY, DIM_LENGTH, DIM_ANGLE, DIM_DENSITY = 0, 1, 2, 3, 4
UNITS_POSITIVE, UNITS_NONNEGATIVE = 1, 2

# axsterile/halo.h, axsterile/decay.h
TARGET_GALACTIC, TARGET_EXTERNAL = 1, 2
DECAY_DIRAC, DECAY_MAJORANA = 1, 2
LIMX_MS = 0


class Error(ctypes.Structure):
    """ax_error: a status and a message."""
    _fields_ = [("status", ctypes.c_int), ("msg", ctypes.c_char * AX_ERROR_MSG_LEN)]

    def text(self):
        return self.msg.decode("utf-8", "replace")


class JD(ctypes.Structure):
    """ax_jd: the integrals of one target."""
    _fields_ = [(k, ctypes.c_double) for k in ("J", "D", "solid_angle", "J_relerr", "D_relerr")]


_WORD_NUMBERS = ("r_s", "rho_local", "rho_s", "r_sun", "r_max", "r_min", "gamma", "alpha",
                 "distance")


class TargetWords(ctypes.Structure):
    """ax_target_words: a target as the command line describes it."""
    _fields_ = ([(k, ctypes.c_char_p) for k in ("profile", "roi", "mask", "name")] +
                [(k, ctypes.c_double) for k in _WORD_NUMBERS] +
                [("have_" + k, ctypes.c_int) for k in _WORD_NUMBERS])


def _candidates():
    env = os.environ.get("AXSTERILE_LIBRARY")
    if env:
        yield env
        return
    try:
        from . import _config  # written by `make install`
        yield _config.LIBRARY
    except ImportError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(os.path.dirname(os.path.dirname(here)), "build", SONAME)
    yield SONAME


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path + " (absent)")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("axsterile: cannot load the C library %s; tried %s. Set "
                      "AXSTERILE_LIBRARY to its path." % (SONAME, "; ".join(tried)))


lib = _load()

_P = ctypes.POINTER
_c = ctypes.c_char_p
_d = ctypes.c_double
_i = ctypes.c_int
_v = ctypes.c_void_p
_sz = ctypes.c_size_t
_E = _P(Error)


def _proto(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


version = _proto("ax_version", _c)
gsl_quiet = _proto("ax_gsl_quiet", None)
error_clear = _proto("ax_error_clear", None, _E)
units_parse = _proto("ax_units_parse", _i, _c, _i, _i, _P(_d), _E)
units_factor = _proto("ax_units_factor", _d, _i, _c)
data_find = _proto("ax_data_find", _i, _c, _c, _sz, _E)

profile_name = _proto("ax_profile_name", _c, _i)
target_new = _proto("ax_target_new", _v)
target_delete = _proto("ax_target_delete", None, _v)
target_from_strings = _proto("ax_target_from_strings", _i, _P(TargetWords), _v, _E)
target_jd = _proto("ax_target_jd", _i, _v, _P(JD), _E)
target_get_name = _proto("ax_target_get_name", _c, _v)
target_get_kind = _proto("ax_target_get_kind", _i, _v)
target_get_profile_type = _proto("ax_target_get_profile_type", _i, _v)
target_get_number = _proto("ax_target_get_number", _d, _v, _c)

limit_new = _proto("ax_limit_new", _v)
limit_delete = _proto("ax_limit_delete", None, _v)
limit_load = _proto("ax_limit_load", _i, _c, _v, _E)
limit_set_new = _proto("ax_limit_set_new", _v)
limit_set_delete = _proto("ax_limit_set_delete", None, _v)
limit_set_load_dir = _proto("ax_limit_set_load_dir", _i, _c, _v, _E)
limit_set_size = _proto("ax_limit_set_size", _sz, _v)
limit_set_at = _proto("ax_limit_set_at", _v, _v, _sz)
limit_get_text = _proto("ax_limit_get_text", _c, _v, _c)
limit_get_y_quantity = _proto("ax_limit_get_y_quantity", _i, _v)
limit_get_x_quantity = _proto("ax_limit_get_x_quantity", _i, _v)
limit_get_convention = _proto("ax_limit_get_convention", _i, _v)
limit_get_dm_fraction = _proto("ax_limit_get_dm_fraction", _d, _v)
limit_get_points = _proto("ax_limit_get_points", _sz, _v, _P(_P(_d)), _P(_P(_d)))
limit_eval = _proto("ax_limit_eval", _i, _v, _d, _P(_d), _E)
limit_to_sin2 = _proto("ax_limit_to_sin2", _i, _v, _d, _i, _P(_d), _E)
limit_quantity_name = _proto("ax_limit_quantity_name", _c, _i)
limit_quantity_unit = _proto("ax_limit_quantity_unit", _c, _i)
limit_xquantity_name = _proto("ax_limit_xquantity_name", _c, _i)
decay_convention_name = _proto("ax_decay_convention_name", _c, _i)
decay_convention_parse = _proto("ax_decay_convention_parse", _i, _c, _P(_i), _E)
limit_get_approximate = _proto("ax_limit_get_approximate", _i, _v)

# runs from words: the JSON text of `axsterile dw|point|check --json`
run_json = _proto("ax_run_json", _v, _c, _sz, _P(_c), _P(_c), _E)
text_free = _proto("ax_text_free", None, _v)

_v_text = version().decode()
if int(_v_text.split(".")[0]) != MAJOR:
    raise ImportError("axsterile: the C library is version %s; this package needs %d.x"
                      % (_v_text, MAJOR))
# GSL failures come back as statuses with messages, never abort() the interpreter
gsl_quiet()
