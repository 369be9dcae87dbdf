-- canvass install script.  Built by `make` from the files of sql/parts in
-- name order; each part holds the objects of one concern.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION canvass CASCADE" to load this file. \quit

-- Every role may call canvass's functions (they are EXECUTE to PUBLIC, as
-- PostgreSQL's default); what a role can read stays decided by the tables'
-- own privileges and row-level security.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

--
-- District shares: apportion
--
-- Largest-remainder (Hamilton) split of an integer total: the floor of each
-- exact share, then one more to the largest remainders, so the parts add up
-- to the total exactly.  Ties: larger weight first, then window order
-- (window form) or array position (array form).
--

CREATE FUNCTION apportion(total bigint, weight double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_apportion_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION apportion(bigint, double precision) IS
'window function: this row''s integer share of total, by largest remainder over the partition; shares add up to total exactly';

CREATE FUNCTION apportion(total bigint, weights double precision[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION apportion(bigint, double precision[]) IS
'integer shares of total in proportion to weights, by largest remainder; shares add up to total exactly';
