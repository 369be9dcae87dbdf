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

CREATE AGGREGATE seats(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = seats_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE seats(bigint, bigint) IS 'seats won by A, a tie counting half a seat to each party';

CREATE AGGREGATE seats(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = seats_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE seats(bigint, bigint, double precision) IS 'seats won by A, a tie counting half a seat to each party';

CREATE AGGREGATE seats(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = seats_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE seats(bigint, bigint, double precision, text) IS 'seats won by A, a tie counting half a seat to each party';

CREATE AGGREGATE seats(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = seats_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE seats(double precision, double precision) IS 'seats won by A, a tie counting half a seat to each party';

CREATE AGGREGATE seats(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = seats_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE seats(double precision, double precision, double precision) IS 'seats won by A, a tie counting half a seat to each party';

CREATE AGGREGATE seats(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = seats_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE seats(double precision, double precision, double precision, text) IS 'seats won by A, a tie counting half a seat to each party';

--
-- efficiency_gap
--
CREATE FUNCTION efficiency_gap_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_efficiency_gap_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE efficiency_gap(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(bigint, bigint) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text) (
  SFUNC = metrics_trans_variant,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(bigint, bigint, text) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision) (
  SFUNC = metrics_trans_variant,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(bigint, bigint, text, double precision) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a bigint, b bigint, variant text, swing double precision, uncontested text) (
  SFUNC = metrics_trans_variant,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(bigint, bigint, text, double precision, text) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(double precision, double precision) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text) (
  SFUNC = metrics_trans_variant,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(double precision, double precision, text) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision) (
  SFUNC = metrics_trans_variant,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(double precision, double precision, text, double precision) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

CREATE AGGREGATE efficiency_gap(a double precision, b double precision, variant text, swing double precision, uncontested text) (
  SFUNC = metrics_trans_variant,
  STYPE = internal,
  FINALFUNC = efficiency_gap_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE efficiency_gap(double precision, double precision, text, double precision, text) IS 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified''';

--
-- mean_median
--
CREATE FUNCTION mean_median_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_mean_median_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE mean_median(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = mean_median_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE mean_median(bigint, bigint) IS 'median minus mean of A''s district shares, positive favours A';

CREATE AGGREGATE mean_median(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = mean_median_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE mean_median(bigint, bigint, double precision) IS 'median minus mean of A''s district shares, positive favours A';

CREATE AGGREGATE mean_median(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = mean_median_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE mean_median(bigint, bigint, double precision, text) IS 'median minus mean of A''s district shares, positive favours A';

CREATE AGGREGATE mean_median(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = mean_median_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE mean_median(double precision, double precision) IS 'median minus mean of A''s district shares, positive favours A';

CREATE AGGREGATE mean_median(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = mean_median_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE mean_median(double precision, double precision, double precision) IS 'median minus mean of A''s district shares, positive favours A';

CREATE AGGREGATE mean_median(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = mean_median_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE mean_median(double precision, double precision, double precision, text) IS 'median minus mean of A''s district shares, positive favours A';

--
-- partisan_bias
--
CREATE FUNCTION partisan_bias_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_partisan_bias_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE partisan_bias(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = partisan_bias_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE partisan_bias(bigint, bigint) IS 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

CREATE AGGREGATE partisan_bias(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = partisan_bias_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE partisan_bias(bigint, bigint, double precision) IS 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

CREATE AGGREGATE partisan_bias(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = partisan_bias_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE partisan_bias(bigint, bigint, double precision, text) IS 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

CREATE AGGREGATE partisan_bias(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = partisan_bias_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE partisan_bias(double precision, double precision) IS 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

CREATE AGGREGATE partisan_bias(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = partisan_bias_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE partisan_bias(double precision, double precision, double precision) IS 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

CREATE AGGREGATE partisan_bias(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = partisan_bias_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE partisan_bias(double precision, double precision, double precision, text) IS 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A';

--
-- declination
--
CREATE FUNCTION declination_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_declination_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE declination(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination(bigint, bigint) IS 'Warrington''s declination, positive favours A, a sweep +-1';

CREATE AGGREGATE declination(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination(bigint, bigint, double precision) IS 'Warrington''s declination, positive favours A, a sweep +-1';

CREATE AGGREGATE declination(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination(bigint, bigint, double precision, text) IS 'Warrington''s declination, positive favours A, a sweep +-1';

CREATE AGGREGATE declination(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination(double precision, double precision) IS 'Warrington''s declination, positive favours A, a sweep +-1';

CREATE AGGREGATE declination(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination(double precision, double precision, double precision) IS 'Warrington''s declination, positive favours A, a sweep +-1';

CREATE AGGREGATE declination(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination(double precision, double precision, double precision, text) IS 'Warrington''s declination, positive favours A, a sweep +-1';

--
-- declination_scaled
--
CREATE FUNCTION declination_scaled_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_declination_scaled_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE declination_scaled(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_scaled_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination_scaled(bigint, bigint) IS 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

CREATE AGGREGATE declination_scaled(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_scaled_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination_scaled(bigint, bigint, double precision) IS 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

CREATE AGGREGATE declination_scaled(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_scaled_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination_scaled(bigint, bigint, double precision, text) IS 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

CREATE AGGREGATE declination_scaled(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_scaled_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination_scaled(double precision, double precision) IS 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

CREATE AGGREGATE declination_scaled(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_scaled_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination_scaled(double precision, double precision, double precision) IS 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

CREATE AGGREGATE declination_scaled(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = declination_scaled_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE declination_scaled(double precision, double precision, double precision, text) IS 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A';

--
-- lopsided_margin
--
CREATE FUNCTION lopsided_margin_final(state internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_lopsided_margin_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE lopsided_margin(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = lopsided_margin_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE lopsided_margin(bigint, bigint) IS 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

CREATE AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = lopsided_margin_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE lopsided_margin(bigint, bigint, double precision) IS 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

CREATE AGGREGATE lopsided_margin(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = lopsided_margin_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE lopsided_margin(bigint, bigint, double precision, text) IS 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

CREATE AGGREGATE lopsided_margin(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = lopsided_margin_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE lopsided_margin(double precision, double precision) IS 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

CREATE AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = lopsided_margin_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE lopsided_margin(double precision, double precision, double precision) IS 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

CREATE AGGREGATE lopsided_margin(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = lopsided_margin_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE lopsided_margin(double precision, double precision, double precision, text) IS 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat';

--
-- competitive_count
--
CREATE FUNCTION competitive_count_final(state internal)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_competitive_count_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision) (
  SFUNC = metrics_trans_band,
  STYPE = internal,
  FINALFUNC = competitive_count_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE competitive_count(bigint, bigint, double precision, double precision) IS 'districts whose A share after the options lies in [lo, hi]';

CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision) (
  SFUNC = metrics_trans_band,
  STYPE = internal,
  FINALFUNC = competitive_count_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE competitive_count(bigint, bigint, double precision, double precision, double precision) IS 'districts whose A share after the options lies in [lo, hi]';

CREATE AGGREGATE competitive_count(a bigint, b bigint, lo double precision, hi double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_band,
  STYPE = internal,
  FINALFUNC = competitive_count_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE competitive_count(bigint, bigint, double precision, double precision, double precision, text) IS 'districts whose A share after the options lies in [lo, hi]';

CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision) (
  SFUNC = metrics_trans_band,
  STYPE = internal,
  FINALFUNC = competitive_count_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE competitive_count(double precision, double precision, double precision, double precision) IS 'districts whose A share after the options lies in [lo, hi]';

CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision) (
  SFUNC = metrics_trans_band,
  STYPE = internal,
  FINALFUNC = competitive_count_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE competitive_count(double precision, double precision, double precision, double precision, double precision) IS 'districts whose A share after the options lies in [lo, hi]';

CREATE AGGREGATE competitive_count(a double precision, b double precision, lo double precision, hi double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_band,
  STYPE = internal,
  FINALFUNC = competitive_count_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE competitive_count(double precision, double precision, double precision, double precision, double precision, text) IS 'districts whose A share after the options lies in [lo, hi]';

--
-- plan_scorecard
--
CREATE FUNCTION plan_scorecard_final(state internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_plan_scorecard_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE plan_scorecard(a bigint, b bigint) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(bigint, bigint) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(bigint, bigint, double precision) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(bigint, bigint, double precision, text) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a bigint, b bigint, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(bigint, bigint, double precision, text, double precision, double precision) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a double precision, b double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(double precision, double precision) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(double precision, double precision, double precision) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(double precision, double precision, double precision, text) IS 'every plan metric of the districts as jsonb, positive favours A';

CREATE AGGREGATE plan_scorecard(a double precision, b double precision, swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision) (
  SFUNC = metrics_trans_plain,
  STYPE = internal,
  FINALFUNC = plan_scorecard_final,
  COMBINEFUNC = metrics_combine,
  SERIALFUNC = metrics_serialize,
  DESERIALFUNC = metrics_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE plan_scorecard(double precision, double precision, double precision, text, double precision, double precision) IS 'every plan metric of the districts as jsonb, positive favours A';
