-- pgTAP: canvass.rcv_tabulate and canvass.rcv_rounds.  The reference is
-- RCTab's own test contest generic_csv_test (data/rcv/generic_csv_test,
-- with its README): its ballots in long layout, its contest config, and the
-- detailed report RCTab 2.0.0 wrote, in JSON and CSV; every figure of both
-- is compared.  RCTab's tiebreak_seed_test (random tie-breaks, seed 1) is
-- reproduced from its expected report; the other rules are counted by hand
-- in test/c/test_rcv.c.
-- matrix: canvass.rcv_tabulate(text[],jsonb)
-- matrix: canvass.rcv_rounds(jsonb)
\i test/helpers.sql
\set cfg `cat data/rcv/generic_csv_test/generic_csv_test_config.json`
\set expected `cat data/rcv/generic_csv_test/generic_csv_test_expected_detailed_report.json`
BEGIN;
SELECT plan(85);

-- Signatures and labels.
SELECT is_aggregate('canvass', 'rcv_tabulate', ARRAY['text[]', 'jsonb'], 'rcv_tabulate(ranking, rules) is an aggregate');
SELECT function_returns('canvass', 'rcv_tabulate', ARRAY['text[]', 'jsonb'], 'jsonb', 'rcv_tabulate returns jsonb');
SELECT function_returns('canvass', 'rcv_rounds', ARRAY['jsonb'], 'setof record', 'rcv_rounds returns rows');
SELECT is_strict('canvass', 'rcv_rounds', ARRAY['jsonb'], 'rcv_rounds is strict');
SELECT is((SELECT array_agg(DISTINCT proparallel) FROM pg_proc
           WHERE pronamespace = 'canvass'::regnamespace AND proname LIKE 'rcv%'),
          ARRAY['s']::"char"[], 'every rcv function is parallel safe');
SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE p.pronamespace = 'canvass'::regnamespace AND p.proname = 'rcv_tabulate'
             AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0),
          1::bigint, 'rcv_tabulate has combine, serial and deserial functions');

-- generic_csv_test: one row per mark (ballot_id, rank, choice), turned into
-- one ranking array per ballot by the query of the README: a rank with no
-- mark is NULL, two marks at one rank are joined by the overvote delimiter.
CREATE TABLE rcv_marks (source_file text, ballot_id text, rank int, choice text);
\copy rcv_marks FROM 'data/rcv/generic_csv_test/generic_csv_test_ballots_normalized.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE rcv_ballots AS
WITH per_rank AS (
  SELECT ballot_id, rank, string_agg(choice, '|' ORDER BY choice) AS mark
  FROM rcv_marks GROUP BY ballot_id, rank
)
SELECT b.ballot_id, array_agg(p.mark ORDER BY g.rank) AS ranking
FROM (SELECT ballot_id, max(rank) AS last FROM per_rank GROUP BY ballot_id) b
CROSS JOIN LATERAL generate_series(1, b.last) AS g(rank)
LEFT JOIN per_rank p ON p.ballot_id = b.ballot_id AND p.rank = g.rank
GROUP BY b.ballot_id;
SELECT is((SELECT count(*) FROM rcv_ballots), 26::bigint, 'generic_csv_test: 26 ballots from 115 marks');

CREATE TEMP TABLE got AS SELECT canvass.rcv_tabulate(ranking, :'cfg'::jsonb) AS r FROM rcv_ballots;
CREATE TEMP TABLE want AS SELECT :'expected'::jsonb AS e;

-- Every figure of the JSON report: rounds, tallies, thresholds, inactive
-- ballots by reason, the decisions and their transfers, the summary.
SELECT is((SELECT jsonb_array_length(r->'results') FROM got), (SELECT jsonb_array_length(e->'results') FROM want),
          'generic_csv_test: 4 rounds, as RCTab');
SELECT set_eq(
  $$SELECT (x->>'round')::int, t.key, t.value::bigint FROM got, jsonb_array_elements(r->'results') x, jsonb_each_text(x->'tally') t$$,
  $$SELECT (x->>'round')::int, t.key, t.value::bigint FROM want, jsonb_array_elements(e->'results') x, jsonb_each_text(x->'tally') t$$,
  'generic_csv_test: every candidate''s votes in every round, as RCTab''s JSON report');
SELECT set_eq(
  $$SELECT (x->>'round')::int, (x->>'threshold')::bigint FROM got, jsonb_array_elements(r->'results') x$$,
  $$SELECT (x->>'round')::int, (x->>'threshold')::bigint FROM want, jsonb_array_elements(e->'results') x$$,
  'generic_csv_test: the threshold of every round');
SELECT set_eq(
  $$SELECT (x->>'round')::int, t.key, t.value::bigint FROM got, jsonb_array_elements(r->'results') x, jsonb_each_text(x->'inactiveBallots') t$$,
  $$SELECT (x->>'round')::int, t.key, t.value::bigint FROM want, jsonb_array_elements(e->'results') x, jsonb_each_text(x->'inactiveBallots') t$$,
  'generic_csv_test: inactive ballots by overvotes, skipped rankings, exhausted choices, repeated rankings');
SELECT set_eq(
  $$SELECT (x->>'round')::int, coalesce(d->>'elected', '') AS elected, coalesce(d->>'eliminated', '') AS eliminated FROM got, jsonb_array_elements(r->'results') x, jsonb_array_elements(x->'tallyResults') d$$,
  $$SELECT (x->>'round')::int, coalesce(d->>'elected', '') AS elected, coalesce(d->>'eliminated', '') AS eliminated FROM want, jsonb_array_elements(e->'results') x, jsonb_array_elements(x->'tallyResults') d$$,
  'generic_csv_test: who is eliminated or elected in each round');
SELECT set_eq(
  $$SELECT (x->>'round')::int, coalesce(d->>'elected', d->>'eliminated'), t.key, t.value::bigint FROM got, jsonb_array_elements(r->'results') x, jsonb_array_elements(x->'tallyResults') d, jsonb_each_text(d->'transfers') t$$,
  $$SELECT (x->>'round')::int, coalesce(d->>'elected', d->>'eliminated'), t.key, t.value::bigint FROM want, jsonb_array_elements(e->'results') x, jsonb_array_elements(x->'tallyResults') d, jsonb_each_text(d->'transfers') t$$,
  'generic_csv_test: every transfer of every eliminated candidate''s ballots');
SELECT is((SELECT jsonb_build_object('finalThreshold', r#>>'{summary,finalThreshold}', 'numCandidates', (r#>>'{summary,numCandidates}')::int,
                                     'totalNumBallots', r#>>'{summary,totalNumBallots}', 'undervotes', (r#>>'{summary,undervotes}')::int,
                                     'numWinners', 1) FROM got),
          (SELECT e->'summary' FROM want),
          'generic_csv_test: the summary (final threshold 14, 5 candidates, 26 ballots, 0 undervotes)');
SELECT is((SELECT r#>>'{summary,winner}' FROM got), 'Cucumber', 'generic_csv_test: Cucumber wins, as the CSV report''s Winner(s)');

-- Every figure of the CSV report, read line by line: per candidate and
-- round the votes, RCTab's "% of vote" and the transfer to the next round
-- (rcv_rounds gives the candidates still in the count; the CSV's others
-- must be 0, 0.0%, 0), then active ballots, threshold and inactive rows.
CREATE TABLE rcv_csv (n serial, line text);
\copy rcv_csv (line) FROM 'data/rcv/generic_csv_test/generic_csv_test_expected_detailed_report.csv' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE csv_rows AS
SELECT f[1] AS label, g.round, f[2 + 3 * (g.round - 1)] AS v, f[3 + 3 * (g.round - 1)] AS pct, f[4 + 3 * (g.round - 1)] AS tr
FROM (SELECT string_to_array(line, ',') AS f FROM rcv_csv
      WHERE n > (SELECT n FROM rcv_csv WHERE line LIKE 'Rounds,%')) c,
     generate_series(1, 4) AS g(round);
CREATE TEMP TABLE rounds AS SELECT (canvass.rcv_rounds(r)).* FROM got;
SELECT set_eq(
  $$SELECT round, candidate, votes, percent, transfer FROM rounds$$,
  $$SELECT c.round, c.label, c.v::bigint, rtrim(c.pct, '%')::numeric, c.tr::bigint FROM csv_rows c
    WHERE (c.round, c.label) IN (SELECT round, candidate FROM rounds)$$,
  'generic_csv_test: votes, % of vote and transfer of every candidate in every round, as the CSV report');
SELECT is((SELECT count(*) FROM csv_rows c
           WHERE c.label IN (SELECT candidate FROM rounds) AND (c.round, c.label) NOT IN (SELECT round, candidate FROM rounds)
             AND NOT (c.v = '0' AND c.pct = '0.0%' AND c.tr = '0')),
          0::bigint, 'generic_csv_test: candidates out of the count show 0, 0.0%, 0 in the CSV report');
SELECT set_eq(
  $$SELECT round, CASE status WHEN 'elected' THEN 'Elected' ELSE 'Eliminated' END AS label, candidate FROM rounds WHERE status <> 'continuing'$$,
  $$SELECT round, label, v FROM csv_rows WHERE label IN ('Eliminated', 'Elected') AND v <> ''$$,
  'generic_csv_test: the Eliminated and Elected rows');
SELECT set_eq(
  $$SELECT (x->>'round')::int AS round, 'Active Ballots' AS label, (x->>'activeBallots') AS v FROM got, jsonb_array_elements(r->'results') x
    UNION ALL SELECT (x->>'round')::int, 'Current Round Threshold', (x->>'threshold') FROM got, jsonb_array_elements(r->'results') x
    UNION ALL SELECT (x->>'round')::int, k.label, x#>>ARRAY['inactiveBallots', k.key] FROM got, jsonb_array_elements(r->'results') x,
      (VALUES ('Inactive Ballots by Overvotes', 'overvotes'), ('Inactive Ballots by Skipped Rankings', 'skippedRankings'),
              ('Inactive Ballots by Exhausted Choices', 'exhaustedChoices'), ('Inactive Ballots by Repeated Rankings', 'repeatedRankings')) k(label, key)
    UNION ALL SELECT (x->>'round')::int, 'Inactive Ballots Total',
      ((x#>>'{inactiveBallots,overvotes}')::int + (x#>>'{inactiveBallots,skippedRankings}')::int
       + (x#>>'{inactiveBallots,exhaustedChoices}')::int + (x#>>'{inactiveBallots,repeatedRankings}')::int)::text
    FROM got, jsonb_array_elements(r->'results') x$$,
  $$SELECT round, label, v FROM csv_rows WHERE label LIKE 'Active%' OR label LIKE 'Current%' OR label LIKE 'Inactive%'$$,
  'generic_csv_test: active ballots, threshold and inactive ballots of every round, as the CSV report');
SELECT is((SELECT count(*) FROM csv_rows WHERE label LIKE 'Inactive%' AND tr <> '0'), 0::bigint,
          'generic_csv_test: no inactive ballot moves between rounds (the CSV''s transfer column)');
SELECT is((SELECT array_agg(line ORDER BY n) FROM rcv_csv WHERE line ~ '^(Winner|Final Threshold|Number of Candidates|Total Number|Number of Undervotes)'),
          (SELECT ARRAY['Winner(s),' || (r#>>'{summary,winner}'), 'Final Threshold,' || (r#>>'{summary,finalThreshold}'),
                        'Number of Candidates,' || (r#>>'{summary,numCandidates}'), 'Total Number of Ballots,' || (r#>>'{summary,totalNumBallots}'),
                        'Number of Undervotes (No Rankings),' || (r#>>'{summary,undervotes}')] FROM got),
          'generic_csv_test: the contest summary lines of the CSV report');

-- The count does not depend on the order of the rows.
SELECT is((SELECT canvass.rcv_tabulate(ranking, :'cfg'::jsonb) FROM (SELECT * FROM rcv_ballots ORDER BY md5(ballot_id) DESC) s),
          (SELECT r FROM got), 'generic_csv_test: the same result with the ballots in another order');
-- The same ballots written with the CVR's own write-in label count the same.
SELECT is((SELECT canvass.rcv_tabulate(array_replace(ranking, 'Undeclared Write-ins', 'Write-In'), :'cfg'::jsonb) FROM rcv_ballots),
          (SELECT r FROM got), 'the source''s undeclaredWriteInLabel ("Write-In") names the write-ins too');

-- The README's first example, as written there: Carol and Bob tie at 2,
-- Carol (listed later) goes, both her ballots go to Bob, who has 4 of 7.
SELECT is((SELECT array_agg(row(round, candidate, votes, status, transfer, percent)::text)
           FROM canvass.rcv_rounds((
             SELECT canvass.rcv_tabulate(ranking,
                      '{"candidates": [{"name": "Alice"}, {"name": "Bob"}, {"name": "Carol"}],
                        "rules": {"tiebreakMode": "useCandidateOrder", "overvoteRule": "exhaustImmediately",
                                  "maxSkippedRanksAllowed": "1", "maxRankingsAllowed": "max"}}')
             FROM (VALUES ('{Alice,Bob}'::text[]), ('{Alice}'), ('{Bob,Alice}'), ('{Carol,Bob}'),
                          ('{Carol,Bob}'), ('{Bob}'), ('{Alice,Carol}')) AS ballots(ranking)))),
          ARRAY['(1,Alice,3,continuing,0,42.85)', '(1,Bob,2,continuing,2,28.57)', '(1,Carol,2,eliminated,-2,28.57)',
                '(2,Alice,3,continuing,0,42.85)', '(2,Bob,4,elected,0,57.14)'],
          'the README example: rows in candidate order, RCTab''s percentages (3/7 = 42.85%, cut not rounded)');

-- A config built for the small contests below: candidates by name, rules
-- RCTab's defaults for a single-winner count unless overridden.
CREATE FUNCTION pg_temp.cfg(names text[], rules jsonb DEFAULT '{}', extra jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql AS $$
  SELECT jsonb_build_object('candidates', (SELECT jsonb_agg(jsonb_build_object('name', n, 'excluded', false)) FROM unnest(names) n),
                            'rules', '{"tiebreakMode": "useCandidateOrder", "overvoteRule": "exhaustImmediately",
                                       "winnerElectionMode": "singleWinnerMajority", "numberOfWinners": "1",
                                       "maxSkippedRanksAllowed": "unlimited", "maxRankingsAllowed": "max",
                                       "minimumVoteThreshold": "0", "batchElimination": false}'::jsonb || rules) || extra
$$;

-- RCTab's tiebreak_seed_test: 3 ballots each for three candidates, random
-- tie-breaks with seed 1.  Its expected report: round 1 all at 3, threshold
-- 5, Yinka Dare eliminated; round 2 George Gervin 3, Mookie Blaylock 3, 3
-- exhausted, threshold 4, George Gervin elected (both by the tie-break).
SELECT is((SELECT canvass.rcv_tabulate(ARRAY[c], pg_temp.cfg(ARRAY['Mookie Blaylock', 'Yinka Dare', 'George Gervin'],
                                        '{"tiebreakMode": "random", "randomSeed": "1", "overvoteRule": "alwaysSkipToNextRank",
                                          "maxSkippedRanksAllowed": "0", "maxRankingsAllowed": "3", "batchElimination": true}'))
                     #> '{results}'
           FROM (SELECT c FROM unnest(ARRAY['Mookie Blaylock', 'Yinka Dare', 'George Gervin']) c, generate_series(1, 3)) b),
          '[{"round": 1, "tally": {"Yinka Dare": 3, "George Gervin": 3, "Mookie Blaylock": 3}, "threshold": 5, "activeBallots": 9,
             "tallyResults": [{"tiebreak": true, "transfers": {"exhausted": 3}, "eliminated": "Yinka Dare"}],
             "inactiveBallots": {"overvotes": 0, "skippedRankings": 0, "exhaustedChoices": 0, "repeatedRankings": 0}},
            {"round": 2, "tally": {"George Gervin": 3, "Mookie Blaylock": 3}, "threshold": 4, "activeBallots": 6,
             "tallyResults": [{"elected": "George Gervin", "tiebreak": true, "transfers": {}}],
             "inactiveBallots": {"overvotes": 0, "skippedRankings": 0, "exhaustedChoices": 3, "repeatedRankings": 0}}]'::jsonb,
          'RCTab tiebreak_seed_test: Yinka Dare out, George Gervin in, by Java''s Random(1)');

-- previousRoundCountsThenRandom (counted by hand in test/c/test_rcv.c):
-- 6 A, 4 B, 2 C, 2 D, 1 E; E goes, then C and D tie in rounds 2 and 1, and
-- Java's Random(1) draws D (0.7308781907032909 x 2 = 1.46: the second of
-- C, D in their HashSet's order).
SELECT is((SELECT canvass.rcv_tabulate(ARRAY[c], pg_temp.cfg(ARRAY['A', 'B', 'C', 'D', 'E'],
                                        '{"tiebreakMode": "previousRoundCountsThenRandom", "randomSeed": "1"}'))
                     #> '{results,1,tallyResults,0}'
           FROM (SELECT c FROM unnest(ARRAY['A', 'B', 'C', 'D', 'E'], ARRAY[6, 4, 2, 2, 1]) u(c, k), generate_series(1, k)) b),
          '{"eliminated": "D", "tiebreak": true, "transfers": {"exhausted": 2}}'::jsonb,
          'previousRoundCountsThenRandom: a tie in rounds 2 and 1 drawn as RCTab draws it');

-- Overvotes, skipped ranks, codes and aliases, by hand.  Candidates A, B,
-- C (code "c", alias "Cee").  Ballots: 2 [A], 2 [B], 1 [C], 1 ['Cee|B'],
-- 1 [NULL, 'c'], 1 ['$OVERVOTE', 'A'], 1 ['' , B].  exhaustImmediately,
-- maxSkippedRanksAllowed 0: the two overvotes are inactive; [NULL, c] and
-- ['', B] skip rank 1 (a blank mark is a skipped rank): skipped rankings.
-- R1 A2 B2 C1, 5 active, threshold 3; C goes, its ballot exhausts; R2 A2
-- B2, 4 active, threshold 3; the last two tie: A by candidate order.
CREATE TEMP TABLE small (ranking text[]);
INSERT INTO small VALUES ('{A}'), ('{A}'), ('{B}'), ('{B}'), ('{C}'), ('{Cee|B}'), ('{NULL,c}'), ('{$OVERVOTE,A}'), ('{"",B}');
CREATE TEMP TABLE small_cfg AS SELECT
  '{"candidates": [{"name": "A"}, {"name": "B"}, {"name": "C", "code": "c", "aliases": ["Cee"]}],
    "rules": {"tiebreakMode": "useCandidateOrder", "overvoteRule": "exhaustImmediately", "maxSkippedRanksAllowed": "0",
              "maxRankingsAllowed": "max", "numberOfWinners": "1"}}'::jsonb AS c;
SELECT is((SELECT array_agg(row(round, candidate, votes, status, transfer)::text ORDER BY round, candidate)
           FROM canvass.rcv_rounds((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM small_cfg)) FROM small))),
          ARRAY['(1,A,2,continuing,0)', '(1,B,2,continuing,0)', '(1,C,1,eliminated,-1)',
                '(2,A,2,elected,0)', '(2,B,2,continuing,0)'],
          'overvotes, the $OVERVOTE mark, a NULL and a blank rank, a code and an alias, by hand');
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM small_cfg)) #> '{results,1,inactiveBallots}' FROM small),
          '{"overvotes": 2, "skippedRankings": 2, "exhaustedChoices": 1, "repeatedRankings": 0}'::jsonb,
          'round 2: 2 overvotes, 2 skipped rankings, 1 exhausted');
-- With alwaysSkipToNextRank and unlimited skips: [Cee|B] skips to nothing
-- (exhausted at once), [$OVERVOTE, A] counts for A, [NULL, c] for C, ['',
-- B] for B: R1 A3 B3 C2, 8 active, threshold 5; C goes (its 2 exhaust);
-- R2 A3 B3, threshold 4; the tie goes to A.
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM small_cfg) || jsonb_build_object('rules',
             (SELECT c->'rules' FROM small_cfg) || '{"overvoteRule": "alwaysSkipToNextRank", "maxSkippedRanksAllowed": "unlimited"}'))
           #> '{results,0,tally}' FROM small),
          '{"A": 3, "B": 3, "C": 2}'::jsonb, 'alwaysSkipToNextRank, unlimited skips: R1 A3 B3 C2');
-- treatBlankAsUndeclaredWriteIn: the blank mark is a write-in, which goes
-- first: R1 A2 B2 C1 W1 (W holds the ['', B] ballot), W out, its ballot to B.
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM small_cfg) || '{"cvrFileSources": [{"treatBlankAsUndeclaredWriteIn": true}]}')
           #> '{results,0,tallyResults,0}' FROM small),
          '{"eliminated": "Undeclared Write-ins", "tiebreak": false, "transfers": {"B": 1}}'::jsonb,
          'treatBlankAsUndeclaredWriteIn: a blank rank is a write-in, eliminated first');
-- overvoteDelimiter from the CVR source.
SELECT is((SELECT canvass.rcv_tabulate(replace(ranking::text, '|', '+')::text[], (SELECT c FROM small_cfg) || '{"cvrFileSources": [{"overvoteDelimiter": "+"}]}')
           FROM small),
          (SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM small_cfg)) FROM small), 'the overvoteDelimiter of the CVR source');

-- doesFirstRoundDetermineThreshold: RCTab's "% of vote" divides by round
-- 1's active ballots.  3 [A], 2 [B], 2 [C]: round 1 threshold 4 kept; C
-- (tied with B, listed later) out, its 2 ballots exhaust; round 2 A 3 of
-- 5 active, but 3 / 7 = 42.85% as RCTab prints it (not 60%).
SELECT is((SELECT array_agg(row(round, candidate, votes, percent)::text ORDER BY round, candidate)
           FROM canvass.rcv_rounds((SELECT canvass.rcv_tabulate(r, pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"doesFirstRoundDetermineThreshold": true}'))
                                    FROM (VALUES ('{A}'::text[]), ('{A}'), ('{A}'), ('{B}'), ('{B}'), ('{C}'), ('{C}')) v(r)))),
          ARRAY['(1,A,3,42.85)', '(1,B,2,28.57)', '(1,C,2,28.57)', '(2,A,3,42.85)', '(2,B,2,28.57)'],
          'doesFirstRoundDetermineThreshold: % of vote of round 1''s active ballots, as RCTab');

-- skippedRankLabel of the CVR source ("undervote", as ES&S writes an
-- unmarked rank): the same as a NULL rank.  The ballots with "undervote"
-- in place of NULL or '' count as the small ones do.
SELECT is((SELECT canvass.rcv_tabulate(replace(replace(ranking::text, 'NULL', 'undervote'), '""', 'undervote')::text[],
                                       (SELECT c FROM small_cfg) || '{"cvrFileSources": [{"skippedRankLabel": "undervote"}]}')
           FROM small),
          (SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM small_cfg)) FROM small), 'the skippedRankLabel of the CVR source is a skipped rank');
SELECT is((SELECT canvass.rcv_tabulate('{undervote,undervote}', (SELECT c FROM small_cfg) || '{"cvrFileSources": [{"skippedRankLabel": "undervote"}]}') #>> '{summary,undervotes}'),
          '1', 'a ballot of skipped-rank labels only has no rankings (an undervote)');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A|undervote}', (SELECT c FROM small_cfg) || '{"cvrFileSources": [{"skippedRankLabel": "undervote"}]}')$$),
          E'22023\nskipped-rank label in an overvote of rank 1\n"undervote" is the CVR source''s skippedRankLabel, joined to other marks by the overvote delimiter.\nWrite a skipped rank alone, as RCTab requires.',
          'the skipped-rank label inside an overvote: an error, as RCTab''s');

-- NULL in each argument, no rows.
SELECT is((SELECT canvass.rcv_tabulate(r, pg_temp.cfg(ARRAY['A', 'B'])) #> '{results,0}'
           FROM (VALUES ('{A}'::text[]), (NULL), ('{}'), ('{NULL,NULL}')) v(r)),
          '{"round": 1, "tally": {"A": 1, "B": 0}, "threshold": 1, "activeBallots": 1,
            "tallyResults": [{"elected": "A", "tiebreak": false, "transfers": {}}],
            "inactiveBallots": {"overvotes": 0, "skippedRankings": 0, "exhaustedChoices": 0, "repeatedRankings": 0}}'::jsonb,
          'a NULL, empty or all-NULL ranking is a ballot with no rankings');
SELECT is((SELECT canvass.rcv_tabulate(r, pg_temp.cfg(ARRAY['A', 'B'])) #>> '{summary,undervotes}'
           FROM (VALUES ('{A}'::text[]), (NULL), ('{}'), ('{NULL,NULL}')) v(r)),
          '3', '... counted as undervotes, as RCTab''s "Number of Undervotes (No Rankings)"');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', NULL)$$),
          E'22004\nrules of rcv_tabulate must not be NULL\nEvery row needs the contest config.\nPass the contest config as RCTab writes it (its JSON file), for example pg_read_file(''contest_config.json'')::jsonb.',
          'NULL rules: 22004 with detail and hint');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate(NULL, NULL)$$), pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', NULL)$$),
          'NULL ranking and NULL rules: the same error');
SELECT is((SELECT canvass.rcv_tabulate(ranking, :'cfg'::jsonb) FROM rcv_ballots WHERE false), NULL, 'no rows: NULL');
SELECT is((SELECT count(*) FROM canvass.rcv_rounds(NULL)), 0::bigint, 'rcv_rounds(NULL): no rows');

-- Bad input: SQLSTATE, message, detail and hint.
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A,Zed}', pg_temp.cfg(ARRAY['A', 'B']))$$),
          E'22023\nunknown candidate "Zed" in a ranking\nRank 2 names a candidate that is not among the config''s candidate names, codes, aliases or labels.\nAdd it to the config''s "candidates" (or as an alias), or give cvrFileSources an undeclaredWriteInLabel for write-ins.',
          'unknown candidate: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B'], '{"overvoteRule": "exhaustSometimes"}'))$$),
          E'22023\ninvalid contest config\nrules "overvoteRule" is "exhaustSometimes", not one of RCTab''s rules.\nUse "exhaustImmediately", "alwaysSkipToNextRank" or "exhaustIfMultipleContinuing".',
          'unknown overvoteRule: 22023');
-- A candidate named as a transfers key would have its transfers merged with
-- the ballots that leave the count: both names are refused.
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'exhausted']))$$),
          E'22023\ninvalid contest config\nCandidate 2 is named "exhausted", the key under which a round''s transfers list the ballots that leave the count.\nRename the candidate (its code and aliases may keep the name), so its transfers cannot be mistaken for those ballots.',
          'a candidate named "exhausted": 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['residual surplus', 'A']))$$),
          E'22023\ninvalid contest config\nCandidate 1 is named "residual surplus", the key under which a round''s transfers list the ballots that leave the count.\nRename the candidate (its code and aliases may keep the name), so its transfers cannot be mistaken for those ballots.',
          'a candidate named "residual surplus": 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B'], '{"maxSkippedRanksAllowed": "lots"}'))$$),
          E'22023\ninvalid contest config\nrules "maxSkippedRanksAllowed" is "lots": it must be "unlimited" or an integer from 0 to 2147483647.\nPass the contest config as RCTab writes it (its JSON file), for example pg_read_file(''contest_config.json'')::jsonb.',
          'bad maxSkippedRanksAllowed: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B'], '{"tiebreakMode": "stopCountingAndAsk"}'))$$),
          E'0A000\ntiebreakMode "stopCountingAndAsk" is not supported by rcv_tabulate\nThis mode asks an operator to break each tie during the count; a query cannot stop to ask.\nUse "useCandidateOrder", "random", "generatePermutation" or "previousRoundCountsThenRandom" (the last three with randomSeed), or count with RCTab itself.',
          'stopCountingAndAsk: 0A000, not supported');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B'], '{"tiebreakMode": "random"}'))$$),
          E'22023\ninvalid contest config\nrules "randomSeed" is missing.\nRCTab writes every rule into the config; pass its file as it is.',
          'random tie-breaks without randomSeed: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B'], '{"numberOfWinners": "2"}'))$$),
          E'22023\ninvalid contest config\nwinnerElectionMode "singleWinnerMajority" elects one candidate, and "numberOfWinners" is 2.\nUse "multiWinnerAllowMultipleWinnersPerRound" or "multiWinnerAllowOnlyOneWinnerPerRound" for more seats.',
          'two winners under singleWinnerMajority: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "bottomsUpUsingPercentageThreshold", "numberOfWinners": "0", "multiSeatBottomsUpPercentageThreshold": "101"}'))$$),
          E'22023\ninvalid contest config\nrules "multiSeatBottomsUpPercentageThreshold" is "101": it must be a percentage above 0 and at most 100, with at most 7 decimal places.\nRCTab writes it as a number of percent, such as "15".',
          'a percentage over 100: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"cutoffElimination": true}'))$$),
          E'22023\ninvalid contest config\ncutoffElimination goes with winnerElectionMode "bottomsUpUsingPercentageThreshold" only.\nSet cutoffElimination to false, as RCTab requires.',
          'cutoffElimination in another mode: 22023');
-- bottomsUpUsingPercentageThreshold 25, by hand, on the stv ballots of
-- below (A 6, B 1, C 2 of 9): the threshold 9 x 25% = 2.25; not all over
-- it: B (lowest) out, its ballot exhausts; round 2: 8 active, threshold
-- 2; A 6 and C 2: C is not over 2, so C goes; round 3: A 6 of 6 (1.5):
-- elected.  With cutoffElimination, round 1 drops B and C together (both
-- under 2.25).
SELECT is((SELECT array_agg(row(round, candidate, votes, status)::text ORDER BY round, candidate)
           FROM canvass.rcv_rounds((SELECT canvass.rcv_tabulate(r, pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "bottomsUpUsingPercentageThreshold", "numberOfWinners": "0", "multiSeatBottomsUpPercentageThreshold": "25"}'))
                                    FROM (VALUES ('{A,B}'::text[]), ('{A,B}'), ('{A,B}'), ('{A,B}'), ('{A,C}'), ('{A,C}'), ('{B}'), ('{C,B}'), ('{C,B}')) v(r)))),
          ARRAY['(1,A,6,continuing)', '(1,B,1,eliminated)', '(1,C,2,continuing)', '(2,A,6,continuing)', '(2,C,2,eliminated)', '(3,A,6,elected)'],
          'bottomsUpUsingPercentageThreshold: eliminate until everyone left is over 25%, by hand');
SELECT is((SELECT jsonb_path_query_array(canvass.rcv_tabulate(r, pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "bottomsUpUsingPercentageThreshold", "numberOfWinners": "0", "multiSeatBottomsUpPercentageThreshold": "25", "cutoffElimination": true}')),
                                          '$.results[*].threshold')
           FROM (VALUES ('{A,B}'::text[]), ('{A,B}'), ('{A,B}'), ('{A,B}'), ('{A,C}'), ('{A,C}'), ('{B}'), ('{C,B}'), ('{C,B}')) v(r)),
          '[2.25, 1.5]'::jsonb, '... with cutoffElimination: B and C go together in round 1 (thresholds 2.25, then 6 x 25%)');
-- bottomsUp, 2 seats, by hand: the stv ballots of below (A 6, B 1, C 2):
-- no surplus moves; B is eliminated, its ballot exhausts; A and C, as
-- many as the seats, are elected in round 2 with 6 and 2.
SELECT is((SELECT array_agg(row(round, candidate, votes, status)::text ORDER BY round, candidate)
           FROM canvass.rcv_rounds((SELECT canvass.rcv_tabulate(r, pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "bottomsUp", "numberOfWinners": "2"}'))
                                    FROM (VALUES ('{A,B}'::text[]), ('{A,B}'), ('{A,B}'), ('{A,B}'), ('{A,C}'), ('{A,C}'), ('{B}'), ('{C,B}'), ('{C,B}')) v(r)))),
          ARRAY['(1,A,6,continuing)', '(1,B,1,eliminated)', '(1,C,2,continuing)', '(2,A,6,elected)', '(2,C,2,elected)'],
          'bottomsUp: eliminate to the seats, no surplus, by hand');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "multiPassIrv", "numberOfWinners": "2"}'))$$),
          E'0A000\nwinnerElectionMode "multiPassIrv" is not supported by rcv_tabulate\nSequential multi-seat counts (multiPassIrv) run one single-winner count per seat, each without the winners before.\nCount each pass with rcv_tabulate under singleWinnerMajority, the earlier winners marked "excluded", or count with RCTab itself.',
          'multiPassIrv: 0A000, not supported');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "multiWinnerAllowOnlyOneWinnerPerRound", "numberOfWinners": "1"}'))$$),
          E'22023\ninvalid contest config\nwinnerElectionMode "multiWinnerAllowOnlyOneWinnerPerRound" needs "numberOfWinners" of 2 or more.\nUse "singleWinnerMajority" for one seat.',
          'a multi-winner mode for one seat: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B', 'C'], '{"winnerElectionMode": "multiWinnerAllowMultipleWinnersPerRound", "numberOfWinners": "2", "decimalPlacesForVoteArithmetic": "12"}'))$$),
          E'0A000\ndecimalPlacesForVoteArithmetic 12 is not supported by rcv_tabulate\nrcv_tabulate moves fractions of votes in exact units of at most 9 decimal places.\nUse 9 or fewer (RCTab''s default is 4).',
          'more than 9 decimal places: 0A000');

-- Multi-winner STV, by hand: A, B, C for 2 seats, 4 decimal places.
-- Ballots: 4 [A,B], 2 [A,C], 1 [B], 2 [C,B].  R1: A 6, B 1, C 2; 9
-- active, threshold floor(9 / 3) + 1 = 4: A elected.  Surplus fraction
-- (6 - 4) / 6 = 0.3333 (cut); each A ballot moves 0.3333 and A keeps
-- 6 x 0.6667 = 4.0002, cut to 4 (residual surplus 0.0002).  R2: B 1 +
-- 4 x 0.3333 = 2.3332, C 2 + 2 x 0.3333 = 2.6666: nobody at 4, B (lowest)
-- out, its ballots exhaust (A is elected, no one after).  R3: C the only
-- one left for the last seat: elected.  R4 (every seat filled): C's
-- surplus is nothing (under the threshold), fraction 0, its ballots go
-- no further at value 0; C holds 2.6666.
CREATE TEMP TABLE stv (ranking text[]);
INSERT INTO stv SELECT '{A,B}' FROM generate_series(1, 4);
INSERT INTO stv SELECT '{A,C}' FROM generate_series(1, 2);
INSERT INTO stv VALUES ('{B}'), ('{C,B}'), ('{C,B}');
CREATE TEMP TABLE stv_cfg AS SELECT pg_temp.cfg(ARRAY['A', 'B', 'C'],
  '{"winnerElectionMode": "multiWinnerAllowMultipleWinnersPerRound", "numberOfWinners": "2",
    "decimalPlacesForVoteArithmetic": "4"}') AS c;
SELECT is((SELECT array_agg(row(round, candidate, votes, status, transfer)::text ORDER BY round, candidate)
           FROM canvass.rcv_rounds((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM stv_cfg)) FROM stv))),
          ARRAY['(1,A,6,elected,-2)', '(1,B,1,continuing,1.3332)', '(1,C,2,continuing,0.6666)',
                '(2,A,4,continuing,0)', '(2,B,2.3332,eliminated,-2.3332)', '(2,C,2.6666,continuing,0)',
                '(3,A,4,continuing,0)', '(3,C,2.6666,elected,0)',
                '(4,A,4,continuing,0)', '(4,C,2.6666,continuing,0)'],
          'multi-winner: fractional surplus of A (0.3333 a ballot), B out, C elected, by hand');
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM stv_cfg)) #> '{results,0,tallyResults,0,transfers}' FROM stv),
          '{"B": 1.3332, "C": 0.6666, "residual surplus": 0.0002}'::jsonb,
          '... A''s surplus: 1.3332 to B, 0.6666 to C, 0.0002 residual (6 x 0.6667 - 4)');
SELECT is((SELECT jsonb_build_object('winners', r#>'{summary,winners}', 'threshold', r#>'{summary,finalThreshold}',
                                     'last', r#>'{results,3,inactiveBallots}')
           FROM (SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM stv_cfg)) AS r FROM stv) x),
          '{"winners": ["A", "C"], "threshold": 4,
            "last": {"overvotes": 0, "skippedRankings": 0, "exhaustedChoices": 2.3332, "repeatedRankings": 0, "finalRoundSurplus": 0}}'::jsonb,
          '... winners A and C; the last round reports its final round surplus, as RCTab');
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM stv_cfg) || jsonb_build_object('rules', (SELECT c->'rules' FROM stv_cfg) || '{"nonIntegerWinningThreshold": true}')) #>> '{results,0,threshold}' FROM stv),
          '3.0001', 'nonIntegerWinningThreshold: floor(9 / 3, 4 places) + 0.0001 = 3.0001');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{{A},{B}}', pg_temp.cfg(ARRAY['A', 'B']))$$),
          E'2202E\nranking must be a one-dimensional array\nThe array has 2 dimensions.\nPass one ballot per row as ARRAY[first choice, second choice, ...].',
          'multi-dimensional ranking: 2202E');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', '{"candidates": [], "rules": {}}')$$),
          E'22023\ncontest config has no candidates\n"candidates" must be a non-empty array of objects with a "name".\nPass the contest config as RCTab writes it (its JSON file), for example pg_read_file(''contest_config.json'')::jsonb.',
          'empty contest: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', '[]')$$),
          E'22023\ninvalid contest config\nThe rules are not a JSON object.\nPass the contest config as RCTab writes it (its JSON file), for example pg_read_file(''contest_config.json'')::jsonb.',
          'rules not an object: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B']) || '{"candidates": [{"name": "A", "excluded": true}]}')$$),
          E'22023\ncontest config has no candidate to count\nEvery candidate is excluded.\nSet "excluded" to false for the candidates on the ballot.',
          'every candidate excluded: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A,B,A}', pg_temp.cfg(ARRAY['A', 'B'], '{"maxRankingsAllowed": "2"}'))$$),
          E'22023\nranking goes past maxRankingsAllowed\nRank 3 is marked, beyond the contest''s maxRankingsAllowed.\nRCTab refuses such a ballot too: check the ballot, or raise maxRankingsAllowed in the config ("max" for no limit).',
          'a mark past maxRankingsAllowed: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate(r, c) FROM (VALUES ('{A}'::text[], pg_temp.cfg(ARRAY['A', 'B'])), ('{B}', pg_temp.cfg(ARRAY['A', 'B', 'C']))) v(r, c)$$),
          E'22023\nrules of rcv_tabulate must be the same on every row\nRows of one count carry different contest configs.\nCount one contest at a time: GROUP BY the contest, with its own config on each of its rows.',
          'different rules on two rows: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate(array_fill('A'::text, ARRAY[1001]), pg_temp.cfg(ARRAY['A', 'B']))$$),
          E'54000\nranking has too many ranks or marks for rcv_tabulate\nA ballot holds at most 1000 ranks and 4000 marks in all.\nCheck the query that builds the ranking arrays: one array per ballot, one element per rank.',
          '1001 ranks: 54000');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{$OVERVOTE|A}', pg_temp.cfg(ARRAY['A', 'B']))$$),
          E'22023\nthe overvote mark must stand alone at its rank\nRank 1 holds the overvote mark together with candidates.\nWrite an overvote either as "$OVERVOTE" (or the config''s overvoteLabel) or as the candidates joined by the overvote delimiter, not both.',
          'the overvote mark with a candidate: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A||B}', pg_temp.cfg(ARRAY['A', 'B']))$$),
          E'22023\nempty candidate in an overvote of rank 1\nThe overvote delimiter "|" starts, ends or repeats in the mark.\nJoin two or more candidates with the delimiter, nothing else.',
          'an empty part of an overvote: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'A']))$$),
          E'22023\ninvalid contest config\n"A" (a candidate name) names two different candidates or labels.\nEvery candidate name, code and alias must be unique, as RCTab requires.',
          'two candidates of one name: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate('{A}', pg_temp.cfg(ARRAY['A', 'B'], '{"minimumVoteThreshold": "5"}'))$$),
          E'22023\nevery candidate left is below minimumVoteThreshold\nNo candidate could be left in the count; RCTab stops the count here too.\nLower minimumVoteThreshold in the config (0 for none).',
          'every candidate under minimumVoteThreshold: 22023');
SELECT is(pg_temp.error_of($$SELECT canvass.rcv_tabulate(ARRAY['A'], '{"candidates": [{"name": "A"}], "rules": {"overvoteRule": "exhaustImmediately", "tiebreakMode": "useCandidateOrder", "maxSkippedRanksAllowed": "1"}}')$$),
          E'22023\ninvalid contest config\nrules "maxRankingsAllowed" is missing.\nRCTab writes every rule into the config; pass its file as it is.',
          'a required rule missing: 22023');
SELECT throws_ok($$SELECT canvass.rcv_tabulate(ARRAY[1, 2], pg_temp.cfg(ARRAY['A']))$$, '42883', NULL, 'int[] ranking: no such function');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.rcv_rounds('{"results": [{"tally": {"A": "x"}, "round": 1, "activeBallots": 1}]}')$$),
          E'22023\ninvalid rcv_tabulate result\nThe votes of "A" in round 1 is "x", not a number of votes with at most 9 decimal places.\nPass the jsonb that canvass.rcv_tabulate returned.',
          'rcv_rounds of a malformed result: 22023');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.rcv_rounds('[]')$$),
          E'22023\ninvalid rcv_tabulate result\nThe result is not a JSON object.\nPass the jsonb that canvass.rcv_tabulate returned.',
          'rcv_rounds of an array: 22023');

-- Large input, in parallel: 300,000 generated ballots over 13 candidates,
-- up to 5 ranks, with overvotes and skipped ranks (a plain table:
-- parallel workers cannot read temp tables).
CREATE TABLE rcv_big AS
SELECT i, (SELECT array_agg(CASE WHEN h % 41 = 0 THEN NULL
                                 WHEN h % 53 = 0 THEN 'C' || (h % 13 + 1) || '|C' || ((h / 13) % 13 + 1)
                                 ELSE 'C' || (h % 13 + 1) END ORDER BY k)
           FROM (SELECT k, abs(hashint8(i * 8 + k)) AS h FROM generate_series(1, 1 + abs(hashint8(i)) % 5) k) ks) AS ranking
FROM generate_series(1, 300000) i;
ANALYZE rcv_big;
CREATE TABLE big_cfg AS SELECT pg_temp.cfg(ARRAY(SELECT 'C' || n FROM generate_series(1, 13) n),
                                                '{"overvoteRule": "alwaysSkipToNextRank", "batchElimination": true}') AS c;
CREATE TABLE big_stv_cfg AS SELECT c || jsonb_build_object('rules', c->'rules' ||
  '{"winnerElectionMode": "multiWinnerAllowMultipleWinnersPerRound", "numberOfWinners": "3"}') AS c FROM big_cfg;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE big_serial AS SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM big_cfg)) AS r FROM rcv_big;
CREATE TEMP TABLE big_stv_serial AS SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM big_stv_cfg)) AS r FROM rcv_big;
SELECT pg_temp.force_parallel();
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM big_stv_cfg)) FROM rcv_big), (SELECT r FROM big_stv_serial),
          '300,000 ballots, 3 seats with fractional surpluses: the parallel plan gives the serial result exactly');
SELECT is((SELECT jsonb_array_length(r#>'{summary,winners}') FROM big_stv_serial), 3, '... and elects 3');
SELECT matches(pg_temp.plan_of('SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM big_cfg)) FROM rcv_big'), 'Partial Aggregate',
               'rcv_tabulate runs as a partial aggregate in parallel workers');
SELECT is((SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM big_cfg)) FROM rcv_big), (SELECT r FROM big_serial),
          '300,000 ballots: the parallel plan gives the serial result exactly');
SELECT pg_temp.forbid_parallel();
SELECT is((SELECT (r#>>'{summary,totalNumBallots}')::int FROM big_serial), 300000, '300,000 ballots counted');
SELECT ok((SELECT (r#>>'{summary,distinctRankings}')::int BETWEEN 1000 AND 300000 FROM big_serial),
          'identical rankings kept once with their count');
SELECT is((SELECT bool_and(s.active + s.inactive = 300000) FROM big_serial,
                  LATERAL (SELECT (x->>'activeBallots')::int AS active,
                                  (SELECT sum(v::int) FROM jsonb_each_text(x->'inactiveBallots') t(k, v)) + (r#>>'{summary,undervotes}')::int AS inactive
                           FROM jsonb_array_elements(r->'results') x) s),
          true, 'every round: active, inactive and undervotes add up to every ballot');
SELECT is((SELECT bool_and(x->>'activeBallots' = (SELECT sum(v::int)::text FROM jsonb_each_text(x->'tally') t(k, v)))
           FROM big_serial, jsonb_array_elements(r->'results') x), true, 'every round: the tally adds up to the active ballots');
-- canvass.max_memory: the distinct rankings need more than 1 MB.
SET LOCAL canvass.max_memory = '1MB';
SELECT is(split_part(pg_temp.error_of($$SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM big_cfg)) FROM rcv_big$$), E'\n', 1),
          '53400', 'distinct rankings past canvass.max_memory: 53400');
RESET canvass.max_memory;

SELECT * FROM finish();
ROLLBACK;
