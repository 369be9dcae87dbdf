-- canvass.turf: exact outputs of small cuts, and each error's message,
-- detail and hint.  Expected turfs are worked out by hand in the comments.
-- SQLSTATEs are asserted in the pgTAP test; here the message, detail and hint.


-- Seven houses on a street, target 2: k = round(7 / 2) = round(3.5) = 4,
-- sizes 1 or 2 (7 / 4 = 1.75).  Bisection: 7 * 2/4 = 3.5 doors to the west
-- half, the smaller prefix on a tie, 3: {1,2,3} | {4..7}; then {1} {2,3}
-- and {4,5} {6,7}.  Turf 1 is the westernmost.
SELECT i, canvass.turf(ST_MakePoint(i, 0), 2) OVER () AS turf
FROM generate_series(1, 7) i ORDER BY i;

-- The three-argument form with every weight 1 gives the same turfs.
SELECT i, canvass.turf(ST_MakePoint(i, 0), 2, 1) OVER () AS turf
FROM generate_series(1, 7) i ORDER BY i;

-- Two blocks 1 km apart, 3 houses each, target 3: two turfs, one per block,
-- the western block (x = 0..1) first.
SELECT id, canvass.turf(g, 3) OVER () AS turf
FROM (VALUES (1, 'POINT(1000 0)'::geometry), (2, 'POINT(0 0)'), (3, 'POINT(1001 0)'),
             (4, 'POINT(0 1)'), (5, 'POINT(1 0)'), (6, 'POINT(1000 1)')) v(id, g)
ORDER BY id;

-- A 12-unit building and four houses, target 8: 16 doors, k = 2.  The
-- building is never split: it is a turf alone (12 vs 4, a difference of 8,
-- within the largest weight 12).
SELECT id, canvass.turf(g, 8, units) OVER () AS turf
FROM (VALUES (1, 'POINT(0 0)'::geometry, 12), (2, 'POINT(100 0)', 1), (3, 'POINT(101 0)', 1),
             (4, 'POINT(102 0)', 1), (5, 'POINT(103 0)', 1)) v(id, g, units)
ORDER BY id;

-- PARTITION BY: each precinct is cut on its own; numbers restart at 1.
SELECT p, i, canvass.turf(ST_MakePoint(i, 0), 2) OVER (PARTITION BY p) AS turf
FROM (VALUES ('A', 1), ('A', 2), ('A', 3), ('A', 4), ('B', 10), ('B', 11)) v(p, i)
ORDER BY p, i;

-- NULL geometry, empty geometry and NULL weight: NULL, no part in the cut.
-- The two remaining points, target 1: k = 2, one each.
SELECT id, canvass.turf(g, 1, w) OVER () AS turf
FROM (VALUES (1, 'POINT(0 0)'::geometry, 1), (2, NULL, 1), (3, 'POINT EMPTY', 1),
             (4, 'LINESTRING EMPTY', 1), (5, 'POINT(9 9)', NULL), (6, 'POINT(5 0)', 1)) v(id, g, w)
ORDER BY id;

-- NULL target on every row: every row NULL.
SELECT canvass.turf(g, NULL) OVER () AS turf
FROM (VALUES ('POINT(0 0)'::geometry), ('POINT(1 1)')) v(g);

-- k > number of points: target 1 with 3 doors at each of two points gives
-- k = 6, capped at the 2 distinct points: one turf per point.
SELECT id, canvass.turf(g, 1, 3) OVER () AS turf
FROM (VALUES (1, 'POINT(0 0)'::geometry), (2, 'POINT(10 0)')) v(id, g) ORDER BY id;

-- Duplicates and all points identical: rows at one point share a turf, so
-- four rows at one point are one turf whatever the target.
SELECT canvass.turf('POINT(3 4)'::geometry, 1) OVER () AS turf FROM generate_series(1, 4);

-- A single point: turf 1.
SELECT canvass.turf('SRID=4326;POINT(-84.39 33.75)'::geometry, 50) OVER () AS turf;

-- SRID 4326 is cut in metres: near latitude 60, a degree of longitude is half
-- a degree of latitude (cos 60 = 0.5).  Four points at (0,60) (2,60)
-- (0,61) (0,62.2): lat0 = 61.1, cos 61.1 = 0.483, so the extents are
-- 2 * 0.483 * 111.2 km = 107 km east-west and 2.2 * 111.2 km = 245 km
-- north-south; the cut is north-south (y): {(0,60),(2,60)} | {(0,61),
-- (0,62.2)}.  (In degrees, 2 vs 2.2, the same; see the next two queries.)
SELECT id, canvass.turf(g, 2) OVER () AS turf
FROM (VALUES (1, 'SRID=4326;POINT(0 60)'::geometry), (2, 'SRID=4326;POINT(2 60)'),
             (3, 'SRID=4326;POINT(0 61)'), (4, 'SRID=4326;POINT(0 62.2)')) v(id, g)
ORDER BY id;
-- The same numbers in a projected SRID (used as they are): 2 units east vs
-- 2.2 north, so again north-south, the same turfs.
SELECT id, canvass.turf(g, 2) OVER () AS turf
FROM (VALUES (1, 'SRID=32616;POINT(0 60)'::geometry), (2, 'SRID=32616;POINT(2 60)'),
             (3, 'SRID=32616;POINT(0 61)'), (4, 'SRID=32616;POINT(0 62.2)')) v(id, g)
ORDER BY id;
-- ... but 2 east vs 1.9 north: east-west first; the two points at x = 0
-- with the lowest y, (0,60) and (0,61), are the western half, turf 1.
SELECT id, canvass.turf(g, 2) OVER () AS turf
FROM (VALUES (1, 'SRID=32616;POINT(0 60)'::geometry), (2, 'SRID=32616;POINT(2 60)'),
             (3, 'SRID=32616;POINT(0 61)'), (4, 'SRID=32616;POINT(0 61.9)')) v(id, g)
ORDER BY id;

-- Z and M coordinates are ignored: the point's x and y are used.
SELECT canvass.turf('POINT ZM(1 2 3 4)'::geometry, 1) OVER () AS turf;

-- Errors.
SELECT canvass.turf(g, 2) OVER ()
FROM (VALUES ('POINT(0 0)'::geometry), ('POLYGON((0 0, 1 0, 1 1, 0 0))')) v(g);
SELECT canvass.turf(g, 2) OVER ()
FROM (VALUES ('MULTIPOINT((0 0), (1 1))'::geometry)) v(g);
SELECT canvass.turf(g, 2) OVER ()
FROM (VALUES ('SRID=4326;POINT(0 0)'::geometry), ('SRID=3857;POINT(0 0)')) v(g);
SELECT canvass.turf(g, 2) OVER ()
FROM (VALUES ('SRID=4326;POINT(-84.3 33.7)'::geometry), ('SRID=4326;POINT(33.7 -184.3)')) v(g);
SELECT canvass.turf('POINT(0 0)'::geometry, 0) OVER ();
SELECT canvass.turf('POINT(0 0)'::geometry, -5) OVER ();
SELECT canvass.turf(g, t) OVER ()
FROM (VALUES ('POINT(0 0)'::geometry, 50), ('POINT(1 1)', 60)) v(g, t);
SELECT canvass.turf(g, t) OVER ()
FROM (VALUES ('POINT(0 0)'::geometry, 50), ('POINT(1 1)', NULL)) v(g, t);
SELECT canvass.turf('POINT(0 0)'::geometry, 50, 0) OVER ();
SELECT canvass.turf('POINT(0 0)'::geometry, 50, -2) OVER ();
SELECT canvass.turf(ST_MakePoint('NaN', 0), 50) OVER ();
SELECT canvass.turf(ST_MakePoint('Infinity', 0), 50) OVER ();
SELECT canvass.turf('POINT(0 0)'::geometry, 50);
-- Coordinate mistakes.  Georgia built as ST_MakePoint(lat, lon) in SRID
-- 4326 puts every point beyond 75 degrees south: refused, with the fix.
SELECT canvass.turf(ST_SetSRID(ST_MakePoint(lat, lon), 4326), 2) OVER ()
FROM (VALUES (34.02, -84.36), (34.03, -84.35)) v(lat, lon);
-- Utqiagvik, Alaska, at 71.29 degrees north, is canvassed: no error.
SELECT canvass.turf(ST_SetSRID(ST_MakePoint(-156.79 + i * 0.001, 71.29), 4326), 2) OVER ()
FROM generate_series(1, 4) i;
-- Longitude and latitude with no SRID are planar units: a warning.
SELECT canvass.turf(ST_MakePoint(-84.36 + i * 0.0001, 34.02), 2) OVER ()
FROM generate_series(1, 4) i;
