# canvass: PGXS build.  `make && sudo make install`, then
# CREATE EXTENSION canvass CASCADE;  `make test` runs every test on a
# throwaway cluster; `make demo` runs the GA-6 demo.

EXTENSION = canvass
EXTVERSION = 0.1.0

MODULE_big = canvass
CORE_OBJS = src/core/apportion_core.o
OBJS = src/canvass.o src/apportion.o $(CORE_OBJS)

DATA = $(wildcard sql/canvass--*.sql)

# pg_regress: every sql/*.sql that is not an install or upgrade script.
REGRESS = $(filter-out canvass--%,$(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=postgis --load-extension=canvass

PG_CPPFLAGS = -I$(srcdir)/src
EXTRA_CLEAN = test/c/*.o test/c/test_core results regression.diffs regression.out

# No LLVM bitcode: the core's 128-bit arithmetic calls libgcc helpers that
# the JIT inliner cannot resolve, and users need no clang to build.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Plain C unit tests of the core, with no server (TAP output).
CORE_TEST_SRCS = $(wildcard test/c/*.c)
CORE_SRCS = $(CORE_OBJS:.o=.c)
test/c/test_core: $(CORE_TEST_SRCS) test/c/tap.h $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) -std=gnu99 -Wall -Wextra -Werror -O1 -g -Isrc -o $@ $(CORE_TEST_SRCS) $(CORE_SRCS) -lm

.PHONY: core-check test demo
core-check: test/c/test_core
	test/c/test_core

# Everything: packages, build, install, throwaway cluster, all test runners.
test:
	bash test/run.sh

demo:
	bash demo/run.sh
