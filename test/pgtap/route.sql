-- pgTAP: canvass.walk_order and canvass.assign_turfs.  Signatures and
-- labels, NULL in each argument, NaN and infinities, empty input, wrong
-- types and SRIDs, determinism, large partitions and parallel plans.
-- Expected values are hand computations or independent
-- constructions written next to each test.
--
-- matrix: canvass.walk_order(geometry)
-- matrix: canvass.assign_turfs(geometry[],geometry[],integer[])
\i test/helpers.sql
BEGIN;
SELECT plan(46);

-- Signatures and labels.
SELECT has_function('canvass', 'walk_order', ARRAY['geometry'], 'walk_order(geometry) exists');
SELECT is_window('canvass', 'walk_order', ARRAY['geometry'], 'walk_order is a window function');
SELECT function_returns('canvass', 'walk_order', ARRAY['geometry'], 'bigint', 'walk_order returns bigint');
SELECT volatility_is('canvass', 'walk_order', ARRAY['geometry'], 'immutable', 'walk_order is immutable');
SELECT has_function('canvass', 'assign_turfs', ARRAY['geometry[]', 'geometry[]', 'integer[]'],
                    'assign_turfs(geometry[], geometry[], integer[]) exists');
SELECT function_returns('canvass', 'assign_turfs', ARRAY['geometry[]', 'geometry[]', 'integer[]'], 'setof record',
                        'assign_turfs returns a set');
SELECT volatility_is('canvass', 'assign_turfs', ARRAY['geometry[]', 'geometry[]', 'integer[]'], 'immutable',
                     'assign_turfs is immutable');
SELECT isnt_strict('canvass', 'assign_turfs', ARRAY['geometry[]', 'geometry[]', 'integer[]'],
                   'assign_turfs is not strict (capacity may be NULL)');
SELECT is((SELECT array_agg(proparallel ORDER BY proname)::text FROM pg_proc
           WHERE pronamespace = 'canvass'::regnamespace AND proname IN ('walk_order', 'assign_turfs')),
          '{s,s}', 'both are parallel safe');
SELECT is((SELECT array_agg(a ORDER BY o)::text FROM pg_proc, unnest(proargnames) WITH ORDINALITY u(a, o)
           WHERE pronamespace = 'canvass'::regnamespace AND proname = 'assign_turfs'),
          '{turfs,sites,capacity,turf_index,site_index,distance}', 'assign_turfs argument and column names');

-- NULL in each argument.
SELECT is((SELECT canvass.walk_order(NULL::geometry) OVER ()), NULL, 'walk_order(NULL) is NULL');
SELECT is_empty($$SELECT * FROM canvass.assign_turfs(NULL, ARRAY['POINT(0 0)'::geometry])$$,
                'assign_turfs: NULL turfs give no rows');
SELECT is_empty($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], NULL)$$,
                'assign_turfs: NULL sites give no rows');
SELECT results_eq(
  $$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(5 0)'], ARRAY['POINT(4 0)'::geometry, 'POINT(1 0)'], NULL)$$,
  $$VALUES (1, 2, 1.0::float8), (2, 1, 1.0)$$,
  'assign_turfs: NULL capacity is one turf per site (hand: (0,0)->(1,0), (5,0)->(4,0))');

-- NaN and infinities.
SELECT throws_ok($$SELECT canvass.walk_order(ST_MakePoint('NaN', 0)) OVER ()$$, '22023',
                 'walk_order needs finite coordinates', 'walk_order: NaN x');
SELECT throws_ok($$SELECT canvass.walk_order(ST_MakePoint(0, 'Infinity')) OVER ()$$, '22023',
                 'walk_order needs finite coordinates', 'walk_order: +Infinity y');
SELECT throws_ok($$SELECT canvass.walk_order(ST_MakePoint('-Infinity', 0)) OVER ()$$, '22023',
                 'walk_order needs finite coordinates', 'walk_order: -Infinity x');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY[ST_MakePoint('NaN', 'NaN')], ARRAY['POINT(0 0)'::geometry])$$,
                 '22023', 'assign_turfs needs finite coordinates', 'assign_turfs: POINT(NaN NaN) is not taken for empty');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY[ST_MakePoint(0, '-Infinity')])$$,
                 '22023', 'assign_turfs needs finite coordinates', 'assign_turfs: -Infinity site');

-- Empty input.
SELECT is_empty($$SELECT canvass.walk_order(g) OVER () FROM (SELECT 'POINT(0 0)'::geometry WHERE false) v(g)$$,
                'walk_order: no rows give no rows');
SELECT is((SELECT canvass.walk_order('POINT EMPTY'::geometry) OVER ()), NULL, 'walk_order: POINT EMPTY is NULL');
SELECT is_empty($$SELECT * FROM canvass.assign_turfs('{}'::geometry[], '{}'::geometry[])$$,
                'assign_turfs: no turfs, no sites: no rows');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], '{}'::geometry[])$$,
                 '22023', 'assign_turfs has more turfs than the sites can take', 'assign_turfs: a turf and no sites');

-- Wrong types, geometries and SRIDs.
SELECT throws_ok($$SELECT canvass.walk_order(1) OVER ()$$, '42883', NULL, 'walk_order(integer): no such function');
SELECT throws_ok($$SELECT canvass.walk_order('LINESTRING(0 0, 1 1)'::geometry) OVER ()$$, '22023',
                 'walk_order takes points, not LineString', 'walk_order: a line');
SELECT throws_ok($$SELECT canvass.walk_order('MULTIPOINT((0 0), (1 1))'::geometry) OVER ()$$, '22023',
                 'walk_order takes points, not MultiPoint', 'walk_order: a multipoint');
SELECT throws_ok($$SELECT canvass.walk_order(g) OVER () FROM (VALUES ('SRID=4326;POINT(0 0)'::geometry), ('SRID=3857;POINT(0 0)')) v(g)$$,
                 '22023', 'walk_order needs all points in one SRID', 'walk_order: mixed SRIDs');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['SRID=4326;POINT(0 0)'::geometry], ARRAY['SRID=4269;POINT(0 0)'::geometry])$$,
                 '22023', 'assign_turfs needs all points in one SRID', 'assign_turfs: mixed SRIDs');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry], ARRAY['POINT(0 0)'::geometry])$$,
                 '22023', 'assign_turfs takes points, not Polygon', 'assign_turfs: a polygon');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY[NULL, 'POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry], ARRAY[2])$$,
                 '22004', 'assign_turfs needs a point in every element of turfs', 'assign_turfs: NULL turf');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry], ARRAY[1, 1])$$,
                 '2202E', 'assign_turfs needs one capacity per site', 'assign_turfs: capacity length');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry], ARRAY[-2])$$,
                 '22023', 'assign_turfs capacity must not be negative', 'assign_turfs: negative capacity');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(1 0)', 'POINT(2 0)'],
                                                      ARRAY['POINT(0 0)'::geometry, 'POINT(1 0)'], ARRAY[1, 1])$$,
                 '22023', 'assign_turfs has more turfs than the sites can take', 'assign_turfs: three turfs, capacity two');

-- Doors: 5 turfs of 100 random points (seeded), some at the same place.
SELECT setseed(0.25);
CREATE TABLE tap_walk_doors AS
SELECT i AS id, 1 + i % 5 AS turf,
       ST_SetSRID(ST_MakePoint(round(random() * 40) * 10, round(random() * 40) * 10), 26967) AS geom
FROM generate_series(1, 500) i;

-- Determinism: the rows in opposite orders give the same position to each door.
SELECT is_empty($$
  SELECT id, k FROM (SELECT id, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) AS k
                     FROM (SELECT * FROM tap_walk_doors ORDER BY id) s) a
  EXCEPT
  SELECT id, k FROM (SELECT id, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) AS k
                     FROM (SELECT * FROM tap_walk_doors ORDER BY id DESC) s) b$$,
  'walk_order: same answer whatever the row order');

-- Turfs with a proven shortest open path (two of the three in
-- test/c/test_route.c; metres, from the benchmark's doors), solved exactly
-- outside canvass by test/reference/route_reference.py (an integer
-- programme, HiGHS through SciPy).  The release before the deeper search
-- was 4.1% and 4.7% over them.
WITH turfs(name, shortest, bound, pct, xs, ys) AS (VALUES
  ('grid', 580.006888, 1.04, '4%%', ARRAY[
           0.0, 3.0, 11.4, 23.1, 23.5, 24.5, 24.5, 24.8, 35.4, 35.4, 36.0, 36.5, 47.1, 47.6,
           47.6, 48.4, 58.8, 60.1, 60.7, 60.7, 66.6, 68.7, 70.8, 71.5, 71.6, 72.6, 83.2, 83.9,
           84.0, 84.7, 95.4, 95.6, 95.8, 107.3, 107.7, 108.2, 119.6, 120.2, 120.5, 131.0, 132.6]::float8[],
   ARRAY[
           60.4, 49.9, 16.6, 16.2, 1.0, 60.8, 76.7, 87.8, 18.0, 76.1, 1.3, 60.0, 17.8, 61.4,
           76.3, 0.6, 77.4, 0.0, 16.3, 60.7, 92.2, 112.5, 16.2, 61.6, 1.4, 77.5, 17.1, 2.0, 76.8,
           60.5, 1.8, 61.9, 16.9, 77.6, 16.0, 60.2, 16.4, 0.8, 61.5, 17.1, 1.2]::float8[]),
  ('subdivision', 854.53971, 1.01, '1%%', ARRAY[
           0.0, 11.5, 11.7, 12.4, 22.9, 23.4, 23.9, 23.9, 35.8, 36.2, 47.6, 47.8, 48.0, 48.2,
           49.3, 58.6, 58.8, 58.9, 59.5, 72.0, 72.2, 72.4, 79.7, 82.6, 83.0, 83.2, 83.3, 84.2,
           94.9, 95.8, 96.0, 96.2, 96.4, 103.1, 107.2, 107.4, 107.6, 107.7, 108.1, 118.8, 119.2,
           119.4, 120.5, 130.6, 130.8, 131.0, 131.5, 131.5, 132.3, 142.4, 142.9, 143.8, 143.8,
           144.0, 144.2, 144.4]::float8[],
   ARRAY[
           60.2, 60.2, 44.1, 104.0, 60.6, 119.9, 44.9, 104.0, 120.4, 61.3, 120.1, 44.9, 60.7,
           105.2, 19.9, 61.5, 119.9, 104.1, 44.6, 0.9, 104.7, 120.1, 152.8, 1.2, 61.1, 104.9,
           120.2, 44.5, 119.8, 105.2, 0.6, 61.5, 44.3, 24.5, 44.4, 105.0, 120.8, 61.6, 0.6, 0.9,
           61.1, 120.0, 105.8, 0.0, 44.4, 164.8, 61.5, 121.6, 105.5, 22.6, 121.6, 45.3, 61.4,
           164.8, 104.0, 0.0]::float8[])),
walk AS (
  SELECT name, geom, canvass.walk_order(geom) OVER (PARTITION BY name) AS k
  FROM turfs, unnest(xs, ys) u(x, y), LATERAL (SELECT ST_MakePoint(x, y) AS geom) g),
lengths AS (
  SELECT name, count(*) + 1 AS stops, sum(ST_Distance(geom, prev)) AS len
  FROM (SELECT name, geom, lag(geom) OVER (PARTITION BY name ORDER BY k) AS prev FROM walk) s
  WHERE prev IS NOT NULL GROUP BY name)
SELECT ok(len BETWEEN shortest - 1e-6 AND shortest * bound,
          format('walk_order: %s turf of %s stops, %s m, within ' || pct || ' of the proven shortest %s m',
                 name, stops, round(len::numeric, 3), shortest))
FROM turfs JOIN lengths USING (name) ORDER BY name;

-- Doors at the same point are consecutive: for each point, max - min + 1 = count.
SELECT ok(bool_and(hi - lo + 1 = n), 'walk_order: doors at one point are consecutive')
FROM (SELECT turf, geom, min(k) AS lo, max(k) AS hi, count(*) AS n
      FROM (SELECT turf, geom, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) AS k FROM tap_walk_doors) s
      GROUP BY turf, geom) g;

-- Parallel plans: the scan under the window runs in workers; same answers.
SELECT pg_temp.force_parallel();
SELECT ok(pg_temp.plan_of('SELECT canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) FROM tap_walk_doors') ~ 'Parallel Seq Scan',
          'walk_order: the planner chooses a parallel scan when forced');
CREATE TABLE tap_walk_parallel AS
SELECT id, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) AS k FROM tap_walk_doors;
SELECT pg_temp.forbid_parallel();
SELECT is_empty($$SELECT id, k FROM tap_walk_parallel
                  EXCEPT SELECT id, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) FROM tap_walk_doors$$,
                'walk_order: parallel and serial plans agree');

-- A large partition: 10,000 random points in a 1000 x 1000 square.  The
-- answer must be a permutation of 1..10000; and shorter than an
-- independent construction, the strip path (58 horizontal strips walked
-- in alternate directions, about 0.92 sqrt(n A) = 92,000 for uniform
-- points, against about 0.7124 sqrt(n A) = 71,000 for the optimum).
SELECT setseed(0.5);
CREATE TABLE tap_walk_big AS
SELECT i AS id, ST_MakePoint(random() * 1000, random() * 1000) AS geom FROM generate_series(1, 10000) i;
CREATE TABLE tap_walk_big_k AS
SELECT id, geom, canvass.walk_order(geom) OVER () AS k FROM tap_walk_big;
SELECT ok(count(DISTINCT k) = 10000 AND min(k) = 1 AND max(k) = 10000, 'walk_order: 10,000 points give 1..10000')
FROM tap_walk_big_k;
SELECT cmp_ok((SELECT ST_Length(ST_MakeLine(geom ORDER BY k)) FROM tap_walk_big_k), '<',
              (SELECT ST_Length(ST_MakeLine(geom ORDER BY s, CASE WHEN s % 2 = 0 THEN ST_X(geom) ELSE -ST_X(geom) END))
               FROM (SELECT geom, floor(ST_Y(geom) / (1000.0 / 58))::int AS s FROM tap_walk_big) v),
              'walk_order: 10,000 points: shorter than the strip path');

-- Many partitions: 200,000 doors in 4,000 turfs of 50; every turf gets 1..50.
SELECT setseed(0.75);
SELECT ok(bool_and(c = 50 AND d = 50 AND lo = 1 AND hi = 50), 'walk_order: 4,000 turfs of 50 doors each numbered 1..50')
FROM (SELECT turf, count(*) AS c, count(DISTINCT k) AS d, min(k) AS lo, max(k) AS hi
      FROM (SELECT i / 50 AS turf, canvass.walk_order(ST_MakePoint(random() * 500, random() * 500)) OVER (PARTITION BY i / 50) AS k
            FROM generate_series(0, 199999) i) s GROUP BY turf) t;

-- The frame does not matter: the whole partition is read whatever it is.
SELECT is_empty($$SELECT id, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id) FROM tap_walk_doors
                  EXCEPT SELECT id, canvass.walk_order(geom) OVER (PARTITION BY turf ORDER BY id ROWS BETWEEN CURRENT ROW AND CURRENT ROW)
                         FROM tap_walk_doors$$,
                'walk_order: a one-row frame gives the same answer');

-- assign_turfs at size: 1,500 turfs to 1,500 sites, each site once.
SELECT setseed(0.125);
CREATE TABLE tap_assign_points AS
SELECT i, ST_MakePoint(random() * 20000, random() * 20000) AS t, ST_MakePoint(random() * 20000, random() * 20000) AS s
FROM generate_series(1, 1500) i;
SELECT ok(count(*) = 1500 AND count(DISTINCT site_index) = 1500 AND count(DISTINCT turf_index) = 1500,
          'assign_turfs: 1,500 x 1,500, each turf and each site once')
FROM canvass.assign_turfs((SELECT array_agg(t ORDER BY i) FROM tap_assign_points), (SELECT array_agg(s ORDER BY i) FROM tap_assign_points));
-- with capacities 1..3 on 750 sites (sum 1500): no site over its capacity
SELECT ok(bool_and(n <= 1 + (site_index - 1) % 3) AND sum(n) = 1500, 'assign_turfs: capacities respected')
FROM (SELECT site_index, count(*) AS n
      FROM canvass.assign_turfs((SELECT array_agg(t ORDER BY i) FROM tap_assign_points),
                                (SELECT array_agg(s ORDER BY i) FROM tap_assign_points WHERE i <= 750),
                                (SELECT array_agg(1 + (i - 1) % 3 ORDER BY i) FROM tap_assign_points WHERE i <= 750)) a
      GROUP BY site_index) c;
-- optimal is never worse than greedy (each turf in order to its nearest free site)
SELECT cmp_ok(
  (SELECT sum(distance) FROM canvass.assign_turfs((SELECT array_agg(t ORDER BY i) FROM tap_assign_points WHERE i <= 300),
                                                  (SELECT array_agg(s ORDER BY i) FROM tap_assign_points WHERE i <= 300))),
  '<=',
  (WITH RECURSIVE g(step, used, total) AS (
     SELECT 0, ARRAY[]::int[], 0::float8
     UNION ALL
     SELECT step + 1, used || x.i, total + x.d
     FROM g, LATERAL (SELECT s.i, ST_Distance(t.t, s.s) AS d FROM tap_assign_points t, tap_assign_points s
                      WHERE t.i = g.step + 1 AND s.i <= 300 AND s.i <> ALL (used)
                      ORDER BY 2, 1 LIMIT 1) x
     WHERE step < 300)
   SELECT total FROM g WHERE step = 300),
  'assign_turfs: no worse than greedy on 300 x 300');

SELECT * FROM finish();
ROLLBACK;
