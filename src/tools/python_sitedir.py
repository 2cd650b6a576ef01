"""python_sitedir.py PREFIX -- where `make install` puts the Python package
for PREFIX, for the python3 that runs this script.

A directory of PREFIX/lib that this interpreter already searches (Debian's
python3 searches /usr/local/lib/python3.X/dist-packages) is taken first, so
that `import axsterile` works with no PYTHONPATH; otherwise the standard
PREFIX/lib/python3.X/site-packages (then PYTHONPATH names it).
"""
import os
import sys
import sysconfig


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python_sitedir.py PREFIX")
    prefix = os.path.abspath(sys.argv[1])
    lib = os.path.join(prefix, "lib") + os.sep
    for p in sys.path:
        if p.startswith(lib) and os.path.basename(p) in ("site-packages", "dist-packages"):
            print(p)
            return
    print(sysconfig.get_path("purelib", "posix_prefix",
                             vars={"base": prefix, "platbase": prefix}))


main()
