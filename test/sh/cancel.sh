#!/usr/bin/env bash
# Cancellation: statement_timeout and pg_cancel_backend stop every canvass
# function that takes an array or a window partition, and the aggregates,
# with SQLSTATE 57014 (query_canceled) within 10 s, and the session that ran
# the query is usable afterwards.
#
# Each query of cancel_queries.txt runs for more than 30 s when left alone,
# calling the function on inputs of a million rows or elements and more,
# so a computation that never checks for cancel would miss the 10 s bound
# (the quadratic calendar check of propensity ran for minutes on 10^6
# days).  The bound is generous on purpose: the latency itself, typically
# a few milliseconds, is measured by bench/bench_cancel.sh, not asserted
# here, since a loaded machine may delay any process by a second or more.
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_cancel
BOUND_MS=10000
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
"${PSQL[@]}" -d "$db" -f "$(dirname "$0")/cancel_setup.sql" >/dev/null 2>&1
ok $? "a million rows, a 2-million-day calendar and 4,000 x 4,000 places to work on"

now_ms() { date +%s%3N; }

# Long computations, one per line: "name|query" (see the file).
queries=$(grep -v '^#' "$(dirname "$0")/cancel_queries.txt")

# Runs a query in one session after SET commands, then SELECT 'alive' in
# the same session: prints psql's stdout and stderr (verbose errors, with
# their SQLSTATE).
run_then_alive() {
    local set=$1 query=$2
    "$PG_BIN/psql" -X -q -tA -v VERBOSITY=verbose -d "$db" -c "$set" -c "$query" -c "SELECT 'alive'" 2>&1
}

while IFS='|' read -r name query; do
    [ -z "$name" ] && continue
    # 1. statement_timeout of 1 s: 57014 within 10 s of the timeout.
    t0=$(now_ms)
    out=$(run_then_alive "SET statement_timeout = '1s'" "$query")
    t1=$(now_ms)
    printf '%s' "$out" | grep -q "57014: canceling statement due to statement timeout"
    ok $? "$name: statement_timeout cancels it with 57014"
    took=$((t1 - t0 - 1000))
    [ $took -lt $BOUND_MS ]
    ok $? "$name: stopped with 57014 within 10 s of the timeout (took $took ms)"
    printf '%s' "$out" | grep -qx "alive"
    ok $? "$name: the session answers after the timeout"

    # 2. pg_cancel_backend from another session, once the query has run 1 s.
    run_then_alive "SET application_name = 'canvass_cancel_probe'" "$query" >"$TEST_TMP/cancel.out" &
    bg=$!
    pid=""
    for _ in $(seq 1 100); do
        pid=$("${PSQL[@]}" -d "$db" -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'canvass_cancel_probe' AND state = 'active' AND backend_type = 'client backend' AND query NOT LIKE 'SET %'")
        [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] || pid=0
    sleep 1
    c0=$(now_ms)
    "${PSQL[@]}" -d "$db" -c "SELECT pg_cancel_backend($pid)" >/dev/null
    wait $bg
    c1=$(now_ms)
    grep -q "57014: canceling statement due to user request" "$TEST_TMP/cancel.out"
    ok $? "$name: pg_cancel_backend cancels it with 57014"
    [ $((c1 - c0)) -lt $BOUND_MS ]
    ok $? "$name: stopped with 57014 within 10 s of pg_cancel_backend (took $((c1 - c0)) ms)"
    grep -qx "alive" "$TEST_TMP/cancel.out"
    ok $? "$name: the session answers after the cancel"
done <<< "$queries"

is "$("${PSQL[@]}" -d "$db" -c "SELECT count(*) FROM million")" "1000000" "the server answers after the cancellations"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $db"
done_testing
