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
SELECT plan(44);

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
