-- pgTAP: canvass.apportion, both forms.  Signatures and labels, NULL in
-- each argument, SQLSTATEs of bad input, large input, and properties whose
-- expected values are computed independently in numeric SQL.
\i test/helpers.sql
BEGIN;
SELECT plan(41);

-- matrix: canvass.apportion(bigint,double precision)
-- matrix: canvass.apportion(bigint,double precision[])

-- Signatures and labels.
SELECT has_function('canvass', 'apportion', ARRAY['bigint', 'double precision'], 'window form exists');
SELECT has_function('canvass', 'apportion', ARRAY['bigint', 'double precision[]'], 'array form exists');
SELECT is_window('canvass', 'apportion', ARRAY['bigint', 'double precision'], 'window form is a window function');
SELECT function_returns('canvass', 'apportion', ARRAY['bigint', 'double precision'], 'bigint', 'window form returns bigint');
SELECT function_returns('canvass', 'apportion', ARRAY['bigint', 'double precision[]'], 'bigint[]', 'array form returns bigint[]');
SELECT volatility_is('canvass', 'apportion', ARRAY['bigint', 'double precision[]'], 'immutable', 'array form is immutable');
SELECT volatility_is('canvass', 'apportion', ARRAY['bigint', 'double precision'], 'immutable', 'window form is immutable');
SELECT is_strict('canvass', 'apportion', ARRAY['bigint', 'double precision[]'], 'array form is strict');
SELECT is(
  (SELECT array_agg(DISTINCT proparallel) FROM pg_proc WHERE proname = 'apportion'
     AND pronamespace = 'canvass'::regnamespace),
  ARRAY['s']::"char"[], 'both forms are parallel safe');

-- NULL in each argument.
SELECT is(canvass.apportion(NULL, ARRAY[1, 2]), NULL, 'array form: NULL total gives NULL');
SELECT is(canvass.apportion(10, NULL::float8[]), NULL, 'array form: NULL weights give NULL');
SELECT is(canvass.apportion(10, ARRAY[NULL, 1]), ARRAY[NULL, 10]::bigint[], 'array form: NULL element stays NULL');
SELECT is((SELECT canvass.apportion(NULL, w) OVER () FROM (VALUES (1.0::float8)) v(w)), NULL,
          'window form: NULL total gives NULL');
SELECT is((SELECT canvass.apportion(10, NULL::float8) OVER ()), NULL, 'window form: NULL weight gives NULL');
SELECT is((SELECT array_agg(s ORDER BY p) FROM (
             SELECT p, canvass.apportion(7, w) OVER (ORDER BY p) AS s
             FROM (VALUES (1, 1.0::float8), (2, NULL), (3, 1.0)) v(p, w)) x),
          ARRAY[4, NULL, 3]::bigint[], 'window form: a NULL weight takes no part (7 over 1:1 is 4,3)');

-- Empty input.
SELECT is(canvass.apportion(10, '{}'::float8[]), '{}'::bigint[], 'array form: empty array gives empty array');
SELECT is_empty($$SELECT canvass.apportion(10, w) OVER () FROM (SELECT 1.0::float8 WHERE false) v(w)$$,
                'window form: no rows give no rows');

-- Bad input: SQLSTATE and message.
SELECT throws_ok($$SELECT canvass.apportion(-5, ARRAY[1, 2])$$, '22023',
                 'total to apportion must not be negative', 'negative total: 22023');
SELECT throws_ok($$SELECT canvass.apportion(5, '{1,NaN}'::float8[])$$, '22023',
                 'apportion weight must not be NaN', 'NaN weight: 22023');
SELECT throws_ok($$SELECT canvass.apportion(5, '{1,Infinity}'::float8[])$$, '22023',
                 'apportion weight must be finite', '+Infinity weight: 22023');
SELECT throws_ok($$SELECT canvass.apportion(5, '{1,-Infinity}'::float8[])$$, '22023',
                 'apportion weight must be finite', '-Infinity weight: 22023');
SELECT throws_ok($$SELECT canvass.apportion(5, ARRAY[1, -1e-300])$$, '22023',
                 'apportion weight must not be negative', 'negative weight: 22023');
SELECT throws_ok($$SELECT canvass.apportion(5, ARRAY[[1, 2], [3, 4]])$$, '2202E',
                 'apportion weights must be a one-dimensional array', '2-D array: 2202E');
SELECT throws_ok($$SELECT canvass.apportion(5, ARRAY['x'])$$, '42883', NULL, 'text[] weights: no such function');
SELECT throws_ok($$SELECT canvass.apportion(9223372036854775808, ARRAY[1])$$, '22003', 'apportion total is out of range for bigint',
                 'total beyond bigint (a numeric literal): out of range');
SELECT throws_ok($$SELECT canvass.apportion(t, w) OVER (ORDER BY p)
                   FROM (VALUES (1, 10::bigint, 1.0::float8), (2, 11, 1.0)) v(p, t, w)$$, '22023',
                 'total to apportion must be the same on every row of a partition', 'window: differing totals: 22023');
SELECT throws_ok($$SELECT canvass.apportion(t, w) OVER (ORDER BY p)
                   FROM (VALUES (1, 10::bigint, 1.0::float8), (2, 10, 'NaN')) v(p, t, w)$$, '22023',
                 'apportion weight must not be NaN', 'window: NaN weight: 22023');
SELECT throws_ok($$SELECT canvass.apportion(t, w) OVER (ORDER BY p)
                   FROM (VALUES (1, -1::bigint, 1.0::float8)) v(p, t, w)$$, '22023',
                 'total to apportion must not be negative', 'window: negative total: 22023');
SELECT throws_ok($$SELECT canvass.apportion(t, w) OVER (ORDER BY p)
                   FROM (VALUES (1, 10::bigint, 'Infinity'::float8)) v(p, t, w)$$, '22023',
                 'apportion weight must be finite', 'window: infinite weight: 22023');
SELECT throws_ok($$SELECT canvass.apportion(10, 1.0::float8)$$, '42809', NULL,
                 'window form without OVER: 42809');

-- Large input, window form: one million rows, weights i mod 7, total
-- 123456789.  Expected: the shares add up to the total, and each is the
-- floor or the ceiling of its quota computed here in numeric.
CREATE TEMP TABLE big AS
  SELECT i, (i % 7)::float8 AS w FROM generate_series(1, 1000000) i;
CREATE TEMP TABLE big_shares AS
  SELECT i, w, canvass.apportion(123456789, w) OVER (ORDER BY i) AS s FROM big;
SELECT is((SELECT sum(s) FROM big_shares), 123456789::numeric, '1M rows: shares add up to the total');
SELECT is((SELECT count(*) FROM big_shares, (SELECT sum(w)::numeric AS sw FROM big) t
           WHERE s NOT IN (floor(123456789 * w::numeric / sw), ceil(123456789 * w::numeric / sw))),
          0::bigint, '1M rows: every share is the floor or ceiling of its quota');
-- Equal weights share equal quotas, so ties among them go to the earliest
-- rows.  Sum of weights: 999,999 rows cycle through 0..6 (142857 * 21) plus
-- i = 1,000,000 with weight 1: 2,999,998.  Weight-3 quota: 123456789 * 3 /
-- 2999998 = 123.4568..., so weight-3 rows get 123 or 124; remainders by
-- weight (.15 .31 .46 .61 .76 .91 for 1..6) sum to about 455,700 extra
-- seats, which fill weights 6, 5, 4 (3 * 142857 = 428571) and part of 3.
SELECT is((SELECT array_agg(DISTINCT s ORDER BY s) FROM big_shares WHERE w = 3), ARRAY[123, 124]::bigint[],
          '1M rows: weight 3 gets 123 or 124');
SELECT is((SELECT array_agg(DISTINCT s) FROM big_shares WHERE w = 6), ARRAY[247]::bigint[],
          '1M rows: weight 6 (largest remainder) always gets the ceiling, 247');
SELECT ok((SELECT max(i) FILTER (WHERE s = 124) < min(i) FILTER (WHERE s = 123) FROM big_shares WHERE w = 3),
          '1M rows: ties go to earlier rows in window order');

-- Large input, array form: 100,000 weights.
SELECT is((SELECT sum(x) FROM unnest(canvass.apportion(1000000007, (SELECT array_agg(w ORDER BY i) FROM big WHERE i <= 100000))) x),
          1000000007::numeric, '100k-element array: shares add up to the total');

-- Order independence: the same rows in another physical order give the same shares.
CREATE TEMP TABLE shuffled AS SELECT * FROM big ORDER BY md5(i::text) LIMIT 100000;
SELECT is_empty($$
  SELECT i, canvass.apportion(1000003, w) OVER (ORDER BY i) FROM shuffled
  EXCEPT
  SELECT i, canvass.apportion(1000003, w) OVER (ORDER BY i) FROM (SELECT * FROM shuffled ORDER BY i DESC) s$$,
  'row order of the input does not change the shares');

-- Partitions are independent: apportioning by unit equals apportioning each unit alone.
SELECT results_eq(
  $$SELECT i, canvass.apportion(1000, w) OVER (PARTITION BY i % 3 ORDER BY i) FROM big WHERE i <= 30 ORDER BY i$$,
  $$SELECT i, s FROM (SELECT i, canvass.apportion(1000, w) OVER (ORDER BY i) AS s FROM big WHERE i <= 30 AND i % 3 = 0) a
    UNION ALL SELECT i, s FROM (SELECT i, canvass.apportion(1000, w) OVER (ORDER BY i) AS s FROM big WHERE i <= 30 AND i % 3 = 1) b
    UNION ALL SELECT i, s FROM (SELECT i, canvass.apportion(1000, w) OVER (ORDER BY i) AS s FROM big WHERE i <= 30 AND i % 3 = 2) c
    ORDER BY i$$,
  'partitions are apportioned independently');

-- Window and array forms agree.
SELECT is(
  (SELECT array_agg(s ORDER BY i) FROM (SELECT i, canvass.apportion(99991, w) OVER (ORDER BY i) AS s FROM big WHERE i <= 5000) x),
  canvass.apportion(99991, (SELECT array_agg(w ORDER BY i) FROM big WHERE i <= 5000)),
  'window and array forms give the same shares');

-- Parallel query: the array form in parallel workers gives the serial answers.
-- (a plain table: parallel workers cannot read temporary tables)
CREATE TABLE par AS SELECT i, ARRAY[i % 5, i % 3, 1]::float8[] AS ws FROM generate_series(1, 200000) i;
ANALYZE par;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE par_serial AS SELECT i, canvass.apportion(i, ws) AS s FROM par;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of('SELECT i, canvass.apportion(i, ws) FROM par'),
               'Parallel Seq Scan', 'the array form runs in parallel workers');
SELECT is_empty($$SELECT i, canvass.apportion(i, ws) FROM par EXCEPT SELECT * FROM par_serial$$,
                'parallel and serial plans give the same shares');

SELECT * FROM finish();
ROLLBACK;
