# bench_metrics.sh: plan metrics over an ensemble of plans (sourced by
# bench/run.sh with a private cluster running; "${PSQL[@]}" is psql).
#
# 10,000 random plans of 14 districts (a congressional delegation) and of 99
# districts (a state house), one row per district.  Three queries over the
# same rows, in the same run:
#   canvass:   canvass.plan_scorecard(a, b) ... GROUP BY plan, and six
#              single-metric aggregates side by side (one shared state)
#   plain SQL: the same metrics (seats, efficiency gap half and simplified,
#              mean-median with percentile_cont, partisan bias, declination,
#              lopsided margin, competitive count) with window functions
#   floor:     sum(a), sum(b) ... GROUP BY plan
# Each is run 5 times; the best time is kept.  The two metric queries are
# also compared plan by plan, so the benchmark checks its own answers.

"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_plans;
SELECT setseed(0.42);
-- District turnout 200k-300k (14 districts) or 20k-30k (99), A's share
-- uniform in [0.25, 0.75]; 1% of districts uncontested.
CREATE TABLE bench_plans AS
  SELECT districts, plan, district,
         CASE WHEN r < 0.005 THEN 0 ELSE round(t * s) END::bigint AS a,
         CASE WHEN r > 0.995 THEN 0 ELSE t - round(t * s) END::bigint AS b
  FROM (SELECT n AS districts, plan, district, base + floor(random() * base / 2)::bigint AS t,
               0.25 + random() / 2 AS s, random() AS r
        FROM (VALUES (14, 200000), (99, 20000)) k(n, base),
             generate_series(1, 10000) plan,
             LATERAL generate_series(1, n) district) x;
CREATE INDEX ON bench_plans (districts);
VACUUM ANALYZE bench_plans;

-- The best time in milliseconds of each query over reps rounds; the
-- queries run interleaved, one of each per round, so a busy spell on a
-- shared machine slows them alike.  count(s.*) keeps every output column
-- computed.
CREATE OR REPLACE FUNCTION pg_temp.best_ms(qs text[], reps int DEFAULT 5) RETURNS float8[]
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  best float8[] := array_fill('Infinity'::float8, ARRAY[cardinality(qs)]);
  i int;
  k int;
  n bigint;
BEGIN
  FOR i IN 1 .. reps LOOP
    FOR k IN 1 .. cardinality(qs) LOOP
      t0 := clock_timestamp();
      EXECUTE 'SELECT count(s.*) FROM (' || qs[k] || ') s' INTO n;
      best[k] := least(best[k], 1000 * extract(epoch FROM clock_timestamp() - t0));
    END LOOP;
  END LOOP;
  RETURN best;
END $$;

CREATE TEMP TABLE queries (name text, q text);
INSERT INTO queries VALUES
 ('canvass', $q$SELECT plan, canvass.plan_scorecard(a, b) AS card FROM bench_plans WHERE districts = :N GROUP BY plan$q$),
 ('plain_sql', $q$
  WITH d AS (
    SELECT plan, a, b, (a + b)::float8 AS t, a::float8 / (a + b) AS v,
           sum(a) OVER w / sum(a + b) OVER w AS vv
    FROM bench_plans WHERE districts = :N AND a + b > 0
    WINDOW w AS (PARTITION BY plan))
  SELECT plan,
    sum(CASE WHEN v > .5 THEN 1 WHEN v = .5 THEN .5 ELSE 0 END) AS seats,
    sum(CASE WHEN v > .5 THEN b - (a - t / 2) WHEN v < .5 THEN (b - t / 2) - a ELSE 0 END) / sum(t) AS eg,
    (sum(CASE WHEN v > .5 THEN 1 WHEN v = .5 THEN .5 ELSE 0 END) / count(*) - .5) - 2 * (sum(a) / sum(t) - .5) AS eg_simplified,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY v) - avg(v) AS mean_median,
    (count(*) FILTER (WHERE v > vv) + 0.5 * count(*) FILTER (WHERE v = vv)) / count(*) - .5 AS partisan_bias,
    CASE WHEN count(*) FILTER (WHERE v > .5) = 0 THEN -1 WHEN count(*) FILTER (WHERE v < .5) = 0 THEN 1
         ELSE 2 * (atan((1 - 2 * avg(v) FILTER (WHERE v < .5)) * count(*) / count(*) FILTER (WHERE v < .5))
                 - atan((2 * avg(v) FILTER (WHERE v > .5) - 1) * count(*) / count(*) FILTER (WHERE v > .5))) / pi() END AS declination,
    (1 - avg(v) FILTER (WHERE v < .5)) - avg(v) FILTER (WHERE v > .5) AS lopsided,
    count(*) FILTER (WHERE v BETWEEN .45 AND .55) AS competitive
  FROM d GROUP BY plan$q$),
 ('canvass_columns', $q$SELECT plan, canvass.seats(a, b), canvass.efficiency_gap(a, b),
       canvass.mean_median(a, b), canvass.partisan_bias(a, b), canvass.declination(a, b), canvass.lopsided_margin(a, b)
       FROM bench_plans WHERE districts = :N GROUP BY plan$q$),
 ('floor', $q$SELECT plan, sum(a), sum(b) FROM bench_plans WHERE districts = :N GROUP BY plan$q$);

-- Same answers: canvass against plain SQL, every plan, both sizes.
DO $$
DECLARE
  n int;
BEGIN
  FOREACH n IN ARRAY ARRAY[14, 99] LOOP
    EXECUTE format('CREATE TEMP TABLE c_%s AS %s', n, replace((SELECT q FROM queries WHERE name = 'canvass'), ':N', n::text));
    EXECUTE format('CREATE TEMP TABLE p_%s AS %s', n, replace((SELECT q FROM queries WHERE name = 'plain_sql'), ':N', n::text));
  END LOOP;
END $$;
-- The plain SQL leaves tied districts (A = B) out of declination and
-- lopsided margin, where canvass counts half a win each: plans with a tie
-- are compared on the other metrics only.
CREATE TEMP TABLE tied AS SELECT DISTINCT districts AS n, plan FROM bench_plans WHERE a = b AND a > 0;
SELECT n AS districts, count(*) AS plans, count(t.plan) AS plans_with_a_tie,
       max(abs((c.card->>'seats')::float8 - p.seats)) AS seats_diff,
       max(abs((c.card->>'efficiency_gap')::float8 - p.eg)) AS eg_diff,
       max(abs((c.card->>'efficiency_gap_simplified')::float8 - p.eg_simplified)) AS egs_diff,
       max(abs((c.card->>'mean_median')::float8 - p.mean_median)) AS mm_diff,
       max(abs((c.card->>'partisan_bias')::float8 - p.partisan_bias)) AS pb_diff,
       max(abs((c.card->>'declination')::float8 - p.declination)) FILTER (WHERE t.plan IS NULL) AS decl_diff,
       max(abs((c.card->>'lopsided_margin')::float8 - p.lopsided)) FILTER (WHERE t.plan IS NULL) AS lop_diff,
       max(abs((c.card->>'competitive')::float8 - p.competitive)) AS comp_diff
FROM (SELECT 14 AS n, * FROM c_14 UNION ALL SELECT 99, * FROM c_99) c
JOIN (SELECT 14 AS n, * FROM p_14 UNION ALL SELECT 99, * FROM p_99) p USING (n, plan)
LEFT JOIN tied t USING (n, plan)
GROUP BY n ORDER BY n;

-- Timings and ratios.
-- scorecard: plan_scorecard (jsonb); columns: six single-metric aggregates
-- with the same arguments side by side, which share one transition state.
SELECT n AS districts,
       round(t[1]::numeric, 1) AS scorecard_ms, round(t[2]::numeric, 1) AS columns_ms,
       round(t[3]::numeric, 1) AS plain_sql_ms, round(t[4]::numeric, 1) AS sum_floor_ms,
       round((t[3] / t[1])::numeric, 1) AS plain_over_scorecard, round((t[3] / t[2])::numeric, 1) AS plain_over_columns,
       round((t[1] / t[4])::numeric, 2) AS scorecard_over_floor, round((t[2] / t[4])::numeric, 2) AS columns_over_floor
FROM (VALUES (14), (99)) k(n),
     LATERAL (SELECT pg_temp.best_ms(array_agg(replace(q, ':N', n::text) ORDER BY ord)) AS t
              FROM queries JOIN (VALUES ('canvass', 1), ('canvass_columns', 2), ('plain_sql', 3), ('floor', 4)) o(name, ord) USING (name)) x
ORDER BY n;
DROP TABLE bench_plans;
SQL
