-- canvass-since: 0.2.0
--
-- Turnout targets: the logit_fit model, expected turnout, win number, vote
-- goal, universes, contact value, and propensity from vote history.
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

-- expected_turnout: the sum of Bernoulli propensities, exact fixed-point sums.
CREATE FUNCTION canvass_internal.expected_turnout_trans(bigint[], double precision)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_expected_turnout_trans'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.expected_turnout_combine(bigint[], bigint[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_expected_turnout_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.expected_turnout_final(bigint[])
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_expected_turnout_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE expected_turnout(p double precision) (
    SFUNC = canvass_internal.expected_turnout_trans,
    STYPE = bigint[],
    FINALFUNC = canvass_internal.expected_turnout_final,
    COMBINEFUNC = canvass_internal.expected_turnout_combine,
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
