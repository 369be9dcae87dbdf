# bench_split.sh: split precincts, candidates x parts with both margins exact
# (sourced by bench/run.sh with a private cluster running; "${PSQL[@]}" is psql).
#
# A state's split precincts: 20,000 precincts split between 2 or 3 parts,
# 8 candidates each (160,000 rows).  Three queries over the same rows, in
# the same run:
#   table:         canvass.apportion_table per precinct (both margins exact)
#   per-candidate: canvass.apportion on each candidate's votes on its own
#                  (the recipe before apportion_table)
#   floor:         the same grouping with array_agg only, no apportioning
# Each runs 5 times interleaved; the best time is kept.  The benchmark also
# counts, for the per-candidate recipe, the parts whose candidates' votes do
# not add up to the part's share of the precinct's votes, and checks that
# the table recipe has none.

"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_split_votes, bench_split_parts;
DO $$ BEGIN PERFORM setseed(0.18); END $$;
CREATE TABLE bench_split_votes AS
  SELECT precinct, candidate, (20 + floor(random() * 400))::bigint AS votes
  FROM generate_series(1, 20000) precinct, generate_series(1, 8) candidate;
CREATE TABLE bench_split_parts AS
  SELECT precinct, CASE WHEN precinct % 4 = 0
                        THEN ARRAY[random(), random(), random()]
                        ELSE ARRAY[random(), random()] END AS weights
  FROM generate_series(1, 20000) precinct;
VACUUM ANALYZE bench_split_votes, bench_split_parts;

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

\set table_q 'SELECT v.precinct, canvass.apportion_table(array_agg(v.votes ORDER BY v.candidate), min(p.weights)) AS t FROM bench_split_votes v JOIN bench_split_parts p USING (precinct) GROUP BY v.precinct'
\set cand_q 'SELECT v.precinct, v.candidate, canvass.apportion(v.votes, p.weights) AS parts FROM bench_split_votes v JOIN bench_split_parts p USING (precinct)'
\set floor_q 'SELECT v.precinct, array_agg(v.votes ORDER BY v.candidate) AS t, min(p.weights) AS w FROM bench_split_votes v JOIN bench_split_parts p USING (precinct) GROUP BY v.precinct'

SELECT format('split precincts, 20,000 x 8 candidates: apportion_table %s ms, per-candidate apportion %s ms, grouping alone %s ms; table / per-candidate %sx',
              round(b[1]::numeric, 1), round(b[2]::numeric, 1), round(b[3]::numeric, 1), round((b[1] / b[2])::numeric, 2)) AS result
FROM (SELECT pg_temp.best_ms(ARRAY[:'table_q', :'cand_q', :'floor_q']) AS b) x;

-- Drift: a part's candidate votes against its share of the precinct's votes
-- (largest remainder of the total by the part weights).
WITH per_cand AS (
  SELECT v.precinct, k, sum(parts[k]) AS got
  FROM (SELECT v.precinct, canvass.apportion(v.votes, p.weights) AS parts, cardinality(p.weights) AS n
        FROM bench_split_votes v JOIN bench_split_parts p USING (precinct)) v,
       LATERAL generate_series(1, v.n) k
  GROUP BY v.precinct, k),
want AS (
  SELECT p.precinct, k, (canvass.apportion(sum(v.votes), min(p.weights)))[k] AS want
  FROM bench_split_votes v JOIN bench_split_parts p USING (precinct),
       LATERAL generate_series(1, cardinality(p.weights)) k
  GROUP BY p.precinct, k),
tab AS (
  SELECT x.precinct, k, sum(x.t[c][k]) AS got
  FROM (SELECT v.precinct, canvass.apportion_table(array_agg(v.votes ORDER BY v.candidate), min(p.weights)) AS t,
               min(cardinality(p.weights)) AS n
        FROM bench_split_votes v JOIN bench_split_parts p USING (precinct) GROUP BY v.precinct) x,
       LATERAL generate_series(1, x.n) k, generate_series(1, 8) c
  GROUP BY x.precinct, k)
SELECT format('parts off their share: per-candidate %s of %s (%s%% of precincts), apportion_table %s',
              count(*) FILTER (WHERE pc.got <> w.want), count(*),
              round(100.0 * count(DISTINCT pc.precinct) FILTER (WHERE pc.got <> w.want) / count(DISTINCT pc.precinct), 1),
              count(*) FILTER (WHERE t.got <> w.want)) AS drift
FROM per_cand pc JOIN want w USING (precinct, k) JOIN tab t USING (precinct, k);
SQL
