-- canvass-since: 0.3.0
--
-- Election-night projection: the project aggregate over one row per
-- reporting unit (precinct, or precinct and vote method): each unit's
-- deviation from its baseline regressed on its features (weighted ridge,
-- after the Washington Post's elex-live-model; uniform swing with no
-- features), and its typed form project_row.
--

CREATE FUNCTION canvass_internal.project_trans(internal, double precision, double precision, boolean,
                                         double precision, double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_project_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.project_trans(internal, double precision, double precision, boolean,
                                         double precision, double precision, double precision[])
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_project_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.project_trans(internal, double precision, double precision, boolean,
                                         double precision, double precision, double precision[],
                                         double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_project_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.project_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_project_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.project_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_project_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.project_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_project_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.project_final(internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_project_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.project(counted_a double precision, counted_b double precision,
                                     complete boolean, baseline_a double precision,
                                     baseline_b double precision) (
    SFUNC = canvass_internal.project_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.project_final,
    COMBINEFUNC = canvass_internal.project_combine,
    SERIALFUNC = canvass_internal.project_serial,
    DESERIALFUNC = canvass_internal.project_deserial,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.project(counted_a double precision, counted_b double precision,
                                     complete boolean, baseline_a double precision,
                                     baseline_b double precision, features double precision[]) (
    SFUNC = canvass_internal.project_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.project_final,
    COMBINEFUNC = canvass_internal.project_combine,
    SERIALFUNC = canvass_internal.project_serial,
    DESERIALFUNC = canvass_internal.project_deserial,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.project(counted_a double precision, counted_b double precision,
                                     complete boolean, baseline_a double precision,
                                     baseline_b double precision, features double precision[],
                                     level double precision) (
    SFUNC = canvass_internal.project_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.project_final,
    COMBINEFUNC = canvass_internal.project_combine,
    SERIALFUNC = canvass_internal.project_serial,
    DESERIALFUNC = canvass_internal.project_deserial,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.project(double precision, double precision, boolean, double precision, double precision) IS
'election-night projection of A and B from one row per reporting unit and its baseline; 90% interval; jsonb';
COMMENT ON AGGREGATE @extschema@.project(double precision, double precision, boolean, double precision, double precision, double precision[]) IS
'election-night projection with unit features (weighted ridge regression on intercept + features); 90% interval; jsonb';
COMMENT ON AGGREGATE @extschema@.project(double precision, double precision, boolean, double precision, double precision, double precision[], double precision) IS
'election-night projection with unit features and a normal interval at level from a three-part standard error; jsonb';

CREATE TYPE @extschema@.projection AS (
    units integer,
    units_complete integer,
    counted_a double precision,
    counted_b double precision,
    projected_a double precision,
    projected_b double precision,
    projected_margin double precision,
    projected_margin_share double precision,
    expected_total double precision,
    share_counted double precision,
    level double precision,
    margin_lower double precision,
    margin_upper double precision,
    margin_share_lower double precision,
    margin_share_upper double precision
);

CREATE FUNCTION @extschema@.project_row(projection jsonb)
RETURNS @extschema@.projection
AS 'MODULE_PATHNAME', 'canvass_project_row'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.project_row(jsonb) IS
'the jsonb of canvass.project as a canvass.projection row, for dashboards';
