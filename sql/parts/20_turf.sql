-- canvass-since: 0.2.0
--
-- Turf: cutting
--
-- Balanced, compact canvassing turfs: the turf number 1..k of each household
-- point, k = max(1, round(sum(weight) / target)), turf sizes (in doors)
-- within the largest single weight of each other.
--

CREATE FUNCTION turf(geom geometry, target integer, weight integer DEFAULT 1)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_turf_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION turf(geometry, integer, integer) IS
'window function: turf number 1..k of this household point, k = max(1, round(sum(weight) / target)); turfs balanced to within the largest weight and compact';
