--
-- walk_order and assign_turfs.  Expected values are hand computations in
-- the comments, or SciPy's optimum (test/assign_reference.py).
--

-- Ten points on a line, given shuffled: the shortest open path walks from
-- one end to the other (length 9, the span), starting at the smaller x.
SELECT x, canvass.walk_order(ST_MakePoint(x, 0)) OVER () AS k
FROM unnest(ARRAY[5, 0, 9, 2, 7, 1, 8, 3, 6, 4]) x
ORDER BY k;

-- The corners of a unit square: three sides, length 3, from (0,0).
SELECT ST_Length(ST_MakeLine(g ORDER BY k)) AS "3", min(ST_AsText(g)) FILTER (WHERE k = 1) AS "POINT(0 0)"
FROM (SELECT g, canvass.walk_order(g) OVER () AS k
      FROM unnest(ARRAY['POINT(1 1)'::geometry, 'POINT(0 1)', 'POINT(1 0)', 'POINT(0 0)']) g) s;

-- Two partitions, NULL and empty geometries (NULL, no part), and three
-- doors at one address (consecutive, in window order).  Turf 1: points at
-- x = 0, 10, 20 on a line with the building at x = 10: 1, 2-4, 5.
-- Turf 2: one point gets 1; the NULL and the empty point get NULL.
SELECT turf, id, ST_AsText(g) AS g,
       canvass.walk_order(g) OVER (PARTITION BY turf ORDER BY id) AS k
FROM (VALUES (1, 1, 'POINT(20 0)'::geometry), (1, 2, 'POINT(10 0)'), (1, 3, NULL),
             (1, 4, 'POINT(10 0)'), (1, 5, 'POINT(0 0)'), (1, 6, 'POINT(10 0)'),
             (2, 7, 'POINT EMPTY'), (2, 8, 'POINT(5 5)'), (2, 9, NULL)) v(turf, id, g)
ORDER BY turf, k, id;

-- A turf of only NULL geometries: every row NULL.
SELECT canvass.walk_order(g) OVER () FROM (VALUES (NULL::geometry), (NULL)) v(g);

-- Longitude/latitude (SRID 4326): four doors along a meridian, 0.001
-- degree apart (111.2 m each), given shuffled: walked south to north.
SELECT lat, canvass.walk_order(ST_SetSRID(ST_MakePoint(-84.35, lat), 4326)) OVER () AS k
FROM unnest(ARRAY[33.902, 33.900, 33.903, 33.901]) lat ORDER BY k;

-- Points with Z and M: only x and y count.
SELECT canvass.walk_order(g) OVER () AS k, ST_AsText(g)
FROM unnest(ARRAY['POINT ZM(2 0 9 9)'::geometry, 'POINT ZM(0 0 1 1)', 'POINT ZM(1 0 5 5)']) g ORDER BY k;

-- Errors.
SELECT canvass.walk_order(g) OVER ()
FROM (VALUES ('POINT(0 0)'::geometry), ('LINESTRING(0 0, 1 1)')) v(g);
SELECT canvass.walk_order(g) OVER ()
FROM (VALUES ('POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry)) v(g);
SELECT canvass.walk_order(g) OVER ()
FROM (VALUES ('SRID=4326;POINT(-84 34)'::geometry), ('SRID=26967;POINT(2000000 1000000)')) v(g);
SELECT canvass.walk_order(ST_MakePoint(x, 0)) OVER ()
FROM unnest(ARRAY[0, 'NaN', 1]::float8[]) x;
SELECT canvass.walk_order(ST_MakePoint(0, y)) OVER ()
FROM unnest(ARRAY[0, '-Infinity']::float8[]) y;
SELECT canvass.walk_order(ST_MakePoint(x, 0)) OVER ()
FROM unnest(ARRAY[0, 1e308]::float8[]) x;
SELECT canvass.walk_order(ST_SetSRID(ST_MakePoint(-84, 95), 4326)) OVER ();
SELECT canvass.walk_order(ST_SetSRID(ST_MakePoint(184, 34), 4326)) OVER ();

--
-- assign_turfs
--

-- Two turfs, three sites, one each.  Turf 1 at (0,0) is 1.414 from site 2
-- at (1,1) and 9 from site 1; turf 2 at (10,0) is 1 from site 1: total
-- 2.414; site 3 at (50,50) is unused.
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(10 0)'],
                                   ARRAY['POINT(9 0)'::geometry, 'POINT(1 1)', 'POINT(50 50)']);

-- Not greedy: site 1 at (0,0) is nearest to both turfs.  Turf 1 at (1,0)
-- to site 1 (1) leaves turf 2 at (-1,0) with site 2 at (5,0), 6: total 7.
-- Optimal: turf 2 to site 1 (1), turf 1 to site 2 (4): total 5.
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(1 0)'::geometry, 'POINT(-1 0)'],
                                   ARRAY['POINT(0 0)'::geometry, 'POINT(5 0)']);

-- Capacities: three turfs at x = 0, 1, 2 and sites at x = 0 (capacity 2)
-- and x = 10 (capacity 5).  Two turfs must share site 1; the third goes to
-- site 2.  Sending x = 2 away costs 8, x = 1 costs 9, x = 0 costs 10, so
-- the optimum is x = 0 and 1 to site 1 (0 + 1), x = 2 to site 2 (8): 9.
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(1 0)', 'POINT(2 0)'],
                                   ARRAY['POINT(0 0)'::geometry, 'POINT(10 0)'], ARRAY[2, 5]);

-- Subscripts follow the arrays' bounds.
-- (geometry arrays are delimited by ':'.)  Turfs 0 at (1,0) and 1 at (0,0)
-- both go to site 5 at (0,0): distances 1 and 0.
SELECT * FROM canvass.assign_turfs('[0:1]={POINT(1 0):POINT(0 0)}'::geometry[],
                                   '[5:5]={POINT(0 0)}'::geometry[], ARRAY[2]);
SELECT * FROM canvass.assign_turfs('[0:1]={POINT(1 0):POINT(NaN 0)}'::geometry[],
                                   '[5:5]={POINT(0 0)}'::geometry[], ARRAY[2]);

-- Longitude/latitude: 0.001 degree of latitude is 6371008.8 m * pi / 180
-- / 1000 = 111.195 m.
SELECT turf_index, site_index, round(distance::numeric, 3) AS "111.195"
FROM canvass.assign_turfs(ARRAY['SRID=4326;POINT(-84.35 33.901)'::geometry],
                          ARRAY['SRID=4326;POINT(-84.35 33.900)'::geometry]);

-- SciPy's optimum on the formula points of test/assign_reference.py:
-- case A 4716.519868, case B 10508.567325.
SELECT count(*) AS turfs, count(DISTINCT site_index) AS sites, round(sum(distance)::numeric, 6) AS "4716.519868"
FROM canvass.assign_turfs(
  (SELECT array_agg(ST_MakePoint((i * 7919) % 1000, (i * 6007) % 997) ORDER BY i) FROM generate_series(0, 149) i),
  (SELECT array_agg(ST_MakePoint((j * 4603) % 1000 + 0.25, (j * 3001) % 991 + 0.75) ORDER BY j) FROM generate_series(0, 199) j));
SELECT count(*) AS turfs, max(c) <= 5 AS within_capacity, round(sum(distance)::numeric, 6) AS "10508.567325"
FROM (SELECT a.*, count(*) OVER (PARTITION BY site_index) AS c, site_index - 1 AS j
      FROM canvass.assign_turfs(
        (SELECT array_agg(ST_MakePoint((i * 7919) % 1000, (i * 6007) % 997) ORDER BY i) FROM generate_series(0, 119) i),
        (SELECT array_agg(ST_MakePoint((j * 4603) % 1000 + 0.25, (j * 3001) % 991 + 0.75) ORDER BY j) FROM generate_series(0, 44) j),
        (SELECT array_agg(1 + j % 5 ORDER BY j) FROM generate_series(0, 44) j)) a) s
WHERE c <= 1 + j % 5;

-- Empty turfs: no rows.  NULL turfs or sites: no rows.
SELECT * FROM canvass.assign_turfs('{}'::geometry[], ARRAY['POINT(0 0)'::geometry]);
SELECT * FROM canvass.assign_turfs(NULL, ARRAY['POINT(0 0)'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], NULL);

-- Errors.
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(1 1)'], ARRAY['POINT(0 0)'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, 'POINT(1 1)'], ARRAY['POINT(0 0)'::geometry], ARRAY[1]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], '{}'::geometry[]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry, NULL], ARRAY['POINT(0 0)'::geometry], ARRAY[2]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['POINT EMPTY'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY['POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry], ARRAY['POINT(0 0)'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY['SRID=4326;POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry, 'POINT(1 1)'], ARRAY[1]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry], ARRAY[-1]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['POINT(0 0)'::geometry], ARRAY[NULL::int]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY[ST_MakePoint('Infinity', 0)]);
SELECT * FROM canvass.assign_turfs(ARRAY['SRID=4326;POINT(0 0)'::geometry], ARRAY['SRID=4326;POINT(0 91)'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY['POINT(1e300 0)'::geometry], ARRAY['POINT(-1e300 0)'::geometry]);
SELECT * FROM canvass.assign_turfs(ARRAY[['POINT(0 0)'::geometry]], ARRAY['POINT(0 0)'::geometry]);
