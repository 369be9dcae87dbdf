-- pgTAP: canvass.turnout_interval, the interval of a total of logit-model
-- scores with the Bernoulli variance and the coefficients' uncertainty by
-- the delta method.  Expected values: a hand computation on a one-feature
-- model (below), an identity of the maximum-likelihood fit, and
-- statsmodels/NumPy/SciPy on test/data/logit_turnout.csv
-- (test/reference/calibrate_reference.py).
-- matrix: canvass.turnout_interval(jsonb,double precision[])
-- matrix: canvass.turnout_interval(jsonb,double precision[],double precision)
-- matrix: canvass.turnout_interval(jsonb,double precision[],double precision,double precision)
\i test/helpers.sql
BEGIN;
SELECT plan(55);

-- Signatures and labels.
SELECT has_function('canvass', 'turnout_interval', ARRAY['jsonb', 'double precision[]'], 'turnout_interval(model, x) exists');
SELECT has_function('canvass', 'turnout_interval', ARRAY['jsonb', 'double precision[]', 'double precision'], 'turnout_interval(model, x, level) exists');
SELECT has_function('canvass', 'turnout_interval', ARRAY['jsonb', 'double precision[]', 'double precision', 'double precision'],
                    'turnout_interval(model, x, shift, level) exists');
SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE p.pronamespace = 'canvass'::regnamespace AND p.proname = 'turnout_interval'
             AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0 AND p.proparallel = 's'
             AND p.prorettype = 'jsonb'::regtype),
          3::bigint, 'three turnout_interval aggregates returning jsonb, with combine, serial and deserial, parallel safe');

-- Hand computation.  One feature, b = (0, 1), C = [[0.04, -0.01], [-0.01, 0.02]];
-- x = 0, ln 4, -ln 9 give p = 0.5, 0.8, 0.1 (odds 1, 4, 1/9).
--   expected = 1.4; p(1-p) = 0.25, 0.16, 0.09, var_bernoulli = 0.5;
--   g = (0.25 + 0.16 + 0.09, 0.16 ln 4 - 0.09 ln 9)
--     = (0.5, 0.2218070978 - 0.1977502120) = (0.5, 0.0240568858);
--   var_model = 0.04 * 0.25 - 2 * 0.01 * 0.5 * 0.0240568858 + 0.02 * 0.0240568858^2
--             = 0.01 - 0.000240568858 + 0.0000115747 = 0.0097710058;
--   sd = sqrt(0.5097710058) = 0.7139824969;
--   95%: 1.4 -+ 1.959963985 * 0.7139824969 = 0.0006200206 .. 2.7993799794.
CREATE TEMP TABLE hand AS
SELECT '{"coefficients": [0, 1], "covariance": [[0.04, -0.01], [-0.01, 0.02]]}'::jsonb AS model, x
FROM (VALUES (ARRAY[0]::float8[]), (ARRAY[ln(4)]), (ARRAY[-ln(9)])) v(x);
CREATE TEMP TABLE hand_result AS SELECT canvass.turnout_interval(model, x) AS r FROM hand;
SELECT cmp_ok(abs((r->>'expected')::float8 - 1.4), '<', 1e-14::float8, 'hand: expected 1.4') FROM hand_result;
SELECT cmp_ok(abs((r->>'sd_bernoulli')::float8 - sqrt(0.5)), '<', 1e-14::float8, 'hand: sd_bernoulli sqrt 0.5') FROM hand_result;
SELECT cmp_ok(abs((r->>'sd_model')::float8 - sqrt(0.0097710058169)), '<', 1e-12::float8, 'hand: sd_model sqrt 0.0097710058') FROM hand_result;
SELECT cmp_ok(abs((r->>'sd')::float8 - 0.7139824968561), '<', 1e-12::float8, 'hand: sd 0.7139824969') FROM hand_result;
SELECT cmp_ok(abs((r->>'low')::float8 - 0.00062002057), '<', 1e-10::float8, 'hand: low 0.0006200206') FROM hand_result;
SELECT cmp_ok(abs((r->>'high')::float8 - 2.79937997943), '<', 1e-10::float8, 'hand: high 2.7993799794') FROM hand_result;
SELECT is((r->>'voters')::int || ' ' || (r->>'level'), '3 0.95', 'hand: 3 voters, level 0.95 by default') FROM hand_result;
SELECT is((SELECT canvass.turnout_interval(model, x, 0.95) FROM hand), (SELECT r FROM hand_result),
          'turnout_interval(model, x) = turnout_interval(model, x, 0.95)');
SELECT is((SELECT canvass.turnout_interval(model, x, 0, 0.95) FROM hand), (SELECT r FROM hand_result),
          'a shift of 0 changes nothing');
-- Interval clipped to 0..voters: at level 0.999 the low end 1.4 - 3.2905 * 0.714 < 0.
SELECT is((canvass.turnout_interval(model, x, 0.999)->>'low')::float8, 0::float8, 'the low end is clipped at 0') FROM hand;
-- A shift of ln 4 multiplies every odds by 4: p = 0.8, 16/17, 4/13 (expected 2.0488687783).
SELECT cmp_ok(abs((canvass.turnout_interval(model, x, ln(4), 0.9)->>'expected')::float8 - (0.8 + 16.0/17 + 4.0/13)), '<', 1e-14::float8,
              'shift ln 4: expected 0.8 + 16/17 + 4/13') FROM hand;

-- The reference data set (a plain table: parallel workers cannot read temp tables).
CREATE TABLE ti_lt (id int, voted boolean, v2016 int, v2018 int, v2020p int, age_band int, weight int);
\copy ti_lt FROM 'test/data/logit_turnout.csv' CSV HEADER
CREATE TABLE ti_model AS SELECT canvass.logit_fit(voted, ARRAY[v2016, v2018, v2020p, age_band]::float8[]) AS model FROM ti_lt;
CREATE TEMP TABLE ref AS
SELECT canvass.turnout_interval(model, ARRAY[v2016, v2018, v2020p, age_band]::float8[]) AS r95,
       canvass.turnout_interval(model, ARRAY[v2016, v2018, v2020p, age_band]::float8[], 0.39684697658183665, 0.9) AS r90
FROM ti_lt, ti_model;
-- calibrate_reference.py, model, level 0.95: expected 1788.0000000000057,
-- sd_bernoulli 23.458610161786293, sd_model 23.458610161783611, sd 33.175484645219584,
-- low 1722.9772449257136, high 1853.0227550742977.
SELECT cmp_ok(abs((r95->>'expected')::float8 / 1788.0000000000057 - 1), '<', 1e-9::float8, 'reference: expected 1788') FROM ref;
SELECT cmp_ok(abs((r95->>'sd_bernoulli')::float8 / 23.458610161786293 - 1), '<', 1e-9::float8, 'reference: sd_bernoulli 23.4586') FROM ref;
SELECT cmp_ok(abs((r95->>'sd_model')::float8 / 23.458610161783611 - 1), '<', 1e-9::float8, 'reference: sd_model 23.4586 (delta method)') FROM ref;
SELECT cmp_ok(abs((r95->>'sd')::float8 / 33.175484645219584 - 1), '<', 1e-9::float8, 'reference: sd 33.1755') FROM ref;
SELECT cmp_ok(abs((r95->>'low')::float8 / 1722.9772449257136 - 1), '<', 1e-9::float8, 'reference: low 1722.977') FROM ref;
SELECT cmp_ok(abs((r95->>'high')::float8 / 1853.0227550742977 - 1), '<', 1e-9::float8, 'reference: high 1853.023') FROM ref;
-- On the data the model was fitted on, g = sum p(1-p) [1, x] is the first column
-- of the Fisher information H (the intercept's), so g' H^-1 g = H[0][0] = sum p(1-p):
-- the model's variance of the training total equals the Bernoulli variance.
SELECT cmp_ok(abs((r95->>'sd_model')::float8 / (r95->>'sd_bernoulli')::float8 - 1), '<', 1e-9::float8,
              'on the training data sd_model = sd_bernoulli (g is the intercept''s column of H)') FROM ref;
-- calibrate_reference.py, shifted by d = 0.39684697658183665 (the scores then add up
-- to 2000), level 0.9: expected 2000, sd_bernoulli 22.705625235215638, sd_model
-- 22.289014078238964, sd 31.81737836312093, low 1947.6650697993332, high 2052.3349302006668.
SELECT cmp_ok(abs((r90->>'expected')::float8 / 2000 - 1), '<', 1e-9::float8, 'reference, shifted: expected 2000') FROM ref;
SELECT cmp_ok(abs((r90->>'sd_bernoulli')::float8 / 22.705625235215638 - 1), '<', 1e-9::float8, 'reference, shifted: sd_bernoulli 22.7056') FROM ref;
SELECT cmp_ok(abs((r90->>'sd_model')::float8 / 22.289014078238964 - 1), '<', 1e-9::float8, 'reference, shifted: sd_model 22.2890') FROM ref;
SELECT cmp_ok(abs((r90->>'low')::float8 / 1947.6650697993332 - 1), '<', 1e-9::float8, 'reference, shifted: low 1947.665') FROM ref;
SELECT cmp_ok(abs((r90->>'high')::float8 / 2052.3349302006668 - 1), '<', 1e-9::float8, 'reference, shifted: high 2052.335') FROM ref;
SELECT is(r90->>'level', '0.9', 'reference, shifted: level 0.9') FROM ref;
-- logit_shift of these scores to 2000 is SciPy's brentq root 0.39684697658183665.
SELECT cmp_ok(abs(canvass.logit_shift(canvass.logit_score(model, ARRAY[v2016, v2018, v2020p, age_band]::float8[]), 2000)
                  - 0.39684697658183665), '<', 1e-9::float8, 'logit_shift to 2000 equals SciPy''s root')
FROM ti_lt, ti_model;

-- NULLs: a row with a NULL argument or a NULL feature is skipped.
SELECT is(canvass.turnout_interval(model, x), (SELECT r FROM hand_result), 'rows with a NULL model or x are skipped')
FROM (SELECT model, x FROM hand UNION ALL SELECT NULL, ARRAY[1]::float8[] UNION ALL SELECT (SELECT model FROM hand LIMIT 1), NULL) v;
SELECT is(canvass.turnout_interval(model, x), (SELECT r FROM hand_result), 'a row with a NULL feature is skipped')
FROM (SELECT model, x FROM hand UNION ALL SELECT (SELECT model FROM hand LIMIT 1), ARRAY[NULL]::float8[]) v;
SELECT is(canvass.turnout_interval(model, x, NULL), NULL, 'a NULL level on every row: NULL') FROM hand;
SELECT is(canvass.turnout_interval(model, x, NULL, 0.95), NULL, 'a NULL shift on every row: NULL') FROM hand;
SELECT is(canvass.turnout_interval(model, x), NULL, 'no rows: NULL') FROM hand WHERE false;

-- Bad input.
SELECT throws_ok($$SELECT canvass.turnout_interval(model, ARRAY['NaN']::float8[]) FROM hand$$, '22023',
                 'turnout_interval feature must be finite', 'NaN feature: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval(model, ARRAY['Infinity']::float8[]) FROM hand$$, '22023',
                 'turnout_interval feature must be finite', 'infinite feature: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval(model, x, 'NaN') FROM hand$$, '22023',
                 'turnout_interval level must be greater than 0 and less than 1', 'NaN level: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.turnout_interval(model, x, 95) FROM hand$$),
          E'22023\nturnout_interval level must be greater than 0 and less than 1\nThe level is 95.\nWrite a percentage as a share: 0.95 for a 95% interval.',
          'level 95: 22023, hint to write 0.95');
SELECT throws_ok($$SELECT canvass.turnout_interval(model, x, 'Infinity', 0.9) FROM hand$$, '22023',
                 'turnout_interval shift must be finite', 'infinite shift: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval(model, ARRAY[1, 2]::float8[]) FROM hand$$, '2202E',
                 'turnout_interval needs as many features as the model', 'two features for a one-feature model: 2202E');
SELECT throws_ok($$SELECT canvass.turnout_interval(model, ARRAY[[1]]::float8[]) FROM hand$$, '2202E',
                 'turnout_interval features must be a one-dimensional array', '2-D x: 2202E');
SELECT is(pg_temp.error_of($$SELECT canvass.turnout_interval('{"coefficients": [0, 1]}', ARRAY[1]::float8[])$$),
          E'22023\nturnout_interval needs the covariance of the model''s coefficients\nThe model has no "covariance" key: it was fitted by a canvass release before 0.3.0, or written by hand.\nRefit the model with canvass 0.3.0''s logit_fit, which reports the covariance of the coefficients.',
          'a model without covariance (canvass 0.2.0): 22023, hint to refit');
SELECT is(pg_temp.error_of($$SELECT canvass.turnout_interval('{"coefficients": [0, 1], "covariance": [[1]]}', ARRAY[1]::float8[])$$),
          E'22023\nturnout_interval needs the covariance of the model''s coefficients\n"covariance" must be an array of 2 rows of 2 numbers, one per coefficient (the intercept first).\nRefit the model with canvass 0.3.0''s logit_fit, which reports the covariance of the coefficients.',
          'a 1 x 1 covariance for 2 coefficients: 22023');
SELECT throws_like($$SELECT canvass.turnout_interval('{"coefficients": [0, 1], "covariance": [[1, 0], [1]]}', ARRAY[1]::float8[])$$,
                   'turnout_interval needs the covariance%', 'a ragged covariance: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.turnout_interval('{"coefficients": [0, 1], "covariance": [[1, 0.5], [0.4, 1]]}', ARRAY[1]::float8[])$$),
          E'22023\nturnout_interval needs the covariance of the model''s coefficients\n"covariance" is not symmetric: row 2, column 1 is 0.40000000000000002 but row 1, column 2 is 0.5.\nRefit the model with canvass 0.3.0''s logit_fit, which reports the covariance of the coefficients.',
          'a non-symmetric covariance: 22023 naming the entries');
-- [[1, 2], [2, 1]] has eigenvalues 3 and -1.
SELECT throws_like($$SELECT canvass.turnout_interval('{"coefficients": [0, 1], "covariance": [[1, 2], [2, 1]]}', ARRAY[1]::float8[])$$,
                   'turnout_interval needs the covariance%', 'a covariance with a negative eigenvalue: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval('{"covariance": [[1]]}', ARRAY[]::float8[])$$, '22023',
                 'invalid logit model', 'a model without coefficients: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval(m, ARRAY[1]::float8[]) FROM (VALUES
                   ('{"coefficients": [0, 1], "covariance": [[1, 0], [0, 1]]}'::jsonb),
                   ('{"coefficients": [0, 2], "covariance": [[1, 0], [0, 1]]}')) v(m)$$, '22023',
                 'turnout_interval model must be the same on every row', 'two models: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval(model, x, l) FROM hand, (VALUES (0.9), (0.95)) v(l)$$, '22023',
                 'turnout_interval level must be the same on every row', 'two levels: 22023');
SELECT throws_ok($$SELECT canvass.turnout_interval('{}'::text, ARRAY[1]::float8[])$$, '42883', NULL, 'a text model: no such function');

-- Parallel: a Partial Aggregate plan gives the same interval (1,200,000 voters).
CREATE TABLE ti_big AS SELECT l.* FROM ti_lt l, generate_series(1, 400);
ANALYZE ti_big;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE serial_ti AS
SELECT canvass.turnout_interval(model, ARRAY[v2016, v2018, v2020p, age_band]::float8[]) AS r,
       canvass.expected_turnout(canvass.logit_score(model, ARRAY[v2016, v2018, v2020p, age_band]::float8[])) AS e
FROM ti_big, ti_model;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of('SELECT canvass.turnout_interval((SELECT model FROM ti_model), ARRAY[v2016, v2018, v2020p, age_band]::float8[]) FROM ti_big'),
               'Partial Aggregate', 'turnout_interval runs as a Partial Aggregate under forced parallelism');
SELECT is((SELECT count(*) FROM (SELECT canvass.turnout_interval((SELECT model FROM ti_model), ARRAY[v2016, v2018, v2020p, age_band]::float8[]) AS r
                                 FROM ti_big) p, serial_ti s, jsonb_each(p.r) k
           WHERE abs((k.value)::text::float8 / (s.r->>k.key)::float8 - 1) > 1e-12), 0::bigint,
          '1,200,000 voters: the parallel plan gives the same interval (1e-12)');
SELECT pg_temp.forbid_parallel();
-- Large input: the expected total and the Bernoulli sd equal expected_turnout's.
SELECT cmp_ok(abs((r->>'expected')::float8 / (e->>'expected')::float8 - 1), '<', 1e-12::float8,
              '1,200,000 voters: expected equals expected_turnout(logit_score(...))') FROM serial_ti;
SELECT cmp_ok(abs((r->>'sd_bernoulli')::float8 / (e->>'sd')::float8 - 1), '<', 1e-12::float8,
              '1,200,000 voters: sd_bernoulli equals expected_turnout''s sd') FROM serial_ti;
-- 400 copies of the data: the Bernoulli sd grows by sqrt(400) = 20, the model's by 400.
SELECT cmp_ok(abs((r->>'sd_model')::float8 / (400 * (r95->>'sd_model')::float8) - 1), '<', 1e-9::float8,
              '400 copies: sd_model is 400 times (g scales by 400, C stays)') FROM serial_ti, ref;

SELECT * FROM finish();
ROLLBACK;
