-- GA-6 demo, part 6: the runoff plan the organisers needed after April 18.
--
-- From the synthetic voter file (ga6.voter, ga6.vote_history, ga6.household):
-- a turnout model fitted on history, a runoff turnout score for every voter,
-- expected runoff turnout by precinct and for the district with its interval,
-- the win number and a 52% vote goal, the goal by precinct and by turf (goals
-- that add up, by canvass.apportion), universes by precinct, and the expected
-- net votes of the door-knocking capacity.  Written as views a dashboard reads
-- and materialized views a nightly job refreshes (ga6.refresh_targets(), in
-- demo/scenarios.sql, which also plans for low, middle and high toplines).
--
-- The model: "voted in the April 18 special" on the three elections before
-- it and an age band, fitted on the voters registered before April 18; the
-- runoff score shifts the history one election forward (April special, 2016,
-- 2014).  The synthetic file also holds who voted in the runoff, so the plan
-- is checked against it at the end (holdout AUC, expected against actual).

\echo '== targets: runoff turnout model, goals, universes'

-- ---------------------------------------------------------------------------
-- Features: one row per voter, history flags and an age band (2017 ages,
-- 18-24, 25-34, ..., 75+ as 1..7).
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.voter_features AS
SELECT v.voter_id, v.precinct_id, v.registration_date, v.party_support,
       h.voted,
       least(7, greatest(1, width_bucket(2017 - v.birth_year, 25, 75, 5) + 1)) AS age_band
FROM ga6.voter v
LEFT JOIN (SELECT voter_id, array_agg(election_date) AS voted
           FROM ga6.vote_history GROUP BY voter_id) h USING (voter_id);
ALTER TABLE ga6.voter_features ADD PRIMARY KEY (voter_id);

-- The fitted model, kept as a row so the dashboard can show it.
CREATE TABLE ga6.turnout_model AS
SELECT 'voted 2017-04-18 ~ voted 2016-11-08 + voted 2014-11-04 + voted 2012-11-06 + age band'::text AS formula,
       canvass.logit_fit('2017-04-18' = ANY (coalesce(voted, '{}')),
                         ARRAY[('2016-11-08' = ANY (coalesce(voted, '{}')))::int,
                               ('2014-11-04' = ANY (coalesce(voted, '{}')))::int,
                               ('2012-11-06' = ANY (coalesce(voted, '{}')))::int,
                               age_band]::float8[]) AS model
FROM ga6.voter_features
WHERE registration_date < '2017-04-18';

-- ---------------------------------------------------------------------------
-- Per-voter runoff scores (the history shifted one election forward), the
-- documented propensity score beside it, universe and net votes per contact.
-- ---------------------------------------------------------------------------
CREATE MATERIALIZED VIEW ga6.runoff_score AS
SELECT f.voter_id, f.precinct_id, f.party_support AS support,
       canvass.logit_score(m.model, f.x) AS turnout,
       canvass.propensity(f.voted, f.registration_date,
                          '{2012-11-06,2014-11-04,2016-11-08,2017-04-18}',
                          '{general,general,general,special}', 'special') AS propensity,
       f.x   -- the model's features, for canvass.turnout_interval (demo/scenarios.sql)
FROM (SELECT voter_id, precinct_id, party_support, voted, registration_date,
             ARRAY[('2017-04-18' = ANY (coalesce(voted, '{}')))::int,
                   ('2016-11-08' = ANY (coalesce(voted, '{}')))::int,
                   ('2014-11-04' = ANY (coalesce(voted, '{}')))::int,
                   age_band]::float8[] AS x
      FROM ga6.voter_features) f, ga6.turnout_model m;
CREATE UNIQUE INDEX ON ga6.runoff_score (voter_id);

-- Turfs come from demo/turf.sql (canvass.turf and canvass.walk_order):
-- ga6.household_turf gives each household its turf.

-- ---------------------------------------------------------------------------
-- Expected runoff turnout by precinct (with its 95% interval) and goals.
-- ---------------------------------------------------------------------------
CREATE MATERIALIZED VIEW ga6.precinct_plan AS
WITH e AS (
    SELECT precinct_id, canvass.expected_turnout(turnout) AS et,
           count(*) FILTER (WHERE canvass.universe(support, turnout) = 'base')       AS base,
           count(*) FILTER (WHERE canvass.universe(support, turnout) = 'gotv')       AS gotv,
           count(*) FILTER (WHERE canvass.universe(support, turnout) = 'persuasion') AS persuasion,
           count(*) FILTER (WHERE canvass.universe(support, turnout) = 'opposition') AS opposition,
           count(*) FILTER (WHERE canvass.universe(support, turnout) = 'none')       AS "none"
    FROM ga6.runoff_score GROUP BY precinct_id
), d AS (
    SELECT canvass.win_number(sum((et->>'expected')::float8)) AS win,
           canvass.vote_goal(sum((et->>'expected')::float8), 0.52) AS goal
    FROM e
)
SELECT e.precinct_id, (e.et->>'voters')::int AS voters,
       (e.et->>'expected')::float8 AS expected, (e.et->>'low')::float8 AS low, (e.et->>'high')::float8 AS high,
       canvass.apportion(d.win, (e.et->>'expected')::float8) OVER (ORDER BY e.precinct_id COLLATE "C") AS win_number,
       canvass.apportion(d.goal, (e.et->>'expected')::float8) OVER (ORDER BY e.precinct_id COLLATE "C") AS vote_goal,
       e.base, e.gotv, e.persuasion, e.opposition, e."none"
FROM e, d;
CREATE UNIQUE INDEX ON ga6.precinct_plan (precinct_id);

-- The district: expected voters with the 95% interval of who votes given the
-- scores (expected_turnout), the wider one that adds the coefficients'
-- uncertainty (turnout_interval), win number and 52% goal.
CREATE VIEW ga6.district_plan AS
SELECT et->>'voters' AS voters, (et->>'expected')::float8 AS expected,
       (et->>'low')::float8 AS low, (et->>'high')::float8 AS high,
       (ti->>'sd_bernoulli')::float8 AS sd_bernoulli, (ti->>'sd_model')::float8 AS sd_model,
       (ti->>'low')::float8 AS model_low, (ti->>'high')::float8 AS model_high,
       canvass.win_number((et->>'expected')::float8) AS win_number,
       canvass.vote_goal((et->>'expected')::float8, 0.52) AS vote_goal
FROM (SELECT canvass.expected_turnout(turnout) AS et,
             canvass.turnout_interval((SELECT model FROM ga6.turnout_model), x, 0.95) AS ti
      FROM ga6.runoff_score) s;

-- Each precinct's goal split over its turfs by expected votes: adds up exactly.
CREATE MATERIALIZED VIEW ga6.turf_plan AS
WITH t AS (
    SELECT dt.precinct_id, dt.turf_id, count(DISTINCT dt.household_id) AS doors,
           sum(s.turnout) AS expected, sum(canvass.net_votes(s.support, s.turnout)) AS net_per_contact
    FROM ga6.household_turf dt
    JOIN ga6.voter v USING (household_id)
    JOIN ga6.runoff_score s USING (voter_id)
    GROUP BY dt.precinct_id, dt.turf_id
)
SELECT t.precinct_id, t.turf_id, t.doors, t.expected, t.net_per_contact,
       canvass.apportion(p.vote_goal, t.expected) OVER (PARTITION BY t.precinct_id ORDER BY t.turf_id) AS vote_goal
FROM t JOIN ga6.precinct_plan p USING (precinct_id);
CREATE UNIQUE INDEX ON ga6.turf_plan (turf_id);

-- The nightly job that refreshes these materialized views, and those of the
-- scenarios, is ga6.refresh_targets() (demo/scenarios.sql).

-- ---------------------------------------------------------------------------
-- The report.
-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' Runoff plan: turnout model (synthetic voter file)'
\echo '================================================================'
SELECT formula, model->'coefficients' AS "coefficients (intercept first)",
       model->'std_errors' AS "standard errors", model->'converged' AS converged,
       model->'n'->'rows' AS voters, model->'n'->'patterns' AS patterns
FROM ga6.turnout_model;

\echo 'Check against the runoff itself: AUC of the score on who voted, expected against actual.'
WITH s AS (
    SELECT '2017-06-20' = ANY (coalesce(f.voted, '{}')) AS y, r.turnout AS p
    FROM ga6.runoff_score r JOIN ga6.voter_features f USING (voter_id)),
r AS (SELECT y, rank() OVER (ORDER BY p) + (count(*) OVER (PARTITION BY p) - 1) / 2.0 AS rk FROM s)
SELECT round((sum(rk) FILTER (WHERE y) - count(*) FILTER (WHERE y) * (count(*) FILTER (WHERE y) + 1) / 2.0)
             / (count(*) FILTER (WHERE y) * count(*) FILTER (WHERE NOT y)), 3) AS "AUC",
       to_char((SELECT expected FROM ga6.district_plan), 'FM999,999') AS "expected ballots",
       to_char(count(*) FILTER (WHERE y), 'FM999,999') AS "actual ballots (synthetic = real 260,455)"
FROM r;
\echo 'The score ranks voters well, but a model of April''s turnout (192,569 ballots) expects an'
\echo 'April-sized runoff: the real runoff drew 260,455. The intervals below are the chance in who'
\echo 'votes given the scores (and, wider, the coefficients'' sampling error), not a change of'
\echo 'electorate; the scenarios and the backtest below deal with that.'

\echo
\echo 'District: expected runoff turnout, 95% interval, win number, 52% goal'
SELECT to_char(expected, 'FM999,999') AS expected,
       to_char(low, 'FM999,999') || ' - ' || to_char(high, 'FM999,999') AS "95% interval",
       to_char(model_low, 'FM999,999') || ' - ' || to_char(model_high, 'FM999,999') AS "with the coefficients' uncertainty",
       to_char(win_number, 'FM999,999') AS "win number", to_char(vote_goal, 'FM999,999') AS "52% goal"
FROM ga6.district_plan;

\echo
\echo 'Goals add up: precinct goals and turf goals by apportion, against rounding up per precinct'
SELECT to_char(sum(win_number), 'FM999,999') AS "precinct win numbers",
       to_char(sum(vote_goal), 'FM999,999') AS "precinct 52% goals",
       to_char(sum(canvass.vote_goal(expected, 0.52)), 'FM999,999') AS "52% goals rounded up per precinct",
       (SELECT to_char(sum(vote_goal), 'FM999,999') FROM ga6.turf_plan) AS "turf goals",
       (SELECT count(*) FROM ga6.turf_plan) AS turfs
FROM ga6.precinct_plan;

\echo
\echo 'Universes by precinct (the ten with the most GOTV targets)'
SELECT precinct_id, voters, round(expected) AS expected, vote_goal, base, gotv, persuasion, opposition, "none"
FROM ga6.precinct_plan ORDER BY gotv DESC, precinct_id LIMIT 10;

\echo
\echo 'Door knocking: 2,000 volunteer shifts of 50 doors on the best doors (net votes per contact,'
\echo 'lift 0.071 per contact); multiply by the share of doors that answer.'
WITH doors AS (
    SELECT v.household_id, sum(canvass.net_votes(s.support, s.turnout)) AS net
    FROM ga6.voter v JOIN ga6.runoff_score s USING (voter_id)
    GROUP BY v.household_id
), best AS (
    SELECT net FROM doors ORDER BY net DESC, household_id LIMIT 2000 * 50
)
SELECT to_char(count(*), 'FM999,999') AS doors, round(sum(net)::numeric) AS "net votes if every door answers",
       round((sum(net) / count(*))::numeric, 4) AS "per door"
FROM best;
