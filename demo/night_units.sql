-- night_units.sql: the GA-6 runoff of 2017-06-20 as election-night
-- reporting units, into the temporary table unit: one row per precinct and
-- vote method (election day, advance in person, absentee by mail) of the
-- election-night snapshot, side A = Handel (REP), B = Ossoff (DEM), with
-- the same precinct and method in the 2016 general for U.S. House 6
-- (Price, REP / Stooksbury, DEM) as the baseline, joined through the
-- precinct crosswalk (the snapshot spells three Cobb precincts the 2016
-- way, "Mount Bethel", and one DeKalb name with a trailing space), and
-- the features x = vote method and county indicators (advance, absentee,
-- Cobb, DeKalb).  Read by demo/night.sql and bench/backtest_night.sql, run
-- from the top of the source tree.
CREATE TEMP TABLE runoff_m (county text, precinct text, candidate text, party text, votes int,
  election_day int, absentee_by_mail int, advance_in_person int, provisional int,
  registered_voters int, ballots_cast int, snapshot text);
\copy runoff_m FROM 'data/ga6_2017/runoff_2017-06-20_precinct_by_method_election_night.csv' CSV HEADER
CREATE TEMP TABLE gen16 (county text, precinct text, office text, district text, candidate text,
  party text, votes int, election_day int, absentee_by_mail int, advance_in_person int, provisional int);
\copy gen16 FROM 'data/ga6_2017/general_2016-11-08_ga6_precinct.csv' CSV HEADER
CREATE TEMP TABLE xwalk (shp_district_id text, county text, shp_precinct_name text,
  precinct_2017_runoff text, precinct_2016_general text, precinct_2018_general text, note text);
\copy xwalk FROM 'data/ga6_2017/precinct_crosswalk.csv' CSV HEADER

-- One row per precinct and method, with its 2016 baseline (0 where none).
-- Votes by party, precinct and method, from either election's file.
CREATE TEMP VIEW by_method AS
SELECT 'runoff' AS election, county, precinct, party, method, v
FROM runoff_m CROSS JOIN LATERAL (VALUES ('election_day', election_day),
  ('advance_in_person', advance_in_person), ('absentee_by_mail', absentee_by_mail)) m(method, v)
UNION ALL
SELECT 'general_2016', county, precinct, party, method, v
FROM gen16 CROSS JOIN LATERAL (VALUES ('election_day', election_day),
  ('advance_in_person', advance_in_person), ('absentee_by_mail', absentee_by_mail)) m(method, v)
WHERE office = 'U.S. House';

CREATE TEMP TABLE unit AS
WITH two AS (
  SELECT election, county, precinct, method,
         sum(v) FILTER (WHERE party = 'REP') AS rep, sum(v) FILTER (WHERE party = 'DEM') AS dem
  FROM by_method GROUP BY election, county, precinct, method),
r AS (SELECT county, precinct, method, rep AS a, dem AS b FROM two WHERE election = 'runoff'),
g AS (SELECT county, precinct, method, rep AS ba, dem AS bb FROM two WHERE election = 'general_2016'),
x AS (SELECT DISTINCT county, precinct_2017_runoff, precinct_2016_general FROM xwalk
      WHERE precinct_2017_runoff <> '' AND precinct_2016_general <> '')
SELECT row_number() OVER (ORDER BY r.county, r.precinct, r.method) AS id,
       r.county, r.precinct, r.method, r.a::float8 AS a, r.b::float8 AS b,
       coalesce(sum(g.ba), 0)::float8 AS ba, coalesce(sum(g.bb), 0)::float8 AS bb,
       ARRAY[(r.method = 'advance_in_person')::int, (r.method = 'absentee_by_mail')::int,
             (r.county = 'Cobb')::int, (r.county = 'DeKalb')::int]::float8[] AS x
FROM r LEFT JOIN x ON x.county = r.county AND x.precinct_2017_runoff = trim(r.precinct)
       LEFT JOIN g ON g.county = r.county AND g.method = r.method
                  AND g.precinct = coalesce(x.precinct_2016_general, trim(r.precinct))
GROUP BY r.county, r.precinct, r.method, r.a, r.b;

