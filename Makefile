# canvass: PGXS build.  `make && sudo make install`, then
# CREATE EXTENSION canvass CASCADE;  `make test` runs every test on a
# throwaway cluster; `make demo` runs the GA-6 demo.

EXTENSION = canvass
EXTVERSION = 0.3.0

MODULE_big = canvass
CORE_OBJS = $(patsubst %.c,%.o,$(wildcard src/core/*.c))
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c)) $(CORE_OBJS)

# The install script of the current version is built from its parts, one
# per concern; so is the upgrade script from the previous release, from the
# parts whose first line is "-- canvass-since: <current version>", after
# sql/updates/<previous>--<current>.sql where objects of earlier releases
# change.  Released versions' install and upgrade scripts are kept frozen in
# sql/.  test/sh/upgrade.sh
# checks that every release updated through the chain equals a fresh install.
PREVVERSION = 0.2.0
SQL_PARTS = $(sort $(wildcard sql/parts/*.sql))
UPGRADE_PARTS = $(wildcard sql/updates/$(PREVVERSION)--$(EXTVERSION).sql) \
	$(shell grep -l '^-- canvass-since: $(EXTVERSION)$$' $(SQL_PARTS))
CURRENT_SCRIPT = sql/$(EXTENSION)--$(EXTVERSION).sql
UPGRADE_SCRIPT = $(if $(filter $(PREVVERSION),$(EXTVERSION)),,sql/$(EXTENSION)--$(PREVVERSION)--$(EXTVERSION).sql)
DATA_built = $(CURRENT_SCRIPT) $(UPGRADE_SCRIPT)
DATA = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))

# pg_regress: every test/regress/sql/*.sql against test/regress/expected,
# results written beside them.
REGRESS = $(basename $(notdir $(wildcard test/regress/sql/*.sql)))
REGRESS_OPTS = --inputdir=test/regress --outputdir=test/regress \
	--load-extension=postgis --load-extension=canvass

PG_CPPFLAGS = -I$(srcdir)/src
EXTRA_CLEAN = $(CORE_TESTS) $(SAN_TESTS) $(FUZZ_TARGETS) $(REPLAY_TARGETS) \
	test/regress/results test/regress/regression.diffs test/regress/regression.out

# No LLVM bitcode: the core's 128-bit arithmetic calls libgcc helpers that
# the JIT inliner cannot resolve, and users need no clang to build.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: every object is rebuilt when any of
# canvass's headers changes, so a changed core signature cannot leave a
# stale object calling it the old way.
$(OBJS): $(wildcard src/*.h src/core/*.h)

# Rebuilt every time: cheap, and never stale when a part is added or removed.
$(CURRENT_SCRIPT): $(SQL_PARTS) FORCE
	cat $(SQL_PARTS) > $@

$(UPGRADE_SCRIPT): $(UPGRADE_PARTS) FORCE
	printf '%s\n' '-- canvass $(PREVVERSION) to $(EXTVERSION): built by make from sql/parts' \
		'\echo Use "ALTER EXTENSION canvass UPDATE TO '"'"'$(EXTVERSION)'"'"'" to load this file. \quit' > $@
	$(if $(UPGRADE_PARTS),cat $(UPGRADE_PARTS) >> $@)

FORCE:

# Plain C unit tests of the core, with no server: one TAP program per
# test/c/test_*.c, linked with every core source.
CORE_SRCS = $(CORE_OBJS:.o=.c)
CORE_TESTS = $(patsubst %.c,%,$(wildcard test/c/test_*.c))
CORE_TEST_CFLAGS = -std=gnu99 -Wall -Wextra -Werror -O1 -g -Isrc

test/c/test_%: test/c/test_%.c test/c/tap.c $(wildcard test/c/*.h) $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) $(CORE_TEST_CFLAGS) $(CORE_TEST_EXTRA) -o $@ $< test/c/tap.c $(CORE_SRCS) -lm

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_TESTS = $(patsubst test/c/test_%,test/c/san_%,$(CORE_TESTS))
test/c/san_%: test/c/test_%.c test/c/tap.c $(wildcard test/c/*.h) $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) $(CORE_TEST_CFLAGS) $(SANITIZE_FLAGS) -o $@ $< test/c/tap.c $(CORE_SRCS) -lm

# libFuzzer targets of the core (clang; not part of make test):
# `make fuzz FUZZ_SECONDS=600` runs each for that long from its seed corpus
# (test/fuzz/corpus/NAME, kept in git); what it finds goes to test/fuzz/work
# and crashing inputs to test/fuzz/found (both git-ignored).
FUZZ_TARGETS = $(patsubst %.c,%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang-14
test/fuzz/fuzz_%: test/fuzz/fuzz_%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	$(FUZZ_CC) -g -O1 -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(CORE_SRCS) -lm

# Each fuzz target with a plain driver under the sanitizers, to replay its
# seed corpus in make test (no clang or libFuzzer needed).
REPLAY_TARGETS = $(patsubst test/fuzz/fuzz_%.c,test/fuzz/replay_%,$(wildcard test/fuzz/fuzz_*.c))
test/fuzz/replay_%: test/fuzz/fuzz_%.c test/fuzz/replay.c $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) $(CORE_TEST_CFLAGS) $(SANITIZE_FLAGS) -o $@ test/fuzz/replay.c $< $(CORE_SRCS) -lm

replay-tests: $(REPLAY_TARGETS)

fuzz: $(FUZZ_TARGETS)
	@for f in $(FUZZ_TARGETS); do \
		name=$${f#test/fuzz/fuzz_}; mkdir -p test/fuzz/work/$$name test/fuzz/found; \
		echo "# fuzzing $$name for $(FUZZ_SECONDS) s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=test/fuzz/found/$$name- \
			-print_final_stats=1 test/fuzz/work/$$name test/fuzz/corpus/$$name 2>&1 | tail -6 || exit 1; \
	done

sanitize-tests: $(SAN_TESTS)

.PHONY: FORCE report-png backtest-night fuzz replay-tests sanitize-tests core-check core-tests \
	test demo demo-stop bench valgrind-check
core-check: $(CORE_TESTS)
	@for t in $(CORE_TESTS); do echo "# $$t"; $$t || exit 1; done

# Everything: packages, build, install, throwaway cluster, all test runners.
test:
	bash test/run.sh

demo:
	bash demo/run.sh

demo-stop:
	bash demo/run.sh stop

# doc/report.png, the picture of the demo's report page in README (runs the
# demo first if demo/out/report.html is not there).
report-png:
	bash demo/report_png.sh

# The SQL suites against a server under valgrind (slow; not in make test).
valgrind-check:
	bash test/valgrind.sh

# Benchmarks on generated data at real scale (not part of make test).
bench:
	BENCH=$(BENCH) bash bench/run.sh

# The election-night backtest on the GA-6 runoff of 2017 (bench/RESULTS.md).
backtest-night:
	BENCH=night bash bench/run.sh

core-tests: $(CORE_TESTS)
