-- GA-6 demo, part 9: the runoff plan under each scenario, and the backtest,
-- as the field director reads them (views of demo/scenarios.sql and
-- demo/backtest.sql).

\pset footer off
\echo
\echo '================================================================'
\echo ' Runoff plan: scenarios (toplines from reference electorates)'
\echo '================================================================'
\echo 'Rule, fixed before the runoff: the turnout rates of the last special, the last'
\echo 'midterm and the last presidential general (among the voters on the roll that day)'
\echo 'times the runoff roll; low = the lowest, middle = the one between, high = the'
\echo 'highest. Scores calibrated to each topline (log-odds shift d); win number'
\echo 'floor(T/2) + 1; 52% goal; 95% intervals of the total, of who votes given the scores'
\echo '(expected_turnout) and with the coefficients'' uncertainty too (turnout_interval).'
\echo 'The model row is the uncalibrated forecast of a model fitted on April.'
SELECT scenario, reference_kind || ' ' || reference AS "reference election",
       round((100 * reference_rate)::numeric, 1) AS "rate %",
       to_char(roll, 'FM999,999') AS roll, to_char(topline, 'FM999,999') AS "topline T",
       round(shift::numeric, 3) AS "shift d",
       to_char(win_number, 'FM999,999') AS "win number", to_char(vote_goal, 'FM999,999') AS "52% goal",
       to_char(low, 'FM999,999') || ' - ' || to_char(high, 'FM999,999') AS "95%: who votes",
       to_char(model_low, 'FM999,999') || ' - ' || to_char(model_high, 'FM999,999') AS "95%: + coefficients"
FROM (SELECT scenario_no, scenario, reference_kind, reference, reference_rate, roll, topline, shift,
             win_number, vote_goal, low, high, model_low, model_high
      FROM ga6.turnout_scenarios
      UNION ALL
      SELECT 0, 'model', 'fitted on April', NULL, expected / voters::float8, voters::bigint, round(expected)::bigint, 0,
             win_number, vote_goal, low, high, model_low, model_high
      FROM ga6.district_plan) s
ORDER BY scenario_no;
\echo 'The intervals are the spread around each topline if the scores are right, not the'
\echo 'error of the topline itself (see the backtest below).'

\echo 'After the fact: where the runoff fell (history rows of 2017-06-20 = the real ballots cast).'
WITH a AS (SELECT count(*) AS actual FROM ga6.vote_history WHERE election_date = '2017-06-20'),
s AS (SELECT max(topline) FILTER (WHERE scenario = 'low') AS low,
             max(topline) FILTER (WHERE scenario = 'middle') AS middle,
             max(topline) FILTER (WHERE scenario = 'high') AS high,
             max(win_number) FILTER (WHERE scenario = 'middle') AS middle_win
      FROM ga6.turnout_scenarios)
SELECT to_char(a.actual, 'FM999,999') AS "runoff ballots",
       round(100.0 * a.actual / (SELECT count(*) FROM ga6.voter), 1) AS "% of roll",
       b.actual_in AS "fell in",
       to_char(a.actual - s.middle, 'FMSG999,999') AS "vs middle",
       to_char(s.high - a.actual, 'FM999,999') AS "below high by",
       to_char(floor(a.actual / 2) + 1, 'FM999,999') AS "majority of it",
       to_char(floor(a.actual / 2) + 1 - s.middle_win, 'FM999,999') AS "middle win number short by",
       to_char(floor(a.actual / 2) + 1 - (SELECT win_number FROM ga6.district_plan), 'FM999,999') AS "model win number short by"
FROM a, s, ga6.turnout_backtest b WHERE b.election_date = '2017-06-20';

\echo
\echo 'Backtest: the same recipe on each election of the history (fit on the election'
\echo 'before, features the up to 3 elections before that and an age band; predict with the'
\echo 'history shifted one election forward). 2012 and 2014 counts are synthetic; 2016 and'
\echo 'the runoff are the real ballots per precinct; April''s real total is split by runoff'
\echo 'ballots. Precinct MAE with the level known: scores shifted to the actual total.'
SELECT election_date AS election, kind, fitted_on AS "fitted on", lags,
       to_char(predicted, 'FM999,999') AS predicted,
       to_char(low, 'FM999,999') || ' - ' || to_char(high, 'FM999,999') AS "95%: who votes",
       to_char(model_low, 'FM999,999') || ' - ' || to_char(model_high, 'FM999,999') AS "95%: + coefficients",
       to_char(actual, 'FM999,999') AS actual,
       to_char(error, 'FMSG999,999') AS error, to_char(100 * rel_error, 'FMSG990.0') AS "error %",
       round(precinct_mae) AS "precinct MAE",
       worst_precinct || ' ' || round(worst_predicted) || ' v ' || worst_actual AS "worst precinct",
       round(precinct_mae_level_known) AS "MAE, level known",
       coalesce(to_char(scenario_low, 'FM999,999'), '-') || ' / ' || coalesce(to_char(scenario_middle, 'FM999,999'), '-')
         || ' / ' || coalesce(to_char(scenario_high, 'FM999,999'), '-') AS "scenarios low / middle / high",
       actual_in AS "actual in"
FROM ga6.turnout_backtest ORDER BY election_date;

\pset tuples_only on
\pset format unaligned
SELECT format('Electorate change, the error neither interval covers: in %s backtests the district '
              'total was off by %s (%s%% on average), against 95%% intervals of +-%s%% (who votes) '
              'and +-%s%% (with the coefficients); with the level known, precinct errors fall from '
              '%s to %s ballots on average.',
              count(*),
              string_agg(to_char(100 * rel_error, 'FMSG990') || '% in ' || to_char(election_date, 'YYYY-MM'), ', '
                         ORDER BY election_date),
              round(avg(abs(100 * rel_error))::numeric),
              round(max(100 * (high - low) / 2 / predicted)::numeric, 1),
              round(max(100 * (model_high - model_low) / 2 / predicted)::numeric, 1),
              round(avg(precinct_mae)), round(avg(precinct_mae_level_known)))
FROM ga6.turnout_backtest;
\pset format aligned
\pset tuples_only off

\echo
\echo 'Targets under each scenario: 52% goals of the ten precincts with the largest middle goal'
\echo '(canvass.apportion by calibrated expected votes; each column adds up to its district goal).'
WITH g AS (
    SELECT precinct_id,
           max(voters) AS voters,
           max(vote_goal) FILTER (WHERE scenario = 'low') AS low,
           max(vote_goal) FILTER (WHERE scenario = 'middle') AS middle,
           max(vote_goal) FILTER (WHERE scenario = 'high') AS high
    FROM ga6.scenario_precinct_goals GROUP BY precinct_id
), top AS (
    SELECT * FROM g ORDER BY middle DESC, precinct_id LIMIT 10
)
SELECT precinct, voters, low, middle, high, turfs, "middle goal per turf"
FROM (
    SELECT 1 AS k, t.precinct_id AS precinct, t.voters, t.low, t.middle, t.high, tg.turfs,
           tg.min_goal || ' - ' || tg.max_goal AS "middle goal per turf"
    FROM top t
    JOIN (SELECT precinct_id, count(*) AS turfs, min(vote_goal) AS min_goal, max(vote_goal) AS max_goal
          FROM ga6.scenario_turf_goals WHERE scenario = 'middle' GROUP BY precinct_id) tg USING (precinct_id)
    UNION ALL
    SELECT 2, 'all ' || count(*) || ' precincts', sum(voters), sum(low), sum(middle), sum(high),
           (SELECT count(*) FROM ga6.scenario_turf_goals WHERE scenario = 'middle'),
           (SELECT 'sum ' || sum(vote_goal) FROM ga6.scenario_turf_goals WHERE scenario = 'middle')
    FROM g
) r
ORDER BY k, middle DESC, precinct;
\pset footer on
