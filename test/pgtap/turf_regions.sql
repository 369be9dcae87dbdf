-- pgTAP: canvass.turf_regions.  Signature, hand-computed regions, the
-- tiling properties (the union is the area within 1e-9 of its area, no two
-- regions overlap, each region covers its own doors and holds no other
-- turf's, valid MultiPolygons in the doors' SRID) on street grids,
-- subdivisions with a hole, apartment buildings with one-building turfs,
-- a concave precinct and longitude/latitude; NULL in each argument, NaN and
-- infinities, empty input, wrong types and SRIDs, bad areas, doors of two
-- turfs at one point, large input, input order.
--
-- matrix: canvass.turf_regions(geometry[],integer[],geometry)
\i test/helpers.sql
BEGIN;
SELECT plan(50);

-- Signature.
SELECT has_function('canvass', 'turf_regions', ARRAY['geometry[]', 'integer[]', 'geometry'],
                    'turf_regions(geometry[], integer[], geometry) exists');
SELECT function_returns('canvass', 'turf_regions', ARRAY['geometry[]', 'integer[]', 'geometry'], 'setof record',
                        'turf_regions returns a set');
SELECT volatility_is('canvass', 'turf_regions', ARRAY['geometry[]', 'integer[]', 'geometry'], 'immutable',
                     'turf_regions is immutable');
SELECT is((SELECT array_agg(a ORDER BY o)::text FROM pg_proc, unnest(proargnames) WITH ORDINALITY u(a, o)
           WHERE pronamespace = 'canvass'::regnamespace AND proname = 'turf_regions'),
          '{doors,turfs,area,turf,door_count,region}', 'turf_regions argument and column names');

-- Hand computations.  Doors (1,1), (1,3) in turf 1 and (3,1), (3,3) in turf
-- 2 in the square 0..4: the bisector x = 2 splits it into two 2 x 4 halves.
SELECT results_eq(
  $$SELECT turf, door_count, ST_Equals(region, CASE turf WHEN 1 THEN 'POLYGON((0 0, 2 0, 2 4, 0 4, 0 0))'::geometry
                                                       ELSE 'POLYGON((2 0, 4 0, 4 4, 2 4, 2 0))' END)
    FROM canvass.turf_regions(
      ARRAY['POINT(1 1)', 'POINT(3 1)', 'POINT(1 3)', 'POINT(3 3)']::geometry[], ARRAY[1, 2, 1, 2],
      'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')$$,
  $$VALUES (1, 2, true), (2, 2, true)$$,
  'square of four doors, left and right turfs: the halves x < 2 and x > 2 (hand)');
-- One turf: its region is the whole area, as a MultiPolygon.
SELECT results_eq(
  $$SELECT turf, door_count, ST_AsText(region) FROM canvass.turf_regions(
      ARRAY['POINT(1 1)', 'POINT(3 1)']::geometry[], ARRAY[7, 7], 'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')$$,
  $$VALUES (7, 2, 'MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0)))')$$,
  'one turf: the area itself');
-- Three doors on a line y = 1 at x = 1, 3, 7 in turfs 30, -2, 5 (numbers
-- with gaps, negative): bisectors x = 2 and x = 5 cut the 8 x 2 strip into
-- areas 4, 6 and 6 (hand).
SELECT results_eq(
  $$SELECT turf, door_count, ST_Area(region) FROM canvass.turf_regions(
      ARRAY['POINT(1 1)', 'POINT(3 1)', 'POINT(7 1)']::geometry[], ARRAY[30, -2, 5],
      'POLYGON((0 0, 8 0, 8 2, 0 2, 0 0))')$$,
  $$VALUES (-2, 1, 6.0::float8), (5, 1, 6.0), (30, 1, 4.0)$$,
  'collinear doors, turf numbers with gaps: rows in turf order, areas 6, 6, 4 (hand)');
-- Doors at one point in one turf are one door of the diagram, counted twice.
SELECT results_eq(
  $$SELECT turf, door_count, ST_Area(region) FROM canvass.turf_regions(
      ARRAY['POINT(1 1)', 'POINT(1 1)', 'POINT(3 1)']::geometry[], ARRAY[1, 1, 2],
      'POLYGON((0 0, 4 0, 4 2, 0 2, 0 0))')$$,
  $$VALUES (1, 2, 4.0::float8), (2, 1, 4.0)$$,
  'two doors at one point in one turf: one site, two doors');

-- The tiling properties of the regions of every case of tr_doors in
-- tr_area, as one text line per case: 'ok' or what failed.
CREATE TEMP TABLE tr_doors (c text, id int, geom geometry, turf int);
CREATE TEMP TABLE tr_area (c text PRIMARY KEY, poly geometry);
CREATE FUNCTION pg_temp.tiling(kase text) RETURNS text
LANGUAGE sql AS $$
  WITH r AS (
    SELECT x.* FROM tr_area a, canvass.turf_regions(
      (SELECT array_agg(geom ORDER BY id) FROM tr_doors WHERE c = kase),
      (SELECT array_agg(turf ORDER BY id) FROM tr_doors WHERE c = kase), a.poly) x
    WHERE a.c = kase),
  a AS (SELECT poly, ST_Area(poly) AS area FROM tr_area WHERE c = kase),
  checks AS (
    SELECT 'area of the union off by ' || (SELECT abs(sum(ST_Area(region)) - a.area) / a.area FROM r) AS fail, a.*
    FROM a WHERE (SELECT abs(sum(ST_Area(region)) - a.area) FROM r) > 1e-9 * a.area
    UNION ALL
    SELECT 'union differs from the area by ' || ST_Area(ST_SymDifference((SELECT ST_Union(region) FROM r), a.poly)), a.*
    FROM a WHERE ST_Area(ST_SymDifference((SELECT ST_Union(region) FROM r), a.poly)) > 1e-9 * a.area
    UNION ALL
    SELECT 'regions ' || r1.turf || ' and ' || r2.turf || ' overlap', a.*
    FROM a, r r1 JOIN r r2 ON r1.turf < r2.turf AND r1.region && r2.region
    WHERE ST_Area(ST_Intersection(r1.region, r2.region)) > 0
    UNION ALL
    SELECT 'door ' || d.id || ' outside its region', a.*
    FROM a, tr_doors d JOIN r ON r.turf = d.turf WHERE d.c = kase AND NOT ST_Covers(r.region, d.geom)
    UNION ALL
    SELECT 'door ' || d.id || ' inside the region of turf ' || r.turf, a.*
    FROM a, tr_doors d JOIN r ON r.turf <> d.turf WHERE d.c = kase AND ST_Intersects(r.region, d.geom)
    UNION ALL
    SELECT 'region ' || r.turf || ' is not a valid MultiPolygon in SRID ' || ST_SRID(a.poly), a.*
    FROM a, r WHERE NOT ST_IsValid(r.region) OR GeometryType(r.region) <> 'MULTIPOLYGON'
      OR ST_SRID(r.region) <> ST_SRID(a.poly) OR ST_IsEmpty(r.region)
    UNION ALL
    SELECT 'turf ' || d.turf || ' has ' || count(*) || ' doors, door_count says ' || min(r.door_count), a.*
    FROM a, tr_doors d LEFT JOIN r ON r.turf = d.turf WHERE d.c = kase
    GROUP BY d.turf, a.poly, a.area HAVING count(*) IS DISTINCT FROM min(r.door_count)::bigint)
  SELECT coalesce((SELECT string_agg(fail, '; ') FROM (SELECT fail FROM checks LIMIT 5) f), 'ok')
    || CASE WHEN (SELECT count(*) FROM r) = (SELECT count(DISTINCT turf) FROM tr_doors WHERE c = kase)
            THEN '' ELSE ', but not one region per turf' END;
$$;

-- A street grid: lots every 18 m on both sides of streets 100 m apart,
-- exactly on a lattice (many cocircular doors), in an L-shaped precinct.
INSERT INTO tr_area VALUES ('street grid', 'SRID=32616;POLYGON((0 0, 1500 0, 1500 700, 700 700, 700 1500, 0 1500, 0 0))');
INSERT INTO tr_doors
  SELECT 'street grid', row_number() OVER (), geom, canvass.turf(geom, 40) OVER ()
  FROM (SELECT ST_SetSRID(ST_MakePoint(9 + j * 18, s * 100 + 50 + side * 12), 32616) AS geom
        FROM generate_series(0, 14) s, generate_series(0, 82) j, (VALUES (-1), (1)) v(side)) g
  WHERE ST_Covers((SELECT poly FROM tr_area WHERE c = 'street grid'), geom);
SELECT is(pg_temp.tiling('street grid'), 'ok', 'street grid in an L-shaped precinct: a tiling');

-- A subdivision: houses on circles round cul-de-sacs (cocircular), scattered
-- houses around, a lake (a hole) in the precinct.
INSERT INTO tr_area VALUES ('subdivision', 'SRID=32616;POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (600 600, 900 600, 900 900, 600 900, 600 600))');
INSERT INTO tr_doors
  SELECT 'subdivision', row_number() OVER (ORDER BY geom), geom, canvass.turf(geom, 25) OVER ()
  FROM (SELECT ST_SetSRID(ST_MakePoint(150 + cx * 200 + 40 * cos(radians(k * 30)),
                                       150 + cy * 200 + 40 * sin(radians(k * 30))), 32616) AS geom
        FROM generate_series(0, 2) cx, generate_series(0, 2) cy, generate_series(0, 11) k
        UNION ALL
        SELECT ST_SetSRID(ST_MakePoint(20 + (i * 137) % 960, 20 + (i * 251) % 560), 32616)
        FROM generate_series(1, 120) i) g;
SELECT is(pg_temp.tiling('subdivision'), 'ok', 'subdivision of cul-de-sacs round a lake: a tiling');

-- Apartment buildings: one row per unit at the building's point (50 or 80
-- units: a turf each at a 40-door target) among sparse houses.
INSERT INTO tr_area VALUES ('apartments', 'SRID=32616;POLYGON((0 0, 800 0, 800 800, 0 800, 0 0))');
INSERT INTO tr_doors
  SELECT 'apartments', row_number() OVER (ORDER BY geom), geom, canvass.turf(geom, 40) OVER ()
  FROM (SELECT ST_SetSRID(ST_MakePoint(100 + 150 * b, 400 + 100 * (b % 2)), 32616) AS geom
        FROM generate_series(0, 3) b, generate_series(1, 50 + 30 * (b % 2)) u
        UNION ALL
        SELECT ST_SetSRID(ST_MakePoint(10 + (i * 71) % 780, 10 + (i * 43) % 780), 32616)
        FROM generate_series(1, 90) i) g;
SELECT is((SELECT count(DISTINCT turf) FROM (SELECT turf FROM tr_doors WHERE c = 'apartments'
           GROUP BY turf HAVING count(DISTINCT geom) = 1) one), 4::bigint,
          'apartments: four turfs are one building each');
SELECT is(pg_temp.tiling('apartments'), 'ok', 'apartment buildings with one-building turfs: a tiling');

-- A U-shaped precinct: the cell of the door at the bottom reaches over the
-- gap between the arms, so a piece of it inside the area holds no door.
INSERT INTO tr_area VALUES ('U', 'POLYGON((0 0, 10 0, 10 10, 7 10, 7 2, 3 2, 3 10, 0 10, 0 0))');
INSERT INTO tr_doors VALUES ('U', 1, 'POINT(5 1)', 1), ('U', 2, 'POINT(1 9)', 2), ('U', 3, 'POINT(9 9)', 3),
                            ('U', 4, 'POINT(1.5 3)', 2), ('U', 5, 'POINT(8.5 3)', 3);
SELECT is(pg_temp.tiling('U'), 'ok', 'U-shaped precinct: a tiling');

-- Longitude/latitude (SRID 4326), doors of one turf on each side of a street.
INSERT INTO tr_area VALUES ('lonlat', 'SRID=4326;POLYGON((-84.36 33.94, -84.34 33.94, -84.34 33.96, -84.36 33.96, -84.36 33.94))');
INSERT INTO tr_doors
  SELECT 'lonlat', row_number() OVER (ORDER BY geom), geom, canvass.turf(geom, 30) OVER ()
  FROM (SELECT ST_SetSRID(ST_MakePoint(-84.3595 + i * 0.0005, 33.9405 + j * 0.0006), 4326) AS geom
        FROM generate_series(0, 38) i, generate_series(0, 32) j WHERE (i + j) % 3 <> 0) g;
SELECT is(pg_temp.tiling('lonlat'), 'ok', 'SRID 4326: a tiling in degrees');

-- Large input: 40,000 doors on a lattice (cocircular everywhere) in one
-- area, 667 turfs of 60.
INSERT INTO tr_area VALUES ('large', 'SRID=32616;POLYGON((-10 -10, 3600 -10, 3600 2400, -10 2400, -10 -10))');
INSERT INTO tr_doors
  SELECT 'large', row_number() OVER (ORDER BY geom), geom, canvass.turf(geom, 60) OVER ()
  FROM (SELECT ST_SetSRID(ST_MakePoint(i * 18, j * 12), 32616) AS geom
        FROM generate_series(0, 199) i, generate_series(0, 199) j) g;
SELECT is(pg_temp.tiling('large'), 'ok', '40,000 doors in 667 turfs: a tiling');

-- The answer depends on the set of doors, not their order.
SELECT is((SELECT count(*) FROM (
             SELECT r.turf, r.region FROM canvass.turf_regions(
               (SELECT array_agg(geom ORDER BY id) FROM tr_doors WHERE c = 'subdivision'),
               (SELECT array_agg(turf ORDER BY id) FROM tr_doors WHERE c = 'subdivision'),
               (SELECT poly FROM tr_area WHERE c = 'subdivision')) r) a
           JOIN (
             SELECT r.turf, r.region FROM canvass.turf_regions(
               (SELECT array_agg(geom ORDER BY md5(id::text)) FROM tr_doors WHERE c = 'subdivision'),
               (SELECT array_agg(turf ORDER BY md5(id::text)) FROM tr_doors WHERE c = 'subdivision'),
               (SELECT poly FROM tr_area WHERE c = 'subdivision')) r) b
           ON a.turf = b.turf AND ST_Equals(a.region, b.region)), 9::bigint,
          'shuffled doors: the same nine regions');

-- NULL in each argument: no rows.
SELECT is_empty($$SELECT * FROM canvass.turf_regions(NULL, ARRAY[1], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                'NULL doors: no rows');
SELECT is_empty($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)'::geometry], NULL, 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                'NULL turfs: no rows');
SELECT is_empty($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)'::geometry], ARRAY[1], NULL)$$,
                'NULL area: no rows');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY[NULL, 'POINT(0.5 0.2)']::geometry[], ARRAY[1, 1], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '22004', 'turf_regions needs a point in every element of doors', 'a NULL door: 22004');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)', 'POINT(0.6 0.2)']::geometry[], ARRAY[1, NULL], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$),
          E'22004\nturf_regions needs a turf number in every element of turfs\nElement 2 of turfs is NULL.'
          || E'\nLeave doors with no turf out of both arrays, for example with FILTER (WHERE turf IS NOT NULL).',
          'a NULL turf: 22004, naming the element');

-- Empty input: no rows (the area is still checked).
SELECT is_empty($$SELECT * FROM canvass.turf_regions('{}', '{}', 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$, 'no doors: no rows');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions('{}', '{}', 'LINESTRING(0 0, 1 1)')$$, '22023',
                 'turf_regions needs a polygon or multipolygon as area', 'no doors, a line as area: 22023');

-- NaN and infinities.
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY[ST_MakePoint('NaN', 0)], ARRAY[1], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '22023', NULL, 'a NaN door: 22023');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY[ST_MakePoint(0, 'Infinity')], ARRAY[1], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '22023', NULL, 'an infinite door: 22023');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)'::geometry], ARRAY[1], ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(0, 0), ST_MakePoint('NaN', 0), ST_MakePoint(1, 1), ST_MakePoint(0, 0)])))$$,
                 '22023', NULL, 'a NaN vertex in the area: 22023');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)', 'POINT(2e15 0)']::geometry[], ARRAY[1, 2], 'POLYGON((0 0, 3e15 0, 3e15 1, 0 0))')$$,
                 '22003', 'turf_regions needs coordinates within +-1e15', 'a door beyond 1e15: 22003');

-- Wrong types and SRIDs.
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['LINESTRING(0 0, 1 1)'::geometry], ARRAY[1], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '22023', NULL, 'a line as a door: 22023');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)'::geometry], ARRAY[1], 'POINT(0 0)')$$),
          E'22023\nturf_regions needs a polygon or multipolygon as area\nThe area is a Point.'
          || E'\nPass the partition''s polygon, for example the precinct''s geometry; ST_CollectionExtract(geom, 3) keeps the polygons of a collection.',
          'a point as area: 22023');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)'::geometry], ARRAY[1], 'POLYGON EMPTY')$$,
                 '22023', 'turf_regions needs an area that is not empty', 'an empty area: 22023');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.turf_regions(ARRAY['SRID=4326;POINT(-84.35 33.95)'::geometry], ARRAY[1],
                                'SRID=3857;POLYGON((0 0, 1 0, 1 1, 0 0))')$$),
          E'22023\nturf_regions needs the doors and the area in one SRID\nThe doors have SRID 4326, the area SRID 3857.'
          || E'\nTransform one into the other''s system, for example ST_Transform(area, 4326).',
          'doors in 4326, area in 3857: 22023');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['SRID=4326;POINT(-84.35 33.95)', 'SRID=3857;POINT(0 0)']::geometry[], ARRAY[1, 2],
                   'SRID=4326;POLYGON((-85 33, -84 33, -84 34, -85 33))')$$,
                 '22023', NULL, 'doors in two SRIDs: 22023');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)', 'POINT(0.6 0.2)']::geometry[], ARRAY[1, 2, 3], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '2202E', 'turf_regions needs one turf number per door', 'three turfs for two doors: 2202E');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY[['POINT(0.5 0.2)'], ['POINT(0.6 0.2)']]::geometry[], ARRAY[1, 2], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '2202E', NULL, 'a two-dimensional doors array: 2202E');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0.5 0.2)', 'POINT(0.6 0.2)']::geometry[], ARRAY[[1], [2]], 'POLYGON((0 0, 1 0, 1 1, 0 0))')$$,
                 '2202E', 'turf_regions needs one-dimensional arrays', 'a two-dimensional turfs array: 2202E');

-- Bad areas and doors outside.
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(1 0.5)'::geometry], ARRAY[1], 'POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))')$$),
          E'22023\nturf_regions needs a valid area\nPostGIS finds the area invalid: Self-intersection[1 1].'
          || E'\nRepair it with ST_MakeValid(area), and check that the repair is the polygon you meant.',
          'a bow-tie area: 22023 with PostGIS''s reason');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(1 1)', 'POINT(5 1)', 'POINT(3 3)']::geometry[], ARRAY[1, 2, 2], 'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')$$),
          E'22023\nturf_regions needs every door inside the area\nElement 2 of doors, POINT(5 1), lies outside the area.'
          || E'\nPass the doors of one partition with its polygon (for example WHERE ST_Covers(p.geom, d.geom)); a door geocoded just outside can be moved in with ST_ClosestPoint(area, geom).',
          'a door outside the area: 22023 naming it');
SELECT is((SELECT count(*) FROM canvass.turf_regions(ARRAY['POINT(0 2)', 'POINT(3 3)']::geometry[], ARRAY[1, 2], 'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')),
          2::bigint, 'a door on the area''s boundary is inside');
SELECT is((SELECT string_agg(turf || ':' || ST_Area(region), ' ' ORDER BY turf) FROM canvass.turf_regions(
             ARRAY['POINT(1 1)', 'POINT(3 1)', 'POINT(11 1)']::geometry[], ARRAY[1, 2, 2],
             'MULTIPOLYGON(((0 0, 4 0, 4 2, 0 2, 0 0)), ((10 0, 12 0, 12 2, 10 2, 10 0)))')),
          '1:4 2:8', 'a multipolygon area: turf 2 takes half the first part and all the second (hand: 4 + 4)');
SELECT is((SELECT string_agg(turf || ':' || ST_Area(region), ' ' ORDER BY turf) FROM canvass.turf_regions(
             ARRAY['POINTZ(1 1 5)', 'POINTZ(3 1 5)']::geometry[], ARRAY[1, 2], 'POLYGON Z((0 0 1, 4 0 1, 4 2 1, 0 2 1, 0 0 1))')),
          '1:4 2:4', 'Z coordinates are ignored');

-- Doors of two turfs at one point.
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(1 1)', 'POINT(3 3)', 'POINT(1 1)']::geometry[], ARRAY[1, 1, 2], 'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')$$),
          E'22023\nturf_regions needs the doors at one point in one turf\nElements 1 and 3 of doors, in turfs 1 and 2, are at the same point: POINT(1 1) and POINT(1 1).'
          || E'\nNo region can hold one and not the other: give the doors of one building one turf (canvass.turf keeps the doors at one point together), or correct the geocoding.',
          'doors of turfs 1 and 2 at one point: 22023 naming both');
SELECT throws_ok($$SELECT * FROM canvass.turf_regions(ARRAY['POINT(0 0)', 'POINT(1000 1000)', 'POINT(1e-9 0)']::geometry[], ARRAY[1, 1, 2], 'POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))')$$,
                 '22023', 'turf_regions needs the doors at one point in one turf',
                 'doors of two turfs 1e-9 apart over a 1000-wide extent (finer than 2^-29 of it): 22023');
SELECT is((SELECT count(*) FROM canvass.turf_regions(ARRAY['POINT(0 0)', 'POINT(1000 1000)', 'POINT(1e-5 0)']::geometry[], ARRAY[1, 1, 2], 'POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))')),
          2::bigint, 'doors of two turfs 1e-5 apart over a 1000-wide extent (above 2^-29 of it): two regions');

-- A door set with the same turf in every cell of a grid but one: that
-- turf's region is everything but the other door's Voronoi cell, a square
-- of side 1 round (2, 2) on the lattice of unit spacing (hand).
SELECT is((SELECT string_agg(turf || ':' || ST_Area(region), ' ' ORDER BY turf) FROM canvass.turf_regions(
             (SELECT array_agg(ST_MakePoint(i, j) ORDER BY i, j) FROM generate_series(0, 4) i, generate_series(0, 4) j),
             (SELECT array_agg(CASE WHEN i = 2 AND j = 2 THEN 9 ELSE 1 END ORDER BY i, j) FROM generate_series(0, 4) i, generate_series(0, 4) j),
             'POLYGON((-0.5 -0.5, 4.5 -0.5, 4.5 4.5, -0.5 4.5, -0.5 -0.5))')),
          '1:24 9:1', 'one door among a lattice: its unit square cell (hand: 25 - 1)');
SELECT is((SELECT ST_AsText(ST_Normalize(region)) FROM canvass.turf_regions(
             (SELECT array_agg(ST_MakePoint(i, j) ORDER BY i, j) FROM generate_series(0, 4) i, generate_series(0, 4) j),
             (SELECT array_agg(CASE WHEN i = 2 AND j = 2 THEN 9 ELSE 1 END ORDER BY i, j) FROM generate_series(0, 4) i, generate_series(0, 4) j),
             'POLYGON((-0.5 -0.5, 4.5 -0.5, 4.5 4.5, -0.5 4.5, -0.5 -0.5))') WHERE turf = 9),
          'MULTIPOLYGON(((1.5 1.5,1.5 2.5,2.5 2.5,2.5 1.5,1.5 1.5)))', 'one door among a lattice: the square 1.5..2.5');
-- The ring of turf 1 round it is a polygon with a hole.
SELECT is((SELECT ST_NumInteriorRings(ST_GeometryN(region, 1)) FROM canvass.turf_regions(
             (SELECT array_agg(ST_MakePoint(i, j) ORDER BY i, j) FROM generate_series(0, 4) i, generate_series(0, 4) j),
             (SELECT array_agg(CASE WHEN i = 2 AND j = 2 THEN 9 ELSE 1 END ORDER BY i, j) FROM generate_series(0, 4) i, generate_series(0, 4) j),
             'POLYGON((-0.5 -0.5, 4.5 -0.5, 4.5 4.5, -0.5 4.5, -0.5 -0.5))') WHERE turf = 1),
          1, 'one door among a lattice: the other turf''s region has it as a hole');

-- canvass.max_memory: 40,000 doors at 400 bytes each need 16 MB.
SET LOCAL canvass.max_memory = '1MB';
SELECT throws_ok($$SELECT * FROM canvass.turf_regions((SELECT array_agg(geom ORDER BY id) FROM tr_doors WHERE c = 'large'),
                   (SELECT array_agg(turf ORDER BY id) FROM tr_doors WHERE c = 'large'), (SELECT poly FROM tr_area WHERE c = 'large'))$$,
                 '53400', NULL, '40,000 doors under canvass.max_memory 1MB: 53400');
RESET canvass.max_memory;

-- The region of a turf holds its doors' Voronoi cells: on the street grid,
-- every point of a region is at least as near a door of its own turf as a
-- door of any other (checked at each region's point on surface and at its
-- centroid where the centroid lies inside).
SELECT is((SELECT count(*) FROM (
             SELECT r.turf, p
             FROM canvass.turf_regions(
               (SELECT array_agg(geom ORDER BY id) FROM tr_doors WHERE c = 'street grid'),
               (SELECT array_agg(turf ORDER BY id) FROM tr_doors WHERE c = 'street grid'),
               (SELECT poly FROM tr_area WHERE c = 'street grid')) r,
             LATERAL (VALUES (ST_PointOnSurface(r.region)), (ST_Centroid(r.region))) v(p)
             WHERE ST_Covers(r.region, p)) s
           WHERE (SELECT min(ST_Distance(d.geom, s.p)) FROM tr_doors d WHERE d.c = 'street grid' AND d.turf = s.turf)
               > (SELECT min(ST_Distance(d.geom, s.p)) FROM tr_doors d WHERE d.c = 'street grid' AND d.turf <> s.turf) + 1e-9),
          0::bigint, 'street grid: points of each region are nearest to its own turf (brute force)');

-- Too many segments of boundary between turfs for one call.  On a grid of
-- unit squares every door's Voronoi cell is its square, so with turf
-- numbers drawn at random from 1,024 about half of the 4 edges of each of
-- 200 x 200 doors (2 x 40,000 = 80,000 less the repeats of a label among
-- neighbours, about 1/1024 of them) lie between two turfs: above the
-- 50,000 a call may hand to PostGIS.  The same draw on 100 x 100 doors,
-- about 20,000, passes.
SELECT throws_like($$SELECT count(*) FROM canvass.turf_regions(
                       (SELECT array_agg(ST_MakePoint(x, y) ORDER BY x, y) FROM generate_series(1, 200) x, generate_series(1, 200) y),
                       (SELECT array_agg(hashint4(x * 1000 + y) & 1023 ORDER BY x, y) FROM generate_series(1, 200) x, generate_series(1, 200) y),
                       ST_MakeEnvelope(0, 0, 201, 201))$$,
                   'turf_regions takes at most 50000 segments of boundary between turfs in one call',
                   'more than 50,000 segments between turfs: refused before the uncancellable noding');
SELECT is((SELECT count(*) FROM canvass.turf_regions(
              (SELECT array_agg(ST_MakePoint(x, y) ORDER BY x, y) FROM generate_series(1, 100) x, generate_series(1, 100) y),
              (SELECT array_agg(hashint4(x * 1000 + y) & 1023 ORDER BY x, y) FROM generate_series(1, 100) x, generate_series(1, 100) y),
              ST_MakeEnvelope(0, 0, 101, 101))),
          1024::bigint, 'about 20,000 segments between 1,024 turfs: one region per turf');

SELECT * FROM finish();
ROLLBACK;
