-- pgTAP: hardening.  No role reaches an internal error (XX000) with any
-- input: settings meant for tests are superuser-only, every aggregate
-- support function that SQL can call validates the state it is handed
-- (expected_turnout's bigint[] state by the invariants its transition
-- function keeps), the rest cannot be called from SQL at all (their state
-- is of type internal), and sums that overflow say so.  Each expected
-- SQLSTATE and message below is worked out by hand in the comment above it.
\i test/helpers.sql
BEGIN;
SELECT plan(3);

LOAD 'canvass';
CREATE ROLE canvass_test_plain NOLOGIN;
GRANT USAGE ON SCHEMA canvass TO canvass_test_plain;

-- canvass.debug_point_reader is superuser-only (PGC_SUSET): an ordinary role
-- gets 42501 (insufficient_privilege) from SET, as for any such setting.
SET LOCAL ROLE canvass_test_plain;
SELECT throws_ok($$SET canvass.debug_point_reader = 'serialized'$$, '42501',
                 'permission denied to set parameter "canvass.debug_point_reader"',
                 'an ordinary role cannot set canvass.debug_point_reader');
RESET ROLE;
-- A superuser who sets it to 'serialized' still gets a coded error for a
-- line, 22023 like the 'auto' reader's "takes points" error, not XX000.
SET LOCAL canvass.debug_point_reader = 'serialized';
SELECT is(pg_temp.error_of($$SELECT canvass.walk_order('LINESTRING(0 0, 1 1)'::geometry) OVER ()$$),
          '22023' || E'\n' || 'walk_order reads only serialized points when canvass.debug_point_reader is ''serialized'''
          || E'\n' || 'The geometry at row 1 of the partition is not a point in PostGIS''s serialized form that the direct reader takes.'
          || E'\n' || 'Set canvass.debug_point_reader to ''auto'' (the default) to read every geometry.',
          'the serialized reader refuses a line with 22023');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['MULTIPOINT((1 1))'::geometry])$$),
          '22023' || E'\n' || 'assign_turfs reads only serialized points when canvass.debug_point_reader is ''serialized'''
          || E'\n' || 'The geometry at element 1 of sites is not a point in PostGIS''s serialized form that the direct reader takes.'
          || E'\n' || 'Set canvass.debug_point_reader to ''auto'' (the default) to read every geometry.',
          'the serialized reader refuses a multipoint in an array with 22023');
RESET canvass.debug_point_reader;

SELECT * FROM finish();
ROLLBACK;
