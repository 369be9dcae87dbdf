# canvass: PGXS build.  `make && sudo make install`, then
# CREATE EXTENSION canvass CASCADE;  `make test` runs every test on a
# throwaway cluster; `make demo` runs the GA-6 demo.

EXTENSION = canvass
EXTVERSION = 0.1.0

MODULE_big = canvass
CORE_OBJS = $(patsubst %.c,%.o,$(wildcard src/core/*.c))
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c)) $(CORE_OBJS)

# The install script of the current version is built from its parts, one
# per concern; older versions' scripts and upgrade scripts are kept as is.
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql
DATA = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))
SQL_PARTS = $(sort $(wildcard sql/parts/*.sql))

# pg_regress: every sql/*.sql that is not an install or upgrade script.
REGRESS = $(filter-out canvass--%,$(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=postgis --load-extension=canvass

PG_CPPFLAGS = -I$(srcdir)/src
EXTRA_CLEAN = $(CORE_TESTS) results regression.diffs regression.out

# No LLVM bitcode: the core's 128-bit arithmetic calls libgcc helpers that
# the JIT inliner cannot resolve, and users need no clang to build.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(DATA_built): $(SQL_PARTS)
	cat $(SQL_PARTS) > $@

# Plain C unit tests of the core, with no server: one TAP program per
# test/c/test_*.c, linked with every core source.
CORE_SRCS = $(CORE_OBJS:.o=.c)
CORE_TESTS = $(patsubst %.c,%,$(wildcard test/c/test_*.c))
CORE_TEST_CFLAGS = -std=gnu99 -Wall -Wextra -Werror -O1 -g -Isrc

test/c/test_%: test/c/test_%.c test/c/tap.c test/c/tap.h $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) $(CORE_TEST_CFLAGS) $(CORE_TEST_EXTRA) -o $@ $< test/c/tap.c $(CORE_SRCS) -lm

.PHONY: core-check core-tests print-core-tests test demo demo-stop bench
core-check: $(CORE_TESTS)
	@for t in $(CORE_TESTS); do echo "# $$t"; $$t || exit 1; done

# Everything: packages, build, install, throwaway cluster, all test runners.
test:
	bash test/run.sh

demo:
	bash demo/run.sh

demo-stop:
	bash demo/run.sh stop

# Benchmarks on generated data at real scale (not part of make test).
bench:
	BENCH=$(BENCH) bash bench/run.sh

core-tests: $(CORE_TESTS)
print-core-tests:
	@echo $(CORE_TESTS)
