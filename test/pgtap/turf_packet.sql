-- pgTAP: canvass.turf_packet.  Signature, the page's parts counted (one
-- stop marker per knock number, one walk-list row per door, the route, the
-- region), route lengths by hand, stop labels placed by hand (two stops at
-- one point) and never overlapping (a crowd of 200 at one point), HTML
-- escaping, NULL in each argument, NaN, empty input, wrong SRIDs and array
-- shapes.
--
-- matrix: canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])
\i test/helpers.sql
BEGIN;
SELECT plan(39);

SELECT has_function('canvass', 'turf_packet', ARRAY['text', 'geometry', 'integer[]', 'geometry[]', 'text[]', 'text[]', 'text[]'],
                    'turf_packet(text, geometry, integer[], geometry[], text[], text[], text[]) exists');
SELECT function_returns('canvass', 'turf_packet', ARRAY['text', 'geometry', 'integer[]', 'geometry[]', 'text[]', 'text[]', 'text[]'],
                        'text', 'turf_packet returns text');
SELECT volatility_is('canvass', 'turf_packet', ARRAY['text', 'geometry', 'integer[]', 'geometry[]', 'text[]', 'text[]', 'text[]'],
                     'immutable', 'turf_packet is immutable');

-- Occurrences of a pattern in a page.
CREATE FUNCTION pg_temp.count_of(page text, pattern text) RETURNS int
LANGUAGE sql AS $$ SELECT count(*)::int FROM regexp_matches(page, pattern, 'g') $$;

-- A turf of four doors: two households at one building (stop 2), planar
-- coordinates.  Route (0,0) -> (3,4) -> (3,10): 5 + 6 = 11 units (hand).
CREATE TEMP TABLE p AS SELECT canvass.turf_packet(
  'Turf 7 <north> & co',
  'POLYGON((-1 -1, 5 -1, 5 11, -1 11, -1 -1))',
  ARRAY[2, 1, 3, 2],
  ARRAY['POINT(3 4)', 'POINT(0 0)', 'POINT(3 10)', 'POINT(3 4)']::geometry[],
  ARRAY['12 Oak St, apt 1', '3 Elm St', '40 Pine St', '12 Oak St, apt 2'],
  ARRAY['A. Voter (45)', 'B. Voter (70), C. Voter (68)', NULL, 'D. <Voter>'],
  ARRAY['gotv', 'base', 'persuasion', 'gotv']) AS page;
SELECT ok((SELECT page LIKE '<!DOCTYPE html>%</html>' || E'\n' FROM p), 'a whole HTML document');
SELECT is((SELECT pg_temp.count_of(page, '<g class="stop') FROM p), 3, 'three stops drawn (knock numbers 1, 2, 3)');
SELECT is((SELECT pg_temp.count_of(page, '<tr><td class="knock">') FROM p), 4, 'four walk-list rows (doors)');
SELECT is((SELECT pg_temp.count_of(page, '<path class="route"') FROM p), 1, 'one route');
SELECT is((SELECT pg_temp.count_of(page, '<path class="region"') FROM p), 1, 'one region');
SELECT ok((SELECT page LIKE '%4 doors, 3 stops, route 11 units.%' FROM p), 'summary: 4 doors, 3 stops, route 11 (hand: 5 + 6)');
SELECT is((SELECT (regexp_match(page, '<td class="knock">(\d+)</td><td>([^<]*)</td>'))::text FROM p),
          '{1,"3 Elm St"}', 'the walk list starts with knock 1');
SELECT ok((SELECT page LIKE '%<title>Turf 7 &lt;north&gt; &amp; co</title>%' AND page LIKE '%D. &lt;Voter&gt;%' FROM p),
          'title and cells are HTML-escaped');
SELECT ok((SELECT page ~ '<g class="stop start"[^>]*><circle[^>]*/><text[^>]*>1</text></g>' FROM p), 'stop 1 is marked as the start');
SELECT is((SELECT pg_temp.count_of(page, '(src|href)=|<script|@import|url\(') FROM p), 0,
          'no outside resource: no src, href, script, import or url()');
-- The rows at knock 2 keep their input order: apt 1 before apt 2.
SELECT ok((SELECT position('12 Oak St, apt 1' IN page) < position('12 Oak St, apt 2' IN page) FROM p),
          'doors at one stop keep their input order');

SELECT is((SELECT pg_temp.count_of(page, '<line class="leader"') FROM p), 0,
          'stops 5 and 6 units apart (1000 / 10.6 = 94.3 map units per unit: 472 and 566): every label at its stop, no leader');

-- The stop labels of a page: centre, radius and number of each.
CREATE FUNCTION pg_temp.labels(page text) RETURNS TABLE (x float8, y float8, r float8, k int)
LANGUAGE sql AS $$
  SELECT m[1]::float8, m[2]::float8, m[3]::float8, m[4]::int
  FROM regexp_matches(page, '<g class="stop[^"]*"[^>]*><circle cx="([^"]*)" cy="([^"]*)" r="([^"]*)"/><text[^>]*>([^<]*)</text>', 'g') AS m $$;
-- Pairs of labels whose circles overlap (centres closer than r1 + r2).
CREATE FUNCTION pg_temp.overlaps(page text) RETURNS bigint
LANGUAGE sql AS $$
  SELECT count(*) FROM pg_temp.labels(page) a, pg_temp.labels(page) b
  WHERE a.k < b.k AND (a.x - b.x) ^ 2 + (a.y - b.y) ^ 2 < (a.r + b.r) ^ 2 $$;

-- Two stops at one point (two flats numbered apart), planar.  By hand: no
-- region and one point, so the frame is 1000 x 1000 map units with the point
-- at its centre (500, 500); labels of radius 17 keep 2.25 r = 38.25 apart.
-- Stop 1 stays at the point; stop 2 goes to the first free ring, the third
-- (distance 38.25), straight up: (500, 461.75), printed 461.8, with a
-- leader line down to a dot (radius 0.2 r = 3.4) at the point.
CREATE TEMP TABLE two AS SELECT canvass.turf_packet('t', NULL, ARRAY[1, 2],
  ARRAY['POINT(7 7)', 'POINT(7 7)']::geometry[]) AS page;
SELECT ok((SELECT page LIKE '%<g class="stop start" font-size="18.7"><circle cx="500.0" cy="500.0" r="17.0"/>%' FROM two),
          'two stops at one point: stop 1 at the point (500, 500)');
SELECT ok((SELECT page LIKE '%<g class="stop" font-size="18.7"><circle cx="500.0" cy="461.8" r="17.0"/><text x="500.0" y="461.8">2</text></g>%' FROM two),
          'two stops at one point: stop 2 at (500, 461.75), 38.25 above (hand)');
SELECT ok((SELECT page LIKE '%<line class="leader" x1="500.0" y1="461.8" x2="500.0" y2="500.0"/><circle class="dot" cx="500.0" cy="500.0" r="3.4"/>%' FROM two),
          'two stops at one point: a leader from label 2 to a dot at the point');
SELECT is((SELECT pg_temp.count_of(page, '<line class="leader"') FROM two), 1, 'two stops at one point: one leader (stop 1 is in place)');

-- A crowd: 200 stops at one point.  Labels start at radius 12 (more than
-- 80 stops); at any size only about 45 fit within 7.5 radii of the point
-- ((8.5 r)^2 pi / (0.866 (2.25 r)^2)), the same number at every size since
-- the search scales with the radius, so shrinking helps none and radius 12
-- is kept; the rest take free places further off: none overlaps, each
-- number once.
CREATE TEMP TABLE crowd AS SELECT canvass.turf_packet('t', NULL, array_agg(i ORDER BY i),
  array_agg('POINT(7 7)'::geometry)) AS page FROM generate_series(1, 200) AS i;
SELECT is((SELECT count(*) FROM crowd, pg_temp.labels(page)), 200::bigint, 'a crowd of 200 at one point: 200 labels');
SELECT is((SELECT array_agg(DISTINCT r) FROM crowd, pg_temp.labels(page)), ARRAY[12::float8],
          'a crowd of 200 at one point: every label at radius 12, the full size');
SELECT is((SELECT pg_temp.overlaps(page) FROM crowd), 0::bigint, 'a crowd of 200 at one point: no two labels overlap');
SELECT is((SELECT array_agg(k ORDER BY k) FROM crowd, pg_temp.labels(page)), (SELECT array_agg(i) FROM generate_series(1, 200) i),
          'a crowd of 200 at one point: every number 1 to 200 once');
-- ... and the view is widened to the labels placed beyond the 1000 x 1000 frame.
SELECT ok((SELECT bool_and(x - r >= v[1] AND y - r >= v[2] AND x + r <= v[1] + v[3] AND y + r <= v[2] + v[4])
           FROM crowd, pg_temp.labels(page),
                LATERAL (SELECT (regexp_match(page, 'viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)"'))::float8[] AS v) vb),
          'a crowd of 200 at one point: every label inside the view');

-- Longitude/latitude: 0.001 degree of latitude is 111.195 m (R = 6,371,008.8 m).
SELECT ok(canvass.turf_packet('t', NULL, ARRAY[1, 2],
            ARRAY['SRID=4326;POINT(-84.35 33.95)', 'SRID=4326;POINT(-84.35 33.951)']::geometry[])
          LIKE '%2 doors, 2 stops, route 111 m.%', 'SRID 4326: route 111 m (hand: 0.001 degree)');
SELECT is(pg_temp.count_of(canvass.turf_packet('t', NULL, ARRAY[1],
            ARRAY['SRID=4326;POINT(-84.35 33.95)']::geometry[]), '<path class="route"'), 0,
          'one door: no route, no region');

-- NULL in each argument.
SELECT is(canvass.turf_packet(NULL, NULL, ARRAY[1], ARRAY['POINT(0 0)'::geometry]), NULL, 'NULL title: NULL');
SELECT is(canvass.turf_packet('t', NULL, NULL, ARRAY['POINT(0 0)'::geometry]), NULL, 'NULL knock: NULL');
SELECT is(canvass.turf_packet('t', NULL, ARRAY[1], NULL), NULL, 'NULL doors: NULL');
SELECT ok(canvass.turf_packet('t', NULL, ARRAY[1], ARRAY['POINT(0 0)'::geometry], NULL, NULL, NULL)
          LIKE '%<td class="knock">1</td><td></td><td></td><td></td>%', 'NULL address, voters, universe: empty cells');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1, NULL], ARRAY['POINT(0 0)', 'POINT(1 1)']::geometry[])$$,
                 '22004', 'turf_packet needs a knock number in every element of knock', 'a NULL knock number: 22004');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1, 2], ARRAY['POINT(0 0)', NULL]::geometry[])$$,
                 '22004', NULL, 'a NULL door: 22004');

-- Empty input: a page with no stops.
SELECT is(pg_temp.count_of(canvass.turf_packet('t', 'POLYGON((0 0, 1 0, 1 1, 0 0))', '{}', '{}'), '<g class="stop'), 0,
          'no doors: a page with the region and no stops');

-- Bad input.
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1], ARRAY[ST_MakePoint('NaN', 0)])$$,
                 '22023', NULL, 'a NaN door: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.turf_packet('t', 'SRID=3857;POLYGON((0 0, 1 0, 1 1, 0 0))', ARRAY[1], ARRAY['SRID=4326;POINT(-84.35 33.95)'::geometry])$$),
          E'22023\nturf_packet needs the doors and the region in one SRID\nThe doors have SRID 4326, the region SRID 3857.'
          || E'\nTransform one into the other''s system, for example ST_Transform(region, 4326).',
          'region and doors in two SRIDs: 22023');
-- A region spanning -1e308 to 1e308: its width (2e308) is no finite number.
SELECT is(pg_temp.error_of($$SELECT canvass.turf_packet('t', 'POLYGON((-1e308 -1e308, 1e308 -1e308, 1e308 1e308, -1e308 -1e308))', ARRAY[1, 2], ARRAY['POINT(0 0)', 'POINT(1 1)']::geometry[])$$),
          E'22003\nturf_packet cannot draw a map this wide\nThe region and the doors span from (-1e+308, -1e+308) to (1e+308, 1e+308).'
          || E'\nPass the turf''s own region, in the doors'' SRID.',
          'a region 2e308 wide: 22003');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1, 2], ARRAY['POINT(0 0)'::geometry])$$,
                 '2202E', 'turf_packet needs one element of knock per door', 'two knock numbers, one door: 2202E');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1], ARRAY['POINT(0 0)'::geometry], ARRAY['a', 'b'])$$,
                 '2202E', 'turf_packet needs one element of address per door', 'two addresses, one door: 2202E');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[[1]], ARRAY['POINT(0 0)'::geometry])$$,
                 '2202E', 'turf_packet needs one-dimensional arrays', 'a two-dimensional knock array: 2202E');

SELECT * FROM finish();
ROLLBACK;
