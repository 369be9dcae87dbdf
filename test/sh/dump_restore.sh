#!/usr/bin/env bash
# A database using canvass (tables, views and a materialized view built on
# its functions) survives pg_dump and pg_restore: the restored views give the
# same rows, and the extension is restored as an extension, not as loose
# objects.
set -u
. "$(dirname "$0")/tap.sh"

src=canvass_dump_src
dst=canvass_dump_dst
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" -c "CREATE DATABASE $src"
"${PSQL[@]}" -d "$src" >/dev/null 2>&1 <<'SQL'
CREATE EXTENSION canvass CASCADE;
CREATE TABLE precinct (id int PRIMARY KEY, district int, expected_votes float8);
INSERT INTO precinct SELECT i, i % 3, 100 + (i * 37) % 250 FROM generate_series(1, 60) i;
CREATE TABLE district_goal (district int PRIMARY KEY, goal bigint);
INSERT INTO district_goal VALUES (0, 875), (1, 909), (2, 1001);
-- A view and a materialized view that call both forms of apportion.
CREATE VIEW precinct_goal AS
  SELECT p.id, p.district,
         canvass.apportion(g.goal, p.expected_votes) OVER (PARTITION BY p.district ORDER BY p.id) AS goal
  FROM precinct p JOIN district_goal g USING (district);
CREATE MATERIALIZED VIEW district_split AS
  SELECT district, canvass.apportion(goal, ARRAY[0.5, 0.3, 0.2]) AS parts FROM district_goal;
CREATE UNIQUE INDEX ON district_split (district);
SQL
ok $? "source database built"

"$PG_BIN/pg_dump" -Fc -d "$src" -f "$dump"
ok $? "pg_dump of a database using canvass"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $dst"
"$PG_BIN/pg_restore" -d "$dst" --exit-on-error "$dump"
ok $? "pg_restore into an empty database"

q="SELECT string_agg(format('%s:%s', id, goal), ',' ORDER BY id) FROM precinct_goal"
is "$("${PSQL[@]}" -d "$dst" -c "$q")" "$("${PSQL[@]}" -d "$src" -c "$q")" "the restored view gives the same goals"
is "$("${PSQL[@]}" -d "$dst" -c "SELECT sum(goal) FROM precinct_goal")" "2785" \
   "restored goals add up to the district goals (875 + 909 + 1001)"
q="SELECT string_agg(format('%s:%s', district, parts), ',' ORDER BY district) FROM district_split"
is "$("${PSQL[@]}" -d "$dst" -c "$q")" "$("${PSQL[@]}" -d "$src" -c "$q")" "the restored materialized view has the same rows"
"${PSQL[@]}" -d "$dst" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY district_split"
ok $? "the restored materialized view refreshes concurrently"
is "$("${PSQL[@]}" -d "$dst" -c "SELECT extversion FROM pg_extension WHERE extname = 'canvass'")" \
   "$("${PSQL[@]}" -d "$src" -c "SELECT extversion FROM pg_extension WHERE extname = 'canvass'")" \
   "canvass is restored as an extension of the same version"
q="SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'canvass' AND d.deptype = 'e'"
is "$("${PSQL[@]}" -d "$dst" -c "$q")" "$("${PSQL[@]}" -d "$src" -c "$q")" "the restored extension owns the same number of objects"

"${PSQL[@]}" -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
done_testing
