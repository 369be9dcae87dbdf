-- canvass 0.1.0 to 0.2.0, frozen as released (the plan-metric aggregates
-- written out statement by statement in 0.3.0, creating the same objects)
\echo Use "ALTER EXTENSION canvass UPDATE TO '0.2.0'" to load this file. \quit
-- canvass-since: 0.2.0
--
-- District shares: plan metrics
--
-- Aggregates over one row per district with party A's and party B's votes
-- (bigint or float8); every signed metric is positive when it favours A, the
-- first argument.  A tie A = B counts half a seat to each party.  Districts
-- with no votes take no part; rows with a NULL vote are skipped.  The state
-- collects the districts; the final function sorts them into canonical
-- order, so the answer does not depend on row order or the parallel plan.
-- Aggregates take no DEFAULT arguments: the optional arguments (swing,
-- uncontested treatment, variant, competitive band) are overloads.
--

-- Transition functions, bigint votes.
CREATE FUNCTION metrics_trans_plain(state internal, a bigint, b bigint)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_plain(state internal, a bigint, b bigint, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_plain(state internal, a bigint, b bigint, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_plain(state internal, a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_variant(state internal, a bigint, b bigint, variant text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_variant(state internal, a bigint, b bigint, variant text, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_variant(state internal, a bigint, b bigint, variant text, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_band(state internal, a bigint, b bigint, lo double precision, hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_band(state internal, a bigint, b bigint, lo double precision, hi double precision, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_band(state internal, a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Transition functions, double precision votes.
CREATE FUNCTION metrics_trans_plain(state internal, a double precision, b double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_plain(state internal, a double precision, b double precision, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_plain(state internal, a double precision, b double precision, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_plain(state internal, a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_variant(state internal, a double precision, b double precision, variant text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_variant(state internal, a double precision, b double precision, variant text, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_variant(state internal, a double precision, b double precision, variant text, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_band(state internal, a double precision, b double precision, lo double precision, hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_band(state internal, a double precision, b double precision, lo double precision, hi double precision, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION metrics_trans_band(state internal, a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Combine, serial and deserial functions shared by every plan metric.
CREATE FUNCTION metrics_combine(state1 internal, state2 internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION metrics_serialize(state internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_metrics_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION metrics_deserialize(bytes bytea, dummy internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

--
-- seats
--
CREATE FUNCTION seats_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_seats_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- efficiency_gap
--
CREATE FUNCTION efficiency_gap_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_efficiency_gap_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- mean_median
--
CREATE FUNCTION mean_median_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_mean_median_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- partisan_bias
--
CREATE FUNCTION partisan_bias_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_partisan_bias_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- declination
--
CREATE FUNCTION declination_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_declination_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- declination_scaled
--
CREATE FUNCTION declination_scaled_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_declination_scaled_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- lopsided_margin
--
CREATE FUNCTION lopsided_margin_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_lopsided_margin_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- competitive_count
--
CREATE FUNCTION competitive_count_final(state internal)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_competitive_count_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- plan_scorecard
--
CREATE FUNCTION plan_scorecard_final(state internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_plan_scorecard_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
--
-- The aggregates: every metric over bigint and over double precision votes,
-- each with its optional arguments as overloads.  All share one internal
-- state (the districts), with combine, serial and deserial functions, and
-- differ in their transition function (which options it reads) and final
-- function (<name>_final).  Written out statement by statement, with every
-- support function qualified by @extschema@: an install script runs no code
-- (no DO block, no format()) that a function planted in a schema on the
-- search_path could capture.
--

-- seats
CREATE AGGREGATE seats(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.seats_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a bigint, b bigint) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.seats_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a double precision, b double precision) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.seats_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a bigint, b bigint, swing double precision) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.seats_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a double precision, b double precision, swing double precision) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.seats_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a bigint, b bigint, swing double precision, uncontested text) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.seats_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a double precision, b double precision, swing double precision, uncontested text) IS
'seats won by A, a tie counting half a seat to each party';

-- efficiency_gap
CREATE AGGREGATE efficiency_gap(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text) (
  SFUNC = @extschema@.metrics_trans_variant, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint, variant text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text) (
  SFUNC = @extschema@.metrics_trans_variant, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision, variant text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision) (
  SFUNC = @extschema@.metrics_trans_variant, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision) (
  SFUNC = @extschema@.metrics_trans_variant, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_variant, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision, uncontested text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_variant, STYPE = internal, FINALFUNC = @extschema@.efficiency_gap_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision, uncontested text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

-- mean_median
CREATE AGGREGATE mean_median(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.mean_median_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a bigint, b bigint) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.mean_median_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a double precision, b double precision) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.mean_median_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a bigint, b bigint, swing double precision) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.mean_median_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a double precision, b double precision, swing double precision) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.mean_median_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a bigint, b bigint, swing double precision, uncontested text) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.mean_median_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a double precision, b double precision, swing double precision, uncontested text) IS
'median minus mean of A''s district shares, positive favours A';

-- partisan_bias
CREATE AGGREGATE partisan_bias(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.partisan_bias_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a bigint, b bigint) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.partisan_bias_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a double precision, b double precision) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.partisan_bias_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a bigint, b bigint, swing double precision) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.partisan_bias_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a double precision, b double precision, swing double precision) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.partisan_bias_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a bigint, b bigint, swing double precision, uncontested text) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.partisan_bias_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a double precision, b double precision, swing double precision, uncontested text) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

-- declination
CREATE AGGREGATE declination(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a bigint, b bigint) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a double precision, b double precision) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a bigint, b bigint, swing double precision) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a double precision, b double precision, swing double precision) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a bigint, b bigint, swing double precision, uncontested text) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a double precision, b double precision, swing double precision, uncontested text) IS
'Warrington''s declination, positive favours A, a sweep +-1';

-- declination_scaled
CREATE AGGREGATE declination_scaled(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_scaled_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a bigint, b bigint) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_scaled_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a double precision, b double precision) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_scaled_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a bigint, b bigint, swing double precision) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_scaled_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a double precision, b double precision, swing double precision) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_scaled_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a bigint, b bigint, swing double precision, uncontested text) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.declination_scaled_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a double precision, b double precision, swing double precision, uncontested text) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

-- lopsided_margin
CREATE AGGREGATE lopsided_margin(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.lopsided_margin_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a bigint, b bigint) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.lopsided_margin_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a double precision, b double precision) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.lopsided_margin_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.lopsided_margin_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.lopsided_margin_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision, uncontested text) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.lopsided_margin_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision, uncontested text) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

-- competitive_count
CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision) (
  SFUNC = @extschema@.metrics_trans_band, STYPE = internal, FINALFUNC = @extschema@.competitive_count_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision) (
  SFUNC = @extschema@.metrics_trans_band, STYPE = internal, FINALFUNC = @extschema@.competitive_count_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_band, STYPE = internal, FINALFUNC = @extschema@.competitive_count_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_band, STYPE = internal, FINALFUNC = @extschema@.competitive_count_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_band, STYPE = internal, FINALFUNC = @extschema@.competitive_count_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_band, STYPE = internal, FINALFUNC = @extschema@.competitive_count_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text) IS
'districts whose A share after the options lies in [lo, hi]';

-- plan_scorecard
CREATE AGGREGATE plan_scorecard(a bigint, b bigint) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) (
  SFUNC = @extschema@.metrics_trans_plain, STYPE = internal, FINALFUNC = @extschema@.plan_scorecard_final,
  COMBINEFUNC = @extschema@.metrics_combine, SERIALFUNC = @extschema@.metrics_serialize,
  DESERIALFUNC = @extschema@.metrics_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
-- canvass-since: 0.2.0

--
-- District shares: intervals and lean
--

CREATE FUNCTION share_ci(successes double precision, trials double precision,
                         confidence double precision DEFAULT 0.95,
                         OUT lower double precision, OUT upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'canvass_share_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION share_ci(double precision, double precision, double precision) IS
'Wilson score interval of the share successes/trials at the given confidence; NULL when trials is 0';

CREATE FUNCTION pvi(share double precision, national_share double precision,
                    prev_share double precision, prev_national_share double precision,
                    latest_weight double precision DEFAULT 0.75)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_pvi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pvi(double precision, double precision, double precision, double precision, double precision) IS
'Cook partisan voting index in points: district minus national two-party share, latest election weighted latest_weight (0.75 since 2022, 0.5 before); positive favours the party whose shares are given';

CREATE FUNCTION pvi_label(lean double precision, a_letter text DEFAULT 'D', b_letter text DEFAULT 'R')
RETURNS text
AS 'MODULE_PATHNAME', 'canvass_pvi_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pvi_label(double precision, text, text) IS
'Cook label of a lean in points: D+x for positive, R+x for negative, rounded half away from zero; EVEN when |lean| < 0.5';
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
-- canvass-since: 0.2.0
--
-- Turnout targets: the logit_fit model, expected turnout, win number, vote
-- goal, universes, contact value, and propensity from vote history.
--

-- logit_fit: logistic regression by Newton/IRLS on the distinct feature
-- vectors (an exact compression), in one pass, under parallel query.
CREATE FUNCTION logit_fit_trans(internal, boolean, double precision[])
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION logit_fit_trans(internal, boolean, double precision[], double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION logit_fit_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION logit_fit_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_logit_fit_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_fit_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_fit_final(internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_logit_fit_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE logit_fit(y boolean, x double precision[]) (
    SFUNC = logit_fit_trans,
    STYPE = internal,
    FINALFUNC = logit_fit_final,
    COMBINEFUNC = logit_fit_combine,
    SERIALFUNC = logit_fit_serial,
    DESERIALFUNC = logit_fit_deserial,
    PARALLEL = SAFE
);

CREATE AGGREGATE logit_fit(y boolean, x double precision[], weight double precision) (
    SFUNC = logit_fit_trans,
    STYPE = internal,
    FINALFUNC = logit_fit_final,
    COMBINEFUNC = logit_fit_combine,
    SERIALFUNC = logit_fit_serial,
    DESERIALFUNC = logit_fit_deserial,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE logit_fit(boolean, double precision[]) IS
'logistic regression of y on x (intercept added first) by Newton/IRLS; the model as jsonb';
COMMENT ON AGGREGATE logit_fit(boolean, double precision[], double precision) IS
'logistic regression of y on x with frequency weights (intercept added first) by Newton/IRLS; the model as jsonb';

CREATE FUNCTION logit_score(model jsonb, x double precision[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_logit_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION logit_score(jsonb, double precision[]) IS
'probability of a true outcome for features x under a logit_fit model';

-- expected_turnout: the sum of Bernoulli propensities, exact fixed-point sums.
CREATE FUNCTION expected_turnout_trans(bigint[], double precision)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_expected_turnout_trans'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION expected_turnout_combine(bigint[], bigint[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_expected_turnout_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION expected_turnout_final(bigint[])
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_expected_turnout_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE expected_turnout(p double precision) (
    SFUNC = expected_turnout_trans,
    STYPE = bigint[],
    FINALFUNC = expected_turnout_final,
    COMBINEFUNC = expected_turnout_combine,
    INITCOND = '{0,0,0,0,0}',
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE expected_turnout(double precision) IS
'expected voters from per-voter turnout probabilities: voters, expected (sum p), sd (sqrt sum p(1-p)), 95% normal interval low..high';

CREATE FUNCTION win_number(expected_votes double precision, rule text DEFAULT 'majority',
                           k integer DEFAULT 1, threshold double precision DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_win_number'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION win_number(double precision, text, integer, double precision) IS
'votes sure to win: majority floor(E/2)+1, top_k floor(E/(k+1))+1, threshold floor(E*threshold)+1';

CREATE FUNCTION vote_goal(expected_votes double precision, target_share double precision DEFAULT 0.52)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_vote_goal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vote_goal(double precision, double precision) IS
'vote goal: expected votes times the target share, rounded up';

CREATE FUNCTION universe(support double precision, turnout double precision,
                         support_low double precision DEFAULT 0.3,
                         support_high double precision DEFAULT 0.7,
                         turnout_likely double precision DEFAULT 0.5,
                         turnout_high double precision DEFAULT 0.7)
RETURNS text
AS 'MODULE_PATHNAME', 'canvass_universe'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION universe(double precision, double precision, double precision, double precision, double precision, double precision) IS
'targeting universe from 0..1 support and turnout scores: base, gotv, persuasion, opposition or none';

CREATE FUNCTION net_votes(support double precision, turnout double precision,
                          lift double precision DEFAULT 0.071)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_net_votes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION net_votes(double precision, double precision, double precision) IS
'expected net votes per contact: min(lift, 1 - turnout) * (2 * support - 1)';

-- Propensity from vote history.
CREATE FUNCTION propensity(voted date[], registered date, elections date[], kinds text[],
                           target_kind text DEFAULT NULL,
                           half_life double precision DEFAULT 4,
                           other_kind_weight double precision DEFAULT 0.5)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_propensity'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION propensity(date[], date, date[], text[], text, double precision, double precision) IS
'recency- and kind-weighted share of the elections a voter was eligible for that the voter voted in';

CREATE FUNCTION votes_in_last(voted date[], elections date[], m integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_votes_in_last'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION votes_in_last(date[], date[], integer) IS
'"n of the last m": how many of the m most recent elections of the calendar the voter voted in';

CREATE FUNCTION voted_dates(marks text[], elections date[])
RETURNS date[]
AS 'MODULE_PATHNAME', 'canvass_voted_dates'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION voted_dates(text[], date[]) IS
'wide history layouts: the election dates whose mark is not blank (X, or a party letter for a primary)';
-- canvass-since: 0.2.0
--
-- Turf: walk order and assignment
--
-- walk_order: a short open path through the doors of each partition (one
-- turf): canonical order, collapsed duplicates, nearest neighbour improved
-- by 2-opt and Or-opt (exact below 13 distinct points), never longer than
-- nearest neighbour.  assign_turfs: turfs to sites at minimum total
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
