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
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a bigint, b bigint)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a bigint, b bigint, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a bigint, b bigint, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_variant(state internal, a bigint, b bigint, variant text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_variant(state internal, a bigint, b bigint, variant text, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_variant(state internal, a bigint, b bigint, variant text, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_band(state internal, a bigint, b bigint, lo double precision, hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_band(state internal, a bigint, b bigint, lo double precision, hi double precision, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_band(state internal, a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_int8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Transition functions, double precision votes.
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a double precision, b double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a double precision, b double precision, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a double precision, b double precision, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_plain(state internal, a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_variant(state internal, a double precision, b double precision, variant text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_variant(state internal, a double precision, b double precision, variant text, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_variant(state internal, a double precision, b double precision, variant text, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_variant_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_band(state internal, a double precision, b double precision, lo double precision, hi double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_band(state internal, a double precision, b double precision, lo double precision, hi double precision, swing double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.metrics_trans_band(state internal, a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_trans_band_float8'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- Combine, serial and deserial functions shared by every plan metric.
CREATE FUNCTION canvass_internal.metrics_combine(state1 internal, state2 internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.metrics_serial(state internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_metrics_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.metrics_deserial(bytes bytea, dummy internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_metrics_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

--
-- seats
--
CREATE FUNCTION canvass_internal.seats_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_seats_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- efficiency_gap
--
CREATE FUNCTION canvass_internal.efficiency_gap_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_efficiency_gap_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- mean_median
--
CREATE FUNCTION canvass_internal.mean_median_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_mean_median_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- partisan_bias
--
CREATE FUNCTION canvass_internal.partisan_bias_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_partisan_bias_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- declination
--
CREATE FUNCTION canvass_internal.declination_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_declination_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- declination_scaled
--
CREATE FUNCTION canvass_internal.declination_scaled_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_declination_scaled_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- lopsided_margin
--
CREATE FUNCTION canvass_internal.lopsided_margin_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_lopsided_margin_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- competitive_count
--
CREATE FUNCTION canvass_internal.competitive_count_final(state internal)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_competitive_count_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

--
-- plan_scorecard
--
CREATE FUNCTION canvass_internal.plan_scorecard_final(state internal)
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
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.seats_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a bigint, b bigint) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.seats_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a double precision, b double precision) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.seats_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a bigint, b bigint, swing double precision) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.seats_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a double precision, b double precision, swing double precision) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.seats_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a bigint, b bigint, swing double precision, uncontested text) IS
'seats won by A, a tie counting half a seat to each party';
CREATE AGGREGATE seats(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.seats_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE seats(a double precision, b double precision, swing double precision, uncontested text) IS
'seats won by A, a tie counting half a seat to each party';

-- efficiency_gap
CREATE AGGREGATE efficiency_gap(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text) (
  SFUNC = canvass_internal.metrics_trans_variant, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint, variant text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text) (
  SFUNC = canvass_internal.metrics_trans_variant, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision, variant text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_variant, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_variant, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_variant, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision, uncontested text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';
CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_variant, STYPE = internal, FINALFUNC = canvass_internal.efficiency_gap_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision, uncontested text) IS
'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

-- mean_median
CREATE AGGREGATE mean_median(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.mean_median_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a bigint, b bigint) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.mean_median_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a double precision, b double precision) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.mean_median_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a bigint, b bigint, swing double precision) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.mean_median_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a double precision, b double precision, swing double precision) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.mean_median_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a bigint, b bigint, swing double precision, uncontested text) IS
'median minus mean of A''s district shares, positive favours A';
CREATE AGGREGATE mean_median(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.mean_median_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE mean_median(a double precision, b double precision, swing double precision, uncontested text) IS
'median minus mean of A''s district shares, positive favours A';

-- partisan_bias
CREATE AGGREGATE partisan_bias(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.partisan_bias_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a bigint, b bigint) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.partisan_bias_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a double precision, b double precision) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.partisan_bias_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a bigint, b bigint, swing double precision) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.partisan_bias_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a double precision, b double precision, swing double precision) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.partisan_bias_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a bigint, b bigint, swing double precision, uncontested text) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';
CREATE AGGREGATE partisan_bias(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.partisan_bias_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE partisan_bias(a double precision, b double precision, swing double precision, uncontested text) IS
'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

-- declination
CREATE AGGREGATE declination(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a bigint, b bigint) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a double precision, b double precision) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a bigint, b bigint, swing double precision) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a double precision, b double precision, swing double precision) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a bigint, b bigint, swing double precision, uncontested text) IS
'Warrington''s declination, positive favours A, a sweep +-1';
CREATE AGGREGATE declination(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination(a double precision, b double precision, swing double precision, uncontested text) IS
'Warrington''s declination, positive favours A, a sweep +-1';

-- declination_scaled
CREATE AGGREGATE declination_scaled(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_scaled_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a bigint, b bigint) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_scaled_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a double precision, b double precision) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_scaled_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a bigint, b bigint, swing double precision) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_scaled_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a double precision, b double precision, swing double precision) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_scaled_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a bigint, b bigint, swing double precision, uncontested text) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';
CREATE AGGREGATE declination_scaled(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.declination_scaled_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE declination_scaled(a double precision, b double precision, swing double precision, uncontested text) IS
'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

-- lopsided_margin
CREATE AGGREGATE lopsided_margin(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.lopsided_margin_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a bigint, b bigint) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.lopsided_margin_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a double precision, b double precision) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.lopsided_margin_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.lopsided_margin_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.lopsided_margin_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision, uncontested text) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';
CREATE AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.lopsided_margin_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision, uncontested text) IS
'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

-- competitive_count
CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision) (
  SFUNC = canvass_internal.metrics_trans_band, STYPE = internal, FINALFUNC = canvass_internal.competitive_count_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision) (
  SFUNC = canvass_internal.metrics_trans_band, STYPE = internal, FINALFUNC = canvass_internal.competitive_count_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_band, STYPE = internal, FINALFUNC = canvass_internal.competitive_count_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_band, STYPE = internal, FINALFUNC = canvass_internal.competitive_count_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_band, STYPE = internal, FINALFUNC = canvass_internal.competitive_count_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text) IS
'districts whose A share after the options lies in [lo, hi]';
CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_band, STYPE = internal, FINALFUNC = canvass_internal.competitive_count_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text) IS
'districts whose A share after the options lies in [lo, hi]';

-- plan_scorecard
CREATE AGGREGATE plan_scorecard(a bigint, b bigint) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) (
  SFUNC = canvass_internal.metrics_trans_plain, STYPE = internal, FINALFUNC = canvass_internal.plan_scorecard_final,
  COMBINEFUNC = canvass_internal.metrics_combine, SERIALFUNC = canvass_internal.metrics_serial,
  DESERIALFUNC = canvass_internal.metrics_deserial, PARALLEL = SAFE);
COMMENT ON AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) IS
'every plan metric of the districts as jsonb, positive favours A';
