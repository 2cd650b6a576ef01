# axsterile -- build, test, demo, benchmark, install.
#   make            libraries build/libaxsterile.a and build/libaxsterile.so.*
#                   (soname libaxsterile.so.MAJOR), build/axsterile.pc, and the
#                   program build/axsterile (linked with the static library)
#   make check      install missing Debian packages, build, run every test in the
#                   plain build and in the sanitizer build (CHECK_SAN=0: plain only)
#   make demo       install missing packages, build, draw the Fig. 2-style plot
#   make bench      speed figures (see docs/performance.md)
#   make cluster-test  the README's GNU parallel and Slurm recipes only (they
#                   are part of make check; the Slurm one on a throwaway
#                   single-node cluster, see docs/usage.md)
#   make install PREFIX=/opt/axsterile   (and make uninstall PREFIX=...): program,
#                   both libraries, headers, axsterile.pc, data, limits, man page
#                   and the Python package (make install-python: that alone)
# Options: SAN=1 (AddressSanitizer + UBSan build in build-san/),
#          VALGRIND=1 (run the test binaries under valgrind).

PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CC      ?= cc
SAN     ?= 0
OPT     ?= -O2 -g

ifeq ($(SAN),1)
BUILD   := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   := build
SANFLAGS :=
endif

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L
# -MMD -MP: each object records the headers it includes (BUILD/obj/**/*.d,
# included at the end), so touching any header rebuilds what uses it.
DEPFLAGS := -MMD -MP
CFLAGS   += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -fopenmp
LDFLAGS  += $(SANFLAGS) -fopenmp
LDLIBS   := -lgsl -lgslcblas -lcsv -lcjson -lm

# The library: src/*.c and one level of module folders (src/figures/, ...);
# src/cli/ (the program) and src/tools/ are not part of it.
LIB_SRC  := $(wildcard src/*.c) $(filter-out src/cli/% src/tools/%,$(wildcard src/*/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/test_*.c)
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libaxsterile.a
PROG     := $(BUILD)/axsterile
BENCH    := $(BUILD)/bench_axsterile
HEADERS  := $(wildcard include/axsterile/*.h)

# The shared library: the version comes from include/axsterile/version.h;
# the soname carries MAJOR only (the versioning rule is in docs/api.md).
VERSION  := $(shell sed -nE 's/^\#define AX_VERSION "([0-9.]+)"/\1/p' include/axsterile/version.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
SONAME   := libaxsterile.so.$(SOMAJOR)
SHLIB    := $(BUILD)/libaxsterile.so.$(VERSION)
PCFILE   := $(BUILD)/axsterile.pc

.PHONY: all deps check check-run check-build cluster-test limits-derived demo bench data opacity-data limits-data install install-python uninstall clean valgrind
all: $(LIB) $(SHLIB) $(PCFILE) $(PROG)

deps:
	@sh src/tools/ensure-deps.sh

# The installed share directory is compiled into the program; rebuild io.o
# when PREFIX changes.
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
FORCE:

$(BUILD)/obj/io.o: CPPFLAGS += -DAX_SHARE_DIR='"$(PREFIX)/share/axsterile"' -DAX_SOURCE_DIR='"$(CURDIR)"'
$(BUILD)/obj/io.o: $(BUILD)/prefix.stamp

$(BUILD)/obj/%.o: src/%.c $(BUILD)/obj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(CFLAGS) -c $< -o $@

# Library objects go into both libraries: position-independent, and calls
# between them are not interposable (they stay direct, as in a static link).
$(LIB_OBJ): CFLAGS += -fPIC -fno-semantic-interposition
$(LIB_OBJ): Makefile

# Only the ax_* functions are exported (src/libaxsterile.map); -z defs makes
# the library record every library it needs (GSL, libcsv, cJSON, libgomp, libm).
$(SHLIB): $(LIB_OBJ) src/libaxsterile.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/libaxsterile.map \
	  -Wl,-z,defs $(LDFLAGS) $(LIB_OBJ) $(LDLIBS) -o $@
	ln -sf libaxsterile.so.$(VERSION) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libaxsterile.so

# pkg-config file for the installed library (paths of this PREFIX).
$(PCFILE): src/axsterile.pc.in include/axsterile/version.h $(BUILD)/prefix.stamp
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(PROG): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) $(CLI_OBJ) $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/%.c $(BUILD)/tests/%.d $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DEPFLAGS) -DAX_SOURCE_DIR='"$(CURDIR)"' $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -o $@

$(BUILD)/gen_gstar: src/tools/gen_gstar.c $(LIB)
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -o $@

$(BUILD)/gen_limits: src/tools/gen_limits.c $(LIB)
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -o $@

$(BUILD)/gen_opacity: src/tools/gen_opacity.c $(LIB)
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -o $@

$(BENCH): src/tools/bench.c $(LIB)
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -o $@

# Regenerate the shipped g*(T) table from the project's own equation of state.
data: $(BUILD)/gen_gstar
	$(BUILD)/gen_gstar data/gstar.csv

# Regenerate the default opacity data/opacity_numu.csv from the rate tables of
# Venumadhav et al. 2016 (OPACITY_INPUT: the directory holding
# rate_leptons_mu.dat, rate_hadrons_mu.dat and rate_total_mu.dat of their code
# sterile-dm). See docs/physics.md section 3.
OPACITY_INPUT ?= ../shared/reference/opacity
opacity-data: $(BUILD)/gen_opacity
	$(BUILD)/gen_opacity $(OPACITY_INPUT) data/opacity_numu.csv

# Regenerate limits/*.csv from the digitized source curves (LIMITS_INPUT; the
# JSON sidecars are written by hand). See docs/limits-format.md.
LIMITS_INPUT ?= ../shared/reference/limits
limits-data: $(BUILD)/gen_limits
	$(BUILD)/gen_limits $(LIMITS_INPUT) limits

# `make check` runs the suite twice: in the plain build and in the sanitizer
# build (AddressSanitizer + UBSan), and sums both. CHECK_SAN=0 skips the
# second run; `make check SAN=1` runs the sanitizer build only.
CHECK_SAN ?= 1
ifeq ($(SAN)$(CHECK_SAN)$(VALGRIND),01)
CHECK_BUILDS := $(BUILD) build-san
else
CHECK_BUILDS := $(BUILD)
endif

# limits/derived/: limits the project derives from the library with its own
# J and D -- the Fermi-LAT 2015 line fluxes as decay-rate limits, and every
# limit recast to the axion-assisted model (f_phi = 0.01, in the Majorana normalisation of docs/physics.md section 6).
limits-derived: all
	@mkdir -p limits/derived
	@for j in limits/*.json; do s=$$(basename $$j .json); \
	  $(PROG) limits recast $$s -o limits/derived/$${s}_recast >/dev/null || exit 1; \
	  case $$s in fermi2015_flux_*) \
	    $(PROG) limits recast $$s --standard -o limits/derived/$${s}_decay_rate >/dev/null || exit 1;; esac; \
	done; echo "limits/derived: $$(ls limits/derived/*.json | wc -l) limits"

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all $(TESTS)
ifneq ($(words $(CHECK_BUILDS)),1)
	@$(MAKE) --no-print-directory SAN=1 check-build
endif
	@BUILDS="$(CHECK_BUILDS)" VALGRIND=$(VALGRIND) sh tests/run_all.sh

check-build: all $(TESTS)

# The sharded-scan recipes of README.md, each on its own (tests/cli/test_parallel.sh,
# tests/cli/test_slurm.sh; they install `parallel`, `slurm-wlm` and `munge`
# when missing, or skip saying why).
cluster-test: deps
	@$(MAKE) --no-print-directory all
	@st=0; for t in tests/cli/test_parallel.sh tests/cli/test_slurm.sh; do \
	  AXSTERILE_DATA="$(CURDIR)" AXSTERILE_BIN="$(CURDIR)/$(BUILD)/axsterile" sh $$t || st=1; \
	done; exit $$st

valgrind: deps
	@$(MAKE) --no-print-directory check-run VALGRIND=1

demo: deps
	@$(MAKE) --no-print-directory all
	@sh src/tools/demo.sh $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory $(BENCH) all
	$(BENCH) $(PROG)

# install: the program (linked with the static library, so it needs no
# search path), both libraries with the soname links, the headers, the
# pkg-config file, the data, the limits and the man page. Programs built with
# `pkg-config --libs axsterile` find the shared library through the run path
# the .pc file adds (-Wl,-rpath,LIBDIR); see docs/api.md.
INSTALLED_LIBS := libaxsterile.a libaxsterile.so.$(VERSION) $(SONAME) libaxsterile.so
install: all install-python
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(INCLUDEDIR)/axsterile $(DESTDIR)$(PREFIX)/share/axsterile \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/axsterile
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libaxsterile.a
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libaxsterile.so.$(VERSION)
	ln -sf libaxsterile.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libaxsterile.so
	install -m 644 $(PCFILE) $(DESTDIR)$(PKGCONFIGDIR)/axsterile.pc
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/axsterile/
	cp -R data limits $(DESTDIR)$(PREFIX)/share/axsterile/
	install -m 644 docs/axsterile.1 $(DESTDIR)$(PREFIX)/share/man/man1/axsterile.1

# The Python package (python/axsterile, ctypes over the shared library) goes
# into the site directory of $(PYTHON) for PREFIX (src/tools/python_sitedir.py),
# with _config.py naming the installed library. No python3: nothing installed.
PYTHON ?= python3
PYSITE = $(shell $(PYTHON) src/tools/python_sitedir.py $(PREFIX) 2>/dev/null)
PY_FILES := $(wildcard python/axsterile/*.py)
install-python:
	@site='$(PYSITE)'; if [ -z "$$site" ]; then \
	  echo "axsterile: $(PYTHON) not found; the Python package is not installed" >&2; exit 0; fi; \
	install -d $(DESTDIR)$$site/axsterile && \
	install -m 644 $(PY_FILES) $(DESTDIR)$$site/axsterile/ && \
	printf '# written by make install: the library this package loads\nLIBRARY = "%s"\n' \
	  '$(LIBDIR)/$(SONAME)' > $(DESTDIR)$$site/axsterile/_config.py && \
	echo "axsterile: Python package in $$site/axsterile"

# uninstall: every file and link install put, and the directories that are
# the project's own (include/axsterile, share/axsterile, the Python package);
# shared directories (bin, lib, share/man, site-packages) stay, as with
# automake.
uninstall:
	-@site='$(PYSITE)'; [ -n "$$site" ] && rm -rf $(DESTDIR)$$site/axsterile; true
	rm -f $(DESTDIR)$(PREFIX)/bin/axsterile $(INSTALLED_LIBS:%=$(DESTDIR)$(LIBDIR)/%) \
	  $(DESTDIR)$(PKGCONFIGDIR)/axsterile.pc $(DESTDIR)$(PREFIX)/share/man/man1/axsterile.1
	rm -rf $(DESTDIR)$(INCLUDEDIR)/axsterile $(DESTDIR)$(PREFIX)/share/axsterile

clean:
	rm -rf build build-san build-fuzz build-inst

# The header dependencies recorded by -MMD. A .d file that is missing (a
# first build, or a build from before the .d files) is a target without a
# recipe, hence "new": its object or test is rebuilt and records it.
DEPFILES := $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTS:=.d)
$(DEPFILES):
-include $(wildcard $(DEPFILES) $(BUILD)/*.d)

# ---- fuzzing (docs/hardening.md): libFuzzer targets in tests/fuzz/, built with clang,
# each run for FUZZ_SECONDS on a scratch corpus seeded from tests/fuzz/seeds/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := -std=c11 -g -O1 -Iinclude -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined

build-fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(HEADERS) $(wildcard src/*.h src/*/*.h)
	@mkdir -p build-fuzz
	clang $(FUZZ_FLAGS) -DAX_SOURCE_DIR='"$(CURDIR)"' $< $(LIB_SRC) $(LDLIBS) -o $@

.PHONY: fuzz fuzz-deps fuzz-run
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-run
fuzz-deps:
	@sh src/tools/ensure-deps.sh clang libclang-rt-14-dev
fuzz-run: $(FUZZ_TARGETS:%=build-fuzz/%)
	@for t in $(FUZZ_TARGETS); do \
	  seeds=tests/fuzz/seeds/$${t#fuzz_}; corpus=build-fuzz/corpus-$$t; mkdir -p $$corpus; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 -print_final_stats=1 $$corpus $$seeds 2>&1 \
	    | grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|Done|timeout' || exit 1; \
	done
