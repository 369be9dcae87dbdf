-- canvass install script.  Built by `make` from the files of sql/parts in
-- name order; each part holds the objects of one concern.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION canvass CASCADE" to load this file. \quit

-- Refuse a schema that another role prepared.  The schema is named in
-- canvass.control, so a role with CREATE on the database could create it
-- first and then plant overloads of canvass's own names beside its functions,
-- capturing even schema-qualified calls.  The install goes on only into a
-- schema the installing role or a superuser owns, holding no function of
-- anyone else.  Every name below is qualified: nothing is resolved through
-- the search_path, which during CREATE EXTENSION includes PostGIS's schema.
DO $canvass_schema_check$
DECLARE
  owner_name name;
  owner_is_super boolean;
  foreign_owner name;
BEGIN
  SELECT r.rolname, r.rolsuper INTO owner_name, owner_is_super
  FROM pg_catalog.pg_namespace n
  JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
  WHERE n.oid OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace;
  IF NOT owner_is_super AND owner_name OPERATOR(pg_catalog.<>) CURRENT_USER THEN
    RAISE EXCEPTION 'schema "@extschema@" already exists and is owned by role "%"', owner_name
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'canvass installs only into a schema that the installing role or a superuser owns: another owner could add functions that capture calls to canvass.',
            HINT = 'Drop the schema or give it to a trusted role (ALTER SCHEMA "@extschema@" OWNER TO ...), then create the extension again.';
  END IF;
  SELECT r.rolname INTO foreign_owner
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) p.proowner
  WHERE p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
    AND NOT r.rolsuper AND r.rolname OPERATOR(pg_catalog.<>) CURRENT_USER
  LIMIT 1;
  IF foreign_owner IS NOT NULL THEN
    RAISE EXCEPTION 'schema "@extschema@" already holds functions of role "%"', foreign_owner
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'A function placed in canvass''s schema before the install could capture calls to canvass.',
            HINT = 'Drop those functions (or the schema), then create the extension again.';
  END IF;
END
$canvass_schema_check$;

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
