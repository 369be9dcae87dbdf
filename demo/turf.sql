-- GA-6 demo, part 5: canvassing turf for the runoff.
--
-- Every building (one point; a house, or an apartment building with many
-- households) is cut into turfs of about 50 doors within its precinct with
-- canvass.turf, weighted by its doors so a building is never split; the
-- buildings of each turf are put in walk order with canvass.walk_order; each
-- turf gets its region, the turfs of a precinct tiling it (canvass.turf_regions).
-- Files for a dashboard or QGIS go to demo/out/: turfs.geojson (regions with
-- their summary) and walk_list.csv.

\echo
\echo '================================================================'
\echo ' Turf: about 50 doors each, cut within every precinct'
\echo '================================================================'

SET work_mem = '256MB';

CREATE TABLE ga6.building AS
SELECT building_id, precinct_id, (array_agg(geom ORDER BY household_id))[1] AS geom, count(*)::int AS doors
FROM ga6.household
GROUP BY building_id, precinct_id;
ALTER TABLE ga6.building ADD PRIMARY KEY (building_id);

-- The cut: turf numbers 1..k within each precinct, k = round(doors / 50).
CREATE TABLE ga6.building_turf AS
SELECT building_id, precinct_id, doors, geom,
       canvass.turf(geom, 50, doors) OVER (PARTITION BY precinct_id) AS turf_no
FROM ga6.building;

-- Walk order of the buildings in each turf.
CREATE TABLE ga6.walk AS
SELECT building_id, precinct_id, turf_no, doors, geom,
       precinct_id || '-' || lpad(turf_no::text, 3, '0') AS turf_id,
       canvass.walk_order(geom) OVER (PARTITION BY precinct_id, turf_no ORDER BY building_id) AS stop
FROM ga6.building_turf;
CREATE INDEX ON ga6.walk (turf_id, stop);

-- One row per turf: doors, stops, the walking route and its length in
-- metres, the hours it takes at 25 doors an hour, and the hull for the map.
CREATE TABLE ga6.turf AS
SELECT turf_id, precinct_id, turf_no,
       sum(doors)::int AS doors,
       count(*)::int AS stops,
       ST_MakeLine(geom ORDER BY stop) AS route,
       round(ST_Length(ST_MakeLine(geom ORDER BY stop)::geography)::numeric) AS route_m,
       round(sum(doors) / 25.0, 1) AS hours_at_25_an_hour,
       ST_ConvexHull(ST_Collect(geom)) AS hull
FROM ga6.walk
GROUP BY turf_id, precinct_id, turf_no;
ALTER TABLE ga6.turf ADD PRIMARY KEY (turf_id);

-- One region per turf, tiling its precinct (canvass.turf_regions): the map
-- a field director hands out, with no overlaps and no gaps, a building in
-- one turf's region only.
CREATE TABLE ga6.turf_region AS
SELECT b.precinct_id, b.precinct_id || '-' || lpad(r.turf::text, 3, '0') AS turf_id, r.turf AS turf_no,
       r.door_count AS buildings, r.region::geometry(MultiPolygon, 4326) AS region
FROM (SELECT precinct_id, array_agg(geom ORDER BY building_id) AS doors,
             array_agg(turf_no ORDER BY building_id) AS turfs
      FROM ga6.building_turf GROUP BY precinct_id) b
JOIN ga6.precinct p USING (precinct_id),
     canvass.turf_regions(b.doors, b.turfs, p.geom) r;
ALTER TABLE ga6.turf_region ADD PRIMARY KEY (turf_id);

-- Households (and so voters) take their building's turf.
CREATE VIEW ga6.household_turf AS
SELECT h.household_id, h.precinct_id, w.turf_id, w.stop
FROM ga6.household h JOIN ga6.walk w USING (building_id);

\echo 'Turfs over the district (doors = households; a building stays in one turf):'
SELECT count(*) AS turfs,
       sum(doors) AS doors,
       min(doors) AS min_doors,
       round(avg(doors), 1) AS mean_doors,
       max(doors) AS max_doors,
       round(100.0 * count(*) FILTER (WHERE doors BETWEEN 45 AND 55) / count(*), 1) AS "% within 45-55",
       round(avg(route_m)) AS mean_route_m,
       round(sum(hours_at_25_an_hour)) AS canvass_hours
FROM ga6.turf;

\echo 'Largest spread of turf sizes inside one precinct, against its largest building:'
SELECT p.precinct_id, max(t.doors) - min(t.doors) AS spread, max(b.doors) AS largest_building
FROM ga6.turf t
JOIN (SELECT precinct_id, max(doors) AS doors FROM ga6.building GROUP BY precinct_id) b USING (precinct_id)
JOIN (SELECT DISTINCT precinct_id FROM ga6.turf) p USING (precinct_id)
GROUP BY p.precinct_id ORDER BY spread DESC, p.precinct_id LIMIT 3;

\echo 'Five turfs of one precinct, for a Saturday:'
SELECT turf_id, doors, stops, route_m, hours_at_25_an_hour
FROM ga6.turf
WHERE precinct_id = (SELECT min(precinct_id) FROM ga6.turf)
ORDER BY turf_id LIMIT 5;

-- Files: the turf map as GeoJSON and the walk list as CSV.
\! mkdir -p demo/out
\pset tuples_only on
\pset format unaligned
\o demo/out/turfs.geojson
SELECT json_build_object(
         'type', 'FeatureCollection',
         'features', json_agg(json_build_object(
            'type', 'Feature',
            'geometry', ST_AsGeoJSON(r.region, 6)::json,
            'properties', json_build_object('turf_id', turf_id, 'doors', doors, 'stops', stops,
                                            'route_m', route_m, 'hours', hours_at_25_an_hour))
          ORDER BY turf_id))
FROM ga6.turf JOIN ga6.turf_region r USING (turf_id);
\o
\pset format aligned
\pset tuples_only off
\copy (SELECT w.turf_id, w.stop, h.household_id, v.voter_id, round(ST_Y(w.geom)::numeric, 6) AS lat, round(ST_X(w.geom)::numeric, 6) AS lon FROM ga6.walk w JOIN ga6.household h USING (building_id) JOIN ga6.voter v USING (household_id) ORDER BY w.turf_id, w.stop, h.household_id, v.voter_id) TO 'demo/out/walk_list.csv' CSV HEADER
\echo 'Wrote demo/out/turfs.geojson (turf regions) and demo/out/walk_list.csv (walk order, voters).'

RESET work_mem;
