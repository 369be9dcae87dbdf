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
\i test/helpers.sql
\set matrix_lines `grep -rhoE -- '-- matrix: .*$' test/pgtap/ | sed -e 's/^-- matrix: //' | sort -u`
BEGIN;

CREATE TEMP TABLE public_functions AS
  SELECT p.oid, p.oid::regprocedure::text AS signature, p.proname, p.prokind, p.proretset,
         string_to_array(nullif(p.proargtypes::text, ''), ' ')::oid[] AS argtypes
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'canvass'
  -- support functions of aggregates (transition, combine, serial) are not
  -- called by users, but any role can call those that take no internal
  -- argument (expected_turnout's bigint[] state): they are covered too;
  -- the others cannot be called from SQL (test/pgtap/hardening.sql)
  WHERE (NOT EXISTS (SELECT 1 FROM pg_aggregate a
                     WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                     a.aggserialfn, a.aggdeserialfn, a.aggmtransfn,
                                     a.aggminvtransfn, a.aggmfinalfn))
         OR NOT 'internal'::regtype = ANY (p.proargtypes::oid[]))
    AND p.pronamespace = 'canvass'::regnamespace
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
  call text := format('canvass.%I(%s)', f.proname, array_to_string(args, ', '));
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

SELECT plan((SELECT count(*)::int * 2 + 4 FROM public_functions));

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

SELECT * FROM finish();
ROLLBACK;
