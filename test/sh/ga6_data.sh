#!/usr/bin/env bash
# The real GA-6 data shipped in data/ga6_2017 loads and matches the official
# totals (demo/load.sql and demo/check.sql, which stop on any difference),
# and apportioning the 9 split precincts reproduces the published 2016
# presidential figure for the district, about Trump +1.5.  Expected values:
# GA SOS official totals and the data README's sums (data/ga6_2017/README.md).
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_ga6_test
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
"${PSQL[@]}" -d "$db" -f demo/load.sql >/dev/null 2>&1
ok $? "GA-6 results, turnout and 216 precinct polygons load"
"${PSQL[@]}" -d "$db" -f demo/check.sql >/dev/null 2>&1
ok $? "every check against the official totals passes"

q() { "${PSQL[@]}" -d "$db" -c "$1"; }
is "$(q "SELECT string_agg(candidate || ' ' || sum, ', ' ORDER BY candidate) FROM (SELECT candidate, sum(votes) FROM ga6.precinct_result WHERE election_date = '2017-06-20' GROUP BY candidate) s")" \
   "Jon Ossoff 125517, Karen Handel 134799" "runoff: Handel 134,799, Ossoff 125,517 (GA SOS)"

# The split-precinct recipe of README: each candidate's votes in a split
# precinct apportioned by U.S. House 6 ballots / President ballots.
pres="WITH p AS (
  SELECT r.candidate, r.votes, s.us_house_6_votes::float8 / s.top_of_ticket_votes AS inside
  FROM ga6.precinct_result r LEFT JOIN ga6.split_precinct s USING (election_date, county, precinct)
  WHERE r.election_date = '2016-11-08' AND r.office = 'President')
SELECT sum(votes) FILTER (WHERE candidate = 'Donald J. Trump') AS trump_naive,
       sum(votes) FILTER (WHERE candidate = 'Hillary Clinton') AS clinton_naive,
       sum(CASE WHEN inside IS NULL THEN votes ELSE (canvass.apportion(votes, ARRAY[inside, 1 - inside]))[1] END)
         FILTER (WHERE candidate = 'Donald J. Trump') AS trump,
       sum(CASE WHEN inside IS NULL THEN votes ELSE (canvass.apportion(votes, ARRAY[inside, 1 - inside]))[1] END)
         FILTER (WHERE candidate = 'Hillary Clinton') AS clinton,
       sum(CASE WHEN inside IS NULL THEN votes ELSE (canvass.apportion(votes, ARRAY[inside, 1 - inside]))[1] END) AS total,
       bool_and(inside IS NULL OR (SELECT sum(x) FROM unnest(canvass.apportion(votes, ARRAY[inside, 1 - inside])) x) = votes) AS parts_add_up
FROM p"
is "$(q "SELECT trump_naive || ' ' || clinton_naive FROM ($pres) s")" "163743 163147" \
   "naive 2016 President sums over the 210 precincts: Trump 163,743, Clinton 163,147 (data README)"
is "$(q "SELECT parts_add_up FROM ($pres) s")" "t" "inside and outside parts add up to each candidate's votes"
is "$(q "SELECT to_char(round(100.0 * (trump - clinton) / total, 1), 'SFM90.0') FROM ($pres) s")" "+1.5" \
   "apportioned 2016 President margin inside GA-6 is Trump +1.5 (published estimate)"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $db"
done_testing
