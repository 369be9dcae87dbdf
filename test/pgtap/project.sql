-- pgTAP: canvass.project (election-night projection) and canvass.project_row.
-- Expected values by hand (the night of five units below, worked in the
-- comment; the same night is in test/c/test_project.c), from the data
-- checks' rules, and from the plan shape of parallel queries.
-- matrix: canvass.project(double precision,double precision,boolean,double precision,double precision)
-- matrix: canvass.project(double precision,double precision,boolean,double precision,double precision,double precision[])
-- matrix: canvass.project(double precision,double precision,boolean,double precision,double precision,double precision[],double precision)
-- matrix: canvass.project_row(jsonb)
\i test/helpers.sql
BEGIN;
SELECT plan(70);

-- Signatures and labels.
SELECT is_aggregate('canvass', 'project', ARRAY['double precision', 'double precision', 'boolean', 'double precision', 'double precision'],
                    'project(counted_a, counted_b, complete, baseline_a, baseline_b) is an aggregate');
SELECT is_aggregate('canvass', 'project', ARRAY['double precision', 'double precision', 'boolean', 'double precision', 'double precision', 'double precision[]', 'double precision'],
                    'project(..., features, level) is an aggregate');
SELECT function_returns('canvass', 'project_row', ARRAY['jsonb'], 'canvass.projection', 'project_row returns canvass.projection');
SELECT is((SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE p.pronamespace = 'canvass'::regnamespace AND p.proname = 'project'
             AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0 AND p.proparallel = 's'),
          3::bigint, 'the three project aggregates have combine, serial and deserial functions and are parallel safe');

-- The night by hand (no features: both fits are weighted means).
-- Complete: U1 66-44 of baseline 50-50, U2 27-63 of 40-60, U3 99-81 of 100-100.
-- Turnout r = (T - Tb) / (Tb + 1): 10/101 (weight 101), -10/101 (101),
-- -20/201 (201); weighted mean (10 - 10 - 20) / 403 = -20/403, so the
-- fitted turnouts T^ are 100 - 2020/403 (U1, U2) and 200 - 4020/403 (U3).
-- Margin y = (A - B - T^ mb) / T, weight T, mb = (Ab - Bb) / Tb: the
-- weighted sum is 22 + (-36 + 0.2 (100 - 2020/403)) + 18 = 9268/403 over
-- 380 votes, y^ = 9268 / 153140 = 2317/38285 = 0.0605197...  Pending U4,
-- 10-5 counted of baseline 80-120: total 200 + 201 (-20/403) = 76580/403
-- = 190.0248..., margin -0.2 + 2317/38285; A gets T (1 + m) / 2.  Pending
-- U5, 3-1 counted, baseline 0-0: total max(-20/403, 4) = 4: 3-1 stays.
-- Projected A = 195 + T (1 + m) / 2 = 854018155/3085771 = 276.76005...,
-- B = 189 + T (1 - m) / 2 = 917290969/3085771 = 297.26475..., total
-- 384 + 76580/403 = 574.02481..., share counted 399 / 574.02481...
CREATE TEMP TABLE night (u int, a float8, b float8, done boolean, ba float8, bb float8);
INSERT INTO night VALUES (1, 66, 44, true, 50, 50), (2, 27, 63, true, 40, 60), (3, 99, 81, true, 100, 100),
                         (4, 10, 5, false, 80, 120), (5, 3, 1, false, 0, 0);
CREATE TEMP TABLE hand AS SELECT canvass.project(a, b, done, ba, bb) AS p FROM night;
SELECT is((SELECT (p->'counted'->>'a')::float8 FROM hand), 205::float8, 'counted A: 66 + 27 + 99 + 10 + 3');
SELECT is((SELECT (p->'counted'->>'b')::float8 FROM hand), 194::float8, 'counted B: 44 + 63 + 81 + 5 + 1');
SELECT ok((SELECT abs((p->'projected'->>'a')::float8 - 854018155.0 / 3085771) < 1e-9 FROM hand), 'projected A = 854018155/3085771');
SELECT ok((SELECT abs((p->'projected'->>'b')::float8 - 917290969.0 / 3085771) < 1e-9 FROM hand), 'projected B = 917290969/3085771');
SELECT ok((SELECT abs((p->>'expected_total')::float8 - (384 + 76580.0 / 403)) < 1e-9 FROM hand), 'expected total = 574.0248...');
SELECT ok((SELECT abs((p->>'share_counted')::float8 - 399 / (384 + 76580.0 / 403)) < 1e-12 FROM hand), 'share counted = 399 / 574.0248...');
SELECT ok((SELECT abs((p->'projected'->>'margin_share')::float8 - (854018155.0 - 917290969) / 3085771 / (384 + 76580.0 / 403)) < 1e-12 FROM hand),
          'projected margin share = (A - B) / (A + B)');
SELECT ok((SELECT abs((p->'model'->'turnout'->'coefficients'->>0)::float8 + 20.0 / 403) < 1e-15 FROM hand), 'turnout mean -20/403');
SELECT ok((SELECT abs((p->'model'->'margin'->'coefficients'->>0)::float8 - 2317.0 / 38285) < 1e-15 FROM hand), 'margin mean 2317/38285');
SELECT is((SELECT p->'interval' FROM hand), 'null'::jsonb, 'three complete units: no 90% interval');
SELECT is((SELECT p->>'note' FROM hand), 'too few complete units for an interval: it needs 10 more than the features', 'the note says why');
SELECT is((SELECT (canvass.project_row(p)).projected_a FROM hand), (SELECT (p->'projected'->>'a')::float8 FROM hand),
          'project_row: projected_a');
SELECT is((SELECT (canvass.project_row(p)).units_complete FROM hand), 3, 'project_row: units_complete');
SELECT is((SELECT (canvass.project_row(p)).margin_lower FROM hand), NULL, 'project_row: no interval, NULL bounds');
SELECT is((SELECT canvass.project(a, b, done, ba, bb ORDER BY u DESC) FROM night), (SELECT p FROM hand),
          'rows in reverse order: the same jsonb');
SELECT is((SELECT canvass.project(a, b, done, ba, bb, '{}', 0.9) FROM night), (SELECT p FROM hand),
          'no features and level 0.9 = the five-argument form');

-- The interval by hand: ten complete units of baseline 50-49 (Tb = 99)
-- counted 99 votes each (turnout r = 0 for all, residuals 0), five 54-45
-- and five 45-54, and one pending unit of the same baseline.  Margin
-- y = (d - 99 (1/99)) / 99 = 8/99 or -10/99, weight 99; mean -1/99,
-- residuals +-9/99, leave-one-out (h = 99/990) +-10/99.  The pending unit:
-- T = 99, margin 1/99 - 1/99 = 0, so A - B = 0 and dD/dy = T = 99.  Fit
-- error: each unit's influence 99 (+-10/99) (99 / 990) = +-1, sum of
-- squares 10.  Units' error: each residual in votes 99 (+-10/99) = +-10,
-- 1000 over 1000 baseline votes (Tb + 1 = 100 each), times the pending
-- unit's 100: 100.  Standard error sqrt(110) = 10.48808...; the 90%
-- interval +-1.6448536 sqrt(110) = +-17.25137.  With nine complete units,
-- fewer than 10: no interval.
CREATE TEMP TABLE ten AS
SELECT i, CASE WHEN i <= 5 THEN 54 WHEN i <= 10 THEN 45 ELSE 0 END::float8 AS a,
       CASE WHEN i <= 5 THEN 45 WHEN i <= 10 THEN 54 ELSE 0 END::float8 AS b, i <= 10 AS done
FROM generate_series(1, 11) i;
SELECT ok((SELECT abs((canvass.project(a, b, done, 50, 49)->'interval'->>'standard_error')::float8 - sqrt(110)) < 1e-9 FROM ten),
          'ten complete units: standard error sqrt(110)');
SELECT ok((SELECT abs((canvass.project(a, b, done, 50, 49)->'interval'->'error_parts'->>'fit')::float8 - sqrt(10)) < 1e-9 FROM ten),
          'ten complete units: the fit part sqrt(10)');
SELECT ok((SELECT abs((canvass.project(a, b, done, 50, 49)->'interval'->>'margin_upper')::float8 - 1.6448536269514722 * sqrt(110)) < 1e-6 FROM ten),
          'ten complete units: 90% interval +-1.6448536 sqrt(110)');
SELECT is((SELECT canvass.project(a, b, done, 50, 49)->'interval' FROM ten WHERE i <> 10), 'null'::jsonb,
          'nine complete units: no interval');
-- The penalty by leave-one-out error, by hand: four complete units of
-- baseline 50-49 (Tb + 1 = 100), two with feature 0 counting 50-49
-- (r = 0) and two with feature 1 counting 100-98 (r = 99/100).  No
-- penalty fits both groups exactly (leave-one-out error 0) and is chosen:
-- turnout intercept 0, slope 0.99; the pending unit of feature 1
-- projects 99 + 0.99 x 100 = 198 votes, the contest 2 x 99 + 2 x 198 + 198.
CREATE TEMP TABLE sig AS
SELECT * FROM (VALUES (50, 49, true, 0), (50, 49, true, 0), (100, 98, true, 1), (100, 98, true, 1),
                      (0, 0, false, 1)) v(a, b, done, x);
SELECT is((SELECT canvass.project(a, b, done, 50, 49, ARRAY[x]::float8[])->'model'->'turnout'->>'penalty' FROM sig), '0',
          'signal: no penalty');
SELECT ok((SELECT abs((canvass.project(a, b, done, 50, 49, ARRAY[x]::float8[])->'model'->'turnout'->'coefficients'->>1)::float8 - 0.99) < 1e-12 FROM sig),
          'signal: turnout slope 0.99');
SELECT ok((SELECT abs((canvass.project(a, b, done, 50, 49, ARRAY[x]::float8[])->>'expected_total')::float8 - 792) < 1e-9 FROM sig),
          'signal: expected total 2 x 99 + 2 x 198 + 198 = 792');
SELECT is((SELECT canvass.project(a, b, done, ba, bb)->'model'->'margin'->'penalty' FROM night), 'null'::jsonb,
          'no features: the intercept alone, penalty null');

-- An unseen stratum, by hand: features (x1, x2), six complete units at
-- (1, 0) counting 55-44 and six at (0, 1) counting 45-54, baseline 50-49
-- (turnout r = 0); a pending unit at (0, 0), outside their span
-- (x2 = 1 - x1).  x1 and x2 are never 1 together: one categorical
-- variable, whose reference level (0, 0) no complete unit is in.  The
-- unit is projected at the seen levels' shares (1/2, 1/2): margin
-- y = -10/99 + (20/99) / 2 = 0, 99 (1/99) = 1 vote, the contest
-- 66 - 54 + 1 = 13.  The fit is exact: fit and units' parts 0.  Unseen:
-- the seen effects 20/99 and 0, sample variance 2 (10/99)^2, times
-- 1 + 1/4 + 1/4 and (dD/dy = 99)^2: 300; two levels seen, one degree of
-- freedom: times (t_1 / z)^2, t_1 at 0.95 = tan(0.45 pi), z = 1.6448536...
-- The part and the standard error: sqrt(300) tan(0.45 pi) / z = 66.4845...
CREATE TEMP TABLE unseen AS
SELECT canvass.project(CASE WHEN i <= 6 THEN 55 WHEN i <= 12 THEN 45 ELSE 0 END,
                       CASE WHEN i <= 6 THEN 44 WHEN i <= 12 THEN 54 ELSE 0 END, i <= 12, 50, 49,
                       ARRAY[(i <= 6)::int, (i > 6 AND i <= 12)::int]::float8[]) AS p
FROM generate_series(1, 13) i;
SELECT is((SELECT p->'model'->>'units_pooled' FROM unseen), '1', 'unseen stratum: one unit pooled');
SELECT ok((SELECT abs((p->'projected'->>'margin')::float8 - 13) < 1e-9 FROM unseen), 'unseen stratum: projected margin 13');
SELECT ok((SELECT abs((p->'interval'->'error_parts'->>'unseen')::float8
                    - sqrt(300) * tan(0.45 * pi()) / 1.6448536269514722) < 1e-9 FROM unseen),
          'unseen stratum: its part sqrt(300) t_1 / z');
SELECT ok((SELECT abs((p->'interval'->>'standard_error')::float8
                    - sqrt(300) * tan(0.45 * pi()) / 1.6448536269514722) < 1e-9 FROM unseen),
          'unseen stratum: standard error its part alone');

-- Every unit complete: the count is the result, exactly, interval of width 0.
SELECT is((SELECT canvass.project(a, b, true, ba, bb)->'projected'->>'margin' FROM night), '11',
          'all complete: projected margin = counted 205 - 194');
SELECT is((SELECT canvass.project(a, b, true, ba, bb)->'interval'->>'margin_lower' FROM night), '11',
          'all complete: interval [11, 11]');

-- No unit complete: counted votes, no projection (a documented null, never NaN).
SELECT is((SELECT canvass.project(a, b, false, ba, bb)->'projected' FROM night), 'null'::jsonb,
          'no unit complete: projected is null');
SELECT is((SELECT canvass.project(a, b, false, ba, bb)->>'note' FROM night),
          'no complete unit with votes and a baseline yet: nothing to fit', 'no unit complete: the note says why');
SELECT is((SELECT canvass.project(a, b, done, ba, bb) FROM night WHERE false), NULL, 'no rows: NULL');

-- NULL in each argument.
SELECT is((SELECT canvass.project(CASE WHEN u = 5 THEN NULL ELSE a END, b, done, ba, bb)->'counted'->>'a' FROM night),
          '202', 'NULL counted_a: 0 counted (a unit not yet reporting)');
SELECT is((SELECT canvass.project(a, CASE WHEN u = 5 THEN NULL ELSE b END, done, ba, bb)->'counted'->>'b' FROM night),
          '193', 'NULL counted_b: 0 counted');
SELECT is((SELECT canvass.project(a, b, CASE WHEN u = 3 THEN NULL ELSE done END, ba, bb)->>'units_complete' FROM night),
          '2', 'NULL complete: not complete');
SELECT throws_ok($$SELECT canvass.project(a, b, done, NULL, bb) FROM night$$, '22004', 'project baseline must not be NULL', 'NULL baseline_a: error');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, NULL) FROM night$$, '22004', 'project baseline must not be NULL', 'NULL baseline_b: error');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, NULL) FROM night$$, '22004', 'project features must not be NULL', 'NULL features: error');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, ARRAY[NULL]::float8[]) FROM night$$, '22004', 'project feature must not be NULL', 'NULL feature: error');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, '{}', NULL) FROM night$$, '22004', 'project level must not be NULL', 'NULL level: error');
SELECT is(canvass.project_row(NULL), NULL, 'project_row(NULL) is NULL (strict)');

-- Bad input.
SELECT throws_ok($$SELECT canvass.project(-a, b, done, ba, bb) FROM night$$, '22023', 'project votes must not be negative', 'negative votes');
SELECT throws_ok($$SELECT canvass.project('NaN', b, done, ba, bb) FROM night$$, '22003', 'project votes must be finite', 'NaN votes');
SELECT throws_ok($$SELECT canvass.project(a, b, done, 'Infinity', bb) FROM night$$, '22003', 'project votes must be finite', 'infinite baseline');
SELECT throws_ok($$SELECT canvass.project(1e13, b, done, ba, bb) FROM night$$, '22003', 'project votes are out of range', 'votes above 1e12');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, ARRAY['NaN']::float8[]) FROM night$$, '22023', 'project feature must be finite', 'NaN feature');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, ARRAY[[1], [2]]::float8[]) FROM night$$, '2202E', 'project features must be a one-dimensional array', '2-D features');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, CASE WHEN u = 1 THEN '{1}' ELSE '{1,2}' END::float8[]) FROM night$$,
                 '2202E', 'feature arrays of project must all have the same length', 'features of two lengths');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, array_fill(0::float8, ARRAY[33])) FROM night$$,
                 '54000', 'project takes at most 32 features', '33 features');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, '{}', 1) FROM night$$, '22023', 'project level must be between 0 and 1', 'level 1');
SELECT throws_ok($$SELECT canvass.project(a, b, done, ba, bb, '{}', u / 10.0) FROM night$$, '22023', 'project level must be the same on every row', 'a varying level');
-- Counted far above the baseline: 10 x 100 + 100 = 1100 is accepted, 1101 is a data error.
SELECT lives_ok($$SELECT canvass.project(550, 550, true, 50, 50)$$, '1100 counted against a baseline of 100: accepted');
SELECT throws_ok($$SELECT canvass.project(551, 550, true, 50, 50)$$, '22023', 'project counted votes are far above the unit''s baseline',
                 '1101 counted against a baseline of 100: a data error');
-- Baselines of zero: no data check; a unit without a baseline takes the
-- contest's baseline margin (U5 above); with no baseline anywhere there is no
-- margin change to fit: a null projection, never NaN.
SELECT is((SELECT canvass.project(a, b, done, 0, 0)->'projected' FROM night), 'null'::jsonb,
          'every baseline 0: no projection');
SELECT is((SELECT canvass.project(a, b, done, 0, 0)->'counted'->>'a' FROM night), '205',
          'every baseline 0: the count is still reported');
-- A unit repeated: project takes no unit key, so a repeated row counts twice (documented; use a primary key).
SELECT is((SELECT canvass.project(a, b, done, ba, bb)->'counted'->>'a' FROM (SELECT * FROM night UNION ALL SELECT * FROM night WHERE u = 1) s),
          '271', 'a repeated unit counts twice: 205 + 66');
SELECT throws_ok($$SELECT canvass.project_row('[]')$$, '22023', 'invalid projection', 'project_row of a JSON array');
SELECT throws_ok($$SELECT canvass.project_row('{"units": 1}')$$, '22023', 'invalid projection', 'project_row of an object without counted');
SELECT throws_ok($$SELECT canvass.project(a::text, b, done, ba, bb) FROM night$$, '42883', NULL, 'text votes: no such function');

-- Large input, parallel plan: 3,000 precincts x 3 methods, half complete.
CREATE TABLE pnight AS
SELECT i, round(tb * (0.8 + 0.1 * (i % 3)) * (1 + mb) / 2 * CASE WHEN c THEN 1 ELSE 0.3 END)::float8 AS a,
       round(tb * (0.8 + 0.1 * (i % 3)) * (1 - mb) / 2 * CASE WHEN c THEN 1 ELSE 0.3 END)::float8 AS b, c,
       round(tb * (1 + mb) / 2)::float8 AS ba, round(tb * (1 - mb) / 2)::float8 AS bb,
       ARRAY[(i % 3 = 1)::int, (i % 3 = 2)::int]::float8[] AS x
FROM (SELECT i, 100 + abs(hashint4(i)) % 900 AS tb, (abs(hashint4(i + 1)) % 600 - 300) / 1000.0 AS mb,
             hashint4(i + 2) % 2 = 0 AS c FROM generate_series(0, 8999) i) s;
ANALYZE pnight;
SELECT pg_temp.forbid_parallel();
CREATE TEMP TABLE serial_p AS SELECT canvass.project(a, b, c, ba, bb, x, 0.9) AS p FROM pnight;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of('SELECT canvass.project(a, b, c, ba, bb, x, 0.9) FROM pnight'), 'Partial Aggregate',
               'project runs as a partial aggregate in parallel workers');
SELECT is((SELECT canvass.project(a, b, c, ba, bb, x, 0.9) FROM pnight), (SELECT p FROM serial_p),
          '9,000 units: the parallel plan gives the serial projection exactly');
SELECT is((SELECT (p->>'units')::int FROM serial_p), 9000, '9,000 units projected');
SELECT ok((SELECT (p->'interval'->>'margin_lower')::float8 <= (p->'projected'->>'margin')::float8
                  AND (p->'projected'->>'margin')::float8 <= (p->'interval'->>'margin_upper')::float8 FROM serial_p),
          '9,000 units: the interval holds the projected margin');

-- canvass.max_memory: a unit of two features costs 8 x 7 (its values) +
-- 8 x 3 x 4 (its rows in the fits) + 96 (sort keys, residuals) = 248 bytes,
-- and the state grows by doubling.  Under 1MB (1,048,576 bytes) 4,096 units
-- fit (1,015,808 bytes); the 4,097th doubles the state to 8,192 units.
SET LOCAL canvass.max_memory = '1MB';
SELECT pg_temp.forbid_parallel();
SELECT lives_ok($$SELECT canvass.project(a, b, c, ba, bb, x, 0.9) FROM pnight WHERE i < 4096$$,
                'max_memory 1MB: 4,096 units of two features fit');
SELECT throws_ok($$SELECT canvass.project(a, b, c, ba, bb, x, 0.9) FROM pnight WHERE i < 4097$$, '53400',
                 'project would need 1984 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'max_memory 1MB: 4,097 units need the state of 8,192: 53400');
RESET canvass.max_memory;

SELECT * FROM finish();
ROLLBACK;
