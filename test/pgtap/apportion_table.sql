-- pgTAP: canvass.apportion_table, a table with both margins exact.
-- Expected values are tables fitted and rounded by hand (written out
-- below), and properties computed independently in numeric SQL.  The
-- GA-6 split-precinct recipe that uses it is tested in split_precincts.sql.
\i test/helpers.sql
BEGIN;
SELECT plan(30);

-- matrix: canvass.apportion_table(bigint[],double precision[])
-- matrix: canvass.apportion_table(bigint[],bigint[],double precision[])

SELECT has_function('canvass', 'apportion_table', ARRAY['bigint[]', 'double precision[]'], 'weights form exists');
SELECT has_function('canvass', 'apportion_table', ARRAY['bigint[]', 'bigint[]', 'double precision[]'], 'seed form exists');
SELECT is((SELECT array_agg(DISTINCT provolatile::text || proparallel::text || proisstrict::text) FROM pg_proc
           WHERE proname = 'apportion_table' AND pronamespace = 'canvass'::regnamespace),
          ARRAY['istrue'], 'both forms are immutable, parallel safe and strict');

-- Hand examples.  Rows 5, 3, 2 into columns weighted 6 : 4 (totals 6 and 4
-- of 10): quotas [3, 2; 1.8, 1.2; 1.2, 0.8]; floors [3, 2; 1, 1; 1, 0] leave
-- one more for rows 2 and 3 and for columns 1 and 2; rounding up (2,1) and
-- (3,2) moves 0.2 per cell, (2,2) and (3,1) 0.8: so [3, 2; 2, 1; 1, 1].
SELECT is(canvass.apportion_table('{5,3,2}', '{6,4}'), '{{3,2},{2,1},{1,1}}'::bigint[],
          'rows 5, 3, 2 by 6 : 4 -> [3, 2; 2, 1; 1, 1]');
-- Three rows of 1 by 2 : 1: per-row rounding gives [1, 0] three times and
-- column 1 three votes against its 2; both margins: two [1, 0], one [0, 1].
SELECT is((SELECT array_agg(t[i][1] + t[i][2]) FROM (SELECT canvass.apportion_table('{1,1,1}', '{2,1}') t) x,
                 generate_series(1, 3) i), '{1,1,1}'::bigint[], 'three rows of 1: each row keeps its 1');
SELECT is((SELECT t[1][1] + t[2][1] + t[3][1] FROM (SELECT canvass.apportion_table('{1,1,1}', '{2,1}') t) x), 2::bigint,
          'three rows of 1 by 2 : 1: column 1 gets its 2 (per-row rounding gives it 3)');
-- Fitting a seed: rows 4, 4, columns 3, 5, seed [1, 1; 1, 3].  The fit keeps
-- the odds ratio 3: q11 = a with a (1 + a) = 3 (4 - a)(3 - a), a = 2, so
-- q = [2, 2; 1, 3].
SELECT is(canvass.apportion_table('{4,4}', '{3,5}', '{{1,1},{1,3}}'), '{{2,2},{1,3}}'::bigint[],
          'seed [1, 1; 1, 3] fitted to rows 4, 4 and columns 3, 5 -> [2, 2; 1, 3]');
-- A seed of ones is independence: rows 10, 20 and columns 12, 18 give
-- quotas r c / 30 = [4, 6; 8, 12].
SELECT is(canvass.apportion_table('{10,20}', '{12,18}', '{{1,1},{1,1}}'), '{{4,6},{8,12}}'::bigint[],
          'seed of ones: quotas r c / N = [4, 6; 8, 12]');
-- A zero column weight gets nothing.
SELECT is(canvass.apportion_table('{7,3}', '{1,0}'), '{{7,0},{3,0}}'::bigint[], 'a zero column weight gets nothing');

-- NULL in each argument: STRICT.
SELECT is(canvass.apportion_table(NULL, '{1,2}'), NULL, 'NULL row_totals give NULL');
SELECT is(canvass.apportion_table('{1,2}', NULL::float8[]), NULL, 'NULL col_weights give NULL');
SELECT is(canvass.apportion_table(NULL, '{1,2}', '{{1}}'), NULL, 'seed form: NULL row_totals give NULL');
SELECT is(canvass.apportion_table('{1}', NULL, '{{1}}'), NULL, 'seed form: NULL col_totals give NULL');
SELECT is(canvass.apportion_table('{1}', '{1}', NULL), NULL, 'seed form: NULL seed gives NULL');
SELECT throws_ok($$SELECT canvass.apportion_table('{3,NULL}', '{1}')$$, '22004',
                 'apportion_table row_totals must not contain NULL', 'a NULL row total is an error');
SELECT throws_ok($$SELECT canvass.apportion_table('{3}', '{2}', '{{NULL}}')$$, '22004',
                 'apportion_table seed must not contain NULL', 'a NULL seed cell is an error');

-- Empty input.
SELECT is(canvass.apportion_table('{}', '{1,2}'), '{}'::bigint[], 'no rows give an empty table');
SELECT throws_ok($$SELECT canvass.apportion_table('{3}', '{}')$$, '22023',
                 'apportion_table needs at least one column weight', 'rows and no column weight are an error');

-- Bad values.
SELECT throws_ok($$SELECT canvass.apportion_table('{3,-2}', '{1}')$$, '22023',
                 'apportion_table totals must not be negative', 'a negative total');
SELECT throws_ok($$SELECT canvass.apportion_table('{3,2}', '{1,NaN}')$$, '22023',
                 'apportion_table col_weights must be finite and not negative', 'a NaN column weight');
SELECT throws_ok($$SELECT canvass.apportion_table('{3,2}', '{1,-Infinity}')$$, '22023',
                 'apportion_table col_weights must be finite and not negative', 'an infinite column weight');
SELECT throws_ok($$SELECT canvass.apportion_table('{3,2}', '{3,2}', '{{1,Infinity},{1,1}}')$$, '22023',
                 'apportion_table seed must be finite and not negative', 'an infinite seed');
SELECT throws_ok($$SELECT canvass.apportion_table('{3,2}', '{3,3}', '{{1,1},{1,1}}')$$, '22023',
                 'apportion_table row totals and column totals must add up to the same number', 'margins that differ');
SELECT throws_ok($$SELECT canvass.apportion_table('{1125899906842625}', '{1}')$$, '22003',
                 'apportion_table totals are too large', 'a total past 2^50');
SELECT throws_ok($$SELECT canvass.apportion_table('{2,3}', '{3,2}', '{{1,0},{0,1}}')$$, '22023',
                 'apportion_table: no table with these totals fits the seed''s zeros',
                 'a diagonal seed cannot give rows 2, 3 and columns 3, 2');
SELECT throws_ok($$SELECT canvass.apportion_table('{2,3}', '{3,2}', '{{0,0},{1,1}}')$$, '22023',
                 'apportion_table row 1 has a total but no cell that can hold it', 'a row with an all-zero seed');

-- Wrong shapes.
SELECT throws_ok($$SELECT canvass.apportion_table('{{1},{2}}', '{1}')$$, '2202E',
                 'apportion_table row_totals must be a one-dimensional array', 'two-dimensional row totals');
SELECT throws_ok($$SELECT canvass.apportion_table('{3,2}', '{3,2}', '{1,1,1,1}')$$, '2202E',
                 'apportion_table seed must be a two-dimensional array of 2 rows and 2 columns', 'a flat seed');

-- Large input: 100,000 rows into 3 parts weighted 5 : 3 : 2, both margins
-- checked in numeric: each row keeps its total; the columns get the
-- largest-remainder split of the grand total (computed here).
CREATE TEMP TABLE big AS
  SELECT canvass.apportion_table(array_agg((i * 7919) % 1009 ORDER BY i), '{5,3,2}') AS t,
         sum((i * 7919) % 1009) AS n
  FROM generate_series(1, 100000) i;
CREATE TEMP TABLE big_cells AS
  SELECT (k - 1) / 3 + 1 AS i, (k - 1) % 3 + 1 AS j, x FROM big, unnest(t) WITH ORDINALITY u(x, k);
SELECT is((SELECT count(*) FROM (SELECT i, sum(x) AS s FROM big_cells GROUP BY i) r
           WHERE s <> (i * 7919) % 1009), 0::bigint,
          '100,000 rows: every row keeps its total');
SELECT is((SELECT array_agg(s ORDER BY j) FROM (SELECT j, sum(x) AS s FROM big_cells GROUP BY j) c),
          (WITH q AS (SELECT k, w, n * w / 10.0 AS q FROM big, unnest(ARRAY[5, 3, 2]) WITH ORDINALITY u(w, k)),
                r AS (SELECT k, floor(q) + CASE WHEN row_number() OVER (ORDER BY q - floor(q) DESC, w DESC)
                                                     <= (SELECT n FROM big) - sum(floor(q)) OVER () THEN 1 ELSE 0 END AS share
                      FROM q)
           SELECT array_agg(share ORDER BY k) FROM r),
          '100,000 rows: the columns hold the largest-remainder split 5 : 3 : 2 of the total, computed in numeric');

SELECT * FROM finish();
ROLLBACK;
