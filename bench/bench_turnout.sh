# bench_turnout.sh: turnout targets at state scale (sourced by bench/run.sh).
#
# Generates BENCH_VOTERS voters (default 5,000,000) with registration dates,
# age bands and a latent propensity, and their long vote history over a
# 16-election calendar (2008-2022, a primary and a general each even year;
# about 8 rows per voter, about 40 million rows).  Then measures, in the
# same run:
#   1. propensity scoring of every voter from the long history
#      (array_agg per voter + canvass.propensity), against the same score
#      in plain SQL (voters x elections joined to the history);
#   2. canvass.logit_fit of "voted in the 2022 general" on 8 features (7
#      history flags and the age band) with parallel workers off and on,
#      against a plain-SQL IRLS: one sum() aggregate pass over the table per
#      Newton iteration, the solve done outside the pass (the MADlib way),
#      run with parallel query allowed;
#   3. scoring every voter with canvass.logit_score.
# Prints times and ratios; data is deterministic (hash-based, no random()).

N=${BENCH_VOTERS:-5000000}
Q=("${PSQL[@]}" -At)

# Seconds taken by one SQL statement (run with the given session settings).
timed() {
    local settings=$1 sql=$2 t0 t1
    t0=$(date +%s.%N)
    "${PSQL[@]}" -c "$settings" -c "$sql" >/dev/null || die "failed: $sql"
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l | xargs printf '%.2f'
}

log "turnout: generating $N voters and their vote history"
"${PSQL[@]}" <<SQL
DROP TABLE IF EXISTS elections, voters, history, feat, voted_arrays, scores, scores_sql, m0, m2, irls, p CASCADE;
DROP FUNCTION IF EXISTS irls_sql(), u(bigint, int);
CREATE TABLE elections AS
SELECT n, d, kind FROM (VALUES
  (1, date '2008-05-06', 'primary'), (2, date '2008-11-04', 'general'),
  (3, date '2010-05-04', 'primary'), (4, date '2010-11-02', 'general'),
  (5, date '2012-05-08', 'primary'), (6, date '2012-11-06', 'general'),
  (7, date '2014-05-06', 'primary'), (8, date '2014-11-04', 'general'),
  (9, date '2016-05-03', 'primary'), (10, date '2016-11-08', 'general'),
  (11, date '2018-05-08', 'primary'), (12, date '2018-11-06', 'general'),
  (13, date '2020-06-02', 'primary'), (14, date '2020-11-03', 'general'),
  (15, date '2022-05-03', 'primary'), (16, date '2022-11-08', 'general')) v(n, d, kind);
-- u(a, b): a uniform number in [0, 1) from two integers.
CREATE FUNCTION u(a bigint, b int) RETURNS float8 IMMUTABLE PARALLEL SAFE LANGUAGE sql
  AS \$\$ SELECT (hashint8(a * 64 + b) & 2147483647) / 2147483648.0 \$\$;
CREATE UNLOGGED TABLE voters AS
SELECT id, date '1990-01-01' + (u(id, 61) * 11000)::int AS registered,
       1 + (u(id, 62) * 6)::int % 6 AS age_band,
       power(u(id, 63), 0.8) AS latent
FROM generate_series(1, $N) id;
CREATE UNLOGGED TABLE history AS
SELECT v.id AS voter, e.d AS election
FROM voters v CROSS JOIN elections e
WHERE e.d >= v.registered
  AND u(v.id, e.n) < CASE e.kind WHEN 'general' THEN 0.30 + 0.65 * v.latent
                                 ELSE 0.12 + 0.60 * v.latent END
                     + 0.02 * v.age_band;
ANALYZE voters; ANALYZE history;
SQL
rows=$("${Q[@]}" -c "SELECT count(*) FROM history")
log "turnout: $N voters, $rows history rows"

CAL="(SELECT array_agg(d ORDER BY n) FROM elections WHERE n < 16)"
KINDS="(SELECT array_agg(kind ORDER BY n) FROM elections WHERE n < 16)"
t_agg=$(timed "SET max_parallel_workers_per_gather = 2" "
CREATE UNLOGGED TABLE voted_arrays AS
SELECT voter, array_agg(election) AS voted FROM history WHERE election < '2022-11-08' GROUP BY voter")
t_prop=$(timed "SET max_parallel_workers_per_gather = 2" "
CREATE UNLOGGED TABLE scores AS
SELECT v.id, canvass.propensity(h.voted, v.registered, $CAL, $KINDS, 'general') AS score
FROM voters v LEFT JOIN voted_arrays h ON h.voter = v.id")
# The same score in plain SQL: the weight of each election, the weights of
# the elections voted (and of those voted before registering) per voter, and
# the weight of the elections after registration.
t_prop_sql=$(timed "SET max_parallel_workers_per_gather = 2" "
CREATE UNLOGGED TABLE scores_sql AS
WITH ew AS (SELECT d, power(2, -((date '2022-05-03' - d) / 365.25) / 4)
                      * CASE kind WHEN 'general' THEN 1 ELSE 0.5 END AS w
            FROM elections WHERE n < 16),
     hv AS (SELECT h.voter, sum(ew.w) AS wv, coalesce(sum(ew.w) FILTER (WHERE ew.d < v.registered), 0) AS wv_before
            FROM history h JOIN ew ON ew.d = h.election JOIN voters v ON v.id = h.voter GROUP BY h.voter)
SELECT v.id, coalesce(hv.wv, 0)
             / nullif(coalesce((SELECT sum(w) FROM ew WHERE ew.d >= v.registered), 0) + coalesce(hv.wv_before, 0), 0) AS score
FROM voters v LEFT JOIN hv ON hv.voter = v.id")
prop_diff=$("${Q[@]}" -c "SELECT count(*) FROM scores s FULL JOIN scores_sql q USING (id)
  WHERE (s.score IS NULL) <> (q.score IS NULL) OR abs(s.score - q.score) > 1e-9")

log "turnout: features"
"${PSQL[@]}" <<'SQL'
SET max_parallel_workers_per_gather = 2;
CREATE UNLOGGED TABLE feat AS
SELECT v.id, coalesce('2022-11-08' = ANY (h.voted), false) AS y,
       ARRAY[coalesce('2020-11-03' = ANY (h.voted), false)::int,
             coalesce('2020-06-02' = ANY (h.voted), false)::int,
             coalesce('2018-11-06' = ANY (h.voted), false)::int,
             coalesce('2018-05-08' = ANY (h.voted), false)::int,
             coalesce('2016-11-08' = ANY (h.voted), false)::int,
             coalesce('2016-05-03' = ANY (h.voted), false)::int,
             coalesce('2014-11-04' = ANY (h.voted), false)::int,
             v.age_band]::float8[] AS x
FROM voters v LEFT JOIN (SELECT voter, array_agg(election) AS voted FROM history GROUP BY voter) h
  ON h.voter = v.id;
ANALYZE feat;
-- The plain-SQL IRLS: one pass of sum() per Newton iteration, the 9 x 9
-- solve in PL/pgSQL between passes.  Returns the coefficients.
CREATE FUNCTION irls_sql(OUT beta float8[], OUT iterations int) LANGUAGE plpgsql AS $f$
DECLARE
  p int := 9; k int := 8;
  eta text; sums text := ''; q text; s float8[]; g float8[]; H float8[]; step float8[];
  i int; j int; r int; m float8; tmp float8; maxstep float8; it int;
BEGIN
  beta := array_fill(0::float8, ARRAY[p]);
  FOR it IN 1..25 LOOP
    iterations := it;
    eta := beta[1]::text;
    FOR i IN 1..k LOOP eta := eta || ' + (' || beta[i + 1] || ') * x[' || i || ']'; END LOOP;
    -- gradient: sum r * x~_i; information: sum w * x~_i * x~_j (i <= j)
    sums := 'sum(r)';
    FOR i IN 1..k LOOP sums := sums || ', sum(r * x[' || i || '])'; END LOOP;
    sums := sums || ', sum(w)';
    FOR i IN 1..k LOOP sums := sums || ', sum(w * x[' || i || '])'; END LOOP;
    FOR i IN 1..k LOOP FOR j IN i..k LOOP
      sums := sums || ', sum(w * x[' || i || '] * x[' || j || '])';
    END LOOP; END LOOP;
    -- OFFSET 0 keeps mu computed once per row rather than inlined into every sum
    q := 'SELECT ARRAY[' || sums || '] FROM (SELECT x, y::int - mu AS r, mu * (1 - mu) AS w FROM '
         || '(SELECT x, y, 1 / (1 + exp(-(' || eta || '))) AS mu FROM feat OFFSET 0) a OFFSET 0) b';
    EXECUTE q INTO s;
    g := s[1:p];
    H := array_fill(0::float8, ARRAY[p, p]);
    r := 2 * p + 1;
    FOR i IN 1..p LOOP
      FOR j IN i..p LOOP
        IF i = 1 THEN H[1][j] := s[p + j];
        ELSE H[i][j] := s[r]; r := r + 1; END IF;
        H[j][i] := H[i][j];
      END LOOP;
    END LOOP;
    -- Gaussian elimination (H is positive definite)
    FOR i IN 1..p LOOP
      FOR j IN i + 1..p LOOP
        m := H[j][i] / H[i][i];
        FOR r IN i..p LOOP H[j][r] := H[j][r] - m * H[i][r]; END LOOP;
        g[j] := g[j] - m * g[i];
      END LOOP;
    END LOOP;
    step := array_fill(0::float8, ARRAY[p]);
    FOR i IN REVERSE p..1 LOOP
      tmp := g[i];
      FOR j IN i + 1..p LOOP tmp := tmp - H[i][j] * step[j]; END LOOP;
      step[i] := tmp / H[i][i];
    END LOOP;
    maxstep := 0;
    FOR i IN 1..p LOOP
      beta[i] := beta[i] + step[i];
      maxstep := greatest(maxstep, abs(step[i]) / (1 + abs(beta[i])));
    END LOOP;
    EXIT WHEN maxstep < 1e-9;
  END LOOP;
END $f$;
SQL
patterns=$("${Q[@]}" -c "SELECT count(DISTINCT x) FROM feat")

log "turnout: logit_fit, parallel workers off and on"
t_fit_serial=$(timed "SET max_parallel_workers_per_gather = 0" "CREATE UNLOGGED TABLE m0 AS SELECT canvass.logit_fit(y, x) AS m FROM feat")
t_fit_par=$(timed "SET max_parallel_workers_per_gather = 2" "CREATE UNLOGGED TABLE m2 AS SELECT canvass.logit_fit(y, x) AS m FROM feat")
plan=$("${Q[@]}" -c "SET max_parallel_workers_per_gather = 2" -c "EXPLAIN (COSTS OFF) SELECT canvass.logit_fit(y, x) FROM feat" | grep -c 'Partial Aggregate')
same=$("${Q[@]}" -c "SELECT (SELECT m FROM m0) = (SELECT m FROM m2)")
iters=$("${Q[@]}" -c "SELECT m->>'iterations' FROM m0")

log "turnout: plain-SQL IRLS (one sum() pass per iteration)"
t_irls=$(timed "SET max_parallel_workers_per_gather = 2" "CREATE UNLOGGED TABLE irls AS SELECT * FROM irls_sql()")
irls_iters=$("${Q[@]}" -c "SELECT iterations FROM irls")
irls_diff=$("${Q[@]}" -c "SELECT max(abs((m->'coefficients'->>(i - 1))::float8 - beta[i])) FROM m0, irls, generate_series(1, 9) i")

log "turnout: scoring every voter with logit_score"
t_score=$(timed "SET max_parallel_workers_per_gather = 2" "CREATE UNLOGGED TABLE p AS SELECT id, canvass.logit_score(m, x) AS p FROM feat, m0")

ratio() { echo "$1 / $2" | bc -l | xargs printf '%.1f'; }
cat <<EOF
== turnout targets: $N voters, $rows history rows, $patterns distinct feature vectors (8 features)
propensity, every voter: history to per-voter arrays (array_agg) ${t_agg} s + canvass.propensity ${t_prop} s
  same score in plain SQL (history joined to election weights, per-voter sums): ${t_prop_sql} s  ($(ratio "$t_prop_sql" "$(echo "$t_agg + $t_prop" | bc -l)")x array_agg + propensity)
  scores differing by more than 1e-9: $prop_diff
logit_fit, parallel off: ${t_fit_serial} s   parallel on (2 workers): ${t_fit_par} s  (speed-up $(ratio "$t_fit_serial" "$t_fit_par")x; Partial Aggregate in plan: $plan; identical models: $same)
  Newton iterations: $iters
plain-SQL IRLS, $irls_iters passes of sum(): ${t_irls} s  ($(ratio "$t_irls" "$t_fit_par")x logit_fit parallel, $(ratio "$t_irls" "$t_fit_serial")x serial)
  largest coefficient difference from logit_fit: $irls_diff
logit_score, every voter: ${t_score} s
EOF
