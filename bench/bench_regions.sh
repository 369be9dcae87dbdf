# bench_regions.sh: turf regions, canvass.turf_regions against the plain
# PostGIS recipe (ST_VoronoiPolygons of each precinct's doors, each cell
# labelled with the turf of a door inside it, ST_Union of the cells by turf,
# ST_Intersection with the precinct), side by side in one run.  Sourced by
# bench/run.sh (`make bench BENCH=regions`) with a private cluster running
# and "${PSQL[@]}" set.
#
# Data: the doors of bench_turf.sh (about 1M, seeded, 640 precinct cells of
# 1.5 km, SRID 32616), cut into turfs of 60 by precinct with canvass.turf;
# each precinct's polygon is its cell.  Both methods are timed by the
# server's CPU time (turf_cpu of bench_turf.sh), REGIONS_REPEAT times each,
# alternating, and their tilings are checked the same way: the regions of a
# precinct cover it (area difference), never overlap (pairwise overlap
# area), are valid, and each holds its own doors and no other turf's.

REGIONS_REPEAT=${REGIONS_REPEAT:-2}

# shellcheck disable=SC2034
TURF_CASES=none
# shellcheck disable=SC1091
. bench/bench_turf.sh

log "regions: the cut, precinct polygons"
turf_sql <<'SQL'
DROP TABLE IF EXISTS rb_cut, rb_precinct, rb_regions CASCADE;
CREATE TABLE rb_precinct AS
  SELECT precinct, ST_MakeEnvelope(730000 + cx * 1500, 3740000 + cy * 1500,
                                   730000 + (cx + 1) * 1500, 3740000 + (cy + 1) * 1500, 32616) AS poly
  FROM tb_cells;
CREATE TABLE rb_cut AS
  SELECT id, precinct, geom, canvass.turf(geom, 60) OVER (PARTITION BY precinct) AS t FROM tb_doors;
CREATE INDEX ON rb_cut USING gist (geom);
CREATE INDEX ON rb_cut (precinct);
VACUUM ANALYZE rb_cut;
VACUUM ANALYZE rb_precinct;
CREATE TABLE rb_regions (method text, precinct int, t int, region geometry);

-- The plain PostGIS recipe.
CREATE OR REPLACE VIEW rb_plain AS
WITH v AS (
  SELECT c.precinct, p.poly,
         (ST_Dump(ST_VoronoiPolygons(ST_Collect(c.geom), 0, p.poly))).geom AS cell
  FROM rb_cut c JOIN rb_precinct p USING (precinct)
  GROUP BY c.precinct, p.poly),
l AS (
  SELECT v.precinct, v.poly, v.cell,
         (SELECT d.t FROM rb_cut d WHERE d.precinct = v.precinct AND d.geom && v.cell AND ST_Intersects(v.cell, d.geom) LIMIT 1) AS t
  FROM v)
SELECT precinct, t, ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Union(cell), poly), 3)) AS region
FROM l GROUP BY precinct, t, poly;

-- canvass.turf_regions.
CREATE OR REPLACE VIEW rb_canvass AS
WITH a AS (SELECT precinct, array_agg(geom) AS g, array_agg(t) AS t FROM rb_cut GROUP BY precinct)
SELECT a.precinct, r.turf AS t, r.region
FROM a JOIN rb_precinct p USING (precinct), canvass.turf_regions(a.g, a.t, p.poly) r;
SQL

echo "turf regions, 1M doors by precinct ($(turf_sql -tAc "SELECT count(DISTINCT (precinct, t)) FROM rb_cut") turfs in 640 precincts):"
for rep in $(seq 1 "$REGIONS_REPEAT"); do
    turf_cpu "  canvass.turf_regions" "SELECT count(*), sum(ST_NPoints(region)) FROM rb_canvass"
    turf_cpu "  PostGIS recipe (Voronoi, union by turf, intersection)" "SELECT count(*), sum(ST_NPoints(region)) FROM rb_plain"
done

log "regions: checking both tilings"
turf_sql -c "INSERT INTO rb_regions SELECT 'canvass.turf_regions', * FROM rb_canvass" \
         -c "INSERT INTO rb_regions SELECT 'PostGIS recipe', * FROM rb_plain" \
         -c "CREATE INDEX ON rb_regions USING gist (region)" -c "ANALYZE rb_regions"
turf_sql <<'SQL'
WITH per AS (
  SELECT r.method, r.precinct, abs(sum(ST_Area(r.region)) - ST_Area(p.poly)) / ST_Area(p.poly) AS gap,
         ST_Area(ST_SymDifference(ST_Union(r.region), p.poly)) / ST_Area(p.poly) AS symdiff
  FROM rb_regions r JOIN rb_precinct p USING (precinct) GROUP BY r.method, r.precinct, p.poly),
ov AS (
  SELECT a.method, max(ST_Area(ST_Intersection(a.region, b.region))) AS overlap
  FROM rb_regions a JOIN rb_regions b ON a.method = b.method AND a.precinct = b.precinct AND a.t < b.t
    AND a.region && b.region GROUP BY a.method),
own AS (
  SELECT r.method, count(*) FILTER (WHERE NOT ST_Covers(r.region, c.geom)) AS doors_outside_own
  FROM rb_regions r JOIN rb_cut c ON c.precinct = r.precinct AND c.t = r.t GROUP BY r.method),
other AS (
  SELECT r.method, count(*) AS doors_inside_other
  FROM rb_regions r JOIN rb_cut c ON c.precinct = r.precinct AND c.t <> r.t
    AND c.geom && r.region AND ST_Contains(r.region, c.geom) GROUP BY r.method)
SELECT per.method, count(*) AS precincts,
       (SELECT count(*) FROM rb_regions x WHERE x.method = per.method) AS regions,
       (SELECT count(*) FROM rb_regions x WHERE x.method = per.method AND NOT ST_IsValid(x.region)) AS invalid,
       (SELECT string_agg(DISTINCT GeometryType(x.region), ',') FROM rb_regions x WHERE x.method = per.method) AS types,
       max(per.gap) AS max_area_gap, max(per.symdiff) AS max_symdiff,
       max(ov.overlap) AS max_pair_overlap_m2, max(own.doors_outside_own) AS doors_outside_own,
       coalesce(max(other.doors_inside_other), 0) AS doors_inside_other_turf
FROM per JOIN ov USING (method) JOIN own USING (method) LEFT JOIN other USING (method)
GROUP BY per.method ORDER BY per.method;
SQL
