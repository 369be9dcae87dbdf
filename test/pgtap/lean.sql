-- pgTAP: canvass.share_ci (Wilson score interval), canvass.pvi and
-- canvass.pvi_label (Cook partisan voting index).  Interval values come
-- from statsmodels' proportion_confint(method='wilson'), printed by
-- test/metrics_crosscheck.py; PVI values are hand computations.
-- The bad-input matrix of each function: NULL in each argument, NaN and
-- +-Infinity, wrong units (percentages), and 1M calls, in the sections below.
-- matrix: canvass.pvi(double precision,double precision,double precision,double precision,double precision)
-- matrix: canvass.pvi_label(double precision,text,text)
-- matrix: canvass.share_ci(double precision,double precision,double precision)
\i test/helpers.sql
BEGIN;
SELECT plan(45);

-- Signatures and labels.
SELECT has_function('canvass', 'share_ci', ARRAY['double precision', 'double precision', 'double precision'], 'share_ci exists');
SELECT has_function('canvass', 'pvi', ARRAY['double precision', 'double precision', 'double precision', 'double precision', 'double precision'], 'pvi exists');
SELECT has_function('canvass', 'pvi_label', ARRAY['double precision', 'text', 'text'], 'pvi_label exists');
SELECT function_returns('canvass', 'pvi_label', ARRAY['double precision', 'text', 'text'], 'text', 'pvi_label returns text');
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'canvass'::regnamespace
             AND proname IN ('share_ci', 'pvi', 'pvi_label')
             AND provolatile = 'i' AND proisstrict AND proparallel = 's'),
          3::bigint, 'share_ci, pvi, pvi_label: immutable, strict, parallel safe');

-- statsmodels proportion_confint(x, n, alpha = 1 - c, method = 'wilson').
SELECT results_eq(
  $$SELECT round(lower::numeric, 12), round(upper::numeric, 12) FROM (VALUES
      (81, 263, 0.95), (0, 10, 0.95), (10, 10, 0.95), (1, 2, 0.9), (520, 1000, 0.99), (3, 7, 0.5)) v(x, n, c),
      canvass.share_ci(x, n, c)$$,
  $$VALUES (0.255288519878, 0.366209576983), (0.000000000000, 0.277532799863), (0.722467200137, 1.000000000000),
           (0.120866319422, 0.879133680578), (0.479307455095, 0.560428898309), (0.310603477750, 0.555257215992)$$,
  'share_ci agrees with statsmodels to 12 digits');
SELECT is((SELECT round(lower::numeric, 12) FROM canvass.share_ci(81, 263)), 0.255288519878, 'confidence defaults to 0.95');
SELECT is((canvass.share_ci(0, 10)).lower, 0::float8, 'no successes: lower bound exactly 0');
SELECT is((canvass.share_ci(10, 10)).upper, 1::float8, 'all successes: upper bound exactly 1');
SELECT is((canvass.share_ci(2.5, 10.5)).lower IS NOT NULL, true, 'fractional (weighted) counts are accepted');
SELECT is(canvass.share_ci(0, 0), NULL, 'no trials: NULL');

-- NULL in each argument.
SELECT is(canvass.share_ci(NULL, 10), NULL, 'share_ci: NULL successes');
SELECT is(canvass.share_ci(1, NULL), NULL, 'share_ci: NULL trials');
SELECT is(canvass.share_ci(1, 10, NULL), NULL, 'share_ci: NULL confidence');
SELECT is(canvass.pvi(NULL, .5, .5, .5), NULL, 'pvi: NULL share');
SELECT is(canvass.pvi(.5, NULL, .5, .5), NULL, 'pvi: NULL national share');
SELECT is(canvass.pvi(.5, .5, NULL, .5), NULL, 'pvi: NULL previous share');
SELECT is(canvass.pvi(.5, .5, .5, NULL), NULL, 'pvi: NULL previous national share');
SELECT is(canvass.pvi(.5, .5, .5, .5, NULL), NULL, 'pvi: NULL weight');
SELECT is(canvass.pvi_label(NULL), NULL, 'pvi_label: NULL lean');
SELECT is(canvass.pvi_label(3, NULL, 'R'), NULL, 'pvi_label: NULL letter');

-- Bad input: 22023.
SELECT throws_ok($$SELECT canvass.share_ci(-1, 10)$$, '22023', 'successes and trials must not be negative', 'negative successes');
SELECT throws_ok($$SELECT canvass.share_ci(1, -10)$$, '22023', 'successes and trials must not be negative', 'negative trials');
SELECT throws_ok($$SELECT canvass.share_ci(11, 10)$$, '22023', 'successes must not exceed trials', 'successes above trials');
SELECT throws_ok($$SELECT canvass.share_ci('NaN', 10)$$, '22023', 'share_ci arguments must be finite', 'NaN successes');
SELECT throws_ok($$SELECT canvass.share_ci(1, 'Infinity')$$, '22023', 'share_ci arguments must be finite', 'infinite trials');
SELECT throws_ok($$SELECT canvass.share_ci(1, 10, 1)$$, '22023', 'confidence must be between 0 and 1, exclusive', 'confidence 1');
SELECT throws_ok($$SELECT canvass.share_ci(1, 10, 95)$$, '22023', 'confidence must be between 0 and 1, exclusive', 'confidence 95 (a percentage)');
SELECT throws_ok($$SELECT canvass.pvi(55, 52, 53, 51)$$, '22023', 'pvi shares must be between 0 and 1', 'pvi: percentages');
SELECT throws_ok($$SELECT canvass.pvi(.55, 'NaN', .53, .51)$$, '22023', 'pvi arguments must be finite', 'pvi: NaN');
SELECT throws_ok($$SELECT canvass.pvi(.55, .52, .53, .51, 2)$$, '22023', 'pvi latest_weight must be between 0 and 1', 'pvi: weight 2');
SELECT throws_ok($$SELECT canvass.pvi_label('-Infinity')$$, '22023', 'lean must be finite', 'pvi_label: -Infinity');

-- PVI by hand: district .55 then .53, nation .52 then .51.
--   75/25 (Cook since 2022): 100 (.75 x .03 + .25 x .02) = 2.75 -> D+3;
--   50/50 (before 2022): 100 (.5 x .03 + .5 x .02) = 2.5 -> D+3 (half away from zero).
SELECT is(round(canvass.pvi(.55, .52, .53, .51)::numeric, 9), 2.75, 'pvi: 75/25 by default, 2.75');
SELECT is(round(canvass.pvi(.55, .52, .53, .51, 0.5)::numeric, 9), 2.5, 'pvi 50/50: 2.5');
SELECT is(canvass.pvi_label(canvass.pvi(.55, .52, .53, .51)), 'D+3', 'pvi_label: D+3');
-- 100 (.75 x (.40 - .52) + .25 x (.41 - .51)) = -9 - 2.5 = -11.5 -> R+12.
SELECT is(canvass.pvi_label(canvass.pvi(.40, .52, .41, .51)), 'R+12', 'pvi_label: -11.5 is R+12');
SELECT is(canvass.pvi_label(0.49), 'EVEN', 'pvi_label: |x| < 0.5 is EVEN');
SELECT is(canvass.pvi_label(-0.49), 'EVEN', 'pvi_label: -0.49 is EVEN');
SELECT is(canvass.pvi_label(-0.5), 'R+1', 'pvi_label: -0.5 rounds away from zero, R+1');
SELECT is(canvass.pvi_label(13.2, 'A', 'B'), 'A+13', 'pvi_label: other letters');

-- Large input: 1,000,000 intervals against the Wilson formula in numeric
-- SQL, with z = 1.959963984540054 (scipy.stats.norm.ppf(0.975)).
SELECT is((SELECT max(greatest(abs(c.lower - w.lo), abs(c.upper - w.hi))) < 1e-12
           FROM generate_series(1, 1000000) i,
                LATERAL (SELECT (i % 1000)::float8 AS x, (1000 + i % 777)::float8 AS n) q,
                LATERAL canvass.share_ci(q.x, q.n) c,
                LATERAL (SELECT p, z2n FROM (SELECT q.x / q.n AS p, 1.959963984540054 ^ 2 / q.n AS z2n) s) k,
                LATERAL (SELECT (k.p + k.z2n / 2) / (1 + k.z2n) - 1.959963984540054 / (1 + k.z2n) * sqrt(k.p * (1 - k.p) / q.n + k.z2n / (4 * q.n)) AS lo,
                                (k.p + k.z2n / 2) / (1 + k.z2n) + 1.959963984540054 / (1 + k.z2n) * sqrt(k.p * (1 - k.p) / q.n + k.z2n / (4 * q.n)) AS hi) w),
          true, '1M intervals agree with the formula in SQL to 1e-12');
SELECT is((SELECT count(*) FROM generate_series(1, 1000000) i, canvass.share_ci(i % 500, 500) c
           WHERE NOT (c.lower <= (i % 500) / 500.0 AND (i % 500) / 500.0 <= c.upper AND c.lower >= 0 AND c.upper <= 1)),
          0::bigint, '1M intervals: each holds its share and lies in [0, 1]');

-- Exact decimal: 0.565 against 0.51 is 5.5 points by hand (100 x 0.055),
-- which double arithmetic makes 5.4999999999999938; Cook's label rounds the
-- half up, D+6.
SELECT is(canvass.pvi(.565, .51, .565, .51), 5.5::float8, 'pvi: 0.565 against 0.51 is exactly 5.5');
SELECT is(canvass.pvi_label(canvass.pvi(.565, .51, .565, .51)), 'D+6', 'pvi_label: 5.5 is D+6, not D+5');
-- 75/25: 100 (0.75 x 0.035 + 0.25 x 0.025) = 2.625 + 0.625 = 3.25 exactly.
SELECT is(canvass.pvi(.545, .51, .535, .51), 3.25::float8, 'pvi: 75/25 weighting 3.25 exactly');

SELECT * FROM finish();
ROLLBACK;
