-- canvass-since: 0.2.0
--
-- Turf: walk order and assignment
--
-- walk_order: a short open path through the doors of each partition (one
-- turf): canonical order, collapsed duplicates, nearest neighbour improved
-- by local search (Lin-Kernighan chains and Or-3opt on turfs, 2-opt and
-- Or-opt beyond 400 stops) and seeded perturbations (exact below 13
-- distinct points), never longer than nearest neighbour.  assign_turfs: turfs to sites at minimum total
-- distance, with capacities, by shortest augmenting paths.
--

CREATE FUNCTION walk_order(geom geometry)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_walk_order'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION walk_order(geometry) IS
'window function: this door''s position 1..n on a short open walking path through the partition''s points; doors at one point are consecutive';

CREATE FUNCTION assign_turfs(turfs geometry[], sites geometry[], capacity integer[] DEFAULT NULL)
RETURNS TABLE (turf_index integer, site_index integer, distance double precision)
AS 'MODULE_PATHNAME', 'canvass_assign_turfs'
LANGUAGE C IMMUTABLE PARALLEL SAFE
ROWS 100;

COMMENT ON FUNCTION assign_turfs(geometry[], geometry[], integer[]) IS
'each turf point to a site point at minimum total distance, a site taking at most capacity turfs (default one each); returns subscripts and distances';
