-- cancel_setup.sql: the data of the cancellation test (test/sh/cancel.sh)
-- and of the cancel-latency benchmark (bench/bench_cancel.sh), in a
-- database where canvass is to be created.
CREATE EXTENSION canvass CASCADE;
-- A million rows: weights, and household points around Roswell, Georgia.
CREATE TABLE million AS
  SELECT i, (i % 97)::float8 AS w,
         ST_SetSRID(ST_MakePoint(-84.36 + (i % 1000) * 0.0001, 34.02 + (i / 1000) * 0.0001), 4326) AS geom,
         (i % 3 = 0) AS voted, ARRAY[(i % 2)::float8, (i % 5)::float8, (i % 7)::float8] AS x
  FROM generate_series(1, 1000000) i;
ANALYZE million;
-- One voter's history against a calendar of 2 million election days (one a
-- day from 1900 on, newest first), a vote every fourth day, wide marks.
CREATE TABLE history AS
  SELECT array_agg(date '1900-01-01' + i ORDER BY i DESC) AS elections,
         array_agg(CASE WHEN i % 2 = 0 THEN 'general' ELSE 'primary' END ORDER BY i DESC) AS kinds,
         array_agg(date '1900-01-01' + i ORDER BY i) FILTER (WHERE i % 4 = 0) AS voted,
         array_agg(CASE WHEN i % 4 = 0 THEN 'X' END ORDER BY i DESC) AS marks,
         (SELECT array_agg(w ORDER BY i) FROM million) AS weights
  FROM generate_series(0, 1999999) i;
-- 4,000 turfs and 4,000 canvassers scattered over 30 km.
CREATE TABLE places AS
  SELECT array_agg(ST_SetSRID(ST_MakePoint((i::bigint * 7919 % 30000)::float8, (i::bigint * 104729 % 30000)::float8), 26967) ORDER BY i) AS turfs,
         array_agg(ST_SetSRID(ST_MakePoint((i::bigint * 6007 % 30000)::float8, (i::bigint * 15485863 % 30000)::float8), 26967) ORDER BY i) AS sites
  FROM generate_series(1, 4000) i;
