-- canvass-since: 0.2.0
--
-- Turnout targets: the turnout model (logit_fit, logit_score).
--

-- logit_fit: logistic regression by Newton/IRLS on the distinct feature
-- vectors (an exact compression), in one pass, under parallel query.
CREATE FUNCTION canvass_internal.logit_fit_trans(internal, boolean, double precision[])
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_fit_trans(internal, boolean, double precision[], double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_fit_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_fit_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_logit_fit_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_fit_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_logit_fit_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.logit_fit_final(internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_logit_fit_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE logit_fit(y boolean, x double precision[]) (
    SFUNC = canvass_internal.logit_fit_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.logit_fit_final,
    COMBINEFUNC = canvass_internal.logit_fit_combine,
    SERIALFUNC = canvass_internal.logit_fit_serial,
    DESERIALFUNC = canvass_internal.logit_fit_deserial,
    PARALLEL = SAFE
);

CREATE AGGREGATE logit_fit(y boolean, x double precision[], weight double precision) (
    SFUNC = canvass_internal.logit_fit_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.logit_fit_final,
    COMBINEFUNC = canvass_internal.logit_fit_combine,
    SERIALFUNC = canvass_internal.logit_fit_serial,
    DESERIALFUNC = canvass_internal.logit_fit_deserial,
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
