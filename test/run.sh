#!/usr/bin/env bash
# run.sh: every test of canvass in one command (`make test`).
#
# Installs what it needs (Debian packages, as root), builds with warnings as
# errors, installs the extension into a private copy of PostgreSQL in a
# temporary directory (no root needed), starts a throwaway cluster there,
# and runs the five runners: the core's C unit tests, the same under
# ASan and UBSan, pg_regress (make installcheck), pgTAP (pg_prove) and
# the shell tests of test/sh (TAP).  The cluster is stopped and
# removed at the end, even on failure.  The last line is "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

passed=0
failed=0
tmp=""

finish() {
    local rc=$?
    if [ -n "$tmp" ]; then
        cluster_stop "$tmp"
        rm -rf "$tmp"
    fi
    [ $rc -ne 0 ] && [ $failed -eq 0 ] && failed=1
    echo "$passed passed, $failed failed"
    [ $failed -eq 0 ] && exit 0 || exit 1
}
trap finish EXIT

# Adds the ok / not ok lines of a TAP stream to the counts.
count_tap() {
    local out=$1 ok notok
    ok=$(grep -cE '^[[:space:]]*ok [0-9]+' "$out")
    notok=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$out")
    passed=$((passed + ok))
    failed=$((failed + notok))
}

ensure_packages python3-psycopg2 python3-psycopg   # for test/sh/clients.sh
build

tmp=$(mktemp -d "${TMPDIR:-/tmp}/canvass-test.XXXXXX")
chmod 755 "$tmp"
stage_install "$tmp"
log "starting a throwaway cluster in $tmp"
cluster_start "$tmp" 54321 "-c fsync=off"

# 1. C unit tests of the pure core, one TAP program per concern.
log "C unit tests of the core"
if make -s core-tests >"$tmp/core.build" 2>&1; then
    for src in test/c/test_*.c; do
        t=${src%.c}
        out=$tmp/$(basename "$t").tap
        "$t" >"$out" 2>&1; rc=$?
        grep -E '^(not ok|#)' "$out" >&2
        count_tap "$out"
        [ $rc -ne 0 ] && ! grep -q '^not ok' "$out" && failed=$((failed + 1))
    done
else
    cat "$tmp/core.build" >&2; failed=$((failed + 1))
fi

# 2. The same C tests under AddressSanitizer and UndefinedBehaviorSanitizer.
log "C unit tests under ASan and UBSan"
if make -s sanitize-tests >"$tmp/san.build" 2>&1; then
    for src in test/c/test_*.c; do
        t=test/c/san_$(basename "${src%.c}" | sed 's/^test_//')
        out=$tmp/$(basename "$t").tap
        ASAN_OPTIONS=detect_leaks=1 "$t" >"$out" 2>&1; rc=$?
        grep -E '^(not ok|#)|ERROR|runtime error' "$out" >&2
        count_tap "$out"
        [ $rc -ne 0 ] && failed=$((failed + 1))
    done
else
    cat "$tmp/san.build" >&2; failed=$((failed + 1))
fi
# ... and every fuzz target's seed corpus (inputs found by fuzzing included).
if make -s replay-tests >"$tmp/replay.build" 2>&1; then
    for src in test/fuzz/fuzz_*.c; do
        name=$(basename "${src%.c}"); name=${name#fuzz_}
        t=test/fuzz/replay_$name
        out=$tmp/replay_$name.tap
        "$t" test/fuzz/corpus/"$name"/* >"$out" 2>&1; rc=$?
        grep -E '^not ok|ERROR|runtime error' "$out" >&2
        count_tap "$out"
        [ $rc -ne 0 ] && { echo "not ok - replay of the $name corpus died" >&2; failed=$((failed + 1)); }
    done
else
    cat "$tmp/replay.build" >&2; failed=$((failed + 1))
fi

# 3. pg_regress: exact outputs, one file per feature.
log "pg_regress (make installcheck)"
out=$tmp/regress.out
make -s installcheck PG_CONFIG="$PG_BIN/pg_config" >"$out" 2>&1
grep -E '^(test| |ok|not ok|[0-9]|All)' "$out" | sed 's/^/   /' >&2
ok=$(grep -cE '\.\.\. ok|^ok [0-9]+' "$out")
bad=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+' "$out")
passed=$((passed + ok)); failed=$((failed + bad))
if [ "$bad" -gt 0 ] && [ -f test/regress/regression.diffs ]; then head -100 test/regress/regression.diffs >&2; fi
[ "$ok" -eq 0 ] && [ "$bad" -eq 0 ] && { cat "$out" >&2; failed=$((failed + 1)); }

# 4. pgTAP through pg_prove, in a database with the extensions created.
log "pgTAP (pg_prove)"
"$PG_BIN/psql" -X -q -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE canvass_tap" >/dev/null || exit 1
"$PG_BIN/psql" -X -q -d canvass_tap -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION canvass CASCADE" >/dev/null || exit 1
out=$tmp/pgtap.tap
pg_prove --verbose -d canvass_tap test/pgtap/*.sql >"$out" 2>&1; rc=$?
grep -E 'not ok|^#|Failed|Result|Parse errors|Dubious|ERROR' "$out" >&2
tail -3 "$out" >&2
count_tap "$out"
[ $rc -ne 0 ] && ! grep -qE '^[[:space:]]*not ok' "$out" && failed=$((failed + 1))

# 5. Shell tests (TAP) of what needs more than one session or database:
#    dump and restore, upgrades, several clusters.
log "shell tests (test/sh)"
for t in test/sh/*.sh; do
    [ "$(basename "$t")" = tap.sh ] && continue
    out=$tmp/$(basename "$t").tap
    PG_BIN=$PG_BIN TEST_TMP=$tmp bash "$t" >"$out" 2>&1; rc=$?
    grep -E '^(not ok|#)|ERROR' "$out" >&2
    count_tap "$out"
    [ $rc -ne 0 ] && ! grep -q '^not ok' "$out" && failed=$((failed + 1))
done
exit 0
