-- readme_fixtures.sql: small tables with the names and columns README's
-- examples use (a reader's voter file, results, turfs), so that every
-- example runs as written.  Loaded by test/sh/attack.sh before it runs the
-- examples.  Points lie around Roswell, Georgia; values are made up, and
-- deterministic (hashes of the row number, no random()).

CREATE TABLE precinct_turnout (precinct text PRIMARY KEY, expected float8);
INSERT INTO precinct_turnout
SELECT p, e FROM (VALUES ('P1', 230.0), ('P2', 237.0), ('P3', 228.0),
                            ('P4', 249.0), ('P5', 281.0), ('P6', 465.0)) v(p, e);

CREATE TABLE president_2016 (county text, precinct text, candidate text, votes bigint);
CREATE TABLE split_precincts (county text, precinct text, inside_share float8);
INSERT INTO president_2016 VALUES ('FULTON', 'SS01', 'Trump', 413), ('FULTON', 'SS01', 'Clinton', 388),
                                  ('COBB', 'EA01', 'Trump', 211), ('COBB', 'EA01', 'Clinton', 240);
INSERT INTO split_precincts VALUES ('FULTON', 'SS01', 0.62), ('COBB', 'EA01', 0.25);

CREATE SCHEMA ga6;
CREATE TABLE ga6.precinct_result (election_date date, county text, precinct text, office text,
                                  candidate text, votes bigint);
CREATE TABLE ga6.split_precinct (election_date date, county text, precinct text,
                                 us_house_6_votes bigint, top_of_ticket_votes bigint);
INSERT INTO ga6.precinct_result
SELECT '2016-11-08', c, p, 'President', cand, v
FROM (VALUES ('FULTON', 'SS01', 'Trump', 413), ('FULTON', 'SS01', 'Clinton', 388),
             ('COBB', 'EA01', 'Trump', 211), ('COBB', 'EA01', 'Clinton', 240),
             ('DEKALB', 'DU01', 'Trump', 500), ('DEKALB', 'DU01', 'Clinton', 620)) r(c, p, cand, v);
INSERT INTO ga6.split_precinct VALUES ('2016-11-08', 'FULTON', 'SS01', 500, 801),
                                      ('2016-11-08', 'COBB', 'EA01', 100, 451);

CREATE TABLE precincts (precinct text, geom geometry(Polygon, 4326));
CREATE TABLE districts (district text, geom geometry(Polygon, 4326));
INSERT INTO precincts VALUES
  ('SS01', ST_MakeEnvelope(-84.40, 34.00, -84.38, 34.02, 4326)),
  ('EA01', ST_MakeEnvelope(-84.38, 34.00, -84.36, 34.02, 4326));
INSERT INTO districts VALUES ('6', ST_MakeEnvelope(-84.395, 33.99, -84.37, 34.03, 4326));

-- Plans for the metrics example, and canvassers' turfs for the RLS example.
CREATE TABLE assignment (plan int, district int, precinct text, turf_id int, canvasser name);
CREATE TABLE precinct_results (precinct text, dem bigint, rep bigint);
INSERT INTO precinct_results SELECT 'R' || i, 300 + (hashint4(i) & 255), 300 + (hashint4(-i) & 255)
FROM generate_series(1, 40) i;
INSERT INTO assignment (plan, district, precinct)
SELECT plan, 1 + (i - 1) / (2 * plan + 2) % 8, 'R' || i FROM generate_series(1, 40) i, generate_series(1, 2) plan;

CREATE TABLE district_results (district int, dem bigint, rep bigint, prev_dem bigint, prev_rep bigint);
CREATE TABLE district_ids (district int, supporters int, contacts int);
INSERT INTO district_results SELECT d, 40000 + 1000 * d, 50000 - 900 * d, 39000 + 900 * d, 51000 - 800 * d
FROM generate_series(1, 8) d;
INSERT INTO district_ids SELECT d, 80 + d, 260 FROM generate_series(1, 8) d;
CREATE TABLE turf_results (turf int, ids int, contacts int);
INSERT INTO turf_results VALUES (1, 81, 263), (2, 40, 90), (3, 0, 12);

-- Households: 240 points in three precincts, each a household with one voter.
CREATE TABLE households (id int PRIMARY KEY, voter_id int, household_id int, precinct text, turf int,
                         address text, geom geometry(Point, 4326));
INSERT INTO households
SELECT i, i, i, 'P' || (1 + i % 3), 1 + i % 6, i || ' Main St',
       ST_SetSRID(ST_MakePoint(-84.36 + (hashint4(i) & 1023) * 0.00001,
                               34.02 + (hashint4(i + 7919) & 1023) * 0.00001), 4326)
FROM generate_series(1, 240) i;
CREATE TABLE turf_yesterday AS SELECT id, 1 + id % 4 AS turf FROM households WHERE id <= 200;
CREATE TABLE buildings (building_id int, precinct text, geom geometry(Point, 4326), units int);
INSERT INTO buildings SELECT id, precinct, geom, 1 + (hashint4(id) & 7) FROM households WHERE id <= 120;
CREATE TABLE voters (household_id int, first_name text, last_name text);
INSERT INTO voters SELECT id, 'Voter', 'No. ' || id FROM households;
CREATE TABLE volunteers (volunteer_id int, home geometry(Point, 4326), available boolean);
INSERT INTO volunteers SELECT row_number() OVER (ORDER BY id), geom, true FROM households WHERE id % 40 = 3;
CREATE TABLE turf_centres AS SELECT turf, ST_Centroid(ST_Collect(geom)) AS centre FROM households GROUP BY turf;
CREATE TABLE staging_sites (site_id int, geom geometry(Point, 4326), capacity int);
INSERT INTO staging_sites VALUES (1, ST_SetSRID(ST_MakePoint(-84.355, 34.025), 4326), 3),
                                 (2, ST_SetSRID(ST_MakePoint(-84.352, 34.023), 4326), 2),
                                 (3, ST_SetSRID(ST_MakePoint(-84.357, 34.021), 4326), 4);

-- A voter file with vote history: a voter's chance to vote depends on a
-- hash of the voter, so the turnout model has something to fit.
CREATE TABLE voter (voter_id int PRIMARY KEY, registration_date date, age int, precinct text,
                    support float8, turf_id int, birth_year int);
INSERT INTO voter SELECT i, date '2012-01-01' + (hashint4(i) & 2047), 18 + (hashint4(i * 3) & 63),
                         'P' || (1 + i % 3), ((hashint4(i * 5) & 1023) / 1023.0)::float8, 1 + i % 6,
                         1940 + (hashint4(i * 3) & 63)
FROM generate_series(1, 600) i;
-- The election calendar, with its kinds.
CREATE TABLE election (election_date date PRIMARY KEY, election_type text);
INSERT INTO election VALUES ('2014-11-04', 'general'), ('2016-11-08', 'general'), ('2017-04-18', 'special'),
  ('2018-05-22', 'primary'), ('2018-11-06', 'general'), ('2020-06-09', 'primary'), ('2020-11-03', 'general'),
  ('2022-05-24', 'primary'), ('2022-11-08', 'general');
CREATE TABLE vote_history (voter_id int, election_date date);
INSERT INTO vote_history
SELECT v.voter_id, e.d
FROM voter v
CROSS JOIN (VALUES (date '2014-11-04', 500), ('2016-11-08', 700), ('2017-04-18', 400), ('2018-05-22', 300), ('2018-11-06', 600), ('2020-06-09', 350),
                   ('2020-11-03', 750), ('2022-05-24', 320), ('2022-11-08', 620)) e(d, per_mille)
WHERE (hashint4(v.voter_id * 31 + extract(year FROM e.d)::int * 13 + extract(month FROM e.d)::int) & 1023)
      < e.per_mille * 1.024 * (0.5 + (v.voter_id % 10) / 10.0);

-- The Ohio voter file (oh_swvf) is loaded by README's own recipe.

-- Ballots in long layout, one row per mark: a skipped rank and an overvote.
CREATE TABLE cvr_marks (ballot_id text, rank int, choice text);
INSERT INTO cvr_marks VALUES ('b1', 1, 'Alice'), ('b1', 2, 'Bob'), ('b2', 2, 'Carol'),
                             ('b3', 1, 'Alice'), ('b3', 1, 'Bob');

-- Roles and tables of the row-level security example.
DO $$ BEGIN
  CREATE ROLE canvassers NOLOGIN; CREATE ROLE organisers NOLOGIN; CREATE ROLE data_team NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE TABLE turf (turf_id int, region text);
CREATE TABLE organiser (organiser name, region text);

-- A partitioned results table for the sharding example.
CREATE EXTENSION postgres_fdw;
CREATE TABLE district_votes (district int, dem bigint, rep bigint) PARTITION BY LIST (district);

-- Precinct polygons for the turf-region examples: the households of P1, P2
-- and P3 all lie in this square.
CREATE TABLE precinct_areas (precinct text, geom geometry(MultiPolygon, 4326));
INSERT INTO precinct_areas
SELECT 'P' || p, ST_Multi(ST_MakeEnvelope(-84.361, 34.019, -84.349, 34.031, 4326)) FROM generate_series(1, 3) p;
