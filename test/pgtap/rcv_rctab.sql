-- pgTAP: canvass.rcv_tabulate against RCTab's own test contests, single-
-- and multi-winner (data/rcv/rctab, with its README): for each, the ballots read
-- from its CVR files (ES&S workbooks, generic CSV, NIST CDF JSON) by
-- test/reference/rcv_rctab_fixtures.py, its contest config as RCTab's test
-- suite runs it, and the detailed JSON report RCTab 2.0.0 wrote.  Every
-- figure of the report is compared, round by round: each candidate's votes,
-- the threshold, the inactive ballots by reason, who is elected or
-- eliminated and every transfer, and the summary's final threshold,
-- ballots and undervotes.  Among them: overvote rules, skipped ranks and
-- skippedRankLabel, duplicate candidates, batch elimination,
-- continueUntilTwoCandidatesRemain, the first round's threshold, excluded
-- candidates, undeclared write-ins, stopTabulationEarlyAfterRound, and
-- random, generatePermutation, previousRoundCountsThenRandom and
-- candidate-order tie-breaks; multi-winner STV with fractional surplus
-- transfers (several or one winner a round, whole and fractional
-- thresholds, the Hare quota, more seats than candidates) and bottoms-up
-- multi-seat counts (to the seats, or to a percentage, with cutoff
-- elimination); real elections
-- (Minneapolis mayor 2013, 80,101 ballots and 33 rounds; 2017, 105,928
-- ballots; Minneapolis park board 2013, 3 seats, 80,101 ballots, counted
-- by STV, with the Hare quota and bottoms-up).
\i test/helpers.sql
BEGIN;
SELECT plan(52);

-- Every contest folder: its config and expected report (as CSV fields,
-- quotes doubled), and its distinct rankings with their ballots.
CREATE TEMP TABLE rctab_contests (contest text PRIMARY KEY, config jsonb, expected jsonb);
CREATE TEMP TABLE rctab_ballots (contest text, ranking text[], ballots int);
\copy rctab_contests FROM PROGRAM 'for d in data/rcv/rctab/*/; do n=$(basename $d); printf "%s,\"" $n; sed "s/\"/\"\"/g" $d/${n}_config.json; printf "\",\""; sed "s/\"/\"\"/g" $d/${n}_expected_detailed_report.json; printf "\"\n"; done' WITH (FORMAT csv)
\copy rctab_ballots FROM PROGRAM 'for d in data/rcv/rctab/*/; do tail -n +2 $d/ballots.csv | sed "s|^|$(basename $d),|"; done' WITH (FORMAT csv)

-- A report as rows (round, what, key, value): votes per candidate, the
-- threshold, inactive ballots by reason, each decision, each transfer, and
-- the summary (round 0).  RCTab writes its numbers as strings.
CREATE FUNCTION pg_temp.report_rows(r jsonb)
RETURNS TABLE (round int, what text, key text, value numeric) LANGUAGE sql AS $$
  SELECT (x->>'round')::int, 'votes', t.key, t.value::numeric
  FROM jsonb_array_elements(r->'results') x, jsonb_each_text(x->'tally') t
  UNION ALL
  SELECT (x->>'round')::int, 'threshold', '', (x->>'threshold')::numeric
  FROM jsonb_array_elements(r->'results') x
  UNION ALL
  SELECT (x->>'round')::int, 'inactive', t.key, t.value::numeric
  FROM jsonb_array_elements(r->'results') x, jsonb_each_text(x->'inactiveBallots') t
  UNION ALL
  SELECT (x->>'round')::int, CASE WHEN d ? 'elected' THEN 'elected' ELSE 'eliminated' END,
         coalesce(d->>'elected', d->>'eliminated'), NULL
  FROM jsonb_array_elements(r->'results') x, jsonb_array_elements(x->'tallyResults') d
  UNION ALL
  SELECT (x->>'round')::int, 'transfer', coalesce(d->>'elected', d->>'eliminated') || ' -> ' || t.key, t.value::numeric
  FROM jsonb_array_elements(r->'results') x, jsonb_array_elements(x->'tallyResults') d,
       jsonb_each_text(d->'transfers') t
  UNION ALL
  SELECT 0, 'summary', k, (r->'summary'->>k)::numeric
  FROM unnest(ARRAY['finalThreshold', 'totalNumBallots', 'undervotes']) k
  UNION ALL
  SELECT 0, 'summary', 'numWinners', coalesce((r->'summary'->>'numWinners')::numeric, 1)
$$;

CREATE TEMP TABLE rctab_got AS
SELECT b.contest, canvass.rcv_tabulate(b.ranking, c.config) AS r
FROM rctab_ballots b CROSS JOIN LATERAL generate_series(1, b.ballots) g
JOIN rctab_contests c USING (contest)
GROUP BY b.contest;

SELECT is((SELECT count(*) FROM rctab_contests), 48::bigint, '48 RCTab test contests loaded');
SELECT is((SELECT sum(ballots)::bigint FROM rctab_ballots), 427438::bigint,
          '427,438 ballots in all: RCTab''s totalNumBallots of the contests, added up');
SELECT is((SELECT sum((expected#>>'{summary,totalNumBallots}')::bigint)::bigint FROM rctab_contests), 427438::bigint,
          '... which is what the expected reports say');

-- Each contest: the rows of our report and of RCTab's are the same multiset.
SELECT ok(NOT EXISTS (SELECT * FROM pg_temp.report_rows(g.r) EXCEPT ALL SELECT * FROM pg_temp.report_rows(c.expected))
          AND NOT EXISTS (SELECT * FROM pg_temp.report_rows(c.expected) EXCEPT ALL SELECT * FROM pg_temp.report_rows(g.r)),
          c.contest || ': every round as RCTab''s report (' || jsonb_array_length(c.expected->'results') || ' rounds, '
          || (c.expected#>>'{summary,totalNumBallots}') || ' ballots)')
FROM rctab_contests c JOIN rctab_got g USING (contest)
ORDER BY c.contest;

-- RCTab's CSV report of test_set_multi_winner_fractional_threshold (3
-- seats, fractional threshold), its votes, "% of vote" (of round 1's 29
-- active ballots, as RCTab divides in a multi-winner count) and transfer
-- columns, transcribed; the rounds where RCTab prints a candidate out of
-- the count as 0 are left out.
SELECT set_eq(
  $$SELECT round, candidate, votes, percent, transfer FROM rctab_got g,
           canvass.rcv_rounds(g.r) WHERE g.contest = 'test_set_multi_winner_fractional_threshold'$$,
  $$VALUES (1, 'Candidate A Name', 6, 20.68, 0),
           (1, 'Candidate B Name', 5, 17.24, 0),
           (1, 'Candidate C Name', 7, 24.13, 1),
           (1, 'Candidate D Name', 2, 6.89, -2),
           (1, 'Candidate E Name', 6, 20.68, 0),
           (1, 'Candidate F Name', 3, 10.34, 0),
           (2, 'Candidate A Name', 6, 20.68, 0),
           (2, 'Candidate B Name', 5, 17.24, 0),
           (2, 'Candidate C Name', 8, 27.58, -0.7499),
           (2, 'Candidate E Name', 6, 20.68, 0.6559),
           (2, 'Candidate F Name', 3, 10.34, 0.0937),
           (3, 'Candidate A Name', 6, 20.68, 1),
           (3, 'Candidate B Name', 5, 17.24, 2.0937),
           (3, 'Candidate C Name', 7.2501, 25.0, 0.0000),
           (3, 'Candidate E Name', 6.6559, 22.95, 0.0000),
           (3, 'Candidate F Name', 3.0937, 10.66, -3.0937),
           (4, 'Candidate A Name', 7, 24.13, 3.2811),
           (4, 'Candidate B Name', 7.0937, 24.46, 3.0000),
           (4, 'Candidate C Name', 7.2501, 25.0, 0.0000),
           (4, 'Candidate E Name', 6.6559, 22.95, -6.6559),
           (5, 'Candidate A Name', 10.2811, 35.45, -3.0310),
           (5, 'Candidate B Name', 10.0937, 34.8, -2.8436),
           (5, 'Candidate C Name', 7.2501, 25.0, 0.0000),
           (6, 'Candidate A Name', 7.2501, 25.0, 0),
           (6, 'Candidate B Name', 7.2501, 25.0, 0),
           (6, 'Candidate C Name', 7.2501, 25.0, 0)$$,
  'test_set_multi_winner_fractional_threshold: votes, % of vote and transfers as RCTab''s CSV report');

SELECT * FROM finish();
ROLLBACK;
