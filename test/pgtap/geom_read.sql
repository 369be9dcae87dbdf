-- pgTAP: reading points.  canvass reads a plain point straight from
-- PostGIS's serialized form and everything else through ST_AsEWKB; the
-- hidden setting canvass.debug_point_reader = 'wkb' sends every value
-- through ST_AsEWKB, and 'serialized' refuses any value the direct reader
-- does not take.  Each case below runs both ways and must give the same
-- answer or the same error, and the point forms must be read directly: 2D, Z, M and ZM points, points carrying a bounding box,
-- values stored in a table (short varlena headers) and computed ones, SRIDs
-- 0, 4326 and the largest PostGIS allows, empty and non-finite points, and
-- other geometry types.
\i test/helpers.sql
BEGIN;
SELECT plan(23);

-- The answer of a query of (n, x) rows as text, or the error it raises.
CREATE FUNCTION pg_temp.outcome(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  r text;
BEGIN
  EXECUTE 'SELECT string_agg(x::text, '','' ORDER BY n) FROM (' || query || ') q(n, x)' INTO r;
  RETURN coalesce(r, '(null)');
EXCEPTION WHEN OTHERS THEN
  RETURN pg_temp.error_of(query);
END $$;

-- The outcome of a query read both ways, NULL if the two differ.
CREATE FUNCTION pg_temp.both_ways(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  direct text; wkb text;
BEGIN
  PERFORM set_config('canvass.debug_point_reader', 'auto', true);
  direct := pg_temp.outcome(query);
  PERFORM set_config('canvass.debug_point_reader', 'wkb', true);
  wkb := pg_temp.outcome(query);
  PERFORM set_config('canvass.debug_point_reader', 'auto', true);
  RETURN CASE WHEN direct = wkb THEN direct END;
END $$;

CREATE TABLE gr AS
  SELECT i, ST_SetSRID(ST_MakePoint((i * 7919) % 1000 + 0.25, (i * 104729) % 997 - 0.5), 32616) AS g
  FROM generate_series(1, 500) i;

-- The same walk both ways, for each form of the same points.
SELECT isnt(pg_temp.both_ways($$SELECT i, canvass.walk_order(g) OVER () FROM gr$$), NULL,
            '2D points from a table: same walk');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.walk_order(g) OVER () FROM gr$$),
          pg_temp.both_ways($$SELECT i, canvass.walk_order(ST_Force3DZ(g, i)) OVER () FROM gr$$),
          'Z points: the walk of their x and y');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.walk_order(g) OVER () FROM gr$$),
          pg_temp.both_ways($$SELECT i, canvass.walk_order(ST_Force3DM(g, i)) OVER () FROM gr$$),
          'M points: the walk of their x and y');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.walk_order(g) OVER () FROM gr$$),
          pg_temp.both_ways($$SELECT i, canvass.walk_order(ST_Force4D(g, i, -i)) OVER () FROM gr$$),
          'ZM points: the walk of their x and y');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.walk_order(g) OVER () FROM gr$$),
          pg_temp.both_ways($$SELECT i, canvass.walk_order(postgis_addbbox(g)) OVER () FROM gr$$),
          'points carrying a bounding box: same walk');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.walk_order(g) OVER () FROM gr$$),
          pg_temp.both_ways($$SELECT i, canvass.walk_order(postgis_addbbox(ST_Force4D(g, 1, 2))) OVER () FROM gr$$),
          'ZM points carrying a bounding box: same walk');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.turf(g, 50) OVER () FROM gr$$),
          pg_temp.both_ways($$SELECT i, canvass.turf(ST_SetSRID(ST_MakePoint(ST_X(g), ST_Y(g)), 32616), 50) OVER () FROM gr$$),
          'computed points (4-byte headers) and stored ones (1-byte): same turfs');

-- SRIDs: 0, a longitude/latitude one (projected to metres) and the largest.
SELECT isnt(pg_temp.both_ways($$SELECT i, canvass.walk_order(ST_SetSRID(g, 0)) OVER () FROM gr$$), NULL,
            'SRID 0: same walk both ways');
SELECT isnt(pg_temp.both_ways($$SELECT i, canvass.walk_order(ST_SetSRID(ST_MakePoint(-84.3 + ST_X(g) / 1e5, 33.9 + ST_Y(g) / 1e5), 4326)) OVER () FROM gr$$),
            NULL, 'SRID 4326: same walk both ways');
SELECT is(pg_temp.both_ways($$SELECT i, canvass.walk_order(ST_SetSRID(g, CASE WHEN i = 7 THEN 999999 ELSE 32616 END)) OVER () FROM gr$$),
          '22023' || E'\n' || 'walk_order needs all points in one SRID' || E'\n' || 'The geometry at row 7 of the partition has SRID 999999, an earlier one SRID 32616.' || E'\n'
          || 'Transform them into one system, for example with ST_Transform(geom, 4326).',
          'SRID 999999 is read as 999999 both ways');

-- Empty, non-finite and non-point values.
SELECT is(pg_temp.both_ways($$SELECT 1, canvass.walk_order('SRID=32616;POINT EMPTY'::geometry) OVER ()$$),
          '(null)', 'POINT EMPTY takes no part both ways (NULL answer)');
SELECT is(pg_temp.both_ways($$SELECT 1, canvass.walk_order(ST_Force4D('SRID=32616;POINT EMPTY'::geometry)) OVER ()$$),
          '(null)', 'POINT ZM EMPTY takes no part both ways');
SELECT is(pg_temp.both_ways($$SELECT 1, canvass.walk_order(ST_MakePoint('NaN', 'NaN')) OVER ()$$),
          '22023' || E'\n' || 'walk_order needs finite coordinates' || E'\n' || 'The geometry at row 1 of the partition is POINT(NaN NaN).' || E'\n'
          || 'Fix or leave out the geocode of that household; a NULL geometry takes no part.',
          'POINT(NaN NaN) is an error both ways');
SELECT is(pg_temp.both_ways($$SELECT 1, canvass.walk_order(ST_MakePoint(1, 'Infinity')) OVER ()$$),
          '22023' || E'\n' || 'walk_order needs finite coordinates' || E'\n' || 'The geometry at row 1 of the partition is POINT(1 Infinity).' || E'\n'
          || 'Fix or leave out the geocode of that household; a NULL geometry takes no part.',
          'an infinite coordinate is an error both ways');
SELECT is(pg_temp.both_ways($$SELECT 1, canvass.walk_order('LINESTRING(0 0, 1 1)'::geometry) OVER ()$$),
          '22023' || E'\n' || 'walk_order takes points, not LineString' || E'\n' || 'The geometry at row 1 of the partition is a LineString.' || E'\n'
          || 'Pass one point per household, for example ST_PointOnSurface(geom) of a building or parcel.',
          'a line is an error both ways');
SELECT is(pg_temp.both_ways($$SELECT 1, canvass.walk_order('MULTIPOINT((0 0))'::geometry) OVER ()$$),
          '22023' || E'\n' || 'walk_order takes points, not MultiPoint' || E'\n' || 'The geometry at row 1 of the partition is a MultiPoint.' || E'\n'
          || 'Pass one point per household, for example ST_PointOnSurface(geom) of a building or parcel.',
          'a multipoint is an error both ways');
SELECT is(pg_temp.both_ways($$SELECT 1, x FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(5 5)'], ARRAY['POINT(1 1)'::geometry, 'POINT EMPTY']) x$$),
          '22023' || E'\n' || 'assign_turfs needs a point in every element of sites' || E'\n' || 'Element 2 of sites is an empty geometry.' || E'\n'
          || 'Leave empty geometries out of the array, for example with FILTER (WHERE NOT ST_IsEmpty(geom)).',
          'an empty site in an array is an error both ways');

-- The point forms above are read directly: with the direct reader alone
-- they still work, and a line is refused by it (so the test can fail).
SET LOCAL canvass.debug_point_reader = 'serialized';
SELECT lives_ok($$SELECT canvass.walk_order(g) OVER () FROM gr
                  UNION ALL SELECT canvass.walk_order(ST_Force4D(g, 1, 2)) OVER () FROM gr
                  UNION ALL SELECT canvass.walk_order(ST_Force3DM(postgis_addbbox(g), 5)) OVER () FROM gr
                  UNION ALL SELECT canvass.walk_order(ST_SetSRID(ST_MakePoint(ST_X(g), ST_Y(g)), 0)) OVER () FROM gr
                  UNION ALL SELECT canvass.walk_order('SRID=4326;POINT ZM EMPTY'::geometry) OVER ()$$,
                'stored, computed, Z/M/ZM, boxed and empty points are read from the serialized form');
SELECT throws_ok($$SELECT canvass.walk_order('LINESTRING(0 0, 1 1)'::geometry) OVER ()$$, '22023',
                 'walk_order reads only serialized points when canvass.debug_point_reader is ''serialized''',
                 'a line is not read by the direct reader');
RESET canvass.debug_point_reader;
SELECT is(current_setting('canvass.debug_point_reader'), 'auto', 'the reader is auto by default');

-- Longitude and latitude swapped: Roswell, Georgia (34.02 N, 84.36 W) built
-- as ST_MakePoint(lat, lon) lands at 84.36 S, where nobody canvasses.  Every
-- function that reads points refuses it, naming the fix.
SELECT throws_ok($$SELECT canvass.walk_order(ST_SetSRID(ST_MakePoint(34.02 + i * 0.001, -84.36), 4326)) OVER ()
                   FROM generate_series(1, 3) i$$, '22023',
                 'walk_order found every point beyond 75 degrees of latitude in SRID 4326',
                 'walk_order refuses points with longitude and latitude swapped');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY[ST_SetSRID(ST_MakePoint(34.02, -84.36), 4326)],
                                                      ARRAY[ST_SetSRID(ST_MakePoint(34.03, -84.35), 4326)])$$, '22023',
                 'assign_turfs found every point beyond 75 degrees of latitude in SRID 4326',
                 'assign_turfs refuses them too');
SELECT lives_ok($$SELECT * FROM canvass.assign_turfs(ARRAY[ST_SetSRID(ST_MakePoint(-156.79, 71.29), 4326)],
                                                     ARRAY[ST_SetSRID(ST_MakePoint(-156.78, 71.30), 4326)])$$,
                'Utqiagvik, Alaska (71.29 N) is within reach');

SELECT * FROM finish();
ROLLBACK;
