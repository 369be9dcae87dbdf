#!/usr/bin/env bash
# README's export recipes (Turf regions, "Exporting the turf map"): turf
# regions from canvass.turf_regions, through a view whose geometry column
# is cast to geometry(MultiPolygon, srid), exported by ogr2ogr (Debian
# gdal-bin) to GeoPackage and GeoJSON keep their coordinate system and
# geometry type, in a projected SRID (32616, UTM 16N) and in 4326, with rows
# and with none; an ad-hoc -sql export with the cast, -nlt and -a_srs does
# too.  The files are read back with ogrinfo.  Expected values: the SRIDs
# given, the number of turfs cut, and the area of the precinct (1 km x
# 1 km = 1,000,000 m2, by hand) as the sum of the exported regions.
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_export_test
out=${TEST_TMP:-/tmp}/export
rm -rf "$out"
mkdir -p "$out"
pg="PG:host=$PGHOST port=$PGPORT user=$PGUSER dbname=$db"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
command -v ogr2ogr >/dev/null
ok $? "ogr2ogr is installed (Debian package gdal-bin)"

# 400 doors on a 20 x 20 lattice in a 1 km square precinct, cut into turfs
# of 50; the same in longitude/latitude.
"${PSQL[@]}" -d "$db" >/dev/null <<'SQL'
CREATE TABLE precinct_areas (precinct text, geom geometry(MultiPolygon, 32616));
INSERT INTO precinct_areas VALUES ('P1', ST_Multi(ST_MakeEnvelope(730000, 3740000, 731000, 3741000, 32616)));
CREATE TABLE households (id int, precinct text, geom geometry(Point, 32616), turf int);
INSERT INTO households (id, precinct, geom)
  SELECT i, 'P1', ST_SetSRID(ST_MakePoint(730010 + (i % 20) * 49, 3740010 + (i / 20) * 49), 32616)
  FROM generate_series(0, 399) i;
UPDATE households h SET turf = c.t
FROM (SELECT id, canvass.turf(geom, 50) OVER (PARTITION BY precinct) AS t FROM households) c WHERE c.id = h.id;
-- README's view: the cast gives the column a type and an SRID that every
-- client (QGIS, ogr2ogr) reads from the catalog.
CREATE VIEW turf_map AS
SELECT h.precinct, r.turf, r.door_count,
       r.region::geometry(MultiPolygon, 32616) AS region
FROM (SELECT precinct, array_agg(geom ORDER BY id) AS doors, array_agg(turf ORDER BY id) AS turfs
      FROM households GROUP BY precinct) h
JOIN precinct_areas p USING (precinct),
     canvass.turf_regions(h.doors, h.turfs, p.geom) r;
CREATE VIEW turf_map_none AS SELECT * FROM turf_map WHERE false;
CREATE VIEW turf_map_4326 AS
SELECT h.precinct, r.turf, r.door_count, r.region::geometry(MultiPolygon, 4326) AS region
FROM (SELECT precinct, array_agg(ST_Transform(geom, 4326) ORDER BY id) AS doors, array_agg(turf ORDER BY id) AS turfs
      FROM households GROUP BY precinct) h
JOIN precinct_areas p USING (precinct),
     canvass.turf_regions(h.doors, h.turfs, ST_Transform(p.geom, 4326)) r;
SQL
ok $? "doors, a precinct and the views of the recipe"
turfs=$("${PSQL[@]}" -d "$db" -c "SELECT count(DISTINCT turf) FROM households")
is "$turfs" 8 "400 doors in turfs of 50: 8 turfs"

# info FILE LAYER: geometry type, EPSG code of the layer's SRS, feature count.
info() {
    ogrinfo -so "$1" "$2" 2>/dev/null | awk '
        /^Geometry: / { sub(/^Geometry: /, ""); g = $0 }
        /^Feature Count: / { n = $3 }
        /^Layer SRS WKT:/ { srs = 1 }
        srs && /^    ID\["EPSG",[0-9]+\]\]/ { match($0, /[0-9]+/); e = substr($0, RSTART, RLENGTH) }
        END { printf "%s|EPSG:%s|%s\n", g, e, n }'
}

ogr2ogr -f GPKG "$out/turfs.gpkg" "$pg" turf_map
ok $? "ogr2ogr: the view to GeoPackage"
is "$(info "$out/turfs.gpkg" turf_map)" "Multi Polygon|EPSG:32616|$turfs" "GeoPackage: MultiPolygon, EPSG:32616, one feature per turf"
ogr2ogr -f GeoJSON "$out/turfs.geojson" "$pg" turf_map
ok $? "ogr2ogr: the view to GeoJSON"
grep -q '"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::32616" } }' "$out/turfs.geojson"
ok $? "GeoJSON: names its CRS, EPSG:32616"
is "$(grep -c '"type": "Feature"' "$out/turfs.geojson")" "$turfs" "GeoJSON: one feature per turf"
is "$(grep -c '"geometry": { "type": "MultiPolygon"' "$out/turfs.geojson")" "$turfs" "GeoJSON: every geometry a MultiPolygon"
# The regions read back tile the square: their areas sum to 1,000,000 m2.
area=$(ogr2ogr -f CSV /vsistdout/ "$out/turfs.gpkg" -dialect SQLite -sql "SELECT sum(ST_Area(region)) AS a FROM turf_map" 2>/dev/null | tail -1)
is "$(printf '%.3f' "${area:-0}")" "1000000.000" "GeoPackage regions read back: areas sum to the precinct's 1,000,000 m2"

ogr2ogr -f GPKG "$out/none.gpkg" "$pg" turf_map_none
is "$(info "$out/none.gpkg" turf_map_none)" "Multi Polygon|EPSG:32616|0" "no rows: the GeoPackage layer still has its type and SRS"

ogr2ogr -f GPKG "$out/turfs4326.gpkg" "$pg" turf_map_4326
is "$(info "$out/turfs4326.gpkg" turf_map_4326)" "Multi Polygon|EPSG:4326|$turfs" "SRID 4326: GeoPackage in EPSG:4326"
ogr2ogr -f GeoJSON "$out/turfs4326.geojson" "$pg" turf_map_4326
grep -q '"type": "MultiPolygon"' "$out/turfs4326.geojson" && ! grep -q 'EPSG::32616' "$out/turfs4326.geojson"
ok $? "SRID 4326: GeoJSON in longitude/latitude"

# Ad hoc, without a view: the cast, -nlt and -a_srs.
sql="SELECT h.precinct, r.turf, r.door_count, r.region::geometry(MultiPolygon, 32616) AS region
FROM (SELECT precinct, array_agg(geom ORDER BY id) AS doors, array_agg(turf ORDER BY id) AS turfs
      FROM households GROUP BY precinct) h
JOIN precinct_areas p USING (precinct), canvass.turf_regions(h.doors, h.turfs, p.geom) r"
ogr2ogr -f GPKG "$out/adhoc.gpkg" "$pg" -nln turfs -nlt MULTIPOLYGON -a_srs EPSG:32616 -sql "$sql"
is "$(info "$out/adhoc.gpkg" turfs)" "Multi Polygon|EPSG:32616|$turfs" "-sql with -nlt and -a_srs: MultiPolygon, EPSG:32616"
ogr2ogr -f GPKG "$out/adhoc_none.gpkg" "$pg" -nln turfs -nlt MULTIPOLYGON -a_srs EPSG:32616 -sql "$sql WHERE false"
is "$(info "$out/adhoc_none.gpkg" turfs)" "Multi Polygon|EPSG:32616|0" "-sql with no rows, -nlt and -a_srs: still EPSG:32616"
# What the recipe avoids: a bare -sql export of no rows has no SRS.
ogr2ogr -f GPKG "$out/bare_none.gpkg" "$pg" -nln turfs -sql "SELECT r.turf, r.region FROM households h,
    canvass.turf_regions(ARRAY[h.geom], ARRAY[1], (SELECT geom FROM precinct_areas)) r WHERE false"
is "$(info "$out/bare_none.gpkg" turfs)" "Unknown (any)|EPSG:|0" "a bare -sql export of no rows loses type and SRS (why the recipe casts)"

"${PSQL[@]}" -d postgres -c "DROP DATABASE $db" >/dev/null
done_testing
