-- pgTAP: calibration of turnout scores to a topline: canvass.logit_shift,
-- canvass.shift_score and canvass.calibrate.  Expected values are hand
-- computations written next to them, or the defining property (the
-- shifted scores add up to the target) checked in plain SQL.
-- matrix: canvass.logit_shift(double precision,double precision)
-- matrix: canvass.shift_score(double precision,double precision)
-- matrix: canvass.calibrate(double precision,double precision)
\i test/helpers.sql
BEGIN;
SELECT plan(61);

-- Signatures and labels.
SELECT has_function('canvass', 'logit_shift', ARRAY['double precision', 'double precision'], 'logit_shift(p, target) exists');
SELECT is_aggregate('canvass', 'logit_shift', ARRAY['double precision', 'double precision'], 'logit_shift is an aggregate');
SELECT function_returns('canvass', 'logit_shift', ARRAY['double precision', 'double precision'], 'double precision', 'logit_shift returns float8');
SELECT is((SELECT a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0 AND p.proparallel = 's'
           FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE a.aggfnoid = 'canvass.logit_shift(float8, float8)'::regprocedure), true,
          'logit_shift has combine, serial and deserial functions and is parallel safe');
SELECT has_function('canvass', 'shift_score', ARRAY['double precision', 'double precision'], 'shift_score(p, d) exists');
SELECT volatility_is('canvass', 'shift_score', ARRAY['double precision', 'double precision'], 'immutable', 'shift_score is immutable');
SELECT is_strict('canvass', 'shift_score', ARRAY['double precision', 'double precision'], 'shift_score is strict');
SELECT is((SELECT prokind::text || proparallel::text FROM pg_proc
           WHERE oid = 'canvass.calibrate(float8, float8)'::regprocedure), 'ws',
          'calibrate is a parallel safe window function');

-- Hand values.  Scores 0, 1 and 0.5 to a total of 1.75: 0 and 1 cannot
-- move, so 0.5 must become 0.75, whose log-odds are ln 3 = 1.0986122886681098.
SELECT cmp_ok(abs(canvass.logit_shift(p, 1.75) - ln(3)), '<', 1e-14::float8, '{0, 1, 0.5} to 1.75: d = ln 3')
FROM (VALUES (0.0::float8), (1), (0.5)) v(p);
SELECT is(array_agg(round(c::numeric, 12) ORDER BY i), ARRAY[0, 1, 0.75]::numeric[],
          'calibrate: 0 and 1 stay, 0.5 becomes 0.75')
FROM (SELECT i, canvass.calibrate(p, 1.75) OVER () AS c FROM (VALUES (1, 0.0::float8), (2, 1), (3, 0.5)) v(i, p)) x;
-- 0.2 and 0.8 add up to 1 already (log-odds -ln 4 and ln 4): d = 0.
SELECT cmp_ok(abs(canvass.logit_shift(p, 1)), '<', 1e-15::float8, '{0.2, 0.8} to 1: d = 0')
FROM (VALUES (0.2::float8), (0.8)) v(p);
-- shift_score: odds of 0.2 are 1/4, times e^(ln 4) = 1, so 1 / (1 + 1) = 0.5.
SELECT cmp_ok(abs(canvass.shift_score(0.2, ln(4)) - 0.5), '<', 1e-15::float8, 'shift_score(0.2, ln 4) = 0.5');
SELECT is(canvass.shift_score(0.3, 0), 0.3::float8, 'shift_score(p, 0) = p');
SELECT is(ARRAY[canvass.shift_score(0, 700), canvass.shift_score(0, -700), canvass.shift_score(1, 700), canvass.shift_score(1, -700)],
          ARRAY[0, 0, 1, 1]::float8[], 'shift_score: 0 and 1 stay whatever d');
SELECT is(ARRAY[canvass.shift_score(0.5, 800), canvass.shift_score(0.5, -800)], ARRAY[1, 0]::float8[],
          'shift_score(0.5, +-800): 1 and 0, no overflow');
-- GA-6 in miniature: 4 voters of 0.4 and 1 of 0.9 (expected 2.5) to a runoff of 3.5
-- voters; by the definition the shifted scores add up to 3.5.
SELECT cmp_ok(abs(sum(canvass.shift_score(p, d)) - 3.5), '<', 1e-12::float8, 'logit_shift then shift_score: the scores add up to the target')
FROM (VALUES (0.4::float8), (0.4), (0.4), (0.4), (0.9)) v(p),
     (SELECT canvass.logit_shift(p, 3.5) AS d FROM (VALUES (0.4::float8), (0.4), (0.4), (0.4), (0.9)) v(p)) s;
-- Ranks kept: calibrated scores are in the same order as the scores.
SELECT is(array_agg(i ORDER BY c, i), array_agg(i ORDER BY p, i), 'calibrate keeps the order of the scores')
FROM (SELECT i, p, canvass.calibrate(p, 40) OVER () AS c
      FROM (SELECT i, (i * 0.618034) % 1 AS p FROM generate_series(1, 100) i) v) x;

-- By partition: each district to its own target.
CREATE TEMP TABLE scores AS
SELECT i, i % 3 AS district, ((i * 0.7548776662) % 1) * 0.9 + 0.05 AS p
FROM generate_series(1, 3000) i;
SELECT is((SELECT count(*) FROM (
             SELECT district, sum(c) AS s, min(t) AS t FROM (
               SELECT district, 300 + 200 * district AS t,
                      canvass.calibrate(p, 300 + 200 * district) OVER (PARTITION BY district) AS c
               FROM scores) x GROUP BY district) y
           WHERE abs(s - t) <= 1e-9 * t), 3::bigint,
          'calibrate OVER (PARTITION BY district): each district adds up to its target (300, 500, 700)');
SELECT is((SELECT array_agg(d ORDER BY district) FROM (
             SELECT district, canvass.logit_shift(p, 300 + 200 * district) AS d FROM scores GROUP BY district) x),
          (SELECT array_agg(d ORDER BY district) FROM (
             SELECT DISTINCT district, canvass.logit_shift(p, 300 + 200 * district) OVER (PARTITION BY district) AS d
             FROM scores) x),
          'logit_shift GROUP BY and as a window aggregate: the same shifts');
SELECT is((SELECT count(*) FROM (
             SELECT s.i, canvass.calibrate(p, 500) OVER (PARTITION BY district) AS c, canvass.shift_score(p, d) AS c2
             FROM scores s JOIN (SELECT district, canvass.logit_shift(p, 500) AS d FROM scores GROUP BY district) g USING (district)) x
           WHERE c IS DISTINCT FROM c2), 0::bigint,
          'calibrate equals shift_score(p, logit_shift(p, target)) on every row, to the bit');

-- NULLs.
SELECT cmp_ok(abs(canvass.logit_shift(p, 0.75) - ln(3)), '<', 1e-14::float8, 'rows with a NULL p are skipped')
FROM (VALUES (0.5::float8), (NULL)) v(p);
SELECT is(canvass.logit_shift(p, NULL), NULL, 'NULL target on every row: NULL')
FROM (VALUES (0.5::float8), (0.25)) v(p);
SELECT is(canvass.logit_shift(p, 1), NULL, 'only NULL scores: NULL') FROM (VALUES (NULL::float8)) v(p);
SELECT throws_ok($$SELECT canvass.logit_shift(p, t) FROM (VALUES (0.5::float8, 1::float8), (0.25, NULL)) v(p, t)$$,
                 '22023', 'logit_shift target must be the same on every row', 'a NULL target beside a value: 22023');
SELECT is(canvass.shift_score(NULL, 1), NULL, 'shift_score(NULL, d) is NULL');
SELECT is(canvass.shift_score(0.5, NULL), NULL, 'shift_score(p, NULL) is NULL');
SELECT is(array_agg(c ORDER BY i), ARRAY[0.75, NULL]::float8[], 'calibrate: a NULL p gives NULL and is left out')
FROM (SELECT i, canvass.calibrate(p, 0.75) OVER () AS c FROM (VALUES (1, 0.5::float8), (2, NULL)) v(i, p)) x;
SELECT is(array_agg(c), ARRAY[NULL, NULL]::float8[], 'calibrate: a NULL target gives NULL on every row')
FROM (SELECT canvass.calibrate(p, NULL) OVER () AS c FROM (VALUES (0.5::float8), (0.2)) v(p)) x;

-- Empty input.
SELECT is(canvass.logit_shift(p, 1), NULL, 'no rows: NULL') FROM (SELECT 0.5::float8 WHERE false) v(p);
SELECT is_empty($$SELECT canvass.calibrate(p, 1) OVER () FROM (SELECT 0.5::float8 WHERE false) v(p)$$, 'calibrate over no rows: no rows');

-- NaN, infinities and scores outside 0..1.
SELECT throws_ok($$SELECT canvass.logit_shift('NaN', 1)$$, '22023', 'logit_shift score must not be NaN', 'NaN score: 22023');
SELECT throws_ok($$SELECT canvass.logit_shift('Infinity', 1)$$, '22023', 'logit_shift score must be between 0 and 1', 'infinite score: 22023');
SELECT throws_ok($$SELECT canvass.logit_shift(0.5, 'NaN')$$, '22023', 'logit_shift target must be finite', 'NaN target: 22023');
SELECT throws_ok($$SELECT canvass.logit_shift(0.5, '-Infinity')$$, '22023', 'logit_shift target must be finite', '-infinite target: 22023');
SELECT throws_ok($$SELECT canvass.shift_score(0.5, 'NaN')$$, '22023', 'shift_score shift must be finite', 'shift_score: NaN d');
SELECT throws_ok($$SELECT canvass.shift_score(0.5, 'Infinity')$$, '22023', 'shift_score shift must be finite', 'shift_score: infinite d');
SELECT throws_ok($$SELECT canvass.shift_score('NaN', 0)$$, '22023', 'shift_score score must not be NaN', 'shift_score: NaN p');
SELECT throws_ok($$SELECT canvass.shift_score(-0.1, 0)$$, '22023', 'shift_score score must be between 0 and 1', 'shift_score: p < 0');
SELECT throws_ok($$SELECT canvass.calibrate(p, 1) OVER () FROM (VALUES ('NaN'::float8)) v(p)$$, '22023',
                 'calibrate score must not be NaN', 'calibrate: NaN p');
SELECT throws_ok($$SELECT canvass.calibrate(0.5, t) OVER () FROM (VALUES ('Infinity'::float8)) v(t)$$, '22023',
                 'calibrate target must be finite', 'calibrate: infinite target');
-- A 0-100 score: the hint says to divide by 100.
SELECT is(pg_temp.error_of($$SELECT canvass.logit_shift(p, 1) FROM (VALUES (0.5::float8), (43)) v(p)$$),
          E'22023\nlogit_shift score must be between 0 and 1\nThe score is 43.\nScores on a 0-100 scale (VAN, state parties) must be divided by 100.',
          'score 43: 22023, hint to divide 0-100 scores by 100');
SELECT is(pg_temp.error_of($$SELECT canvass.calibrate(p, 1) OVER () FROM (VALUES (0.5::float8), (-2)) v(p)$$),
          E'22023\ncalibrate score must be between 0 and 1\nThe score is -2.\ncanvass takes scores as probabilities from 0 to 1; divide 0-100 scores by 100.',
          'calibrate, score -2: 22023 with the 0-1 hint');

-- Targets: the same on every row, and within reach.
SELECT is(pg_temp.error_of($$SELECT canvass.logit_shift(p, t) FROM (VALUES (0.5::float8, 2::float8), (0.25, 3)) v(p, t)$$),
          E'22023\nlogit_shift target must be the same on every row\nEarlier rows have target 2, this one 3.\nPass the topline as a constant or from a one-row subquery; to calibrate groups to their own toplines, use GROUP BY or calibrate(p, target) OVER (PARTITION BY ...).',
          'targets 2 and 3: 22023 naming both');
SELECT throws_ok($$SELECT canvass.calibrate(p, t) OVER () FROM (VALUES (0.5::float8, 2::float8), (0.25, 3)) v(p, t)$$,
                 '22023', 'calibrate target must be the same on every row', 'calibrate: targets 2 and 3');
-- {0, 1, 0.5}: shifted scores add up to strictly between 1 (the ones) and 2 (the scores above 0).
SELECT is(pg_temp.error_of($$SELECT canvass.logit_shift(p, 2) FROM (VALUES (0.0::float8), (1), (0.5)) v(p)$$),
          E'22023\nlogit_shift target 2 cannot be reached by shifting the scores\nShifted scores add up to more than 1 (the scores of exactly 1) and less than 2 (the scores above 0), never to either end.\nScores of 0 and 1 never move: check the target, and that scores of 0 or 1 are meant as certain.',
          'target 2 = count(p > 0): 22023 with the reachable range');
SELECT throws_ok($$SELECT canvass.logit_shift(p, 1) FROM (VALUES (0.0::float8), (1), (0.5)) v(p)$$,
                 '22023', 'logit_shift target 1 cannot be reached by shifting the scores', 'target 1 = count(p = 1): 22023');
SELECT throws_ok($$SELECT canvass.logit_shift(p, 0) FROM (VALUES (0.5::float8)) v(p)$$,
                 '22023', 'logit_shift target 0 cannot be reached by shifting the scores', 'target 0: 22023');
SELECT throws_ok($$SELECT canvass.calibrate(p, 260455) OVER () FROM (VALUES (0.5::float8)) v(p)$$,
                 '22023', 'calibrate target 260455 cannot be reached by shifting the scores', 'calibrate: target above the voters');
SELECT is(canvass.logit_shift(p, 2), 0::float8, 'every score 0 or 1 and the target their count of ones: d = 0')
FROM (VALUES (0.0::float8), (1), (1)) v(p);

-- Memory: 300,000 distinct scores need a 2 MB block of 262,144 numbers,
-- more than canvass.max_memory = 1MB (1,048,576 bytes); repeated scores do not.
SET LOCAL canvass.max_memory = '1MB';
SELECT throws_ok($$SELECT canvass.logit_shift(i / 300001.0, 1000) FROM generate_series(1, 300000) i$$,
                 '53400', 'logit_shift would need 2048 kB of working memory, more than canvass.max_memory (1024 kB)',
                 '300,000 distinct scores under max_memory = 1MB: 53400');
SELECT cmp_ok(canvass.logit_shift((i % 100 + 1) / 102.0, 150000), '>', 0::float8,
              '300,000 rows of 100 scores fit in 1MB') FROM generate_series(1, 300000) i;
RESET canvass.max_memory;

-- Wrong types.
SELECT throws_ok($$SELECT canvass.logit_shift('0.5'::text, 1)$$, '42883', NULL, 'logit_shift(text, ...) does not exist');
SELECT throws_ok($$SELECT canvass.shift_score(0.5, '{1}'::float8[])$$, '42883', NULL, 'shift_score(float8, float8[]) does not exist');

-- Parallel: the same shift from a Partial Aggregate plan, to the bit.
CREATE TABLE cal_big AS
SELECT i, CASE WHEN i % 1000 = 0 THEN 0 WHEN i % 1000 = 1 THEN 1
               ELSE 1 / (1 + exp(-(((i * 0.6180339887) % 1) * 8 - 4))) END::float8 AS p,
       (i % 7 = 0) AS grid
FROM generate_series(1, 1000000) i;
UPDATE cal_big SET p = round(p::numeric, 3) WHERE grid;	-- some repeated scores too
ANALYZE cal_big;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE serial_shift AS SELECT canvass.logit_shift(p, 582000) AS d FROM cal_big;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of('SELECT canvass.logit_shift(p, 582000) FROM cal_big'), 'Partial Aggregate',
               'logit_shift runs as a Partial Aggregate under forced parallelism');
SELECT is((SELECT canvass.logit_shift(p, 582000) FROM cal_big), (SELECT d FROM serial_shift),
          '1,000,000 scores: the parallel plan gives the same d to the bit');
SELECT matches(pg_temp.plan_of('SELECT canvass.logit_shift(p, 582000) FROM cal_big WHERE false'), 'Partial Aggregate|Result',
               'zero rows: planned');
SELECT is((SELECT canvass.logit_shift(p, 582000) FROM cal_big WHERE i < 0), NULL, 'zero rows under parallelism: NULL');
SELECT pg_temp.forbid_parallel();
-- Large input: 10^6 calibrated scores add up to the target within 1e-9 relative.
SELECT cmp_ok((SELECT abs(sum(c) - 582000) / 582000 FROM (SELECT canvass.calibrate(p, 582000) OVER () AS c FROM cal_big) x),
              '<=', 1e-9::float8, '1,000,000 rows: calibrate adds up to 582,000 within 1e-9 relative');
SELECT cmp_ok((SELECT abs(sum(canvass.shift_score(p, d)) - 582000) / 582000 FROM cal_big, serial_shift),
              '<=', 1e-9::float8, '1,000,000 rows: shift_score(p, logit_shift) adds up to 582,000 within 1e-9 relative');
-- Another row order: the same d.
SELECT is((SELECT canvass.logit_shift(p, 582000) FROM (SELECT p FROM cal_big ORDER BY md5(i::text)) s),
          (SELECT d FROM serial_shift), 'another row order: the same d to the bit');
SELECT cmp_ok(canvass.logit_shift(p, 582000)::numeric, '>', canvass.logit_shift(p, 581999)::numeric,
              'a larger target needs a larger shift') FROM cal_big;

SELECT * FROM finish();
ROLLBACK;
