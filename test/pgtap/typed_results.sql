-- pgTAP: typed results for dashboards.  Each reader turns one jsonb result
-- into typed columns; the values are those of the reference examples whose
-- jsonb is tested elsewhere (GerryChain's plan, the three-voter
-- expected_turnout of README, a logistic fit checked by hand here), read
-- through the typed form, and every column has one type whatever the input.
\i test/helpers.sql
BEGIN;
SELECT plan(21);

-- matrix: canvass.scorecard_row(jsonb)
-- matrix: canvass.expected_turnout_row(jsonb)
-- matrix: canvass.logit_summary(jsonb)
-- matrix: canvass.logit_coefficients(jsonb)

SELECT is((SELECT array_agg(DISTINCT provolatile::text || proparallel::text) FROM pg_proc
           WHERE pronamespace = 'canvass'::regnamespace
             AND proname IN ('scorecard_row', 'expected_turnout_row', 'logit_summary', 'logit_coefficients')),
          ARRAY['is'], 'the readers are immutable and parallel safe');

-- GerryChain's plan (tests/metrics/test_partisan.py), A first: EG -0.3,
-- mean-median -0.15, partisan bias -0.1, seats 2 of 5 (95 and 75).
CREATE TEMP TABLE card AS
  SELECT r.* FROM (SELECT canvass.plan_scorecard(a, b) s FROM (VALUES (95, 5), (40, 60), (75, 25), (45, 55), (45, 55)) v(a, b)) x,
                  canvass.scorecard_row(s) r;
SELECT is((SELECT districts FROM card), 5::bigint, 'scorecard_row: 5 districts (bigint)');
SELECT is((SELECT seats FROM card), 2::float8, 'scorecard_row: 2 seats');
SELECT is((SELECT round(efficiency_gap::numeric, 12) FROM card), -0.3, 'scorecard_row: efficiency gap -0.3');
SELECT is((SELECT round(mean_median::numeric, 12) FROM card), -0.15, 'scorecard_row: mean-median -0.15');
SELECT is((SELECT round(partisan_bias::numeric, 12) FROM card), -0.1, 'scorecard_row: partisan bias -0.1');
SELECT is((SELECT uncontested_treatment || '/' || coalesce(uncontested_share::text, 'null') FROM card), 'as_is/null',
          'scorecard_row: as_is, no share');
SELECT is((SELECT uncontested_treatment || '/' || uncontested_share::text
           FROM (SELECT canvass.plan_scorecard(a, b, 0, '0.75') s FROM (VALUES (95, 0), (40, 60)) v(a, b)) x,
                canvass.scorecard_row(s)), 'impute/0.75', 'scorecard_row: impute 0.75, the share a number');
SELECT is((SELECT string_agg(format_type(atttypid, NULL), ',' ORDER BY attnum) FROM pg_attribute
           WHERE attrelid = 'card'::regclass AND attnum > 0),
          'bigint,bigint,double precision,double precision,double precision,double precision,double precision,double precision,double precision,double precision,double precision,double precision,double precision,double precision,double precision,bigint,double precision,text,double precision,double precision,double precision',
          'scorecard_row: the columns'' types, fixed');

-- expected_turnout over p = 0.5, 0.25, 1: expected 1.75, sd sqrt(.25 + .1875) = 0.661438.
SELECT is((SELECT ROW(voters, expected, round(sd::numeric, 6), high)::text
           FROM (SELECT canvass.expected_turnout(p) e FROM (VALUES (0.5), (0.25), (1.0)) v(p)) x,
                canvass.expected_turnout_row(e)),
          '(3,1.75,0.661438,3)', 'expected_turnout_row: 3 voters, 1.75 expected, sd 0.661438, high 3');
SELECT is((SELECT voters FROM canvass.expected_turnout_row('{"voters": 0, "expected": 0, "sd": 0, "low": 0, "high": 0}')), 0::bigint,
          'expected_turnout_row: no voters');

-- A fit checked by hand: one binary feature, y = 1 on 3 of 4 rows with x = 0
-- and 1 of 4 with x = 1: b0 = logit(3/4) = ln 3, b1 = logit(1/4) - ln 3 = -2 ln 3;
-- SE(b1)^2 = 1/3 + 1 + 1 + 1/3 = 8/3 (the 2 x 2 table's 1/a + 1/b + 1/c + 1/d).
CREATE TEMP TABLE fit AS
  SELECT canvass.logit_fit(y, ARRAY[x]) AS m
  FROM (VALUES (1, 0.0), (1, 0.0), (1, 0.0), (0, 0.0), (1, 1.0), (0, 1.0), (0, 1.0), (0, 1.0)) v(y, x);
SELECT is((SELECT count(*) FROM fit, canvass.logit_coefficients(m)), 2::bigint, 'logit_coefficients: intercept and one feature');
SELECT is((SELECT round(coefficient::numeric, 6) FROM fit, canvass.logit_coefficients(m) WHERE term = 0),
          round(ln(3)::numeric, 6), 'logit_coefficients: term 0, the intercept ln 3');
SELECT is((SELECT round(coefficient::numeric, 6) FROM fit, canvass.logit_coefficients(m) WHERE term = 1),
          round(-2 * ln(3)::numeric, 6), 'logit_coefficients: term 1, -2 ln 3');
SELECT is((SELECT round(std_error::numeric, 6) FROM fit, canvass.logit_coefficients(m) WHERE term = 1),
          round(sqrt(8.0 / 3)::numeric, 6), 'logit_coefficients: its standard error sqrt(8/3)');
SELECT is((SELECT round(z::numeric, 6) FROM fit, canvass.logit_coefficients(m) WHERE term = 1),
          round((-2 * ln(3) / sqrt(8.0 / 3))::numeric, 6), 'logit_coefficients: z = coefficient / SE');
SELECT is((SELECT ROW(features, converged, rows, successes, patterns, skipped)::text FROM fit, canvass.logit_summary(m)),
          '(1,t,8,4,2,0)', 'logit_summary: 1 feature, converged, 8 rows, 4 successes, 2 patterns');
-- log-likelihood by hand: 2 x (3 ln(3/4) + ln(1/4)) = 6 ln 3 - 16 ln 2.
SELECT is((SELECT round(log_likelihood::numeric, 9) FROM fit, canvass.logit_summary(m)),
          round((6 * ln(3) - 16 * ln(2))::numeric, 9), 'logit_summary: log-likelihood 6 ln 3 - 16 ln 2');

-- NULL and odd jsonb.
SELECT is(canvass.scorecard_row(NULL), NULL, 'scorecard_row: NULL gives NULL');
SELECT is((SELECT count(*) FROM canvass.logit_coefficients('{"coefficients": "x"}')), 0::bigint,
          'logit_coefficients: a model without a coefficient array gives no rows');
SELECT throws_ok($$SELECT canvass.expected_turnout_row('{"voters": "many"}')$$, '22P02', NULL,
                 'expected_turnout_row: a value of the wrong type is an input error');

SELECT * FROM finish();
ROLLBACK;
