-- pgTAP: expected_turnout, win_number, vote_goal, universe, net_votes,
-- propensity, votes_in_last, voted_dates.  Expected values are DOMAIN.md's
-- reference examples, hand computations in the comments, or the output of
-- test/reference/propensity_reference.py (rerun with
-- `python3 test/reference/propensity_reference.py`).
-- matrix: canvass.expected_turnout(double precision)
-- matrix: canvass.win_number(double precision,text,integer,double precision)
-- matrix: canvass.vote_goal(double precision,double precision)
-- matrix: canvass.universe(double precision,double precision,double precision,double precision,double precision,double precision)
-- matrix: canvass.net_votes(double precision,double precision,double precision)
-- matrix: canvass.propensity(date[],date,date[],text[],text,double precision,double precision)
-- matrix: canvass.votes_in_last(date[],date[],integer)
-- matrix: canvass.voted_dates(text[],date[])
\i test/helpers.sql
BEGIN;
SELECT plan(125);

-- Signatures and labels.
SELECT is_aggregate('canvass', 'expected_turnout', ARRAY['double precision'], 'expected_turnout is an aggregate');
SELECT function_returns('canvass', 'expected_turnout', ARRAY['double precision'], 'jsonb', 'expected_turnout returns jsonb');
SELECT has_function('canvass', 'win_number', ARRAY['double precision', 'text', 'integer', 'double precision'], 'win_number exists');
SELECT function_returns('canvass', 'win_number', ARRAY['double precision', 'text', 'integer', 'double precision'], 'bigint', 'win_number returns bigint');
SELECT function_returns('canvass', 'vote_goal', ARRAY['double precision', 'double precision'], 'bigint', 'vote_goal returns bigint');
SELECT function_returns('canvass', 'universe', ARRAY['double precision', 'double precision', 'double precision', 'double precision', 'double precision', 'double precision'], 'text', 'universe returns text');
SELECT function_returns('canvass', 'net_votes', ARRAY['double precision', 'double precision', 'double precision'], 'double precision', 'net_votes returns float8');
SELECT function_returns('canvass', 'propensity', ARRAY['date[]', 'date', 'date[]', 'text[]', 'text', 'double precision', 'double precision'], 'double precision', 'propensity returns float8');
SELECT function_returns('canvass', 'votes_in_last', ARRAY['date[]', 'date[]', 'integer'], 'integer', 'votes_in_last returns integer');
SELECT function_returns('canvass', 'voted_dates', ARRAY['text[]', 'date[]'], 'date[]', 'voted_dates returns date[]');
SELECT is((SELECT array_agg(DISTINCT provolatile::text || proparallel::text) FROM pg_proc
           WHERE pronamespace = 'canvass'::regnamespace
             AND proname IN ('expected_turnout', 'win_number', 'vote_goal', 'universe', 'net_votes',
                             'propensity', 'votes_in_last', 'voted_dates')),
          ARRAY['is'], 'all immutable and parallel safe');
SELECT is((SELECT aggcombinefn::text FROM pg_aggregate WHERE aggfnoid = 'canvass.expected_turnout(float8)'::regprocedure),
          'canvass_internal.expected_turnout_combine', 'expected_turnout has a combine function');

-- expected_turnout.  p = .5, .25, 1: E = 1.75; var = .25 + .1875 + 0 = .4375,
-- sd = sqrt(.4375) = 0.6614378277661477; low = 1.75 - 1.959963984540054 *
-- 0.6614378277661477 = 0.4536056795659431; high = 3.0464 clipped to 3 voters.
SELECT is(canvass.expected_turnout(p),
          '{"voters": 3, "expected": 1.75, "sd": 0.6614378277661477, "low": 0.4536056795659431, "high": 3}'::jsonb,
          'expected_turnout of .5, .25, 1')
FROM (VALUES (0.5), (0.25), (1.0), (NULL)) v(p);
SELECT is(canvass.expected_turnout(p), '{"voters": 0, "expected": 0, "sd": 0, "low": 0, "high": 0}'::jsonb,
          'no rows: nobody votes') FROM (SELECT 0.5::float8 WHERE false) v(p);
SELECT is(canvass.expected_turnout(NULL::float8)->>'voters', '0', 'NULL p is skipped');
SELECT is(canvass.expected_turnout(p)->>'low', '0', 'interval clipped at 0') FROM (VALUES (0.01), (0.02)) v(p);
SELECT throws_ok($$SELECT canvass.expected_turnout(55)$$, '22023', 'turnout probability must be between 0 and 1', 'p = 55: 22023');
SELECT throws_ok($$SELECT canvass.expected_turnout(-0.1)$$, '22023', 'turnout probability must be between 0 and 1', 'p < 0: 22023');
SELECT throws_ok($$SELECT canvass.expected_turnout('NaN')$$, '22023', 'turnout probability must not be NaN', 'NaN: 22023');
SELECT throws_ok($$SELECT canvass.expected_turnout('Infinity')$$, '22023', 'turnout probability must be between 0 and 1', 'Infinity: 22023');
SELECT throws_ok($$SELECT canvass.expected_turnout('-Infinity')$$, '22023', 'turnout probability must be between 0 and 1', '-Infinity: 22023');
SELECT throws_ok($$SELECT canvass.expected_turnout('x')$$, '22P02', NULL, 'text: not a number');

-- 1M voters, p = (i % 100) / 100: E = 10000 * (0 + .01 + ... + .99) = 495000;
-- var = 10000 * (49.5 - sum j^2 / 10000) = 10000 * (49.5 - 32.835) = 166650.
CREATE TABLE voters AS SELECT i, (i % 100) / 100.0::float8 AS p FROM generate_series(1, 1000000) i;
ANALYZE voters;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE et_serial AS SELECT canvass.expected_turnout(p) AS e FROM voters;
SELECT cmp_ok(abs((e->>'expected')::float8 - 495000), '<', 1e-6::float8, '1M voters: expected 495000') FROM et_serial;
SELECT cmp_ok(abs((e->>'sd')::float8 - sqrt(166650::float8)), '<', 1e-9::float8, '1M voters: sd sqrt(166650)') FROM et_serial;
SELECT is((e->>'voters')::int, 1000000, '1M voters counted') FROM et_serial;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of('SELECT canvass.expected_turnout(p) FROM voters'), 'Partial Aggregate',
               'expected_turnout runs as a partial aggregate');
SELECT is((SELECT canvass.expected_turnout(p) FROM voters), (SELECT e FROM et_serial),
          'parallel plan: the same jsonb as the serial plan');
SELECT is((SELECT canvass.expected_turnout(p) FROM voters WHERE i < 0)->>'voters', '0', 'parallel plan over zero rows');
SELECT pg_temp.forbid_parallel();
SELECT is((SELECT canvass.expected_turnout(p) FROM (SELECT p FROM voters ORDER BY md5(i::text)) s), (SELECT e FROM et_serial),
          'another row order: the same jsonb');

-- win_number: DOMAIN.md section 3.
SELECT is(canvass.win_number(1748), 875::bigint, 'majority of 1,748: floor(1748/2) + 1 = 875');
SELECT is(canvass.win_number(1749), 875::bigint, 'majority of 1,749: 875');
SELECT is(canvass.win_number(1748.6), 875::bigint, 'majority of 1,748.6: floor(874.3) + 1 = 875');
SELECT is(canvass.win_number(1000, 'top_k', 2), 334::bigint, 'top two of 1,000: floor(1000/3) + 1 = 334');
SELECT is(canvass.win_number(999, 'top_k', 2), 334::bigint, 'top two of 999: 333 + 1 = 334');
SELECT is(canvass.win_number(1000, 'threshold', threshold => 0.30), 301::bigint, 'NC 30% of 1,000: more than 300');
SELECT is(canvass.win_number(1000, 'threshold', threshold => 0.35), 351::bigint, 'SD 35% of 1,000: 351');
SELECT is(canvass.win_number(260316), 130159::bigint, 'GA-6 runoff, 134,799 + 125,517 = 260,316 votes: 130,159');
SELECT is(canvass.win_number(0), 1::bigint, 'no expected votes: 1');
SELECT is(canvass.win_number(NULL), NULL, 'NULL expected votes: NULL');
SELECT is(canvass.win_number(100, NULL), NULL, 'NULL rule: NULL');
SELECT is(canvass.win_number(100, 'top_k', NULL), NULL, 'NULL k: NULL');
SELECT throws_ok($$SELECT canvass.win_number(100, 'plurality')$$, '22023', 'unknown win_number rule "plurality"', 'unknown rule');
SELECT throws_ok($$SELECT canvass.win_number(100, 'threshold')$$, '22023', 'rule ''threshold'' needs a threshold', 'threshold missing');
SELECT throws_ok($$SELECT canvass.win_number(100, 'threshold', threshold => 30)$$, '22023', 'threshold must be greater than 0 and less than 1', 'threshold 30');
SELECT throws_ok($$SELECT canvass.win_number(100, 'majority', threshold => 0.3)$$, '22023', 'threshold is only used with rule ''threshold''', 'threshold with majority');
SELECT throws_ok($$SELECT canvass.win_number(100, 'majority', 2)$$, '22023', 'k is only used with rule ''top_k''', 'k with majority');
SELECT throws_ok($$SELECT canvass.win_number(100, 'top_k', 0)$$, '22023', 'k must be 1 or more', 'k = 0');
SELECT throws_ok($$SELECT canvass.win_number(-1)$$, '22023', 'expected votes must be a finite number of 0 or more', 'negative');
SELECT throws_ok($$SELECT canvass.win_number('NaN')$$, '22023', 'expected votes must be a finite number of 0 or more', 'NaN');
SELECT throws_ok($$SELECT canvass.win_number('Infinity')$$, '22023', 'expected votes must be a finite number of 0 or more', 'Infinity');

-- vote_goal.
SELECT is(canvass.vote_goal(1748), 909::bigint, 'DOMAIN: 52% of 1,748 = 908.96, rounded up 909');
SELECT is(canvass.vote_goal(50), 26::bigint, '52% of 50 is exactly 26 (not 27: exact decimal, where 50 * 0.52 in binary is 26.000000000000004)');
SELECT is(canvass.vote_goal(1000, 0.5), 500::bigint, '50% of 1,000: 500');
SELECT is(canvass.vote_goal(NULL), NULL, 'NULL expected votes: NULL');
SELECT is(canvass.vote_goal(100, NULL), NULL, 'NULL share: NULL');
SELECT throws_ok($$SELECT canvass.vote_goal(100, 52)$$, '22023', 'target share must be greater than 0 and at most 1', 'share 52');
SELECT throws_ok($$SELECT canvass.vote_goal(100, 'NaN')$$, '22023', 'target share must be greater than 0 and at most 1', 'share NaN');
SELECT throws_ok($$SELECT canvass.vote_goal('-Infinity')$$, '22023', 'expected votes must be a finite number of 0 or more', 'expected -Infinity');

-- Goals that add up: DOMAIN.md's six-precinct DFA example.  Registration
-- 740/446/463/599/686/1002 at 32/55/51/43/42/48% expected turnout, rounded
-- up per precinct as the worksheet does: 237, 246, 237, 258, 289, 481 (sum 1,748).
CREATE TEMP TABLE dfa AS
SELECT precinct, ceil(reg * rate)::float8 AS expected
FROM unnest(ARRAY[1, 2, 3, 4, 5, 6], ARRAY[740, 446, 463, 599, 686, 1002],
            ARRAY[.32, .55, .51, .43, .42, .48]) u(precinct, reg, rate);
SELECT is((SELECT sum(expected) FROM dfa), 1748::float8, 'DFA: E = 1,748');
-- The worksheet's per-precinct win numbers E/2 + 1 rounded up: 120 124 120 130 146 242 = 882.
SELECT is((SELECT sum(ceil(expected / 2 + 1)) FROM dfa), 882::float8, 'DFA: per-precinct win numbers rounded up sum to 882');
SELECT is((SELECT sum(canvass.vote_goal(expected)) FROM dfa), 913::numeric, 'DFA: per-precinct 52% goals rounded up sum to 913');
SELECT is((SELECT canvass.win_number(sum(expected)) FROM dfa), 875::bigint, 'DFA: district win number 875');
SELECT is((SELECT canvass.vote_goal(sum(expected)) FROM dfa), 909::bigint, 'DFA: district 52% goal 909');
-- apportion(875) over expected: quotas 875 * E / 1748 = 118.64 123.14 118.64
-- 129.15 144.67 240.78; floors sum 872; the 3 left go to .78, .67 and the
-- first .64 (tie: the earlier precinct): 119 123 118 129 145 241.
SELECT is((SELECT array_agg(g ORDER BY precinct) FROM (
             SELECT precinct, canvass.apportion(875, expected) OVER (ORDER BY precinct) AS g FROM dfa) x),
          ARRAY[119, 123, 118, 129, 145, 241]::bigint[], 'DFA: precinct win numbers by apportion add up to 875');
-- apportion(909): quotas 123.25 127.93 123.25 134.17 150.29 250.13; floors
-- 907; the 2 left to .93 and .29: 123 128 123 134 151 250.
SELECT is((SELECT array_agg(g ORDER BY precinct) FROM (
             SELECT precinct, canvass.apportion(goal, expected) OVER (ORDER BY precinct) AS g
             FROM dfa, (SELECT canvass.vote_goal(sum(expected)) AS goal FROM dfa) d) x),
          ARRAY[123, 128, 123, 134, 151, 250]::bigint[], 'DFA: precinct goals by apportion add up to 909');
-- Precinct 6's goal of 250 to three turfs of 200, 180 and 101 expected
-- voters: quotas 103.95 93.56 52.49, floors 248, the 2 left to .95 and .56.
SELECT is(canvass.apportion(250, ARRAY[200, 180, 101]), ARRAY[104, 94, 52]::bigint[], 'turf goals of precinct 6 add up to 250');

-- universe: default bands support < .3 | .3 - .7 | >= .7, turnout likely >= .5, high >= .7.
SELECT is(canvass.universe(0.8, 0.9), 'base', 'supporter, high turnout: base');
SELECT is(canvass.universe(0.7, 0.7), 'base', 'the band edges .7/.7 belong to base');
SELECT is(canvass.universe(0.8, 0.3), 'gotv', 'supporter, low turnout: gotv');
SELECT is(canvass.universe(0.8, 0.69), 'gotv', 'supporter, middle turnout: gotv');
SELECT is(canvass.universe(0.5, 0.6), 'persuasion', 'middle support, likely voter: persuasion');
SELECT is(canvass.universe(0.3, 0.5), 'persuasion', 'the edges .3/.5 belong to persuasion');
SELECT is(canvass.universe(0.5, 0.2), 'none', 'middle support, unlikely voter: none');
SELECT is(canvass.universe(0.29, 0.9), 'opposition', 'low support: opposition');
SELECT is(canvass.universe(0.65, 0.9, support_high => 0.6), 'base', 'custom band');
SELECT is(canvass.universe(NULL, 0.5), NULL, 'NULL support: NULL');
SELECT is(canvass.universe(0.5, NULL), NULL, 'NULL turnout: NULL');
SELECT throws_ok($$SELECT canvass.universe(80, 0.5)$$, '22023', 'support score must be between 0 and 1', 'support 80 (a 0-100 score)');
SELECT throws_ok($$SELECT canvass.universe(0.5, 'NaN')$$, '22023', 'turnout score must not be NaN', 'turnout NaN');
SELECT throws_ok($$SELECT canvass.universe(0.5, 0.5, 0.8, 0.7)$$, '22023', 'universe bands are out of order', 'bands out of order');

-- net_votes: DOMAIN.md, 1 vote per 14 contacts at s = .8 is 14 / .6 = 23.3 contacts per net vote.
SELECT is(round((1 / canvass.net_votes(0.8, 0.5, 1.0 / 14))::numeric, 1), 23.3, '23.3 contacts per net vote');
SELECT is(canvass.net_votes(0.5, 0.5), 0::float8, 'an even voter nets nothing');
SELECT is(round(canvass.net_votes(0.2, 0.5, 0.1)::numeric, 12), -0.06, 'an opponent: 0.1 * (0.4 - 1) = -0.06');
SELECT is(round(canvass.net_votes(1, 0.97, 0.071)::numeric, 12), 0.03, 'a 97% voter can be lifted by 3 points only');
SELECT is(canvass.net_votes(1, 0), 0.071::float8, 'default lift 0.071 (six cities, 2001)');
SELECT is(canvass.net_votes(1, NULL), NULL, 'NULL turnout: NULL');
SELECT throws_ok($$SELECT canvass.net_votes(80, 0.5)$$, '22023', 'support score must be between 0 and 1', 'support 80');
SELECT throws_ok($$SELECT canvass.net_votes(0.8, 0.5, 7.1)$$, '22023', 'lift must be between 0 and 1', 'lift 7.1 points');

-- propensity: the hand computation of test/c/test_propensity.c in SQL.
SELECT is(round(canvass.propensity('{2020-03-03,2018-11-06}', '2017-01-01',
                                   '{2016-11-08,2018-11-06,2020-03-03,2020-11-03}',
                                   '{general,general,primary,general}', 'general')::numeric, 12),
          round(0.5355487361172393, 12), 'registered 2017, voted 2018 and the 2020 primary: 0.53555');
SELECT is(canvass.propensity(NULL, NULL, '{2016-11-08,2020-11-03}', '{general,general}'), 0::float8, 'NULL voted: never voted, 0');
SELECT is(canvass.propensity('{2020-11-03}', '2021-01-01', '{2016-11-08,2020-11-03}', '{general,general}'), 1::float8,
          'registered after voting: the vote counts');
SELECT is(canvass.propensity(NULL, '2021-01-01', '{2016-11-08,2020-11-03}', '{general,general}'), NULL,
          'registered after every election, never voted: NULL');
SELECT is(canvass.propensity('{2020-11-03}', NULL, '{}', '{}'), NULL, 'empty calendar: NULL');
SELECT is(canvass.propensity('{2020-11-03}', NULL, NULL, '{}'), NULL, 'NULL calendar: NULL');
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08,2016-11-08}', '{general,primary}')$$, '22023',
                 'election calendar must not repeat a date', 'repeated date');
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08}', '{general,primary}')$$, '2202E',
                 'election kinds must match the election calendar', 'kinds length');
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08,NULL}', '{general,primary}')$$, '22004',
                 'election calendar must not contain NULL', 'NULL election date');
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08}', '{general}', half_life => 0)$$, '22023',
                 'half-life must be a positive finite number of years', 'half-life 0');

SELECT is(canvass.propensity('{2016-11-08}', NULL, '{2016-11-08,2020-11-03}', NULL), NULL, 'NULL kinds: NULL');
SELECT is(canvass.propensity('{2016-11-08}', NULL, '{2016-11-08,2020-11-03}', '{general,general}', half_life => NULL), NULL, 'NULL half-life: NULL');
SELECT is(canvass.propensity('{2016-11-08}', NULL, '{2016-11-08,2020-11-03}', '{general,general}', other_kind_weight => NULL), NULL, 'NULL other-kind weight: NULL');
-- NULL target kind: every kind weighs 1.  Voted 2016 only: weights 2^(-1456/365.25/4) = 0.501187491378228 and 1.
SELECT is(round(canvass.propensity('{2016-11-08}', NULL, '{2016-11-08,2020-11-03}', '{primary,general}')::numeric, 12),
          round(0.501187491378228 / 1.501187491378228, 12), 'NULL target kind: kinds weigh alike');
SELECT is(canvass.propensity('{2016-11-08,NULL}', NULL, '{2016-11-08}', '{general}'), 1::float8, 'NULL element of voted is ignored');
-- (typed: an untyped literal goes to the text form, which reads YYYY-MM-DD only
-- and refuses 'infinity' with 22007, test/pgtap/date_text.sql)
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08,infinity}'::date[], '{general,general}')$$, '22023',
                 'election calendar must hold finite dates', 'infinite election date');
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08}', '{general}', half_life => 'Infinity')$$, '22023',
                 'half-life must be a positive finite number of years', 'half-life Infinity');
SELECT throws_ok($$SELECT canvass.propensity('{}', NULL, '{2016-11-08}', '{general}', other_kind_weight => 'NaN')$$, '22023',
                 'weight of other election kinds must be a finite number of 0 or more', 'other-kind weight NaN');
SELECT is(canvass.propensity('{}', '-infinity', '{2016-11-08}', '{general}'), 0::float8, 'registered -infinity: eligible for all');
SELECT is(canvass.votes_in_last(NULL, '{2016-11-08}', 1), 0, 'votes_in_last: NULL voted is 0');
SELECT is(canvass.votes_in_last('{}', NULL, 1), NULL, 'votes_in_last: NULL calendar');
SELECT is(canvass.voted_dates(NULL, '{2016-11-08}'), NULL, 'voted_dates: NULL marks');
SELECT is(canvass.voted_dates('{}', '{}'), '{}'::date[], 'voted_dates: empty');

-- Large input: 1M voters over an 8-election calendar; voter i voted in
-- election j (0-based) when bit j of i is set, registered i % 3000 days after
-- 2012-01-01.  Expected, for the first 100,000 voters (every vote pattern
-- and registration date): the definition computed in plain SQL (one row
-- per voter and election, weights 2^(-age/4) times 0.5 for primaries).
CREATE TABLE cal AS
SELECT j, d, kind FROM unnest(ARRAY[0, 1, 2, 3, 4, 5, 6, 7],
  '{2014-05-06,2014-11-04,2016-05-03,2016-11-08,2018-05-08,2018-11-06,2020-06-02,2020-11-03}'::date[],
  '{primary,general,primary,general,primary,general,primary,general}'::text[]) u(j, d, kind);
CREATE TABLE pv AS
SELECT i, date '2012-01-01' + i % 3000 AS registered,
       ARRAY(SELECT d FROM cal WHERE (i >> j) & 1 = 1) AS voted
FROM generate_series(1, 1000000) i;
ANALYZE pv;
CREATE TEMP TABLE pv_scores AS
SELECT i, canvass.propensity(voted, registered, (SELECT array_agg(d ORDER BY j) FROM cal),
                             (SELECT array_agg(kind ORDER BY j) FROM cal), 'general') AS s
FROM pv;
CREATE TEMP TABLE pv_sql AS
SELECT i, coalesce(sum(w) FILTER (WHERE v), 0) / nullif(sum(w), 0) AS s
FROM (SELECT pv.i, c.d = ANY (pv.voted) AS v,
             power(2, -((date '2020-11-03' - c.d) / 365.25) / 4) * CASE c.kind WHEN 'general' THEN 1 ELSE 0.5 END AS w,
             c.d >= pv.registered OR c.d = ANY (pv.voted) AS eligible
      FROM pv CROSS JOIN cal c WHERE pv.i <= 100000) x
WHERE eligible GROUP BY i;
SELECT is((SELECT count(*) FROM (SELECT * FROM pv_scores WHERE i <= 100000) p FULL JOIN pv_sql q USING (i)
           WHERE (p.s IS NULL) <> (q.s IS NULL) AND NOT (p.s IS NULL AND q.i IS NULL)
              OR abs(coalesce(p.s, 0) - coalesce(q.s, 0)) > 1e-12), 0::bigint,
          'the first 100,000 voters: propensity equals the definition computed in plain SQL');
SELECT is((SELECT count(*) FROM pv_scores WHERE s IS NULL),
          (SELECT count(*) FROM pv WHERE registered > '2020-11-03' AND cardinality(voted) = 0),
          '1M voters: NULL exactly for voters registered after the calendar who never voted');
SELECT pg_temp.force_parallel();
SELECT is_empty($$SELECT i, canvass.propensity(voted, registered, '{2014-05-06,2014-11-04,2016-05-03,2016-11-08,2018-05-08,2018-11-06,2020-06-02,2020-11-03}',
                                     '{primary,general,primary,general,primary,general,primary,general}', 'general') FROM pv
                  EXCEPT SELECT i, s FROM pv_scores$$, '1M voters: parallel workers give the same scores');
SELECT pg_temp.forbid_parallel();

-- Wide layout: the Ohio sample (data/voterfile/oh_synthetic.csv), a primary vote marked by party letter.
CREATE TEMP TABLE oh ("CAREER_CENTER" text, "CITY" text, "CITY_SCHOOL_DISTRICT" text, "CONGRESSIONAL_DISTRICT" text, "COUNTY_COURT_DISTRICT" text, "COUNTY_ID" text, "COUNTY_NUMBER" text, "COURT_OF_APPEALS" text, "DATE_OF_BIRTH" text, "EDU_SERVICE_CENTER_DISTRICT" text, "EXEMPTED_VILL_SCHOOL_DISTRICT" text, "FIRST_NAME" text, "GENERAL-11/03/2015" text, "LAST_NAME" text, "LIBRARY" text, "LOCAL_SCHOOL_DISTRICT" text, "MAILING_ADDRESS1" text, "MAILING_CITY" text, "MAILING_COUNTRY" text, "MAILING_POSTAL_CODE" text, "MAILING_SECONDARY_ADDRESS" text, "MAILING_STATE" text, "MAILING_ZIP" text, "MAILING_ZIP_PLUS4" text, "MIDDLE_NAME" text, "MUNICIPAL_COURT_DISTRICT" text, "PARTY_AFFILIATION" text, "PRECINCT_CODE" text, "PRECINCT_NAME" text, "PRIMARY-05/07/2013" text, "REGISTRATION_DATE" text, "RESIDENTIAL_ADDRESS1" text, "RESIDENTIAL_CITY" text, "RESIDENTIAL_COUNTRY" text, "RESIDENTIAL_POSTCODE" text, "RESIDENTIAL_SECONDARY_ADDR" text, "RESIDENTIAL_STATE" text, "RESIDENTIAL_ZIP" text, "RESIDENTIAL_ZIP_PLUS4" text, "SOS_VOTERID" text, "STATE_BOARD_OF_EDUCATION" text, "STATE_REPRESENTATIVE_DISTRICT" text, "STATE_SENATE_DISTRICT" text, "SUFFIX" text, "TOWNSHIP" text, "VILLAGE" text, "VOTER_STATUS" text, "WARD" text);
\copy oh FROM 'data/voterfile/oh_synthetic.csv' CSV HEADER
CREATE TEMP TABLE oh_hist AS
SELECT "SOS_VOTERID" AS voter, "REGISTRATION_DATE"::date AS registered,
       canvass.voted_dates(ARRAY["PRIMARY-05/07/2013", "GENERAL-11/03/2015"], '{2013-05-07,2015-11-03}') AS voted
FROM oh;
-- propensity_reference.py: 38 primary votes by party letter, 0 marked X.
SELECT is((SELECT count(*) FROM oh_hist WHERE '2013-05-07' = ANY (voted)), 38::bigint, 'Ohio: 38 primary votes marked by party letter');
SELECT is((SELECT count(*) FROM oh WHERE "PRIMARY-05/07/2013" = 'X'), 0::bigint, 'Ohio: counting only X finds no primary vote');
CREATE TEMP TABLE oh_scores AS
SELECT voter, canvass.propensity(voted, registered, '{2013-05-07,2015-11-03}', '{primary,general}', 'general') AS s,
       canvass.votes_in_last(voted, '{2013-05-07,2015-11-03}', 2) AS n2
FROM oh_hist;
SELECT is((SELECT count(*) FROM oh_scores WHERE s IS NULL), 1::bigint, 'Ohio: 1 voter registered after both elections without a vote');
SELECT is((SELECT round(sum(s)::numeric, 9) FROM oh_scores), 45.774465367, 'Ohio: sum of scores 45.774465367 (reference script)');
SELECT is((SELECT count(*) FROM oh_scores WHERE s = 1), 22::bigint, 'Ohio: 22 perfect scores');
SELECT is((SELECT count(*) FROM oh_scores WHERE n2 = 2), 18::bigint, 'Ohio: 18 voters "2 of 2"');
SELECT is(canvass.voted_dates('{X," ",D,NULL}', '{2016-11-08,2018-11-06,2020-03-03,2020-11-03}'), '{2016-11-08,2020-03-03}'::date[],
          'voted_dates: X and a party letter count; blank and NULL do not');
SELECT throws_ok($$SELECT canvass.voted_dates('{X}', '{2016-11-08,2020-11-03}')$$, '2202E',
                 'history marks must match the election calendar', 'voted_dates: lengths differ');

-- Long layout: a row per voter per election voted, aggregated per voter.
CREATE TEMP TABLE hist (voter int, election date);
INSERT INTO hist VALUES (1, '2016-11-08'), (1, '2020-11-03'), (2, '2020-03-03'), (1, '2020-03-03');
SELECT is((SELECT array_agg(n ORDER BY v) FROM (
             SELECT v, canvass.votes_in_last(array_agg(h.election), '{2016-11-08,2018-11-06,2020-03-03,2020-11-03}', 3) AS n
             FROM generate_series(1, 3) v LEFT JOIN hist h ON h.voter = v GROUP BY v) x),
          ARRAY[2, 1, 0], 'long layout: 2, 1 and 0 of the last 3 (voter 3 has no row)');
SELECT is(canvass.votes_in_last('{}', '{2016-11-08}', NULL), NULL, 'votes_in_last: NULL m');
SELECT throws_ok($$SELECT canvass.votes_in_last('{}', '{2016-11-08}', -1)$$, '22023', 'm must not be negative', 'votes_in_last: m < 0');

SELECT * FROM finish();
ROLLBACK;
