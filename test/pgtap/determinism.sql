-- pgTAP: determinism under parallelism, for every aggregate of the
-- extension (taken from the catalog).  Each aggregate runs over the same
-- 60,000 rows with 0, 1 and 2 parallel workers, and over the same rows
-- stored in another physical order (a seeded shuffle), and must give
-- byte-identical answers (compared as text); the forced plans must really
-- be Partial Aggregate plans.
\i test/helpers.sql
BEGIN;

-- Columns for every argument type the aggregates take: votes, shares,
-- outcomes and features (a model for turnout_interval is a literal).  Plain tables: parallel workers cannot read temp ones.
CREATE TABLE det_rows AS
  SELECT i,
         (200 + (i * 7919) % 1000)::bigint AS a, (150 + (i * 104729) % 1100)::bigint AS b,
         ((i * 7919) % 1000 + 0.5)::float8 AS fa, ((i * 104729) % 1100 + 0.25)::float8 AS fb,
         ((i * 37) % 100) / 100.0::float8 AS p,
         ((i * 13) % 7 < 3) AS y,
         ARRAY[(i % 2)::float8, (i % 5)::float8, ((i / 7) % 3)::float8] AS x,
         1.0 + (i % 3)::float8 AS w
  FROM generate_series(1::bigint, 60000) i;
SELECT setseed(0.2017);
CREATE TABLE det_shuffled AS SELECT * FROM det_rows ORDER BY random();
ANALYZE det_rows;
ANALYZE det_shuffled;

-- One call per aggregate signature: the argument expressions by type and
-- position (votes a, b; float8 options as swing 0.01, band 0.45/0.55; text
-- options as the default ones).
CREATE TEMP TABLE det_calls AS
  SELECT p.oid::regprocedure::text AS signature,
         format('canvass.%I(%s)', p.proname, string_agg(
           CASE
             -- logit_shift: scores 0 .. 0.99 to a reachable target (59,400 above 0, none at 1)
             WHEN p.proname = 'logit_shift' AND t.pos = 1 THEN 'p'
             WHEN p.proname = 'logit_shift' AND t.pos = 2 THEN '30000'
             -- turnout_interval: a model of x's 3 features with a covariance; shift 0.25, level 0.9 last
             WHEN p.proname = 'turnout_interval' AND t.typ = 'jsonb'::regtype THEN
               '''{"coefficients": [-0.5, 0.3, 0.1, -0.2], "covariance": [[0.01, -0.002, 0, 0], [-0.002, 0.02, 0, 0], [0, 0, 0.005, 0.001], [0, 0, 0.001, 0.01]]}''::jsonb'
             WHEN p.proname = 'turnout_interval' AND t.typ = 'double precision'::regtype AND t.pos = t.n THEN '0.9'
             WHEN p.proname = 'turnout_interval' AND t.typ = 'double precision'::regtype THEN '0.25'
             WHEN t.typ = 'bigint'::regtype AND t.pos = 1 THEN 'a'
             WHEN t.typ = 'bigint'::regtype AND t.pos = 2 THEN 'b'
             WHEN t.typ = 'double precision'::regtype AND t.pos = 1 AND t.n = 1 THEN 'p'
             WHEN t.typ = 'double precision'::regtype AND t.pos = 1 THEN 'fa'
             WHEN t.typ = 'double precision'::regtype AND t.pos = 2 THEN 'fb'
             WHEN t.typ = 'double precision'::regtype AND p.proname = 'logit_fit' THEN 'w'
             WHEN t.typ = 'double precision'::regtype AND p.proname = 'competitive_count' AND t.pos = 3 THEN '0.45'
             WHEN t.typ = 'double precision'::regtype AND p.proname = 'competitive_count' AND t.pos = 4 THEN '0.55'
             WHEN t.typ = 'double precision'::regtype AND p.proname = 'plan_scorecard' AND t.pos = 5 THEN '0.45'
             WHEN t.typ = 'double precision'::regtype AND p.proname = 'plan_scorecard' AND t.pos = 6 THEN '0.55'
             WHEN t.typ = 'double precision'::regtype THEN '0.01'
             WHEN t.typ = 'text'::regtype AND p.proname = 'efficiency_gap' AND t.pos = 3 THEN '''majority'''
             WHEN t.typ = 'text'::regtype THEN '''0.75'''
             WHEN t.typ = 'boolean'::regtype THEN 'y'
             WHEN t.typ = 'double precision[]'::regtype THEN 'x'
           END, ', ' ORDER BY t.pos)) AS call
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'canvass'
  CROSS JOIN LATERAL (SELECT u.typ::regtype AS typ, u.pos::int AS pos, count(*) OVER () AS n
                      FROM unnest(string_to_array(nullif(p.proargtypes::text, ''), ' ')::oid[]) WITH ORDINALITY u(typ, pos)) t
  WHERE p.prokind = 'a'
  GROUP BY p.oid, p.proname;

-- The answer of one call as text, with the given number of workers.
-- RETURN QUERY runs its query to completion, so it may use parallel
-- workers (EXECUTE ... INTO may stop early, so it never does).
CREATE FUNCTION pg_temp.answer_rows(call text, tab text, workers int) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
  IF workers = 0 THEN
    PERFORM pg_temp.forbid_parallel();
  ELSE
    PERFORM pg_temp.force_parallel();
    PERFORM set_config('max_parallel_workers_per_gather', workers::text, true);
  END IF;
  RETURN QUERY EXECUTE format('SELECT (%s)::text FROM %I', call, tab);
END $$;
CREATE FUNCTION pg_temp.answer(call text, tab text, workers int) RETURNS text
LANGUAGE sql AS $$
  SELECT coalesce((SELECT a FROM pg_temp.answer_rows(call, tab, workers) a), '(null)')
$$;

-- The number of parallel workers EXPLAIN ANALYZE reports launched.
CREATE FUNCTION pg_temp.workers_launched(call text, tab text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  line text;
  launched int := 0;
BEGIN
  PERFORM pg_temp.force_parallel();
  FOR line IN EXECUTE format('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT %s FROM %I', call, tab) LOOP
    IF line ~ 'Workers Launched: ' THEN
      launched := launched + substring(line FROM 'Workers Launched: (\d+)')::int;
    END IF;
  END LOOP;
  RETURN launched;
END $$;

SELECT plan((SELECT count(*)::int * 6 + 1 FROM det_calls));

SELECT is((SELECT count(*) FROM det_calls WHERE call IS NULL), 0::bigint,
          'every aggregate signature has a call built for it');

SELECT isnt(pg_temp.answer(call, 'det_rows', 0), '(null)', signature || ': an answer over 60,000 rows')
FROM det_calls ORDER BY signature;

SELECT pg_temp.force_parallel();
SELECT ok(pg_temp.plan_of(format('SELECT %s FROM det_rows', call)) ~ 'Partial Aggregate',
          signature || ': the forced plan is a Partial Aggregate')
FROM det_calls ORDER BY signature;

SELECT is(pg_temp.workers_launched(call, 'det_rows'), 2,
          signature || ': EXPLAIN ANALYZE shows 2 workers launched')
FROM det_calls ORDER BY signature;

SELECT is(pg_temp.answer(call, 'det_rows', 1), pg_temp.answer(call, 'det_rows', 0),
          signature || ': 1 worker gives the serial answer byte for byte')
FROM det_calls ORDER BY signature;

SELECT is(pg_temp.answer(call, 'det_rows', 2), pg_temp.answer(call, 'det_rows', 0),
          signature || ': 2 workers give the serial answer byte for byte')
FROM det_calls ORDER BY signature;

SELECT is(pg_temp.answer(call, 'det_shuffled', 2), pg_temp.answer(call, 'det_rows', 0),
          signature || ': shuffled rows with 2 workers give the same answer')
FROM det_calls ORDER BY signature;

SELECT * FROM finish();
ROLLBACK;
