# bench_cancel.sh: cancel latency of every long canvass computation
# (sourced by bench/run.sh, `make bench BENCH=cancel`).
#
# Runs each query of test/sh/cancel_queries.txt (the inputs of
# test/sh/cancel_setup.sql: a million rows, a 2-million-day calendar, 4,000
# turfs and sites) in a session of its own, lets it run CANCEL_AFTER
# seconds (default 2), then calls pg_cancel_backend on it from another
# session.  The latency is measured on the server's clock: from
# clock_timestamp() taken just before pg_cancel_backend, to the start of
# the next statement of the cancelled session (psql sends it as soon as it
# has read the 57014 error, over a Unix socket), so neither psql's start
# nor its exit is counted.  CANCEL_RUNS runs per query (default 5); prints
# the median and the maximum in milliseconds, and checks that every run
# ended with SQLSTATE 57014.

CANCEL_RUNS=${CANCEL_RUNS:-5}
CANCEL_AFTER=${CANCEL_AFTER:-2}
cancel_db=canvass_bench_cancel
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $cancel_db" -c "CREATE DATABASE $cancel_db"
"${PSQL[@]}" -d "$cancel_db" -f test/sh/cancel_setup.sql >/dev/null 2>&1 || die "cancel_setup.sql failed"
cancel_q=("$PG_BIN/psql" -X -q -tA -d "$cancel_db")
cancel_out=$(mktemp "${TMPDIR:-/tmp}/canvass-cancel.XXXXXX")

# cancel_poll TRIES PAUSE SQL: the first non-empty answer of SQL, asked up
# to TRIES times PAUSE seconds apart; fails when none came.
cancel_poll() {
    local v
    for _ in $(seq 1 "$1"); do
        v=$("${cancel_q[@]}" -c "$3")
        if [ -n "$v" ]; then
            printf '%s' "$v"
            return 0
        fi
        sleep "$2"
    done
    return 1
}

printf '%-55s %6s %10s %8s\n' "query" "runs" "median ms" "max ms"
while IFS='|' read -r name query; do
    [ -z "$name" ] && continue
    lat=()
    for _ in $(seq 1 "$CANCEL_RUNS"); do
        "${cancel_q[@]}" -v VERBOSITY=verbose -c "SET application_name = 'canvass_bench_cancel'" \
            -c "$query" -c "SELECT pg_sleep(30)" >"$cancel_out" 2>&1 &
        bg=$!
        pid=$(cancel_poll 100 0.1 "SELECT pid FROM pg_stat_activity WHERE application_name = 'canvass_bench_cancel' AND state = 'active' AND backend_type = 'client backend' AND query NOT LIKE 'SET %'") \
            || die "$name: the query did not start"
        sleep "$CANCEL_AFTER"
        t0=$("${cancel_q[@]}" -c "SELECT extract(epoch FROM clock_timestamp()), pg_cancel_backend($pid)" | cut -d'|' -f1)
        t1=$(cancel_poll 1000 0.01 "SELECT extract(epoch FROM query_start) FROM pg_stat_activity WHERE pid = $pid AND query LIKE 'SELECT pg_sleep%'") \
            || die "$name: no statement after the cancel within 10 s"
        "${cancel_q[@]}" -c "SELECT pg_cancel_backend($pid)" >/dev/null
        wait $bg || true
        grep -q "57014: canceling statement due to user request" "$cancel_out" || die "$name: not cancelled with 57014"
        lat+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
    done
    sorted=$(printf '%s\n' "${lat[@]}" | sort -g)
    median=$(printf '%s\n' "$sorted" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    max=$(printf '%s\n' "$sorted" | tail -1)
    printf '%-55s %6s %10s %8s\n' "$name" "${#lat[@]}" "$median" "$max"
done < <(grep -v '^#' test/sh/cancel_queries.txt)
rm -f "$cancel_out"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $cancel_db"
