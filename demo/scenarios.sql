-- GA-6 demo, part 7: turnout scenarios for the runoff, and the goals under each.
--
-- The model of demo/targets.sql expects an April-sized runoff (195,761
-- ballots, 95% interval 195,173 - 196,350); the runoff drew 260,455.  Its
-- interval covers the chance in who votes given the scores, not a change of
-- electorate between the April special and the runoff, and nothing in the
-- history of one district can pin that change down.  So the plan is made for
-- a range of toplines, each with its own win number, vote goal and goals by
-- precinct and turf, and the model is kept for what it does well: who votes,
-- and where (the scores are calibrated to each topline).
--
-- THE RULE, fixed before the toplines were computed and without looking at
-- the runoff's turnout (it reads only the elections before the target and
-- the roll on the target's day):
--   reference electorates: the last special election, the last midterm
--   general and the last presidential general before the target election;
--   each one's turnout rate among the voters on the roll that day (history
--   rows / voters on the file registered before it), times the target's roll
--   (voters on the file registered before the target), rounded to a whole
--   ballot, is a topline; low = the lowest of them, high = the highest,
--   middle = the one between.
-- For the runoff: low = the April special (the same race's first round, the
-- smallest electorate the district has shown), middle = the 2014 midterm (a
-- normal off-year electorate), high = the 2016 presidential general (the
-- largest).  Why these: a runoff of a nationally watched race could draw
-- anywhere from a special's electorate to a general's; field manuals take
-- the turnout of comparable elections times today's registration (DOMAIN
-- notes), and with one comparable special on file the honest answer is a
-- range bounded by the electorates the district has actually produced, not
-- a point.  It does not cover a runoff below the first round (FairVote: most
-- congressional runoffs fall, by 38% on average); a campaign that fears one
-- adds a scenario below low.
--
-- Calibration: the runoff scores p are shifted on the log-odds scale by the
-- d with sum 1 / (1 + exp(-(logit p + d))) = topline (canvass.logit_shift,
-- canvass.shift_score), which keeps each voter's rank and the model's
-- log-odds spacing, so precincts and turfs get the topline in proportion to
-- where the model puts the voters.  Goals: win number floor(T/2) + 1
-- (canvass.win_number) and a 52% vote goal (canvass.vote_goal), apportioned
-- to precincts by calibrated expected votes and to turfs within each
-- precinct (canvass.apportion: whole votes that add up exactly).

\echo '== scenarios: low, middle and high runoff toplines, calibrated scores and goals'

-- JIT compiling costs more than it saves on these scans (this session only).
SET jit = off;

-- ---------------------------------------------------------------------------
-- Elections numbered in date order, with the kind the rule uses (a general
-- in a year divisible by 4 is presidential, any other a midterm), and the
-- turnout rate among the voters on the roll that day: history rows over the
-- voters of the file registered before it.  The file holds today's roll, so
-- voters since removed are in neither count.
-- ---------------------------------------------------------------------------
CREATE VIEW ga6.election_rate AS
SELECT e.election_date, e.election_type,
       row_number() OVER (ORDER BY e.election_date)::int AS t,
       CASE WHEN e.election_type = 'general' AND extract(year FROM e.election_date)::int % 4 = 0 THEN 'presidential'
            WHEN e.election_type = 'general' THEN 'midterm'
            ELSE e.election_type END AS kind,
       r.eligible, h.voters, h.voters::float8 / nullif(r.eligible, 0) AS rate
FROM ga6.election e
CROSS JOIN LATERAL (SELECT count(*) AS eligible FROM ga6.voter v
                    WHERE v.registration_date < e.election_date) r
CROSS JOIN LATERAL (SELECT count(*) AS voters FROM ga6.vote_history h
                    WHERE h.election_date = e.election_date) h;

-- The rule, for every election of the calendar as a target (the runoff's
-- row is the plan; the others are the backtest's, demo/backtest.sql).
-- topline = round(voters_ref x roll / eligible_ref), exact in numeric.
CREATE VIEW ga6.scenario_topline AS
WITH ref AS (
    SELECT DISTINCT ON (t.election_date, r.kind)
           t.election_date, t.eligible AS roll, r.election_date AS reference, r.kind AS reference_kind,
           r.voters AS reference_voters, r.eligible AS reference_eligible, r.rate
    FROM ga6.election_rate t
    JOIN ga6.election_rate r ON r.election_date < t.election_date
    WHERE r.kind IN ('special', 'midterm', 'presidential') AND r.eligible > 0
    ORDER BY t.election_date, r.kind, r.election_date DESC
), ranked AS (
    SELECT ref.*,
           row_number() OVER (PARTITION BY election_date ORDER BY rate, reference) AS k,
           count(*) OVER (PARTITION BY election_date) AS n
    FROM ref
)
SELECT election_date,
       CASE WHEN n = 1 THEN 'middle' WHEN k = 1 THEN 'low' WHEN k = n THEN 'high' ELSE 'middle' END AS scenario,
       CASE WHEN n = 1 THEN 2 WHEN k = 1 THEN 1 WHEN k = n THEN 3 ELSE 2 END AS scenario_no,
       reference, reference_kind, reference_voters, reference_eligible, rate, roll,
       round(reference_voters::numeric * roll / reference_eligible)::bigint AS topline
FROM ranked;

-- ---------------------------------------------------------------------------
-- The runoff's scenarios: topline, the log-odds shift that calibrates the
-- scores to it, the calibrated sum (= the topline), win number and 52% goal.
-- ---------------------------------------------------------------------------
CREATE MATERIALIZED VIEW ga6.turnout_scenarios AS
WITH s AS (
    SELECT * FROM ga6.scenario_topline WHERE election_date = '2017-06-20'
), m AS (
    SELECT s.scenario, sum(r.turnout) AS model_expected, canvass.logit_shift(r.turnout, s.topline) AS shift
    FROM s CROSS JOIN ga6.runoff_score r
    GROUP BY s.scenario
), c AS (
    -- the calibrated scores: their sum, the 95% interval of who votes given
    -- them (expected_turnout), and the one with the coefficients' uncertainty
    -- too (turnout_interval, the shift taken as known)
    SELECT m.scenario, sum(canvass.shift_score(r.turnout, m.shift)) AS calibrated,
           canvass.expected_turnout(canvass.shift_score(r.turnout, m.shift)) AS et,
           canvass.turnout_interval((SELECT model FROM ga6.turnout_model), r.x, m.shift, 0.95) AS ti
    FROM m CROSS JOIN ga6.runoff_score r
    GROUP BY m.scenario
)
SELECT s.scenario_no, s.scenario, s.reference, s.reference_kind, s.rate AS reference_rate, s.roll,
       s.topline, m.model_expected, m.shift, c.calibrated,
       (c.et->>'low')::float8 AS low, (c.et->>'high')::float8 AS high,
       (c.ti->>'sd_bernoulli')::float8 AS sd_bernoulli, (c.ti->>'sd_model')::float8 AS sd_model,
       (c.ti->>'low')::float8 AS model_low, (c.ti->>'high')::float8 AS model_high,
       canvass.win_number(s.topline) AS win_number,
       canvass.vote_goal(s.topline, 0.52) AS vote_goal
FROM s JOIN m USING (scenario) JOIN c USING (scenario);
CREATE UNIQUE INDEX ON ga6.turnout_scenarios (scenario);

-- Each scenario's win number and goal by precinct: calibrated expected votes,
-- and the district's numbers apportioned over them (they add up exactly).
CREATE MATERIALIZED VIEW ga6.scenario_precinct_goals AS
WITH e AS (
    SELECT sc.scenario, r.precinct_id, count(*) AS voters, sum(r.turnout) AS model_expected,
           sum(canvass.shift_score(r.turnout, sc.shift)) AS expected
    FROM ga6.turnout_scenarios sc CROSS JOIN ga6.runoff_score r
    GROUP BY sc.scenario, r.precinct_id
)
SELECT sc.scenario_no, e.scenario, e.precinct_id, e.voters, e.model_expected, e.expected,
       canvass.apportion(sc.win_number, e.expected)
         OVER (PARTITION BY e.scenario ORDER BY e.precinct_id COLLATE "C") AS win_number,
       canvass.apportion(sc.vote_goal, e.expected)
         OVER (PARTITION BY e.scenario ORDER BY e.precinct_id COLLATE "C") AS vote_goal
FROM e JOIN ga6.turnout_scenarios sc USING (scenario);
CREATE UNIQUE INDEX ON ga6.scenario_precinct_goals (scenario, precinct_id);

-- And each precinct's goal over its turfs (demo/turf.sql), by calibrated
-- expected votes.
CREATE MATERIALIZED VIEW ga6.scenario_turf_goals AS
WITH t AS (
    SELECT sc.scenario, ht.precinct_id, ht.turf_id, count(DISTINCT ht.household_id) AS doors,
           sum(canvass.shift_score(r.turnout, sc.shift)) AS expected
    FROM ga6.turnout_scenarios sc
    CROSS JOIN ga6.household_turf ht
    JOIN ga6.voter v USING (household_id)
    JOIN ga6.runoff_score r USING (voter_id)
    GROUP BY sc.scenario, ht.precinct_id, ht.turf_id
)
SELECT p.scenario_no, t.scenario, t.precinct_id, t.turf_id, t.doors, t.expected,
       canvass.apportion(p.vote_goal, t.expected)
         OVER (PARTITION BY t.scenario, t.precinct_id ORDER BY t.turf_id) AS vote_goal
FROM t JOIN ga6.scenario_precinct_goals p USING (scenario, precinct_id);
CREATE UNIQUE INDEX ON ga6.scenario_turf_goals (scenario, turf_id);

-- ---------------------------------------------------------------------------
-- The nightly job: refresh the plan and its scenarios without blocking the
-- dashboard (CONCURRENTLY needs the unique indexes above), in dependency
-- order.  E.g. with pg_cron:
--   SELECT cron.schedule('ga6-targets', '0 2 * * *', 'CALL ga6.refresh_targets()');
-- ---------------------------------------------------------------------------
CREATE PROCEDURE ga6.refresh_targets() LANGUAGE sql AS $$
    REFRESH MATERIALIZED VIEW CONCURRENTLY ga6.runoff_score;
    REFRESH MATERIALIZED VIEW CONCURRENTLY ga6.precinct_plan;
    REFRESH MATERIALIZED VIEW CONCURRENTLY ga6.turf_plan;
    REFRESH MATERIALIZED VIEW CONCURRENTLY ga6.turnout_scenarios;
    REFRESH MATERIALIZED VIEW CONCURRENTLY ga6.scenario_precinct_goals;
    REFRESH MATERIALIZED VIEW CONCURRENTLY ga6.scenario_turf_goals;
$$;
RESET jit;
