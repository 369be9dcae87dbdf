-- canvass-since: 0.3.0
--
-- Inputs in the types people have.  sum(bigint) is numeric, count(*) is
-- bigint, literals are integer, and turnout is often stored as 0/1: these
-- overloads take them as they come, checking range and integrality (a
-- numeric total must be a whole number within bigint), and run the same
-- code as the forms they stand beside.  Each form of apportion has an
-- integer, a numeric and a double precision overload beside the bigint one:
-- an integer literal resolves to the integer one, and an untyped NULL or a
-- smallint to double precision (the preferred numeric type) rather than
-- being ambiguous; turf's target likewise.  A double precision count must
-- be a whole number too.
--

CREATE FUNCTION apportion(total integer, weight double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_apportion_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION apportion(integer, double precision) IS
'window function: apportion(total bigint, weight) for an integer total';

CREATE FUNCTION apportion(total numeric, weight double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_apportion_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION apportion(numeric, double precision) IS
'window function: apportion(total bigint, weight) for a numeric total such as sum(votes), which must be a whole number';

CREATE FUNCTION apportion(total integer, weights double precision[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(integer, double precision[]) IS
'apportion(total bigint, weights[]) for an integer total';

CREATE FUNCTION apportion(total numeric, weights double precision[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(numeric, double precision[]) IS
'apportion(total bigint, weights[]) for a numeric total such as sum(votes), which must be a whole number';

CREATE FUNCTION apportion(total double precision, weight double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'canvass_apportion_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION apportion(double precision, double precision) IS
'window function: apportion(total bigint, weight) for a double precision total, which must be a whole number';

CREATE FUNCTION apportion(total double precision, weights double precision[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(double precision, double precision[]) IS
'apportion(total bigint, weights[]) for a double precision total, which must be a whole number';

CREATE FUNCTION turf(geom geometry, target bigint, weight integer DEFAULT 1,
                     previous integer DEFAULT NULL)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_turf_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION turf(geometry, bigint, integer, integer) IS
'window function: turf(geom, target integer, ...) for a bigint target, such as one from count(*) or a settings table';

CREATE FUNCTION turf(geom geometry, target double precision, weight integer DEFAULT 1,
                     previous integer DEFAULT NULL)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_turf_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION turf(geometry, double precision, integer, integer) IS
'window function: turf(geom, target integer, ...) for a numeric or double precision target, which must be a whole number';

CREATE FUNCTION canvass_internal.logit_fit_trans_int(internal, integer, double precision[])
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_trans_int'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION canvass_internal.logit_fit_trans_int(internal, integer, double precision[], double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_trans_int'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE logit_fit(y integer, x double precision[]) (
  SFUNC = canvass_internal.logit_fit_trans_int, STYPE = internal,
  FINALFUNC = canvass_internal.logit_fit_final,
  COMBINEFUNC = canvass_internal.logit_fit_combine,
  SERIALFUNC = canvass_internal.logit_fit_serial, DESERIALFUNC = canvass_internal.logit_fit_deserial,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE logit_fit(integer, double precision[]) IS
'logit_fit(y boolean, x) for a 0/1 integer outcome';

CREATE AGGREGATE logit_fit(y integer, x double precision[], weight double precision) (
  SFUNC = canvass_internal.logit_fit_trans_int, STYPE = internal,
  FINALFUNC = canvass_internal.logit_fit_final,
  COMBINEFUNC = canvass_internal.logit_fit_combine,
  SERIALFUNC = canvass_internal.logit_fit_serial, DESERIALFUNC = canvass_internal.logit_fit_deserial,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE logit_fit(integer, double precision[], double precision) IS
'logit_fit(y boolean, x, weight) for a 0/1 integer outcome';

-- The weights as an array literal of type text: what a client sends for an
-- empty list or an untyped '{...}', which would otherwise resolve to the
-- window form and fail for want of OVER.
CREATE FUNCTION apportion(total integer, weights text)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(integer, text) IS
'apportion(total, weights[]) with the weights as an array literal such as ''{1,2}'' or ''{}''';

CREATE FUNCTION apportion(total bigint, weights text)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(bigint, text) IS
'apportion(total, weights[]) with the weights as an array literal such as ''{1,2}'' or ''{}''';

CREATE FUNCTION apportion(total numeric, weights text)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(numeric, text) IS
'apportion(total, weights[]) with the weights as an array literal such as ''{1,2}'' or ''{}''';

CREATE FUNCTION apportion(total double precision, weights text)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion(double precision, text) IS
'apportion(total, weights[]) with the weights as an array literal such as ''{1,2}'' or ''{}''';

-- Election dates as text.  psycopg2 and psycopg send a Python list of str as
-- text[], which no date[] parameter takes; these forms read each element as
-- a date written YYYY-MM-DD (22007 naming the element otherwise).  Each
-- history function has a text[] form for such values and a text form for an
-- untyped literal: with date[] and text[] forms alone, an untyped
-- '{2020-11-03}' would fit both and be ambiguous, while PostgreSQL gives an
-- untyped literal to a text parameter before any other, so the text form
-- takes it (and reads it as an array of dates).  A date[] still goes to the
-- date[] form, which matches it exactly.
CREATE FUNCTION propensity(voted text[], registered date, elections text[], kinds text[],
                           target_kind text DEFAULT NULL,
                           half_life double precision DEFAULT 4,
                           other_kind_weight double precision DEFAULT 0.5)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_propensity_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION propensity(text[], date, text[], text[], text, double precision, double precision) IS
'propensity(voted date[], registered, elections date[], kinds, ...) with the dates written YYYY-MM-DD in text arrays';

CREATE FUNCTION propensity(voted text, registered date, elections text, kinds text[],
                           target_kind text DEFAULT NULL,
                           half_life double precision DEFAULT 4,
                           other_kind_weight double precision DEFAULT 0.5)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_propensity_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION propensity(text, date, text, text[], text, double precision, double precision) IS
'propensity(voted date[], registered, elections date[], kinds, ...) with the dates as untyped array literals such as ''{2020-11-03}''';

CREATE FUNCTION votes_in_last(voted text[], elections text[], m integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_votes_in_last_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION votes_in_last(text[], text[], integer) IS
'votes_in_last(voted date[], elections date[], m) with the dates written YYYY-MM-DD in text arrays';

CREATE FUNCTION votes_in_last(voted text, elections text, m integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_votes_in_last_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION votes_in_last(text, text, integer) IS
'votes_in_last(voted date[], elections date[], m) with the dates as untyped array literals such as ''{2020-11-03}''';

CREATE FUNCTION voted_dates(marks text[], elections text[])
RETURNS date[]
AS 'MODULE_PATHNAME', 'canvass_voted_dates_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION voted_dates(text[], text[]) IS
'voted_dates(marks, elections date[]) with the dates written YYYY-MM-DD in a text array';

CREATE FUNCTION voted_dates(marks text[], elections text)
RETURNS date[]
AS 'MODULE_PATHNAME', 'canvass_voted_dates_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION voted_dates(text[], text) IS
'voted_dates(marks, elections date[]) with the dates as an untyped array literal such as ''{2020-11-03}''';
