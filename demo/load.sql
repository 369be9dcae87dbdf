-- GA-6 demo, part 1: load the real data in data/ga6_2017 into schema ga6.
-- Run from the repository root (the \copy and cat paths are relative to it).
-- Idempotent: the schema is dropped and rebuilt.

\echo '== load: GA-6 results, turnout, crosswalk and polygons into schema ga6'

SET client_min_messages = warning;   -- no notice per dropped object
DROP SCHEMA IF EXISTS ga6 CASCADE;
RESET client_min_messages;
CREATE SCHEMA ga6;

-- ---------------------------------------------------------------------------
-- Precinct results: one long table, 2017-06-20 runoff (certified, no vote
-- method columns) and 2016-11-08 general (President, U.S. Senate, U.S. House 6).
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.precinct_result (
    election_date      date    NOT NULL,
    election           text    NOT NULL,   -- 'special_runoff' or 'general'
    county             text    NOT NULL,
    precinct           text    NOT NULL,   -- name as that election's results spell it
    office             text    NOT NULL,   -- 'U.S. House', 'President', 'U.S. Senate'
    district           int,                -- 6 for U.S. House, NULL for statewide offices
    candidate          text    NOT NULL,
    party              text,
    votes              bigint  NOT NULL CHECK (votes >= 0),
    election_day       bigint,             -- vote method columns: NULL for the runoff
    absentee_by_mail   bigint,             -- (the certified file has no method split)
    advance_in_person  bigint,
    provisional        bigint,
    PRIMARY KEY (election_date, county, precinct, office, candidate)
);

CREATE TEMP TABLE stage_runoff (
    county text, precinct text, office text, district int,
    candidate text, party text, votes bigint
);
\copy stage_runoff FROM 'data/ga6_2017/runoff_2017-06-20_precinct.csv' CSV HEADER

INSERT INTO ga6.precinct_result
    (election_date, election, county, precinct, office, district, candidate, party, votes)
SELECT date '2017-06-20', 'special_runoff', county, precinct, office, district, candidate, party, votes
FROM stage_runoff;

CREATE TEMP TABLE stage_general (
    county text, precinct text, office text, district int, candidate text, party text,
    votes bigint, election_day bigint, absentee_by_mail bigint,
    advance_in_person bigint, provisional bigint
);
\copy stage_general FROM 'data/ga6_2017/general_2016-11-08_ga6_precinct.csv' CSV HEADER

INSERT INTO ga6.precinct_result
SELECT date '2016-11-08', 'general', county, precinct, office, district, candidate, party,
       votes, election_day, absentee_by_mail, advance_in_person, provisional
FROM stage_general;

CREATE INDEX ON ga6.precinct_result (county, precinct);
CREATE INDEX ON ga6.precinct_result (election_date, office, candidate);

-- ---------------------------------------------------------------------------
-- Runoff by vote method: unofficial election-night snapshot (a little below
-- the certified totals); for method-level work only.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.runoff_by_method (
    county             text   NOT NULL,
    precinct           text   NOT NULL,
    candidate          text   NOT NULL,
    party              text,
    votes              bigint NOT NULL,
    election_day       bigint NOT NULL,
    absentee_by_mail   bigint NOT NULL,
    advance_in_person  bigint NOT NULL,
    provisional        bigint NOT NULL,
    registered_voters  bigint,
    ballots_cast       bigint,
    snapshot_text      text,          -- as in the file, e.g. '6/20/2017 11:28:53 PM EDT'
    snapshot           timestamptz,   -- the same, parsed (US Eastern time)
    PRIMARY KEY (county, precinct, candidate)
);

CREATE TEMP TABLE stage_method (
    county text, precinct text, candidate text, party text, votes bigint,
    election_day bigint, absentee_by_mail bigint, advance_in_person bigint,
    provisional bigint, registered_voters bigint, ballots_cast bigint, snapshot text
);
\copy stage_method FROM 'data/ga6_2017/runoff_2017-06-20_precinct_by_method_election_night.csv' CSV HEADER

INSERT INTO ga6.runoff_by_method
SELECT county, precinct, candidate, party, votes, election_day, absentee_by_mail,
       advance_in_person, provisional, registered_voters, ballots_cast, snapshot,
       -- all snapshots are stamped EDT; parse independently of the DateStyle setting
       to_timestamp(regexp_replace(snapshot, '\s+EDT$', ''), 'FMMM/FMDD/YYYY FMHH12:MI:SS AM')::timestamp
           AT TIME ZONE 'America/New_York'
FROM stage_method;

-- ---------------------------------------------------------------------------
-- Registered voters and ballots cast per precinct and election.
-- Runoff: GA-6 voters only. 2016: whole precinct (also for split precincts).
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.precinct_turnout (
    election_date      date   NOT NULL,
    election           text   NOT NULL,
    county             text   NOT NULL,
    precinct           text   NOT NULL,
    registered_voters  bigint NOT NULL CHECK (registered_voters >= 0),
    ballots_cast       bigint NOT NULL CHECK (ballots_cast >= 0),
    PRIMARY KEY (election_date, county, precinct)
);

CREATE TEMP TABLE stage_turnout (county text, precinct text, registered_voters bigint, ballots_cast bigint);
\copy stage_turnout FROM 'data/ga6_2017/runoff_2017-06-20_precinct_turnout.csv' CSV HEADER
INSERT INTO ga6.precinct_turnout
SELECT date '2017-06-20', 'special_runoff', county, precinct, registered_voters, ballots_cast
FROM stage_turnout;

TRUNCATE stage_turnout;
\copy stage_turnout FROM 'data/ga6_2017/general_2016-11-08_ga6_precinct_turnout.csv' CSV HEADER
INSERT INTO ga6.precinct_turnout
SELECT date '2016-11-08', 'general', county, precinct, registered_voters, ballots_cast
FROM stage_turnout;

-- ---------------------------------------------------------------------------
-- Official district totals (GA SOS), by vote method.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.official_total (
    election_date      date   NOT NULL,
    election           text   NOT NULL,   -- 'special', 'special_runoff', 'general'
    office             text   NOT NULL,
    district           int,
    candidate          text   NOT NULL,
    party              text,              -- empty for the April 2017 special in the source
    votes              bigint NOT NULL,
    election_day       bigint,
    absentee_by_mail   bigint,
    advance_in_person  bigint,
    provisional        bigint,
    source_file        text,
    PRIMARY KEY (election_date, office, candidate)
);
\copy ga6.official_total FROM 'data/ga6_2017/official_district_totals.csv' CSV HEADER

-- ---------------------------------------------------------------------------
-- 2016 precincts only partly inside GA-6.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.split_precinct (
    election_date          date    NOT NULL,
    county                 text    NOT NULL,
    precinct               text    NOT NULL,   -- 2016 name
    us_house_6_votes       bigint  NOT NULL,
    top_of_ticket_office   text    NOT NULL,
    top_of_ticket_votes    bigint  NOT NULL CHECK (top_of_ticket_votes > 0),
    ratio                  numeric NOT NULL,   -- rounded to 3 decimals in the file
    PRIMARY KEY (election_date, county, precinct)
);
\copy ga6.split_precinct FROM 'data/ga6_2017/split_precincts_2016.csv' CSV HEADER

-- ---------------------------------------------------------------------------
-- Crosswalk: polygon id (DISTRICT field) to the names each election uses.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.precinct_crosswalk (
    shp_district_id        text PRIMARY KEY,
    county                 text NOT NULL,
    shp_precinct_name      text,
    precinct_2017_runoff   text,
    precinct_2016_general  text,
    precinct_2018_general  text,
    note                   text
);
\copy ga6.precinct_crosswalk FROM 'data/ga6_2017/precinct_crosswalk.csv' CSV HEADER
CREATE UNIQUE INDEX ON ga6.precinct_crosswalk (county, precinct_2017_runoff);
CREATE UNIQUE INDEX ON ga6.precinct_crosswalk (county, precinct_2016_general);

-- ---------------------------------------------------------------------------
-- Precinct polygons (VTD2016, clipped to GA-6), SRID 4326, valid multipolygons.
-- precinct_2017 / precinct_2016 carry the result names through the crosswalk.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.precinct (
    precinct_id        text PRIMARY KEY,   -- the DISTRICT field: county FIPS + precinct code
    county             text NOT NULL,      -- from the crosswalk (the 5 slivers have none in the layer)
    county_fips        text NOT NULL,      -- '067' Cobb, '089' DeKalb, '121' Fulton
    shp_precinct_code  text,               -- PRECINCT_I
    shp_precinct_name  text,               -- PRECINCT_N
    precinct_2017      text,               -- name in the 2017 runoff results (NULL: no runoff votes)
    precinct_2016      text,               -- name in the 2016 general results
    population         int,                -- POPULATION field of the layer
    source_id          bigint,             -- ID field of the layer
    properties         jsonb NOT NULL,     -- every attribute of the feature, as loaded
    area_km2           float8 NOT NULL,
    geom               geometry(MultiPolygon, 4326) NOT NULL
);

\set gj `cat data/ga6_2017/geometry/ga6_precincts_vtd2016.geojson`
INSERT INTO ga6.precinct
SELECT f.p->>'DISTRICT',
       x.county,
       left(f.p->>'DISTRICT', 3),
       f.p->>'PRECINCT_I',
       f.p->>'PRECINCT_N',
       x.precinct_2017_runoff,
       x.precinct_2016_general,
       (f.p->>'POPULATION')::int,
       (f.p->>'ID')::bigint,
       f.p,
       ST_Area(g.geom::geography) / 1e6,
       g.geom
FROM (SELECT e->'properties' AS p, e->'geometry' AS geometry
      FROM jsonb_array_elements((:'gj')::jsonb -> 'features') AS e) AS f
CROSS JOIN LATERAL (
    SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(
               ST_SetSRID(ST_GeomFromGeoJSON(f.geometry::text), 4326)), 3))::geometry(MultiPolygon, 4326) AS geom
) AS g
LEFT JOIN ga6.precinct_crosswalk AS x ON x.shp_district_id = f.p->>'DISTRICT';
\unset gj

CREATE INDEX ON ga6.precinct USING gist (geom);
CREATE UNIQUE INDEX ON ga6.precinct (county, precinct_2017);
CREATE UNIQUE INDEX ON ga6.precinct (county, precinct_2016);

-- The district boundary (2012 congressional plan).
CREATE TABLE ga6.district (
    district  int PRIMARY KEY,
    plan      text NOT NULL,
    fips      text,
    area_km2  float8 NOT NULL,
    geom      geometry(MultiPolygon, 4326) NOT NULL
);

\set gj `cat data/ga6_2017/geometry/ga6_district_2012plan.geojson`
INSERT INTO ga6.district
SELECT 6, '2012 congressional plan', e->'properties'->>'FIPS',
       ST_Area(g.geom::geography) / 1e6, g.geom
FROM jsonb_array_elements((:'gj')::jsonb -> 'features') AS e
CROSS JOIN LATERAL (
    SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(
               ST_SetSRID(ST_GeomFromGeoJSON((e->'geometry')::text), 4326)), 3))::geometry(MultiPolygon, 4326) AS geom
) AS g;
\unset gj
CREATE INDEX ON ga6.district USING gist (geom);

DROP TABLE stage_runoff, stage_general, stage_method, stage_turnout;

ANALYZE ga6.precinct_result, ga6.runoff_by_method, ga6.precinct_turnout, ga6.official_total,
        ga6.split_precinct, ga6.precinct_crosswalk, ga6.precinct, ga6.district;

SELECT 'precinct_result' AS "table", count(*) AS "rows" FROM ga6.precinct_result
UNION ALL SELECT 'runoff_by_method', count(*) FROM ga6.runoff_by_method
UNION ALL SELECT 'precinct_turnout', count(*) FROM ga6.precinct_turnout
UNION ALL SELECT 'official_total', count(*) FROM ga6.official_total
UNION ALL SELECT 'split_precinct', count(*) FROM ga6.split_precinct
UNION ALL SELECT 'precinct_crosswalk', count(*) FROM ga6.precinct_crosswalk
UNION ALL SELECT 'precinct (polygons)', count(*) FROM ga6.precinct
UNION ALL SELECT 'district', count(*) FROM ga6.district;
