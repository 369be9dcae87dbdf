-- pgTAP: the types people have.  sum(bigint) is numeric, count(*) is
-- bigint, turnout is stored as 0/1, and clients send an empty list as an
-- untyped '{}': each resolves to a canvass function and gives the answer of
-- the form it stands beside (compared here with that form on the same
-- input, whose values are tested against outside references in
-- apportion.sql, turf.sql and logit.sql), or a coded error.
\i test/helpers.sql
BEGIN;
SELECT plan(35);

-- matrix: canvass.apportion(integer,double precision)
-- matrix: canvass.apportion(numeric,double precision)
-- matrix: canvass.apportion(integer,double precision[])
-- matrix: canvass.apportion(numeric,double precision[])
-- matrix: canvass.apportion(integer,text)
-- matrix: canvass.apportion(bigint,text)
-- matrix: canvass.apportion(numeric,text)
-- matrix: canvass.turf(geometry,bigint,integer,integer)
-- matrix: canvass.apportion(double precision,double precision)
-- matrix: canvass.apportion(double precision,double precision[])
-- matrix: canvass.apportion(double precision,text)
-- matrix: canvass.turf(geometry,double precision,integer,integer)
-- matrix: canvass.logit_fit(integer,double precision[])
-- matrix: canvass.logit_fit(integer,double precision[],double precision)

-- apportion: an integer literal, a bigint, a numeric sum all resolve.
SELECT is(canvass.apportion(101, ARRAY[1, 1, 1]), '{34,34,33}'::bigint[], 'integer total: {34,34,33}');
SELECT is(canvass.apportion(101::bigint, ARRAY[1, 1, 1]), '{34,34,33}'::bigint[], 'bigint total: {34,34,33}');
SELECT is((SELECT canvass.apportion(sum(v), ARRAY[1, 1, 1]) FROM (VALUES (50::bigint), (51)) x(v)),
          '{34,34,33}'::bigint[], 'numeric total from sum(bigint): {34,34,33}');
SELECT is((SELECT array_agg(s ORDER BY p) FROM (
             SELECT p, canvass.apportion(t, w) OVER (ORDER BY p) AS s
             FROM (SELECT p, w, sum(v) OVER () AS t FROM (VALUES (1, 0.5::float8, 400::bigint), (2, 0.3, 300), (3, 0.2, 300)) x(p, w, v)) y) z),
          '{500,300,200}'::bigint[], 'window form with a numeric total from sum() OVER (): 1000 split .5/.3/.2');
SELECT is((SELECT array_agg(s ORDER BY p) FROM (
             SELECT p, canvass.apportion(7, w) OVER (ORDER BY p) AS s FROM (VALUES (1, .5), (2, .3), (3, .2)) x(p, w)) y),
          '{4,2,1}'::bigint[], 'window form with an integer total: 7 by .5/.3/.2 is {4,2,1}');
SELECT is(canvass.apportion(1000000000000::numeric, ARRAY[1, 1]), '{500000000000,500000000000}'::bigint[],
          'a numeric total past integer');
SELECT throws_ok($$SELECT canvass.apportion(100.5, ARRAY[1, 1])$$, '22023', 'apportion total must be a whole number',
                 'a fractional numeric total is refused, not rounded');
SELECT throws_ok($$SELECT canvass.apportion('NaN'::numeric, ARRAY[1, 1])$$, '22023', 'apportion total must be a finite whole number',
                 'a NaN numeric total');
SELECT throws_ok($$SELECT canvass.apportion('Infinity'::numeric, ARRAY[1, 1])$$, '22023', 'apportion total must be a finite whole number',
                 'an infinite numeric total');
SELECT throws_ok($$SELECT canvass.apportion(1e30, ARRAY[1, 1])$$, '22003', 'apportion total is out of range for bigint',
                 'a numeric total past bigint');
SELECT throws_ok($$SELECT canvass.apportion(-5::numeric, ARRAY[1, 1])$$, '22023', 'total to apportion must not be negative',
                 'a negative numeric total, as for bigint');
SELECT throws_ok($$SELECT canvass.apportion(100.5, w) OVER () FROM (VALUES (1.0)) v(w)$$, '22023',
                 'apportion total must be a whole number', 'window form: a fractional numeric total');
SELECT is(canvass.apportion(NULL::numeric, ARRAY[1, 1]), NULL, 'NULL numeric total: NULL');
-- An untyped NULL or a smallint resolves to the double precision overload
-- instead of being ambiguous; a double precision count must be whole.
SELECT is(canvass.apportion(NULL, ARRAY[1, 2]), NULL, 'an untyped NULL total resolves and gives NULL');
SELECT is(canvass.apportion(7::smallint, ARRAY[.5, .3, .2]), '{4,2,1}'::bigint[], 'a smallint total: 7 by .5/.3/.2 is {4,2,1}');
SELECT is(canvass.apportion(7::float8, ARRAY[.5, .3, .2]), '{4,2,1}'::bigint[], 'a whole double precision total');
SELECT throws_ok($$SELECT canvass.apportion(7.5::float8, ARRAY[1, 1])$$, '22023', 'apportion total must be a whole number',
                 'a fractional double precision total');
SELECT throws_ok($$SELECT canvass.apportion('NaN'::float8, ARRAY[1, 1])$$, '22023', 'apportion total must be a finite whole number',
                 'a NaN double precision total');
SELECT throws_ok($$SELECT canvass.apportion(1e19::float8, ARRAY[1, 1])$$, '22003', 'apportion total is out of range for bigint',
                 'a double precision total past bigint');

-- Untyped array literals, as clients send them, reach the array form.
SELECT is(canvass.apportion(100, '{}'), '{}'::bigint[], 'an untyped empty array gives an empty array, not an OVER error');
SELECT is(canvass.apportion(100, '{1,3}'), '{25,75}'::bigint[], 'an untyped ''{1,3}'' splits 100 into 25 and 75');
SELECT is(canvass.apportion(100::bigint, '{1,NULL}'), '{100,NULL}'::bigint[], 'a NULL element stays NULL, as in the array form');
SELECT is(canvass.apportion(sum(v), '{1,1}'), '{1,1}'::bigint[], 'numeric total with untyped weights') FROM (VALUES (2::bigint)) x(v);
SELECT throws_ok($$SELECT canvass.apportion(100, 'x')$$, '22P02', NULL, 'a malformed literal is 22P02, from array input');
SELECT throws_ok($$SELECT canvass.apportion(100, '{{1,2},{3,4}}')$$, '2202E', 'apportion weights must be a one-dimensional array',
                 'a two-dimensional literal as in the array form');

-- turf: a bigint target, as count(*) or a settings table gives it.
SELECT is((SELECT array_agg(t ORDER BY i) FROM (
             SELECT i, canvass.turf(ST_MakePoint(i, 0), (SELECT count(*) FROM generate_series(1, 5))) OVER () AS t
             FROM generate_series(1, 20) i) x),
          (SELECT array_agg(t ORDER BY i) FROM (
             SELECT i, canvass.turf(ST_MakePoint(i, 0), 5) OVER () AS t FROM generate_series(1, 20) i) x),
          'a bigint target 5 cuts 20 doors in a row as the integer 5 does');
SELECT throws_ok($$SELECT canvass.turf('POINT(0 0)'::geometry, 0::bigint) OVER ()$$, '22023', 'turf target must be positive',
                 'a bigint target of 0');
SELECT is((SELECT max(t) FROM (SELECT canvass.turf(ST_MakePoint(i, 0), 5.0) OVER () AS t FROM generate_series(1, 20) i) x), 4,
          'a numeric target 5.0: 20 doors in 4 turfs');
SELECT is((SELECT max(t) FROM (SELECT canvass.turf(ST_MakePoint(i, 0), 3000000000::bigint) OVER () AS t
                               FROM generate_series(1, 10) i) x), 1,
          'a target past integer: one turf');

-- logit_fit: a 0/1 integer outcome fits as the boolean one.
SELECT is((SELECT canvass.logit_fit(y, ARRAY[x]) FROM (VALUES (1, 1.0), (0, 2.0), (1, 3.0), (0, 4.0), (1, 0.5), (0, 5.0)) v(y, x)),
          (SELECT canvass.logit_fit(y = 1, ARRAY[x]) FROM (VALUES (1, 1.0), (0, 2.0), (1, 3.0), (0, 4.0), (1, 0.5), (0, 5.0)) v(y, x)),
          '0/1 integer outcome: the same model as the boolean outcome');
SELECT is((SELECT canvass.logit_fit(y, ARRAY[x], w) FROM (VALUES (1, 1.0, 2.0), (0, 2.0, 1.0), (1, 3.0, 1.0), (0, 4.0, 3.0), (1, 0.5, 1.0), (0, 5.0, 1.0)) v(y, x, w)),
          (SELECT canvass.logit_fit(y = 1, ARRAY[x], w) FROM (VALUES (1, 1.0, 2.0), (0, 2.0, 1.0), (1, 3.0, 1.0), (0, 4.0, 3.0), (1, 0.5, 1.0), (0, 5.0, 1.0)) v(y, x, w)),
          '0/1 integer outcome with weights: the same model');
SELECT throws_ok($$SELECT canvass.logit_fit(y, ARRAY[1.0]) FROM (VALUES (2)) v(y)$$, '22023', 'logit_fit outcome must be 0 or 1',
                 'an outcome of 2 is refused');
SELECT is((SELECT canvass.logit_fit(y, ARRAY[x]) -> 'n' ->> 'skipped' FROM (VALUES (1, 1.0), (0, 2.0), (1, 3.0), (0, 4.0), (1, 0.5), (0, 5.0), (NULL, 1.0)) v(y, x)),
          '1', 'a NULL integer outcome is skipped and counted');
-- Parallel plan: the integer form's partial states combine as the boolean form's.
-- a plain table: parallel workers cannot read temporary ones
CREATE TABLE ints AS SELECT (i % 3 = 0)::int AS y, ARRAY[(i % 7)::float8, (i % 5)::float8] AS x FROM generate_series(1, 20000) i;
ANALYZE ints;
SELECT pg_temp.force_parallel();
SELECT ok(pg_temp.plan_of('SELECT canvass.logit_fit(y, x) FROM ints') LIKE '%Partial Aggregate%',
          'the integer form runs as a parallel aggregate');
SELECT is((SELECT canvass.logit_fit(y, x) FROM ints), (SELECT canvass.logit_fit(y = 1, x) FROM ints),
          'parallel plan: the integer form gives the boolean form''s model');

SELECT * FROM finish();
ROLLBACK;
