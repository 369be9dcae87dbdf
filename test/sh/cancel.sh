#!/usr/bin/env bash
# Cancellation: statement_timeout and pg_cancel_backend stop canvass's long
# computations on a million rows within one second of the request, with
# SQLSTATE 57014 (query_canceled), and the session stays usable.
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_cancel
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
"${PSQL[@]}" -d "$db" >/dev/null 2>&1 <<'SQL'
CREATE EXTENSION canvass CASCADE;
-- A million rows: weights, and household points around Roswell, Georgia.
CREATE TABLE million AS
  SELECT i, (i % 97)::float8 AS w,
         ST_SetSRID(ST_MakePoint(-84.36 + (i % 1000) * 0.0001, 34.02 + (i / 1000) * 0.0001), 4326) AS geom,
         (i % 3 = 0) AS voted, ARRAY[(i % 2)::float8, (i % 5)::float8, (i % 7)::float8] AS x
  FROM generate_series(1, 1000000) i;
ANALYZE million;
SQL
ok $? "a million rows to work on"

now_ms() { date +%s%3N; }

# Long computations, one per line: "name|query".  Each must run for longer
# than the timeout when left alone.
queries=$(cat <<'Q'
apportion window over 4M rows|SELECT sum(s) FROM (SELECT canvass.apportion(123456789, w) OVER (ORDER BY i) AS s FROM million, generate_series(1, 4) g) x
walk_order of one 1M-door turf|SELECT max(o) FROM (SELECT canvass.walk_order(geom) OVER () AS o FROM million) x
turf of one 1M-door partition|SELECT max(t) FROM (SELECT canvass.turf(geom, 50) OVER () AS t FROM million) x
logit_fit over 32M rows|SELECT canvass.logit_fit(voted, x) FROM million, generate_series(1, 32) g
Q
)

while IFS='|' read -r name query; do
    [ -z "$name" ] && continue
    # 1. statement_timeout of 1 s: the error comes by 2 s.
    t0=$(now_ms)
    err=$("${PSQL[@]}" -d "$db" -c "SET statement_timeout = '1s'" -c "$query" 2>&1 >/dev/null)
    t1=$(now_ms)
    printf '%s' "$err" | grep -q "canceling statement due to statement timeout"
    ok $? "$name: statement_timeout cancels it (57014)"
    [ $((t1 - t0)) -lt 2000 ]
    ok $? "$name: stopped within 1 s of a 1 s timeout (took $((t1 - t0)) ms)"

    # 2. pg_cancel_backend from another session, 1 s after the start.
    "${PSQL[@]}" -d "$db" -c "SET application_name = 'canvass_cancel_probe'" -c "$query" >/dev/null 2>"$TEST_TMP/cancel.err" &
    bg=$!
    sleep 1
    c0=$(now_ms)
    "${PSQL[@]}" -d "$db" -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'canvass_cancel_probe' AND state = 'active'" >/dev/null
    wait $bg
    c1=$(now_ms)
    grep -q "canceling statement due to user request" "$TEST_TMP/cancel.err"
    ok $? "$name: pg_cancel_backend cancels it (57014)"
    [ $((c1 - c0)) -lt 1000 ]
    ok $? "$name: stopped within 1 s of pg_cancel_backend (took $((c1 - c0)) ms)"
done <<< "$queries"

is "$("${PSQL[@]}" -d "$db" -c "SELECT count(*) FROM million")" "1000000" "the server answers after the cancellations"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $db"
done_testing
