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
-- function (<name>_final).
--
DO $$
DECLARE
  agg record;
  votes text;
  signature text;
BEGIN
  FOR agg IN
    SELECT o.name, o.options, o.transition, m.description
    FROM (VALUES
    ('seats', 'seats won by A, a tie counting half a seat to each party'),
    ('efficiency_gap', 'efficiency gap, positive favours A; variant ''half'' (default), ''majority'' or ''simplified'''),
    ('mean_median', 'median minus mean of A''s district shares, positive favours A'),
    ('partisan_bias', 'A''s seat share minus 1/2 after a uniform swing to a 50-50 vote, positive favours A'),
    ('declination', 'Warrington''s declination, positive favours A, a sweep +-1'),
    ('declination_scaled', 'declination times ln(N)/2 (PlanScore''s declination2), positive favours A'),
    ('lopsided_margin', 'B''s mean winning share minus A''s, positive favours A; NULL when a party won no seat'),
    ('competitive_count', 'districts whose A share after the options lies in [lo, hi]'),
    ('plan_scorecard', 'every plan metric of the districts as jsonb, positive favours A')
    ) AS m(name, description)
    JOIN (VALUES
    ('seats', '', 'metrics_trans_plain'),
    ('seats', 'swing double precision', 'metrics_trans_plain'),
    ('seats', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('efficiency_gap', '', 'metrics_trans_plain'),
    ('efficiency_gap', 'variant text', 'metrics_trans_variant'),
    ('efficiency_gap', 'variant text, swing double precision', 'metrics_trans_variant'),
    ('efficiency_gap', 'variant text, swing double precision, uncontested text', 'metrics_trans_variant'),
    ('mean_median', '', 'metrics_trans_plain'),
    ('mean_median', 'swing double precision', 'metrics_trans_plain'),
    ('mean_median', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('partisan_bias', '', 'metrics_trans_plain'),
    ('partisan_bias', 'swing double precision', 'metrics_trans_plain'),
    ('partisan_bias', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('declination', '', 'metrics_trans_plain'),
    ('declination', 'swing double precision', 'metrics_trans_plain'),
    ('declination', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('declination_scaled', '', 'metrics_trans_plain'),
    ('declination_scaled', 'swing double precision', 'metrics_trans_plain'),
    ('declination_scaled', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('lopsided_margin', '', 'metrics_trans_plain'),
    ('lopsided_margin', 'swing double precision', 'metrics_trans_plain'),
    ('lopsided_margin', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('competitive_count', 'lo double precision, hi double precision', 'metrics_trans_band'),
    ('competitive_count', 'lo double precision, hi double precision, swing double precision', 'metrics_trans_band'),
    ('competitive_count', 'lo double precision, hi double precision, swing double precision, uncontested text', 'metrics_trans_band'),
    ('plan_scorecard', '', 'metrics_trans_plain'),
    ('plan_scorecard', 'swing double precision', 'metrics_trans_plain'),
    ('plan_scorecard', 'swing double precision, uncontested text', 'metrics_trans_plain'),
    ('plan_scorecard', 'swing double precision, uncontested text, competitive_lo double precision, competitive_hi double precision', 'metrics_trans_plain')
    ) AS o(name, options, transition) USING (name)
  LOOP
    FOREACH votes IN ARRAY ARRAY['bigint', 'double precision'] LOOP
      signature := format('%I(a %s, b %s%s)', agg.name, votes, votes,
                          CASE WHEN agg.options = '' THEN '' ELSE ', ' || agg.options END);
      EXECUTE format('CREATE AGGREGATE %s (
                        SFUNC = %I, STYPE = internal, FINALFUNC = %I,
                        COMBINEFUNC = metrics_combine, SERIALFUNC = metrics_serialize,
                        DESERIALFUNC = metrics_deserialize, PARALLEL = SAFE)',
                     signature, agg.transition, agg.name || '_final');
      EXECUTE format('COMMENT ON AGGREGATE %s IS %L', signature, agg.description);
    END LOOP;
  END LOOP;
END $$;
