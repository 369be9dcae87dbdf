#!/usr/bin/env bash
# Sharding with PostgreSQL's own tools: a coordinator (the test cluster) and
# two shard clusters on private sockets, canvass installed on all three, a
# results table and a voter table partitioned by district whose partitions
# are postgres_fdw foreign tables on the shards, with canvass named in each
# foreign server's `extensions` option.  Checks that EXPLAIN VERBOSE ships
# canvass's functions and aggregates to the shards (they appear in the Remote
# SQL) and that the answers equal those of the same rows on one node.
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/../../scripts/common.sh"

coord_host=$PGHOST coord_port=$PGPORT
shards=("$TEST_TMP/shard1" "$TEST_TMP/shard2")
ports=(54331 54332)
cleanup() { [ -n "${KEEP:-}" ] && return; for s in "${shards[@]}"; do cluster_stop "$s"; done; }
trap cleanup EXIT

# Each shard holds the districts listed here (district = precinct / 10 + 1 on the fixture).
shard_districts=("1, 2" "3, 4")

# The fixture, the same rows everywhere: 40 precincts in 4 districts, with
# votes for parties A and B, and 400 voters with turnout propensities.
fixture_sql() {
    cat <<SQL
CREATE TABLE results_all AS
  SELECT p AS precinct, p / 10 + 1 AS district,
         (300 + (p * 7919) % 500)::bigint AS a, (250 + (p * 104729) % 600)::bigint AS b
  FROM generate_series(0, 39) p;
CREATE TABLE voters_all AS
  SELECT v AS voter_id, (v % 40) / 10 + 1 AS district, ((v * 37) % 100) / 100.0 AS p
  FROM generate_series(0, 399) v;
SQL
}

for i in 0 1; do
    cluster_start "${shards[$i]}" "${ports[$i]}" "-c fsync=off"
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE canvass_shard"
    { echo "CREATE EXTENSION canvass CASCADE;"; fixture_sql
      echo "CREATE TABLE results AS SELECT * FROM results_all WHERE district IN (${shard_districts[$i]});"
      echo "CREATE TABLE voters AS SELECT * FROM voters_all WHERE district IN (${shard_districts[$i]});"
      echo "ANALYZE results; ANALYZE voters;"
    } | "${PSQL[@]}" -d canvass_shard >/dev/null 2>&1
    ok $? "shard $((i + 1)) started with canvass and its partitions"
done
export PGHOST=$coord_host PGPORT=$coord_port

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS canvass_coord" -c "CREATE DATABASE canvass_coord"
{
    echo "CREATE EXTENSION canvass CASCADE; CREATE EXTENSION postgres_fdw;"
    fixture_sql
    echo "CREATE TABLE results (precinct int, district int, a bigint, b bigint) PARTITION BY LIST (district);"
    echo "CREATE TABLE voters (voter_id int, district int, p float8) PARTITION BY LIST (district);"
    for i in 0 1; do
        n=$((i + 1))
        cat <<SQL
CREATE SERVER shard$n FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '${shards[$i]}', port '${ports[$i]}', dbname 'canvass_shard', extensions 'canvass,postgis');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard$n OPTIONS (user 'postgres');
CREATE FOREIGN TABLE results_s$n PARTITION OF results FOR VALUES IN (${shard_districts[$i]})
  SERVER shard$n OPTIONS (table_name 'results', use_remote_estimate 'true');
CREATE FOREIGN TABLE voters_s$n PARTITION OF voters FOR VALUES IN (${shard_districts[$i]})
  SERVER shard$n OPTIONS (table_name 'voters', use_remote_estimate 'true');
SQL
    done
} | "${PSQL[@]}" -d canvass_coord >/dev/null
ok $? "coordinator with postgres_fdw partitions on the two shards"

coord() { "${PSQL[@]}" -d canvass_coord -c "SET enable_partitionwise_aggregate = on" -c "$1"; }

# check_query NAME SHIPPED QUERY: QUERY over the sharded tables names
# SHIPPED in its Remote SQL, and gives the rows of the same query over the
# local copies (results_all, voters_all).
check_query() {
    local name=$1 shipped=$2 query=$3 local_query plan got
    local_query=$(printf '%s' "$query" | sed -e 's/\bresults\b/results_all/g; s/\bvoters\b/voters_all/g')
    plan=$(coord "EXPLAIN (VERBOSE, COSTS OFF) $query")
    printf '%s\n' "$plan" | grep 'Remote SQL' | grep -q "$shipped"
    ok $? "$name: Remote SQL ships $shipped to the shards"
    got=$(coord "$query")
    [ -n "$got" ] || got="(no rows or an error)"
    is "$got" "$(coord "$local_query")" "$name: sharded answer equals the single-node answer"
}

# The scalar form of apportion runs on the shards inside a pushed-down
# aggregate: each precinct's A votes split 30/70 between two wards, the first
# ward's part summed by district.
check_query "apportion in a pushed-down aggregate" "canvass.apportion" \
    "SELECT district, sum((canvass.apportion(a, ARRAY[0.3, 0.7]))[1]) FROM results GROUP BY district ORDER BY district"
# Aggregates grouped by the partition key run whole on the shards: plan
# metrics per district of precinct results, expected turnout per district,
# and a turnout model per district.
check_query "efficiency_gap by district" "canvass.efficiency_gap" \
    "SELECT district, round(canvass.efficiency_gap(a, b)::numeric, 12) FROM results GROUP BY district ORDER BY district"
check_query "plan_scorecard by district" "canvass.plan_scorecard" \
    "SELECT district, canvass.plan_scorecard(a, b) FROM results GROUP BY district ORDER BY district"
check_query "expected_turnout by district" "canvass.expected_turnout" \
    "SELECT district, canvass.expected_turnout(p) FROM voters GROUP BY district ORDER BY district"
check_query "logit_fit by district" "canvass.logit_fit" \
    "SELECT district, canvass.logit_fit(p > 0.5, ARRAY[(voter_id % 3)::float8, (voter_id % 5)::float8]) -> 'coefficients' FROM voters GROUP BY district ORDER BY district"
# ... and the scalar form in a pushed-down WHERE clause.
check_query "apportion in a pushed-down filter" "canvass.apportion" \
    "SELECT precinct FROM results WHERE (canvass.apportion(a, ARRAY[0.3, 0.7]))[1] > 150 ORDER BY precinct"

done_testing
