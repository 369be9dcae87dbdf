-- pgTAP: canvass's plan-metric aggregates.  Reference values of DOMAIN.md
-- (GerryChain, PlanScore, Wisconsin 2012) translated into canvass's sign
-- convention (positive favours A, the first argument), hand computations
-- written out next to each test, the raw Wisconsin Assembly 2014-2020
-- metrics of data/metrics/README.md reproduced from the CSV, and values
-- recomputed independently by test/metrics_crosscheck.py.  Every floating
-- value is compared after rounding to the digits given.
-- The bad-input matrix of every signature below: NULL in each argument
-- ("NULL in each option argument", NULL votes under "Degenerate input"),
-- NaN and +-Infinity votes, swings and bands, empty input, wrong types and
-- large input (1M districts), in the sections named so.
-- matrix: canvass.competitive_count(bigint,bigint,double precision,double precision)
-- matrix: canvass.competitive_count(bigint,bigint,double precision,double precision,double precision)
-- matrix: canvass.competitive_count(bigint,bigint,double precision,double precision,double precision,text)
-- matrix: canvass.competitive_count(double precision,double precision,double precision,double precision)
-- matrix: canvass.competitive_count(double precision,double precision,double precision,double precision,double precision)
-- matrix: canvass.competitive_count(double precision,double precision,double precision,double precision,double precision,text)
-- matrix: canvass.declination(bigint,bigint)
-- matrix: canvass.declination(bigint,bigint,double precision)
-- matrix: canvass.declination(bigint,bigint,double precision,text)
-- matrix: canvass.declination(double precision,double precision)
-- matrix: canvass.declination(double precision,double precision,double precision)
-- matrix: canvass.declination(double precision,double precision,double precision,text)
-- matrix: canvass.declination_scaled(bigint,bigint)
-- matrix: canvass.declination_scaled(bigint,bigint,double precision)
-- matrix: canvass.declination_scaled(bigint,bigint,double precision,text)
-- matrix: canvass.declination_scaled(double precision,double precision)
-- matrix: canvass.declination_scaled(double precision,double precision,double precision)
-- matrix: canvass.declination_scaled(double precision,double precision,double precision,text)
-- matrix: canvass.efficiency_gap(bigint,bigint)
-- matrix: canvass.efficiency_gap(bigint,bigint,text)
-- matrix: canvass.efficiency_gap(bigint,bigint,text,double precision)
-- matrix: canvass.efficiency_gap(bigint,bigint,text,double precision,text)
-- matrix: canvass.efficiency_gap(double precision,double precision)
-- matrix: canvass.efficiency_gap(double precision,double precision,text)
-- matrix: canvass.efficiency_gap(double precision,double precision,text,double precision)
-- matrix: canvass.efficiency_gap(double precision,double precision,text,double precision,text)
-- matrix: canvass.lopsided_margin(bigint,bigint)
-- matrix: canvass.lopsided_margin(bigint,bigint,double precision)
-- matrix: canvass.lopsided_margin(bigint,bigint,double precision,text)
-- matrix: canvass.lopsided_margin(double precision,double precision)
-- matrix: canvass.lopsided_margin(double precision,double precision,double precision)
-- matrix: canvass.lopsided_margin(double precision,double precision,double precision,text)
-- matrix: canvass.mean_median(bigint,bigint)
-- matrix: canvass.mean_median(bigint,bigint,double precision)
-- matrix: canvass.mean_median(bigint,bigint,double precision,text)
-- matrix: canvass.mean_median(double precision,double precision)
-- matrix: canvass.mean_median(double precision,double precision,double precision)
-- matrix: canvass.mean_median(double precision,double precision,double precision,text)
-- matrix: canvass.partisan_bias(bigint,bigint)
-- matrix: canvass.partisan_bias(bigint,bigint,double precision)
-- matrix: canvass.partisan_bias(bigint,bigint,double precision,text)
-- matrix: canvass.partisan_bias(double precision,double precision)
-- matrix: canvass.partisan_bias(double precision,double precision,double precision)
-- matrix: canvass.partisan_bias(double precision,double precision,double precision,text)
-- matrix: canvass.plan_scorecard(bigint,bigint)
-- matrix: canvass.plan_scorecard(bigint,bigint,double precision)
-- matrix: canvass.plan_scorecard(bigint,bigint,double precision,text)
-- matrix: canvass.plan_scorecard(bigint,bigint,double precision,text,double precision,double precision)
-- matrix: canvass.plan_scorecard(double precision,double precision)
-- matrix: canvass.plan_scorecard(double precision,double precision,double precision)
-- matrix: canvass.plan_scorecard(double precision,double precision,double precision,text)
-- matrix: canvass.plan_scorecard(double precision,double precision,double precision,text,double precision,double precision)
-- matrix: canvass.seats(bigint,bigint)
-- matrix: canvass.seats(bigint,bigint,double precision)
-- matrix: canvass.seats(bigint,bigint,double precision,text)
-- matrix: canvass.seats(double precision,double precision)
-- matrix: canvass.seats(double precision,double precision,double precision)
-- matrix: canvass.seats(double precision,double precision,double precision,text)
\i test/helpers.sql
BEGIN;
SELECT plan(106);

-- Signatures and labels ---------------------------------------------------
SELECT is((SELECT count(*) FROM pg_aggregate g JOIN pg_proc p ON p.oid = g.aggfnoid
           WHERE p.pronamespace = 'canvass'::regnamespace
             AND p.proname IN ('seats', 'efficiency_gap', 'mean_median', 'partisan_bias', 'declination', 'declination_scaled', 'lopsided_margin', 'competitive_count', 'plan_scorecard')),
          58::bigint, '58 plan-metric aggregates (every overload, bigint and float8)');
SELECT is((SELECT count(*) FROM pg_aggregate g JOIN pg_proc p ON p.oid = g.aggfnoid
           WHERE p.pronamespace = 'canvass'::regnamespace
             AND p.proname IN ('seats', 'efficiency_gap', 'mean_median', 'partisan_bias', 'declination', 'declination_scaled', 'lopsided_margin', 'competitive_count', 'plan_scorecard')
             AND g.aggcombinefn <> 0 AND g.aggserialfn <> 0 AND g.aggdeserialfn <> 0
             AND p.proparallel = 's' AND g.aggtranstype = 'internal'::regtype),
          58::bigint, 'every aggregate has combine, serial and deserial functions and is parallel safe');
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'canvass'::regnamespace
             AND (proname LIKE 'metrics\_%' OR proname LIKE '%\_final')
             AND (provolatile <> 'i' OR proparallel <> 's')),
          0::bigint, 'support functions are immutable and parallel safe');
SELECT is_aggregate('canvass', 'seats', ARRAY['bigint', 'bigint'], 'seats(bigint, bigint)');
SELECT is_aggregate('canvass', 'seats', ARRAY['double precision', 'double precision', 'double precision', 'text'],
                    'seats(float8, float8, swing, uncontested)');
SELECT is_aggregate('canvass', 'efficiency_gap', ARRAY['bigint', 'bigint', 'text', 'double precision', 'text'],
                    'efficiency_gap(bigint, bigint, variant, swing, uncontested)');
SELECT is_aggregate('canvass', 'competitive_count', ARRAY['bigint', 'bigint', 'double precision', 'double precision'],
                    'competitive_count(bigint, bigint, lo, hi)');
SELECT is_aggregate('canvass', 'plan_scorecard',
                    ARRAY['double precision', 'double precision', 'double precision', 'text', 'double precision', 'double precision'],
                    'plan_scorecard(float8, float8, swing, uncontested, lo, hi)');
SELECT function_returns('canvass', 'plan_scorecard', ARRAY['bigint', 'bigint'], 'jsonb', 'plan_scorecard returns jsonb');
SELECT function_returns('canvass', 'competitive_count', ARRAY['bigint', 'bigint', 'double precision', 'double precision'],
                        'bigint', 'competitive_count returns bigint');
SELECT function_returns('canvass', 'seats', ARRAY['bigint', 'bigint'], 'double precision', 'seats returns float8 (half seats)');

-- GerryChain, tests/metrics/test_partisan.py: parties [B, A] with
-- B = [5, 60, 25, 55, 55], A = [95, 40, 75, 45, 45]; GerryChain gives
-- efficiency gap 0.3, mean-median 0.15, partisan bias 0.1, all favouring B,
-- its first party.  With A first, canvass's sign flips: -0.3, -0.15, -0.1.
-- (GerryChain's partisan bias counts districts above the mean share; with
-- equal turnouts the mean share is V, so it agrees with PlanScore's here.)
-- GerryChain's fourth value, partisan Gini 0.12, is not a canvass metric.
CREATE TABLE gc (a bigint, b bigint);
INSERT INTO gc VALUES (95, 5), (40, 60), (75, 25), (45, 55), (45, 55);
SELECT is((SELECT round(canvass.efficiency_gap(a, b)::numeric, 12) FROM gc), -0.3, 'GerryChain: efficiency gap -0.3 (0.3 for B)');
SELECT is((SELECT round(canvass.mean_median(a, b)::numeric, 12) FROM gc), -0.15, 'GerryChain: mean-median -0.15 (0.15 for B)');
SELECT is((SELECT round(canvass.partisan_bias(a, b)::numeric, 12) FROM gc), -0.1, 'GerryChain: partisan bias -0.1 (0.1 for B)');
SELECT is((SELECT round(canvass.efficiency_gap(b, a)::numeric, 12) FROM gc), 0.3, 'GerryChain with B first: efficiency gap 0.3, its own sign');

-- PlanScore, planscore/tests/test_score.py: arguments (red; blue), positive
-- = blue, so A = blue.  Efficiency gap there is the simplified form, and its
-- swing shifts every blue share by the swing at fixed turnout.
CREATE TABLE ps (plan int, red bigint, blue bigint);
INSERT INTO ps VALUES (1, 2, 6), (1, 3, 5), (1, 5, 3), (1, 6, 2),       -- EG(2,3,5,6; 6,5,3,2)
                      (2, 1, 7), (2, 5, 3), (2, 5, 3), (2, 5, 3),       -- EG(1,5,5,5; 7,3,3,3)
                      (3, 6, 5), (3, 6, 5), (3, 6, 5), (3, 1, 10), (3, 1, 10),  -- mean-median
                      (4, 6, 2), (4, 6, 2), (4, 6, 2), (4, 3, 5), (4, 3, 5),    -- partisan bias
                      (5, 3, 2), (5, 4, 1), (5, 5, 0);                   -- declination2
SELECT is((SELECT round(canvass.efficiency_gap(blue, red, 'simplified')::numeric, 12) FROM ps WHERE plan = 1), 0.0,
          'PlanScore: EG(2,3,5,6; 6,5,3,2) = 0');
SELECT is((SELECT round(canvass.efficiency_gap(blue, red, 'simplified', -0.1)::numeric, 12) FROM ps WHERE plan = 1), 0.2,
          'PlanScore: EG(2,3,5,6; 6,5,3,2) with swing -0.1 = 0.2');
SELECT is((SELECT round(canvass.efficiency_gap(blue, red, 'simplified', 0.1)::numeric, 12) FROM ps WHERE plan = 1), -0.2,
          'PlanScore: EG(2,3,5,6; 6,5,3,2) with swing +0.1 = -0.2');
SELECT is((SELECT round(canvass.efficiency_gap(blue, red, 'simplified')::numeric, 12) FROM ps WHERE plan = 2), -0.25,
          'PlanScore: EG(1,5,5,5; 7,3,3,3) = -0.25');
SELECT is((SELECT round(canvass.efficiency_gap(blue, red, 'simplified', -0.1)::numeric, 12) FROM ps WHERE plan = 2), -0.05,
          'PlanScore: EG(1,5,5,5; 7,3,3,3) with swing -0.1 = -0.05');
SELECT is((SELECT round(canvass.efficiency_gap(blue, red, 'simplified', 0.1)::numeric, 12) FROM ps WHERE plan = 2), -0.45,
          'PlanScore: EG(1,5,5,5; 7,3,3,3) with swing +0.1 = -0.45');
-- -0.18 is PlanScore's rounding of -2/11: blue shares 5/11 x3, 10/11 x2,
-- median 5/11, mean 35/55 = 7/11.
SELECT is((SELECT round(canvass.mean_median(blue, red)::numeric, 12) FROM ps WHERE plan = 3), round(-2/11::numeric, 12),
          'PlanScore: mean-median(6,6,6,1,1; 5,5,5,10,10) = -2/11 (-0.18)');
SELECT is((SELECT round(canvass.partisan_bias(blue, red)::numeric, 12) FROM ps WHERE plan = 4), -0.1,
          'PlanScore: partisan bias(6,6,6,3,3; 2,2,2,5,5) = -0.1');
SELECT is((SELECT round(canvass.declination_scaled(blue, red)::numeric, 12) FROM ps WHERE plan = 5), round(-ln(3)::numeric / 2, 12),
          'PlanScore: declination2(3,4,5; 2,1,0) = -ln(3)/2 (a sweep by red)');
SELECT is((SELECT canvass.declination(blue, red) FROM ps WHERE plan = 5), -1::float8,
          'a sweep by B: declination -1');
-- "Adding a district with zero votes changes nothing."
INSERT INTO ps SELECT plan + 10, red, blue FROM ps WHERE plan <= 5;
INSERT INTO ps SELECT DISTINCT plan, 0, 0 FROM ps WHERE plan > 10;
SELECT is_empty($$SELECT plan - 10, canvass.plan_scorecard(blue, red) FROM ps WHERE plan > 10 GROUP BY plan
                  EXCEPT SELECT plan, canvass.plan_scorecard(blue, red) FROM ps WHERE plan <= 5 GROUP BY plan$$,
                'PlanScore: a district with zero votes changes no metric of any of the five plans');

-- Wisconsin 2012 Assembly (Whitford v. Gill): Republicans 48.6% of the
-- two-party vote and 60 of 99 seats; simplified EG = (60/99 - 1/2) -
-- 2 (0.486 - 1/2) = 0.134061 pro-R, "about 13%" published.  The 2012
-- district results are not available, so a plan with exactly those totals
-- is built: 99,000 votes, R = 0.486 x 99,000 = 48,114 in 60 districts of
-- (520, 480), 38 of (434, 566) and 1 of (422, 578): 31,200 + 16,492 + 422.
CREATE TABLE wi2012 (rep bigint, dem bigint);
INSERT INTO wi2012 SELECT 520, 480 FROM generate_series(1, 60);
INSERT INTO wi2012 SELECT 434, 566 FROM generate_series(1, 38);
INSERT INTO wi2012 VALUES (422, 578);
SELECT is((SELECT canvass.seats(rep, dem) FROM wi2012), 60::float8, 'Wisconsin 2012: 60 R seats');
SELECT is((SELECT round(canvass.efficiency_gap(rep, dem, 'simplified')::numeric, 6) FROM wi2012), 0.134061,
          'Wisconsin 2012: simplified EG 0.134 pro-R (R first)');

-- Hand computations: plan P, turnout 100 each, v = .7, .4, .5 (a tie), .55.
--   seats 1 + 0 + 1/2 + 1 = 2.5; V = 215/400 = .5375.
--   'half' wasted (W_A, W_B): (20, 30) (40, 10) (25, 25) (5, 45);
--     sum(W_B - W_A) = 10 - 30 + 0 + 40 = 20, EG = 20/400 = .05.
--   'majority' (quota floor(100/2) + 1 = 51): (19, 30) (40, 9) (tie: equal) (4, 45);
--     sum = 11 - 31 + 0 + 41 = 21, EG = .0525.
--   'simplified': (2.5/4 - 1/2) - 2 (.5375 - 1/2) = .125 - .075 = .05.
--   mean-median: median (.5 + .55)/2 = .525, mean 2.15/4 = .5375: -.0125.
--   partisan bias: shares above V = .5375: .7 and .55: 2/4 - 1/2 = 0.
--   declination: the tie is half a win each with share 1/2: k_A = 2.5,
--     mean a = (.7 + .55 + .25)/2.5 = .6; k_B = 1.5, mean b = (.4 + .25)/1.5
--     = 13/30; theta = atan((1 - 26/30) 4/1.5) = atan(16/45), gamma =
--     atan(.2 x 4/2.5) = atan(.32): theta = 0.341615, gamma = 0.309703,
--     delta = 2 (theta - gamma)/pi = 0.020316; scaled by ln(4)/2: 0.014082.
--   lopsided: B's mean winning share 1 - 13/30 = 17/30, minus A's .6: -1/30.
--   competitive in [.45, .55]: .5 and .55: 2.
CREATE TABLE hp (a float8, b float8);
INSERT INTO hp VALUES (70, 30), (40, 60), (50, 50), (55, 45);
SELECT is((SELECT canvass.seats(a, b) FROM hp), 2.5::float8, 'hand: seats 2.5 (a tie is half a seat)');
SELECT is((SELECT round(canvass.efficiency_gap(a, b)::numeric, 12) FROM hp), 0.05, 'hand: EG half .05');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'half')::numeric, 12) FROM hp), 0.05, 'hand: EG variant half .05');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'majority')::numeric, 12) FROM hp), 0.0525, 'hand: EG majority .0525');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'simplified')::numeric, 12) FROM hp), 0.05, 'hand: EG simplified .05');
SELECT is((SELECT round(canvass.mean_median(a, b)::numeric, 12) FROM hp), -0.0125, 'hand: mean-median -.0125');
SELECT is((SELECT round(canvass.partisan_bias(a, b)::numeric, 12) FROM hp), 0.0, 'hand: partisan bias 0');
SELECT is((SELECT round(canvass.declination(a, b)::numeric, 6) FROM hp), 0.020316, 'hand: declination .020316');
SELECT is((SELECT round(canvass.declination_scaled(a, b)::numeric, 6) FROM hp), 0.014082,
          'hand: declination scaled by ln(4)/2');
SELECT is((SELECT round(canvass.lopsided_margin(a, b)::numeric, 12) FROM hp), round(-1/30::numeric, 12), 'hand: lopsided -1/30');
SELECT is((SELECT canvass.competitive_count(a, b, 0.45, 0.55) FROM hp), 2::bigint, 'hand: 2 competitive in [.45, .55]');
SELECT is((SELECT canvass.competitive_count(a, b, 0.5, 0.5) FROM hp), 1::bigint, 'hand: the band is inclusive: [.5, .5] holds the tie');
-- Swing +.05: v = .75, .45, .55, .6: seats 3, V = .5875.
--   half: (25, 25) (45, 5) (5, 45) (10, 40): 0 - 40 + 40 + 30 = 30, EG .075;
--   simplified (3/4 - 1/2) - 2 (.0875) = .075.
SELECT is((SELECT canvass.seats(a, b, 0.05) FROM hp), 3::float8, 'hand, swing +.05: seats 3');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'half', 0.05)::numeric, 12) FROM hp), 0.075, 'hand, swing +.05: EG half .075');
-- Swing -.05: v = .65, .35, .45, .5 (the last a tie): seats 1.5, V = .4875;
--   half: (15, 35) (35, 15) (45, 5) (tie): 20 - 20 - 40 + 0 = -40, EG -.1;
--   majority: (14, 35) (35, 14) (45, 4) (tie): 21 - 21 - 41 = -41, EG -.1025.
SELECT is((SELECT canvass.seats(a, b, -0.05) FROM hp), 1.5::float8, 'hand, swing -.05: a tie again, seats 1.5');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'half', -0.05)::numeric, 12) FROM hp), -0.1, 'hand, swing -.05: EG half -.1');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'majority', -0.05)::numeric, 12) FROM hp), -0.1025, 'hand, swing -.05: EG majority -.1025');
SELECT is((SELECT round(canvass.partisan_bias(a, b, -0.05)::numeric, 12) FROM hp), 0.0, 'hand: a uniform swing does not change partisan bias');
-- bigint and float8 forms agree.
SELECT is((SELECT canvass.plan_scorecard(a::bigint, b::bigint) FROM hp), (SELECT canvass.plan_scorecard(a, b) FROM hp),
          'bigint and float8 votes give the same scorecard');

-- Uncontested: plan U, (100, 0), (30, 70), (0, 80), (45, 55); T = 380.
--   as is, half: (50, 0) (30, 20) (0, 40) (45, 5): -50 - 10 + 40 - 40 = -60, EG -60/380;
--   '0.75': (75, 25) (30, 70) (20, 60) (45, 55):
--     (25, 25) (30, 20) (20, 20) (45, 5): 0 - 10 + 0 - 40 = -50, EG -50/380.
CREATE TABLE hu (a bigint, b bigint);
INSERT INTO hu VALUES (100, 0), (30, 70), (0, 80), (45, 55);
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'half', 0, 'as_is')::numeric, 12) FROM hu), round(-60/380::numeric, 12),
          'hand, uncontested as is: EG -60/380');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'half', 0, '0.75')::numeric, 12) FROM hu), round(-50/380::numeric, 12),
          'hand, uncontested at 0.75: EG -50/380');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'half', 0, '1')::numeric, 12) FROM hu), round(-60/380::numeric, 12),
          'uncontested at share 1 is the same as as_is');
SELECT is((SELECT canvass.plan_scorecard(a, b, 0, '0.75')->'uncontested' FROM hu), '2'::jsonb, 'scorecard counts 2 uncontested');

-- Degenerate input ----------------------------------------------------------
SELECT is((SELECT canvass.seats(a, b) FROM hp WHERE false), NULL, 'zero districts: NULL');
SELECT is((SELECT canvass.plan_scorecard(a, b) FROM hp WHERE false), NULL, 'zero districts: scorecard NULL');
SELECT is((SELECT canvass.competitive_count(a, b, 0.4, 0.6) FROM hp WHERE false), NULL, 'zero districts: competitive_count NULL');
SELECT is((SELECT canvass.efficiency_gap(0::bigint, 0::bigint)), NULL, 'only districts with zero votes: NULL');
-- One district (60, 40): seats 1, V = .6; half EG: W_A 10, W_B 40: .3;
-- mean-median 0; partisan bias: the share equals V, a tie: 0; a sweep: 1.
SELECT is((SELECT canvass.plan_scorecard(60::bigint, 40::bigint) - 'competitive_lo' - 'competitive_hi' - 'swing' - 'uncontested_treatment' - 'uncontested_share'
                  - 'efficiency_gap_simplified'),
          '{"districts": 1, "uncontested": 0, "seats": 1, "seat_share": 1, "vote_share": 0.6, "mean_share": 0.6, "median_share": 0.6,
            "efficiency_gap": 0.3, "efficiency_gap_majority": 0.31, "mean_median": 0,
            "partisan_bias": 0, "declination": 1, "declination_scaled": 0, "lopsided_margin": null, "competitive": 0}'::jsonb,
          'one district (60, 40): every metric, by hand (majority: W_A = 60 - 51 = 9, EG (40 - 9)/100)');
SELECT is((SELECT round(canvass.efficiency_gap(60::bigint, 40::bigint, 'simplified')::numeric, 12)), 0.3,
          'one district (60, 40): simplified EG (1 - 1/2) - 2 (.6 - 1/2) = .3');
SELECT is((SELECT canvass.lopsided_margin(a, b) FROM (VALUES (60::bigint, 40::bigint), (70, 30)) v(a, b)), NULL,
          'a sweep: lopsided margin NULL');
SELECT is((SELECT canvass.seats(a, b) FROM (VALUES (60::bigint, 40::bigint), (NULL, 30), (20, NULL)) v(a, b)), 1::float8,
          'rows with a NULL vote are skipped');
SELECT is((SELECT canvass.seats(a, b) FROM (VALUES (NULL::bigint, NULL::bigint)) v(a, b)), NULL, 'only NULL rows: NULL');

-- NULL in each option argument: 22004.
SELECT throws_ok($$SELECT canvass.seats(a, b, NULL) FROM hp$$, '22004', 'swing must not be NULL', 'NULL swing: 22004');
SELECT throws_ok($$SELECT canvass.seats(a, b, 0, NULL) FROM hp$$, '22004', 'uncontested treatment must not be NULL', 'NULL uncontested: 22004');
SELECT throws_ok($$SELECT canvass.efficiency_gap(a, b, NULL) FROM hp$$, '22004', 'efficiency gap variant must not be NULL', 'NULL variant: 22004');
SELECT throws_ok($$SELECT canvass.competitive_count(a, b, NULL, 0.5) FROM hp$$, '22004', 'competitive band must not be NULL', 'NULL lo: 22004');
SELECT throws_ok($$SELECT canvass.competitive_count(a, b, 0.4, NULL) FROM hp$$, '22004', 'competitive band must not be NULL', 'NULL hi: 22004');
SELECT throws_ok($$SELECT canvass.plan_scorecard(a, b, 0, 'as_is', 0.4, NULL) FROM hp$$, '22004', 'competitive band must not be NULL', 'scorecard NULL hi: 22004');

-- Bad input: 22023 (22003 for bigint votes beyond 2^53).
SELECT throws_ok($$SELECT canvass.seats(-1::bigint, 5::bigint)$$, '22023', 'district votes must not be negative', 'negative votes');
SELECT throws_ok($$SELECT canvass.seats('NaN'::float8, 5::float8)$$, '22023', 'district votes must not be NaN', 'NaN votes');
SELECT throws_ok($$SELECT canvass.seats(1::float8, 'Infinity'::float8)$$, '22023', 'district votes must not be infinite', '+Infinity votes');
SELECT throws_ok($$SELECT canvass.seats('-Infinity'::float8, 1::float8)$$, '22023', 'district votes must not be infinite', '-Infinity votes');
SELECT throws_ok($$SELECT canvass.seats(9007199254740993::bigint, 1::bigint)$$, '22003', 'district votes are too large', 'votes beyond 2^53');
SELECT throws_ok($$SELECT canvass.seats(1e308::float8, 1e308::float8)$$, '22003', 'district votes are too large',
                 'float8 votes beyond 2^53 (whose sum would overflow)');
SELECT throws_ok($$SELECT canvass.seats(a, b, 1.5) FROM hp$$, '22023', 'swing must be between -1 and 1', 'swing 1.5');
SELECT throws_ok($$SELECT canvass.seats(a, b, 'NaN') FROM hp$$, '22023', 'swing must be between -1 and 1', 'swing NaN');
SELECT throws_ok($$SELECT canvass.seats(a, b, 0, '0.4') FROM hp$$, '22023', 'uncontested share must be above 0.5 and at most 1', 'uncontested 0.4');
SELECT throws_ok($$SELECT canvass.seats(a, b, 0, 'impute') FROM hp$$, '22023', 'invalid uncontested treatment "impute"', 'uncontested text');
SELECT throws_ok($$SELECT canvass.seats(a, b, 0, 'NaN') FROM hp$$, '22023', 'invalid uncontested treatment "NaN"', 'uncontested NaN');
SELECT throws_ok($$SELECT canvass.efficiency_gap(a, b, 'gerrychain') FROM hp$$, '22023', 'unknown efficiency gap variant "gerrychain"', 'unknown variant');
SELECT throws_ok($$SELECT canvass.competitive_count(a, b, 0.6, 0.4) FROM hp$$, '22023', 'competitive band must satisfy 0 <= lo <= hi <= 1', 'lo > hi');
SELECT throws_ok($$SELECT canvass.competitive_count(a, b, -0.1, 0.4) FROM hp$$, '22023', 'competitive band must satisfy 0 <= lo <= hi <= 1', 'lo < 0');
SELECT throws_ok($$SELECT canvass.seats(a, b, s) FROM (VALUES (1::bigint, 2::bigint, 0.0::float8), (2, 1, 0.1)) v(a, b, s)$$, '22023',
                 'plan metric options must be the same on every row of a plan', 'options differing between rows');
SELECT throws_ok($$SELECT canvass.seats(1::bigint, 'x'::text)$$, '42883', NULL, 'text votes: no such function');
SELECT is((SELECT canvass.seats(a, b) FROM (VALUES (1.5::numeric, 2.5::numeric)) v(a, b)), 0::float8, 'numeric votes use the float8 form');
SELECT is((SELECT canvass.plan_scorecard(a::int, b::int) FROM gc), (SELECT canvass.plan_scorecard(a, b) FROM gc),
          'integer votes use the float8 form and agree with bigint');

-- The raw Wisconsin Assembly 2014-2020 metrics of data/metrics/README.md,
-- from the CSV (A = Republicans, B = Democrats), and with uncontested seats
-- substituted at 75/25: values printed by test/metrics_crosscheck.py.
CREATE TABLE wi (year int, district int, dem_votes bigint, rep_votes bigint, other_votes bigint,
                 total_votes bigint, contested int, winner text, dem_two_party_share float8);
\copy wi FROM 'data/metrics/wi_assembly_2014_2020_district_two_party.csv' WITH (FORMAT csv, HEADER)
SELECT is((SELECT count(*) FROM wi), 396::bigint, 'Wisconsin: 396 district rows loaded');
-- README table: R share, R seats, uncontested, raw EG (positive = R), raw
-- median - mean of D share.
SELECT results_eq(
  $$SELECT year, round(sum(rep_votes)::numeric / sum(rep_votes + dem_votes), 4), canvass.seats(rep_votes, dem_votes),
           count(*) FILTER (WHERE contested = 0), round(canvass.efficiency_gap(rep_votes, dem_votes)::numeric, 4),
           round(canvass.mean_median(dem_votes, rep_votes)::numeric, 4)
    FROM wi GROUP BY year ORDER BY year$$,
  $$VALUES (2014, 0.5698, 63::float8, 50::bigint, 0.0275, -0.0341), (2016, 0.5321, 64, 49, 0.1248, -0.0986),
           (2018, 0.4575, 63, 36, 0.2650, -0.1284), (2020, 0.5429, 61, 19, 0.0475, -0.0422)$$,
  'Wisconsin 2014-2020: the raw metrics table of data/metrics/README.md');
SELECT results_eq(
  $$SELECT year, (canvass.plan_scorecard(rep_votes, dem_votes)->>'uncontested')::int FROM wi GROUP BY year ORDER BY year$$,
  $$VALUES (2014, 50), (2016, 49), (2018, 36), (2020, 19)$$,
  'Wisconsin: the scorecard counts the uncontested seats of the README');
SELECT results_eq(
  $$SELECT year, round(canvass.efficiency_gap(rep_votes, dem_votes, 'majority')::numeric, 6),
           round(canvass.efficiency_gap(rep_votes, dem_votes, 'simplified')::numeric, 6),
           round(canvass.partisan_bias(rep_votes, dem_votes)::numeric, 6), round(canvass.declination(rep_votes, dem_votes)::numeric, 6),
           round(canvass.declination_scaled(rep_votes, dem_votes)::numeric, 6), round(canvass.lopsided_margin(rep_votes, dem_votes)::numeric, 6),
           canvass.competitive_count(rep_votes, dem_votes, 0.45, 0.55)
    FROM wi GROUP BY year ORDER BY year$$,
  $$VALUES (2014, 0.027473, -0.003310, 0.045455, 0.228307, 0.524549, 0.064404, 9::bigint),
           (2016, 0.124774, 0.082196, 0.126263, 0.338916, 0.778680, 0.181817, 5),
           (2018, 0.264978, 0.221327, 0.146465, 0.476631, 1.095088, 0.292467, 11),
           (2020, 0.047545, 0.030303, 0.065657, 0.178390, 0.409861, 0.021049, 16)$$,
  'Wisconsin, uncontested as is: the other metrics agree with test/metrics_crosscheck.py');
-- The uncontested option: at 75/25 the 2014 EG rises from 2.75% to 6.2%
-- (toward the ~10% published with imputation), 2018's falls from 26.5% to
-- 17.1%; R's 2014 share drops from 57.0% toward the court's 52%.
SELECT results_eq(
  $$SELECT year, round((canvass.plan_scorecard(rep_votes, dem_votes, 0, '0.75')->>'vote_share')::numeric, 6),
           round(canvass.efficiency_gap(rep_votes, dem_votes, 'half', 0, '0.75')::numeric, 6),
           round(canvass.efficiency_gap(rep_votes, dem_votes, 'majority', 0, '0.75')::numeric, 6),
           round(canvass.efficiency_gap(rep_votes, dem_votes, 'simplified', 0, '0.75')::numeric, 6),
           round(canvass.mean_median(dem_votes, rep_votes, 0, '0.75')::numeric, 6),
           round(canvass.partisan_bias(rep_votes, dem_votes, 0, '0.75')::numeric, 6),
           round(canvass.declination(rep_votes, dem_votes, 0, '0.75')::numeric, 6),
           round(canvass.lopsided_margin(rep_votes, dem_votes, 0, '0.75')::numeric, 6)
    FROM wi GROUP BY year ORDER BY year$$,
  $$VALUES (2014, 0.552490, 0.062158, 0.062168, 0.031384, -0.049230, 0.085859, 0.206707, 0.022738),
           (2016, 0.539147, 0.110743, 0.110750, 0.068171, -0.080928, 0.116162, 0.281757, 0.063848),
           (2018, 0.504310, 0.171387, 0.171394, 0.127743, -0.072894, 0.136364, 0.357326, 0.118856),
           (2020, 0.529467, 0.074465, 0.074469, 0.057227, -0.054795, 0.075758, 0.179318, 0.024176)$$,
  'Wisconsin, uncontested at 0.75: every metric agrees with test/metrics_crosscheck.py');
SELECT results_eq(
  $$SELECT year, canvass.seats(rep_votes, dem_votes, -0.05, '0.75'),
           round(canvass.efficiency_gap(rep_votes, dem_votes, 'half', -0.05, '0.75')::numeric, 6),
           round(canvass.efficiency_gap(rep_votes, dem_votes, 'simplified', -0.05, '0.75')::numeric, 6),
           canvass.competitive_count(rep_votes, dem_votes, 0.45, 0.55, -0.05, '0.75')
    FROM wi GROUP BY year ORDER BY year$$,
  $$VALUES (2014, 58::float8, 0.108539, 0.080079, 15::bigint), (2016, 61, 0.178589, 0.137868, 13),
           (2018, 53, 0.151358, 0.125978, 31), (2020, 53, 0.087210, 0.076419, 22)$$,
  'Wisconsin, 0.75 and a 5-point swing toward D: agrees with test/metrics_crosscheck.py');

-- Row order and parallel plans -----------------------------------------------
-- 2,000 plans of 14 districts from a deterministic generator.
CREATE TABLE ens AS
  SELECT p AS plan, d, (1000 + (p * 7919 + d * 104729) % 9000)::bigint AS a,
         (1000 + (p * 6151 + d * 15485863) % 9000)::bigint AS b
  FROM generate_series(1, 2000) p, generate_series(1, 14) d;
ANALYZE ens;
CREATE TABLE serial_result AS
  SELECT plan, canvass.plan_scorecard(a, b) AS s, canvass.efficiency_gap(a, b, 'majority', 0.02, '0.75') AS eg
  FROM ens GROUP BY plan;
-- The scorecard's numbers read back as the very float8 the single-metric
-- aggregates return (its decimals are float8's shortest).
SELECT is((SELECT count(*) FROM (
             SELECT canvass.plan_scorecard(a::float8 / 7, b::float8 / 3, 0.0123, '0.8') AS c,
                    canvass.efficiency_gap(a::float8 / 7, b::float8 / 3, 'majority', 0.0123, '0.8') AS eg,
                    canvass.mean_median(a::float8 / 7, b::float8 / 3, 0.0123, '0.8') AS mm,
                    canvass.declination_scaled(a::float8 / 7, b::float8 / 3, 0.0123, '0.8') AS ds,
                    canvass.lopsided_margin(a::float8 / 7, b::float8 / 3, 0.0123, '0.8') AS lm
             FROM ens GROUP BY plan) x
           WHERE (c->>'efficiency_gap_majority')::float8 IS DISTINCT FROM eg OR (c->>'mean_median')::float8 IS DISTINCT FROM mm
              OR (c->>'declination_scaled')::float8 IS DISTINCT FROM ds OR (c->>'lopsided_margin')::float8 IS DISTINCT FROM lm),
          0::bigint, '2,000 scorecards: every number reads back as the aggregate''s float8, bit for bit');
SELECT is_empty($$SELECT plan, canvass.plan_scorecard(a, b) FROM (SELECT * FROM ens ORDER BY md5(plan::text || d::text)) x GROUP BY plan
                  EXCEPT SELECT plan, s FROM serial_result$$,
                'row order does not change any scorecard');
SELECT pg_temp.force_parallel();
SELECT set_config('enable_hashagg', 'off', true);
SELECT matches(pg_temp.plan_of('SELECT plan, canvass.plan_scorecard(a, b) FROM ens GROUP BY plan'), 'Partial GroupAggregate|Partial HashAggregate',
               'GROUP BY plan: a partial aggregate under forced parallelism');
SELECT is_empty($$SELECT plan, canvass.plan_scorecard(a, b), canvass.efficiency_gap(a, b, 'majority', 0.02, '0.75') FROM ens GROUP BY plan
                  EXCEPT SELECT plan, s, eg FROM serial_result$$,
                'parallel GROUP BY plan gives the serial answers, bit for bit');
SELECT matches(pg_temp.plan_of('SELECT canvass.plan_scorecard(a, b) FROM ens'), 'Partial Aggregate',
               'whole table: Partial Aggregate under forced parallelism');
SELECT is((SELECT canvass.plan_scorecard(a, b) FROM ens), (SELECT s FROM (SELECT canvass.plan_scorecard(a, b) AS s FROM (SELECT a, b FROM ens ORDER BY a, b) o) x),
          'whole table in parallel: the same scorecard as a sorted serial scan');
CREATE TABLE ens_empty (LIKE ens);
SELECT matches(pg_temp.plan_of('SELECT canvass.plan_scorecard(a, b) FROM ens_empty'), 'Partial Aggregate',
               'zero rows: still a Partial Aggregate');
SELECT is((SELECT canvass.plan_scorecard(a, b) FROM ens_empty), NULL, 'zero rows in parallel: NULL');
SELECT is_empty('SELECT plan, canvass.seats(a, b) FROM ens_empty GROUP BY plan', 'zero rows in parallel, GROUP BY: no groups');
SELECT throws_ok($$SELECT canvass.seats(a, b, CASE WHEN plan = 1 THEN 0.0 ELSE 0.01 END) FROM ens$$, '22023',
                 'plan metric options must be the same on every row of a plan', 'differing options across workers: an error');
SELECT pg_temp.forbid_parallel();

-- As window aggregates: over the whole partition, the GROUP BY answer; over a
-- growing frame, each prefix's answer (the state grows between final calls).
SELECT is_empty($$SELECT plan, canvass.plan_scorecard(a, b) OVER (PARTITION BY plan) FROM ens WHERE plan <= 50
                  EXCEPT SELECT plan, s FROM serial_result WHERE plan <= 50$$,
                'OVER (PARTITION BY plan): the GROUP BY scorecard on every row');
SELECT results_eq(
  $$SELECT d, canvass.efficiency_gap(a, b) OVER (ORDER BY d), canvass.seats(a, b) OVER (ORDER BY d) FROM ens WHERE plan = 7 ORDER BY d$$,
  $$SELECT k, (SELECT canvass.efficiency_gap(a, b) FROM ens WHERE plan = 7 AND d <= k), (SELECT canvass.seats(a, b) FROM ens WHERE plan = 7 AND d <= k)
    FROM generate_series(1, 14) k ORDER BY k$$,
  'OVER (ORDER BY district): each running value is that prefix''s aggregate');

-- Large input: one plan of 1,000,000 districts, against plain SQL.
CREATE TABLE big AS SELECT i, (i % 1000)::bigint AS a, ((i * 7) % 997)::bigint AS b FROM generate_series(1, 1000000) i;
SELECT is((SELECT canvass.seats(a, b) FROM big),
          (SELECT (count(*) FILTER (WHERE a > b) + 0.5 * count(*) FILTER (WHERE a = b AND a > 0))::float8 FROM big),
          '1M districts: seats agree with counting in SQL');
SELECT is((SELECT round(canvass.efficiency_gap(a, b, 'simplified')::numeric, 9) FROM big),
          (SELECT round((count(*) FILTER (WHERE a > b) + 0.5 * count(*) FILTER (WHERE a = b AND a > 0))::numeric
                        / count(*) FILTER (WHERE a + b > 0) - 0.5 - 2 * (sum(a)::numeric / sum(a + b) - 0.5), 9) FROM big),
          '1M districts: simplified EG agrees with numeric SQL');

-- Every scorecard key keeps one type whatever the options: the uncontested
-- treatment a string, the substituted share a number or null.
SELECT is((SELECT ARRAY[jsonb_typeof(s->'uncontested_treatment'), s->>'uncontested_treatment', jsonb_typeof(s->'uncontested_share')]
           FROM (SELECT canvass.plan_scorecard(a, b) AS s FROM (VALUES (95, 0), (40, 60)) v(a, b)) x),
          ARRAY['string', 'as_is', 'null'], 'scorecard as_is: treatment "as_is", share null');
SELECT is((SELECT ARRAY[jsonb_typeof(s->'uncontested_treatment'), s->>'uncontested_treatment', jsonb_typeof(s->'uncontested_share'), s->>'uncontested_share']
           FROM (SELECT canvass.plan_scorecard(a, b, 0, '0.75') AS s FROM (VALUES (95, 0), (40, 60)) v(a, b)) x),
          ARRAY['string', 'impute', 'number', '0.75'], 'scorecard imputing 0.75: treatment "impute", share the number 0.75');

SELECT * FROM finish();
ROLLBACK;
