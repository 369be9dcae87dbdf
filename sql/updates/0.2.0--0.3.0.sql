-- canvass 0.2.0 to 0.3.0: the changes to objects of 0.2.0.  Heads the
-- upgrade script, before the parts of sql/parts new in 0.3.0 (Makefile).
--
-- The support functions of canvass's aggregates (transition, combine,
-- serial, deserial and final functions) live in a schema of their own,
-- canvass_internal, so that schema canvass lists only what users call.  The
-- extension creates that schema and owns it (DROP EXTENSION drops it); one
-- that exists already was made by someone else, whose owner could replace
-- or add functions in it that canvass's aggregates would run, so it is
-- refused.  Every name is qualified, as in the install script's check of
-- the canvass schema.
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

-- The support functions of 0.2.0's aggregates move there; the aggregates
-- keep them (they refer to them by oid), and so do their privileges.
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, bigint, bigint) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, bigint, bigint, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, bigint, bigint, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, bigint, bigint, double precision, text, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_variant(internal, bigint, bigint, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_variant(internal, bigint, bigint, text, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_variant(internal, bigint, bigint, text, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_band(internal, bigint, bigint, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_band(internal, bigint, bigint, double precision, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_band(internal, bigint, bigint, double precision, double precision, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, double precision, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, double precision, double precision, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_plain(internal, double precision, double precision, double precision, text, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_variant(internal, double precision, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_variant(internal, double precision, double precision, text, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_variant(internal, double precision, double precision, text, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_band(internal, double precision, double precision, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_band(internal, double precision, double precision, double precision, double precision, double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_trans_band(internal, double precision, double precision, double precision, double precision, double precision, text) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_combine(internal, internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_serialize(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.metrics_deserialize(bytea, internal) SET SCHEMA canvass_internal;
-- The plan metrics' serial functions take the spelling of every other
-- aggregate's (serial, deserial), in SQL and in C.
ALTER FUNCTION canvass_internal.metrics_serialize(internal) RENAME TO metrics_serial;
ALTER FUNCTION canvass_internal.metrics_deserialize(bytea, internal) RENAME TO metrics_deserial;
CREATE OR REPLACE FUNCTION canvass_internal.metrics_serial(state internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_metrics_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION canvass_internal.metrics_deserial(bytes bytea, dummy internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION @extschema@.seats_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.efficiency_gap_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.mean_median_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.partisan_bias_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.declination_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.declination_scaled_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.lopsided_margin_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.competitive_count_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.plan_scorecard_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.logit_fit_trans(internal, boolean, double precision[]) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.logit_fit_trans(internal, boolean, double precision[], double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.logit_fit_combine(internal, internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.logit_fit_serial(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.logit_fit_deserial(bytea, internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.logit_fit_final(internal) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.expected_turnout_trans(bigint[], double precision) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.expected_turnout_combine(bigint[], bigint[]) SET SCHEMA canvass_internal;
ALTER FUNCTION @extschema@.expected_turnout_final(bigint[]) SET SCHEMA canvass_internal;
