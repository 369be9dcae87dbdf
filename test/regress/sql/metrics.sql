-- Plan metrics: exact outputs and every error's message, detail and hint.
-- Positive favours A, the first argument.

-- GerryChain's test plan, A first (GerryChain reports 0.3, 0.15 and 0.1
-- for B, its first party): EG -0.3, mean-median -0.15, partisan bias -0.1.
-- By hand: seats 2 (95 and 75); V = 300/500 = .6; declination:
-- a = .85, b = 13/30, theta = atan(.2222), gamma = atan(1.75),
-- 2 (0.218669 - 1.051650)/pi = -0.530292, scaled by ln(5)/2:
-- -0.426736; lopsided (1 - 13/30) - .85 =
-- -0.283333; majority EG: (-39 - 31 + 1 - 41 - 41)/500 = -0.302.
CREATE TABLE gerrychain (a bigint, b bigint);
INSERT INTO gerrychain VALUES (95, 5), (40, 60), (75, 25), (45, 55), (45, 55);
SELECT key, round(value::numeric, 6) AS value
FROM (SELECT canvass.plan_scorecard(a, b) AS s FROM gerrychain) x, jsonb_each_text(x.s)
WHERE key NOT IN ('uncontested_treatment', 'uncontested_share')
ORDER BY key;

SELECT canvass.seats(a, b) AS seats,
       round(canvass.efficiency_gap(a, b)::numeric, 6) AS eg_half,
       round(canvass.efficiency_gap(a, b, 'majority')::numeric, 6) AS eg_majority,
       round(canvass.efficiency_gap(a, b, 'simplified')::numeric, 6) AS eg_simplified,
       round(canvass.mean_median(a, b)::numeric, 6) AS mean_median,
       round(canvass.partisan_bias(a, b)::numeric, 6) AS partisan_bias,
       canvass.competitive_count(a, b, 0.40, 0.60) AS competitive
FROM gerrychain;

-- An ensemble of plans, one row per district: GROUP BY plan.
SELECT plan, canvass.seats(a, b), round(canvass.efficiency_gap(a, b)::numeric, 4) AS eg
FROM (VALUES (1, 60::bigint, 40::bigint), (1, 30, 70), (2, 55, 45), (2, 55, 45), (3, 50, 50)) v(plan, a, b)
GROUP BY plan ORDER BY plan;

-- Errors.
SELECT canvass.seats(-1::bigint, 5::bigint);
SELECT canvass.seats('NaN'::float8, 5::float8);
SELECT canvass.seats(9007199254740993::bigint, 1::bigint);
SELECT canvass.seats(a, b, 1.5) FROM gerrychain;
SELECT canvass.seats(a, b, NULL) FROM gerrychain;
SELECT canvass.seats(a, b, 0, '0.4') FROM gerrychain;
SELECT canvass.seats(a, b, 0, '75%') FROM gerrychain;
SELECT canvass.efficiency_gap(a, b, 'wasted') FROM gerrychain;
SELECT canvass.competitive_count(a, b, 0.55, 0.45) FROM gerrychain;
SELECT canvass.seats(a, b, s) FROM (VALUES (1::bigint, 2::bigint, 0.0::float8), (2, 1, 0.1)) v(a, b, s);

DROP TABLE gerrychain;
