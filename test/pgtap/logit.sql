-- pgTAP: canvass.logit_fit and canvass.logit_score.  Reference values from
-- statsmodels (test/reference/logit_reference.py, which anyone can rerun:
-- `python3 test/reference/logit_reference.py`), on the data set
-- test/data/logit_turnout.csv (made once by test/reference/make_logit_data.py
-- with a fixed seed); the Challenger O-ring fit is a classic published
-- example (Dalal, Fowlkes and Hoadley 1989: 15.0429 (SE 7.3786) and
-- -0.2322 (SE 0.1082) per degree F).
-- matrix: canvass.logit_fit(boolean,double precision[])
-- matrix: canvass.logit_fit(boolean,double precision[],double precision)
-- matrix: canvass.logit_score(jsonb,double precision[])
\i test/helpers.sql
BEGIN;
SELECT plan(70);

-- Signatures and labels.
SELECT has_function('canvass', 'logit_fit', ARRAY['boolean', 'double precision[]'], 'logit_fit(y, x) exists');
SELECT has_function('canvass', 'logit_fit', ARRAY['boolean', 'double precision[]', 'double precision'], 'logit_fit(y, x, weight) exists');
SELECT is_aggregate('canvass', 'logit_fit', ARRAY['boolean', 'double precision[]'], 'logit_fit(y, x) is an aggregate');
SELECT is_aggregate('canvass', 'logit_fit', ARRAY['boolean', 'double precision[]', 'double precision'], 'logit_fit(y, x, weight) is an aggregate');
SELECT function_returns('canvass', 'logit_fit', ARRAY['boolean', 'double precision[]'], 'jsonb', 'logit_fit returns jsonb');
SELECT function_returns('canvass', 'logit_score', ARRAY['jsonb', 'double precision[]'], 'double precision', 'logit_score returns float8');
SELECT volatility_is('canvass', 'logit_score', ARRAY['jsonb', 'double precision[]'], 'immutable', 'logit_score is immutable');
SELECT is_strict('canvass', 'logit_score', ARRAY['jsonb', 'double precision[]'], 'logit_score is strict');
SELECT is((SELECT array_agg(DISTINCT proparallel) FROM pg_proc
           WHERE pronamespace = 'canvass'::regnamespace AND proname LIKE 'logit%'),
          ARRAY['s']::"char"[], 'every logit function is parallel safe');
SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE p.pronamespace = 'canvass'::regnamespace AND p.proname = 'logit_fit'
             AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0),
          2::bigint, 'both logit_fit aggregates have combine, serial and deserial functions');

-- The reference data set (a plain table: parallel workers cannot read temp tables).
CREATE TABLE lt (id int, voted boolean, v2016 int, v2018 int, v2020p int, age_band int, weight int);
\copy lt FROM 'test/data/logit_turnout.csv' CSV HEADER
ANALYZE lt;
CREATE TEMP TABLE fits AS
SELECT canvass.logit_fit(voted, ARRAY[v2016, v2018, v2020p, age_band]::float8[]) AS unweighted,
       canvass.logit_fit(voted, ARRAY[v2016, v2018, v2020p, age_band]::float8[], weight) AS weighted
FROM lt;

-- Largest difference between a jsonb matrix (array of rows) and reference
-- values in row-major order, relative to the largest reference value.
CREATE FUNCTION pg_temp.maxrel(a jsonb, ref float8[]) RETURNS float8 LANGUAGE sql AS $$
  SELECT max(abs((a->((i - 1) / n)->>((i - 1) % n))::float8 - ref[i])) / max(abs(ref[i]))
  FROM generate_subscripts(ref, 1) i, (SELECT jsonb_array_length(a) AS n) m
  GROUP BY m.n HAVING count(*) = m.n * m.n AND bool_and(jsonb_array_length(a->((i - 1) / m.n)) = m.n)
$$;

-- Largest absolute difference between a jsonb array and reference values.
CREATE FUNCTION pg_temp.maxdiff(a jsonb, ref float8[]) RETURNS float8 LANGUAGE sql AS $$
  SELECT max(abs((a->>(i - 1))::float8 - ref[i])) FROM generate_subscripts(ref, 1) i
  HAVING count(*) = jsonb_array_length(a)
$$;

-- statsmodels, unweighted:
SELECT cmp_ok(pg_temp.maxdiff(unweighted->'coefficients', ARRAY[
  -1.9371486678335403, 1.0140119124679863, 1.4577388312448296, 0.66096422095913276, 0.23064601370495108]),
  '<', 1e-6::float8, 'unweighted coefficients equal statsmodels to 1e-6') FROM fits;
SELECT cmp_ok(pg_temp.maxdiff(unweighted->'std_errors', ARRAY[
  0.12693600855617823, 0.093982976676756216, 0.090246257491324713, 0.11352691152557838, 0.025422846843227282]),
  '<', 1e-6::float8, 'unweighted standard errors equal statsmodels to 1e-6') FROM fits;
SELECT cmp_ok(abs((unweighted->>'log_likelihood')::float8 - -1642.4632300205785), '<', 1e-6::float8,
  'unweighted log-likelihood equals statsmodels') FROM fits;
-- statsmodels' cov_params() (the inverse Fisher information), unweighted, row by row:
SELECT cmp_ok(pg_temp.maxrel(unweighted->'covariance', ARRAY[
  0.016112750268174384, -0.0059044367170684366, -0.0028860132642391026, -0.0019702448641086613, -0.0025167044362970088,
  -0.0059044367170684366, 0.0088327999050237683, -0.0019632589975510611, 0.00028076617726885937, 0.0002359724432802574,
  -0.0028860132642391026, -0.0019632589975510611, 0.0081443869911904544, -0.0017088697610884794, 0.00024738587993223247,
  -0.0019702448641086613, 0.00028076617726885937, -0.0017088697610884794, 0.012888359640536511, 7.8686919284238018e-05,
  -0.0025167044362970088, 0.0002359724432802574, 0.00024738587993223247, 7.8686919284238018e-05, 0.00064632114161420002]),
  '<', 1e-9::float8, 'unweighted covariance equals statsmodels cov_params() to 1e-9 relative') FROM fits;
SELECT is((SELECT count(*) FROM fits, generate_series(0, 4) i, generate_series(0, 4) j
           WHERE unweighted->'covariance'->i->j <> unweighted->'covariance'->j->i
              OR (i = j AND abs(((unweighted->'std_errors'->>i)::float8)^2 / (unweighted->'covariance'->i->>j)::float8 - 1) > 1e-15)),
          0::bigint, 'covariance is exactly symmetric and its diagonal is the squared standard errors');
-- statsmodels, freq_weights = weight:
SELECT cmp_ok(pg_temp.maxdiff(weighted->'coefficients', ARRAY[
  -2.0114811191254822, 0.99012856424130458, 1.5111836722109258, 0.62231947742493354, 0.24221653527361633]),
  '<', 1e-6::float8, 'weighted coefficients equal statsmodels to 1e-6') FROM fits;
SELECT cmp_ok(pg_temp.maxdiff(weighted->'std_errors', ARRAY[
  0.089698629045098288, 0.066411287813285494, 0.063804664433141367, 0.079243017861719861, 0.01798062383664728]),
  '<', 1e-6::float8, 'weighted standard errors equal statsmodels to 1e-6') FROM fits;
SELECT cmp_ok(abs((weighted->>'log_likelihood')::float8 - -3295.98385305599), '<', 1e-6::float8,
  'weighted log-likelihood equals statsmodels') FROM fits;
SELECT cmp_ok(pg_temp.maxrel(weighted->'covariance', ARRAY[
  0.0080458440525701547, -0.0029120845895831723, -0.0015103544777136325, -0.00088544698785777986, -0.0012574456023003386,
  -0.0029120845895831723, 0.0044104591490190396, -0.00097764977467670422, 6.6925187336653786e-05, 0.00011058904946996222,
  -0.0015103544777136325, -0.00097764977467670422, 0.0040710352034257777, -0.00083750386559257989, 0.00013903042120486659,
  -0.00088544698785777986, 6.6925187336653786e-05, -0.00083750386559257989, 0.0062794558798328478, 2.226589455589019e-05,
  -0.0012574456023003386, 0.00011058904946996222, 0.00013903042120486659, 2.226589455589019e-05, 0.00032330283355500803]),
  '<', 1e-9::float8, 'weighted covariance equals statsmodels cov_params() to 1e-9 relative') FROM fits;
-- z = coefficient / SE and p = 2 (1 - Phi(|z|)), checked for age_band: z =
-- 0.23064601370495108 / 0.025422846843227282 = 9.0723912678...; p = erfc(9.0724 / sqrt 2)
-- = 1.16e-19 (statsmodels pvalues[4] = 1.1643314638694e-19).
SELECT cmp_ok(abs((unweighted->'z'->>4)::float8 - 9.07239126787), '<', 1e-9::float8, 'z of age_band') FROM fits;
SELECT cmp_ok(abs((unweighted->'p'->>4)::float8 / 1.1643314638694e-19 - 1), '<', 1e-9::float8, 'p of age_band') FROM fits;
SELECT is(unweighted->'n', '{"rows": 3000, "weight": 3000, "successes": 1788, "patterns": 48, "skipped": 0}'::jsonb,
  'n: 3000 rows, 1788 voted (grep -c ,t, test/data/logit_turnout.csv), 2*2*2*6 = 48 patterns') FROM fits;
SELECT is((weighted->'n'->>'weight')::float8, (SELECT sum(weight)::float8 FROM lt), 'n.weight is the sum of weights') FROM fits;
SELECT ok((unweighted->>'converged')::boolean AND (unweighted->>'iterations')::int BETWEEN 3 AND 20,
  'converged in a few iterations') FROM fits;
SELECT is((unweighted->>'features')::int, 4, 'features: 4 (the intercept is coefficient 0)') FROM fits;

-- Challenger O-ring damage against launch temperature, 23 launches.
CREATE TEMP TABLE challenger AS
SELECT * FROM unnest(ARRAY[66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58],
                     ARRAY[0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1]) u(temp, damage);
SELECT cmp_ok(pg_temp.maxdiff(canvass.logit_fit(damage = 1, ARRAY[temp]::float8[])->'coefficients',
                              ARRAY[15.042901647702477, -0.23216274421859687]), '<', 1e-6::float8,
              'Challenger: coefficients 15.0429, -0.2322') FROM challenger;
SELECT cmp_ok(pg_temp.maxdiff(canvass.logit_fit(damage = 1, ARRAY[temp]::float8[])->'std_errors',
                              ARRAY[7.3786363849165584, 0.10823652164928529]), '<', 1e-6::float8,
              'Challenger: standard errors 7.3786, 0.1082') FROM challenger;
SELECT cmp_ok(pg_temp.maxrel(canvass.logit_fit(damage = 1, ARRAY[temp]::float8[])->'covariance',
                             ARRAY[54.444274900735955, -0.79638682531824001, -0.79638682531824001, 0.011715144618719276]),
              '<', 1e-9::float8, 'Challenger: covariance equals statsmodels cov_params()') FROM challenger;

-- Exact compression: the rows, and the rows grouped by (y, x) with counts as weights, give the same fit.
SELECT is((SELECT canvass.logit_fit(voted, x, n)->'coefficients' FROM
            (SELECT voted, ARRAY[v2016, v2018, v2020p, age_band]::float8[] AS x, count(*)::float8 AS n
             FROM lt GROUP BY 1, 2) g),
          (SELECT unweighted->'coefficients' FROM fits), 'grouped rows with counts as weights: identical coefficients');
-- Order independence.
SELECT is((SELECT canvass.logit_fit(voted, ARRAY[v2016, v2018, v2020p, age_band]::float8[], weight)
           FROM (SELECT * FROM lt ORDER BY md5(id::text)) s),
          (SELECT weighted FROM fits), 'another row order: identical model');

-- NULLs: rows with a NULL y, x or weight are skipped and counted.
SELECT is(canvass.logit_fit(y, x)->'n'->>'skipped', '2', 'NULL y and NULL x rows are skipped')
FROM (VALUES (true, '{1}'::float8[]), (false, '{0}'), (true, '{0}'), (false, '{1}'), (NULL, '{1}'), (true, NULL)) v(y, x);
SELECT is(canvass.logit_fit(y, x, w)->'n'->>'skipped', '1', 'NULL weight row is skipped')
FROM (VALUES (true, '{1}'::float8[], 1.0::float8), (false, '{0}', 1), (true, '{0}', 1), (false, '{1}', 1), (true, '{1}', NULL)) v(y, x, w);
SELECT is(canvass.logit_fit(y, x), NULL, 'only skipped rows: NULL')
FROM (VALUES (NULL::boolean, '{1}'::float8[])) v(y, x);
SELECT is(canvass.logit_fit(y, x), NULL, 'no rows: NULL') FROM (SELECT true, '{1}'::float8[] WHERE false) v(y, x);
SELECT is(canvass.logit_fit(y, x, 0), NULL, 'only zero weights: NULL') FROM (VALUES (true, '{1}'::float8[])) v(y, x);
SELECT throws_ok($$SELECT canvass.logit_fit(y, x) FROM (VALUES (true, '{1,NULL}'::float8[])) v(y, x)$$,
                 '22004', 'logit_fit feature must not be NULL', 'NULL element of x: 22004');

-- Bad input.
SELECT throws_ok($$SELECT canvass.logit_fit(y, x) FROM (VALUES (true, '{1,2}'::float8[]), (false, '{1}')) v(y, x)$$,
                 '2202E', 'feature arrays of logit_fit must all have the same length', 'lengths differ: 2202E');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{NaN}'::float8[])$$, '22023', 'logit_fit feature must not be NaN', 'NaN feature');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{Infinity}'::float8[])$$, '22023', 'logit_fit feature must be finite', 'Infinity feature');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{-Infinity}'::float8[])$$, '22023', 'logit_fit feature must be finite', '-Infinity feature');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{1}'::float8[], 'NaN')$$, '22023', 'logit_fit weight must not be NaN', 'NaN weight');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{1}'::float8[], 'Infinity')$$, '22023', 'logit_fit weight must be finite', 'Infinity weight');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{1}'::float8[], -1)$$, '22023', 'logit_fit weight must not be negative', 'negative weight');
SELECT throws_ok($$SELECT canvass.logit_fit(true, '{{1},{2}}'::float8[])$$, '2202E', 'logit_fit features must be a one-dimensional array', '2-D x');
SELECT throws_ok($$SELECT canvass.logit_fit(true, array_fill(1, ARRAY[101])::float8[])$$, '54000', 'logit_fit takes at most 100 features', '101 features: 54000');
SELECT throws_ok($$SELECT canvass.logit_fit(true, ARRAY['a'])$$, '42883', NULL, 'text[] x: no such function');
SELECT throws_ok($$SELECT canvass.logit_fit(v2016 = 1, ARRAY[v2018]::float8[]) FROM lt WHERE v2016 = 1$$,
                 '22023', 'logit_fit needs both outcomes', 'one outcome only');
SELECT throws_ok($$SELECT canvass.logit_fit(voted, ARRAY[v2016, v2018, 2 * v2016 - v2018]::float8[]) FROM lt$$,
                 '22023', 'logit_fit features are collinear', 'x3 = 2 x1 - x2: collinear');
SELECT throws_ok($$SELECT canvass.logit_fit(voted, ARRAY[v2016, 1]::float8[]) FROM lt$$,
                 '22023', 'logit_fit features are collinear', 'a constant column: collinear with the intercept');
SELECT throws_ok($$SELECT canvass.logit_fit(v2016 = 1, ARRAY[v2016, age_band]::float8[]) FROM lt$$,
                 '22023', 'logit_fit outcome is separated by the features', 'complete separation');
SELECT throws_ok($$SELECT canvass.logit_fit(voted OR age_band = 6, ARRAY[(age_band = 6)::int, v2016]::float8[]) FROM lt$$,
                 '22023', 'logit_fit outcome is separated by the features', 'quasi-complete separation (age band 6 always voted)');
-- Pattern limit: 2^25 / (1 + 4) = 6710886 distinct patterns of one feature.
SELECT throws_ok($$SELECT canvass.logit_fit(i % 2 = 0, ARRAY[i]::float8[]) FROM generate_series(1, 6710887) i$$,
                 '54000', 'too many distinct feature vectors for logit_fit', 'pattern 6710887 of one feature: 54000');

-- Parallel plans: Partial Aggregate, and the same model as the serial plan.
CREATE TABLE big AS
SELECT i, (hashint4(i) % 1000 < 300 + 100 * (i % 4) + 20 * (i % 7))::boolean AS y,
       ARRAY[i % 4, i % 7, (i % 3 = 0)::int]::float8[] AS x, 1 + (i % 3)::float8 AS w
FROM generate_series(1, 1000000) i;
ANALYZE big;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE serial_fit AS SELECT canvass.logit_fit(y, x, w) AS m, canvass.logit_fit(y, x) AS m1 FROM big;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of('SELECT canvass.logit_fit(y, x, w) FROM big'), 'Partial Aggregate',
               'logit_fit runs as a partial aggregate in parallel workers');
SELECT is((SELECT canvass.logit_fit(y, x, w) FROM big), (SELECT m FROM serial_fit),
          '1M rows, weighted: the parallel plan gives the serial model exactly');
SELECT is((SELECT canvass.logit_fit(y, x) FROM big), (SELECT m1 FROM serial_fit),
          '1M rows, unweighted: the parallel plan gives the serial model exactly');
SELECT is((SELECT canvass.logit_fit(y, x) FROM big WHERE i < 0), NULL, 'parallel plan over zero rows: NULL');
SELECT matches(pg_temp.plan_of('SELECT canvass.logit_fit(y, x) FROM big WHERE i < 0'), 'Partial Aggregate',
               'the zero-row query is a parallel plan too');
SELECT is((SELECT canvass.logit_fit(y, x) FROM big WHERE i % 997 = 7 OR i < 0), (SELECT canvass.logit_fit(y, x) FROM (SELECT * FROM big WHERE i % 997 = 7 ORDER BY i DESC) s),
          'parallel subset equals a serial sorted subset');
SELECT pg_temp.forbid_parallel();

-- logit_score.
SELECT is(round(canvass.logit_score('{"coefficients": [-1, 2]}', ARRAY[0.5])::numeric, 15), 0.5,
          'score at linear predictor 0 is 0.5');
SELECT cmp_ok(abs(canvass.logit_score(unweighted, ARRAY[1, 1, 0, 3])
                  - 1 / (1 + exp(-(-1.9371486678335403 + 1.0140119124679863 + 1.4577388312448296 + 3 * 0.23064601370495108)))),
              '<', 1e-7::float8, 'score equals 1/(1+exp(-eta)) with the statsmodels coefficients') FROM fits;
-- At the maximum the intercept's score equation holds: sum w mu = sum w y.
SELECT cmp_ok(abs(sum(w * canvass.logit_score(m, x)) - sum(w * y::int)), '<', 1e-6::float8,
              '1M rows: weighted scores add up to the weighted number of true outcomes')
  FROM big, serial_fit;
SELECT is(canvass.logit_score('{"coefficients": [0, 1]}', ARRAY[NULL]::float8[]), NULL, 'NULL feature: NULL score');
SELECT is(canvass.logit_score(NULL, ARRAY[1]), NULL, 'NULL model: NULL');
SELECT is(canvass.logit_score('{"coefficients": [0, 1]}', NULL), NULL, 'NULL x: NULL');
SELECT throws_ok($$SELECT canvass.logit_score('{"coefficients": [0, 1]}', ARRAY[1, 2])$$, '2202E',
                 'logit_score needs as many features as the model', 'feature count differs: 2202E');
SELECT throws_ok($$SELECT canvass.logit_score('{}', ARRAY[1])$$, '22023', 'invalid logit model', 'no coefficients: 22023');
SELECT throws_ok($$SELECT canvass.logit_score('[1, 2]', ARRAY[1])$$, '22023', 'invalid logit model', 'an array: 22023');
SELECT throws_ok($$SELECT canvass.logit_score('{"coefficients": [1, "a"]}', ARRAY[1])$$, '22023', 'invalid logit model', 'a string coefficient: 22023');
SELECT throws_ok($$SELECT canvass.logit_score('{"coefficients": []}', '{}')$$, '22023', 'invalid logit model', 'empty coefficients: 22023');
SELECT throws_ok($$SELECT canvass.logit_score('{"coefficients": [0, 1]}', '{NaN}')$$, '22023', 'logit_score feature must be finite', 'NaN feature: 22023');

SELECT * FROM finish();
ROLLBACK;
