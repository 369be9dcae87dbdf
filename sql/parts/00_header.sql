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

-- The support functions of canvass's aggregates (transition, combine,
-- serial, deserial and final functions) live in a schema of their own,
-- canvass_internal, so that schema canvass lists only what users call.  The
-- extension creates that schema and owns it (DROP EXTENSION drops it); one
-- that exists already was made by someone else, whose owner could replace
-- or add functions in it that canvass's aggregates would run, so it is
-- refused.  Every name is qualified, as in the check above.
DO $canvass_internal_check$
DECLARE
  owner_name name;
  owner_is_super boolean;
BEGIN
  SELECT r.rolname, r.rolsuper INTO owner_name, owner_is_super
  FROM pg_catalog.pg_namespace n
  JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
  WHERE n.nspname OPERATOR(pg_catalog.=) 'canvass_internal';
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF NOT owner_is_super AND owner_name OPERATOR(pg_catalog.<>) CURRENT_USER THEN
    RAISE EXCEPTION 'schema "canvass_internal" already exists and is owned by role "%"', owner_name
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'canvass keeps its aggregates'' support functions in a schema it creates itself: the owner of a schema made beforehand could put functions there that canvass''s aggregates would run.',
            HINT = 'Drop the schema (DROP SCHEMA canvass_internal CASCADE, after checking what it holds), then create or update the extension again.';
  END IF;
  RAISE EXCEPTION 'schema "canvass_internal" already exists and is owned by role "%"', owner_name
    USING ERRCODE = 'duplicate_schema',
          DETAIL = 'canvass creates the schema of its aggregates'' support functions itself, as a part of the extension.',
          HINT = 'Drop the schema, or rename it if it holds something of yours, then create or update the extension again.';
END
$canvass_internal_check$;

CREATE SCHEMA canvass_internal;

-- No USAGE on canvass_internal for PUBLIC: when an aggregate runs,
-- PostgreSQL checks EXECUTE on its support functions for the aggregate's
-- owner, not for the caller, and names them by oid, so every role runs
-- canvass's aggregates (in parallel plans too) while no role but a
-- superuser can call or even name their plumbing.  The functions keep
-- PostgreSQL's default EXECUTE for PUBLIC, which CREATE AGGREGATE and a
-- later change of the aggregates' owner need.
