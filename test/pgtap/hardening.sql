-- pgTAP: hardening.  No role reaches an internal error (XX000) with any
-- input: settings meant for tests are superuser-only, every aggregate
-- support function that SQL can call validates the state it is handed
-- (expected_turnout's bigint[] state by the invariants its transition
-- function keeps), the rest cannot be called from SQL at all (their state
-- is of type internal), all live in schema canvass_internal, which only a
-- superuser may use, and sums that overflow say so.  Each expected
-- SQLSTATE and message below is worked out by hand in the comment above it.
\i test/helpers.sql
BEGIN;
SELECT plan(34);

LOAD 'canvass';
CREATE ROLE canvass_test_plain NOLOGIN;
GRANT USAGE ON SCHEMA canvass TO canvass_test_plain;

-- canvass.debug_point_reader is superuser-only (PGC_SUSET): an ordinary role
-- gets 42501 (insufficient_privilege) from SET, as for any such setting.
SET LOCAL ROLE canvass_test_plain;
SELECT throws_ok($$SET canvass.debug_point_reader = 'serialized'$$, '42501',
                 'permission denied to set parameter "canvass.debug_point_reader"',
                 'an ordinary role cannot set canvass.debug_point_reader');
RESET ROLE;
-- A superuser who sets it to 'serialized' still gets a coded error for a
-- line, 22023 like the 'auto' reader's "takes points" error, not XX000.
SET LOCAL canvass.debug_point_reader = 'serialized';
SELECT is(pg_temp.error_of($$SELECT canvass.walk_order('LINESTRING(0 0, 1 1)'::geometry) OVER ()$$),
          '22023' || E'\n' || 'walk_order reads only serialized points when canvass.debug_point_reader is ''serialized'''
          || E'\n' || 'The geometry at row 1 of the partition is not a point in PostGIS''s serialized form that the direct reader takes.'
          || E'\n' || 'Set canvass.debug_point_reader to ''auto'' (the default) to read every geometry.',
          'the serialized reader refuses a line with 22023');
SELECT is(pg_temp.error_of($$SELECT * FROM canvass.assign_turfs(ARRAY['POINT(0 0)'::geometry], ARRAY['MULTIPOINT((1 1))'::geometry])$$),
          '22023' || E'\n' || 'assign_turfs reads only serialized points when canvass.debug_point_reader is ''serialized'''
          || E'\n' || 'The geometry at element 1 of sites is not a point in PostGIS''s serialized form that the direct reader takes.'
          || E'\n' || 'Set canvass.debug_point_reader to ''auto'' (the default) to read every geometry.',
          'the serialized reader refuses a multipoint in an array with 22023');
RESET canvass.debug_point_reader;

-- matrix: canvass_internal.expected_turnout_trans(bigint[],double precision)
-- matrix: canvass_internal.expected_turnout_combine(bigint[],bigint[])
-- matrix: canvass_internal.expected_turnout_final(bigint[])
-- (a NULL state or p gives NULL: the three are STRICT; p outside 0..1 is
-- checked in test/pgtap/turnout.sql through the aggregate.)
-- expected_turnout's state is bigint[5]: voters, then the sums of p and of
-- p(1 - p) as 128-bit integers in units of 2^-60 (high word, low word).
-- The transition function adds 1 voter, round(p 2^60) in [0, 2^60] and
-- round(p(1 - p) 2^60) in [0, min(round(p 2^60), 2^58)], so every state it
-- builds has voters >= 0, 0 <= sum p <= voters 2^60 and
-- 0 <= sum p(1 - p) <= min(sum p, voters 2^58).  A hand-made state that
-- breaks one is 22023; a voter count past 2^63 - 1 is 22003.
CREATE FUNCTION pg_temp.et_error(query text) RETURNS text
LANGUAGE sql AS $$
  SELECT replace(pg_temp.error_of(query), E'\nThe state comes only from expected_turnout''s own functions; call canvass.expected_turnout(p) rather than its support functions.', ' (hint)')
$$;
-- {5, -1, 0, ...}: sum p = -1 x 2^64 = -18446744073709551616 units, below 0
-- (before: "expected" 295147905179352830000 for 5 voters).
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_final('{5,-1,0,0,0}')$$),
          E'22023\ninvalid expected_turnout state\nThe state''s sum of p is -18446744073709551616 x 2^-60, outside 0 to its number of voters, 5. (hint)',
          'final: a negative sum of p is refused');
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_final('{-1,0,0,0,0}')$$),
          E'22023\ninvalid expected_turnout state\nThe state counts -1 voters; a count is never negative. (hint)',
          'final: a negative voter count is refused');
-- 1 voter, sum p = 2^60 + 1 = 1152921504606846977 units: more than 1 voter.
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_final('{1,0,1152921504606846977,0,0}')$$),
          E'22023\ninvalid expected_turnout state\nThe state''s sum of p is 1152921504606846977 x 2^-60, outside 0 to its number of voters, 1. (hint)',
          'final: a sum of p above the voter count is refused');
-- 4 voters, sum p = 2^58 = 288230376151711744 (0.25), sum p(1 - p) one unit more.
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_final('{4,0,288230376151711744,0,288230376151711745}')$$),
          E'22023\ninvalid expected_turnout state\nThe state''s sum of p(1 - p) is 288230376151711745 x 2^-60, more than its sum of p, 288230376151711744 x 2^-60. (hint)',
          'final: a sum of p(1 - p) above the sum of p is refused');
-- 1 voter, p = 1 (2^60 units), sum p(1 - p) = 2^58 + 1: more than 1/4 per voter.
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_final('{1,0,1152921504606846976,0,288230376151711745}')$$),
          E'22023\ninvalid expected_turnout state\nThe state''s sum of p(1 - p) is 288230376151711745 x 2^-60, more than a quarter of its 1 voters (p(1 - p) is at most 1/4). (hint)',
          'final: a sum of p(1 - p) above voters / 4 is refused');
-- sum p(1 - p) = -1 x 2^64.
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_final('{1,0,0,-1,0}')$$),
          E'22023\ninvalid expected_turnout state\nThe state''s sum of p(1 - p) is -18446744073709551616 x 2^-60, below 0. (hint)',
          'final: a negative sum of p(1 - p) is refused');
-- The transition and combine functions check their states too: sum p = -5 x 2^64.
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_trans('{1,-5,0,0,0}', 0.5)$$),
          E'22023\ninvalid expected_turnout state\nThe state''s sum of p is -92233720368547758080 x 2^-60, outside 0 to its number of voters, 1. (hint)',
          'trans: a bad state is refused');
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_combine('{0,0,0,0,0}', '{-3,0,0,0,0}')$$),
          E'22023\ninvalid expected_turnout state\nThe state counts -3 voters; a count is never negative. (hint)',
          'combine: a bad second state is refused');
-- 2^63 - 1 voters plus 1 wrapped to -2^63 before; now 22003.
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_combine('{9223372036854775807,0,0,0,0}', '{1,0,0,0,0}')$$),
          E'22003\nexpected_turnout counts more voters than bigint holds\nAdding 9223372036854775807 and 1 voters passes 9223372036854775807. (hint)',
          'combine: a voter count past 2^63 - 1 is 22003, not a wrap');
SELECT is(pg_temp.et_error($$SELECT canvass_internal.expected_turnout_trans('{9223372036854775807,0,0,0,0}', 0.5)$$),
          E'22003\nexpected_turnout counts more voters than bigint holds\nAdding 9223372036854775807 and 1 voters passes 9223372036854775807. (hint)',
          'trans: a voter count past 2^63 - 1 is 22003');
SELECT is(ARRAY[canvass_internal.expected_turnout_final(NULL)::text, canvass_internal.expected_turnout_trans(NULL, 0.5)::text,
                canvass_internal.expected_turnout_trans('{0,0,0,0,0}', NULL)::text, canvass_internal.expected_turnout_combine(NULL, '{0,0,0,0,0}')::text,
                canvass_internal.expected_turnout_combine('{0,0,0,0,0}', NULL)::text],
          ARRAY[NULL, NULL, NULL, NULL, NULL]::text[], 'a NULL in any argument of a support function gives NULL');
-- A valid hand-made state still works: 2 voters, p = 1 and p = 0: sum p =
-- 2^60 (1 expected), sum p(1 - p) = 0 (sd 0, interval 1..1).
SELECT is(canvass_internal.expected_turnout_final('{2,0,1152921504606846976,0,0}'),
          '{"voters": 2, "expected": 1, "sd": 0, "low": 1, "high": 1}'::jsonb,
          'final: a state the transition function can build is read as before');
SELECT is(canvass_internal.expected_turnout_final(canvass_internal.expected_turnout_trans(canvass_internal.expected_turnout_trans('{0,0,0,0,0}', 1), 0)),
          '{"voters": 2, "expected": 1, "sd": 0, "low": 1, "high": 1}'::jsonb,
          'final: the same state built by the transition function');

-- turf's memory check counts the turfs that can exist: the core cuts
-- min(round(total / target), points) turfs, so at most one per point (README
-- "Memory": 150 B per row + 192 B per turf, 320 B from 256 turfs up).  One
-- point of weight 2,000,000,000 at target 1 is 2e9 turfs by count but one
-- turf: 150 + 192 = 342 B (before: 2e9 x 160 B, "299 GB", refused).
SELECT is((SELECT array_agg(t) FROM (SELECT canvass.turf('POINT(0 0)'::geometry, 1, 2000000000) OVER () t) q),
          ARRAY[1], 'turf: one heavy point is one turf, not refused for 2e9 turfs');
SET LOCAL canvass.max_memory = '1MB';
-- 1,500 points of weight 2 at target 1: 3,000 turfs by count, 1,500 points:
-- 1,500 x 150 + 1,500 x 320 = 705,000 B <= 1,048,576 B, runs (counted by
-- count: 225,000 + 3,000 x 320 = 1,185,000 B, refused); each point its own turf.
SELECT is((SELECT count(DISTINCT t) FROM (SELECT canvass.turf(ST_MakePoint(i, i % 7), 1, 2) OVER () t
                                          FROM generate_series(1, 1500) i) q),
          1500::bigint, 'turf: 1,500 points of weight 2 at target 1 fit in 1MB (1,500 turfs)');
-- 6,000 points of weight 2 at target 1: 12,000 turfs by count, 6,000 can
-- exist: 6,000 x 150 + 6,000 x 320 = 2,820,000 B = ceil(2753.9) = 2754 kB,
-- refused with that figure (counted by count: 900,000 + 12,000 x 320 =
-- 4,740,000 B, 4629 kB).
SELECT is(pg_temp.error_of($$SELECT canvass.turf(ST_MakePoint(i, i % 7), 1, 2) OVER () FROM generate_series(1, 6000) i$$),
          E'53400\nturf would need 2754 kB of working memory, more than canvass.max_memory (1024 kB)\n'
          'The input has 6000 turfs (at most one per point), at about 320 bytes each.\n'
          'Use a larger target, or cut smaller areas, for example by adding a column to PARTITION BY. Or raise the limit for this session, for example SET canvass.max_memory = ''4GB''.',
          'turf: 6,000 points into 12,000 turfs by count are refused for the 6,000 that can exist');
RESET canvass.max_memory;

-- logit_fit with weights whose sum overflows double precision (largest
-- 1.797693e+308).  Three rows of weight 1e308 with 3 distinct features and
-- both outcomes: every weight is finite, the total 3e308 is not (before:
-- "every weighted row has y = true", which is false: one row has y = false).
SELECT is(pg_temp.error_of($$SELECT canvass.logit_fit(y, x, w) FROM (VALUES (true, '{0}'::float8[], 1e308), (false, '{1}', 1e308), (true, '{2}', 1e308)) v(y, x, w)$$),
          E'22003\nlogit_fit weights add up to more than double precision holds\n'
          'The weights of the 3 distinct feature vectors add up to about 3e+308, past the largest double precision number (1.797693e+308).\n'
          'Rescale the weights, for example divide them all by 1e300: the coefficients depend only on their ratios.',
          'logit_fit: a total weight of 3e308 is 22003, not "one outcome"');
-- Two rows with one feature vector and both outcomes, 1e308 each: that
-- vector's weight, 2e308, overflows as the second row is added (before:
-- "every weighted row has y = true").
SELECT is(pg_temp.error_of($$SELECT canvass.logit_fit(y, x, w) FROM (VALUES (true, '{0}'::float8[], 1e308), (false, '{0}', 1e308), (false, '{1}', 1), (true, '{1}', 1)) v(y, x, w)$$),
          E'22003\nlogit_fit weights add up to more than double precision holds\n'
          'The rows with one feature vector weigh about 2e+308 together, past the largest double precision number (1.797693e+308).\n'
          'Rescale the weights, for example divide them all by 1e300: the coefficients depend only on their ratios.',
          'logit_fit: one feature vector weighing 2e308 is 22003');
-- Weights of 1e200 on features of 1e200: the total weight (4e200) is
-- finite, but the Fisher information sums weight x feature^2 = 1e600
-- (before: "features are collinear", which they are not).
SELECT is(pg_temp.error_of($$SELECT canvass.logit_fit(y, x, w) FROM (VALUES (true, '{1e200}'::float8[], 1e200), (false, '{0}', 1e200), (false, '{1e200}', 1e200), (true, '{0}', 1e200)) v(y, x, w)$$),
          E'22003\nlogit_fit sums overflow double precision\n'
          'The Fisher information or the log-likelihood of the fit passes the largest double precision number (1.797693e+308): the weights times the squared features are too large.\n'
          'Rescale the weights (divide them all by one number) or the features (for example thousands rather than units).',
          'logit_fit: an information matrix past 1.8e308 is 22003, not "collinear"');
-- The same rows at weights 1e300 less (1 each) fit: the log odds ratio of
-- the 2x2 table {x=0: 1 true, 1 false; x=1e200: 1 true, 1 false} is 0, so
-- both coefficients are 0 (the overflow is the scale's, not the data's).
SELECT is((SELECT canvass.logit_fit(y, x, w) -> 'coefficients' FROM (VALUES (true, '{1}'::float8[], 1.0), (false, '{0}', 1.0), (false, '{1}', 1.0), (true, '{0}', 1.0)) v(y, x, w)),
          '[0, 0]'::jsonb, 'logit_fit: the same table at unit weights fits (coefficients 0, 0)');

-- Every support function of every canvass aggregate, called directly with a
-- hand-made state.  Counted by hand from sql/parts: 71 aggregates (58 plan
-- metrics, 4 logit_fit, expected_turnout, 3 project, logit_shift, 3
-- turnout_interval, rcv_tabulate) with 67 support functions: the
-- metrics' 20 transition functions (plain 4, variant 3, band 3, for bigint
-- and for double precision votes), combine, serialize, deserialize and 9
-- finals (32); logit_fit's 2 transition functions over a boolean outcome
-- and 2 over a 0/1 integer, combine, serial, deserial and final (8);
-- expected_turnout's trans, combine, final (3); project's 3 transition
-- functions, combine, serial, deserial and final (7); logit_shift's trans,
-- combine, serial, deserial and final (5); turnout_interval's 3 transition
-- functions, combine, serial, deserial and final (7); rcv_tabulate's
-- trans, combine, serial, deserial and final (5).  The 64 of all but
-- expected_turnout's take a state of type internal, which no SQL
-- expression can produce: the call is refused at parse time with 42846
-- (cannot cast to internal), bytea deserials included.  expected_turnout's 3
-- take bigint[]: a hand-made state breaking an invariant is 22023.
CREATE FUNCTION pg_temp.support_outcomes(bad_state text)
RETURNS TABLE (fn regprocedure, sqlstate text)
LANGUAGE plpgsql AS $$
DECLARE
  f regprocedure;
  args text;
BEGIN
  FOR f IN
    SELECT DISTINCT x.fn::regprocedure
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid,
         unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn]::oid[]) x(fn)
    WHERE p.pronamespace = 'canvass'::regnamespace AND x.fn <> 0
  LOOP
    SELECT string_agg(CASE t WHEN 'internal'::regtype THEN 'NULL::internal'
                             WHEN 'bigint[]'::regtype THEN quote_literal(bad_state) || '::bigint[]'
                             WHEN 'bytea'::regtype THEN '''\x00''::bytea'
                             WHEN 'double precision'::regtype THEN '0.5'
                             ELSE 'NULL::' || format_type(t, NULL) END, ', ' ORDER BY i)
      INTO args
      FROM pg_proc pr, unnest(pr.proargtypes::oid[]) WITH ORDINALITY u(t, i) WHERE pr.oid = f;
    fn := f;
    sqlstate := split_part(pg_temp.error_of(format('SELECT %s(%s)', f::regproc, args)), E'\n', 1);
    RETURN NEXT;
  END LOOP;
END $$;
SELECT is((SELECT count(*) FROM pg_temp.support_outcomes('{1,-1,0,0,0}')), 67::bigint,
          'canvass aggregates have 67 support functions');
SELECT is((SELECT count(*) FROM pg_temp.support_outcomes('{1,-1,0,0,0}') WHERE sqlstate = '42846'), 64::bigint,
          'the 64 that take internal cannot be called from SQL (42846)');
SELECT is((SELECT array_agg(fn::text ORDER BY fn::text) FROM pg_temp.support_outcomes('{1,-1,0,0,0}') WHERE sqlstate = '22023'),
          ARRAY['canvass_internal.expected_turnout_combine(bigint[],bigint[])', 'canvass_internal.expected_turnout_final(bigint[])',
                'canvass_internal.expected_turnout_trans(bigint[],double precision)'],
          'expected_turnout''s support functions refuse a negative sum of p with 22023');
SELECT is((SELECT array_agg(DISTINCT sqlstate) FROM pg_temp.support_outcomes('{7}')), ARRAY['22023', '42846'],
          'a state of the wrong length: 22023 or 42846, never XX000');
SELECT is((SELECT array_agg(DISTINCT sqlstate) FROM pg_temp.support_outcomes('{{1,0,0,0,0}}')), ARRAY['22023', '42846'],
          'a two-dimensional state: 22023 or 42846, never XX000');

-- Where the plumbing lives.  Every support function of every aggregate of
-- schema canvass is in schema canvass_internal, and that schema holds
-- nothing else: the 67 counted above.
SELECT is((SELECT array_agg(DISTINCT x.fn::regproc::text) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid,
                  unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
                               a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[]) x(fn)
           JOIN pg_proc s ON s.oid = x.fn
           WHERE p.pronamespace = 'canvass'::regnamespace AND s.pronamespace <> 'canvass_internal'::regnamespace),
          NULL, 'every aggregate support function is in schema canvass_internal');
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'canvass_internal'::regnamespace), 67::bigint,
          'schema canvass_internal holds the 67 support functions and nothing else');
-- No role but a superuser may use the schema: an ordinary role cannot name
-- a support function (42501), even one that takes no internal state.
SELECT is(has_schema_privilege('canvass_test_plain', 'canvass_internal', 'USAGE'), false,
          'an ordinary role has no USAGE on canvass_internal');
SET LOCAL ROLE canvass_test_plain;
SELECT throws_ok($$SELECT canvass_internal.expected_turnout_final('{1,0,0,0,0}')$$, '42501',
                 'permission denied for schema canvass_internal',
                 'an ordinary role cannot call a support function');
RESET ROLE;
-- ... but runs the aggregates, in a parallel plan too: PostgreSQL
-- checks EXECUTE on the support functions for the aggregate's owner.  Rows
-- i = 1 .. 100,000: p = (i % 4) / 4 sums to 25,000 x (0 + .25 + .5 + .75) =
-- 37,500; districts (2, 1) for even i and (1, 2) for odd i give A 50,000
-- seats; logit_fit of y = (i % 2 = 0) on x = i % 3 counts its 100,000 rows.
CREATE TABLE hardening_rows AS
  SELECT i, (i % 4) / 4.0::float8 AS p, CASE WHEN i % 2 = 0 THEN 2 ELSE 1 END::bigint AS a,
         CASE WHEN i % 2 = 0 THEN 1 ELSE 2 END::bigint AS b, i % 2 = 0 AS y, ARRAY[(i % 3)::float8] AS x
  FROM generate_series(1, 100000) i;
GRANT SELECT ON hardening_rows TO canvass_test_plain;
SELECT pg_temp.force_parallel();
SET LOCAL ROLE canvass_test_plain;
SELECT matches(pg_temp.plan_of('SELECT canvass.expected_turnout(p), canvass.seats(a, b), canvass.logit_fit(y, x) FROM hardening_rows'),
               'Partial Aggregate', 'an ordinary role''s aggregates get a parallel plan');
SELECT is((SELECT format('%s %s %s', canvass.expected_turnout(p) -> 'expected', canvass.seats(a, b),
                         canvass.logit_fit(y, x) -> 'n' -> 'rows') FROM hardening_rows),
          '37500 50000 100000', 'an ordinary role runs expected_turnout, seats and logit_fit in parallel: 37500, 50000, 100000 rows');
RESET ROLE;
SELECT pg_temp.forbid_parallel();

SELECT * FROM finish();
ROLLBACK;
