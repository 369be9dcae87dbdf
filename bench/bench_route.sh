# bench_route.sh: walk_order against pgRouting's pgr_TSPeuclidean and plain
# nearest neighbour on generated turfs, and assign_turfs at 2,000 x 2,000.
# Sourced by bench/run.sh (`make bench BENCH=route`) with a private cluster
# running and "${PSQL[@]}" set; prints ratios measured side by side.
#
# Turfs: ROUTE_TURFS (default 400) seeded street-grid neighbourhoods of
# 40-100 doors each: three to five parallel streets 110-130 m apart, houses
# on both sides every 15-25 m of frontage, set back 8-15 m, with jitter; one
# point in eight is a multi-unit building with 2-12 doors at the same point;
# each turf rotated at random.  SRID 26967 (NAD83 / Georgia West, metres).
#
# Route lengths are open paths.  pgr_TSPeuclidean returns a closed tour, so
# its open path is the tour minus its longest edge (the best open path that
# can be cut from that tour).

ROUTE_TURFS=${ROUTE_TURFS:-400}
ROUTE_BIG_DOORS=${ROUTE_BIG_DOORS:-1000000}

"${PSQL[@]}" <<SQL
CREATE EXTENSION IF NOT EXISTS pgrouting;
SELECT setseed(0.4242);
DROP TABLE IF EXISTS route_doors;
CREATE TABLE route_doors AS
WITH turf AS (
  SELECT t, 40 + floor(random() * 61)::int AS doors,
         3 + floor(random() * 3)::int AS streets,
         110 + random() * 20 AS spacing,
         random() * pi() AS angle
  FROM generate_series(1, $ROUTE_TURFS) t
), house AS (
  -- one house per step of frontage along the streets, until the turf's doors are used up
  SELECT t.t, t.angle, h,
         (h % t.streets) * t.spacing + (CASE WHEN (h / t.streets) % 2 = 0 THEN 1 ELSE -1 END) * (8 + random() * 7) AS y,
         (h / t.streets / 2) * (15 + random() * 10) + random() * 3 AS x,
         CASE WHEN random() < 0.125 THEN 2 + floor(random() * 11)::int ELSE 1 END AS units,
         t.doors
  FROM turf t, generate_series(0, 99) h
), unit AS (
  SELECT house.*, sum(units) OVER (PARTITION BY t ORDER BY h) - units AS before
  FROM house
)
SELECT t AS turf, row_number() OVER (ORDER BY t, h, u) AS id,
       ST_SetSRID(ST_MakePoint(2000000 + t * 3000 + x * cos(angle) - y * sin(angle),
                               1000000 + x * sin(angle) + y * cos(angle)), 26967) AS geom
FROM unit, generate_series(1, units) u
WHERE before + u <= doors;
ALTER TABLE route_doors ADD COLUMN x float8, ADD COLUMN y float8;
UPDATE route_doors SET x = ST_X(geom), y = ST_Y(geom);
CREATE INDEX ON route_doors (turf);
ANALYZE route_doors;
SQL

# Plain nearest neighbour (start at the smallest x, then y; ties to the
# smaller x, then y), the anchor walk_order must never exceed.
"${PSQL[@]}" <<'SQL'
CREATE SCHEMA IF NOT EXISTS route_bench;
CREATE OR REPLACE FUNCTION route_bench.nn_length(xs float8[], ys float8[]) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
  n int := cardinality(xs);
  seen bool[] := array_fill(false, ARRAY[n]);
  cur int := 1; best int; bd float8; d float8; total float8 := 0;
BEGIN
  FOR i IN 2..n LOOP
    IF xs[i] < xs[cur] OR (xs[i] = xs[cur] AND ys[i] < ys[cur]) THEN cur := i; END IF;
  END LOOP;
  seen[cur] := true;
  FOR step IN 2..n LOOP
    best := 0;
    FOR i IN 1..n LOOP
      CONTINUE WHEN seen[i];
      d := sqrt((xs[i] - xs[cur])^2 + (ys[i] - ys[cur])^2);
      IF best = 0 OR d < bd OR (d = bd AND (xs[i] < xs[best] OR (xs[i] = xs[best] AND ys[i] < ys[best]))) THEN
        best := i; bd := d;
      END IF;
    END LOOP;
    total := total + bd; seen[best] := true; cur := best;
  END LOOP;
  RETURN total;
END $$;
SQL

"${PSQL[@]}" <<'SQL'
\pset footer off
SET client_min_messages = warning;
\timing on
\echo '-- walk_order over every turf'
CREATE TEMP TABLE route_wo AS
SELECT turf, id, geom, canvass.walk_order(geom) OVER (PARTITION BY turf) AS k FROM route_doors;
\echo '-- pgr_TSPeuclidean over every turf'
CREATE TEMP TABLE route_pgr AS
SELECT t.turf, p.tour, p.longest
FROM (SELECT DISTINCT turf FROM route_doors) t,
LATERAL (SELECT max(agg_cost) AS tour, max(cost) AS longest
         FROM pgr_TSPeuclidean(format('SELECT id, x, y FROM route_doors WHERE turf = %s', t.turf))) p;
\echo '-- nearest neighbour (PL/pgSQL, for lengths only; its time is not comparable)'
CREATE TEMP TABLE route_nn AS
SELECT turf, route_bench.nn_length(array_agg(x ORDER BY id), array_agg(y ORDER BY id)) AS len
FROM route_doors GROUP BY turf;
\timing off
CREATE TEMP TABLE route_len AS
SELECT turf, sum(step) AS len, count(*) + 1 AS doors
FROM (SELECT turf, ST_Distance(geom, lag(geom) OVER (PARTITION BY turf ORDER BY k)) AS step FROM route_wo) s
WHERE step IS NOT NULL GROUP BY turf;
\echo '-- route length per turf, walk_order against the anchors'
SELECT count(*) AS turfs, sum(l.doors) AS doors,
       round(avg(l.len)::numeric, 1) AS walk_order_m,
       round(avg(p.tour - p.longest)::numeric, 1) AS pgr_open_m,
       round(avg(n.len)::numeric, 1) AS nn_m,
       round(avg(l.len / (p.tour - p.longest))::numeric, 4) AS "mean walk/pgr",
       round(max(l.len / (p.tour - p.longest))::numeric, 4) AS "max walk/pgr",
       count(*) FILTER (WHERE l.len / (p.tour - p.longest) > 0.95) AS "turfs over 0.95 pgr",
       round(avg(l.len / n.len)::numeric, 4) AS "mean walk/nn",
       round(max(l.len / n.len)::numeric, 4) AS "max walk/nn",
       round(avg(p.tour / (l.len + sqrt(0)))::numeric, 4) AS "mean pgr tour/walk",
       round((sum(l.len) / sum(l.doors))::numeric, 2) AS "walk m per door"
FROM route_len l JOIN route_pgr p USING (turf) JOIN route_nn n USING (turf);
SQL

# walk_order at scale: the same generator's turfs, tiled up to about
# ROUTE_BIG_DOORS doors.
"${PSQL[@]}" <<SQL
\pset footer off
CREATE TEMP TABLE route_big AS
SELECT d.turf + c * 100000 AS turf, ST_Translate(d.geom, 0, c * 5000) AS geom
FROM route_doors d, generate_series(0, ceil($ROUTE_BIG_DOORS::numeric / (SELECT count(*) FROM route_doors))::int - 1) c;
ANALYZE route_big;
SELECT count(*) AS doors, count(DISTINCT turf) AS turfs FROM route_big;
\timing on
\echo '-- the same query with row_number in place of walk_order (sort and window overhead)'
SELECT sum(k) FROM (SELECT row_number() OVER (PARTITION BY turf) AS k FROM route_big) s;
\echo '-- walk_order over every turf'
SELECT sum(k) FROM (SELECT canvass.walk_order(geom) OVER (PARTITION BY turf) AS k FROM route_big) s;
\timing off
SQL

# assign_turfs: 2,000 turf centres to 2,000 canvassers' homes in a 30 km
# square, then 2,000 turfs to 200 staging sites of capacity 10-11.
"${PSQL[@]}" <<'SQL'
\pset footer off
SELECT setseed(0.17);
CREATE TEMP TABLE route_t AS
SELECT i, ST_SetSRID(ST_MakePoint(random() * 30000, random() * 30000), 26967) AS g FROM generate_series(1, 2000) i;
CREATE TEMP TABLE route_s AS
SELECT i, ST_SetSRID(ST_MakePoint(random() * 30000, random() * 30000), 26967) AS g FROM generate_series(1, 2000) i;
\timing on
\echo '-- assign_turfs, 2,000 turfs x 2,000 canvassers (one each), three times'
CREATE TEMP TABLE route_a AS
SELECT * FROM canvass.assign_turfs((SELECT array_agg(g ORDER BY i) FROM route_t),
                                   (SELECT array_agg(g ORDER BY i) FROM route_s));
SELECT count(*) FROM canvass.assign_turfs((SELECT array_agg(g ORDER BY i) FROM route_t),
                                          (SELECT array_agg(g ORDER BY i) FROM route_s));
SELECT count(*) FROM canvass.assign_turfs((SELECT array_agg(g ORDER BY i) FROM route_t),
                                          (SELECT array_agg(g ORDER BY i) FROM route_s));
\echo '-- assign_turfs, 2,000 turfs x 200 staging sites of capacity 10'
CREATE TEMP TABLE route_c AS
SELECT * FROM canvass.assign_turfs((SELECT array_agg(g ORDER BY i) FROM route_t),
                                   (SELECT array_agg(g ORDER BY i) FROM route_s WHERE i <= 200),
                                   array_fill(10, ARRAY[200]));
\timing off
\echo '-- totals: optimal against each turf to its nearest canvasser (ignoring that one canvasser takes one turf)'
SELECT count(*) AS turfs, count(DISTINCT site_index) AS sites_used,
       round(sum(distance)::numeric) AS total_m,
       round((SELECT sum(d) FROM (SELECT min(ST_Distance(t.g, s.g)) AS d FROM route_t t, route_s s GROUP BY t.i) x)::numeric) AS nearest_lower_bound_m
FROM route_a;
SELECT count(*) AS turfs, max(c) AS max_per_site, round(sum(distance)::numeric) AS total_m
FROM (SELECT *, count(*) OVER (PARTITION BY site_index) AS c FROM route_c) x;
DROP SCHEMA route_bench CASCADE;
SQL

# Anchor for the assignment time: SciPy's linear_sum_assignment (compiled
# C++, the same shortest-augmenting-path algorithm) on the same number of
# uniform random points, timed in this run, when Debian's python3-scipy is
# installed.
if /usr/bin/python3 -c 'import scipy' 2>/dev/null; then
    /usr/bin/python3 - <<'PY'
import time
import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist

rng = np.random.default_rng(17)
t, s = rng.random((2000, 2)) * 30000, rng.random((2000, 2)) * 30000
best = None
for _ in range(3):
    t0 = time.perf_counter()
    cost = cdist(t, s)
    rows, cols = linear_sum_assignment(cost)
    elapsed = time.perf_counter() - t0
    best = elapsed if best is None else min(best, elapsed)
print("-- SciPy linear_sum_assignment, 2,000 x 2,000 uniform points (distances included): best of 3 %.0f ms" % (best * 1000))
PY
else
    log "python3-scipy not installed: no SciPy anchor for the assignment time"
fi
