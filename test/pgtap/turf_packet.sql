-- pgTAP: canvass.turf_packet.  Signature, the page's parts counted (one
-- stop marker per knock number, one walk-list row per door, the route, the
-- region), route lengths by hand, HTML escaping, NULL in each argument,
-- NaN, empty input, wrong SRIDs and array shapes.
--
-- matrix: canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])
\i test/helpers.sql
BEGIN;
SELECT plan(28);

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
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1, 2], ARRAY['POINT(0 0)'::geometry])$$,
                 '2202E', 'turf_packet needs one element of knock per door', 'two knock numbers, one door: 2202E');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[1], ARRAY['POINT(0 0)'::geometry], ARRAY['a', 'b'])$$,
                 '2202E', 'turf_packet needs one element of address per door', 'two addresses, one door: 2202E');
SELECT throws_ok($$SELECT canvass.turf_packet('t', NULL, ARRAY[[1]], ARRAY['POINT(0 0)'::geometry])$$,
                 '2202E', 'turf_packet needs one-dimensional arrays', 'a two-dimensional knock array: 2202E');

SELECT * FROM finish();
ROLLBACK;
