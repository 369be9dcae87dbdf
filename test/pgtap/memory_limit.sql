-- pgTAP: canvass.max_memory.  Each function that holds a partition, a
-- distance table or a growing state refuses input that would need more
-- working memory than the setting allows, with SQLSTATE 53400, before it
-- takes the memory; input just under the limit still runs.  The thresholds
-- are computed by hand from the per-row costs README documents:
--   apportion window 65 B/row, apportion array 69 B/element, turf 150 B/row
--   + 160 B/turf (175 B/row + 170 B/turf with earlier turfs; 320 and 340
--   B/turf from 256 turfs up),
--   walk_order 200 B/row, assign_turfs 8 B per turf-site pair + 100 B per
--   turf or site, plan metrics 48 B per district (checked as the state
--   doubles: 16, 32, ..., 16384, 32768), logit_fit its largest table block,
--   propensity 42 B, votes_in_last 29 B and voted_dates 25 B per date of
--   their arrays.
-- With canvass.max_memory = '1MB' the limit is 1,048,576 bytes.
\i test/helpers.sql
BEGIN;
SELECT plan(35);

-- The setting itself, defined when canvass's library is loaded (by LOAD here,
-- by the first call of a canvass function in a session).
LOAD 'canvass';
SELECT is(current_setting('canvass.max_memory'), '1GB', 'canvass.max_memory defaults to 1GB');
SELECT throws_ok($$SET canvass.max_memory = '512kB'$$, '22023', NULL, 'below 1MB is refused');
SELECT throws_ok($$SET canvass.max_memory = '-1'$$, '22023', NULL, 'negative is refused');
SELECT throws_ok($$SET canvass.max_memory = 'lots'$$, '22023', NULL, 'a non-size is refused');
SET LOCAL canvass.max_memory = '1MB';
SELECT is(current_setting('canvass.max_memory'), '1MB', 'canvass.max_memory takes 1MB');

CREATE TEMP TABLE pts AS
  SELECT i, ST_SetSRID(ST_MakePoint((i * 7919) % 1000, (i * 104729) % 997), 32616) AS g
  FROM generate_series(1, 20000) i;

-- apportion, window form: 16,000 rows x 65 B = 1,040,000 B fits; 20,000 x 65 = 1,300,000 B
-- (1270 kB, rounded up) does not.
SELECT is((SELECT sum(s)::bigint FROM (SELECT canvass.apportion(1000000, 1.0) OVER () s FROM pts WHERE i <= 16000) q),
          1000000::bigint, 'apportion: 16,000 rows fit in 1MB');
SELECT throws_ok($$SELECT canvass.apportion(1000000, 1.0) OVER () FROM pts$$, '53400',
                 'apportion would need 1270 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'apportion: 20,000 rows do not (53400, sizes in the message)');
-- apportion, array form: 15,000 x 69 = 1,035,000 B fits; 20,000 x 69 = 1,380,000 B (1348 kB) not.
SELECT is((SELECT (SELECT sum(x) FROM unnest(canvass.apportion(15000, array_fill(1.0::float8, ARRAY[15000]))) x))::bigint,
          15000::bigint, 'apportion array: 15,000 weights fit');
SELECT throws_ok($$SELECT canvass.apportion(20000, array_fill(1.0::float8, ARRAY[20000]))$$, '53400',
                 'apportion would need 1348 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'apportion array: 20,000 weights do not');

-- turf: 6,000 x 150 = 900,000 B fits; 10,000 x 150 = 1,500,000 B (1465 kB) does not.
SELECT is((SELECT count(DISTINCT t) FROM (SELECT canvass.turf(g, 60) OVER () t FROM pts WHERE i <= 6000) q),
          100::bigint, 'turf: 6,000 rows fit (100 turfs)');
SELECT throws_ok($$SELECT canvass.turf(g, 60) OVER () FROM pts WHERE i <= 10000$$, '53400',
                 'turf would need 1465 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'turf: 10,000 rows do not');
-- turf with earlier turfs: 6,000 x 175 = 1,050,000 B (ceil(1025.4) = 1026 kB) does not
-- fit, where the same rows without them do (above); a constant NULL is no earlier turf.
SELECT throws_ok($$SELECT canvass.turf(g, 60, 1, i % 100) OVER () FROM pts WHERE i <= 6000$$, '53400',
                 'turf would need 1026 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'turf: 6,000 rows with earlier turfs do not');
SELECT is((SELECT count(DISTINCT t) FROM (SELECT canvass.turf(g, 60, 1, NULL) OVER () t FROM pts WHERE i <= 6000) q),
          100::bigint, 'turf: 6,000 rows with a NULL previous turf fit (no earlier turfs)');
-- The limit counts the partition, not the table: 20,000 rows in 4 partitions of 5,000 fit.
-- turf, once the turf count is known: 6,000 rows at target 1 are 6,000 turfs,
-- 900,000 B + 6,000 x 320 = 2,820,000 B (ceil(2753.9) = 2754 kB): refused,
-- counted in turfs (100 turfs at target 60 add 16,000 B: they fit, above).
SELECT throws_ok($$SELECT canvass.turf(g, 1) OVER () FROM pts WHERE i <= 6000$$, '53400',
                 'turf would need 2754 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'turf: 6,000 rows into 6,000 turfs do not');
SELECT is((SELECT count(DISTINCT (i % 4, t)) FROM (SELECT i, canvass.turf(g, 60) OVER (PARTITION BY i % 4) t FROM pts) q),
          332::bigint, 'turf: 4 partitions of 5,000 rows fit (4 x round(5000/60) = 4 x 83 turfs)');

-- walk_order: 5,000 x 200 = 1,000,000 B fits; 6,000 x 200 = 1,200,000 B (1172 kB) does not.
SELECT is((SELECT max(o) FROM (SELECT canvass.walk_order(g) OVER () o FROM pts WHERE i <= 5000) q),
          5000::bigint, 'walk_order: 5,000 rows fit');
SELECT throws_ok($$SELECT canvass.walk_order(g) OVER () FROM pts WHERE i <= 6000$$, '53400',
                 'walk_order would need 1172 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'walk_order: 6,000 rows do not');

-- assign_turfs: 300 x 300 pairs = 720,000 B + 600 x 100 = 780,000 B fits;
-- 400 x 400 = 1,280,000 B + 80,000 B = 1,360,000 B (1329 kB) does not.
SELECT is((SELECT count(*) FROM canvass.assign_turfs(
             (SELECT array_agg(g ORDER BY i) FROM pts WHERE i <= 300),
             (SELECT array_agg(g ORDER BY i) FROM pts WHERE i > 300 AND i <= 600))),
          300::bigint, 'assign_turfs: 300 x 300 fits');
SELECT throws_ok($$SELECT * FROM canvass.assign_turfs(
             (SELECT array_agg(g ORDER BY i) FROM pts WHERE i <= 400),
             (SELECT array_agg(g ORDER BY i) FROM pts WHERE i > 400 AND i <= 800))$$, '53400',
                 'assign_turfs would need 1329 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'assign_turfs: 400 x 400 does not');

-- Plan metrics: 48 B per district, checked when the state doubles.  10,000 districts
-- (checked at 16,384 x 48 = 786,432 B at most) fit; 40,000 cross 32,769 x 48 = 1,572,912 B
-- (1537 kB) and do not.
SELECT ok((SELECT canvass.efficiency_gap(100 + i % 7, 100 + i % 11) FROM generate_series(1, 10000) i) IS NOT NULL,
          'efficiency_gap: a plan of 10,000 districts fits');
SELECT throws_ok($$SELECT canvass.efficiency_gap(100 + i % 7, 100 + i % 11) FROM generate_series(1, 40000) i$$, '53400',
                 'a plan-metrics aggregate would need 1537 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'efficiency_gap: a plan of 40,000 districts does not');
-- The limit is per state: 40,000 districts in 10 plans fit.
SELECT is((SELECT count(*) FROM (SELECT canvass.efficiency_gap(100 + i % 7, 100 + i % 11)
                                 FROM generate_series(1, 40000) i GROUP BY i % 10) q),
          10::bigint, 'efficiency_gap: 10 plans of 4,000 districts fit');

-- logit_fit: one feature, 32 B of sums per distinct value; 1,000 values fit; 100,000
-- distinct values need a block of 65,536 x 32 = 2,097,152 B (2048 kB) and do not.
SELECT ok((SELECT canvass.logit_fit(i % 3 = 0, ARRAY[i::float8]) FROM generate_series(1, 1000) i) IS NOT NULL,
          'logit_fit: 1,000 distinct feature vectors fit');
SELECT throws_like($$SELECT canvass.logit_fit(i % 3 = 0, ARRAY[i::float8]) FROM generate_series(1, 100000) i$$,
                   'logit_fit would need % of working memory, more than canvass.max_memory (1024 kB)',
                   'logit_fit: 100,000 distinct feature vectors do not');

-- Vote history, counted per date of both arrays: propensity 42 B, votes_in_last
-- 29 B, voted_dates 25 B.  propensity: 24,000 calendar days + 960 votes =
-- 24,960 x 42 = 1,048,320 B fits; 25,000 days = 1,050,000 B (ceil(1025.4) =
-- 1026 kB) does not.  votes_in_last: 36,000 x 29 = 1,044,000 B fits; 36,200 x
-- 29 = 1,049,800 B (1026 kB) does not.  voted_dates: 2 x 20,000 x 25 =
-- 1,000,000 B fits; 2 x 21,000 x 25 = 1,050,000 B (1026 kB) does not.
CREATE TEMP TABLE hist AS
  SELECT n, (SELECT array_agg(date '2000-01-01' + i) FROM generate_series(1, n) i) AS cal,
         array_fill('general'::text, ARRAY[n]) AS kinds,
         array_fill(NULL::text, ARRAY[n]) AS marks
  FROM unnest(ARRAY[20000, 21000, 24000, 25000, 36000, 36200]) n;
SELECT is((SELECT canvass.propensity(cal[1:960], NULL, cal, kinds) IS NOT NULL FROM hist WHERE n = 24000),
          true, 'propensity: 24,000 calendar days and 960 votes fit');
SELECT throws_ok($$SELECT canvass.propensity(NULL, NULL, cal, kinds) FROM hist WHERE n = 25000$$, '53400',
                 'propensity would need 1026 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'propensity: 25,000 calendar days do not');
SELECT is((SELECT canvass.votes_in_last(NULL, cal, 4) FROM hist WHERE n = 36000), 0,
          'votes_in_last: 36,000 calendar days fit');
SELECT throws_ok($$SELECT canvass.votes_in_last(NULL, cal, 4) FROM hist WHERE n = 36200$$, '53400',
                 'votes_in_last would need 1026 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'votes_in_last: 36,200 calendar days do not');
SELECT is((SELECT cardinality(canvass.voted_dates(marks, cal)) FROM hist WHERE n = 20000), 0,
          'voted_dates: 20,000 marks and days fit');
SELECT throws_ok($$SELECT canvass.voted_dates(marks, cal) FROM hist WHERE n = 21000$$, '53400',
                 'voted_dates would need 1026 kB of working memory, more than canvass.max_memory (1024 kB)',
                 'voted_dates: 21,000 marks and days do not');

-- The setting reaches parallel workers: the same refusal from a parallel plan.
-- (a plain table: temporary tables are never scanned in parallel)
CREATE TABLE lr AS SELECT i FROM generate_series(1, 100000) i;
ANALYZE lr;
SELECT pg_temp.force_parallel();
SELECT matches(pg_temp.plan_of($$SELECT canvass.logit_fit(i % 3 = 0, ARRAY[i::float8]) FROM lr$$),
               'Partial Aggregate', 'the logit_fit query has a parallel plan');
SELECT throws_ok($$SELECT canvass.logit_fit(i % 3 = 0, ARRAY[i::float8]) FROM lr$$, '53400', NULL,
                 'logit_fit: refused in a parallel plan too');

-- Raising the limit lets the same input through.
SET LOCAL canvass.max_memory = '2MB';
SELECT is((SELECT count(DISTINCT t) FROM (SELECT canvass.turf(g, 60) OVER () t FROM pts WHERE i <= 10000) q),
          167::bigint, 'turf: 10,000 rows fit in 2MB (round(10000/60) = 167 turfs)');
SELECT throws_ok($$SELECT canvass.turf(g, 60) OVER () FROM pts$$, '53400',
                 'turf would need 2930 kB of working memory, more than canvass.max_memory (2048 kB)',
                 'turf: 20,000 rows (3,000,000 B) still do not');
SELECT is(pg_temp.error_of($$SELECT canvass.turf(g, 60) OVER () FROM pts$$),
          E'53400\nturf would need 2930 kB of working memory, more than canvass.max_memory (2048 kB)'
          || E'\nThe input has 20000 rows in the partition, at about 150 bytes each.'
          || E'\nCut smaller areas, for example by adding a column to PARTITION BY. '
          || 'Or raise the limit for this session, for example SET canvass.max_memory = ''4GB''.',
          'the refusal: SQLSTATE, message, detail with the count, hint naming the setting');

SELECT * FROM finish();
ROLLBACK;
