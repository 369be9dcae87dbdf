-- canvass-since: 0.3.0
--
-- Turf: regions
--
-- One MultiPolygon per turf, the regions tiling the partition's polygon:
-- the Voronoi cells of the doors merged by turf and cut to the polygon.  A
-- set-returning function over arrays (like assign_turfs): the construction
-- needs every door of the partition at once and the polygon once.
--

CREATE FUNCTION turf_regions(doors geometry[], turfs integer[], area geometry)
RETURNS TABLE (turf integer, door_count integer, region geometry)
AS 'MODULE_PATHNAME', 'canvass_turf_regions'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 30;

COMMENT ON FUNCTION turf_regions(geometry[], integer[], geometry) IS
'set-returning: one row per turf (ascending) with its number of doors and its region, a MultiPolygon in the doors'' SRID; the regions tile area (no gaps, no overlaps) and each holds its own doors and no other turf''s';

-- Turf: the packet a canvasser walks with.
CREATE FUNCTION turf_packet(title text, region geometry, knock integer[], doors geometry[],
                            address text[] DEFAULT NULL, voters text[] DEFAULT NULL,
                            universe text[] DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'canvass_turf_packet'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION turf_packet(text, geometry, integer[], geometry[], text[], text[], text[]) IS
'a printable HTML page for one turf: its map (region, route through the stops in knock order, numbered stops, scale bar; inline SVG) and the walk list (stop, address, voters, universe); self-contained, no script or font from outside';
