#!/usr/bin/env bash
# valgrind.sh: the pg_regress and pgTAP suites against a server running
# under valgrind's memcheck (`make valgrind-check`; slow, not part of make
# test).  Every server process is traced; an error report counts against
# canvass when one of its stack frames is in canvass.so.  PostgreSQL's own
# known reports (padding bytes written to disk, which PostgreSQL's source
# tree suppresses with its valgrind.supp) are counted apart and not failed.
# Memory inside palloc'd chunks is not checked by memcheck on a server built
# without USE_VALGRIND: the C core's sanitizer runs in make test cover that.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
ensure_packages valgrind
build
tmp=$(mktemp -d "${TMPDIR:-/tmp}/canvass-valgrind.XXXXXX")
chmod 755 "$tmp"
trap 'cluster_stop "$tmp"; rm -rf "$tmp"' EXIT
stage_install "$tmp"
cluster_start "$tmp" 54325 "-c fsync=off"
cluster_stop "$tmp"

log "starting the server under valgrind (memcheck)"
mkdir -p "$tmp/vg"
[ "$(id -u)" = 0 ] && chown postgres: "$tmp/vg"
as_owner bash -c "valgrind --quiet --trace-children=yes --num-callers=30 --leak-check=no \
    --log-file=$tmp/vg/%p.log $PG_BIN/postgres -D $tmp/data -c listen_addresses= \
    -c unix_socket_directories=$tmp -p 54325 -c fsync=off -c max_parallel_workers_per_gather=2 \
    >$tmp/server.log 2>&1 &"
for _ in $(seq 1 120); do "$PG_BIN/pg_isready" -q -h "$tmp" -p 54325 && break; sleep 2; done
export PGHOST=$tmp PGPORT=54325 PGUSER=postgres

# three checks: pg_regress and pgTAP pass under valgrind, and memcheck has
# no report in canvass code
passed=0 failed=0
count() { if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "valgrind: $2 failed" >&2; fi; }
log "pg_regress"
make -s installcheck PG_CONFIG="$PG_BIN/pg_config" 2>&1 | grep -E '\.\.\.|tests' >&2
count "${PIPESTATUS[0]}" "pg_regress"
log "pgTAP"
"$PG_BIN/psql" -X -q -d postgres -c "CREATE DATABASE canvass_tap"
"$PG_BIN/psql" -X -q -d canvass_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION canvass CASCADE" 2>/dev/null
# VALGRIND_PGTAP picks pgTAP files (default: all of them)
pg_prove -d canvass_tap ${VALGRIND_PGTAP:-test/pgtap/*.sql} 2>&1 | tail -3 >&2
count "${PIPESTATUS[0]}" "pgTAP"
cluster_stop "$tmp"

# Split the logs into error reports; keep those with a frame in canvass.so.
ours=$(cat "$tmp"/vg/*.log | awk '
    /^==[0-9]+== [A-Z].*(Invalid|uninitialised|Conditional jump|Mismatched|overlap|Source and destination)/ { if (block != "") print_block(); block = $0 "\n"; next }
    /^==[0-9]+== *$/ { if (block != "") print_block(); block = ""; next }
    block != "" { block = block $0 "\n" }
    function print_block() { if (block ~ /canvass\.so/) printf "%s\n", block; block = "" }
    END { if (block != "") print_block() }')
theirs=$(cat "$tmp"/vg/*.log | grep -cE '^==[0-9]+== [A-Z].*(Invalid|uninitialised|Conditional jump)' || true)
if [ -n "$ours" ]; then
    printf '%s\n' "$ours" | head -80
    echo "valgrind: $(printf '%s\n' "$ours" | grep -c '^==') lines of reports in canvass code ($theirs reports in all)"
    count 1 "memcheck"
else
    echo "valgrind: no report in canvass code ($theirs reports from PostgreSQL itself, known and suppressed upstream)"
    count 0 "memcheck"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
