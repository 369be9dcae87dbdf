-- pgTAP: the bad-input matrix of every public function, taken from the
-- catalog (pg_proc joined to the extension's objects), not from a hand-kept
-- list, so a new function is covered the day it is added.
--
-- 1. Every function has a hand-written matrix: some test file under
--    test/pgtap/ carries the line "-- matrix: <signature>" with the
--    function's regprocedure text, next to its NULL, NaN, empty, wrong-type
--    and large-input cases, each asserting the documented result or SQLSTATE.
-- 2. Every function survives hostile values in each argument in turn (NULL,
--    NaN, +-Infinity, zero, negative, near 2^63 and 1e308, empty and
--    multi-dimensional arrays, arrays holding NULL, wrong SRIDs, non-point
--    and empty geometries, malformed jsonb), called as a scalar, aggregate
--    (over rows and over no rows), window or set-returning function as its
--    kind says: each call either answers or fails with a SQLSTATE that is
--    not an internal error (class XX), and the backend stays up.
-- 3. Every array argument of every function takes a huge array (a million
--    elements, the others ordinary) with the result documented in
--    huge_expected below, and matched huge inputs (10^6 and 10^7 elements)
--    give the answers computed by hand, or 53400 from canvass.max_memory.
--    A statement_timeout of 5 minutes turns a hang into 57014, which no
--    expected result is.
\i test/helpers.sql
\set matrix_lines `grep -rhoE -- '-- matrix: .*$' test/pgtap/ | sed -e 's/^-- matrix: //' | sort -u`
BEGIN;

CREATE TEMP TABLE public_functions AS
  SELECT p.oid, p.oid::regprocedure::text AS signature, p.pronamespace::regnamespace::text AS nspname,
         p.proname, p.prokind, p.proretset,
         string_to_array(nullif(p.proargtypes::text, ''), ' ')::oid[] AS argtypes
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'canvass'
  -- support functions of aggregates (transition, combine, serial), in
  -- schema canvass_internal, are not called by users (no role but a
  -- superuser may use that schema), but those that take no internal
  -- argument (expected_turnout's bigint[] state) can be called from SQL:
  -- they are covered too; the others cannot be (test/pgtap/hardening.sql)
  WHERE (NOT EXISTS (SELECT 1 FROM pg_aggregate a
                     WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                     a.aggserialfn, a.aggdeserialfn, a.aggmtransfn,
                                     a.aggminvtransfn, a.aggmfinalfn))
         OR NOT 'internal'::regtype = ANY (p.proargtypes::oid[]))
    AND p.pronamespace IN ('canvass'::regnamespace, 'canvass_internal'::regnamespace)
    AND p.proname NOT LIKE '\_%';

CREATE TEMP TABLE declared AS
  SELECT trim(line) AS signature FROM regexp_split_to_table(:'matrix_lines', E'\n') line
  WHERE trim(line) <> '';

-- Values to try, by argument type: first the ordinary one used while another
-- argument is under test, then the hostile ones.
CREATE TEMP TABLE trial_values (typ regtype, ordinary boolean, val text);
INSERT INTO trial_values VALUES
  ('bigint', true, '10'), ('bigint', false, 'NULL::bigint'), ('bigint', false, '0'),
  ('bigint', false, '-1'), ('bigint', false, '9223372036854775807'), ('bigint', false, '(-9223372036854775807 - 1)'),
  ('integer', true, '3'), ('integer', false, 'NULL::int'), ('integer', false, '0'),
  ('integer', false, '-1'), ('integer', false, '2147483647'),
  ('double precision', true, '0.5'), ('double precision', false, 'NULL::float8'),
  ('double precision', false, '''NaN''::float8'), ('double precision', false, '''Infinity''::float8'),
  ('double precision', false, '''-Infinity''::float8'), ('double precision', false, '0'),
  ('double precision', false, '-1'), ('double precision', false, '1e308'), ('double precision', false, '2'),
  ('double precision[]', true, 'ARRAY[0.5, 0.25]::float8[]'), ('double precision[]', false, 'NULL::float8[]'),
  ('double precision[]', false, '''{}''::float8[]'), ('double precision[]', false, 'ARRAY[NULL, 1]::float8[]'),
  ('double precision[]', false, 'ARRAY[''NaN'', ''Infinity'']::float8[]'),
  ('double precision[]', false, 'ARRAY[[1, 2], [3, 4]]::float8[]'), ('double precision[]', false, 'ARRAY[1e308, -1e308]::float8[]'),
  ('integer[]', true, 'ARRAY[2, 3]'), ('integer[]', false, 'NULL::int[]'), ('integer[]', false, '''{}''::int[]'),
  ('integer[]', false, 'ARRAY[NULL, -1]::int[]'), ('integer[]', false, 'ARRAY[[1], [2]]::int[]'),
  ('bigint[]', true, 'ARRAY[0, 0, 0, 0, 0]::bigint[]'), ('bigint[]', false, 'NULL::bigint[]'), ('bigint[]', false, '''{}''::bigint[]'),
  ('bigint[]', false, 'ARRAY[NULL, -1]::bigint[]'), ('bigint[]', false, 'ARRAY[2, 3]::bigint[]'),
  ('bigint[]', false, 'ARRAY[1, -1, 0, 0, 0]::bigint[]'), ('bigint[]', false, 'ARRAY[9223372036854775807, 0, 0, 0, 0]::bigint[]'),
  ('bigint[]', false, 'ARRAY[1, 0, 1152921504606846977, 0, 0]::bigint[]'), ('bigint[]', false, 'ARRAY[[1, 0, 0, 0, 0]]::bigint[]'),
  ('boolean', true, 'true'), ('boolean', false, 'NULL::boolean'), ('boolean', false, 'false'),
  ('text', true, 'NULL::text'), ('text', false, '''''::text'), ('text', false, '''no such option''::text'),
  ('jsonb', true, '''{}''::jsonb'), ('jsonb', false, 'NULL::jsonb'), ('jsonb', false, '''[]''::jsonb'),
  ('jsonb', false, '''{"coefficients": "x", "features": 2}''::jsonb'), ('jsonb', false, '''{"coefficients": [1e308, "NaN"]}''::jsonb'),
  ('numeric', true, '0.5'), ('numeric', false, 'NULL::numeric'), ('numeric', false, '''NaN''::numeric'),
  ('date', true, '''2017-06-20''::date'), ('date', false, 'NULL::date'), ('date', false, '''infinity''::date'),
  ('date[]', true, 'ARRAY[''2016-11-08'', ''2017-06-20'']::date[]'), ('date[]', false, 'NULL::date[]'), ('date[]', false, '''{}''::date[]'),
  ('text[]', true, 'ARRAY[''general'', ''special'']'), ('text[]', false, 'NULL::text[]'), ('text[]', false, '''{}''::text[]');
INSERT INTO trial_values
  SELECT t::regtype, o, v FROM (VALUES
  ('geometry', true, '''SRID=4326;POINT(-84.35 33.95)''::geometry'), ('geometry', false, 'NULL::geometry'),
  ('geometry', false, '''SRID=4326;POINT EMPTY''::geometry'), ('geometry', false, '''SRID=3857;POINT(0 0)''::geometry'),
  ('geometry', false, '''POINT(0 0)''::geometry'), ('geometry', false, '''SRID=4326;LINESTRING(0 0, 1 1)''::geometry'),
  ('geometry', false, '''SRID=4326;POINT(NaN 0)''::geometry'), ('geometry', false, '''SRID=4326;POINTZ(1 1 1)''::geometry'),
  ('geometry[]', true, 'ARRAY[''SRID=4326;POINT(-84.35 33.95)'', ''SRID=4326;POINT(-84.36 33.96)'']::geometry[]'),
  ('geometry[]', false, 'NULL::geometry[]'), ('geometry[]', false, '''{}''::geometry[]'),
  ('geometry[]', false, 'ARRAY[NULL, ''SRID=4326;POINT(0 0)'']::geometry[]'),
  ('geometry[]', false, 'ARRAY[''SRID=4326;POINT(0 0)'', ''SRID=3857;POINT(0 0)'']::geometry[]'),
  ('geometry[]', false, 'ARRAY[''SRID=4326;POLYGON((0 0, 1 0, 1 1, 0 0))'']::geometry[]')) v(t, o, v)
  WHERE to_regtype('geometry') IS NOT NULL;

-- Calls f with args as its kind requires, returning '' or the SQLSTATE.
CREATE FUNCTION pg_temp.try_call(f public_functions, args text[], empty boolean) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  call text := format('%I.%I(%s)', coalesce(f.nspname, 'canvass'), f.proname, array_to_string(args, ', '));
  rows text := CASE WHEN empty THEN '(SELECT 1 WHERE false)' ELSE '(VALUES (1), (2), (3))' END;
  q text;
BEGIN
  q := CASE
         WHEN f.prokind = 'a' THEN format('SELECT %s FROM %s v(i)', call, rows)
         WHEN f.prokind = 'w' THEN format('SELECT %s OVER () FROM %s v(i)', call, rows)
         WHEN f.proretset THEN format('SELECT count(*) FROM %s', call)
         ELSE format('SELECT %s', call)
       END;
  BEGIN
    EXECUTE q;
  EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
  END;
  RETURN '';
END $$;

-- Runs every hostile value in every argument of f; returns the calls that
-- failed with an internal error (or whose argument types have no values).
CREATE FUNCTION pg_temp.hostile_failures(f public_functions) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
  nargs int := coalesce(array_length(f.argtypes, 1), 0);
  ordinary text[];
  args text[];
  v record;
  i int;
  state text;
  failures text[] := '{}';
  calls int := 0;
BEGIN
  FOR i IN 1 .. nargs LOOP
    ordinary[i] := (SELECT val FROM trial_values WHERE typ = f.argtypes[i]::regtype AND trial_values.ordinary);
    IF ordinary[i] IS NULL THEN
      RETURN ARRAY[format('no trial values for type %s', f.argtypes[i]::regtype)];
    END IF;
  END LOOP;
  FOR i IN 1 .. nargs LOOP
    FOR v IN SELECT val FROM trial_values WHERE typ = f.argtypes[i]::regtype LOOP
      args := ordinary;
      args[i] := v.val;
      FOREACH state IN ARRAY ARRAY[pg_temp.try_call(f, args, false),
                                   CASE WHEN f.prokind = 'a' THEN pg_temp.try_call(f, args, true) ELSE '' END] LOOP
        calls := calls + 1;
        IF state LIKE 'XX%' OR state = '42883' THEN
          failures := failures || format('%s(%s): %s', f.proname, array_to_string(args, ', '), state);
        END IF;
      END LOOP;
    END LOOP;
  END LOOP;
  IF calls = 0 AND nargs > 0 THEN
    failures := failures || 'no calls made'::text;
  END IF;
  RETURN failures;
END $$;

-- Huge arrays, by type: a million elements each, built once.  Dates are
-- distinct days from 1900-01-01 on; points are all at one spot.
CREATE TEMP TABLE huge AS
  SELECT array_fill(0.5::float8, ARRAY[1000000]) AS f8,
         array_fill(2, ARRAY[1000000]) AS i4,
         array_fill(2::bigint, ARRAY[1000000]) AS i8,
         (SELECT array_agg(date '1900-01-01' + i ORDER BY i) FROM generate_series(0, 999999) i) AS dates,
         array_fill('general'::text, ARRAY[1000000]) AS texts,
         array_fill('SRID=4326;POINT(-84.35 33.95)'::geometry, ARRAY[1000000]) AS geoms;
CREATE TEMP TABLE huge_values (typ regtype, val text);
INSERT INTO huge_values VALUES
  ('double precision[]', '(SELECT f8 FROM huge)'), ('integer[]', '(SELECT i4 FROM huge)'),
  ('bigint[]', '(SELECT i8 FROM huge)'), ('date[]', '(SELECT dates FROM huge)'),
  ('text[]', '(SELECT texts FROM huge)'), ('geometry[]', '(SELECT geoms FROM huge)');

-- What each function does with a huge array in one argument and ordinary
-- values (trial_values above) in the others: '' is an answer, else the
-- SQLSTATE, with the reason.
CREATE TEMP TABLE huge_expected (signature text, arg int, expected text, why text);
INSERT INTO huge_expected VALUES
  ('canvass.apportion(bigint,double precision[])', 2, '', 'a million weights of 0.5 share 10: an answer'),
  ('canvass.apportion(integer,double precision[])', 2, '', 'a million weights of 0.5 share 3: an answer'),
  ('canvass.apportion(numeric,double precision[])', 2, '22023', 'the ordinary numeric total 0.5 is not whole, refused first'),
  ('canvass.apportion(double precision,double precision[])', 2, '22023', 'the ordinary total 0.5 is not whole, refused first'),
  ('canvass.apportion_table(bigint[],double precision[])', 1, '', 'a million row totals of 2 into parts weighted 0.5 : 0.25: an answer'),
  ('canvass.apportion_table(bigint[],double precision[])', 2, '53400', '5 rows x a million columns: past canvass.max_memory at the worst case of the rounding'),
  ('canvass.apportion_table(bigint[],bigint[],double precision[])', 1, '2202E', 'the ordinary seed is one-dimensional'),
  ('canvass.apportion_table(bigint[],bigint[],double precision[])', 2, '2202E', 'the ordinary seed is one-dimensional'),
  ('canvass.apportion_table(bigint[],bigint[],double precision[])', 3, '2202E', 'a million-element seed is not 5 x 5'),
  ('canvass.logit_fit(integer,double precision[])', 2, '22023', 'the ordinary outcome 3 is not 0 or 1, refused first'),
  ('canvass.rcv_tabulate(text[],jsonb)', 1, '22023', 'the ordinary rules {} name no candidates, refused first'),
  ('canvass.turnout_interval(jsonb,double precision[])', 2, '22023', 'the ordinary model {} has no coefficients, refused first'),
  ('canvass.turnout_interval(jsonb,double precision[],double precision)', 2, '22023', 'the ordinary model {} has no coefficients, refused first'),
  ('canvass.turnout_interval(jsonb,double precision[],double precision,double precision)', 2, '22023', 'the ordinary model {} has no coefficients, refused first'),
  ('canvass.project(double precision,double precision,boolean,double precision,double precision,double precision[])', 6, '54000', 'a million features: more than project takes'),
  ('canvass.project(double precision,double precision,boolean,double precision,double precision,double precision[],double precision)', 6, '54000', 'a million features: more than project takes'),
  ('canvass.logit_fit(integer,double precision[],double precision)', 2, '22023', 'the ordinary outcome 3 is not 0 or 1, refused first'),
  ('canvass.assign_turfs(geometry[],geometry[],integer[])', 1, '22023', 'a million turfs, two sites of capacity 2 and 3: more turfs than the sites take'),
  ('canvass.assign_turfs(geometry[],geometry[],integer[])', 2, '2202E', 'a million sites, two capacities: one capacity per site is needed'),
  ('canvass.assign_turfs(geometry[],geometry[],integer[])', 3, '2202E', 'two sites, a million capacities'),
  ('canvass.turf_regions(geometry[],integer[],geometry)', 1, '2202E', 'a million doors, two turf numbers: one turf number per door is needed'),
  ('canvass.turf_regions(geometry[],integer[],geometry)', 2, '2202E', 'two doors, a million turf numbers'),
  ('canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])', 3, '', 'the ordinary title NULL gives NULL before the arrays are read'),
  ('canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])', 4, '', 'the ordinary title NULL gives NULL before the arrays are read'),
  ('canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])', 5, '', 'the ordinary title NULL gives NULL before the arrays are read'),
  ('canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])', 6, '', 'the ordinary title NULL gives NULL before the arrays are read'),
  ('canvass.turf_packet(text,geometry,integer[],geometry[],text[],text[],text[])', 7, '', 'the ordinary title NULL gives NULL before the arrays are read'),
  ('canvass_internal.expected_turnout_trans(bigint[],double precision)', 1, '22023', 'not an expected_turnout state (5 elements)'),
  ('canvass_internal.expected_turnout_combine(bigint[],bigint[])', 1, '22023', 'not an expected_turnout state (5 elements)'),
  ('canvass_internal.expected_turnout_combine(bigint[],bigint[])', 2, '22023', 'not an expected_turnout state'),
  ('canvass_internal.expected_turnout_final(bigint[])', 1, '22023', 'not an expected_turnout state'),
  ('canvass.logit_fit(boolean,double precision[])', 2, '54000', 'a million features: more than 100'),
  ('canvass.logit_fit(boolean,double precision[],double precision)', 2, '54000', 'a million features: more than 100'),
  ('canvass.logit_score(jsonb,double precision[])', 2, '22023', 'the ordinary model {} is refused before x is read'),
  ('canvass.propensity(date[],date,date[],text[],text,double precision,double precision)', 1, '', 'a million voted dates, two of them in the calendar: an answer'),
  ('canvass.propensity(date[],date,date[],text[],text,double precision,double precision)', 3, '2202E', 'a million-day calendar, two kinds'),
  ('canvass.propensity(date[],date,date[],text[],text,double precision,double precision)', 4, '2202E', 'two calendar days, a million kinds'),
  ('canvass.voted_dates(text[],date[])', 1, '2202E', 'a million marks, two calendar days'),
  ('canvass.voted_dates(text[],date[])', 2, '2202E', 'two marks, a million calendar days'),
  ('canvass.votes_in_last(date[],date[],integer)', 1, '', 'a million voted dates: an answer'),
  ('canvass.votes_in_last(date[],date[],integer)', 2, '', 'a million-day calendar: an answer'),
  ('canvass.propensity(text[],date,text[],text[],text,double precision,double precision)', 1, '22007', 'voted element 1, ''general'', is not a date'),
  ('canvass.propensity(text[],date,text[],text[],text,double precision,double precision)', 3, '22007', 'the ordinary voted {general,special} is not dates, read first'),
  ('canvass.propensity(text[],date,text[],text[],text,double precision,double precision)', 4, '22007', 'the ordinary voted {general,special} is not dates, read first'),
  ('canvass.propensity(text,date,text,text[],text,double precision,double precision)', 4, '', 'the ordinary elections literal is NULL: NULL'),
  ('canvass.votes_in_last(text[],text[],integer)', 1, '22007', 'voted element 1, ''general'', is not a date'),
  ('canvass.votes_in_last(text[],text[],integer)', 2, '22007', 'the ordinary voted {general,special} is not dates, read first'),
  ('canvass.voted_dates(text[],text[])', 1, '22007', 'the ordinary calendar {general,special} is not dates'),
  ('canvass.voted_dates(text[],text[])', 2, '22007', 'calendar element 1, ''general'', is not a date'),
  ('canvass.voted_dates(text[],text)', 1, '', 'the ordinary calendar literal is NULL: NULL (strict)');

-- Every array argument of every public function, and of the expected_turnout
-- support functions (plain functions of a bigint[] state that SQL can
-- call), with its outcome.
CREATE TEMP TABLE huge_calls AS
  SELECT f.oid::regprocedure::text AS signature, a.arg, f.prokind, f.proretset, f.nspname, f.proname, f.argtypes
  FROM public_functions f,
       generate_subscripts(f.argtypes, 1) a(arg)
  WHERE f.argtypes[a.arg]::regtype::text LIKE '%[]';

-- The outcome of f with the huge value of its type in argument arg.
CREATE FUNCTION pg_temp.huge_outcome(c huge_calls) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  f public_functions;
  args text[];
  i int;
BEGIN
  f.nspname := c.nspname; f.proname := c.proname; f.prokind := c.prokind; f.proretset := c.proretset; f.argtypes := c.argtypes;
  FOR i IN 1 .. array_length(c.argtypes, 1) LOOP
    args[i] := (SELECT val FROM trial_values WHERE typ = c.argtypes[i]::regtype AND trial_values.ordinary);
  END LOOP;
  args[c.arg] := (SELECT val FROM huge_values WHERE typ = c.argtypes[c.arg]::regtype);
  RETURN coalesce(pg_temp.try_call(f, args, false), 'no huge value');
END $$;

SET LOCAL statement_timeout = '5min';

SELECT plan((SELECT count(*)::int * 2 + 4 FROM public_functions) + (SELECT count(*)::int + 1 FROM huge_calls) + 16);

SELECT cmp_ok((SELECT count(*)::int FROM public_functions), '>', 0, 'the catalog lists the public functions');

-- Parallel and distributed by construction: every aggregate has a combine
-- function, an internal state also serial and deserial functions, and every
-- function of the extension (support functions included) is parallel safe.
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_aggregate a JOIN public_functions p ON p.oid = a.aggfnoid
           WHERE a.aggcombinefn = 0), NULL, 'every aggregate has a combine function');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_aggregate a JOIN public_functions p ON p.oid = a.aggfnoid
           WHERE a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)),
          NULL, 'every aggregate with an internal state has serial and deserial functions');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
           JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'canvass'
           WHERE p.proparallel <> 's'), NULL, 'every function of the extension is parallel safe');

SELECT ok(EXISTS (SELECT 1 FROM declared d WHERE d.signature = f.signature),
          format('%s has a hand-written bad-input matrix (-- matrix: line in test/pgtap)', f.signature))
FROM public_functions f ORDER BY f.signature;

SELECT is(pg_temp.hostile_failures(f), '{}'::text[],
          format('%s survives hostile values in each argument', f.signature))
FROM public_functions f ORDER BY f.signature;

-- 3. Huge arrays.
SELECT is((SELECT array_agg(c.signature || ' argument ' || c.arg ORDER BY 1) FROM huge_calls c
           WHERE NOT EXISTS (SELECT 1 FROM huge_expected e WHERE e.signature = c.signature AND e.arg = c.arg)),
          NULL, 'every array argument has a documented result for a huge array');
SELECT is(pg_temp.huge_outcome(c), e.expected,
          format('%s, argument %s of a million elements: %s', c.signature, c.arg, coalesce(e.why, 'undocumented')))
FROM huge_calls c LEFT JOIN huge_expected e USING (signature, arg) ORDER BY c.signature, c.arg;

-- Matched huge inputs with answers by hand.  A calendar of the 10^6 days
-- 1900-01-01 + 0 .. 999999, votes on every fourth day (offsets 0, 4, ...,
-- 999996: 250,000 votes), marks 'X' on those days and NULL on the others.
CREATE TEMP TABLE big AS
  SELECT h.dates AS cal, h.texts AS kinds,
         (SELECT array_agg(date '1900-01-01' + i ORDER BY i) FROM generate_series(0, 999999, 4) i) AS voted,
         (SELECT array_agg(CASE WHEN i % 4 = 0 THEN 'X' END ORDER BY i) FROM generate_series(0, 999999) i) AS marks
  FROM huge h;
-- With a half-life of 1e300 years every weight is 2^(-tiny) = 1 exactly, so
-- propensity is votes / eligible elections: 250,000 / 1,000,000 = 0.25, and
-- registered at offset 500,000: 250,000 / (500,000 + 125,000 voted before) = 0.4.
SELECT is((SELECT canvass.propensity(voted, NULL, cal, kinds, NULL, 1e300, 1) FROM big), 0.25::float8,
          'propensity, a million-day calendar: 0.25');
SELECT is((SELECT round(canvass.propensity(voted, date '1900-01-01' + 500000, cal, kinds, NULL, 1e300, 1)::numeric, 12) FROM big),
          0.4, 'propensity, a million-day calendar, registered halfway: 0.4');
-- The 1,000 most recent days are offsets 999,000 .. 999,999: 250 multiples of 4.
SELECT is((SELECT canvass.votes_in_last(voted, cal, 1000) FROM big), 250, 'votes_in_last, a million-day calendar: 250 of the last 1000');
SELECT is((SELECT canvass.votes_in_last(voted, cal, 2000000) FROM big), 250000, 'votes_in_last, m beyond a million-day calendar: every vote');
SELECT ok((SELECT canvass.voted_dates(marks, cal) = voted FROM big), 'voted_dates, a million marks: the 250,000 marked days');
-- A million equal weights sharing 500,000: every exact share is 1/2, so the
-- 500,000 left over go to the first 500,000 positions.
SELECT is((SELECT count(*) FROM unnest(canvass.apportion(500000, (SELECT f8 FROM huge))) WITH ORDINALITY u(s, k)
           WHERE s = CASE WHEN k <= 500000 THEN 1 ELSE 0 END), 1000000::bigint,
          'apportion, a million equal weights sharing 500,000: one each to the first half');
-- A million turfs at one point and one site there taking them all: each at distance 0.
SELECT is((SELECT format('%s %s %s %s', count(*), min(site_index), max(site_index), sum(distance))
           FROM canvass.assign_turfs((SELECT geoms FROM huge), ARRAY['SRID=4326;POINT(-84.35 33.95)'::geometry], ARRAY[1000000])),
          '1000000 1 1 0', 'assign_turfs, a million turfs to one site of capacity 10^6: all there at distance 0');

-- A repeated day found among a million: the last element repeats offset 5
-- (1900-01-06, element 6), so the first element that repeats an earlier one
-- is element 1,000,000.
SELECT is(pg_temp.error_of($$SELECT canvass.votes_in_last(NULL, cal[1:999999] || date '1900-01-06', 4) FROM big$$),
          E'22023\nelection calendar must not repeat a date\nElement 1000000 repeats 1900-01-06.'
          || E'\nList each election day once; a primary and a general on the same day count as one election.',
          'votes_in_last, a million-day calendar repeating a day at its end: refused, naming element 1000000');
SELECT is(pg_temp.error_of($$SELECT canvass.propensity(NULL, NULL, cal[1:999999] || date '1900-01-06', kinds) FROM big$$),
          E'22023\nelection calendar must not repeat a date\nElement 1000000 repeats 1900-01-06.'
          || E'\nList each election day once; a primary and a general on the same day count as one election.',
          'propensity, a million-day calendar repeating a day at its end: refused, naming element 1000000');

-- Ten million: the calendar 1900-01-01 + 0 .. 9,999,999 (to the year 29278),
-- votes every fourth day (2,500,000).
CREATE TEMP TABLE big7 AS
  SELECT (SELECT array_agg(date '1900-01-01' + i ORDER BY i) FROM generate_series(0, 9999999) i) AS cal,
         array_fill('general'::text, ARRAY[10000000]) AS kinds,
         (SELECT array_agg(date '1900-01-01' + i ORDER BY i) FROM generate_series(0, 9999999, 4) i) AS voted;
SELECT is((SELECT canvass.propensity(voted, NULL, cal, kinds, NULL, 1e300, 1) FROM big7), 0.25::float8,
          'propensity, a ten-million-day calendar: 0.25');
-- The 1,000 most recent days are offsets 9,999,000 .. 9,999,999: 250 multiples of 4.
SELECT is((SELECT canvass.votes_in_last(voted, cal, 1000) FROM big7), 250, 'votes_in_last, a ten-million-day calendar: 250 of the last 1000');
-- Ten million equal weights sharing 5,000,000: ones up to position 5,000,000.
SELECT is((SELECT format('%s %s %s', (SELECT sum(x) FROM unnest(a) x), a[5000000], a[5000001])
           FROM (SELECT canvass.apportion(5000000, array_fill(1.0::float8, ARRAY[10000000])) a) q),
          '5000000 1 0', 'apportion, ten million equal weights sharing 5,000,000: one each to the first half');

-- Under a smaller canvass.max_memory the same input is refused with 53400,
-- sizes from the per-date costs (README): propensity 42 B x 12,500,000 dates
-- = 525,000,000 B (ceil(500.7) = 501 MB), votes_in_last 29 B x 12,500,000 =
-- 362,500,000 B (346 MB), voted_dates 25 B x 2,000,000 = 50,000,000 B
-- (48 MB), apportion 69 B x 10,000,000 = 690,000,000 B (659 MB).
SET LOCAL canvass.max_memory = '32MB';
SELECT throws_ok($$SELECT canvass.propensity(voted, NULL, cal, kinds) FROM big7$$, '53400',
                 'propensity would need 501 MB of working memory, more than canvass.max_memory (32 MB)',
                 'propensity, ten million days under max_memory 32MB: 53400');
SELECT throws_ok($$SELECT canvass.votes_in_last(voted, cal, 4) FROM big7$$, '53400',
                 'votes_in_last would need 346 MB of working memory, more than canvass.max_memory (32 MB)',
                 'votes_in_last, ten million days under max_memory 32MB: 53400');
SELECT throws_ok($$SELECT canvass.voted_dates(marks, cal) FROM big$$, '53400',
                 'voted_dates would need 48 MB of working memory, more than canvass.max_memory (32 MB)',
                 'voted_dates, a million marks under max_memory 32MB: 53400');
SELECT throws_ok($$SELECT canvass.apportion(5000000, array_fill(1.0::float8, ARRAY[10000000]))$$, '53400',
                 'apportion would need 659 MB of working memory, more than canvass.max_memory (32 MB)',
                 'apportion, ten million weights under max_memory 32MB: 53400');

SELECT * FROM finish();
ROLLBACK;
