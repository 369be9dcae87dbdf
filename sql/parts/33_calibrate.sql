-- canvass-since: 0.3.0
--
-- Turnout targets: calibration of scores to a topline (logit_shift,
-- shift_score, calibrate) and the interval of a total from a logit model
-- (turnout_interval).
--

-- logit_shift: the shift d of every score's log-odds that makes the scores
-- add up to the target; the state holds the distinct scores with counts.
CREATE FUNCTION canvass_internal.logit_shift_trans(internal, double precision, double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_shift_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_shift_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_shift_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_shift_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_logit_shift_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_shift_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_shift_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_shift_final(internal)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_logit_shift_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE logit_shift(p double precision, target double precision) (
    SFUNC = canvass_internal.logit_shift_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.logit_shift_final,
    COMBINEFUNC = canvass_internal.logit_shift_combine,
    SERIALFUNC = canvass_internal.logit_shift_serial,
    DESERIALFUNC = canvass_internal.logit_shift_deserial,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE logit_shift(double precision, double precision) IS
'the shift d of the log-odds with sum 1/(1+exp(-(logit p + d))) = target; scores of 0 and 1 stay';

CREATE FUNCTION shift_score(p double precision, d double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_shift_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION shift_score(double precision, double precision) IS
'score p with its log-odds shifted by d: 1/(1+exp(-(logit p + d))); 0 and 1 stay';

CREATE FUNCTION calibrate(p double precision, target double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_calibrate_window'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION calibrate(double precision, double precision) IS
'window function: each score shifted on the log-odds scale so that the partition''s scores add up to target';

-- turnout_interval: the interval of a total of logit-model scores, with the
-- Bernoulli variance and the coefficients' uncertainty (delta method).
CREATE FUNCTION canvass_internal.turnout_interval_trans(internal, jsonb, double precision[])
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.turnout_interval_trans(internal, jsonb, double precision[], double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.turnout_interval_trans(internal, jsonb, double precision[], double precision, double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.turnout_interval_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.turnout_interval_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.turnout_interval_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.turnout_interval_final(internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_turnout_interval_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE turnout_interval(model jsonb, x double precision[]) (
    SFUNC = canvass_internal.turnout_interval_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.turnout_interval_final,
    COMBINEFUNC = canvass_internal.turnout_interval_combine,
    SERIALFUNC = canvass_internal.turnout_interval_serial,
    DESERIALFUNC = canvass_internal.turnout_interval_deserial,
    PARALLEL = SAFE
);

CREATE AGGREGATE turnout_interval(model jsonb, x double precision[], level double precision) (
    SFUNC = canvass_internal.turnout_interval_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.turnout_interval_final,
    COMBINEFUNC = canvass_internal.turnout_interval_combine,
    SERIALFUNC = canvass_internal.turnout_interval_serial,
    DESERIALFUNC = canvass_internal.turnout_interval_deserial,
    PARALLEL = SAFE
);

CREATE AGGREGATE turnout_interval(model jsonb, x double precision[], shift double precision,
                                  level double precision) (
    SFUNC = canvass_internal.turnout_interval_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.turnout_interval_final,
    COMBINEFUNC = canvass_internal.turnout_interval_combine,
    SERIALFUNC = canvass_internal.turnout_interval_serial,
    DESERIALFUNC = canvass_internal.turnout_interval_deserial,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE turnout_interval(jsonb, double precision[]) IS
'95% interval of the total of logit_score(model, x): Bernoulli variance sum p(1-p) plus the coefficients'' (delta method)';
COMMENT ON AGGREGATE turnout_interval(jsonb, double precision[], double precision) IS
'interval at the given level of the total of logit_score(model, x): Bernoulli variance plus the coefficients'' (delta method)';
COMMENT ON AGGREGATE turnout_interval(jsonb, double precision[], double precision, double precision) IS
'interval at the given level of the total of shift_score(logit_score(model, x), shift), the shift held fixed';
