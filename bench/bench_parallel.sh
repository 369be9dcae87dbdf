# bench_parallel.sh: the parallel speed-up of canvass's aggregates on 5
# million rows, 0 against 2 workers, side by side in one run, with the
# built-in sum() over the same rows as the anchor of what parallel query
# gives on this machine (sourced by bench/run.sh with a private cluster).
#
# Rows: 5,000,000 districts of 357,143 random 14-district plans (votes a, b)
# and, on the same rows, a turnout propensity p, an outcome y and three
# history features x.  Queries: plan_scorecard ... GROUP BY plan (the
# metrics), efficiency_gap over all 5M rows (one state of 5M districts),
# expected_turnout(p), logit_fit(y, x), and sum(a) + sum(p).  Each is timed
# best of 3 rounds; the answers with 0 and 2 workers are compared.

"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_par;
SELECT setseed(0.2017) \g /dev/null
CREATE TABLE bench_par AS
  SELECT i / 14 AS plan, i,
         (200000 + floor(random() * 100000))::bigint AS a,
         (200000 + floor(random() * 100000))::bigint AS b,
         random() AS p,
         random() < 0.4 AS y,
         ARRAY[floor(random() * 2), floor(random() * 5), floor(random() * 3)]::float8[] AS x
  FROM generate_series(0, 4999999) i;
VACUUM ANALYZE bench_par;
SQL

"${PSQL[@]}" -tA <<'SQL'
SET client_min_messages = warning;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET jit = off;
CREATE OR REPLACE FUNCTION pg_temp.best(q text, workers int, OUT ms float8, OUT answer text)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  r int;
BEGIN
  PERFORM set_config('max_parallel_workers_per_gather', workers::text, true);
  ms := 'Infinity';
  FOR r IN 1 .. 3 LOOP
    t0 := clock_timestamp();
    EXECUTE 'CREATE TEMP TABLE bench_answer AS ' || q;
    ms := least(ms, extract(epoch FROM clock_timestamp() - t0) * 1000);
    EXECUTE 'SELECT md5(string_agg(t::text, '','' ORDER BY t::text)) FROM bench_answer t' INTO answer;
    DROP TABLE bench_answer;
  END LOOP;
END $$;
SELECT format('%-44s %10s %10s %8s  %s', 'query (5M rows)', '0 workers', '2 workers', 'speed-up', 'same answer');
SELECT format('%-44s %8s ms %7s ms %7sx  %s', name,
              round(s.ms::numeric), round(p.ms::numeric), round((s.ms / p.ms)::numeric, 2),
              s.answer = p.answer)
FROM (VALUES
  (1, 'sum(a), sum(p) (anchor)', 'SELECT sum(a) AS sa, sum(p) AS sp FROM bench_par'),
  (2, 'plan_scorecard GROUP BY plan (357k plans)', 'SELECT plan, canvass.plan_scorecard(a, b) FROM bench_par GROUP BY plan'),
  (3, 'efficiency_gap over 5M districts', 'SELECT canvass.efficiency_gap(a, b) FROM bench_par'),
  (4, 'expected_turnout(p)', 'SELECT canvass.expected_turnout(p) FROM bench_par'),
  (5, 'logit_fit(y, x)', 'SELECT canvass.logit_fit(y, x) FROM bench_par')) q(k, name, sql),
  LATERAL pg_temp.best(q.sql, 0) s,
  LATERAL pg_temp.best(q.sql, 2) p
ORDER BY k;
SQL
