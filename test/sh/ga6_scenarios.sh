#!/usr/bin/env bash
# The GA-6 demo's runoff scenarios and backtest (demo/scenarios.sql,
# demo/backtest.sql), run as `make demo` runs them (demo/ga6.sql, which
# loads and checks the shipped data first), checked against numbers from
# outside the code:
#   - official totals (data/ga6_2017/README.md): 447,826 registered and
#     260,455 ballots in the runoff, 192,569 votes in the April special, and
#     the certified ballots cast per runoff precinct;
#   - DOMAIN notes' rates from the synthetic file: April special 43.0% of the
#     2017 roll, 2014 midterm 55.1% and 2016 general 81.8% of those eligible
#     then, runoff 58.2%;
#   - the demo README's figures before scenarios existed: the model expects
#     195,761 runoff ballots, 95% interval 195,173 - 196,350;
#   - hand computations written next to each check.
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_ga6_scenarios_test
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
out=${TEST_TMP:-/tmp}/ga6_scenarios_demo.out
"${PSQL[@]}" -d "$db" -f demo/ga6.sql >"$out" 2>&1
rc=$?
ok $rc "the whole demo runs (demo/ga6.sql)"
[ $rc -ne 0 ] && tail -20 "$out" | sed 's/^/# /'
# The report as a page and three turf packets, for test/sh/render.sh.
"${PSQL[@]}" -d "$db" -v out="${TEST_TMP:-/tmp}/ga6_report" -f demo/report_html.sql >>"$out" 2>&1
ok $? "the report page and packets are written (demo/report_html.sql)"

q() { "${PSQL[@]}" -d "$db" -c "$1"; }
# qs SQL...: several statements in one session, one -c each (so BEGIN ..
# ROLLBACK holds), every result printed.
qs() { local a=() s; for s in "$@"; do a+=(-c "$s"); done; "${PSQL[@]}" -d "$db" "${a[@]}"; }

# --- The reference rates (DOMAIN notes) and the official totals. --------------
is "$(q "SELECT round(100.0 * (SELECT count(*) FROM ga6.vote_history WHERE election_date = '2017-04-18')
                     / (SELECT count(*) FROM ga6.voter), 1)")" "43.0" \
   "April special: 43.0% of the 2017 roll (DOMAIN)"
is "$(q "SELECT string_agg(election_date || ' ' || round((100 * rate)::numeric, 1), ', ' ORDER BY election_date)
         FROM ga6.election_rate WHERE election_date IN ('2014-11-04', '2016-11-08', '2017-06-20')")" \
   "2014-11-04 55.1, 2016-11-08 81.8, 2017-06-20 58.2" \
   "turnout among those eligible then: 2014 55.1%, 2016 81.8%, runoff 58.2% = 260,455 / 447,826 (DOMAIN)"
is "$(q "SELECT voters || ' ' || eligible FROM ga6.election_rate WHERE election_date = '2017-06-20'")" "260455 447826" \
   "runoff: 260,455 ballots of 447,826 registered (GA SOS, data README)"
is "$(q "SELECT voters FROM ga6.election_rate WHERE election_date = '2017-04-18'")" "192569" \
   "April special: 192,569 votes (GA SOS, data README)"
# The eligible counts of the rule, counted here straight from the roll.
is "$(q "SELECT string_agg(r.eligible::text || '=' || (SELECT count(*) FROM ga6.voter v WHERE v.registration_date < r.election_date), ' ' ORDER BY election_date)
         FROM ga6.election_rate r WHERE election_date >= '2014-01-01'")" \
   "312044=312044 416486=416486 442449=442449 447826=447826" \
   "eligible = voters registered before the election: 312,044 / 416,486 / 442,449 / 447,826"

# --- The runoff's scenarios. ------------------------------------------------
# Toplines by hand, roll 447,826:
#   low    April special: 447,826 x 192,569 / 442,449 = 194,909.26 -> 194,909
#   middle 2014 midterm:  447,826 x 171,990 / 312,044 = 246,829.27 -> 246,829
#   high   2016 general:  447,826 x 340,480 / 416,486 = 366,100.65 -> 366,101
# win number floor(T/2) + 1: 97,455 / 123,415 / 183,051
# 52% goal ceil(0.52 T): 101,352.68 -> 101,353; 128,351.08 -> 128,352; 190,372.52 -> 190,373
is "$(q "SELECT string_agg(scenario || ' ' || reference || ' ' || topline || ' ' || win_number || ' ' || vote_goal, ', ' ORDER BY scenario_no)
         FROM ga6.turnout_scenarios")" \
   "low 2017-04-18 194909 97455 101353, middle 2014-11-04 246829 123415 128352, high 2016-11-08 366101 183051 190373" \
   "scenario toplines, win numbers and 52% goals as computed by hand"
is "$(q "SELECT bool_and(win_number = floor(topline / 2) + 1 AND vote_goal = ceil(topline * 0.52)) FROM ga6.turnout_scenarios")" "t" \
   "win number = floor(T/2) + 1 and goal = ceil(0.52 T) in every scenario"
# The rule reads nothing of the runoff: without its history rows, the same toplines.
is "$(qs "BEGIN" "DELETE FROM ga6.vote_history WHERE election_date = '2017-06-20'" \
         "SELECT string_agg(topline::text, ' ' ORDER BY scenario_no) FROM ga6.scenario_topline WHERE election_date = '2017-06-20'" \
         "ROLLBACK")" "194909 246829 366101" \
   "the runoff's toplines do not change when its vote history is removed (rule fixed before the outcome)"
# Calibrated scores add up to T: the view's sum of shift_score, and the window
# form calibrate() OVER (PARTITION BY scenario) over every voter.
is "$(q "SELECT bool_and(abs(calibrated - topline) < 1e-9 * topline) FROM ga6.turnout_scenarios")" "t" \
   "calibrated scores sum to each topline (1e-9 relative)"
is "$(q "SELECT bool_and(abs(s - topline) < 1e-9 * topline)
         FROM (SELECT scenario, topline, sum(c) AS s
               FROM (SELECT sc.scenario, sc.topline, canvass.calibrate(r.turnout, sc.topline) OVER (PARTITION BY sc.scenario) AS c
                     FROM ga6.turnout_scenarios sc CROSS JOIN ga6.runoff_score r) w
               GROUP BY scenario, topline) t")" "t" \
   "canvass.calibrate() OVER (PARTITION BY scenario) gives the same sums"
# The model expects 195,761 > 194,909, so the low scenario shifts down, the others up.
is "$(q "SELECT string_agg(scenario || ' ' || (sign(shift))::int, ', ' ORDER BY scenario_no) FROM ga6.turnout_scenarios")" \
   "low -1, middle 1, high 1" "the shift is negative below the model's 195,761 and positive above"
# Goals add up exactly: precincts to the district, turfs to their precinct.
is "$(q "SELECT string_agg(scenario || ' ' || w || ' ' || g || ' ' || n, ', ' ORDER BY scenario_no)
         FROM (SELECT scenario_no, scenario, sum(win_number) AS w, sum(vote_goal) AS g, count(*) AS n
               FROM ga6.scenario_precinct_goals GROUP BY scenario_no, scenario) s")" \
   "low 97455 101353 208, middle 123415 128352 208, high 183051 190373 208" \
   "precinct win numbers and goals add up to each scenario's district numbers, over the 208 runoff precincts"
is "$(q "SELECT count(*) FROM ga6.scenario_precinct_goals p
         JOIN (SELECT scenario, precinct_id, sum(vote_goal) AS g FROM ga6.scenario_turf_goals GROUP BY 1, 2) t
           USING (scenario, precinct_id)
         WHERE t.g <> p.vote_goal")" "0" "turf goals add up to their precinct's goal in every scenario"
is "$(q "SELECT count(DISTINCT scenario) || ' ' || count(*) FROM ga6.scenario_turf_goals")" "3 13962" \
   "every one of the 4,654 turfs has a goal in each of the 3 scenarios"
# Goals grow with the topline in every precinct.
is "$(q "SELECT count(*) FROM (SELECT precinct_id, array_agg(vote_goal ORDER BY scenario_no) AS g
                              FROM ga6.scenario_precinct_goals GROUP BY precinct_id) s
         WHERE NOT (g[1] <= g[2] AND g[2] <= g[3])")" "0" "each precinct's goal is low <= middle <= high"

# --- Intervals: the model's own, with the coefficients' uncertainty. --------
is "$(q "SELECT round(expected) || ' ' || round(low) || ' ' || round(high) FROM ga6.district_plan")" "195761 195173 196350" \
   "the model expects 195,761 runoff ballots, 95% interval 195,173 - 196,350 (README before the scenarios)"
is "$(q "SELECT bool_and(model_low < low AND model_high > high) FROM
         (SELECT model_low, low, model_high, high FROM ga6.district_plan
          UNION ALL SELECT model_low, low, model_high, high FROM ga6.turnout_scenarios
          UNION ALL SELECT model_low, low, model_high, high FROM ga6.turnout_backtest) s")" "t" \
   "the interval with the coefficients' uncertainty holds the who-votes interval, everywhere"

# --- The backtest. ----------------------------------------------------------
# Elections with one to fit on and one more for a feature: 2016, April, runoff.
is "$(q "SELECT string_agg(election_date || ' ' || fitted_on || ' ' || lags, ', ' ORDER BY election_date) FROM ga6.turnout_backtest")" \
   "2016-11-08 2014-11-04 1, 2017-04-18 2016-11-08 2, 2017-06-20 2017-04-18 3" \
   "backtested: 2016 (1 lag), April 2017 (2 lags), the runoff (3 lags, the runoff model's recipe)"
is "$(q "SELECT (b.model->'coefficients') = (t.model->'coefficients') FROM ga6.backtest_model b, ga6.turnout_model t
         WHERE b.election_date = '2017-06-20'")" "t" "the runoff's backtest model is the demo's runoff model, coefficient for coefficient"
# Runoff: predicted 195,761.49 - actual 260,455 = -64,693.51; / 260,455 = -24.8%.
is "$(q "SELECT round(predicted) || ' ' || actual || ' ' || round(error) || ' ' || round((100 * rel_error)::numeric, 1) || ' ' || in_interval || ' ' || actual_in
         FROM ga6.turnout_backtest WHERE election_date = '2017-06-20'")" \
   "195761 260455 -64694 -24.8 false middle - high" \
   "runoff backtest: 195,761 predicted, 260,455 actual, -64,694 (-24.8%), outside the interval, between middle and high"
is "$(q "SELECT count(*) FILTER (WHERE NOT in_interval) FROM ga6.turnout_backtest")" "3" \
   "no backtest's actual lies in even the wider 95% interval: the electorate changed every time"
is "$(q "SELECT string_agg(actual::text, ' ' ORDER BY election_date) FROM ga6.turnout_backtest WHERE election_date > '2017-01-01'")" \
   "192569 260455" "actuals: 192,569 in April and 260,455 in the runoff (official totals)"
# Scenarios for the earlier elections, from the elections before them, by hand:
#   2016 (roll 416,486): low 2014 midterm 416,486 x 171,990 / 312,044 = 229,556.4 -> 229,556;
#        high 2012 general 416,486 x 182,105 / 244,441 = 310,275.8 -> 310,276; actual 340,480 above;
#   April (roll 442,449): low 2014: 442,449 x 171,990 / 312,044 = 243,865.6 -> 243,866;
#        high 2016: 442,449 x 340,480 / 416,486 = 361,705.3 -> 361,705; actual 192,569 below.
is "$(q "SELECT string_agg(coalesce(scenario_low, 0) || ' ' || coalesce(scenario_middle, 0) || ' ' || coalesce(scenario_high, 0) || ' ' || actual_in, ', ' ORDER BY election_date)
         FROM ga6.turnout_backtest")" \
   "229556 0 310276 above high, 243866 0 361705 below low, 194909 246829 366101 middle - high" \
   "the scenario range of each backtested election and where its actual fell"
# Precincts: the runoff's actual turnout per precinct is the certified ballots cast.
is "$(q "SELECT count(*) || ' ' || count(*) FILTER (WHERE b.actual = t.ballots_cast)
         FROM ga6.turnout_backtest_precinct b
         JOIN ga6.precinct p USING (precinct_id)
         JOIN ga6.precinct_turnout t ON t.election_date = b.election_date AND t.county = p.county AND t.precinct = p.precinct_2017
         WHERE b.election_date = '2017-06-20'")" "208 208" \
   "runoff backtest by precinct: actual = certified ballots cast in all 208 precincts"
is "$(q "SELECT bool_and(abs(d.predicted - p.s) < 1e-6 AND d.actual = p.a)
         FROM ga6.turnout_backtest d
         JOIN (SELECT election_date, sum(predicted) AS s, sum(actual) AS a FROM ga6.turnout_backtest_precinct GROUP BY 1) p
           USING (election_date)")" "t" "precinct predictions and actuals add up to the district's"
# MAE recomputed from the precinct rows; the worst precinct has the largest |error|.
is "$(q "SELECT bool_and(abs(b.precinct_mae - p.mae) < 1e-9 AND abs(b.worst_error) = p.worst)
         FROM ga6.turnout_backtest b
         JOIN (SELECT election_date, avg(abs(predicted - actual)) AS mae, max(abs(predicted - actual)) AS worst
               FROM ga6.turnout_backtest_precinct GROUP BY 1) p USING (election_date)")" "t" \
   "precinct MAE and worst precinct match the precinct rows"
# With the level known (scores calibrated to the actual total) the precinct
# sums add up to the actual, and the precinct error is smaller.
is "$(q "SELECT bool_and(abs(s - a) < 1e-9 * a) FROM (
           SELECT election_date, sum(c) AS s, count(*) FILTER (WHERE voted) AS a
           FROM (SELECT election_date, voted, canvass.calibrate(p, n) OVER (PARTITION BY election_date) AS c
                 FROM (SELECT *, count(*) FILTER (WHERE voted) OVER (PARTITION BY election_date) AS n
                       FROM ga6.backtest_score) x) y
           GROUP BY election_date) z")" "t" "scores calibrated to each actual total sum to it"
is "$(q "SELECT bool_and(precinct_mae_level_known < precinct_mae / 2) FROM ga6.turnout_backtest")" "t" \
   "knowing the level at least halves the precinct error in every backtest"

# --- The README's recipes (Scenarios, Backtest), run as written on the demo's
# tables seen through views of the names they use; the last SELECT of each
# is kept as a table (scenario_precinct, backtest_result) to be read here.
# They must give the demo's numbers.
"${PSQL[@]}" -d "$db" >/dev/null 2>&1 <<'SQL'
CREATE SCHEMA recipe;
CREATE VIEW recipe.voter AS SELECT voter_id, precinct_id AS precinct, registration_date, birth_year FROM ga6.voter;
CREATE VIEW recipe.vote_history AS SELECT voter_id, election_date FROM ga6.vote_history;
CREATE VIEW recipe.election AS SELECT election_date, election_type FROM ga6.election;
CREATE VIEW recipe.turnout_scores AS SELECT voter_id, turnout FROM ga6.runoff_score;
SET search_path = recipe, public;
SET jit = off;
-- 1. Each election's turnout among the voters on today's file registered for it.
CREATE VIEW election_rate AS
SELECT e.election_date,
       CASE WHEN e.election_type = 'general' AND extract(year FROM e.election_date)::int % 4 = 0
            THEN 'presidential'
            WHEN e.election_type = 'general' THEN 'midterm'
            ELSE e.election_type END AS kind,
       (SELECT count(*) FROM voter v WHERE v.registration_date < e.election_date) AS eligible,
       (SELECT count(*) FROM vote_history h WHERE h.election_date = e.election_date) AS voters
FROM election e;

-- 2. The rule: the last election of each reference kind before the target, its
--    rate times today's roll; low, middle, high by rate.
CREATE TABLE scenario AS
WITH ref AS (
    SELECT DISTINCT ON (kind) kind, election_date, voters, eligible
    FROM election_rate
    WHERE kind IN ('special', 'midterm', 'presidential') AND election_date < '2017-06-20'
    ORDER BY kind, election_date DESC
)
SELECT (ARRAY['low', 'middle', 'high'])[row_number() OVER (ORDER BY voters::float8 / eligible)] AS scenario,
       kind, election_date AS reference,
       round(voters::numeric * (SELECT count(*) FROM voter) / eligible)::bigint AS topline
FROM ref;

-- 3. Each scenario: the log-odds shift that calibrates the scores, the win number
--    and the 52% goal.
CREATE TABLE scenario_goal AS
SELECT s.scenario, s.topline, canvass.logit_shift(t.turnout, s.topline) AS shift,
       canvass.win_number(s.topline) AS win_number, canvass.vote_goal(s.topline) AS vote_goal
FROM scenario s CROSS JOIN turnout_scores t
GROUP BY s.scenario, s.topline;

-- 4. Goals by precinct under each scenario: they add up to the district's.
CREATE TABLE scenario_precinct AS
SELECT g.scenario, p.precinct, p.expected,
       canvass.apportion(g.win_number, p.expected) OVER w AS win_number,
       canvass.apportion(g.vote_goal, p.expected) OVER w AS vote_goal
FROM scenario_goal g
CROSS JOIN LATERAL (SELECT v.precinct, sum(canvass.shift_score(t.turnout, g.shift)) AS expected
                    FROM turnout_scores t JOIN voter v USING (voter_id)
                    GROUP BY v.precinct) p
WINDOW w AS (PARTITION BY g.scenario ORDER BY p.precinct);
-- The flags of the `lags` (at most 3) elections before election number t, newest first.
CREATE FUNCTION history_flags(voted date[], calendar date[], t int, lags int) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((ARRAY[(calendar[t - 1] = ANY (coalesce(voted, '{}')))::int,
               (calendar[t - 2] = ANY (coalesce(voted, '{}')))::int,
               (calendar[t - 3] = ANY (coalesce(voted, '{}')))::int])[1:lags])::float8[];
-- Age bands 18-24, 25-34, ..., 75+ as 1..7, in the election's year.
CREATE FUNCTION age_band(birth_year int, election date) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN least(7, greatest(1, width_bucket(extract(year FROM election)::int - birth_year, 25, 75, 5) + 1));

CREATE TABLE voter_history AS
SELECT v.voter_id, v.precinct, v.registration_date, v.birth_year, h.voted
FROM voter v
LEFT JOIN (SELECT voter_id, array_agg(election_date) AS voted
           FROM vote_history GROUP BY voter_id) h USING (voter_id);

-- Every election with one before it to fit on and one more for a feature.
CREATE VIEW backtest_election AS
SELECT c.calendar[t] AS election_date, c.calendar[t - 1] AS fitted_on, least(3, t - 2) AS lags, t, c.calendar
FROM (SELECT array_agg(election_date ORDER BY election_date) AS calendar FROM election) c,
     generate_series(3, cardinality(c.calendar)) AS t;

CREATE TABLE backtest_model AS
SELECT b.election_date, canvass.logit_fit(b.fitted_on = ANY (coalesce(f.voted, '{}')),
           history_flags(f.voted, b.calendar, b.t - 1, b.lags) || age_band(f.birth_year, b.fitted_on)) AS model
FROM backtest_election b JOIN voter_history f ON f.registration_date < b.fitted_on
GROUP BY b.election_date;

CREATE TABLE backtest_score AS
SELECT b.election_date, f.precinct, b.election_date = ANY (coalesce(f.voted, '{}')) AS voted,
       canvass.logit_score(m.model, history_flags(f.voted, b.calendar, b.t, b.lags)
                                      || age_band(f.birth_year, b.election_date)) AS p
FROM backtest_election b
JOIN backtest_model m USING (election_date)
JOIN voter_history f ON f.registration_date < b.election_date;

-- District: predicted, its 95% interval, actual, error; precincts: mean absolute error.
CREATE TABLE backtest_result AS
SELECT d.election_date, round((d.et->>'expected')::numeric) AS predicted,
       round((d.et->>'low')::numeric) || ' - ' || round((d.et->>'high')::numeric) AS interval_95,
       d.actual, round(((d.et->>'expected')::numeric - d.actual) / d.actual * 100, 1) AS error_pct,
       round(p.mae) AS precinct_mae
FROM (SELECT election_date, canvass.expected_turnout(p) AS et, count(*) FILTER (WHERE voted) AS actual
      FROM backtest_score GROUP BY election_date) d
JOIN (SELECT election_date, avg(abs(predicted - actual)) AS mae
      FROM (SELECT election_date, precinct, sum(p) AS predicted, count(*) FILTER (WHERE voted) AS actual
            FROM backtest_score GROUP BY election_date, precinct) s
      GROUP BY election_date) p USING (election_date)
ORDER BY d.election_date;
SQL
is "$(q "SELECT string_agg(scenario || ' ' || topline || ' ' || round(shift::numeric, 4) || ' ' || win_number || ' ' || vote_goal, ', ' ORDER BY topline) FROM recipe.scenario_goal")" \
   "low 194909 -0.0094 97455 101353, middle 246829 0.5619 123415 128352, high 366101 2.1103 183051 190373" \
   "README Scenarios recipe: the table README shows (the hand-computed toplines and goals)"
is "$(q "SELECT count(*) FROM recipe.scenario_precinct r JOIN ga6.scenario_precinct_goals g
           ON g.scenario = r.scenario AND g.precinct_id = r.precinct
         WHERE r.vote_goal = g.vote_goal AND r.win_number = g.win_number")" "624" \
   "README Scenarios recipe: the demo's goals in all 208 precincts x 3 scenarios"
is "$(q "SELECT string_agg(election_date || ' ' || predicted || ' ' || interval_95 || ' ' || actual || ' ' || error_pct || ' ' || precinct_mae, ', ' ORDER BY election_date) FROM recipe.backtest_result")" \
   "2016-11-08 207456 206869 - 208043 340480 -39.1 640, 2017-04-18 392763 392378 - 393148 192569 104.0 962, 2017-06-20 195761 195173 - 196350 260455 -24.8 316" \
   "README Backtest recipe: the table README shows"

# --- The nightly refresh covers the scenario views. --------------------------
"${PSQL[@]}" -d "$db" -c "CALL ga6.refresh_targets()" >/dev/null 2>&1
ok $? "CALL ga6.refresh_targets() refreshes every materialized view concurrently"
# A precinct's voters gone from the scores: after the refresh the scenarios
# know 207 precincts and the model expects fewer voters; the toplines stay.
is "$(qs "BEGIN" "DELETE FROM ga6.voter_features WHERE precinct_id = '121RW09'" "CALL ga6.refresh_targets()" \
         "SELECT count(DISTINCT precinct_id) || ' ' || bool_and(p.expected > 0) FROM ga6.scenario_precinct_goals p" \
         "SELECT bool_and(model_expected < 195761) || ' ' || string_agg(topline::text, ' ' ORDER BY scenario_no) FROM ga6.turnout_scenarios" \
         "ROLLBACK" | paste -sd' ')" \
   "207 true true 194909 246829 366101" "the refresh recomputes the scenario goals from the refreshed scores"

"${PSQL[@]}" -d postgres -c "DROP DATABASE $db"
done_testing
