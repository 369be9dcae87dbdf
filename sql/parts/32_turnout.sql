-- canvass-since: 0.2.0
--
-- Turnout targets: expected turnout, win number, vote goal, universes,
-- contact value.
--

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
