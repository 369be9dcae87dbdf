-- GA-6 demo, part 8: the turnout model's backtest over the voter file's own
-- elections.
--
-- The runoff model (demo/targets.sql) is fitted on one election and predicts
-- the next.  Its 95% intervals cover the chance in who votes given the
-- scores (expected_turnout) and the coefficients' sampling error
-- (turnout_interval); neither says anything about the electorate changing
-- between the two elections, which is what sank the April-sized forecast of
-- the runoff.  Only a backtest shows the size of that error: the same recipe
-- run on every earlier election of the history, predictions against what
-- happened.
--
-- The recipe, for a target election E (number t in date order):
--   fit    logit_fit(voted in E-1 ~ voted in each of the L elections before
--          E-1 + age band in E-1's year), on the voters registered before
--          E-1, with L = min(3, t - 2) (the runoff model has L = 3; an
--          election needs at least one earlier election to fit on and one
--          more for a feature, so the first two elections get no backtest);
--   score  the voters registered before E with the history shifted one
--          election forward (voted in E-1 .. E-L, age band in E's year);
--   check  the sum of the scores, district and precinct, against E's history
--          rows (the synthetic file's counts equal the real ballots cast per
--          precinct for the runoff and 2016; the April special's real total is
--          split over precincts by runoff ballots; 2012 and 2014 are synthetic).
-- For E = the runoff this is exactly the runoff model: the same fit and the
-- same 195,761 expected ballots.
--
-- The scenario toplines (the rule is in demo/scenarios.sql) computed for each
-- backtested election from the elections before it show where each actual
-- turnout fell in the range the rule would have given.
--
-- Everything reads only ga6.election, ga6.voter and ga6.vote_history, so the
-- same SQL runs on any voter file with a long vote history (README, "Backtest").

\echo '== backtest: the turnout model on each earlier election of the history'

-- A million rows scored in one statement: JIT compiling costs more than it
-- saves here (this session only, reset at the end).
SET jit = off;

-- History flags of the `lags` (at most 3) elections before election number
-- t of the calendar, newest first: 1 voted, 0 did not (or was not
-- registered).  A plain expression, so the planner inlines it.
CREATE FUNCTION ga6.history_flags(voted date[], calendar date[], t int, lags int) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((ARRAY[(calendar[t - 1] = ANY (coalesce(voted, '{}')))::int,
               (calendar[t - 2] = ANY (coalesce(voted, '{}')))::int,
               (calendar[t - 3] = ANY (coalesce(voted, '{}')))::int])[1:lags])::float8[];

-- The age band of demo/targets.sql (18-24, 25-34, ..., 75+ as 1..7), at the
-- age reached in the election's year.
CREATE FUNCTION ga6.age_band(birth_year int, election date) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN least(7, greatest(1, width_bucket(extract(year FROM election)::int - birth_year, 25, 75, 5) + 1));

-- One row per voter: history as an array of dates voted.
CREATE TABLE ga6.voter_history AS
SELECT v.voter_id, v.precinct_id, v.registration_date, v.birth_year, h.voted
FROM ga6.voter v
LEFT JOIN (SELECT voter_id, array_agg(election_date ORDER BY election_date) AS voted
           FROM ga6.vote_history GROUP BY voter_id) h USING (voter_id);
ALTER TABLE ga6.voter_history ADD PRIMARY KEY (voter_id);
ANALYZE ga6.voter_history;

-- The elections backtested: each one with a previous election to fit on and
-- at least one more before that for a feature.
CREATE VIEW ga6.backtest_election AS
SELECT c.calendar[t] AS election_date, c.calendar[t - 1] AS fitted_on, least(3, t - 2) AS lags, t, c.calendar
FROM (SELECT array_agg(election_date ORDER BY election_date) AS calendar FROM ga6.election) c,
     generate_series(3, cardinality(c.calendar)) AS t;

-- One model per backtested election, fitted on the election before it.
CREATE TABLE ga6.backtest_model AS
SELECT b.election_date, b.fitted_on, b.lags,
       canvass.logit_fit(b.fitted_on = ANY (coalesce(f.voted, '{}')),
                         ga6.history_flags(f.voted, b.calendar, b.t - 1, b.lags)
                           || ga6.age_band(f.birth_year, b.fitted_on)) AS model
FROM ga6.backtest_election b
JOIN ga6.voter_history f ON f.registration_date < b.fitted_on
GROUP BY b.election_date, b.fitted_on, b.lags;
ALTER TABLE ga6.backtest_model ADD PRIMARY KEY (election_date);

-- Every voter registered before a backtested election, scored for it, with
-- whether the voter did vote in it.
CREATE MATERIALIZED VIEW ga6.backtest_score AS
SELECT b.election_date, f.voter_id, f.precinct_id,
       canvass.logit_score(m.model, ga6.history_flags(f.voted, b.calendar, b.t, b.lags)
                                      || ga6.age_band(f.birth_year, b.election_date)) AS p,
       b.election_date = ANY (coalesce(f.voted, '{}')) AS voted
FROM ga6.backtest_election b
JOIN ga6.backtest_model m USING (election_date)
JOIN ga6.voter_history f ON f.registration_date < b.election_date;
CREATE UNIQUE INDEX ON ga6.backtest_score (election_date, voter_id);

-- By precinct: predicted (sum of scores) against actual (history rows).
CREATE MATERIALIZED VIEW ga6.turnout_backtest_precinct AS
SELECT election_date, precinct_id, count(*) AS eligible,
       sum(p) AS predicted, count(*) FILTER (WHERE voted) AS actual,
       sum(p) - count(*) FILTER (WHERE voted) AS error,
       (sum(p) - count(*) FILTER (WHERE voted)) / nullif(count(*) FILTER (WHERE voted), 0) AS rel_error
FROM ga6.backtest_score
GROUP BY election_date, precinct_id;
CREATE UNIQUE INDEX ON ga6.turnout_backtest_precinct (election_date, precinct_id);

-- Precinct errors with the level taken out: the scores shifted (log-odds)
-- so that their district sum equals the actual turnout, as if the topline
-- had been known.  What is left is the model's error about where the voters
-- are, not how many there are.
CREATE MATERIALIZED VIEW ga6.backtest_level_known AS
WITH d AS (
    SELECT election_date, canvass.logit_shift(p, n_voted) AS shift
    FROM (SELECT election_date, p, count(*) FILTER (WHERE voted) OVER (PARTITION BY election_date) AS n_voted
          FROM ga6.backtest_score) s
    GROUP BY election_date
), p AS (
    SELECT b.election_date, b.precinct_id,
           sum(canvass.shift_score(b.p, d.shift)) - count(*) FILTER (WHERE b.voted) AS error
    FROM ga6.backtest_score b JOIN d USING (election_date)
    GROUP BY b.election_date, b.precinct_id
)
SELECT d.election_date, d.shift, avg(abs(p.error)) AS precinct_mae
FROM d JOIN p USING (election_date)
GROUP BY d.election_date, d.shift;
CREATE UNIQUE INDEX ON ga6.backtest_level_known (election_date);

-- The district: predicted with its 95% intervals (who votes given the
-- scores; and with the coefficients' uncertainty too), actual, errors,
-- whether the wider interval held the actual; precinct errors (mean absolute error, and the worst precinct),
-- also with the level known; the scenario range the rule of
-- demo/scenarios.sql gives for the election from the elections before it,
-- and where the actual fell in it.
CREATE MATERIALIZED VIEW ga6.turnout_backtest AS
WITH d AS (
    SELECT election_date, canvass.expected_turnout(p) AS et, count(*) FILTER (WHERE voted) AS actual
    FROM ga6.backtest_score GROUP BY election_date
), i AS (
    -- the interval with the coefficients' uncertainty (delta method)
    SELECT b.election_date,
           canvass.turnout_interval(m.model, ga6.history_flags(f.voted, b.calendar, b.t, b.lags)
                                               || ga6.age_band(f.birth_year, b.election_date), 0.95) AS ti
    FROM ga6.backtest_election b
    JOIN ga6.backtest_model m USING (election_date)
    JOIN ga6.voter_history f ON f.registration_date < b.election_date
    GROUP BY b.election_date
), p AS (
    SELECT election_date, avg(abs(error)) AS precinct_mae, avg(abs(rel_error)) AS precinct_mape
    FROM ga6.turnout_backtest_precinct GROUP BY election_date
), w AS (
    SELECT DISTINCT ON (election_date) election_date, precinct_id AS worst_precinct,
           predicted AS worst_predicted, actual AS worst_actual, error AS worst_error
    FROM ga6.turnout_backtest_precinct
    ORDER BY election_date, abs(error) DESC, precinct_id
), s AS (
    SELECT election_date,
           max(topline) FILTER (WHERE scenario = 'low')    AS scenario_low,
           max(topline) FILTER (WHERE scenario = 'middle') AS scenario_middle,
           max(topline) FILTER (WHERE scenario = 'high')   AS scenario_high
    FROM ga6.scenario_topline GROUP BY election_date
)
SELECT d.election_date, r.kind, b.fitted_on, b.lags,
       (d.et->>'voters')::bigint AS eligible,
       (d.et->>'expected')::float8 AS predicted,
       (d.et->>'low')::float8 AS low, (d.et->>'high')::float8 AS high,
       d.actual,
       (d.et->>'expected')::float8 - d.actual AS error,
       ((d.et->>'expected')::float8 - d.actual) / d.actual AS rel_error,
       (i.ti->>'low')::float8 AS model_low, (i.ti->>'high')::float8 AS model_high,
       d.actual BETWEEN (i.ti->>'low')::float8 AND (i.ti->>'high')::float8 AS in_interval,
       p.precinct_mae, p.precinct_mape,
       w.worst_precinct, w.worst_predicted, w.worst_actual, w.worst_error,
       l.precinct_mae AS precinct_mae_level_known,
       s.scenario_low, s.scenario_middle, s.scenario_high,
       CASE WHEN d.actual < coalesce(s.scenario_low, s.scenario_middle) THEN 'below low'
            WHEN d.actual > coalesce(s.scenario_high, s.scenario_middle) THEN 'above high'
            WHEN s.scenario_middle IS NULL THEN 'low - high'
            WHEN s.scenario_low IS NULL THEN 'middle'
            WHEN d.actual < s.scenario_middle THEN 'low - middle'
            ELSE 'middle - high' END AS actual_in
FROM d
JOIN i USING (election_date)
JOIN ga6.backtest_election b USING (election_date)
JOIN ga6.election_rate r USING (election_date)
JOIN p USING (election_date)
JOIN w USING (election_date)
JOIN ga6.backtest_level_known l USING (election_date)
LEFT JOIN s USING (election_date);
CREATE UNIQUE INDEX ON ga6.turnout_backtest (election_date);

RESET jit;
