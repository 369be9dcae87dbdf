# bench_turf.sh: turf cutting, canvass.turf against PostGIS ST_ClusterKMeans
# with the same k, side by side in one run.  Sourced by bench/run.sh with a
# private cluster running and "${PSQL[@]}" set.
#
# Data: about 1M generated doors (seeded) in 640 precinct cells of 1.5 km,
# SRID 32616 (UTM 16N, metres, around Atlanta): street grids (streets every
# 100 m, 18 m lots on both sides, 12 m setback), dense subdivisions (60 m
# blocks, 12 m lots, 8 m setback, in one quarter of the cell, with scattered
# houses around) and cells with apartment buildings (20-120 units, one row
# per unit at the building's point) among sparse houses.  One row per door.
#
# Cases: (1) the 1M doors partitioned by precinct, target 60 (beside the
# window floor, sum(ST_X(geom)) over the same partitions); (2) 100k doors
# (64 cells) unpartitioned into 1,667 turfs; (3) the 1M doors unpartitioned
# into 16,667 turfs, ST_ClusterKMeans given a statement_timeout; (4)
# stability: 1% more doors, share of existing doors whose turf changes,
# and the turf core rebuilt with less or more refinement to show the trade
# between compactness and stability (bench/turf_frontier.c);
# (5) cut by precinct and walk order of every turf, in one statement; (6)
# on subdivision cells, an exact-balance k-means computed outside canvass
# (SciPy), to show what balance itself costs in distance.

TURF_TARGET=${TURF_TARGET:-60}
TURF_KMEANS_TIMEOUT=${TURF_KMEANS_TIMEOUT:-180s}
TURF_CASES=${TURF_CASES:-1 4 6 2 3 5 7}	# which cases to run (4 and 6 need case 1)
TURF_REFERENCE_PRECINCTS=${TURF_REFERENCE_PRECINCTS:-16}	# subdivision precincts of case 6
turf_case() { case " $TURF_CASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

turf_sql() { PGOPTIONS="-c client_min_messages=warning" "${PSQL[@]}" "$@"; }

log "turf: generating households"
turf_sql <<'SQL'
SET max_parallel_workers_per_gather = 0;   -- one plan, so random() is reproducible
SELECT setseed(0.2017);
DROP TABLE IF EXISTS tb_cells, tb_doors, tb_extra CASCADE;
CREATE TABLE tb_cells AS
  SELECT cx, cy, cy * 32 + cx AS precinct, random() AS kind, random() AS corner, random() AS corner2
  FROM generate_series(0, 31) cx, generate_series(0, 19) cy ORDER BY cy, cx;

CREATE TABLE tb_doors (id serial, precinct int, x float8, y float8, building int);
-- street grids
INSERT INTO tb_doors (precinct, x, y)
  SELECT c.precinct, 730000 + c.cx * 1500 + 9 + j * 18 + (random() - .5) * 3,
         3740000 + c.cy * 1500 + s * 100 + 50 + side * 12 + (random() - .5) * 3
  FROM tb_cells c, generate_series(0, 14) s, generate_series(0, 82) j, (VALUES (-1), (1)) v(side)
  WHERE c.kind < .55 AND random() < .63;
-- dense subdivisions in one quarter of the cell, scattered houses elsewhere
INSERT INTO tb_doors (precinct, x, y)
  SELECT c.precinct,
         730000 + c.cx * 1500 + (CASE WHEN c.corner < .5 THEN 0 ELSE 750 END) + 6 + j * 12 + (random() - .5) * 2,
         3740000 + c.cy * 1500 + (CASE WHEN c.corner2 < .5 THEN 0 ELSE 750 END) + s * 60 + 30 + side * 8 + (random() - .5) * 2
  FROM tb_cells c, generate_series(0, 11) s, generate_series(0, 61) j, (VALUES (-1), (1)) v(side)
  WHERE c.kind >= .55 AND c.kind < .85 AND random() < .85;
INSERT INTO tb_doors (precinct, x, y)
  SELECT c.precinct, 730000 + c.cx * 1500 + random() * 1500, 3740000 + c.cy * 1500 + random() * 1500
  FROM tb_cells c, generate_series(1, 300) i
  WHERE c.kind >= .55 AND c.kind < .85;
-- apartment buildings, one row per unit at the building's point, among sparse houses
INSERT INTO tb_doors (precinct, x, y, building)
  SELECT b.precinct, b.x, b.y, b.building
  FROM (SELECT c.precinct, c.precinct * 100 + i AS building,
               730000 + c.cx * 1500 + 50 + random() * 1400 AS x,
               3740000 + c.cy * 1500 + 50 + random() * 1400 AS y,
               20 + floor(random() * 101)::int AS units
        FROM tb_cells c, generate_series(1, 12) i WHERE c.kind >= .85) b,
       LATERAL generate_series(1, b.units) u;
INSERT INTO tb_doors (precinct, x, y)
  SELECT c.precinct, 730000 + c.cx * 1500 + 9 + j * 18 + (random() - .5) * 3,
         3740000 + c.cy * 1500 + s * 100 + 50 + side * 12 + (random() - .5) * 3
  FROM tb_cells c, generate_series(0, 14) s, generate_series(0, 82) j, (VALUES (-1), (1)) v(side)
  WHERE c.kind >= .85 AND random() < .3;
ALTER TABLE tb_doors ADD COLUMN geom geometry(Point, 32616);
UPDATE tb_doors SET geom = ST_SetSRID(ST_MakePoint(x, y), 32616);
-- 1% more doors for the stability case: new houses on random lots
CREATE TABLE tb_extra AS
  SELECT precinct, x + (random() - .5) * 30 AS x, y + (random() - .5) * 30 AS y
  FROM tb_doors TABLESAMPLE BERNOULLI (1) REPEATABLE (7);
VACUUM ANALYZE tb_doors;
SELECT count(*) AS doors, count(DISTINCT precinct) AS precincts, count(DISTINCT geom) AS points,
       count(DISTINCT building) AS apartment_buildings FROM tb_doors;

-- Side-by-side metrics of the cut in tb_cut(method, precinct, id, x, y, building, t).
CREATE OR REPLACE FUNCTION tb_metrics(target int)
RETURNS TABLE (method text, turfs bigint, min_size bigint, max_size bigint, cv numeric,
               within_10pct numeric, doors_outside_half numeric, mean_dist numeric, p95_dist numeric,
               hulls_overlapping_5pct bigint, buildings_split bigint)
LANGUAGE plpgsql AS $$
BEGIN
  DROP TABLE IF EXISTS tb_turfs;
  CREATE TEMP TABLE tb_turfs AS
    SELECT c.method, c.precinct, c.t, count(*) AS n, avg(c.x) AS cx, avg(c.y) AS cy,
           ST_ConvexHull(ST_Collect(ST_MakePoint(c.x, c.y))) AS hull
    FROM tb_cut c GROUP BY 1, 2, 3;
  CREATE INDEX ON tb_turfs USING gist (hull);
  ANALYZE tb_turfs;
  RETURN QUERY
  WITH d AS (
    SELECT c.method, sqrt((c.x - s.cx) ^ 2 + (c.y - s.cy) ^ 2) AS d
    FROM tb_cut c JOIN tb_turfs s USING (method, precinct, t)),
  ov AS (
    SELECT DISTINCT a.method, a.precinct, a.t
    FROM tb_turfs a JOIN tb_turfs b ON a.hull && b.hull AND a.method = b.method
      AND a.precinct = b.precinct AND a.t <> b.t
    WHERE ST_Area(a.hull) > 0
      AND ST_Area(ST_Intersection(a.hull, b.hull)) > 0.05 * ST_Area(a.hull)),
  bs AS (
    SELECT x.method, count(*) AS split FROM (
      SELECT c.method, c.building FROM tb_cut c WHERE c.building IS NOT NULL
      GROUP BY 1, 2 HAVING count(DISTINCT c.t) > 1) x GROUP BY 1)
  SELECT s.method, count(*), min(s.n), max(s.n), round((stddev_pop(s.n) / avg(s.n))::numeric, 3),
         round(avg((s.n BETWEEN 0.9 * target AND 1.1 * target)::int), 3),
         round(coalesce(sum(s.n) FILTER (WHERE s.n < 0.5 * target OR s.n > 1.5 * target), 0) / sum(s.n), 3),
         (SELECT round(avg(d.d)::numeric, 2) FROM d WHERE d.method = s.method),
         (SELECT round((percentile_cont(.95) WITHIN GROUP (ORDER BY d.d))::numeric, 2) FROM d WHERE d.method = s.method),
         (SELECT count(*) FROM ov WHERE ov.method = s.method),
         coalesce((SELECT bs.split FROM bs WHERE bs.method = s.method), 0)
  FROM tb_turfs s GROUP BY s.method ORDER BY s.method;
END $$;

-- Ratios of turf to kmeans from the metrics.
CREATE OR REPLACE FUNCTION tb_ratios(target int)
RETURNS TABLE (mean_ratio numeric, p95_ratio numeric)
LANGUAGE sql AS $$
  WITH m AS (SELECT * FROM tb_metrics(target))
  SELECT round((SELECT mean_dist FROM m WHERE method = 'turf') / (SELECT mean_dist FROM m WHERE method = 'kmeans'), 3),
         round((SELECT p95_dist FROM m WHERE method = 'turf') / (SELECT p95_dist FROM m WHERE method = 'kmeans'), 3);
$$;

-- Share of the doors of tb_cut (method m) whose turf differs in tb_cut2,
-- after matching the turfs of the two cuts greedily by shared doors: in
-- all precincts, in those whose turf count stayed the same, and in those
-- where the added doors made round(doors / target) one more.
DROP FUNCTION IF EXISTS tb_moved(text);
CREATE OR REPLACE FUNCTION tb_moved(m text, OUT moved numeric, OUT moved_same_k numeric,
                                    OUT moved_more_k numeric, OUT precincts_more_k bigint)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  cur int;
  used_a int[];
  used_b int[];
BEGIN
  -- greedy by shared doors within each precinct; the turfs already matched
  -- in the current precinct are kept in two small arrays
  CREATE TEMP TABLE kept (precinct int, n bigint);
  FOR r IN SELECT a.precinct, a.t AS ta, b.t AS tb, count(*) AS n
           FROM tb_cut a JOIN tb_cut2 b USING (method, id) WHERE a.method = m
           GROUP BY 1, 2, 3 ORDER BY 1, n DESC, 2, 3 LOOP
    IF cur IS DISTINCT FROM r.precinct THEN
      cur := r.precinct;
      used_a := '{}';
      used_b := '{}';
    END IF;
    CONTINUE WHEN r.ta = ANY (used_a) OR r.tb = ANY (used_b);
    used_a := used_a || r.ta;
    used_b := used_b || r.tb;
    INSERT INTO kept VALUES (r.precinct, r.n);
  END LOOP;
  WITH k1 AS (SELECT precinct, count(DISTINCT t) AS k, count(*) AS doors FROM tb_cut WHERE method = m GROUP BY 1),
       k2 AS (SELECT precinct, count(DISTINCT t) AS k FROM tb_cut2 WHERE method = m GROUP BY 1),
       kp AS (SELECT precinct, sum(n) AS kept FROM kept GROUP BY 1),
       p AS (SELECT k1.precinct, k1.doors, coalesce(kp.kept, 0) AS kept, k2.k > k1.k AS more_k
             FROM k1 JOIN k2 USING (precinct) LEFT JOIN kp USING (precinct))
  SELECT round(1 - sum(kept) / sum(doors), 4),
         round(1 - sum(kept) FILTER (WHERE NOT more_k) / sum(doors) FILTER (WHERE NOT more_k), 4),
         round(1 - sum(kept) FILTER (WHERE more_k) / sum(doors) FILTER (WHERE more_k), 4),
         count(*) FILTER (WHERE more_k)
  INTO moved, moved_same_k, moved_more_k, precincts_more_k FROM p;
  DROP TABLE kept;
END $$;
SQL

# Times one statement, printing "label seconds" (or that it timed out or failed).
turf_time() {
    local label=$1 sql=$2 t0 t1 err
    err=$(mktemp)
    t0=$(date +%s.%N)
    if turf_sql -c "$sql" >/dev/null 2>"$err"; then
        t1=$(date +%s.%N)
        printf '%s %.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
    elif grep -q 'statement timeout' "$err"; then
        printf '%s timeout\n' "$label"
    else
        t1=$(date +%s.%N)
        printf '%s failed after %.2f s: %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$(grep -m1 ERROR "$err")"
    fi
    rm -f "$err"
}

# Times one statement by the server process's CPU time (user + system, from
# /proc, read by the superuser running the benchmark), which other work on a
# loaded machine disturbs far less than the wall clock; prints "label
# seconds of CPU (wall seconds)".
turf_cpu() {
    local label=$1 sql=$2 out
    out=$(turf_sql -tA <<SQL
SELECT split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint AS cpu0, clock_timestamp() AS wall0
FROM pg_read_file('/proc/self/stat') s \gset
$sql;
SELECT round(((split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint - :cpu0) / 100.0)::numeric, 2)
       || ' s of CPU (wall ' || round(extract(epoch FROM clock_timestamp() - :'wall0')::numeric, 2) || ' s)'
FROM pg_read_file('/proc/self/stat') s;
SQL
)
    printf '%s %s\n' "$label" "$(printf '%s\n' "$out" | tail -1)"
}

turf_new_cut() {
    turf_sql -c "DROP TABLE IF EXISTS ${1:-tb_cut}; CREATE TABLE ${1:-tb_cut} (method text, precinct int, id int, x float8, y float8, building int, t int)"
}

# Case 1: the 1M doors by precinct.
if turf_case 1; then
    log "turf: case 1, all doors by precinct, target $TURF_TARGET"
    turf_sql -c "DROP TABLE IF EXISTS tb_k; CREATE TABLE tb_k AS SELECT precinct, greatest(1, round(count(*) / $TURF_TARGET.0))::int AS k FROM tb_doors GROUP BY precinct"
    turf_new_cut
    # warm the table into shared buffers, so the first timed statement pays no reads
    turf_sql -c "SELECT count(*), sum(ST_X(geom)) FROM tb_doors" >/dev/null
    echo "case 1 (partitioned):"
    turf_cpu "  canvass.turf" "INSERT INTO tb_cut SELECT 'turf', precinct, id, x, y, building, canvass.turf(geom, $TURF_TARGET) OVER (PARTITION BY precinct) FROM tb_doors"
    turf_cpu "  ST_ClusterKMeans" "INSERT INTO tb_cut SELECT 'kmeans', precinct, id, x, y, building, ST_ClusterKMeans(geom, k) OVER (PARTITION BY precinct) FROM tb_doors JOIN tb_k USING (precinct)"
    echo "  the same two cuts without writing the rows, by the server's CPU time, three times each, alternating:"
    # the window floor: the cheapest window over the same partitions, the
    # sort and the reading of every geometry without any cut
    for rep in 1 2 3; do
        turf_cpu "    canvass.turf" "SELECT sum(t) FROM (SELECT canvass.turf(geom, $TURF_TARGET) OVER (PARTITION BY precinct) AS t FROM tb_doors) c"
        turf_cpu "    ST_ClusterKMeans" "SELECT sum(t) FROM (SELECT ST_ClusterKMeans(geom, k) OVER (PARTITION BY precinct) AS t FROM tb_doors JOIN tb_k USING (precinct)) c"
        turf_cpu "    window floor, sum(ST_X(geom))" "SELECT sum(t) FROM (SELECT sum(ST_X(geom)) OVER (PARTITION BY precinct) AS t FROM tb_doors) c"
    done
    turf_sql -c "SELECT * FROM tb_metrics($TURF_TARGET)" -c "SELECT * FROM tb_ratios($TURF_TARGET)"
    echo "  distance ratios by kind of cell (where balance costs reach):"
    turf_sql <<'SQL'
WITH c AS (SELECT method, precinct, t, avg(x) AS cx, avg(y) AS cy FROM tb_cut GROUP BY 1, 2, 3),
d AS (SELECT k.method, CASE WHEN cl.kind < .55 THEN 'street grid' WHEN cl.kind < .85 THEN 'subdivision' ELSE 'apartments' END AS cell,
             sqrt((k.x - c.cx) ^ 2 + (k.y - c.cy) ^ 2) AS d
      FROM tb_cut k JOIN c USING (method, precinct, t) JOIN tb_cells cl USING (precinct))
SELECT coalesce(cell, 'all') AS cell, count(*) FILTER (WHERE method = 'turf') AS doors,
       round((avg(d) FILTER (WHERE method = 'turf') / avg(d) FILTER (WHERE method = 'kmeans'))::numeric, 3) AS mean_ratio,
       round((percentile_cont(.95) WITHIN GROUP (ORDER BY d) FILTER (WHERE method = 'turf')
              / percentile_cont(.95) WITHIN GROUP (ORDER BY d) FILTER (WHERE method = 'kmeans'))::numeric, 3) AS p95_ratio
FROM d GROUP BY ROLLUP (cell) ORDER BY cell;
-- turfs whose hull overlaps another's by more than 5% of its area, by kind of cell
WITH h AS (SELECT method, precinct, t, ST_ConvexHull(ST_Collect(ST_MakePoint(x, y))) AS hull
           FROM tb_cut GROUP BY 1, 2, 3),
ov AS (SELECT DISTINCT a.method, a.precinct, a.t FROM h a JOIN h b
         ON a.method = b.method AND a.precinct = b.precinct AND a.t <> b.t AND a.hull && b.hull
       WHERE ST_Area(a.hull) > 0 AND ST_Area(ST_Intersection(a.hull, b.hull)) > 0.05 * ST_Area(a.hull))
SELECT h.method, CASE WHEN cl.kind < .55 THEN 'street grid' WHEN cl.kind < .85 THEN 'subdivision' ELSE 'apartments' END AS cell,
       count(*) AS turfs, count(ov.t) AS hulls_overlapping_5pct
FROM h JOIN tb_cells cl USING (precinct) LEFT JOIN ov USING (method, precinct, t)
GROUP BY 1, 2 ORDER BY 1, 2;
SQL
fi

# Case 4: stability, 1% more doors, on the partitioned cut.
if turf_case 4; then
    log "turf: case 4, stability under 1% more doors"
    turf_new_cut tb_cut2
    turf_sql -c "INSERT INTO tb_cut2 SELECT 'turf', precinct, id, x, y, building, canvass.turf(geom, $TURF_TARGET) OVER (PARTITION BY precinct)
                 FROM (SELECT precinct, id, x, y, building, geom FROM tb_doors
                       UNION ALL SELECT precinct, NULL, x, y, NULL, ST_SetSRID(ST_MakePoint(x, y), 32616) FROM tb_extra) d"
    turf_sql -c "INSERT INTO tb_cut2 SELECT 'kmeans', precinct, id, x, y, building, ST_ClusterKMeans(geom, k) OVER (PARTITION BY precinct)
                 FROM (SELECT precinct, id, x, y, building, geom FROM tb_doors
                       UNION ALL SELECT precinct, NULL, x, y, NULL, ST_SetSRID(ST_MakePoint(x, y), 32616) FROM tb_extra) d
                 JOIN (SELECT precinct, greatest(1, round(count(*) / $TURF_TARGET.0))::int AS k
                       FROM (SELECT precinct FROM tb_doors UNION ALL SELECT precinct FROM tb_extra) a GROUP BY 1) kk USING (precinct)"
    # The same re-cut from the first cut's turfs (previous), the way a nightly
    # job would run it; its turfs keep their numbers, matched as the others.
    turf_sql -c "INSERT INTO tb_cut SELECT 'turf from previous', precinct, id, x, y, building, t FROM tb_cut WHERE method = 'turf'"
    turf_cpu "  canvass.turf(..., previous) re-cut" "INSERT INTO tb_cut2 SELECT 'turf from previous', precinct, id, x, y, building,
                 canvass.turf(geom, $TURF_TARGET, 1, prev) OVER (PARTITION BY precinct)
                 FROM (SELECT d.precinct, d.id, d.x, d.y, d.building, d.geom, c.t AS prev
                       FROM tb_doors d JOIN tb_cut c ON c.method = 'turf' AND c.id = d.id
                       UNION ALL SELECT precinct, NULL, x, y, NULL, ST_SetSRID(ST_MakePoint(x, y), 32616), NULL FROM tb_extra) d"
    turf_sql -c "SELECT (SELECT count(*) FROM tb_extra) AS added_doors" \
             -c "SELECT 'turf' AS method, * FROM tb_moved('turf') UNION ALL SELECT 'turf from previous', * FROM tb_moved('turf from previous')
                 UNION ALL SELECT 'kmeans', * FROM tb_moved('kmeans')" \
             -c "SELECT method, round(avg(sqrt((c.x - s.cx) ^ 2 + (c.y - s.cy) ^ 2))::numeric, 2) AS mean_dist_after,
                        round((percentile_cont(.95) WITHIN GROUP (ORDER BY sqrt((c.x - s.cx) ^ 2 + (c.y - s.cy) ^ 2)))::numeric, 2) AS p95_dist_after
                 FROM tb_cut2 c JOIN (SELECT method, precinct, t, avg(x) AS cx, avg(y) AS cy FROM tb_cut2 GROUP BY 1, 2, 3) s
                   USING (method, precinct, t) GROUP BY method ORDER BY method"

    # The trade between compactness and stability: the turf core compiled
    # with less or more refinement, on the same doors (bench/turf_frontier.c),
    # beside ST_ClusterKMeans's figures from case 1.
    log "turf: case 4, compactness against stability"
    fdir=$(mktemp -d "${TMPDIR:-/tmp}/canvass-frontier.XXXXXX")
    turf_sql -c "\\copy (SELECT precinct, x, y FROM tb_doors ORDER BY precinct, id) TO '$fdir/doors.csv' CSV" \
             -c "\\copy (SELECT precinct, x, y FROM tb_extra ORDER BY precinct, x, y) TO '$fdir/extra.csv' CSV" >/dev/null
    read -r km_mean km_p95 < <(turf_sql -tAF ' ' -c "
        SELECT avg(d), percentile_cont(.95) WITHIN GROUP (ORDER BY d) FROM (
          SELECT sqrt((c.x - s.cx) ^ 2 + (c.y - s.cy) ^ 2) AS d
          FROM tb_cut c JOIN (SELECT precinct, t, avg(x) AS cx, avg(y) AS cy FROM tb_cut WHERE method = 'kmeans' GROUP BY 1, 2) s
            USING (precinct, t) WHERE c.method = 'kmeans') z")
    echo "ST_ClusterKMeans (case 1): mean $km_mean m, p95 $km_p95 m; ratios below are to these"
    ${CC:-cc} -O2 -Isrc -o "$fdir/frontier" bench/turf_frontier.c src/core/turf*.c src/core/grid.c src/core/sort.c -lm
    for v in "TURF_REFINE=0:bisection and balance only" "TURF_ROUNDS_FROM_LOG2K=64:pairwise re-splits, no cycles" \
             ":as released (2 cycle rounds at 26 turfs)" "TURF_ROUNDS_FROM_LOG2K=-8:12 cycle rounds" \
             ":as released, re-cut from previous:from"; do
        tune=${v%%:*}; rest=${v#*:}; label=${rest%%:*}; mode=; [ "$rest" != "$label" ] && mode=${rest#*:}
        env $tune "$fdir/frontier" "$fdir/doors.csv" "$fdir/extra.csv" "$TURF_TARGET" "$label" $mode |
            awk -v m="$km_mean" -v p="$km_p95" '{ print; a = b = ""   # the first cut'"'"'s figures, not the second'"'"'s
                for (i = 1; i <= NF; i++) { if ($i == "mean" && a == "") a = $(i + 1); if ($i == "p95" && b == "") b = $(i + 1) }
                printf "%28s mean %.3fx  p95 %.3fx k-means\n", "", a / m, b / p }'
    done
    rm -rf "$fdir"
fi

# Case 6: what exact balance costs, on subdivision cells: a balanced k-means
# computed outside canvass (bench/balanced_kmeans.py, SciPy) on the same
# doors with the same k, beside case 1's turfs and k-means clusters.
if turf_case 6 && turf_case 1; then
    log "turf: case 6, balanced k-means reference on $TURF_REFERENCE_PRECINCTS subdivision precincts"
    echo "case 6 (subdivision precincts: turf, ST_ClusterKMeans and an exact-balance k-means by SciPy):"
    turf_sql -c "COPY (SELECT t.precinct, t.x, t.y, t.t, k.t FROM tb_cut t JOIN tb_cut k USING (precinct, id)
                 WHERE t.method = 'turf' AND k.method = 'kmeans' AND t.precinct IN
                   (SELECT precinct FROM tb_cells WHERE kind >= .55 AND kind < .85 ORDER BY precinct LIMIT $TURF_REFERENCE_PRECINCTS)
                 ORDER BY t.precinct, t.id) TO STDOUT CSV" | /usr/bin/python3 bench/balanced_kmeans.py
fi

# Case 2: 100k doors unpartitioned.
if turf_case 2; then
    log "turf: case 2, about 100k doors unpartitioned"
    turf_new_cut
    turf_sql -c "DROP TABLE IF EXISTS tb_small; CREATE TABLE tb_small AS SELECT * FROM tb_doors WHERE precinct % 32 < 8 AND precinct / 32 < 8"
    k2=$(turf_sql -tAc "SELECT round(count(*) / $TURF_TARGET.0) FROM tb_small")
    echo "case 2 (unpartitioned, $(turf_sql -tAc "SELECT count(*) FROM tb_small") doors, k = $k2):"
    turf_cpu "  canvass.turf" "INSERT INTO tb_cut SELECT 'turf', 0, id, x, y, building, canvass.turf(geom, $TURF_TARGET) OVER () FROM tb_small"
    turf_cpu "  ST_ClusterKMeans" "INSERT INTO tb_cut SELECT 'kmeans', 0, id, x, y, building, ST_ClusterKMeans(geom, $k2) OVER () FROM tb_small"
    turf_sql -c "SELECT * FROM tb_metrics($TURF_TARGET)" -c "SELECT * FROM tb_ratios($TURF_TARGET)"
fi

# Case 3: the 1M doors unpartitioned.
if turf_case 3; then
    log "turf: case 3, all doors unpartitioned"
    turf_new_cut
    k3=$(turf_sql -tAc "SELECT round(count(*) / $TURF_TARGET.0) FROM tb_doors")
    echo "case 3 (unpartitioned, k = $k3; ST_ClusterKMeans under statement_timeout = $TURF_KMEANS_TIMEOUT):"
    turf_cpu "  canvass.turf" "INSERT INTO tb_cut SELECT 'turf', 0, id, x, y, building, canvass.turf(geom, $TURF_TARGET) OVER () FROM tb_doors"
    turf_time "  ST_ClusterKMeans" "SET statement_timeout = '$TURF_KMEANS_TIMEOUT'; INSERT INTO tb_cut SELECT 'kmeans', 0, id, x, y, building, ST_ClusterKMeans(geom, $k3) OVER () FROM tb_doors"
    turf_sql -c "SELECT * FROM tb_metrics($TURF_TARGET)"
fi

# Case 5: the partitioned cut and the walk order of every turf in one
# statement (the design's goal: under 10 s for a million doors), beside the
# k-means cut alone.
if turf_case 5; then
    log "turf: case 5, cut and walk order of all doors"
    turf_sql -c "DROP TABLE IF EXISTS tb_k; CREATE TABLE tb_k AS SELECT precinct, greatest(1, round(count(*) / $TURF_TARGET.0))::int AS k FROM tb_doors GROUP BY precinct"
    echo "case 5 (cut by precinct, then walk order by turf, one statement):"
    turf_cpu "  canvass.turf + canvass.walk_order" "SELECT sum(k) FROM (SELECT canvass.walk_order(geom) OVER (PARTITION BY precinct, t) AS k
        FROM (SELECT precinct, geom, canvass.turf(geom, $TURF_TARGET) OVER (PARTITION BY precinct) AS t FROM tb_doors) c) w"
    turf_cpu "  ST_ClusterKMeans alone (the cut, no walk order)" "SELECT sum(t) FROM (SELECT ST_ClusterKMeans(geom, k) OVER (PARTITION BY precinct) AS t
        FROM tb_doors JOIN tb_k USING (precinct)) c"
fi

# Case 7: the second generator, partitioned by precinct, beside
# ST_ClusterKMeans; then the core alone (bench/turf_places.c) on the doors
# of both generators: overlaps and turfs of houses far from their
# precinct's mean, which SQL measures here for the second generator only.
if turf_case 7; then
    log "turf: case 7, the second generator (bench/turf_places.c)"
    pdir=$(mktemp -d "${TMPDIR:-/tmp}/canvass-places.XXXXXX")
    chmod 755 "$pdir"
    ${CC:-cc} -O2 -Isrc -Itest/c -o "$pdir/places" bench/turf_places.c src/core/turf*.c src/core/grid.c src/core/sort.c -lm
    "$pdir/places" gen 2026 > "$pdir/places.csv"
    turf_sql -c "DROP TABLE IF EXISTS tb_places; CREATE TABLE tb_places (id serial, precinct int, kind text, x float8, y float8, building int)" \
             -c "\\copy tb_places (precinct, kind, x, y, building) FROM '$pdir/places.csv' CSV" \
             -c "UPDATE tb_places SET building = NULL WHERE building = 0" \
             -c "ALTER TABLE tb_places ADD COLUMN geom geometry(Point, 32616)" \
             -c "UPDATE tb_places SET geom = ST_SetSRID(ST_MakePoint(x, y), 32616)" \
             -c "VACUUM ANALYZE tb_places" \
             -c "DROP TABLE IF EXISTS tb_pk; CREATE TABLE tb_pk AS SELECT precinct, greatest(1, round(count(*) / $TURF_TARGET.0))::int AS k FROM tb_places GROUP BY precinct"
    turf_new_cut
    echo "case 7 (second generator, $(turf_sql -tAc "SELECT count(*) FROM tb_places") doors in $(turf_sql -tAc "SELECT count(DISTINCT precinct) FROM tb_places") precincts, by precinct):"
    turf_cpu "  canvass.turf" "INSERT INTO tb_cut SELECT 'turf', precinct, id, x, y, building, canvass.turf(geom, $TURF_TARGET) OVER (PARTITION BY precinct) FROM tb_places"
    turf_cpu "  ST_ClusterKMeans" "INSERT INTO tb_cut SELECT 'kmeans', precinct, id, x, y, building, ST_ClusterKMeans(geom, k) OVER (PARTITION BY precinct) FROM tb_places JOIN tb_pk USING (precinct)"
    turf_sql -c "SELECT * FROM tb_metrics($TURF_TARGET)" -c "SELECT * FROM tb_ratios($TURF_TARGET)"
    echo "  by kind of place: distance ratios, hulls overlapping another's by more than 5%, turfs of houses more than 25% from their precinct's mean:"
    turf_sql <<'SQL'
WITH kinds AS (SELECT DISTINCT precinct, kind FROM tb_places),
s AS (SELECT method, precinct, t, avg(x) AS cx, avg(y) AS cy, count(*) AS n, bool_or(building IS NOT NULL) AS has_building,
             ST_ConvexHull(ST_Collect(ST_MakePoint(x, y))) AS hull
      FROM tb_cut GROUP BY 1, 2, 3),
d AS (SELECT c.method, k.kind, sqrt((c.x - s.cx) ^ 2 + (c.y - s.cy) ^ 2) AS d
      FROM tb_cut c JOIN s USING (method, precinct, t) JOIN kinds k USING (precinct)),
ov AS (SELECT DISTINCT a.method, a.precinct, a.t FROM s a JOIN s b
         ON a.method = b.method AND a.precinct = b.precinct AND a.t <> b.t AND a.hull && b.hull
       WHERE ST_Area(a.hull) > 0 AND ST_Area(ST_Intersection(a.hull, b.hull)) > 0.05 * ST_Area(a.hull)),
hm AS (SELECT method, precinct, avg(n) AS mean_houses FROM s WHERE NOT has_building GROUP BY 1, 2),
t AS (SELECT s.method, k.kind, count(*) AS turfs, count(ov.t) AS overlapping,
             count(*) FILTER (WHERE NOT s.has_building AND abs(s.n / hm.mean_houses - 1) > 0.25) AS houses_off
      FROM s JOIN kinds k USING (precinct) LEFT JOIN ov USING (method, precinct, t) LEFT JOIN hm USING (method, precinct)
      GROUP BY 1, 2)
SELECT t.kind, t.method, t.turfs, t.overlapping AS hulls_overlapping_5pct, t.houses_off AS house_turfs_off_25pct,
       round((SELECT avg(d) FROM d WHERE d.method = t.method AND d.kind = t.kind)::numeric, 2) AS mean_dist,
       round((SELECT percentile_cont(.95) WITHIN GROUP (ORDER BY d) FROM d WHERE d.method = t.method AND d.kind = t.kind)::numeric, 2) AS p95_dist
FROM t ORDER BY 1, 2;
SQL
    echo "  the core alone (turf_places cut), second generator:"
    "$pdir/places" cut "$pdir/places.csv" "$TURF_TARGET" 3 | sed 's/^/    /'
    echo "  the core alone, first generator (tb_doors, kind of cell as kind):"
    turf_sql -c "\\copy (SELECT d.precinct, CASE WHEN c.kind < .55 THEN 'grid' WHEN c.kind < .85 THEN 'subdiv' ELSE 'apart' END, d.x, d.y, coalesce(d.building, 0) FROM tb_doors d JOIN tb_cells c USING (precinct) ORDER BY d.precinct, d.id) TO '$pdir/doors.csv' CSV" >/dev/null
    "$pdir/places" cut "$pdir/doors.csv" "$TURF_TARGET" | sed 's/^/    /'
    rm -rf "$pdir"
fi
