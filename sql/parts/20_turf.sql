-- canvass-since: 0.2.0
--
-- Turf: cutting
--
-- Balanced, compact canvassing turfs: the turf number 1..k of each household
-- point, k = max(1, round(sum(weight) / target)), turf sizes (in doors)
-- within the largest single weight of each other; with `previous`, each
-- row's turf in an earlier cut, the cut starts from those turfs and keeps
-- their numbers, so a nightly re-cut moves few doors.
--

CREATE FUNCTION turf(geom geometry, target integer, weight integer DEFAULT 1,
                     previous integer DEFAULT NULL)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_turf_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION turf(geometry, integer, integer, integer) IS
'window function: turf number 1..k of this household point, k = max(1, round(sum(weight) / target)); turfs balanced to within the largest weight and compact; previous: the row''s turf in an earlier cut to start from (NULL for a new door)';
