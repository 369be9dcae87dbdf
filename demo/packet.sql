-- GA-6 demo: the packet of turf :pt (set with \set pt or \gset), printed as
-- one HTML page by canvass.turf_packet; demo/report_html.sql writes three.
-- A door is a household; households of one building share its stop.  The
-- synthetic voter file has no addresses or names: a door is its building
-- and household number, a voter is an id and an age.
WITH door AS (
    SELECT w.turf_id, w.stop, h.household_id, h.geom,
           'building ' || h.building_id
             || CASE WHEN h.units > 1 THEN ', household ' || h.household_id ELSE '' END AS address,
           string_agg(v.voter_id || ' (' || (2017 - v.birth_year) || ')', ', ' ORDER BY v.voter_id) AS voters,
           string_agg(DISTINCT canvass.universe(s.support, s.turnout), ', ') AS universe
    FROM ga6.walk w
    JOIN ga6.household h USING (building_id)
    JOIN ga6.voter v USING (household_id)
    JOIN ga6.runoff_score s USING (voter_id)
    WHERE w.turf_id = :'pt'
    GROUP BY w.turf_id, w.stop, h.household_id, h.geom, h.building_id, h.units)
SELECT canvass.turf_packet(
         'Turf ' || d.turf_id || ' (' || p.county || ', ' || coalesce(p.precinct_2017, p.shp_precinct_name) || ')',
         r.region,
         array_agg(d.stop::int ORDER BY d.stop, d.household_id),
         array_agg(d.geom ORDER BY d.stop, d.household_id),
         array_agg(d.address ORDER BY d.stop, d.household_id),
         array_agg(d.voters ORDER BY d.stop, d.household_id),
         array_agg(d.universe ORDER BY d.stop, d.household_id))
FROM door d
JOIN ga6.turf_region r USING (turf_id)
JOIN ga6.precinct p ON p.precinct_id = r.precinct_id
GROUP BY d.turf_id, r.region, p.county, p.precinct_2017, p.shp_precinct_name;
