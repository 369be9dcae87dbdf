--
-- turnout targets: exact outputs, including each error's message, detail
-- and hint.  Expected values: hand computations in the comments and
-- DOMAIN.md section 3.
--
\set VERBOSITY default

-- logit_fit on a 2x2 table: x = 0: 3 of 10 voted, x = 1: 7 of 10.
-- Intercept log(3/7) = -0.8472978604, slope 2 log(7/3) = 1.6945957208;
-- Woolf's SEs sqrt(1/3 + 1/7) = 0.6900655593 and sqrt(2/3 + 2/7) = 0.9759000729.
CREATE TEMP TABLE t22 AS
SELECT x, y FROM (VALUES (0, true, 3), (0, false, 7), (1, true, 7), (1, false, 3)) v(x, y, n),
     generate_series(1, n);
SELECT round((m->'coefficients'->>0)::numeric, 10) AS b0, round((m->'coefficients'->>1)::numeric, 10) AS b1,
       round((m->'std_errors'->>0)::numeric, 10) AS se0, round((m->'std_errors'->>1)::numeric, 10) AS se1,
       m->'n' AS n, m->'converged' AS converged
FROM (SELECT canvass.logit_fit(y, ARRAY[x]::float8[]) AS m FROM t22) f;
-- the same table compressed by hand: counts as weights
SELECT round((m->'coefficients'->>1)::numeric, 10) AS b1, m->'n' AS n
FROM (SELECT canvass.logit_fit(y, ARRAY[x]::float8[], n) AS m
      FROM (VALUES (0, true, 3), (0, false, 7), (1, true, 7), (1, false, 3)) v(x, y, n)) f;
-- score at x = 1: 7/10
SELECT round(canvass.logit_score(canvass.logit_fit(y, ARRAY[x]::float8[]), ARRAY[1])::numeric, 12) AS p1 FROM t22;

-- Errors.
SELECT canvass.logit_fit(y, ARRAY[x, 2 * x]::float8[]) FROM t22;
SELECT canvass.logit_fit(x = 1, ARRAY[x]::float8[]) FROM t22;
SELECT canvass.logit_fit(true, ARRAY[x]::float8[]) FROM t22;
SELECT canvass.logit_fit(y, CASE WHEN x = 0 THEN ARRAY[1, 2] ELSE ARRAY[1] END::float8[]) FROM t22;
SELECT canvass.logit_fit(y, ARRAY[x, 'NaN']::float8[]) FROM t22;
SELECT canvass.logit_fit(y, ARRAY[x]::float8[], -1) FROM t22;
SELECT canvass.logit_fit(y, ARRAY[x, NULL]::float8[]) FROM t22;
SELECT canvass.logit_score('{"coefficient": [1]}', ARRAY[1]);
SELECT canvass.logit_score('{"coefficients": [1, 2]}', ARRAY[1, 2]);

-- DOMAIN.md's six precincts: worksheet rounding against the district.
SELECT precinct, reg, rate, ceil(reg * rate) AS expected,
       ceil(ceil(reg * rate) / 2 + 1) AS win_rounded_up,
       canvass.vote_goal(ceil(reg * rate)) AS goal_rounded_up
FROM unnest(ARRAY[1, 2, 3, 4, 5, 6], ARRAY[740, 446, 463, 599, 686, 1002],
            ARRAY[.32, .55, .51, .43, .42, .48]) u(precinct, reg, rate)
ORDER BY precinct;
SELECT canvass.win_number(1748) AS win, canvass.vote_goal(1748) AS goal,
       canvass.apportion(875, ARRAY[237, 246, 237, 258, 289, 481]) AS win_by_precinct,
       canvass.apportion(909, ARRAY[237, 246, 237, 258, 289, 481]) AS goal_by_precinct;

SELECT canvass.expected_turnout(p) FROM (VALUES (0.5), (0.25), (1.0)) v(p);
SELECT canvass.expected_turnout(62);
SELECT canvass.win_number(1000, 'top_k', 2) AS top_two, canvass.win_number(1000, 'threshold', threshold => 0.30) AS nc_30;
SELECT canvass.win_number(1000, 'threshold', threshold => 30);
SELECT canvass.win_number(1000, 'runoff');
SELECT canvass.vote_goal(1000, 52);
SELECT canvass.universe(s, t) AS universe, s, t
FROM (VALUES (0.9, 0.9), (0.9, 0.4), (0.5, 0.8), (0.5, 0.3), (0.1, 0.9)) v(s, t);
SELECT canvass.universe(72, 0.5);
SELECT round(canvass.net_votes(0.8, 0.5, 1.0 / 14)::numeric, 6) AS net, round((1 / canvass.net_votes(0.8, 0.5, 1.0 / 14))::numeric, 2) AS contacts_per_net_vote;
SELECT canvass.propensity('{}', NULL, '{2016-11-08,2016-11-08}', '{general,general}');
SELECT canvass.propensity('{}', NULL, '{2016-11-08}', '{general,primary}');
